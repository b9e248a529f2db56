"""What a chapter's hidden setup cell calls, and the helpers that put numbers and text on a page.

* :func:`setup`: offline charts, plain number printing, pandas display options.
* :func:`join_words`: a list in prose (``a, b and c``).
* :func:`glue_text`: glue a value as the exact text a reader sees (numbers formatted
  here, so ``{glue:text}`key``` needs no format spec and cannot paste ``np.float64(...)``;
  myst-nb ``literal_eval``s pasted text, so a formatted number must be glued as a ``str``,
  whose repr evaluates back to it, never as an object printing ``7,354``, a tuple).
* :func:`escaped_text`, :func:`table_html`, :func:`linked_table_html`: article text and tables
  as inert HTML: every character escaped, so nothing in an article can become markup, script
  or MyST syntax (a linked table's links and classes are made by the book, and escaped too).
"""

from __future__ import annotations

import html
from typing import Callable

import numpy as np
import pandas as pd
from IPython.display import HTML

from . import charts


def setup() -> None:
    """Prepare a chapter's kernel: offline charts and the book's theme, plain numbers."""
    charts.enable()
    np.set_printoptions(legacy="1.25")
    pd.set_option("display.max_colwidth", None)


def format_value(value, spec: str = "") -> str:
    """Format a number or date the way the book prints it (``spec`` as in ``format()``)."""
    if isinstance(value, (np.integer, np.floating)):
        value = value.item()
    if isinstance(value, bool) or value is None:
        raise TypeError(f"refusing to glue {value!r}: say in words what it means")
    if spec:
        return format(value, spec)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        raise TypeError("give a format spec for a float, so the precision shown is a decision")
    return str(value)


def join_words(items: list[str]) -> str:
    """A list in prose: ``a``, ``a and b``, ``a, b and c`` (empty: ``""``)."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def glue_text(key: str, value, spec: str = "") -> str:
    """Glue ``value`` (formatted with ``spec``) under ``key`` for ``{glue:text}`` and return the text."""
    from myst_nb import glue

    text = format_value(value, spec)
    glue(key, text, display=False)  # a str's repr is a literal that myst-nb evaluates back to the text
    return text


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


def part_block(part: str, meaning: str, text: str, seed: str, collapsed: bool, marked_html: str | None = None) -> HTML:
    """One part of an article's reading text, labelled; collapsed parts sit in a <details>.

    ``marked_html`` is the part's text already escaped with claims marked
    (:func:`deepseek_factcheck.ledger_html.marked_text_html`); without it the text is escaped here.
    """
    label = f'<span class="part-name">{html.escape(part)}</span>: {html.escape(meaning)}'
    aria = f"Article {seed}, {part}"
    if marked_html is None:
        inner = escaped_text(text, label=aria).data
    else:
        inner = f'<div class="reading-text" aria-label="{html.escape(aria)}">{marked_html}</div>'
    if collapsed:
        return HTML(f'<details class="article-part"><summary>{label} ({len(text.split()):,} words)</summary>{inner}</details>')
    return HTML(f'<div class="article-part"><p class="part-label">{label}</p>{inner}</div>')


def count_of(n: int, singular: str, plural: str | None = None) -> str:
    """``count_of(1, "row")`` -> ``"1 row"``; ``count_of(3, "row")`` -> ``"3 rows"``."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"
