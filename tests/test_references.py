"""The bibliography: keys, links to entries, the data's citations, and the built References page."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from deepseek_factcheck.site.references import (
    MIRROR_HOSTS, UnknownReferenceError, bib_keys, bibliography_problems, citation_problems, facts_on_copies_marked_primary, host,
    is_id_safe, keys_cited_in_data, latex_text, missing_keys, reference_anchor, reference_href,
)

from .conftest import ROOT

PAGE = "chapters/references.html"
KEY = "justsecurity-2025-stargate"


@pytest.fixture
def bib_copy(book_copy: Path) -> Path:
    shutil.copy(ROOT / "references.bib", book_copy / "references.bib")
    return book_copy


def _drop_entry(root: Path, key: str) -> None:
    """Remove the entry ``key`` from root/references.bib (entries are separated by blank lines)."""
    path = root / "references.bib"
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    kept = [b for b in blocks if not b.lstrip().startswith(f"@misc{{{key},")]
    assert len(kept) == len(blocks) - 1, f"no entry {key} to drop"
    path.write_text("\n\n".join(kept), encoding="utf-8")
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 1_000_000_000))  # a new mtime even on coarse clocks


def _entry_ids(html_text: str) -> dict[str, str]:
    """id -> text of each bibliography entry on a page."""
    soup = BeautifulSoup(html_text, "html.parser")
    return {e["id"]: e.get_text(" ", strip=True) for e in soup.select('.citation-list > .citation[role="listitem"][id]')}


def _missing_on_page(html_text: str, keys) -> list[str]:
    ids = _entry_ids(html_text)
    return [key for key in keys if f"ref-{key}" not in ids]


# -- the bib file ---------------------------------------------------------------------------


def test_bib_keys_are_all_entries_unique_and_usable_as_ids():
    keys = bib_keys(ROOT)
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert len(keys) == len(re.findall(r"^@", text, re.MULTILINE))
    assert len(set(keys)) == len(keys)
    unsafe = [k for k in keys if not is_id_safe(k)]
    assert unsafe == [], f"keys docutils would rewrite in the HTML id (use a-z, 0-9, single hyphens): {unsafe}"


def test_bib_parse_skips_non_entries_and_refuses_a_repeated_key(tmp_path):
    (tmp_path / "references.bib").write_text(
        '@comment{not-a-key, x}\n@string{pub = "P"}\n@misc{a-1,\n  title = {A}\n}\n@Book( b-2 , title = {B})\n',
        encoding="utf-8",
    )
    assert bib_keys(tmp_path) == ("a-1", "b-2")
    (tmp_path / "references.bib").write_text("@misc{a-1, title={A}}\n@misc{a-1, title={B}}\n", encoding="utf-8")
    os.utime(tmp_path / "references.bib", ns=(0, 10**18))
    with pytest.raises(ValueError, match="a-1"):
        bib_keys(tmp_path)


def test_id_safety():
    assert is_id_safe("justsecurity-2025-stargate") and is_id_safe("2025-x")
    for key in ("Upper", "under_score", "double--hyphen", "trailing-", "dot.ted", "colon:key", ""):
        assert not is_id_safe(key), key


# -- links to entries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("from_page", "href"),
    [
        ("chapters/ledger", f"references.html#ref-{KEY}"),
        ("chapters/ledger.md", f"references.html#ref-{KEY}"),
        ("chapters/references", f"#ref-{KEY}"),
        ("index", f"chapters/references.html#ref-{KEY}"),
        ("index.html", f"chapters/references.html#ref-{KEY}"),
        ("appendix/deep/page", f"../../chapters/references.html#ref-{KEY}"),
    ],
)
def test_reference_href_is_relative_to_the_page(from_page, href):
    assert reference_href(KEY, from_page, ROOT) == href


def test_reference_href_refuses_an_unknown_key_and_names_the_close_one():
    with pytest.raises(UnknownReferenceError, match=r"'justsecurity-stargate' is not a key in .*references\.bib; did you mean justsecurity-2025-stargate"):
        reference_href("justsecurity-stargate", "chapters/ledger", ROOT)
    with pytest.raises(LookupError):
        reference_anchor("", ROOT)


@pytest.mark.parametrize("from_page", ["", "/chapters/ledger", "../index", "chapters//ledger", "chapters/./ledger", "chapters\\ledger"])
def test_reference_href_refuses_a_page_that_is_not_a_page_name(from_page):
    with pytest.raises(ValueError, match="from_page"):
        reference_href(KEY, from_page, ROOT)


def test_a_key_removed_from_the_bib_file_is_refused_at_once(bib_copy):
    assert reference_anchor(KEY, bib_copy) == f"ref-{KEY}"
    _drop_entry(bib_copy, KEY)  # the cache must notice the change
    with pytest.raises(UnknownReferenceError):
        reference_anchor(KEY, bib_copy)


# -- the data cites only entries that exist --------------------------------------------------


def test_every_key_the_data_names_is_in_the_bibliography():
    cited = keys_cited_in_data(ROOT)
    assert any(where.startswith("facts.csv") for places in cited.values() for where in places)
    assert "deepseek-r1-readme" in cited  # named in datapackage.json and benchmarks.csv
    assert missing_keys(ROOT) == {}, "keys named in data/ but not in references.bib"


def test_a_key_missing_from_the_bibliography_is_reported_with_where_it_is_named(bib_copy):
    _drop_entry(bib_copy, KEY)
    missing = missing_keys(bib_copy)
    assert list(missing) == [KEY]
    assert all(where.startswith("facts.csv line ") for where in missing[KEY])
    _drop_entry(bib_copy, "deepseek-r1-readme")
    assert "datapackage.json" in missing_keys(bib_copy)["deepseek-r1-readme"]


# -- sources a standards desk accepts --------------------------------------------------------

GOOD = {"author": "{Reuters}", "title": "Nasdaq drops", "howpublished": "Reuters", "year": "2025",
        "url": "https://www.reuters.com/markets/us/nasdaq-drops-2025-01-27/"}


def test_every_entry_cites_its_original_and_names_copies_as_copies():
    assert bibliography_problems(ROOT) == {}, "entries a standards desk would refuse (see citation_problems)"


def test_the_bib_file_comments_do_not_speak_of_the_research_tools():
    comments = [line for line in (ROOT / "references.bib").read_text(encoding="utf-8").splitlines() if line.startswith("%")]
    assert comments and not [line for line in comments if re.search(r"search tool|corpus|stored cop", line, re.I)]


def test_facts_resting_only_on_a_copy_with_no_known_original_are_marked_secondary():
    assert facts_on_copies_marked_primary(ROOT) == []


def test_a_good_entry_passes_and_a_journal_article_needs_no_address():
    assert citation_problems(GOOD) == []
    article = {"author": "Patell, James M.", "title": "T", "journal": "Journal of Accounting Research", "year": "1976",
               "volume": "14", "pages": "246--276"}
    assert citation_problems(article, "article") == []
    assert citation_problems(article, "misc") != []  # only an article is identified by journal, volume and pages


@pytest.mark.parametrize(("change", "problem"), [
    ({"url": None}, "no address of the original"),
    ({"url": None, "nooriginal": "The address of the original on reuters.com was not found."}, None),
    ({"nooriginal": "The address of the original was not found."}, "both an original address and"),
    ({"url": "http://3.127.128.221/?p=1254454"}, "bare IP address"),
    ({"url": "https://[2001:db8::1]/story"}, "bare IP address"),
    ({"url": None, "nooriginal": "Not found.", "copy": "http://3.127.128.221/?p=1"}, "copy is a bare IP address"),
    ({"url": "http://goldberglawma.com/?id=news%2Fx.html"}, "is a copy (goldberglawma.com)"),
    ({"url": "https://worker-huggingface.ww6410.workers.dev/blog/open-r1"}, "is a copy (worker-huggingface.ww6410.workers.dev)"),
    ({"note": "Stored copy read via the project's search tool (excerpt only)."}, "note speaks of the research tools"),
    ({"title": "[Headline] (not shown in excerpt)"}, "title speaks of the research tools"),
    ({"note": "Read from the pages corpus."}, "note speaks of the research tools"),
    ({"howpublished": "Reuters (via Yahoo syndication)"}, "howpublished names a copy"),
    ({"author": "{Lawfare (repost on globalcybersecurityreport.com)}"}, "author names a copy"),
    ({"howpublished": None, "author": "Smith, Jane"}, "no publisher"),
    ({"year": None}, "no year"),
    ({"url": "www.reuters.com/x"}, "url is not a web address"),
])
def test_each_refusal_can_fail(change, problem):
    entry = {name: value for name, value in {**GOOD, **change}.items() if value is not None}
    found = citation_problems(entry)
    if problem is None:
        assert found == []
    else:
        assert any(problem in p for p in found), found


def test_hosts_and_mirrors():
    assert host("https://WWW.Reuters.com:443/x") == "reuters.com"
    assert host("http://user@3.127.128.221/?p=1") == "3.127.128.221"
    assert citation_problems({**GOOD, "url": "https://www.goldberglawma.com/x"})  # www. and subdomains are the mirror too
    assert not citation_problems({**GOOD, "url": "https://notgoldberglawma.com/x"})
    assert len(MIRROR_HOSTS) == len(set(MIRROR_HOSTS))


# -- how entries are written ----------------------------------------------------------------


def test_latex_the_decoder_leaves_alone_is_decoded():
    assert str(latex_text(r"invest US\$342 million")) == "invest US$342 million"
    assert str(latex_text(r"Meta Set up `War Rooms' -- Fortune")) == "Meta Set up \u2018War Rooms\u2019 \u2013 Fortune"
    assert str(latex_text(r"``quoted'' and Trump's")) == "\u201cquoted\u201d and Trump's"


# -- the built References page --------------------------------------------------------------


def test_every_bib_entry_is_on_the_references_page_with_its_anchor(site):
    html_text = (site / PAGE).read_text(encoding="utf-8")
    keys = bib_keys(ROOT)
    assert _missing_on_page(html_text, keys) == [], "entries without an id ref-<key> on the References page"
    assert len(_entry_ids(html_text)) == len(keys), "the page lists entries that are not in references.bib"


def test_reference_entries_show_their_link_note_and_date(site):
    soup = BeautifulSoup((site / PAGE).read_text(encoding="utf-8"), "html.parser")
    entry = soup.find(id=f"ref-{KEY}")
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    url = re.search(r"@misc\{" + KEY + r",.*?\burl = \{([^}]*)\}", bib, re.DOTALL).group(1)
    assert entry.find("a", href=url), f"no link to {url}"
    assert "Exact publication date not shown" in entry.get_text()  # the note
    assert "January 2025" in entry.get_text()
    for key, text in _entry_ids(str(soup)).items():
        for leftover in ("\\$", "`", "{", "}", "\\"):
            assert leftover not in text, f"{key}: LaTeX left in the entry: {leftover!r}"


def test_an_entry_read_from_a_copy_shows_publisher_date_title_no_original_and_the_copy(site):
    soup = BeautifulSoup((site / PAGE).read_text(encoding="utf-8"), "html.parser")
    entry = soup.find(id="ref-bloomberg-2025-deepseek-strain")
    text = entry.get_text(" ", strip=True)
    for part in ("Bloomberg", "January 2025", "DeepSeek's Sudden Fame Strains Its Systems",
                 "The address of the original on bloomberg.com was not found", "Read from a copy at goldberglawma.com"):
        assert part in text, part
    assert entry.find("a", href=lambda href: href and "goldberglawma.com" in href)
    with_original = soup.find(id="ref-huggingface-open-r1")
    assert with_original.find("a", href="https://huggingface.co/blog/open-r1")
    assert "Read from a copy at worker-huggingface.ww6410.workers.dev" in with_original.get_text(" ", strip=True)
    page_text = soup.get_text(" ")
    assert not re.search(r"search tool|corpus|stored cop|\d+\.\d+\.\d+\.\d+/", page_text, re.I)


def test_reference_hrefs_resolve_in_the_built_site(site):
    for from_page in ("index", "chapters/sources"):
        href = reference_href(KEY, from_page, ROOT)
        path, anchor = href.split("#")
        target = (site / from_page).parent / path
        assert anchor in _entry_ids(target.read_text(encoding="utf-8")), (from_page, href)


def test_the_page_check_can_fail():
    page = '<div class="citation-list"><div class="citation" id="ref-a" role="listitem">A</div></div><div id="ref-b">not an entry</div>'
    assert _missing_on_page(page, ["a", "b", "c"]) == ["b", "c"]
