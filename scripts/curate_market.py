#!/usr/bin/env python3
"""Derive data/market_series.csv, data/market_prices.csv and data/market_dividends.csv from the raw market files.

    .venv/bin/python scripts/curate_market.py RAW_FOLDER [--out data/]

RAW_FOLDER is the folder of raw files described in its SOURCES.md (on the project machine
/work/shared/sources/market). The raw files are not in this repository; anyone who has
them can redo the tables with this script. Only the original files are read, never the
folder's derived/ table.

What it does, in order (the rules themselves live in deepseek_factcheck.market.prices):

1. checks that every file it needs is there, and refuses to go on otherwise;
2. reads the growwanalysis files whose 14 columns hold two securities and decides, by
   code, which half is the named security: a half equal to another file in the folder is
   that other security; the remaining half is accepted only if it matches independent
   reference closes (scripts/market_reference_closes.csv). A file it cannot resolve is
   left out and reported;
3. reads every copy, keeps 2024-06-03 to 2025-02-28 (excerpts have what they have) plus
   the record-loss days of NVDA, META and AAPL, and keeps the source's values as written;
4. reads the ex-dividend dates and cash dividends of the whole Yahoo files (GA) from the
   step in the ratio of their adjusted to their actual close (prices.dividends_from_adjusted);
5. writes the three tables, picks one preferred copy per series, validates the tables
   against data/datapackage.json, and prints defects per series and how the copies agree.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from deepseek_factcheck.market import prices as md

HERE = Path(__file__).resolve().parent
REFERENCES = HERE / "market_reference_closes.csv"
WINDOW = ("2024-06-03", "2025-02-28")
# the trading day before and the day of earlier record one-day losses (GA copy only)
EXTRA_DATES = {
    ("NVDA", "GA"): ("2024-08-30", "2024-09-03"),
    ("META", "GA"): ("2022-02-02", "2022-02-03"),
    ("AAPL", "GA"): ("2020-09-02", "2020-09-03"),
}
GROUP_ORDER = ("chips", "chip-equipment", "power", "platforms", "indices", "rates-oil")

# series id -> (name, group, kind, unit)
SERIES = {
    "NVDA": ("Nvidia", "chips", "stock", "USD"),
    "AVGO": ("Broadcom", "chips", "stock", "USD"),
    "AMD": ("AMD (Advanced Micro Devices)", "chips", "stock", "USD"),
    "MRVL": ("Marvell Technology", "chips", "stock", "USD"),
    "ARM": ("Arm Holdings (ADS, Nasdaq)", "chips", "stock", "USD"),
    "QCOM": ("Qualcomm", "chips", "stock", "USD"),
    "INTC": ("Intel", "chips", "stock", "USD"),
    "MU": ("Micron Technology", "chips", "stock", "USD"),
    "TSM": ("TSMC (ADR, NYSE)", "chips", "stock", "USD"),
    "TXN": ("Texas Instruments", "chips", "stock", "USD"),
    "ADI": ("Analog Devices", "chips", "stock", "USD"),
    "MCHP": ("Microchip Technology", "chips", "stock", "USD"),
    "MPWR": ("Monolithic Power Systems", "chips", "stock", "USD"),
    "SMCI": ("Super Micro Computer", "chips", "stock", "USD"),
    "ASML": ("ASML (ADR, Nasdaq)", "chip-equipment", "stock", "USD"),
    "AMAT": ("Applied Materials", "chip-equipment", "stock", "USD"),
    "LRCX": ("Lam Research", "chip-equipment", "stock", "USD"),
    "KLAC": ("KLA", "chip-equipment", "stock", "USD"),
    "CDNS": ("Cadence Design Systems", "chip-equipment", "stock", "USD"),
    "SNPS": ("Synopsys", "chip-equipment", "stock", "USD"),
    "CEG": ("Constellation Energy", "power", "stock", "USD"),
    "VST": ("Vistra", "power", "stock", "USD"),
    "ENR.DE": ("Siemens Energy (Xetra, EUR)", "power", "stock", "EUR"),
    "XEL": ("Xcel Energy", "power", "stock", "USD"),
    "EXC": ("Exelon", "power", "stock", "USD"),
    "MSFT": ("Microsoft", "platforms", "stock", "USD"),
    "META": ("Meta Platforms", "platforms", "stock", "USD"),
    "GOOGL": ("Alphabet (class A)", "platforms", "stock", "USD"),
    "GOOG": ("Alphabet (class C)", "platforms", "stock", "USD"),
    "AMZN": ("Amazon", "platforms", "stock", "USD"),
    "AAPL": ("Apple", "platforms", "stock", "USD"),
    "ORCL": ("Oracle", "platforms", "stock", "USD"),
    "TSLA": ("Tesla", "platforms", "stock", "USD"),
    "PLTR": ("Palantir Technologies", "platforms", "stock", "USD"),
    "SPX": ("S&P 500", "indices", "index", "index points"),
    "IXIC": ("Nasdaq Composite", "indices", "index", "index points"),
    "NDX": ("Nasdaq-100", "indices", "index", "index points"),
    "DJI": ("Dow Jones Industrial Average", "indices", "index", "index points"),
    "SOX": ("PHLX Semiconductor index", "indices", "index", "index points"),
    "VIX": ("Cboe Volatility Index (VIX)", "rates-oil", "volatility", "index points"),
    "US10Y": ("US 10-year Treasury yield (constant maturity)", "rates-oil", "rate", "percent"),
    "US2Y": ("US 2-year Treasury yield (constant maturity)", "rates-oil", "rate", "percent"),
    "BRENT": ("Brent crude, EIA spot (not futures)", "rates-oil", "commodity", "USD/bbl"),
    "WTI": ("WTI crude, EIA Cushing spot (not futures)", "rates-oil", "commodity", "USD/bbl"),
}

YAHOO = "Yahoo Finance (yfinance); not an independent vendor from the other Yahoo copies"


@dataclass(frozen=True)
class Source:
    repository: str
    folder: str  # in RAW_FOLDER
    commit: str  # a commit at which the files have exactly the content read
    excerpt: bool


SOURCES = {
    "GA": Source("growwanalysis/nasdaq100", "growwanalysis-nasdaq100", "af63fde007231dd5e26c73c131f7a05569d37cd7", False),
    "MC": Source("magiccpp/price_data", "magiccpp-price_data-excerpt", "03475c9f79d94282809e77ec981c5eced06c5fb7", True),
    "HZ": Source("KhiryMcCurn/Horizon-backtester-data", "KhiryMcCurn-Horizon-backtester-data-excerpt", "01ad557679686ef9443d065b30e123e78ab70900", True),
    "IB": Source("heliar-k/market-base", "heliar-k-market-base-excerpt", "084f7682506239a1a6fb0248eedb5f7e4f63e943", True),
    "FRED": Source("XinyuLiu2403/acc102-macro-dashboard", "XinyuLiu2403-acc102-macro-dashboard", "07b5c10bd01e67290e775ff441ff3c688e63e528", False),
    "CBOE": Source("datasets/finance-vix", "datasets-finance-vix", "6f56e2760520824b787cf6b85945c62186d38bc6", False),
    "EIA": Source("datasets/oil-prices", "datasets-oil-prices", "1b938b5bbf7df718b657448e73ea8938d6cea6c7", False),
    "SK": Source("sphynxkatt0-arch/cot-report", "sphynxkatt0-arch-cot-report-excerpt", "2780e04b2fde4316a55456eca498d6c1450e0f3f", True),
    "ZA": Source("zorahai81-bit/nikkei-app", "zorahai81-bit-nikkei-app-excerpt", "eb35994334b7642087afcf3bb29593a58ce369b5", True),
}
GA_SINGLE = (
    "NVDA AVGO AMD MU ARM MSFT META GOOGL GOOG AMZN TSLA CEG MRVL AMAT LRCX KLAC QCOM INTC TXN ADI "
    "MCHP MPWR CDNS SNPS PLTR XEL EXC"
).split()
GA_TWO_SECURITY = ("AAPL", "ASML")  # the book's series among the 14-column files
GA_COMMIT = {"AAPL": "b749f5d2d89038c5233b7b6db1456b48e50966c0"}  # last commit touching that file
GA_CAVEAT = "Close is the actual close (split-adjusted only); the file's Adj Close (dividend-adjusted) is not carried."
MC_CAVEAT = "Excerpt: the rows for Dec 2024 to Feb 2025 copied verbatim from the file. Close is unadjusted."
CROSSCHECK = "CROSSCHECK_2025-01-17_2025-01-31.csv"
CROSSCHECK_CAVEAT = (
    "Excerpt of 2025-01-17 to 2025-01-31, copied verbatim from the repository's {t}.csv into one cross-check "
    "file with an added Ticker column. A separate Yahoo download, not a separate vendor."
)
HZ_CAVEAT = (
    "The file has only an auto-adjusted close (dividend- and split-adjusted as of that commit), carried in close; "
    "levels sit slightly below the printed closes, day-on-day changes are right except across an ex-dividend date."
)


@dataclass(frozen=True)
class Copy:
    series: str
    copy: str
    file: str  # relative to the source's folder in RAW_FOLDER
    fmt: str
    path: str  # in the upstream repository
    vendor: str
    price_basis: str
    caveats: str
    where: tuple[str, str] | None = None
    commit: str | None = None


def catalogue() -> list[Copy]:
    copies = []
    for t in GA_SINGLE:
        extra = " Every NVDA price is split-adjusted for the 10:1 split of 10 June 2024." if t == "NVDA" else ""
        copies.append(Copy(t, "GA", f"{t}.csv", "yahoo", f"data/{t}.csv", YAHOO, "actual", GA_CAVEAT + extra))
    for t in ("NVDA", "AVGO", "AMD", "MU", "CEG"):
        copies.append(Copy(t, "MC", CROSSCHECK, "yahoo", f"{t}.csv", YAHOO, "actual", CROSSCHECK_CAVEAT.format(t=t), where=("Ticker", t)))
    copies += [
        Copy("ORCL", "MC", "ORCL.csv", "yahoo", "ORCL.csv", YAHOO, "actual", MC_CAVEAT + " Oracle went ex-dividend (0.40) on 2025-01-10."),
        Copy("SMCI", "MC", "SMCI.csv", "yahoo", "SMCI.csv", YAHOO, "actual", MC_CAVEAT),
        Copy(
            "ENR.DE", "MC", "ENR.DE.csv", "yahoo", "ENR.DE.csv", YAHOO, "actual",
            MC_CAVEAT + " Prices in EUR on Xetra. Some rows are zero-volume placeholders with open = high = low = close = the previous "
            "close (flagged placeholder by flag_defects): the 24 Jan 2025 value of 58.80 is the 23 Jan close carried forward, "
            "not a 24 Jan close.",
            commit="38648fd664574ab2fbefd07d201ab9532fee2001",
        ),
        Copy("NVDA", "HZ", "NVDA.csv", "horizon", "data/NVDA.csv", YAHOO, "dividend-adjusted", HZ_CAVEAT),
        Copy("VST", "HZ", "VST.csv", "horizon", "data/VST.csv", YAHOO, "dividend-adjusted", HZ_CAVEAT + " The only VST copy: printed closes were not established."),
        Copy(
            "TSM", "IB", "TSM.csv", "ib", "data/TSM.csv", "Interactive Brokers-style daily bars (with wap and count); a different vendor from Yahoo",
            "actual", "Excerpt of 2024-12-02 to 2025-02-28. Unadjusted. Volume may not be the full consolidated volume. The only TSM copy.",
        ),
        Copy("SPX", "FRED", "SP500.csv", "fred", "data/SP500.csv", "FRED (St. Louis Fed), series SP500, from S&P Dow Jones Indices", "actual",
             "Closes only. FRED leaves market holidays blank; those dates are left out. Downloaded from FRED in April 2026 (the repository's README)."),
        Copy("IXIC", "FRED", "NASDAQCOM.csv", "fred", "data/NASDAQCOM.csv", "FRED (St. Louis Fed), series NASDAQCOM, from Nasdaq", "actual",
             "Closes only. FRED leaves market holidays blank; those dates are left out."),
        Copy("VIX", "FRED", "VIXCLS.csv", "fred", "data/VIXCLS.csv", "FRED (St. Louis Fed), series VIXCLS, from Cboe", "actual",
             "Closes only. Comes from Cboe, so it is not independent of the CBOE copy. Has values on some days the NYSE was closed."),
        Copy("US10Y", "FRED", "DGS10.csv", "fred", "data/DGS10.csv", "FRED (St. Louis Fed), series DGS10, from the Federal Reserve H.15 release", "yield",
             "Treasury constant-maturity yield in percent (end of day, H.15), not the Yahoo ^TNX quote. Blank days left out."),
        Copy("US2Y", "FRED", "DGS2.csv", "fred", "data/DGS2.csv", "FRED (St. Louis Fed), series DGS2, from the Federal Reserve H.15 release", "yield",
             "Treasury constant-maturity yield in percent (H.15). Blank days left out."),
        Copy("VIX", "CBOE", "vix-daily.csv", "cboe", "data/vix-daily.csv", "Cboe, via the datahub package datasets/finance-vix", "actual",
             "Has values on 9 Jan, 20 Jan and 17 Feb 2025 and other days the NYSE was closed (Cboe extended-hours calculation); flagged no-trading-day."),
        Copy("BRENT", "EIA", "brent-daily.csv", "eia", "data/brent-daily.csv", "US Energy Information Administration (series RBRTE), via the datahub package datasets/oil-prices", "spot",
             "Europe Brent spot price FOB, NOT the ICE Brent front-month futures settle that news reports quote (Mar25 settled 78.50 on 24 Jan 2025; "
             "spot 78.71). No row for 2024-12-26; values on some NYSE holidays."),
        Copy("WTI", "EIA", "wti-daily.csv", "eia", "data/wti-daily.csv", "US Energy Information Administration (series RWTC), via the datahub package datasets/oil-prices", "spot",
             "Cushing, OK WTI spot price, not the NYMEX futures settle."),
        Copy("DJI", "SK", "DJIA.csv", "fred", "data/DJIA.csv", "uncertain: FRED-style header, but 3-decimal values suggest Yahoo ^DJI", "actual",
             "Excerpt of 2024-12-02 to 2025-02-28. Closes only. The only DJI copy."),
        Copy("NDX", "SK", "NASDAQ100.csv", "fred", "data/NASDAQ100.csv", "uncertain: FRED-style header, values probably from Yahoo ^NDX", "actual",
             "Excerpt of 2024-12-02 to 2025-02-28. Closes only. The only NDX copy."),
        Copy("SOX", "ZA", "SOX.csv", "yahoo-index", "data/SOX.csv", "Yahoo Finance (yfinance, ^SOX)", "actual",
             "Excerpt of 2024-12-06 to 2025-02-28. Volume is 0 on every day (an index has none). The only SOX copy."),
    ]
    return copies


def say(message: str) -> None:
    print(message, flush=True)


def fail(message: str) -> None:
    print(f"curate_market: {message}", file=sys.stderr)
    raise SystemExit(2)


def raw_path(raw: Path, copy: str, file: str) -> Path:
    return raw / SOURCES[copy].folder / file


def check_inputs(raw: Path, copies: list[Copy]) -> None:
    if not raw.is_dir():
        fail(f"RAW_FOLDER {raw} does not exist or is not a folder (it should hold the raw market files and SOURCES.md)")
    needed = {raw_path(raw, c.copy, c.file) for c in copies} | {raw_path(raw, "GA", f"{t}.csv") for t in GA_TWO_SECURITY}
    missing = sorted(str(p.relative_to(raw)) for p in needed if not p.is_file())
    if missing:
        fail(f"{len(missing)} raw file(s) missing in {raw}: {', '.join(missing)}")
    if not REFERENCES.is_file():
        fail(f"the reference closes table {REFERENCES} is missing")


def resolve_halves(raw: Path, references: pd.DataFrame) -> tuple[dict[str, tuple[pd.DataFrame, md.HalfResolution]], list[md.HalfResolution]]:
    """Every 14-column growwanalysis file, resolved; returns the usable halves and all resolutions."""
    folder = raw / SOURCES["GA"].folder
    singles: dict[str, pd.DataFrame] = {}
    doubles: dict[str, Path] = {}
    for path in sorted(folder.glob("*.csv")):
        if path.name.startswith("_"):
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle), [])
        if len(header) == 14:
            doubles[path.stem] = path
        else:
            singles[path.stem] = md.read_raw(path, "yahoo")
    say(f"  {len(singles)} single-security files and {len(doubles)} two-securities files ({', '.join(doubles)})")
    usable, resolutions = {}, []
    for stem, path in doubles.items():
        named, halves = md.read_two_security_file(path)
        resolution = md.resolve_two_security_file(path.name, named, halves, singles, references)
        resolutions.append(resolution)
        say("  " + resolution.describe())
        if resolution.resolved:
            usable[named] = (halves[resolution.use], resolution)
    return usable, resolutions


def in_range(frame: pd.DataFrame, extra: tuple[str, ...]) -> pd.DataFrame:
    keep = ((frame["date"] >= WINDOW[0]) & (frame["date"] <= WINDOW[1])) | frame["date"].isin(extra)
    return frame[keep]


def price_rows(series: str, copy: str, frame: pd.DataFrame) -> list[dict]:
    return [
        {
            "series": series, "copy": copy, "date": r.date, "open": r.open, "high": r.high, "low": r.low,
            "close": r.close, "volume": md.volume_text(r.volume),
        }
        for r in frame.itertuples()
    ]


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("raw_folder", metavar="RAW_FOLDER", type=Path, help="folder of raw market files (with SOURCES.md)")
    parser.add_argument("--out", type=Path, default=HERE.parent / "data", help="folder to write the three tables to (default: data/)")
    args = parser.parse_args(argv)
    raw, out = args.raw_folder.resolve(), args.out.resolve()
    copies = catalogue()

    say(f"curate_market: reading {raw}")
    check_inputs(raw, copies)
    if not out.is_dir():
        fail(f"--out {out} is not a folder")
    references = md.read_references(REFERENCES)
    say(f"  {len(references)} reference closes from {REFERENCES.relative_to(HERE.parent)}")

    say("two-securities files:")
    usable, resolutions = resolve_halves(raw, references)
    left_out = [r for r in resolutions if not r.resolved]

    say("copies:")
    prices: list[dict] = []
    series_rows: list[dict] = []
    plan = [(c, None) for c in copies]
    for t in GA_TWO_SECURITY:
        if t in usable:
            half, resolution = usable[t]
            copy = Copy(t, "GA", f"{t}.csv", "two-security", f"data/{t}.csv", YAHOO, "actual",
                        f"{GA_CAVEAT} The file holds two securities side by side; {resolution.describe()}")
            plan.append((copy, half))
        else:
            say(f"  {t}: left out, its two-securities file could not be resolved")
    dividends: list[dict] = []
    for copy, frame in plan:
        if frame is None:
            frame = md.read_raw(raw_path(raw, copy.copy, copy.file), copy.fmt, where=copy.where)
        if copy.copy == "GA":  # whole files with Yahoo's dividend-adjusted close beside the actual one
            dividends += [{"series": copy.series, "copy": copy.copy, **d} for d in md.dividends_from_adjusted(frame)
                          if WINDOW[0] <= d["ex_date"] <= WINDOW[1]]
        extra = EXTRA_DATES.get((copy.series, copy.copy), ())
        missing = [d for d in extra if d not in set(frame["date"])]
        if missing:
            fail(f"{copy.copy} {copy.file} has no row for {', '.join(missing)} (needed for {copy.series})")
        kept = in_range(frame, extra).sort_values("date")
        if kept.empty:
            fail(f"{copy.copy} {copy.file} has no row in {WINDOW[0]}..{WINDOW[1]}")
        prices += price_rows(copy.series, copy.copy, kept)
        name, group, kind, unit = SERIES[copy.series]
        source = SOURCES[copy.copy]
        commit = copy.commit or (GA_COMMIT.get(copy.series, source.commit) if copy.copy == "GA" else source.commit)
        series_rows.append({
            "series": copy.series, "copy": copy.copy, "name": name, "group": group, "kind": kind, "unit": unit,
            "preferred": None, "vendor": copy.vendor, "price_basis": copy.price_basis, "repository": source.repository,
            "path": copy.path, "commit": commit, "excerpt": "true" if source.excerpt else "false",
            "first_date": kept["date"].iloc[0], "last_date": kept["date"].iloc[-1], "caveats": copy.caveats,
            "rows": len(kept),
        })
        say(f"  {copy.series:7} {copy.copy:5} {len(kept):4} rows {kept['date'].iloc[0]} .. {kept['date'].iloc[-1]}")

    table = pd.DataFrame(series_rows)
    missing_series = sorted(set(SERIES) - set(table["series"]))
    if missing_series:
        say(f"  no copy for: {', '.join(missing_series)}")
    table["preferred"] = md.choose_preferred(table).map({True: "true", False: "false"})
    table["_group"] = table["group"].map(GROUP_ORDER.index)
    table["_pref"] = table["preferred"] != "true"
    table = table.sort_values(["_group", "series", "_pref", "copy"]).drop(columns=["_group", "_pref", "rows"])
    series_columns = list(table.columns)
    price_frame = pd.DataFrame(prices).sort_values(["series", "copy", "date"], kind="stable")

    dividend_frame = pd.DataFrame(dividends, columns=list(md.DIVIDEND_COLUMNS)).sort_values(["series", "copy", "ex_date"], kind="stable")

    series_path, prices_path = out / "market_series.csv", out / "market_prices.csv"
    dividends_path = out / "market_dividends.csv"
    write_csv(series_path, series_columns, table.to_dict("records"))
    write_csv(prices_path, list(md.PRICE_COLUMNS), price_frame.to_dict("records"))
    write_csv(dividends_path, list(md.DIVIDEND_COLUMNS), dividend_frame.to_dict("records"))
    say("wrote:")
    for path in (series_path, prices_path, dividends_path):
        say(f"  {path} ({path.stat().st_size / 1024:,.0f} KiB)")
    say(f"  {len(table)} copies of {table['series'].nunique()} series; {len(price_frame):,} price rows; "
        f"{len(dividend_frame)} ex-dividend dates of {dividend_frame['series'].nunique()} series")

    descriptor = out / "datapackage.json"
    names = {r.get("name") for r in json.loads(descriptor.read_text(encoding="utf-8")).get("resources", [])} if descriptor.is_file() else set()
    if {md.SERIES_RESOURCE, md.PRICES_RESOURCE, md.DIVIDENDS_RESOURCE} <= names:
        series_table = md.load_series(out)
        loaded = md.load_prices(out, series_table)
        md.load_dividends(out)
        say(f"validated the three tables against {descriptor}")
    else:
        say(f"not validated: {descriptor} does not describe {md.SERIES_RESOURCE}, {md.PRICES_RESOURCE} and {md.DIVIDENDS_RESOURCE}")
        series_table = table.assign(preferred=table["preferred"] == "true")
        loaded = price_frame.assign(date=pd.to_datetime(price_frame["date"]))
        for column in ("open", "high", "low", "close"):
            loaded[column] = pd.to_numeric(loaded[column])
        loaded["volume"] = pd.to_numeric(loaded["volume"])

    flagged = md.flag_defects(loaded, series_table)
    counts = md.defect_counts(flagged)
    say("defects (copies with any):")
    for row in counts.to_dict("records"):
        found = {name: row[name] for name in md.DEFECTS}
        if any(found.values()):
            listing = ", ".join(f"{n} {k}" for n, k in found.items() if k)
            mine = flagged[(flagged["series"] == row["series"]) & (flagged["copy"] == row["copy"])]
            dated = mine[(mine["defect"] != "") & ~md.has_defect(mine, md.DIVIDEND_ADJUSTED)]
            shown = ", ".join(f"{d.date()}" for d in pd.to_datetime(dated["date"])) if len(dated) <= 12 else f"{len(dated)} dates"
            say(f"  {row['series']:7} {row['copy']:5} {row['rows']:4} rows: {listing}" + (f" ({shown})" if shown else ""))

    say("copy agreement:")
    for row in md.copy_agreement(flagged).itertuples():
        say(
            f"  {row.series:6} {row.copy_a}-{row.copy_b}: {row.common_days} common days, max |diff| {row.max_abs_diff:.6g} "
            f"({row.max_abs_diff_pct:.4g}%), max daily-change diff {row.max_return_diff_pp:.4g} pp: {row.verdict}"
        )

    if left_out:
        say("left out (two-securities files that could not be resolved):")
        for r in left_out:
            say(f"  {r.describe()}")
        if descriptor.is_file():
            text = descriptor.read_text(encoding="utf-8")
            unmentioned = [r.file for r in left_out if r.file not in text]
            if unmentioned:
                say(f"WARNING: {descriptor} does not mention {', '.join(unmentioned)} in its caveats; say there that they were left out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
