"""The ledger as published: HTML views, downloads, ClaimReview markup and the scorecard."""

from __future__ import annotations

import csv
import io
import json
import re
from types import SimpleNamespace

import jsonschema
import pytest
from bs4 import BeautifulSoup

from deepseek_factcheck.articles.loading import Part
from deepseek_factcheck.core.text import count_of, join_words
from deepseek_factcheck.ledger.checks import Claim, Finding, Reference
from deepseek_factcheck.ledger.claims import CLAIM_PARTS, OUTLET_PARTS
from deepseek_factcheck.ledger.build import Entry
from deepseek_factcheck.themes import shared_ledger
from deepseek_factcheck.site.ledger_html import ledger_table_html, marked_text_html, scorecard
from deepseek_factcheck.core.paths import page_href
from deepseek_factcheck.site.publish import (
    DOWNLOADS, claim_review_jsonld, ledger_csv, ledger_json, ledger_records, reference_address,
)
from deepseek_factcheck.core.tables import load_table
from deepseek_factcheck.ledger.verdicts import PENDING, VERDICT_COLOURS, VERDICT_ORDER, VERDICTS

from .conftest import ROOT

HOSTILE = '<script>alert(1)</script> & <b>bold</b> ```{eval-rst}'


@pytest.fixture(scope="module")
def entries():
    return shared_ledger()


def _entry(quote: str, verdict: str = "inaccurate", start: int = 0, end: int | None = None) -> Entry:
    claim = Claim(id="999-001", seed="999", quote=quote, theme="other", kind="figure", stated="", stated_value="",
                  stated_unit="", check="other.figure")
    finding = Finding(verdict, "found <x>", (Reference("facts", 3, "a-fact"), Reference(key="techcrunch-2025-deepseek-appstore")), "because <y>")
    return Entry(claim=claim, part="body", start=start, end=len(quote) if end is None else end, article="999 · Test",
                 verdict=verdict, finding=finding, section="chapters/background.html#background-people", topic="people")


@pytest.mark.parametrize(
    "page, address, expected",
    [
        ("chapters/ledger", "data/facts.csv", "../data/facts.csv"),
        ("chapters/ledger", "chapters/background.html#x", "background.html#x"),
        ("chapters/ledger", "chapters/ledger.html#claim-000-001", "#claim-000-001"),
        ("index", "chapters/ledger.html#claim-000-001", "chapters/ledger.html#claim-000-001"),
    ],
)
def test_relative_links(page, address, expected):
    assert page_href(page, address) == expected


def test_evidence_addresses():
    assert reference_address(Reference("facts", 3, "a-fact")) == "chapters/evidence.html#fact-a-fact"
    assert reference_address(Reference(key="deepseek-r1-readme")) == "chapters/references.html#ref-deepseek-r1-readme"
    assert reference_address(Reference("market", 0, "all rows")) == "data/tables/market.csv"


def test_ledger_table_escapes_quotes_and_evidence():
    html_text = ledger_table_html([_entry(HOSTILE)]).data
    assert "<script>" not in html_text and "<b>" not in html_text and "<x>" not in html_text
    soup = BeautifulSoup(html_text, "html.parser")
    row = soup.select_one("tr#claim-999-001")
    assert row["data-verdict"] == "inaccurate"
    assert row.select_one(".claim-quote").get_text() == HOSTILE
    assert [a["href"] for a in row.select(".evidence a")] == ["evidence.html#fact-a-fact", "references.html#ref-techcrunch-2025-deepseek-appstore"]


def test_pending_rows_say_so_and_show_no_finding():
    entry = _entry("a claim")
    pending = Entry(**{**entry.__dict__, "verdict": PENDING, "finding": None})
    row = BeautifulSoup(ledger_table_html([pending]).data, "html.parser").select_one("tr#claim-999-001")
    assert "No verdict yet" in row.get_text() and "Found" not in row.get_text()


def test_marks_in_article_text_are_escaped_and_linked():
    text = f"Before. {HOSTILE} After."
    article = SimpleNamespace(id="999", text=text, parts=[Part("body", 0, len(text), 0, len(text), "test")])
    start = text.index(HOSTILE)
    html_text = marked_text_html(article, [_entry(HOSTILE, start=start, end=start + len(HOSTILE))], "body", "chapters/sources")
    assert "<script>" not in html_text
    soup = BeautifulSoup(html_text, "html.parser")
    assert soup.select_one("mark#in-text-999-001").get_text() == HOSTILE
    tag = soup.select_one("a.claim-tag")
    assert tag["href"] == "../claims/999-001.html" and "inaccurate" in tag.get_text()
    tag.decompose()
    assert soup.get_text() == text


def test_claim_review_cannot_break_out_of_its_script(entries):
    text = claim_review_jsonld([_entry("</script><script>alert(1)</script>")], {"999": {"outlet": "X", "title": "T", "url": "", "published": __import__("datetime").date(2025, 1, 28)}})
    assert "<" not in text and ">" not in text
    graph = json.loads(text)["@graph"]
    assert graph[0]["claimReviewed"].startswith("</script>") and graph[0]["reviewRating"]["alternateName"] == "inaccurate"


def test_scorecard_counts_every_claim_once(entries):
    card = scorecard(entries, parts=CLAIM_PARTS)
    total = card[card["Article"] == "All articles"].iloc[0]
    assert total["Claims"] == len(entries)
    for verdict in VERDICT_ORDER:
        assert total[verdict] == sum(e.verdict == verdict for e in entries)
    per_article = card[card["Article"] != "All articles"]
    assert (per_article[VERDICT_ORDER].sum(axis=1) == per_article["Claims"]).all()


def test_an_outlets_scorecard_counts_only_its_own_text(entries):
    own = [e for e in entries if e.part in OUTLET_PARTS]
    assert len(own) < len(entries), "the ledger has claims from reader comments: the test must see them"
    card = scorecard(entries)
    assert card[card["Article"] == "All articles"].iloc[0]["Claims"] == len(own)
    unherd = next(e.article for e in entries if e.part == "comment")
    assert card[card["Article"] == unherd].iloc[0]["Claims"] == sum(e.article == unherd for e in own)


def test_published_json_and_csv_agree_and_follow_the_schema(entries):
    records = ledger_records(entries)
    schema = json.loads((ROOT / "schemas" / "claims.schema.json").read_text())
    document = json.loads(ledger_json(records, "0" * 64))
    jsonschema.validate(document, schema)
    rows = list(csv.DictReader(io.StringIO(ledger_csv(records))))
    assert [r["id"] for r in rows] == [r["id"] for r in records] == list(load_table("claims")["id"])
    broken = {**document, "claims": [{**records[0], "verdict": "mostly true"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_every_verdict_has_a_colour_and_the_stylesheet_uses_it():
    css = (ROOT / "_static" / "book.css").read_text()
    assert set(VERDICT_COLOURS) == set(VERDICTS) | {PENDING} == set(VERDICT_ORDER)
    for verdict, colour in VERDICT_COLOURS.items():
        assert re.search(rf"\.verdict-{verdict} \{{ --verdict: {colour}; \}}", css), verdict


def test_words_and_counts_read_as_english():
    assert join_words(["a", "b", "c"]) == "a, b and c" and join_words(["a"]) == "a" and join_words([]) == ""
    assert count_of(1, "row") == "1 row" and count_of(2, "row") == "2 rows" and count_of(1200, "entry", "entries") == "1,200 entries"


def test_downloads_listed_are_the_files_written(tmp_path):
    from deepseek_factcheck.site.publish import write_site_data

    written = write_site_data(tmp_path, "0" * 64)
    assert sorted(p.relative_to(tmp_path / "data").as_posix() for p in written) == sorted(DOWNLOADS)


def test_the_pending_sentence_says_none_when_nothing_waits():
    from deepseek_factcheck.ledger.build import pending_sentence

    entry = _entry("a claim")
    assert pending_sentence([entry]).startswith("No claim is pending")
    waiting = Entry(**{**entry.__dict__, "verdict": PENDING, "finding": None})
    assert pending_sentence([waiting, entry]).startswith("1 claim on other waits for a chapter")
