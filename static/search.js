// Client-side search over the scripts in search/ (loaded before this one as plain scripts, so it
// works from file:// as well as from a server). Results are built with DOM methods only:
// nothing from the index is ever parsed as HTML.
(function () {
  "use strict";
  var index = window.DOSSIER_SEARCH || [];
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) return;
  var root = "";
  var prepared = index.map(function (e) {
    return { e: e, hay: (e.t + " " + e.x).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "") };
  });
  function fold(s) { return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
  function run(q) {
    while (list.firstChild) list.removeChild(list.firstChild);
    var words = fold(q).split(/\s+/).filter(Boolean);
    if (!words.length) { status.textContent = index.length + " entries indexed. Type to search."; return; }
    var hits = prepared.filter(function (p) { return words.every(function (w) { return p.hay.indexOf(w) !== -1; }); });
    var order = { person: 0, issue: 1, event: 2, outlet: 3, article: 4, quote: 5 };
    hits.sort(function (a, b) { return (order[a.e.k] - order[b.e.k]) || a.e.t.localeCompare(b.e.t); });
    status.textContent = hits.length + " result" + (hits.length === 1 ? "" : "s") + " for \u201C" + q + "\u201D";
    hits.slice(0, 200).forEach(function (p) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind"; kind.textContent = p.e.k;
      var a = document.createElement("a");
      a.href = root + p.e.u; a.textContent = p.e.t;
      li.appendChild(kind); li.appendChild(a);
      if (p.e.x) { var m = document.createElement("span"); m.className = "meta"; m.textContent = " " + p.e.x; li.appendChild(m); }
      list.appendChild(li);
    });
  }
  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  input.addEventListener("input", function () { run(input.value); });
  run(input.value);
})();
