"""Chart specifications of the appendices: the articles' parts (Sources) and the verdict scorecard (front page and ledger)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..core.charts import figure


# Four groups a reader can tell apart at a glance (eleven parts would reuse colours).
PART_GROUPS = {
    "body": "Article body",
    "quoted-chatbot-answer": "Pasted chatbot answer",
    "comment": "Reader comments",
}
OTHER_GROUP = "Headline, byline and page furniture"


def article_parts_chart(parts: pd.DataFrame) -> alt.Chart:
    """Stacked bars: words per article, split into body, comments, pasted answer and the rest."""
    data = parts.assign(group=parts["part"].map(PART_GROUPS).fillna(OTHER_GROUP))
    data = data.groupby(["article", "group"], as_index=False)[["words", "segments"]].sum()
    order = [*PART_GROUPS.values(), OTHER_GROUP]
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("article:N", title=None, sort=sorted(data["article"].unique())),
            x=alt.X("words:Q", title="Words"),
            color=alt.Color("group:N", title="Part", sort=order, scale=alt.Scale(domain=order), legend=alt.Legend(columns=2)),
            order=alt.Order("group_rank:Q"),
            tooltip=[
                alt.Tooltip("article:N", title="Article"),
                alt.Tooltip("group:N", title="Part"),
                alt.Tooltip("words:Q", title="Words", format=","),
                alt.Tooltip("segments:Q", title="Lines"),
            ],
        )
        .transform_calculate(group_rank=f"indexof({order!r}, datum.group)")
        .properties(width=420, height=200)
    )
    body = data[data["group"] == PART_GROUPS["body"]].set_index("article")["words"]
    total = data.groupby("article")["words"].sum()
    shares = "; ".join(f"{name}: {total[name]:,} words, {body.get(name, 0) / total[name]:.0%} body" for name in total.index)
    return figure(
        chart,
        "sources-article-parts",
        "Horizontal stacked bars, one per article, of word counts split into the article body, "
        f"a pasted chatbot answer, reader comments, and headline, byline and page furniture. {shares}.",
    )


def scorecard_chart(card: pd.DataFrame) -> alt.Chart:
    """Stacked bars: each article's claims split by verdict (from ``ledger_html.scorecard``)."""
    from ..ledger.verdicts import VERDICT_COLOURS, VERDICT_ORDER

    per_article = card[card["Article"] != "All articles"]
    data = per_article.melt(id_vars="Article", value_vars=VERDICT_ORDER, var_name="verdict", value_name="claims")
    data["rank"] = data["verdict"].map(VERDICT_ORDER.index)
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("Article:N", title=None, sort=sorted(per_article["Article"])),
            x=alt.X("claims:Q", title="Claims"),
            color=alt.Color(
                "verdict:N", title="Verdict", sort=VERDICT_ORDER,
                scale=alt.Scale(domain=VERDICT_ORDER, range=[VERDICT_COLOURS[v] for v in VERDICT_ORDER]),
                legend=alt.Legend(columns=3),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[alt.Tooltip("Article:N"), alt.Tooltip("verdict:N", title="Verdict"), alt.Tooltip("claims:Q", title="Claims")],
        )
        .properties(width=420, height=200)
    )
    parts = []
    for _, row in per_article.iterrows():
        counts = ", ".join(f"{row[v]} {v}" for v in VERDICT_ORDER if row[v])
        parts.append(f"{row['Article']}: {row['Claims']} claims ({counts})")
    return figure(
        chart,
        "home-scorecard",
        "Horizontal stacked bars, one per article, of the number of claims in the ledger split by verdict. "
        + "; ".join(parts) + ".",
    )
