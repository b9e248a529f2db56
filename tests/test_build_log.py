"""A quiet build: per-chapter progress, no kernel transport warning, no configuration dumps.

``./book build`` keeps what the build printed in ``_build/build.log``; every line of it must
be one that :data:`deepseek_factcheck.site.build_log.EXPECTED` allows. The reproducibility
test (``tests/test_reproducible.py``) holds its own clean build (a plain ``jupyter-book
build``) to the same list.
"""

from __future__ import annotations

import logging
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient

from deepseek_factcheck.site import build_log, kernels

from .conftest import ROOT

LOG = ROOT / "_build" / "build.log"
KERNEL_WARNING = ("[IPKernelApp] WARNING | Kernel is running over TCP without encryption. All communication "
                  "(including code and outputs) is sent in plain text and is susceptible to eavesdropping.")
CONFIG_DUMP = "\x1b[01mmyst v3.0.1:\x1b[39;49;00m MdParserConfig(commonmark_only=False, gfm_only=False)"


def book_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return sorted([toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]])


def check_build_output(text: str) -> None:
    """Fail on any line the allow-list does not name; on a clean build, every page's progress must show."""
    unexpected = build_log.unexpected_lines(text)
    assert not unexpected, "the build printed lines outside the allow-list:\n" + "\n".join(unexpected[:20])
    if "[new config]" in text:  # a build from scratch reads every page
        assert sorted(build_log.progress_pages(text)) == book_pages()


def test_the_allow_list_passes_progress_and_catches_noise():
    progress = ("\x1b[01mreading sources... \x1b[39;49;00m[  8%] \x1b[35mchapters/background\x1b[39;49;00m\n"
                "/work/x/chapters/background.md: Executed notebook in 6.54 seconds [mystnb]\n\nbuild succeeded.\n")
    assert build_log.unexpected_lines(progress) == []
    assert build_log.progress_pages(progress) == ["chapters/background"]
    assert build_log.unexpected_lines(progress + KERNEL_WARNING + "\n") == [KERNEL_WARNING]
    assert build_log.unexpected_lines(CONFIG_DUMP) == ["myst v3.0.1: MdParserConfig(commonmark_only=False, gfm_only=False)"]
    elsewhere = ("The HTML pages are in ../../tmp/pytest-of-root/book/_build/html.\n"
                 "    ../../tmp/pytest-of-root/book/_build/html/index.html\nreading sources... \nno targets are out of date.\n")
    assert build_log.unexpected_lines(elsewhere) == []  # a build of another folder; a rebuild with nothing to do
    warning = "/work/x/chapters/market.md:12: WARNING: undefined label: 'nowhere'"
    assert build_log.unexpected_lines(progress + warning) == [warning]


def test_configuration_dumps_are_dropped_and_other_messages_kept(caplog):
    build_log.quiet_configuration_dumps()
    build_log.quiet_configuration_dumps()  # twice: one filter, not two
    assert len(logging.getLogger("sphinx.myst_nb.sphinx_ext").filters) == 1
    with caplog.at_level(logging.INFO):
        logging.getLogger("sphinx.myst_parser.sphinx_ext.main").info("\x1b[01mmyst v%s:\x1b[39;49;00m %s", "3.0.1", "MdParserConfig()")
        logging.getLogger("sphinx.myst_nb.sphinx_ext").info("myst-nb v%s: %s", "1.4.0", "NbParserConfig()")
        logging.getLogger("sphinx.myst_nb.sphinx_ext").info("myst-nb configuration invalid: %s", "x")
    assert [r.getMessage() for r in caplog.records] == ["myst-nb configuration invalid: x"]


def test_chapter_kernels_run_over_ipc_without_the_transport_warning(tmp_path, monkeypatch, capfd):
    """A notebook run the way jupyter-cache runs one (nbclient, kernel in the notebook's folder)."""
    kernels.use_ipc_kernels()
    chapter_folder = tmp_path / "chapters"
    chapter_folder.mkdir()
    monkeypatch.chdir(tmp_path)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import os; print(os.getcwd())")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(nb, resources={"metadata": {"path": str(chapter_folder)}}, timeout=60)
    managers = []
    client.on_notebook_start = lambda notebook: managers.append(client.km)
    client.execute()
    km = managers[0]
    assert isinstance(km, kernels.IPCKernelManager) and km.transport == "ipc"
    assert nb.cells[0].outputs[0]["text"].strip() == str(chapter_folder)
    assert "without encryption" not in capfd.readouterr().err
    sockets = Path(km.ip)
    assert sockets.is_absolute() and not list(tmp_path.rglob("kernel-*"))  # never in the book's folders
    assert not list(sockets.parent.glob(sockets.name + "-*"))  # removed when the kernel stopped


@pytest.mark.built
def test_the_last_build_printed_only_expected_lines(site):
    if not LOG.is_file():
        pytest.fail("no _build/build.log: build with `./book build`, which keeps what the build printed")
    check_build_output(LOG.read_text(encoding="utf-8"))
