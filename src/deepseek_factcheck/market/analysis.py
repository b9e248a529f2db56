"""The market shock of 27 January 2025, measured: day moves, an event study, market values.

Everything here works on the curated price table (``data/market_prices.csv``, loaded by
:mod:`deepseek_factcheck.market.prices`) in long format: ``series, copy, date, open, high,
low, close, volume``, one copy per series (the preferred one) unless said otherwise.

* :func:`day_moves`: close-to-close change on a day, and the intraday low and high against
  the previous close, for every series.
* :func:`event_study`: a market model (Sharpe 1963; MacKinlay 1997) fitted on a stated
  estimation window before the event, abnormal returns on the day and cumulative abnormal
  returns afterwards, with t-statistics; per stock and per equally weighted group portfolio.
* :func:`value_change`: a one-day change in market value, price change times shares, as the
  range the share counts in circulation give.
* :func:`indexed_paths`: prices indexed to a base day = 100.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

EVENT_DAY = dt.date(2025, 1, 27)
BASE_DAY = dt.date(2025, 1, 24)  # the last close before the shock
WINDOW = (dt.date(2024, 12, 2), dt.date(2025, 2, 28))  # the chapter's window
EVENT_END = dt.date(2025, 2, 28)  # cumulative abnormal returns run to here
MARKET = "SPX"  # the market proxy of the market model

# The estimation window: ESTIMATION_DAYS trading days of the market proxy ending GAP_DAYS
# trading days before the event day, so the run-up to the shock does not colour the model.
ESTIMATION_DAYS = 120
GAP_DAYS = 10
MIN_ESTIMATION_DAYS = 60  # fewer and a stock gets no event study (said on the page)
CRITICAL_T = 1.96  # two-sided 5%

# Share counts for market values: fact ids in data/facts.csv, comma-separated alternatives;
# "a+b" adds share classes, "a*4" scales a count from before a 4-for-1 split. The range they
# give is the range of the market value.
NVDA_SHARES = "nvda-shares-outstanding-2024-11-15,nvda-shares-outstanding-10k-fy2025"
SHARE_FACTS = {
    ("NVDA", dt.date(2025, 1, 27)): NVDA_SHARES,
    ("NVDA", dt.date(2024, 9, 3)): NVDA_SHARES,
    ("META", dt.date(2022, 2, 3)): "meta-class-a-shares-2022-01-28+meta-class-b-shares-2022-04-22,"
    "meta-class-a-shares-2022-04-22+meta-class-b-shares-2022-04-22",
    ("AAPL", dt.date(2020, 9, 3)): "aapl-shares-outstanding-2020-10-16,aapl-shares-outstanding-2020-07-17*4",
}
# Reputable vendors' published computations of a day's loss of market value (facts ids), read as part
# of the evidence's own range (the verdict policy's rule "precision"): the press computes with its own
# share count and data feed, so a figure a vendor published is not an error of the writer who cites it.
PUBLISHED_VALUE_CHANGES = {
    ("NVDA", dt.date(2025, 1, 27)): ("nvda-loss-2025-01-27-bloomberg", "nvda-loss-2025-01-27-reuters"),
}
# The earlier record one-day losses of market value that 27 January 2025 is compared with.
EARLIER_RECORDS = [("NVDA", dt.date(2024, 9, 3)), ("META", dt.date(2022, 2, 3)), ("AAPL", dt.date(2020, 9, 3))]

GROUPS = {
    "chips": "Chip designers and makers",
    "chip-equipment": "Chip equipment and design software",
    "power": "Power and utilities",
    "platforms": "Platforms and software",
    "indices": "Indices",
    "rates-oil": "Rates, oil and volatility",
}


def trading_days(prices: pd.DataFrame, series: str = MARKET) -> list[dt.date]:
    """The dates on which ``series`` (by default the market proxy) has a close, in order."""
    return sorted(prices.loc[prices["series"] == series, "date"].unique())


def closes(prices: pd.DataFrame, series: str) -> pd.Series:
    """A series' closes indexed by date (rows flagged as placeholders must already be gone)."""
    rows = prices[prices["series"] == series].sort_values("date")
    if rows.empty:
        raise KeyError(f"no prices for series {series!r}")
    if rows["date"].duplicated().any():
        raise ValueError(f"series {series!r} has two rows for one date: pass one copy")
    return pd.Series(rows["close"].to_numpy(dtype=float), index=list(rows["date"]), name=series)


def returns(prices: pd.DataFrame, series: str) -> pd.Series:
    """Simple returns from each close to the series' previous close."""
    c = closes(prices, series)
    return (c / c.shift(1) - 1).iloc[1:]


def _previous(c: pd.Series, day: dt.date) -> tuple[dt.date, float]:
    earlier = c[[d < day for d in c.index]]
    if earlier.empty:
        raise KeyError(f"{c.name}: no close before {day}")
    return earlier.index[-1], float(earlier.iloc[-1])


def day_moves(prices: pd.DataFrame, series: pd.DataFrame, day: dt.date = EVENT_DAY, defects: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per series with a close on ``day``: change from the previous close, intraday low and high.

    ``series`` is the series table (series, name, group, kind, unit). Rates are measured in
    basis points (``change_bp``); everything else in per cent. A series with no row on the day
    is listed with ``missing`` saying so, never dropped silently; so is one whose previous
    session is a placeholder row in ``defects`` (its change is unknown, not computed from an
    older close).
    """
    rows = []
    for meta in series.to_dict("records"):
        sid = meta["series"]
        one = prices[prices["series"] == sid].set_index("date").sort_index()
        base = {"series": sid, "name": meta["name"], "group": meta["group"], "kind": meta["kind"]}
        if day not in one.index:
            rows.append({**base, "missing": f"no close on {day}"})
            continue
        prev_day, prev_close = _previous(one["close"].astype(float), day)
        today = one.loc[day]
        row = {**base, "previous_day": prev_day, "previous_close": prev_close, "close": float(today["close"]), "missing": ""}
        if defects is not None:
            gap = defects[(defects["series"] == sid) & defects["defect"].str.contains("placeholder", regex=False)
                          & defects["date"].map(lambda d: prev_day < d < day)]
            if not gap.empty:
                dates = ", ".join(str(d) for d in gap["date"])
                rows.append({**row, "missing": f"no close on {dates} (placeholder row): the change is unknown"})
                continue
        if meta["kind"] == "rate":
            row["change_bp"] = (row["close"] - prev_close) * 100
        else:
            row["change_pct"] = (row["close"] / prev_close - 1) * 100
            for field in ("low", "high"):
                value = today.get(field)
                row[f"{field}_pct"] = (float(value) / prev_close - 1) * 100 if pd.notna(value) and value != "" else np.nan
        rows.append(row)
    columns = ["series", "name", "group", "kind", "previous_day", "previous_close", "close", "change_pct", "change_bp", "low_pct", "high_pct", "missing"]
    frame = pd.DataFrame(rows).reindex(columns=columns)
    return frame.sort_values(["group", "change_pct"], key=lambda s: s.map(list(GROUPS).index) if s.name == "group" else s).reset_index(drop=True)


@dataclass(frozen=True)
class EstimationWindow:
    first: dt.date
    last: dt.date
    days: int


def estimation_window(prices: pd.DataFrame, event: dt.date = EVENT_DAY, days: int = ESTIMATION_DAYS, gap: int = GAP_DAYS) -> EstimationWindow:
    """The market proxy's ``days`` trading days ending ``gap`` trading days before the event."""
    calendar = [d for d in trading_days(prices) if d < event]
    if len(calendar) < days + gap:
        raise ValueError(f"the market proxy {MARKET} has {len(calendar)} days before {event}; {days + gap} are needed")
    chosen = calendar[-(days + gap): -gap]
    return EstimationWindow(chosen[0], chosen[-1], len(chosen))


@dataclass(frozen=True)
class MarketModel:
    """r_i = alpha + beta * r_m + e, fitted by least squares; ``sigma`` is the residual standard deviation."""

    alpha: float
    beta: float
    sigma: float
    n: int

    def expected(self, market_return: pd.Series) -> pd.Series:
        return self.alpha + self.beta * market_return


def fit_market_model(stock: pd.Series, market: pd.Series) -> MarketModel:
    """Least-squares market model on the dates both return series share."""
    joined = pd.concat([stock.rename("r"), market.rename("m")], axis=1, join="inner").dropna()
    n = len(joined)
    if n < 3:
        raise ValueError(f"{stock.name}: {n} common days is too few to fit a market model")
    beta, alpha = np.polyfit(joined["m"], joined["r"], 1)
    residuals = joined["r"] - (alpha + beta * joined["m"])
    sigma = float(np.sqrt((residuals**2).sum() / (n - 2)))
    return MarketModel(float(alpha), float(beta), sigma, n)


def abnormal_returns(stock: pd.Series, market: pd.Series, model: MarketModel, first: dt.date, last: dt.date) -> pd.DataFrame:
    """Per day from ``first`` to ``last``: abnormal return, cumulative abnormal return and their t-statistics.

    t of a day's AR is AR / sigma; t of the CAR over L days is CAR / (sigma * sqrt(L)), the
    usual approximation that ignores the estimation error of alpha and beta (small with 60+ days).
    """
    joined = pd.concat([stock.rename("r"), market.rename("m")], axis=1, join="inner").dropna()
    window = joined[[first <= d <= last for d in joined.index]]
    ar = window["r"] - model.expected(window["m"])
    car = ar.cumsum()
    days = np.arange(1, len(ar) + 1)
    return pd.DataFrame(
        {"ar": ar, "t_ar": ar / model.sigma, "car": car, "t_car": car / (model.sigma * np.sqrt(days)), "day": days - 1},
        index=window.index,
    )


def _reading(t_car: float, car: float, ar0: float) -> str:
    """A plain reading of one result: was the day's move still there at the end of the window?"""
    if abs(t_car) < CRITICAL_T:
        return "gone: not distinguishable from zero by the end"
    if (car < 0) == (ar0 < 0):
        return "lasting: still significant, in the day's direction"
    return "reversed: significant, against the day's direction"


def event_study(prices: pd.DataFrame, series: pd.DataFrame, event: dt.date = EVENT_DAY, end: dt.date = EVENT_END,
                window: EstimationWindow | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Market-model event study for every US-listed stock and every group portfolio.

    Returns ``(results, paths)``: one row per stock or group (``unit``: ``stock`` or
    ``group``) with the model, the event-day AR, the CAR to ``end`` and their t-statistics,
    or a ``skipped`` reason; and the daily CAR path of every unit, for the chart.
    """
    window = window or estimation_window(prices, event)
    market = returns(prices, MARKET)
    stocks = series[(series["kind"] == "stock") & (series["unit"] == "USD")]
    results, paths, group_returns = [], [], {}
    for meta in stocks.to_dict("records"):
        r = returns(prices, meta["series"])
        estimation = r[[window.first <= d <= window.last for d in r.index]]
        base = {"unit": "stock", "series": meta["series"], "name": meta["name"], "group": meta["group"]}
        if len(estimation) < MIN_ESTIMATION_DAYS:
            results.append({**base, "estimation_days": len(estimation),
                            "skipped": f"{len(estimation)} returns in the estimation window; at least {MIN_ESTIMATION_DAYS} needed"})
            continue
        group_returns.setdefault(meta["group"], []).append(r.rename(meta["series"]))
        results.append({**base, **_study(r, market, window, event, end, paths, meta["series"])})
    for group, members in group_returns.items():
        portfolio = pd.concat(members, axis=1, join="inner").mean(axis=1).rename(group)
        label = f"{GROUPS[group]} ({len(members)} stocks)"
        results.append({"unit": "group", "series": group, "name": label, "group": group,
                        **_study(portfolio, market, window, event, end, paths, group)})
    columns = ["unit", "series", "name", "group", "estimation_days", "alpha", "beta", "sigma", "ar0", "t_ar0",
               "car_end", "t_car_end", "ci_low", "ci_high", "reading", "skipped"]
    table = pd.DataFrame(results).reindex(columns=columns)
    table["skipped"] = table["skipped"].astype(object).where(table["skipped"].notna(), "")
    path_columns = ["unit", "date", "car_pct"]
    return table, (pd.concat(paths, ignore_index=True) if paths else pd.DataFrame(columns=path_columns))


def _study(r: pd.Series, market: pd.Series, window: EstimationWindow, event: dt.date, end: dt.date, paths: list, key: str) -> dict:
    estimation = r[[window.first <= d <= window.last for d in r.index]]
    model = fit_market_model(estimation, market)
    daily = abnormal_returns(r, market, model, event, end)
    if daily.empty or daily.index[0] != event:
        raise ValueError(f"{key}: no return on the event day {event}")
    paths.append(pd.DataFrame({"unit": key, "date": daily.index, "car_pct": daily["car"].to_numpy() * 100}))
    last = daily.iloc[-1]
    half_width = CRITICAL_T * model.sigma * math.sqrt(len(daily))
    return {
        "estimation_days": model.n, "alpha": model.alpha, "beta": model.beta, "sigma": model.sigma,
        "ar0": daily["ar"].iloc[0] * 100, "t_ar0": daily["t_ar"].iloc[0],
        "car_end": last["car"] * 100, "t_car_end": last["t_car"],
        "ci_low": (last["car"] - half_width) * 100, "ci_high": (last["car"] + half_width) * 100,
        "reading": _reading(last["t_car"], last["car"], daily["ar"].iloc[0]),
    }


def value_change(previous_close: float, close: float, shares: tuple[float, float]) -> tuple[float, float]:
    """The change in market value, (close - previous close) x shares, for the fewest and most shares."""
    low, high = sorted(shares)
    if low <= 0:
        raise ValueError("share counts must be positive")
    move = close - previous_close
    values = sorted((move * low, move * high))
    return values[0], values[1]


def indexed_paths(prices: pd.DataFrame, series: pd.DataFrame, base: dt.date = BASE_DAY, window=WINDOW) -> pd.DataFrame:
    """Every non-rate series' closes in the window as an index, base day = 100 (long format)."""
    frames = []
    for meta in series[series["kind"] != "rate"].to_dict("records"):
        c = closes(prices, meta["series"])
        if base not in c.index:
            continue
        c = c[[window[0] <= d <= window[1] for d in c.index]]
        frames.append(pd.DataFrame({"series": meta["series"], "name": meta["name"], "group": meta["group"],
                                    "date": list(c.index), "index": (c / c[base] * 100).to_numpy()}))
    return pd.concat(frames, ignore_index=True)


def flagged_rows(flagged: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """The flagged rows of the preferred copies, dates as ``datetime.date``, with their ``_row`` numbers."""
    preferred = series[series["preferred"].astype(bool)]
    keys = set(zip(preferred["series"], preferred["copy"]))
    out = flagged[[(s, c) in keys and bool(d) for s, c, d in zip(flagged["series"], flagged["copy"], flagged["defect"])]].copy()
    out["_row"] = out.index + 1
    out["date"] = pd.to_datetime(out["date"]).dt.date
    return out


def usable_prices(flagged: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """The rows the chapter computes with: the preferred copy of each series, without the rows
    flagged as placeholders or as dated on a day the NYSE was closed (see
    :func:`deepseek_factcheck.market.prices.flag_defects`); ``_row`` keeps each row's number in
    ``data/market_prices.csv`` (1 = the first data row) for the evidence links."""
    preferred = set(zip(series.loc[series["preferred"].astype(bool), "series"], series.loc[series["preferred"].astype(bool), "copy"]))
    keep = [(s, c) in preferred for s, c in zip(flagged["series"], flagged["copy"])]
    out = flagged[keep].copy()
    out["_row"] = out.index + 1
    out["date"] = pd.to_datetime(out["date"]).dt.date
    dropped = out["defect"].map(lambda text: bool({"placeholder", "no-trading-day"} & set(text.split(";"))) if text else False)
    return out[~dropped].reset_index(drop=True)
