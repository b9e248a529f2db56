"""Citing the book: the edition comes from git, every page ends with a Cite-this block, CITATION.cff is valid."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import yaml
from bs4 import BeautifulSoup

from deepseek_factcheck.site.citation import Edition, bibtex, bibtex_key, cite_block_html, edition

from .conftest import ROOT

ED = Edition("abc1234", "2026-11-23")


def test_the_edition_is_the_commit_not_the_clock(tmp_path):
    head = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %cs"], capture_output=True, text=True).stdout.split()
    assert edition(ROOT) == Edition(*head)
    assert edition(tmp_path) == Edition("unversioned", "undated")  # not a checkout


def test_the_block_escapes_titles_and_carries_every_section_address():
    block = cite_block_html("A <b>title</b>", "chapters/x.html", [("x-one", "One & two")], ED)
    soup = BeautifulSoup(block, "html.parser")
    assert soup.find("b") is None and "chapters/x.html#x-one" in soup.get_text()
    assert "@misc{deepseek-factcheck-x-html," in soup.get_text() and "Edition abc1234 of 2026-11-23" in soup.get_text()
    assert len(soup.find_all("pre")) == 1  # one BibTeX entry per page, not one per section
    absolute = BeautifulSoup(cite_block_html("T", "chapters/x.html", [("x-one", "One")], ED, "https://book.example/"), "html.parser")
    assert "https://book.example/chapters/x.html#x-one" in absolute.get_text() and "relative" not in absolute.get_text()
    assert bibtex_key("chapters/market.html") == "deepseek-factcheck-market-html"
    assert "{The {DeepSeek} shock fact-check team}" not in bibtex("t", "a", ED, "k")


def test_every_page_ends_with_a_cite_block_carrying_its_published_anchors(site):
    anchors = [line.strip() for line in (ROOT / "tests" / "published_anchors.txt").read_text().splitlines() if line.strip() and not line.startswith("%")]
    for page in sorted({a.split("#")[0] for a in anchors}):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        block = soup.select_one("section.cite-this")
        assert block is not None, f"{page}: no Cite-this block"
        text = block.get_text()
        head = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h"], capture_output=True, text=True).stdout.strip()
        assert f"edition {head}" in text, f"{page}: the block does not name the commit {head}"
        own = [a.split("#")[1] for a in anchors if a.startswith(page + "#")]
        top = own[0] if own else None
        for anchor in own:
            if anchor != top and not anchor.startswith("fig-"):  # figures are cited by their section
                assert f"{page}#{anchor}" in text, f"{page}: section {anchor} missing from its Cite-this block"


def test_citation_cff_is_valid():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "version", "date-released", "license"):
        assert cff.get(key), f"CITATION.cff lacks {key}"
    assert all(("name" in a) or ("family-names" in a) for a in cff["authors"])
    released = cff["date-released"]
    assert isinstance(released, dt.date) or dt.date.fromisoformat(str(released))
    assert re.fullmatch(r"[A-Za-z0-9.+-]+", cff["license"])
    allowed = {"cff-version", "message", "type", "title", "abstract", "authors", "version", "date-released", "license",
               "keywords", "repository-code", "url", "doi", "identifiers", "references", "preferred-citation", "commit", "contact"}
    assert set(cff) <= allowed, f"CITATION.cff has keys CFF 1.2.0 does not define: {set(cff) - allowed}"
