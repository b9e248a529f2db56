"""Numbers and lists as the book prints them in prose: one place for each format."""

from __future__ import annotations

import numpy as np


def format_value(value, spec: str = "") -> str:
    """Format a number or date the way the book prints it (``spec`` as in ``format()``)."""
    if isinstance(value, (np.integer, np.floating)):
        value = value.item()
    if isinstance(value, bool) or value is None:
        raise TypeError(f"refusing to glue {value!r}: say in words what it means")
    if spec:
        return format(value, spec)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        raise TypeError("give a format spec for a float, so the precision shown is a decision")
    return str(value)


def join_words(items: list[str]) -> str:
    """A list in prose: ``a``, ``a and b``, ``a, b and c`` (empty: ``""``)."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def count_of(n: int, singular: str, plural: str | None = None) -> str:
    """``count_of(1, "row")`` -> ``"1 row"``; ``count_of(3, "row")`` -> ``"3 rows"``."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"
