"""Find every number, percentage, money amount and date in a text.

The claims ledger must be complete: each mention this scanner finds in an article's body
is either inside the quote of a ledger claim or listed in ``data/not_claims.csv`` with a
reason. The scanner is deliberately greedy (a "21st-century" or an "Olympiad" year is
found too); the not-claims table is where a human says why a mention is not a claim.

What counts as a mention (one regular expression per kind, see :data:`PATTERNS`):

* ``money``: a currency sign or word with a number or a scale word (``$6m``, ``£500
  billion``, ``$billions``, ``$12-billion``, ``a trillion dollars``);
* ``percent``: a number followed by ``%``, ``percent`` or ``per cent``;
* ``number``: any other run of digits (``10 000``, ``1/50th``, ``47th``, ``1985``), and the
  scale words ``million``, ``billion``, ``trillion``, ``hundreds of``, ``double-digit``;
* ``date``: a month or weekday name, or a relative date (``yesterday``, ``last week``,
  ``this morning``, ``earlier this year``...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"\d+(?:[.,]\d+)*(?:\s\d{3})*(?:/\d+)?(?:st|nd|rd|th)?"
_SCALE_WORDS = "trillion|billion|million|thousand|bn|tn|m|k"
_SCALE = rf"(?:{_SCALE_WORDS})\b"
_MONTHS = "January|February|March|April|June|July|August|September|October|November|December"
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_RELATIVE = (
    r"yesterday|today|tonight|tomorrow|overnight|this (?:morning|afternoon|week|month|year)"
    r"|last (?:week|month|year)|next (?:week|month|year)|earlier this (?:week|month|year)"
)

PATTERNS = {
    "money": re.compile(
        rf"[$£€]\s?(?:{_NUMBER}(?:(?:-|\s)?{_SCALE})?|(?:trillion|billion|million)s?\b)"
        rf"|\b(?:a|one)\s(?:trillion|billion|million)\s(?:dollars|pounds|euros)"
        rf"|\b{_NUMBER}\s?(?:{_SCALE}\s)?(?:dollars|pounds|euros|yuan)\b",
        re.I,
    ),
    "percent": re.compile(rf"{_NUMBER}\s?(?:%|percent\b|per cent\b)", re.I),
    "date": re.compile(rf"\b(?:{_MONTHS}|{_WEEKDAYS}|{_RELATIVE})\b", re.I),
    "number": re.compile(rf"(?<![\w.]){_NUMBER}(?:\s?{_SCALE})?|\b(?:trillion|billions?|millions?|hundreds of|double-digit)\b", re.I),
}


@dataclass(frozen=True)
class Mention:
    """A number, percentage, money amount or date found in a text (offsets end-exclusive)."""

    kind: str
    start: int
    end: int
    text: str


def find_mentions(text: str) -> list[Mention]:
    """Every mention in ``text``, in order; where kinds overlap, the earlier kind in :data:`PATTERNS` wins."""
    taken: list[tuple[int, int]] = []
    found: list[Mention] = []
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(text):
            start, end = match.span()
            while end > start and text[end - 1] in " -":
                end -= 1
            if end == start or any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            found.append(Mention(kind, start, end, text[start:end]))
    return sorted(found, key=lambda m: m.start)
