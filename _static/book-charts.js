// Charts (see deepseek_factcheck/core/charts.py): each .vega-chart arrives drawn, as SVG made when
// the book was built. Once the page has loaded, this swaps the charts, one at a time so the
// page stays responsive, for live Vega views (the page's Vega bundle holds Vega only: the specs
// are already compiled): tooltips, and a menu to save the chart as SVG or PNG. A chart whose
// live view fails keeps its drawing (the error goes to the console).
// Each chart comes in two layouts (charts.py): as designed, and stacked for a phone. The live
// view starts from the one that fits the chart's box, and a single plot is sized to the box.
(function () {
  "use strict";
  var tip = null;  // the one tooltip box of the page

  function fitsWide(chart) {
    return chart.clientWidth >= Number(chart.dataset.wideWidth || 0);
  }

  // A light stand-in for vega-embed's tooltips: the mark's tooltip fields, one "name: value" a line,
  // in a box beside the pointer (text only: no HTML from the data is interpreted).
  function showTooltip(handler, event, item, value) {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "chart-tooltip";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    if (value === null || value === undefined || value === "" || !event) {
      tip.hidden = true;
      return;
    }
    var lines = typeof value === "object" && !Array.isArray(value)
      ? Object.keys(value).filter(function (key) { return value[key] !== undefined; })
          .map(function (key) { return key + ": " + value[key]; })
      : [String(value)];
    tip.textContent = lines.join("\n");
    tip.hidden = false;
    var room = document.documentElement.clientWidth;
    var x = event.clientX + 12, y = event.clientY + 12;
    if (x + tip.offsetWidth > room - 4) x = Math.max(4, event.clientX - 12 - tip.offsetWidth);
    tip.style.left = (x + window.scrollX) + "px";
    tip.style.top = (y + window.scrollY) + "px";
  }

  // A stand-in for vega-embed's menu: a <details> named for screen readers, with two links.
  function saveMenu(view, name) {
    var menu = document.createElement("details");
    menu.className = "chart-actions";
    var summary = document.createElement("summary");
    summary.setAttribute("aria-label", "Chart actions: save as SVG or PNG");
    summary.textContent = "\u22EF";
    menu.appendChild(summary);
    [["svg", "Save as SVG", 1], ["png", "Save as PNG", 2]].forEach(function (format) {
      var link = document.createElement("a");
      link.href = "#";
      link.textContent = format[1];
      link.addEventListener("click", function (event) {
        event.preventDefault();
        view.toImageURL(format[0], format[2]).then(function (url) {
          var save = document.createElement("a");
          save.href = url;
          save.download = name + "." + format[0];
          save.click();
          menu.open = false;
        }).catch(console.error);
      });
      menu.appendChild(link);
    });
    return menu;
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
    live.className = "chart-live";
    var view = new window.vega.View(window.vega.parse(spec), {
      renderer: "svg", container: live, hover: true, tooltip: showTooltip
    });
    return view.runAsync().then(function () {
      chart.replaceChildren(live);
      chart.dataset.layout = wide ? "wide" : "phone";
      // a single plot (a top-level width) takes the box's width on a phone, and never overflows it
      var svg = live.querySelector("svg");
      var room = chart.clientWidth - (svg ? svg.getBoundingClientRect().width : 0);
      if (typeof spec.width === "number" && svg && (room < 0 || !wide)) {
        view.width(Math.max(120, view.width() + Math.floor(room) - 1));
        return view.runAsync();
      }
    }).then(function () {
      var name = chart.closest(".book-chart");
      live.appendChild(saveMenu(view, (name && name.dataset.figureName) || "chart"));
      chart.setAttribute("data-interactive", "true");
    });
  }

  function next(charts) {
    if (!charts.length) return;
    var chart = charts.shift();
    Promise.resolve().then(function () { return makeLive(chart); }).catch(console.error).then(function () {
      setTimeout(function () { next(charts); }, 0);
    });
  }

  function start() {
    if (!window.vega || typeof window.vega.View !== "function") {
      console.error("book-charts.js: the Vega bundle did not load; the charts stay as drawn at build time");
      return;
    }
    next(Array.prototype.slice.call(document.querySelectorAll(".vega-chart")));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
