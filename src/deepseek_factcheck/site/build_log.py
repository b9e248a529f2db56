"""What a quiet build prints: progress per chapter, and nothing a rebuilder must puzzle over.

The Sphinx extension calls :func:`quiet_configuration_dumps`, which drops the two long lines
myst-parser and myst-nb log at every build (their whole configuration objects). The lines a
build may print are :data:`EXPECTED`; :func:`unexpected_lines` lists the others, which a test
fails on (``tests/test_build_log.py`` reads the log ``./book build`` keeps, and the
reproducibility test checks the output of its own clean build).
"""

from __future__ import annotations

import logging
import re

# Loggers that dump a configuration object, and the start of the message they dump it with.
CONFIG_DUMPS = {
    "sphinx.myst_parser.sphinx_ext.main": "myst v%s:",
    "sphinx.myst_nb.sphinx_ext": "myst-nb v%s:",
}

_PATH = r"\S+"
# Each line a build may print (colour codes removed, surrounding spaces ignored).
EXPECTED: list[str] = [
    # ./book and jupyter-book
    r"book: (creating \.venv with .*|syncing \.venv with uv\.lock)",
    r"Running Jupyter-Book v[\d.]+\S*",
    rf"(Source Folder|Config Path|Output Path): {_PATH}",
    r"=+",
    r"Finished generating HTML for book\.",
    r"Your book's HTML pages are here:",
    rf"\S*_build/html/",
    r"You can look at your book by opening this file in a browser:",
    rf"\S*_build/html/index\.html",
    r"Or paste this line directly into your browser bar:",
    rf"file://{_PATH}/_build/html/index\.html",
    # Sphinx and its extensions
    r"Running Sphinx v[\d.]+",
    r"loading translations \[\w+\]\.\.\. done",
    r"making output directory\.\.\. done",
    r"loading pickled environment\.\.\. done",
    rf"Using jupyter-cache at: {_PATH}",
    r"sphinx-multitoc-numbering v[\d.]+: Loaded",
    r"checking bibtex cache\.\.\. (out of date|up to date)",
    rf"parsing bibtex file {_PATH}\.\.\. parsed \d+ entries",
    r"building \[mo\]: targets for \d+ po files that are out of date",
    r"writing output\.\.\.",
    r"building \[html\]: (targets for \d+ source files that are out of date|no targets are out of date\.)",
    r"updating environment: (\[new config\] |\[config changed \('?[\w ,']*'?\) \] |\[extensions changed \('?[\w ,']*'?\) \] )?\d+ added, \d+ changed, \d+ removed",
    r"reading sources\.\.\.( \[\s*\d+%\] \S+)?",
    r"no targets are out of date\.",
    rf"{_PATH}\.md: Executing notebook using (local|temporary) CWD \[mystnb\]",
    rf"{_PATH}\.md: Executed notebook in [\d.]+ seconds \[mystnb\]",
    rf"{_PATH}\.md: Cached executed notebook: ID=\d+ \[mystnb\]",
    rf"{_PATH}\.md: Using cached notebook: ID=\d+ \[mystnb\]",
    r"looking for now-outdated files\.\.\. (none found|\d+ found)",
    # the extension's own notices: which chapters are executed again and why, and their progress (site/execution.py)
    r"the Python environment \(uv\.lock, pyproject\.toml\) changed: every chapter is executed again",
    r"\S+ is executed again: it read .+, which changed",
    r"executing \d+ chapters, \d+ at a time: .+",
    r"\[\d+/\d+\] executed \S+ in [\d.]+ s",
    r"\[\d+/\d+\] \S+ failed \(\w+\): it is executed again as it is read, to report the error",
    r"executed \d+ chapters in [\d.]+ s",
    r"pickling environment\.\.\. done",
    r"checking consistency\.\.\. done",
    r"preparing documents\.\.\. done",
    r"copying assets\.\.\.",
    r"copying (static|extra) files\.\.\. done",
    # an incremental build after an edit to a stylesheet or script under _static/ (Sphinx 7.4 says so, then "done")
    r"copying static files\.\.\. Copying the source path \S+ to \S+ will overwrite data, as a file already exists "
    r"at the destination path and the content does not match\.",
    r"done",
    r"copying assets: done",
    r"copying images\.\.\. \[\s*\d+%\] \S+",
    r"writing output\.\.\. \[\s*\d+%\] \S+",
    r"generating indices\.\.\. genindex done",
    r"writing additional pages\.\.\. search done",
    r"dumping search index in English \(code: en\)\.\.\. done",
    r"dumping object inventory\.\.\. done",
    rf"wrote the ledger and \d+ data files under {_PATH}/data",
    r"build succeeded\.",
    rf"The HTML pages are in \S*_build/html\.",
]
_EXPECTED = re.compile("|".join(f"(?:{p})" for p in EXPECTED))
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def unexpected_lines(text: str) -> list[str]:
    """The non-blank lines of a build's output that :data:`EXPECTED` does not allow."""
    lines = (_COLOUR.sub("", line).strip() for line in text.splitlines())
    return [line for line in lines if line and not _EXPECTED.fullmatch(line)]


def progress_pages(text: str) -> list[str]:
    """The pages a build reported reading (``reading sources... [ 8%] chapters/market``)."""
    return re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", _COLOUR.sub("", text))


class _DropConfigDump(logging.Filter):
    def __init__(self, message_start: str):
        super().__init__()
        self.message_start = message_start

    def filter(self, record: logging.LogRecord) -> bool:
        return self.message_start not in _COLOUR.sub("", str(record.msg))


def quiet_configuration_dumps() -> None:
    """Drop the configuration dumps of myst-parser and myst-nb (see :data:`CONFIG_DUMPS`)."""
    for name, message_start in CONFIG_DUMPS.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, _DropConfigDump) for f in logger.filters):
            logger.addFilter(_DropConfigDump(message_start))
