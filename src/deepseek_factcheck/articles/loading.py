"""An article ready to read: seed, parts, reading text, and summaries for the book's tables."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from .parts import PARTS, Segment, split_parts
from .reading import REPAIR_RULES, ReadingText, repair
from .seeds import Seed, load_seeds


@dataclass(frozen=True)
class Part:
    """A segment located in the reading text."""

    part: str
    start: int  # reading-text offsets
    end: int
    raw_start: int  # raw-text character offsets
    raw_end: int
    rule: str


class Article:
    """One seed with its parts and repaired reading text."""

    def __init__(self, seed: Seed):
        self.seed = seed
        self.raw = seed.raw_text
        self.segments: list[Segment] = split_parts(self.raw, title=seed.meta["title"] or "")
        self.reading: ReadingText = repair(self.raw, self.segments)

    @property
    def id(self) -> str:
        return self.seed.seed

    @property
    def text(self) -> str:
        return self.reading.text

    @cached_property
    def parts(self) -> list[Part]:
        located = []
        for s in self.segments:
            start = self.reading.to_reading(s.start)
            end = self.reading.to_reading(s.end, before_insertions=True)
            # a repair inserted at the very end of a segment (a restored full stop) belongs to it
            for r in self.reading.repairs:
                if r.raw_start == r.raw_end == s.end and r.rule != "joined-lines":
                    end = self.reading.reading_start(r) + len(r.after)
            located.append(Part(s.part, start, end, s.start, s.end, s.rule))
        return located

    def part_text(self, part: str) -> str:
        """All segments of one part, in order, one per line."""
        return "\n".join(self.text[p.start:p.end] for p in self.parts if p.part == part)

    @property
    def body(self) -> str:
        return self.part_text("body")

    def part_of(self, offset: int) -> str | None:
        """The part a reading-text offset falls in (None for blank lines between parts)."""
        for p in self.parts:
            if p.start <= offset < p.end:
                return p.part
        return None

    def repairs_table(self) -> pd.DataFrame:
        """Every repair: where (reading and raw offsets, raw byte), before, after, rule, part."""
        rows = []
        for r in self.reading.repairs:
            start = self.reading.reading_start(r)
            rows.append(
                {
                    "reading_offset": start,
                    "raw_offset": r.raw_start,
                    "raw_byte": self.reading.raw_byte_offset(r.raw_start),
                    "before": r.before,
                    "after": r.after,
                    "rule": r.rule,
                    "part": self.part_of(start) or self.part_of(max(start - 1, 0)),
                    "context": self.text[max(0, start - 25): start + len(r.after) + 25].replace("\n", " ⏎ "),
                }
            )
        return pd.DataFrame(rows, columns=["reading_offset", "raw_offset", "raw_byte", "before", "after", "rule", "part", "context"])


def load_articles(root: Path | None = None) -> list[Article]:
    """Every seed, verified, split and repaired, in id order."""
    return [Article(seed) for seed in load_seeds(root)]


def words(text: str) -> int:
    return len(text.split())


def articles_table(articles: list[Article]) -> pd.DataFrame:
    """One row per article: metadata, size and how much of it is body text."""
    rows = []
    for a in articles:
        m = a.seed.meta
        rows.append(
            {
                "seed": a.id,
                "title": m["title"] or "(no headline in the file)",
                "outlet": m["outlet"],
                "byline": m["byline"] or "(not found)",
                "published": m["published"].isoformat(),
                "date_basis": m["published_basis"],
                "bytes": m["bytes"],
                "body_words": words(a.body),
                "comment_words": words(a.part_text("comment")),
                "repairs": len(a.reading.repairs),
                "sha256": m["sha256"],
            }
        )
    return pd.DataFrame(rows)


def parts_table(articles: list[Article]) -> pd.DataFrame:
    """Words and segments per article and part (the long format the charts use)."""
    rows = []
    for a in articles:
        for part in PARTS:
            segments = [p for p in a.parts if p.part == part]
            if segments:
                rows.append(
                    {
                        "seed": a.id,
                        "article": a.seed.label,
                        "part": part,
                        "segments": len(segments),
                        "words": sum(words(a.text[p.start:p.end]) for p in segments),
                        "characters": sum(p.end - p.start for p in segments),
                    }
                )
    return pd.DataFrame(rows)



def metadata_table(article: Article) -> pd.DataFrame:
    """The article's metadata as field/value/basis rows, for its Sources section."""
    m = article.seed.meta
    rows = [
        ("Headline", m["title"] or "(none in the file)", m["title_basis"]),
        ("Outlet", m["outlet"], m["outlet_basis"]),
        ("Byline", m["byline"] or "(not found)", m["byline_basis"]),
        ("Published", m["published"].isoformat(), m["published_basis"]),
        ("Date evidence", m["date_evidence"], ""),
        ("Address", m["url"] or "(not found)", m["url_basis"]),
        ("File", f"seeds/{m['file']}", ""),
        ("Size", f"{m['bytes']:,} bytes, {len(article.raw):,} characters", ""),
        ("SHA-256", m["sha256"], "checked on every build"),
    ]
    return pd.DataFrame(rows, columns=["Field", "Value", "Basis"])
