"""Daily market prices around the DeepSeek shock (Monday 27 January 2025).

Two curated tables, described with schema and provenance in ``data/datapackage.json``:

* ``market_series.csv``: one row per *series* (a security, index, rate or price, under the
  book's id such as ``NVDA`` or ``SPX``) and *copy* (the upstream file it was read from,
  under a short source name such as ``GA`` or ``FRED``), with the copy's provenance, price
  basis and caveats; exactly one copy per series is ``preferred``.
* ``market_prices.csv``: the daily rows of every copy in long format
  (``series, copy, date, open, high, low, close, volume``; a cell is empty where the
  source has no value).

This module loads both (validated against their schemas), flags defects found by rule
(:func:`flag_defects`), gives clean closes (:func:`daily_closes`, :func:`close_on`,
:func:`previous_close`) and compares copies (:func:`copy_agreement`). It also holds the
rules the curation script ``scripts/curate_market.py`` applies to the raw vendor files:
reading them (:func:`read_raw`), telling which half of a "two securities in one file" file
is which (:func:`resolve_two_security_file`) and picking the preferred copy
(:func:`choose_preferred`).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import combinations
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..core.tables import TableError, load_table

SERIES_RESOURCE = "market_series"
PRICES_RESOURCE = "market_prices"
DIVIDENDS_RESOURCE = "market_dividends"
DIVIDEND_COLUMNS = ("series", "copy", "ex_date", "dividend")
# a change in the ratio of adjusted to actual close smaller than this share of the price is
# float noise in the vendor's adjusted column, not a dividend
DIVIDEND_MIN_SHARE = 1e-5
PRICE_FIELDS = ("open", "high", "low", "close", "volume")
PRICE_COLUMNS = ("series", "copy", "date", *PRICE_FIELDS)

# -- defects -----------------------------------------------------------------------------
PLACEHOLDER = "placeholder"  # volume 0, open = high = low = close = the previous row's close
DIVIDEND_ADJUSTED = "dividend-adjusted"  # the copy's closes are adjusted for dividends
NO_TRADING_DAY = "no-trading-day"  # a value on a date on which no US stock series has a row
OHLC_INCONSISTENT = "ohlc-inconsistent"  # high below open/close/low, or low above open/close/high
DEFECTS = (PLACEHOLDER, DIVIDEND_ADJUSTED, NO_TRADING_DAY, OHLC_INCONSISTENT)
DEFECT_SEPARATOR = ";"
# rows daily_closes() leaves out unless told otherwise: not real closes on an NYSE trading day
DEFAULT_DROP = (PLACEHOLDER, NO_TRADING_DAY)

# -- copy agreement ----------------------------------------------------------------------
IDENTICAL_PCT = 1e-4  # closes differing by less than this many per cent count as identical
SAME_RETURNS_PP = 0.01  # daily changes differing by less than this many percentage points agree
VERDICTS = ("identical", "same returns, different levels", "differ")

# -- two-securities files ----------------------------------------------------------------
REFERENCE_TOLERANCE = 0.005  # a close matches a reference figure given to the cent within half a cent
MIN_COMMON_DAYS = 20  # a half "equals" another file only if they share at least this many days
HALF_FIELDS = ("open", "high", "low", "close", "adj_close", "volume")


class MarketDataError(ValueError):
    """A raw market file or a curated market table is not what the rules expect."""


# ---------------------------------------------------------------------------------------
# Loading the curated tables
# ---------------------------------------------------------------------------------------


def load_series(folder: Path | None = None) -> pd.DataFrame:
    """``market_series.csv``, validated; ``first_date``/``last_date`` as pandas Timestamps.

    Besides the schema, checks that each (series, copy) appears once and that each series
    has exactly one preferred copy; a problem names the file, row and column.
    """
    frame = load_table(SERIES_RESOURCE, folder)
    label = f"data/{frame.attrs['table_path']}"
    problems = []
    seen: dict[tuple, int] = {}
    for number, (series, copy) in enumerate(zip(frame["series"], frame["copy"]), start=1):
        if (series, copy) in seen:
            problems.append(f"{label}, row {number} (line {number + 1}), column 'copy': ({series}, {copy}) repeats row {seen[(series, copy)]}")
        seen[(series, copy)] = number
    for series, rows in frame.groupby("series", sort=False):
        preferred = [int(i) + 1 for i in rows.index[rows["preferred"].astype(bool)]]
        if len(preferred) != 1:
            where = f"rows {', '.join(map(str, preferred))}" if preferred else f"rows {', '.join(str(int(i) + 1) for i in rows.index)}"
            problems.append(f"{label}, {where}, column 'preferred': series {series} has {len(preferred)} preferred copies; it needs exactly one")
    if problems:
        raise TableError(f"{label} has {len(problems)} problem(s):\n  " + "\n  ".join(problems))
    for column in ("first_date", "last_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def load_prices(folder: Path | None = None, series_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """``market_prices.csv``, validated; ``date`` as pandas Timestamps, ``volume`` as nullable integers.

    Besides the schema, checks that no (series, copy, date) repeats and that every
    (series, copy) is described in ``market_series.csv``; a problem names file, row and column.
    """
    frame = load_table(PRICES_RESOURCE, folder)
    label = f"data/{frame.attrs['table_path']}"
    described = series_table if series_table is not None else load_series(folder)
    known = set(zip(described["series"], described["copy"]))
    problems = []
    seen: dict[tuple, int] = {}
    reported: set[tuple] = set()
    for number, key in enumerate(zip(frame["series"], frame["copy"], frame["date"]), start=1):
        if key[:2] not in known and key[:2] not in reported:
            reported.add(key[:2])
            problems.append(f"{label}, row {number} (line {number + 1}), column 'copy': ({key[0]}, {key[1]}) is not described in market_series.csv")
        if key in seen:
            problems.append(f"{label}, row {number} (line {number + 1}), column 'date': ({key[0]}, {key[1]}, {key[2]}) repeats row {seen[key]}")
        seen[key] = number
    if problems:
        raise TableError(f"{label} has {len(problems)} problem(s):\n  " + "\n  ".join(problems))
    attrs = dict(frame.attrs)
    frame["date"] = pd.to_datetime(frame["date"])
    for column in ("open", "high", "low", "close"):
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    frame["volume"] = pd.array(frame["volume"], dtype="Int64")
    frame.attrs = attrs
    return frame


def load_dividends(folder: Path | None = None) -> pd.DataFrame:
    """``market_dividends.csv``, validated: one row per ex-dividend date of a copy, with
    ``ex_date`` as ``datetime.date`` and ``dividend`` (per share, in the series' currency) as float."""
    frame = load_table(DIVIDENDS_RESOURCE, folder)
    attrs = dict(frame.attrs)
    frame["ex_date"] = pd.to_datetime(frame["ex_date"]).dt.date
    frame["dividend"] = pd.to_numeric(frame["dividend"]).astype(float)
    frame.attrs = attrs
    return frame


def dividends_from_adjusted(frame: pd.DataFrame, min_share: float = DIVIDEND_MIN_SHARE) -> list[dict]:
    """The ex-dividend dates and cash dividends implied by a Yahoo file's two closes.

    ``frame`` is :func:`read_raw`'s output (text columns ``date``, ``close``, ``adj_close``).
    Yahoo's adjusted close multiplies every close before an ex-dividend date by
    ``1 - D / close_before`` (``close_before``: the close on the day before the ex-date), so
    where the ratio ``f = adj_close / close`` steps up from one day to the next, the next day
    is an ex-date and ``D = close_before * (1 - f_before / f_ex)``. Splits leave the ratio
    alone (both columns are split-adjusted). Returns ``{"ex_date", "dividend"}`` rows, the
    dividend written to 4 decimals; steps smaller than ``min_share`` of the price are noise.
    """
    rows = frame[(frame["adj_close"] != "") & (frame["close"] != "")].sort_values("date")
    close = rows["close"].astype(float).to_numpy()
    ratio = rows["adj_close"].astype(float).to_numpy() / close
    out = []
    for i in range(1, len(rows)):
        dividend = close[i - 1] * (1 - ratio[i - 1] / ratio[i])
        if dividend / close[i - 1] > min_share:
            out.append({"ex_date": rows["date"].iloc[i], "dividend": f"{dividend:.4f}"})
    return out


# ---------------------------------------------------------------------------------------
# Defects
# ---------------------------------------------------------------------------------------


def _us_stock_keys(series_table: pd.DataFrame) -> set[tuple[str, str]]:
    rows = series_table[(series_table["kind"] == "stock") & (series_table["unit"] == "USD")]
    return set(zip(rows["series"], rows["copy"]))


def _non_us_listings(series_table: pd.DataFrame) -> set[str]:
    rows = series_table[(series_table["kind"] == "stock") & (series_table["unit"] != "USD")]
    return set(rows["series"])


def nyse_trading_days(prices: pd.DataFrame, series_table: pd.DataFrame) -> pd.DatetimeIndex:
    """The dates on which at least one US-listed stock (kind stock, unit USD) has a row.

    The table's stand-in for the NYSE calendar: every stock copy is a Yahoo or IB download
    that only has rows for sessions that took place. Outside the dense window (2024-06-03
    to 2025-02-28) it holds only the few extra dates the table carries.
    """
    keys = _us_stock_keys(series_table)
    mask = [k in keys for k in zip(prices["series"], prices["copy"])]
    return pd.DatetimeIndex(sorted(set(pd.to_datetime(prices.loc[mask, "date"]))))


def flag_defects(prices: pd.DataFrame, series_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """A copy of ``prices`` with a ``defect`` column: ``""`` or defect names joined by ``;``.

    Found by rule, never from a list of dates:

    * ``placeholder``: volume 0 and open = high = low = close = the previous row's close of
      the same series and copy (a filled-forward row, not a session; Siemens Energy's
      source has them). An unchanged close with volume traded is *not* a placeholder.
    * ``dividend-adjusted``: every row of a copy whose ``price_basis`` says so: its level
      sits below the printed close; its day-on-day changes are fine between ex-dates.
    * ``no-trading-day``: a row dated on a day on which no US-listed stock has a row (the
      NYSE was closed: 9 January 2025, market holidays). Stocks listed outside the US
      (Siemens Energy, Xetra) are exempt: their exchange has its own calendar. For rates and
      oil the value may be genuine (bond and oil markets keep other hours); the flag says
      the date is not an NYSE session, so the row does not pair with stock returns.
    * ``ohlc-inconsistent``: high below the open, close or low, or low above the open,
      close or high (only where the values are there).

    Zero volume alone is not a defect: index copies (SOX) report volume 0 on every day.
    """
    if series_table is None:
        series_table = load_series()
    out = prices.copy()
    out = out.sort_values(["series", "copy", "date"], kind="stable")
    flags: dict[str, list[str]] = {name: [] for name in DEFECTS}

    previous_close = out.groupby(["series", "copy"], sort=False)["close"].shift(1)
    volume = pd.to_numeric(out["volume"], errors="coerce")
    same = (out["open"] == out["close"]) & (out["high"] == out["close"]) & (out["low"] == out["close"])
    placeholder = (volume == 0) & same & (out["close"] == previous_close)

    adjusted_keys = {
        (s, c) for s, c, basis in zip(series_table["series"], series_table["copy"], series_table["price_basis"]) if basis == DIVIDEND_ADJUSTED
    }
    keys = list(zip(out["series"], out["copy"]))
    adjusted = pd.Series([k in adjusted_keys for k in keys], index=out.index)

    sessions = set(nyse_trading_days(out, series_table))
    exempt = _non_us_listings(series_table)
    dates = pd.to_datetime(out["date"])
    no_session = pd.Series(
        [(d not in sessions) and (s not in exempt) for d, s in zip(dates, out["series"])], index=out.index
    )

    o, h, l, c = (out[name] for name in ("open", "high", "low", "close"))
    top = pd.concat([o, c, l], axis=1).max(axis=1)
    bottom = pd.concat([o, c, h], axis=1).min(axis=1)
    ohlc = (h.notna() & (h < top)) | (l.notna() & (l > bottom))

    masks = {PLACEHOLDER: placeholder, DIVIDEND_ADJUSTED: adjusted, NO_TRADING_DAY: no_session, OHLC_INCONSISTENT: ohlc}
    labels = pd.Series("", index=out.index, dtype=object)
    for name in DEFECTS:
        mask = masks[name].fillna(False).astype(bool)
        labels[mask] = [f"{text}{DEFECT_SEPARATOR}{name}" if text else name for text in labels[mask]]
    out["defect"] = labels
    return out.loc[prices.index]


def has_defect(flagged: pd.DataFrame, name: str) -> pd.Series:
    """Whether each row's ``defect`` list contains ``name``."""
    if name not in DEFECTS:
        raise ValueError(f"unknown defect {name!r}; known: {', '.join(DEFECTS)}")
    return flagged["defect"].map(lambda text: name in text.split(DEFECT_SEPARATOR) if text else False)


def defect_counts(flagged: pd.DataFrame) -> pd.DataFrame:
    """Rows per (series, copy) and how many carry each defect."""
    table = flagged[["series", "copy"]].copy()
    table["rows"] = 1
    for name in DEFECTS:
        table[name] = has_defect(flagged, name).astype(int)
    return table.groupby(["series", "copy"], sort=True).sum().reset_index()


# ---------------------------------------------------------------------------------------
# Clean closes
# ---------------------------------------------------------------------------------------


class Close(NamedTuple):
    date: pd.Timestamp
    value: float


def preferred_copy(series_table: pd.DataFrame, series: str) -> str:
    rows = series_table[(series_table["series"] == series) & series_table["preferred"].astype(bool)]
    if rows.empty:
        known = sorted(set(series_table["series"]))
        raise MarketDataError(f"no series {series!r} in market_series.csv; known: {', '.join(known)}")
    return rows["copy"].iloc[0]


def daily_closes(
    prices: pd.DataFrame,
    series: str,
    copy: str | None = None,
    *,
    series_table: pd.DataFrame | None = None,
    drop: tuple[str, ...] = DEFAULT_DROP,
) -> pd.Series:
    """The closes of one copy of a series, indexed by date, with defective rows left out.

    ``copy=None`` takes the series' preferred copy. Rows carrying a defect named in ``drop``
    (by default placeholders and rows on non-NYSE days) are removed, never filled, so a
    gap shows where the source had no real close; pass ``drop=()`` for every row.
    The Series is named after the series; ``.attrs`` holds the copy and what was dropped.
    """
    if series_table is None:
        series_table = load_series()
    copy = copy or preferred_copy(series_table, series)
    flagged = prices if "defect" in prices.columns else flag_defects(prices, series_table)
    rows = flagged[(flagged["series"] == series) & (flagged["copy"] == copy)]
    if rows.empty:
        raise MarketDataError(f"no rows for series {series!r}, copy {copy!r} in the prices")
    keep = pd.Series(True, index=rows.index)
    dropped = {}
    for name in drop:
        mask = has_defect(rows, name)
        dropped[name] = [d.date().isoformat() for d in pd.to_datetime(rows.loc[mask, "date"])]
        keep &= ~mask
    kept = rows[keep & rows["close"].notna()].sort_values("date")
    closes = pd.Series(kept["close"].astype(float).to_numpy(), index=pd.DatetimeIndex(pd.to_datetime(kept["date"]), name="date"), name=series)
    closes.attrs = {"series": series, "copy": copy, "dropped": dropped}
    return closes


def close_on(closes: pd.Series, date) -> Close:
    """The close dated ``date``; raises MarketDataError naming the series if there is none."""
    when = pd.Timestamp(date)
    if when not in closes.index:
        raise MarketDataError(f"{_describe(closes)} has no clean close on {when.date()}")
    return Close(when, float(closes.loc[when]))


def previous_close(closes: pd.Series, date, max_gap_days: int = 7) -> Close:
    """The last clean close strictly before ``date``.

    Placeholder rows were dropped by :func:`daily_closes`, so for Siemens Energy on
    27 January 2025 this is 23 January, not the filled-forward 24 January. Raises
    MarketDataError if there is none, or if it lies more than ``max_gap_days`` calendar days
    back (the table jumps from the 2020 and 2022 record days to June 2024).
    """
    when = pd.Timestamp(date)
    before = closes[closes.index < when]
    if before.empty:
        raise MarketDataError(f"{_describe(closes)} has no close before {when.date()}")
    found = before.index[-1]
    if (when - found).days > max_gap_days:
        raise MarketDataError(
            f"{_describe(closes)}: the last close before {when.date()} is {found.date()}, "
            f"{(when - found).days} days earlier (more than {max_gap_days}); the table has a gap there"
        )
    return Close(found, float(before.iloc[-1]))


def _describe(closes: pd.Series) -> str:
    return f"series {closes.attrs.get('series', closes.name)!r} (copy {closes.attrs.get('copy', '?')})"


# ---------------------------------------------------------------------------------------
# Copies compared
# ---------------------------------------------------------------------------------------


def _returns_on_common_steps(a: pd.Series, b: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Day-on-day % changes of a and b for dates whose previous row is the same date in both."""
    def steps(s: pd.Series) -> pd.DataFrame:
        s = s.sort_index()
        return pd.DataFrame({"prev": s.index.to_series().shift(1).to_numpy(), "change": (s / s.shift(1) - 1).to_numpy() * 100}, index=s.index)

    sa, sb = steps(a), steps(b)
    common = sa.index.intersection(sb.index)
    same_prev = sa.loc[common, "prev"].to_numpy() == sb.loc[common, "prev"].to_numpy()
    dates = common[same_prev]
    return sa.loc[dates, "change"].dropna(), sb.loc[dates, "change"].dropna()


def compare_closes(a: pd.Series, b: pd.Series) -> dict:
    """Agreement of two close series on their common dates (see :func:`copy_agreement`)."""
    common = a.index.intersection(b.index)
    if common.empty:
        return {"common_days": 0, "max_abs_diff": math.nan, "max_abs_diff_pct": math.nan, "max_return_diff_pp": math.nan, "verdict": "differ"}
    diff = (a.loc[common] - b.loc[common]).abs()
    diff_pct = diff / b.loc[common].abs() * 100
    ra, rb = _returns_on_common_steps(a.loc[common], b.loc[common])
    both = ra.index.intersection(rb.index)
    return_diff = float((ra.loc[both] - rb.loc[both]).abs().max()) if len(both) else math.nan
    max_pct = float(diff_pct.max())
    if max_pct < IDENTICAL_PCT:
        verdict = "identical"
    elif not math.isnan(return_diff) and return_diff < SAME_RETURNS_PP:
        verdict = "same returns, different levels"
    else:
        verdict = "differ"
    return {
        "common_days": int(len(common)),
        "max_abs_diff": float(diff.max()),
        "max_abs_diff_pct": max_pct,
        "max_return_diff_pp": return_diff,
        "verdict": verdict,
    }


def copy_agreement(prices: pd.DataFrame) -> pd.DataFrame:
    """For every series with two or more copies, every pair of copies compared on common dates.

    Columns: ``series, copy_a, copy_b, common_days, max_abs_diff`` (largest absolute
    difference of the close, in the series' unit), ``max_abs_diff_pct`` (the same in % of
    copy_b's close), ``max_return_diff_pp`` (largest difference between the two copies'
    day-on-day % changes, in percentage points, over dates whose previous row is the same
    date in both copies) and ``verdict``: ``identical`` (closes within
    ``IDENTICAL_PCT`` %), ``same returns, different levels`` (levels differ but daily
    changes agree within ``SAME_RETURNS_PP`` points, as a dividend-adjusted copy does
    against the actual closes) or ``differ``. All rows are compared as the sources have
    them, defects included: the question is whether the copies agree.
    """
    rows = []
    for series, group in prices.groupby("series", sort=True):
        copies = sorted(group["copy"].unique())
        closes = {
            c: group[group["copy"] == c].set_index(pd.DatetimeIndex(pd.to_datetime(group.loc[group["copy"] == c, "date"])))["close"].dropna().astype(float)
            for c in copies
        }
        for copy_a, copy_b in combinations(copies, 2):
            rows.append({"series": series, "copy_a": copy_a, "copy_b": copy_b, **compare_closes(closes[copy_a], closes[copy_b])})
    columns = ["series", "copy_a", "copy_b", "common_days", "max_abs_diff", "max_abs_diff_pct", "max_return_diff_pp", "verdict"]
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------------------------------
# Raw vendor files (used by scripts/curate_market.py)
# ---------------------------------------------------------------------------------------

# field -> header name in the raw file; an int is a column position (FRED-style files name
# their value column after the series code)
RAW_FORMATS: dict[str, dict[str, str | int]] = {
    "yahoo": {"date": "Date", "open": "Open", "high": "High", "low": "Low", "close": "Close", "adj_close": "Adj Close", "volume": "Volume"},
    "horizon": {"date": "Date", "open": "Open", "high": "High", "low": "Low", "close": "Close", "volume": "Volume"},
    "ib": {"date": "date", "open": "open", "high": "high", "low": "low", "close": "close", "volume": "volume"},
    "fred": {"date": "observation_date", "close": 1},
    "cboe": {"date": "DATE", "open": "OPEN", "high": "HIGH", "low": "LOW", "close": "CLOSE"},
    "eia": {"date": "Date", "close": "Price"},
    "yahoo-index": {"date": "Date", "open": "Open", "high": "High", "low": "Low", "close": "Close", "volume": "Volume"},
}
RAW_FIELDS = ("date", "open", "high", "low", "close", "adj_close", "volume")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _read_csv_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    if not path.is_file():
        raise MarketDataError(f"{path} is missing")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        raise MarketDataError(f"{path} is empty")
    return rows[0], rows[1:]


def _number_text(text: str, path: Path, line: int, column: str) -> str:
    """The cell as the source wrote it, checked to be a finite number ('' stays '')."""
    text = text.strip()
    if text == "":
        return ""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise MarketDataError(f"{path}, line {line}, column {column!r}: {text!r} is not a number") from None
    if not value.is_finite():
        raise MarketDataError(f"{path}, line {line}, column {column!r}: {text!r} is not a finite number")
    return text


def volume_text(text: str) -> str:
    """A share volume written as an integer ('3428974.0' -> '3428974'); refuses fractions."""
    if text == "":
        return ""
    value = Decimal(text)
    if value != value.to_integral_value() or value < 0:
        raise MarketDataError(f"volume {text!r} is not a whole non-negative number")
    return str(int(value))


def read_raw(path: Path, fmt: str, *, where: tuple[str, str] | None = None) -> pd.DataFrame:
    """Read one raw single-security file into text columns ``date, open, high, low, close, adj_close, volume``.

    Cells keep the source's text ('' where the file has none); every cell is checked to be
    a number and every date to be ISO ``YYYY-MM-DD``. ``where=(column, value)`` keeps only
    rows with that value (the cross-check file that stacks several tickers). Rows without a
    close (FRED's blank holidays) are dropped. A problem names the file, line and column.
    """
    if fmt not in RAW_FORMATS:
        raise MarketDataError(f"unknown raw format {fmt!r}; known: {', '.join(RAW_FORMATS)}")
    path = Path(path)
    header, rows = _read_csv_rows(path)
    positions: dict[str, int] = {}
    for name, column in RAW_FORMATS[fmt].items():
        if isinstance(column, int):
            if column >= len(header):
                raise MarketDataError(f"{path}: header {header} has no column {column + 1}")
            positions[name] = column
        elif header.count(column) != 1:
            raise MarketDataError(f"{path}: header {header} must have exactly one column {column!r} (format {fmt})")
        else:
            positions[name] = header.index(column)
    keep_column = None
    if where:
        if where[0] not in header:
            raise MarketDataError(f"{path}: header {header} has no column {where[0]!r}")
        keep_column = header.index(where[0])
    records = []
    for line, cells in enumerate(rows, start=2):
        if not cells:
            continue
        if len(cells) != len(header):
            raise MarketDataError(f"{path}, line {line}: {len(cells)} cells, the header has {len(header)}")
        if keep_column is not None and cells[keep_column] != where[1]:
            continue
        record = {name: "" for name in RAW_FIELDS}
        for name, position in positions.items():
            text = cells[position]
            if name == "date":
                if not _ISO_DATE.fullmatch(text):
                    raise MarketDataError(f"{path}, line {line}, column {header[position]!r}: {text!r} is not a date (YYYY-MM-DD)")
                record[name] = text
            else:
                record[name] = _number_text(text, path, line, header[position])
        if record["close"] == "":
            continue
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=list(RAW_FIELDS))
    if frame["date"].duplicated().any():
        raise MarketDataError(f"{path}: date {frame.loc[frame['date'].duplicated(), 'date'].iloc[0]} appears twice")
    frame.attrs["path"] = str(path)
    return frame


def read_two_security_file(path: Path) -> tuple[str, list[pd.DataFrame]]:
    """Split a 14-column file (``Date, Symbol`` then each Yahoo field twice) into its two halves.

    Returns the ``Symbol`` the file names and two frames in :func:`read_raw`'s shape: the
    first and the second value of every field.
    """
    path = Path(path)
    header, rows = _read_csv_rows(path)
    expected = ["Date", "Symbol"] + [name for name in ("Open", "High", "Low", "Close", "Adj Close", "Volume") for _ in (0, 1)]
    if header != expected:
        raise MarketDataError(f"{path}: header {header} is not the two-securities layout {expected}")
    fields = ("open", "high", "low", "close", "adj_close", "volume")
    halves: list[list[dict]] = [[], []]
    symbols = set()
    for line, cells in enumerate(rows, start=2):
        if not cells:
            continue
        if len(cells) != len(header):
            raise MarketDataError(f"{path}, line {line}: {len(cells)} cells, the header has {len(header)}")
        if not _ISO_DATE.fullmatch(cells[0]):
            raise MarketDataError(f"{path}, line {line}, column 'Date': {cells[0]!r} is not a date (YYYY-MM-DD)")
        symbols.add(cells[1])
        for half in (0, 1):
            record = {"date": cells[0]}
            for number, name in enumerate(fields):
                record[name] = _number_text(cells[2 + 2 * number + half], path, line, header[2 + 2 * number + half])
            halves[half].append(record)
    if len(symbols) != 1:
        raise MarketDataError(f"{path}: column 'Symbol' should name one security, found {sorted(symbols)}")
    frames = []
    for half in halves:
        frame = pd.DataFrame.from_records(half, columns=list(RAW_FIELDS)).fillna("")
        frame = frame[frame["close"] != ""].reset_index(drop=True)
        frame.attrs["path"] = str(path)
        frames.append(frame)
    return symbols.pop(), frames


def _numeric(frame: pd.DataFrame, fields=HALF_FIELDS) -> pd.DataFrame:
    out = frame.set_index("date")[[f for f in fields if f in frame.columns]]
    return out.replace("", np.nan).astype(float)


def equal_on_common_dates(a: pd.DataFrame, b: pd.DataFrame, fields=HALF_FIELDS) -> tuple[int, bool]:
    """(common days, whether every field present in both is equal on every common day).

    Equal means equal to 1e-9 relative; a field empty in both on a day counts as equal,
    empty in one only as different.
    """
    na, nb = _numeric(a, fields), _numeric(b, fields)
    common = na.index.intersection(nb.index)
    columns = [c for c in na.columns if c in nb.columns]
    if common.empty or not columns:
        return 0, False
    x, y = na.loc[common, columns].to_numpy(), nb.loc[common, columns].to_numpy()
    both_missing = np.isnan(x) & np.isnan(y)
    close = np.isclose(x, y, rtol=1e-9, atol=0.0)
    return int(len(common)), bool((close | both_missing).all())


@dataclass
class HalfResolution:
    """How the two halves of a two-securities file were told apart."""

    file: str
    named: str  # the security the file's name and Symbol column claim
    use: int | None  # 0 or 1: the half accepted as `named`; None: the file is left out
    identities: list[str] = field(default_factory=list)  # what each half was found to be
    reason: str = ""

    @property
    def resolved(self) -> bool:
        return self.use is not None

    def describe(self) -> str:
        halves = "; ".join(f"{('first', 'second')[i]} half: {text}" for i, text in enumerate(self.identities))
        outcome = f"uses the {('first', 'second')[self.use]} half as {self.named}" if self.resolved else "left out"
        return f"{self.file}: {outcome} ({halves}). {self.reason}".strip()


def check_references(half: pd.DataFrame, references: pd.DataFrame, tolerance: float = REFERENCE_TOLERANCE) -> dict:
    """Compare a half's closes with reference figures (columns date, close, independent).

    Returns counts of independent and dependent matches, mismatches (with details) and
    references whose date the half does not have.
    """
    closes = _numeric(half, ("close",))["close"]
    result = {"independent_matches": 0, "dependent_matches": 0, "mismatches": [], "missing": []}
    for row in references.itertuples():
        day = str(row.date)
        if day not in closes.index:
            result["missing"].append(day)
            continue
        found = float(closes.loc[day])
        if abs(found - float(row.close)) <= tolerance:
            result["independent_matches" if _truthy(row.independent) else "dependent_matches"] += 1
        else:
            result["mismatches"].append(f"{day}: {found:g} against {float(row.close):g}")
    return result


def _truthy(value) -> bool:
    return value is True or str(value).strip().lower() == "true"


def resolve_two_security_file(
    file: str,
    named: str,
    halves: list[pd.DataFrame],
    singles: dict[str, pd.DataFrame],
    references: pd.DataFrame,
    *,
    min_common: int = MIN_COMMON_DAYS,
    tolerance: float = REFERENCE_TOLERANCE,
) -> HalfResolution:
    """Decide which half of a two-securities file is the security ``named``, by code.

    1. A half that equals another single-security file (``singles``: name -> frame) on every
       common date (at least ``min_common`` of them; all of open, high, low, close, adjusted
       close and volume) *is* that other security.
    2. A half is accepted as ``named`` only if its closes match ``named``'s reference figures
       (``references``: series, date, close, independent): at least one match with an
       independent figure and no mismatch, and every other half was shown to be something
       else (step 1, or it contradicts the references).
    3. Otherwise the file is left out (``use`` is None) and ``reason`` says why.
    """
    identities: list[str | None] = []
    labels: list[str] = []
    for half in halves:
        matches = []
        for other, frame in sorted(singles.items()):
            if other == named:
                continue
            common, equal = equal_on_common_dates(half, frame)
            if equal and common >= min_common:
                matches.append((other, common))
        if len(matches) == 1:
            identities.append(matches[0][0])
            labels.append(f"equals {matches[0][0]}.csv on all {matches[0][1]:,} common days")
        elif matches:
            identities.append("?")
            labels.append("equals several files: " + ", ".join(m[0] for m in matches))
        else:
            identities.append(None)
            labels.append("equals no other file in the folder")

    refs = references[references["series"] == named]
    checks = [check_references(half, refs, tolerance) for half in halves]
    for i, check in enumerate(checks):
        if identities[i] is None and len(refs):
            parts = []
            if check["independent_matches"]:
                parts.append(f"matches {check['independent_matches']} independent reference close(s)")
            if check["dependent_matches"]:
                parts.append(f"{check['dependent_matches']} non-independent one(s)")
            if check["mismatches"]:
                parts.append("contradicts " + "; ".join(check["mismatches"]))
            if parts:
                labels[i] += "; " + ", ".join(parts)

    def accepted(i: int) -> bool:
        c = checks[i]
        return identities[i] is None and c["independent_matches"] > 0 and not c["mismatches"]

    def ruled_out(j: int) -> bool:
        return identities[j] is not None or bool(checks[j]["mismatches"])

    candidates = [i for i in range(len(halves)) if accepted(i) and all(ruled_out(j) for j in range(len(halves)) if j != i)]
    if len(candidates) == 1:
        use = candidates[0]
        others = "; ".join(
            f"the {('first', 'second')[j]} half {'is ' + identities[j] if identities[j] else 'contradicts the reference closes'}"
            for j in range(len(halves)) if j != use
        )
        reason = f"The {('first', 'second')[use]} half is {named}: it matches {named}'s independent reference closes, and {others}."
        return HalfResolution(file, named, use, labels, reason)
    if refs.empty:
        reason = f"No reference closes for {named} in the reference table, so neither half can be accepted as {named}."
    elif not any(i is None for i in identities):
        reason = f"Both halves equal other files; neither is {named}."
    elif not any(c["independent_matches"] for c in checks):
        reason = f"No half matches an independent reference close for {named}."
    else:
        reason = f"The halves could not be told apart as {named} and another security."
    return HalfResolution(file, named, None, labels, reason)


def read_references(path: Path) -> pd.DataFrame:
    """The reference-close table (series, date, close, independent, source), checked."""
    header, rows = _read_csv_rows(Path(path))
    expected = ["series", "date", "close", "independent", "source"]
    if header != expected:
        raise MarketDataError(f"{path}: header {header}, expected {expected}")
    records = []
    for line, cells in enumerate(rows, start=2):
        if len(cells) != len(expected):
            raise MarketDataError(f"{path}, line {line}: {len(cells)} cells, the header has {len(expected)}")
        series, date, close, independent, source = cells
        if not _ISO_DATE.fullmatch(date):
            raise MarketDataError(f"{path}, line {line}, column 'date': {date!r} is not a date (YYYY-MM-DD)")
        _number_text(close, Path(path), line, "close")
        if close == "":
            raise MarketDataError(f"{path}, line {line}, column 'close': empty")
        if independent not in ("true", "false"):
            raise MarketDataError(f"{path}, line {line}, column 'independent': {independent!r} is not true or false")
        if not source.strip():
            raise MarketDataError(f"{path}, line {line}, column 'source': empty; say where the figure comes from")
        records.append({"series": series, "date": date, "close": float(close), "independent": independent == "true", "source": source})
    return pd.DataFrame.from_records(records, columns=expected)


# ---------------------------------------------------------------------------------------
# The preferred copy
# ---------------------------------------------------------------------------------------


def choose_preferred(copies: pd.DataFrame) -> pd.Series:
    """One ``True`` per series: the copy the book uses.

    ``copies`` has columns ``series, copy, price_basis, excerpt, rows, first_date``. The
    order: a copy not adjusted for dividends before an adjusted one; then the one with more
    rows (the longest history); then a whole file before an excerpt; then the earlier first
    date; then the copy name, so the choice never depends on row order.
    """
    ranked = copies.assign(
        _adjusted=(copies["price_basis"] == DIVIDEND_ADJUSTED).astype(int),
        _rows=-copies["rows"].astype(int),
        _excerpt=copies["excerpt"].map(_truthy).astype(int),
        _first=pd.to_datetime(copies["first_date"]),
    ).sort_values(["series", "_adjusted", "_rows", "_excerpt", "_first", "copy"], kind="stable")
    best = set(ranked.groupby("series", sort=False).head(1).index)
    return pd.Series([i in best for i in copies.index], index=copies.index)


def iso(value) -> str:
    """A date as ``YYYY-MM-DD`` (accepts date, Timestamp or ISO text)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date().isoformat()
    return value.isoformat()
