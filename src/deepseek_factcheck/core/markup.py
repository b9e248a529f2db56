"""Article text and tables as inert HTML: every character escaped, so nothing in an article
can become markup, script or MyST syntax (a linked table's links and classes are made by the
book, and escaped too)."""

from __future__ import annotations

import html
from typing import Callable

import pandas as pd
from IPython.display import HTML


def escaped_text(text: str, css_class: str = "reading-text", label: str | None = None) -> HTML:
    """Article text as inert HTML: escaped, paragraphs kept, nothing interpreted."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    aria = f' aria-label="{html.escape(label)}"' if label else ""
    return HTML(f'<div class="{css_class}"{aria}>{paragraphs}</div>')


def table_html(frame: pd.DataFrame, caption: str | None = None, css_class: str = "book-table", folded: bool = False) -> HTML:
    """A table with every cell escaped (pandas escapes by default; kept explicit here).

    The table scrolls sideways in its own box when it is wider than the page (book.css); it
    has no links, so ``tabindex="0"`` lets a keyboard reach it and scroll it (WCAG 2.1.1).
    ``folded``: a long reference table sits in a ``<details>`` that opens on a click, its
    caption (and row count) as the summary, so the prose around it stays readable.
    """
    body = frame.to_html(index=False, escape=True, border=0, classes=[css_class], na_rep="")
    body = body.replace("<table ", '<table tabindex="0" ', 1)
    if caption:
        body = body.replace("<thead>", f"<caption>{html.escape(caption)}</caption>\n<thead>", 1)
    if folded:
        label = html.escape(caption or "the table")
        body = f'<details class="table-fold"><summary>Show the table: {label} ({len(frame):,} rows)</summary>{body}</details>'
    return HTML(body)


def _cell_text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def linked_table_html(
    frame: pd.DataFrame,
    caption: str | None = None,
    css_class: str = "book-table",
    links: dict[str, Callable[[str], str]] | None = None,
    cell_classes: dict[str, Callable[[str], str]] | None = None,
) -> HTML:
    """A table like :func:`table_html`, whose cells in some columns are links or carry classes.

    ``links[column]`` maps a cell's text to the address it links to; ``cell_classes[column]``
    maps it to the cell's ``class`` attribute. Every text, address and class is escaped.
    """
    links, cell_classes = links or {}, cell_classes or {}
    unknown = (set(links) | set(cell_classes)) - set(frame.columns)
    if unknown:
        raise KeyError(f"no column named {', '.join(sorted(unknown))} in the table")
    out = [f'<table class="{html.escape(css_class)}">']
    if caption:
        out.append(f"<caption>{html.escape(caption)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns) + "</tr></thead>")
    out.append("<tbody>")
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(frame.columns, row):
            text = _cell_text(value)
            inner = html.escape(text)
            if column in links and text:
                inner = f'<a href="{html.escape(links[column](text))}">{inner}</a>'
            attr = f' class="{html.escape(cell_classes[column](text))}"' if column in cell_classes else ""
            cells.append(f"<td{attr}>{inner}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return HTML("\n".join(out))
