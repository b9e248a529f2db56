"""The cost arithmetic and the figure-tracing checks."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from deepseek_factcheck.cost import analysis as cost
from deepseek_factcheck.cost.checks import candidates
from deepseek_factcheck.ledger.checks import CHECKS, Claim, parse_args
from deepseek_factcheck.themes import shared_ledger
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


def test_the_annuity_repays_the_capital_with_interest():
    # 8% over 4 years, by hand: 1.08^4 = 1.36048896, so 0.08 / (1 - 1 / 1.36048896) = 0.3019208
    assert cost.annuity_factor(0.08, 4) == pytest.approx(0.3019208, abs=1e-7)
    assert cost.annuity_factor(0.0, 4) == 0.25  # no interest: a straight-line write-off
    # the payments, discounted at the same rate, repay exactly the capital
    assert sum(cost.annuity_factor(0.08, 4) / 1.08 ** t for t in range(1, 5)) == pytest.approx(1.0)


def test_the_full_cost_of_owning_adds_overheads_interest_and_idle_hours():
    owning = cost.Ownership(gpu_price=10000.0, lifetime_years=4, watts_per_gpu=1000, usd_per_kwh=0.1,
                            overheads=0.25, cost_of_capital=0.08, utilisation=0.8)
    # by hand: capital 12,500 x 0.3019208 = 3,774.01 a year, 0.4308231 an hour; energy 0.1 an hour;
    # (0.4308231 + 0.1) / 0.8 hours used = 0.6635289
    assert owning.per_gpu_hour() == pytest.approx(0.6635289, abs=1e-6)
    run = owning.run_cost(800)  # 800 hours of use take 1,000 hours of the cluster
    assert run["energy_usd"] == pytest.approx(100.0)
    assert run["total_usd"] == pytest.approx(800 * 0.6635289, abs=1e-3)
    floor = cost.Ownership(gpu_price=10000.0, lifetime_years=4, watts_per_gpu=1000, usd_per_kwh=0.1)
    assert floor.per_gpu_hour() == pytest.approx(10000 / 4 / 8760 + 0.1)


def test_the_issue_check_dollars_two_is_a_plausible_full_cost_and_a_dollar_25_a_floor(evidence):
    """80% of hours in use, overheads of 25% and 8% cost of capital on the recorded H800 prices: about $2.25."""
    cases = cost.owning_cases(evidence.table("gpu_prices"))
    assert cases["floor"].per_gpu_hour() == pytest.approx(1.25, abs=0.01)
    assert cases["central"].per_gpu_hour() == pytest.approx(2.25, abs=0.05)
    assert cases["low"].per_gpu_hour() < cost.REPORT_PRICE < cases["high"].per_gpu_hour()


def test_the_sweep_moves_one_assumption_at_a_time_around_the_central_case(evidence):
    sweep = cost.owning_sweep(evidence.table("gpu_prices"))
    central = cost.owning_cases(evidence.table("gpu_prices"))["central"].per_gpu_hour()
    one_at_a_time = sweep[sweep["assumption"] != "all together"]
    assert (one_at_a_time["low_usd"] < central).all() and (one_at_a_time["high_usd"] > central).all()
    widths = one_at_a_time["high_usd"] - one_at_a_time["low_usd"]
    assert list(widths) == sorted(widths, reverse=True)
    together = sweep.iloc[-1]
    assert together["low_usd"] < one_at_a_time["low_usd"].min() and together["high_usd"] > one_at_a_time["high_usd"].max()


def test_the_development_range_adds_research_compute_and_staff_to_the_runs():
    one = cost.Ownership(gpu_price=8760.0, lifetime_years=1, watts_per_gpu=0, usd_per_kwh=0)  # $1 an hour
    cases = {"low": one, "central": replace(one, gpu_price=2 * 8760.0), "high": replace(one, gpu_price=3 * 8760.0)}
    r1 = pd.DataFrame({"stage": ["r"], "h800_gpu_hours": [100], "reported_usd": [200.0]})
    table = cost.development_range(STAGES, r1, cases).set_index("part")
    # runs: 1,600 hours at $1 / $2 / $3; research 1, 2.5 and 4 times that; staff 29%, 39%, 49% of the whole
    assert list(table.loc["V3's final run"]) == pytest.approx([1500, 3000, 4500])
    assert list(table.loc["research compute"]) == pytest.approx([1600, 3200 * 2.5, 4800 * 4])
    compute_low = 1600 + 1600
    assert table.loc["staff", "low"] == pytest.approx(compute_low * 0.29 / 0.71)
    assert table.loc["total", "low"] == pytest.approx(compute_low / 0.71)
    assert table.loc["total", "high"] == pytest.approx((4800 + 4800 * 4) / 0.51)


def test_r1_against_epoch_compares_shares_of_v3():
    v3 = pd.DataFrame({"stage": ["a"], "h800_gpu_hours": [1000], "reported_usd": [2000.0]})
    r1 = pd.DataFrame({"stage": ["b", "c"], "h800_gpu_hours": [40, 10], "reported_usd": [80.0, 20.0]})
    frontier = pd.DataFrame({"model": ["DeepSeek-V3", "DeepSeek-R1"], "training_compute_flop": [1e24, 1.2e24], "cost_2023_usd": [4e6, 5e6]})
    got = cost.r1_against_epoch(r1, v3, frontier)
    assert got["disclosed_share"] == pytest.approx(0.05)
    assert got["epoch_cost_share"] == pytest.approx(0.25)
    assert got["epoch_compute_share"] == pytest.approx(0.2) and got["epoch_hours"] == pytest.approx(200)


def test_the_blend_and_the_break_even_in_output_tokens():
    prices = pd.DataFrame({"model": ["cheap", "dear"], "input_cache_miss_usd": [1.0, 10.0], "output_usd": [2.0, 60.0]})
    assert cost.blend_price(prices, "dear") == pytest.approx((30 + 60) / 4)
    # 30,000 output tokens at $2 a million cost what 1,000 cost at $60
    assert cost.break_even_tokens(prices, "cheap", "dear") == 30.0


def test_r1_stages_add_up_to_the_reported_294_thousand(evidence):
    table = cost.v3_cost(evidence.table("r1_training_cost"))
    assert bool(table["agrees"].all()) and table.iloc[-1]["computed_usd"] == 294000


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
    entries = [e for e in shared_ledger() if e.claim.theme == "cost"]
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


def test_a_close_number_is_not_enough_when_the_claimed_quantity_has_no_known_kind(evidence):
    """Numerical closeness alone never makes a claim misleading: the figure the claim means must be of a known kind."""
    unknown = _claim("$5.6 million", "5600000", "USD", "means=a-quantity-nobody-described")
    assert CHECKS["cost.figure"](unknown, evidence).verdict == "unsupported"
    r1 = _claim("$5.6 million", "5600000", "USD", "means=r1-development-cost-usd")  # a training cost: V3's run is a plausible path
    assert CHECKS["cost.figure"](r1, evidence).verdict == "misleading"


def test_a_share_of_a_development_cost_is_not_traced_to_a_share_of_spending(evidence):
    finding = CHECKS["cost.figure"](_claim("less than 1%", "1", "percent", "means=r1-over-o1-development-cost"), evidence)
    assert finding.verdict == "misleading" and "capital spending" not in finding.explanation


def test_facts_carry_the_kind_of_quantity_they_give(evidence):
    pool, _ = candidates(evidence)
    kinds = {c.key: c.about for c in pool}
    assert kinds["semianalysis-server-capex-1-6bn"] == cost.SPENDING
    assert kinds["v3-usd-total"] == cost.TRAINING and kinds["semianalysis-highflyer-a100-2021"] == cost.HARDWARE
    count = _claim("10 000", "10000", "count", "means=v3-cluster-2048-h800")  # a GPU count for a GPU count
    assert CHECKS["cost.figure"](count, evidence).verdict == "misleading"


def test_undercutting_the_whole_market_is_judged_on_the_smallest_factor(evidence):
    prices = evidence.table("api_prices")
    rivals = [m for m in prices["model"] if not m.startswith("DeepSeek")]
    assert {"OpenAI o1", "OpenAI GPT-4o", "Anthropic Claude 3.5 Sonnet"} <= set(rivals)
    pool, _ = candidates(evidence)
    market = next(c for c in pool if c.key == "r1-vs-market-blend-ratio")
    assert market.value == pytest.approx(min(cost.blend_price(prices, m) for m in rivals) / cost.blend_price(prices, "DeepSeek-R1"))
    finding = CHECKS["cost.figure"](_claim("a factor of around 20", "20", "times", "means=r1-vs-market-blend-ratio"), evidence)
    assert finding.verdict == "inaccurate" and "GPT-4o" in finding.explanation


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
    assert some.verdict == "unsupported" and "not established" in some.opening and "$1.6bn, is not" in some.opening


# Epoch's figures on one basis: a hand-made extract. Model "amo" matches its amortised figure (100 vs 98),
# "rent" its rental figure (210 vs 200), "own" the company's own rental figure (97 vs 100), "inc" includes
# "own", "odd" matches neither within 15% (150 vs 100 and 300), "gone" has no database figure.
FRONTIER = pd.DataFrame({"model": ["amo", "rent", "own", "inc", "odd", "gone", "cheap"],
                         "cost_2023_usd": [100.0, 210.0, 97.0, 120.0, 150.0, None, None]})
METHODS = pd.DataFrame([
    {"model": "amo", "method": cost.RENTAL, "cost_usd": 400.0, "file": "model_costs.csv"},
    {"model": "amo", "method": cost.AMORTISED, "cost_usd": 98.0, "file": "model_costs.csv"},
    {"model": "rent", "method": cost.RENTAL, "cost_usd": 200.0, "file": "model_costs.csv"},
    {"model": "odd", "method": cost.AMORTISED, "cost_usd": 100.0, "file": "model_costs.csv"},
    {"model": "odd", "method": cost.RENTAL, "cost_usd": 300.0, "file": "model_costs.csv"},
    {"model": "gone", "method": cost.AMORTISED, "cost_usd": 1000.0, "file": "model_costs.csv"},
    {"model": "gone", "method": cost.RENTAL, "cost_usd": 5000.0, "file": "model_costs.csv"},
    {"model": "cheap", "method": cost.AMORTISED, "cost_usd": 10.0, "file": "model_costs.csv"},
    {"model": "amo", "method": cost.AMORTISED + " (updated)", "cost_usd": 100.0, "file": "model_costs_updated.csv"},
    {"model": "elsewhere", "method": cost.AMORTISED, "cost_usd": 9999.0, "file": "model_costs.csv"},
])


def _basis():
    return cost.epoch_basis(FRONTIER, METHODS, own_rental={"own": 100.0}, includes={"inc": "own"}).set_index("model")


def test_each_database_cost_is_labelled_by_the_method_it_matches():
    b = _basis()
    assert b.loc["amo", "basis"] == cost.AMORTISED and b.loc["amo", "ratio"] == pytest.approx(100 / 98)
    assert b.loc["rent", "basis"] == cost.RENTAL and b.loc["rent", "matched_usd"] == 200
    assert b.loc["own", "basis"] == cost.OWN_RENTAL and b.loc["own", "ratio"] == pytest.approx(0.97)
    assert b.loc["inc", "basis"] == cost.OWN_RENTAL + " (includes own)"  # 120 matches nothing itself
    assert b.loc["odd", "basis"] == "not known"  # 150/100 - 1 = 50%, 150/300 - 1 = -50%: both beyond 15%
    assert "gone" not in b.index and len(b) == 5  # only models with a database figure


def test_one_basis_never_mixes_rental_with_amortised_and_counts_every_costed_model():
    b = _basis().reset_index()
    rental = cost.one_basis(FRONTIER, METHODS, b, rental=True)
    # rental: database figures that rest on rental (rent 210, own 97, inc 120), then the methods file's
    # rental figures for the others (amo 400, odd 300, gone 5000); "elsewhere" is not in the extract
    assert dict(zip(rental["model"], rental["cost_2023_usd"])) == {"gone": 5000, "amo": 400, "odd": 300, "rent": 210, "inc": 120, "own": 97}
    amortised = cost.one_basis(FRONTIER, METHODS, b, rental=False, own={"own": 40.0})
    # amortised: amo's database 100 (not the file's 98, nor the updated file's), odd 100, gone 1000, cheap 10, own's estimate 40
    assert dict(zip(amortised["model"], amortised["cost_2023_usd"])) == {"gone": 1000, "amo": 100, "odd": 100, "own": 40, "cheap": 10}
    assert amortised.set_index("model").loc["own", "source"] == "this book's estimate"
    assert cost.standing(rental, "own") == {"highest_model": "gone", "highest_usd": 5000, "above": 5, "costed": 6, "cost_usd": 97}
    assert cost.standing(amortised, "own") == {"highest_model": "gone", "highest_usd": 1000, "above": 3, "costed": 5, "cost_usd": 40}


def test_v3_against_gpt_4_is_computed_on_each_basis_in_one_dollar_year():
    """The hand-computed case: V3 Epoch's $5.39m (rental, 2023 $) over GPT-4's rental $78.56m; and V3's owned-cluster
    cost over GPT-4's amortised $40.59m. Neither is V3's rental over GPT-4's amortised (0.133)."""
    stages = pd.DataFrame({"stage": ["all"], "h800_gpu_hours": [2_788_000], "reported_usd": [5_576_000.0]})
    frontier = pd.DataFrame({"model": ["DeepSeek-V3", "GPT-4"], "cost_2023_usd": [5_390_000.0, 40_586_593.0],
                             "hardware_quantity": [2048, 25000]})
    methods = pd.DataFrame([{"model": "GPT-4", "method": cost.RENTAL, "cost_usd": 78_562_017.0, "file": "model_costs.csv"},
                            {"model": "GPT-4", "method": cost.AMORTISED, "cost_usd": 40_695_706.0, "file": "model_costs.csv"}])
    gpus = pd.DataFrame({"hardware_model": [cost.H800], "purchase_usd_per_gpu": [35_040.0]})
    same = cost.like_for_like(stages, frontier, methods, gpus)
    assert same["factor"] == pytest.approx(5.39 / 5.576)
    # owned: 2,788,000 h / (4 years x 8,760 h) x $35,040 = $2,788,000; energy 2,788,000 h x 1.3 kW x $0.10 = $362,440
    owned_2023 = (2_788_000 + 362_440) * 5.39 / 5.576
    assert same["owned_2023_usd"] == pytest.approx(owned_2023)
    prices = pd.DataFrame([{"model": m, "input_cache_hit_usd": 1.0, "input_cache_miss_usd": 1.0, "output_usd": 1.0} for m in ("DeepSeek-R1", "OpenAI o1")])
    found = {c.key: c.value for c in cost.candidate_figures(stages, prices, frontier, 1.0, same)}
    assert found["v3-over-gpt-4-epoch"] == pytest.approx(5_390_000 / 78_562_017)  # 1/14.6
    assert found["v3-over-gpt-4-amortised"] == pytest.approx(owned_2023 / 40_586_593)
    # the amounts themselves, for comparisons on one basis (GPT-4's amortised is the database's, not the file's 40,695,706)
    assert found["deepseek-v3-cost-rental-2023usd"] == 5_390_000 and found["gpt-4-cost-rental-2023usd"] == 78_562_017
    assert found["deepseek-v3-cost-amortised-2023usd"] == pytest.approx(owned_2023) and found["gpt-4-cost-amortised-2023usd"] == 40_586_593
    assert not any(v == pytest.approx(5_576_000 / 40_586_593) or v == pytest.approx(5_390_000 / 40_586_593) for v in found.values())


def test_rental_offers_count_one_offer_per_provider_and_gpu_within_the_window():
    """Provider A lists one offer in three instance sizes (4, 4, 4) and again later (2): one offer, the median
    of its two listings, 3 (not 4, the median of its four records).
    B's 10 falls before the window, C's H800 at 3 inside it; D has only a 3-year commitment."""
    prices = pd.DataFrame([
        {"price_date": "2024-06-10", "hardware_model": "H100", "vendor": "A", "on_demand_usd_per_gpu_hour": 4.0, "committed_3y_usd_per_gpu_hour": None},
        {"price_date": "2024-06-10", "hardware_model": "H100", "vendor": "A", "on_demand_usd_per_gpu_hour": 4.0, "committed_3y_usd_per_gpu_hour": None},
        {"price_date": "2024-06-10", "hardware_model": "H100", "vendor": "A", "on_demand_usd_per_gpu_hour": 4.0, "committed_3y_usd_per_gpu_hour": None},
        {"price_date": "2024-12-01", "hardware_model": "H100", "vendor": "A", "on_demand_usd_per_gpu_hour": 2.0, "committed_3y_usd_per_gpu_hour": None},
        {"price_date": "2023-06-01", "hardware_model": "H100", "vendor": "B", "on_demand_usd_per_gpu_hour": 10.0, "committed_3y_usd_per_gpu_hour": None},
        {"price_date": "2024-08-01", "hardware_model": "H800", "vendor": "C", "on_demand_usd_per_gpu_hour": 3.0, "committed_3y_usd_per_gpu_hour": None},
        {"price_date": "2024-08-01", "hardware_model": "H800", "vendor": "D", "on_demand_usd_per_gpu_hour": None, "committed_3y_usd_per_gpu_hour": 2.5},
        {"price_date": "2024-08-01", "hardware_model": "A100", "vendor": "E", "on_demand_usd_per_gpu_hour": 1.0, "committed_3y_usd_per_gpu_hour": None},
    ])
    raw = cost.rental_price_range(prices, ("H100", "H800"))
    assert raw["count"] == 6 and raw["median"] == 4.0  # 2, 3, 4, 4, 4, 10: the repeats carry the median
    offers = cost.rental_offers(prices, ("H100", "H800"), ("2024-06-01", "2025-01-31"))
    assert list(zip(offers["vendor"], offers["price"], offers["records"])) == [("A", 3.0, 4), ("C", 3.0, 1)]  # A: median of 4 (June) and 2 (December)
    assert cost.offer_range(offers)["median"] == 3.0 and cost.offer_range(offers)["count"] == 2
    everywhere = cost.rental_offers(prices, ("H100", "H800"))
    assert cost.offer_range(everywhere)["median"] == 3.0 and cost.offer_range(everywhere)["max"] == 10.0  # A 3, C 3, B 10
    committed = cost.rental_offers(prices, ("H100", "H800"), column="committed_3y_usd_per_gpu_hour")
    assert list(committed["vendor"]) == ["D"] and committed.loc[0, "price"] == 2.5


def test_the_cost_script_reproduces_the_committed_tables_byte_for_byte(tmp_path):
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    raw = root.parent / "shared" / "sources" / "cost"
    if not raw.is_dir():
        pytest.skip("the raw cost files (../shared/sources/cost) are not beside the repository")
    spec = importlib.util.spec_from_file_location("curate_cost", root / "scripts" / "curate_cost.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(raw), "--out", str(tmp_path)]) == 0
    for name in ("frontier_models.csv", "frontier_cost_methods.csv", "gpu_prices.csv"):
        assert (tmp_path / name).read_bytes() == (root / "data" / name).read_bytes(), name
