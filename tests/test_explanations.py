"""Every explanation, "found" value, margin and robustness note of the built ledger reads for a
journalist: no internal ids or keys, mode tags, negative ranges, e-notation, word-overlap scores,
placeholder dates or search syntax, and an opening sentence of at most 45 words that says which
way the verdict went (and, for an inaccurate figure, what the evidence gives)."""

from __future__ import annotations

import re

import pytest

from deepseek_factcheck.ledger import approx
from deepseek_factcheck.ledger.amounts import amount, change, money
from deepseek_factcheck.ledger.explain import (
    MAX_OPENING_WORDS, TEMPLATES, evidence_words, explain, first_sentence, lint, lint_explanation, not_checkable_reason,
    reader_text,
)
from deepseek_factcheck.ledger.numbers import Alternative, Numbers, margin, robustness
from deepseek_factcheck.ledger.policy import RULES
from deepseek_factcheck.themes import shared_ledger, load_evidence


@pytest.fixture(scope="module")
def ledger():
    return shared_ledger()


@pytest.fixture(scope="module")
def internal_keys(ledger):
    """The book's own ids that a reader must never see: fact ids and every key a claim's check arguments name."""
    keys = set(load_evidence().facts)
    for entry in ledger:
        for value in entry.claim.args.values():
            keys |= {k.strip() for k in re.split(r"[,;+*]", str(value)) if k.strip()}
    return {k for k in keys if "-" in k or "_" in k}


def _problems(entry, keys) -> list[str]:
    f = entry.finding
    must_name = evidence_words(f.numbers) if f.numbers is not None and entry.verdict == "inaccurate" and entry.claim.stated else ""
    problems = lint_explanation(f.explanation, entry.verdict, keys, must_name)
    for name, text in (("found", f.found), ("margin", f.margin), ("robustness", f.robustness)):
        problems += [f"{name}: {p}" for p in lint(text, keys)]
    return problems


def test_every_explanation_reads_for_a_journalist(ledger, internal_keys):
    bad = {e.claim.id: _problems(e, internal_keys) for e in ledger if e.finding}
    bad = {claim: problems for claim, problems in bad.items() if problems}
    assert not bad, "\n".join(f"{claim}: {'; '.join(problems)}" for claim, problems in sorted(bad.items()))


def test_the_lint_fails_on_a_bad_explanation(internal_keys):
    """Self-test: each artefact the lint looks for is caught in a hand-made bad explanation."""
    fact_id = sorted(internal_keys)[0]
    bad = {
        "a check's name": "This is right. Checked by cost.compare.",
        "a key with underscores": "This is right: see v3_training_cost.",
        "a mode tag": "This is right: read as 1.5 (more-than).",
        "a negative range": "This is right: read as -1,000 to -1,000.",
        "e-notation": "This is right: it was 2.05e+03 count.",
        "a number in full": "This is right: found 5500000000.",
        "a currency code after a number": "This is right: found 5500 USD.",
        "a word-overlap score": "This is right: 100% of the content words (at least 60% needed).",
        "a placeholder date": "This is right: 'By January 27' means 1900-01-01 to 2025-01-27.",
        "search syntax": "No evidence was found either way. Looked for: site:reuters.com \"DeepSeek\" OR \"R1\".",
        "an internal id": f"This is right: the evidence ({fact_id}).",
    }
    for artefact, text in bad.items():
        assert any(p.startswith(artefact) for p in lint(text, internal_keys)), artefact
    long_opening = "This is right " + "and so on " * 20 + "indeed."
    assert any("opening sentence has" in p for p in lint_explanation(long_opening, "accurate"))
    assert any("does not say the claim is inaccurate" in p for p in lint_explanation("The figure was $5.5bn.", "inaccurate"))
    assert any("does not name" in p for p in lint_explanation("This is wrong.", "inaccurate", must_name="$5.5bn"))
    assert not lint_explanation("High-Flyer managed $5.5bn, not about $4bn. Details.", "inaccurate", internal_keys, "$5.5bn")


def test_every_rule_has_a_template_for_each_of_its_verdicts():
    for rule in RULES:
        template = TEMPLATES[rule.id]
        assert set(rule.verdicts) <= set(template.plain), rule.id


def test_opening_sentences_are_short_and_first(ledger):
    for e in ledger:
        if e.finding:
            assert len(first_sentence(e.finding.explanation).split()) <= MAX_OPENING_WORDS, e.claim.id


def test_not_checkable_reasons_are_short_and_varied(ledger):
    reasons = [e.finding.explanation for e in ledger if e.verdict == "not-checkable"]
    assert all(len(r.split()) <= MAX_OPENING_WORDS for r in reasons)
    assert not_checkable_reason("opinion", "Is it a fake?") == "A rhetorical question, not a statement of fact."
    assert not_checkable_reason("prediction", "It will fall.").startswith("A prediction")
    assert not_checkable_reason("opinion", "x", "opinion (figure of speech about the market).") == (
        "Figure of speech about the market, not a statement of fact.")
    assert not_checkable_reason("opinion", "China should decouple.") .startswith("A recommendation")
    assert not_checkable_reason("opinion", "It may be a Potemkin village.").startswith("Speculation")


def test_amounts_are_written_one_way():
    assert money(5.5e9) == "$5.5bn"
    assert money(591e9) == "$591bn"
    assert money(5.6e6) == "$5.6m"
    assert money(340_000) == "$340,000"
    assert money(-589e9) == "$589bn"
    assert amount(2_788_000, "count") == "2,788,000"
    assert amount(27.3, "times") == "27.3 times"
    assert amount(16.97, "percent") == "16.97%"
    assert amount(118.42, "USD/share") == "$118.42 a share"
    assert amount(0.96, "USD per million tokens") == "$0.96 per million tokens"
    assert amount(1e12, "USD") == "$1tn"
    assert change(-16.97) == "a fall of 16.97%"


def test_reader_text_rewrites_program_output():
    assert reader_text("5500000000 USD") == "$5.5bn"
    assert reader_text("S&P 500 -1.46% (6,101.24 on 2025-01-24)") == "S&P 500 down 1.46% (6,101.24 on 24 January 2025)"
    assert reader_text("read as 1.5 (more-than)") == "read as 1.5"
    assert reader_text("released (facts r1-code, r1-data).") == "released."
    assert reader_text("$40.59M (2023 USD)") == "$40.59M (2023 dollars)"


def _numbers(stated: str, value: str, found: float, unit: str = "percent") -> Numbers:
    return Numbers(approx.read_stated(stated, value), unit, "the S&P 500's change on 27 January 2025", (Alternative.point("the close", found),))


def test_margin_of_a_near_miss():
    """'more than 1.5%' against a measured fall of 1.46%: 0.04 points short, 2.7% of the figure."""
    numbers = _numbers("more than 1.5%", "-1.5", -1.46)
    assert numbers.verdict() == "inaccurate"
    m = margin(numbers, "more than 1.5%")
    assert m.distance == pytest.approx(0.04)
    assert m.share == pytest.approx(0.04 / 1.46)
    assert "a fall 0.04 percentage points larger" in m.sentence
    assert "for \u201cmore than 1.5%\u201d to fit" in m.sentence


def test_margin_of_an_accurate_figure():
    """'17%' (16.5 to 17.5) against a fall of 16.97%: the fall could be 0.47 points smaller before it no longer fits."""
    m = margin(_numbers("17%", "-17", -16.97), "17%")
    assert m.distance == pytest.approx(0.47)
    assert "a fall 0.47 percentage points smaller" in m.sentence


def test_robustness_names_what_flips_the_verdict():
    reading = approx.read_stated("$589bn", "-589000000000")
    numbers = Numbers(reading, "USD", "Nvidia's loss", (
        Alternative("the share counts", -592.7e9, -590.5e9), Alternative.point("Bloomberg's figure", -589e9)))
    assert numbers.verdict() == "accurate"
    assert robustness(numbers) == "depends on which value is used: inaccurate on the share counts (the other 1 of 2 give accurate)"
    same = Numbers(reading, "USD", "Nvidia's loss", (Alternative.point("a", -589.2e9), Alternative.point("b", -588.9e9)))
    assert robustness(same).startswith("robust")


def test_explain_composes_opening_detail_and_how():
    numbers = Numbers(approx.read_stated("about $4bn", "4000000000"), "USD", "High-Flyer's assets in October 2023",
                      (Alternative.point("the report", 5.5e9),))
    text = explain("precision", "inaccurate", "The report: 5500000000 USD.", stated="about $4bn", numbers=numbers)
    assert text.startswith("High-Flyer's assets in October 2023: $5.5bn, not \u201cabout $4bn\u201d.")
    assert "The report: $5.5bn." in text and text.endswith(TEMPLATES["precision"].how)


def test_closest_calls_list_the_smallest_margins_and_every_verdict_that_is_not_robust(ledger):
    from deepseek_factcheck.ledger.build import CLOSEST_CALLS, closest_calls

    table = closest_calls(ledger)
    numeric = sorted((e for e in ledger if e.finding and e.finding.margin), key=lambda e: e.finding.margin_share)
    fragile = {e.claim.id for e in numeric if e.finding.robustness.startswith("depends on")}
    listed = list(table["Claim"])
    assert listed[:CLOSEST_CALLS] == [e.claim.id for e in numeric[:CLOSEST_CALLS]]
    assert fragile <= set(listed)
    assert all(e.finding.robustness.startswith(("robust", "depends on")) for e in numeric)
    assert not any(e.finding.margin or e.finding.robustness for e in ledger if e.finding and e.finding.numbers is None)


def test_a_comparison_opens_with_both_amounts_by_short_names_not_a_fact_statement(ledger):
    """cost.compare: the opening names each side by a short name with its amount, and never pastes a
    fact's statement (a sentence of its own, with a period inside) as the subject of a sentence."""
    statements = [str(f["statement"]).strip() for f in load_evidence().facts.values() if len(str(f["statement"]).split()) > 6]
    compared = [e for e in ledger if e.claim.check == "cost.compare" and e.finding and e.finding.found]
    assert compared
    from deepseek_factcheck.cost.checks import SHORT_NAMES
    for entry in compared:  # every figure a comparison names has a short name
        keys = [k.strip() for k in (*entry.claim.args["this"].split(","), *entry.claim.args["versus"].split(","))]
        assert all(k in SHORT_NAMES for k in keys), (entry.claim.id, [k for k in keys if k not in SHORT_NAMES])
    for entry in compared:
        first = first_sentence(entry.finding.explanation)
        assert len(first.split()) <= MAX_OPENING_WORDS, (entry.claim.id, first)
        assert not re.search(r"\.\s", first[:-1]), (entry.claim.id, first)  # one sentence, no statement inside it
        assert not any(s[:40] in entry.finding.explanation for s in statements), entry.claim.id
        this, versus = entry.finding.found.split(" against ")
        for shown in [*this.split(" / "), *versus.split(", ")]:
            assert shown in first, (entry.claim.id, shown, first)
