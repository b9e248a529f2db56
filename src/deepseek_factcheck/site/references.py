"""The book's bibliography, ``references.bib``: its keys, links to its entries, and how they look.

The References appendix (``chapters/references.md``) lists every entry with the
sphinxcontrib-bibtex ``{bibliography}`` directive. ``bibtex_cite_id: "ref-{key}"`` in
``_config.yml`` gives each entry the HTML id ``ref-<key>``, so
``chapters/references.html#ref-<key>`` is a stable anchor.

* :func:`bib_keys`: the keys in ``references.bib`` (a simple parse of the file, cached).
* :func:`keys_cited_in_data`: the keys the curated data names (the ``source`` columns of the
  tables in ``data/datapackage.json``, and "(reference <key>)" in its provenance text), with
  where each is named; :func:`missing_keys`: those of them not in ``references.bib``.
* :func:`reference_href`: the relative link from a page of the book to an entry; refuses a
  key that is not in the file, so a chapter cannot link to an entry that does not exist.
* :class:`BookStyle`: the pybtex style the appendix uses (``bibtex_default_style: factcheck``,
  registered by the book's Sphinx extension). It is pybtex's ``plain`` (entries sorted by
  author, year and title, numbered [1], [2], ...; ``alpha`` labels of organisation authors
  run to 40 letters), with three repairs for our entries: titles keep the case they are
  written in (``plain`` lower-cases proper names: "deepseek founder liang wenfeng"), a
  numeric month is printed as its name ("January 2025", not "1 2025"), and ``\\$`` and a
  LaTeX single quotation (backtick ... apostrophe) become ``$`` and ‘...’ (latexcodec, which
  pybtex decodes LaTeX with, leaves both as they are).
"""

from __future__ import annotations

import csv
import difflib
import functools
import json
import re
from pathlib import Path

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import field, optional, sentence, words

from ..core.paths import book_root, data_dir, page_href

BIB_FILE = "references.bib"
PAGE = "chapters/references"  # the References appendix, as a page name
ANCHOR_PREFIX = "ref-"
STYLE_NAME = "factcheck"

# an entry's opening line, "@misc{key," (BibTeX allows "(" too); @comment, @string and
# @preamble are not entries
_ENTRY = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]+)[ \t]*,", re.MULTILINE)
_NOT_ENTRIES = {"comment", "string", "preamble"}
# what survives docutils' make_id unchanged, so that the HTML id is exactly ref-<key>
_ID_SAFE_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# data/datapackage.json names a key in provenance text as "(reference deepseek-r1-readme)"
_KEY_IN_TEXT = re.compile(r"\(reference ([A-Za-z0-9_:.-]+)\)")
SOURCE_COLUMN = "source"  # in every table that has it: bib key(s), ;-separated
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


class UnknownReferenceError(LookupError):  # not a KeyError, whose message prints in quotes
    """A key that is not in ``references.bib``."""


def bib_path(root: Path | None = None) -> Path:
    return (root or book_root()) / BIB_FILE


def bib_keys(root: Path | None = None) -> tuple[str, ...]:
    """The entry keys of ``references.bib``, in file order; raises ValueError on a repeated key."""
    path = bib_path(root).resolve()
    return _keys(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _keys(path: Path, _mtime_ns: int) -> tuple[str, ...]:  # the mtime only invalidates the cache
    keys = [key for kind, key in _ENTRY.findall(path.read_text(encoding="utf-8-sig"))
            if kind.lower() not in _NOT_ENTRIES]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:  # pybtex would keep one of them and drop the other without a word
        raise ValueError(f"{path}: key(s) used for more than one entry: {', '.join(repeated)}")
    return tuple(keys)


def keys_cited_in_data(root: Path | None = None) -> dict[str, list[str]]:
    """Every key the curated data names, with where: ``{"key": ["facts.csv line 2", ...]}``.

    Reads, for each resource of ``data/datapackage.json`` with a ``source`` field, that
    column of its CSV (keys separated by ``;``), and the descriptor's own text for
    "(reference <key>)".
    """
    folder = data_dir(root)
    descriptor_text = (folder / "datapackage.json").read_text(encoding="utf-8")
    cited: dict[str, list[str]] = {}
    for key in _KEY_IN_TEXT.findall(descriptor_text):
        cited.setdefault(key, []).append("datapackage.json")
    for resource in json.loads(descriptor_text)["resources"]:
        fields = {f["name"] for f in resource.get("schema", {}).get("fields", [])}
        if SOURCE_COLUMN not in fields:
            continue
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as table:
            for line, row in enumerate(csv.DictReader(table), start=2):  # line 1 is the header
                for key in (row[SOURCE_COLUMN] or "").split(";"):
                    if key.strip():
                        cited.setdefault(key.strip(), []).append(f"{resource['path']} line {line}")
    return cited


def missing_keys(root: Path | None = None) -> dict[str, list[str]]:
    """The keys the data names that are not in ``references.bib``, with where each is named."""
    keys = set(bib_keys(root))
    return {key: where for key, where in keys_cited_in_data(root).items() if key not in keys}


def is_id_safe(key: str) -> bool:
    """Whether ``ref-<key>`` is an HTML id docutils keeps as it is (lower case, digits, single hyphens)."""
    return bool(_ID_SAFE_KEY.fullmatch(key))


def reference_anchor(key: str, root: Path | None = None) -> str:
    """The id of the entry for ``key`` on the References page: ``ref-<key>``."""
    keys = bib_keys(root)
    if key not in keys:
        close = difflib.get_close_matches(key, keys, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownReferenceError(f"{key!r} is not a key in {bib_path(root)}{hint}")
    return ANCHOR_PREFIX + key


def reference_href(key: str, from_page: str, root: Path | None = None) -> str:
    """The relative link from page ``from_page`` to the References entry for ``key``.

    ``from_page`` is a page name relative to the book root, as in ``_toc.yml``
    (``"index"``, ``"chapters/ledger"``; a ``.md`` or ``.html`` suffix is dropped).

    >>> reference_href("justsecurity-2025-stargate", "chapters/ledger")   # doctest: +SKIP
    'references.html#ref-justsecurity-2025-stargate'
    >>> reference_href("justsecurity-2025-stargate", "index")             # doctest: +SKIP
    'chapters/references.html#ref-justsecurity-2025-stargate'
    """
    return page_href(from_page, f"{PAGE}.html#{reference_anchor(key, root)}")


def _month_name(month: Text) -> Text:
    text = str(month).strip()
    if text.isdigit() and 1 <= int(text) <= 12:
        return Text(MONTHS[int(text) - 1])
    return month


def latex_text(latex: str) -> Text:
    """A field's LaTeX as rich text, also decoding what latexcodec leaves: ``\\$`` and single quotes."""
    latex = latex.replace(r"\$", "$")  # pybtex's parser has no math mode: a bare $ stays a $
    latex = re.sub(r"(?<!`)`(?!`)([^`']*)'", "\u2018\\1\u2019", latex)
    return Text.from_latex(latex)


def _text_field(name: str):
    return field(name, raw=True, apply_func=latex_text)


class BookStyle(UnsrtStyle):
    """pybtex ``plain`` with titles as written, months by name, and ``\\$`` decoded."""

    default_sorting_style = "author_year_title"
    default_label_style = "number"

    def format_title(self, e, which_field, as_sentence=True):
        title = _text_field(which_field)
        return sentence[title] if as_sentence else title

    def get_misc_template(self, e):  # as unsrt's, with the month by name and the fields decoded
        date = words[optional[field("month", apply_func=_month_name)], field("year")]
        return toplevel[
            optional[sentence[self.format_names("author")]],
            optional[self.format_title(e, "title")],
            sentence[optional[_text_field("howpublished")], optional[date]],
            sentence[optional[_text_field("note")]],
            self.format_web_refs(e),
        ]


def register_bibtex_style() -> None:
    """Make ``bibtex_default_style: factcheck`` known to pybtex (called by the Sphinx extension)."""
    register_plugin("pybtex.style.formatting", STYLE_NAME, BookStyle, force=True)
