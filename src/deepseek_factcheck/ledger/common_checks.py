"""What every theme's checks share: the check that needs no evidence (opinions and predictions),
and the helpers of checks that read one row of ``data/facts.csv``."""

from __future__ import annotations

import datetime as dt

from . import dates
from .checks import Claim, Evidence, Finding, Reference, check

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


def fact_refs(fact: dict) -> tuple[Reference, ...]:
    """A facts row's references: the row itself, and each bibliography key in its ``source``."""
    refs = [Reference("facts", fact["_row"], fact["id"])]
    if fact.get("source"):
        refs.extend(Reference(key=key.strip()) for key in fact["source"].split(";") if key.strip())
    return tuple(refs)


def unsupported_fact(fact: dict) -> Finding:
    """The finding for a fact recorded as not found: unsupported, with what was looked for."""
    return Finding("unsupported", "", fact_refs(fact), f"No evidence was found either way. Looked for: {fact['looked_for']}",
                   rule="searched-not-found")


def article_day(claim: Claim) -> dt.date:
    """The article's date (a relative date such as "yesterday" is read from it)."""
    if claim.article_date is None:
        raise ValueError(f"claim {claim.id}: the article's date is needed")
    return claim.article_date


def window_relation(stated: dates.DateWindow, found: dates.DateWindow) -> str:
    """``inside`` (the evidence's date lies in the stated window), ``apart`` (no overlap) or ``coarse``."""
    if stated.first <= found.first and found.last <= stated.last:
        return "inside"
    if found.last < stated.first or stated.last < found.first:
        return "apart"
    return "coarse"


def stated_window(claim: Claim) -> tuple[dates.DateWindow, str]:
    """The window of days a claim's stated date covers, and how a relative date was read (empty if stated)."""
    window = dates.stated_window(claim.stated, claim.stated_value, article_day(claim))
    if claim.stated_value:
        return window, ""
    return window, f" ({window.reading}, the article being dated {claim.article_date.isoformat()}, {claim.article_date_basis})"
