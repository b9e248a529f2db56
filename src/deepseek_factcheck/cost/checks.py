"""Checks for the theme ``cost``: training costs, API prices and the ratios built from them.

The central idea: a stated figure is traced to the arithmetic that produces it. The cost
evidence (``data/v3_training_cost.csv``, ``data/api_prices.csv``, ``data/frontier_models.csv``
and facts rows) yields a list of named candidate figures (:func:`deepseek_factcheck.cost.analysis.candidate_figures`,
plus facts named in ``check_args``). ``cost.figure`` then asks:

* does the candidate for what the claim *says* the figure is (``means=``) match it? accurate;
* if not, does a candidate for something *else*, of the same kind of quantity (a training cost for a
  training cost, a price for a price), match it? misleading: the number is real but belongs to another
  thing (V3's final-run rental presented as R1's development cost). A close number of another kind, or
  of no known kind, is not a plausible path;
* if nothing matches: inaccurate, or unsupported when the evidence for ``means`` was looked
  for and not found.
"""

from __future__ import annotations

import math
import re

from ..ledger import approx
from . import analysis as cost
from ..ledger.amounts import amount, money
from ..ledger.checks import Claim, Evidence, Finding, Reference, check
from ..ledger.numbers import Alternative, Numbers

LLAMA_GPU_HOURS_FACT = "llama31-405b-gpu-hours"
DEEPSEEK_CAPEX_FACT = "semianalysis-server-capex-1-6bn"
BIGTECH_CAPEX_FACT = "bigtech-capex-2025-plans"
O1_BLOG_FACT = "o1-600m-blog-claim"
# Facts give amounts; ratios and shares are computed here, never taken from a report of the
# figure being checked (that would confirm a number by itself).
AMOUNT_UNITS = ("USD", "count", "GPU hours")
# reports *of* a figure under check are evidence of where it circulated, not of what it measures
NOT_CANDIDATES = {O1_BLOG_FACT}
# The kind of quantity a fact gives, by its subject (a count of the cost facts is a number of GPUs): a figure
# stands in only for one of its kind (rule "right figure, wrong thing"). A subject not listed gives no kind,
# and a figure without a kind is never taken for another.
FACT_KINDS = {
    "DeepSeek-V3 training cost (Table 1)": cost.TRAINING, "DeepSeek-R1 training cost": cost.TRAINING,
    "Frontier model training cost comparators": cost.TRAINING, "OpenAI o1 development cost": cost.TRAINING,
    "API prices at R1 launch (per 1M tokens)": cost.PRICES,
    "US AI investment and spending": cost.SPENDING, "Scepticism about DeepSeek cost claims": cost.SPENDING,
}
# What a claim says a figure is, where the evidence has no figure or fact for it: its kind.
UNFOUND_KINDS = {"r1-development-cost-usd": cost.TRAINING, "r1-over-o1-development-cost": cost.TRAINING,
                 "deepseek-share-of-rivals-gpu-capacity": cost.TRAINING}


def _fact_kind(fact: dict) -> str:
    return cost.HARDWARE if fact.get("unit") == "count" else FACT_KINDS.get(fact.get("subject", ""), "")


def _fact_candidate(fact: dict) -> cost.Candidate | None:
    if fact["status"] != "found" or fact["unit"] not in AMOUNT_UNITS:
        return None
    try:
        value = float(str(fact["value"]))
    except ValueError:
        return None
    return cost.Candidate(fact["id"], value, fact["unit"], fact["statement"], _fact_kind(fact))


def _fact_refs(fact: dict) -> tuple[Reference, ...]:
    return (Reference("facts", fact["_row"], fact["id"]), *(Reference(key=k.strip()) for k in str(fact["source"]).split(";") if k.strip()))


def _candidate_pool(evidence: Evidence) -> tuple[list[cost.Candidate], dict[str, tuple[Reference, ...]]]:
    """The figures every cost claim is compared with (computed once per Evidence object by :func:`candidates`)."""
    stages, prices, frontier = evidence.table("v3_training_cost"), evidence.table("api_prices"), evidence.table("frontier_models")
    llama, capex, bigtech, blog = (evidence.facts[k] for k in (LLAMA_GPU_HOURS_FACT, DEEPSEEK_CAPEX_FACT, BIGTECH_CAPEX_FACT, O1_BLOG_FACT))
    run = cost.total_hours(stages) * cost.REPORT_PRICE
    derived = [
        cost.Candidate("v3-run-over-o1-600m", run / float(blog["value"]) * 100, "percent",
                       "DeepSeek-V3's final-run rental cost as a share of the unsourced $600 million said of o1", cost.TRAINING),
        cost.Candidate("deepseek-capex-share-of-bigtech-capex", float(capex["value"]) / float(bigtech["value"]) * 100, "percent",
                       "SemiAnalysis's estimate of DeepSeek's server spending as a share of four US companies' 2025 capital spending plans", cost.SPENDING),
        cost.Candidate("v3-run-share-of-bigtech-capex", run / float(bigtech["value"]) * 100, "percent",
                       "DeepSeek-V3's final-run rental cost as a share of four US companies' 2025 capital spending plans", cost.SPENDING),
    ]
    same_basis = cost.like_for_like(stages, frontier, evidence.table("frontier_cost_methods"), evidence.table("gpu_prices"))
    computed = cost.candidate_figures(stages, prices, frontier, float(llama["value"]), same_basis, extra=derived)
    table_refs = (
        Reference("v3_training_cost", 0, "all rows"), Reference(key="deepseek-v3-report"),
        Reference("api_prices", 0, "all rows"), Reference("frontier_models", 0, "all rows"), Reference(key="epoch-training-cost-trends"),
    )
    refs = {c.key: table_refs for c in computed}
    for c in computed:  # V3 against other models, on one basis: Epoch's methods file and the ownership estimate's prices
        if c.key.startswith("v3-over-") or c.key.endswith("-2023usd"):
            refs[c.key] = (*table_refs, Reference("frontier_cost_methods", 0, "all rows"), Reference("gpu_prices", 0, "all rows"))
    for c, facts in zip(derived, ((blog,), (capex, bigtech), (bigtech,))):
        refs[c.key] = table_refs[:2] + tuple(r for f in facts for r in _fact_refs(f))
    refs["v3-gpu-hours-share-of-llama-405b"] = table_refs[:2] + _fact_refs(llama)
    from_facts = []
    for fact in evidence.facts.values():
        if fact["topic"] == "cost" and fact["id"] not in NOT_CANDIDATES and (c := _fact_candidate(fact)):
            from_facts.append(c)
            refs[c.key] = _fact_refs(fact)
    return computed + from_facts, refs


def candidates(evidence: Evidence, named: tuple[str, ...] = ()) -> tuple[list[cost.Candidate], dict[str, tuple[Reference, ...]]]:
    """Every named figure the cost evidence gives, with the references each rests on: the
    computed ones, the amounts in facts of topic ``cost``, and the facts ``named`` by a claim."""
    cached = evidence.derived("cost-candidates", _candidate_pool)
    pool, refs = list(cached[0]), dict(cached[1])
    for fact_id in named:
        fact = evidence.facts.get(fact_id)
        if fact and fact_id not in refs and (c := _fact_candidate(fact)):
            pool.append(c)
            refs[fact_id] = _fact_refs(fact)
    return pool, refs


def _shown(c: cost.Candidate) -> str:
    if c.unit == "USD":
        return money(c.value)
    if c.unit == "percent":
        return f"{c.value:.3g}%"
    if c.unit == "percent cheaper":
        return f"{c.value:.3g}% cheaper"
    if c.unit == "ratio":
        return f"{c.value:.3g} (1/{1 / c.value:.3g})" if c.value else "0"
    return amount(c.value, c.unit)


def _read(claim: Claim) -> approx.Reading:
    """The stated figure's reading; a ratio (times, a fraction, a share, a saving) on the one scale of multiples."""
    if claim.stated_unit in approx.RATIO_UNITS:
        return approx.read_multiple(claim.stated, claim.stated_value, claim.stated_unit)
    return approx.read_stated(claim.stated, claim.stated_value)


def _on_scale(c: cost.Candidate, unit: str) -> float | None:
    """A candidate's value on the claim's scale (a multiple, for a ratio), or None if it is not on it."""
    if unit in approx.RATIO_UNITS:
        return approx.to_multiple(c.value, c.unit) if c.unit in approx.RATIO_UNITS else None
    return c.value if c.unit == unit else None


def _comparable(reading: approx.Reading, c: cost.Candidate, unit: str) -> bool:
    value = _on_scale(c, unit)
    if value is None:
        return False
    value = -value if reading.value < 0 < value else value
    return reading.contains(value)


def _read_as(claim: Claim, reading: approx.Reading) -> str:
    """How the explanation says the figure was read."""
    if claim.stated_unit in approx.RATIO_UNITS:
        return (f"{claim.stated!r} ({approx.RATIO_UNITS[claim.stated_unit].split(' (')[0]}) is, on the one scale used for every ratio, "
                f"a multiple of {reading.describe()}")
    return f"{claim.stated!r} is read as {reading.describe()}"


def _shown_as(c: cost.Candidate, unit: str) -> str:
    """A candidate as shown, with its multiple when the claim states a ratio in another form."""
    if unit in approx.RATIO_UNITS and c.unit != "times":
        multiple = approx.to_multiple(c.value, c.unit)
        return f"{_shown(c)}, that is {multiple:,.0f} times" if multiple >= 1000 else f"{_shown(c)}, that is {multiple:,.3g} times"
    return _shown(c)


# The same quantity on another basis: another price component of the R1/o1 ratio, V3 against a
# model on the other cost basis. The ledger's robustness names a basis that would flip a verdict.
SAME_QUANTITY = (re.compile(r"^r1-vs-o1-.+-(ratio|cheaper|fraction)$"), re.compile(r"^v3-over-(.+)-(?:epoch|amortised)$"))


def _variants(evidence: Evidence, pool: list[cost.Candidate], target: cost.Candidate) -> list[cost.Candidate]:
    """The target's quantity on every other basis the evidence holds: other price components, the
    other cost basis, and V3's final run at the cheapest, median and dearest recorded rental price."""
    out = []
    for pattern in SAME_QUANTITY:
        if (m := pattern.match(target.key)):
            out += [c for c in pool if c.key != target.key and (other := pattern.match(c.key)) and other.group(1) == m.group(1)]
    if target.key == "v3-final-run-usd":
        stages, gpu_prices = evidence.table("v3_training_cost"), evidence.table("gpu_prices")
        offers = cost.offer_range(cost.rental_offers(gpu_prices, cost.RENTED_GPUS, cost.TRAINING_WINDOW))
        for name in ("min", "median", "max"):
            price = float(offers[name])
            label = {"min": "cheapest", "median": "median", "max": "dearest"}[name]
            out.append(cost.Candidate(f"v3-run-at-{name}-rental", cost.total_hours(stages) * price, "USD",
                                      f"the run at ${price:.2f} an hour (the {label} H100 or H800 rental price, June 2024 to January 2025)"))
    return out


def _numbers(evidence: Evidence, reading: approx.Reading, unit: str, figures: list[cost.Candidate],
             variants: list[cost.Candidate] = (), **kw) -> Numbers:
    """The stated reading and the figures' values on the claim's scale (a multiple, for a ratio), then
    the same quantity on other bases (:func:`_variants`), for the ledger's explanation, margin and
    robustness; named by the first figure's fact subject where it has one."""
    values = []
    for c, variant in [*((c, False) for c in figures), *((c, True) for c in variants)]:
        value = _on_scale(c, unit)
        values.append(Alternative.point(c.what, -value if reading.value < 0 < value else value, variant=variant))
    first = figures[0]
    subject = (evidence.facts.get(first.key) or {}).get("subject") or first.what
    return Numbers(reading, "times" if unit in approx.RATIO_UNITS else unit, subject, tuple(values), **kw)


def _plausible(kind: str, other: cost.Candidate) -> bool:
    """Whether ``other`` could be what a writer meant by a figure of ``kind`` (rule "right figure, wrong thing"):
    a figure of the same kind (training costs for a training cost, prices for a price), not just a close
    number; a figure or a claim whose kind is not known has no plausible path."""
    return bool(kind) and other.about == kind


def _kind(means: str, target: cost.Candidate | None, target_fact: dict | None) -> str:
    """The kind of quantity a claim says its figure is: its candidate's, else its fact's, else :data:`UNFOUND_KINDS`."""
    if target:
        return target.about
    return _fact_kind(target_fact) if target_fact else UNFOUND_KINDS.get(means, "")


def _distinct(found: list[cost.Candidate], unit: str) -> list[cost.Candidate]:
    """One candidate per quantity: a ratio stated as times, a fraction and a saving is one multiple."""
    seen, out = set(), []
    for c in found:
        key = round(_on_scale(c, unit), 6) if unit in approx.RATIO_UNITS else c.key
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


@check("cost.figure")
def figure(claim: Claim, evidence: Evidence) -> Finding:
    """A stated figure traced to the arithmetic behind it (see the module docstring). ``means``
    names the candidate or fact for what the claim says the figure is; ``same_amount`` the figures
    for that amount from other kinds of source, on each of which the claim must hold (rule
    "source-ladder")."""
    means = claim.args["means"]
    pool, refs = candidates(evidence, (means, *(k.strip() for k in claim.args.get("same_amount", "").split(",") if k.strip())))
    by_key = {c.key: c for c in pool}
    target_fact = evidence.facts.get(means)
    reading = _read(claim)
    unit = claim.stated_unit
    read_as = _read_as(claim, reading)
    ratio_rule = "one-scale-for-ratios" if unit in approx.RATIO_UNITS else "precision"
    if claim.kind == "attribution":  # "DeepSeek claims ...": judged on what the speaker published (rule "attribution")
        ratio_rule = "attribution"
    target = by_key.get(means)
    if target and _comparable(reading, target, unit):
        scope = (target_fact or {}).get("scope", "").lower()
        if claim.kind == "figure" and ("forecast" in scope or "projected" in scope):
            return Finding("misleading", _shown(target), refs[means],
                           f"{read_as} and matches, but the figure is a forecast, stated as if "
                           f"it were a measurement: {target.what}", rule="right-figure-wrong-thing",
                           numbers=_numbers(evidence, reading, unit, [target], met="misleading"))
        also = [by_key[k.strip()] for k in claim.args.get("same_amount", "").split(",") if k.strip() in by_key]
        if also:  # the same amount from other kinds of source: the claim must hold on each (rule "source-ladder")
            fits = [_comparable(reading, c, unit) for c in also]
            each = "; ".join(f"{c.what}: {_shown_as(c, unit)} ({'fits' if fit else 'does not fit'})" for c, fit in zip(also, fits))
            return Finding("accurate" if all(fits) else "unsupported", _shown(target),
                           tuple(dict.fromkeys((*refs[means], *(r for c in also for r in refs[c.key])))),
                           f"{read_as}; {target.what}: {_shown_as(target, unit)}; and by the other figure(s) the evidence has for "
                           f"the same amount: {each}.", rule="source-ladder",
                           numbers=_numbers(evidence, reading, unit, [target, *also], needs_all=True))
        variants = [] if ratio_rule == "attribution" else _variants(evidence, pool, target)
        return Finding("accurate", _shown(target), refs[means], f"{read_as}; {target.what}: {_shown_as(target, unit)}.", rule=ratio_rule,
                       numbers=_numbers(evidence, reading, unit, [target], variants))
    stated = abs(reading.value) or 1.0
    others = sorted((c for c in pool if c.key != means and _comparable(reading, c, unit)),
                    key=lambda c: abs(abs(_on_scale(c, unit)) - stated) / stated)
    kind = _kind(means, target, target_fact)
    others = [c for c in _distinct(others, unit) if not (target and _on_scale(c, unit) == _on_scale(target, unit))
              and _plausible(kind, c)]
    said = f"what the claim says it is ({target.what}: {_shown_as(target, unit)})" if target else (
        "what the claim says it is" + (f" ({target_fact['subject']})" if target_fact and target_fact.get("subject") else "")
        + ", for which no figure was found"
        + (f": {target_fact['looked_for']}" if target_fact and target_fact.get("looked_for") else ""))
    if others:
        other = others[0]
        more = f" (also: {'; '.join(c.what for c in others[1:3])})" if len(others) > 1 else ""
        return Finding("misleading", f"{_shown(other)}: {other.what}", tuple(dict.fromkeys((*refs[other.key], *(refs.get(means, ()))))),
                       f"{read_as}. It does not fit {said}; the figure that "
                       f"produces it is {other.what}: {_shown_as(other, unit)}{more}.", rule="right-figure-wrong-thing",
                       numbers=_numbers(evidence, reading, unit, [other], _variants(evidence, pool, other), met="misleading",
                                        missed="unsupported" if target is None else "inaccurate"))
    if target is None:
        fact_refs = (Reference("facts", target_fact["_row"], means),) if target_fact else ()
        return Finding("unsupported", "", fact_refs or refs.get(next(iter(refs)), ()),
                       f"{read_as}. No evidence gives {said}, and no figure in the "
                       "evidence produces the stated one.", rule="searched-not-found")
    close_but_other = [c for c in pool if c.key != means and _comparable(reading, c, unit) and not _plausible(kind, c)]
    aside = (f" (A figure of another kind gives it, {close_but_other[0].what}: {_shown_as(close_but_other[0], unit)}; a number "
             "that happens to be close is not what the writer meant.)") if close_but_other else ""
    return Finding("inaccurate", _shown(target), refs[means],
                   f"{read_as}, but {target.what} is {_shown_as(target, unit)}, and no other "
                   f"figure of that kind in the evidence produces the stated one.{aside}", rule=ratio_rule,
                   numbers=_numbers(evidence, reading, unit, [target], _variants(evidence, pool, target)))


@check("cost.compare")
def compare(claim: Claim, evidence: Evidence) -> Finding:
    """A comparison without a stated number: ``this`` against ``versus`` (candidate or fact keys,
    ``versus`` comma-separated). ``relation=much-lower``: at most half of each ("a fraction of",
    "far fewer", "much lower"); ``relation=greater``: larger than each; ``relation=much-greater``:
    at least twice each ("colossal"). ``this`` may name several figures for one amount from
    different kinds of source (the company's own figure and an analyst's estimate): the claim holds
    only if it holds on each, and is unsupported if it holds on some (rule "source-ladder")."""
    keys = [k.strip() for k in [*claim.args["this"].split(","), *claim.args["versus"].split(",")]]
    pool, refs = candidates(evidence, tuple(keys))
    by_key = {c.key: c for c in pool}
    missing = [k for k in keys if k not in by_key]
    if missing:
        looked = " ".join(evidence.facts[k]["looked_for"] for k in missing if k in evidence.facts)
        return Finding("unsupported", "", tuple(Reference("facts", evidence.facts[k]["_row"], k) for k in missing if k in evidence.facts),
                       f"No figure was found for {', '.join(missing)}. {looked}".strip(), rule="searched-not-found")
    sides = [by_key[k.strip()] for k in claim.args["this"].split(",")]
    others = [by_key[k.strip()] for k in claim.args["versus"].split(",")]
    relation = claim.args["relation"]
    if any(o.unit != side.unit for o in others for side in sides):
        raise ValueError(f"claim {claim.id}: compares figures in different units")
    tests = {"much-lower": (lambda a, b: a <= b / 2, "at most half of each"), "greater": (lambda a, b: a > b, "larger than each"),
             "much-greater": (lambda a, b: a >= 2 * b, "at least twice each")}
    if relation not in tests:
        raise ValueError(f"claim {claim.id}: relation must be one of {', '.join(tests)}")
    holds, _ = tests[relation]
    results = [all(holds(side.value, o.value) for o in others) for side in sides]
    ok = all(results)
    keys = [*(side.key for side in sides), *(o.key for o in others)]
    all_refs = tuple(dict.fromkeys(r for k in keys for r in refs[k]))
    found = f"{' / '.join(_shown(side) for side in sides)} against {', '.join(_shown(o) for o in others)}"
    of = "of" if _RELATION_WORDS[relation][0].endswith(" of") else ""
    detail = _ratios(sides, others) + " " + _sources([*sides, *others])
    if len(sides) == 1:
        this = sides[0]
        if ok:
            first = f"The comparison holds: {_listed(sides, subject=True)} {_RELATION_WORDS[relation][0]} {_listed(others, of=of)}."
        else:
            failing = [o for o in others if not holds(this.value, o.value)]
            if relation == "greater" and all(this.value < o.value for o in failing):
                first = f"The comparison does not hold: {_listed(sides, subject=True)} is below {_listed(failing, subject=True)} not above it."
            else:
                first = f"The comparison does not hold: {_listed(sides, subject=True)} {_RELATION_WORDS[relation][1]} {_listed(failing, of=of)}."
        return Finding("accurate" if ok else "inaccurate", found, all_refs, detail, opening=first)
    # several figures for one amount, from different kinds of source (the company's own, an analyst's estimate):
    # the claim is established only if it holds on each (rule "source-ladder")
    verdict = "accurate" if ok else ("unsupported" if any(results) else "inaccurate")
    fit = [side for side, r in zip(sides, results) if r]
    unfit = [side for side, r in zip(sides, results) if not r]
    if verdict == "unsupported":
        first = (f"The comparison is not established: {_listed(fit, subject=True)} {_RELATION_WORDS[relation][0]} "
                 f"{_listed(others, of=of)}, but {_listed(unfit, subject=True)} {'is' if len(unfit) == 1 else 'are'} not.")
    else:
        each = "each " if len(sides) > 1 else ""
        first = (f"The comparison {'holds on every source' if ok else 'does not hold on any source'}: {_listed(sides, subject=True)} "
                 f"{_RELATION_WORDS[relation][0 if ok else 1].replace('is ', 'are ' + each, 1)} {_listed(others, of=of)}.")
    return Finding(verdict, found, all_refs, detail, rule="source-ladder", opening=first)


# Short names for the figures the claims of ``cost.compare`` set against each other, and where each comes
# from: an opening sentence names both sides by these, never by a fact's full statement.
SHORT_NAMES = {
    "deepseek-v3-cost-rental-2023usd": ("DeepSeek-V3's final-run cost", "Epoch AI (DeepSeek's own rental figure, in 2023 dollars)"),
    "deepseek-r1-cost-rental-2023usd": ("DeepSeek-R1's training cost", "Epoch AI (DeepSeek's own rental figure, V3 included, in 2023 dollars)"),
    "gpt-4-cost-rental-2023usd": ("GPT-4's final-run cost", "Epoch AI (cloud rental prices, in 2023 dollars)"),
    "gemini-10-ultra-cost-rental-2023usd": ("Gemini 1.0 Ultra's final-run cost", "Epoch AI (cloud rental prices, in 2023 dollars)"),
    "v3-final-run-usd": ("DeepSeek-V3's final-run cost", "DeepSeek's V3 report (at $2 per GPU hour)"),
    "semianalysis-server-capex-1-6bn": ("SemiAnalysis's estimate of DeepSeek's server spending",
                                        "Tom's Hardware, reporting SemiAnalysis (a critic has questioned its arithmetic)"),
    "bigtech-capex-2025-plans": ("four US tech giants' planned 2025 capital spending",
                                 "Microsoft, Alphabet, Amazon and Meta (early-2025 earnings)"),
    "silicon-valley-manager-pay": ("a Silicon Valley engineering manager's yearly pay", "Levels.fyi's 2024 pay data (as summarised by a careers site)"),
    "v3-cluster-2048-h800": ("DeepSeek-V3's GPU count", "DeepSeek's V3 report"),
    "llama-31-405b-gpus": ("Llama 3.1-405B's GPU count", "Epoch AI"),
    "gpt-4-gpus": ("GPT-4's GPU count", "Epoch AI"),
    "v3-gpu-hours-total": ("DeepSeek-V3's training compute", "DeepSeek's V3 report"),
    "amodei-1bn-training-runs-2024": ("the cost of a training run Dario Amodei described in mid-2024", "Dario Amodei (Anthropic), mid-2024"),
    "llama31-405b-gpu-hours": ("Llama 3.1-405B's training compute", "Meta's model card"),
    "deepseek-r1-blend-price": ("DeepSeek-R1's API price", "DeepSeek's price list (3 input tokens to 1 output)"),
    "openai-o1-blend-price": ("OpenAI o1's API price", "OpenAI's price list (the same mix)"),
}
# what the opening says of a relation that holds, and of one that does not
_RELATION_WORDS = {"much-lower": ("is less than half of", "is more than half of"), "greater": ("is larger than", "is no larger than"),
                   "much-greater": ("is more than twice", "is less than twice")}


def _label(c: cost.Candidate) -> str:
    return SHORT_NAMES[c.key][0] if c.key in SHORT_NAMES else c.what


def _listed(figures: list[cost.Candidate], *, subject: bool = False, of: str = "") -> str:
    """"A, $1, and B, $2": each figure by its short name with its amount (the one formatter); a subject
    ends with a comma, and ``of`` is repeated before each further object ("less than half of A and of B")."""
    named = [f"{_label(c)}, {_shown(c)}" for c in figures]
    text = named[0] if len(named) == 1 else ", ".join(named[:-1]) + f", and {of + ' ' if of else ''}" + named[-1]
    return text + "," if subject else text


def _ratios(sides: list[cost.Candidate], others: list[cost.Candidate]) -> str:
    """How many times the larger of each pair is the smaller, in plain words."""
    said = []
    for side in sides:
        for o in others:
            big, small = (side, o) if side.value >= o.value else (o, side)
            r = big.value / small.value if small.value else float("inf")
            r = round(r, 1 - math.floor(math.log10(r))) if 10 <= r < float("inf") else r  # two significant figures
            said.append(f"{_label(big)} is about the same as {_label(small)}" if r < 1.1 else
                        f"{_label(big)} is about {amount(r, 'times', 2)} {_label(small)}")
    return "; ".join(said)[:1].upper() + "; ".join(said)[1:] + "."


def _sources(figures: list[cost.Candidate]) -> str:
    by_source: dict[str, list[str]] = {}
    for c in figures:
        if c.key in SHORT_NAMES:
            labels = by_source.setdefault(SHORT_NAMES[c.key][1], [])
            if _label(c) not in labels:
                labels.append(_label(c))
    return ("Sources: " + "; ".join(f"{source} for {' and '.join(labels)}" for source, labels in by_source.items()) + ".") if by_source else ""
