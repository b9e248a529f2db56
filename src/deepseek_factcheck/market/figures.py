"""Chart specifications for the market chapter (data from :mod:`.analysis`).

Each function returns a finished figure (:func:`deepseek_factcheck.core.charts.figure`): its
text alternative is computed from the same data, so it says what the chart shows.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..core.charts import OKABE_ITO, end_labels, figure, shock_day_mark, zero_rule
from ..core.text import count_of
from .analysis import CONFOUNDERS, GROUPS, MODELS, PROXY_MODEL, STUDY_GROUPS, WINDOW_SHORT, WINDOWS, EventStudy
from .eventstudy import CRITICAL

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
        alt.layer(bars, lows, zero_rule(), data=data)
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


def _study_label(group: str) -> str:
    return STUDY_GROUPS[group][0]


STUDY_ORDER = [label for label, _ in STUDY_GROUPS.values()]


def car_paths_chart(study: EventStudy) -> alt.LayerChart:
    """Lines with 95% bands: each study group's cumulative abnormal return under the main model; rules: confounding results."""
    groups = study.units[study.units["unit"] == "group"].set_index("series")
    data = study.paths.assign(
        group_label=lambda f: f["unit"].map(_study_label), date=lambda f: f["date"].map(str),
        low=lambda f: f["car_pct"] - CRITICAL * f["se_pct"], high=lambda f: f["car_pct"] + CRITICAL * f["se_pct"],
    )[["group_label", "date", "car_pct", "se_pct", "low", "high"]]
    drawn = data.dropna(subset=["car_pct"])
    domain = [label for label in STUDY_ORDER if label in set(drawn["group_label"])]
    last = drawn.sort_values("date").groupby("group_label").tail(1)
    span = drawn["high"].max() - drawn["low"].min()
    events = pd.DataFrame([{"date": str(first), "what": f"{text} ({announced:%-d %b}, after the close)"} for announced, first, text in CONFOUNDERS])
    rules = alt.Chart(events).mark_rule(color="#444", strokeDash=[3, 3]).encode(
        x="date:T", tooltip=[alt.Tooltip("what:N", title="First close after")])
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#333", aria=False).encode(y="y:Q")

    def layout(direct: bool, width: int) -> alt.LayerChart:
        """Each line named at its end (``direct``), or in a legend below (a phone has no room beside the lines)."""
        legend = None if direct else alt.Legend(orient="bottom", direction="vertical")
        color = alt.Color("group_label:N", title=None, sort=domain, scale=alt.Scale(domain=domain, range=OKABE_ITO[: len(domain)]), legend=legend)
        base = alt.Chart(drawn).encode(x=alt.X("date:T", title=None), color=color)
        band = base.mark_area(opacity=0.12).encode(y=alt.Y("low:Q", title="Cumulative abnormal return (%)"), y2="high:Q")
        lines = base.mark_line(point=True).encode(
            y="car_pct:Q",
            tooltip=[alt.Tooltip("group_label:N", title="Group"), alt.Tooltip("date:T"), alt.Tooltip("car_pct:Q", title="CAR (%)", format="+.1f"),
                     alt.Tooltip("se_pct:Q", title="Standard error (points)", format=".1f")],
        )
        layers = [band, zero, rules, shock_day_mark(), lines]
        if direct:
            layers.append(alt.Chart(end_labels(last, "car_pct", gap=span * 0.06)).mark_text(align="left", dx=6, fontSize=11).encode(
                x="date:T", y="label_at:Q", text="group_label:N", color=color))
        return alt.layer(*layers).properties(width=width, height=300)

    ends = study.paths.sort_values("date").groupby("unit").tail(1).set_index("unit")
    ends = ends.loc[[g for g in STUDY_GROUPS if g in ends.index]]
    text = "; ".join(
        f"{_study_label(g)} ({count_of(int(groups.loc[g, 'n_stocks']), 'stock')}): {ends.loc[g, 'car_pct']:+.1f}% by 28 February, "
        f"95% band {ends.loc[g, 'car_pct'] - CRITICAL * ends.loc[g, 'se_pct']:+.1f}% to {ends.loc[g, 'car_pct'] + CRITICAL * ends.loc[g, 'se_pct']:+.1f}%"
        for g in ends.index
    )
    return figure(
        layout(direct=True, width=420),
        "market-car-paths", phone=layout(direct=False, width=300), alt_text=
        "Lines of the cumulative abnormal return of each equally weighted group portfolio from 27 January to 28 February 2025, "
        "against a market model on the S&P 500, each in a shaded 95% band that widens with time and named at its end; a solid "
        "line marks 27 January and dashed vertical lines mark "
        f"the first closes after big-tech and Nvidia's quarterly results. {text}.",
    )


def event_study_chart(study: EventStudy, window: str = "to-28-feb") -> alt.FacetChart:
    """Dots with 95% intervals (MacKinlay's full variance): each stock's CAR over ``window``; diamonds: its event-day AR."""
    cars = study.cars[(study.cars["unit"] == "stock") & (study.cars["model"] == PROXY_MODEL) & (study.cars["missing"] == "")]
    day0 = cars[cars["window"] == "0"].set_index("series")["car"]
    data = cars[cars["window"] == window].assign(
        group_label=lambda f: f["group"].map(_study_label), label=lambda f: f["name"] + " (" + f["series"] + ")",
        ar0=lambda f: f["series"].map(day0), ci_low=lambda f: f["car"] - CRITICAL * f["se"], ci_high=lambda f: f["car"] + CRITICAL * f["se"],
    )[["series", "label", "group_label", "ar0", "car", "ci_low", "ci_high", "z", "p_holm"]]
    base = alt.Chart().encode(y=alt.Y("label:N", sort=list(data.sort_values("car")["label"]), title=None))
    interval = base.mark_rule(color="#999").encode(x=alt.X("ci_low:Q", title="Abnormal return (%)"), x2="ci_high:Q")
    car = base.mark_point(filled=True, size=60, color=OKABE_ITO[0]).encode(
        x="car:Q",
        tooltip=[alt.Tooltip("label:N", title="Stock"), alt.Tooltip("ar0:Q", title="AR on 27 Jan (%)", format="+.1f"),
                 alt.Tooltip("car:Q", title="CAR (%)", format="+.1f"), alt.Tooltip("z:Q", title="z (full variance)", format=".2f"),
                 alt.Tooltip("p_holm:Q", title="p, Holm-adjusted", format=".2f")],
    )
    ar0 = base.mark_point(shape="diamond", size=50, color=FALL).encode(x="ar0:Q")
    chart = (
        alt.layer(zero_rule(), interval, car, ar0, data=data)
        .properties(width=380)
        .facet(row=alt.Row("group_label:N", title=None, sort=STUDY_ORDER, header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top", labelFontWeight="bold")))
        .resolve_scale(y="independent")
    )
    alone = data[data["z"].abs() >= CRITICAL]
    holm = data[data["p_holm"] < 0.05]
    return figure(
        chart,
        "market-event-study",
        "For each US-listed stock studied, a diamond marks the abnormal return on 27 January 2025 and a dot the cumulative abnormal "
        "return to 28 February with its 95% interval (grey line), which allows for the estimation error of the market model. "
        f"{len(alone)} of {len(data)} {'interval excludes' if len(alone) == 1 else 'intervals exclude'} zero"
        + (": " + ", ".join(f"{r['label']} {r['car']:+.1f}%" for _, r in alone.sort_values("car").iterrows()) if len(alone) else "")
        + f"; after Holm's adjustment for testing {len(data)} stocks, {len(holm)} do.",
    )


def windows_chart(study: EventStudy) -> alt.FacetChart:
    """Dots with 95% intervals: each group's CAR in each event window, under the S&P 500 market model and against the Dow."""
    models = {PROXY_MODEL: MODELS[PROXY_MODEL], "dow": MODELS["dow"]}
    labels = [WINDOW_SHORT[key] for key, _, _ in WINDOWS]
    data = study.cars[(study.cars["unit"] == "group") & study.cars["model"].isin(list(models)) & (study.cars["missing"] == "")].assign(
        group_label=lambda f: f["series"].map(_study_label), model_label=lambda f: f["model"].map(models),
        label=lambda f: f["window"].map(WINDOW_SHORT),
        ci_low=lambda f: f["car"] - CRITICAL * f["se"], ci_high=lambda f: f["car"] + CRITICAL * f["se"],
        stocks=lambda f: f["n_stocks"].astype(int),
    )[["group_label", "model_label", "label", "car", "ci_low", "ci_high", "z", "stocks"]]
    base = alt.Chart().encode(
        y=alt.Y("label:N", sort=labels, title=None),
        yOffset=alt.YOffset("model_label:N", sort=list(models.values())),
        color=alt.Color("model_label:N", title="Benchmark", sort=list(models.values()),
                        scale=alt.Scale(domain=list(models.values()), range=[OKABE_ITO[0], OKABE_ITO[2]]),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=320)),
    )
    interval = base.mark_rule().encode(x=alt.X("ci_low:Q", title="Cumulative abnormal return (%)"), x2="ci_high:Q")
    dots = base.mark_point(filled=True, size=50).encode(
        x="car:Q",
        tooltip=[alt.Tooltip("group_label:N", title="Group"), alt.Tooltip("model_label:N", title="Benchmark"), alt.Tooltip("label:N", title="Window"),
                 alt.Tooltip("car:Q", title="CAR (%)", format="+.1f"), alt.Tooltip("z:Q", format=".2f"), alt.Tooltip("stocks:Q", title="Stocks")],
    )
    zero = alt.Chart().mark_rule(color="#666", aria=False).encode(x=alt.datum(0))
    chart = (
        alt.layer(zero, interval, dots, data=data)
        .properties(width=360, height=alt.Step(9))
        .facet(row=alt.Row("group_label:N", title=None, sort=STUDY_ORDER, header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top", labelFontWeight="bold")))
    )
    main = data[data["model_label"] == models[PROXY_MODEL]]
    shortest, longest = labels[0], labels[-1]
    def _at(label):
        part = main[main["label"] == label].set_index("group_label")
        return "; ".join(f"{g} {r['car']:+.1f}% (z {r['z']:.1f})" for g, r in part.iterrows())
    return figure(
        chart,
        "market-event-windows",
        "For each group portfolio, dots with 95% intervals show the cumulative abnormal return over event windows from one day "
        "to five weeks, against the S&P 500 market model and against the Dow; the intervals widen as the window lengthens. "
        f"Against the S&P 500, {shortest}: {_at(shortest)}. {longest}: {_at(longest)}.",
    )


def value_losses_chart(losses: pd.DataFrame) -> alt.Chart:
    """Bars with ranges: one-day market-value losses, computed as price change times the share counts in circulation."""
    data = losses.assign(low_bn=lambda f: -f["loss_high"] / 1e9, high_bn=lambda f: -f["loss_low"] / 1e9,
                         mid_bn=lambda f: -(f["loss_low"] + f["loss_high"]) / 2e9)[["event", "low_bn", "high_bn", "mid_bn", "change_pct"]]
    base = alt.Chart(data).encode(y=alt.Y("event:N", sort=list(data["event"]), title=None))
    bars = base.mark_bar(color=FALL, opacity=0.8).encode(
        x=alt.X("mid_bn:Q", title="Market value lost in one day (US$ billion)", axis=alt.Axis(tickCount=5, labelSeparation=8)),
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
    last = data.sort_values("date").groupby("series").tail(1)
    spread = data.groupby("group_label")["index"].agg(lambda v: v.max() - v.min())
    labels = pd.concat([end_labels(part, "index", gap=0.09 * spread[group]) for group, part in last.groupby("group_label")])
    y = alt.Y("index:Q", title=f"{base_label} = 100", scale=alt.Scale(zero=False))
    color = alt.Color("series:N", title=None, legend=None)
    lines = alt.Chart(data).mark_line(strokeWidth=1.5).encode(
        x=alt.X("date:T", title=None), y=y, color=color,
        tooltip=[alt.Tooltip("name:N"), alt.Tooltip("series:N"), alt.Tooltip("date:T"), alt.Tooltip("index:Q", format=".1f")],
    )
    names = alt.Chart(labels).mark_text(align="left", dx=4, fontSize=10).encode(x="date:T", y="label_at:Q", text="series:N", color=color)
    hundred = alt.Chart(data).mark_rule(color="#666", strokeDash=[4, 4], aria=False).encode(y=alt.datum(100))

    def panel(group: str) -> alt.LayerChart:
        mine = alt.datum.group_label == group
        return alt.layer(hundred.transform_filter(mine), shock_day_mark("27 Jan"), lines.transform_filter(mine), names.transform_filter(mine)).properties(
            width=200, height=170, title=alt.Title(group, anchor="start", fontSize=12, fontWeight="bold"))

    panels = [panel(group) for group in GROUP_ORDER if group in set(data["group_label"])]
    chart = alt.concat(*panels, columns=2).resolve_scale(y="independent", color="independent")
    last = data.sort_values("date").groupby("series").tail(1)
    lows, highs = _extremes(last.assign(chg=last["index"] - 100), "chg", n=3)
    return figure(
        chart,
        "market-price-paths",
        f"Small multiples, one per group, of each series' closes from December 2024 to February 2025 indexed to {base_label} = 100, "
        "each line named by its ticker at its end and 27 January marked. "
        f"Change from {base_label} to the last day: lowest {lows}; highest {highs}.",
    )
