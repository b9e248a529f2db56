"""Chart specifications for the cost chapter (data from :mod:`.analysis`)."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from ..core.charts import OKABE_ITO, figure

DEEPSEEK = "#D55E00"
OTHERS = "#0072B2"


def sensitivity_chart(table: pd.DataFrame, report_price: float, observed: pd.Series, ownership_per_hour: float,
                      period: str = "") -> alt.LayerChart:
    """Line: the V3 run's cost against the price per GPU hour; rules: the report's price, the cheapest and
    median rental offers (``observed``, of ``period``), owning."""
    data = table.assign(run_cost_musd=table["run_cost_usd"] / 1e6)[["usd_per_gpu_hour", "run_cost_musd"]]
    line = alt.Chart(data).mark_line(point=True, color=OTHERS).encode(
        x=alt.X("usd_per_gpu_hour:Q", title="Price per GPU hour (US$)"),
        y=alt.Y("run_cost_musd:Q", title="Cost of the final run (US$ million)"),
        tooltip=[alt.Tooltip("usd_per_gpu_hour:Q", title="$/GPU hour", format=".2f"), alt.Tooltip("run_cost_musd:Q", title="$ million", format=".2f")],
    )
    marks = pd.DataFrame([
        {"price": report_price, "label": f"the report's ${report_price:.2f}"},
        {"price": observed["min"], "label": f"cheapest rental offer ${observed['min']:.2f}"},
        {"price": observed["median"], "label": f"median rental offer ${observed['median']:.2f}"},
        {"price": ownership_per_hour, "label": f"owning the cluster ≈ ${ownership_per_hour:.2f}"},
    ])
    marks = marks.sort_values("price").reset_index(drop=True)
    # one line of text per mark, stacked from the top, on the side of its line with more room
    middle = (data["usd_per_gpu_hour"].min() + data["usd_per_gpu_hour"].max()) / 2
    marks = marks.assign(row=marks.index * 15 + 10, side=marks["price"].map(lambda p: "left" if p < middle else "right"))
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#555").encode(x="price:Q", tooltip=["label:N"])
    labels = [
        alt.Chart(marks[marks["side"] == side]).mark_text(align=side, dx=4 if side == "left" else -4, fontSize=11, color="#333")
        .encode(x="price:Q", y=alt.Y("row:Q", scale=None), text="label:N")
        for side in ("left", "right")
    ]
    lo, hi = data.iloc[0], data.iloc[-1]
    return figure(
        alt.layer(line, rules, *labels).properties(width=480, height=300),
        "cost-sensitivity",
        f"A straight line of DeepSeek-V3's final-run cost against the price per GPU hour, from ${lo['run_cost_musd']:.1f} million at "
        f"${lo['usd_per_gpu_hour']:.2f} to ${hi['run_cost_musd']:.1f} million at ${hi['usd_per_gpu_hour']:.2f}. Dashed lines mark the report's "
        f"${report_price:.2f}, the cheapest (${observed['min']:.2f}) and median (${observed['median']:.2f}) of {int(observed['count'])} H100/H800 "
        f"on-demand rental offers{' of ' + period if period else ''} (one per provider and GPU), "
        f"and about ${ownership_per_hour:.2f} per hour for an owned cluster.",
    )


def power_of_ten(value: float) -> str:
    """A large number as a reader writes it without e-notation: 3.4e24 is "3.4 × 10^24"."""
    exponent = math.floor(math.log10(value))
    mantissa = round(value / 10 ** exponent, 1)
    if mantissa >= 10:  # 9.99e25 rounds up to 1.0 × 10^26, not 10.0 × 10^25
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{mantissa:.1f} × 10^{exponent}"


def frontier_chart(models: pd.DataFrame, same_basis: dict, highlight: list[str]) -> alt.VConcatChart:
    """Three log-scale scatter plots over time: training cost on the rental basis, on the amortised-hardware
    basis (both in Epoch's 2023 dollars, from :func:`..analysis.like_for_like`), and Epoch's training
    compute; DeepSeek marked."""
    from .analysis import standing

    dates = models.set_index("model")["publication_date"].map(str)
    kinds = {True: "DeepSeek-V3 and R1", False: "other models"}
    colour = alt.Color("deepseek:N", title=None, scale=alt.Scale(domain=[kinds[False], kinds[True]], range=["#9ab", DEEPSEEK]))
    size = alt.Size("deepseek:N", scale=alt.Scale(domain=[kinds[False], kinds[True]], range=[25, 120]), legend=None)

    def panel(data: pd.DataFrame, field: str, title: str, fmt: str, powers: bool = False) -> alt.Chart:
        """One scatter panel; ``powers``: the axis and tooltip write the value as a power of ten (10^24), never in e-notation."""
        value = alt.Tooltip("shown:N", title=title) if powers else alt.Tooltip(f"{field}:Q", title=title, format=fmt)
        tips = [alt.Tooltip("model:N"), alt.Tooltip("date:T"), value]
        if "source" in data:
            tips.append(alt.Tooltip("source:N", title="Source"))
        axis = alt.Axis(labelExpr="'10^' + round(log(datum.value) / LN10)", values=[10.0 ** k for k in range(18, 30)]) if powers else alt.Axis()
        return alt.Chart(data).mark_circle(opacity=0.8).encode(
            x=alt.X("date:T", title=None), y=alt.Y(f"{field}:Q", scale=alt.Scale(type="log"), title=title, axis=axis),
            color=colour, size=size, tooltip=tips).properties(width=480, height=180)

    def costs(rental: bool) -> pd.DataFrame:
        table = same_basis[rental]
        table = table[table["model"].isin(dates.index)]
        return table.assign(date=table["model"].map(dates), deepseek=table["model"].isin(highlight).map(kinds))

    rental, amortised = costs(True), costs(False)
    compute = models.dropna(subset=["training_compute_flop"]).assign(
        date=lambda d: d["publication_date"].map(str), deepseek=lambda d: d["model"].isin(highlight).map(kinds))[
        ["model", "date", "training_compute_flop", "deepseek"]]
    compute["shown"] = compute["training_compute_flop"].map(power_of_ten)

    def said(table: pd.DataFrame, name: str) -> str:
        where = standing(same_basis[name == "rental"], "DeepSeek-V3")
        return (f"{name}, {len(table)} models: the dearest {where['highest_model']} ${where['highest_usd'] / 1e6:,.0f}m; "
                f"DeepSeek-V3 ${where['cost_usd'] / 1e6:,.2f}m, with {where['above']} models above it")

    return figure(
        alt.vconcat(panel(rental, "cost_2023_usd", "Rental cost, 2023 US$ (log)", "$,.3s"),
                    panel(amortised, "cost_2023_usd", "Amortised cost, 2023 US$ (log)", "$,.3s"),
                    panel(compute, "training_compute_flop", "Training compute, FLOP (log)", "", powers=True)),
        "cost-frontier",
        f"Three log-scale scatter plots over time of Epoch AI's estimates for models published since 2016. Final-run training "
        f"cost on one basis each, in 2023 dollars: {said(rental, 'rental')}; {said(amortised, 'amortised hardware and energy')}. "
        f"Training compute, {len(compute)} models. DeepSeek's are marked.",
    )


def _price_pairs(ratios: pd.DataFrame) -> pd.DataFrame:
    """One row per component and model: its price per million tokens."""
    rows = []
    for _, r in ratios.iterrows():
        cheap, dear = r["pair"].split(" vs ")
        rows += [{"component": r["component"], "model": cheap, "usd": r["cheaper_usd"]},
                 {"component": r["component"], "model": dear, "usd": r["dearer_usd"]}]
    return pd.DataFrame(rows)


def prices_chart(ratios: pd.DataFrame) -> alt.LayerChart:
    """Dots joined by a line (no bars: a log scale has no zero to start a bar from): API prices per
    million tokens, both models, per component, on a log scale."""
    data = _price_pairs(ratios)
    y = alt.Y("component:N", title=None, sort=list(dict.fromkeys(data["component"])))
    x = alt.X("usd:Q", scale=alt.Scale(type="log", zero=False, nice=False, padding=12), title="US$ per million tokens (log scale)")
    gap = alt.Chart(data).mark_rule(color="#999", strokeWidth=2).encode(y=y, x=alt.X("min(usd):Q", scale=alt.Scale(type="log", zero=False)), x2="max(usd):Q")
    dots = alt.Chart(data).mark_point(filled=True, size=110, opacity=1).encode(
        y=y, x=x,
        color=alt.Color("model:N", title=None, scale=alt.Scale(range=[DEEPSEEK, OKABE_ITO[0]])),
        shape=alt.Shape("model:N", title=None, scale=alt.Scale(range=["circle", "diamond"])),
        tooltip=["component:N", "model:N", alt.Tooltip("usd:Q", format="$.2f")],
    )
    chart = alt.layer(gap, dots).properties(width=440, height=alt.Step(40))
    text = "; ".join(f"{r['component']}: ${r['cheaper_usd']:.2f} against ${r['dearer_usd']:.2f} ({r['ratio']:.1f} times)" for _, r in ratios.iterrows())
    return figure(chart, "cost-api-prices", f"Pairs of dots joined by a line, on a log scale, of API list prices per million tokens. {text}.")


def ratios_chart(ratios: pd.DataFrame) -> alt.LayerChart:
    """Bars from 1 (the same price): how many times the cheaper model's price the dearer one charges, per component."""
    data = ratios.assign(times=ratios["ratio"].round(1), label=ratios["ratio"].map(lambda v: f"{v:.1f}×"))[
        ["pair", "component", "cheaper_usd", "dearer_usd", "ratio", "times", "label"]]
    cheap, dear = data["pair"].iloc[0].split(" vs ")
    y = alt.Y("component:N", title=None, sort=list(data["component"]))
    bars = alt.Chart(data).mark_bar(color=OKABE_ITO[0], height=18).encode(
        y=y, x=alt.X("ratio:Q", title=f"{dear}'s price as a multiple of {cheap}'s", scale=alt.Scale(domainMin=0)),
        tooltip=["component:N", alt.Tooltip("cheaper_usd:Q", title=f"{cheap} (US$)", format="$.2f"),
                 alt.Tooltip("dearer_usd:Q", title=f"{dear} (US$)", format="$.2f"), alt.Tooltip("ratio:Q", title="times", format=".1f")])
    labels = alt.Chart(data).mark_text(align="left", dx=4, fontSize=12).encode(y=y, x="ratio:Q", text="label:N")
    same = alt.Chart().mark_rule(color="#444", strokeDash=[3, 3], aria=False).encode(x=alt.datum(1))
    chart = alt.layer(bars, labels, same).properties(width=400, height=alt.Step(30))
    text = "; ".join(f"{r['component']} {r['ratio']:.1f} times" for _, r in data.iterrows())
    return figure(chart, "cost-price-ratios",
                  f"Horizontal bars of how many times {cheap}'s price per million tokens {dear} charged at launch, by component, "
                  f"with a dashed line at one (the same price): {text}.")


def range_chart(rows: pd.DataFrame, title: str, marks: list[tuple[float, str]], name: str, alt_text: str,
                log: bool = False, fmt: str = "$,.2f") -> alt.LayerChart:
    """Horizontal range bars, one per row of ``rows`` (columns label, low, high, and central where known, drawn as a
    tick), in the order given, with dashed rules at ``marks`` (value, label)."""
    scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
    order = list(rows["label"])
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=220))
    tips = [alt.Tooltip("label:N", title="Part"), alt.Tooltip("low:Q", title="low", format=fmt), alt.Tooltip("high:Q", title="high", format=fmt)]
    bars = alt.Chart(rows).mark_bar(height=14, color=OTHERS, opacity=0.75).encode(
        y=y, x=alt.X("low:Q", scale=scale, title=title), x2="high:Q", tooltip=tips)
    layers = [bars]
    if "central" in rows and rows["central"].notna().any():
        layers.append(alt.Chart(rows.dropna(subset=["central"])).mark_tick(color="#000", thickness=2, size=20).encode(
            y=y, x="central:Q", tooltip=[*tips, alt.Tooltip("central:Q", title="central", format=fmt)]))
    rules = pd.DataFrame([{"value": v, "mark": m} for v, m in marks])
    layers.append(alt.Chart(rules).mark_rule(strokeDash=[4, 3], color=DEEPSEEK).encode(x="value:Q", tooltip=["mark:N"]))
    for i, side in enumerate(("left", "right")):  # the first label right of its rule, the second left of it: they never overlap
        layers.append(alt.Chart(rules.iloc[i::2]).mark_text(align=side, dx=3 if side == "left" else -3, dy=-6, fontSize=11,
                                                            color="#333", baseline="bottom").encode(x="value:Q", y=alt.value(0), text="mark:N"))
    return figure(alt.layer(*layers).properties(width=420, height=max(120, 34 * len(rows))), name, alt_text)


def owning_chart(sweep: pd.DataFrame, central: float, floor: float, report_price: float) -> alt.LayerChart:
    """The cost per GPU hour of an owned cluster: the range of each assumption moved alone, and all together,
    around the central case; the report's price and the floor marked."""
    rows = sweep.rename(columns={"assumption": "label", "low_usd": "low", "high_usd": "high"}).assign(central=central)
    together = rows.iloc[-1]
    widest = rows.iloc[0]
    return range_chart(
        rows[["label", "low", "high", "central"]], "Cost per GPU hour of an owned cluster (US$)",
        [(report_price, f"report ${report_price:.2f}"), (floor, f"floor ${floor:.2f}")], "cost-owning",
        f"Horizontal range bars of the cost per GPU hour of owning DeepSeek's cluster, around a central case of ${central:.2f}. "
        f"Moving one assumption at a time, the {widest['label']} matters most (${widest['low']:.2f} to ${widest['high']:.2f}); "
        f"all together the range is ${together['low']:.2f} to ${together['high']:.2f}. The report's ${report_price:.2f} lies inside it, "
        f"above the ${floor:.2f} floor of hardware written off in straight lines plus electricity.")


def development_chart(parts: pd.DataFrame, report_usd: float) -> alt.LayerChart:
    """The parts of a development cost for V3 and R1, each a low-to-high range with its central value (log scale);
    the report's figure marked."""
    rows = parts.rename(columns={"part": "label"})
    total = rows.iloc[-1]
    text = "; ".join(f"{r['label']} ${r['low'] / 1e6:,.1f}m to ${r['high'] / 1e6:,.1f}m" for _, r in rows.iterrows())
    return range_chart(
        rows, "US$ (log scale)", [(report_usd, f"the report's ${report_usd / 1e6:.2f}m")], "cost-development",
        f"Horizontal range bars on a log scale of what developing V3 and R1 may have cost, by part: {text}. "
        f"The report's ${report_usd / 1e6:.2f} million is {'below' if report_usd < total['low'] else 'inside'} the total's range "
        f"(central ${total['central'] / 1e6:,.0f} million).",
        log=True, fmt="$,.3s")
