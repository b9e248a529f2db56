"""The Reproducibility page's tables: targets are judged from the measurements, not typed."""

from __future__ import annotations

from deepseek_factcheck.site import performance as perf


def _results(clean=100.0, floor=90.0, nochange=20.0, page_kb=900.0, chart_s=0.8, nochange_executed=0, one_executed=1):
    return {
        "builds": {"ratios": {"clean_over_floor": clean / floor, "no_change_over_clean": nochange / clean,
                              "one_chapter_over_its_execution_plus_floor": 0.5},
                   "no_change": {"notebooks_executed": nochange_executed}, "one_chapter": {"notebooks_executed": one_executed}},
        "pages": [{"page": "a.html", "first_visit_gzip_kb": page_kb}, {"page": "b.html", "first_visit_gzip_kb": 10.0}],
        "charts": [{"page": "a.html", "seconds_to_all_drawn": chart_s}],
        "scale": [{"articles": 100, "ms_per_article": 10.0}, {"articles": 1000, "ms_per_article": 12.0}],
    }


def test_targets_are_met_or_not_by_the_numbers():
    met = perf.targets_table(_results())
    assert list(met["Met"]) == ["yes"] * 5
    missed = perf.targets_table(_results(clean=200.0, nochange=60.0, page_kb=1700.0, chart_s=1.3)).set_index("Target")["Met"]
    assert (missed == "no").sum() == 4


def test_a_fast_rebuild_that_executes_too_much_misses_its_target():
    missed = perf.targets_table(_results(nochange_executed=1, one_executed=2)).set_index("Target")["Met"]
    assert (missed == "no").sum() == 2
    assert all("executes" in target for target in missed[missed == "no"].index)


def test_growth_is_the_cost_per_article_at_scale_over_small():
    assert perf.growth(_results()) == 1.2
