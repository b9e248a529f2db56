"""Which chapters a build executes, and executing them several at a time.

myst-nb executes a chapter when Sphinx reads it, one after another, and keeps the result in
jupyter-cache (``execute_notebooks: cache``), whose key is the chapter's code cells only. The
book's extension adds:

* **What each chapter read** (:mod:`deepseek_factcheck.core.reads`): every execution writes a
  record under ``_build/.chapter-reads/``. At the start of a build, :func:`stale_chapters`
  compares each cached chapter's record with the book as it is now; a chapter that read
  something that has changed (a data table, a seed, a package module, its theme's slice of the
  ledger) loses its cached result and is read again. A chapter with no record is executed again.
* **Execution ahead of reading** (:func:`execute_ahead`): just before Sphinx reads the
  chapters, the ones with no cached result are executed in parallel (one kernel per core, at
  most :data:`MAX_KERNELS`) and cached exactly as myst-nb would, so that myst-nb then finds
  every result in the cache. A chapter that fails here is left to myst-nb, which executes it
  again and reports the error as usual.
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..core import reads

LOGGER = logging.getLogger(__name__)
READS_FOLDER = ".chapter-reads"  # under _build/
MAX_KERNELS = 4


def reads_file(app: Sphinx, docname: str) -> Path:
    """Where the record of what ``docname`` read is written when it is executed."""
    return Path(app.outdir).parent / READS_FOLDER / f"{docname}.json"


def _cache(app: Sphinx):
    from jupyter_cache import get_cache

    return get_cache(app.env.mystnb_config.execution_cache_path)


def clear_all(app: Sphinx) -> None:
    """Forget every cached execution and every record of reads."""
    import shutil

    shutil.rmtree(app.env.mystnb_config.execution_cache_path, ignore_errors=True)
    shutil.rmtree(Path(app.outdir).parent / READS_FOLDER, ignore_errors=True)


def stale_chapters(app: Sphinx, values: dict[str, str]) -> dict[str, list[str]]:
    """Remove the cached result of every chapter that read something changed since; return what changed, by chapter."""
    cache, root = _cache(app), Path(app.srcdir)
    stale = {}
    for record in cache.list_cache_records():
        docname = app.project.path2doc(record.uri) if record.uri else None
        if docname is None:
            continue
        path = reads_file(app, docname)
        changed = reads.changed(json.loads(path.read_text(encoding="utf-8")), root, values) if path.is_file() else ["no record of what it read"]
        if changed:
            cache.remove_cache(record.pk)
            stale[docname] = changed
    return stale


def _notebook(app: Sphinx, docname: str):
    """The chapter as myst-nb reads it (None if it is not a notebook)."""
    from myst_nb.core.read import create_nb_reader

    path = str(app.env.doc2path(docname))
    text = Path(path).read_text(encoding="utf-8")
    reader = create_nb_reader(path, app.env.myst_config, app.env.mystnb_config, text)
    return None if reader is None else reader.read(text)


def _execute(notebook, cwd: str, record: Path, timeout: int, allow_errors: bool) -> tuple[float, str]:
    """Execute ``notebook`` in place in a new kernel; its time, and the error ("" if none)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    # no timing in the cells' metadata: jupyter-cache hashes it, and myst-nb would not find the result
    client = NotebookClient(notebook, timeout=timeout, allow_errors=allow_errors, record_timing=False, resources={"metadata": {"path": cwd}})
    start = time.perf_counter()
    try:
        client.execute(env={**os.environ, reads.READS_ENV: str(record)})
    except (CellExecutionError, CellTimeoutError) as error:
        return time.perf_counter() - start, f"{type(error).__name__}"
    return time.perf_counter() - start, ""


def execute_ahead(app: Sphinx, docnames: list[str]) -> None:
    """Execute, several at a time, the chapters among ``docnames`` that have no cached result."""
    from jupyter_cache.base import CacheBundleIn

    config = app.env.mystnb_config
    if config.execution_mode != "cache" or config.execution_in_temp:
        return
    cache = _cache(app)
    todo = []
    for docname in docnames:
        notebook = _notebook(app, docname)
        if notebook is None:
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            todo.append((docname, notebook))
    if len(todo) < 2:
        return  # nothing to run side by side: myst-nb executes a single chapter itself
    timings_file = Path(app.outdir).parent / READS_FOLDER / "seconds.json"
    timings = json.loads(timings_file.read_text(encoding="utf-8")) if timings_file.is_file() else {}
    # the longest first (as last timed, else the longest source), so no kernel is left running alone at the end
    todo.sort(key=lambda item: (timings.get(item[0], 0), Path(app.env.doc2path(item[0])).stat().st_size), reverse=True)
    kernels = min(len(todo), os.cpu_count() or 1, MAX_KERNELS)
    LOGGER.info(f"executing {len(todo)} chapters, {kernels} at a time: {', '.join(name for name, _ in todo)}")
    started = time.perf_counter()
    with ThreadPoolExecutor(kernels) as pool:
        jobs = {}
        for docname, notebook in todo:
            path = Path(app.env.doc2path(docname))
            job = pool.submit(_execute, notebook, str(path.parent), reads_file(app, docname), config.execution_timeout,
                              config.execution_allow_errors)
            jobs[job] = (docname, notebook, path)
        for done, job in enumerate(as_completed(jobs), start=1):
            docname, notebook, path = jobs[job]
            seconds, error = job.result()
            if error:
                LOGGER.info(f"[{done}/{len(todo)}] {docname} failed ({error}): it is executed again as it is read, to report the error")
                continue
            cache.cache_notebook_bundle(CacheBundleIn(notebook, str(path.absolute()), data={"execution_seconds": seconds}),
                                        check_validity=False, overwrite=True)
            LOGGER.info(f"[{done}/{len(todo)}] executed {docname} in {seconds:.1f} s")
            timings[docname] = round(seconds, 1)
    timings_file.parent.mkdir(parents=True, exist_ok=True)
    timings_file.write_text(json.dumps(dict(sorted(timings.items())), indent=1) + "\n", encoding="utf-8")
    LOGGER.info(f"executed {len(todo)} chapters in {time.perf_counter() - started:.1f} s")
