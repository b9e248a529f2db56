"""The market arithmetic: day moves, the market model and event study, market value changes."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from deepseek_factcheck.market import analysis as market
from deepseek_factcheck.market import eventstudy as es


def _calendar(n: int, last: dt.date) -> list[dt.date]:
    days, d = [], last
    while len(days) < n:
        if d.weekday() < 5:
            days.append(d)
        d -= dt.timedelta(days=1)
    return sorted(days)


def _prices(shock: float = -0.10, beta: float = 1.5, recovery: float = 0.0, alpha: float = 0.0002, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A market, the Dow and one stock (in the AI chip makers' group) with a known alpha and beta,
    a shock on the event day, and an optional recovery the day after."""
    rng = np.random.default_rng(seed)
    days = _calendar(200, dt.date(2025, 2, 28))
    m = rng.normal(0.0005, 0.01, len(days))
    noise = rng.normal(0, 0.002, len(days))
    dow = m + rng.normal(0, 0.001, len(days))
    r = alpha + beta * m + noise
    i = days.index(market.EVENT_DAY)
    r[i] += shock
    r[i + 1] += recovery
    rows = []
    for sid, rets in (("SPX", m), ("DJI", dow), ("NVDA", r)):
        level = 100 * np.cumprod(1 + rets)
        rows += [{"series": sid, "date": d, "open": v, "high": v * 1.01, "low": v * 0.98, "close": v, "volume": 1} for d, v in zip(days, level)]
    series = pd.DataFrame([
        {"series": "SPX", "name": "Market", "group": "indices", "kind": "index", "unit": "index points"},
        {"series": "DJI", "name": "Dow", "group": "indices", "kind": "index", "unit": "index points"},
        {"series": "NVDA", "name": "Test stock", "group": "chips", "kind": "stock", "unit": "USD"},
    ])
    return pd.DataFrame(rows), series


def test_the_market_model_recovers_beta_and_the_shock():
    prices, series = _prices(shock=-0.10, beta=1.5)
    study = market.event_study(prices, series)
    stock = market.unit_row(study, "NVDA")
    assert stock["beta"] == pytest.approx(1.5, abs=0.05) and stock["group"] == "ai-chips"
    day = market.car_row(study, "NVDA", "0")
    assert day["car"] == pytest.approx(-10, abs=0.3)
    assert day["z"] < -20
    assert set(study.paths["unit"]) == {"ai-chips"}
    # the group of one stock is that stock
    assert market.car_row(study, "ai-chips", "0")["car"] == pytest.approx(day["car"])


def test_the_standard_error_is_the_full_variance_of_the_fitted_model():
    prices, series = _prices()
    study = market.event_study(prices, series)
    window = market.estimation_window(prices)
    r, m = market.returns(prices, "NVDA"), market.returns(prices, "SPX")
    fitted = es.fit(r[[window.first <= d <= window.last for d in r.index]], m)
    days = market.window_days(market.trading_days(prices))["to-28-feb"]
    row = market.car_row(study, "NVDA", "to-28-feb")
    assert row["se"] == pytest.approx(100 * math.sqrt(es.car_variance(fitted, m.reindex(days))))
    assert row["se"] > 100 * math.sqrt(es.car_variance_naive(fitted, len(days)))
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((row["car"] - es.CRITICAL * row["se"], row["car"] + es.CRITICAL * row["se"]))
    assert abs(row["z"]) < abs(row["z_naive"]) or row["z"] == row["z_naive"] == 0


def test_a_shock_undone_the_next_day_is_not_distinguishable_and_reads_as_reversed():
    prices, series = _prices(shock=-0.10, recovery=0.10)
    study = market.event_study(prices, series)
    stock = market.car_row(study, "NVDA", "to-28-feb")
    assert abs(stock["z"]) < es.CRITICAL and stock["reading"].startswith("not distinguishable")
    assert market.reversal_row(study, "ai-chips")["reading"].startswith("reversed")
    kept = market.event_study(*_prices(shock=-0.10, recovery=0.0))
    assert market.reversal_row(kept, "ai-chips")["reading"].startswith("lasting")


def test_the_dow_check_is_the_return_minus_the_dows():
    prices, series = _prices()
    study = market.event_study(prices, series)
    r, d = market.returns(prices, "NVDA"), market.returns(prices, "DJI")
    row = market.car_row(study, "NVDA", "0", "dow")
    assert row["car"] == pytest.approx(100 * (r.loc[market.EVENT_DAY] - d.loc[market.EVENT_DAY]))


def test_the_alpha_carried_forward_and_the_model_without_it():
    prices, series = _prices(alpha=0.003)
    study = market.event_study(prices, series)
    drift = market.alpha_drift(study, "NVDA", "to-28-feb")
    days = market.car_row(study, "NVDA", "to-28-feb")["days"]
    assert drift == pytest.approx(-0.3 * days, rel=0.15)  # a positive alpha lowers the CAR
    with_alpha = market.car_row(study, "NVDA", "to-28-feb")["car"]
    without = market.car_row(study, "NVDA", "to-28-feb", "spx-beta")["car"]
    assert with_alpha - without == pytest.approx(drift)


def test_windows_and_the_events_inside_them():
    prices, _ = _prices()
    days = market.window_days(market.trading_days(prices))
    assert [len(days[k]) for k in ("0", "0..+1", "0..+2", "0..+4")] == [1, 2, 3, 5]
    assert days["to-28-feb"][-1] == dt.date(2025, 2, 28) and days["to-26-feb"][-1] == dt.date(2025, 2, 26)
    assert market.confounders_in(days["0..+2"]) == []
    assert len(market.confounders_in(days["0..+4"])) == 2
    assert len(market.confounders_in(days["to-28-feb"])) == len(market.CONFOUNDERS)
    assert not any("Nvidia" in c for c in market.confounders_in(days["to-26-feb"]))


def test_holm_adjusted_p_values_are_never_below_the_raw_ones():
    prices, series = _prices()
    extra = prices[prices["series"] == "NVDA"].assign(series="AMD", close=lambda f: f["close"] * np.linspace(1, 1.2, len(f)))
    two = pd.concat([prices, extra], ignore_index=True)
    series = pd.concat([series, pd.DataFrame([{"series": "AMD", "name": "Second", "group": "chips", "kind": "stock", "unit": "USD"}])])
    study = market.event_study(two, series)
    stocks = study.cars[(study.cars["unit"] == "stock") & (study.cars["missing"] == "")]
    assert (stocks["p_holm"] >= stocks["p"] - 1e-12).all()
    assert (stocks.groupby(["model", "window"]).size() == 2).all()
    assert len(study.tests) == len(market.MODELS) * len(market.WINDOWS)


def test_a_stock_with_too_little_history_is_skipped_and_says_why():
    prices, series = _prices()
    recent = prices[(prices["series"] != "NVDA") | (prices["date"] >= dt.date(2024, 12, 20))]
    study = market.event_study(recent, series)
    assert "at least 60 needed" in market.unit_row(study, "NVDA")["skipped"]
    # it still enters the check against the Dow, which needs fewer days
    assert market.car_row(study, "NVDA", "0", "dow")["missing"] == ""


def test_alphabet_is_studied_once():
    assert "GOOG" in market.NOT_STUDIED
    members = [s for _, sids in market.STUDY_GROUPS.values() for s in sids]
    assert len(members) == len(set(members)) and "GOOGL" in members and "GOOG" not in members


def test_the_estimation_window_ends_before_the_event_with_a_gap():
    prices, _ = _prices()
    window = market.estimation_window(prices)
    calendar = market.trading_days(prices)
    assert window.days == market.ESTIMATION_DAYS
    assert calendar.index(market.EVENT_DAY) - calendar.index(window.last) == market.GAP_DAYS + 1


def test_day_moves_in_percent_and_rates_in_basis_points():
    day, before = market.EVENT_DAY, market.BASE_DAY
    prices = pd.DataFrame([
        {"series": "A", "date": before, "close": 142.62, "low": None, "high": None},
        {"series": "A", "date": day, "close": 118.42, "low": 116.70, "high": 128.0},
        {"series": "Y", "date": before, "close": 4.63, "low": None, "high": None},
        {"series": "Y", "date": day, "close": 4.53, "low": None, "high": None},
        {"series": "Z", "date": before, "close": 1.0, "low": None, "high": None},
    ])
    series = pd.DataFrame([
        {"series": "A", "name": "A", "group": "chips", "kind": "stock", "unit": "USD"},
        {"series": "Y", "name": "Y", "group": "rates-oil", "kind": "rate", "unit": "percent"},
        {"series": "Z", "name": "Z", "group": "power", "kind": "stock", "unit": "USD"},
    ])
    moves = market.day_moves(prices, series).set_index("series")
    assert moves.loc["A", "change_pct"] == pytest.approx(-16.97, abs=0.005)
    assert moves.loc["A", "low_pct"] == pytest.approx(-18.17, abs=0.01)
    assert moves.loc["Y", "change_bp"] == pytest.approx(-10)
    assert moves.loc["Z", "missing"] == f"no close on {day}"


def test_value_change_is_a_range_over_share_counts():
    low, high = market.value_change(142.62, 118.42, (24.40e9, 24.53e9))
    assert (low, high) == pytest.approx((-24.2 * 24.53e9, -24.2 * 24.40e9))
    with pytest.raises(ValueError):
        market.value_change(1, 2, (0, 1))


# --- the market checks, on the book's own evidence -------------------------------------

from deepseek_factcheck.ledger.checks import CHECKS, Claim  # noqa: E402
from deepseek_factcheck.themes import shared_ledger  # noqa: E402
from deepseek_factcheck.ledger.build import load_evidence  # noqa: E402


@pytest.fixture(scope="module")
def evidence():
    return load_evidence()


def _claim(check: str, args: str, stated: str = "", value: str = "", unit: str = "", kind: str = "figure") -> Claim:
    from deepseek_factcheck.ledger.checks import parse_args

    return Claim(id="999-001", seed="999", quote=stated or "q", theme="market", kind=kind, stated=stated,
                 stated_value=value, stated_unit=unit, check=check, args=parse_args(args))


def test_figures_attached_to_the_wrong_companies_are_misleading(evidence):
    swapped = _claim("market.close_change", "series=AVGO,TSM;date=2025-01-27", "over 13% and 17%", "-13;-17", "percent")
    right = _claim("market.close_change", "series=AVGO,TSM;date=2025-01-27", "over 17% and 13%", "-17;-13", "percent")
    wrong = _claim("market.close_change", "series=AVGO,TSM;date=2025-01-27", "over 20% and 13%", "-20;-13", "percent")
    assert CHECKS["market.close_change"](swapped, evidence).verdict == "misleading"
    assert CHECKS["market.close_change"](right, evidence).verdict == "accurate"
    assert CHECKS["market.close_change"](wrong, evidence).verdict == "inaccurate"


def test_a_missing_previous_close_is_unsupported_not_computed_from_an_older_one(evidence):
    finding = CHECKS["market.close_change"](_claim("market.close_change", "series=ENR.DE;date=2025-01-27", "almost 20%", "-20", "percent"), evidence)
    assert finding.verdict == "unsupported" and "placeholder" in finding.explanation


def test_the_value_loss_is_price_change_times_the_published_share_counts(evidence):
    from deepseek_factcheck.market.checks import value_loss

    v = value_loss(evidence, "NVDA", market.EVENT_DAY)
    assert v["previous_close"] - v["close"] == pytest.approx(24.20, abs=0.005)
    assert (v["loss_low"], v["loss_high"]) == pytest.approx((-24.20 * v["shares"][1], -24.20 * v["shares"][0]), rel=1e-3)
    at = lambda figure: CHECKS["market.market_value_change"](  # noqa: E731
        _claim("market.market_value_change", "series=NVDA;date=2025-01-27", figure, f"-{float(figure.strip('$bn')) * 1e9:.0f}", "USD"), evidence).verdict
    assert at("$591bn") == "accurate" and at("$595bn") == "inaccurate"


def test_the_record_needs_every_earlier_loss_beaten(evidence, monkeypatch):
    claim = _claim("market.record_loss", "series=NVDA;date=2025-01-27", kind="ranking-record")
    finding = CHECKS["market.record_loss"](claim, evidence)
    assert finding.verdict == "accurate" and "Meta" in finding.explanation
    monkeypatch.setattr(market, "EARLIER_RECORDS", [*market.EARLIER_RECORDS, ("NVDA", market.EVENT_DAY)])  # a tie is no record
    assert CHECKS["market.record_loss"](claim, evidence).verdict == "inaccurate"


def test_after_the_market_chapter_no_market_claim_is_pending():
    entries = [e for e in shared_ledger() if e.claim.theme == "market"]
    assert entries and all(e.verdict != "pending" for e in entries)


def test_total_returns_add_the_dividend_back_on_the_ex_date():
    day, before = market.EVENT_DAY, market.BASE_DAY
    prices = pd.DataFrame([
        {"series": "A", "date": before, "close": 50.0},
        {"series": "A", "date": day, "close": 49.0},
    ])
    dividends = pd.DataFrame([{"series": "A", "copy": "GA", "ex_date": day, "dividend": 1.0},
                              {"series": "B", "copy": "GA", "ex_date": day, "dividend": 5.0}])
    assert market.returns(prices, "A").iloc[0] == pytest.approx(-0.02)
    assert market.returns(prices, "A", dividends).iloc[0] == pytest.approx(0.0)
    assert len(market.dividends_in(dividends, [day], ["A"])) == 1


def test_borderline_cars_are_those_between_the_normal_and_the_student_cut_off():
    from deepseek_factcheck.market import analysis as market
    cars = pd.DataFrame({"missing": ["", "", "", "", "no return"], "z": [1.97, 1.95, -2.5, 2.2, 1.97], "df": [118, 118, 118, 10, 118]})
    # 1.97 clears 1.96 but not t(118)'s 1.980; 1.95 clears neither; 2.5 clears both; 2.2 does not clear t(10)'s 2.228
    assert list(market.borderline(cars).index) == [0, 3]
