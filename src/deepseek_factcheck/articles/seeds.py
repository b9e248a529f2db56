"""The five articles in ``seeds/``: checked byte for byte against ``data/seeds.csv``.

The seeds are evidence. The loader never changes them; it refuses to go on if a file
was changed, is missing, or if a file that the metadata table does not list is there.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..core.paths import book_root
from ..core.tables import load_table


class SeedIntegrityError(RuntimeError):
    """A seed file does not match the checksum and list in data/seeds.csv."""


@dataclass(frozen=True)
class Seed:
    """One article file as stored, with its metadata row."""

    seed: str
    path: Path
    raw_bytes: bytes
    meta: dict

    @property
    def raw_text(self) -> str:
        """The file decoded as UTF-8, exactly (no newline or encoding normalisation)."""
        return self.raw_bytes.decode("utf-8")

    @property
    def label(self) -> str:
        """A short name for tables and charts: outlet plus id."""
        return f"{self.seed} · {self.meta['outlet'].split(' (')[0]}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def integrity_problems(root: Path | None = None) -> list[str]:
    """Every mismatch between seeds/ and data/seeds.csv, as reader-facing messages."""
    root = root or book_root()
    folder = root / "seeds"
    table = load_table("seeds", root / "data")
    problems = []
    listed = set(table["file"])
    for row in table.itertuples():
        path = folder / row.file
        if not path.is_file():
            problems.append(f"seeds/{row.file} is missing (expected sha256 {row.sha256})")
            continue
        found = sha256(path.read_bytes())
        if found != row.sha256:
            problems.append(
                f"seeds/{row.file} has changed: expected sha256 {row.sha256}, found {found}. "
                "The seeds are evidence: restore the original file."
            )
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.name not in listed and not path.name.startswith("."):
            problems.append(
                f"seeds/{path.name} is not listed in data/seeds.csv (expected sha256: none, the file is extra); "
                "add it to the table with its checksum or remove it"
            )
    return problems


def verify_seeds(root: Path | None = None) -> None:
    """Raise SeedIntegrityError naming every changed, missing or extra seed."""
    problems = integrity_problems(root)
    if problems:
        raise SeedIntegrityError("seed check failed:\n  " + "\n  ".join(problems))


def load_seeds(root: Path | None = None) -> list[Seed]:
    """All seeds in id order, after the integrity check."""
    root = root or book_root()
    verify_seeds(root)
    table = load_table("seeds", root / "data")
    seeds = []
    for meta in table.to_dict("records"):
        path = root / "seeds" / meta["file"]
        seeds.append(Seed(seed=meta["seed"], path=path, raw_bytes=path.read_bytes(), meta=meta))
    return sorted(seeds, key=lambda s: s.seed)
