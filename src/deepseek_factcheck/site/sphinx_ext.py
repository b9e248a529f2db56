"""Sphinx extension for the book (listed in ``_config.yml`` under ``sphinx.extra_extensions``).

It does these things, so that ``jupyter-book build .`` needs no step before it:

1. **Vega served by the site.** Writes the Vega bundle shipped by vl-convert-python to
   ``_build/vendor-static/vendor/vega-bundle.js`` and adds that folder to the static path;
   pages with charts load it, deferred (point 7). No CDN.
2. **Figure data.** For every chart on a page, writes the rows it draws to
   ``figure-data/<figure name>.csv`` in the site and points the chart's download link
   there (relative to the page). Two charts with one name fail the build.
3. **Downloads.** After a successful HTML build, writes the ledger (``data/claims.json``,
   ``data/claims.csv`` and its JSON Schema) and copies of the curated tables into the site
   (:func:`deepseek_factcheck.site.publish.write_site_data`).
4. **Honest caching.** jupyter-cache only notices edits to code cells. Each chapter's
   execution records what it read (data tables, seeds, package modules, its slice of the
   ledger); a build executes again only the chapters whose reads changed, and executes the
   chapters it needs several at a time before Sphinx reads them (:mod:`.execution`). The
   ledger is computed once per build, before any chapter runs, and kept on disk
   (:func:`deepseek_factcheck.themes.shared_ledger`). A change to the Python environment
   (``uv.lock``, ``pyproject.toml``) empties the cache; a change to ``_static/`` or
   ``_templates/`` re-renders every page without executing anything.
5. **Bibliography style.** Registers the pybtex style ``factcheck``
   (:class:`deepseek_factcheck.site.references.BookStyle`) that the References appendix uses.
6. **Bibliography markup.** docutils writes each entry as ``role="doc-biblioentry"`` inside
   a ``role="list"``; DPUB-ARIA 1.1 deprecates that role, so the list has no list items for
   assistive technology (axe: ``aria-required-children``, critical). The pages say
   ``role="listitem"`` instead (:func:`listitem_citations`).
7. **Page weight.** Each page loads only what it uses (:func:`_page_assets`): the Vega
   bundle (Vega only) and ``book-charts.js`` where a chart is (deferred: charts arrive drawn, see
   :mod:`deepseek_factcheck.core.charts`), the ledger filter on the ledger, sphinx-design and the
   copy and toggle buttons where the page has what they work on, and never
   sphinx-thebe (Thebe is off). ``_templates/layout.html`` leaves out, through Jinja filters registered here,
   the theme's Font Awesome script (1.4 MB, 0.5 MB gzip: it swaps every icon for an inline
   SVG; ``_static/book.css`` draws the theme's icons from SVG paths, so the 150 KB icon font
   is not downloaded either) and, except on the search page, the
   search index and tools, which only search-as-you-type (off) would use.
8. **A page per claim.** After the chapters are written, makes ``claims/<id>.html`` for every
   claim of the ledger (:mod:`.claim_pages`) and feeds each to the site's search index, with
   the claim's figures as index entries (Sphinx's search skips bare numbers in text), so a
   search for "593" or "5.6 million" finds the claim. ``html_baseurl`` (``html.baseurl`` in
   ``_config.yml``) makes their Cite-this and ClaimReview addresses absolute.
9. **A quiet build.** The chapters' kernels use IPC, not TCP (:mod:`.kernels`: no transport
   warning per chapter), and myst-parser's and myst-nb's configuration dumps are dropped
   (:mod:`.build_log`); Sphinx's progress per chapter stays.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from ..core import charts
from ..core.memo import inputs_digest
from ..core.reads import READS_ENV
from ..themes import current_values, shared_ledger
from . import build_log, execution, kernels, references

LOGGER = logging.getLogger(__name__)
INPUT_FOLDERS = ("data", "seeds", "src", "editions")  # every input outside the chapters' code cells
INPUT_FILES = ("uv.lock", "pyproject.toml", "benchmarks/results.json")
ENVIRONMENT_FILES = ("uv.lock", "pyproject.toml")  # every chapter depends on these; the rest is tracked chapter by chapter
PRESENTATION_FOLDERS = ("_static", "_templates")  # re-rendered on change, not re-executed
HASH_FILE = ".inputs-sha256"
EVIDENCE_HASH_FILE = ".evidence-sha256"  # data/ and seeds/ as the build found them (a test compares after)
_SPEC = re.compile(r'<script type="application/json" id="(vega-[0-9a-f]{16})-spec">(.*?)</script>', re.S)


def inputs_hash(root: Path, folders=INPUT_FOLDERS, files=INPUT_FILES) -> str:
    """SHA-256 over the paths and bytes of every file in ``folders`` and ``files``."""
    return inputs_digest(root, folders, files)


def _build_dir(app: Sphinx) -> Path:
    return Path(app.outdir).parent


def _plan_execution(app: Sphinx) -> None:
    """Point 4: decide which chapters are executed again, and compute the ledger once for the build."""
    root = Path(app.srcdir)
    current = [inputs_hash(root, (), ENVIRONMENT_FILES), inputs_hash(root, PRESENTATION_FOLDERS, ())]
    stamp = _build_dir(app) / HASH_FILE
    previous = stamp.read_text().split() if stamp.is_file() else current
    environment_changed = len(previous) != len(current) or previous[0] != current[0]
    if environment_changed:
        LOGGER.info("the Python environment (uv.lock, pyproject.toml) changed: every chapter is executed again")
        execution.clear_all(app)
    app.env.deepseek_every_page_outdated = environment_changed or previous[1:] != current[1:]
    _ledger(app)  # computed (or loaded) once, before any chapter runs: the chapters load it from disk
    stale = execution.stale_chapters(app, current_values(root))
    for docname, changed in sorted(stale.items()):
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        LOGGER.info(f"{docname} is executed again: it read {shown}, which changed")
    app.env.deepseek_stale_chapters = sorted(stale)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text("\n".join(current) + "\n")
    (stamp.parent / EVIDENCE_HASH_FILE).write_text(inputs_hash(root, ("data", "seeds"), ()) + "\n")


def _outdated_docs(app, env, added, changed, removed):
    """The chapters that read a changed input; every page if the environment, the look of the site or the edition changed."""
    if getattr(env, "deepseek_every_page_outdated", False) or getattr(env, "deepseek_edition_changed", False):
        return sorted(set(env.found_docs) - set(added) - set(changed))
    return sorted(set(getattr(env, "deepseek_stale_chapters", [])) & set(env.found_docs) - set(added) - set(changed))


def _execute_ahead(app, env, docnames) -> None:
    execution.execute_ahead(app, list(docnames))


def _record_reads_of(app, docname, source) -> None:
    """A chapter myst-nb executes as it is read records what it read here (see :mod:`.execution`)."""
    os.environ[READS_ENV] = str(execution.reads_file(app, docname))


def _vendor_vega(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    static = _build_dir(app) / "vendor-static"
    target = static / "vendor" / "vega-bundle.js"
    bundle = charts.vega_bundle()
    if not target.is_file() or target.read_text(encoding="utf-8") != bundle:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(bundle, encoding="utf-8")
    # relative to the configuration folder, so the config hash (and .buildinfo) has no machine path
    entry = os.path.relpath(static, app.confdir)
    if entry not in app.config.html_static_path:
        app.config.html_static_path.append(entry)


def _without_scripts(head: str, names: tuple[str, ...], filter_name: str) -> str:
    """``head`` without the ``<script src=...>`` tags of ``names``; fails unless each is found once."""
    from markupsafe import Markup

    text = str(head)
    for name in names:
        tag = re.compile(r'\s*<script[^>]*src="[^"]*\b' + re.escape(name) + r'(\?[^"]*)?"[^>]*></script>')
        text, removed = tag.subn("", text)
        if removed != 1:
            raise ExtensionError(
                f"_templates/layout.html ({filter_name}) expected one <script> for {name} in the theme's "
                f"page head and found {removed}: check the theme after an upgrade"
            )
    return Markup(text)


def without_fontawesome_script(head: str) -> str:
    """The theme's head markup without its Font Awesome script (point 7)."""
    return _without_scripts(head, ("_static/scripts/fontawesome.js",), "without_fontawesome_script")


def without_search_tools(head: str) -> str:
    """The theme's head markup without the search index and tools (only search.html needs them)."""
    return _without_scripts(head, ("_static/searchtools.js", "_static/language_data.js", "searchindex.js"), "without_search_tools")


UNUSED_ASSETS = ("sphinx-thebe",)  # Thebe is off (launch_buttons.thebe: false); Jupyter Book adds it anyway
CHART_MARKER = 'class="vega-chart"'  # the container charts.chart_html writes


def _has_class(pattern: str) -> re.Pattern:
    """Finds an element of the page's body with a class matching ``pattern``."""
    return re.compile(r'class="(?:[^"]*\s)?(?:' + pattern + r')(?:\s[^"]*)?"')


# Jupyter Book loads every one of these on every page: each only where the body has what it works on.
# (names in its files or inline scripts, what the body must have)
PAGE_ASSETS = [
    (("ledger-filter.js",), re.compile('id="ledger-table"')),
    (("book-charts.js",), re.compile(CHART_MARKER)),
    (("copybutton", "clipboard.min.js"), re.compile('<div class="highlight">')),  # sphinx-copybutton: code blocks
    (("togglebutton", "toggleHint", "toggleOpenOnPrint"), _has_class("toggle|dropdown")),  # its selector
    (("sphinx-design", "design-tabs.js"), _has_class("sd-[a-z0-9-]+")),
]


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Each page loads only what it uses: Vega where charts are, the ledger filter on the ledger,
    sphinx-design, the copy and toggle buttons where the page has what they work on (point 7)."""
    body = context.get("body", "")
    if CHART_MARKER in body:
        # inside html-page-context: this page only; deferred, as the charts are already drawn
        app.add_js_file("vendor/vega-bundle.js", defer="defer")
    unneeded = [names for names, needed in PAGE_ASSETS if not needed.search(body)]

    def unused(asset) -> bool:
        name = asset.filename or asset.attributes.get("body", "")  # a file, or an inline script's text
        if not asset.filename and "THEBE_JS_URL" in name:
            return True
        return any(part in name for names in unneeded for part in names) or any(u in name for u in UNUSED_ASSETS)

    # in place: these lists are the builder's, which later handlers add to and Sphinx resets per page
    context["script_files"][:] = [s for s in context["script_files"] if not unused(s)]
    context["css_files"][:] = [c for c in context["css_files"] if not unused(c)]


def _register_template_filters(app: Sphinx) -> None:
    if app.builder.format == "html":
        filters = app.builder.templates.environment.filters
        filters["without_fontawesome_script"] = without_fontawesome_script
        filters["without_search_tools"] = without_search_tools


def _note_edition(app: Sphinx) -> None:
    """The commit the site is built from; a new commit re-writes every page (its Cite-this block changes)."""
    from .citation import edition

    current = edition(Path(app.srcdir))
    app.env.deepseek_edition_changed = getattr(app.env, "deepseek_edition", None) != current
    app.env.deepseek_edition = current


def _on_builder_inited(app: Sphinx) -> None:
    _plan_execution(app)
    _note_edition(app)
    _vendor_vega(app)
    _register_template_filters(app)
    app.env.deepseek_figure_pages = {}


def figure_csv(records: list[dict]) -> str:
    """CSV text of chart rows, columns in first-seen order."""
    columns: list[str] = []
    for row in records:
        columns += [key for key in row if key not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def _write_figure_data(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    seen = app.env.deepseek_figure_pages
    prefix = "../" * docname.count("/")
    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if charts.ROOT_PLACEHOLDER not in text:
            continue
        for _chart_id, spec_json in _SPEC.findall(text):
            spec = json.loads(spec_json)
            name = spec["usermeta"]["figure"]
            if seen.get(name, docname) != docname:
                raise ExtensionError(f"figure name {name!r} is used on both {seen[name]} and {docname}: names must be unique")
            seen[name] = docname
            target = Path(app.outdir) / charts.FIGURE_DATA_DIR / f"{name}.csv"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(figure_csv(charts.spec_records(spec)), encoding="utf-8")
        node.replace_self(nodes.raw("", text.replace(charts.ROOT_PLACEHOLDER, prefix), format="html"))


def _append_cite_block(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """End every page with a "Cite this" block: its citation and BibTeX, and each labelled section's address."""
    if app.builder.format != "html":
        return
    from .citation import cite_block_html

    labels = {labelid for _name, (doc, labelid, _title) in app.env.domaindata["std"]["labels"].items() if doc == docname}
    sections, page_title = [], app.env.titles[docname].astext()
    for section in doctree.findall(nodes.section):
        ids = [i for i in section["ids"] if i in labels]
        if not ids or section.parent is doctree:  # the page's own label is the page
            continue
        title = section.next_node(nodes.title).astext()
        sections.append((ids[0], title))
    block = cite_block_html(page_title, f"{docname}.html", sections, app.env.deepseek_edition, site_base(app))
    doctree.append(nodes.raw("", block, format="html"))


def site_base(app: Sphinx) -> str:
    """The address the site is served from (``html_baseurl``), ending in "/", or ""."""
    base = app.config.html_baseurl or ""
    return base if not base or base.endswith("/") else base + "/"


def _ledger(app: Sphinx) -> tuple[list, list[dict]]:
    """The ledger's entries and its published records, computed once per build."""
    if getattr(app, "_deepseek_ledger", None) is None:
        from .publish import ledger_records

        entries = shared_ledger(root=Path(app.srcdir))
        app._deepseek_ledger = (entries, ledger_records(entries))
    return app._deepseek_ledger


def _search_doctree(pagename: str, title: str, text: list[str], terms: list[str]) -> nodes.document:
    """A small doctree of a generated page, for the search index: its title, text and index entries."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document
    from sphinx import addnodes

    document = new_document(pagename, get_default_settings(Parser))
    section = nodes.section(ids=["claim-page"])
    section += nodes.title(text=title)
    section += [nodes.paragraph(text=line) for line in text if line]
    section += addnodes.index(entries=[("single", term, "claim-page", "", None) for term in terms])
    document += section
    return document


def _keep_in_search_index(indexer, pagenames: set[str]) -> None:
    """Make this build's search indexer keep generated pages when it prunes to the documents.

    Sphinx prunes the index to the documents it read just before dumping it, and does not
    prune index entries at all (a pruned page's entries then fail the dump): the wrapper
    keeps ``pagenames`` and drops the index entries of every page it does not keep."""
    prune = indexer.prune

    def prune_keeping_generated(docnames) -> None:
        keep = set(docnames) | pagenames
        prune(keep)
        for name in [n for n in indexer._index_entries if n not in keep]:
            del indexer._index_entries[name]

    indexer.prune = prune_keeping_generated


def _claim_pages(app: Sphinx):
    """One page per claim (point 8), each fed to the search index."""
    if app.builder.format != "html":
        return []
    from ..articles.loading import load_articles
    from ..ledger.build import split_base
    from . import claim_pages
    from .citation import edition
    from .publish import claim_review_jsonld

    root = Path(app.srcdir)
    ledger_entries, records = _ledger(app)
    entries = {e.claim.id: e for e in ledger_entries}
    by_id = {r["id"]: r for r in records}
    site = claim_pages.PageSite(site_base(app), edition(root))
    outlets = {a.id: a.seed.meta for a in load_articles(root)}
    pages, splits = [], {}
    for record in records:
        jsonld = ""
        if record["verdict"] not in ("pending", "not-checkable"):
            jsonld = claim_review_jsonld([entries[record["id"]]], outlets, lambda cid: site.absolute(claim_pages.claim_address(cid)))
        body = claim_pages.claim_page_html(record, records, jsonld, site)
        pages.append((record["id"], claim_pages.page_title(record), body,
                      [record["quote"], claim_pages.verdict_line(record), record["explanation"], record["found"]],
                      claim_pages.search_terms(record)))
        if split_base(record["id"]):
            splits.setdefault(split_base(record["id"]), []).append(record["id"])
    for base_id, part_ids in splits.items():
        pages.append((base_id, f"Claim {base_id}", claim_pages.split_page_html(base_id, part_ids, by_id, site), [], []))
    if app.builder.indexer is not None:
        _keep_in_search_index(app.builder.indexer, {claim_pages.page_name(page[0]) for page in pages})
    for claim_id, title, body, text, terms in sorted(pages):
        pagename = claim_pages.page_name(claim_id)
        if app.builder.indexer is not None:
            app.builder.indexer.feed(pagename, f"{pagename}.html", title, _search_doctree(pagename, title, text, terms))
        yield pagename, {"title": title, "body": body, "display_toc": False}, "page.html"


def _write_downloads(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from .publish import write_site_data

    written = write_site_data(Path(app.outdir), inputs_hash(Path(app.srcdir)), Path(app.srcdir), _ledger(app)[1])
    LOGGER.info("wrote the ledger and %d data files under %s/data", len(written) - 3, app.outdir)


def listitem_citations(body: str) -> str:
    """Bibliography entries as list items (see point 6 of the module's docstring)."""
    return body.replace(' role="doc-biblioentry"', ' role="listitem"')


def _fix_page_markup(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if "body" in context:
        context["body"] = listitem_citations(context["body"])


def setup(app: Sphinx) -> dict:
    app.add_config_value("book_editions", [], "env")  # read by site.corrections from _config.yml
    references.register_bibtex_style()  # before any bibliography is formatted
    kernels.use_ipc_kernels()  # before any chapter is executed
    build_log.quiet_configuration_dumps()  # before builder-inited, when they are logged
    app.connect("builder-inited", _on_builder_inited, priority=900)
    app.connect("env-get-outdated", _outdated_docs)
    app.connect("env-before-read-docs", _execute_ahead)
    app.connect("source-read", _record_reads_of)
    app.connect("doctree-resolved", _write_figure_data)
    app.connect("doctree-resolved", _append_cite_block)
    app.connect("html-collect-pages", _claim_pages)
    app.connect("build-finished", _write_downloads)
    app.connect("html-page-context", _fix_page_markup)
    app.connect("html-page-context", _page_assets)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": False}
