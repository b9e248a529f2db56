"""What the About page says about the book's makers, read from the repository, not typed.

* :func:`authors`: the team, as ``CITATION.cff`` names it.
* :func:`issue_tracker`: where readers reach the team: the issue tracker of the repository
  that ``_config.yml`` names (``repository.url``), or "" while it names none.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..core.paths import book_root


def authors(root: Path | None = None) -> list[str]:
    """The names of the book's authors in ``CITATION.cff`` (a person's given and family names, or a team's name)."""
    citation = yaml.safe_load(((root or book_root()) / "CITATION.cff").read_text(encoding="utf-8"))
    names = []
    for person in citation["authors"]:
        name = person.get("name") or " ".join(p for p in (person.get("given-names"), person.get("family-names")) if p)
        names.append(name)
    return names


def issue_tracker(root: Path | None = None) -> str:
    """The address of the repository's issue tracker (``<repository.url>/issues``), or "" if none is named."""
    config = yaml.safe_load(((root or book_root()) / "_config.yml").read_text(encoding="utf-8")) or {}
    url = ((config.get("repository") or {}).get("url") or "").rstrip("/")
    return f"{url}/issues" if url else ""
