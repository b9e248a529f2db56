"""Shared fixtures: the repository root, the articles, a scratch copy of the book's inputs, the built site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deepseek_factcheck.articles.loading import load_articles
from deepseek_factcheck.themes import register_checks

# Tests look checks up in the registry (ledger.checks.CHECKS); each theme registers its own when its
# checks module is imported, which themes.build_ledger does only when it judges claims.
register_checks()

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
EXECUTED = ROOT / "_build" / "jupyter_execute"
BROWSER_REPORT = pytest.StashKey[list]()  # lines the browser tests report (tests/test_browser.py)


@pytest.fixture(scope="session")
def articles():
    return {a.id: a for a in load_articles(ROOT)}


@pytest.fixture
def book_copy(tmp_path: Path) -> Path:
    """A copy of the inputs the loaders read (config, seeds, data), safe to damage."""
    for name in ("seeds", "data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    return tmp_path


@pytest.fixture(scope="session")
def site() -> Path:
    """The built site; fails (does not skip) if the book has not been built."""
    if not (SITE / "index.html").is_file():
        pytest.fail("no built site in _build/html: run `./book build` before `./book test`")
    return SITE


# `./book test` spreads the tests over workers (pytest-xdist, `--dist loadscope`: each module
# runs whole on one worker). The longest modules start first, so that they run side by side:
# the second clean build (marked slow) on one worker, the browser suite on the other, and the
# print edition's checks next; the rest fills in around them.
FIRST = ("slow", "browser", "pdf")


def pytest_collection_modifyitems(config, items):
    """On a worker, the longest tests first (see FIRST); a run on one process keeps the file order."""
    if hasattr(config, "workerinput"):
        items.sort(key=lambda item: next((i for i, mark in enumerate(FIRST) if item.get_closest_marker(mark)), len(FIRST)))


def pytest_sessionfinish(session):
    """On a worker, hand what its browser tests measured to the main process (pytest_testnodedown)."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["browser_report"] = session.config.stash.get(BROWSER_REPORT, [])


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """In the main process of an xdist run: gather each worker's browser timings for the summary."""
    node.config.stash.setdefault(BROWSER_REPORT, []).extend(getattr(node, "workeroutput", {}).get("browser_report", []))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """After the run: what the browser tests measured (load and chart times per page and width)."""
    lines = config.stash.get(BROWSER_REPORT, [])
    if lines:
        terminalreporter.section("browser timings (navigation start to load end / to all charts drawn)")
        for line in lines:
            terminalreporter.write_line(line)
