"""Corrections: every verdict that changed between published editions, never typed by hand.

The published editions are named in ``_config.yml`` (``sphinx.config.book_editions``: each
edition's commit, date and a committed copy of its ``claims.json``, oldest first). The current
build is the newest edition. :func:`verdict_changes` compares each edition's ledger with the
next one's; the reason for each change comes from ``editions/reasons.csv`` (``edition,claim,reason``),
and :func:`corrections_table` fails, naming the claim, when a change has no reason or a reason
has no change.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from ..core.paths import book_root
from ..ledger.build import split_base

REASONS_FILE = "editions/reasons.csv"
CONFIG_KEY = "book_editions"


@dataclass(frozen=True)
class Edition:
    commit: str
    date: str
    claims: str  # the edition's claims.json, relative to the book's root ("" for the current build)


@dataclass(frozen=True)
class Change:
    edition: str  # the commit of the edition that made the change
    date: str
    claim: str
    old: str
    new: str


def published_editions(root: Path | None = None) -> list[Edition]:
    """The published editions named in ``_config.yml``, oldest first."""
    root = root or book_root()
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    named = ((config.get("sphinx") or {}).get("config") or {}).get(CONFIG_KEY) or []
    return [Edition(str(e["commit"]), str(e["date"]), e["claims"]) for e in named]


def edition_verdicts(edition: Edition, root: Path | None = None) -> dict[str, str]:
    """Each claim's verdict in a published edition."""
    document = json.loads(((root or book_root()) / edition.claims).read_text(encoding="utf-8"))
    return {c["id"]: c["verdict"] for c in document["claims"]}


def verdict_changes(old: dict[str, str], new: dict[str, str], edition: str, date: str) -> list[Change]:
    """The claims whose verdict changed from ``old`` to ``new``.

    A claim split into parts is compared part by part with the verdict of the id it was split
    from; claims added since are not corrections."""
    changes = []
    for claim_id, verdict in sorted(new.items()):
        before = old.get(claim_id, old.get(split_base(claim_id) or "", None))
        if before is not None and before != verdict:
            changes.append(Change(edition, date, claim_id, before, verdict))
    return changes


def load_reasons(root: Path | None = None) -> dict[tuple[str, str], str]:
    """The curated reasons, keyed by (edition, claim); fails naming the row on a bad or repeated one."""
    path = (root or book_root()) / REASONS_FILE
    reasons: dict[tuple[str, str], str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != ["edition", "claim", "reason"]:
            raise ValueError(f"{REASONS_FILE}: the columns must be edition, claim, reason, not {reader.fieldnames}")
        for number, row in enumerate(reader, start=1):
            key = (row["edition"].strip(), row["claim"].strip())
            if not all(key) or not row["reason"].strip():
                raise ValueError(f"{REASONS_FILE} row {number}: edition, claim and reason must all be given")
            if key in reasons:
                raise ValueError(f"{REASONS_FILE} row {number}: a second reason for claim {key[1]} in edition {key[0]}")
            reasons[key] = row["reason"].strip()
    return reasons


def all_changes(current: dict[str, str], current_edition: str, current_date: str, root: Path | None = None) -> list[Change]:
    """Every verdict change across the published editions and the current build, oldest first."""
    editions = published_editions(root)
    ledgers = [(e.commit, e.date, edition_verdicts(e, root)) for e in editions] + [(current_edition, current_date, current)]
    changes = []
    for (_c, _d, before), (commit, date, after) in zip(ledgers, ledgers[1:]):
        changes += verdict_changes(before, after, commit, date)
    return changes


def corrections_table(changes: list[Change], reasons: dict[tuple[str, str], str]) -> pd.DataFrame:
    """The Corrections page's table; fails on a change without a reason or a reason without a change.

    A reason is keyed by the edition that made the change; the current build's reasons use
    the edition ``next`` until it is published under its commit."""
    rows, used = [], set()
    for change in changes:
        key = next((k for k in ((change.edition, change.claim), ("next", change.claim)) if k in reasons), None)
        if key is None:
            raise ValueError(f"claim {change.claim}: its verdict changed from {change.old} to {change.new} in edition "
                             f"{change.edition}, and {REASONS_FILE} gives no reason")
        used.add(key)
        rows.append({"Date": change.date, "Edition": change.edition, "Claim": change.claim,
                     "Old verdict": change.old, "New verdict": change.new, "Why": reasons[key]})
    unused = sorted(set(reasons) - used)
    if unused:
        raise ValueError(f"{REASONS_FILE}: a reason for claim {unused[0][1]} (edition {unused[0][0]}), whose verdict did not change")
    return pd.DataFrame(rows, columns=["Date", "Edition", "Claim", "Old verdict", "New verdict", "Why"])
