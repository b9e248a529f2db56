"""Helpers that put text and numbers on a page: escaping and formatting."""

import numpy as np
import pandas as pd
import pytest

from deepseek_factcheck.core.markup import escaped_text, linked_table_html, table_html
from deepseek_factcheck.core.text import format_value, join_words
from deepseek_factcheck.site.chapter import part_block

HOSTILE = '<script>alert(1)</script> ```{code-cell} python\nimport os\n``` {glue:text}`x` <b>bold</b> & co'


def test_article_text_is_inert_html():
    out = escaped_text(HOSTILE).data
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "&amp; co" in out
    assert "```{code-cell}" in out  # shown as text; HTML output is never parsed as MyST


def test_tables_and_part_blocks_escape_every_cell():
    out = table_html(pd.DataFrame({"a": [HOSTILE]}), caption="<i>caption</i>").data
    assert "<script>" not in out and "<i>" not in out
    assert out.startswith('<table tabindex="0" '), "a table without links must be reachable by keyboard to scroll it"
    block = part_block("comment", "Reader <comments>", HOSTILE, "004", collapsed=True).data
    assert "<script>" not in block and "&lt;comments&gt;" in block and block.startswith("<details")


@pytest.mark.parametrize(
    ("value", "spec", "text"),
    [(7354, "", "7,354"), (np.int64(12), "", "12"), (np.float64(16.971), ".1f", "17.0"), (0.1697, ".1%", "17.0%")],
)
def test_numbers_are_formatted_as_plain_text(value, spec, text):
    assert format_value(value, spec) == text


def test_floats_need_a_stated_precision_and_booleans_are_refused():
    with pytest.raises(TypeError, match="format spec"):
        format_value(1.5)
    with pytest.raises(TypeError, match="refusing"):
        format_value(True)


def test_linked_tables_escape_cells_addresses_and_classes():
    frame = pd.DataFrame({"id": ['a"b', ""], "text": [HOSTILE, np.nan], "n": [1, 2]})
    out = linked_table_html(
        frame, caption="<i>c</i>",
        links={"id": lambda v: f'page.html#x-{v}" onclick="evil()'},
        cell_classes={"n": lambda v: f'n-{v}"><script>'},
    ).data
    assert "<script>" not in out and "<i>" not in out and 'onclick="evil()"' not in out
    assert '<a href="page.html#x-a&quot;b&quot; onclick=&quot;evil()">a&quot;b</a>' in out
    assert "<td></td>" in out  # an empty id is not linked; a missing value is an empty cell, never "nan"
    assert "nan" not in out
    with pytest.raises(KeyError, match="nope"):
        linked_table_html(frame, links={"nope": str})


@pytest.mark.parametrize(("items", "text"), [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")])
def test_join_words(items, text):
    assert join_words(items) == text
