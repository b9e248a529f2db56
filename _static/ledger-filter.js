// Filters for the claims ledger table (chapters/ledger.html). Without JavaScript the
// full table is shown; with it, readers can narrow rows by article, theme, verdict,
// part and words in the quote. Runs only on a page that has #ledger-table.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    var table = document.getElementById("ledger-table");
    var box = document.getElementById("ledger-filter");
    if (!table || !box) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var fields = [
      ["article", "Article"], ["theme", "Theme"], ["verdict", "Verdict"], ["part", "Part"]
    ];
    var selects = {};
    fields.forEach(function (field) {
      var key = field[0], values = [];
      rows.forEach(function (row) {
        var v = row.dataset[key];
        if (values.indexOf(v) < 0) values.push(v);
      });
      values.sort();
      var label = document.createElement("label");
      label.textContent = field[1];
      var select = document.createElement("select");
      select.name = key;
      var all = document.createElement("option");
      all.value = ""; all.textContent = "all";
      select.appendChild(all);
      values.forEach(function (v) {
        var option = document.createElement("option");
        option.value = v; option.textContent = v;
        select.appendChild(option);
      });
      label.appendChild(select);
      box.appendChild(label);
      selects[key] = select;
    });
    var searchLabel = document.createElement("label");
    searchLabel.textContent = "Words in the quote";
    var search = document.createElement("input");
    search.type = "search"; search.name = "ledger-words";
    searchLabel.appendChild(search);
    box.appendChild(searchLabel);
    var reset = document.createElement("button");
    reset.type = "button"; reset.textContent = "Show all";
    box.appendChild(reset);
    var count = document.createElement("output");
    count.setAttribute("aria-live", "polite");
    box.appendChild(count);

    function apply() {
      var words = search.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = fields.every(function (field) {
          var want = selects[field[0]].value;
          return !want || row.dataset[field[0]] === want;
        });
        if (ok && words) {
          var quote = row.querySelector(".claim-quote");
          ok = quote && quote.textContent.toLowerCase().indexOf(words) >= 0;
        }
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "Showing " + shown + " of " + rows.length + " claims.";
    }
    function showAll() {
      Object.keys(selects).forEach(function (key) { selects[key].value = ""; });
      search.value = "";
      apply();
    }
    Object.keys(selects).forEach(function (key) { selects[key].addEventListener("change", apply); });
    search.addEventListener("input", apply);
    reset.addEventListener("click", showAll);
    // A link to a claim that the filters hide shows everything again.
    window.addEventListener("hashchange", function () {
      var target = document.getElementById(location.hash.slice(1));
      var row = target && target.closest("tr");
      if (row && row.hidden) { showAll(); target.scrollIntoView(); }
    });
    box.hidden = false;
    apply();
  });
})();
