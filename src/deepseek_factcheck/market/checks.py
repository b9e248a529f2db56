"""Checks for the theme ``market``: moves, prices and market values on and around 27 January 2025.

They read the curated prices (``data/market_prices.csv``; the preferred copy of each series,
placeholder rows removed) through :mod:`.analysis`, and facts rows where a
figure needs a share count. Arguments (``check_args``): ``series`` (one id, or several
joined by commas, matched in order to the ``;``-separated stated values), ``date``, and
per check the ones named in its docstring. Stated figures are read by the book's rule set
(:mod:`deepseek_factcheck.ledger.approx`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pandas as pd

from ..core.text import join_words
from ..ledger import approx
from . import analysis as market
from . import prices as market_prices
from ..ledger.amounts import money
from ..ledger.checks import Claim, Evidence, Finding, Reference, check
from ..ledger.numbers import Alternative, Numbers


def _day(claim: Claim) -> dt.date:
    return dt.date.fromisoformat(claim.args["date"])


def _series_ids(claim: Claim) -> list[str]:
    return [s.strip() for s in claim.args["series"].split(",") if s.strip()]


@dataclass(frozen=True)
class MarketEvidence:
    """The prices the market checks read, derived once per :class:`Evidence` (:func:`market_evidence`)."""

    prices: pd.DataFrame  # data/market_prices.csv, preferred copies, placeholders removed; "_row" column
    series: pd.DataFrame  # data/market_series.csv, preferred copies
    defects: pd.DataFrame  # rows of the preferred copies flagged by market.prices.flag_defects


def _load_market(evidence: Evidence) -> MarketEvidence:
    series = market_prices.load_series(evidence.folder)
    flagged = market_prices.flag_defects(market_prices.load_prices(evidence.folder, series_table=series), series)
    return MarketEvidence(
        prices=market.usable_prices(flagged, series),
        series=series[series["preferred"].astype(bool)].reset_index(drop=True),
        defects=market.flagged_rows(flagged, series),
    )


def market_evidence(evidence: Evidence) -> MarketEvidence:
    """The market prices, series and flagged rows, loaded from ``evidence.folder`` on first use."""
    return evidence.derived("market", _load_market)


def _prices(evidence: Evidence) -> pd.DataFrame:
    return market_evidence(evidence).prices


def _meta(evidence: Evidence, sid: str) -> dict:
    series = market_evidence(evidence).series
    rows = series[series["series"] == sid]
    if rows.empty:
        raise LookupError(f"series {sid!r} is not in data/market_series.csv (known: {', '.join(sorted(series['series']))})")
    return rows.iloc[0].to_dict()


def _move(evidence: Evidence, sid: str, day: dt.date) -> dict:
    """The day's move of one series (market.day_moves row) and the rows it rests on."""
    loaded = market_evidence(evidence)
    prices = loaded.prices
    row = market.day_moves(prices, loaded.series[loaded.series["series"] == sid], day).iloc[0].to_dict()
    if row["missing"]:
        raise LookupError(f"series {sid}: {row['missing']}")
    rows = prices[(prices["series"] == sid) & (prices["date"].isin([row["previous_day"], day]))]
    row["refs"] = tuple(Reference("market_prices", int(r["_row"]), f"{sid} {r['date']}") for _, r in rows.iterrows())
    gap = pd.DataFrame()
    if loaded.defects is not None:
        d = loaded.defects
        gap = d[(d["series"] == sid) & d["defect"].str.contains("placeholder", regex=False)
                & d["date"].map(lambda x: row["previous_day"] < x < day)]
    row["missing_closes"] = [x for x in gap["date"]] if not gap.empty else []
    row["missing_refs"] = tuple(Reference("market_prices", int(r["_row"]), f"{sid} {r['date']} (placeholder)") for _, r in gap.iterrows())
    return row


def _all_copies(evidence: Evidence) -> tuple[pd.DataFrame, pd.DataFrame]:
    folder = evidence.folder
    return market_prices.load_prices(folder), market_prices.load_series(folder)


def other_copies(evidence: Evidence, sid: str, day: dt.date, measure: str) -> list[Alternative]:
    """The day's close-to-close change in per cent (``measure="change"``) or the close (``"close"``, actual
    prices only) on every other copy of the series that has the day and the day before: the rule
    "precision" counts every copy, and the ledger's robustness names a copy that would flip a verdict."""
    prices, series = evidence.derived("market-all-copies", _all_copies)
    out = []
    for _, copy in series[(series["series"] == sid) & ~series["preferred"].astype(bool)].iterrows():
        if measure == "close" and copy["price_basis"] != "actual":
            continue
        rows = prices[(prices["series"] == sid) & (prices["copy"] == copy["copy"])]
        rows = rows.assign(date=pd.to_datetime(rows["date"]).dt.date).set_index("date").sort_index()
        before = rows[[d < day for d in rows.index]]
        if day not in rows.index or before.empty:
            continue
        close, previous = float(rows.loc[day, "close"]), float(before["close"].iloc[-1])
        label = f"the close in the copy from {str(copy['repository']).split('/')[0]}"
        out.append(Alternative.point(label, close if measure == "close" else (close / previous - 1) * 100, variant=True))
    return out


def _missing_close(moves: list[dict], day: dt.date) -> Finding | None:
    """Unsupported when a series' previous close is a placeholder row: the day's change is unknown."""
    gaps = [m for m in moves if m["missing_closes"]]
    if not gaps:
        return None
    m = gaps[0]
    missing = ", ".join(f"{d:%-d %B %Y}" for d in m["missing_closes"])
    return Finding(
        "unsupported", f"{m['name']}: no close for {missing}", m["refs"] + m["missing_refs"],
        f"The source's row for {missing} is a filled-forward placeholder (no volume, the earlier close repeated), so the "
        f"close before {day:%-d %B %Y} is missing and the day's change cannot be computed. Against the last real close "
        f"({m['previous_close']:,.2f} on {m['previous_day']:%-d %B %Y}) the change was {_pct(m['change_pct'])}.",
        rule="missing-data",
    )


def _pct(x: float) -> str:
    return f"{x:+.2f}%"


def _describe(m: dict) -> str:
    return f"{m['name']} {_pct(m['change_pct'])} ({m['previous_close']:,.2f} on {m['previous_day']} to {m['close']:,.2f})"


def _unit_mismatch(claim: Claim, expected: str) -> None:
    if claim.stated_unit and claim.stated_unit != expected:
        raise ValueError(f"claim {claim.id}: check {claim.check} compares {expected}, the claim states {claim.stated_unit}")


@check("market.close_change")
def close_change(claim: Claim, evidence: Evidence) -> Finding:
    """Close-to-close change on ``date``. With stated figures (``;``-separated, one per series)
    each is judged by the rule set; figures right but attached to the wrong series are
    misleading. Without a figure, ``direction=fall|rise`` is checked."""
    day = _day(claim)
    moves = [_move(evidence, sid, day) for sid in _series_ids(claim)]
    gap = _missing_close(moves, day)
    if gap and claim.args.get("reported"):
        return _reported_instead(claim, evidence, gap)
    if gap:
        return gap
    refs = tuple(r for m in moves for r in m["refs"])
    found = "; ".join(_describe(m) for m in moves)
    if claim.stated_unit != "percent":
        direction = claim.args.get("direction")
        if direction not in ("fall", "rise"):
            raise ValueError(f"claim {claim.id}: a move without a stated figure needs direction=fall or direction=rise")
        right = all((m["change_pct"] < 0) == (direction == "fall") for m in moves)
        verdict = "accurate" if right else "inaccurate"
        return Finding(verdict, found, refs, f"The claim says the price {'fell' if direction == 'fall' else 'rose'} on {day:%-d %B %Y}; the close-to-close change: {found}.")
    stated = claim.stated_value.split(";")
    if len(stated) != len(moves):
        raise ValueError(f"claim {claim.id}: {len(stated)} stated values for {len(moves)} series")
    readings = [approx.read_stated(claim.stated, value) for value in stated]
    at_close = claim.args.get("at") == "close"
    spans = [_day_span(m, float(value), at_close) for m, value in zip(moves, stated)]
    if all(approx.overlaps(r, *span) for r, span in zip(readings, spans)):
        verdict, how = "accurate", "each figure holds"
    elif len(moves) > 1 and any(all(approx.overlaps(r, *span) for r, span in zip(readings, perm)) for perm in itertools.permutations(spans)):
        verdict, how = "misleading", "the figures hold, but not for the companies they are attached to in the sentence"
    else:
        verdict, how = "inaccurate", "the measured change lies outside the stated figure's reading"
    read = "; ".join(r.describe() for r in readings)
    during = "; ".join(f"{m['name']} {_pct(lo if float(v) < 0 else hi)} at the day's {'low' if float(v) < 0 else 'high'}"
                       for m, v, (lo, hi) in zip(moves, stated, spans) if lo != hi)
    no_extreme = [m["name"] for m, (lo, hi) in zip(moves, spans) if lo == hi]
    numbers = None
    if len(moves) == 1:  # the close, and the day's extreme where the claim does not say which
        (m,), (lo, hi) = moves, spans[0]
        values = [Alternative.point("the close", m["change_pct"]), *other_copies(evidence, m["series"], day, "change")]
        if lo != hi:
            values.append(Alternative.point(f"the day's {'low' if float(stated[0]) < 0 else 'high'}", lo if float(stated[0]) < 0 else hi))
        numbers = Numbers(readings[0], "percent", f"{m['name']}'s change on {day:%-d %B %Y}", tuple(values))
    which = " The claim says the change at the close." if at_close else (
        (f" The claim does not say close or intraday, so the day's extreme counts too: {during}." if during else "")
        + (f" The data holds no intraday low or high for {join_words(no_extreme)}, only closes." if no_extreme else ""))
    return Finding(verdict, found, refs, f"{claim.stated!r} is read as {read}: {how}. Close to close: {found}.{which}",
                   rule="right-figure-wrong-thing" if verdict == "misleading" else "precision", numbers=numbers)


def _reported_instead(claim: Claim, evidence: Evidence, gap: Finding) -> Finding:
    """Where the data's close is missing, a wire's or vendor's published change for the day
    (``reported=<fact>``) is the evidence (rule "precision": a reputable published computation)."""
    fact = evidence.facts[claim.args["reported"]]
    if fact["status"] != "found":
        return gap
    reading = approx.read_stated(claim.stated, claim.stated_value)
    reported = float(fact["value"])
    ok = reading.contains(reported)
    return Finding(
        "accurate" if ok else "inaccurate", f"{reported:+.1f}% (reported)", gap.evidence + _fact_refs([fact]),
        f"{claim.stated!r} is read as {reading.describe()}; the published figure for the day: {fact['statement']} "
        f"The book's own price data cannot give the change: {gap.explanation}",
        numbers=Numbers(reading, "percent", "the day's change as published", (Alternative.point("the published figure", reported),)),
    )


def _day_span(m: dict, stated: float, at_close: bool) -> tuple[float, float]:
    """The day's change as the evidence's own range (rule "precision"): the close, and, unless the
    claim says "at the close", the day's low (for a stated fall) or high (for a stated rise)."""
    extreme = m["low_pct"] if stated < 0 else m["high_pct"]
    if at_close or pd.isna(extreme):
        return m["change_pct"], m["change_pct"]
    return tuple(sorted((m["change_pct"], float(extreme))))


@check("market.close_price")
def close_price(claim: Claim, evidence: Evidence) -> Finding:
    """A closing price on ``date`` (as written: to the cent). ``record=high``: also the highest close in the data to that day."""
    _unit_mismatch(claim, "USD/share")
    day, (sid,) = _day(claim), _series_ids(claim)
    m = _move(evidence, sid, day)
    ok, reading = approx.judge_figure(claim.stated, claim.stated_value, m["close"])
    explanation = f"{claim.stated!r} is read as {reading.describe()}; {m['name']} closed at {m['close']:,.2f} on {day:%-d %B %Y}."
    refs = m["refs"]
    if claim.args.get("record") == "high":
        history = market.closes(_prices(evidence), sid)
        earlier = history[[d < day for d in history.index]]
        record = bool((earlier < m["close"]).all())
        ok = ok and record
        explanation += (
            f" It was {'above' if record else 'not above'} every earlier close in the data, which runs from "
            f"{history.index[0]:%-d %B %Y} (highest earlier close {earlier.max():,.2f} on {earlier.idxmax():%-d %B %Y})."
        )
    numbers = None if claim.args.get("record") else Numbers(reading, "USD/share", f"{m['name']}'s close on {day:%-d %B %Y}",
                                                            (Alternative.point("the close", m["close"]), *other_copies(evidence, sid, day, "close")))
    return Finding("accurate" if ok else "inaccurate", f"{m['close']:,.2f} USD", refs, explanation, numbers=numbers)


def _share_count(claim: Claim | None, evidence: Evidence, term: str) -> tuple[float, list[Reference]]:
    """One share count: a fact id, a sum of fact ids (``a+b``: share classes) and an optional
    multiplier (``a*4``: a count from before a 4-for-1 split)."""
    term, _, factor = term.partition("*")
    total, refs = 0.0, []
    for fact_id in term.split("+"):
        fact = evidence.facts.get(fact_id.strip())
        if fact is None:
            raise LookupError(f"share counts: fact {fact_id!r} is not in data/facts.csv")
        if fact["status"] != "found" or fact["unit"] != "shares":
            raise ValueError(f"share counts: fact {fact_id!r} is not a found share count")
        total += float(fact["value"])
        refs.append(Reference("facts", fact["_row"], fact["id"]))
        refs += [Reference(key=k.strip()) for k in str(fact["source"]).split(";") if k.strip()]
    return total * (float(factor) if factor else 1.0), refs


def share_range(evidence: Evidence, sid: str, day: dt.date, claim: Claim | None = None) -> tuple[tuple[float, float], tuple[Reference, ...]]:
    """The fewest and most shares of ``sid`` around ``day`` among the counts in market.SHARE_FACTS."""
    counts, refs = share_counts(evidence, sid, day, claim)
    return (min(counts.values()), max(counts.values())), refs


def share_counts(evidence: Evidence, sid: str, day: dt.date, claim: Claim | None = None) -> tuple[dict[str, float], tuple[Reference, ...]]:
    """Each share count of ``sid`` recorded around ``day`` (market.SHARE_FACTS), named by the date of its filing."""
    if (sid, day) not in market.SHARE_FACTS:
        raise LookupError(f"no share counts recorded for {sid} on {day} (deepseek_factcheck.market.analysis.SHARE_FACTS)")
    counts, refs = {}, []
    for term in (t.strip() for t in market.SHARE_FACTS[(sid, day)].split(",") if t.strip()):
        count, term_refs = _share_count(claim, evidence, term)
        dated = sorted({str(evidence.facts[r.key]["as_of"]) for r in term_refs if r.table == "facts"})
        counts[f"the share count of {' and '.join(dated)}{' (before a split)' if '*' in term else ''}"] = count
        refs += term_refs
    return counts, tuple(refs)


def value_loss(evidence: Evidence, sid: str, day: dt.date) -> dict:
    """A one-day market-value change as a range over the recorded share counts, with the move and evidence it rests on."""
    m = _move(evidence, sid, day)
    shares, share_refs = share_range(evidence, sid, day)
    low, high = market.value_change(m["previous_close"], m["close"], shares)
    return {**m, "loss_low": low, "loss_high": high, "shares": shares, "all_refs": m["refs"] + share_refs}


def value_losses(evidence: Evidence, events=None) -> pd.DataFrame:
    """The day's loss and the earlier records, computed the same way (for the chapter's table and chart)."""
    rows = []
    for sid, day in events or [("NVDA", market.EVENT_DAY), *market.EARLIER_RECORDS]:
        v = value_loss(evidence, sid, day)
        rows.append({"event": f"{v['name']}, {day:%-d %b %Y}", "series": sid, "date": day, "previous_close": v["previous_close"],
                     "close": v["close"], "change_pct": v["change_pct"], "shares_low": v["shares"][0], "shares_high": v["shares"][1],
                     "loss_low": v["loss_low"], "loss_high": v["loss_high"]})
    return pd.DataFrame(rows)


def _bn(x: float) -> str:
    return money(x, "USD", 4)


@check("market.market_value_change")
def market_value_change(claim: Claim, evidence: Evidence) -> Finding:
    """A one-day change in one company's market value. The evidence's own range: the close-to-close
    price change times each share count recorded in ``market.SHARE_FACTS``, and each reputable
    vendor's published computation (``market.PUBLISHED_VALUE_CHANGES``). Accurate if the stated
    figure's reading meets the computed range, or matches a vendor's figure (the explanation says whose)."""
    _unit_mismatch(claim, "USD")
    day, (sid,) = _day(claim), _series_ids(claim)
    v = value_loss(evidence, sid, day)
    shares = v["shares"]
    reading = approx.read_stated(claim.stated, claim.stated_value)
    computed = approx.overlaps(reading, v["loss_low"], v["loss_high"])
    found = f"{_bn(v['loss_high'])} to {_bn(v['loss_low'])} lost"
    sign = -1.0 if float(claim.stated_value) < 0 else 1.0
    vendors = [evidence.facts[f] for f in market.PUBLISHED_VALUE_CHANGES.get((sid, day), ())]
    matching = [f for f in vendors if f["status"] == "found" and reading.contains(sign * abs(float(f["value"])))]
    refs = v["all_refs"]
    per_count, _ = share_counts(evidence, sid, day)
    change = v["close"] - v["previous_close"]
    numbers = Numbers(reading, "USD", f"{v['name']}'s loss of market value on {day:%-d %B %Y}", (
        *(Alternative.point(label, change * shares_then) for label, shares_then in per_count.items()),
        *(Alternative.point(f"the published figure ({f['scope']})", sign * abs(float(f["value"]))) for f in vendors if f["status"] == "found")))
    basis = (f"{claim.stated!r} is read as {reading.describe()}. The close-to-close change ({_describe(v)}) times "
             f"{shares[0] / 1e9:,.2f}bn to {shares[1] / 1e9:,.2f}bn shares is a loss of {found.removesuffix(' lost')}.")
    if computed:
        return Finding("accurate", found, refs, basis, numbers=numbers)
    if matching:
        vendor = matching[0]
        return Finding(
            "accurate", f"{_bn(float(vendor['value']))} lost ({vendor['scope']})", refs + tuple(_fact_refs([vendor])),
            f"{basis} The stated figure is the one a data vendor published: {vendor['statement']} The rule: a figure that "
            "matches a reputable vendor's published computation is accurate (the vendors use their own share counts).",
            numbers=numbers,
        )
    stated = float(claim.stated_value)
    nearest = min((v["loss_low"], v["loss_high"]), key=lambda x: abs(x - stated))
    published = "; ".join(f"{_bn(float(f['value']))} ({f['scope']})" for f in vendors if f["status"] == "found")
    gap = (f" The stated figure is {abs(stated - nearest) / abs(nearest):.2%} from the nearest end of that range"
           + (f", and matches none of the vendors' published figures ({published})." if published else "."))
    return Finding("inaccurate", found, refs + tuple(_fact_refs(vendors)), basis + gap, numbers=numbers)


@check("market.record_loss")
def record_loss(claim: Claim, evidence: Evidence) -> Finding:
    """"The biggest one-day loss": the loss (as in market_value_change) against the earlier
    records in ``market.EARLIER_RECORDS``, computed the same way. Accurate only if even the
    smallest estimate of the new loss beats the largest estimate of each record."""
    day, (sid,) = _day(claim), _series_ids(claim)
    this = value_loss(evidence, sid, day)
    refs = list(this["all_refs"])
    lines, beaten, deeper_pct = [], True, []
    for other_sid, other_day in market.EARLIER_RECORDS:
        other = value_loss(evidence, other_sid, other_day)
        refs += other["all_refs"]
        beaten = beaten and this["loss_high"] < other["loss_low"]
        if other["change_pct"] < this["change_pct"]:
            deeper_pct.append(f"{other['name']} ({_pct(other['change_pct'])})")
        lines.append(f"{other['name']} on {other_day:%-d %B %Y}: {_bn(other['loss_high'])} to {_bn(other['loss_low'])} ({_pct(other['change_pct'])})")
    pct_note = (f" In per cent it was not a record: {', '.join(deeper_pct)} fell further." if deeper_pct
                else " It was also the largest fall in per cent among these.")
    return Finding(
        "accurate" if beaten else "inaccurate", f"{_bn(this['loss_high'])} to {_bn(this['loss_low'])} lost", tuple(dict.fromkeys(refs)),
        f"{this['name']} lost {_bn(this['loss_high'])} to {_bn(this['loss_low'])} ({_pct(this['change_pct'])}) on {day:%-d %B %Y}; "
        f"the earlier record losses, computed the same way: {'; '.join(lines)}. In dollars the new loss is "
        f"{'larger than each' if beaten else 'not larger than each'}.{pct_note}",
    )


@check("market.intraday_move")
def intraday_move(claim: Claim, evidence: Evidence) -> Finding:
    """A move during the day against the previous close. ``measure=range``: the stated figure
    must lie within the day's low-to-high range ("down 14% as I write"); ``measure=high`` or
    ``low``: the day's extreme is judged ("soared as much as 51%")."""
    _unit_mismatch(claim, "percent")
    day, (sid,) = _day(claim), _series_ids(claim)
    m = _move(evidence, sid, day)
    if (pd.isna(m["low_pct"]) or pd.isna(m["high_pct"])) and claim.args.get("reported"):
        facts = _fact_values(claim, evidence, "reported")
        values = [float(f["value"]) for f in facts if f["status"] == "found"] + [m["change_pct"]]
        reading = approx.read_stated(claim.stated, claim.stated_value)
        ok = approx.overlaps(reading, min(values), max(values))
        span = f"reported {min(values):+.2f}% to {max(values):+.2f}% during the day, close {_pct(m['change_pct'])}"
        return Finding("accurate" if ok else "inaccurate", span, m["refs"] + _fact_refs(facts),
                       f"The data has closes only; reports during the day: " + " ".join(f["statement"] for f in facts)
                       + f" {claim.stated!r} is read as {reading.describe()}, which {'meets' if ok else 'misses'} that range.",
                       numbers=Numbers(reading, "percent", f"{m['name']}'s move during {day:%-d %B %Y}",
                                       (Alternative("the reports during the day and the close", min(values), max(values)),)))
    if pd.isna(m["low_pct"]) or pd.isna(m["high_pct"]):
        return Finding("unsupported", "", m["refs"], f"The data for {m['name']} has closes only, no intraday high and low on {day:%-d %B %Y}, "
                       f"so a move during the day cannot be checked; the close-to-close change was {_pct(m['change_pct'])}.",
                       rule="missing-data")
    reading = approx.read_stated(claim.stated, claim.stated_value)
    measure = claim.args.get("measure", "range")
    span = f"low {_pct(m['low_pct'])}, high {_pct(m['high_pct'])}, close {_pct(m['change_pct'])} against the previous close {m['previous_close']:,.2f}"
    if measure == "range":
        ok = approx.overlaps(reading, m["low_pct"], m["high_pct"])
        how = "lies within the day's range" if ok else "lies outside the day's range"
        values = (Alternative("the day's range from low to high", m["low_pct"], m["high_pct"]),)
    else:
        value = m[f"{measure}_pct"]
        ok = reading.contains(value)
        how = f"{'matches' if ok else 'does not match'} the day's {measure} ({_pct(value)})"
        values = (Alternative.point(f"the day's {measure}", value),)
    return Finding("accurate" if ok else "inaccurate", span, m["refs"],
                   f"{claim.stated!r} is read as {reading.describe()} and {how}: {m['name']} {span}.",
                   numbers=Numbers(reading, "percent", f"{m['name']}'s move during {day:%-d %B %Y}", values))


@check("market.record_level")
def record_level(claim: Claim, evidence: Evidence) -> Finding:
    """"The highest in N weeks": the day's ``measure`` (close or high) against the same measure on
    every trading day of the ``weeks`` weeks before."""
    day, (sid,) = _day(claim), _series_ids(claim)
    weeks, measure = int(claim.args["weeks"]), claim.args.get("measure", "close")
    rows = _prices(evidence)
    rows = rows[rows["series"] == sid].set_index("date").sort_index()
    start = day - dt.timedelta(weeks=weeks)
    before = rows[[start <= d < day for d in rows.index]][measure].astype(float)
    today = float(rows.loc[day, measure])
    ok = bool((before < today).all())
    # how far back the day's level was last reached
    earlier = rows[[d < day for d in rows.index]][measure].astype(float)
    higher = earlier[earlier >= today]
    since = f"last reached on {higher.index[-1]:%-d %B %Y}" if not higher.empty else "not reached earlier in the data"
    refs = tuple(Reference("market_prices", int(r), f"{sid} {d}") for d, r in rows.loc[[d for d in rows.index if start <= d <= day], "_row"].items())
    return Finding(
        "accurate" if ok else "inaccurate", f"{measure} {today:,.2f}; {since}", refs,
        f"The {measure} of {today:,.2f} on {day:%-d %B %Y} {'was' if ok else 'was not'} above every {measure} in the "
        f"{weeks} weeks before (highest {before.max():,.2f} on {before.idxmax():%-d %B %Y}); that level was {since}.",
    )


@check("market.yield_change")
def yield_change(claim: Claim, evidence: Evidence) -> Finding:
    """Bonds "bid" or "sold": the day's change in a yield (``direction=fall`` for bonds bid, as yields fall when prices rise)."""
    day, (sid,) = _day(claim), _series_ids(claim)
    m = _move(evidence, sid, day)
    direction = claim.args["direction"]
    ok = (m["change_bp"] < 0) == (direction == "fall")
    found = f"{m['name']} {m['previous_close']:.2f}% to {m['close']:.2f}% ({m['change_bp']:+.0f} bp)"
    return Finding("accurate" if ok else "inaccurate", found, m["refs"],
                   f"Bond prices rise when yields fall; the claim implies the yield {'fell' if direction == 'fall' else 'rose'}: {found} on {day:%-d %B %Y}.")


def _fact_values(claim: Claim, evidence: Evidence, key: str = "facts") -> list[dict]:
    facts = []
    for fact_id in (f.strip() for f in claim.args[key].split(",") if f.strip()):
        fact = evidence.facts.get(fact_id)
        if fact is None:
            raise LookupError(f"claim {claim.id}: fact {fact_id!r} is not in data/facts.csv")
        facts.append(fact)
    return facts


def _fact_refs(facts: list[dict]) -> tuple[Reference, ...]:
    refs = []
    for fact in facts:
        refs.append(Reference("facts", fact["_row"], fact["id"]))
        refs += [Reference(key=k.strip()) for k in str(fact["source"]).split(";") if k.strip()]
    return tuple(dict.fromkeys(refs))


def _not_found(facts: list[dict]) -> Finding | None:
    missing = [f for f in facts if f["status"] != "found"]
    if not missing:
        return None
    return Finding("unsupported", "", _fact_refs(missing), "No evidence was found either way. Looked for: " + " ".join(f["looked_for"] for f in missing),
                   rule="searched-not-found")


@check("market.reported_moves")
def reported_moves(claim: Claim, evidence: Evidence) -> Finding:
    """Moves known only from reports (pre-market, futures, several names at once): the reported
    values in ``facts``. With a stated figure (e.g. "double-digit losses", -10), every value must
    reach it; without one, ``direction=fall|rise`` must hold for every value."""
    facts = _fact_values(claim, evidence)
    gap = _not_found(facts)
    if gap:
        return gap
    values = [(f, float(f["value"])) for f in facts]
    listed = "; ".join(f"{f['statement']}" for f, _ in values)
    found = ", ".join(f"{f['subject']}: {v:+g}%" for f, v in values)
    if claim.stated_value and claim.stated_unit == "percent":
        threshold = float(claim.stated_value)
        short = [f["id"] for f, v in values if (v > threshold if threshold < 0 else v < threshold)]
        ok = not short
        how = f"every reported move reaches {threshold:+g}%" if ok else f"{len(short)} of {len(values)} reported moves do not reach {threshold:+g}%"
    else:
        direction = claim.args["direction"]
        ok = all((v < 0) == (direction == "fall") for _, v in values)
        how = f"every reported move is a {direction}" if ok else f"not every reported move is a {direction}"
    return Finding("accurate" if ok else "inaccurate", found, _fact_refs(facts), f"{how[0].upper()}{how[1:]}. The reports: {listed}")


@check("market.aggregate_value_change")
def aggregate_value_change(claim: Claim, evidence: Evidence) -> Finding:
    """Market value lost across many stocks, known from reports (``fact``). A figure that matches a
    report whose scope says it was *projected* (before the close, "if the losses hold") but is
    stated as what happened is misleading."""
    (fact,) = _fact_values(claim, evidence, "fact")
    gap = _not_found([fact])
    if gap:
        return gap
    reported = float(fact["value"])
    if float(claim.stated_value) < 0 < reported:  # the claim states a loss as a fall; reports give its size
        reported = -reported
    ok, reading = approx.judge_figure(claim.stated, claim.stated_value, reported)
    projected = "projected" in fact["scope"].lower()
    verdict = "inaccurate" if not ok else ("misleading" if projected else "accurate")
    tail = " The figure was a projection made before the market opened, not the day's outcome." if ok and projected else ""
    return Finding(verdict, f"{_bn(float(fact['value']))} ({fact['scope']})", _fact_refs([fact]),
                   f"{claim.stated!r} is read as {reading.describe()}; the report: {fact['statement']}{tail}",
                   rule="right-figure-wrong-thing" if verdict == "misleading" else "precision",
                   numbers=Numbers(reading, "USD", "the reported loss of market value", (Alternative.point("the report", reported),),
                                   met="misleading" if projected else "accurate"))


@check("market.share_at_least")
def share_at_least(claim: Claim, evidence: Evidence) -> Finding:
    """A characterisation read as a share ("in the driving seat" = at least ``threshold`` per cent
    of the gains): the reported share in ``fact`` against the threshold stated in the claim's arguments."""
    (fact,) = _fact_values(claim, evidence, "fact")
    gap = _not_found([fact])
    if gap:
        return gap
    threshold, value = float(claim.args["threshold"]), float(fact["value"])
    ok = value >= threshold
    return Finding("accurate" if ok else "inaccurate", f"{value:g}% ({fact['scope']})", _fact_refs([fact]),
                   f"Read as: at least {threshold:g}% of the gains. The evidence: {fact['statement']}")


@check("market.record_claim")
def record_claim(claim: Claim, evidence: Evidence) -> Finding:
    """"At a record": the level at the time (``current`` fact) against the record (``record`` fact)."""
    current, record = _fact_values(claim, evidence, "current")[0], _fact_values(claim, evidence, "record")[0]
    gap = _not_found([current, record])
    if gap:
        return gap
    ok = float(current["value"]) >= float(record["value"])
    return Finding("accurate" if ok else "inaccurate", f"{float(current['value']):g} against a record of {float(record['value']):g}",
                   _fact_refs([current, record]),
                   f"{current['statement']} The record: {record['statement']}")


@check("market.equity_risk_premium")
def equity_risk_premium(claim: Claim, evidence: Evidence) -> Finding:
    """"Stocks offer no risk premium over bonds": the S&P 500's earnings yield (100 / forward P/E,
    fact ``pe``) minus the 10-year Treasury yield on ``date`` (``series``); the claim holds if the
    premium is zero or less."""
    (pe,) = _fact_values(claim, evidence, "pe")
    gap = _not_found([pe])
    if gap:
        return gap
    day, (sid,) = _day(claim), _series_ids(claim)
    m = _move(evidence, sid, day)
    earnings_yield = 100 / float(pe["value"])
    premium = earnings_yield - m["close"]
    ok = premium <= 0
    gap_words = f"a premium of {premium:.2f} percentage points" if premium > 0 else f"no premium: bonds yield {-premium:.2f} percentage points more"
    return Finding("accurate" if ok else "inaccurate", gap_words,
                   _fact_refs([pe]) + m["refs"],
                   f"An earnings yield of {earnings_yield:.2f}% (100 / forward P/E {float(pe['value']):g}) against a 10-year yield of "
                   f"{m['close']:.2f}% leaves {gap_words}: a crude measure (forward earnings are forecasts, "
                   "and the Treasury yield is nominal).")
