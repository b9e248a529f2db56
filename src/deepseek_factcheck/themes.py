"""The whole book's ledger: every theme's checks registered, every claim judged.

The ledger knows no theme (:mod:`deepseek_factcheck.ledger`); each theme registers its checks
when its ``checks`` module is imported. This module imports them all, so its
:func:`build_ledger` is the one chapters, the site and the scripts call.
"""

from __future__ import annotations

from pathlib import Path

from .articles.loading import Article
from .background import checks as _background_checks  # noqa: F401 (registers the checks)
from .censorship import checks as _censorship_checks  # noqa: F401
from .cost import checks as _cost_checks  # noqa: F401
from .export_controls import checks as _export_controls_checks  # noqa: F401
from .ledger import build
from .ledger.build import Entry, load_evidence
from .market import checks as _market_checks  # noqa: F401

__all__ = ["build_ledger", "load_evidence"]


def build_ledger(root: Path | None = None, articles: list[Article] | None = None) -> list[Entry]:
    """Every claim, located and judged by its theme's check, in id order."""
    return build.build_ledger(root, articles)
