"""The cost arithmetic and the figure-tracing checks."""

from __future__ import annotations

import pandas as pd
import pytest

from deepseek_factcheck.cost import analysis as cost
from deepseek_factcheck.ledger.checks import CHECKS, Claim, parse_args
from deepseek_factcheck.themes import build_ledger
from deepseek_factcheck.ledger.build import load_evidence

STAGES = pd.DataFrame({"stage": ["a", "b"], "h800_gpu_hours": [1000, 500], "reported_usd": [2000.0, 999.0]})


def test_the_rebuilt_cost_flags_a_stage_that_does_not_add_up():
    table = cost.v3_cost(STAGES)
    assert list(table["computed_usd"]) == [2000.0, 1000.0, 3000.0]
    assert list(table["agrees"]) == [True, False, False]


def test_sensitivity_is_linear_in_the_price():
    table = cost.sensitivity(STAGES, [1.0, 2.0, 4.0])
    assert list(table["run_cost_usd"]) == [1500.0, 3000.0, 6000.0]


def test_owning_costs_a_share_of_the_purchase_plus_energy():
    owned = cost.Ownership(gpu_price=35040.0, lifetime_years=1, watts_per_gpu=1000, usd_per_kwh=0.1).run_cost(8760)
    assert owned["hardware_usd"] == pytest.approx(35040.0)  # a full year of one GPU is its whole price
    assert owned["energy_usd"] == pytest.approx(876.0)


def test_price_ratios_and_per_cent_cheaper():
    prices = pd.DataFrame([
        {"model": "cheap", "input_cache_hit_usd": 0.1, "input_cache_miss_usd": 0.5, "output_usd": 2.0},
        {"model": "dear", "input_cache_hit_usd": 5.0, "input_cache_miss_usd": 10.0, "output_usd": 40.0},
    ])
    r = cost.price_ratios(prices, [("cheap", "dear")]).set_index("component")
    assert r.loc["input, from cache", "ratio"] == pytest.approx(50)
    assert r.loc["output", "percent_cheaper"] == pytest.approx(95)
    assert r.loc["blend: 3 input (not cached) : 1 output", "ratio"] == pytest.approx((30 + 40) / (1.5 + 2.0))


@pytest.fixture(scope="module")
def evidence():
    return load_evidence()


def _claim(stated, value, unit, args):
    return Claim(id="999-001", seed="999", quote=stated, theme="cost", kind="figure", stated=stated, stated_value=value,
                 stated_unit=unit, check="cost.figure", args=parse_args(args))


def test_a_figure_is_accurate_for_its_own_thing_and_misleading_for_another(evidence):
    run = _claim("$5.6 million", "5600000", "USD", "means=v3-final-run-usd")
    r1 = _claim("$5.6 million", "5600000", "USD", "means=r1-development-cost-usd")
    nothing = _claim("$123 million", "123000000", "USD", "means=v3-final-run-usd")  # no figure in the evidence is ~$123m
    assert CHECKS["cost.figure"](run, evidence).verdict == "accurate"
    assert CHECKS["cost.figure"](r1, evidence).verdict == "misleading"
    assert CHECKS["cost.figure"](nothing, evidence).verdict == "inaccurate"


def test_after_the_cost_chapter_no_cost_claim_is_pending():
    entries = [e for e in build_ledger() if e.claim.theme == "cost"]
    assert entries and all(e.verdict != "pending" for e in entries)
