"""The checks registry: the functions that judge claims, and what they read and return.

A check takes a :class:`Claim` and the :class:`Evidence` loaded from ``data/`` and returns
a :class:`Finding`: the verdict, the value found, the references to the evidence used
(table and row, or bibliography key) and a one- or two-sentence explanation. Each claim
in ``data/claims.csv`` names its check as ``<group>.<function>`` and passes it arguments
in ``check_args`` (``key=value; key=value``). Each theme's ``checks`` module registers its
checks with :func:`check` when it is imported (:mod:`deepseek_factcheck.themes` imports
them all); the ledger never imports a theme.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from .numbers import Numbers
from .verdicts import check_verdict

CHECKS: dict[str, Callable[["Claim", "Evidence"], "Finding"]] = {}


def check(name: str):
    """Register a check function under ``name`` (``<group>.<function>``)."""

    def register(function):
        if name in CHECKS:
            raise ValueError(f"check {name!r} is registered twice")
        CHECKS[name] = function
        return function

    return register


@dataclass(frozen=True)
class Reference:
    """Where a finding's evidence is: a row of a curated table, or a bibliography entry."""

    table: str = ""  # e.g. "facts" (data/facts.csv)
    row: int = 0  # 1 = first data row; 0 = the whole table
    key: str = ""  # the row's id, or the BibTeX key when table is ""

    def label(self) -> str:
        if not self.table:
            return f"reference {self.key}"
        return f"data/{self.table}.csv row {self.row} ({self.key})" if self.row else f"data/{self.table}.csv (all rows)"

    def as_dict(self) -> dict:
        if self.table:
            return {"table": f"data/{self.table}.csv", "row": self.row or None, "id": self.key}
        return {"reference": self.key}


@dataclass(frozen=True)
class Finding:
    verdict: str
    found: str
    evidence: tuple[Reference, ...]
    explanation: str
    rule: str = ""  # the verdict policy's rule that decided it (ledger.policy); empty: the check's default
    numbers: Numbers | None = None  # a numeric verdict's stated reading and evidence values (ledger.numbers)
    margin: str = ""  # set by the ledger from ``numbers``: how close the call was, in words
    margin_share: float | None = None  # the margin as a share of the evidence's figure (0.03 = 3%)
    robustness: str = ""  # set by the ledger from ``numbers``: "robust: ..." or "depends on ..."
    opening: str = ""  # the check's own opening sentence (both amounts by short names); empty: the rule's template

    def __post_init__(self):
        check_verdict(self.verdict)
        if not self.explanation.strip():
            raise ValueError("a finding needs an explanation")


@dataclass(frozen=True)
class Claim:
    """A ledger row as a check sees it."""

    id: str
    seed: str
    quote: str
    theme: str
    kind: str
    stated: str
    stated_value: str
    stated_unit: str
    check: str
    args: dict = field(default_factory=dict)
    article_date: dt.date | None = None
    article_date_basis: str = ""
    note: str = ""  # the row's note (a not-checkable claim's reason)


@dataclass
class Evidence:
    """The evidence tables a check may read, keyed for look-up."""

    facts: dict[str, dict]  # fact id -> row (with "_row": its 1-based row number)
    benchmarks: "pd.DataFrame"  # data/benchmarks.csv
    folder: "Path | None" = None  # the data/ folder, for :meth:`table`
    _tables: dict = field(default_factory=dict, repr=False)
    _derived: dict = field(default_factory=dict, repr=False)

    def table(self, name: str) -> "pd.DataFrame":
        """Any curated table in data/ by resource name, loaded and validated once (with a ``_row`` column: 1 = first data row)."""
        if name not in self._tables:
            from ..core.tables import load_table

            frame = load_table(name, self.folder)
            frame["_row"] = range(1, len(frame) + 1)
            self._tables[name] = frame
        return self._tables[name]

    def derived(self, name: str, compute: Callable[["Evidence"], object]):
        """What a theme computes from the tables (the market's usable prices, say), computed once
        per Evidence object by ``compute(evidence)`` and kept under ``name``."""
        if name not in self._derived:
            self._derived[name] = compute(self)
        return self._derived[name]

    def fact(self, claim: Claim) -> dict:
        key = claim.args.get("fact")
        if not key:
            raise LookupError(f"claim {claim.id}: check {claim.check} needs fact=<id> in check_args")
        if key not in self.facts:
            raise LookupError(f"claim {claim.id}: fact {key!r} is not in data/facts.csv")
        return self.facts[key]


def parse_args(text: str) -> dict:
    """``"fact=x; series=NVDA"`` -> ``{"fact": "x", "series": "NVDA"}``."""
    args = {}
    for item in filter(None, (part.strip() for part in (text or "").split(";"))):
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"check argument {item!r} is not key=value")
        args[key.strip()] = value.strip()
    return args

