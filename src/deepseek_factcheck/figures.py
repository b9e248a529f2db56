"""Chart specifications for the front matter and the Sources appendix."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .charts import figure
from .parts import PARTS


def article_parts_chart(parts: pd.DataFrame) -> alt.Chart:
    """Stacked bars: words per article, split by part (body, comments, page furniture...)."""
    order = [p for p in PARTS if p in set(parts["part"])]
    data = parts[["article", "part", "words", "segments"]].copy()
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("article:N", title=None, sort=sorted(data["article"].unique())),
            x=alt.X("sum(words):Q", title="Words"),
            color=alt.Color("part:N", title="Part", sort=order, scale=alt.Scale(domain=order)),
            order=alt.Order("part_rank:Q"),
            tooltip=[
                alt.Tooltip("article:N", title="Article"),
                alt.Tooltip("part:N", title="Part"),
                alt.Tooltip("words:Q", title="Words", format=","),
                alt.Tooltip("segments:Q", title="Lines"),
            ],
        )
        .transform_calculate(part_rank=f"indexof({order!r}, datum.part)")
        .properties(width="container", height=220)
    )
    body = data[data["part"] == "body"].groupby("article")["words"].sum()
    total = data.groupby("article")["words"].sum()
    shares = "; ".join(f"{name}: {total[name]:,} words, {body.get(name, 0) / total[name]:.0%} body" for name in total.index)
    return figure(
        chart,
        "sources-article-parts",
        "Horizontal stacked bars, one per article, of word counts split by part "
        f"(body, reader comments, pasted chatbot answer, page furniture). {shares}.",
    )
