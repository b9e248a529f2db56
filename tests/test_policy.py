"""The verdict policy: every verdict names a written rule, and claims alike are judged alike."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest
from bs4 import BeautifulSoup

from deepseek_factcheck.ledger import policy
from deepseek_factcheck.ledger.checks import CHECKS, Claim, Finding
from deepseek_factcheck.ledger.verdicts import VERDICTS
from deepseek_factcheck.site.ledger_html import rule_anchor
from deepseek_factcheck.themes import shared_ledger


@pytest.fixture(scope="module")
def entries():
    return shared_ledger()


def test_every_judged_claim_names_a_rule_of_the_policy_that_can_give_its_verdict(entries):
    judged = [e for e in entries if e.finding]
    assert judged
    for e in judged:
        rule = policy.rule(e.finding.rule)  # KeyError names the unknown rule
        assert e.verdict in rule.verdicts, f"{e.claim.id}: rule {rule.id} cannot give {e.verdict}"


def test_every_check_has_a_default_rule_and_every_default_is_a_rule():
    assert set(CHECKS) <= set(policy.CHECK_RULES), sorted(set(CHECKS) - set(policy.CHECK_RULES))
    assert set(policy.CHECK_RULES.values()) <= set(policy.RULE_IDS)
    assert set(policy.CHECK_RULES) <= set(CHECKS), "a default rule for a check that does not exist"


def test_rules_are_written_for_readers_and_give_only_verdicts():
    assert len(set(policy.RULE_IDS)) == len(policy.RULES)
    for rule in policy.RULES:
        assert rule.verdicts and set(rule.verdicts) <= set(VERDICTS)
        assert len(rule.text.split()) >= 20, f"{rule.id}: say the rule in full sentences"
        assert "_" not in rule.text and "check_args" not in rule.text, f"{rule.id}: no code words in a reader's rule"


def test_a_rule_that_cannot_give_the_verdict_is_refused():
    with pytest.raises(ValueError, match="cannot give the verdict"):
        policy.rule_applied("market.close_change", "", "misleading")
    with pytest.raises(KeyError, match="no verdict rule"):
        policy.rule_applied("market.close_change", "no-such-rule", "accurate")
    assert policy.rule_applied("market.close_change", "right-figure-wrong-thing", "misleading") == "right-figure-wrong-thing"


def _quantity(e) -> tuple:
    """What a claim states, as the policy compares claims: its check, the arguments that name the
    measured thing (series, date, fact, means...) and its stated value with its qualifier."""
    args = tuple(sorted((k, v) for k, v in e.claim.args.items() if k not in ("topic", "note")))
    from deepseek_factcheck.ledger.approx import qualifier_of

    return e.claim.check, args, e.claim.stated_value, e.claim.stated_unit, qualifier_of(e.claim.stated) if e.claim.stated else ""


def test_claims_stating_the_same_quantity_the_same_way_get_the_same_verdict(entries):
    groups = defaultdict(list)
    for e in entries:
        if e.finding and e.claim.stated_value and e.claim.check != "common.not_checkable":
            groups[_quantity(e)].append(e)
    repeated = [g for g in groups.values() if len(g) > 1]
    assert repeated, "the ledger has claims that repeat a quantity (e.g. Nvidia's 17% fall): the test must see them"
    for group in repeated:
        verdicts = {e.verdict for e in group}
        assert len(verdicts) == 1, f"{[e.claim.id for e in group]} state the same quantity but get {verdicts}"


def test_claims_asserting_the_same_thing_without_a_figure_get_the_same_verdict(entries):
    """Claims that state no figure but make the same assertion (same check, same evidence and
    arguments, e.g. "R1 is open source" in three articles) are judged alike."""
    groups = defaultdict(list)
    for e in entries:
        if e.finding and not e.claim.stated_value and e.claim.check != "common.not_checkable":
            args = tuple(sorted((k, v) for k, v in e.claim.args.items() if k not in ("topic", "note", "words")))
            groups[(e.claim.check, args)].append(e)
    repeated = [g for g in groups.values() if len(g) > 1]
    assert repeated, "the ledger has assertions made twice (e.g. R1's open weights): the test must see them"
    for group in repeated:
        verdicts = {(e.verdict, e.finding.rule) for e in group}
        assert len(verdicts) == 1, f"{[e.claim.id for e in group]} make the same assertion but get {verdicts}"


def test_opinions_and_predictions_are_not_checkable_in_every_part(entries):
    """The policy does not depend on who wrote the words: an opinion or prediction in a headline, the
    outlet's text, a reader comment or the pasted chatbot answer is not checkable by one rule, and each
    part that is in scope has factual claims judged on the evidence too."""
    parts_with_facts = set()
    for e in entries:
        if not e.finding:
            continue
        if e.claim.kind in ("opinion", "prediction"):
            assert (e.verdict, e.finding.rule) == ("not-checkable", "opinion-or-prediction"), e.claim.id
        else:
            assert e.finding.rule != "opinion-or-prediction", f"{e.claim.id}: a {e.claim.kind} judged as an opinion"
            parts_with_facts.add(e.part)
    assert {"title", "body", "comment", "quoted-chatbot-answer"} <= parts_with_facts


def test_claims_of_the_same_causal_kind_get_the_same_label_and_rule(entries):
    causal = defaultdict(list)
    for e in entries:
        if e.claim.check == "export_controls.controls_effect":
            causal[e.claim.args.get("asserts")].append(e)
    assert causal
    for asserts, group in causal.items():
        assert len({(e.verdict, e.finding.rule) for e in group}) == 1, f"causal claims ({asserts}) judged differently: " + ", ".join(
            f"{e.claim.id} {e.verdict}" for e in group
        )


def test_reported_rumours_are_judged_as_reports_not_as_facts(entries):
    """A hedged rumour ("rumour ... which may be wrong ... suggests") and "rumours circulated" are judged alike."""
    rumours = [e for e in entries if e.claim.check == "export_controls.illicit_chips" and re.search(r"rumou?r", e.claim.quote, re.I)]
    assert len(rumours) >= 2
    assert {e.claim.args.get("asserts") for e in rumours} == {"rumour"}


SAYING_RULES = {"attribution", "quotation", "events", "dates", "searched-not-found"}


def test_attributions_are_judged_as_sayings(entries):
    """"X said Y" is judged on whether X said it (the substance goes in the explanation), in every row."""
    attributions = [e for e in entries if e.claim.kind == "attribution" and e.finding]
    assert len(attributions) >= 10
    for e in attributions:
        assert e.finding.rule in SAYING_RULES, f"{e.claim.id}: an attribution judged by rule {e.finding.rule}"


def test_a_claim_that_names_its_rule_is_judged_by_it(entries):
    """A claim whose search found only an anonymous post says so (``rule=source-ladder``): the ladder decides."""
    named = [e for e in entries if e.claim.args.get("rule")]
    assert named
    for e in named:
        assert e.finding.rule == e.claim.args["rule"], e.claim.id


def test_a_finding_that_names_a_rule_keeps_it(entries):
    claim = Claim("999-001", "000", "q", "market", "figure", "", "", "", "market.close_change")
    finding = Finding("misleading", "", (), "An explanation.", rule="right-figure-wrong-thing")
    assert policy.rule_applied(claim.check, finding.rule, finding.verdict) == "right-figure-wrong-thing"


@pytest.mark.built
def test_the_method_page_shows_every_rule_and_the_ledger_links_to_them(site):
    method = BeautifulSoup((site / "chapters" / "method.html").read_text(encoding="utf-8"), "html.parser")
    for rule in policy.RULES:
        section = method.find(id=rule_anchor(rule.id))
        assert section is not None, f"no section for rule {rule.id} on the Method page"
        assert rule.title in section.get_text() and rule.text[:60] in section.get_text(" ", strip=True)
    ledger = (site / "chapters" / "ledger.html").read_text(encoding="utf-8")
    document = json.loads((site / "data" / "claims.json").read_text(encoding="utf-8"))
    assert set(document["rules"]) == set(policy.RULE_IDS)
    for claim in document["claims"]:
        if claim["verdict"] != "pending":
            assert claim["rule"] in document["rules"], claim["id"]
            assert f'method.html#{rule_anchor(claim["rule"])}' in ledger


def test_no_finding_prints_a_number_in_e_notation(entries):
    """Readers see '2,048 count', never '2.05e+03 count'."""
    for e in entries:
        if e.finding:
            text = f"{e.finding.found} {e.finding.explanation}"
            assert not re.search(r"\d[eE][+-]?\d", text), f"{e.claim.id}: {text[:120]}"
