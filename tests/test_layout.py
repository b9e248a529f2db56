"""The package's layout: imports run one way, down the layers, and never in a cycle.

The layers, lowest first (see ``src/deepseek_factcheck/__init__.py``): ``core``, ``articles``,
``ledger``, the themes (one package each, none importing another), ``themes.py`` (every
theme's checks together), and ``site``, which nothing in the package imports. Every import is
read from the source with ``ast``, including imports inside functions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = "deepseek_factcheck"
LAYERS = {"core": 0, "articles": 1, "ledger": 2, "themes": 4, "site": 5}
THEME_LAYER = 3
THEMES = ("market", "cost", "export_controls", "censorship", "background")


def module_name(path: Path, source_root: Path) -> str:
    parts = list(path.relative_to(source_root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, source_root: Path) -> list[tuple[int, str]]:
    """Every module of the package that the file imports: ``(line, module)``, relative imports resolved.

    ``from . import x`` counts as an import of ``pkg.x`` when ``x`` is a module, else of ``pkg``."""
    name = module_name(path, source_root)
    is_package = path.name == "__init__.py"
    package = name.split(".") if is_package else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.split(".")[0] == PACKAGE]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != PACKAGE:
                continue
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                as_module = source_root / Path(*candidate.split("."))
                is_module = as_module.with_suffix(".py").is_file() or (as_module / "__init__.py").is_file()
                found.append((node.lineno, candidate if is_module else target))
    return found


def layer_of(module: str) -> tuple[int, str]:
    """``(layer, unit)`` of a module: the unit is the top folder (or module) under the package."""
    parts = module.split(".")
    if len(parts) == 1:
        return -1, ""  # the package itself: its __init__ imports nothing
    unit = parts[1]
    if unit in THEMES:
        return THEME_LAYER, unit
    if unit in LAYERS:
        return LAYERS[unit], unit
    raise AssertionError(f"{module}: {unit!r} is in no layer: add it to the layers in tests/test_layout.py and the package docstring")


def wrong_way_imports(source_root: Path) -> list[str]:
    """Each import that runs up the layers, across themes, or into the site from outside it."""
    problems = []
    for path in sorted((source_root / PACKAGE).rglob("*.py")):
        importer = module_name(path, source_root)
        if importer == PACKAGE:
            if imports_of(path, source_root):
                problems.append(f"{path.relative_to(source_root)}: the package's __init__ imports nothing")
            continue
        layer, unit = layer_of(importer)
        for line, imported in imports_of(path, source_root):
            their_layer, their_unit = layer_of(imported)
            where = f"{path.relative_to(source_root)}:{line} imports {imported}"
            if their_unit == "site" and unit != "site":
                problems.append(f"{where}: nothing outside site/ imports the site")
            elif their_layer > layer:
                problems.append(f"{where}: an import up the layers ({unit} is below {their_unit})")
            elif layer == THEME_LAYER and their_layer == THEME_LAYER and their_unit != unit:
                problems.append(f"{where}: one theme imports another")
    return problems


def import_cycles(source_root: Path) -> list[list[str]]:
    """The import cycles between the package's modules (each as the list of modules around it)."""
    graph: dict[str, set[str]] = {}
    for path in (source_root / PACKAGE).rglob("*.py"):
        importer = module_name(path, source_root)
        graph.setdefault(importer, set()).update(m for _, m in imports_of(path, source_root) if m != importer)
    cycles, done, stack = [], set(), []

    def visit(module: str) -> None:
        if module in stack:
            cycles.append(stack[stack.index(module):] + [module])
            return
        if module in done:
            return
        stack.append(module)
        for imported in sorted(graph.get(module, ())):
            visit(imported)
        stack.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)
    return cycles


def test_imports_run_down_the_layers():
    assert wrong_way_imports(ROOT / "src") == []


def test_no_import_cycles():
    assert import_cycles(ROOT / "src") == []


def test_every_folder_of_the_package_says_what_it_is():
    for init in sorted((ROOT / "src" / PACKAGE).rglob("__init__.py")):
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring and len(docstring.split()) >= 12, f"{init.relative_to(ROOT)} needs a docstring saying what the folder holds"


def test_every_layer_and_theme_is_a_folder_of_the_package():
    folders = {p.name for p in (ROOT / "src" / PACKAGE).iterdir() if (p / "__init__.py").is_file()}
    assert folders == (set(LAYERS) - {"themes"}) | set(THEMES)
    assert (ROOT / "src" / PACKAGE / "themes.py").is_file()


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"__init__.py": "", **files}.items():
        path = tmp_path / PACKAGE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


@pytest.mark.parametrize(
    "files, expected",
    [
        ({"ledger/__init__.py": "", "ledger/build.py": "from ..market import prices\n",
          "market/__init__.py": "", "market/prices.py": ""}, "an import up the layers"),
        ({"market/__init__.py": "", "market/checks.py": "def f():\n    from ..cost import analysis\n",
          "cost/__init__.py": "", "cost/analysis.py": ""}, "one theme imports another"),
        ({"themes.py": "import deepseek_factcheck.site.publish\n", "site/__init__.py": "", "site/publish.py": ""},
         "nothing outside site/ imports the site"),
        ({"core/__init__.py": "", "core/text.py": "from deepseek_factcheck.articles.loading import Article\n",
          "articles/__init__.py": "", "articles/loading.py": ""}, "an import up the layers"),
    ],
)
def test_the_layout_check_finds_an_import_the_wrong_way(tmp_path, files, expected):
    problems = wrong_way_imports(_package(tmp_path, files))
    assert len(problems) == 1 and expected in problems[0], problems


def test_the_layout_check_accepts_imports_down_and_within_a_theme(tmp_path):
    root = _package(tmp_path, {
        "core/__init__.py": "", "core/tables.py": "",
        "ledger/__init__.py": "", "ledger/checks.py": "from ..core.tables import x\n",
        "market/__init__.py": "", "market/analysis.py": "",
        "market/checks.py": "from . import analysis as market\nfrom ..ledger.checks import check\n",
        "site/__init__.py": "", "site/publish.py": "from ..themes import build_ledger\n", "themes.py": "from .market import checks\n",
    })
    assert wrong_way_imports(root) == []
    assert import_cycles(root) == []


def test_the_layout_check_finds_a_cycle(tmp_path):
    root = _package(tmp_path, {
        "site/__init__.py": "", "site/publish.py": "from .ledger_html import x\n", "site/ledger_html.py": "from .publish import y\n",
    })
    assert import_cycles(root) == [[f"{PACKAGE}.site.ledger_html", f"{PACKAGE}.site.publish", f"{PACKAGE}.site.ledger_html"]]
