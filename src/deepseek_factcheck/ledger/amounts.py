"""The one place an amount is written for a reader: money as "$5.5bn", "$591bn", "$5.6m" or
"$340,000", counts with thousands separators, percentages, multiples as "27 times".

Every amount in an explanation, a "found" value, a margin or a robustness note goes through
:func:`amount` (or :func:`change`, for a rise or a fall), so no reader sees e-notation, a bare
5500000000 or a minus sign in front of a loss.
"""

from __future__ import annotations

import math

# money units: the symbol and what follows the amount ("a share", "per million tokens")
_CURRENCIES = {"USD": "$", "GBP": "£", "EUR": "€"}
_PER = {"share": "a share", "bbl": "a barrel"}
_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"))
_WORD_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def significant(x: float, digits: int = 3) -> str:
    """``x`` rounded to ``digits`` significant figures, with thousands separators, never in
    e-notation and without trailing zeros: 589.46 -> "589", 5.576 -> "5.58", 27.0 -> "27"."""
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    places = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    text = f"{round(x, places):,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scaled(x: float, scales, digits: int, joiner: str) -> str:
    for size, word in scales:
        if abs(x) >= size * 0.9995:
            return f"{significant(x / size, digits)}{joiner}{word}"
    return ""


def money(x: float, currency: str = "USD", digits: int = 3) -> str:
    """"$5.6m", "$591bn", "$340,000", "$118.42" (a positive magnitude)."""
    symbol = _CURRENCIES.get(currency, "")
    x = abs(x)
    text = _scaled(x, _SCALES, digits, "")
    if not text:
        text = f"{x:,.0f}" if x >= 1000 or x == int(x) else (f"{x:,.2f}" if x >= 0.01 else significant(x, 2))
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def count(x: float, digits: int = 3) -> str:
    """A count: "2,788,000", or "24.4 billion" from a billion up."""
    x = abs(x)
    return _scaled(x, _WORD_SCALES[:2], digits, " ") or (f"{x:,.0f}" if x == int(x) or x >= 100 else significant(x, digits))


def _hundredths(x: float) -> str:
    """A per cent to two decimals at most: 16.97, 8.4, 17 (a share below 0.01 keeps two significant figures)."""
    if 0 < x < 0.01:
        return significant(x, 2)
    text = f"{x:,.2f}"
    return text.rstrip("0").rstrip(".")


def amount(value: float, unit: str = "", digits: int = 3) -> str:
    """A value in a claim's or a fact's unit, as a reader writes it (always its size: say a fall
    or a rise in words, or use :func:`change`)."""
    x = abs(float(value))
    unit = (unit or "").strip()
    currency, _, per = unit.partition("/")
    symbol_unit, _, rest = unit.partition(" per ")
    if symbol_unit in _CURRENCIES and rest:  # "USD per million tokens"
        return f"{money(x, symbol_unit, digits)} per {rest}"
    if currency in _CURRENCIES:
        return money(x, currency, digits) + (f" {_PER.get(per, 'per ' + per)}" if per else "")
    if unit in ("percent", "%"):
        return f"{_hundredths(x)}%"
    if unit == "percent cheaper":
        return f"{_hundredths(x)}% cheaper"
    if unit == "points":
        return f"{_hundredths(x)} percentage points"
    if unit == "bp":
        return f"{significant(x, digits)} basis points"
    if unit == "times":
        return f"{significant(x, digits)} times"
    if unit == "ratio":
        return f"1/{significant(1 / x, digits)}" if x else "0"
    if unit in ("count", ""):
        return count(x, digits)
    if unit == "rank":
        return f"No. {count(x, digits)}"
    if unit == "shares":
        return f"{count(x, digits)} shares"
    return f"{count(x, digits)} {unit}"


def change(value: float, unit: str = "percent", digits: int = 3) -> str:
    """A signed move in words: "a fall of 16.97%", "a rise of 2.1%", "no change"."""
    if value == 0:
        return "no change"
    return f"a {'fall' if value < 0 else 'rise'} of {amount(value, unit, digits)}"


def distance_unit(unit: str) -> str:
    """The unit a difference between two values of ``unit`` is written in (percentage points for per cent)."""
    if unit == "rank":
        return "places"
    return "points" if unit in ("percent", "%", "percent cheaper") else unit
