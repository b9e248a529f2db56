"""How to cite a page or section of the book: the edition (from git, never the clock) and the
"Cite this" block the Sphinx extension appends to every chapter.

The edition is the commit the site was built from: its short hash and its commit date. Two
builds of one commit cite identically; a build outside a git checkout says "unversioned".
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

BOOK_TITLE = "The DeepSeek shock, fact-checked"
AUTHOR = "The DeepSeek shock fact-check team"


@dataclass(frozen=True)
class Edition:
    commit: str  # short hash, or "unversioned"
    date: str  # commit date, YYYY-MM-DD, or "undated"

    @property
    def year(self) -> str:
        return self.date[:4] if self.date[:4].isdigit() else "n.d."


def edition(root: Path) -> Edition:
    """The commit the book is built from (``git log -1``), or ``unversioned`` outside a checkout."""
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%h %cs"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return Edition("unversioned", "undated")
    parts = out.stdout.split()
    if out.returncode != 0 or len(parts) != 2:
        return Edition("unversioned", "undated")
    return Edition(parts[0], parts[1])


def bibtex_key(page: str, anchor: str = "") -> str:
    """A BibTeX key from a page and section: ``deepseek-factcheck-market-day``."""
    name = anchor or Path(page).name
    return "deepseek-factcheck-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def citation_text(title: str, address: str, ed: Edition) -> str:
    """The formatted citation of one page or section."""
    return (f"{AUTHOR} ({ed.year}). “{title}”. In {BOOK_TITLE}, edition {ed.commit} of {ed.date}. "
            f"Section address: {address}")


def bibtex(title: str, address: str, ed: Edition, key: str) -> str:
    """A BibTeX entry for one page or section (braces in the title escaped away)."""
    clean = title.replace("{", "").replace("}", "")
    return (
        f"@misc{{{key},\n"
        f"  author = {{{{{AUTHOR}}}}},\n"
        f"  title = {{{clean}}},\n"
        f"  howpublished = {{In: {BOOK_TITLE}}},\n"
        f"  year = {{{ed.year}}},\n"
        f"  note = {{Edition {ed.commit} of {ed.date}. Section address: {address}}}\n"
        f"}}"
    )


def cite_block_html(page_title: str, page: str, sections: list[tuple[str, str]], ed: Edition, base: str = "") -> str:
    """The "Cite this" block: the page's citation and its one BibTeX entry, then each section's address.

    ``page`` is the page's site-relative address (``chapters/market.html``); ``sections`` are
    (anchor, title) pairs. ``base`` is the address the site is served from (``html_baseurl``):
    with it the addresses are absolute, without it site-relative.
    """
    esc = html.escape
    where = base + page
    rows = [f'<li><a href="#{esc(anchor)}">{esc(title)}</a>: <code>{esc(f"{where}#{anchor}")}</code></li>' for anchor, title in sections]
    relative = ("" if base else "<p>Addresses are relative to the address the book is served from. ")
    return (
        '<section class="cite-this" aria-labelledby="cite-this-heading">'
        '<h2 id="cite-this-heading">Cite this</h2>'
        f"<p>{esc(citation_text(page_title, where, ed))}</p>"
        + (relative or "<p>")
        + "The edition is the commit the site was built from; the text and numbers of an edition do not change.</p>"
        f"<details><summary>BibTeX</summary><pre>{esc(bibtex(page_title, where, ed, bibtex_key(page)))}</pre></details>"
        + (f"<p>To cite a section, give its address:</p><ul>{''.join(rows)}</ul>" if rows else "")
        + "</section>"
    )
