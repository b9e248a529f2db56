"""What a numeric verdict rests on, and how close a call it was.

A check that judges a stated figure hands the ledger a :class:`Numbers`: the stated figure's
reading (:class:`~.approx.Reading`), and every value the evidence supports, each an
:class:`Alternative` with a label (a copy of a price series, a share count, a vendor's figure,
the close or the day's extreme, a rental price). From these the ledger computes, the same way
for every claim:

* the verdict they give (:meth:`Numbers.verdict`), which must be the check's own;
* the **margin** (:func:`margin`): how far the evidence is from the nearest value at which the
  verdict would change, in the claim's units and as a share of the evidence;
* the **robustness** (:func:`robustness`): the verdict recomputed on each alternative alone,
  "robust" when each gives the same verdict, else "depends on ..." naming those that flip it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import approx
from .amounts import amount, distance_unit, significant


@dataclass(frozen=True)
class Alternative:
    """One value (or range: ``low`` to ``high``) the evidence supports, named for a reader."""

    label: str  # "Bloomberg's published figure", "the close", "the 24.4 billion shares of the 10-Q"
    low: float
    high: float
    variant: bool = False  # another copy or basis of the evidence's figure (not shown in its headline range)

    @classmethod
    def point(cls, label: str, value: float, variant: bool = False) -> "Alternative":
        return cls(label, float(value), float(value), variant)


@dataclass(frozen=True)
class Numbers:
    """A stated figure's reading and the evidence's values, in the claim's units (signed: a fall is negative).

    ``needs_all``: the claim must hold on every alternative (rule "source-ladder": one amount given
    several ways); otherwise on any (rule "precision": every value the evidence supports counts).
    ``met`` and ``missed`` are the verdicts when the reading is met and when it is missed.
    """

    reading: approx.Reading
    unit: str
    subject: str  # what the evidence measures, in words: "the S&P 500's change on 27 January 2025"
    values: tuple[Alternative, ...]
    met: str = "accurate"
    missed: str = "inaccurate"
    needs_all: bool = False
    partly: str = "unsupported"  # the verdict when a needs_all claim holds on some values only

    def __post_init__(self):
        if not self.values:
            raise ValueError(f"{self.subject}: a numeric verdict needs at least one value from the evidence")

    def meets(self, alt: Alternative) -> bool:
        return approx.overlaps(self.reading, alt.low, alt.high)

    def verdict_on(self, values: tuple[Alternative, ...]) -> str:
        hits = [self.meets(v) for v in values]
        if self.needs_all:
            return self.met if all(hits) else (self.partly if any(hits) else self.missed)
        return self.met if any(hits) else self.missed

    def verdict(self) -> str:
        return self.verdict_on(self.values)


@dataclass(frozen=True)
class Margin:
    distance: float  # in the claim's units
    share: float  # as a share of the evidence value it is measured from (0.03 = 3%)
    direction: str  # "higher" or "lower": which way the evidence would have to move
    sentence: str


def _gap(reading: approx.Reading, alt: Alternative) -> tuple[float, str, float]:
    """How far a value the reading misses is from it: distance, the way it must move, and the value's nearer end."""
    if alt.high < reading.low:
        return reading.low - alt.high, "higher", alt.high
    return alt.low - reading.high, "lower", alt.low


def _room(reading: approx.Reading, lows: list[float], highs: list[float], together: bool) -> tuple[float, str, float]:
    """How far met values can move before the reading is missed: all of them (``together`` False:
    the verdict stands while any meets) or the first of them (True: it needs every one)."""
    low_end = max(lows) if together else min(lows)
    high_end = min(highs) if together else max(highs)
    options = [(reading.high - low_end, "higher", low_end), (high_end - reading.low, "lower", high_end)]
    finite = [o for o in options if math.isfinite(o[0])]
    return min(finite, key=lambda o: o[0]) if finite else (math.inf, "", 0.0)


def _any_move(numbers: Numbers, direction: str) -> str:
    """"any larger fall", "any higher value": a move of any size, in positive magnitudes."""
    if numbers.reading.value < 0:
        return f"any {'smaller' if direction == 'higher' else 'larger'} {'loss' if numbers.unit.startswith('USD') else 'fall'}"
    return f"any {direction} value"


def _moved(numbers: Numbers, distance: float, direction: str) -> str:
    """"a fall 0.04 percentage points larger", "0.5% lower": the move, in positive magnitudes."""
    size = amount(distance, distance_unit(numbers.unit), 2)
    if numbers.reading.value < 0:  # a stated fall or loss: speak of its size
        return f"{'a loss' if numbers.unit.startswith('USD') else 'a fall'} {size} {'smaller' if direction == 'higher' else 'larger'}"
    return f"{size} {direction}"


def _capital(text: str) -> str:
    """The first letter in capitals, unless the word is a name like "o1"."""
    return text if text[1:2].isdigit() else text[:1].upper() + text[1:]


def margin(numbers: Numbers, stated: str) -> Margin | None:
    """How far the evidence is from changing the verdict, or None when no value would change it."""
    verdict = numbers.verdict()
    if verdict == numbers.met:
        distance, direction, base = _room(numbers.reading, [v.low for v in numbers.values], [v.high for v in numbers.values], numbers.needs_all)
    else:
        gaps = [_gap(numbers.reading, v) for v in numbers.values if not numbers.meets(v)]
        distance, direction, base = (max if numbers.needs_all else min)(gaps, key=lambda g: g[0])
    if not math.isfinite(distance) or not direction:
        return None
    share = distance / abs(base) if base else math.inf
    share_text = f" ({significant(share * 100, 2)}% of the evidence's figure)" if math.isfinite(share) else ""
    moved = _moved(numbers, distance, direction)
    if distance == 0:
        sentence = (f"{_capital(numbers.subject)} sits exactly at the edge of what \u201c{stated}\u201d allows: "
                    f"{_any_move(numbers, direction)} would change the verdict.")
    elif verdict == numbers.met:
        sentence = f"{_capital(numbers.subject)} could have been {moved}{share_text} before \u201c{stated}\u201d would no longer fit."
    else:
        sentence = f"{_capital(numbers.subject)} would have had to be {moved}{share_text} for \u201c{stated}\u201d to fit."
    return Margin(distance, share, direction, sentence)


def robustness(numbers: Numbers) -> str:
    """"robust: ..." when every alternative alone gives the verdict, else "depends on ...", naming
    the alternatives that give another."""
    verdict = numbers.verdict()
    if len(numbers.values) == 1:
        return "robust: the book holds no other value for this"
    alone = {v.label: numbers.verdict_on((v,)) for v in numbers.values}
    if numbers.needs_all:  # the verdict is about holding on each value: name those it fails on
        failing = [v.label for v in numbers.values if not numbers.meets(v)]
        if not failing:
            return f"robust: it holds on each of the {len(numbers.values)} values the book holds"
        return f"depends on which value is used: it does not hold on {'; '.join(failing)}"
    if set(alone.values()) == {verdict}:
        return f"robust: each of the {len(numbers.values)} values the book holds gives the same verdict"
    flips = {}
    for label, result in alone.items():
        if result != verdict:
            flips.setdefault(result, []).append(label)
    keeps = sum(result == verdict for result in alone.values())
    named = "; ".join(f"{result} on {' and on '.join(labels)}" for result, labels in flips.items())
    return f"depends on which value is used: {named} (the other {keeps} of {len(alone)} give {verdict})"
