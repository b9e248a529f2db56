"""Key findings: which circulating claims hold and which do not, chosen from the ledger by rule.

The front page and each themed chapter open with them. A finding is one quantity (the fact
a check reads, or the series it measures) as the outlets stated it, with one verdict: the
claims that state it, how many articles did, and what the evidence gives instead. The most
widely repeated come first. Nothing is typed: the verdicts and values are the ledger's.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..core.paths import page_href
from ..core.text import count_of, join_words
from ..ledger.build import NOT_CONFIRMED, Entry, claim_address
from ..ledger.claims import OUTLET_PARTS
from ..ledger.verdicts import PENDING

ESC = html.escape
FIGURE_KINDS = ("figure",)
CHECKABLE_KINDS = None  # every kind but opinions and predictions (no verdict to report)
QUANTITY_ARGS = ("fact", "means", "series", "date")  # the arguments that name what a claim measures, and when


@dataclass(frozen=True)
class KeyFinding:
    claim_ids: tuple[str, ...]  # the claims that state it: the shortest quote's first, then in id order
    stated: tuple[str, ...]  # the figures as stated, each once
    quote: str  # the first claim's words
    articles: int  # how many articles state it
    verdict: str
    found: str  # what the evidence gives ("" when nothing was found)


def quantity(entry: Entry) -> tuple[str, ...]:
    """What a claim states a value of: its check, the fact or series it reads, and the day."""
    args = entry.claim.args
    return (entry.claim.check, *(f"{name}={args[name]}" for name in QUANTITY_ARGS if args.get(name)))


def key_findings(entries: list[Entry], theme: str | None = None, kinds: tuple[str, ...] | None = FIGURE_KINDS) -> dict[str, list[KeyFinding]]:
    """The outlets' own claims (headlines and text) grouped by quantity and verdict, most repeated first.

    Returns ``{"hold": [...], "fail": [...]}``: accurate claims, and claims judged inaccurate,
    misleading or unsupported. ``kinds`` limits the claims (default: stated figures; None: all
    but opinions and predictions)."""
    groups: dict[tuple, list[Entry]] = {}
    for e in entries:
        c = e.claim
        if e.part not in OUTLET_PARTS or e.verdict in (PENDING, "not-checkable") or (theme and c.theme != theme):
            continue
        if kinds is not None and c.kind not in kinds:
            continue
        groups.setdefault((quantity(e), e.verdict), []).append(e)
    findings = []
    for (_quantity, verdict), members in groups.items():
        first = min(members, key=lambda m: (len(m.claim.quote), m.claim.id))  # the plainest words stand for all
        findings.append(KeyFinding(
            claim_ids=(first.claim.id, *(m.claim.id for m in members if m is not first)),
            stated=tuple(dict.fromkeys(m.claim.stated for m in members if m.claim.stated)),
            quote=first.claim.quote, articles=len({m.claim.seed for m in members}), verdict=verdict,
            found=(first.finding.found or "") if first.finding else "",
        ))
    findings.sort(key=lambda f: (-f.articles, -len(f.claim_ids), f.claim_ids[0]))
    return {"hold": [f for f in findings if f.verdict == "accurate"], "fail": [f for f in findings if f.verdict in NOT_CONFIRMED]}


def _item(finding: KeyFinding, from_page: str) -> str:
    href = page_href(from_page, claim_address(finding.claim_ids[0]))
    said = ""
    if finding.articles > 1:
        said = f" (in {count_of(finding.articles, 'article')}, as {join_words([f'“{s}”' for s in finding.stated])})" if finding.stated \
            else f" (in {count_of(finding.articles, 'article')})"
    found = f" The evidence gives: {ESC(finding.found)}." if finding.found else " No evidence was found either way."
    return (f'<li><a href="{ESC(href)}">“{ESC(finding.quote)}”</a>{ESC(said)}: '
            f'<span class="verdict verdict-{ESC(finding.verdict)}">{ESC(finding.verdict)}</span>.{found}</li>')


def key_findings_html(findings: dict[str, list[KeyFinding]], from_page: str, limit: int = 4, title: str = "Key findings") -> str:
    """The key-findings box: up to ``limit`` claims that hold and ``limit`` that do not, each linked to its page."""
    blocks = []
    for kind, heading in (("fail", "Do not hold"), ("hold", "Hold")):
        items = "".join(_item(f, from_page) for f in findings[kind][:limit])
        if items:
            blocks.append(f'<p class="key-findings-group">{heading}</p><ul>{items}</ul>')
    return (f'<aside class="key-findings" aria-label="{ESC(title)}"><p class="key-findings-title">{ESC(title)}</p>'
            + "".join(blocks) + "</aside>")
