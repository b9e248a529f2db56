"""Checks for the theme ``other``: dates, people, announcements, rankings and events.

Each reads one row of ``data/facts.csv`` (named by ``fact=<id>`` in the claim's
``check_args``) and compares the claim's stated value with the fact's value:

* ``other.figure``: a number, read with the rule set in :mod:`deepseek_factcheck.ledger.approx`;
  a different currency or unit is inaccurate whatever the number.
* ``other.date``: a date, absolute or relative to the article (:mod:`deepseek_factcheck.ledger.dates`).
* ``other.age``: a duration up to the article's date ("just 20 months old").
* ``other.fact``: named things: every name the claim states must be among the fact's values.
* ``other.quote``: words attributed to someone, against the source's words.

A fact recorded as ``not-found`` gives ``unsupported``, with what was looked for.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pandas as pd

from ..ledger import approx
from ..ledger import dates
from ..ledger.checks import Claim, Evidence, Finding, Reference, check
from ..ledger.numbers import Alternative, Numbers
from ..ledger.common_checks import article_day, fact_refs, stated_window, unsupported_fact, window_relation




def _found(fact: dict) -> bool:
    return fact["status"] == "found"


def _source_note(fact: dict) -> str:
    return "" if fact["basis"] == "primary" else " (a secondary report)"


_UNIT_WORDS = {"USD": "US dollars", "GBP": "pounds sterling", "EUR": "euros", "CNY": "yuan"}


def _unit_words(unit: str) -> str:
    """A unit as a reader says it: 'pounds sterling', not 'GBP'."""
    return _UNIT_WORDS.get(unit, unit)


@check("other.figure")
def figure(claim: Claim, evidence: Evidence) -> Finding:
    """A stated number against the fact's number, same unit required."""
    fact = evidence.fact(claim)
    if not _found(fact):
        return unsupported_fact(fact)
    found_value = float(fact["value"])
    shown = f"{fact['value']} {fact['unit']}"
    if claim.stated_unit != fact["unit"]:
        return Finding(
            "inaccurate",
            shown,
            fact_refs(fact),
            f"The claim states {claim.stated!r}, in {_unit_words(claim.stated_unit)}; the evidence{_source_note(fact)} is in "
            f"{_unit_words(fact['unit'])}: "
            f"{fact['statement']}",
        )
    ok, reading = approx.judge_figure(claim.stated, claim.stated_value, found_value)
    verdict = "accurate" if ok else "inaccurate"
    return Finding(
        verdict,
        shown,
        fact_refs(fact),
        f"{claim.stated!r} is read as {reading.describe()}; the evidence{_source_note(fact)}: {fact['statement']}",
        numbers=Numbers(reading, claim.stated_unit, fact.get("subject") or "the evidence's figure", (Alternative.point("the evidence's figure", found_value),)),
    )





@check("other.date")
def date(claim: Claim, evidence: Evidence) -> Finding:
    """A stated date (absolute, or relative to the article's date) against the fact's date.

    The evidence's date must lie inside the stated window. With ``also=<fact>``: if the stated
    date misses the fact but is the date of that related event, the date is right but attached
    to the wrong thing, which is ``misleading``.
    """
    fact = evidence.fact(claim)
    if not _found(fact):
        return unsupported_fact(fact)
    window, how = stated_window(claim)
    found = dates.value_window(fact["value"])
    relation = window_relation(window, found)
    said = f"{claim.stated!r} means {window.describe()}{how}; the evidence{_source_note(fact)} dates it {found.describe()}: {fact['statement']}"
    if relation == "inside":
        return Finding("accurate", found.describe(), fact_refs(fact), said)
    if relation == "coarse":
        return Finding("unsupported", found.describe(), fact_refs(fact), said + " The evidence is not precise enough to decide.")
    related = evidence.facts.get(claim.args.get("also", ""))
    if related and _found(related) and window_relation(window, dates.value_window(related["value"])) == "inside":
        return Finding(
            "misleading",
            found.describe(),
            fact_refs(fact) + fact_refs(related),
            said + f" The stated date is that of a different event: {related['statement']}",
            rule="right-figure-wrong-thing",
        )
    return Finding("inaccurate", found.describe(), fact_refs(fact), said)


@check("other.age")
def age(claim: Claim, evidence: Evidence) -> Finding:
    """A stated age in months or years, from the fact's date (or month) to the article's date."""
    fact = evidence.fact(claim)
    if not _found(fact):
        return unsupported_fact(fact)
    start = dates.value_window(fact["value"])
    end = article_day(claim)
    per_unit = 1 if claim.stated_unit == "months" else 12
    youngest = dates.months_between(start.last, end) / per_unit
    oldest = dates.months_between(start.first, end) / per_unit
    results = [approx.judge_figure(claim.stated, claim.stated_value, value) for value in (youngest, oldest)]
    reading = results[0][1]
    span = f"{youngest:.1f}" if abs(oldest - youngest) < 0.05 else f"{youngest:.1f} to {oldest:.1f}"
    if all(ok for ok, _ in results):
        verdict = "accurate"
    elif not any(ok for ok, _ in results):
        verdict = "inaccurate"
    else:
        verdict = "unsupported"
    return Finding(
        verdict,
        f"{span} {claim.stated_unit}",
        fact_refs(fact),
        f"From {start.describe()} ({fact['statement']}) to the article's date {end.isoformat()} is {span} {claim.stated_unit}; "
        f"{claim.stated!r} is read as {reading.describe()}.",
        numbers=Numbers(reading, claim.stated_unit, f"the age on the article's date", (
            Alternative.point(f"counting from the end of {start.describe()}", youngest),
            Alternative.point(f"counting from the start of {start.describe()}", oldest)), needs_all=True),
    )


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(";") if name.strip()]


@check("other.fact")
def named(claim: Claim, evidence: Evidence) -> Finding:
    """Named things: every name the claim states (``stated_value``, ``;``-separated) must be among
    the fact's values; with no stated value, the claim asserts that the fact holds (value ``true``).
    With ``implies=false`` the claim's words are true but suggest the fact does not hold (a sanction
    already in force offered as a future option): misleading if it holds. A fact not found is
    unsupported by the rule ``rule=`` names (``source-ladder`` where the search found only an
    anonymous post), by default "searched-not-found"."""
    fact = evidence.fact(claim)
    if not _found(fact):
        return replace(unsupported_fact(fact), rule=claim.args.get("rule", "searched-not-found"))
    holds = fact["value"].strip().lower() == "true"
    if claim.args.get("implies") == "false":  # true words that suggest the fact does not hold
        return Finding(
            "misleading" if holds else "accurate",
            "yes" if holds else "no",
            fact_refs(fact),
            (f"The sentence suggests otherwise, but the record shows it: {fact['statement']}" if holds else
             f"The evidence{_source_note(fact)}: {fact['statement']}"),
            rule="false-impression",
        )
    if not claim.stated_value:  # the claim asserts that the event or state of affairs holds
        return Finding(
            "accurate" if holds else "inaccurate",
            "yes" if holds else "no",
            fact_refs(fact),
            f"The evidence{_source_note(fact)}: {fact['statement']}",
            rule="events",
        )
    known = {name.lower() for name in _names(fact["value"])}
    stated = _names(claim.stated_value)
    missing = [name for name in stated if name.lower() not in known]
    verdict = "inaccurate" if missing else "accurate"
    detail = f"not in the evidence: {', '.join(missing)}" if missing else "all in the evidence"
    return Finding(verdict, fact["value"].replace(";", "; "), fact_refs(fact), f"Stated: {'; '.join(stated)} ({detail}). The evidence{_source_note(fact)}: {fact['statement']}")


_STOPWORDS = set(
    "a an and are as at be but by can cannot for from has have he her his i in is it its not of on or our she so "
    "that the their them they this to was we were what when which who will with you your ve ever".split()
)
QUOTE_OVERLAP_NEEDED = 0.6
_QUOTED = re.compile(r"[\u201c\"]([^\u201d\"]+)[\u201d\"]")


def content_words(text: str) -> list[str]:
    """Lower-case content words of a quotation: common words dropped, hyphens joined, plural -s cut."""
    text = text.lower().replace("\u2019", "'").replace("-", "")
    words = [w for w in re.findall(r"[a-z0-9]+", text) if w not in _STOPWORDS]
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]


def quote_overlap(stated: str, source: str) -> float:
    """Share of the stated quotation's content words that occur in the source's words."""
    words = content_words(stated)
    if not words:
        return 0.0
    source_words = set(content_words(source))
    return sum(w in source_words for w in words) / len(words)


def attributed_words(claim: Claim) -> str:
    """The words a claim attributes: ``words=`` in check_args, else what it puts in quotation marks."""
    if claim.args.get("words"):
        return claim.args["words"]
    quoted = _QUOTED.findall(claim.quote)
    if not quoted:
        raise ValueError(f"claim {claim.id}: other.quote needs words=... or quotation marks in the quote")
    return " ".join(quoted)


@check("other.quote")
def quote(claim: Claim, evidence: Evidence) -> Finding:
    """Words attributed to someone against the source's words, and the date if the claim states one.

    At least 60% of the attributed words' content words must occur in the source's words
    (:data:`QUOTE_OVERLAP_NEEDED`); a stated date is checked against ``date_fact=<fact>``.
    """
    fact = evidence.fact(claim)
    if not _found(fact):
        return unsupported_fact(fact)
    words = attributed_words(claim)
    share = quote_overlap(words, fact["source_quote"])
    if share >= 1:
        match = f"The source has the words {words!r}."
    elif share >= QUOTE_OVERLAP_NEEDED:
        match = f"The source has the words {words!r} nearly word for word."
    else:
        match = f"The source's words differ from {words!r}: most of their meaningful words are not in it."
    said = f"{match} The evidence{_source_note(fact)}: {fact['statement']}"
    refs = fact_refs(fact)
    verdict = "accurate" if share >= QUOTE_OVERLAP_NEEDED else "inaccurate"
    if verdict == "accurate" and claim.stated_unit == "date":
        dated = evidence.facts[claim.args["date_fact"]]
        window, how = stated_window(claim)
        relation = window_relation(window, dates.value_window(dated["value"]))
        refs = refs + tuple(r for r in fact_refs(dated) if r not in refs)
        said += f" {claim.stated!r} means {window.describe()}{how}; the words are dated {dated['value']}."
        verdict = {"inside": "accurate", "apart": "inaccurate", "coarse": "unsupported"}[relation]
    return Finding(verdict, fact["source_quote"], refs, said)


def benchmark_wins(table: pd.DataFrame) -> pd.Series:
    """Per benchmark (in table order), whether R1 beats o1-1217 on every metric reported for it.

    A benchmark reported with several metrics (Codeforces: percentile and rating) is one
    benchmark: R1 wins it only if it is better on all of them.
    """
    if table.empty:
        raise LookupError("data/benchmarks.csv is empty")
    better = (table["deepseek_r1"] > table["openai_o1_1217"]) == table["higher_is_better"]
    return better.groupby(table["benchmark"], sort=False).all()


@check("other.benchmarks")
def benchmarks(claim: Claim, evidence: Evidence) -> Finding:
    """Claims that R1 outperforms (``asserts=outperforms``) or compares favourably with
    (``asserts=comparable``) US models, against DeepSeek's own table of R1 and o1-1217.

    R1 "wins" a benchmark when its score is better on every metric reported for it.
    ``outperforms`` needs wins on at least 80% of benchmarks: with wins on fewer but some, the
    claim is right in part and framed as across the board, so ``misleading``; with none,
    ``inaccurate``. ``comparable`` needs wins on at least a third.
    """
    wins = benchmark_wins(evidence.benchmarks).sort_index()
    won, total = int(wins.sum()), int(len(wins))
    share = won / total
    refs = (Reference("benchmarks", 0, "all rows"), Reference(key="deepseek-r1-readme"))
    found = f"R1 ahead of o1-1217 on {won} of {total} benchmarks"
    listing = f"R1 is ahead on {', '.join(wins[wins].index)}; behind on {', '.join(wins[~wins].index)} (DeepSeek's own figures)."
    asserts = claim.args.get("asserts")
    if asserts == "outperforms":
        verdict = "accurate" if share >= 0.8 else ("misleading" if won else "inaccurate")
    elif asserts == "comparable":
        verdict = "accurate" if share >= 1 / 3 else "inaccurate"
    else:
        raise ValueError(f"claim {claim.id}: other.benchmarks needs asserts=outperforms or asserts=comparable")
    return Finding(verdict, found, refs, f"{found}. {listing}")
