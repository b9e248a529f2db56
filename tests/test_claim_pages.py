"""A page per claim: its body (site/claim_pages.py) and the pages in the built site."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from deepseek_factcheck.ledger.build import claim_address
from deepseek_factcheck.site import claim_pages as cp
from deepseek_factcheck.site.citation import Edition

SITE = cp.PageSite("", Edition("abc1234", "2026-11-26"))
ABSOLUTE = cp.PageSite("https://book.example/fc/", Edition("abc1234", "2026-11-26"))


def _record(claim_id="001-018", quote="Nvidia, which lost $593 billion <b>in a day</b>", **extra):
    record = {
        "id": claim_id, "article": "001 · Outlet", "part": "body", "quote": quote, "verdict": "inaccurate",
        "found": "$589bn", "explanation": "Nvidia lost about $589bn.", "rule": "precision",
        "evidence": [{"label": "data/facts.csv row 3 (nvda)", "address": "chapters/evidence.html#fact-nvda"}],
        "section": "chapters/market.html#market-value", "stated_value": "-593000000000", "stated_unit": "USD",
        "check_args": "series=NVDA; topic=value",
    }
    return {**record, **extra}


def test_a_claims_address_is_its_page():
    assert claim_address("003-005") == "claims/003-005.html"
    assert cp.page_name("003-005") == "claims/003-005"


def test_the_page_puts_the_verdict_first_and_escapes_the_quote():
    soup = BeautifulSoup(cp.claim_page_html(_record(), [_record()], "", SITE), "html.parser")
    assert soup.h1.get_text() == "Claim 001-018: inaccurate"
    first = soup.h1.find_next_sibling()
    assert "claim-verdict-line" in first["class"] and first.select_one(".verdict").get_text() == "inaccurate"
    assert soup.blockquote.get_text() == "“Nvidia, which lost $593 billion <b>in a day</b>”" and soup.find("b") is None
    assert "the outlet's own text" in soup.get_text()
    links = {a.get_text(): a["href"] for a in soup.find_all("a")}
    assert links["read it in the article"] == "../chapters/sources.html#in-text-001-018"
    assert links["data/facts.csv row 3 (nvda)"] == "../chapters/evidence.html#fact-nvda"
    assert links["its row in the claims ledger"] == "../chapters/ledger.html#claim-001-018"
    assert links["The rule that decided it"] == "../chapters/method.html#rule-precision"


def test_related_claims_state_the_same_quantity():
    same = _record("003-009", quote="$593bn wiped off")
    other = _record("003-010", stated_value="-17", stated_unit="percent", check_args="series=NVDA")
    assert [r["id"] for r in cp.related_claims(_record(), [_record(), same, other])] == ["003-009"]
    soup = BeautifulSoup(cp.claim_page_html(_record(), [_record(), same, other], "", SITE), "html.parser")
    assert soup.find(id="claim-related") is not None and "003-009" in soup.get_text() and "003-010" not in soup.get_text()


def test_margin_and_robustness_are_shown_only_when_the_record_has_them():
    plain = cp.claim_page_html(_record(), [], "", SITE)
    assert "Margin" not in plain and "Robustness" not in plain
    rich = cp.claim_page_html(_record(margin="0.7% outside the rounding", robustness=""), [], "", SITE)
    assert "0.7% outside the rounding" in rich and "Robustness" not in rich


def test_cite_this_carries_an_absolute_address_when_the_base_is_known():
    relative = BeautifulSoup(cp.claim_page_html(_record(), [], "", SITE), "html.parser").select_one(".cite-this")
    assert "claims/001-018.html" in relative.get_text() and "relative to the address" in relative.get_text()
    absolute = BeautifulSoup(cp.claim_page_html(_record(), [], "", ABSOLUTE), "html.parser").select_one(".cite-this")
    assert "https://book.example/fc/claims/001-018.html" in absolute.get_text()
    assert len(absolute.find_all("details")) == 1


def test_search_terms_are_the_quotes_figures_as_typed():
    assert {"593", "593 billion"} <= set(cp.search_terms(_record()))
    assert {"5.6", "5.6 million"} <= set(cp.search_terms(_record(quote="spent $5.6 million developing R1")))
    assert "17%" in cp.search_terms(_record(quote="fell 17% on Monday"))


def test_a_split_claim_leads_to_its_parts():
    parts = {"004-030a": _record("004-030a"), "004-030b": _record("004-030b", verdict="unsupported")}
    soup = BeautifulSoup(cp.split_page_html("004-030", list(parts), parts, SITE), "html.parser")
    assert [a["href"] for a in soup.select("li a")] == ["004-030a.html", "004-030b.html"]


@pytest.mark.built
def test_every_claim_has_a_page_with_its_verdict_and_claim_review(site):
    claims = json.loads((site / "data" / "claims.json").read_text(encoding="utf-8"))["claims"]
    for claim in claims:
        assert claim["page"] == claim_address(claim["id"])
        soup = BeautifulSoup((site / claim["page"]).read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one("article .claim-verdict-line .verdict").get_text() == claim["verdict"], claim["id"]
        scripts = soup.select('script[type="application/ld+json"]')
        if claim["verdict"] in ("not-checkable", "pending"):
            assert not scripts
        else:
            (review,) = json.loads(scripts[0].string)["@graph"]
            assert review["url"].endswith(claim["page"]) and review["reviewRating"]["alternateName"] == claim["verdict"]


@pytest.mark.built
def test_site_search_finds_a_claim_by_its_figure_and_by_its_words(site):
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(re.match(r"Search\.setIndex\((.*)\)\s*$", text, re.S).group(1))
    docs = index["docnames"]

    def found(query: str) -> set[str]:  # searchtools.js's index-entry match
        return {docs[d] for entry, hits in index["indexentries"].items() if query in entry and len(query) >= len(entry) / 2
                for d, _id, _main in hits}

    assert "claims/001-018" in found("593")
    assert {"claims/001-011", "claims/004-018"} <= found("5.6 million")
