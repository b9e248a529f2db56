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


def test_ratios_are_judged_on_one_scale_whatever_form_they_take():
    """One price pair, 27.3 times (96.3% cheaper): each wording is converted to a multiple with its own
    rounding and hedge, so the verdicts follow the stated multiple, not the form of the words."""
    from deepseek_factcheck.ledger.approx import read_multiple, to_multiple

    assert to_multiple(96, "percent cheaper") == pytest.approx(25)
    assert to_multiple(0.02, "ratio") == pytest.approx(50) and to_multiple(1, "percent") == pytest.approx(100)
    measured = 27.34
    assert read_multiple("around 96%", "96", "percent cheaper").contains(measured)  # 95.5-96.5% cheaper: 22.2 to 28.6 times
    assert read_multiple("27 times", "27", "times").contains(measured)
    assert not read_multiple("a factor of around 20", "20", "times").contains(measured)  # 15 to 25 times
    assert not read_multiple("around 95%", "95", "percent cheaper").contains(measured)  # 20 times, as "a factor of 20"
    assert read_multiple("less than 1%", "1", "percent").contains(108) and not read_multiple("less than 1%", "1", "percent").contains(100)
    assert read_multiple("1/50th", "0.02", "ratio").describe() == "45 to 56.25"


def test_a_close_number_of_another_kind_does_not_make_a_claim_misleading(evidence):
    """'1/50th' of a training cost: an API price ratio (53.6 times) is close, but not the same kind of quantity."""
    claim = _claim("1/50th", "0.02", "ratio", "means=v3-over-gpt-4-epoch")
    finding = CHECKS["cost.figure"](claim, evidence)
    assert finding.verdict == "inaccurate" and "another kind" in finding.explanation
    price = _claim("1/50th", "0.02", "ratio", "means=r1-vs-o1-blend-fraction")  # the same kind: a price ratio
    assert CHECKS["cost.figure"](price, evidence).verdict == "misleading"


def test_an_amount_known_several_ways_must_hold_on_each_to_be_established(evidence):
    """The source ladder: DeepSeek's own figure (the V3 run) and an analyst's estimate (server spending)."""
    def compare(versus):
        claim = Claim(id="999-002", seed="999", quote="q", theme="cost", kind="comparison", stated="", stated_value="",
                      stated_unit="", check="cost.compare",
                      args=parse_args(f"this=semianalysis-server-capex-1-6bn,v3-final-run-usd;versus={versus};relation=much-lower"))
        return CHECKS["cost.compare"](claim, evidence)

    both = compare("bigtech-capex-2025-plans")  # $1.6bn and $5.6m are each a small fraction of $215bn
    assert both.verdict == "accurate" and both.rule == "source-ladder"
    some = compare("amodei-1bn-training-runs-2024")  # $5.6m is under half of $1bn; the $1.6bn estimate is not
    assert some.verdict == "unsupported" and "does not hold" in some.explanation
