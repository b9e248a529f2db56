"""Chart specifications: the data each chart draws, its panels and its computed text alternative."""

import pandas as pd
import pytest

from deepseek_factcheck.core.charts import spec_records
from deepseek_factcheck.ledger.checks import CHECKS, Claim
from deepseek_factcheck.background.checks import benchmark_wins
from deepseek_factcheck.background.figures import (
    PERCENT_SCALE, RATING_SCALE, benchmark_differences, benchmarks_alt_text, benchmarks_chart,
)
from deepseek_factcheck.ledger.build import load_evidence
from deepseek_factcheck.core.tables import load_table


@pytest.fixture(scope="module")
def benchmarks():
    return load_table("benchmarks")


def _table(rows):
    return pd.DataFrame(rows, columns=["benchmark", "metric", "deepseek_r1", "openai_o1_1217", "higher_is_better"])


def test_benchmark_differences_keep_every_row_and_put_ratings_on_their_own_scale(benchmarks):
    data = benchmark_differences(benchmarks)
    assert len(data) == len(benchmarks)
    codeforces = data[data["benchmark"] == "Codeforces"].set_index("metric")
    assert codeforces.loc["Rating", "scale"] == RATING_SCALE and codeforces.loc["Percentile", "scale"] == PERCENT_SCALE
    assert (data.loc[data["scale"] == PERCENT_SCALE, ["deepseek_r1", "openai_o1_1217"]] <= 100).all().all()
    expected = (benchmarks["deepseek_r1"] - benchmarks["openai_o1_1217"]).round(1).tolist()
    assert data["difference"].tolist() == expected


def test_the_chart_counts_wins_as_the_check_does(benchmarks):
    data = benchmark_differences(benchmarks)
    wins = data.drop_duplicates("benchmark").set_index("benchmark")["r1_wins_benchmark"]
    assert wins.equals(benchmark_wins(benchmarks).rename("r1_wins_benchmark").rename_axis("benchmark"))
    claim = Claim(id="999-001", seed="999", quote="q", theme="other", kind="comparison", stated="", stated_value="",
                  stated_unit="", check="other.benchmarks", args={"asserts": "comparable"})
    finding = CHECKS["other.benchmarks"](claim, load_evidence())
    assert f"on {int(wins.sum())} of {len(wins)} benchmarks" in finding.found


def test_favoured_model_respects_lower_is_better_and_a_benchmark_needs_every_metric():
    table = _table([
        ["Up", "Pass@1", 60.0, 50.0, True],
        ["Down", "Error", 60.0, 50.0, False],  # lower is better: o1-1217's 50 is the better score
        ["Tie", "Pass@1", 40.0, 40.0, True],
        ["Split", "Percentile", 90.0, 80.0, True],
        ["Split", "Rating", 1900.0, 2000.0, True],
    ])
    data = benchmark_differences(table).set_index("row")
    assert data.loc["Up (Pass@1)", "favours"] == "DeepSeek-R1"
    assert data.loc["Down (Error)", "favours"] == "OpenAI o1-1217"
    assert data.loc["Tie (Pass@1)", "favours"] == "neither"
    assert not data.loc["Split (Percentile)", "r1_wins_benchmark"]  # behind on the rating, so not a win


def test_a_percent_score_outside_0_to_100_is_refused():
    with pytest.raises(ValueError, match="outside 0-100"):
        benchmark_differences(_table([["Elo", "Elo", 1316.0, 1300.0, True]]))


def test_benchmarks_chart_is_a_figure_with_two_panels_and_all_rows(benchmarks):
    spec = benchmarks_chart(benchmarks).to_dict()
    assert spec["usermeta"] == {"figure": "background-benchmarks"}
    assert len(spec["vconcat"]) == 2
    assert len(spec_records(spec)) == len(benchmarks)  # the data file holds every row, both panels
    filters = [str(panel.get("transform")) for panel in spec["vconcat"]]
    assert PERCENT_SCALE in filters[0] and RATING_SCALE in filters[1]


def test_alt_text_is_computed_from_the_data(benchmarks):
    text = benchmarks_alt_text(benchmark_differences(benchmarks))
    for name in benchmarks["benchmark"]:
        assert name in text
    assert "SimpleQA (Correct) \u221216.9" in text and "R1 2,029, o1-1217 2,061" in text
    assert "R1 is ahead on 5 of 10" in text
    changed = benchmarks.assign(deepseek_r1=benchmarks["openai_o1_1217"] + 1)
    assert "R1 is ahead on 10 of 10" in benchmarks_alt_text(benchmark_differences(changed))


def test_training_compute_is_written_as_a_power_of_ten_never_in_e_notation():
    from deepseek_factcheck.cost.figures import power_of_ten

    assert power_of_ten(3.4e24) == "3.4 × 10^24"
    assert power_of_ten(1e27) == "1.0 × 10^27"
    assert power_of_ten(9.99e25) == "1.0 × 10^26"
