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
  pybtex decodes LaTeX with, leaves both as they are). An entry shows its author, title,
  publisher and date, the address of the original, then (where it has them) the statement
  that no original address was found, the copy the text was read from, and the note.
* :func:`citation_problems`: what a standards desk would refuse in one entry. Every entry
  cites the original: ``url`` is the original's address (never a known mirror, never a bare
  IP address), or, for a journal article, its journal, volume and pages; where no original
  address could be found, ``nooriginal`` says so. ``copy`` is the address of a copy the text
  was read from, shown as "Read from a copy at <host>". No field may speak of the tools the
  research was done with. :func:`bibliography_problems` runs it over ``references.bib``, and
  :func:`facts_on_copies_marked_primary` finds the facts that rest only on entries with no
  original address yet are not marked secondary.
"""

from __future__ import annotations

import csv
import difflib
import functools
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from pybtex.database import parse_file
from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import field, href, join, optional, sentence, words

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
# hosts that only copy other publishers' pages (scraped reposts, mirrors, archives, renderings,
# filings viewers): a copy read there goes in ``copy``, never in ``url``. A suffix matches a
# host and its subdomains.
MIRROR_HOSTS = (
    "goldberglawma.com", "financetom.com", "cgshares.com", "investingnews.us", "vuink.com",
    "hitechexpert.top", "hothardware.top", "worker-huggingface.ww6410.workers.dev", "hn.jakechampion.name",
    "d33gy59ovltp76.cloudfront.net", "d18rn0p25nwr6d.cloudfront.net", "thepulse.press", "blog.recruitology.com",
    "globalcybersecurityreport.com", "subtext.edge.nugit.net", "stocktraders.online", "t-room.us", "prchief.com",
    "stocknews24.com", "ttmnote.com", "escapismnanaimo.ca", "dbwinstitute.com", "tashkenttimes.uz",
    "techgethub.com", "wikimili.com", "dynip.sapo.pt", "wiki3.en-us.nina.az", "pdfslide.us",
    "blackstonetoday.blogspot.com", "climateerinvest.blogspot.com", "tullman.blogspot.com", "newsmuncher.com",
    "archive.ph", "inkl.com", "fintechnews.site", "latestcommentary.com", "finapress.com", "icloud.info", "newikis.com",
)
# words about how the research was done (a search tool and its stored copies), not about the source
TOOL_WORDING = re.compile(
    r"search[- ]tool|\bcorp(?:us|ora)\b|\bstored (?:copy|copies|excerpt|mirror|version)|\bexcerpts?\b|code index|\bsearch(?:ed)? for\b",
    re.IGNORECASE)
# "Reuters (via Yahoo)", "Lawfare (repost on ...)": the publisher is the original's; a copy goes in ``copy``
_COPY_WORDING = re.compile(r"\b(?:via|repost(?:ed)?|mirror(?:ed)?|copy)\b", re.IGNORECASE)
_BARE_IP = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]")
ADDRESS_FIELDS = ("url", "copy")
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


def host(address: str) -> str:
    """The host of an address, lower case and without ``www.``: ``"reuters.com"``."""
    name = urlsplit(address.strip()).netloc.lower().rsplit("@", 1)[-1]
    name = name if name.startswith("[") else name.split(":")[0]
    return name.removeprefix("www.").rstrip(".")


def is_mirror(address: str) -> bool:
    name = host(address)
    return any(name == h or name.endswith("." + h) for h in MIRROR_HOSTS)


def citation_problems(fields: dict[str, str], kind: str = "misc") -> list[str]:
    """What a standards desk would refuse in one entry (``fields``: field name to its text)."""
    problems = []
    names_original = fields.get("url") or (kind == "article" and all(fields.get(f) for f in ("journal", "volume", "pages")))
    if not names_original and not fields.get("nooriginal"):
        problems.append("no address of the original and no statement (nooriginal) that none was found")
    if fields.get("url") and fields.get("nooriginal"):
        problems.append("both an original address and a statement that none was found")
    for name in ("author", "howpublished"):
        if _COPY_WORDING.search(fields.get(name, "")):
            problems.append(f"{name} names a copy ({fields[name]}): name the original's publisher, and the copy in copy")
    for name in ADDRESS_FIELDS:
        address = fields.get(name, "")
        if address and not address.startswith(("https://", "http://")):
            problems.append(f"{name} is not a web address: {address}")
        elif address and _BARE_IP.fullmatch(host(address)):
            problems.append(f"{name} is a bare IP address: {address}")
    if fields.get("url") and is_mirror(fields["url"]):
        problems.append(f"the address given as the original is a copy ({host(fields['url'])}): cite the original, and the copy in copy")
    for name, text in fields.items():
        wording = TOOL_WORDING.search(text) if name not in ADDRESS_FIELDS else None
        if wording:
            problems.append(f"{name} speaks of the research tools ({wording.group(0)!r})")
    publisher = fields.get("howpublished") or fields.get("journal") or fields.get("author", "").startswith("{")
    if not fields.get("year") or not publisher:  # an organisation as author ({{Reuters}}) is its publisher
        problems.append("no publisher (howpublished, or an organisation as author) or no year")
    return problems


def bib_fields(root: Path | None = None) -> dict[str, tuple[str, dict[str, str]]]:
    """Each entry of ``references.bib``: key to (entry type, {field name: text}), authors included."""
    data = parse_file(str(bib_path(root)), bib_format="bibtex")
    entries = {}
    for key, entry in data.entries.items():
        fields = {name.lower(): str(value) for name, value in entry.fields.items()}
        for role, persons in entry.persons.items():
            fields[role.lower()] = " and ".join(str(p) for p in persons)
        entries[key] = (entry.type.lower(), fields)
    return entries


def bibliography_problems(root: Path | None = None) -> dict[str, list[str]]:
    """The entries of ``references.bib`` a standards desk would refuse, with why."""
    found = {key: citation_problems(fields, kind) for key, (kind, fields) in bib_fields(root).items()}
    return {key: problems for key, problems in found.items() if problems}


def facts_on_copies_marked_primary(root: Path | None = None) -> list[str]:
    """The facts (``data/facts.csv``) that rest only on entries with no original address but say basis primary."""
    no_original = {key for key, (_, fields) in bib_fields(root).items() if fields.get("nooriginal")}
    wrong = []
    with (data_dir(root) / "facts.csv").open(encoding="utf-8", newline="") as table:
        for line, row in enumerate(csv.DictReader(table), start=2):
            keys = {key.strip() for key in (row[SOURCE_COLUMN] or "").split(";") if key.strip()}
            if row["status"] == "found" and keys and keys <= no_original and row["basis"] != "secondary":
                wrong.append(f"facts.csv line {line} ({row['id']}): basis {row['basis'] or 'empty'}")
    return wrong


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


def _host_text(address: str) -> Text:
    return Text(host(address))


class BookStyle(UnsrtStyle):
    """pybtex ``plain`` with titles as written, months by name, ``\\$`` decoded, and the copy read named."""

    default_sorting_style = "author_year_title"
    default_label_style = "number"

    def format_title(self, e, which_field, as_sentence=True):
        title = _text_field(which_field)
        return sentence[title] if as_sentence else title

    def format_url(self, e):  # the original's address, as a link
        url = field("url", raw=True)
        return words["Original:", href(url)[url]]

    def get_misc_template(self, e):  # as unsrt's, with the month by name, the fields decoded, the copy named
        date = words[optional[field("month", apply_func=_month_name)], field("year")]
        copy = field("copy", raw=True)
        return toplevel[
            optional[sentence[self.format_names("author")]],
            optional[self.format_title(e, "title")],
            sentence[optional[_text_field("howpublished")], optional[date]],
            self.format_web_refs(e),
            sentence[optional[_text_field("nooriginal")]],
            optional[sentence[join["Read from a copy at ", field("copy", raw=True, apply_func=_host_text), ": ", href(copy)[copy]]]],
            sentence[optional[_text_field("note")]],
        ]


def register_bibtex_style() -> None:
    """Make ``bibtex_default_style: factcheck`` known to pybtex (called by the Sphinx extension)."""
    register_plugin("pybtex.style.formatting", STYLE_NAME, BookStyle, force=True)
