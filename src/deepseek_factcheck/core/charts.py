"""One offline Altair pipeline for every chapter: theme, renderer and figure metadata.

* **Offline.** The renderer emits a ``<div>`` and the chart's spec only. The Vega JavaScript
  (Vega only: :func:`vega_bundle`) comes from ``_static/vendor/vega-bundle.js``, which
  the book's Sphinx extension writes from the copy that ``vl-convert-python`` ships.
* **Drawn at build time, live in the browser.** When the chapter runs, vl-convert compiles
  the Vega-Lite spec to Vega and draws it as SVG, with the same Vega the browser runs. The
  page carries that SVG, so the chart shows as soon as the page does (and without
  JavaScript, and in print). ``_static/book-charts.js`` then swaps each one, in turn, for a
  live Vega view (tooltips, a menu to save it as SVG or PNG) and marks the container
  ``data-interactive``. The browser never compiles Vega-Lite. The drawings' coordinates are
  kept to a tenth of a pixel (:func:`compact_svg`).
* **Two layouts.** Each chart is drawn twice: as its function lays it out, and for a phone
  (:func:`phone_layout`: panels stacked, plots narrowed until the drawing is at most
  :data:`PHONE_WIDTH` px wide, so its text is shown at full size). The page's CSS shows the
  phone drawing in a narrow column; the live view starts from whichever layout fits.
* **Deterministic.** The chart's element id is a hash of its spec, so two builds give
  the same page.
* **Every chart is a figure.** :func:`figure` gives a chart its figure name (used for
  the data file) and its text alternative. The renderer refuses a chart without them.
  The extension writes the data the chart draws to ``figure-data/<name>.csv`` and points
  the chart's download link at it.
* **One theme**: Okabe–Ito colours (distinguishable with the common colour-vision
  deficiencies), the reader's system fonts (no web fonts), no chart border.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import re
import textwrap

import datetime as dt

import altair as alt
import pandas as pd

RENDERER = "deepseek_offline"
THEME = "deepseek_factcheck"
FIGURE_DATA_DIR = "figure-data"
ROOT_PLACEHOLDER = "@@BOOK_ROOT@@/"

# Okabe & Ito (2008), "Color Universal Design": safe for the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# The drawing made at build time is laid out with vl-convert's font metrics, which for FONT
# are Arial's (Liberation Sans here): it names Arial-metric fonts so that, where the reader's
# browser draws it, the labels fit the room measured for them. The live view uses them too.
STATIC_FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
# The widest drawing a 390 px phone shows whole: the article column is 342 px wide there.
PHONE_WIDTH = 340
MIN_PLOT_WIDTH = 110
PHONE_LABEL_LIMIT = 130  # px of a category's name beside a phone's plot (longer ones end in "…")
PHONE_TITLE_CHARS = 26  # an axis title's line on a phone (12 px text): no wider than a narrow plot
# The day of the sell-off: every time chart marks it.
SHOCK_DAY = dt.date(2025, 1, 27)
_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def theme() -> alt.theme.ThemeConfig:
    """The book's chart theme."""
    return {
        "config": {
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 300},
            "font": FONT,
            "range": {"category": OKABE_ITO},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal", "gridColor": "#e6e6e6", "labelSeparation": 6},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "title": {"fontSize": 14, "anchor": "start"},
        }
    }


def figure(chart: alt.TopLevelMixin, name: str, alt_text: str, phone: alt.TopLevelMixin | None = None) -> alt.TopLevelMixin:
    """Mark a chart as a book figure: ``name`` names its data file, ``alt_text`` describes it.

    The text alternative should say what the chart shows and what a sighted reader would
    conclude from it, in one to three sentences. ``phone``, if given, is the chart's own layout
    for a phone (drawing the same data); otherwise :func:`phone_layout` stacks the chart's parts.
    """
    enable()  # the theme applies from here: the phone layout below is written out with it
    if not _NAME.fullmatch(name):
        raise ValueError(f"figure name {name!r} must be lowercase words joined by hyphens")
    if len(alt_text.strip()) < 20:
        raise ValueError(f"figure {name!r}: the text alternative is missing or too short to describe the chart")
    meta = {"figure": name} if phone is None else {"figure": name, "phone": phone.to_dict()}
    return chart.properties(description=alt_text.strip(), usermeta=meta)


def shock_day_mark(label: str = "27 Jan: the sell-off") -> alt.LayerChart:
    """A line at 27 January 2025 with its label at the top, for a chart whose x is a date field ``date``."""
    day = pd.DataFrame({"date": [SHOCK_DAY.isoformat()], "label": [label]})
    base = alt.Chart(day).encode(x="date:T")
    return alt.layer(
        base.mark_rule(color="#D55E00", strokeWidth=1.5).encode(tooltip=[alt.Tooltip("label:N", title="Marked")]),
        base.mark_text(align="left", baseline="top", dx=3, fontSize=11, color="#333").encode(y=alt.value(2), text="label:N"),
    )


def wrapped_labels(chars: int) -> str:
    """An axis ``labelExpr`` that breaks each label into lines of at most ``chars`` characters, at spaces."""
    return f"split(trim(replace(datum.label, regexp('(.{{1,{chars}}})(\\\\s+|$)', 'g'), '$1\\n')), '\\n')"


def zero_rule(channel: str = "x") -> alt.Chart:
    """A solid line at zero on ``channel``, for charts of change (layer it with the chart's data)."""
    return alt.Chart().mark_rule(color="#333", strokeWidth=1, aria=False).encode(**{channel: alt.datum(0)})


def end_labels(frame: pd.DataFrame, value: str, gap: float, by: str | None = None) -> pd.DataFrame:
    """Where to put direct labels for lines: ``frame`` (each line's last point) with ``label_at``, its
    ``value`` nudged upwards so that no two labels (within one ``by`` group) are closer than ``gap``."""
    rows = frame.sort_values(value).copy()
    rows["label_at"] = rows[value].astype(float)
    parts = [rows] if by is None else [part for _, part in rows.groupby(by, sort=False)]
    for part in parts:
        previous = None
        for index in part.index:
            if previous is not None and rows.at[index, "label_at"] < previous + gap:
                rows.at[index, "label_at"] = previous + gap
            previous = rows.at[index, "label_at"]
    return rows


def chart_html(spec: dict) -> str:
    """HTML for one chart: container with the chart drawn as SVG in both layouts, their Vega specs,
    text alternative and data link."""
    meta = spec.get("usermeta") or {}
    name, alt_text = meta.get("figure"), spec.get("description")
    if not name or not alt_text:
        raise ValueError(
            "a chart reached the page without figure metadata: wrap it in "
            "deepseek_factcheck.core.charts.figure(chart, name, alt_text) so it has a data file and a text alternative"
        )
    spec_json = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    chart_id = "vega-" + hashlib.sha256(spec_json.encode("utf-8")).hexdigest()[:16]
    wide = to_vega({**spec, "usermeta": {"figure": name}})
    phone, phone_svg = phone_layout(spec)
    wide, phone = with_short_floats(wide), with_short_floats(phone)
    for vega_spec in (wide, phone):
        live_view_can_run(vega_spec)
    wide_svg, phone_svg = compact_svg(static_svg(wide)), compact_svg(phone_svg)
    alt_escaped = html.escape(alt_text)
    return (
        f'<div class="book-chart" data-figure-name="{html.escape(name)}">\n'
        f'<div id="{chart_id}" class="vega-chart" role="group" aria-label="{alt_escaped}" data-wide-width="{svg_width(wide_svg)}">'
        f'<div class="chart-drawing chart-drawing-wide">{wide_svg}</div>'
        f'<div class="chart-drawing chart-drawing-phone">{phone_svg}</div></div>\n'
        f'<script type="application/json" id="{chart_id}-spec">{_script_json(wide)}</script>\n'
        f'<script type="application/json" id="{chart_id}-phone-spec">{_script_json(_without_shared_values(phone, wide))}</script>\n'
        f'<p class="chart-alt-text"><strong>Chart description:</strong> {alt_escaped}</p>\n'
        f'<p class="chart-data-link"><a href="{ROOT_PLACEHOLDER}{FIGURE_DATA_DIR}/{html.escape(name)}.csv" download>'
        f"Download the data shown in this chart (CSV)</a></p>\n"
        f"</div>"
    )


_GEOMETRY = re.compile(r'\b(d|transform|x|y|x1|x2|y1|y2|width|height)="([^"]*)"')
_DECIMAL = re.compile(r"-?\d+\.\d{2,}")


def _tenths(number: re.Match) -> str:
    text = f"{round(float(number.group()), 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def compact_svg(svg: str) -> str:
    """The drawing with its coordinates to a tenth of a pixel (vl-convert writes up to 14 decimals):
    the page carries each chart twice, and no screen shows the difference. Text is left alone."""
    return _GEOMETRY.sub(lambda m: f'{m.group(1)}="{_DECIMAL.sub(_tenths, m.group(2))}"', svg)


FLOAT_DIGITS = 10


def _short(value):
    if isinstance(value, float):
        return float(f"{value:.{FLOAT_DIGITS}g}")
    if isinstance(value, dict):
        return {key: _short(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_short(item) for item in value]
    return value


def with_short_floats(vega_spec: dict) -> dict:
    """The Vega spec with the numbers of its datasets to :data:`FLOAT_DIGITS` significant digits (binary
    noise such as 102.64525929482589 becomes 102.6452593): far finer than any source's precision, and
    binary noise a page (and the chart's CSV, written from it) need not carry."""
    data = [{**entry, "values": _short(entry["values"])} if "values" in entry else entry for entry in vega_spec.get("data", [])]
    return {**vega_spec, "data": data}


def live_view_can_run(vega_spec: dict) -> None:
    """Fails if the chart uses a Vega transform the page's Vega bundle leaves out (see :data:`VEGA_IMPORTS`)."""
    used = set(re.findall(r'"type": ?"([a-z0-9]+)"', json.dumps(vega_spec))) & TRANSFORMS_LEFT_OUT
    if used:
        raise ValueError(f"chart {vega_spec.get('usermeta', {}).get('figure')!r} uses the Vega transforms {sorted(used)}, "
                         "which the book's Vega bundle leaves out: add their package to VEGA_IMPORTS in core/charts.py")


def _without_shared_values(phone: dict, wide: dict) -> dict:
    """The phone layout's Vega spec without the datasets the wide one carries too (the page carries them once):
    ``usermeta.valuesFromWide`` names them, and book-charts.js copies them back before drawing."""
    wide_values = {entry["name"]: entry["values"] for entry in wide.get("data", []) if "values" in entry}
    data, shared = [], []
    for entry in phone.get("data", []):
        if "values" in entry and wide_values.get(entry["name"]) == entry["values"]:
            entry = {key: value for key, value in entry.items() if key != "values"}
            shared.append(entry["name"])
        data.append(entry)
    return {**phone, "data": data, "usermeta": {**phone["usermeta"], "valuesFromWide": shared}}


def _script_json(vega_spec: dict) -> str:
    """The spec for the live view, with the fonts the drawing was measured with (so it is as wide as the drawing)."""
    text = json.dumps(vega_spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.replace(json.dumps(FONT), json.dumps(STATIC_FONT)).replace("</", "<\\/")


def svg_width(svg: str) -> float:
    """The width a drawn SVG asks for, in px."""
    return float(re.match(r'<svg[^>]*\swidth="([0-9.]+)"', svg).group(1))


def _views(spec: dict):
    """Every view in a Vega-Lite spec that can carry a width: the spec, its concatenated, layered and faceted parts."""
    yield spec
    for key in ("hconcat", "vconcat", "concat", "layer"):
        for part in spec.get(key) or []:
            yield from _views(part)
    if isinstance(spec.get("spec"), dict):
        yield from _views(spec["spec"])


def stacked(spec: dict) -> dict:
    """The spec with side-by-side parts one above the other (concatenations and facet columns become
    rows) and long axis titles in lines."""
    spec = copy.deepcopy(spec)
    for view in _views(spec):
        if "hconcat" in view:
            view["vconcat"] = view.pop("hconcat")
        if "concat" in view:
            view["columns"] = 1
        facet = view.get("facet")
        if isinstance(facet, dict) and "column" in facet:
            facet["row"] = facet.pop("column")
        elif isinstance(facet, dict) and "field" in facet:
            view["columns"] = 1
        encoding = view.get("encoding") or {}
        if "column" in encoding:
            encoding["row"] = encoding.pop("column")
        for field in encoding.values():  # a legend in one column
            if isinstance(field, dict) and isinstance(field.get("legend"), dict) and "columns" in field["legend"]:
                field["legend"]["columns"] = 1
        for channel in ("x", "y"):  # a long axis title in lines, not wider than the plot
            if isinstance((encoding.get(channel) or {}).get("title"), str):
                encoding[channel]["title"] = textwrap.wrap(encoding[channel]["title"], PHONE_TITLE_CHARS)
    return spec


def with_plot_width(spec: dict, width: float) -> dict:
    """The spec with every fixed plot width set to ``width`` (widths given as steps are left alone)."""
    spec = copy.deepcopy(spec)
    for view in _views(spec):
        if isinstance(view.get("width"), (int, float)):
            view["width"] = width
    spec.setdefault("config", {}).setdefault("view", {})["continuousWidth"] = width
    return spec


def phone_layout(spec: dict, width: int = PHONE_WIDTH) -> tuple[dict, str]:
    """The chart laid out for a phone, as a Vega spec and drawn: parts stacked (:func:`stacked`) and the
    plots narrowed until the drawing is at most ``width`` px wide. A spec's ``usermeta.phone`` may give
    its own phone layout (a Vega-Lite spec), e.g. with shorter labels."""
    phone = stacked(spec["usermeta"].get("phone") or spec)
    phone["usermeta"] = {"figure": spec["usermeta"]["figure"], "layout": "phone"}
    phone["description"] = spec["description"]
    config = phone.setdefault("config", {})
    config.setdefault("axisY", {}).setdefault("labelLimit", PHONE_LABEL_LIMIT)
    # legends below, one above the other, each no wider than its longest name
    config.setdefault("legend", {}).update({"orient": "bottom", "direction": "vertical"})
    config.setdefault("title", {})["frame"] = "group"  # a panel's title starts at its labels, not at its plot
    plot, fitted = max(MIN_PLOT_WIDTH, width - 100), None
    drawn = {}  # plot width -> (Vega spec, SVG): a width tried again (the fit can oscillate) is not drawn again
    for _ in range(6):  # the drawing's width follows the plots' nearly one for one
        if plot not in drawn:
            vega = to_vega(with_plot_width(phone, plot))
            drawn[plot] = vega, static_svg(vega)
        vega, svg = drawn[plot]
        excess = svg_width(svg) - width
        if excess <= 0:
            fitted = vega, svg
        if -4 <= excess <= 0 or (excess > 0 and plot == MIN_PLOT_WIDTH):
            break
        plot = max(MIN_PLOT_WIDTH, plot - excess - (1 if excess > 0 else 0))
    if fitted is None and excess <= width * 0.1:  # a little too wide: the page scales it down, text stays over 10 px
        fitted = vega, svg
    if fitted is None:
        raise ValueError(f"chart {spec['usermeta']['figure']!r} is {excess:.0f} px too wide for a phone even with "
                         f"{MIN_PLOT_WIDTH} px plots: shorten its labels or give it a phone layout")
    return fitted


def _render(spec: dict, **_metadata) -> dict:
    html_text = chart_html(spec)
    return {"text/html": html_text, "text/plain": f"<chart {spec['usermeta']['figure']}>"}


def to_vega(spec: dict) -> dict:
    """The Vega spec a Vega-Lite spec compiles to (vl-convert, the Vega-Lite version Altair writes)."""
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    return vl_convert.vegalite_to_vega(spec, vl_version=vl_version_for_vl_convert())


def static_svg(vega_spec: dict) -> str:
    """The chart drawn as SVG by vl-convert (the page shows it until the live view replaces it).

    Fails if the SVG has element ids, which could clash between charts on one page.
    """
    import vl_convert

    svg = vl_convert.vega_to_svg(vega_spec)
    if not svg.startswith("<svg") or re.search(r"\bid=", svg) or "<script" in svg:
        raise ValueError(f"vl-convert drew chart {vega_spec.get('usermeta', {}).get('figure')!r} in an unexpected form: {svg[:120]!r}")
    return svg.replace(f'font-family="{FONT}"', f'font-family="{STATIC_FONT}"')


def spec_records(spec: dict) -> list[dict]:
    """The rows a chart draws, from a Vega-Lite or a compiled Vega spec.

    All inline datasets; a ``dataset`` column if there are several.
    """
    data = spec.get("data")
    if isinstance(data, list):  # Vega: the datasets with values are the sources, under their Vega-Lite names
        datasets = {entry["name"]: entry["values"] for entry in data if "values" in entry}
    else:
        datasets = dict(spec.get("datasets") or {})
        if data and data.get("values") is not None:
            datasets["data"] = data["values"]
    if len(datasets) == 1:
        return list(next(iter(datasets.values())))
    return [{"dataset": key, **row} for key, rows in sorted(datasets.items()) for row in rows]


def enable() -> None:
    """Register and switch on the book's renderer and theme (idempotent)."""
    alt.renderers.register(RENDERER, _render)
    alt.renderers.enable(RENDERER)
    alt.theme.register(THEME, enable=True)(theme)


# What the browser's live view runs (book-charts.js): Vega's parser and View, with the transforms of
# these packages, as vl-convert-python embeds them for VEGA_RELEASE (the Vega it draws with). Vega-Lite
# and vega-embed are left out (the page carries compiled Vega specs), and so are Vega's geographic,
# hierarchy, force, label, regression, Voronoi, word-cloud and crossfilter transforms, which no chart uses.
VEGA_RELEASE = "6.2.0"
VEGA_IMPORTS = [  # (what the bundle imports, package, version)
    ("{transforms}", "vega-dataflow", "6.1.0"),
    ("* as tx", "vega-transforms", "5.1.0"),
    ("* as vtx", "vega-view-transforms", "5.1.0"),
    ("* as encode", "vega-encode", "5.1.0"),
    ("{View}", "vega-view", "6.1.0"),
    ("{parse}", "vega-parser", "7.1.0"),
]
# The transforms of the packages left out: a chart using one could not go live.
TRANSFORMS_LEFT_OUT = {
    "contour", "geojson", "geopath", "geopoint", "geoshape", "graticule", "heatmap", "isocontour", "kde2d",
    "projection", "force", "label", "nest", "pack", "partition", "stratify", "tree", "treelinks", "treemap",
    "loess", "regression", "voronoi", "wordcloud", "crossfilter", "resolvefilter",
}


def _vega_snippet() -> str:
    """The bundle's entry: the packages, their transforms registered, ``window.vega`` = {View, parse, version}."""
    imports = "".join(f'import {names} from "https://cdn.jsdelivr.net/npm/{package}@{version}/+esm";\n'
                      for names, package, version in VEGA_IMPORTS)
    return imports + f'Object.assign(transforms, tx, vtx, encode);\nwindow.vega = {{View, parse, version: "{VEGA_RELEASE}"}};\n'


def vega_bundle() -> str:
    """The Vega the live view runs (parser, View, the transforms of :data:`VEGA_IMPORTS`), wrapped in an IIFE.

    Bundled offline by vl-convert from its own copies (the Vega that draws the charts at build time).
    Loaded raw, its top-level ``const`` names would collide with Sphinx's page scripts; the wrapper
    keeps them local and leaves only ``vega`` global.
    """
    import vl_convert

    if vl_convert.get_vega_version() != VEGA_RELEASE:
        raise RuntimeError(
            f"vl-convert-python now ships Vega {vl_convert.get_vega_version()}, not {VEGA_RELEASE}: update "
            "VEGA_RELEASE and VEGA_IMPORTS in deepseek_factcheck/core/charts.py to the versions of that Vega's packages"
        )
    return "(function(){\n" + vl_convert.javascript_bundle(snippet=_vega_snippet()) + "\n})();\n"
