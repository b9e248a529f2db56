"""Chart specifications for the export-controls chapter (data from :mod:`.rules`).

Each function returns a finished figure (:func:`deepseek_factcheck.core.charts.figure`) whose text
alternative is computed from the same data.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import rules as ec
from ..core.charts import OKABE_ITO, figure, shock_day_mark

STATUS_COLOURS = {ec.LEGAL: "#009E73", ec.NAC: "#56B4E9", ec.RESTRICTED: "#D55E00", ec.LICENSED: "#E69F00", ec.APPROVAL: "#CC79A7"}
IO_TOP_GBPS = 2000  # the top of the 2022 chart's bandwidth axis
TPP_SCALE = alt.Scale(type="log", domain=[1000, 50000])
RESULT_COLOURS = {"3A090.a": "#D55E00", "3A090.b": "#E69F00", "not caught": "#009E73"}


def label_groups(data: pd.DataFrame, y: str, y_tolerance: float, log_y: bool = False, x_tolerance: float = 0.08) -> pd.DataFrame:
    """One label per cluster of points that would print over each other: the chips' names joined, at the
    cluster's first point (``last_tpp``: the TPP of its last, for a label set to the right of the cluster). Points are close when their log10 TPP differ by under ``x_tolerance`` and their
    ``y`` (log10 of it if ``log_y``) by under ``y_tolerance``."""
    import math

    rows = data.dropna(subset=[y]).sort_values(["tpp", y], kind="stable")
    groups: list[dict] = []
    for _, r in rows.iterrows():
        ry = math.log10(r[y]) if log_y else r[y]
        for g in groups:
            if abs(math.log10(r["tpp"]) - g["lx"]) < x_tolerance and abs(ry - g["ly"]) < y_tolerance:
                g["label"] += f", {r['chip']}"
                g["last_tpp"] = r["tpp"]
                break
        else:
            groups.append({"tpp": r["tpp"], y: r[y], "label": r["chip"], "lx": math.log10(r["tpp"]), "ly": ry, "last_tpp": r["tpp"]})
    return pd.DataFrame(groups, columns=["tpp", y, "label", "last_tpp"])


def _names(labels: pd.DataFrame, x: alt.X, y: alt.Y, one_per_line: bool) -> alt.LayerChart:
    """The chips' names beside their points: right of a cluster in the left half of the TPP axis, left of it in the
    right half; a cluster's names one per line if ``one_per_line`` (a phone's narrow plot)."""
    line_break = ", " if one_per_line else alt.Undefined
    right_half = labels["tpp"] > (1000 * 50000) ** 0.5
    after = alt.X("last_tpp:Q", scale=TPP_SCALE)
    return alt.layer(
        alt.Chart(labels[~right_half]).mark_text(dx=8, align="left", color="#000000", lineBreak=line_break).encode(x=after, y=y, text="label:N"),
        alt.Chart(labels[right_half]).mark_text(dx=-8, align="right", color="#000000", lineBreak=line_break).encode(x=x, y=y, text="label:N"),
    )


def thresholds_chart(chips: pd.DataFrame) -> alt.VConcatChart:
    """Top: TPP against the aggregate bandwidth over all inputs and outputs with the 2022 box; below: TPP
    against density with the 2023 lines (chips not designed or marketed for data centres marked apart: Note 2)."""
    if (chips["io_gbps"].dropna() > IO_TOP_GBPS).any():
        raise ValueError(f"a chip's bandwidth is above the chart's axis ({IO_TOP_GBPS} GB/s): raise IO_TOP_GBPS")
    data = chips.assign(
        result=chips["rule_2023"].map(lambda r: r or "not caught"),
        caught_2022=chips["rule_2022"].map({True: "caught", False: "not caught", None: "unknown"}),
        market=chips["datacenter"].map({True: "data centre", False: "not for data centres"}),
    )[["chip", "tpp", "density", "io_gbps", "margin_2022_gbps", "result", "caught_2022", "market"]]
    x = alt.X("tpp:Q", scale=TPP_SCALE, title="TPP (total processing performance, log scale)")
    tooltip = [alt.Tooltip("chip:N"), alt.Tooltip("tpp:Q", format=",.0f", title="TPP"), alt.Tooltip("density:Q", format=".2f"),
               alt.Tooltip("io_gbps:Q", title="All inputs and outputs, GB/s"), alt.Tooltip("margin_2022_gbps:Q", title="Margin to 600 GB/s"),
               alt.Tooltip("market:N", title="Market")]
    left_points = alt.Chart(data.dropna(subset=["io_gbps"])).mark_point(filled=True, size=90).encode(
        x=x, y=alt.Y("io_gbps:Q", title="All inputs and outputs, GB/s", scale=alt.Scale(domain=[0, IO_TOP_GBPS])),
        shape=alt.Shape("caught_2022:N", title="2022 test"), color=alt.value("#000000"), tooltip=tooltip)
    io_labels = label_groups(data, "io_gbps", 110, x_tolerance=0.3)
    box = alt.Chart(pd.DataFrame({"x": [ec.TPP_2022], "x2": [50000], "y": [ec.INTERCONNECT_2022_GBPS], "y2": [IO_TOP_GBPS]})).mark_rect(
        color="#D55E00", opacity=0.12).encode(x="x:Q", x2="x2:Q", y="y:Q", y2="y2:Q")
    io_y = alt.Y("io_gbps:Q", scale=alt.Scale(domain=[0, IO_TOP_GBPS]))
    rules_x = alt.Chart(pd.DataFrame({"x": [ec.TPP_A_DENSE, ec.TPP_B_LOW, ec.TPP_A]})).mark_rule(strokeDash=[4, 3], color="#666").encode(x="x:Q")
    rules_y = alt.Chart(pd.DataFrame({"y": [ec.DENSITY_B_LOW, ec.DENSITY_B_MID, ec.DENSITY_A]})).mark_rule(strokeDash=[4, 3], color="#666").encode(y="y:Q")
    right_points = alt.Chart(data.dropna(subset=["density"])).mark_point(filled=True, size=90).encode(
        x=x, y=alt.Y("density:Q", title="Density (TPP per mm²)", scale=alt.Scale(type="log", domain=[1, 30])),
        color=alt.Color("result:N", title="2023 test", scale=alt.Scale(domain=list(RESULT_COLOURS), range=list(RESULT_COLOURS.values()))),
        shape=alt.Shape("market:N", title="Market", scale=alt.Scale(domain=["data centre", "not for data centres"], range=["circle", "square"])),
        tooltip=tooltip)
    density_labels = label_groups(data, "density", 0.12, log_y=True, x_tolerance=0.3)
    density_y = alt.Y("density:Q", scale=alt.Scale(type="log", domain=[1, 30]))

    def layout(one_per_line: bool) -> alt.VConcatChart:
        left = alt.layer(box, left_points, _names(io_labels, x, io_y, one_per_line)).properties(
            width=440, height=260, title="October 2022: both thresholds")
        right = alt.layer(rules_x, rules_y, right_points, _names(density_labels, x, density_y, one_per_line)).properties(
            width=440, height=260, title="October 2023: TPP and density")
        return alt.vconcat(left, right).resolve_scale(color="independent", shape="independent")

    lines = "; ".join(
        f"{r['chip']} TPP {r['tpp']:,.0f}" + (f", density {r['density']:.2f}" if pd.notna(r["density"]) else "")
        + (f", all inputs and outputs {r['io_gbps']:,.0f} GB/s (margin {r['margin_2022_gbps']:+,.0f})" if pd.notna(r["io_gbps"]) else "")
        + f", {r['market']} ({r['result']} in 2023; 2022 test {r['caught_2022']})"
        for _, r in data.iterrows())
    return figure(layout(one_per_line=False), "export-controls-thresholds", phone=layout(one_per_line=True), alt_text=
                  f"Two scatter plots of Nvidia chips against the export thresholds. Top, the 2022 test needs TPP of at least "
                  f"{ec.TPP_2022} and a bandwidth over all inputs and outputs (NVLink plus PCIe) of at least {ec.INTERCONNECT_2022_GBPS} "
                  f"GB/s; below, the 2023 test uses TPP and performance density, and chips not designed or marketed for data centres "
                  f"with TPP under {ec.TPP_A:,} are outside it (Note 2). {lines}.")


def timeline_chart(windows: pd.DataFrame, rules: pd.DataFrame, hardware: pd.DataFrame) -> alt.LayerChart:
    """Bars: each chip's periods for China (legal, notice under NAC, restricted, licensed, approval announced); rules: the measures; points: DeepSeek's reported hardware and estimates."""
    w = windows.assign(start=windows["start"].map(str), end=windows["end"].map(str), row=windows["chip"])[["chip", "row", "status", "start", "end", "by"]]
    order = list(dict.fromkeys(w["chip"])) + ["DeepSeek"]
    bars = alt.Chart(w).mark_bar(height=14).encode(
        x=alt.X("start:T", title=None, scale=alt.Scale(domain=["2020-05-01", "2025-12-31"])), x2="end:T",
        y=alt.Y("row:N", sort=order, title=None),
        color=alt.Color("status:N", title="For China", scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values()))),
        tooltip=[alt.Tooltip("chip:N"), alt.Tooltip("status:N"), alt.Tooltip("start:T"), alt.Tooltip("end:T"), alt.Tooltip("by:N", title="Measure")])
    chip_rules = rules[rules["test"].fillna("") != ""].assign(date=lambda f: f["effective"].map(str))[["id", "date", "citation"]]
    marks = alt.Chart(chip_rules).mark_rule(color="#666", strokeDash=[2, 2]).encode(
        x="date:T", tooltip=[alt.Tooltip("id:N", title="Measure"), alt.Tooltip("date:T"), alt.Tooltip("citation:N")])
    hw = hardware.assign(date=hardware["date"].map(str), row="DeepSeek",
                         label=hardware.apply(lambda r: f"{r['event']}" + (" (estimate)" if r["kind"] == "estimate" else ""), axis=1))[["date", "row", "kind", "label"]]
    points = alt.Chart(hw).mark_point(filled=True, size=90).encode(
        x="date:T", y=alt.Y("row:N", sort=order),
        shape=alt.Shape("kind:N", title="DeepSeek", scale=alt.Scale(domain=["reported", "estimate"], range=["circle", "triangle"])),
        color=alt.value("#0072B2"), tooltip=[alt.Tooltip("label:N", title="Event"), alt.Tooltip("date:T")])
    chart = alt.layer(marks, bars, points, shock_day_mark("27 Jan 2025")).properties(width=560, height=260).resolve_scale(color="independent", shape="independent")
    spans = "; ".join(f"{r['chip']} {r['status']} {r['start']} to {r['end']}" for _, r in windows.iterrows())
    events = "; ".join(f"{r['date']:%Y-%m-%d} {r['event']}{' (estimate)' if r['kind'] == 'estimate' else ''}" for _, r in hardware.iterrows())
    return figure(chart, "export-controls-timeline",
                  f"Timeline from 2020 to 2025 with one bar per chip coloured by its status for China, dashed lines at the measures "
                  f"that set chip tests, a solid line at 27 January 2025, and a row of DeepSeek events. Periods: {spans}. DeepSeek: {events}.")


def bans_chart(bans: pd.DataFrame) -> alt.Chart:
    """Dots: each government ban on DeepSeek by date, one row per jurisdiction."""
    data = bans.assign(date=bans["date"].map(str))[["date", "jurisdiction", "body", "action", "level", "date_precision"]]
    chart = alt.Chart(data).mark_point(filled=True, size=110).encode(
        x=alt.X("date:T", title=None, scale=alt.Scale(domain=["2025-01-27", "2025-02-22"])),
        y=alt.Y("jurisdiction:N", sort=list(data["jurisdiction"]), title=None),
        color=alt.Color("level:N", title="Level", scale=alt.Scale(range=OKABE_ITO), legend=alt.Legend(orient="bottom", direction="vertical")),
        shape=alt.Shape("date_precision:N", title="Date", legend=alt.Legend(orient="bottom", direction="vertical")),
        tooltip=[alt.Tooltip("jurisdiction:N"), alt.Tooltip("body:N"), alt.Tooltip("date:T"), alt.Tooltip("action:N")],
    )
    chart = alt.layer(shock_day_mark(), chart).properties(width=460, height=260)
    listing = "; ".join(f"{r['jurisdiction']} {r['date']:%-d %b}" for _, r in bans.iterrows())
    return figure(chart, "export-controls-bans",
                  f"Dot chart of {len(bans)} government bans or restrictions on DeepSeek between {bans['date'].min():%-d %B} and "
                  f"{bans['date'].max():%-d %B %Y}, one row per jurisdiction: {listing}.")
