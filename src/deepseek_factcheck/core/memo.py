"""A value computed once per set of inputs and kept on disk, for every process of a build.

The ledger takes seconds to compute and every chapter shows part of it; each chapter runs in
its own kernel. :func:`memoised` keeps the value as a pickle under ``_build/.memo/``, named by
a digest of its inputs (:func:`inputs_digest`: the paths and bytes of the files it reads), so
the first process to need it computes it and the others load it; a change to any input
gives a new name, and the old file is removed. ``./book clean`` removes the folder.

Pickles are only ever read from the build folder this code wrote them to.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Callable, TypeVar

from .paths import book_root

MEMO_FOLDER = Path("_build") / ".memo"
T = TypeVar("T")


def inputs_digest(root: Path, folders=(), files=(), extra: str = "") -> str:
    """SHA-256 over the paths and bytes of ``files`` and of every file under ``folders`` (and ``extra``)."""
    digest = hashlib.sha256(extra.encode("utf-8"))
    paths = [root / name for name in files if (root / name).is_file()]
    for folder in folders:
        paths += sorted(p for p in (root / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in sorted(paths):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def memoised(name: str, digest: str, compute: Callable[[], T], root: Path | None = None) -> T:
    """``compute()``, or the value kept for ``name`` under ``digest`` by an earlier call."""
    folder = (root or book_root()) / MEMO_FOLDER
    path = folder / f"{name}-{digest[:24]}.pickle"
    if path.is_file():
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # a partial or outdated file: compute again
            pass
    value = compute()
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(partial, path)
    for old in folder.glob(f"{name}-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    return value
