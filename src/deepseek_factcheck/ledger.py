"""The checked ledger: every claim in ``data/claims.csv`` with its computed verdict.

:func:`build_ledger` loads the claims and the evidence tables, runs each claim's check and
returns one :class:`Entry` per claim. A claim whose theme has no chapter yet is
``pending``: its check is not run and no verdict is implied. Opinions and predictions
are judged ``not-checkable`` whatever their theme, since no evidence is needed for that.

The same entries feed the ledger page, the chapters' claim lists, the annotated
articles, the front page's scorecard and the published ``data/claims.json``/``.csv``.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .articles import Article, load_articles
from .checks import CHECKS, Claim, Evidence, Finding, parse_args
from .claims import NOT_CHECKABLE_KINDS, THEMES
from .paths import book_root
from .tables import load_table
from .verdicts import PENDING, VERDICTS

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
VERDICT_ORDER = [*VERDICTS, PENDING]
PUBLISHED_FIELDS = [
    "id", "seed", "article", "part", "start", "end", "quote", "theme", "kind", "stated", "stated_value", "stated_unit",
    "check", "verdict", "found", "evidence", "explanation", "section", "ledger_entry",
]


def claim_anchor(claim_id: str) -> str:
    """The HTML id of a claim's entry on the ledger page (stable: people link to it)."""
    return f"claim-{claim_id}"


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

    @property
    def ledger_entry(self) -> str:
        return f"{LEDGER_PAGE}.html#{claim_anchor(self.claim.id)}"

    def record(self) -> dict:
        """The published form: one JSON object per claim."""
        f = self.finding
        return {
            "id": self.claim.id,
            "seed": self.claim.seed,
            "article": self.article,
            "part": self.part,
            "start": self.start,
            "end": self.end,
            "quote": self.claim.quote,
            "theme": self.claim.theme,
            "kind": self.claim.kind,
            "stated": self.claim.stated or None,
            "stated_value": self.claim.stated_value or None,
            "stated_unit": self.claim.stated_unit or None,
            "check": self.claim.check,
            "verdict": self.verdict,
            "found": (f.found or None) if f else None,
            "evidence": [r.as_dict() for r in f.evidence] if f else [],
            "explanation": f.explanation if f else "Pending: the chapter that checks this theme has not been written yet.",
            "section": self.section,
            "ledger_entry": self.ledger_entry,
        }


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
            section = f"{THEME_CHAPTERS[claim.theme]}.html#{claim.theme}-{topic}"
        else:
            section = f"{LEDGER_PAGE}.html#{claim_anchor(claim.id)}"
        entries.append(
            Entry(
                claim=claim, part=row["part"], start=int(row["start"]), end=int(row["end"]), article=article.seed.label,
                verdict=finding.verdict if finding else PENDING, finding=finding, section=section, topic=topic,
            )
        )
    return sorted(entries, key=lambda e: e.claim.id)


def ledger_frame(entries: list[Entry]) -> pd.DataFrame:
    """The ledger as a table (evidence as text), in the published column order."""
    rows = []
    for entry in entries:
        record = entry.record()
        record["evidence"] = "; ".join(_evidence_text(item) for item in record["evidence"])
        rows.append(record)
    return pd.DataFrame(rows, columns=PUBLISHED_FIELDS)


def _evidence_text(item: dict) -> str:
    if "table" in item:
        return f"{item['table']} row {item['row']} ({item['id']})"
    return f"reference:{item['reference']}"


def ledger_json(entries: list[Entry]) -> str:
    """``data/claims.json``: the checked ledger, one object per claim."""
    payload = {
        "title": "The DeepSeek shock, fact-checked: claims ledger",
        "verdicts": {**VERDICTS, PENDING: "No verdict yet: the theme's chapter has not been written."},
        "themes": THEMES,
        "claims": [e.record() for e in entries],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def ledger_csv(entries: list[Entry]) -> str:
    """``data/claims.csv`` as published (evidence flattened to text)."""
    buffer = io.StringIO()
    ledger_frame(entries).to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return buffer.getvalue()


def scorecard(entries: list[Entry]) -> pd.DataFrame:
    """Claims per article and verdict (long format, every combination present, zeros kept)."""
    frame = pd.DataFrame([{"seed": e.claim.seed, "article": e.article, "verdict": e.verdict} for e in entries])
    counts = frame.groupby(["seed", "article", "verdict"]).size().rename("claims").reset_index()
    grid = pd.MultiIndex.from_product(
        [sorted(frame["seed"].unique()), VERDICT_ORDER], names=["seed", "verdict"]
    ).to_frame(index=False)
    labels = frame.drop_duplicates("seed").set_index("seed")["article"]
    grid["article"] = grid["seed"].map(labels)
    merged = grid.merge(counts, on=["seed", "article", "verdict"], how="left").fillna({"claims": 0})
    merged["claims"] = merged["claims"].astype(int)
    return merged[["seed", "article", "verdict", "claims"]]


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
