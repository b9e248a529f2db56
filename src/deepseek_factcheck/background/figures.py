"""Chart specifications for the chapter 'Dates, people and announcements' (data: DeepSeek's benchmark table)."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from ..core.charts import figure
from .checks import benchmark_wins


# Metrics on DeepSeek's table that are not on a 0-100 scale; every other metric is a percentage.
RATING_METRICS = {"Rating"}
PERCENT_SCALE = "percentage points"
RATING_SCALE = "rating points"


def benchmark_differences(table: pd.DataFrame) -> pd.DataFrame:
    """DeepSeek's benchmark table (``data/benchmarks.csv``) shaped for the chart: one row per
    benchmark and metric, with R1's score minus o1-1217's, the scale that difference is on,
    which model the row favours, and whether R1 wins the benchmark as the check counts it
    (better on every metric reported for it, :func:`~deepseek_factcheck.background.checks.benchmark_wins`).
    """
    is_rating = table["metric"].isin(RATING_METRICS)
    percent = table.loc[~is_rating, ["deepseek_r1", "openai_o1_1217"]]
    if ((percent < 0) | (percent > 100)).any().any():
        raise ValueError("a percent-scale benchmark score lies outside 0-100: add its metric to RATING_METRICS or fix the data")
    difference = (table["deepseek_r1"] - table["openai_o1_1217"]).round(1)
    r1_better = (table["deepseek_r1"] > table["openai_o1_1217"]) == table["higher_is_better"]
    favours = r1_better.map({True: "DeepSeek-R1", False: "OpenAI o1-1217"}).where(difference != 0, "neither")
    wins = benchmark_wins(table)
    return pd.DataFrame(
        {
            "benchmark": table["benchmark"],
            "metric": table["metric"],
            "row": table["benchmark"] + " (" + table["metric"] + ")",
            "deepseek_r1": table["deepseek_r1"],
            "openai_o1_1217": table["openai_o1_1217"],
            "difference": difference,
            "scale": is_rating.map({True: RATING_SCALE, False: PERCENT_SCALE}),
            "favours": favours,
            "r1_wins_benchmark": table["benchmark"].map(wins),
        }
    ).reset_index(drop=True)


def _signed(value: float, decimals: int) -> str:
    """``+2.5``, ``\u221232``: the sign always shown, a true minus sign."""
    return f"{value:+,.{decimals}f}".replace("-", "\u2212")


def benchmarks_alt_text(data: pd.DataFrame) -> str:
    """The chart's text alternative, from the shaped data (:func:`benchmark_differences`)."""
    percent = data[data["scale"] == PERCENT_SCALE].sort_values("difference", ascending=False)
    rating = data[data["scale"] == RATING_SCALE]
    listing = "; ".join(f"{r.row} {_signed(r.difference, 1)}" for r in percent.itertuples())
    wins = data.drop_duplicates("benchmark")["r1_wins_benchmark"]
    text = (
        "Horizontal bars of DeepSeek-R1's score minus OpenAI o1-1217's on each row of DeepSeek's own benchmark table, "
        f"in percentage points for the {len(percent):,} percent-scale rows: {listing}."
    )
    if not rating.empty:
        text += " A second panel, on an axis of the same length per point, shows the rating rows in rating points: " + "; ".join(
            f"{r.row} {_signed(r.difference, 0)} (R1 {r.deepseek_r1:,.0f}, o1-1217 {r.openai_o1_1217:,.0f})" for r in rating.itertuples()
        ) + "."
    text += f" Counting each benchmark once, R1 is ahead on {int(wins.sum()):,} of {len(wins):,}."
    return text


def benchmarks_chart(table: pd.DataFrame) -> alt.VConcatChart:
    """R1 minus o1-1217 per benchmark row: percent-scale rows in one panel, rating rows in another
    (a rating point is not a percentage point, so each panel has its own axis, but one length per point
    in both, so the gaps compare as numbers); colour: the model favoured."""
    data = benchmark_differences(table)
    palette = {"DeepSeek-R1": "#0072B2", "OpenAI o1-1217": "#E69F00", "neither": "#999999"}
    shown = [name for name in palette if name in set(data["favours"])]
    colours = alt.Scale(domain=shown, range=[palette[name] for name in shown])
    base = alt.Chart(data)
    # one length per point in both panels: a 32-point gap is drawn twice as long as a 16-point one
    reach = math.ceil(float(data["difference"].abs().max()) / 10) * 10  # a round reach, so a tick falls on zero
    shared = alt.Scale(domain=[-reach, reach], nice=False)

    def panel(scale: str, title: str, height: int) -> alt.LayerChart:
        rows = data[data["scale"] == scale].sort_values("difference", ascending=False)["row"].tolist()
        y = alt.Y("row:N", title=None, sort=rows)
        bars = base.mark_bar().encode(
            y=y,
            x=alt.X("difference:Q", title=f"R1 minus o1-1217, {scale}", scale=shared),
            color=alt.Color("favours:N", title="Better score", scale=colours),
            tooltip=[
                alt.Tooltip("benchmark:N", title="Benchmark"),
                alt.Tooltip("metric:N", title="Metric"),
                alt.Tooltip("deepseek_r1:Q", title="DeepSeek-R1"),
                alt.Tooltip("openai_o1_1217:Q", title="OpenAI o1-1217"),
                alt.Tooltip("difference:Q", title="Difference"),
            ],
        )
        # the zero line is decorative: aria=False keeps it out of the accessibility tree (a mark
        # with no field has no description, and an unnamed graphics-symbol fails axe svg-img-alt)
        rule = base.mark_rule(color="#444", aria=False).encode(x=alt.datum(0))
        return (
            alt.layer(bars, rule)
            .transform_filter(alt.datum.scale == scale)
            .properties(width=420, height=height, title=title)
        )

    chart = alt.vconcat(
        panel(PERCENT_SCALE, "Scores in percent", 260),
        panel(RATING_SCALE, "Codeforces rating", 30),
    ).resolve_scale(x="independent", color="shared")
    return figure(chart, "background-benchmarks", benchmarks_alt_text(data))
