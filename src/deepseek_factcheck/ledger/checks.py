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

from ..core import reads
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
    _read: dict = field(default_factory=dict, repr=False)  # (kind, name) -> the files it was made from

    def _kept(self, store: dict, kind: str, name: str, make: Callable[[], object]):
        """``store[name]``, made once by ``make()``; each use records the files it was made from
        (:mod:`deepseek_factcheck.core.reads`), so a chapter handed this evidence depends on them."""
        if name not in store:
            with reads.capture() as files:
                store[name] = make()
            self._read[kind, name] = files
        for path in self._read.get((kind, name), ()):
            reads.note_file(path)
        return store[name]

    def record_use(self) -> None:
        """Record, for the chapter handed this evidence, the files its facts and benchmarks came from."""
        for path in self._read.get(("base", ""), ()):
            reads.note_file(path)

    def table(self, name: str) -> "pd.DataFrame":
        """Any curated table in data/ by resource name, loaded and validated once (with a ``_row`` column: 1 = first data row)."""

        def load():
            from ..core.tables import load_table

            frame = load_table(name, self.folder)
            frame["_row"] = range(1, len(frame) + 1)
            return frame

        return self._kept(self._tables, "table", name, load)

    def derived(self, name: str, compute: Callable[["Evidence"], object]):
        """What a theme computes from the tables (the market's usable prices, say), computed once
        per Evidence object by ``compute(evidence)`` and kept under ``name``."""
        return self._kept(self._derived, "derived", name, lambda: compute(self))

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

