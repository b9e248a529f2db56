"""``./book`` picks a supported Python, and says in one sentence what to install when there is none.

Each case runs ``./book python`` (which only chooses the interpreter) with a PATH of stand-in
interpreters: shell scripts that answer any question with their version, as a real one
answers the script's version question.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT


def run_book(tmp_path: Path, pythons: dict[str, str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``./book python`` with a PATH holding only ``dirname`` and the stand-ins ``{name: version}``."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    os.symlink(shutil.which("dirname"), bin_dir / "dirname")
    for name, version in pythons.items():
        stand_in = bin_dir / name
        stand_in.write_text(f"#!/bin/sh\necho {version}\n")
        stand_in.chmod(0o755)
    full_env = {"PATH": str(bin_dir), "HOME": str(tmp_path), **(env or {})}
    return subprocess.run(["/bin/sh", str(ROOT / "book"), "python"], capture_output=True, text=True, env=full_env, timeout=30)


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_python3_is_used_when_supported(tmp_path, version):
    result = run_book(tmp_path, {"python3": version, "python3.11": "3.11"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{tmp_path}/bin/python3 (Python {version})"


def test_the_newest_supported_python_on_the_path_is_found(tmp_path):
    result = run_book(tmp_path, {"python3": "3.10", "python3.11": "3.11", "python3.12": "3.12"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{tmp_path}/bin/python3.12 (Python 3.12)"


@pytest.mark.parametrize("pythons, says", [
    ({"python3": "3.10"}, "python3 is Python 3.10"),
    ({"python3": "3.14", "python3.10": "3.10"}, "python3 is Python 3.14"),
    ({}, "python3 is missing"),
])
def test_without_a_supported_python_it_says_what_to_install(tmp_path, pythons, says):
    result = run_book(tmp_path, pythons)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one clean sentence, no shell error
    assert lines == [f"book: needs Python 3.11, 3.12 or 3.13, and {says}: install one (on Debian 12 or 13: apt-get install python3 python3-venv)."]


def test_an_unsupported_PYTHON_is_refused_in_one_sentence(tmp_path):
    result = run_book(tmp_path, {"python3": "3.13", "old": "3.10"}, env={"PYTHON": "old"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["book: PYTHON=old is Python 3.10; set it to a Python 3.11, 3.12 or 3.13 (or unset it)."]



def test_a_PYTHON_that_does_not_run_is_refused_in_one_sentence(tmp_path):
    result = run_book(tmp_path, {"python3": "3.13"}, env={"PYTHON": "/usr/bin/python3.11-nowhere"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "book: PYTHON=/usr/bin/python3.11-nowhere is not a Python that runs; set it to a Python 3.11, 3.12 or 3.13 (or unset it)."]
