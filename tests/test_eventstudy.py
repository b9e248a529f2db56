"""The event-study estimators against cases computed by hand.

The textbook case: a four-day estimation window and a two-day event window, small enough to
do with pencil and paper.

    market m = 0.01, -0.01, 0.02, 0.00      mean 0.005, S = sum (m - mean)^2 = 0.0005
    stock  r = 0.02, -0.01, 0.03, 0.01      mean 0.0125, sum (m - mean)(r - mean) = 0.00065
    beta = 0.00065 / 0.0005 = 1.3           alpha = 0.0125 - 1.3 * 0.005 = 0.006
    residuals 0.001, -0.003, -0.002, 0.004  sigma^2 = 30e-6 / (4 - 2) = 15e-6

Event window: market -0.02, 0.01 (sum -0.01); stock -0.05, 0.02, so the abnormal returns are
-0.05 - 0.006 + 0.026 = -0.03 and 0.02 - 0.006 - 0.013 = 0.001, and the CAR is -0.029.

    Var(CAR), alpha carried = 15e-6 * (2 + 2^2/4 + (-0.01 - 2 * 0.005)^2 / 0.0005) = 15e-6 * 3.8 = 57e-6
    Var(CAR), alpha = 0     = 15e-6 * (2 + (-0.01)^2 / 0.0005)                  = 15e-6 * 2.2 = 33e-6
    ignoring estimation error = 2 * 15e-6 = 30e-6
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from deepseek_factcheck.market import eventstudy as es

DAYS = [dt.date(2024, 1, d) for d in (2, 3, 4, 5)]
EVENT = [dt.date(2024, 2, d) for d in (1, 2)]


@pytest.fixture
def textbook() -> es.Fit:
    market = pd.Series([0.01, -0.01, 0.02, 0.00], index=DAYS)
    stock = pd.Series([0.02, -0.01, 0.03, 0.01], index=DAYS, name="XYZ")
    return es.fit(stock, market)


def test_the_market_model_by_hand(textbook):
    assert textbook.beta == pytest.approx(1.3)
    assert textbook.alpha == pytest.approx(0.006)
    assert textbook.sigma**2 == pytest.approx(15e-6)
    assert (textbook.n, textbook.market_mean, textbook.market_ss) == (4, pytest.approx(0.005), pytest.approx(0.0005))
    assert list(textbook.residuals) == pytest.approx([0.001, -0.003, -0.002, 0.004])


def test_abnormal_returns_by_hand(textbook):
    market = pd.Series([-0.02, 0.01], index=EVENT)
    stock = pd.Series([-0.05, 0.02], index=EVENT)
    assert list(textbook.abnormal(stock, market)) == pytest.approx([-0.03, 0.001])
    assert list(textbook.abnormal(stock, market, carry_alpha=False)) == pytest.approx([-0.024, 0.007])


def test_the_full_mackinlay_variance_by_hand(textbook):
    assert es.car_variance(textbook, [-0.02, 0.01]) == pytest.approx(57e-6)
    assert es.car_variance(textbook, [-0.02, 0.01], carry_alpha=False) == pytest.approx(33e-6)
    assert es.car_variance_naive(textbook, 2) == pytest.approx(30e-6)


def test_the_closed_form_is_macKinlays_matrix_formula(textbook):
    """sigma^2 * 1'(I + X*(X'X)^-1 X*')1, MacKinlay's equation 8 summed over the window, on random numbers."""
    rng = np.random.default_rng(7)
    m_est, m_event = rng.normal(0, 0.01, 120), rng.normal(-0.01, 0.02, 24)
    r_est = 0.001 + 1.7 * m_est + rng.normal(0, 0.02, 120)
    days = pd.RangeIndex(120)
    model = es.fit(pd.Series(r_est, index=days, name="s"), pd.Series(m_est, index=days))
    x = np.column_stack([np.ones(120), m_est])
    x_event = np.column_stack([np.ones(24), m_event])
    v = model.sigma**2 * (np.eye(24) + x_event @ np.linalg.inv(x.T @ x) @ x_event.T)
    assert es.car_variance(model, m_event) == pytest.approx(v.sum(), rel=1e-10)
    # alpha's estimation error alone adds L/T of the naive variance
    assert (model.sigma**2 * 24**2 / 120) / es.car_variance_naive(model, 24) == pytest.approx(0.2)


def test_patell_bmp_and_kolari_pynnonen_by_hand():
    scar = [-2.0, -1.0, 0.0, -3.0]
    # sum -6 over sqrt(4 * 8/6)
    assert es.patell_z(scar, [10, 10, 10, 10]) == pytest.approx(-6 / math.sqrt(4 * 8 / 6))
    # mean -1.5, sd sqrt(5/3), n 4
    assert es.bmp_t(scar) == pytest.approx(-1.5 / (math.sqrt(5 / 3) / 2))
    assert es.bmp_t(scar) == pytest.approx(-2.32379, abs=1e-5)
    # factor sqrt((1 - 0.1) / (1 + 3 * 0.1)) = 0.83205
    assert es.kolari_pynnonen_factor(0.1, 4) == pytest.approx(0.83205, abs=1e-5)
    assert es.kolari_pynnonen(scar, 0.1) == pytest.approx(-1.93351, abs=1e-5)
    assert es.kolari_pynnonen(scar, 0.0) == pytest.approx(es.bmp_t(scar))
    with pytest.raises(ValueError):
        es.patell_z(scar, [4, 10, 10, 10])
    with pytest.raises(ValueError):
        es.kolari_pynnonen_factor(-0.5, 4)


def test_bmp_is_smaller_than_patell_when_the_event_spreads_the_scars():
    calm = [-1.1, -0.9, -1.0, -1.05, -0.95]
    wild = [-5.0, 3.0, -4.0, 2.5, -1.5]
    assert abs(es.bmp_t(calm)) > abs(es.patell_z(calm, [120] * 5))
    assert abs(es.bmp_t(wild)) < abs(es.patell_z(wild, [120] * 5))


def test_mean_correlation_over_pairs_on_common_dates():
    a = pd.Series([1.0, 2.0, 3.0], index=[1, 2, 3])
    b = pd.Series([2.0, 4.0, 6.0, 99.0], index=[1, 2, 3, 4])
    c = pd.Series([3.0, 2.0, 1.0], index=[1, 2, 3])
    assert es.mean_correlation([a, b, c]) == pytest.approx(-1 / 3)
    d = pd.Series([5.0, 1.0], index=[3, 4])  # at most 2 dates in common with each: its pairs are left out
    assert es.mean_correlation([a, b, c, d]) == pytest.approx(-1 / 3)


def test_mean_correlation_skips_missing_days_pair_by_pair():
    # common dates 1, 3, 4: x = 1, 3, 4 and y = 1, 3, 2; deviations (-5/3, 1/3, 4/3) and (-1, 1, 0):
    # r = 2 / sqrt(42/9 * 2) = 6 / sqrt(84)
    x = pd.Series([1.0, 2.0, 3.0, 4.0], index=[1, 2, 3, 4])
    y = pd.Series([1.0, np.nan, 3.0, 2.0], index=[1, 2, 3, 4])
    assert es.mean_correlation([x, y]) == pytest.approx(6 / math.sqrt(84), rel=1e-12)
    with pytest.raises(ValueError, match="enough dates"):
        es.mean_correlation([x, pd.Series([1.0, 2.0], index=[7, 8])])


def test_holm_by_hand():
    # sorted 0.005*4=0.02, 0.01*3=0.03, 0.03*2=0.06, 0.04*1=0.04 -> kept at 0.06 (step-down is monotone)
    assert list(es.holm([0.01, 0.04, 0.03, 0.005])) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert list(es.holm([0.5, 0.9])) == pytest.approx([1.0, 1.0])


def test_reversal_tests_and_their_power():
    kept = es.reversal_test(-0.10, 0.0, 0.05)
    assert (kept.z_no_reversal, kept.z_full_reversal) == (0.0, pytest.approx(-2.0))
    assert kept.reading.startswith("lasting")
    # power against a full reversal two standard errors away: Phi(2 - 1.96) + Phi(-2 - 1.96)
    assert kept.power == pytest.approx(0.51599, abs=1e-4)
    assert kept.detectable == pytest.approx((1.96 + 0.8416) * 0.05)
    assert es.reversal_test(-0.10, 0.10, 0.05).reading.startswith("reversed")
    assert es.reversal_test(-0.10, 0.05, 0.01).reading.startswith("partly reversed")
    assert es.reversal_test(-0.10, -0.20, 0.05).reading.startswith("extended")
    unclear = es.reversal_test(-0.10, 0.05, 0.05)
    assert unclear.reading.startswith("cannot tell a one-day move from a lasting one")
    assert unclear.power == kept.power  # power depends on the day and the standard error, not on the outcome
    # a day that is itself not distinguishable from zero has nothing to reverse
    assert es.reversal_test(-0.02, 0.02, 0.05, se_day0=0.02).reading.startswith("no move to reverse")
    assert es.reversal_test(-0.10, 0.0, 0.05, se_day0=0.02).reading.startswith("lasting")


def test_normal_p_values():
    assert es.normal_p(1.96) == pytest.approx(0.05, abs=1e-4)
    assert es.normal_p(0.0) == 1.0
    assert es.distinguishable(0.01) == "distinguishable from zero" and es.distinguishable(0.2).startswith("not")


def test_student_t_p_against_closed_forms():
    # one degree of freedom is the Cauchy distribution: P(|T| > t) = 1 - 2 atan(t) / pi, so p(1) = 1/2
    assert es.student_t_p(1.0, 1) == pytest.approx(0.5)
    assert es.student_t_p(3.0, 1) == pytest.approx(1 - 2 * math.atan(3.0) / math.pi)
    # two degrees of freedom: P(|T| > t) = 1 - t / sqrt(2 + t^2), so p(2) = 1 - 2 / sqrt(6)
    assert es.student_t_p(2.0, 2) == pytest.approx(1 - 2 / math.sqrt(6))
    assert es.student_t_p(0.0, 7) == pytest.approx(1.0)
    # the printed tables: t(10) = 2.228 and t(30) = 2.042 are the two-sided 5% points
    assert es.student_t_p(2.228, 10) == pytest.approx(0.05, abs=2e-4)
    assert es.student_t_p(-2.042, 30) == pytest.approx(0.05, abs=2e-4)
    # many degrees of freedom: the normal distribution
    assert es.student_t_p(1.96, 1e6) == pytest.approx(es.normal_p(1.96), abs=1e-5)
    with pytest.raises(ValueError):
        es.student_t_p(1.0, 0)


def test_student_t_critical_values():
    assert es.student_t_critical(1) == pytest.approx(math.tan(0.475 * math.pi), rel=1e-6)  # 12.706
    assert es.student_t_critical(2) == pytest.approx(4.303, abs=1e-3)
    assert es.student_t_critical(10) == pytest.approx(2.228, abs=1e-3)
    assert es.student_t_critical(118) == pytest.approx(1.980, abs=1e-3)
    assert es.student_t_critical(1e6) == pytest.approx(es.CRITICAL, abs=1e-3)


def test_incomplete_beta_by_hand():
    # I_x(1, 1) = x; I_x(2, 1) = x^2; I_x(1, 2) = 1 - (1 - x)^2
    assert es.incomplete_beta(1, 1, 0.3) == pytest.approx(0.3)
    assert es.incomplete_beta(2, 1, 0.3) == pytest.approx(0.09)
    assert es.incomplete_beta(1, 2, 0.3) == pytest.approx(0.51)
    assert (es.incomplete_beta(3, 4, 0.0), es.incomplete_beta(3, 4, 1.0)) == (0.0, 1.0)
    with pytest.raises(ValueError):
        es.incomplete_beta(1, 1, 1.5)
