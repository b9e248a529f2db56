"""The claims ledger: quotes in place, complete coverage, checks that exist, verdicts computed."""

import csv
import re

import pytest

from deepseek_factcheck import approx, dates
from deepseek_factcheck.checks import CHECKS, parse_args
from deepseek_factcheck.claims import NOT_CHECKABLE_KINDS, Span, locate, part_of_span, uncovered_mentions
from deepseek_factcheck.ledger import build_ledger
from deepseek_factcheck.tables import load_table
from deepseek_factcheck.verdicts import PENDING, VERDICTS

from .conftest import ROOT


def rows(name: str) -> list[dict]:
    """A curated table's rows, empty cells as ''."""
    return load_table(name).astype(object).where(lambda frame: frame.notna(), "").to_dict("records")


@pytest.fixture(scope="module")
def claims():
    return rows("claims")


def test_every_quote_is_verbatim_at_its_offsets_in_its_part(articles, claims):
    by_id = articles
    for claim in claims:
        article = by_id[claim["seed"]]
        assert article.text[claim["start"]:claim["end"]] == claim["quote"], claim["id"]
        assert locate(article, claim["quote"]) == Span(claim["start"], claim["end"]), claim["id"]
        assert part_of_span(article, Span(claim["start"], claim["end"])) == claim["part"], claim["id"]


def test_quotes_do_not_overlap(claims):
    spans = sorted((c["seed"], c["start"], c["end"], c["id"]) for c in claims)
    for (seed, _, end, first), (seed2, start2, _, second) in zip(spans, spans[1:]):
        assert seed != seed2 or end <= start2, f"{first} overlaps {second}"


def test_ids_are_in_text_order_and_the_published_ones_remain(claims):
    for seed in {c["seed"] for c in claims}:
        mine = sorted((c for c in claims if c["seed"] == seed), key=lambda c: c["start"])
        assert [c["id"] for c in mine] == sorted(c["id"] for c in mine), f"seed {seed}: ids not in text order"
    published = (ROOT / "tests" / "published_claim_ids.txt").read_text().split()
    current = {c["id"] for c in claims}
    missing = [i for i in published if i not in current]
    assert not missing, f"published claim ids have disappeared: {missing}"


def test_every_number_and_date_in_the_bodies_is_a_claim_or_excused(articles, claims):
    excused = rows("not_claims")
    problems = []
    for article in articles.values():
        spans = [Span(c["start"], c["end"]) for c in claims if c["seed"] == article.id]
        reasons = [locate(article, n["text"]) for n in excused if n["seed"] == article.id]
        problems += [f"{article.id}: {m.text!r} at {m.start}" for m in uncovered_mentions(article, spans, reasons)]
    assert not problems, problems


def test_checks_named_exist_and_arguments_parse(claims):
    facts = {f["id"] for f in rows("facts")}
    for claim in claims:
        args = parse_args(claim["check_args"] or "")
        if claim["theme"] == "other" or claim["kind"] in NOT_CHECKABLE_KINDS:
            assert claim["check"] in CHECKS, f"{claim['id']}: no check {claim['check']}"
        for key in ("fact", "date_fact", "also"):
            if key in args:
                assert args[key] in facts, f"{claim['id']}: {key}={args[key]} not in data/facts.csv"
        if "words" in args:
            assert args["words"] in claim["quote"], f"{claim['id']}: words= must be part of the quote"
        if claim["stated"]:
            assert claim["stated"] in claim["quote"], claim["id"]


def test_fact_sources_are_in_the_bibliography():
    keys = set(re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))
    for fact in rows("facts"):
        for key in filter(None, (fact["source"] or "").split(";")):
            assert key in keys, f"fact {fact['id']}: source {key!r} not in references.bib"
        if fact["status"] == "not-found":
            assert len(fact["looked_for"] or "") > 40, f"fact {fact['id']}: say what was looked for"


def test_ledger_verdicts_are_from_the_vocabulary_or_pending():
    entries = build_ledger()
    assert len({e.claim.id for e in entries}) == len(entries)
    for entry in entries:
        assert entry.verdict in VERDICTS or entry.verdict == PENDING
        if entry.claim.kind in NOT_CHECKABLE_KINDS:
            assert entry.verdict == "not-checkable"


@pytest.mark.parametrize(
    "phrase, value, found, expected",
    [
        ("17%", "-17", -16.97, True),
        ("17%", "-17", -17.6, False),
        ("nearly 17%", "-17", -16.97, True),
        ("nearly 17%", "-17", -17.2, False),
        ("more than 1.5%", "-1.5", -1.46, False),
        ("more than 3%", "-3", -3.07, True),
        ("more than 3%", "-3", 3.5, False),  # a rise never confirms a stated fall
        ("around 14%", "14", 14.6, True),
        ("around 14%", "14", 8.7, False),
        ("$600 million", "600000000", 640e6, True),
        ("$589bn", "589000000000", 592.7e9, False),
        ("a factor of around 20", "20", 27.3, False),
        ("less than 1%", "1", 0.93, True),
        ("less than 1%", "1", 1.0, False),
        ("top ten", "10", 1, True),
        ("top ten", "10", 11, False),
        ("hundreds of billions", "100000000000..999000000000", 5e11, True),
        ("1/50th", "0.02", 0.021, True),
    ],
)
def test_rule_set_reads_stated_figures(phrase, value, found, expected):
    assert approx.judge_figure(phrase, value, found)[0] is expected


def test_every_qualifier_has_a_rule():
    for qualifier in approx.QUALIFIERS:
        approx.read_stated(f"{approx.QUALIFIERS[qualifier][0]} 5", "5")


@pytest.mark.parametrize(
    "phrase, first, last",
    [
        ("yesterday", "2025-01-27", "2025-01-27"),
        ("Last week", "2025-01-20", "2025-01-26"),
        ("On Friday", "2025-01-24", "2025-01-24"),
        ("In July last year", "2024-07-01", "2024-07-31"),
        ("middle of this month", "2025-01-01", "2025-01-31"),
    ],
)
def test_relative_dates_resolve_against_the_article_date(phrase, first, last):
    import datetime as dt

    window = dates.resolve(phrase, dt.date(2025, 1, 28))
    assert (window.first.isoformat(), window.last.isoformat()) == (first, last)


def test_an_unreadable_relative_date_is_refused():
    import datetime as dt

    with pytest.raises(ValueError, match="cannot read"):
        dates.resolve("some time ago", dt.date(2025, 1, 28))


def test_each_judged_claim_points_to_an_existing_section_label():
    entries = build_ledger()
    for entry in entries:
        if entry.verdict != PENDING and entry.claim.theme == "other":
            page, anchor = entry.section.split("#")
            text = (ROOT / page.replace(".html", ".md")).read_text(encoding="utf-8")
            assert f"({anchor})=" in text, f"{entry.claim.id}: section {entry.section} has no label"
