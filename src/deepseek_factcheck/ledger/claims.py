"""The claims ledger as curated: one row per claim as stated in an article.

``data/claims.csv`` holds what a human decided (the quote, its theme and kind, the
figure as stated, and which check judges it). What code derives is checked here: that
each quote occurs verbatim in the article's reading text at its offsets, inside the part
it names, and without overlapping another claim's quote. ``data/not_claims.csv`` lists
the numbers and dates in the article bodies that are not claims, each with a reason.

Curators fill the offsets with ``python -m deepseek_factcheck.ledger.claims fill data/claims.csv``,
which locates every quote and reports every problem at once.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from ..articles.loading import Article, load_articles
from .coverage import Mention, find_mentions

THEMES = {
    "market": "Share prices, indices, rates and oil on and around 27 January 2025",
    "cost": "What DeepSeek's models cost to train and what they cost to use",
    "export-controls": "US controls on AI chips and what DeepSeek ran on",
    "censorship": "What DeepSeek refuses to discuss, and where",
    "other": "Dates, people, announcements, rankings and events",
}
KINDS = {
    "figure": "A number, amount or percentage",
    "event": "Something that happened, or when",
    "attribution": "Who said or did what",
    "comparison": "One thing set against another",
    "ranking-record": "A place in a ranking, or a record",
    "prediction": "What will or may happen",
    "opinion": "A judgement, an argument or a rhetorical question",
}
CLAIM_PARTS = ("title", "body", "comment", "quoted-chatbot-answer")  # page furniture, bylines and prompts are never claims
# what the outlet itself published (its scorecard counts only these); comments and a pasted
# chatbot answer are claims too, shown apart
OUTLET_PARTS = ("title", "body")
NOT_CHECKABLE_KINDS = ("prediction", "opinion")


class ClaimError(ValueError):
    """A ledger row whose quote cannot be placed in its article."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def locate(article: Article, quote: str) -> Span:
    """Where ``quote`` occurs in the article's reading text; it must occur exactly once."""
    first = article.text.find(quote)
    if first < 0:
        raise ClaimError(f"seed {article.id}: quote not found verbatim in the reading text: {quote[:70]!r}")
    if article.text.find(quote, first + 1) >= 0:
        raise ClaimError(f"seed {article.id}: quote occurs more than once; quote more words: {quote[:70]!r}")
    return Span(first, first + len(quote))


def part_of_span(article: Article, span: Span) -> str | None:
    """The part a span lies wholly inside, or None if it crosses parts."""
    for part in article.parts:
        if part.start <= span.start and span.end <= part.end:
            return part.part
    return None


def claimable_mentions(article: Article) -> list[Mention]:
    """The numbers, percentages, money amounts and dates in every part of an article a claim can come
    from (:data:`CLAIM_PARTS`: headline, body, reader comments, a pasted chatbot answer)."""
    return [m for m in find_mentions(article.text) if article.part_of(m.start) in CLAIM_PARTS]


def uncovered_mentions(article: Article, spans: list[Span], excused: list[Span]) -> list[Mention]:
    """Mentions inside neither a claim's quote nor a not-claim's text."""
    covered = spans + excused
    return [m for m in claimable_mentions(article) if not any(s.start <= m.start and m.end <= s.end for s in covered)]


def fill(path: Path, not_claims: Path | None = None) -> list[str]:
    """Locate every quote in a claims CSV, write part/start/end back, return the problems found."""
    articles = {a.id: a for a in load_articles()}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    problems: list[str] = []
    spans: dict[str, list[tuple[Span, str]]] = {}
    ids: set[str] = set()
    for number, row in enumerate(rows, start=1):
        where = f"{path.name}, row {number} ({row.get('id')})"
        if row["id"] in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(row["id"])
        article = articles.get(row["seed"])
        if article is None:
            problems.append(f"{where}: no seed {row['seed']!r}")
            continue
        try:
            span = locate(article, row["quote"])
        except ClaimError as error:
            problems.append(f"{where}: {error}")
            continue
        part = part_of_span(article, span)
        if part not in CLAIM_PARTS:
            problems.append(f"{where}: quote lies in part {part!r}; claims come from {CLAIM_PARTS}")
        row.update(part=part or "", start=str(span.start), end=str(span.end))
        if row.get("theme") not in THEMES:
            problems.append(f"{where}: theme {row.get('theme')!r} not in {list(THEMES)}")
        if row.get("kind") not in KINDS:
            problems.append(f"{where}: kind {row.get('kind')!r} not in {list(KINDS)}")
        if row.get("stated") and row["stated"] not in row["quote"]:
            problems.append(f"{where}: stated {row['stated']!r} is not part of the quote")
        for other, other_id in spans.get(row["seed"], []):
            if span.start < other.end and other.start < span.end:
                problems.append(f"{where}: quote overlaps claim {other_id}")
        spans.setdefault(row["seed"], []).append((span, row["id"]))
    for column in ("part", "start", "end"):
        if column not in header:
            header.append(column)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    if not_claims is not None:
        excused: dict[str, list[Span]] = {}
        with not_claims.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=1):
                article = articles[row["seed"]]
                try:
                    span = locate(article, row["text"])
                except ClaimError as error:
                    problems.append(f"{not_claims.name}, row {number}: {error}")
                    continue
                excused.setdefault(row["seed"], []).append(span)
        for seed in sorted({row["seed"] for row in rows} | set(excused)):
            for mention in uncovered_mentions(articles[seed], [s for s, _ in spans.get(seed, [])], excused.get(seed, [])):
                context = articles[seed].text[max(0, mention.start - 40): mention.end + 40].replace("\n", " ")
                problems.append(f"seed {seed}: {mention.kind} {mention.text!r} is in no claim and not listed as a not-claim: ...{context}...")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] != "fill":
        print("usage: python -m deepseek_factcheck.ledger.claims fill CLAIMS.csv [NOT_CLAIMS.csv]", file=sys.stderr)
        return 2
    problems = fill(Path(argv[1]), Path(argv[2]) if len(argv) > 2 else None)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
