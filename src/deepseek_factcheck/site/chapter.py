"""What a chapter's hidden setup cell calls, and the helpers that put numbers and text on a page.

* :func:`setup`: offline charts, plain number printing, pandas display options. Altair is not
  imported here: a chapter that draws nothing does not load it (the book's theme and renderer are
  switched on by :func:`deepseek_factcheck.core.charts.figure`, and again when a chart is shown).
* :func:`glue_text`: glue a value as the exact text a reader sees (numbers formatted
  by :func:`deepseek_factcheck.core.text.format_value`, so ``{glue:text}`key``` needs no
  format spec and cannot paste ``np.float64(...)``; myst-nb ``literal_eval``s pasted text,
  so a formatted number must be glued as a ``str``, whose repr evaluates back to it, never
  as an object printing ``7,354``, a tuple).
* :func:`part_block`: one labelled part of an article's reading text.
* For the chapters' convenience, the prose and table helpers of :mod:`deepseek_factcheck.core`
  are importable from here too: :func:`join_words`, :func:`count_of`, :func:`format_value`
  (:mod:`~deepseek_factcheck.core.text`) and :func:`escaped_text`, :func:`table_html`,
  :func:`linked_table_html` (:mod:`~deepseek_factcheck.core.markup`: article text and tables
  as inert HTML).
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
from IPython import get_ipython
from IPython.display import HTML

from ..core.markup import escaped_text, linked_table_html, table_html
from ..core.text import count_of, format_value, join_words

__all__ = [
    "setup", "glue_text", "part_block",
    "count_of", "format_value", "join_words", "escaped_text", "linked_table_html", "table_html",
]


def setup() -> None:
    """Prepare a chapter's kernel: offline charts and the book's theme, plain numbers."""
    shell = get_ipython()
    if shell is not None:  # by type name, so that Altair is imported only by a chapter that draws
        shell.display_formatter.mimebundle_formatter.for_type_by_name("altair.vegalite.v6.api", "TopLevelMixin", _chart_bundle)
    np.set_printoptions(legacy="1.25")
    pd.set_option("display.max_colwidth", None)


def _chart_bundle(chart) -> dict:
    """What a chart shows in a chapter: drawn by the book's renderer, with its theme."""
    from ..core import charts

    charts.enable()
    return chart._repr_mimebundle_()


def glue_text(key: str, value, spec: str = "") -> str:
    """Glue ``value`` (formatted with ``spec``) under ``key`` for ``{glue:text}`` and return the text."""
    from myst_nb import glue

    text = format_value(value, spec)
    glue(key, text, display=False)  # a str's repr is a literal that myst-nb evaluates back to the text
    return text


def part_block(part: str, meaning: str, text: str, seed: str, collapsed: bool, marked_html: str | None = None) -> HTML:
    """One part of an article's reading text, labelled; collapsed parts sit in a <details>.

    ``marked_html`` is the part's text already escaped with claims marked
    (:func:`deepseek_factcheck.site.ledger_html.marked_text_html`); without it the text is escaped here.
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
