"""The verdict policy: the written rules that decide every verdict, in one place.

Each :class:`Rule` has a stable id (named in every finding, in ``claims.json`` and in the
ledger), a title, the rule in plain words (shown on the Method page, for readers who do not
code) and the verdicts it can give. A check names the rule it applied; a check that names
none applies its default (:data:`CHECK_RULES`). Two claims alike are judged by the same rule,
so their verdicts are alike (``tests/test_policy.py`` holds the ledger to that).

The source ladder (:data:`SOURCE_RUNGS`) says what each kind of source can establish; the
rule ``source-ladder`` applies it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .verdicts import VERDICTS


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    text: str  # the rule in plain words, for the Method page
    verdicts: tuple[str, ...]  # the verdicts this rule can give

    def __post_init__(self):
        unknown = set(self.verdicts) - set(VERDICTS)
        if unknown:
            raise ValueError(f"rule {self.id}: {', '.join(sorted(unknown))} is not a verdict")


RULES: tuple[Rule, ...] = (
    Rule(
        "opinion-or-prediction",
        "Opinions and predictions",
        "A judgement, an argument, a rhetorical question or a prediction is not a statement of fact: it is not "
        "checkable, and the ledger says which of these it is. Where such a sentence also states a fact, the fact is a "
        "claim of its own.",
        ("not-checkable",),
    ),
    Rule(
        "precision",
        "How close a figure must be",
        "First the evidence's own range: every value the evidence supports (every share count on a filing then in "
        "force, every copy of a price series, the close and the day's low or high where the claim does not say which, "
        "every reputable vendor's published computation). Then the stated figure's range: its rounding and its hedge "
        "(\"about\", \"nearly\", \"more than\"...), by one rule set for the whole book. The figure is accurate when the "
        "two ranges meet, and inaccurate when they do not; the explanation gives both, in the claim's units.",
        ("accurate", "inaccurate"),
    ),
    Rule(
        "one-scale-for-ratios",
        "One scale for ratios",
        "\"96% cheaper\", \"27 times\", \"a factor of 20\", \"1/50th\" and \"less than 1%\" all state one quantity: how many "
        "times one amount is the other. Each is converted to that multiple, and the rounding and hedge of the words "
        "used are converted with it, so one price pair cannot pass on one scale and fail on another.",
        ("accurate", "inaccurate", "misleading"),
    ),
    Rule(
        "right-figure-wrong-thing",
        "A right figure attached to the wrong thing",
        "A figure that is right for something other than what the sentence attaches it to (another company, another "
        "quantity, a projection told as an outcome, another event's date) is misleading. A match needs a plausible "
        "path from the evidence to the claim, such as the same subject or a report that made the substitution, not "
        "only a number that happens to be close.",
        ("misleading",),
    ),
    Rule(
        "dates",
        "Dates",
        "A stated date is read as the days it covers: \"2022\" is the whole year, \"yesterday\" the day before the "
        "article's date. It is accurate when the evidence's date lies inside those days, inaccurate when the two do "
        "not meet, and unsupported when the evidence is too coarse to tell.",
        ("accurate", "inaccurate", "unsupported"),
    ),
    Rule(
        "events",
        "What happened, and what is so",
        "A claim that something happened, or is so (an announcement was made, a person holds a role, a model scores "
        "level with another), is accurate when the record shows it and inaccurate when the record shows otherwise; "
        "where the record shows it only in a looser sense than the words, the explanation says so.",
        ("accurate", "inaccurate"),
    ),
    Rule(
        "false-impression",
        "True words, a false picture",
        "A sentence that is true as far as it goes but leaves the reader with a false picture (a step already taken "
        "offered as a future option, an order since revoked described as in force) is misleading; the explanation "
        "says what the reader would wrongly take away. When the record bears the picture out, it is accurate.",
        ("accurate", "misleading"),
    ),
    Rule(
        "names",
        "Who, what and which",
        "A claim that names people, companies, products or places is accurate when every name it states is in the "
        "evidence, and inaccurate when one is not.",
        ("accurate", "inaccurate"),
    ),
    Rule(
        "quotation",
        "Words in quotation marks",
        "Words put in someone's mouth are accurate when the source has that person saying them, in the same words or a "
        "faithful translation, and inaccurate when the source's words differ in substance.",
        ("accurate", "inaccurate", "unsupported"),
    ),
    Rule(
        "attribution",
        "Who said what",
        "\"X said (claimed, suggested) Y\" is accurate when X said Y, whether or not Y is true; what the evidence says of "
        "Y is given in the explanation. It is misleading when X said something narrower or different, and the "
        "difference matters to the sentence.",
        ("accurate", "inaccurate", "misleading", "unsupported"),
    ),
    Rule(
        "source-ladder",
        "What each kind of source can establish",
        "Sources rank from a primary document, through vendor data and a wire or newspaper report, to an analyst's "
        "estimate and an anonymous post. An analyst's estimate establishes that the estimate exists and its size, "
        "labelled as an estimate; it does not establish the thing estimated. Where the evidence gives one amount "
        "several ways (the company's own figure and analysts' estimates), a claim is accurate only if it holds on "
        "each, and unsupported if it holds on some only. A claim that states as fact what rests only on estimates or "
        "anonymous reports, with the company's own record silent, is unsupported; one that reports them as estimates "
        "or rumours is judged as an attribution.",
        ("accurate", "inaccurate", "misleading", "unsupported"),
    ),
    Rule(
        "measured",
        "Measured behaviour",
        "A claim about what a model or service does (what it refuses, how it scores) is judged against the published "
        "measurements in the book's data, with their dates: accurate when they show it, inaccurate when they show the "
        "opposite, misleading when they show it only in part, and unsupported when no measurement asks the question.",
        ("accurate", "inaccurate", "misleading", "unsupported"),
    ),
    Rule(
        "status-by-date",
        "What the export rules allowed on a day",
        "A chip's status for China on a day is derived from the dated US measures then in force, each applied as code "
        "to the chip's published specifications; a claim about what was allowed or banned is judged against that "
        "status on the day it speaks of.",
        ("accurate", "inaccurate", "misleading"),
    ),
    Rule(
        "causal",
        "Causes and effects",
        "A claim that one thing caused another is judged on the evidence that speaks to the mechanism: accurate or "
        "inaccurate where the record shows it, unsupported where no record speaks to it (with what was looked for). A "
        "counterfactual that no evidence could reach (what would have happened) is not checkable.",
        ("accurate", "inaccurate", "misleading", "unsupported", "not-checkable"),
    ),
    Rule(
        "generalisation",
        "Sweeping statements",
        "A statement about all, every or none is accurate when the evidence shows no exception, misleading when it "
        "holds for some cases and not others, and inaccurate when it holds for none.",
        ("accurate", "inaccurate", "misleading"),
    ),
    Rule(
        "missing-data",
        "When the data cannot decide",
        "When the data that would decide a claim is missing (a price a vendor did not record, a day with no trading), "
        "the claim is unsupported, and the explanation says what is missing and what the nearest data shows.",
        ("unsupported",),
    ),
    Rule(
        "searched-not-found",
        "Unsupported only after a recorded search",
        "A claim is unsupported when no evidence was found either way, and only after a search of named places: the "
        "originals, the wire services and the stored news pages, transcripts and interviews. The explanation says in "
        "plain words what was looked for and where.",
        ("unsupported",),
    ),
)
RULE_IDS = tuple(rule.id for rule in RULES)
_BY_ID = {rule.id: rule for rule in RULES}

# The rule a check applies when its finding names none (a check that can decide by another rule names it).
CHECK_RULES = {
    "common.not_checkable": "opinion-or-prediction",
    "other.figure": "precision",
    "other.date": "dates",
    "other.age": "precision",
    "other.fact": "names",
    "other.quote": "quotation",
    "other.benchmarks": "generalisation",
    "market.close_change": "precision",
    "market.close_price": "precision",
    "market.market_value_change": "precision",
    "market.record_loss": "precision",
    "market.intraday_move": "precision",
    "market.record_level": "precision",
    "market.yield_change": "precision",
    "market.reported_moves": "precision",
    "market.aggregate_value_change": "precision",
    "market.share_at_least": "precision",
    "market.record_claim": "precision",
    "market.equity_risk_premium": "precision",
    "cost.figure": "precision",
    "cost.compare": "one-scale-for-ratios",
    "export_controls.chip_status": "status-by-date",
    "export_controls.rule_event": "dates",
    "export_controls.controls_effect": "causal",
    "export_controls.illicit_chips": "source-ladder",
    "export_controls.company_statement": "attribution",
    "censorship.topic_refusal": "measured",
    "censorship.answer_withdrawn": "measured",
    "censorship.sensitive_contrast": "measured",
    "censorship.guardrails_removable": "measured",
    "censorship.app_crash": "measured",
    "censorship.us_apps_compared": "measured",
    "censorship.data_to_state": "source-ladder",
}


@dataclass(frozen=True)
class Rung:
    id: str
    title: str
    establishes: str


SOURCE_RUNGS: tuple[Rung, ...] = (
    Rung("primary", "Primary document", "what it records: a filing, a rule, a company's own report, an exchange's prices, a transcript"),
    Rung("vendor", "Vendor data", "the values a data vendor or database publishes (prices, share counts, model costs), as that vendor computed them"),
    Rung("report", "Wire or newspaper report", "what was reported, and, where the reporter names a source, that the source said it"),
    Rung("estimate", "Analyst estimate", "that the estimate exists and its size, labelled as an estimate; not the thing estimated"),
    Rung("anonymous", "Anonymous post or unattributed copy", "nothing on its own; it can point to a source worth finding"),
)


def rule(rule_id: str) -> Rule:
    """The rule with this id; KeyError naming the known ones otherwise."""
    if rule_id not in _BY_ID:
        raise KeyError(f"no verdict rule {rule_id!r} (known: {', '.join(RULE_IDS)})")
    return _BY_ID[rule_id]


def rule_applied(check: str, finding_rule: str, verdict: str) -> str:
    """The rule a finding was decided by: the one it names, else its check's default; it must allow the verdict."""
    rule_id = finding_rule or CHECK_RULES.get(check, "")
    if not rule_id:
        raise LookupError(f"check {check!r} names no rule and has no default in CHECK_RULES")
    chosen = rule(rule_id)
    if verdict not in chosen.verdicts:
        raise ValueError(f"check {check}: rule {rule_id!r} cannot give the verdict {verdict!r} (it gives {', '.join(chosen.verdicts)})")
    return rule_id
