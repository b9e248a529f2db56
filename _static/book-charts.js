// Charts (see deepseek_factcheck/charts.py): each .vega-chart arrives drawn, as SVG made when
// the book was built. Once the page has loaded, this swaps the charts, one at a time so the
// page stays responsive, for live Vega views: tooltips and a menu to save the chart as SVG or
// PNG. A chart whose live view fails keeps its drawing (the error goes to the console).
(function () {
  "use strict";
  var OPTIONS = {
    mode: "vega", renderer: "svg",
    actions: { export: true, source: false, compiled: false, editor: false }
  };

  function makeLive(chart) {
    var spec = JSON.parse(document.getElementById(chart.id + "-spec").textContent);
    var live = document.createElement("div");
    return window.vegaEmbed(live, spec, OPTIONS).then(function () {
      chart.replaceChildren(live);
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
