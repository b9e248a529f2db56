"""Two clean builds give the same site.

Builds a copy of the repository (working tree and git metadata, so the edition is the same)
from scratch and compares every file of its site with this checkout's ``_build/html``, which
CI builds from scratch too. What that build prints is held to the quiet build's allow-list. Slow (a whole build): marked ``slow``, run by default.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SITE
from .test_build_log import check_build_output

# Files allowed to differ, each with its reason.
ALLOWED = {
    ".buildinfo": "Sphinx's hash of the configuration includes the source folder's absolute path",
    "pdf (only in one build)": "the print edition, which `./book pdf` adds to a built site (tests/test_print_edition.py)",
}


def _differences(a: Path, b: Path, prefix: str = "") -> list[str]:
    comparison = filecmp.dircmp(a, b)
    out = [f"{prefix}{n} (only in one build)" for n in comparison.left_only + comparison.right_only]
    _, mismatch, errors = filecmp.cmpfiles(a, b, comparison.common_files, shallow=False)
    out += [f"{prefix}{n}" for n in mismatch + errors]
    for sub in comparison.common_dirs:
        out += _differences(a / sub, b / sub, f"{prefix}{sub}/")
    return out


@pytest.mark.slow
def test_a_second_clean_build_gives_the_same_site(site, tmp_path):
    copy = tmp_path / "book"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "_build", "__pycache__", ".pytest_cache"))
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run([str(jupyter_book), "build", str(copy), "-W", "-n", "--keep-going"], capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, f"the second build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    check_build_output(result.stdout + result.stderr)  # a plain jupyter-book build is quiet too
    differ = [d for d in _differences(SITE, copy / "_build" / "html") if d not in ALLOWED]
    assert not differ, "the two clean builds differ in: " + ", ".join(differ[:20])
