"""Key findings (site/findings.py) and the stock opinion sentence said once per table."""

from __future__ import annotations

from dataclasses import replace

from bs4 import BeautifulSoup

from deepseek_factcheck.ledger.build import claims_table_html
from deepseek_factcheck.ledger.checks import Claim, Finding
from deepseek_factcheck.site.findings import key_findings, key_findings_html

from .test_ledger import _entry


def _figure(claim_id, verdict, series="NVDA", stated="17%", part="body", date="2025-01-27"):
    e = _entry(claim_id, verdict, theme="market")
    claim = replace(e.claim, kind="figure", stated=stated, check="market.close_change", args={"series": series, "date": date, "topic": "day"})
    return replace(e, claim=claim, part=part, finding=Finding(verdict, f"found {claim_id}", (), "Because."))


def test_findings_group_one_quantity_and_verdict_and_put_the_most_repeated_first():
    entries = [
        _figure("001-001", "accurate"), _figure("002-001", "accurate", stated="nearly 17%"), _figure("003-001", "accurate"),
        _figure("001-002", "inaccurate", series="SPX", stated="more than 2%"),
        _figure("002-002", "accurate", series="VIX", stated="51%"),
        _figure("002-004", "accurate", stated="3%", date="2025-01-06"),  # the same series another day
        _figure("004-101", "inaccurate", series="SPX", part="comment"),  # a reader comment is not the outlet's
        _figure("002-003", "not-checkable", series="AMD"),
    ]
    found = key_findings(entries)
    assert [f.claim_ids for f in found["hold"]] == [("001-001", "002-001", "003-001"), ("002-002",), ("002-004",)]
    assert found["hold"][0].articles == 3 and found["hold"][0].stated == ("17%", "nearly 17%")
    assert [f.claim_ids for f in found["fail"]] == [("001-002",)] and found["fail"][0].found == "found 001-002"
    soup = BeautifulSoup(key_findings_html(found, "index", limit=1), "html.parser")
    links = [a["href"] for a in soup.find_all("a")]
    assert links == ["claims/001-002.html", "claims/001-001.html"]  # what does not hold first, one of each
    assert "(in 3 articles, as “17%” and “nearly 17%”)" in soup.get_text() and soup.select_one(".verdict").get_text() == "inaccurate"


def test_the_stock_sentence_of_not_checkable_claims_is_said_once_per_kind():
    opinions = [_entry(f"900-00{n}", "not-checkable", topic="opinions", kind="opinion") for n in (1, 2, 3)]
    prediction = _entry("900-004", "not-checkable", topic="opinions", kind="prediction")
    soup = BeautifulSoup(claims_table_html([*opinions, prediction], "other", "opinions", caption="c").data, "html.parser")
    explanations = [tr.find_all("td")[-1].get_text() for tr in soup.tbody.find_all("tr")]
    assert explanations == ["", "", "", "Because <of> this & that."]  # a lone prediction keeps its own
    assert [p.get_text() for p in soup.select("p.table-note")] == ["The 3 opinions above: Because <of> this & that."]
