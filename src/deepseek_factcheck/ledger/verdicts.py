"""The verdict vocabulary: the only words a claim's verdict may be, and what each means."""

from __future__ import annotations

VERDICTS = {
    "accurate": "The evidence confirms the claim at the precision it was stated with (a stated \u201c17%\u201d for a measured fall of 16.97%).",
    "inaccurate": "The evidence contradicts the claim: a figure off beyond its rounding, a wrong date, name, currency or direction, or a \u201cmore than X\u201d that was not more than X.",
    "misleading": "The fact is right in itself but attached to the wrong thing, or framed so that a reader would conclude something false (for example a final training run\u2019s rental cost presented as what it cost to develop a model).",
    "unsupported": "Checkable in principle, but no evidence was found either way; the explanation says what was looked for.",
    "not-checkable": "Opinion, prediction, rhetoric, or a question with no factual premise.",
}

PENDING = "pending"
PENDING_MEANING = "The chapter that checks this theme has not been written yet: no verdict has been given, and none is implied."


def check_verdict(value: str) -> str:
    """Return ``value`` if it is a verdict word; raise ValueError naming the vocabulary otherwise."""
    if value not in VERDICTS:
        raise ValueError(f"{value!r} is not a verdict; use one of {', '.join(VERDICTS)}")
    return value

# Every word a ledger row may show, in reading order (worst news for the claim after the best).
VERDICT_ORDER = ["accurate", "misleading", "inaccurate", "unsupported", "not-checkable", PENDING]

# Okabe–Ito hues (safe for the common colour-vision deficiencies); _static/book.css uses the
# same values for the verdict badges and marks (a test holds them together). Colour is never
# the only cue: the verdict word is always printed beside it.
VERDICT_COLOURS = {
    "accurate": "#009E73",
    "misleading": "#E69F00",
    "inaccurate": "#D55E00",
    "unsupported": "#56B4E9",
    "not-checkable": "#999999",
    PENDING: "#DDDDDD",
}
