"""The built site's ledger: one anchored row per claim, downloads that follow the schema, marks in the articles."""

from __future__ import annotations

import json

import jsonschema
from bs4 import BeautifulSoup

from deepseek_factcheck.site.publish import DOWNLOADS
from deepseek_factcheck.core.tables import load_table
from deepseek_factcheck.ledger.claims import OUTLET_PARTS

from .conftest import ROOT


def _soup(site, page):
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def test_every_claim_and_every_published_claim_id_has_its_row(site):
    ledger = _soup(site, "chapters/ledger.html")
    rows = {tr["id"]: tr for tr in ledger.select("#ledger-table tbody tr")}
    ids = list(load_table("claims")["id"])
    assert list(rows) == [f"claim-{i}" for i in ids]
    published = [line.strip() for line in (ROOT / "tests" / "published_claim_ids.txt").read_text().splitlines() if line.strip() and not line.startswith("%")]
    missing = [i for i in published if f"claim-{i}" not in rows and ledger.find(id=f"claim-{i}") is None]
    assert not missing, f"published claim ids no longer on the ledger page: {missing}"
    for base, parts in json.loads((site / "data" / "claims.json").read_text(encoding="utf-8"))["split"].items():
        anchor = ledger.find(id=f"claim-{base}")  # a split id lands on its first part, which links every part
        assert anchor is not None and anchor.find_parent("tr")["id"] == f"claim-{parts[0]}", base
        links = {a["href"] for a in anchor.find_parent("th").select(".split-note a")}
        assert links == {f"#claim-{p}" for p in parts}, base


def test_the_published_ledger_follows_its_schema_and_matches_the_page(site):
    document = json.loads((site / "data" / "claims.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads((site / "data" / "claims.schema.json").read_text(encoding="utf-8")))
    rows = _soup(site, "chapters/ledger.html").select("#ledger-table tbody tr")
    on_page = {tr["id"].removeprefix("claim-"): tr["data-verdict"] for tr in rows}
    assert {c["id"]: c["verdict"] for c in document["claims"]} == on_page
    for name in DOWNLOADS:
        assert (site / "data" / name).is_file(), name


def test_claim_reviews_parse_and_point_at_rows(site):
    ledger = _soup(site, "chapters/ledger.html")
    scripts = ledger.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    graph = json.loads(scripts[0].string)["@graph"]
    judged = [tr for tr in ledger.select("#ledger-table tbody tr") if tr["data-verdict"] not in ("pending", "not-checkable")]
    assert [item["url"] for item in graph] == [f"#{tr['id']}" for tr in judged]
    assert all(item["reviewRating"]["alternateName"] == tr["data-verdict"] for item, tr in zip(graph, judged))


def test_every_claim_is_marked_in_its_article(site):
    sources = _soup(site, "chapters/sources.html")
    marks = sources.select("mark.claim")
    assert sorted(m["id"] for m in marks) == sorted(f"in-text-{i}" for i in load_table("claims")["id"])
    claims = load_table("claims").set_index("id")
    for mark in marks:
        assert mark.get_text() == claims.loc[mark["id"].removeprefix("in-text-"), "quote"]


def test_the_front_page_scorecard_counts_every_claim_of_the_outlets_own_text(site):
    index = _soup(site, "index.html")
    assert index.select_one('[data-figure-name="home-scorecard"]') is not None
    caption = [t for t in index.select("table caption") if "Claims per article and verdict" in t.get_text()]
    assert caption, "the scorecard table is missing"
    table = caption[0].find_parent("table")
    header = [th.get_text() for th in table.select("thead th")]
    total_row = [td.get_text() for td in table.select("tbody tr")[-1].select("td")]
    claims = load_table("claims")
    own = claims[claims["part"].isin(OUTLET_PARTS)]
    assert len(own) < len(claims)  # reader comments are claims too, counted apart
    assert total_row[0] == "All articles" and int(total_row[header.index("Claims")]) == len(own)
