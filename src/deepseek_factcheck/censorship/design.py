"""Statistics that respect how the censorship tests were designed: repeats of one question are not independent.

* :func:`cluster_bootstrap`: a 95% interval for a pooled rate, resampling whole questions (Efron and Tibshirani 1993,
  the percentile interval; Field and Welsh 2007 on resampling clusters), with a fixed seed;
* :func:`sign_test`: the exact two-sided sign test on paired questions (ties dropped), which is also the exact McNemar
  test when each pair is one yes-or-no outcome;
* :func:`paired_counts`: per question, whether one condition (a language, a service) was blocked more, less or as often.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

SEED = 20250127  # the day of the sell-off; fixed so that every build prints the same interval
RESAMPLES = 10_000


def cluster_bootstrap(k: list[int], n: list[int], resamples: int = RESAMPLES, seed: int = SEED) -> tuple[float, float]:
    """95% percentile interval of sum(k) / sum(n) when whole clusters (questions) are resampled with replacement.

    ``k[i]`` of ``n[i]`` trials of cluster ``i`` were blocked. The interval is the 2.5th and 97.5th percentiles of the
    pooled rate over ``resamples`` draws of as many clusters as there are.
    """
    k_arr, n_arr = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    if len(k_arr) == 0 or len(k_arr) != len(n_arr) or (n_arr <= 0).any() or (k_arr < 0).any() or (k_arr > n_arr).any():
        raise ValueError("clusters need 0 <= k <= n and n > 0")
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(k_arr), size=(resamples, len(k_arr)))
    rates = k_arr[picks].sum(axis=1) / n_arr[picks].sum(axis=1)
    low, high = np.percentile(rates, [2.5, 97.5])
    return float(low), float(high)


def sign_test(more: int, less: int) -> float:
    """Exact two-sided sign test: the chance of a split at least as uneven as ``more`` against ``less`` if either
    direction were equally likely (ties already dropped). 1.0 when there are no untied pairs."""
    if more < 0 or less < 0:
        raise ValueError("counts cannot be negative")
    pairs = more + less
    if pairs == 0:
        return 1.0
    tail = sum(math.comb(pairs, i) for i in range(min(more, less) + 1)) / 2 ** pairs
    return min(1.0, 2 * tail)


def paired_counts(frame: pd.DataFrame, condition: str, first: str, second: str, unit: str = "query_index",
                  value: str = "blocked") -> dict:
    """Per ``unit`` (a question), compare ``value`` under ``condition == first`` with ``condition == second``.

    ``{"more", "less", "same", "pairs", "p"}``: on how many questions ``first`` was higher, lower, equal, and the sign
    test's p-value over the untied ones. Both conditions must cover the same units.
    """
    wide = frame.pivot_table(index=unit, columns=condition, values=value, aggfunc="sum")
    if first not in wide or second not in wide or wide[[first, second]].isna().any().any():
        raise ValueError(f"{first} and {second} do not cover the same {unit}s")
    diff = wide[first] - wide[second]
    more, less = int((diff > 0).sum()), int((diff < 0).sum())
    return {"more": more, "less": less, "same": int((diff == 0).sum()), "pairs": len(diff), "p": sign_test(more, less)}


def p_text(p: float) -> str:
    """A p-value for a reader: ``"0.87"``, ``"0.003"``, ``"below 0.001"``."""
    if p < 0.001:
        return "below 0.001"
    return f"{p:.3f}" if p < 0.01 else f"{p:.2f}"
