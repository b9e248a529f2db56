"""The print edition: the whole built book as one PDF, with page numbers (``./book pdf``).

It reads the built site (``_build/html``, so build first) and writes
``_build/pdf/the-deepseek-shock-fact-checked.pdf``, and a copy at ``_build/html/pdf/`` (the
address the front page offers for download, :data:`SITE_PDF`). The document is:

* a title page (the book, its edition: the commit and date the site was built from);
* the contents, with the page each chapter starts on;
* every page of ``_toc.yml`` in its order (the front page, the chapters, the appendices):
  the article of each built page, without the site's navigation, buttons, scripts or BibTeX;
  the charts as the SVG drawn at build time (the pages are printed with JavaScript off);
* an appendix of short entries, one per claim of the built ledger (``data/claims.json``):
  its id, quote, verdict, explanation and web address (:func:`claim_web_address`).

Links between the book's pages become links inside the PDF; links to other files of the site
become absolute when ``_config.yml`` names the address the site is served from
(``html.baseurl``), and plain text otherwise; links to other hosts stay. Debian's Chromium
prints it (Playwright drives it; no download), twice: the first print tells on which page
each chapter starts (the PDF's outline), the second prints those numbers in the contents.
Every page carries the edition and its number. The PDF's dates are the edition's, not the
clock's.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup

from ..core.paths import book_root
from ..ledger.build import CLAIM_PAGES, claim_address, ledger_row_address
from .citation import AUTHOR, BOOK_TITLE, Edition, edition

PDF_NAME = "the-deepseek-shock-fact-checked.pdf"
PDF_FOLDER = "pdf"  # _build/pdf/, and the copy in the site: _build/html/pdf/
SITE_PDF = f"{PDF_FOLDER}/{PDF_NAME}"  # the address the front page links to (site-relative)
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--no-first-run"]
CLAIMS_TITLE = "Appendix: the claims, one by one"
CLAIMS_ID = "print-claims"
# Parts of a built page that a printed page has no use for.
DROPPED = ("script", "style", "noscript", "a.headerlink", ".cite-this details", ".print-edition-link", "button")
MAX_PRINTS = 3  # the contents' page numbers settle after the second print; a third is a safeguard


@dataclass(frozen=True)
class Page:
    docname: str  # as in _toc.yml: "index", "chapters/market"
    part: str  # the part's caption, "" for the front page

    @property
    def html_path(self) -> str:
        return f"{self.docname}.html"

    @property
    def anchor(self) -> str:
        return anchor_prefix(self.docname).rstrip("-")


@dataclass
class Chapter:
    page: Page
    title: str  # the page's heading as printed: "1. The market shock of 27 January 2025, measured"
    body: str  # the page's article, ready for the print document


def anchor_prefix(docname: str) -> str:
    """The prefix of a page's ids in the print document: ``chapters/market`` -> ``p-chapters-market--``."""
    return "p-" + re.sub(r"[^A-Za-z0-9]+", "-", docname).strip("-") + "--"


def toc_pages(root: Path) -> list[Page]:
    """The book's pages in the order of ``_toc.yml``."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [Page(toc["root"], "")]
    for part in toc.get("parts", []):
        pages += [Page(chapter["file"], part.get("caption", "")) for chapter in part["chapters"]]
    return pages


def base_url(root: Path) -> str:
    """The address the site is served from (``html.baseurl`` or Sphinx's ``html_baseurl``), or ``""``."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    url = (config.get("html") or {}).get("baseurl") or ((config.get("sphinx") or {}).get("config") or {}).get("html_baseurl") or ""
    return url if not url or url.endswith("/") else url + "/"


def web_address(address: str, base: str = "") -> str:
    """A site-relative address, made absolute when the site's base URL is known."""
    return urljoin(base, address) if base else address


def claim_web_address(claim_id: str, base: str = "") -> str:
    """Where a claim is read on the web (its own page: :func:`claim_address`)."""
    return web_address(claim_address(claim_id), base)


def page_ids(page_html: str) -> set[str]:
    soup = BeautifulSoup(page_html, "html.parser")
    article = soup.select_one("article.bd-article")
    return {t["id"] for t in article.find_all(id=True)} if article else set()


def chapter(page: Page, page_html: str, ids: dict[str, set[str]], base: str = "") -> Chapter:
    """A built page's article, for print: ids made unique to the page, links rewritten.

    ``ids`` maps each book page's HTML path (``chapters/ledger.html``) to the ids on it.
    """
    soup = BeautifulSoup(page_html, "html.parser")
    article = soup.select_one("article.bd-article")
    if article is None:
        raise ValueError(f"{page.html_path}: no <article class='bd-article'>: not a page of this book's site")
    for selector in DROPPED:
        for tag in article.select(selector):
            tag.decompose()
    prefix = anchor_prefix(page.docname)
    for tag in article.find_all(id=True):
        tag["id"] = prefix + tag["id"]
    for tag in article.find_all(["a", "area"], href=True):
        target = _print_link(tag["href"], page.html_path, ids, base)
        if target is None:
            del tag["href"]
        else:
            tag["href"] = target
    for tag in article.find_all(src=True):  # images: from the site's files, by absolute path at print time
        tag["src"] = urljoin(page.html_path, tag["src"])
    heading = article.find("h1")
    title = " ".join(heading.get_text(" ").split()) if heading else page.docname
    if heading is not None and not heading.get("id"):
        heading["id"] = page.anchor
    return Chapter(page, title, f'<section class="print-chapter" id="{page.anchor}">{article.decode_contents()}</section>')


def _print_link(href: str, from_path: str, ids: dict[str, set[str]], base: str) -> str | None:
    """Where a link of a built page points in the print document (``None``: no link)."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return href  # another host, mailto:
    path = urljoin(from_path, parts.path) if parts.path else from_path
    if path in ids:
        docname = path[: -len(".html")]
        if parts.fragment and parts.fragment in ids[path]:
            return "#" + anchor_prefix(docname) + parts.fragment
        return "#" + anchor_prefix(docname).rstrip("-")
    if path.startswith(f"{CLAIM_PAGES}/"):  # a claim's page: its entry in the claims appendix
        return f"#print-claim-{Path(path).stem}"
    if base:
        return web_address(path + (f"#{parts.fragment}" if parts.fragment else ""), base)
    return None


def claims_appendix(claims: list[dict], verdicts: dict[str, str], base: str, ids: dict[str, set[str]]) -> str:
    """One short entry per claim: id, article, quote, verdict, explanation, web address."""
    esc = html.escape
    ledger_path = ledger_row_address("x").split("#")[0]
    entries = []
    for claim in claims:
        verdict = claim.get("verdict") or "pending"
        address = claim_web_address(claim["id"], base)
        fragment = ledger_row_address(claim["id"]).partition("#")[2]
        if fragment in ids.get(ledger_path, set()):
            ledger_link = f'<a href="#{anchor_prefix(ledger_path[: -len(".html")])}{esc(fragment)}">the ledger</a>'
        else:
            ledger_link = "the ledger"
        entries.append(
            f'<div class="claim-entry" id="print-claim-{esc(claim["id"])}">'
            f'<p class="claim-head"><strong>{esc(claim["id"])}</strong> · {esc(claim.get("article", ""))} · '
            f'<span class="verdict verdict-{esc(verdict)}">{esc(verdict)}</span></p>'
            f'<blockquote>“{esc(claim["quote"])}”</blockquote>'
            f'<p>{esc(claim.get("explanation") or verdicts.get(verdict, ""))}</p>'
            f'<p class="claim-address">Web address: '
            + (f'<a href="{esc(address)}">{esc(address)}</a>' if base else f"<code>{esc(address)}</code>")
            + f" (in {ledger_link})</p></div>"
        )
    where = ("relative to the address the book is served from" if not base else "")
    return (
        f'<section class="print-chapter print-claims" id="{CLAIMS_ID}"><h1>{esc(CLAIMS_TITLE)}</h1>'
        f"<p>Every claim of the ledger, in the ledger's order: who said it, what the evidence gives and where "
        f"its entry is on the web{', ' + where if where else ''}. {len(claims)} claims.</p>"
        + "".join(entries) + "</section>"
    )


def contents(entries: list[tuple[str, str, str]], numbers: dict[str, int] | None) -> str:
    """The table of contents: ``(part, title, anchor)`` entries and the page each starts on (``numbers[anchor]``).

    Before the first print the pages are not known: each shows ``000``, as wide as a real number."""
    rows, part = [], None
    for entry_part, title, anchor in entries:
        if entry_part != part:
            part = entry_part
            if part:
                rows.append(f'<li class="toc-part">{html.escape(part)}</li>')
        number = (numbers or {}).get(anchor)
        rows.append(
            f'<li class="toc-entry"><a href="#{html.escape(anchor)}"><span class="toc-title">{html.escape(title)}</span>'
            f'<span class="toc-page">{number if number else "000"}</span></a></li>'
        )
    return f'<nav class="print-contents" aria-label="Contents"><p class="contents-title">Contents</p><ol>{"".join(rows)}</ol></nav>'


def contents_entries(chapters: list[Chapter]) -> list[tuple[str, str, str]]:
    """The contents: every page of the book, then the claims appendix (with the other appendices)."""
    entries = [(ch.page.part, ch.title, ch.page.anchor) for ch in chapters]
    return entries + [(entries[-1][0] if entries else "", CLAIMS_TITLE, CLAIMS_ID)]


PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
html { font-size: 9.5pt; }
body { margin: 0; background: #fff; color: #111; font-family: 'Liberation Sans', Arial, 'WenQuanYi Zen Hei', sans-serif; }
* { overflow: visible !important; }
.print-cover { height: 240mm; display: flex; flex-direction: column; justify-content: center; break-after: page; }
.cover-title { font-size: 28pt; font-weight: bold; margin: 0 0 8mm; }
.cover-line { font-size: 12pt; margin: 2mm 0; }
.print-contents { break-after: page; }
.contents-title { font-size: 20pt; font-weight: bold; }
.print-contents ol { list-style: none; padding: 0; }
.print-contents li.toc-part { font-weight: bold; margin-top: 4mm; }
.print-contents a { display: flex; justify-content: space-between; color: inherit; text-decoration: none; padding: 1mm 0; border-bottom: 0.2mm dotted #999; }
.toc-page { font-variant-numeric: tabular-nums; min-width: 12mm; text-align: right; }
.print-chapter { break-before: page; }
h1 { font-size: 18pt; } h2 { font-size: 14pt; } h3 { font-size: 11.5pt; }
h1, h2, h3, h4 { break-after: avoid; }
figure, .book-chart, .claim-entry, tr, blockquote { break-inside: avoid; }
svg { max-width: 100%; height: auto; }
table { font-size: 7.5pt; width: 100%; table-layout: auto; }
pre, code { white-space: pre-wrap; word-break: break-word; }
td, th { word-break: break-word; }
a { color: #0b4f8a; }
.claim-entry { border-top: 0.2mm solid #ccc; padding-top: 1.5mm; margin-top: 1.5mm; }
.claim-entry p, .claim-entry blockquote { margin: 0.8mm 0; }
.claim-head { font-size: 9pt; }
.claim-address { font-size: 8pt; color: #333; }
"""


def footer_template(ed: Edition) -> str:
    """Chromium's footer on every page: the book, the edition, the page number."""
    return (
        '<div style="font-family: \'Liberation Sans\', Arial, sans-serif; font-size: 7.5pt; color: #333; width: 100%; '
        'margin: 0 15mm; display: flex; justify-content: space-between;">'
        f"<span>{html.escape(BOOK_TITLE)} · edition {html.escape(ed.commit)} of {html.escape(ed.date)}</span>"
        '<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
    )


def document(chapters: list[Chapter], claims_html: str, ed: Edition, stylesheets: list[str], numbers: dict[str, int] | None, base: str) -> str:
    """The whole print document, as HTML."""
    esc = html.escape
    links = "".join(f'<link rel="stylesheet" href="{esc(href)}">' for href in stylesheets)
    cover = (
        f'<section class="print-cover"><p class="cover-title">{esc(BOOK_TITLE)}</p>'
        f'<p class="cover-line">{esc(AUTHOR)}</p>'
        f'<p class="cover-line">Print edition of the site built from commit {esc(ed.commit)} of {esc(ed.date)}.</p>'
        + (f'<p class="cover-line">Read it on the web at <a href="{esc(base)}">{esc(base)}</a>.</p>' if base else "")
        + '<p class="cover-line">Every number in it was computed from the articles and the curated data when the book was built.</p>'
        "<p class=\"cover-line\">Code MIT; text and curated data CC BY 4.0; the five articles belong to their publishers "
        "and are reproduced for criticism and review.</p></section>"
    )
    body = cover + contents(contents_entries(chapters), numbers) + "".join(ch.body for ch in chapters) + claims_html
    return (
        f'<!DOCTYPE html><html lang="en" data-theme="light" data-mode="light"><head><meta charset="utf-8">'
        f"<title>{esc(BOOK_TITLE)}, edition {esc(ed.commit)}</title>{links}<style>{PRINT_CSS}</style></head>"
        f'<body class="print-edition">{body}</body></html>'
    )


def stylesheets(site: Path) -> list[str]:
    """The front page's stylesheets, as file addresses (the print document lives elsewhere)."""
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    out = []
    for link in soup.find_all("link", rel="stylesheet"):
        path = site / urlsplit(link["href"]).path
        if path.is_file():
            out.append(path.resolve().as_uri())
    return out


def start_pages(pdf_path: Path, anchors: list[str]) -> dict[str, int]:
    """The page (from 1) each anchor is on: Chromium makes a named destination of each link target."""
    from pypdf import PdfReader

    reader = PdfReader(pdf_path)
    named = {name.lstrip("/"): dest for name, dest in reader.named_destinations.items()}
    return {a: reader.get_destination_page_number(named[a]) + 1 for a in anchors if a in named}


def finish(pdf_path: Path, ed: Edition, titles: list[str]) -> None:
    """The PDF's metadata (title, author, the edition, the edition's date, not the clock's) and bookmarks.

    Chromium's bookmarks for the pages' top headings repeat their text when the theme's
    stylesheets apply; they are renamed to the contents' titles (one per page, in order)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(pdf_path))
    outline = writer._root_object.get("/Outlines")
    tops = []
    node = outline.get_object().get("/First") if outline is not None else None
    while node is not None:
        tops.append(node.get_object())
        node = node.get_object().get("/Next")
    if len(tops) != len(titles):
        raise RuntimeError(f"book pdf: {len(tops)} top-level bookmarks for {len(titles)} pages")
    for item, title in zip(tops, titles):
        item[NameObject("/Title")] = TextStringObject(title)
    meta = {"/Title": BOOK_TITLE, "/Author": AUTHOR, "/Subject": f"Print edition {ed.commit} of {ed.date}",
            "/Creator": "deepseek_factcheck.site.print_edition", "/Producer": "Chromium and pypdf"}
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", ed.date):
        date = f"D:{ed.date.replace('-', '')}000000Z"
        meta |= {"/CreationDate": date, "/ModDate": date}
    writer.metadata = None
    writer.add_metadata(meta)
    with open(pdf_path, "wb") as out:
        writer.write(out)


def print_book(root: Path | None = None, chromium: str | None = None, out_dir: Path | None = None) -> Path:
    """Print the built site of the book at ``root`` into one PDF; returns its path."""
    root = root or book_root()
    site = root / "_build" / "html"
    if not (site / "index.html").is_file():
        raise SystemExit("book pdf: no built site in _build/html: run `./book build` first.")
    chromium = chromium or os.environ.get("CHROMIUM") or DEFAULT_CHROMIUM
    if not (Path(chromium).is_file() and os.access(chromium, os.X_OK)):
        raise SystemExit(f"book pdf: no Chromium at {chromium}: on Debian, apt-get install chromium (or set CHROMIUM).")
    out_dir = out_dir or root / "_build" / PDF_FOLDER
    out_dir.mkdir(parents=True, exist_ok=True)
    ed, base = edition(root), base_url(root)
    pages = toc_pages(root)
    texts = {p.html_path: (site / p.html_path).read_text(encoding="utf-8") for p in pages}
    ids = {path: page_ids(text) for path, text in texts.items()}
    chapters = [chapter(p, texts[p.html_path], ids, base) for p in pages]
    ledger = json.loads((site / "data" / "claims.json").read_text(encoding="utf-8"))
    claims_html = claims_appendix(ledger["claims"], ledger.get("verdicts", {}), base, ids)
    sheets = stylesheets(site)
    entries = contents_entries(chapters)
    anchors = [anchor for _, _, anchor in entries]

    from playwright.sync_api import sync_playwright

    source = out_dir / ".print.html"
    pdf_path = out_dir / PDF_NAME
    numbers: dict[str, int] | None = None
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            context = browser.new_context(java_script_enabled=False)  # the charts stay as drawn at build time
            page = context.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
            for _ in range(MAX_PRINTS):
                source.write_text(document(chapters, claims_html, ed, sheets, numbers, base), encoding="utf-8")
                page.goto(source.resolve().as_uri(), wait_until="load")
                page.pdf(path=str(pdf_path), format="A4", print_background=True, display_header_footer=True,
                         header_template="<span></span>", footer_template=footer_template(ed),
                         margin={"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
                         outline=True, tagged=True, prefer_css_page_size=True)
                found = start_pages(pdf_path, anchors)
                missing = [a for a in anchors if a not in found]
                if missing:
                    raise RuntimeError(f"book pdf: pages missing from the PDF: {missing}")
                if found == numbers:
                    break
                numbers = found
            else:
                raise RuntimeError("book pdf: the contents' page numbers did not settle")
            browser.close()
    finally:
        source.unlink(missing_ok=True)
    finish(pdf_path, ed, [title for _, title, _ in entries])
    (site / PDF_FOLDER).mkdir(exist_ok=True)
    shutil.copyfile(pdf_path, site / SITE_PDF)
    return pdf_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="book pdf", description="Print the built site into one PDF (_build/pdf/).")
    parser.parse_args(argv)
    path = print_book()
    from pypdf import PdfReader

    pages = len(PdfReader(path).pages)
    root = book_root()
    print(f"book pdf: wrote {path.relative_to(root)} ({pages} pages) and its copy {(root / '_build' / 'html' / SITE_PDF).relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
