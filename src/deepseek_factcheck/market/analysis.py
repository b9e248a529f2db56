"""The market shock of 27 January 2025, measured: day moves, an event study, market values.

Everything here works on the curated price table (``data/market_prices.csv``, loaded by
:mod:`deepseek_factcheck.market.prices`) in long format: ``series, copy, date, open, high,
low, close, volume``, one copy per series (the preferred one) unless said otherwise.

* :func:`day_moves`: close-to-close change on a day, and the intraday low and high against
  the previous close, for every series.
* :func:`event_study`: a market model (Sharpe 1963; MacKinlay 1997) fitted on a stated
  estimation window before the event, and two checks beside it (alpha set to zero; returns
  minus the Dow's); abnormal returns over several event windows with MacKinlay's full
  variance, Holm-adjusted p-values across stocks, Patell, BMP and Kolari–Pynnönen tests
  across stocks, and reversal tests with their power; per stock and per equally weighted
  portfolio of each study group (:data:`STUDY_GROUPS`). The estimators are in
  :mod:`.eventstudy`.
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

from . import eventstudy as es

EVENT_DAY = dt.date(2025, 1, 27)
BASE_DAY = dt.date(2025, 1, 24)  # the last close before the shock
WINDOW = (dt.date(2024, 12, 2), dt.date(2025, 2, 28))  # the chapter's window
MARKET = "SPX"  # the market proxy of the market model

# The estimation window: ESTIMATION_DAYS trading days of the market proxy ending GAP_DAYS
# trading days before the event day, so the run-up to the shock does not colour the model.
ESTIMATION_DAYS = 120
GAP_DAYS = 10
MIN_ESTIMATION_DAYS = 60  # fewer and a stock gets no event study (said on the page)

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


def returns(prices: pd.DataFrame, series: str, dividends: pd.DataFrame | None = None) -> pd.Series:
    """Simple returns from each close to the series' previous close.

    With ``dividends`` (:func:`deepseek_factcheck.market.prices.load_dividends`: series,
    ex_date, dividend), total returns: on an ex-dividend date the dividend is added back,
    ``(close + dividend) / previous close - 1``. Without, price returns.
    """
    c = closes(prices, series)
    paid = pd.Series(0.0, index=c.index)
    if dividends is not None:
        mine = dividends[dividends["series"] == series]
        for day, amount in zip(mine["ex_date"], mine["dividend"]):
            if day in paid.index:
                paid.loc[day] += float(amount)
    return ((c + paid) / c.shift(1) - 1).iloc[1:]


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


# --- the event study ---------------------------------------------------------------------
#
# The groups of the event study, rebuilt from the data's display groups (the ``group`` column
# of data/market_series.csv, which the day's chart keeps): Alphabet counted once (class A),
# chip makers split by how much of their business is AI accelerators, memory and networking,
# and unregulated power producers, which had been bought as suppliers of AI data centres, kept
# apart from regulated utilities, whose prices are set by regulators.
STUDY_GROUPS = {
    "ai-chips": ("AI chip makers", ("NVDA", "AVGO", "AMD", "MRVL", "ARM", "MU", "MPWR", "TSM", "SMCI")),
    "other-chips": ("Other chip makers", ("QCOM", "INTC", "TXN", "ADI", "MCHP")),
    "chip-equipment": ("Chip equipment and design software", ("ASML", "AMAT", "LRCX", "KLAC", "CDNS", "SNPS")),
    "power-producers": ("Unregulated power producers", ("CEG", "VST")),
    "utilities": ("Regulated utilities", ("XEL", "EXC")),
    "platforms": ("Platforms and software", ("MSFT", "META", "GOOGL", "AMZN", "AAPL", "ORCL", "TSLA", "PLTR")),
}
NOT_STUDIED = {
    "GOOG": "Alphabet's class C shares: Alphabet is studied once, through its class A shares (GOOGL)",
    "ENR.DE": "listed in Frankfurt, in euros, on another exchange's calendar",
}

# The proxies for "the market": the S&P 500 holds the stocks under study (they are a large
# part of it), so part of their own fall is credited to the market; the Dow has few of them.
PROXY_MODEL = "spx"  # market model on the S&P 500, alpha carried over the event window
MODELS = {
    "spx": "Market model on the S&P 500",
    "spx-beta": "Market model on the S&P 500, alpha set to zero",
    "dow": "Market-adjusted: return minus the Dow's",
}
DOW = "DJI"
MIN_DOW_DAYS = 20  # fewer returns before the event and a stock gets no market-adjusted check

# Event windows: (key, label, end) with end a number of trading days after the event day or a date.
WINDOWS = (
    ("0", "27 January", 0),
    ("0..+1", "27–28 January", 1),
    ("0..+2", "27–29 January (before the first results)", 2),
    ("0..+4", "27–31 January", 4),
    ("to-26-feb", "27 January to 26 February (before Nvidia's results)", dt.date(2025, 2, 26)),
    ("to-28-feb", "27 January to 28 February", dt.date(2025, 2, 28)),
)
WINDOW_SHORT = {"0": "27 Jan", "0..+1": "27–28 Jan", "0..+2": "27–29 Jan", "0..+4": "27–31 Jan", "to-26-feb": "to 26 Feb", "to-28-feb": "to 28 Feb"}
# What else moved these prices in the window: big-tech quarterly results (each released after
# the close, so the first close to reflect it is the next trading day's) and Nvidia's own.
CONFOUNDERS = (
    (dt.date(2025, 1, 29), dt.date(2025, 1, 30), "Microsoft's, Meta's and Tesla's quarterly results"),
    (dt.date(2025, 1, 30), dt.date(2025, 1, 31), "Apple's and Intel's quarterly results"),
    (dt.date(2025, 2, 4), dt.date(2025, 2, 5), "Alphabet's quarterly results"),
    (dt.date(2025, 2, 6), dt.date(2025, 2, 7), "Amazon's quarterly results"),
    (dt.date(2025, 2, 26), dt.date(2025, 2, 27), "Nvidia's quarterly results"),
)


def window_days(calendar: list[dt.date], event: dt.date = EVENT_DAY) -> dict[str, list[dt.date]]:
    """Each window's trading days (from the market proxy's calendar)."""
    after = [d for d in calendar if d >= event]
    if not after or after[0] != event:
        raise ValueError(f"the calendar has no trading day {event}")
    out = {}
    for key, _, end in WINDOWS:
        days = after[: end + 1] if isinstance(end, int) else [d for d in after if d <= end]
        if isinstance(end, int) and len(days) < end + 1:
            raise ValueError(f"window {key} needs {end + 1} trading days from {event}; the calendar has {len(days)}")
        out[key] = days
    return out


def confounders_in(days: list[dt.date]) -> list[str]:
    """The confounding events whose first affected close falls inside ``days``."""
    return [f"{text} ({announced:%-d %B})" for announced, first, text in CONFOUNDERS if days and days[0] <= first <= days[-1]]


@dataclass(frozen=True)
class EventStudy:
    """Everything the chapter shows of the event study (see :func:`event_study`)."""

    window: EstimationWindow
    units: pd.DataFrame  # one row per stock or group: model, or why not studied
    cars: pd.DataFrame  # one row per unit, model and window
    tests: pd.DataFrame  # one row per model and window: tests across stocks
    reversals: pd.DataFrame  # one row per group, model and window (not day 0): what followed the day
    paths: pd.DataFrame  # daily CAR of each group under the main model, for the chart
    day0_sar_sd: float  # cross-sectional SD of the day's standardised ARs (1 under the null), main model


def _study_stocks(series: pd.DataFrame) -> list[dict]:
    stocks = series[(series["kind"] == "stock")]
    member = {sid: g for g, (_, sids) in STUDY_GROUPS.items() for sid in sids}
    rows = []
    for meta in stocks.to_dict("records"):
        sid = meta["series"]
        rows.append({**meta, "study_group": member.get(sid, ""), "not_studied": NOT_STUDIED.get(sid, "" if sid in member else "in no study group")})
    return rows


def _fit_unit(r: pd.Series, market: dict[str, pd.Series], window: EstimationWindow, event: dt.date) -> dict:
    """Fits for every model, or the reason a model cannot be fitted."""
    fits = {}
    estimation = r[[window.first <= d <= window.last for d in r.index]]
    if len(estimation) >= MIN_ESTIMATION_DAYS:
        fits["spx"] = fits["spx-beta"] = es.fit(estimation, market["spx"])
    before = r[[d < event for d in r.index]]
    adjusted = pd.concat([before.rename("r"), market["dow"].rename("m")], axis=1, join="inner").dropna()
    if len(adjusted) >= MIN_DOW_DAYS:
        diff = adjusted["r"] - adjusted["m"]
        sigma = float(diff.std(ddof=1))
        fits["dow"] = es.Fit(0.0, 1.0, sigma, len(diff), 0.0, math.inf, diff - diff.mean())
    return {"fits": fits, "estimation_days": len(estimation), "dow_days": len(adjusted)}


def _variance(model_key: str, f: es.Fit, m: pd.Series) -> float:
    if model_key == "dow":
        return es.car_variance_naive(f, len(m))
    return es.car_variance(f, m, carry_alpha=model_key == "spx")


def _car_rows(unit: dict, fits: dict, r: pd.Series, market: dict[str, pd.Series], windows: dict[str, list[dt.date]]) -> tuple[list[dict], list[dict]]:
    rows, reversals = [], []
    labels = {key: label for key, label, _ in WINDOWS}
    for model_key, f in fits.items():
        m_all = market[model_key if model_key == "dow" else "spx"]
        if model_key == "dow":
            ar_all = (pd.concat([r.rename("r"), m_all.rename("m")], axis=1, join="inner").dropna().pipe(lambda j: j["r"] - j["m"]))
        else:
            ar_all = f.abnormal(r, m_all, carry_alpha=model_key == "spx")
        for key, days in windows.items():
            ar = ar_all.reindex(days)
            if ar.isna().any():
                rows.append({**unit, "model": model_key, "window": key, "label": labels[key], "missing": f"no return on {ar.index[ar.isna()][0]}"})
                continue
            car = float(ar.sum())
            variance = _variance(model_key, f, m_all.reindex(days))
            se, se_naive = math.sqrt(variance), math.sqrt(es.car_variance_naive(f, len(days)))
            rows.append({**unit, "model": model_key, "window": key, "label": labels[key], "days": len(days), "last_day": days[-1],
                         "car": car * 100, "se": se * 100, "ci_low": (car - es.CRITICAL * se) * 100, "ci_high": (car + es.CRITICAL * se) * 100,
                         "z": car / se, "p": es.normal_p(car / se),
                         "z_naive": car / se_naive, "scar": car / se, "estimation_n": f.n,
                         "df": f.n - 1 if model_key == "dow" else f.n - 2, "missing": ""})
            if len(days) > 1 and unit["unit"] == "group":
                after_days = days[1:]
                after = float(ar.iloc[1:].sum())
                se_after = math.sqrt(_variance(model_key, f, m_all.reindex(after_days)))
                se_day0 = math.sqrt(_variance(model_key, f, m_all.reindex(days[:1])))
                rev = es.reversal_test(float(ar.iloc[0]), after, se_after, se_day0)
                reversals.append({"series": unit["series"], "name": unit["name"], "model": model_key, "window": key, "label": labels[key],
                                  "day0": rev.day0 * 100, "after": rev.after * 100, "se_after": rev.se_after * 100,
                                  "z_no_reversal": rev.z_no_reversal, "z_full_reversal": rev.z_full_reversal,
                                  "share_reversed": rev.share_reversed, "power": rev.power, "detectable": rev.detectable * 100,
                                  "reading": rev.reading})
    return rows, reversals


def _reading(z: float, car: float, p_holm: float) -> str:
    """A plain reading of one CAR: what the data can and cannot tell."""
    if abs(z) < es.CRITICAL:
        return "not distinguishable from zero, which does not show that there was no effect: see the 95% interval"
    direction = "fall" if car < 0 else "rise"
    if p_holm >= 0.05:
        return f"a {direction} distinguishable from zero on its own, but not once the number of stocks tested is allowed for (Holm)"
    return f"a {direction} distinguishable from zero, even allowing for the number of stocks tested (Holm)"


def event_study(prices: pd.DataFrame, series: pd.DataFrame, event: dt.date = EVENT_DAY, window: EstimationWindow | None = None,
                dividends: pd.DataFrame | None = None) -> EventStudy:
    """The event study of the study groups' stocks and their equally weighted portfolios.

    Three models (:data:`MODELS`): the market model on the S&P 500 (fitted on ``window``),
    the same with alpha set to zero, and the market-adjusted return against the Dow (its
    variance from every return before the event the Dow's excerpt and the stock share).
    Every CAR in every window (:data:`WINDOWS`) with MacKinlay's full variance
    (:mod:`.eventstudy`); p-values adjusted across stocks by Holm's method within each
    model and window; Patell, BMP and Kolari–Pynnönen tests across stocks; and for each group
    a test of whether what followed the event day undid it. With ``dividends``, stocks earn
    total returns (:func:`returns`); the indices stay price indices.
    """
    window = window or estimation_window(prices, event)
    market = {"spx": returns(prices, MARKET), "dow": returns(prices, DOW)}
    windows = window_days(trading_days(prices), event)
    units, rows, reversals, residuals, paths, members = [], [], [], {}, [], {}
    for meta in _study_stocks(series):
        base = {"unit": "stock", "series": meta["series"], "name": meta["name"], "group": meta["study_group"]}
        if meta["not_studied"]:
            units.append({**base, "skipped": meta["not_studied"]})
            continue
        r = returns(prices, meta["series"], dividends)
        fitted = _fit_unit(r, market, window, event)
        fits = fitted["fits"]
        why = []
        if "spx" not in fits:
            why.append(f"{fitted['estimation_days']} returns in the estimation window; at least {MIN_ESTIMATION_DAYS} needed for the market model")
        if "dow" not in fits:
            why.append(f"{fitted['dow_days']} returns before the event beside the Dow's; at least {MIN_DOW_DAYS} needed for the market-adjusted check")
        spx = fits.get("spx")
        units.append({**base, "first_return": r.index[0] if len(r) else None,
                      "estimation_days": spx.n if spx else fitted["estimation_days"], "alpha": spx.alpha if spx else np.nan,
                      "beta": spx.beta if spx else np.nan, "sigma": spx.sigma if spx else np.nan, "dow_days": fitted["dow_days"],
                      "skipped": "; ".join(why)})
        for key, f in fits.items():
            residuals.setdefault(key, {})[meta["series"]] = f.residuals
            members.setdefault((meta["study_group"], key), []).append(r.rename(meta["series"]))
        new, _ = _car_rows(base, fits, r, market, windows)
        rows += new
    for group, (label, _) in STUDY_GROUPS.items():
        for key in MODELS:
            stocks = members.get((group, key), [])
            if not stocks:
                continue
            portfolio = pd.concat(stocks, axis=1, join="inner").mean(axis=1).rename(group)
            fitted = _fit_unit(portfolio, market, window, event)
            if key not in fitted["fits"]:
                continue
            f = fitted["fits"][key]
            names = ", ".join(s.name for s in stocks)
            base = {"unit": "group", "series": group, "name": label, "group": group, "members": names, "n_stocks": len(stocks)}
            if key == PROXY_MODEL:
                units.append({**base, "estimation_days": f.n, "alpha": f.alpha, "beta": f.beta, "sigma": f.sigma,
                              "dow_days": fitted["dow_days"], "skipped": ""})
                days = windows["to-28-feb"]
                ar = f.abnormal(portfolio, market["spx"]).reindex(days)
                m = market["spx"].reindex(days)
                se = [math.sqrt(es.car_variance(f, m.iloc[: k + 1])) * 100 for k in range(len(days))]
                paths.append(pd.DataFrame({"unit": group, "name": label, "date": ar.index, "car_pct": ar.cumsum().to_numpy() * 100, "se_pct": se}))
            new, rev = _car_rows(base, {key: f}, portfolio, market, windows)
            rows += new
            reversals += rev
    cars = pd.DataFrame(rows)
    cars["p_holm"] = np.nan
    stocks_ok = (cars["unit"] == "stock") & (cars["missing"] == "")
    for (model_key, key), idx in cars[stocks_ok].groupby(["model", "window"]).groups.items():
        cars.loc[idx, "p_holm"] = es.holm(cars.loc[idx, "p"])
    groups_ok = (cars["unit"] == "group") & (cars["missing"] == "")
    cars.loc[groups_ok, "p_holm"] = cars.loc[groups_ok, "p"]  # a group is one test per window: nothing to adjust
    ok = cars["missing"] == ""
    cars["reading"] = ""
    cars.loc[ok, "reading"] = [_reading(z, c, p) for z, c, p in zip(cars.loc[ok, "z"], cars.loc[ok, "car"], cars.loc[ok, "p_holm"])]
    tests = []
    for (model_key, key), part in cars[stocks_ok].groupby(["model", "window"], sort=False):
        if len(part) < 2:
            continue  # a test across stocks needs at least two
        rbar = es.mean_correlation([residuals[model_key][s] for s in part["series"]])
        tests.append({"model": model_key, "window": key, "n": len(part), "mean_car": part["car"].mean(),
                      "sd_scar": part["scar"].std(ddof=1), "patell": es.patell_z(part["scar"], part["estimation_n"]),
                      "bmp": es.bmp_t(part["scar"]), "rbar": rbar, "kp": es.kolari_pynnonen(part["scar"], rbar),
                      "holm_significant": int((part["p_holm"] < 0.05).sum()), "naive_significant": int((part["z_naive"].abs() >= es.CRITICAL).sum()),
                      "full_significant": int((part["z"].abs() >= es.CRITICAL).sum())})
    tests = pd.DataFrame(tests, columns=["model", "window", "n", "mean_car", "sd_scar", "patell", "bmp", "rbar", "kp",
                                         "holm_significant", "naive_significant", "full_significant"])
    tests["p_patell"] = tests["patell"].map(es.normal_p)  # a z statistic
    for column in ("bmp", "kp"):  # t statistics on N - 1 degrees of freedom (N stocks)
        tests[f"p_{column}"] = [es.student_t_p(t, n - 1) for t, n in zip(tests[column], tests["n"])]
    day0 = tests[(tests["model"] == PROXY_MODEL) & (tests["window"] == "0")]
    return EventStudy(window, pd.DataFrame(units), cars, tests, pd.DataFrame(reversals),
                      pd.concat(paths, ignore_index=True) if paths else pd.DataFrame(columns=["unit", "name", "date", "car_pct", "se_pct"]),
                      float(day0["sd_scar"].iloc[0]) if len(day0) else math.nan)


def borderline(cars: pd.DataFrame) -> pd.DataFrame:
    """The CARs at least :data:`.eventstudy.CRITICAL` standard errors from zero that Student's t on
    their degrees of freedom (``df``: the days behind the variance, less the parameters fitted)
    would not call distinguishable: the readings that rest on reading z against the normal."""
    ok = cars[cars["missing"] == ""]
    cut = ok["df"].map(es.student_t_critical)
    return ok[(ok["z"].abs() >= es.CRITICAL) & (ok["z"].abs() < cut)]


def dividends_in(dividends: pd.DataFrame, days: list[dt.date], stocks: list[str] | None = None) -> pd.DataFrame:
    """The ex-dividend dates that fall on ``days`` (of ``stocks``, if given)."""
    chosen = dividends[dividends["ex_date"].isin(days)]
    return chosen[chosen["series"].isin(stocks)] if stocks is not None else chosen


def car_row(study: EventStudy, unit: str, window: str, model: str = PROXY_MODEL) -> pd.Series:
    """One CAR of the study: ``unit`` a stock's series id or a study group's key."""
    rows = study.cars[(study.cars["series"] == unit) & (study.cars["window"] == window) & (study.cars["model"] == model)]
    if len(rows) != 1:
        raise KeyError(f"the event study has {len(rows)} rows for {unit!r}, window {window!r}, model {model!r}")
    return rows.iloc[0]


def unit_row(study: EventStudy, unit: str) -> pd.Series:
    """A stock's or group's row of ``study.units`` (its model on the S&P 500, or why it was not studied)."""
    rows = study.units[study.units["series"] == unit]
    if len(rows) != 1:
        raise KeyError(f"the event study has {len(rows)} rows for unit {unit!r}")
    return rows.iloc[0]


def credited_to_market(study: EventStudy, prices: pd.DataFrame, unit: str, event: dt.date = EVENT_DAY) -> float:
    """Points of a unit's event-day return the market model puts down to the market: beta times the S&P 500's return."""
    return float(unit_row(study, unit)["beta"] * returns(prices, MARKET).loc[event] * 100)


def alpha_drift(study: EventStudy, unit: str, window: str) -> float:
    """Points the carried-over alpha adds to a unit's CAR over ``window``: minus alpha times its days
    (a negative alpha, expected underperformance, raises every abnormal return)."""
    return float(-unit_row(study, unit)["alpha"] * car_row(study, unit, window)["days"] * 100)


def test_row(study: EventStudy, window: str, model: str = PROXY_MODEL) -> pd.Series:
    """The tests across stocks for one window and model."""
    rows = study.tests[(study.tests["window"] == window) & (study.tests["model"] == model)]
    if len(rows) != 1:
        raise KeyError(f"no tests across stocks for window {window!r}, model {model!r}")
    return rows.iloc[0]


def reversal_row(study: EventStudy, group: str, window: str = "to-28-feb", model: str = PROXY_MODEL) -> pd.Series:
    """A group's reversal test over ``window`` (what followed the event day within it)."""
    rows = study.reversals[(study.reversals["series"] == group) & (study.reversals["window"] == window) & (study.reversals["model"] == model)]
    if len(rows) != 1:
        raise KeyError(f"no reversal test for {group!r}, window {window!r}, model {model!r}")
    return rows.iloc[0]


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
