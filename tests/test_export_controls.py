"""The export-control tests as code, the derived chip statuses and the export-controls checks."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from deepseek_factcheck.export_controls import rules as ec
from deepseek_factcheck.themes import shared_ledger
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


def test_2022_bandwidth_is_the_aggregate_over_all_inputs_and_outputs():
    assert ec.aggregate_io(400, 64) == 464  # the A800: NVLink plus PCIe Gen4
    assert ec.aggregate_io(400, 128) == 528  # the H800: NVLink plus PCIe Gen5
    assert ec.aggregate_io(None, 64) == 64 and ec.aggregate_io(None, None) is None
    assert ec.aggregate_io(0, 64) == 64  # no NVLink: the host interface alone
    assert ec.controlled_2022(4800, ec.aggregate_io(536, 64)) is True  # NVLink alone (536) under 600, the aggregate exactly 600
    assert ec.controlled_2022(4800, ec.aggregate_io(535.9, 64)) is False
    assert ec.margin_2022(464) == -136 and ec.margin_2022(664) == 64 and ec.margin_2022(None) is None


def test_note_2_puts_non_data_centre_chips_under_4800_outside_3a090():
    assert ec.classify_2023(4706.4, 7.74, datacenter=False) == ""  # an RTX 4090D-class card
    assert ec.classify_2023(4706.4, 7.74, datacenter=True) == "3A090.a"  # the same chip marketed for data centres
    assert ec.classify_2023(4799.9, 10, datacenter=False) == ""
    assert ec.classify_2023(4800, 10, datacenter=False) == "3A090.a"  # exactly 4800: Note 2 no longer applies
    assert ec.classify_2023(3000, 4.0, datacenter=False) == ""  # would be 3A090.b in a data centre
    assert ec.classify_2023(3000, 4.0, datacenter=True) == "3A090.b"


def test_nac_bands_of_the_2023_rule():
    assert ec.band_2023("3A090.a", True) == "licence"
    assert ec.band_2023("3A090.a", False) == "NAC"  # a gaming card with TPP of 4800 or more
    assert ec.band_2023("3A090.b", True) == "NAC"  # data-centre 3A090.b: notice only
    assert ec.band_2023("", True) == "" and ec.band_2023("", False) == ""
    assert ec.band_2023(None, True) is None
    with pytest.raises(ValueError):
        ec.band_2023("3A090.c", True)


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
    assert c.loc["B200", "io_gbps"] == 1928 and c.loc["B200", "rule_2022"] is True  # NVLink 1,800 + PCIe 128
    assert c.loc["A800", "io_gbps"] == 464 and c.loc["A800", "margin_2022_gbps"] == -136
    assert c.loc["H800", "io_gbps"] == 528 and c.loc["H800", "margin_2022_gbps"] == -72
    assert c.loc["A100", "margin_2022_gbps"] == 64
    assert c.loc["L40S", "rule_2023"] == "3A090.a" and c.loc["L40S", "band_2023"] == "licence"
    assert c.loc["RTX 4090", "rule_2023"] == "3A090.a" and c.loc["RTX 4090", "band_2023"] == "NAC"
    assert c.loc["RTX 4090D", "tpp"] < ec.TPP_A and c.loc["RTX 4090D", "rule_2023"] == ""
    assert c.loc["RTX 4090D", "without_note_2"] == "3A090.a"  # Note 2 is what keeps it out


def test_status_for_china_follows_the_dated_measures(book):
    chips, rules = book
    status = lambda chip, day: ec.status_on(chips, rules, chip, dt.date.fromisoformat(day))["status"]
    assert status("A100", "2022-08-25") == "legal" and status("A100", "2022-08-26") == "restricted"
    assert status("A800", "2023-10-22") == "legal" and status("A800", "2023-10-23") == "restricted"
    assert status("H800", "2023-06-01") == "legal" and status("H800", "2025-01-27") == "restricted"
    assert status("H100", "2022-09-20") == "restricted"
    assert status("H20", "2025-01-27") == "legal" and status("H20", "2025-04-09") == "restricted"
    assert status("H20", "2025-09-01") == "licensed"
    assert status("H200", "2025-12-07") == "restricted" and status("H200", "2025-12-08") == "approval announced"
    assert status("A100", "2020-06-22") == "legal" and status("A100", "2020-05-13") == "not released"
    assert status("RTX 4090", "2023-11-16") == "legal" and status("RTX 4090", "2023-11-17") == "notice (NAC)"
    assert status("RTX 4090D", "2025-01-28") == "legal"
    assert status("L40S", "2023-10-22") == "legal" and status("L40S", "2023-10-23") == "restricted"
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


def _consumer_chip(tops_8bit: float, released: dt.date) -> pd.DataFrame:
    return ec.chip_table(chips=pd.DataFrame([{
        "chip": "G", "released": released, "datacenter": False, "tops_16bit": None, "tops_8bit": tops_8bit,
        "die_area_mm2": 600.0, "memory_bandwidth_gbps": 1000.0, "interconnect_gbps": 0.0, "pcie_gbps": 64.0}]))


def test_a_gaming_card_at_4800_needs_a_notice_and_one_just_under_is_outside(book):
    _, rules = book
    after = dt.date(2024, 1, 2)
    assert ec.status_on(_consumer_chip(600, after), rules, "G", dt.date(2024, 6, 1))["status"] == "notice (NAC)"  # TPP exactly 4800
    assert ec.status_on(_consumer_chip(599.9, after), rules, "G", dt.date(2024, 6, 1))["status"] == "legal"
    # the 23 October 2023 letter covered data-centre products only
    assert ec.status_on(_consumer_chip(600, dt.date(2023, 1, 2)), rules, "G", dt.date(2023, 10, 23))["status"] == "legal"


def test_a_listed_company_is_restricted_whatever_the_chip(book):
    chips, rules = book
    before = ec.status_on(chips, rules, "H20", dt.date(2025, 1, 15), entity="Zhipu")
    assert before["status"] == "legal" and before["entity_by"] == ""
    listed = ec.status_on(chips, rules, "H20", dt.date(2025, 1, 16), entity="Zhipu")
    assert listed["status"] == "restricted" and listed["country_status"] == "legal"
    assert listed["entity_by"] == "entity-2025-01" and listed["entity_since"] == dt.date(2025, 1, 16)
    assert ec.status_on(chips, rules, "RTX 4090D", dt.date(2025, 1, 28), entity="zhipu")["status"] == "restricted"
    assert ec.status_on(chips, rules, "H20", dt.date(2025, 1, 28), entity="DeepSeek")["status"] == "legal"  # not listed
    assert ec.entity_listing(rules, "Inspur", dt.date(2023, 3, 1)) is None
    assert ec.entity_listing(rules, "Inspur", dt.date(2023, 3, 2))["id"] == "entity-2023-03"  # the first listing counts
    assert ec.entity_listing(rules, "Cambricon", dt.date(2022, 12, 16))["id"] == "entity-2022-12"
    assert ec.entities_in("affected Zhipu’s access to the most advanced hardware", rules) == ["Zhipu"]
    assert ec.entities_in("DeepSeek trained on H800s", rules) == []


def test_a_relaxation_applies_only_to_a_restricted_chip(book):
    chips, rules = book
    extra = pd.DataFrame([{"id": "x-licensed", "announced": dt.date(2025, 6, 1), "effective": dt.date(2025, 6, 1),
                           "kind": "decision", "test": "licensed", "chips_named": "RTX 4090D;H100"}])
    more = pd.concat([rules, extra], ignore_index=True)
    assert ec.status_on(chips, more, "RTX 4090D", dt.date(2025, 6, 2))["status"] == "legal"  # never restricted: nothing to license
    assert ec.status_on(chips, more, "H100", dt.date(2025, 6, 2))["status"] == "licensed"
    with pytest.raises(ValueError):
        ec.effect({"id": "bad", "test": "tpp-9999"}, chips.iloc[0].to_dict(), chips)


def test_every_rule_row_has_an_official_citation_and_primary_rows_name_the_copy_read(book):
    _, rules = book
    for _, r in rules.iterrows():
        assert r["citation"], r["id"]
        if r["basis"] == "primary":
            assert r["source_url"] and "read" in (r["note"] or "").lower(), r["id"]
    assert (rules["basis"] == "primary").any()
    assert set(rules["test"].fillna("")) <= set(ec.MEASURE_TESTS)


def test_chart_labels_of_points_that_would_overlap_are_joined():
    from deepseek_factcheck.export_controls.figures import label_groups
    data = pd.DataFrame({"chip": ["A", "B", "C", "D"], "tpp": [5000.0, 5100.0, 5000.0, 20000.0], "io": [64.0, 70.0, 600.0, 64.0]})
    labels = label_groups(data, "io", 60, x_tolerance=0.15)
    assert list(labels["label"]) == ["A, B", "C", "D"]  # B is near A; C is far above; D is far to the right
    assert list(label_groups(data, "io", 5, x_tolerance=0.15)["label"]) == ["A", "C", "B", "D"]  # a tighter tolerance keeps B apart


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
    return shared_ledger()


@pytest.mark.parametrize("claim_id, verdict", [
    ("001-010", "accurate"),  # the H100 embargo
    ("002-026", "inaccurate"),  # the A100 'not advanced enough for export restrictions'
    ("002-002", "accurate"),  # Zhipu listed 'middle of this month'
    ("002-029a", "misleading"),  # Nvidia did not speak of the Chinese market
    ("002-029b", "accurate"),  # it did say inference requires many of its GPUs
    ("003-015", "accurate"),  # 'fully export control compliant'
    ("000-030", "unsupported"),  # relied on chips it was not supposed to have: allegations only
    ("003-014", "accurate"),  # rumours did circulate
    ("003-012", "unsupported"),
])
def test_export_control_claims_get_the_verdicts_the_evidence_gives(entries, claim_id, verdict):
    assert entry_for(entries, claim_id).verdict == verdict


def test_an_explanation_about_a_listed_company_gives_its_entity_list_status(entries):
    explanation = entry_for(entries, "002-004").finding.explanation
    assert "Zhipu itself had been on the Entity List since 16 January 2025" in explanation
    assert "90 FR 4617" in explanation
    assert "itself had been on the Entity List" not in entry_for(entries, "002-030a").finding.explanation  # DeepSeek: not listed


def test_the_2022_test_explanation_shows_the_aggregate_bandwidth_and_its_margin(entries):
    explanation = entry_for(entries, "002-026").finding.explanation
    assert "all inputs and outputs 664 GB/s (chip-to-chip 600 + host 64; threshold 600, margin +64)" in explanation


def test_the_rule_count_includes_the_2022_23_entity_list_batches_and_the_foundry_rule(entries):
    explanation = entry_for(entries, "000-022").finding.explanation
    assert "13 rules, licence letters and Entity List additions" in explanation
    assert "90 FR 5298" in explanation and "Additions to the Entity List" in explanation
    assert "https://" not in explanation  # addresses stay in the table


def test_after_the_export_controls_chapter_no_export_controls_claim_is_pending(entries):
    mine = [e for e in entries if e.claim.theme == "export-controls"]
    assert mine and all(e.verdict != "pending" for e in mine)
    assert all(e.topic for e in mine)


def test_density_floor_by_hand():
    # two dies of at most 26 x 33 = 858 mm2: 36,000 / 1,716 = 20.98 (the B200's TPP)
    assert ec.RETICLE_FIELD_MM2 == 858
    assert ec.density_floor(36000, 2) == pytest.approx(36000 / 1716)
    assert ec.density_floor(4800, 1, 800) == pytest.approx(6.0)
    with pytest.raises(ValueError):
        ec.density_floor(4800, 0)


def test_a_chip_without_a_published_die_area_gets_a_density_floor_only_if_its_dies_are_reticle_limited(book):
    chips, _ = book
    b200 = chips.set_index("chip").loc["B200"]
    assert pd.isna(b200["density"]) and b200["density_floor"] == pytest.approx(b200["tpp"] / (2 * ec.RETICLE_FIELD_MM2))
    assert b200["density_floor"] > ec.DENSITY_A and b200["rule_2023"] == "3A090.a"
    assert pd.isna(chips.set_index("chip").loc["H100", "density_floor"])
