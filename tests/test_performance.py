"""The Reproducibility page's tables: targets are judged from the measurements, not typed."""

from __future__ import annotations

from deepseek_factcheck.site import performance as perf


def _results(clean=100.0, rerender=40.0, one_table=40.0, nochange=20.0, one_chapter=30.0, page_kb=400.0, chart_s=0.8,
             nochange_executed=0, one_executed=1, ci=300.0):
    return {
        "builds": {"ratios": {"clean_over_rerender": clean / rerender, "one_table_over_clean": one_table / clean,
                              "no_change_over_clean": nochange / clean, "one_chapter_over_clean": one_chapter / clean},
                   "no_change": {"notebooks_executed": nochange_executed}, "one_chapter": {"notebooks_executed": one_executed}},
        "pages": [{"page": "a.html", "first_visit_gzip_kb": page_kb}, {"page": "b.html", "first_visit_gzip_kb": 10.0}],
        "charts": [{"page": "a.html", "seconds_to_all_drawn": chart_s}],
        "scale": [{"articles": 100, "ms_per_article": 10.0}, {"articles": 1000, "ms_per_article": 12.0}],
        **({"ci": {"seconds": ci, "commit": "abc1234", "cpus": 2}} if ci is not None else {}),
    }


def test_targets_are_met_or_not_by_the_numbers():
    met = perf.targets_table(_results())
    assert list(met["Met"]) == ["yes"] * 7
    assert perf.missed_targets(_results()).empty
    missed = perf.targets_table(_results(clean=200.0, one_table=120.0, nochange=60.0, page_kb=700.0, chart_s=1.3, ci=400.0))
    missed = missed.set_index("Target")
    assert (missed["Met"] != "yes").sum() == 6  # all but the one-chapter edit (30 s of a 200 s clean build)


def test_a_missed_target_says_by_how_much_and_why():
    table = perf.missed_targets(_results(clean=150.0, rerender=30.0)).set_index("Target")
    assert len(table) == 1
    row = table.iloc[0]
    assert row["Met"] == "no, 67% over the limit"  # 150 / 30 = 5, against 3
    assert "kernel" in row["Why it is missed"]
    assert perf.targets_table(_results())["Why it is missed"].eq("").all()


def test_a_fast_rebuild_that_executes_too_much_misses_its_target():
    missed = perf.targets_table(_results(nochange_executed=1, one_executed=2)).set_index("Target")["Met"]
    assert (missed != "yes").sum() == 2
    assert all("executes" in target for target in missed[missed != "yes"].index)


def test_a_ci_run_not_measured_is_said_so():
    row = perf.targets_table(_results(ci=None)).set_index("Target").filter(like="CI", axis=0).iloc[0]
    assert row["Met"] == "not measured"


def test_growth_is_the_cost_per_article_at_scale_over_small():
    assert perf.growth(_results()) == 1.2


def test_an_unmeasured_target_is_not_called_missed():
    results = _results(ci=None)
    assert perf.missed_targets(results).empty
    assert perf.unmeasured_targets(results) == ["A CI run under 6 minutes on 2 cores"]


def test_the_page_lists_each_missed_target_and_says_when_all_are_met():
    assert perf.missed_html(_results()) == "<p>Every target is met.</p>"
    text = perf.missed_html(_results(clean=150.0, rerender=30.0, ci=None))
    assert text.count("<li>") == 2 and "67% over the limit" in text and "Not measured" in text
