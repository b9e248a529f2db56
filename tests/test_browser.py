"""The built site in a real browser (run `./book build` first): Debian's Chromium, driven by Playwright.

Every HTML page of `_build/html` is served from 127.0.0.1 and opened once at desktop width
(1280 px) and once at phone width (390 px). Each visit records console errors, page errors,
every request, when the charts were drawn, the page's width, axe-core's findings and a
full-page screenshot (`_build/screenshots/{desktop,phone}/<page>.png`); the tests below check
what was recorded. The search page and the ledger's filter are tried as a reader would.
No page is skipped: genindex.html and search.html have no charts (the chart test has nothing
to check there), and every other check applies to them as to any page.

Chromium is /usr/bin/chromium (Debian package `chromium`) or $CHROMIUM. Without it these
tests fail, not skip: a green run must mean the pages were really opened. axe-core is the
copy bundled in the PyPI package axe-playwright-python (locked in uv.lock), injected into the
page: nothing is downloaded at test time. Select or deselect the suite with `-m browser` or
`-m "not browser"`.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import BROWSER_REPORT, ROOT, SITE

pytestmark = pytest.mark.browser

DEFAULT_CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"desktop": 1280, "phone": 390}
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHART_TIMEOUT_MS = 10_000  # a chart with no marks by then is broken, not slow
# A full-page screenshot of the longest pages (the ledger) is a large PNG to encode; how long
# that takes is not checked, and on a busy machine (./book test runs the second clean build
# beside the browser tests) it can pass Playwright's default of 30 s.
SCREENSHOT_TIMEOUT_MS = 120_000
# Navigation start -> every chart on the page drawn (each arrives as SVG made at build time).
# Measured on the project's machine (2 cores): 0.15-0.3 s with an empty cache. The assertion allows 2 s so that
# a busy CI machine does not fail it; the measured times are printed after the run.
CHART_BUDGET_S = 2.0
# The charts' data marks (not axes or legends): Vega gives each mark group the class role-mark.
MARK_SELECTOR = "svg g.role-mark > :is(path, rect, line, text, image, circle, g)"

# Console and page errors that are not ours and do no harm. Each entry: (pattern, reason).
# test_every_allow_list_entry_is_still_needed fails once an entry stops matching anything.
CONSOLE_ALLOWED: list[tuple[re.Pattern, str]] = [
    (
        re.compile(r"^Got invalid theme mode: \. Resetting to auto\.$"),
        "pydata-sphinx-theme's inline script sets data-mode from localStorage or to ''; on a "
        "reader's first visit (no stored mode) the theme's JS logs this with console.error and "
        "uses 'auto', which is what we want. The theme's template, not our code.",
    ),
]
# axe-core findings (serious or critical) that come from the theme and cannot be fixed from
# our side. Each entry: (rule id, regex on the target selector, reason). None so far.
AXE_ALLOWED: list[tuple[str, re.Pattern, str]] = []
AXE_FAILING_IMPACTS = ("serious", "critical")


def _discover_pages() -> list[str]:
    """Every page of the book, and of the claim pages (one template, 265 pages) one per verdict and a split claim's."""
    pages = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html") if "_static" not in p.parts and p.parts[-2] != "claims")
    return (pages + _sample_claim_pages()) if pages else ["index.html"]  # no build yet: the `site` fixture then fails with how to build


def _sample_claim_pages() -> list[str]:
    ledger = SITE / "data" / "claims.json"
    if not ledger.is_file():
        return []
    document = json.loads(ledger.read_text(encoding="utf-8"))
    first = {}
    for claim in document["claims"]:
        first.setdefault(claim["verdict"], claim["page"])
    split = sorted(document["split"])[:1]
    return sorted(first.values()) + [f"claims/{claim_id}.html" for claim_id in split]


PAGES = _discover_pages()
CHART_SCRIPT = """
(() => {
  const marked = (chart) => chart.querySelector(%r) !== null;
  const check = () => {
    if (window.__bookChartsDrawnAt !== undefined) return;
    const charts = document.querySelectorAll('.vega-chart');
    if (charts.length && Array.from(charts).every(marked)) {
      window.__bookChartsDrawnAt = performance.now();  // ms since navigation start
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, {childList: true, subtree: true});
})();
""" % MARK_SELECTOR

# What a reader sees of each chart: data marks that draw nothing, a drawing wider than its box or
# the screen, text smaller than MIN_CHART_TEXT_PX as shown (font size times the drawing's scale).
# Only the drawing on show counts (each chart carries a wide and a phone drawing; CSS shows one).
MIN_CHART_TEXT_PX = 10
CHART_FAULTS_SCRIPT = """
(minText) => Array.from(document.querySelectorAll('.vega-chart')).flatMap(chart => {
  const faults = [];
  const shown = Array.from(chart.querySelectorAll('svg.marks')).filter(svg => svg.getBoundingClientRect().width > 0);
  if (!shown.length) faults.push('no drawing on show');
  for (const svg of shown) {
    const box = svg.getBoundingClientRect();
    if (box.width > chart.clientWidth + 0.5 || box.right > document.documentElement.clientWidth + 0.5)
      faults.push(`wider than its box: ${Math.round(box.width)} px in ${chart.clientWidth} px, right edge at ${Math.round(box.right)} px`);
    for (const group of svg.querySelectorAll('g.role-mark')) {
      const kind = (group.getAttribute('class').match(/mark-(rect|symbol|area|arc|shape)\\b/) || [])[1];
      const items = kind ? Array.from(group.querySelectorAll(':scope > path')) : [];
      if (!items.length) continue;
      const broken = items.filter(path => /NaN|Infinity/.test(path.getAttribute('d') || ''));
      const withArea = items.filter(path => { const b = path.getBBox(); return b.width > 0 && b.height > 0; });
      if (broken.length || !withArea.length)
        faults.push(`${kind} marks (${group.getAttribute('aria-label') || group.getAttribute('class')}): ` +
                    `${items.length - withArea.length} of ${items.length} have no area, ${broken.length} have no position`);
    }
    const small = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim()).map(t => {
      const m = t.getScreenCTM();
      return [t.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)];
    }).filter(([, size]) => size < minText - 0.05);
    if (small.length) faults.push(`text under ${minText} px: ` + small.slice(0, 5).map(([t, size]) => `"${t}" ${size.toFixed(1)} px`).join(', '));
  }
  return faults.map(f => `${chart.closest('.book-chart').dataset.figureName}: ${f}`);
})
"""

# Boxes that cut off their content sideways (overflow-x hidden or clip, content wider than the
# box): the page does not scroll, but the reader cannot see the rest either.
CLIPPED_SCRIPT = """
() => Array.from(document.querySelectorAll('body *')).filter(e => {
  const overflow = getComputedStyle(e).overflowX;
  return (overflow === 'hidden' || overflow === 'clip') && e.scrollWidth > e.clientWidth + 1;
}).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.getAttribute('class') ? '.' + e.getAttribute('class').trim().split(/\\s+/).join('.') : '')
       + ' (' + e.scrollWidth + ' px of content in ' + e.clientWidth + ' px)')
"""


@dataclass
class Visit:
    page: str
    width: int
    errors: list[str] = field(default_factory=list)  # console errors and uncaught page errors
    requests: list[str] = field(default_factory=list)
    charts: int = 0
    undrawn: list[str] = field(default_factory=list)  # ids of charts with no marks after the timeout
    drawn_s: float | None = None  # navigation start -> all charts drawn (the SVG drawn at build time counts)
    not_live: list[str] = field(default_factory=list)  # ids of charts that never became live Vega views
    load_s: float = 0.0  # navigation start -> end of the load event
    scroll_width: int = 0
    clipped: list[str] = field(default_factory=list)  # boxes that hide part of their content sideways
    chart_faults: list[str] = field(default_factory=list)  # CHART_FAULTS_SCRIPT on the live views
    axe: list[dict] = field(default_factory=list)  # serious and critical findings, one per node
    screenshot: Path | None = None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A connection the browser closed mid-reply (a page closed while loading) is not worth a traceback."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def chromium() -> str:
    path = os.environ.get("CHROMIUM") or DEFAULT_CHROMIUM
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        pytest.fail(
            f"no Chromium at {path}: the browser tests need it. On Debian: "
            "`apt-get update && apt-get install -y chromium` (.ci/run does this), "
            "or set CHROMIUM=/path/to/chromium.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def server(site: Path):
    """The built site over HTTP on 127.0.0.1, on a free port; yields its base URL."""
    httpd = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def browser(chromium: str):
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium)
        yield instance
        instance.close()


def _is_local(url: str, base: str) -> bool:
    parsed, ours = urlparse(url), urlparse(base)
    if parsed.scheme in ("data", "blob", "about"):
        return True  # no host is asked for anything
    return parsed.scheme in ("http", "https") and parsed.netloc == ours.netloc


def _listen(page, errors: list[str], requests: list[str]):
    """Record the page's console errors, page errors and requests; returns a function that stops it."""
    recording = [True]

    def console(message) -> None:
        if recording[0] and message.type == "error":
            url = message.location.get("url", "")
            # "Failed to load resource" names no address: the location says which one
            errors.append(f"{message.text} ({url})" if message.text.startswith("Failed to load resource") else message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(error.message) if recording[0] else None)
    page.on("request", lambda request: requests.append(request.url) if recording[0] else None)
    return lambda: recording.__setitem__(0, False)


def _unexpected(errors: list[str]) -> list[str]:
    return [e for e in errors if not any(pattern.search(e) for pattern, _ in CONSOLE_ALLOWED)]


def _axe_allowed(finding: dict) -> bool:
    return any(rule == finding["rule"] and pattern.search(finding["target"]) for rule, pattern, _ in AXE_ALLOWED)


@pytest.fixture(scope="session")
def visit(browser, server, request):
    """visit(page, width_name) -> Visit: each page is opened once per width and remembered.

    One browser context per width, shared by the visits (the search and ledger tests use
    their own), so a first visit to the site sees an empty cache and storage, as a reader does.
    """
    axe_js = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    contexts, done = {}, {}
    report = request.config.stash.setdefault(BROWSER_REPORT, [])

    def _visit(page_name: str, width_name: str) -> Visit:
        key = (page_name, width_name)
        if key in done:
            return done[key]
        width = WIDTHS[width_name]
        if width_name not in contexts:
            contexts[width_name] = browser.new_context(viewport={"width": width, "height": 900})
            contexts[width_name].add_init_script(script=CHART_SCRIPT)
        record = Visit(page_name, width)
        page = contexts[width_name].new_page()
        stop_recording = _listen(page, record.errors, record.requests)
        try:
            page.goto(server + page_name, wait_until="load")
            record.charts = page.locator(".vega-chart").count()
            if record.charts:
                try:
                    page.wait_for_function("window.__bookChartsDrawnAt !== undefined", timeout=CHART_TIMEOUT_MS)
                except Exception:  # a Playwright TimeoutError: say which charts, below
                    record.undrawn = page.evaluate(
                        "(sel) => Array.from(document.querySelectorAll('.vega-chart'))"
                        ".filter(c => !c.querySelector(sel)).map(c => c.id)",
                        MARK_SELECTOR,
                    )
                else:
                    record.drawn_s = page.evaluate("window.__bookChartsDrawnAt") / 1000
                # book-charts.js swaps each drawing for a live view, with a named actions menu
                live = ("(c) => c.dataset.interactive === 'true' && c.querySelector('svg g.role-mark')"
                        " && c.querySelector('details summary[aria-label]')")
                try:
                    page.wait_for_function(f"Array.from(document.querySelectorAll('.vega-chart')).every({live})",
                                           timeout=CHART_TIMEOUT_MS)
                except Exception:  # a Playwright TimeoutError: say which charts, below
                    record.not_live = page.evaluate(
                        f"Array.from(document.querySelectorAll('.vega-chart')).filter(c => !({live})(c)).map(c => c.id)")
            if record.charts:
                record.chart_faults = page.evaluate(CHART_FAULTS_SCRIPT, MIN_CHART_TEXT_PX)
            record.load_s = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000
            record.scroll_width = page.evaluate("document.documentElement.scrollWidth")
            record.clipped = page.evaluate(CLIPPED_SCRIPT)
            shot = SCREENSHOTS / width_name / page_name.replace(".html", ".png")
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=shot, full_page=True, timeout=SCREENSHOT_TIMEOUT_MS)
            record.screenshot = shot
            # What follows is the test's doing, not the page's: axe fetches the stylesheets again
            # and resolves theme.css's @import against the page, not the sheet (a 404 for /basic.css).
            stop_recording()
            page.add_script_tag(content=axe_js)
            # Colour contrast does not change with the width and is axe's slowest rule (most of
            # its time on the long pages): it runs at desktop width only.
            options = {"resultTypes": ["violations"]}
            if width_name != "desktop":
                options["rules"] = {"color-contrast": {"enabled": False}}
            results = page.evaluate("(options) => axe.run(document, options)", options)
            for violation in results["violations"]:
                for node in violation["nodes"]:
                    impact = node.get("impact") or violation.get("impact")
                    if impact in AXE_FAILING_IMPACTS:
                        record.axe.append({
                            "rule": violation["id"], "impact": impact, "target": " ".join(map(str, node["target"])),
                            "help": violation["help"], "page": page_name, "width": width,
                        })
        finally:
            page.close()
        drawn = f"{record.charts} chart(s) drawn {record.drawn_s:.2f} s after navigation" if record.drawn_s else f"{record.charts} chart(s)"
        report.append(f"{page_name} at {width} px: load {record.load_s:.2f} s; {drawn}")
        done[key] = record
        return record

    yield _visit
    for context in contexts.values():
        context.close()


CHART_PAGES = [name for name in PAGES if 'class="vega-chart"' in (SITE / name).read_text(encoding="utf-8", errors="replace")] if SITE.is_dir() else []


@pytest.fixture(scope="session")
def drawn_faults(browser, server):
    """drawn_faults(page, width_name) -> CHART_FAULTS_SCRIPT on the charts as drawn at build time (JavaScript off)."""
    contexts, done = {}, {}

    def _faults(page_name: str, width_name: str) -> list[str]:
        if (page_name, width_name) not in done:
            if width_name not in contexts:
                contexts[width_name] = browser.new_context(viewport={"width": WIDTHS[width_name], "height": 900}, java_script_enabled=False)
            page = contexts[width_name].new_page()
            try:
                page.goto(server + page_name, wait_until="load")
                done[page_name, width_name] = page.evaluate(CHART_FAULTS_SCRIPT, MIN_CHART_TEXT_PX)
            finally:
                page.close()
        return done[page_name, width_name]

    yield _faults
    for context in contexts.values():
        context.close()


@pytest.fixture
def reader(browser, server):
    """A fresh desktop-width page (own context) for the interactive tests; yields (page, errors)."""
    context = browser.new_context(viewport={"width": WIDTHS["desktop"], "height": 900})
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    _listen(page, errors, requests)
    yield page, errors
    context.close()
    assert _unexpected(errors) == [], f"console or page errors: {_unexpected(errors)}"
    offsite = [url for url in requests if not _is_local(url, server)]
    assert offsite == [], f"requests to other hosts: {offsite}"


# -- every page, both widths ---------------------------------------------------------------


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_name", PAGES)
def test_no_console_or_page_errors(visit, page_name, width_name):
    errors = _unexpected(visit(page_name, width_name).errors)
    assert errors == [], f"{page_name} at {WIDTHS[width_name]} px logged errors: {errors}"


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_name", PAGES)
def test_no_request_leaves_the_local_server(visit, server, page_name, width_name):
    record = visit(page_name, width_name)
    assert record.requests, "no request recorded: the listener is broken"
    offsite = [url for url in record.requests if not _is_local(url, server)]
    assert offsite == [], f"{page_name} asked other hosts for: {offsite}"


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_name", PAGES)
def test_every_chart_draws_its_marks_in_time(visit, page_name, width_name):
    record = visit(page_name, width_name)
    if not record.charts:
        return  # nothing to draw on this page
    assert record.undrawn == [], f"{page_name}: no marks drawn after {CHART_TIMEOUT_MS} ms in {record.undrawn}"
    assert record.drawn_s is not None and record.drawn_s < CHART_BUDGET_S, (
        f"{page_name} at {record.width} px: charts drawn {record.drawn_s:.2f} s after navigation "
        f"(budget {CHART_BUDGET_S} s; load ended at {record.load_s:.2f} s)"
    )


@pytest.mark.parametrize("page_name", PAGES)
def test_every_chart_becomes_a_live_view(visit, page_name):
    """The drawing made at build time is replaced by a live Vega view (tooltips, save menu)."""
    record = visit(page_name, "desktop")
    assert record.not_live == [], f"{page_name}: charts still static after {CHART_TIMEOUT_MS} ms: {record.not_live}"


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_name", CHART_PAGES)
def test_every_chart_draws_its_data_fits_its_box_and_reads_on_a_phone(visit, drawn_faults, page_name, width_name):
    """Live and as drawn at build time (JavaScript off): every data mark has an area (bars on a log scale
    from zero draw nothing), no chart is wider than its box or the screen, and at 390 px no chart text
    is under 10 px as shown."""
    live = visit(page_name, width_name).chart_faults
    drawn = drawn_faults(page_name, width_name)
    if width_name != "phone":  # text size is a phone's problem; on a desktop a drawing may be scaled down a little
        live, drawn = ([f for f in faults if "text under" not in f] for faults in (live, drawn))
    assert (live, drawn) == ([], []), f"{page_name} at {WIDTHS[width_name]} px: live view {live}; drawn {drawn}"


def test_the_chart_checks_see_every_page_with_charts():
    assert len(CHART_PAGES) >= 5, CHART_PAGES


def test_the_site_has_charts(visit):
    """Guards the chart test against passing vacuously if the charts vanished from every page."""
    assert sum(visit(page_name, "desktop").charts for page_name in PAGES) >= 3


@pytest.mark.parametrize("page_name", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(visit, page_name):
    """At 390 px, wide tables and charts scroll inside their own box, not the page, and no box cuts text off."""
    record = visit(page_name, "phone")
    assert record.scroll_width <= WIDTHS["phone"] + 1, (
        f"{page_name} is {record.scroll_width} px wide at {WIDTHS['phone']} px: see {record.screenshot}"
    )
    assert record.clipped == [], f"{page_name} at {WIDTHS['phone']} px cuts off content in {record.clipped}"


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_name", PAGES)
def test_no_serious_accessibility_violations(visit, page_name, width_name):
    """axe-core over the whole page: no serious or critical finding outside AXE_ALLOWED."""
    findings = [f for f in visit(page_name, width_name).axe if not _axe_allowed(f)]
    listing = "\n".join(f"  {f['rule']} ({f['impact']}) on {f['page']} at {f['width']} px: {f['target']} - {f['help']}" for f in findings)
    assert not findings, f"accessibility violations:\n{listing}"


@pytest.mark.parametrize("width_name", WIDTHS)
@pytest.mark.parametrize("page_name", PAGES)
def test_a_full_page_screenshot_is_written(visit, page_name, width_name):
    record = visit(page_name, width_name)
    assert record.screenshot and record.screenshot.stat().st_size > 1000
    assert record.screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_allow_list_entry_is_still_needed(visit):
    """An allow-list entry that matches nothing any more hides nothing: remove it."""
    records = [visit(page_name, width_name) for page_name in PAGES for width_name in WIDTHS]
    errors = [e for r in records for e in r.errors]
    unused = [pattern.pattern for pattern, _ in CONSOLE_ALLOWED if not any(pattern.search(e) for e in errors)]
    findings = [f for r in records for f in r.axe]
    unused += [f"axe {rule} {pattern.pattern}" for rule, pattern, _ in AXE_ALLOWED if not any(rule == f["rule"] and pattern.search(f["target"]) for f in findings)]
    assert unused == [], f"allow-list entries that no page needs: {unused}"


# -- the search page -----------------------------------------------------------------------


def test_search_finds_pages(reader, server):
    page, _ = reader
    page.goto(server + "search.html?q=DeepSeek")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15_000)
    assert results.count() >= 3
    links = results.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("chapters/" in href for href in links), links


def test_search_finds_a_claim_by_its_figure_and_by_its_words(reader, server):
    page, _ = reader
    for query, claim_page in (("593", "claims/001-018.html"), ("5.6 million", "claims/001-011.html")):
        page.goto(server + f"search.html?q={query}")
        results = page.locator("#search-results ul.search li")
        results.first.wait_for(timeout=15_000)
        links = results.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert any(claim_page in href for href in links), (query, links)


def test_a_claim_page_shows_its_verdict_on_arrival_on_a_phone(browser, server):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 700})
    page = context.new_page()
    try:
        page.goto(server + "claims/001-018.html")
        expect(page.locator("article .claim-verdict-line .verdict")).to_be_in_viewport()
        # and the chapter's claim table links there
        page.goto(server + "chapters/ledger.html#claim-001-018")
        expect(page.locator("#claim-001-018 .verdict")).to_be_in_viewport()
    finally:
        context.close()


# -- the ledger's filter -------------------------------------------------------------------


def _ledger_rows(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#ledger-table tbody tr",
        """rows => rows.map(r => ({id: r.id, article: r.dataset.article, theme: r.dataset.theme,
            verdict: r.dataset.verdict, part: r.dataset.part, hidden: r.hidden,
            quote: (r.querySelector('.claim-quote') || {textContent: ''}).textContent.toLowerCase()}))""",
    )


def _shown(page) -> list[str]:
    return page.eval_on_selector_all("#ledger-table tbody tr", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.id)")


def test_the_ledger_filter_narrows_and_restores_the_rows(reader, server):
    from playwright.sync_api import expect

    page, _ = reader
    page.goto(server + "chapters/ledger.html")
    box = page.locator("#ledger-filter")
    expect(box).to_be_visible()
    rows = _ledger_rows(page)
    total = len(rows)
    count = box.locator("output")
    expect(count).to_have_text(f"Showing {total} of {total} claims.")
    assert _shown(page) == [r["id"] for r in rows]

    def choose(name: str, value: str) -> None:
        box.locator(f'select[name="{name}"]').select_option(value)

    # the rarest verdict, then one article within it, then one part
    verdicts = sorted({r["verdict"] for r in rows}, key=lambda v: (sum(r["verdict"] == v for r in rows), v))
    verdict = next(v for v in verdicts if sum(r["verdict"] == v for r in rows) >= 2)
    choose("verdict", verdict)
    want = [r for r in rows if r["verdict"] == verdict]
    assert 0 < len(want) < total
    expect(count).to_have_text(f"Showing {len(want)} of {total} claims.")
    assert _shown(page) == [r["id"] for r in want]

    choose("verdict", "")
    theme = sorted({r["theme"] for r in rows})[0]
    choose("theme", theme)
    article = sorted({r["article"] for r in rows if r["theme"] == theme})[0]
    choose("article", article)
    want = [r for r in rows if r["theme"] == theme and r["article"] == article]
    expect(count).to_have_text(f"Showing {len(want)} of {total} claims.")
    assert _shown(page) == [r["id"] for r in want]

    choose("theme", "")
    choose("article", "")
    choose("part", "comment")
    want = [r for r in rows if r["part"] == "comment"]
    assert 0 < len(want) < total
    assert _shown(page) == [r["id"] for r in want]

    choose("part", "")
    word = "nvidia"
    box.locator('input[name="ledger-words"]').fill(word)
    want = [r for r in rows if word in r["quote"]]
    assert 0 < len(want) < total, f"no quote or every quote mentions {word!r}: pick another word"
    expect(count).to_have_text(f"Showing {len(want)} of {total} claims.")
    assert _shown(page) == [r["id"] for r in want]

    box.get_by_role("button", name="Show all").click()
    expect(count).to_have_text(f"Showing {total} of {total} claims.")
    assert _shown(page) == [r["id"] for r in rows]
    assert box.locator('input[name="ledger-words"]').input_value() == ""
    for name in ("article", "theme", "verdict", "part"):
        assert box.locator(f'select[name="{name}"]').input_value() == ""


def test_a_link_to_a_hidden_claim_shows_it(reader, server):
    from playwright.sync_api import expect

    page, _ = reader
    page.goto(server + "chapters/ledger.html")
    box = page.locator("#ledger-filter")
    expect(box).to_be_visible()
    rows = _ledger_rows(page)
    box.locator('select[name="part"]').select_option("comment")
    hidden = next(r["id"] for r in rows if r["part"] != "comment")
    target = page.locator(f"#{hidden}")
    expect(target).to_be_hidden()
    # a reader follows a link to that claim (as the claim tags in the articles do)
    page.evaluate("(id) => { const a = document.createElement('a'); a.href = '#' + id; a.id = 'test-link';"
                  " a.textContent = 'claim'; document.getElementById('ledger-filter').append(a); }", hidden)
    page.locator("#test-link").click()
    expect(target).to_be_visible()
    expect(target).to_be_in_viewport()
    expect(box.locator("output")).to_have_text(f"Showing {len(rows)} of {len(rows)} claims.")
