"""One offline Altair pipeline for every chapter: theme, renderer and figure metadata.

* **Offline.** The renderer emits a ``<div>`` and the chart's spec only. The Vega,
  Vega-Lite and vega-embed JavaScript comes from ``_static/vendor/vega-bundle.js``, which
  the book's Sphinx extension writes from the copy that ``vl-convert-python`` ships.
* **Drawn at build time, live in the browser.** When the chapter runs, vl-convert compiles
  the Vega-Lite spec to Vega and draws it as SVG, with the same Vega the browser runs. The
  page carries that SVG, so the chart shows as soon as the page does (and without
  JavaScript, and in print). ``_static/book-charts.js`` then swaps each one, in turn, for a
  live Vega view (tooltips, a menu to save it as SVG or PNG) and marks the container
  ``data-interactive``. The browser never compiles Vega-Lite.
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

import hashlib
import html
import json
import re

import altair as alt

RENDERER = "deepseek_offline"
THEME = "deepseek_factcheck"
FIGURE_DATA_DIR = "figure-data"
ROOT_PLACEHOLDER = "@@BOOK_ROOT@@/"

# Okabe & Ito (2008), "Color Universal Design": safe for the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# The drawing made at build time is laid out with vl-convert's font metrics, which for FONT
# are Arial's (Liberation Sans here): it names Arial-metric fonts so that, where the reader's
# browser draws it, the labels fit the room measured for them. The live view uses FONT.
STATIC_FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
_NAME = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def theme() -> alt.theme.ThemeConfig:
    """The book's chart theme."""
    return {
        "config": {
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 300},
            "font": FONT,
            "range": {"category": OKABE_ITO},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal", "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "title": {"fontSize": 14, "anchor": "start"},
        }
    }


def figure(chart: alt.TopLevelMixin, name: str, alt_text: str) -> alt.TopLevelMixin:
    """Mark a chart as a book figure: ``name`` names its data file, ``alt_text`` describes it.

    The text alternative should say what the chart shows and what a sighted reader would
    conclude from it, in one to three sentences.
    """
    if not _NAME.fullmatch(name):
        raise ValueError(f"figure name {name!r} must be lowercase words joined by hyphens")
    if len(alt_text.strip()) < 20:
        raise ValueError(f"figure {name!r}: the text alternative is missing or too short to describe the chart")
    return chart.properties(description=alt_text.strip(), usermeta={"figure": name})


def chart_html(spec: dict) -> str:
    """HTML for one chart: container with the chart drawn as SVG, its Vega spec, text alternative and data link."""
    meta = spec.get("usermeta") or {}
    name, alt_text = meta.get("figure"), spec.get("description")
    if not name or not alt_text:
        raise ValueError(
            "a chart reached the page without figure metadata: wrap it in "
            "deepseek_factcheck.core.charts.figure(chart, name, alt_text) so it has a data file and a text alternative"
        )
    spec_json = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    chart_id = "vega-" + hashlib.sha256(spec_json.encode("utf-8")).hexdigest()[:16]
    vega_spec = to_vega(spec)
    vega_json = json.dumps(vega_spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    safe_json = vega_json.replace("</", "<\\/")
    alt_escaped = html.escape(alt_text)
    return (
        f'<div class="book-chart" data-figure-name="{html.escape(name)}">\n'
        f'<div id="{chart_id}" class="vega-chart" role="group" aria-label="{alt_escaped}">{static_svg(vega_spec)}</div>\n'
        f'<script type="application/json" id="{chart_id}-spec">{safe_json}</script>\n'
        f'<p class="chart-alt-text"><strong>Chart description:</strong> {alt_escaped}</p>\n'
        f'<p class="chart-data-link"><a href="{ROOT_PLACEHOLDER}{FIGURE_DATA_DIR}/{html.escape(name)}.csv" download>'
        f"Download the data shown in this chart (CSV)</a></p>\n"
        f"</div>"
    )


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


def vega_bundle() -> str:
    """The Vega + Vega-Lite + vega-embed bundle matching Altair's Vega-Lite, wrapped in an IIFE.

    Loaded raw, its top-level ``const`` names collide with Sphinx's page scripts; the
    wrapper keeps them local and leaves ``vegaEmbed``, ``vega`` and ``vegaLite`` global.
    """
    import vl_convert
    from altair.utils._importers import vl_version_for_vl_convert

    return "(function(){\n" + vl_convert.javascript_bundle(vl_version=vl_version_for_vl_convert()) + "\n})();\n"
