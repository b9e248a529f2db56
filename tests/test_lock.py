"""The lock file installs on every supported Python without a compiler.

``uv.lock`` must give every package that a Linux machine installs, on each Python version
that ``requires-python`` admits (3.11, 3.12 and 3.13), a wheel for that version (a CPython
wheel, an ``abi3`` wheel old enough, or a pure-Python ``py3-none-any`` wheel). A package with
only a source distribution would need building, often with a compiler that a fresh Debian
does not have; one whose sdist is known to build without a compiler can be listed in
``PURE_SDISTS`` with a reason. The packages installed are found by walking the lock's
dependency graph from the project (its dependencies and the dev group, which ``./book``
installs), evaluating each dependency's environment marker for the Python version and
platform at hand.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import parse_wheel_filename

from .conftest import ROOT

SUPPORTED = ((3, 11), (3, 12), (3, 13))
# Machines the book is built on: Debian 12 (glibc 2.36) and 13 (glibc 2.41), x86-64 and arm64.
GLIBC = (2, 36)
MACHINES = ("x86_64", "aarch64")
# Packages whose source distribution builds with no compiler, each with its reason. None so far.
PURE_SDISTS: dict[str, str] = {}


def read_lock(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def platform_tags(machine: str, glibc: tuple[int, int] = GLIBC) -> list[str]:
    """The platform tags a Linux machine with this glibc accepts, newest first."""
    major, newest = glibc
    tags = [f"manylinux_{major}_{minor}_{machine}" for minor in range(newest, 4, -1)]
    legacy = {"manylinux2014": 17, "manylinux2010": 12, "manylinux1": 5}
    tags += [f"{name}_{machine}" for name, minor in legacy.items() if minor <= newest]
    return tags + [f"linux_{machine}"]


def accepted_tags(version: tuple[int, int], machine: str) -> set[Tag]:
    """Every wheel tag that CPython ``version`` on Linux ``machine`` installs."""
    platforms = platform_tags(machine)
    return set(cpython_tags(version, platforms=platforms)) | set(compatible_tags(version, f"cp{version[0]}{version[1]}", platforms))


def environment(version: tuple[int, int], machine: str) -> dict[str, str]:
    """The marker environment of CPython ``version`` on Linux ``machine``."""
    full = f"{version[0]}.{version[1]}.99"  # the newest patch release: markers on 3.11.5 and the like
    return {
        "python_version": f"{version[0]}.{version[1]}", "python_full_version": full,
        "implementation_name": "cpython", "platform_python_implementation": "CPython",
        "sys_platform": "linux", "os_name": "posix", "platform_system": "Linux",
        "platform_machine": machine, "platform_release": "", "platform_version": "", "implementation_version": full,
        "extra": "",
    }


def installed(lock: dict, version: tuple[int, int], machine: str, root: str = "deepseek-factcheck") -> set[str]:
    """The packages the lock installs for the project (dependencies and every dependency group)."""
    packages = {p["name"]: p for p in lock["package"]}
    env = environment(version, machine)
    project = packages[root]
    todo = list(project.get("dependencies", []))
    for group in project.get("dev-dependencies", {}).values():
        todo += group
    found: set[str] = set()
    while todo:
        dep = todo.pop()
        if "marker" in dep and not Marker(dep["marker"]).evaluate(env):
            continue
        package = packages[dep["name"]]
        for extra in dep.get("extra", []):
            todo += package.get("optional-dependencies", {}).get(extra, [])
        if dep["name"] not in found:
            found.add(dep["name"])
            todo += package.get("dependencies", [])
    return found


def lacking_wheels(lock: dict, version: tuple[int, int], machine: str, root: str = "deepseek-factcheck") -> list[str]:
    """Each installed package with no wheel for this Python and machine (and no pure sdist listed)."""
    accepted = accepted_tags(version, machine)
    packages = {p["name"]: p for p in lock["package"]}
    missing = []
    for name in sorted(installed(lock, version, machine, root)):
        package = packages[name]
        if "editable" in package.get("source", {}) or name in PURE_SDISTS:
            continue
        wheels = [w["url"].rsplit("/", 1)[-1] for w in package.get("wheels", [])]
        if not any(parse_wheel_filename(w)[3] & accepted for w in wheels):
            missing.append(f"{name} {package['version']} on Python {version[0]}.{version[1]} {machine}")
    return missing


def supported_versions(requires_python: str) -> list[tuple[int, int]]:
    """The Python 3 minor versions a ``requires-python`` specifier admits (3.0 to 3.29)."""
    spec = SpecifierSet(requires_python)
    return [(3, minor) for minor in range(30) if spec.contains(f"3.{minor}.0") or spec.contains(f"3.{minor}.99")]


def test_requires_python_and_the_lock_admit_exactly_the_supported_versions():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert supported_versions(project["requires-python"]) == list(SUPPORTED)
    assert supported_versions(read_lock(ROOT / "uv.lock")["requires-python"]) == list(SUPPORTED)


def test_book_script_knows_the_supported_versions():
    script = (ROOT / "book").read_text(encoding="utf-8")
    versions = re.search(r'^SUPPORTED="([^"]*)"', script, re.M)
    assert versions, "./book names the supported Python versions in SUPPORTED=\"...\""
    assert versions.group(1).split() == [f"{a}.{b}" for a, b in reversed(SUPPORTED)]


@pytest.mark.parametrize("machine", MACHINES)
@pytest.mark.parametrize("version", SUPPORTED, ids=lambda v: f"py{v[0]}{v[1]}")
def test_every_locked_package_has_a_wheel(version, machine):
    lock = read_lock(ROOT / "uv.lock")
    assert len(installed(lock, version, machine)) > 50  # the walk reached the whole graph
    assert lacking_wheels(lock, version, machine) == []


def test_the_check_catches_a_package_without_a_wheel():
    """A made-up lock: one package with a CPython 3.11 wheel only, one pure, one with an sdist only."""
    base = "https://files.example/packages/"
    lock = {"package": [
        {"name": "book", "version": "1", "source": {"editable": "."},
         "dependencies": [{"name": "fast"}, {"name": "pure"}, {"name": "built"}, {"name": "windows-only", "marker": "sys_platform == 'win32'"}]},
        {"name": "fast", "version": "2.0", "wheels": [{"url": base + "fast-2.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"}]},
        {"name": "pure", "version": "1.0", "wheels": [{"url": base + "pure-1.0-py3-none-any.whl"}]},
        {"name": "built", "version": "0.1", "sdist": {"url": base + "built-0.1.tar.gz"}},
        {"name": "windows-only", "version": "9", "sdist": {"url": base + "windows_only-9.tar.gz"}},
    ]}
    assert installed(lock, (3, 12), "x86_64", root="book") == {"fast", "pure", "built"}
    missing = {v: _lacking(lock, v) for v in SUPPORTED}
    assert missing[(3, 11)] == ["built 0.1 on Python 3.11 x86_64"]
    assert missing[(3, 12)] == ["built 0.1 on Python 3.12 x86_64", "fast 2.0 on Python 3.12 x86_64"]
    # an abi3 wheel built for 3.8 serves every later version; a wheel for a newer glibc does not
    lock["package"][1]["wheels"] = [{"url": base + "fast-2.0-cp38-abi3-manylinux_2_17_x86_64.whl"},
                                    {"url": base + "fast-2.0-cp313-cp313-manylinux_2_39_x86_64.whl"}]
    assert _lacking(lock, (3, 13)) == ["built 0.1 on Python 3.13 x86_64"]
    lock["package"][1]["wheels"] = [{"url": base + "fast-2.0-cp313-cp313-manylinux_2_39_x86_64.whl"}]
    assert "fast 2.0 on Python 3.13 x86_64" in _lacking(lock, (3, 13))


def _lacking(lock: dict, version: tuple[int, int]) -> list[str]:
    return lacking_wheels(lock, version, "x86_64", root="book")


def test_supported_versions_reads_the_specifier():
    assert supported_versions(">=3.11,<3.14") == [(3, 11), (3, 12), (3, 13)]
    assert supported_versions("==3.11.*") == [(3, 11)]
    assert supported_versions(">=3.12") == [(3, minor) for minor in range(12, 30)]
