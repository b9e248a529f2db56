"""A seed holding HTML, a script and MyST syntax is shown as inert text on the built page.

Builds a copy of the book whose article 004 ends with a hostile reader comment, with only the
Sources page in its table of contents (a full build would take minutes), and reads the page.
"""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import ROOT

HOSTILE_LINES = [
    '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">',
    "```{raw} html",
    "<b>raw html via a directive</b>",
    "```",
    "{glue:text}`sources-parts` and $x^2$ math and <!-- a comment -->",
]


def _copy_book(target: Path) -> None:
    ignore = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".pytest_cache")
    shutil.copytree(ROOT, target, ignore=ignore)


def _poison_seed(book: Path) -> None:
    seeds_csv = book / "data" / "seeds.csv"
    rows = list(csv.DictReader(seeds_csv.open(encoding="utf-8", newline="")))
    row = next(r for r in rows if r["seed"] == "004")
    path = book / "seeds" / row["file"]
    data = path.read_bytes() + ("\n" + "\n".join(HOSTILE_LINES) + "\n").encode("utf-8")
    path.write_bytes(data)
    row["sha256"], row["bytes"] = hashlib.sha256(data).hexdigest(), str(len(data))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    seeds_csv.write_text(out.getvalue(), encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-article\nroot: chapters/sources\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> BeautifulSoup:
    book = tmp_path_factory.mktemp("hostile") / "book"
    _copy_book(book)
    _poison_seed(book)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    # no -W: the one-page copy has links to pages it does not build; what matters is the page
    result = subprocess.run([str(jupyter_book), "build", str(book), "--keep-going"], capture_output=True, text=True, timeout=900)
    page = book / "_build" / "html" / "chapters" / "sources.html"
    assert page.is_file(), f"the hostile copy did not build:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_hostile_markup_is_shown_as_text_and_nothing_of_it_runs(hostile_page):
    text = hostile_page.get_text()
    for line in HOSTILE_LINES:
        assert line in text, f"not shown verbatim: {line}"
    scripts = " ".join(s.get_text() for s in hostile_page.find_all("script"))
    assert "__pwned" not in scripts, "the seed's script became a script element"
    assert not hostile_page.select('img[onerror]'), "the seed's image tag became an element"
    assert not [b for b in hostile_page.find_all("b") if "raw html via a directive" in b.get_text()], "the raw directive ran"
