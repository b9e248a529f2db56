"""Checks that need no evidence table."""

from __future__ import annotations

from . import Claim, Evidence, Finding, check

_REASONS = {
    "opinion": "This is a judgement, an argument or a rhetorical question, not a statement of fact; no evidence could confirm or refute it.",
    "prediction": "This is about what will or may happen; it could not be checked when it was written.",
}


@check("common.not_checkable")
def not_checkable(claim: Claim, evidence: Evidence) -> Finding:
    """Opinion and prediction: not checkable, with the reason given by the claim's kind."""
    if claim.kind not in _REASONS:
        raise ValueError(f"claim {claim.id}: common.not_checkable is for opinions and predictions, not kind {claim.kind!r}")
    return Finding("not-checkable", "", (), _REASONS[claim.kind])
