"""Where the book's folders are, wherever the code runs from.

Chapters execute with their own folder as the working directory, tests run from the
repository root, and a test may build a copy of the book elsewhere. The book root is
the nearest folder at or above the working directory that holds ``_config.yml`` and
``seeds/``; the ``DEEPSEEK_BOOK_ROOT`` environment variable overrides the search.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

ROOT_ENV = "DEEPSEEK_BOOK_ROOT"


def book_root(start: Path | None = None) -> Path:
    """Return the book's root folder, or raise FileNotFoundError naming where we looked."""
    override = os.environ.get(ROOT_ENV)
    if override:
        root = Path(override).resolve()
        if not (root / "_config.yml").is_file():
            raise FileNotFoundError(f"{ROOT_ENV}={override} has no _config.yml")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file() and (folder / "seeds").is_dir():
            return folder
    package_checkout = Path(__file__).resolve().parents[2]
    if (package_checkout / "_config.yml").is_file():
        return package_checkout
    raise FileNotFoundError(
        f"no book root (a folder with _config.yml and seeds/) at or above {here}; "
        f"set {ROOT_ENV} to the repository folder"
    )


def data_dir(root: Path | None = None) -> Path:
    return (root or book_root()) / "data"



def page_href(from_page: str, address: str) -> str:
    """A site-relative address (``data/facts.csv``, ``chapters/x.html#y``) as a link from a page.

    ``from_page`` is a page name as in ``_toc.yml`` (``"index"``, ``"chapters/ledger"``; a
    ``.md`` or ``.html`` suffix is dropped). Links are relative so the site works from any
    folder or host.
    """
    page = re.sub(r"\.(md|html)$", "", from_page.strip())
    parts = page.split("/")
    if not page or page.startswith("/") or "\\" in page or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"from_page must be a page name like 'index' or 'chapters/ledger', not {from_page!r}")
    path, sep, fragment = address.partition("#")
    if path == f"{page}.html":
        return f"#{fragment}"
    return posixpath.relpath(path, posixpath.dirname(page) or ".") + sep + fragment
