"""Checks for the theme ``export-controls``: US controls on AI chips to China and what DeepSeek ran on.

They read ``data/chips.csv`` and ``data/export_rules.csv`` through
:mod:`.rules` (every chip's status for China on a day is derived
from the thresholds and the dated measures), ``data/deepseek_hardware.csv`` and rows of
``data/facts.csv``. Arguments (``check_args``) are named in each docstring; ``topic=`` names the
chapter section.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..ledger import dates
from . import rules as ec
from ..ledger.checks import Claim, Evidence, Finding, Reference, check
from ..ledger.common_checks import fact_refs, stated_window, unsupported_fact, window_relation


def _tables(evidence: Evidence) -> tuple[pd.DataFrame, pd.DataFrame]:
    chips = ec.chip_table(chips=evidence.table("chips").drop(columns=["_row"]))
    chips["_row"] = evidence.table("chips")["_row"].values
    return chips, evidence.table("export_rules")


def _day(claim: Claim) -> dt.date:
    if claim.args.get("date"):
        return dt.date.fromisoformat(claim.args["date"])
    if claim.article_date is None:
        raise ValueError(f"claim {claim.id}: needs date= or the article's date")
    return claim.article_date


def _rule_ref(rules: pd.DataFrame, rule_id: str) -> Reference:
    row = rules[rules["id"] == rule_id].iloc[0]
    return Reference("export_rules", int(row["_row"]), rule_id)


def _chip_ref(chips: pd.DataFrame, chip: str) -> Reference:
    return Reference("chips", int(chips[chips["chip"] == chip].iloc[0]["_row"]), chip)


def _facts(claim: Claim, evidence: Evidence, key: str = "facts") -> list[dict]:
    ids = [f.strip() for f in claim.args.get(key, "").split(",") if f.strip()]
    missing = [f for f in ids if f not in evidence.facts]
    if missing:
        raise LookupError(f"claim {claim.id}: facts not in data/facts.csv: {', '.join(missing)}")
    return [evidence.facts[f] for f in ids]


def describe_status(status: dict, rules: pd.DataFrame) -> str:
    if status["status"] in ("legal", "not released"):
        return f"{status['chip']}: {status['status']}"
    measure = rules[rules["id"] == status["by"]].iloc[0]
    return f"{status['chip']}: {status['status']} since {status['since']:%-d %B %Y} ({measure['citation']})"


@check("export_controls.chip_status")
def chip_status(claim: Claim, evidence: Evidence) -> Finding:
    """A chip's status for China on the article's date (or ``date=``), derived from the rules.

    ``asserts=restricted``: the claim says exports to China were barred (an embargo, a ban);
    ``asserts=unrestricted``: it says the chip was not subject to the restrictions.
    """
    chips, rules = _tables(evidence)
    chip, day, asserts = claim.args["chip"], _day(claim), claim.args.get("asserts")
    if asserts not in ("restricted", "unrestricted"):
        raise ValueError(f"claim {claim.id}: export_controls.chip_status needs asserts=restricted or asserts=unrestricted")
    status = ec.status_on(chips, rules, chip, day)
    restricted = status["status"] == "restricted"
    row = chips[chips["chip"] == chip].iloc[0]
    refs = [_chip_ref(chips, chip)] + ([_rule_ref(rules, status["by"])] if status["by"] else [])
    specs = (f"{chip}: TPP {row['tpp']:,.0f} (threshold {ec.TPP_A:,}), chip-to-chip {row['interconnect_gbps']:,.0f} GB/s "
             f"(2022 threshold {ec.INTERCONNECT_2022_GBPS}), so caught by the 2022 test: {'yes' if row['rule_2022'] else 'no'}; "
             f"2023 test: {row['rule_2023'] or 'not caught'}.")
    ok = restricted if asserts == "restricted" else not restricted
    found = describe_status(status, rules)
    return Finding("accurate" if ok else "inaccurate", found, tuple(refs),
                   f"On {day:%-d %B %Y} the {found}. {specs} The claim says it was "
                   f"{'restricted' if asserts == 'restricted' else 'not restricted'}.")


@check("export_controls.rule_event")
def rule_event(claim: Claim, evidence: Evidence) -> Finding:
    """That the US restricted chip technology exports to China in ``period=first..last``: the
    measures of ``data/export_rules.csv`` announced in that period (accurate if there are any rules
    or licence letters restricting chips, listed by citation)."""
    _, rules = _tables(evidence)
    first, last = (dt.date.fromisoformat(x) for x in claim.args["period"].split(".."))
    inside = rules[(rules["announced"] >= first) & (rules["announced"] <= last)]
    tightening = inside[inside["kind"].isin(["rule", "licence letter", "entity list"])]
    refs = tuple(Reference("export_rules", int(r["_row"]), r["id"]) for _, r in tightening.iterrows())
    chip_rules = tightening[tightening["test"].isin(["named", "3a090-2022", "tpp-4800", "3a090-2023", "h20-letter"])]
    listing = "; ".join(f"{r['announced']:%-d %b %Y}: {r['citation']}" for _, r in tightening.iterrows())
    ok = not chip_rules.empty
    return Finding("accurate" if ok else "inaccurate", f"{len(tightening)} US measures, {len(chip_rules)} of them setting chip thresholds", refs,
                   f"From {first:%-d %B %Y} to {last:%-d %B %Y} the US issued {len(tightening)} rules, licence letters and Entity List "
                   f"additions restricting chip technology for China, {len(chip_rules)} of them on AI chips themselves: {listing}.")


def _constraint(evidence: Evidence, day: dt.date) -> tuple[str, list[str], list[str], tuple[Reference, ...]]:
    chips, rules = _tables(evidence)
    status = ec.china_status(chips, rules, day)
    released = status[status["status"] != "not released"]
    barred = list(released[released["status"] == "restricted"]["chip"])
    legal = list(released[released["status"].isin(["legal", "licensed"])]["chip"])
    refs = tuple(dict.fromkeys([_chip_ref(chips, c) for c in released["chip"]]
                               + [_rule_ref(rules, b) for b in released["by"] if b]))
    text = (f"On {day:%-d %B %Y}, by the rules as coded, {', '.join(barred) or 'none'} could not be sold to China without a licence; "
            f"{', '.join(legal) or 'none'} could.")
    return text, barred, legal, refs


@check("export_controls.controls_effect")
def controls_effect(claim: Claim, evidence: Evidence) -> Finding:
    """What the controls did to Chinese developers' access to chips, on the article's date.

    ``asserts=constraint``: that the controls limited access to the latest chips; accurate if the
    most powerful chips (highest TPP) released by then were restricted for China (with ``facts=``
    rows on the company named). ``asserts=cause``: that the controls *caused* the efficiency
    drive; the constraint is derived as above, but a cause needs evidence of motive: the
    ``facts=`` rows are read and, as none establishes it, the claim is unsupported.
    """
    asserts = claim.args.get("asserts")
    day = _day(claim)
    text, barred, legal, refs = _constraint(evidence, day)
    facts = _facts(claim, evidence)
    refs = refs + tuple(r for f in facts for r in fact_refs(f))
    said = " ".join(f"{f['statement']}" for f in facts if f["status"] == "found")
    chips, _ = _tables(evidence)
    released = chips[chips["released"] <= day]
    top = released.sort_values("tpp", ascending=False)["chip"].iloc[0]
    if asserts == "constraint":
        ok = top in barred
        return Finding("accurate" if ok else "inaccurate", f"restricted: {', '.join(barred)}", refs,
                       f"{text} The most powerful of them ({top}, TPP {released['tpp'].max():,.0f}) was "
                       f"{'restricted' if ok else 'not restricted'}. {said}".strip())
    if asserts == "cause":
        return Finding("unsupported", f"restricted: {', '.join(barred)}", refs,
                       f"The constraint is real: {text} But no evidence read shows that the controls, rather than cost, drove "
                       f"the efficiency work: {said}".strip())
    raise ValueError(f"claim {claim.id}: export_controls.controls_effect needs asserts=constraint or asserts=cause")


@check("export_controls.illicit_chips")
def illicit_chips(claim: Claim, evidence: Evidence) -> Finding:
    """Claims that DeepSeek had chips it was not allowed to have.

    ``asserts=rumour``: that such rumours circulated: accurate if a ``facts=`` row records such a
    claim made by the article's date. ``asserts=use``: that DeepSeek did use them: this needs
    ``finding=<fact>``, an official finding; if that fact is not found the claim is unsupported,
    and the explanation lists what DeepSeek reported (with each chip's status for China when it
    was reported) and the allegations.
    """
    chips, rules = _tables(evidence)
    hardware = evidence.table("deepseek_hardware")
    facts = _facts(claim, evidence)
    refs = tuple(r for f in facts for r in fact_refs(f))
    asserts = claim.args.get("asserts")
    day = _day(claim)
    if asserts == "rumour":
        before = [f for f in facts if f["status"] == "found" and dates.value_window(f["as_of"]).first <= day]
        ok = bool(before)
        looked = " ".join(f["looked_for"] for f in facts if f["status"] != "found" and f["looked_for"])
        return Finding("accurate" if ok else "unsupported", "; ".join(f["subject"] for f in before) or "", refs,
                       ("Such claims were made by the article's date: " + " ".join(f["statement"] for f in before)
                        + " They are assertions, not evidence that DeepSeek had such chips.") if ok else
                       "No such claim made by the article's date was found." + (f" Looked for: {looked}" if looked else ""),
                       rule="attribution")
    if asserts != "use":
        raise ValueError(f"claim {claim.id}: export_controls.illicit_chips needs asserts=rumour or asserts=use")
    finding = evidence.facts[claim.args["finding"]]
    refs = tuple(dict.fromkeys(refs + fact_refs(finding)))
    reported = hardware[hardware["kind"] == "reported"].dropna(subset=["chip"])
    windows = ec.sale_windows(chips, rules)
    legal = windows[windows["status"] == "legal"].set_index("chip")
    notes = []
    for _, r in reported.iterrows():
        if r["chip"] in set(chips["chip"]):
            window = (f"the {r['chip']} could be sold to China from {legal.loc[r['chip'], 'start']:%-d %B %Y} to "
                      f"{legal.loc[r['chip'], 'end']:%-d %B %Y}" if r["chip"] in legal.index else f"the {r['chip']} was never legal for China")
            notes.append(f"{r['event']} ({r['date']:%Y-%m-%d}, {r['date_precision']}; {window})")
    refs = refs + tuple(Reference("deepseek_hardware", int(r["_row"]), r["event"][:40]) for _, r in reported.iterrows())
    estimates = [f["statement"] for f in facts if f["status"] == "found"]
    if finding["status"] == "found":
        return Finding("accurate", finding["value"], refs, finding["statement"])
    return Finding("unsupported", "allegations and estimates only", refs,
                   f"What DeepSeek reported: {'; '.join(notes)}. Others' claims: {' '.join(estimates)} No official finding was found. Looked for: "
                   f"{finding['looked_for']}")


@check("export_controls.company_statement")
def company_statement(claim: Claim, evidence: Evidence) -> Finding:
    """What a company said, against its statement (``fact=``): each of the ``terms=`` the claim
    attributes (``|``-separated; alternatives joined by ``/``) must occur in the statement's words.
    All present: accurate; some: misleading (part of what is attributed was not said); none:
    inaccurate. A stated date ("today") is compared with the statement's date and reported; it
    decides only when the article's date is printed."""
    fact = evidence.fact(claim)
    if fact["status"] != "found":
        return unsupported_fact(fact)
    words = fact["source_quote"].lower().replace("-", " ")
    terms = [t.strip() for t in claim.args["terms"].split("|") if t.strip()]
    present = {t: any(a.strip().lower().replace("-", " ") in words for a in t.split("/")) for t in terms}
    said = [t for t, ok in present.items() if ok]
    unsaid = [t for t, ok in present.items() if not ok]
    verdict = "accurate" if not unsaid else ("misleading" if said else "inaccurate")
    explanation = (f"In the statement: {', '.join(said) or 'none'}; not in it: {', '.join(unsaid) or 'none'}. "
                   f"The evidence{'' if fact['basis'] == 'primary' else ' (a secondary report)'}: {fact['statement']}")
    if claim.stated_unit == "date":
        window, how = stated_window(claim)
        relation = window_relation(window, dates.value_window(fact["as_of"]))
        explanation += f" {claim.stated!r} means {window.describe()}{how}; the statement is dated {fact['as_of']}."
        if relation == "apart" and claim.article_date_basis.endswith("printed"):
            verdict = "inaccurate"
        elif relation == "apart":
            explanation += " The article's date is inferred, so the day is not held against it."
    return Finding(verdict, fact["source_quote"], fact_refs(fact), explanation)
