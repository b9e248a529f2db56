"""Checks for the theme ``export-controls``: US controls on AI chips to China and what DeepSeek ran on.

They read ``data/chips.csv`` and ``data/export_rules.csv`` through
:mod:`.rules` (every chip's status for China on a day is derived
from the thresholds and the dated measures; a listed company named by the claim, or by
``entity=``, is judged by its Entity List status too), ``data/deepseek_hardware.csv`` and rows of
``data/facts.csv``. Arguments (``check_args``) are named in each docstring; ``topic=`` names the
chapter section.
"""

from __future__ import annotations

import datetime as dt
import re

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


def short_citation(citation: str) -> str:
    """A measure's citation without the addresses (kept in data/export_rules.csv and the measures table)."""
    text = re.sub(r",?\s*https?://\S+", "", citation)
    return re.sub(r"(;\s*)+", "; ", text).strip("; ")


def _facts(claim: Claim, evidence: Evidence, key: str = "facts") -> list[dict]:
    ids = [f.strip() for f in claim.args.get(key, "").split(",") if f.strip()]
    missing = [f for f in ids if f not in evidence.facts]
    if missing:
        raise LookupError(f"claim {claim.id}: facts not in data/facts.csv: {', '.join(missing)}")
    return [evidence.facts[f] for f in ids]


def _claim_entities(claim: Claim, rules: pd.DataFrame) -> list[str]:
    """The listed companies a claim concerns: ``entity=`` if given, else those its words name."""
    if claim.args.get("entity"):
        return [claim.args["entity"]]
    return ec.entities_in(claim.quote, rules)


def describe_status(status: dict, rules: pd.DataFrame) -> str:
    by_id = rules.set_index("id")
    country = status.get("country_status", status["status"])
    if country in (ec.LEGAL, ec.NOT_RELEASED):
        text = f"{status['chip']}: {country} for China"
    else:
        measure = by_id.loc[status["by"]]
        text = f"{status['chip']}: {country} for China since {status['since']:%-d %B %Y} ({short_citation(measure['citation']).split(';')[0]})"
    if status.get("entity_by"):
        listing = by_id.loc[status["entity_by"]]
        text += (f"; and for {status['entity']}, on the Entity List since {status['entity_since']:%-d %B %Y} "
                 f"({short_citation(listing['citation']).split(';')[0]}), restricted whatever the chip: a licence for every item subject to the EAR")
    return text


def chip_specs(row: pd.Series) -> str:
    """A chip's numbers against the 2022 and 2023 tests, with the 2022 bandwidth margin and Note 2."""
    if pd.notna(row["io_gbps"]):
        link = (f"all inputs and outputs {row['io_gbps']:,.0f} GB/s (chip-to-chip {row['interconnect_gbps']:,.0f} + host "
                f"{row['pcie_gbps']:,.0f}; threshold {ec.INTERCONNECT_2022_GBPS}, margin {row['margin_2022_gbps']:+,.0f})"
                if pd.notna(row["interconnect_gbps"]) and pd.notna(row["pcie_gbps"]) else
                f"all inputs and outputs at least {row['io_gbps']:,.0f} GB/s (threshold {ec.INTERCONNECT_2022_GBPS})")
    else:
        link = "all inputs and outputs unknown"
    caught_2022 = {True: "yes", False: "no", None: "unknown"}[row["rule_2022"]]
    result = row["rule_2023"] or "not caught"
    if not row["datacenter"] and row["without_note_2"] and not row["rule_2023"]:
        result += f" (Note 2: not designed or marketed for data centres and TPP under {ec.TPP_A:,}; {row['without_note_2']} otherwise)"
    band = {"licence": "; a licence for China", "NAC": "; License Exception NAC, after notice to BIS"}.get(row["band_2023"] or "", "")
    return (f"{row['chip']}: TPP {row['tpp']:,.0f} (threshold {ec.TPP_A:,}), {link}, so caught by the 2022 test: {caught_2022}; "
            f"2023 test: {result}{band}.")


@check("export_controls.chip_status")
def chip_status(claim: Claim, evidence: Evidence) -> Finding:
    """A chip's status for China on the article's date (or ``date=``), derived from the rules;
    for a listed company the claim names (or ``entity=``), its Entity List status too.

    ``asserts=restricted``: the claim says exports to China were barred (an embargo, a ban);
    ``asserts=unrestricted``: it says the chip was not subject to the restrictions. Only a licence
    requirement counts as barred: a chip that could go after a notice under License Exception NAC,
    or whose sales were licensed again, was not barred.
    """
    chips, rules = _tables(evidence)
    chip, day, asserts = claim.args["chip"], _day(claim), claim.args.get("asserts")
    if asserts not in ("restricted", "unrestricted"):
        raise ValueError(f"claim {claim.id}: export_controls.chip_status needs asserts=restricted or asserts=unrestricted")
    entities = _claim_entities(claim, rules)
    status = ec.status_on(chips, rules, chip, day, entities[0] if entities else None)
    restricted = status["status"] == ec.RESTRICTED
    row = chips[chips["chip"] == chip].iloc[0]
    refs = ([_chip_ref(chips, chip)] + ([_rule_ref(rules, status["by"])] if status["by"] else [])
            + ([_rule_ref(rules, status["entity_by"])] if status["entity_by"] else []))
    ok = restricted if asserts == "restricted" else not restricted
    found = describe_status(status, rules)
    return Finding("accurate" if ok else "inaccurate", found, tuple(refs),
                   f"On {day:%-d %B %Y} the {found}. {chip_specs(row)} The claim says it was "
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
    entity_rows = tightening[tightening["kind"] == "entity list"]
    listing = "; ".join(f"{r['announced']:%-d %b %Y}: {short_citation(r['citation'])}" for _, r in tightening.iterrows())
    ok = not chip_rules.empty
    return Finding("accurate" if ok else "inaccurate", f"{len(tightening)} US measures, {len(chip_rules)} of them setting chip thresholds", refs,
                   f"From {first:%-d %B %Y} to {last:%-d %B %Y} the US issued {len(tightening)} rules, licence letters and Entity List "
                   f"additions restricting chip technology for China, {len(chip_rules)} of them setting chip tests and "
                   f"{len(entity_rows)} adding companies to the Entity List: {listing}.")


def _constraint(evidence: Evidence, day: dt.date, entities: list[str] = ()) -> tuple[str, list[str], list[str], tuple[Reference, ...]]:
    chips, rules = _tables(evidence)
    status = ec.china_status(chips, rules, day)
    released = status[status["status"] != ec.NOT_RELEASED]
    barred = list(released[released["status"] == ec.RESTRICTED]["chip"])
    noticed = list(released[released["status"] == ec.NAC]["chip"])
    legal = list(released[released["status"].isin([ec.LEGAL, ec.LICENSED])]["chip"])
    announced = list(released[released["status"] == ec.APPROVAL]["chip"])
    refs = tuple(dict.fromkeys([_chip_ref(chips, c) for c in released["chip"]]
                               + [_rule_ref(rules, b) for b in released["by"] if b]))
    text = (f"On {day:%-d %B %Y}, by the rules as coded, {', '.join(barred) or 'none'} could not be sold to China without a licence"
            + (f"; {', '.join(noticed)} only after notice to BIS (License Exception NAC)" if noticed else "")
            + (f"; sales of {', '.join(announced)} were announced as approved, without a rule yet" if announced else "")
            + f"; {', '.join(legal) or 'none'} could be sold to Chinese buyers not on the Entity List.")
    for entity in entities:
        listing = ec.entity_listing(rules, entity, day)
        if listing is not None:
            barred = list(released["chip"])
            refs = refs + (_rule_ref(rules, listing["id"]),)
            text += (f" {entity} itself had been on the Entity List since {listing['effective']:%-d %B %Y} "
                     f"({short_citation(listing['citation']).split(';')[0]}): for it none of these chips could be sold without a licence, "
                     f"whatever its specifications.")
        else:
            text += f" {entity} was not on the Entity List by then (as far as data/export_rules.csv records)."
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
    _, rules = _tables(evidence)
    text, barred, legal, refs = _constraint(evidence, day, _claim_entities(claim, rules))
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
    legal = windows[windows["status"] == ec.LEGAL].set_index("chip")
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
