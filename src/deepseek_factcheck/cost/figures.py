"""Chart specifications for the cost chapter (data from :mod:`.analysis`)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..core.charts import OKABE_ITO, figure

DEEPSEEK = "#D55E00"
OTHERS = "#0072B2"


def sensitivity_chart(table: pd.DataFrame, report_price: float, observed: pd.Series, ownership_per_hour: float) -> alt.LayerChart:
    """Line: the V3 run's cost against the price per GPU hour; rules: the report's price, the observed range, owning."""
    data = table.assign(run_cost_musd=table["run_cost_usd"] / 1e6)[["usd_per_gpu_hour", "run_cost_musd"]]
    line = alt.Chart(data).mark_line(point=True, color=OTHERS).encode(
        x=alt.X("usd_per_gpu_hour:Q", title="Price per GPU hour (US$)"),
        y=alt.Y("run_cost_musd:Q", title="Cost of the final run (US$ million)"),
        tooltip=[alt.Tooltip("usd_per_gpu_hour:Q", title="$/GPU hour", format=".2f"), alt.Tooltip("run_cost_musd:Q", title="$ million", format=".2f")],
    )
    marks = pd.DataFrame([
        {"price": report_price, "label": f"the report's ${report_price:.2f}"},
        {"price": observed["min"], "label": f"cheapest observed rental ${observed['min']:.2f}"},
        {"price": observed["median"], "label": f"median observed rental ${observed['median']:.2f}"},
        {"price": ownership_per_hour, "label": f"owning the cluster ≈ ${ownership_per_hour:.2f}"},
    ])
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#555").encode(x="price:Q", tooltip=["label:N"])
    labels = alt.Chart(marks).mark_text(angle=270, align="left", dx=4, dy=-4, fontSize=11, color="#333").encode(x="price:Q", y=alt.value(290), text="label:N")
    lo, hi = data.iloc[0], data.iloc[-1]
    return figure(
        alt.layer(line, rules, labels).properties(width=480, height=300),
        "cost-sensitivity",
        f"A straight line of DeepSeek-V3's final-run cost against the price per GPU hour, from ${lo['run_cost_musd']:.1f} million at "
        f"${lo['usd_per_gpu_hour']:.2f} to ${hi['run_cost_musd']:.1f} million at ${hi['usd_per_gpu_hour']:.2f}. Dashed lines mark the report's "
        f"${report_price:.2f}, the cheapest (${observed['min']:.2f}) and median (${observed['median']:.2f}) observed H100/H800 rental prices, "
        f"and about ${ownership_per_hour:.2f} per hour for an owned cluster.",
    )


def frontier_chart(models: pd.DataFrame, highlight: list[str]) -> alt.VConcatChart:
    """Two log-scale scatter plots over time: Epoch's training-cost and training-compute estimates, DeepSeek marked."""
    data = models.assign(
        deepseek=models["model"].isin(highlight).map({True: "DeepSeek-V3 and R1", False: "other models"}),
        date=models["publication_date"].map(str),
    )[["model", "organization", "date", "training_compute_flop", "cost_2023_usd", "deepseek"]]
    colour = alt.Color("deepseek:N", title=None, scale=alt.Scale(domain=["other models", "DeepSeek-V3 and R1"], range=["#9ab", DEEPSEEK]))
    tips = [alt.Tooltip("model:N"), alt.Tooltip("organization:N"), alt.Tooltip("date:T"),
            alt.Tooltip("cost_2023_usd:Q", title="Cost (2023 US$)", format="$,.3s"), alt.Tooltip("training_compute_flop:Q", title="FLOP", format=".2e")]
    base = alt.Chart(data).encode(x=alt.X("date:T", title=None), color=colour, tooltip=tips)
    size = alt.Size("deepseek:N", scale=alt.Scale(domain=["other models", "DeepSeek-V3 and R1"], range=[25, 120]), legend=None)
    cost_panel = base.transform_filter("isValid(datum.cost_2023_usd)").mark_circle(opacity=0.8).encode(
        y=alt.Y("cost_2023_usd:Q", scale=alt.Scale(type="log"), title="Training cost, 2023 US$ (log)"), size=size).properties(width=480, height=220)
    compute_panel = base.transform_filter("isValid(datum.training_compute_flop)").mark_circle(opacity=0.8).encode(
        y=alt.Y("training_compute_flop:Q", scale=alt.Scale(type="log"), title="Training compute, FLOP (log)"), size=size).properties(width=480, height=220)
    costed = data.dropna(subset=["cost_2023_usd"])
    top = costed.sort_values("cost_2023_usd").tail(3)
    marked = data[data["deepseek"] == "DeepSeek-V3 and R1"]
    share_above = {m: int((costed["cost_2023_usd"] > r["cost_2023_usd"]).sum()) for m, r in marked.set_index("model").iterrows() if pd.notna(r["cost_2023_usd"])}
    return figure(
        alt.vconcat(cost_panel, compute_panel),
        "cost-frontier",
        f"Two log-scale scatter plots of Epoch AI's estimates for {len(data)} models published since 2016: final-run training cost "
        f"({len(costed)} models) and training compute. The costliest: "
        + "; ".join(f"{r['model']} ${r['cost_2023_usd'] / 1e6:,.0f}m" for _, r in top.iloc[::-1].iterrows())
        + ". DeepSeek's are marked: "
        + "; ".join(f"{m} ${marked.set_index('model').loc[m, 'cost_2023_usd'] / 1e6:,.2f}m, with {n} costed models above it" for m, n in share_above.items())
        + ".",
    )


def prices_chart(ratios: pd.DataFrame) -> alt.Chart:
    """Grouped bars: API prices per million tokens, both models, per component (log scale)."""
    rows = []
    for _, r in ratios.iterrows():
        cheap, dear = r["pair"].split(" vs ")
        rows += [{"component": r["component"], "model": cheap, "usd": r["cheaper_usd"]}, {"component": r["component"], "model": dear, "usd": r["dearer_usd"]}]
    data = pd.DataFrame(rows)
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("component:N", title=None, sort=list(dict.fromkeys(data["component"]))),
        yOffset="model:N",
        x=alt.X("usd:Q", scale=alt.Scale(type="log"), title="US$ per million tokens (log scale)"),
        color=alt.Color("model:N", title=None, scale=alt.Scale(range=[DEEPSEEK, OKABE_ITO[0]])),
        tooltip=["component:N", "model:N", alt.Tooltip("usd:Q", format="$.2f")],
    ).properties(width=440, height=220)
    text = "; ".join(f"{r['component']}: ${r['cheaper_usd']:.2f} against ${r['dearer_usd']:.2f} ({r['ratio']:.1f} times)" for _, r in ratios.iterrows())
    return figure(chart, "cost-api-prices", f"Paired horizontal bars on a log scale of API list prices per million tokens. {text}.")
