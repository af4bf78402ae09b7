// Hover previews, progressively enhanced. An article page holds, in <template id="previews">,
// a card per entity its annotations link to (role, summary), keyed by the link's href. On
// hover or keyboard focus of such a link, its card is shown in a tooltip beside it (the link
// is described by it); moving onto the tooltip keeps it; leaving, blur or Escape hides it.
// Focus never moves. Nothing is fetched, so it works from file://; without JavaScript the
// template stays inert and the links are plain links.
(function () {
  "use strict";
  var tpl = document.getElementById("previews");
  if (!tpl || !tpl.content) return;
  var cards = {};
  var list = tpl.content.querySelectorAll("[data-href]");
  for (var i = 0; i < list.length; i++) cards[list[i].getAttribute("data-href")] = list[i];
  var tip = document.createElement("div");
  tip.id = "preview-tip";
  tip.className = "preview-tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  // Inside the main landmark, beside the links it describes.
  (document.getElementById("main") || document.body).appendChild(tip);
  var current = null;
  var timer = null;

  function linkOf(node) {
    var a = node && node.closest ? node.closest(".article a[href]") : null;
    return a && cards[a.getAttribute("href")] ? a : null;
  }
  function place(link) {
    var r = link.getBoundingClientRect();
    var doc = document.documentElement;
    var left = Math.min(r.left, doc.clientWidth - tip.offsetWidth - 8);
    var top = r.bottom + 6;
    if (top + tip.offsetHeight > window.innerHeight && r.top - tip.offsetHeight - 6 > 0) top = r.top - tip.offsetHeight - 6;
    tip.style.left = Math.max(8, left) + window.scrollX + "px";
    tip.style.top = top + window.scrollY + "px";
  }
  function show(link) {
    clearTimeout(timer);
    if (current === link) return;
    hide();
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    tip.appendChild(cards[link.getAttribute("href")].cloneNode(true));
    tip.hidden = false;
    current = link;
    link.setAttribute("aria-describedby", tip.id);
    place(link);
  }
  function hide() {
    clearTimeout(timer);
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    tip.hidden = true;
  }
  function hideSoon() {
    clearTimeout(timer);
    timer = setTimeout(hide, 250);
  }
  document.addEventListener("mouseover", function (e) {
    var a = linkOf(e.target);
    if (a) show(a);
    else if (tip.contains(e.target)) clearTimeout(timer);
  });
  document.addEventListener("mouseout", function (e) {
    if (linkOf(e.target) || tip.contains(e.target)) hideSoon();
  });
  document.addEventListener("focusin", function (e) {
    var a = linkOf(e.target);
    if (a) show(a);
    else hide();
  });
  document.addEventListener("focusout", function (e) {
    if (linkOf(e.target) === current) hide();
  });
  document.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && !tip.hidden) hide();
  });
  window.addEventListener("resize", hide);
})();
