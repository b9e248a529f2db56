"""Checks of the built site (run `./book build` first): pages, anchors, offline, charts, notebooks."""

from __future__ import annotations

import csv
import functools
import gzip
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from deepseek_factcheck.site.print_edition import SITE_PDF

from .conftest import EXECUTED, ROOT

PAGES = ["index.html", "chapters/background.html", "chapters/sources.html", "chapters/ledger.html", "chapters/evidence.html", "chapters/references.html"]
ANCHORS_FILE = ROOT / "tests" / "published_anchors.txt"


def _all_pages(site: Path):
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


@pytest.fixture(scope="module")
def soup_of(site):
    """soup_of(path) -> the page's soup, parsed once for this module's tests (they only read it)."""
    return functools.cache(lambda page: BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))


def test_expected_pages_exist(site):
    for page in PAGES:
        assert (site / page).is_file(), page
    assert (site / "search.html").is_file()


def test_published_anchors_are_still_there(site, soup_of):
    """Every anchor in tests/published_anchors.txt (page#id) exists: people cite these."""
    lines = [line.strip() for line in ANCHORS_FILE.read_text().splitlines()]
    entries = [line.split("#") for line in lines if line and not line.startswith("%")]
    assert len(entries) >= 12
    for page, anchor in entries:
        soup = soup_of(site / page)
        assert soup.find(id=anchor), f"{page}#{anchor} has disappeared: published anchors must not be removed"


def test_every_article_has_its_own_section(site, soup_of, articles):
    soup = soup_of(site / "chapters/sources.html")
    for seed, article in articles.items():
        section = soup.find(id=f"source-{seed}")
        assert section, seed
        heading = section.find_next("h2").get_text()
        assert article.seed.meta["outlet"].split(" (")[0] in heading, (seed, heading)


def test_no_page_loads_anything_from_another_host(site, soup_of):
    for page in _all_pages(site):
        soup = soup_of(page)
        loaded = [t.get("src") for t in soup.find_all(["script", "img", "iframe", "audio", "video", "source", "embed"])]
        loaded += [t.get("href") for t in soup.find_all("link") if set(t.get("rel", [])) & {"stylesheet", "preload", "icon", "modulepreload", "prefetch"}]
        loaded += [t.get("data") for t in soup.find_all("object")]
        offsite = [url for url in loaded if url and urlparse(url).scheme in ("http", "https", "")]
        offsite = [url for url in offsite if urlparse(url).netloc or url.startswith("//")]
        assert offsite == [], f"{page.relative_to(site)} loads {offsite}"
        styles = " ".join(t.get_text() for t in soup.find_all("style"))
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", styles), page


def test_static_css_and_js_ask_no_other_host(site):
    """Stylesheets must not pull fonts or images from elsewhere (e.g. Google Fonts)."""
    for path in (site / "_static").rglob("*.css"):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), path
        assert "@import url(http" not in text, path


def test_the_vega_bundle_is_served_by_the_site(site):
    bundle = site / "_static" / "vendor" / "vega-bundle.js"
    assert bundle.is_file() and bundle.stat().st_size > 300_000
    text = bundle.read_text(encoding="utf-8")
    assert text.startswith("(function(){") and "window.vega=" in text and "vegaEmbed" not in text


def test_every_chart_is_a_numbered_figure_with_alt_text_and_data(site, soup_of):
    charts_seen = 0
    for page in _all_pages(site):
        soup = soup_of(page)
        for chart in soup.select("div.book-chart"):
            charts_seen += 1
            name = chart["data-figure-name"]
            vega = chart.select_one("div.vega-chart")
            assert len(vega.get("aria-label", "")) > 40, f"{name}: no text alternative"
            assert chart.select_one(".chart-alt-text").get_text(strip=True)
            figure = chart.find_parent("figure")
            assert figure and figure.get("id", "").startswith("fig-"), f"{name}: not inside a named figure"
            assert re.match(r"Figure \d+", figure.find("figcaption").get_text(strip=True)), f"{name}: figure not numbered"
            link = chart.select_one(".chart-data-link a")["href"]
            target = (page.parent / link).resolve()
            assert target == (site / "figure-data" / f"{name}.csv").resolve(), (name, link)
            rows = list(csv.DictReader(target.open(encoding="utf-8")))
            spec = json.loads(chart.select_one('script[type="application/json"]').string)
            sources = [entry["values"] for entry in spec["data"] if "values" in entry]  # the compiled Vega spec's datasets
            assert sources and len(rows) == sum(len(v) for v in sources), f"{name}: CSV rows differ from the chart's"
            assert vega.select_one("svg g.role-mark"), f"{name}: the page does not carry the chart drawn"
    assert charts_seen >= 1


def test_chart_ids_are_content_hashes(site):
    for page in _all_pages(site):
        ids = re.findall(r'id="(vega-[0-9a-f]+)"', page.read_text(encoding="utf-8"))
        assert all(len(i) == len("vega-") + 16 for i in ids)
        assert "altair-viz" not in page.read_text(encoding="utf-8")


def test_glued_numbers_are_filled_in(site, soup_of):
    for page in PAGES:
        for span in soup_of(site / page).select("span.pasted-text"):
            text = span.get_text()
            assert text.strip() and not text.startswith(("(", "np.", "'")), f"{page}: pasted {text!r}"


def test_internal_links_and_anchors_resolve(site, soup_of):
    ids_of: dict[Path, set] = {}
    for page in _all_pages(site):
        soup = soup_of(page)
        for a in soup.find_all("a", href=True):
            href = a["href"]
            parsed = urlparse(href)
            if parsed.scheme or href.startswith(("mailto:", "javascript:")):
                continue
            target_path = urljoin(page.relative_to(site).as_posix(), parsed.path) if parsed.path else page.relative_to(site).as_posix()
            if target_path == SITE_PDF:
                continue  # the print edition, made by `./book pdf` after the build: tests/test_print_edition.py
            target = site / target_path
            assert target.exists(), f"{page.relative_to(site)} links to missing {href}"
            if parsed.fragment and target.suffix == ".html":
                if target not in ids_of:
                    ids_of[target] = {t.get("id") for t in soup_of(target).find_all(id=True)}
                assert parsed.fragment in ids_of[target], f"{page.relative_to(site)} links to missing anchor {href}"


def test_article_text_is_shown_verbatim_and_escaped(site, articles):
    html_text = (site / "chapters" / "sources.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html_text, "html.parser")
    for tag in soup.select("a.claim-tag"):  # the claim links after each marked quote are not article text
        tag.decompose()
    shown = "\n".join(p.get_text() for p in soup.select(".reading-text p"))
    for article in articles.values():
        for line in article.body.split("\n"):
            assert line.strip() in shown, (article.id, line[:60])


def test_no_executed_notebook_holds_an_error_or_stderr(site):
    notebooks = sorted(EXECUTED.rglob("*.ipynb"))
    assert {p.stem for p in notebooks} >= {"index", "sources"}
    for path in notebooks:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                assert output["output_type"] != "error", f"{path.name}: {output.get('ename')}: {output.get('evalue')}"
                assert not (output["output_type"] == "stream" and output.get("name") == "stderr"), f"{path.name}: stderr {output.get('text')}"


def test_no_math_and_no_mathjax(site):
    for page in _all_pages(site):
        assert "mathjax" not in page.read_text(encoding="utf-8").lower(), page


def test_building_did_not_change_the_evidence(site):
    """data/ and seeds/ hash the same now as when the build started (the build writes nothing there)."""
    from deepseek_factcheck.site.sphinx_ext import EVIDENCE_HASH_FILE, inputs_hash

    stamp = site.parent / EVIDENCE_HASH_FILE
    assert stamp.is_file(), "the build did not record the hash of data/ and seeds/"
    assert stamp.read_text().strip() == inputs_hash(ROOT, ("data", "seeds"), ()), (
        "data/ or seeds/ differ from what the last build read: either the build wrote there, or they were edited since (rebuild)"
    )


def test_chapters_cite_their_sources_on_the_references_page(site, soup_of):
    """Chapters cite with {cite}: each such citation links to an entry that exists on the References page."""
    refs = BeautifulSoup((site / "chapters" / "references.html").read_text(encoding="utf-8"), "html.parser")
    entries = {t["id"] for t in refs.find_all(id=True) if t["id"].startswith("ref-")}
    cited = 0
    for name in ("cost", "market", "censorship"):
        soup = soup_of(site / f"chapters/{name}.html")
        for a in soup.select("main a[href^='references.html#ref-']"):
            cited += 1
            assert a["href"].split("#")[1] in entries, a["href"]
    assert cited >= 5


def _page_files(page: Path) -> list[Path]:
    """A page, the scripts and stylesheets it names, and every woff2 font those stylesheets name."""
    text = page.read_text(encoding="utf-8")
    refs = re.findall(r'<script[^>]+src="([^"#?]+)', text) + re.findall(r'<link[^>]+href="([^"#?]+\.css)', text)
    files = {page}
    for ref in refs:
        target = (page.parent / ref).resolve()
        assert target.is_file(), f"{page.name} loads {ref}, which the site does not have"
        files.add(target)
        if target.suffix == ".css":
            for url in re.findall(r"url\(['\"]?([^'\")#?]+\.woff2)", target.read_text(encoding="utf-8")):
                files.add((target.parent / url).resolve())
    return sorted(files)


# What the theme draws with Font Awesome's font through its own CSS (admonition and version marks,
# download links, breadcrumbs, external links in the navigation); book.css draws the icons themselves.
ICON_FONT_USERS = re.compile(r'class="[^"]*\b(admonition|versionmodified|download|bd-breadcrumbs|nav-external)\b')


@functools.cache
def _gzip_bytes(path: Path) -> int:
    """The file's size gzipped (level 6); pages share their scripts, stylesheets and fonts, each compressed once."""
    return len(gzip.compress(path.read_bytes(), 6))


def test_every_page_fits_the_first_visit_budget(site):
    """An upper bound: every woff2 font a stylesheet names counts, though a page uses only some
    (benchmarks/run.py measures what Chromium actually loads); Font Awesome's only where the page has
    something the theme draws with it (its icons are drawn by book.css: see the test below)."""
    from deepseek_factcheck.site.performance import HEAVIEST_PAGE_KB

    over = {}
    for page in _all_pages(site):
        files = _page_files(page)
        # a <noscript> note shows only where the scripts (e.g. the search index) are not loaded
        shown = re.sub(r"<noscript>.*?</noscript>", "", page.read_text(encoding="utf-8"), flags=re.S)
        if not ICON_FONT_USERS.search(shown):
            files = [f for f in files if "fontawesome" not in f.parts]
        kb = sum(_gzip_bytes(f) for f in files) / 1024
        if kb > HEAVIEST_PAGE_KB:
            over[page.relative_to(site).as_posix()] = round(kb)
    assert over == {}, f"pages over {HEAVIEST_PAGE_KB} KB gzip on a first visit: {over}"


def test_pages_load_only_what_they_use(site):
    for page in _all_pages(site):
        names = {f.name for f in _page_files(page)}
        text = page.read_text(encoding="utf-8")
        rel = page.relative_to(site).as_posix()
        assert "fontawesome.js" not in names and not any("thebe" in n for n in names), rel
        assert ("vega-bundle.js" in names) == ('class="vega-chart"' in text), f"{rel}: Vega bundle without charts, or charts without it"
        assert ("searchindex.js" in names) == (rel == "search.html"), f"{rel}: the search index belongs to the search page only"
        assert ("ledger-filter.js" in names) == ('id="ledger-table"' in text), rel
        body = text[text.index('<main'):]  # what the page's body holds, not the theme's frame
        assert ("copybutton.js" in names) == ('<div class="highlight">' in body), f"{rel}: copy buttons without code, or code without them"
        assert not (names & {"togglebutton.js", "sphinx-design.min.css", "design-tabs.js"}) or re.search(r'class="(?:[^"]*\s)?(?:toggle|dropdown|sd-)', body), rel
        assert "docbuild:last-update" not in text, f"{rel}: a build-date stamp makes two builds differ"


def test_every_icon_a_page_shows_is_drawn_without_the_icon_font(site):
    """book.css draws the theme's icons from SVG paths; an icon it does not list would make the
    page download the 150 KB Font Awesome font (it would still show)."""
    css = (site / "_static" / "book.css").read_text(encoding="utf-8")
    drawn = set(re.findall(r"\.fa-solid\.fa-([a-z0-9-]+) \{ --book-icon:", css))
    listed = set(re.findall(r"\.fa-([a-z0-9-]+)", css[css.index(".fa-solid:is("):])) - {"solid"}
    assert drawn and drawn == listed, "book.css: each icon needs its path (--book-icon) and a place in the :is() list"
    shown = set()
    for page in _all_pages(site):
        for classes in re.findall(r'<(?:i|span)[^>]*class="([^"]*\bfa-solid\b[^"]*)"', page.read_text(encoding="utf-8")):
            shown |= {c.removeprefix("fa-") for c in classes.split() if c.startswith("fa-")} - {"solid", "lg", "fw"}
    assert shown and shown <= drawn, f"icons the pages show that book.css does not draw: {sorted(shown - drawn)}"
