"""The checked ledger: every claim in ``data/claims.csv`` with its computed verdict.

:func:`build_ledger` loads the claims and the evidence tables, runs each claim's check and
returns one :class:`Entry` per claim. A claim whose theme has no chapter yet is
``pending``: its check is not run and no verdict is implied. Opinions and predictions
are judged ``not-checkable`` whatever their theme, since no evidence is needed for that.

The chapters' claim lists read these entries (:func:`claims_table`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .articles import Article, load_articles
from .checks import CHECKS, Claim, Evidence, Finding, parse_args
from .claims import NOT_CHECKABLE_KINDS
from .paths import book_root
from .tables import load_table
from .verdicts import PENDING

LEDGER_PAGE = "chapters/ledger"
# the chapter that discusses each theme's claims; a theme whose page does not exist is pending
THEME_CHAPTERS = {
    "market": "chapters/market",
    "cost": "chapters/cost",
    "export-controls": "chapters/export-controls",
    "censorship": "chapters/censorship",
    "other": "chapters/background",
}
OPINIONS_SECTION = "opinions"


def claim_anchor(claim_id: str) -> str:
    """The HTML id of a claim's entry on the ledger page (stable: people link to it)."""
    return f"claim-{claim_id}"


def section_label(theme: str, topic: str) -> str:
    """The label of the section of a theme's chapter that discusses a topic, e.g. ``background-people``."""
    return f"{Path(THEME_CHAPTERS[theme]).name}-{topic}"


def theme_has_chapter(theme: str, root: Path | None = None) -> bool:
    return ((root or book_root()) / f"{THEME_CHAPTERS[theme]}.md").exists()


@dataclass(frozen=True)
class Entry:
    """A claim and its judgement, as published."""

    claim: Claim
    part: str
    start: int
    end: int
    article: str
    verdict: str
    finding: Finding | None
    section: str  # site-relative address of the section that discusses the claim
    topic: str


def load_evidence(root: Path | None = None) -> Evidence:
    facts = load_table("facts", (root or book_root()) / "data")
    rows = {}
    for number, row in enumerate(facts.to_dict("records"), start=1):
        rows[row["id"]] = {**{k: ("" if pd.isna(v) else v) for k, v in row.items()}, "_row": number}
    return Evidence(facts=rows, benchmarks=load_table("benchmarks", (root or book_root()) / "data"))


def _claim(row: dict, article: Article) -> Claim:
    meta = article.seed.meta
    return Claim(
        id=row["id"], seed=row["seed"], quote=row["quote"], theme=row["theme"], kind=row["kind"],
        stated=row["stated"] or "", stated_value=row["stated_value"] or "", stated_unit=row["stated_unit"] or "",
        check=row["check"], args=parse_args(row["check_args"] or ""),
        article_date=meta["published"], article_date_basis=f"date {meta['published_basis']}",
    )


def judge(claim: Claim, evidence: Evidence, root: Path | None = None) -> Finding | None:
    """The claim's finding, or None while its theme is pending."""
    if claim.kind in NOT_CHECKABLE_KINDS:
        return CHECKS["common.not_checkable"](claim, evidence)
    if not theme_has_chapter(claim.theme, root):
        return None
    if claim.check not in CHECKS:
        raise LookupError(f"claim {claim.id}: no check named {claim.check!r} (known: {', '.join(sorted(CHECKS))})")
    return CHECKS[claim.check](claim, evidence)


def _topic(claim: Claim, evidence: Evidence) -> str:
    if claim.kind in NOT_CHECKABLE_KINDS:
        return OPINIONS_SECTION
    if claim.args.get("topic"):  # a check that reads no fact row names its section itself
        return claim.args["topic"]
    fact = evidence.facts.get(claim.args.get("fact", ""))
    return fact["topic"] if fact else ""


def build_ledger(root: Path | None = None, articles: list[Article] | None = None) -> list[Entry]:
    """Every claim, located and judged, in id order."""
    root = root or book_root()
    articles = {a.id: a for a in (articles or load_articles(root))}
    claims = load_table("claims", root / "data")
    evidence = load_evidence(root)
    entries = []
    for row in claims.to_dict("records"):
        row = {k: ("" if pd.isna(v) else v) for k, v in row.items()}
        article = articles[row["seed"]]
        claim = _claim(row, article)
        finding = judge(claim, evidence, root)
        topic = _topic(claim, evidence)
        if finding is not None and theme_has_chapter(claim.theme, root) and topic:
            section = f"{THEME_CHAPTERS[claim.theme]}.html#{section_label(claim.theme, topic)}"
        else:
            section = f"{LEDGER_PAGE}.html#{claim_anchor(claim.id)}"
        entries.append(
            Entry(
                claim=claim, part=row["part"], start=int(row["start"]), end=int(row["end"]), article=article.seed.label,
                verdict=finding.verdict if finding else PENDING, finding=finding, section=section, topic=topic,
            )
        )
    return sorted(entries, key=lambda e: e.claim.id)


def claims_table(entries: list[Entry], theme: str, topic: str) -> pd.DataFrame:
    """A chapter section's claims: id, article, quote, verdict, what was found and why."""
    rows = [
        {
            "Claim": e.claim.id,
            "Article": e.article,
            "Quote": e.claim.quote,
            "Verdict": e.verdict,
            "Found": (e.finding.found if e.finding else "") or "",
            "Explanation": e.finding.explanation if e.finding else "",
        }
        for e in entries
        if e.claim.theme == theme and e.topic == topic
    ]
    return pd.DataFrame(rows, columns=["Claim", "Article", "Quote", "Verdict", "Found", "Explanation"])


def pending_themes(entries: list[Entry]) -> list[str]:
    """Themes with at least one pending claim (their chapter is not written), in THEME_CHAPTERS order."""
    waiting = {e.claim.theme for e in entries if e.verdict == PENDING}
    return [theme for theme in THEME_CHAPTERS if theme in waiting]
