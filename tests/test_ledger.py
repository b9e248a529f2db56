"""The claims ledger: quotes in place, complete coverage, checks that exist, verdicts computed."""

import csv
import re

import pytest

from deepseek_factcheck.ledger import approx
from deepseek_factcheck.ledger import dates
from deepseek_factcheck.ledger.checks import CHECKS, parse_args
from deepseek_factcheck.ledger.claims import NOT_CHECKABLE_KINDS, Span, locate, part_of_span, uncovered_mentions
from deepseek_factcheck.themes import build_ledger, shared_ledger
from deepseek_factcheck.ledger.build import split_base
from deepseek_factcheck.core.tables import load_table
from deepseek_factcheck.ledger.verdicts import PENDING, VERDICTS

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
        # ids run in text order within each batch: the first edition's (up to 099), then each later
        # edition's additions (from 101, from 201...), which cannot take a number between published ids
        for batch in {int(c["id"][4:7]) // 100 for c in claims if c["seed"] == seed}:
            mine = sorted((c for c in claims if c["seed"] == seed and int(c["id"][4:7]) // 100 == batch), key=lambda c: c["start"])
            assert [c["id"] for c in mine] == sorted(c["id"] for c in mine), f"seed {seed}: ids not in text order"
    published = (ROOT / "tests" / "published_claim_ids.txt").read_text().split()
    current = {c["id"] for c in claims}
    split = {split_base(i) for i in current} - {None}  # a split id lives on in its parts (004-030 -> 004-030a, ...)
    missing = [i for i in published if i not in current and i not in split]
    assert not missing, f"published claim ids have disappeared: {missing}"
    assert not split & current, f"a split id is still a claim of its own: {sorted(split & current)}"
    for base in split:
        parts = sorted(i for i in current if split_base(i) == base)
        assert len(parts) >= 2 and parts[0] == f"{base}a", f"{base} is split into {parts}: parts are a, b, c... and at least two"


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


def test_searches_that_found_nothing_are_told_in_plain_words():
    """'Unsupported' says what was looked for and where, for a reader: no search-tool words, query lists or ids."""
    artefacts = re.compile(r"corpus|find_string|search tool|stored (web )?pages \(|\(fact [a-z0-9-]+\)|'[^']{12,}'\s*[;,]\s*'")
    for fact in rows("facts"):
        if fact["status"] == "not-found":
            assert not artefacts.search(fact["looked_for"]), f"fact {fact['id']}: write the search as a plain sentence"


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
        ("as much as 5%", "-5", -5.2, True),  # a maximum that rounds to the figure
        ("as much as 5%", "-5", -5.6, False),
        ("nearly 17%", "-17", -17.2, False),  # "nearly" never allows more
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
    entries = shared_ledger()
    for entry in entries:
        if entry.verdict != PENDING and entry.claim.theme == "other":
            page, anchor = entry.section.split("#")
            text = (ROOT / page.replace(".html", ".md")).read_text(encoding="utf-8")
            assert f"({anchor})=" in text, f"{entry.claim.id}: section {entry.section} has no label"


# --- section helpers: counts, phrases, links (on made-up entries, so they test the logic, not the data)

from bs4 import BeautifulSoup  # noqa: E402

from deepseek_factcheck.ledger.checks import Claim, Finding, Reference  # noqa: E402
from deepseek_factcheck.ledger.build import (  # noqa: E402
    Entry, claim_label, claims_table, claims_table_html, fact_as_of, fact_basis_counts, fact_date, fact_number,
    flagged_phrase, kind_counts, load_evidence, section_sources, verdict_counts, verdict_css_class, verdict_phrase,
)

HOSTILE_QUOTE = '<script>alert("x")</script> & <b>bold</b>'


def _entry(claim_id, verdict, topic="releases", theme="other", quote="a quote", kind="event", refs=()):
    claim = Claim(id=claim_id, seed=claim_id[:3], quote=quote, theme=theme, kind=kind, stated="", stated_value="",
                  stated_unit="", check="other.fact")
    finding = None if verdict == PENDING else Finding(verdict, "found <it>", tuple(refs), "Because <of> this & that.")
    return Entry(claim=claim, part="body", start=0, end=len(quote), article=f"Article {claim_id[:3]} <Outlet>",
                 verdict=verdict, finding=finding, section="", topic=topic)


@pytest.fixture
def made_up():
    return [
        _entry("900-001", "accurate", refs=[Reference(key="src-b"), Reference("facts", 3, "f")]),
        _entry("900-002", "inaccurate", quote=HOSTILE_QUOTE, refs=[Reference(key="src-a")]),
        _entry("900-003", "inaccurate"),
        _entry("900-004", "unsupported", refs=[Reference(key="src-a")]),
        _entry("900-005", "accurate", topic="people"),
        _entry("900-006", "not-checkable", topic="opinions", kind="opinion"),
        _entry("900-007", "not-checkable", topic="opinions", kind="prediction"),
        _entry("900-008", "not-checkable", topic="opinions", kind="opinion"),
        _entry("901-001", "misleading", theme="market"),
    ]


def test_verdict_counts_name_every_verdict_and_add_up(made_up):
    counts = verdict_counts(made_up, "other", "releases")
    assert list(counts) == [*VERDICTS, PENDING]
    assert counts == {"accurate": 1, "inaccurate": 2, "misleading": 0, "unsupported": 1, "not-checkable": 0, PENDING: 0}
    whole = verdict_counts(made_up, "other")
    assert sum(whole.values()) == 8 and whole["misleading"] == 0  # the market claim is another theme's


def test_verdict_counts_add_up_to_each_section_of_the_real_ledger():
    entries = shared_ledger()
    for topic in ("releases", "outages", "people", "politics", "industry", "opinions"):
        assert sum(verdict_counts(entries, "other", topic).values()) == len(claims_table(entries, "other", topic)), topic


@pytest.mark.parametrize(
    "counts, text",
    [
        ({"accurate": 14, "inaccurate": 2, "misleading": 0, "unsupported": 1}, "14 accurate, 2 inaccurate and 1 unsupported"),
        ({"accurate": 0, "unsupported": 1}, "1 unsupported"),
        ({"accurate": 1200, "inaccurate": 3}, "1,200 accurate and 3 inaccurate"),
        ({"accurate": 0}, "none"),
    ],
)
def test_verdict_phrase_lists_the_non_zero_counts(counts, text):
    assert verdict_phrase(counts) == text


def test_flagged_phrase_groups_the_claims_not_confirmed(made_up):
    assert flagged_phrase(made_up, "other", "releases") == "900-002 and 900-003 (inaccurate); 900-004 (unsupported)"
    assert flagged_phrase(made_up, "other", "people") == "none"
    assert flagged_phrase(made_up, "other", "releases", verdicts=("unsupported",)) == "900-004 (unsupported)"


def test_claim_label_and_kinds_and_sources(made_up):
    assert claim_label(made_up, "900-002") == "claim 900-002, judged inaccurate"
    with pytest.raises(KeyError, match="999-999"):
        claim_label(made_up, "999-999")
    assert kind_counts(made_up, "other", "opinions") == {"opinion": 2, "prediction": 1}
    assert section_sources(made_up, "other", "releases") == ["src-a", "src-b"]  # table rows are not sources


def test_verdict_css_class_only_for_verdict_words():
    assert verdict_css_class("inaccurate") == "verdict-cell verdict-inaccurate"
    assert verdict_css_class("not-checkable") == "verdict-cell verdict-not-checkable"
    with pytest.raises(ValueError):
        verdict_css_class('x"><script>')


def test_claims_table_html_escapes_every_cell_and_links_the_ids(made_up):
    out = claims_table_html(made_up, "other", "releases", caption="Claims <and> verdicts").data
    assert "<script>" not in out and "<b>" not in out and "<it>" not in out and "<of>" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in out
    soup = BeautifulSoup(out, "html.parser")
    assert soup.caption.get_text() == "Claims <and> verdicts"
    assert [th.get_text() for th in soup.thead.find_all("th")] == list(claims_table(made_up, "other", "releases").columns)
    rows = soup.tbody.find_all("tr")
    assert len(rows) == 4
    first = rows[1].find_all("td")
    assert first[0].a["href"] == "../claims/900-002.html" and first[0].a.get_text() == "900-002"
    assert first[1].get_text() == "Article 900 <Outlet>"
    assert first[2].get_text() == HOSTILE_QUOTE  # shown as text, exactly
    assert first[3]["class"] == ["verdict-cell", "verdict-inaccurate"] and first[3].get_text() == "inaccurate"
    assert soup.find_all("script") == [] and soup.find_all("b") == []


def test_facts_are_read_typed_and_missing_ones_refused():
    import datetime as dt

    evidence = load_evidence()
    assert fact_date(evidence, "r1-release-date") == dt.date(2025, 1, 20)
    assert fact_number(evidence, "stargate-amount") == 500e9
    with pytest.raises(ValueError, match="not found"):
        fact_number(evidence, "high-flyer-aum-4bn")
    with pytest.raises(ValueError, match="not a date"):
        fact_date(evidence, "stargate-amount")
    with pytest.raises(KeyError):
        fact_date(evidence, "no-such-fact")
    assert fact_as_of(evidence, "high-flyer-aum-usd-2021") == "30 September 2021"
    assert fact_as_of(evidence, "high-flyer-aum-2023") == "October 2023"
    assert fact_as_of(evidence, "liang-birth-year") == "1985"


def test_fact_basis_counts_count_each_cited_record_once():
    from deepseek_factcheck.ledger.checks import Evidence

    facts = {
        "p": {"status": "found", "basis": "primary"},
        "s": {"status": "found", "basis": "secondary"},
        "n": {"status": "not-found", "basis": ""},
    }
    evidence = Evidence(facts=facts, benchmarks=None)
    entries = [
        _entry("900-001", "accurate", refs=[Reference("facts", 1, "p"), Reference(key="src")]),
        _entry("900-002", "accurate", refs=[Reference("facts", 1, "p"), Reference("facts", 2, "s")]),
        _entry("900-003", "unsupported", refs=[Reference("facts", 3, "n")]),
        _entry("900-004", "accurate", topic="people", refs=[Reference("facts", 2, "s")]),
    ]
    assert fact_basis_counts(entries, evidence, "other", "releases") == {"primary": 1, "secondary": 1}
    assert fact_basis_counts(entries, evidence, "other") == {"primary": 1, "secondary": 1}


def test_a_stated_fall_is_described_in_positive_magnitudes():
    assert approx.read_stated("more than 1.5%", "-1.5").describe() == "a fall of more than 1.5"
    assert approx.read_stated("17%", "-17").describe() == "a fall of 16.5 to 17.5"
    assert approx.read_stated("17%", "17").describe() == "16.5 to 17.5"
