"""The checked ledger: every claim in ``data/claims.csv`` with its computed verdict.

:func:`build_ledger` loads the claims and the evidence tables, runs each claim's check and
returns one :class:`Entry` per claim. The checks are the ones registered: the ledger knows no
theme, so call it through :func:`deepseek_factcheck.themes.build_ledger`, which registers
every theme's checks first. A claim whose theme has no chapter yet is
``pending``: its check is not run and no verdict is implied. Opinions and predictions
are judged ``not-checkable`` whatever their theme, since no evidence is needed for that.

The chapters read these entries: each section's claims as data (:func:`claims_table`) and as
a page table whose claim ids link to the ledger page (:func:`claims_table_html`), and the
counts and lists that their prose glues (:func:`verdict_counts`, :func:`verdict_phrase`,
:func:`flagged_phrase`, :func:`claim_label`, :func:`section_sources`,
:func:`fact_basis_counts`). Facts quoted in the
prose are read typed with :func:`fact_date`, :func:`fact_number` and :func:`fact_as_of`.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from ..articles.loading import Article, load_articles
from ..core.text import count_of, join_words
from ..core.markup import linked_table_html
from .checks import CHECKS, Claim, Evidence, Finding, parse_args
from .claims import NOT_CHECKABLE_KINDS
from .common_checks import not_checkable
from .amounts import significant
from .explain import explain, not_checkable_reason, reader_text
from .numbers import margin, robustness
from .policy import rule_applied
from ..core.paths import book_root, page_href
from ..core import reads
from ..core.tables import load_table
from .verdicts import PENDING, VERDICTS

LEDGER_PAGE = "chapters/ledger"
CLAIM_PAGES = "claims"  # the site's folder of claim pages, one per claim (made by the Sphinx extension)
# the chapter that discusses each theme's claims; a theme whose page does not exist is pending
THEME_CHAPTERS = {
    "market": "chapters/market",
    "cost": "chapters/cost",
    "export-controls": "chapters/export-controls",
    "censorship": "chapters/censorship",
    "other": "chapters/background",
}
OPINIONS_SECTION = "opinions"
# verdicts that do not confirm a claim as stated: the ones a chapter's prose names
NOT_CONFIRMED = ("inaccurate", "misleading", "unsupported")


def claim_anchor(claim_id: str) -> str:
    """The HTML id of a claim's entry on the ledger page (stable: people link to it)."""
    return f"claim-{claim_id}"


def claim_address(claim_id: str) -> str:
    """A claim's site-relative address, the one place it is made: its own page."""
    return f"{CLAIM_PAGES}/{claim_id}.html"


def ledger_row_address(claim_id: str) -> str:
    """A claim's row on the ledger page (published in the first editions: it keeps working)."""
    return f"{LEDGER_PAGE}.html#{claim_anchor(claim_id)}"


def split_base(claim_id: str) -> str | None:
    """The id a claim was split from (``004-030a`` -> ``004-030``), or None for a claim never split.

    A sentence that makes several assertions is split into one claim per assertion, each with
    the old id and a letter; the old id stays published and leads to its parts."""
    return claim_id[:-1] if claim_id[-1:].isalpha() else None


def split_claims(entries: list["Entry"]) -> dict[str, list[str]]:
    """Each split id and the ids of its parts, in order."""
    splits: dict[str, list[str]] = {}
    for e in entries:
        base = split_base(e.claim.id)
        if base:
            splits.setdefault(base, []).append(e.claim.id)
    return splits


def section_label(theme: str, topic: str) -> str:
    """The label of the section of a theme's chapter that discusses a topic, e.g. ``background-people``."""
    return f"{Path(THEME_CHAPTERS[theme]).name}-{topic}"


def theme_has_chapter(theme: str, root: Path | None = None) -> bool:
    return ((root or book_root()) / f"{THEME_CHAPTERS[theme]}.md").exists()


@dataclass(frozen=True)
class Entry:
    """A claim and its judgement, as published."""

    claim: Claim
    part: str
    start: int
    end: int
    article: str
    verdict: str
    finding: Finding | None
    section: str  # site-relative address of the section that discusses the claim
    topic: str


def load_evidence(root: Path | None = None) -> Evidence:
    """The evidence tables, keyed for the checks: facts and benchmarks; the other tables (and what
    a theme computes from them) are read on first use (:meth:`Evidence.table`, :meth:`Evidence.derived`)."""
    folder = (root or book_root()) / "data"
    with reads.capture() as files:
        facts = load_table("facts", folder)
        benchmarks = load_table("benchmarks", folder)
    rows = {}
    for number, row in enumerate(facts.to_dict("records"), start=1):
        rows[row["id"]] = {**{k: ("" if pd.isna(v) else v) for k, v in row.items()}, "_row": number}
    evidence = Evidence(facts=rows, benchmarks=benchmarks, folder=folder)
    evidence._read["base", ""] = files  # noted again by each later user of this object (themes.shared_evidence)
    return evidence


def _claim(row: dict, article: Article) -> Claim:
    meta = article.seed.meta
    return Claim(
        id=row["id"], seed=row["seed"], quote=row["quote"], theme=row["theme"], kind=row["kind"],
        stated=row["stated"] or "", stated_value=row["stated_value"] or "", stated_unit=row["stated_unit"] or "",
        check=row["check"], args=parse_args(row["check_args"] or ""),
        article_date=meta["published"], article_date_basis=f"date {meta['published_basis']}", note=row.get("note") or "",
    )


def judge(claim: Claim, evidence: Evidence, root: Path | None = None) -> Finding | None:
    """The claim's finding, naming the policy rule that decided it, or None while its theme is pending."""
    if claim.kind in NOT_CHECKABLE_KINDS:
        finding = not_checkable(claim, evidence)
        return for_readers(claim, replace(finding, rule=rule_applied("common.not_checkable", finding.rule, finding.verdict)))
    if not theme_has_chapter(claim.theme, root):
        return None
    if claim.check not in CHECKS:
        raise LookupError(
            f"claim {claim.id}: no check named {claim.check!r} (known: {', '.join(sorted(CHECKS))}); the themes' checks "
            "register when deepseek_factcheck.themes is imported (its build_ledger does that)"
        )
    finding = CHECKS[claim.check](claim, evidence)
    return for_readers(claim, replace(finding, rule=rule_applied(claim.check, finding.rule, finding.verdict)))


def for_readers(claim: Claim, finding: Finding) -> Finding:
    """The finding as published: its explanation composed from its rule's template (ledger.explain),
    the value found in reader's words, and, for a numeric verdict, its margin and robustness."""
    numbers = finding.numbers
    if numbers is not None and numbers.verdict() != finding.verdict:
        raise ValueError(f"claim {claim.id}: the check says {finding.verdict}, its numbers say {numbers.verdict()}")
    close = margin(numbers, claim.stated) if numbers is not None else None
    reason = not_checkable_reason(claim.kind, claim.quote, claim.note) if finding.verdict == "not-checkable" else ""
    return replace(
        finding,
        found=reader_text(finding.found),
        explanation=explain(finding.rule, finding.verdict, finding.explanation, stated=claim.stated, found=finding.found,
                            numbers=numbers, reason=reason, first=finding.opening),
        margin=reader_text(close.sentence) if close else "",
        margin_share=close.share if close else None,
        robustness=reader_text(robustness(numbers)) if numbers is not None else "",
    )


def _topic(claim: Claim, evidence: Evidence) -> str:
    if claim.kind in NOT_CHECKABLE_KINDS:
        return OPINIONS_SECTION
    if claim.args.get("topic"):  # a check that reads no fact row names its section itself
        return claim.args["topic"]
    fact = evidence.facts.get(claim.args.get("fact", ""))
    return fact["topic"] if fact else ""


def build_ledger(root: Path | None = None, articles: list[Article] | None = None, evidence: Evidence | None = None) -> list[Entry]:
    """Every claim, located and judged (on ``evidence``, else the evidence in ``root``), in id order."""
    root = root or book_root()
    articles = {a.id: a for a in (articles or load_articles(root))}
    claims = load_table("claims", root / "data")
    evidence = evidence or load_evidence(root)
    entries = []
    for row in claims.to_dict("records"):
        row = {k: ("" if pd.isna(v) else v) for k, v in row.items()}
        article = articles[row["seed"]]
        claim = _claim(row, article)
        finding = judge(claim, evidence, root)
        topic = _topic(claim, evidence)
        if finding is not None and theme_has_chapter(claim.theme, root) and topic:
            section = f"{THEME_CHAPTERS[claim.theme]}.html#{section_label(claim.theme, topic)}"
        else:
            section = ledger_row_address(claim.id)
        entries.append(
            Entry(
                claim=claim, part=row["part"], start=int(row["start"]), end=int(row["end"]), article=article.seed.label,
                verdict=finding.verdict if finding else PENDING, finding=finding, section=section, topic=topic,
            )
        )
    return sorted(entries, key=lambda e: e.claim.id)


def claims_table(entries: list[Entry], theme: str, topic: str) -> pd.DataFrame:
    """A chapter section's claims: id, article, quote, verdict, what was found and why."""
    rows = [
        {
            "Claim": e.claim.id,
            "Article": e.article,
            "Quote": e.claim.quote,
            "Verdict": e.verdict,
            "Found": (e.finding.found if e.finding else "") or "",
            "Explanation": e.finding.explanation if e.finding else "",
        }
        for e in entries
        if e.claim.theme == theme and e.topic == topic
    ]
    return pd.DataFrame(rows, columns=["Claim", "Article", "Quote", "Verdict", "Found", "Explanation"])


CLOSEST_CALLS = 10  # how many of the smallest margins the Method page lists


def closest_calls(entries: list[Entry], smallest: int = CLOSEST_CALLS) -> pd.DataFrame:
    """The numeric verdicts with the smallest margins (as a share of the evidence's figure), and
    every numeric verdict that is not robust, closest first."""
    numeric = sorted((e for e in entries if e.finding and e.finding.margin), key=lambda e: e.finding.margin_share)
    chosen = [e for i, e in enumerate(numeric) if i < smallest or not e.finding.robustness.startswith("robust")]
    rows = [{"Claim": e.claim.id, "Verdict": e.verdict, "Margin": f"{significant(e.finding.margin_share * 100, 2)}%",
             "How close": e.finding.margin, "Robustness": e.finding.robustness}
            for e in chosen]
    return pd.DataFrame(rows, columns=["Claim", "Verdict", "Margin", "How close", "Robustness"])


def pending_themes(entries: list[Entry]) -> list[str]:
    """Themes with at least one pending claim (their chapter is not written), in THEME_CHAPTERS order."""
    waiting = {e.claim.theme for e in entries if e.verdict == PENDING}
    return [theme for theme in THEME_CHAPTERS if theme in waiting]


def section_entries(entries: list[Entry], theme: str, topic: str | None = None) -> list[Entry]:
    """The entries of a theme (and, if given, of one topic, i.e. one chapter section), in id order."""
    return [e for e in entries if e.claim.theme == theme and (topic is None or e.topic == topic)]


def verdict_counts(entries: list[Entry], theme: str, topic: str | None = None) -> dict[str, int]:
    """How many claims of a section (or of the whole theme) got each verdict.

    Every verdict word is a key, in the vocabulary's order and then ``pending``, zeros included,
    so a chapter can glue any of them; the values add up to the section's number of claims.
    """
    counts = {verdict: 0 for verdict in (*VERDICTS, PENDING)}
    for entry in section_entries(entries, theme, topic):
        counts[entry.verdict] += 1
    return counts


def verdict_phrase(counts: dict[str, int]) -> str:
    """The non-zero counts in words, in the order given: ``14 accurate, 2 inaccurate and 1 misleading``."""
    parts = [f"{n:,} {verdict}" for verdict, n in counts.items() if n]
    return join_words(parts) if parts else "none"


def claims_with_verdicts(entries: list[Entry], theme: str, topic: str | None, verdicts=NOT_CONFIRMED) -> dict[str, list[str]]:
    """The ids of a section's claims with each of ``verdicts`` (verdicts with no claim left out)."""
    found = {verdict: [e.claim.id for e in section_entries(entries, theme, topic) if e.verdict == verdict] for verdict in verdicts}
    return {verdict: ids for verdict, ids in found.items() if ids}


def flagged_phrase(entries: list[Entry], theme: str, topic: str | None, verdicts=NOT_CONFIRMED) -> str:
    """The section's claims with those verdicts, grouped: ``003-006 and 004-007 (inaccurate); 001-015 (misleading)``.

    ``none`` if there are none.
    """
    groups = claims_with_verdicts(entries, theme, topic, verdicts)
    return "; ".join(f"{join_words(ids)} ({verdict})" for verdict, ids in groups.items()) or "none"


def entry_for(entries: list[Entry], claim_id: str) -> Entry:
    """The entry of one claim; KeyError if the ledger has no such claim."""
    for entry in entries:
        if entry.claim.id == claim_id:
            return entry
    raise KeyError(f"no claim {claim_id!r} in the ledger")


def claim_label(entries: list[Entry], claim_id: str) -> str:
    """A claim named with its computed verdict, for prose: ``claim 003-006, judged inaccurate``."""
    entry = entry_for(entries, claim_id)
    if entry.verdict == PENDING:
        return f"claim {claim_id}, not yet judged"
    return f"claim {claim_id}, judged {entry.verdict}"


def kind_counts(entries: list[Entry], theme: str, topic: str | None = None) -> dict[str, int]:
    """How many claims of a section are of each kind (``opinion``, ``prediction``, ``event``...), most first."""
    return dict(Counter(e.claim.kind for e in section_entries(entries, theme, topic)).most_common())


def section_sources(entries: list[Entry], theme: str, topic: str | None = None) -> list[str]:
    """The bibliography keys the findings of a section cite, sorted (each once)."""
    keys = {ref.key for e in section_entries(entries, theme, topic) if e.finding for ref in e.finding.evidence if not ref.table}
    return sorted(keys)


def fact_basis_counts(entries: list[Entry], evidence: Evidence, theme: str, topic: str | None = None) -> dict[str, int]:
    """How many of the fact records (rows of ``data/facts.csv``) a section's findings cite are
    ``primary`` and how many ``secondary`` sources (each record once; records of a search that
    found nothing are not counted)."""
    ids = {ref.key for e in section_entries(entries, theme, topic) if e.finding for ref in e.finding.evidence if ref.table == "facts"}
    counts = {"primary": 0, "secondary": 0}
    for fact_id in ids:
        fact = evidence.facts[fact_id]
        if fact["status"] == "found":
            counts[fact["basis"]] += 1
    return counts


def _found_fact(evidence: Evidence, fact_id: str) -> dict:
    fact = evidence.facts.get(fact_id)
    if fact is None:
        raise KeyError(f"no fact {fact_id!r} in data/facts.csv")
    if fact["status"] != "found":
        raise ValueError(f"fact {fact_id!r} was not found ({fact['status']}): it has no value to quote")
    return fact


def fact_date(evidence: Evidence, fact_id: str) -> dt.date:
    """The date a fact records (unit ``date``), as a date."""
    fact = _found_fact(evidence, fact_id)
    if fact["unit"] != "date":
        raise ValueError(f"fact {fact_id!r} is in {fact['unit']!r}, not a date")
    return dt.date.fromisoformat(str(fact["value"]))


def fact_number(evidence: Evidence, fact_id: str) -> float:
    """The number a fact records (a unit such as ``USD``, ``count`` or ``year``), as a float."""
    fact = _found_fact(evidence, fact_id)
    if fact["unit"] in ("date", "text", "list", "boolean", ""):
        raise ValueError(f"fact {fact_id!r} is in {fact['unit']!r}, not a number")
    return float(fact["value"])


def fact_as_of(evidence: Evidence, fact_id: str) -> str:
    """When a fact's value holds, in words at the precision recorded: ``2021``, ``October 2023``, ``30 September 2021``."""
    text = str(_found_fact(evidence, fact_id)["as_of"]).strip()
    parts = text.split("-")
    if len(parts) == 1 and text.isdigit():
        return text
    if len(parts) == 2:
        return dt.date(int(parts[0]), int(parts[1]), 1).strftime("%B %Y")
    if len(parts) == 3:
        day = dt.date.fromisoformat(text)
        return f"{day.day} {day:%B %Y}"
    raise ValueError(f"fact {fact_id!r}: as_of {text!r} is not a year, month or date")


def verdict_css_class(verdict: str) -> str:
    """The classes of a verdict cell: ``verdict verdict-inaccurate`` (for colouring by the stylesheet)."""
    if verdict not in VERDICTS and verdict != PENDING:
        raise ValueError(f"{verdict!r} is not a verdict")
    return f"verdict-cell verdict-{verdict}"


def claims_table_html(entries: list[Entry], theme: str, topic: str, caption: str, from_page: str | None = None):
    """A section's claims (:func:`claims_table`) as a page table: every cell escaped, the verdict
    cell classed by verdict, and each claim id a link to the claim's page.

    ``from_page`` is the page the table is on (default: the theme's chapter).
    """
    page = from_page or THEME_CHAPTERS[theme]
    table, notes = stock_explanations_once(claims_table(entries, theme, topic), section_entries(entries, theme, topic))
    out = linked_table_html(
        table,
        caption=caption,
        css_class="book-table claims-table",
        links={"Claim": lambda claim_id: page_href(page, claim_address(claim_id))},
        cell_classes={"Verdict": verdict_css_class},
    )
    if notes:
        out.data += "".join(f'<p class="table-note">{html.escape(note)}</p>' for note in notes)
    return out


def stock_explanations_once(table: pd.DataFrame, entries: list[Entry]) -> tuple[pd.DataFrame, list[str]]:
    """A claims table whose not-checkable claims of one kind share one stock explanation says it once.

    ``entries`` are the table's claims. Returns the table with those cells emptied and the notes
    to print below it (``The 5 opinions above: ...``), one per kind."""
    groups: dict[tuple[str, str], list[str]] = {}
    for e in entries:
        if e.verdict == "not-checkable" and e.finding:
            groups.setdefault((e.claim.kind, e.finding.explanation), []).append(e.claim.id)
    shared = {key: ids for key, ids in groups.items() if len(ids) > 1}
    if not shared:
        return table, []
    table = table.copy()
    ids = {claim_id for group in shared.values() for claim_id in group}
    table.loc[table["Claim"].isin(ids), "Explanation"] = ""
    notes = [f"The {count_of(len(group), kind)} above: {text}" for (kind, text), group in shared.items()]
    return table, notes


def pending_sentence(entries: list[Entry]) -> str:
    """What the page says about pending claims: how many and on which themes, or that there are none."""
    pending = [e for e in entries if e.verdict == PENDING]
    if not pending:
        return "No claim is pending: every theme has its chapter, and every checkable claim has a verdict."
    themes = pending_themes(entries)
    from ..core.text import count_of

    return (f"{count_of(len(pending), 'claim')} on {join_words(themes)} {'waits' if len(pending) == 1 else 'wait'} for "
            "a chapter: no verdict yet, and none is implied.")
