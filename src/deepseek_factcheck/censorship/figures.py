"""Chart specifications for the censorship chapter (data from :mod:`.analysis`).

Each function aggregates first (the charts carry tens of rows, not the trials) and returns a
finished figure (:func:`deepseek_factcheck.core.charts.figure`) whose text alternative is computed
from the same data.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import analysis as cz
from ..core.charts import OKABE_ITO, figure, wrapped_labels

OUTCOME_COLOURS = {"refused": "#D55E00", "withdrawn": "#E69F00", "answered": "#56B4E9"}
ANSWER_COLOURS = {"refused": "#D55E00", "party line or deflection": "#E69F00", "factual": "#009E73"}
COUNTRY_COLOURS = dict(zip(cz.COUNTRY_ORDER, ["#D55E00", "#0072B2", "#009E73", "#CC79A7"]))


def app_topic_questions(outcomes: pd.DataFrame, topic_map: pd.DataFrame, queries: pd.DataFrame) -> pd.DataFrame:
    """DeepSeek's app on the topic questions (Censored Planet, direct and proxy): trials by outcome and language."""
    items = topic_map[(topic_map["dataset"] == "censoredplanet")].copy()
    items["query_index"] = items["item_id"].astype(int)
    first = items.drop_duplicates("query_index").set_index("query_index")
    app = outcomes[(outcomes["service"] == cz.APP) & outcomes["query_index"].isin(first.index)]
    rates = cz.block_rates(app, ["query_index", "language"])
    text = queries.set_index("query_index")["question_en"]
    rates["topic"] = rates["query_index"].map(lambda q: cz.TOPICS[first.loc[q, "topic"]])
    rates["question"] = rates["query_index"].map(lambda q: f"Q{q} {text[q]}")
    rates["language_name"] = rates["language"].map(cz.LANGUAGES)
    return rates


def app_topics_chart(rates: pd.DataFrame) -> alt.FacetChart:
    """Stacked bars per topic question and language: refused up front, withdrawn mid-answer, answered."""
    long = rates.melt(id_vars=["question", "topic", "language_name"], value_vars=cz.OUTCOME_ORDER, var_name="outcome", value_name="count")
    long = long[long["count"] > 0]  # a bar of no trials draws nothing
    order = list(rates.groupby("question")["blocked"].sum().sort_values(ascending=False).index)

    def layout(axis: alt.Axis, step: int, width: int) -> alt.FacetChart:
        """One panel per language, one above the other."""
        return (
            alt.Chart(long)
            .mark_bar()
            .encode(
                y=alt.Y("question:N", sort=order, title=None, axis=axis),
                x=alt.X("count:Q", title="Trials (of 5)", scale=alt.Scale(domain=[0, 5])),
                color=alt.Color("outcome:N", title="Outcome", scale=alt.Scale(domain=cz.OUTCOME_ORDER, range=[OUTCOME_COLOURS[o] for o in cz.OUTCOME_ORDER])),
                order=alt.Order("outcome_order:Q"),
                tooltip=["question:N", "topic:N", "language_name:N", "outcome:N", alt.Tooltip("count:Q", title="trials")],
            )
            .transform_calculate(outcome_order="indexof(['refused','withdrawn','answered'], datum.outcome)")
            .properties(width=width, height=alt.Step(step))
            .facet(row=alt.Row("language_name:N", title=None, sort=list(cz.LANGUAGES.values()),
                               header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top", labelFontWeight="bold")))
        )

    chart = layout(alt.Axis(labelLimit=360), 20, 260)
    phone = layout(alt.Axis(labelExpr=wrapped_labels(26), labelLimit=170, labelFontSize=11, labelLineHeight=12), 50, 150)
    total = rates.groupby("question")[["blocked", "withdrawn", "trials"]].sum()
    always = [q for q, r in total.iterrows() if r["blocked"] == r["trials"]]
    never = [q for q, r in total.iterrows() if r["blocked"] == 0]
    return figure(
        chart, "censorship-app-topics", phone=phone, alt_text=
        f"Stacked bars for {len(total)} Censored Planet questions on the articles' topics, one panel per language, showing how many of "
        f"five trials DeepSeek's app refused up front, withdrew mid-answer, or answered. Blocked in every trial: {'; '.join(always) or 'none'}. "
        f"Never blocked: {'; '.join(never) or 'none'}. On these questions {int(total['blocked'].sum())} of {int(total['trials'].sum())} trials were blocked, "
        f"{int(total['withdrawn'].sum())} of them withdrawn mid-answer.",
    )


def services_chart(rates: pd.DataFrame) -> alt.LayerChart:
    """Block rate by service and language with Wilson 95% intervals."""
    data = rates.assign(service_name=rates["service"].map(cz.SERVICES), language_name=rates["language"].map(cz.LANGUAGES),
                        pct=rates["block_rate"] * 100, low_pct=rates["low"] * 100, high_pct=rates["high"] * 100)
    data = data[["service_name", "language_name", "blocked", "trials", "refused", "withdrawn", "pct", "low_pct", "high_pct"]]
    order = list(data.groupby("service_name")["pct"].mean().sort_values(ascending=False).index)
    base = alt.Chart(data).encode(
        y=alt.Y("service_name:N", sort=order, title=None),
        yOffset=alt.YOffset("language_name:N", sort=list(cz.LANGUAGES.values())),
        color=alt.Color("language_name:N", title="Language", sort=list(cz.LANGUAGES.values()), scale=alt.Scale(range=OKABE_ITO[:3])),
    )
    bars = base.mark_bar().encode(
        x=alt.X("pct:Q", title="Trials blocked (%), 80 questions x 5 repeats"),
        tooltip=["service_name:N", "language_name:N", "blocked:Q", "trials:Q", "refused:Q", "withdrawn:Q", alt.Tooltip("pct:Q", format=".1f")],
    )
    rules = base.mark_rule(color="black").encode(x="low_pct:Q", x2="high_pct:Q")
    chart = alt.layer(bars, rules).properties(width=460, height=alt.Step(12))
    overall = data.groupby("service_name")[["blocked", "trials"]].sum()
    words = "; ".join(f"{s} {overall.loc[s, 'blocked'] / overall.loc[s, 'trials']:.1%}" for s in order)
    return figure(chart, "censorship-services",
                  f"Horizontal bars of the share of trials blocked by each of five Chinese chatbot web apps, by question language, with 95% "
                  f"intervals. Overall: {words}.")


def wrappers_chart(answers: pd.DataFrame) -> alt.Chart:
    """Stacked bars: answer types on the six China-political questions (both languages) per wrapper."""
    data = answers.assign(share=answers["cells"] / answers["total"] * 100)
    order = [w for w in cz.WRAPPER_ORDER if w in set(data["wrapper"])]
    def layout(axis: alt.Axis, step: int) -> alt.Chart:
        return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("wrapper:N", sort=order, title=None, axis=axis),
            x=alt.X("cells:Q", stack="normalize", title="Share of question-and-language cells", axis=alt.Axis(format="%")),
            color=alt.Color("answer:N", title="Answer", scale=alt.Scale(domain=cz.ANSWER_ORDER, range=[ANSWER_COLOURS[a] for a in cz.ANSWER_ORDER])),
            order=alt.Order("answer_order:Q"),
            tooltip=["wrapper:N", "answer:N", "cells:Q", "total:Q"],
        )
        .transform_calculate(answer_order="indexof(['refused','party line or deflection','factual'], datum.answer)")
        .properties(width=420, height=alt.Step(step))
        )

    chart = layout(alt.Axis(labelLimit=260), 22)
    phone = layout(alt.Axis(labelExpr=wrapped_labels(20), labelLimit=150, labelLineHeight=13), 32)
    wide = data.pivot_table(index="wrapper", columns="answer", values="cells", fill_value=0)
    def n(w, a):
        return int(wide.loc[w, a]) if a in wide.columns and w in wide.index else 0
    return figure(chart, "censorship-wrappers", phone=phone, alt_text=
                  f"Stacked bars of how r1-moderation's six China-political questions, in English and Chinese, were answered by DeepSeek's app, "
                  f"R1's weights through a hosted API and locally, R1-Zero, a de-censored R1 and comparison models. The app refused "
                  f"{n('DeepSeek app (R1)', 'refused')} of 12; the hosted R1 weights gave {n('R1, hosted API', 'party line or deflection')} "
                  f"party-line or deflecting answers; R1-Zero was factual on {n('R1-Zero, hosted API', 'factual')} of 12.")


def asymmetry_chart(rates: pd.DataFrame) -> alt.LayerChart:
    """Dots per model and government: share of criticism requests fully complied with; a line joins China and the US."""
    data = rates.assign(pct=rates["rate"] * 100, low_pct=rates["low"] * 100, high_pct=rates["high"] * 100)[
        ["name", "country", "k", "n", "pct", "low_pct", "high_pct", "evasive", "denial"]]
    china = data[data["country"] == "China"].set_index("name")["pct"]
    order = list(china.sort_values().index)
    y = alt.Y("name:N", sort=order, title=None)
    line = alt.Chart(data[data["country"].isin(["China", "US"])]).mark_line(color="#999").encode(y=y, x="pct:Q", detail="name:N")
    dots = alt.Chart(data).mark_point(filled=True, size=70).encode(
        y=y, x=alt.X("pct:Q", title="Requests fully complied with (%), 50 per government", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("country:N", title="Criticism of", sort=cz.COUNTRY_ORDER, scale=alt.Scale(domain=cz.COUNTRY_ORDER, range=[COUNTRY_COLOURS[c] for c in cz.COUNTRY_ORDER])),
        shape=alt.Shape("country:N", sort=cz.COUNTRY_ORDER, title="Criticism of", scale=alt.Scale(domain=cz.COUNTRY_ORDER)),
        tooltip=["name:N", "country:N", "k:Q", "n:Q", alt.Tooltip("pct:Q", format=".0f"), alt.Tooltip("low_pct:Q", format=".0f"), alt.Tooltip("high_pct:Q", format=".0f"), "evasive:Q", "denial:Q"],
    )
    chart = alt.layer(line, dots).properties(width=460, height=alt.Step(26))
    us = data[data["country"] == "US"].set_index("name")["pct"]
    lowest = ", ".join(f"{m} {china[m]:.0f}% (US {us[m]:.0f}%)" for m in order[:3])
    return figure(chart, "censorship-asymmetry",
                  f"Dot plot of nine models' compliance with 50 requests each to criticise China, the US, the EU and Russia, January 2025, "
                  f"with a line from the China to the US value. Lowest on China: {lowest}. The others comply with most requests about every government.")


TOPIC_OUTCOMES = ["blocked", "refusal text", "official line", "other answer"]
TOPIC_OUTCOME_NAMES = {"blocked": "blocked by the app", "refusal text": "answered with the model's own refusal",
                       "official line": "answered with the official line", "other answer": "answered otherwise"}
TOPIC_COLOURS = ["#D55E00", "#CC79A7", "#E69F00", "#56B4E9"]


def topic_outcomes_chart(topics: pd.DataFrame) -> alt.Chart:
    """Stacked bars per topic (:func:`.analysis.topic_outcomes`): blocked, the model's own refusal, the official line, other answers."""
    long = topics.melt(id_vars=["label", "trials"], value_vars=TOPIC_OUTCOMES, var_name="outcome", value_name="count")
    long["outcome_name"] = long["outcome"].map(TOPIC_OUTCOME_NAMES)
    long["rank"] = long["outcome"].map(TOPIC_OUTCOMES.index)
    share = (topics["blocked"] + topics["official line"] + topics["refusal text"]) / topics["trials"]
    order = list(topics.assign(share=share).sort_values("share", ascending=False)["label"])
    names = [TOPIC_OUTCOME_NAMES[o] for o in TOPIC_OUTCOMES]

    def layout(axis: alt.Axis, step: int, width: int, legend_limit: int) -> alt.Chart:
        return (
            alt.Chart(long)
            .mark_bar()
            .encode(
                y=alt.Y("label:N", sort=order, title=None, axis=axis),
                x=alt.X("count:Q", stack="normalize", title="Share of trials", axis=alt.Axis(format="%")),
                color=alt.Color("outcome_name:N", title="Outcome", scale=alt.Scale(domain=names, range=TOPIC_COLOURS),
                                legend=alt.Legend(orient="bottom", columns=1, labelLimit=legend_limit)),
                order=alt.Order("rank:Q"),
                tooltip=["label:N", "outcome_name:N", alt.Tooltip("count:Q", title="trials"), "trials:Q"],
            )
            .properties(width=width, height=alt.Step(step))
        )

    chart = layout(alt.Axis(labelLimit=280), 22, 300, 320)
    # on a phone the topic names wrap onto lines beside narrower bars
    phone = layout(alt.Axis(labelExpr=wrapped_labels(20), labelLimit=140, labelFontSize=11, labelLineHeight=12), 40, 150, 280)
    def parts(r) -> str:
        said = [f"{r[o]} {TOPIC_OUTCOME_NAMES[o]}" for o in TOPIC_OUTCOMES if r[o]]
        return f"{r['label']}, {r['trials']} trials: " + ", ".join(said)
    words = "; ".join(parts(r) for _, r in topics.set_index("label").loc[order].reset_index().iterrows())
    return figure(chart, "censorship-topic-outcomes", phone=phone, alt_text=
                  f"Stacked bars, one per topic the articles name, of how DeepSeek's app handled the Censored Planet questions on it in three "
                  f"languages: blocked, answered with the model's own refusal, answered with the official line, or answered otherwise. {words}.")
