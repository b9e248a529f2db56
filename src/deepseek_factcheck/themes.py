"""The whole book's ledger: every theme's checks registered, every claim judged.

The ledger knows no theme (:mod:`deepseek_factcheck.ledger`); each theme registers its checks
when its ``checks`` module is imported. :func:`build_ledger` imports them all and judges every
claim; the scripts and tests call it.

A build computes the ledger once: :func:`shared_ledger` and :func:`shared_evidence` keep it,
with the evidence it was judged on, on disk under the digest of everything it reads
(:mod:`deepseek_factcheck.core.memo`), and every chapter loads it from there. A chapter that
asks for one theme's claims records that slice's digest (:mod:`deepseek_factcheck.core.reads`),
so an edit that changes no verdict of that theme does not execute the chapter again.
"""

from __future__ import annotations

from pathlib import Path

from .articles.loading import Article
from .core import memo, reads
from .core.paths import book_root
from .ledger import build
from .ledger.build import Entry, Evidence, load_evidence

__all__ = ["build_ledger", "load_evidence", "shared_ledger", "shared_evidence", "ledger_digest", "current_values", "LEDGER_INPUTS"]

LEDGER_INPUTS = (("data", "seeds", "src"), ("uv.lock",))  # folders and files the ledger may read


def register_checks() -> None:
    """Import every theme's checks (each registers itself with the ledger)."""
    from .background import checks as _background  # noqa: F401
    from .censorship import checks as _censorship  # noqa: F401
    from .cost import checks as _cost  # noqa: F401
    from .export_controls import checks as _export_controls  # noqa: F401
    from .market import checks as _market  # noqa: F401


def build_ledger(root: Path | None = None, articles: list[Article] | None = None, evidence: Evidence | None = None) -> list[Entry]:
    """Every claim, located and judged by its theme's check, in id order."""
    register_checks()
    return build.build_ledger(root, articles, evidence)


def _inputs(root: Path) -> str:
    """The digest of the ledger's inputs: its folders and files, the chapters there are (a theme
    without a chapter is pending) and where the book is."""
    chapters = sorted(p.name for p in (root / "chapters").glob("*.md"))
    with reads.paused():  # reading every input to name the memo is not a chapter reading them
        return memo.inputs_digest(root, *LEDGER_INPUTS, extra="\n".join([str(root), *chapters]))


_in_memory: dict[tuple[Path, str], tuple[list[Entry], Evidence]] = {}


def _shared(root: Path | None) -> tuple[list[Entry], Evidence]:
    root = (root or book_root()).resolve()
    digest = _inputs(root)
    if (root, digest) not in _in_memory:
        def compute():
            with reads.paused():  # a chapter depends on the slice it is handed, not on all the ledger read
                evidence = load_evidence(root)
                return build_ledger(root, evidence=evidence), evidence

        _in_memory.clear()
        _in_memory[root, digest] = memo.memoised("ledger", digest, compute, root)
    return _in_memory[root, digest]


def ledger_digest(entries: list[Entry]) -> str:
    """A digest of what these entries say (their claims, verdicts and explanations)."""
    return reads.text_digest(repr(entries))


def shared_ledger(theme: str | None = None, root: Path | None = None) -> list[Entry]:
    """This build's ledger (every claim, or one theme's), computed once per set of inputs."""
    entries, _ = _shared(root)
    entries = [e for e in entries if theme is None or e.claim.theme == theme]  # a new list: the kept one stays whole
    reads.note_value(f"ledger:{theme or 'all'}", ledger_digest(entries))
    return entries


def shared_evidence(root: Path | None = None) -> Evidence:
    """The evidence this build's ledger was judged on, with every table and derived value it loaded."""
    _, evidence = _shared(root)
    evidence.record_use()
    return evidence


def current_values(root: Path | None = None) -> dict[str, str]:
    """The digest of every named value a chapter may be handed (see :func:`shared_ledger`), as of now."""
    entries, _ = _shared(root)
    themes = sorted({e.claim.theme for e in entries})
    values = {"ledger:all": ledger_digest(entries)}
    values.update({f"ledger:{t}": ledger_digest([e for e in entries if e.claim.theme == t]) for t in themes})
    return values
