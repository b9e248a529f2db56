// Charts (see deepseek_factcheck/charts.py): each .vega-chart arrives drawn, as SVG made when
// the book was built. Once the page has loaded, this swaps the charts, one at a time so the
// page stays responsive, for live Vega views: tooltips and a menu to save the chart as SVG or
// PNG. A chart whose live view fails keeps its drawing (the error goes to the console).
// Each chart comes in two layouts (charts.py): as designed, and stacked for a phone. The live
// view starts from the one that fits the chart's box, and a single plot is sized to the box.
(function () {
  "use strict";
  var OPTIONS = {
    mode: "vega", renderer: "svg",
    actions: { export: true, source: false, compiled: false, editor: false }
  };

  function fitsWide(chart) {
    return chart.clientWidth >= Number(chart.dataset.wideWidth || 0);
  }

  function makeLive(chart) {
    var wide = fitsWide(chart);
    var spec = JSON.parse(document.getElementById(chart.id + (wide ? "-spec" : "-phone-spec")).textContent);
    var shared = (spec.usermeta || {}).valuesFromWide || [];
    if (shared.length) {  // the page carries the datasets both layouts draw once, in the wide spec
      var values = {};
      JSON.parse(document.getElementById(chart.id + "-spec").textContent).data.forEach(function (d) { values[d.name] = d.values; });
      spec.data.forEach(function (d) { if (shared.indexOf(d.name) >= 0) d.values = values[d.name]; });
    }
    var live = document.createElement("div");
    return window.vegaEmbed(live, spec, OPTIONS).then(function (result) {
      chart.replaceChildren(live);
      chart.dataset.layout = wide ? "wide" : "phone";
      // a single plot (a top-level width) takes the box's width on a phone, and never overflows it
      var svg = live.querySelector("svg");
      var room = chart.clientWidth - (svg ? svg.getBoundingClientRect().width : 0);
      if (typeof spec.width === "number" && svg && (room < 0 || !wide)) {
        result.view.width(Math.max(120, result.view.width() + Math.floor(room) - 1));
        return result.view.runAsync();
      }
    }).then(function () {
      // vega-embed's menu is a <details> whose <summary> holds only an icon: give it a name
      var summary = chart.querySelector("summary");
      if (summary) summary.setAttribute("aria-label", "Chart actions: save as SVG or PNG");
      chart.setAttribute("data-interactive", "true");
    });
  }

  function next(charts) {
    if (!charts.length) return;
    makeLive(charts.shift()).catch(console.error).then(function () {
      setTimeout(function () { next(charts); }, 0);
    });
  }

  function start() {
    if (typeof window.vegaEmbed !== "function") {
      console.error("book-charts.js: the Vega bundle did not load; the charts stay as drawn at build time");
      return;
    }
    next(Array.prototype.slice.call(document.querySelectorAll(".vega-chart")));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
