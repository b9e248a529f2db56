"""The About page's facts come from CITATION.cff and _config.yml."""

from __future__ import annotations

import yaml

from deepseek_factcheck.site.about import authors, issue_tracker

from .conftest import ROOT


def test_the_authors_are_citation_cffs(tmp_path):
    assert authors(ROOT) == [a["name"] for a in yaml.safe_load((ROOT / "CITATION.cff").read_text())["authors"]]
    (tmp_path / "CITATION.cff").write_text("authors:\n  - given-names: Ada\n    family-names: Lovelace\n  - name: A team\n")
    assert authors(tmp_path) == ["Ada Lovelace", "A team"]


def test_the_issue_tracker_is_the_configured_repositorys(tmp_path):
    (tmp_path / "_config.yml").write_text("repository:\n  url: https://example.org/team/book/\n")
    assert issue_tracker(tmp_path) == "https://example.org/team/book/issues"
    (tmp_path / "_config.yml").write_text("title: x\n")
    assert issue_tracker(tmp_path) == ""
