"""One offline Altair pipeline for every chapter: theme, renderer and figure metadata.

* **Offline.** The renderer emits a ``<div>`` and a ``vegaEmbed`` call only. The Vega,
  Vega-Lite and vega-embed JavaScript comes from ``_static/vendor/vega-bundle.js``, which
  the book's Sphinx extension writes from the copy that ``vl-convert-python`` ships.
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
    """HTML for one chart: container, spec, embed call, text alternative and data link."""
    meta = spec.get("usermeta") or {}
    name, alt_text = meta.get("figure"), spec.get("description")
    if not name or not alt_text:
        raise ValueError(
            "a chart reached the page without figure metadata: wrap it in "
            "deepseek_factcheck.charts.figure(chart, name, alt_text) so it has a data file and a text alternative"
        )
    spec_json = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    chart_id = "vega-" + hashlib.sha256(spec_json.encode("utf-8")).hexdigest()[:16]
    safe_json = spec_json.replace("</", "<\\/")
    options = '{"actions":{"export":true,"source":false,"compiled":false,"editor":false},"renderer":"svg"}'
    alt_escaped = html.escape(alt_text)
    # vega-embed's actions menu is a <details> whose <summary> holds only an icon: give it a name
    label_menu = (
        f'var s = document.querySelector("#{chart_id} summary"); '
        'if (s) s.setAttribute("aria-label", "Chart actions: save as SVG or PNG");'
    )
    return (
        f'<div class="book-chart" data-figure-name="{html.escape(name)}">\n'
        f'<div id="{chart_id}" class="vega-chart" role="group" aria-label="{alt_escaped}"></div>\n'
        f'<script type="application/json" id="{chart_id}-spec">{safe_json}</script>\n'
        f'<script type="text/javascript">vegaEmbed("#{chart_id}", JSON.parse(document.getElementById("{chart_id}-spec").textContent), {options})'
        f'.then(function () {{ {label_menu} }}).catch(console.error);</script>\n'
        f'<p class="chart-alt-text"><strong>Chart description:</strong> {alt_escaped}</p>\n'
        f'<p class="chart-data-link"><a href="{ROOT_PLACEHOLDER}{FIGURE_DATA_DIR}/{html.escape(name)}.csv" download>'
        f"Download the data shown in this chart (CSV)</a></p>\n"
        f"</div>"
    )


def _render(spec: dict, **_metadata) -> dict:
    html_text = chart_html(spec)
    return {"text/html": html_text, "text/plain": f"<chart {spec['usermeta']['figure']}>"}


def spec_records(spec: dict) -> list[dict]:
    """The rows a chart draws (all inline datasets; a ``dataset`` column if there are several)."""
    datasets = dict(spec.get("datasets") or {})
    inline = (spec.get("data") or {}).get("values")
    if inline is not None:
        datasets["data"] = inline
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
