"""Corrections: verdict changes between published editions, each with a curated reason."""

from __future__ import annotations

import json

import pytest

from deepseek_factcheck.site import corrections as cr
from deepseek_factcheck.site.citation import edition
from deepseek_factcheck.themes import shared_ledger

from .conftest import ROOT


def test_changes_are_found_part_by_part_and_new_claims_are_not_corrections():
    old = {"001-001": "accurate", "001-002": "unsupported", "004-030": "inaccurate"}
    new = {"001-001": "accurate", "001-002": "inaccurate", "004-030a": "inaccurate", "004-030b": "unsupported", "001-101": "misleading"}
    changes = cr.verdict_changes(old, new, "abc", "2026-12-01")
    assert [(c.claim, c.old, c.new) for c in changes] == [("001-002", "unsupported", "inaccurate"), ("004-030b", "inaccurate", "unsupported")]


def test_a_change_without_a_reason_fails_and_so_does_a_reason_without_a_change():
    changes = [cr.Change("abc", "2026-12-01", "001-002", "unsupported", "inaccurate")]
    with pytest.raises(ValueError, match="001-002.*no reason"):
        cr.corrections_table(changes, {})
    table = cr.corrections_table(changes, {("next", "001-002"): "A wire's closing report was found."})
    assert table.to_dict("records") == [{"Date": "2026-12-01", "Edition": "abc", "Claim": "001-002", "Old verdict": "unsupported",
                                         "New verdict": "inaccurate", "Why": "A wire's closing report was found."}]
    with pytest.raises(ValueError, match="003-003"):
        cr.corrections_table(changes, {("next", "001-002"): "x", ("abc", "003-003"): "y"})


def test_the_reasons_table_is_validated(tmp_path):
    (tmp_path / "editions").mkdir()
    (tmp_path / cr.REASONS_FILE).write_text("edition,claim,reason\nnext,001-002,\n")
    with pytest.raises(ValueError, match="row 1"):
        cr.load_reasons(tmp_path)
    (tmp_path / cr.REASONS_FILE).write_text("edition,claim,reason\nnext,001-002,a\nnext,001-002,b\n")
    with pytest.raises(ValueError, match="row 2.*second reason"):
        cr.load_reasons(tmp_path)


def test_the_configuration_names_the_previous_edition_and_its_ledger_is_committed():
    (previous, *_) = cr.published_editions(ROOT)
    assert previous.commit == "40976fc" and (ROOT / previous.claims).is_file()
    assert len(cr.edition_verdicts(previous, ROOT)) >= 265


def test_every_verdict_changed_since_the_last_edition_has_a_reason():
    current = {e.claim.id: e.verdict for e in shared_ledger(root=ROOT)}
    ed = edition(ROOT)
    cr.corrections_table(cr.all_changes(current, ed.commit, ed.date, ROOT), cr.load_reasons(ROOT))
