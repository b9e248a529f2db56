"""What a chapter read, so a build re-executes only the chapters an edit touches.

When the build executes a chapter, it names a file in the environment variable
:data:`READS_ENV`; the package (on import) then records, in that kernel:

* every file of the book the chapter opened for reading (a Python audit hook on ``open``),
  except what is under ``_build/``, ``.git/`` and ``.venv/``;
* the package's modules it imported (their source files);
* named values it was handed ready-made, such as its theme's slice of the ledger computed
  once per build (:func:`note_value`), and the curated tables it read from that shared
  copy rather than from disk (:func:`note_file`).

After every cell the record is written as JSON: ``{"files": {path: sha256}, "modules":
{path: sha256}, "values": {name: digest}}`` (paths relative to the book). The build
compares it with the book as it is now (:func:`changed`) and executes the chapter again
only if something it read has changed. An absent file is recorded as ``""``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from pathlib import Path

READS_ENV = "DEEPSEEK_CHAPTER_READS"
SKIPPED_FOLDERS = ("_build", ".git", ".venv", "__pycache__")
PACKAGE = Path(__file__).resolve().parents[1]  # src/deepseek_factcheck

_files: set[Path] = set()
_values: dict[str, str] = {}
_captures: list[set[Path]] = []
_paused = 0
_started = False
_hooked = False


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, or "" if there is no such file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return ""


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def recording() -> bool:
    return _started and not _paused


def note_file(path: Path) -> None:
    """Record that ``path`` was read (for a read the audit hook cannot see: a table kept in memory)."""
    path = Path(path).resolve()
    for found in _captures:
        found.add(path)
    if recording():
        _files.add(path)


def note_value(name: str, digest: str) -> None:
    """Record that the chapter was handed the value ``name`` whose content has ``digest``."""
    if recording():
        _values[name] = digest


@contextlib.contextmanager
def paused():
    """Record nothing inside (e.g. while the shared ledger is computed: the chapter gets a slice of it)."""
    global _paused
    _paused += 1
    try:
        yield
    finally:
        _paused -= 1


@contextlib.contextmanager
def capture():
    """The set of files opened for reading (or noted) inside the block, in any process.

    A value kept in memory for later use (a table, what a theme derives from tables) keeps
    this set with it and notes it again each time it is used (:func:`note_file`)."""
    _hook()
    found: set[Path] = set()
    _captures.append(found)
    try:
        yield found
    finally:
        _captures.pop()  # blocks nest: the last opened is this one


def _on_audit(event: str, args: tuple) -> None:
    if event != "open" or not (_captures or recording()):
        return
    path, mode, flags = args
    if isinstance(path, int) or path is None:
        return
    writing = any(c in (mode or "") for c in "wax+") if mode is not None else bool((flags or 0) & (os.O_WRONLY | os.O_RDWR))
    if not writing:
        note_file(Path(os.fsdecode(path)))


def _hook() -> None:
    global _hooked
    if not _hooked:
        _hooked = True
        sys.addaudithook(_on_audit)


def _book_files(root: Path) -> dict[str, str]:
    out = {}
    for path in sorted(_files):
        try:
            rel = path.relative_to(root)
        except ValueError:
            continue
        if rel.parts and rel.parts[0] in SKIPPED_FOLDERS or "__pycache__" in rel.parts or path.suffix == ".pyc":
            continue
        if path.is_dir() or path.suffix == ".py" and path.is_relative_to(PACKAGE):  # modules: see _modules
            continue
        out[rel.as_posix()] = file_digest(path)
    return out


def _modules(root: Path) -> dict[str, str]:
    out = {}
    for module in list(sys.modules.values()):
        source = getattr(module, "__file__", None)
        if not source:
            continue
        path = Path(source).resolve()
        if path.is_relative_to(PACKAGE) and path.suffix == ".py":
            out[os.path.relpath(path, root)] = file_digest(path)
    return dict(sorted(out.items()))


def record(root: Path) -> dict:
    """What this process has read so far, as written to the record file."""
    return {"files": _book_files(root), "modules": _modules(root), "values": dict(sorted(_values.items()))}


def save(*_args) -> None:
    """Write the record to the file named in :data:`READS_ENV` (atomically)."""
    target = os.environ.get(READS_ENV)
    if not target:
        return
    from .paths import book_root

    with paused():
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(record(book_root()), indent=1) + "\n", encoding="utf-8")
        os.replace(partial, path)


def start() -> None:
    """Record reads in this process if the build asked for it (idempotent; called on import of the package)."""
    global _started
    if _started or not os.environ.get(READS_ENV):
        return
    _started = True
    _hook()
    try:
        from IPython import get_ipython
    except ImportError:  # not in a kernel: save at exit only
        get_ipython = lambda: None  # noqa: E731
    shell = get_ipython()
    if shell is not None:
        shell.events.register("post_run_cell", save)
    import atexit

    atexit.register(save)


def changed(recorded: dict, root: Path, values: dict[str, str]) -> list[str]:
    """What changed since ``recorded`` was written, in plain words ("data/gpu_prices.csv"); empty if nothing.

    ``values`` holds the current digest of every named value a chapter may have been handed;
    a recorded value missing from it counts as changed."""
    out = []
    for kind in ("files", "modules"):
        for rel, digest in recorded.get(kind, {}).items():
            if file_digest(root / rel) != digest and rel not in out:
                out.append(rel if digest else f"{rel} (new)")
    for name, digest in recorded.get("values", {}).items():
        if values.get(name) != digest:
            out.append(name)
    return out
