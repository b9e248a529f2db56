"""Chart specifications for the market chapter (data from :mod:`.analysis`).

Each function returns a finished figure (:func:`deepseek_factcheck.core.charts.figure`): its
text alternative is computed from the same data, so it says what the chart shows.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..core.charts import OKABE_ITO, figure
from .analysis import GROUPS

FALL, RISE = "#D55E00", "#0072B2"  # Okabe–Ito vermillion and blue
GROUP_ORDER = list(GROUPS.values())


def _extremes(frame: pd.DataFrame, column: str, label: str = "name", n: int = 3) -> tuple[str, str]:
    ordered = frame.dropna(subset=[column]).sort_values(column)
    low = ", ".join(f"{r[label]} {r[column]:+.1f}%" for _, r in ordered.head(n).iterrows())
    high = ", ".join(f"{r[label]} {r[column]:+.1f}%" for _, r in ordered.tail(n).iloc[::-1].iterrows())
    return low, high


def day_moves_chart(moves: pd.DataFrame, day_label: str) -> alt.FacetChart:
    """Bars: each series' close-to-close change on the day, sorted within its group; ticks: the intraday low."""
    data = moves.dropna(subset=["change_pct"]).assign(
        group_label=lambda f: f["group"].map(GROUPS),
        direction=lambda f: f["change_pct"].map(lambda v: "fell" if v < 0 else "rose"),
        label=lambda f: f["name"] + " (" + f["series"] + ")",
    )[["series", "label", "group_label", "change_pct", "low_pct", "direction"]]
    base = alt.Chart().encode(y=alt.Y("label:N", sort=list(data.sort_values("change_pct")["label"]), title=None))
    bars = base.mark_bar().encode(
        x=alt.X("change_pct:Q", title="Change from the previous close (%)"),
        color=alt.Color("direction:N", scale=alt.Scale(domain=["fell", "rose"], range=[FALL, RISE]), title="Close"),
        tooltip=[alt.Tooltip("label:N", title="Series"), alt.Tooltip("change_pct:Q", title="Close vs previous (%)", format="+.2f"),
                 alt.Tooltip("low_pct:Q", title="Intraday low vs previous close (%)", format="+.2f")],
    )
    lows = base.mark_tick(color="black", thickness=2, size=10).encode(x="low_pct:Q")
    chart = (
        alt.layer(bars, lows, data=data)
        .properties(width=380)
        .facet(row=alt.Row("group_label:N", title=None, sort=GROUP_ORDER, header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top", labelFontWeight="bold")))
        .resolve_scale(y="independent")
    )
    falls, rises = _extremes(moves, "change_pct")
    return figure(
        chart,
        "market-day-moves",
        f"Horizontal bars of each stock's, index's and commodity's change from the previous close on {day_label}, in groups, "
        f"sorted; black ticks mark the intraday low where the data has it. Largest falls: {falls}. Largest rises: {rises}.",
    )


def car_paths_chart(paths: pd.DataFrame, results: pd.DataFrame) -> alt.Chart:
    """Lines: each group portfolio's cumulative abnormal return from the event day to the window's end."""
    groups = results[results["unit"] == "group"].set_index("series")
    data = paths[paths["unit"].isin(groups.index)].assign(group_label=lambda f: f["unit"].map(GROUPS), date=lambda f: f["date"].map(str))
    chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("car_pct:Q", title="Cumulative abnormal return (%)"),
            color=alt.Color("group_label:N", title="Group portfolio", sort=GROUP_ORDER,
                            scale=alt.Scale(domain=GROUP_ORDER, range=OKABE_ITO[: len(GROUP_ORDER)]), legend=alt.Legend(columns=2)),
            tooltip=[alt.Tooltip("group_label:N", title="Group"), alt.Tooltip("date:T"), alt.Tooltip("car_pct:Q", title="CAR (%)", format="+.1f")],
        )
        .properties(width=480, height=280)
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#666", aria=False).encode(y="y:Q")
    ends = "; ".join(
        f"{GROUPS[g]}: {r['ar0']:+.1f}% on the day, {r['car_end']:+.1f}% by the end (t = {r['t_car_end']:.1f})"
        for g, r in groups.iterrows()
    )
    return figure(
        alt.layer(zero, chart),
        "market-car-paths",
        "Lines of the cumulative abnormal return of each equally weighted group portfolio, from 27 January to 28 February 2025, "
        f"against a market model on the S&P 500. {ends}.",
    )


def event_study_chart(results: pd.DataFrame) -> alt.FacetChart:
    """Dots with 95% intervals: each stock's cumulative abnormal return to the end, and its event-day abnormal return."""
    data = results[(results["unit"] == "stock") & (results["skipped"] == "")].assign(
        group_label=lambda f: f["group"].map(GROUPS), label=lambda f: f["name"] + " (" + f["series"] + ")"
    )[["series", "label", "group_label", "ar0", "car_end", "ci_low", "ci_high", "t_car_end"]]
    base = alt.Chart().encode(y=alt.Y("label:N", sort=list(data.sort_values("car_end")["label"]), title=None))
    interval = base.mark_rule(color="#999").encode(x=alt.X("ci_low:Q", title="Abnormal return (%)"), x2="ci_high:Q")
    car = base.mark_point(filled=True, size=60, color=OKABE_ITO[0]).encode(
        x="car_end:Q",
        tooltip=[alt.Tooltip("label:N", title="Stock"), alt.Tooltip("ar0:Q", title="AR on 27 Jan (%)", format="+.1f"),
                 alt.Tooltip("car_end:Q", title="CAR to 28 Feb (%)", format="+.1f"), alt.Tooltip("t_car_end:Q", title="t", format=".1f")],
    )
    ar0 = base.mark_point(shape="diamond", size=50, color=FALL).encode(x="ar0:Q")
    chart = (
        alt.layer(interval, car, ar0, data=data)
        .properties(width=380)
        .facet(row=alt.Row("group_label:N", title=None, sort=GROUP_ORDER, header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top", labelFontWeight="bold")))
        .resolve_scale(y="independent")
    )
    lasting = data[(data["t_car_end"].abs() >= 1.96)]
    return figure(
        chart,
        "market-event-study",
        "For each US-listed stock, a diamond marks the abnormal return on 27 January 2025 and a dot the cumulative abnormal "
        "return to 28 February with its 95% interval (grey line). "
        f"{len(lasting)} of {len(data)} stocks still had a cumulative abnormal return distinguishable from zero at the end: "
        + (", ".join(f"{r['label']} {r['car_end']:+.1f}%" for _, r in lasting.sort_values('car_end').iterrows()) or "none") + ".",
    )


def value_losses_chart(losses: pd.DataFrame) -> alt.Chart:
    """Bars with ranges: one-day market-value losses, computed as price change times the share counts in circulation."""
    data = losses.assign(low_bn=lambda f: -f["loss_high"] / 1e9, high_bn=lambda f: -f["loss_low"] / 1e9,
                         mid_bn=lambda f: -(f["loss_low"] + f["loss_high"]) / 2e9)[["event", "low_bn", "high_bn", "mid_bn", "change_pct"]]
    base = alt.Chart(data).encode(y=alt.Y("event:N", sort=list(data["event"]), title=None))
    bars = base.mark_bar(color=FALL, opacity=0.8).encode(
        x=alt.X("mid_bn:Q", title="Market value lost in one day (US$ billion)"),
        tooltip=[alt.Tooltip("event:N"), alt.Tooltip("low_bn:Q", title="Least (bn)", format=",.1f"),
                 alt.Tooltip("high_bn:Q", title="Most (bn)", format=",.1f"), alt.Tooltip("change_pct:Q", title="Price change (%)", format="+.2f")],
    )
    ranges = base.mark_rule(color="black", strokeWidth=2).encode(x="low_bn:Q", x2="high_bn:Q")
    text = "; ".join(f"{r['event']}: ${r['low_bn']:,.0f}bn to ${r['high_bn']:,.0f}bn ({r['change_pct']:+.1f}%)" for _, r in data.iterrows())
    return figure(
        alt.layer(bars, ranges).properties(width=420, height=40 * len(data)),
        "market-value-losses",
        f"Horizontal bars of one-day losses of market value, each with a black line for the range the share counts give. {text}.",
    )


def indexed_paths_chart(paths: pd.DataFrame, base_label: str) -> alt.FacetChart:
    """Lines: closes indexed to the base day = 100, one panel per group."""
    data = paths.assign(group_label=lambda f: f["group"].map(GROUPS), date=lambda f: f["date"].map(str))[["series", "name", "group_label", "date", "index"]]
    lines = alt.Chart().mark_line(strokeWidth=1.5).encode(
        x=alt.X("date:T", title=None),
        y=alt.Y("index:Q", title=f"{base_label} = 100", scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=None, legend=None),
        tooltip=[alt.Tooltip("name:N"), alt.Tooltip("series:N"), alt.Tooltip("date:T"), alt.Tooltip("index:Q", format=".1f")],
    )
    hundred = alt.Chart().mark_rule(color="#666", strokeDash=[4, 4], aria=False).encode(y=alt.datum(100))
    chart = (
        alt.layer(hundred, lines, data=data)
        .properties(width=240, height=160)
        .facet(facet=alt.Facet("group_label:N", title=None, sort=GROUP_ORDER), columns=2)
        .resolve_scale(y="independent", color="independent")
    )
    last = data.sort_values("date").groupby("series").tail(1)
    lows, highs = _extremes(last.assign(chg=last["index"] - 100), "chg", n=3)
    return figure(
        chart,
        "market-price-paths",
        f"Small multiples, one per group, of each series' closes from December 2024 to February 2025 indexed to {base_label} = 100. "
        f"Change from {base_label} to the last day: lowest {lows}; highest {highs}.",
    )
