"""The export-control tests as code, the derived chip statuses and the export-controls checks."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from deepseek_factcheck.export_controls import rules as ec
from deepseek_factcheck.themes import build_ledger
from deepseek_factcheck.ledger.build import entry_for


# -- the thresholds --------------------------------------------------------------------------


def test_tpp_is_twice_mactops_times_bit_length():
    assert ec.tpp(150, 16) == 4800
    assert ec.tpp_from_tops(300, 16) == 4800  # the rule's example: 300 TFLOPS at 16 bits
    assert ec.chip_tpp(312, 624) == 4992  # A100: 16-bit and 8-bit give the same TPP
    assert ec.chip_tpp(100, 300) == 2400  # the larger over bit lengths


def test_2022_test_needs_both_thresholds_and_includes_the_boundaries():
    assert ec.controlled_2022(4800, 600) is True  # exactly 4800 and exactly 600 GB/s: caught
    assert ec.controlled_2022(4799.9, 600) is False
    assert ec.controlled_2022(4800, 599.9) is False
    assert ec.controlled_2022(4992, 400) is False  # the A800
    assert ec.controlled_2022(15832, 400) is False  # the H800
    assert ec.controlled_2022(15832, None) is None  # unknown link, performance alone does not decide
    assert ec.controlled_2022(2368, None) is False


def test_2023_tests_and_their_boundaries():
    assert ec.classify_2023(4800, None) == "3A090.a"  # exactly 4800
    assert ec.classify_2023(4799, 1.0) == ""
    assert ec.classify_2023(1600, 5.92) == "3A090.a"  # exactly 1600 and 5.92
    assert ec.classify_2023(1599, 10) == ""
    assert ec.classify_2023(2400, 1.6) == "3A090.b"  # exactly 2400 and 1.6
    assert ec.classify_2023(2399, 1.6) == ""
    assert ec.classify_2023(2368, 2.91) == ""  # the H20
    assert ec.classify_2023(1600, 3.2) == "3A090.b"
    assert ec.classify_2023(1600, 3.19) == ""
    assert ec.classify_2023(3000, None) is None
    assert ec.density(4800, 800) == 6
    assert ec.density(4800, None) is None
    with pytest.raises(ValueError):
        ec.density(4800, 0)


# -- the book's chips and measures ----------------------------------------------------------------


@pytest.fixture(scope="module")
def book():
    return ec.load()


def test_each_chip_is_classified_from_its_specifications(book):
    chips, _ = book
    c = chips.set_index("chip")
    assert c.loc["A100", "rule_2022"] is True and c.loc["A100", "rule_2023"] == "3A090.a"
    assert c.loc["A800", "rule_2022"] is False and c.loc["A800", "rule_2023"] == "3A090.a"
    assert c.loc["H800", "rule_2022"] is False and c.loc["H800", "rule_2023"] == "3A090.a"
    assert c.loc["H20", "rule_2023"] == "" and c.loc["H20", "tpp"] == 2368
    assert c.loc["B200", "tpp"] == 36000 and c.loc["B200", "rule_2023"] == "3A090.a"


def test_status_for_china_follows_the_dated_measures(book):
    chips, rules = book
    status = lambda chip, day: ec.status_on(chips, rules, chip, dt.date.fromisoformat(day))["status"]
    assert status("A100", "2022-08-25") == "legal" and status("A100", "2022-08-26") == "restricted"
    assert status("A800", "2023-10-22") == "legal" and status("A800", "2023-10-23") == "restricted"
    assert status("H800", "2023-06-01") == "legal" and status("H800", "2025-01-27") == "restricted"
    assert status("H100", "2022-09-20") == "restricted"
    assert status("H20", "2025-01-27") == "legal" and status("H20", "2025-04-09") == "restricted"
    assert status("H20", "2025-09-01") == "licensed"
    assert status("H200", "2025-12-07") == "restricted" and status("H200", "2025-12-08") == "licensed"
    assert status("B200", "2024-01-01") == "not released"
    with pytest.raises(LookupError):
        ec.status_on(chips, rules, "X1", dt.date(2025, 1, 1))


def test_sale_windows_are_contiguous(book):
    chips, rules = book
    windows = ec.sale_windows(chips, rules)
    for chip, w in windows.groupby("chip"):
        assert list(w["start"])[1:] == list(w["end"])[:-1], chip
    legal = windows[windows["status"] == "legal"].set_index("chip")
    assert legal.loc["H800", "end"] == dt.date(2023, 10, 23)
    assert legal.loc["H20", "end"] == dt.date(2025, 4, 9)


def test_a_chip_just_under_the_2022_link_threshold_is_legal_until_the_2023_rule(book):
    _, rules = book
    chips = pd.DataFrame([{"chip": "X", "released": dt.date(2023, 1, 2), "tops_16bit": 300.0, "tops_8bit": None,
                           "die_area_mm2": 800.0, "memory_bandwidth_gbps": 1000.0, "interconnect_gbps": 599.0}])
    chips = ec.chip_table(chips=chips)
    assert chips.iloc[0]["tpp"] == 4800
    assert ec.status_on(chips, rules, "X", dt.date(2023, 10, 1))["status"] == "legal"
    assert ec.status_on(chips, rules, "X", dt.date(2023, 10, 23))["status"] == "restricted"  # TPP exactly 4800


ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "sources" / "cost"


def _script():
    spec = importlib.util.spec_from_file_location("curate_chips", ROOT / "scripts" / "curate_chips.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_chip_script_refuses_a_missing_raw_file(tmp_path, capsys):
    assert _script().main(["curate_chips.py", str(tmp_path), str(tmp_path / "chips.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.skipif(not RAW.is_dir(), reason="the raw cost files (../shared/sources/cost) are not beside the repository")
def test_chip_script_reproduces_the_committed_table_byte_for_byte(tmp_path):
    assert _script().main(["curate_chips.py", str(RAW), str(tmp_path / "chips.csv")]) == 0
    assert (tmp_path / "chips.csv").read_bytes() == (ROOT / "data" / "chips.csv").read_bytes()


# -- the checks on the book's evidence ----------------------------------------------------------


@pytest.fixture(scope="module")
def entries():
    return build_ledger()


@pytest.mark.parametrize("claim_id, verdict", [
    ("001-010", "accurate"),  # the H100 embargo
    ("002-026", "inaccurate"),  # the A100 'not advanced enough for export restrictions'
    ("002-002", "accurate"),  # Zhipu listed 'middle of this month'
    ("002-029", "misleading"),  # Nvidia did not speak of the Chinese market
    ("003-015", "accurate"),  # 'fully export control compliant'
    ("000-030", "unsupported"),  # relied on chips it was not supposed to have: allegations only
    ("003-014", "accurate"),  # rumours did circulate
    ("003-012", "unsupported"),
])
def test_export_control_claims_get_the_verdicts_the_evidence_gives(entries, claim_id, verdict):
    assert entry_for(entries, claim_id).verdict == verdict


def test_after_the_export_controls_chapter_no_export_controls_claim_is_pending(entries):
    mine = [e for e in entries if e.claim.theme == "export-controls"]
    assert mine and all(e.verdict != "pending" for e in mine)
    assert all(e.topic for e in mine)
