"""The ledger as HTML: the full claims table, claim marks in article text, the scorecard, and the
verdict policy's rules for the Method page.

Every piece of article text and evidence text is escaped here; links are relative to the
page that shows them (``from_page``, e.g. ``"chapters/ledger"``), so the site works from a
folder, a static host or a file system alike.
"""

from __future__ import annotations

import html
from collections import Counter

import pandas as pd
from IPython.display import HTML

from ..articles.loading import Article
from ..core.paths import page_href
from ..core.text import join_words
from ..ledger import policy
from ..core.markup import linked_table_html
from ..ledger.build import LEDGER_PAGE, Entry, claim_address, claim_anchor, closest_calls, split_base, split_claims, verdict_css_class
from ..ledger.claims import OUTLET_PARTS
from ..ledger.verdicts import PENDING, VERDICT_ORDER
from .publish import reference_address

ESC = html.escape


SOURCES_PAGE = "chapters/sources"
METHOD_PAGE = "chapters/method"  # the verdict policy for readers: one section per rule


def rule_anchor(rule_id: str) -> str:
    """The HTML id of a rule's section on the Method page (stable: findings link to it)."""
    return f"rule-{rule_id}"


def rule_href(rule_id: str, from_page: str) -> str:
    """A link from ``from_page`` to a rule of the verdict policy on the Method page."""
    policy.rule(rule_id)  # KeyError for a rule that does not exist
    return page_href(from_page, f"{METHOD_PAGE}.html#{rule_anchor(rule_id)}")


def rules_html(entries: list[Entry]) -> HTML:
    """The verdict policy as the Method page shows it: each rule with its own anchor, its text,
    the verdicts it can give, and how many of the ledger's claims it decided."""
    used = Counter(e.finding.rule for e in entries if e.finding)
    blocks = []
    for rule in policy.RULES:
        count = used.get(rule.id, 0)
        decided = f"{count:,} claim{'s' if count != 1 else ''} in the ledger" if count else "no claim in the ledger yet"
        blocks.append(
            f'<section class="policy-rule" id="{rule_anchor(rule.id)}" aria-labelledby="{rule_anchor(rule.id)}-title">'
            f'<h3 id="{rule_anchor(rule.id)}-title">{ESC(rule.title)}</h3>'
            f"<p>{ESC(rule.text)}</p>"
            f'<p class="claim-meta">Verdicts it can give: {ESC(join_words(list(rule.verdicts)))}. It decided {decided}. '
            f"Rule id: <code>{ESC(rule.id)}</code>.</p></section>"
        )
    return HTML("".join(blocks))


def closest_calls_html(entries: list[Entry], from_page: str = "chapters/method") -> HTML:
    """The Method page's "Closest calls": the smallest margins and every numeric verdict that is not robust."""
    return linked_table_html(
        closest_calls(entries),
        caption="Closest calls: the numeric verdicts nearest to changing, and those that depend on which evidence is used",
        css_class="book-table closest-calls",
        links={"Claim": lambda claim_id: claim_href(claim_id, from_page)},
        cell_classes={"Verdict": verdict_css_class},
    )


def source_ladder_html() -> HTML:
    """The ladder of sources (policy.SOURCE_RUNGS) as a table: what each kind of source can establish."""
    rows = "".join(f"<tr><th scope=\"row\">{ESC(r.title)}</th><td>{ESC(r.establishes)}</td></tr>" for r in policy.SOURCE_RUNGS)
    return HTML(
        '<table class="book-table" tabindex="0"><caption>The ladder of sources, from the strongest: what each can establish</caption>'
        f'<thead><tr><th scope="col">Kind of source</th><th scope="col">What it can establish</th></tr></thead><tbody>{rows}</tbody></table>'
    )


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
    if f.margin:
        parts.append(f'<p class="margin"><strong>Margin:</strong> {ESC(f.margin)}</p>')
    if f.robustness:
        parts.append(f'<p class="robustness"><strong>Robustness:</strong> {ESC(f.robustness)}</p>')
    if f.rule:
        parts.append(f'<p class="rule"><strong>Rule:</strong> <a href="{ESC(rule_href(f.rule, from_page))}">{ESC(policy.rule(f.rule).title)}</a></p>')
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
    splits = split_claims(entries)
    for e in entries:
        c = e.claim
        stated = f'<br><span class="claim-meta">stated: {ESC(c.stated)}</span>' if c.stated else ""
        base = split_base(c.id)
        split_note = ""
        if base and splits[base][0] == c.id:  # the old id lands on its first part, which lists them all
            links = ", ".join(f'<a href="#{claim_anchor(part)}">{ESC(part)}</a>' for part in splits[base])
            split_note = (f'<span id="{claim_anchor(base)}" class="split-anchor"></span>'
                          f'<span class="split-note">Claim {ESC(base)}, split into its {len(splits[base])} assertions: {links}</span>')
        rows.append(
            f'<tr id="{claim_anchor(c.id)}" data-seed="{ESC(c.seed)}" data-article="{ESC(e.article)}" '
            f'data-theme="{ESC(c.theme)}" data-verdict="{ESC(e.verdict)}" data-part="{ESC(e.part)}">'
            f'<th scope="row">{split_note}<a class="claim-id" href="{ESC(claim_href(c.id, from_page))}">{ESC(c.id)}</a>'
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
    splits = split_claims(entries)
    paragraphs = []
    for segment in (p for p in article.parts if p.part == part):
        cursor, pieces = segment.start, []
        for e in (e for e in mine if segment.start <= e.start and e.end <= segment.end):
            href = ESC(claim_href(e.claim.id, from_page))
            pieces.append(ESC(article.text[cursor:e.start]))
            base = split_base(e.claim.id)
            if base and splits[base][0] == e.claim.id:  # the split id's mark lands on its first part
                pieces.append(f'<span id="{in_text_anchor(base)}" class="split-anchor"></span>')
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


def scorecard(entries: list[Entry], parts: tuple[str, ...] = OUTLET_PARTS) -> pd.DataFrame:
    """Claims per article and verdict (rows: articles, plus a total; columns: verdicts in order).

    By default only what each outlet published counts (headline and body): reader comments
    and a pasted chatbot answer are not the outlet's words. Pass other ``parts`` to count them."""
    entries = [e for e in entries if e.part in parts]
    frame = pd.DataFrame({"Article": [e.article for e in entries], "verdict": [e.verdict for e in entries]})
    table = pd.crosstab(frame["Article"], frame["verdict"]).reindex(columns=VERDICT_ORDER, fill_value=0)
    table.loc["All articles"] = table.sum()
    table["Claims"] = table.sum(axis=1)
    table.columns.name = None
    return table.reset_index()
