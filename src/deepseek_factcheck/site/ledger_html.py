"""The ledger as HTML: the full claims table, claim marks in article text, the scorecard.

Every piece of article text and evidence text is escaped here; links are relative to the
page that shows them (``from_page``, e.g. ``"chapters/ledger"``), so the site works from a
folder, a static host or a file system alike.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from ..articles.loading import Article
from ..core.paths import page_href
from ..ledger.build import LEDGER_PAGE, Entry, claim_address, claim_anchor
from .publish import reference_address
from ..ledger.verdicts import PENDING, VERDICT_ORDER

ESC = html.escape


SOURCES_PAGE = "chapters/sources"


def in_text_anchor(claim_id: str) -> str:
    """The HTML id of a claim's mark in its article's reading text on the Sources page."""
    return f"in-text-{claim_id}"


def verdict_badge(verdict: str) -> str:
    return f'<span class="verdict verdict-{ESC(verdict)}">{ESC(verdict)}</span>'


def claim_href(claim_id: str, from_page: str) -> str:
    return page_href(from_page, claim_address(claim_id))


def _evidence_cell(entry: Entry, from_page: str) -> str:
    f = entry.finding
    if f is None:
        return (
            f'<p class="pending-note">No verdict yet: the chapter that checks the theme '
            f"<em>{ESC(entry.claim.theme)}</em> is not written. Nothing is implied.</p>"
        )
    parts = []
    if f.found:
        parts.append(f'<p class="found"><strong>Found:</strong> {ESC(f.found)}</p>')
    parts.append(f'<p class="explanation">{ESC(f.explanation)}</p>')
    if f.evidence:
        links = ", ".join(
            f'<a href="{ESC(page_href(from_page, reference_address(r)))}">{ESC(r.label())}</a>' for r in f.evidence
        )
        parts.append(f'<p class="evidence"><strong>Evidence:</strong> {links}</p>')
    if not entry.section.startswith(f"{LEDGER_PAGE}.html"):
        parts.append(f'<p class="discussed"><a href="{ESC(page_href(from_page, entry.section))}">Discussed in the chapter</a></p>')
    return "".join(parts)


def ledger_table_html(entries: list[Entry], from_page: str = LEDGER_PAGE) -> HTML:
    """Every claim as one table row with its own anchor, filterable by the page's script."""
    rows = []
    for e in entries:
        c = e.claim
        stated = f'<br><span class="claim-meta">stated: {ESC(c.stated)}</span>' if c.stated else ""
        rows.append(
            f'<tr id="{claim_anchor(c.id)}" data-seed="{ESC(c.seed)}" data-article="{ESC(e.article)}" '
            f'data-theme="{ESC(c.theme)}" data-verdict="{ESC(e.verdict)}" data-part="{ESC(e.part)}">'
            f'<th scope="row"><a class="claim-id" href="#{claim_anchor(c.id)}">{ESC(c.id)}</a>'
            f'<br><span class="claim-meta">{ESC(e.article)}, {ESC(e.part)}</span>'
            f'<br><a class="claim-meta" href="{ESC(page_href(from_page, f"{SOURCES_PAGE}.html#{in_text_anchor(c.id)}"))}">in the article</a></th>'
            f'<td><q class="claim-quote">{ESC(c.quote)}</q><br><span class="claim-meta">{ESC(c.theme)} · {ESC(c.kind)}</span>{stated}</td>'
            f"<td>{verdict_badge(e.verdict)}</td>"
            f"<td>{_evidence_cell(e, from_page)}</td></tr>"
        )
    table = (
        '<div class="ledger-filter" id="ledger-filter" hidden></div>'
        '<table class="book-table ledger-table" id="ledger-table">'
        "<caption>The claims ledger: every claim, its verdict and its evidence</caption>"
        '<thead><tr><th scope="col">Claim</th><th scope="col">Quote</th><th scope="col">Verdict</th>'
        '<th scope="col">What the evidence shows</th></tr></thead><tbody>'
        + "\n".join(rows)
        + "</tbody></table>"
    )
    return HTML(table)


def marked_text_html(article: Article, entries: list[Entry], part: str, from_page: str) -> str:
    """One part of an article's reading text, each claim marked, coloured by verdict and linked to the ledger.

    Each segment becomes a paragraph; all text is escaped. A claim is shown as
    ``<mark>`` around the quote, followed by a small tag with its id and verdict, so the
    verdict is legible without colour.
    """
    mine = sorted((e for e in entries if e.claim.seed == article.id and e.part == part), key=lambda e: e.start)
    paragraphs = []
    for segment in (p for p in article.parts if p.part == part):
        cursor, pieces = segment.start, []
        for e in (e for e in mine if segment.start <= e.start and e.end <= segment.end):
            href = ESC(claim_href(e.claim.id, from_page))
            pieces.append(ESC(article.text[cursor:e.start]))
            pieces.append(
                f'<mark id="{in_text_anchor(e.claim.id)}" class="claim verdict-{ESC(e.verdict)}">{ESC(article.text[e.start:e.end])}</mark>'
                f'<a class="claim-tag verdict-{ESC(e.verdict)}" href="{href}" '
                f'title="Claim {ESC(e.claim.id)}: {ESC(e.verdict)}">{ESC(e.claim.id)} {ESC(e.verdict)}</a>'
            )
            cursor = e.end
        pieces.append(ESC(article.text[cursor:segment.end]))
        if "".join(pieces).strip():
            paragraphs.append(f"<p>{''.join(pieces)}</p>")
    return "".join(paragraphs)


def scorecard(entries: list[Entry]) -> pd.DataFrame:
    """Claims per article and verdict (rows: articles, plus a total; columns: verdicts in order)."""
    frame = pd.DataFrame({"Article": [e.article for e in entries], "verdict": [e.verdict for e in entries]})
    table = pd.crosstab(frame["Article"], frame["verdict"]).reindex(columns=VERDICT_ORDER, fill_value=0)
    table.loc["All articles"] = table.sum()
    table["Claims"] = table.sum(axis=1)
    table.columns.name = None
    return table.reset_index()
