"""Market data: loaders, defect rules, clean closes, copy agreement, two-securities files, the curation script."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import math
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from deepseek_factcheck.market import prices as md
from deepseek_factcheck.core.tables import TableError

from .conftest import ROOT

RAW = ROOT.parent / "shared" / "sources" / "market"


def _rewrite(path: Path, change) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.fixture(scope="module")
def series_table():
    return md.load_series(ROOT / "data")


@pytest.fixture(scope="module")
def prices(series_table):
    return md.load_prices(ROOT / "data", series_table)


@pytest.fixture(scope="module")
def flagged(prices, series_table):
    return md.flag_defects(prices, series_table)


# -- synthetic tables ---------------------------------------------------------------------


def _catalogue(*rows) -> pd.DataFrame:
    """series, copy, kind, unit, price_basis (preferred: first copy of each series)."""
    frame = pd.DataFrame(rows, columns=["series", "copy", "kind", "unit", "price_basis"])
    frame["preferred"] = ~frame.duplicated("series")
    return frame


def _prices(rows) -> pd.DataFrame:
    """rows of (series, copy, date, open, high, low, close, volume); None for missing."""
    frame = pd.DataFrame(rows, columns=list(md.PRICE_COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"])
    for column in ("open", "high", "low", "close"):
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    frame["volume"] = pd.array(frame["volume"], dtype="Int64")
    return frame


CATALOGUE = _catalogue(
    ("AAA", "X", "stock", "USD", "actual"),
    ("AAA", "Y", "stock", "USD", "dividend-adjusted"),
    ("EUR1", "X", "stock", "EUR", "actual"),
    ("IDX", "Z", "index", "index points", "actual"),
    ("VOL", "Z", "volatility", "index points", "actual"),
)


def _defects(frame: pd.DataFrame) -> dict[tuple, str]:
    return {(r.series, r.copy, r.date.date().isoformat()): r.defect for r in frame.itertuples()}


def test_placeholder_needs_zero_volume_flat_bar_and_the_previous_close():
    frame = _prices([
        ("EUR1", "X", "2025-01-06", 52.5, 54.8, 52.2, 54.52, 3_428_974),
        ("EUR1", "X", "2025-01-07", 54.7, 55.2, 52.4, 53.70, 2_723_128),
        ("EUR1", "X", "2025-01-08", 53.70, 53.70, 53.70, 53.70, 0),  # filled forward: a placeholder
        ("EUR1", "X", "2025-01-09", 50.6, 52.7, 50.4, 51.90, 1_963_317),
        ("EUR1", "X", "2025-01-10", 51.90, 51.90, 51.90, 51.90, 150),  # unchanged close WITH volume: real
        ("EUR1", "X", "2025-01-13", 51.90, 52.0, 51.0, 51.90, 0),  # zero volume but a real range: not flat
        ("EUR1", "X", "2025-01-14", 49.0, 49.0, 49.0, 49.0, 0),  # flat, zero volume, but a new price
        ("IDX", "Z", "2025-01-08", 5029.6, 5073.1, 5018.9, 5061.3, 0),  # index: volume always 0
        ("IDX", "Z", "2025-01-09", 5061.3, 5070.0, 5000.0, 5010.0, 0),
        ("AAA", "X", "2025-01-06", 10, 11, 9, 10, 100),
        ("AAA", "X", "2025-01-07", 10, 11, 9, 10, 100),
        ("AAA", "X", "2025-01-08", 10, 11, 9, 10, 100),
        ("AAA", "X", "2025-01-09", 10, 11, 9, 10, 100),
        ("AAA", "X", "2025-01-10", 10, 11, 9, 10, 100),
        ("AAA", "X", "2025-01-13", 10, 11, 9, 10, 100),
        ("AAA", "X", "2025-01-14", 10, 11, 9, 10, 100),
    ])
    found = _defects(md.flag_defects(frame, CATALOGUE))
    placeholders = sorted(k for k, v in found.items() if md.PLACEHOLDER in v.split(";"))
    assert placeholders == [("EUR1", "X", "2025-01-08")]
    assert found[("EUR1", "X", "2025-01-10")] == ""
    assert found[("IDX", "Z", "2025-01-08")] == "" and found[("IDX", "Z", "2025-01-09")] == ""


def test_placeholders_in_a_row_chain_on_the_previous_row():
    frame = _prices([
        ("EUR1", "X", "2025-01-16", 50.8, 52.4, 49.6, 50.34, 3_798_954),
        ("EUR1", "X", "2025-01-17", 50.34, 50.34, 50.34, 50.34, 0),
        ("EUR1", "X", "2025-01-20", 50.34, 50.34, 50.34, 50.34, 0),
        ("EUR1", "X", "2025-01-21", 50.34, 50.34, 50.34, 50.34, 0),
        ("EUR1", "X", "2025-01-22", 53.4, 56.9, 53.2, 55.14, 7_283_392),
    ])
    found = _defects(md.flag_defects(frame, CATALOGUE))
    assert [d for (_, _, d), v in sorted(found.items()) if v == md.PLACEHOLDER] == ["2025-01-17", "2025-01-20", "2025-01-21"]


def test_no_trading_day_is_a_date_without_any_us_stock_row():
    frame = _prices([
        ("AAA", "X", "2025-01-08", 10, 11, 9, 10, 100),
        ("AAA", "X", "2025-01-10", 10, 11, 9, 10.5, 100),
        ("VOL", "Z", "2025-01-08", 17.9, 19.5, 17.4, 17.7, None),
        ("VOL", "Z", "2025-01-09", 18.5, 18.5, 17.9, 18.07, None),  # stocks closed: flagged
        ("VOL", "Z", "2025-01-10", 18.0, 20.0, 17.0, 19.5, None),
        ("EUR1", "X", "2025-01-09", 50.6, 52.7, 50.4, 51.9, 1_963_317),  # Xetra was open: exempt
    ])
    found = _defects(md.flag_defects(frame, CATALOGUE))
    assert found[("VOL", "Z", "2025-01-09")] == md.NO_TRADING_DAY
    assert found[("VOL", "Z", "2025-01-08")] == "" and found[("EUR1", "X", "2025-01-09")] == ""


def test_dividend_adjusted_and_inconsistent_bars_are_flagged_and_combined():
    frame = _prices([
        ("AAA", "X", "2025-01-08", 10, 11, 9, 10, 100),
        ("AAA", "X", "2025-01-09", 10, 9.5, 9, 10, 100),  # high below the open and close
        ("AAA", "X", "2025-01-10", 10, 11, 10.5, 10.2, 100),  # low above the close
        ("AAA", "Y", "2025-01-08", 9.9, 10.9, 8.9, 9.9, 100),
        ("AAA", "Y", "2025-01-11", 9.9, 10.9, 8.9, 9.9, 100),  # a Saturday: no stock row but its own
    ])
    found = _defects(md.flag_defects(frame, CATALOGUE))
    assert found[("AAA", "X", "2025-01-08")] == ""
    assert found[("AAA", "X", "2025-01-09")] == md.OHLC_INCONSISTENT
    assert found[("AAA", "X", "2025-01-10")] == md.OHLC_INCONSISTENT
    assert found[("AAA", "Y", "2025-01-08")] == md.DIVIDEND_ADJUSTED
    # the Y copy is itself a US stock, so its own row makes 2025-01-11 a session: only adjusted
    assert found[("AAA", "Y", "2025-01-11")] == md.DIVIDEND_ADJUSTED


def test_daily_closes_remove_placeholders_without_filling_them():
    frame = _prices([
        ("EUR1", "X", "2025-01-22", 53.4, 56.9, 53.2, 55.14, 7_283_392),
        ("EUR1", "X", "2025-01-23", 55.5, 58.8, 55.38, 58.80, 4_710_777),
        ("EUR1", "X", "2025-01-24", 58.80, 58.80, 58.80, 58.80, 0),
        ("EUR1", "X", "2025-01-27", 50.6, 52.34, 46.88, 48.32, 16_208_873),
    ])
    closes = md.daily_closes(frame, "EUR1", series_table=CATALOGUE)
    assert [d.day for d in closes.index] == [22, 23, 27]
    assert closes.attrs["dropped"][md.PLACEHOLDER] == ["2025-01-24"]
    before = md.previous_close(closes, "2025-01-27")
    assert before == md.Close(pd.Timestamp("2025-01-23"), 58.80)
    with pytest.raises(md.MarketDataError, match="no clean close on 2025-01-24"):
        md.close_on(closes, "2025-01-24")
    everything = md.daily_closes(frame, "EUR1", series_table=CATALOGUE, drop=())
    assert len(everything) == 4


def test_previous_close_refuses_to_bridge_a_gap():
    frame = _prices([
        ("AAA", "X", "2022-02-03", 10, 11, 9, 10, 100),
        ("AAA", "X", "2024-06-03", 10, 11, 9, 12, 100),
    ])
    closes = md.daily_closes(frame, "AAA", series_table=CATALOGUE)
    with pytest.raises(md.MarketDataError, match="the last close before 2024-06-03 is 2022-02-03"):
        md.previous_close(closes, "2024-06-03")
    with pytest.raises(md.MarketDataError, match="no close before 2022-02-03"):
        md.previous_close(closes, "2022-02-03")


def test_copy_agreement_tells_identical_adjusted_and_different_copies_apart():
    days = pd.bdate_range("2025-01-06", periods=8)
    base = [100, 102, 101, 99, 104, 103, 105, 107]
    rows = []
    for d, c in zip(days, base):
        rows.append(("AAA", "X", d, None, None, None, c, None))
        rows.append(("AAA", "Y", d, None, None, None, c * 0.99, None))  # adjusted: level off by 1%
        rows.append(("BBB", "X", d, None, None, None, c, None))
        rows.append(("BBB", "Z", d, None, None, None, c + (1e-12 if c % 2 else 0), None))  # float noise only
    rows.append(("CCC", "X", days[0], None, None, None, 50, None))
    rows.append(("CCC", "X", days[1], None, None, None, 51, None))
    rows.append(("CCC", "Z", days[0], None, None, None, 50, None))
    rows.append(("CCC", "Z", days[1], None, None, None, 52, None))  # one day 2% off
    rows.append(("DDD", "X", days[0], None, None, None, 1, None))  # a single copy: not compared
    table = md.copy_agreement(_prices(rows)).set_index(["series", "copy_a", "copy_b"])
    assert list(table.index) == [("AAA", "X", "Y"), ("BBB", "X", "Z"), ("CCC", "X", "Z")]
    assert table.loc[("AAA", "X", "Y"), "verdict"] == "same returns, different levels"
    assert table.loc[("AAA", "X", "Y"), "common_days"] == 8
    assert table.loc[("AAA", "X", "Y"), "max_abs_diff_pct"] == pytest.approx(1 / 0.99, rel=1e-9)
    assert table.loc[("AAA", "X", "Y"), "max_return_diff_pp"] < 1e-9
    assert table.loc[("BBB", "X", "Z"), "verdict"] == "identical"
    assert table.loc[("CCC", "X", "Z"), "verdict"] == "differ"
    assert table.loc[("CCC", "X", "Z"), "max_return_diff_pp"] == pytest.approx(2.0)


def test_returns_are_compared_only_across_the_same_previous_day():
    days = pd.bdate_range("2025-01-06", periods=4)
    rows = [("AAA", "X", d, None, None, None, c, None) for d, c in zip(days, [100, 110, 121, 133.1])]
    # copy Y misses the second day, so its change on day 3 spans two days: not comparable
    rows += [("AAA", "Y", d, None, None, None, c, None) for d, c in zip([days[0], days[2], days[3]], [100, 121, 133.1])]
    table = md.copy_agreement(_prices(rows))
    assert table.loc[0, "verdict"] == "identical" and table.loc[0, "max_return_diff_pp"] == pytest.approx(0.0)


def test_choose_preferred_puts_actual_before_adjusted_then_longest_history():
    copies = pd.DataFrame({
        "series": ["A", "A", "A", "B", "B"],
        "copy": ["HZ", "MC", "GA", "CBOE", "FRED"],
        "price_basis": ["dividend-adjusted", "actual", "actual", "actual", "actual"],
        "excerpt": ["true", "true", "false", "false", "false"],
        "rows": [300, 10, 186, 193, 193],
        "first_date": ["2024-01-01", "2025-01-17", "2024-06-03", "2024-06-03", "2024-06-03"],
    })
    assert list(md.choose_preferred(copies)) == [False, False, True, True, False]


# -- two-securities files -------------------------------------------------------------------


def _frame(dates, closes, shift=0.0, volume=1000):
    return pd.DataFrame({
        "date": dates,
        "open": [f"{c - 1 + shift}" for c in closes],
        "high": [f"{c + 1 + shift}" for c in closes],
        "low": [f"{c - 2 + shift}" for c in closes],
        "close": [f"{c + shift}" for c in closes],
        "adj_close": [f"{c * 0.98 + shift}" for c in closes],
        "volume": [str(volume)] * len(closes),
    })


DATES = [d.date().isoformat() for d in pd.bdate_range("2024-12-02", periods=40)]
NAMED = _frame(DATES, [200 + i for i in range(40)])  # the security the file is named after
OTHER = _frame(DATES, [150 + 0.5 * i for i in range(40)], volume=777)  # also a single file in the folder
SINGLES = {"OTHER": OTHER, "THIRD": _frame(DATES, [30 + i for i in range(40)])}
REFS = pd.DataFrame([
    {"series": "NAMED", "date": DATES[5], "close": 205.0, "independent": True, "source": "test"},
    {"series": "NAMED", "date": DATES[6], "close": 206.0, "independent": True, "source": "test"},
])


def test_half_equal_to_another_file_is_that_file_and_the_other_half_is_accepted_by_reference():
    resolution = md.resolve_two_security_file("NAMED.csv", "NAMED", [NAMED, OTHER.copy()], SINGLES, REFS)
    assert resolution.use == 0
    assert "equals OTHER.csv on all 40 common days" in resolution.identities[1]
    assert "matches 2 independent reference close(s)" in resolution.identities[0]
    swapped = md.resolve_two_security_file("NAMED.csv", "NAMED", [OTHER.copy(), NAMED], SINGLES, REFS)
    assert swapped.use == 1 and "second half as NAMED" in swapped.describe()


def test_without_an_independent_reference_the_file_is_left_out():
    no_refs = md.resolve_two_security_file("NAMED.csv", "NAMED", [NAMED, OTHER], SINGLES, REFS.iloc[0:0])
    assert no_refs.use is None and "No reference closes for NAMED" in no_refs.reason
    dependent = REFS.assign(independent=False)
    circular = md.resolve_two_security_file("NAMED.csv", "NAMED", [NAMED, OTHER], SINGLES, dependent)
    assert circular.use is None and "No half matches an independent reference close" in circular.reason


def test_a_reference_mismatch_or_two_unknown_halves_leave_the_file_out():
    wrong = REFS.assign(close=[205.0, 216.0])  # the second figure contradicts the half
    assert md.resolve_two_security_file("NAMED.csv", "NAMED", [NAMED, OTHER], SINGLES, wrong).use is None
    twin = md.resolve_two_security_file("NAMED.csv", "NAMED", [NAMED, NAMED.copy()], SINGLES, REFS)
    assert twin.use is None and "could not be told apart" in twin.reason  # both halves match
    both_known = md.resolve_two_security_file("NAMED.csv", "NAMED", [SINGLES["THIRD"], OTHER], SINGLES, REFS)
    assert both_known.use is None and "Both halves equal other files" in both_known.reason


def test_a_half_contradicting_the_references_is_ruled_out_even_if_it_equals_no_file():
    stranger = _frame(DATES, [90 + i for i in range(40)])  # equals no file in the folder
    resolution = md.resolve_two_security_file("NAMED.csv", "NAMED", [stranger, NAMED], SINGLES, REFS)
    assert resolution.use == 1
    assert "contradicts" in resolution.identities[0] and "first half contradicts the reference closes" in resolution.reason


def test_a_half_equal_on_too_few_days_or_one_differing_field_is_not_the_other_file():
    short_singles = {"OTHER": OTHER.iloc[:5]}
    resolution = md.resolve_two_security_file("NAMED.csv", "NAMED", [NAMED, OTHER], short_singles, REFS)
    assert resolution.identities[1].startswith("equals no other file in the folder")
    changed = OTHER.copy()
    changed.loc[17, "volume"] = "778"
    assert md.equal_on_common_dates(OTHER, changed) == (40, False)
    assert md.equal_on_common_dates(OTHER, OTHER.iloc[::-1]) == (40, True)


def test_two_security_file_is_split_into_its_halves(tmp_path):
    path = tmp_path / "AAPL.csv"
    path.write_text(
        "Date,Symbol,Open,Open,High,High,Low,Low,Close,Close,Adj Close,Adj Close,Volume,Volume\n"
        "2025-01-24,AAPL,224.77,199.85,225.63,202.57,221.41,199.78,222.78,201.90,221.57,200.97,54697900,24970200\n"
    )
    named, (first, second) = md.read_two_security_file(path)
    assert named == "AAPL"
    assert first.loc[0, "close"] == "222.78" and second.loc[0, "close"] == "201.90"
    assert first.loc[0, "volume"] == "54697900" and second.loc[0, "adj_close"] == "200.97"


# -- raw readers ---------------------------------------------------------------------------


def test_raw_reader_keeps_the_source_text_drops_blank_fred_days_and_names_bad_cells(tmp_path):
    fred = tmp_path / "SP500.csv"
    fred.write_text("observation_date,SP500\n2025-01-17,5996.66\n2025-01-20,\n2025-01-21,6049.24\n")
    frame = md.read_raw(fred, "fred")
    assert list(frame["date"]) == ["2025-01-17", "2025-01-21"] and frame.loc[0, "close"] == "5996.66"
    bad = tmp_path / "bad.csv"
    bad.write_text("DATE,OPEN,HIGH,LOW,CLOSE\n2025-01-09,18.5,18.5,17.9,n/a\n")
    with pytest.raises(md.MarketDataError, match=r"bad\.csv, line 2, column 'CLOSE': 'n/a' is not a number"):
        md.read_raw(bad, "cboe")
    bad.write_text("Date,Price\n09/01/2025,78.44\n")
    with pytest.raises(md.MarketDataError, match=r"line 2, column 'Date': '09/01/2025' is not a date"):
        md.read_raw(bad, "eia")
    with pytest.raises(md.MarketDataError, match="must have exactly one column 'Date'"):
        md.read_raw(fred, "yahoo")
    assert md.volume_text("3428974.0") == "3428974" and md.volume_text("") == ""
    with pytest.raises(md.MarketDataError):
        md.volume_text("12.5")


def test_reference_table_says_where_each_figure_comes_from():
    references = md.read_references(ROOT / "scripts" / "market_reference_closes.csv")
    assert set(references["series"]) == {"AAPL", "ASML"}
    assert references["source"].str.len().min() > 40
    assert references.groupby("series")["independent"].any().all()
    # the research note's ASML figures came from the very file being resolved: not independent
    circular = references[references["source"].str.contains("research/market-data.md section 1 \\(ASML")]
    assert len(circular) == 2 and not circular["independent"].any()


# -- the curated tables ---------------------------------------------------------------------

GROUPS = {
    "chips": "NVDA AVGO AMD MRVL ARM QCOM INTC MU TSM TXN ADI MCHP MPWR SMCI",
    "chip-equipment": "ASML AMAT LRCX KLAC CDNS SNPS",
    "power": "CEG VST ENR.DE XEL EXC",
    "platforms": "MSFT META GOOGL GOOG AMZN AAPL ORCL TSLA PLTR",
    "indices": "SPX IXIC NDX DJI SOX",
    "rates-oil": "US10Y US2Y BRENT WTI VIX",
}


def test_series_table_has_every_series_in_its_group_with_one_preferred_copy(series_table):
    assert list(series_table.columns) == [
        "series", "copy", "name", "group", "kind", "unit", "preferred", "vendor", "price_basis",
        "repository", "path", "commit", "excerpt", "first_date", "last_date", "caveats",
    ]
    found = series_table.groupby("group")["series"].agg(lambda s: set(s)).to_dict()
    assert found == {g: set(s.split()) for g, s in GROUPS.items()}
    assert (series_table.groupby("series")["preferred"].sum() == 1).all()
    preferred = series_table[series_table["preferred"]].set_index("series")["copy"]
    assert preferred["NVDA"] == "GA" and preferred["VIX"] == "CBOE" and preferred["VST"] == "HZ"
    assert not series_table.loc[series_table["copy"] == "HZ", "price_basis"].ne("dividend-adjusted").any()


def test_prices_hold_the_window_and_the_record_loss_days(prices):
    ga = prices[prices["copy"] == "GA"]
    for series, days in {"NVDA": ("2024-08-30", "2024-09-03"), "META": ("2022-02-02", "2022-02-03"), "AAPL": ("2020-09-02", "2020-09-03")}.items():
        have = set(ga.loc[ga["series"] == series, "date"].dt.date.astype(str))
        assert set(days) <= have, series
    assert prices["date"].min() == pd.Timestamp("2020-09-02") and prices["date"].max() == pd.Timestamp("2025-02-28")
    window = prices[~prices["date"].dt.year.isin([2020, 2022])]
    assert window["date"].min() == pd.Timestamp("2024-06-03")
    nvda = ga[(ga["series"] == "NVDA") & (ga["date"] == "2025-01-27")].iloc[0]
    assert nvda["close"] == pytest.approx(118.42, abs=1e-5) and nvda["volume"] == 818_830_900
    meta = ga[(ga["series"] == "META") & (ga["date"] == "2022-02-03")].iloc[0]
    assert meta["close"] == pytest.approx(237.76, abs=1e-5)
    aapl = ga[(ga["series"] == "AAPL") & (ga["date"].isin(pd.to_datetime(["2025-01-24", "2025-01-27"])))]["close"]
    assert list(aapl.round(2)) == [222.78, 229.86]
    spx = prices[(prices["series"] == "SPX")]
    assert pd.Timestamp("2025-01-20") not in set(spx["date"]) and spx["close"].gt(0).all()


def test_defects_found_in_the_curated_data(flagged):
    counts = md.defect_counts(flagged).set_index(["series", "copy"])
    with_defects = counts[counts[list(md.DEFECTS)].sum(axis=1) > 0]
    assert set(with_defects.index) == {
        ("ENR.DE", "MC"), ("NVDA", "HZ"), ("VST", "HZ"), ("VIX", "CBOE"), ("VIX", "FRED"),
        ("BRENT", "EIA"), ("US10Y", "FRED"), ("US2Y", "FRED"),
    }
    enr = flagged[(flagged["series"] == "ENR.DE") & md.has_defect(flagged, md.PLACEHOLDER)]
    assert sorted(enr["date"].dt.strftime("%m-%d")) == ["01-08", "01-17", "01-20", "01-21", "01-24", "02-10", "02-18", "02-21", "02-26"]
    holiday = flagged[flagged["date"] == "2025-01-09"].set_index(["series", "copy"])["defect"]
    assert holiday[("VIX", "CBOE")] == md.NO_TRADING_DAY and holiday[("BRENT", "EIA")] == md.NO_TRADING_DAY
    assert ("ENR.DE", "MC") in holiday.index and holiday[("ENR.DE", "MC")] == ""  # Xetra was open
    assert counts.loc[("SOX", "ZA"), list(md.DEFECTS)].sum() == 0  # volume 0 on an index is fine
    assert counts[md.OHLC_INCONSISTENT].sum() == 0


def test_clean_closes_for_the_siemens_energy_drop(prices, series_table):
    closes = md.daily_closes(prices, "ENR.DE", series_table=series_table)
    assert pd.Timestamp("2025-01-24") not in closes.index
    before = md.previous_close(closes, "2025-01-27")
    after = md.close_on(closes, "2025-01-27")
    assert before.date == pd.Timestamp("2025-01-23") and after.value / before.value - 1 == pytest.approx(-0.178, abs=5e-4)
    vix = md.daily_closes(prices, "VIX", series_table=series_table)
    assert vix.attrs["copy"] == "CBOE" and pd.Timestamp("2025-01-09") not in vix.index


def test_copy_agreement_on_the_curated_data(flagged):
    table = md.copy_agreement(flagged).set_index(["series", "copy_a", "copy_b"])
    assert table.loc[("NVDA", "GA", "MC"), "verdict"] == "identical"
    assert table.loc[("NVDA", "GA", "HZ"), "verdict"] == "same returns, different levels"
    assert table.loc[("VIX", "CBOE", "FRED"), "verdict"] == "identical"
    assert (table["verdict"] != "differ").all()
    assert not math.isnan(table.loc[("MU", "GA", "MC"), "max_return_diff_pp"])


# -- the loaders refuse bad rows, naming file, row and column ------------------------------


def test_prices_loader_names_file_row_and_column(book_copy):
    path = book_copy / "data" / "market_prices.csv"
    _rewrite(path, lambda rows: rows[5].__setitem__(2, "27/01/2025"))
    with pytest.raises(TableError, match=r"data/market_prices\.csv, row 5 \(line 6\), column 'date': '27/01/2025' is not a date"):
        md.load_prices(book_copy / "data")


def test_prices_loader_refuses_repeats_and_undescribed_copies(book_copy):
    path = book_copy / "data" / "market_prices.csv"

    def damage(rows):
        rows[3] = list(rows[2])  # repeat row 2
        rows[7][1] = "SK"  # a copy the series table does not describe for this series
    _rewrite(path, damage)
    with pytest.raises(TableError) as error:
        md.load_prices(book_copy / "data")
    message = str(error.value)
    assert "row 3 (line 4), column 'date'" in message and "repeats row 2" in message
    assert "row 7 (line 8), column 'copy'" in message and "is not described in market_series.csv" in message


def test_series_loader_names_bad_enum_and_a_second_preferred_copy(book_copy):
    path = book_copy / "data" / "market_series.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    header = rows[0]
    nvda = [i for i, r in enumerate(rows) if r[:2] == ["NVDA", "MC"]][0]

    def damage(rows):
        rows[1][header.index("group")] = "semis"
        rows[nvda][header.index("preferred")] = "true"
    _rewrite(path, damage)
    with pytest.raises(TableError, match=r"data/market_series\.csv, row 1 \(line 2\), column 'group': 'semis' is not one of"):
        md.load_series(book_copy / "data")
    _rewrite(path, lambda rows: rows[1].__setitem__(header.index("group"), "chips"))
    with pytest.raises(TableError, match=r"column 'preferred': series NVDA has 2 preferred copies"):
        md.load_series(book_copy / "data")


# -- the curation script --------------------------------------------------------------------


def _script():
    spec = importlib.util.spec_from_file_location("curate_market", ROOT / "scripts" / "curate_market.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_script_refuses_a_missing_folder_or_file(tmp_path, capsys):
    script = _script()
    with pytest.raises(SystemExit) as stop:
        script.main([str(tmp_path / "nowhere"), "--out", str(tmp_path)])
    assert stop.value.code == 2 and "does not exist" in capsys.readouterr().err
    (tmp_path / "raw").mkdir()
    with pytest.raises(SystemExit):
        script.main([str(tmp_path / "raw"), "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert "raw file(s) missing" in err and "growwanalysis-nasdaq100/NVDA.csv" in err


@pytest.mark.skipif(not RAW.is_dir(), reason="the raw market files (../shared/sources/market) are not beside the repository")
def test_script_reproduces_the_committed_tables_byte_for_byte(tmp_path, capsys):
    shutil.copy(ROOT / "data" / "datapackage.json", tmp_path / "datapackage.json")
    assert _script().main([str(RAW), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "validated the three tables" in out and "AAPL.csv: uses the first half as AAPL" in out
    for name in ("market_series.csv", "market_prices.csv", "market_dividends.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


# -- dividends from the adjusted close ----------------------------------------------------


def test_dividends_are_read_from_the_step_in_the_adjusted_to_actual_ratio():
    # a 1.00 dividend going ex on the 3rd, after a close of 50.00 on the 2nd: every earlier
    # adjusted close is scaled by 1 - 1/50 = 0.98; a later split would scale both columns alike
    frame = pd.DataFrame({
        "date": ["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-06"],
        "close": ["48.00", "50.00", "49.50", "51.00"],
        "adj_close": ["47.04", "49.00", "49.50", "51.00"],
    })
    assert md.dividends_from_adjusted(frame) == [{"ex_date": "2025-01-03", "dividend": "1.0000"}]
    noisy = frame.assign(adj_close=["48.0000001", "50.0", "49.5", "51.0"])  # float noise is no dividend
    assert md.dividends_from_adjusted(noisy) == []
    assert md.dividends_from_adjusted(frame.assign(adj_close="")) == []


def test_the_curated_dividends_hold_the_ex_dates_in_the_window():
    dividends = md.load_dividends()
    txn = dividends[(dividends["series"] == "TXN") & (dividends["ex_date"] == dt.date(2025, 1, 31))]
    assert len(txn) == 1 and txn["dividend"].iloc[0] == pytest.approx(1.36)
    assert (dividends["copy"] == "GA").all() and (dividends["dividend"] > 0).all()
    assert list(dividends.loc[dividends["series"] == "NVDA", "dividend"]) == pytest.approx([0.01] * 3)  # a cent a quarter
    assert not dividends["series"].isin(["AMD", "AMZN", "TSLA", "PLTR"]).any()  # they pay none
    assert dividends["ex_date"].between(dt.date(2024, 6, 3), dt.date(2025, 2, 28)).all()
