"""The offline chart pipeline: figure metadata, deterministic HTML, data extraction, input hashing."""

import json
import re

import altair as alt
import pandas as pd
import pytest

from deepseek_factcheck.core import charts
from deepseek_factcheck.core.paths import book_root
from deepseek_factcheck.site.sphinx_ext import figure_csv, inputs_hash

DATA = pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})


def _chart():
    return alt.Chart(DATA).mark_bar().encode(x="x:N", y="y:Q")


def test_a_chart_without_figure_metadata_is_refused():
    with pytest.raises(ValueError, match="without figure metadata"):
        charts.chart_html(_chart().to_dict())


def test_figure_needs_a_proper_name_and_alt_text():
    with pytest.raises(ValueError, match="lowercase words"):
        charts.figure(_chart(), "Bad Name", "A bar chart of two values, a and b.")
    with pytest.raises(ValueError, match="text alternative"):
        charts.figure(_chart(), "good-name", "bars")


def test_html_is_deterministic_offline_and_escaped():
    spec = charts.figure(_chart(), "test-bars", "Two bars: b is twice a. </script><b>").to_dict()
    first, second = charts.chart_html(spec), charts.chart_html(spec)
    assert first == second
    assert "<script src" not in first and "jsdelivr" not in first  # nothing loaded from elsewhere
    assert "</script><b>" not in first  # the description is escaped in the spec and in the text
    assert f"{charts.ROOT_PLACEHOLDER}figure-data/test-bars.csv" in first


def test_spec_records_give_the_drawn_rows_as_csv():
    spec = charts.figure(_chart(), "test-bars", "Two bars: b is twice a.").to_dict()
    assert figure_csv(charts.spec_records(spec)) == "x,y\na,1\nb,2\n"


def test_the_page_carries_compiled_vega_with_the_same_rows_and_metadata():
    spec = charts.figure(_chart(), "test-bars", "Two bars: b is twice a.").to_dict()
    page = charts.chart_html(spec)
    embedded = json.loads(re.search(r'-spec">(.*?)</script>', page, re.S).group(1).replace("<\\/", "</"))
    assert embedded["$schema"].startswith("https://vega.github.io/schema/vega/")  # Vega, not Vega-Lite
    assert "vega.parse(spec)" in (book_root() / "_static" / "book-charts.js").read_text()  # the page script runs it as Vega
    assert embedded["usermeta"] == {"figure": "test-bars"} and embedded["description"] == "Two bars: b is twice a."
    assert charts.spec_records(embedded) == charts.spec_records(spec)


def test_the_page_carries_the_chart_drawn_so_it_shows_without_javascript():
    charts.enable()  # the book's theme, with its font
    spec = charts.figure(_chart(), "test-bars", "Two bars: b is twice a. </script><b>").to_dict()
    page = charts.chart_html(spec)
    drawing = re.search(r'class="vega-chart"[^>]*><div class="chart-drawing chart-drawing-wide">(<svg.*?</svg>)</div>', page, re.S)
    assert drawing, "no SVG inside the chart's container"
    assert drawing.group(1).count('class="mark-rect role-mark') == 1 and "</script><b>" not in drawing.group(1)
    assert charts.FONT not in drawing.group(1) and charts.STATIC_FONT in drawing.group(1)  # fonts with the measured metrics
    assert "<script type=\"text/javascript\">" not in page  # book-charts.js makes it live; no inline code


def test_inputs_hash_notices_data_changes(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").write_text("a\n1\n")
    before = inputs_hash(tmp_path)
    assert inputs_hash(tmp_path) == before
    (tmp_path / "data" / "t.csv").write_text("a\n2\n")
    assert inputs_hash(tmp_path) != before


def test_bundle_is_wrapped_so_it_cannot_clash_with_page_scripts():
    bundle = charts.vega_bundle()
    assert bundle.startswith("(function(){\n") and bundle.rstrip().endswith("})();")


def test_bundle_holds_vega_only():
    """The browser gets compiled Vega specs: the bundle defines ``vega`` (View and parse), not Vega-Lite or vega-embed."""
    bundle = charts.vega_bundle()
    assert re.search(r"window\.vega=\{View:[\w$]+,parse:[\w$]+,version:\"" + re.escape(charts.VEGA_RELEASE), bundle)
    assert "vegaLite" not in bundle and "vegaEmbed" not in bundle and "vega-lite" not in bundle
    assert "cdn.jsdelivr.net" not in bundle  # bundled from vl-convert's own copies: nothing to fetch
    assert len(bundle) < 600_000  # Vega, Vega-Lite and vega-embed together were 880 KB


def test_compact_svg_rounds_coordinates_to_tenths_and_leaves_text_alone():
    svg = '<svg width="578" height="120.25"><path d="M0.123456,-0.0412L12.96,3"/><text x="3.14159" transform="translate(1.25,2.76)">1.2345</text></svg>'
    assert charts.compact_svg(svg) == '<svg width="578" height="120.2"><path d="M0.1,0L13,3"/><text x="3.1" transform="translate(1.2,2.8)">1.2345</text></svg>'


def test_a_chart_whose_transform_the_bundle_leaves_out_fails_the_build():
    charts.live_view_can_run({"data": [{"name": "d", "transform": [{"type": "filter", "expr": "true"}]}]})
    with pytest.raises(ValueError, match="regression"):
        charts.live_view_can_run({"usermeta": {"figure": "f"}, "data": [{"name": "d", "transform": [{"type": "regression"}]}]})


def _wide_chart():
    data = pd.DataFrame({"name": ["a rather long category name", "short"], "value": [3, -2], "panel": ["one", "two"]})
    bars = alt.Chart(data).mark_bar().encode(y="name:N", x=alt.X("value:Q", title="A long axis title that would not fit a phone's plot"))
    return alt.hconcat(bars.properties(width=400), bars.properties(width=400))


def test_stacked_puts_side_by_side_parts_one_above_the_other_and_wraps_long_titles():
    spec = _wide_chart().to_dict()
    stacked = charts.stacked(spec)
    assert "hconcat" not in stacked and len(stacked["vconcat"]) == 2
    assert stacked["vconcat"][0]["encoding"]["x"]["title"] == ["A long axis title that", "would not fit a phone's", "plot"]
    faceted = alt.Chart(DATA).mark_bar().encode(x="x:N", y="y:Q").facet(column="x:N").to_dict()
    assert "row" in charts.stacked(faceted)["facet"] and "column" not in charts.stacked(faceted)["facet"]
    assert "hconcat" in spec  # the original is left alone


def test_the_phone_drawing_fits_a_phone_and_the_wide_one_is_kept():
    charts.enable()
    spec = charts.figure(_wide_chart(), "test-wide", "Two panels of bars, each with a long category name.").to_dict()
    page = charts.chart_html(spec)
    wide = re.search(r'chart-drawing-wide">(<svg.*?</svg>)', page, re.S).group(1)
    phone = re.search(r'chart-drawing-phone">(<svg.*?</svg>)', page, re.S).group(1)
    assert charts.svg_width(wide) > 800
    assert charts.PHONE_WIDTH - 10 <= charts.svg_width(phone) <= charts.PHONE_WIDTH
    assert f'data-wide-width="{charts.svg_width(wide)}"' in page
    phone_spec = json.loads(re.search(r'-phone-spec">(.*?)</script>', page, re.S).group(1).replace("<\\/", "</"))
    assert {k: phone_spec["usermeta"][k] for k in ("figure", "layout")} == {"figure": "test-wide", "layout": "phone"}


def test_a_chart_that_cannot_fit_a_phone_is_refused():
    charts.enable()
    label = "a category name far too long for any phone to show beside its bar, even cut short at the limit"
    data = pd.DataFrame({"name": [label], "value": [1]})
    chart = alt.Chart(data).mark_bar().encode(y=alt.Y("name:N", axis=alt.Axis(labelLimit=600)), x="value:Q")
    with pytest.raises(ValueError, match="too wide for a phone"):
        charts.chart_html(charts.figure(chart, "test-long", "One bar with a very long category name.").to_dict())


def test_end_labels_are_nudged_apart_within_their_group():
    ends = pd.DataFrame({"line": ["a", "b", "c", "d"], "value": [1.0, 1.5, 10.0, 1.2], "group": ["x", "x", "x", "y"]})
    placed = charts.end_labels(ends, "value", gap=2.0, by="group").set_index("line")["label_at"]
    assert placed.to_dict() == {"a": 1.0, "b": 3.0, "c": 10.0, "d": 1.2}  # b moved up by the gap; d is alone in its group


def test_wrapped_labels_break_at_spaces_in_vega():
    import vl_convert

    data = pd.DataFrame({"q": ["What happened in Tiananmen Square in June 1989?"], "v": [1]})
    chart = alt.Chart(data).mark_bar().encode(y=alt.Y("q:N", axis=alt.Axis(labelExpr=charts.wrapped_labels(20))), x="v:Q")
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert lines == ["What happened in", "Tiananmen Square in", "June 1989?"]


def test_the_phone_spec_leaves_out_the_datasets_the_wide_spec_carries():
    charts.enable()
    spec = charts.figure(_wide_chart(), "test-wide", "Two panels of bars, each with a long category name.").to_dict()
    page = charts.chart_html(spec)
    wide, phone = (json.loads(m.replace("<\\/", "</")) for m in re.findall(r'-spec">(.*?)</script>', page, re.S))
    shared = phone["usermeta"]["valuesFromWide"]
    assert shared and all("values" not in d for d in phone["data"] if d["name"] in shared)
    wide_values = {d["name"]: d["values"] for d in wide["data"] if "values" in d}
    assert all(name in wide_values for name in shared)
    assert "valuesFromWide" in (book_root() / "_static" / "book-charts.js").read_text()  # the page script puts them back


def _run(code: str) -> str:
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_a_chapter_that_draws_nothing_does_not_load_altair():
    code = ("import sys\nfrom deepseek_factcheck.site.chapter import setup\nsetup()\n"
            "import deepseek_factcheck.themes\nprint(sorted(m for m in ('altair', 'vl_convert') if m in sys.modules))")
    assert _run(code) == "[]"


def test_a_chart_shown_in_a_chapter_is_drawn_by_the_books_renderer_with_its_theme():
    code = """
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
from deepseek_factcheck.site.chapter import setup
setup()
import altair as alt, pandas as pd
from deepseek_factcheck.core import charts
chart = charts.figure(alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q"), "two-points", "Two points on a line, at one and two.")
alt.renderers.enable("default")  # shown by the book's renderer all the same
data, _ = shell.display_formatter.format(chart)
print('class="vega-chart"' in data["text/html"], charts.FONT in str(chart.to_dict()["config"]), chart.to_dict()["usermeta"] == {"figure": "two-points"})
"""
    assert _run(code) == "True True True"


def test_with_short_floats_keeps_ten_significant_digits_of_the_data_only():
    spec = {"width": 1.123456789012345, "data": [{"name": "d", "values": [{"x": 102.64525929482589, "n": 3, "s": "a"}]}, {"name": "e", "source": "d"}]}
    short = charts.with_short_floats(spec)
    assert short["data"][0]["values"] == [{"x": 102.6452593, "n": 3, "s": "a"}]
    assert short["width"] == spec["width"] and short["data"][1] == {"name": "e", "source": "d"}
