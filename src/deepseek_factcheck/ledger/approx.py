"""How a stated figure is read: qualifiers ("about", "more than"...) and rounding.

One rule set for the whole book, so that "nearly 17%" is judged the same way in every
chapter. A stated figure becomes an :class:`Reading`: the interval of true values that
would make the statement accurate. A figure found in the evidence is then inside it
(accurate) or not (inaccurate).

The rules (see :data:`QUALIFIERS` for the words that trigger each):

* **as written** (no qualifier): the figure as rounded to its last significant digit.
  "17%" covers 16.5 to 17.5; "$589bn" covers 588.5 to 589.5 billion; "1.5%" covers 1.45 to
  1.55. A whole number ending in zeros counts as rounded to its last non-zero digit:
  "$600 million" covers 550 to 650 million, "20 months" 15 to 25 months. Years and dates
  are compared exactly, not through these rules.
* **approximately** ("about", "around", "approximately", "roughly", "some", "c"):
  its rounding or 5% of the figure either way, whichever is wider. "around 14%" covers
  13.3 to 14.7; "a factor of around 20" covers 15 to 25.
* **just below** ("nearly", "almost", "close to", "just under"): at most the figure, and below
  it by no more than its rounding or 5%, whichever is wider. "nearly 17%" covers 16.15 to 17.
* **more than** ("more than", "over", "above", "upwards of"): strictly more than the figure.
  "more than 1.5%" is inaccurate for a measured 1.46%.
* **at least**: the figure or more.
* **less than** ("less than", "under", "below", "fewer than"): strictly less.
* **at most** ("at most", "no more than", and "top" for ranks: "top ten" is rank 10 or better).
* **up to** ("up to", "as much as", "as high as"): a maximum that was reached: the figure as
  rounded, or below it by no more than its rounding or 5%. "as much as 5%" covers 4.5 to 5.5
  (a reported low of 5.2% rounds to 5%); "nearly" never allows more than the figure.
* A **range** written as two bounds (``lo..hi`` in ``stated_value``, from phrases such as
  "hundreds of billions") covers the range.

Ratios are read on one scale (the verdict policy's rule "one scale for ratios"): "27 times", "a
factor of 20", "1/50th", "less than 1% of" and "96% cheaper" each state how many times one
amount is the other, so :func:`read_multiple` converts the figure, its rounding and its hedge
to that multiple, and the tolerance of "about" applies to the multiple, never to the per cent.

Moves are signed: a stated fall of "more than 3%" is ``-3`` and compares magnitudes in the
stated direction, so a rise never confirms a stated fall.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from .amounts import count

APPROXIMATE_TOLERANCE = 0.05  # "about", "nearly", "up to": at least 5% of the figure either way

QUALIFIERS = {
    "more-than": ("more than", "over", "above", "upwards of", "in excess of"),
    "at-least": ("at least", "no less than"),
    "less-than": ("less than", "under", "below", "fewer than"),
    "at-most": ("at most", "no more than", "top", "among the top"),
    "just-below": ("nearly", "almost", "close to", "just under", "not quite"),
    "up-to": ("up to", "as much as", "as high as"),
    "approximately": ("about", "around", "approximately", "roughly", "some", "circa", "c", "an estimated", "approx"),
}
AS_WRITTEN = "as-written"
RANGE = "range"

_NUMBER_IN_TEXT = re.compile(r"\d+(?:[.,]\d+)*(?:\s\d{3})*")


@dataclass(frozen=True)
class Reading:
    """The values that would make a stated figure accurate."""

    qualifier: str
    value: float
    low: float
    high: float
    low_open: bool = False  # True: the bound itself is excluded
    high_open: bool = False

    def contains(self, found: float) -> bool:
        above = found > self.low if self.low_open else found >= self.low
        below = found < self.high if self.high_open else found <= self.high
        return above and below

    def describe(self) -> str:
        """The accepted interval in words, for explanations; a fall or a loss in positive magnitudes."""
        if self.value < 0 and self.high <= 0:
            size = Reading(self.qualifier, -self.value, -self.high, -self.low, self.high_open, self.low_open)
            return f"a fall of {size.describe()}"
        left = "more than" if self.low_open else "at least"
        right = "less than" if self.high_open else "at most"
        if math.isinf(self.high):
            return f"{left} {_plain(self.low)}"
        if math.isinf(self.low):
            return f"{right} {_plain(self.high)}"
        return f"{_plain(self.low)} to {_plain(self.high)}"


def _plain(x: float) -> str:
    """A bound for a reader: "16.5", "588.5 billion" (through the book's one amount formatter)."""
    return f"{x:,.6g}" if abs(x) < 1e6 else count(x, 6)


def qualifier_of(phrase: str) -> str:
    """The qualifier a stated phrase opens with (longest match first), or ``as-written``."""
    words = phrase.strip().lower()
    candidates = sorted(((w, q) for q, ws in QUALIFIERS.items() for w in ws), key=lambda item: -len(item[0]))
    for word, qualifier in candidates:
        if re.match(rf"{re.escape(word)}(?=[\s$£€\d.]|$)", words) or re.search(rf"\b{re.escape(word)}\b(?=\s+(?:a\s+)?(?:factor\s+of\s+)?[$£€]?\d)", words):
            return qualifier
    return AS_WRITTEN


def rounding_of(phrase: str, value: float) -> float:
    """Half a unit of the last significant digit written in ``phrase``, in ``value``'s units.

    "17%" (value 17) gives 0.5; "$589bn" (value 589e9) gives 0.5e9; "$5.6 million" gives
    0.05e6. A whole number ending in zeros is read as rounded to its last non-zero digit:
    "$600 million" gives 50e6 and "10 000" gives 5,000. A fraction "1/50th" is rounded in
    its denominator (45 to 55). A phrase without digits (a range in words) gives 0.
    """
    fraction = re.search(r"(\d+)\s*/\s*(\d+)", phrase)
    if fraction:
        numerator, denominator = int(fraction.group(1)), Decimal(fraction.group(2))
        half = float(0.5 * 10 ** denominator.normalize().as_tuple().exponent)
        d = float(denominator)
        return max(abs(value - numerator / (d + half)), abs(numerator / (d - half) - value))
    match = _NUMBER_IN_TEXT.search(phrase)
    if not match:
        return 0.0
    written = match.group().replace(" ", "").replace(",", "")
    number = Decimal(written)
    if number == 0:
        return 0.5
    exponent = number.as_tuple().exponent if "." in written else number.normalize().as_tuple().exponent
    scale = abs(value) / float(number) if value else 1.0
    return 0.5 * 10.0**exponent * scale


def parse_value(text: str) -> tuple[float, float] | float:
    """A ``stated_value`` cell: a number, or a range ``lo..hi``."""
    if ".." in text:
        low, high = text.split("..")
        return float(low), float(high)
    return float(text)


def read_stated(phrase: str, stated_value: str) -> Reading:
    """Read a stated figure (its phrase as printed and its normalised value) into a :class:`Reading`."""
    value = parse_value(stated_value)
    if isinstance(value, tuple):
        low, high = value
        return Reading(RANGE, (low + high) / 2, low, high)
    qualifier = qualifier_of(phrase)
    half = rounding_of(phrase, value)
    sign = -1.0 if value < 0 else 1.0
    size = abs(value)
    slack = max(half, APPROXIMATE_TOLERANCE * size)
    # bounds on the magnitude, then mapped back through the sign
    if qualifier == AS_WRITTEN:
        low, high, low_open, high_open = size - half, size + half, False, False
    elif qualifier == "approximately":
        low, high, low_open, high_open = size - slack, size + slack, False, False
    elif qualifier == "just-below":
        low, high, low_open, high_open = size - slack, size, False, False
    elif qualifier == "up-to":
        low, high, low_open, high_open = size - slack, size + half, False, False
    elif qualifier == "more-than":
        low, high, low_open, high_open = size, math.inf, True, False
    elif qualifier == "at-least":
        low, high, low_open, high_open = size, math.inf, False, False
    elif qualifier == "at-most":
        low, high, low_open, high_open = 0.0 if value else -math.inf, size, False, False
    elif qualifier == "less-than":
        low, high, low_open, high_open = 0.0 if value else -math.inf, size, False, True
    else:  # pragma: no cover - QUALIFIERS and this chain are kept in step by a test
        raise ValueError(f"no rule for qualifier {qualifier!r}")
    if sign > 0:
        return Reading(qualifier, value, low, high, low_open, high_open)
    return Reading(qualifier, value, -high, -low, high_open, low_open)


def judge_figure(phrase: str, stated_value: str, found: float) -> tuple[bool, Reading]:
    """Whether ``found`` makes the stated figure accurate, and the reading used."""
    reading = read_stated(phrase, stated_value)
    return reading.contains(found), reading


def overlaps(reading: Reading, low: float, high: float) -> bool:
    """Whether any value in ``[low, high]`` makes the stated figure accurate (for evidence given as a range)."""
    low, high = sorted((low, high))
    if reading.contains(low) or reading.contains(high):
        return True
    return low <= reading.low <= high or low <= reading.high <= high


# The ways of stating how two amounts compare, each convertible to one multiple (rule "one scale for ratios").
RATIO_UNITS = {
    "times": "a multiple (27 times, a factor of 20)",
    "ratio": "a fraction (1/50th)",
    "percent": "a share in per cent (less than 1% of)",
    "percent cheaper": "a saving in per cent (96% cheaper)",
}
_DECREASING = ("ratio", "percent")  # a larger fraction or share is a smaller multiple


def to_multiple(value: float, unit: str) -> float:
    """How many times the larger amount is the smaller, from a figure in one of :data:`RATIO_UNITS`."""
    if unit == "times":
        return value
    if unit == "ratio":
        return math.inf if value <= 0 else 1 / value
    if unit == "percent":
        return math.inf if value <= 0 else 100 / value
    if unit == "percent cheaper":
        return math.inf if value >= 100 else 100 / (100 - value)
    raise ValueError(f"{unit!r} is not a ratio unit ({', '.join(RATIO_UNITS)})")


def read_multiple(phrase: str, stated_value: str, unit: str) -> Reading:
    """A stated ratio read as a :class:`Reading` of the multiple it states.

    The written figure's rounding is converted (so "96% cheaper" covers 22.2 to 28.6 times, since
    95.5% to 96.5% cheaper do); "about" then allows the wider of that and 5% of the multiple. A
    bound ("less than 1% of") turns round when the unit is a fraction or a share."""
    value = parse_value(stated_value)
    if isinstance(value, tuple):
        low, high = sorted(to_multiple(v, unit) for v in value)
        return Reading(RANGE, (low + high) / 2 if math.isfinite(high) else low, low, high)
    qualifier = qualifier_of(phrase)
    half = rounding_of(phrase, value)
    multiple = to_multiple(value, unit)
    low, high = sorted((to_multiple(value - half, unit), to_multiple(value + half, unit)))
    if unit in _DECREASING:
        qualifier = {"more-than": "less-than", "less-than": "more-than", "at-least": "at-most", "at-most": "at-least"}.get(qualifier, qualifier)
    if qualifier == AS_WRITTEN:
        return Reading(qualifier, multiple, low, high)
    if qualifier == "approximately":
        slack = APPROXIMATE_TOLERANCE * multiple
        return Reading(qualifier, multiple, min(low, multiple - slack), max(high, multiple + slack))
    if qualifier == "more-than":
        return Reading(qualifier, multiple, multiple, math.inf, low_open=True)
    if qualifier == "at-least":
        return Reading(qualifier, multiple, multiple, math.inf)
    if qualifier == "less-than":
        return Reading(qualifier, multiple, 1.0, multiple, high_open=True)
    if qualifier == "at-most":
        return Reading(qualifier, multiple, 1.0, multiple)
    raise ValueError(f"no rule reads {phrase!r} ({qualifier}) as a multiple")
