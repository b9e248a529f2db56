"""Event-study estimators, on plain return series: nothing here knows the book's data.

The market model (MacKinlay 1997, section 4) ``r_t = alpha + beta * m_t + e_t`` is fitted by
least squares on an estimation window of ``T`` days. Over an event window of ``L`` days
with market returns ``m_1..m_L`` the abnormal returns are ``AR_t = r_t - alpha - beta * m_t``
and their sum is the cumulative abnormal return (CAR). Under the null of no abnormal
return, the CAR's variance is *not* ``L * sigma^2``: alpha and beta are estimates, and their
errors are shared by every day of the window. MacKinlay's full variance (his equations 7
and 8, summed over the window) is, with ``mbar`` and ``S = sum (m_s - mbar)^2`` the
estimation window's market mean and sum of squares:

    Var(CAR) = sigma^2 * (L + L^2 / T + (sum_t m_t - L * mbar)^2 / S)      (alpha carried)

The middle term is alpha's estimation error; it grows with ``L^2``, so over long windows it
is not small. With alpha set to zero (``carry_alpha=False``: only beta is used, the model
``AR_t = r_t - beta * m_t``) the term for alpha goes and ``mbar`` drops out of the last one:

    Var(CAR) = sigma^2 * (L + (sum_t m_t)^2 / S)

Tests across stocks use standardised CARs, ``SCAR_i = CAR_i / sqrt(Var(CAR_i))``:

* :func:`patell_z`: Patell (1976), which assumes the event leaves each stock's variance alone:
  ``z = sum SCAR_i / sqrt(sum (T_i - 2) / (T_i - 4))``.
* :func:`bmp_t`: Boehmer, Musumeci and Poulsen (1991), which uses the SCARs' own
  cross-sectional standard deviation (so a rise in variance on the event day is allowed for):
  ``t = mean(SCAR) / (sd(SCAR) / sqrt(N))``.
* :func:`kolari_pynnonen`: Kolari and Pynnönen (2010): the BMP statistic times
  ``sqrt((1 - rbar) / (1 + (N - 1) * rbar))``, ``rbar`` the average correlation of the
  stocks' estimation-window residuals: stocks that move together are fewer independent
  observations than their number says.

Across many stocks, :func:`holm` adjusts p-values for multiple testing (Holm 1979).
:func:`reversal_test` asks whether what followed the event day undid it, and how likely the
test was to tell (its power).

Which distribution a p-value comes from follows the statistic: a CAR over its standard error
and Patell's statistic are read as z against the normal distribution (:func:`normal_p`; with
``T`` estimation days Student's t with ``T - 2`` degrees of freedom would be exact, and
:func:`student_t_critical` says how little that moves the cut-off); BMP and Kolari–Pynnönen
divide by a standard deviation estimated across ``N`` stocks, so they are t statistics with
``N - 1`` degrees of freedom (:func:`student_t_p`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

CRITICAL = 1.96  # two-sided 5% critical value of the normal distribution
POWER_Z = 0.8416  # the normal quantile for 80% power


def normal_p(z: float) -> float:
    """Two-sided p-value of a standard normal statistic."""
    return math.erfc(abs(z) / math.sqrt(2))


def normal_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))


def _incomplete_beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the regularised incomplete beta function (modified Lentz)."""
    tiny, c, d = 1e-300, 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return result


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function ``I_x(a, b)``, for 0 <= x <= 1."""
    if not 0.0 <= x <= 1.0:
        raise ValueError("x must lie between 0 and 1")
    if x in (0.0, 1.0):
        return x
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _incomplete_beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _incomplete_beta_fraction(b, a, 1.0 - x) / b


def student_t_p(t: float, df: float) -> float:
    """Two-sided p-value of a statistic with Student's t distribution on ``df`` degrees of freedom."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    return incomplete_beta(df / 2, 0.5, df / (df + t * t))


def student_t_critical(df: float, level: float = 0.05) -> float:
    """The two-sided critical value of Student's t on ``df`` degrees of freedom (by bisection)."""
    low, high = 0.0, 1000.0
    for _ in range(200):
        middle = (low + high) / 2
        if student_t_p(middle, df) > level:
            low = middle
        else:
            high = middle
    return (low + high) / 2


@dataclass(frozen=True)
class Fit:
    """A market model fitted on ``n`` days; ``market_mean`` and ``market_ss`` describe its market returns."""

    alpha: float
    beta: float
    sigma: float  # residual standard deviation, n - 2 degrees of freedom
    n: int
    market_mean: float
    market_ss: float  # sum of squared deviations of the market return from its mean
    residuals: pd.Series  # by date, for correlations across stocks

    def abnormal(self, stock: pd.Series, market: pd.Series, carry_alpha: bool = True) -> pd.Series:
        """Abnormal returns on the dates both series share."""
        joined = pd.concat([stock.rename("r"), market.rename("m")], axis=1, join="inner").dropna()
        return joined["r"] - (self.alpha if carry_alpha else 0.0) - self.beta * joined["m"]


def fit(stock: pd.Series, market: pd.Series) -> Fit:
    """Least-squares market model on the dates the two return series share (at least 3)."""
    joined = pd.concat([stock.rename("r"), market.rename("m")], axis=1, join="inner").dropna()
    n = len(joined)
    if n < 3:
        raise ValueError(f"{stock.name}: {n} common days is too few to fit a market model")
    m, r = joined["m"].to_numpy(float), joined["r"].to_numpy(float)
    mbar = m.mean()
    ss = float(((m - mbar) ** 2).sum())
    if ss == 0:
        raise ValueError(f"{stock.name}: the market return does not vary in the estimation window")
    beta = float(((m - mbar) * (r - r.mean())).sum() / ss)
    alpha = float(r.mean() - beta * mbar)
    residuals = joined["r"] - alpha - beta * joined["m"]
    sigma = float(math.sqrt((residuals**2).sum() / (n - 2)))
    return Fit(alpha, beta, sigma, n, float(mbar), ss, residuals)


def car_variance(model: Fit, event_market, carry_alpha: bool = True) -> float:
    """MacKinlay's full variance of a CAR over the event window whose market returns are ``event_market``."""
    m = np.asarray(event_market, dtype=float)
    length = len(m)
    if carry_alpha:
        extra = length**2 / model.n + (m.sum() - length * model.market_mean) ** 2 / model.market_ss
    else:
        extra = m.sum() ** 2 / model.market_ss
    return model.sigma**2 * (length + extra)


def car_variance_naive(model: Fit, length: int) -> float:
    """The variance that ignores estimation error: ``L * sigma^2``."""
    return model.sigma**2 * length


def patell_z(scar, estimation_days) -> float:
    """Patell's z: the sum of standardised CARs over the square root of the sum of their null variances."""
    scar, days = np.asarray(scar, float), np.asarray(estimation_days, float)
    if (days <= 4).any():
        raise ValueError("Patell's test needs more than 4 estimation days per stock")
    return float(scar.sum() / math.sqrt(((days - 2) / (days - 4)).sum()))


def bmp_t(scar) -> float:
    """Boehmer–Musumeci–Poulsen: the mean standardised CAR over its cross-sectional standard error."""
    scar = np.asarray(scar, float)
    if len(scar) < 2:
        raise ValueError("the BMP test needs at least two stocks")
    return float(scar.mean() / (scar.std(ddof=1) / math.sqrt(len(scar))))


def mean_correlation(residuals: list[pd.Series]) -> float:
    """The average pairwise correlation of estimation-window residuals, each pair on its common dates
    (pairs sharing fewer than 3 dates are left out)."""
    aligned = pd.concat(residuals, axis=1, keys=range(len(residuals)))
    present = aligned.notna().to_numpy(dtype=float)
    common_dates = present.T @ present
    correlations = aligned.corr(min_periods=3).to_numpy()  # pairwise-complete: each pair on its common dates
    upper = np.triu(np.ones_like(common_dates, dtype=bool), k=1) & (common_dates > 2)
    if not upper.any():
        raise ValueError("no pair of residual series shares enough dates")
    return float(np.mean(correlations[upper]))


def kolari_pynnonen_factor(rbar: float, n: int) -> float:
    """Kolari and Pynnönen's adjustment factor ``sqrt((1 - rbar) / (1 + (n - 1) rbar))``."""
    denominator = 1 + (n - 1) * rbar
    if denominator <= 0 or rbar >= 1:
        raise ValueError(f"average correlation {rbar} is impossible for {n} stocks")
    return math.sqrt((1 - rbar) / denominator)


def kolari_pynnonen(scar, rbar: float) -> float:
    """The BMP statistic adjusted for the average cross-correlation ``rbar`` of the stocks' residuals."""
    return bmp_t(scar) * kolari_pynnonen_factor(rbar, len(np.asarray(scar)))


def holm(pvalues) -> np.ndarray:
    """Holm's step-down adjusted p-values, in the order given: reject where the result is below the level."""
    p = np.asarray(pvalues, float)
    order = np.argsort(p, kind="stable")
    m = len(p)
    adjusted = np.empty(m)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[index]))
        adjusted[index] = running
    return adjusted


@dataclass(frozen=True)
class Reversal:
    """What followed the event day: ``after`` (the CAR from day +1 to the end) against the day's ``day0`` AR."""

    day0: float
    after: float
    se_after: float
    z_no_reversal: float  # H0: after = 0 (the day's move stayed)
    z_full_reversal: float  # H0: after = -day0 (the day's move was undone)
    power: float  # chance of rejecting "no reversal" at 5% if the move had been fully undone
    detectable: float  # the smallest reversal the test finds 80% of the time (same units as day0)
    z_day0: float = math.nan  # the day's AR over its standard error, when given

    @property
    def share_reversed(self) -> float:
        return -self.after / self.day0 if self.day0 else math.nan

    @property
    def reading(self) -> str:
        if abs(self.z_day0) < CRITICAL:
            return "no move to reverse: the day's abnormal return is not distinguishable from zero"
        stayed, undone = abs(self.z_no_reversal) >= CRITICAL, abs(self.z_full_reversal) >= CRITICAL
        continued = (self.after < 0) == (self.day0 < 0)
        if not stayed and not undone:
            return "cannot tell a one-day move from a lasting one: neither “no reversal” nor “full reversal” can be rejected"
        if not stayed and undone:
            return "lasting: a full reversal is rejected, and what followed is not distinguishable from no reversal"
        if stayed and not undone:
            if continued:
                return "extended: the move continued after the day"
            return "reversed: what followed differs from no reversal and is consistent with a full reversal"
        if continued:
            return "extended: the move continued after the day"
        return "partly reversed: both no reversal and a full reversal are rejected" if self.share_reversed < 1 else "more than reversed"


def reversal_test(day0: float, after: float, se_after: float, se_day0: float | None = None) -> Reversal:
    """Tests of no and of full reversal, and the power of the first against a full reversal.

    With ``se_day0`` (the day's standard error), a day whose abnormal return is not
    distinguishable from zero reads as having no move to reverse.
    """
    if se_after <= 0:
        raise ValueError("the standard error must be positive")
    shift = abs(day0) / se_after
    power = normal_cdf(shift - CRITICAL) + normal_cdf(-shift - CRITICAL)
    z_day0 = day0 / se_day0 if se_day0 else math.nan
    return Reversal(day0, after, se_after, after / se_after, (after + day0) / se_after, power, (CRITICAL + POWER_Z) * se_after, z_day0)


def distinguishable(p: float, level: float = 0.05) -> str:
    """Plain words for a two-sided test's outcome at ``level``."""
    return "distinguishable from zero" if p < level else "not distinguishable from zero"
