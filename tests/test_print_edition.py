"""The print edition (``./book pdf``): one PDF of the whole book, with page numbers and the edition.

The unit tests check how a built page becomes a printed chapter, the contents and the claims'
addresses. The tests marked ``pdf`` open ``_build/pdf/`` with pypdf (they skip, saying why, when
``./book pdf`` has not run; ``.ci/run`` runs it): the page count, the edition and page number
on every page, every chapter's title on the page the contents give, and every claim's entry.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from bs4 import BeautifulSoup

from deepseek_factcheck.ledger.build import claim_address
from deepseek_factcheck.site import print_edition as pe
from deepseek_factcheck.site.citation import edition

from .conftest import ROOT, SITE

PDF = ROOT / "_build" / pe.PDF_FOLDER / pe.PDF_NAME

PAGE = """<html><body><nav class="bd-sidebar-primary"><a href="../index.html">Home</a></nav>
<main><article class="bd-article"><section id="market-shock"><h1><span class="section-number">1. </span>The market shock
<a class="headerlink" href="#market-shock">#</a></h1><p id="intro">See <a href="ledger.html#claim-000-001">a claim</a>,
<a href="ledger.html#gone">a lost anchor</a>, <a href="#intro">this paragraph</a>, <a href="../data/claims.csv">the data</a>
and <a href="https://example.org/x">a source</a>.</p><script>alert(1)</script><button>Copy</button>
<section class="cite-this"><h2 id="cite-this-heading">Cite this</h2><p>cite</p><details><summary>BibTeX</summary><pre>@misc</pre></details></section>
</section></article></main></body></html>"""
IDS = {"chapters/market.html": {"market-shock", "intro", "cite-this-heading"}, "chapters/ledger.html": {"claim-000-001"}}


def test_a_page_becomes_a_printed_chapter():
    page = pe.Page("chapters/market", "Checking the claims")
    chapter = pe.chapter(page, PAGE, IDS)
    assert chapter.title == "1. The market shock"
    soup = BeautifulSoup(chapter.body, "html.parser")
    assert not soup.select("script, button, a.headerlink, details, nav")
    assert soup.select_one("section.print-chapter")["id"] == "p-chapters-market"
    links = {a.get_text(): a.get("href") for a in soup.find_all("a")}
    assert links == {
        "a claim": "#p-chapters-ledger--claim-000-001",  # a link inside the PDF
        "a lost anchor": "#p-chapters-ledger",  # the page, when the anchor is not on it
        "this paragraph": "#p-chapters-market--intro",
        "the data": None,  # no base URL: a file of the site has no address a reader can follow
        "a source": "https://example.org/x",
    }
    assert soup.find(id="p-chapters-market--intro") is not None and soup.find(id="intro") is None
    with_base = BeautifulSoup(pe.chapter(page, PAGE, IDS, base="https://book.example/").body, "html.parser")
    assert with_base.find("a", string="the data")["href"] == "https://book.example/data/claims.csv"


def test_a_page_without_the_themes_article_is_refused():
    with pytest.raises(ValueError, match="bd-article"):
        pe.chapter(pe.Page("index", ""), "<html><body><p>hello</p></body></html>", {})


def test_a_claims_address_is_made_in_one_place_and_absolute_only_with_a_base_url():
    assert pe.claim_web_address("003-024") == claim_address("003-024") == "claims/003-024.html"
    assert pe.claim_web_address("003-024", "https://book.example/fact-check/") == "https://book.example/fact-check/claims/003-024.html"


def test_the_base_url_comes_from_the_config(tmp_path):
    (tmp_path / "_config.yml").write_text("title: x\n")
    assert pe.base_url(tmp_path) == ""
    (tmp_path / "_config.yml").write_text("html:\n  baseurl: https://book.example/fc\n")
    assert pe.base_url(tmp_path) == "https://book.example/fc/"
    assert pe.base_url(ROOT) == ""  # the book names none yet: addresses stay site-relative


def test_the_contents_follow_the_toc_and_show_page_numbers():
    pages = pe.toc_pages(ROOT)
    assert pages[0] == pe.Page("index", "")
    assert [p.docname for p in pages[1:3]] == ["chapters/market", "chapters/cost"]
    assert {p.part for p in pages[1:]} == {"Checking the claims", "Appendices", "About the book"}
    entries = [("", "Home", "p-index"), ("Appendices", "Sources", "p-chapters-sources"), ("Appendices", pe.CLAIMS_TITLE, pe.CLAIMS_ID)]
    unnumbered = BeautifulSoup(pe.contents(entries, None), "html.parser")
    assert [s.get_text() for s in unnumbered.select(".toc-page")] == ["000"] * 3
    numbered = BeautifulSoup(pe.contents(entries, {"p-index": 3, "p-chapters-sources": 80, pe.CLAIMS_ID: 270}), "html.parser")
    assert [s.get_text() for s in numbered.select(".toc-page")] == ["3", "80", "270"]
    assert [li.get_text() for li in numbered.select(".toc-part")] == ["Appendices"]


def test_the_claims_appendix_has_one_entry_per_claim():
    claims = [
        {"id": "000-001", "article": "000 · ZeroHedge", "quote": "US stocks <fell>", "verdict": "accurate", "explanation": "It did."},
        {"id": "004-002", "article": "004 · X", "quote": "A prediction", "verdict": None, "explanation": ""},
    ]
    soup = BeautifulSoup(pe.claims_appendix(claims, {"pending": "no verdict yet"}, "", {"chapters/ledger.html": {"claim-000-001"}}), "html.parser")
    entries = soup.select(".claim-entry")
    assert [e["id"] for e in entries] == ["print-claim-000-001", "print-claim-004-002"]
    assert "“US stocks <fell>”" in entries[0].get_text() and "It did." in entries[0].get_text()
    assert "claims/000-001.html" in entries[0].select_one(".claim-address").get_text()
    assert entries[0].select_one(".claim-address a")["href"] == "#p-chapters-ledger--claim-000-001"
    assert "pending" in entries[1].get_text() and "no verdict yet" in entries[1].get_text()


@pytest.mark.built
def test_the_front_page_offers_the_print_edition(site):
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(f'main a[href="{pe.SITE_PDF}"]') is not None


# --- the PDF itself -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed():
    """The print edition's pages as text (pypdf), or a skip saying how to make it."""
    if not PDF.is_file():
        pytest.skip(f"no print edition at {PDF.relative_to(ROOT)}: run `./book pdf` after `./book build` (.ci/run does)")
    from pypdf import PdfReader

    reader = PdfReader(PDF)
    return reader, [page.extract_text() or "" for page in reader.pages]


def _built_chapters():
    pages = pe.toc_pages(ROOT)
    texts = {p.html_path: (SITE / p.html_path).read_text(encoding="utf-8") for p in pages}
    ids = {path: pe.page_ids(text) for path, text in texts.items()}
    return pe.contents_entries([pe.chapter(p, texts[p.html_path], ids) for p in pages])


def _squash(text: str) -> str:
    """Text without spaces or line breaks, ligatures (ﬁ) undone: a heading as pypdf reads it back."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.pdf
def test_every_page_carries_the_edition_and_its_number(printed):
    reader, pages = printed
    ed = edition(ROOT)
    total = len(pages)
    assert total > 100  # the whole book, not a chapter
    for number, text in enumerate(pages, 1):
        assert f"edition {ed.commit} of {ed.date}" in text, f"page {number} does not name the edition"
        assert f"page {number} of {total}" in text, f"page {number} does not carry its number"
    assert reader.metadata["/Subject"] == f"Print edition {ed.commit} of {ed.date}"
    assert reader.metadata["/CreationDate"] == f"D:{ed.date.replace('-', '')}000000Z"  # the edition's date, not the clock's


@pytest.mark.pdf
def test_every_chapter_and_appendix_starts_on_the_page_the_contents_give(printed):
    reader, pages = printed
    entries = _built_chapters()
    assert len(entries) == len(pe.toc_pages(ROOT)) + 1  # every page of _toc.yml, and the claims appendix
    contents = " ".join(unicodedata.normalize("NFKC", pages[1]).split())
    bookmarks = [" ".join(str(item.title).split()) for item in reader.outline if not isinstance(item, list)]
    assert bookmarks == [title for _, title, _ in entries]
    for _, title, anchor in entries:
        found = re.search(re.escape(title) + r" (\d+)(?= |$)", contents)
        assert found, f"the contents do not list {title!r}"
        start = int(found.group(1))
        assert _squash(title) in _squash(pages[start - 1]), f"{title!r} is not on page {start}, as the contents say"
        assert reader.get_destination_page_number(reader.named_destinations["/" + anchor]) == start - 1


@pytest.mark.pdf
def test_every_claim_has_its_entry_and_web_address(printed):
    _, pages = printed
    claims = json.loads((SITE / "data" / "claims.json").read_text(encoding="utf-8"))["claims"]
    start = next(i for i, text in enumerate(pages) if _squash(pe.CLAIMS_TITLE) in _squash(text) and i > 1)
    appendix = _squash("".join(pages[start:]))
    for claim in claims:
        assert _squash(f"Web address: {pe.claim_web_address(claim['id'])}") in appendix, claim["id"]
    assert appendix.count(_squash("Web address:")) == len(claims)


@pytest.mark.pdf
def test_the_site_offers_the_same_pdf():
    if not PDF.is_file():
        pytest.skip("no print edition: run `./book pdf` after `./book build`")
    assert (SITE / pe.SITE_PDF).read_bytes() == PDF.read_bytes()
