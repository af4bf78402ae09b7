// `dossier serve` only: live reload, the error overlay and the passage picker. The preview
// server injects this script into the pages it sends; a built site never loads it.
// Text from the dossier (diagnostics, passages, TOML) is only ever set as textContent.
(function () {
  "use strict";
  var me = document.currentScript;
  var generation = Number(me.dataset.generation);
  var article = me.dataset.article || null;
  var scrollKey = "dossier-scroll:" + location.pathname + location.search;

  // ---- live reload, keeping the scroll position ------------------------------------------
  function restoreScroll() {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved === null) return;
    sessionStorage.removeItem(scrollKey);
    var y = Number(saved);
    window.scrollTo(0, y);
    // Images and fonts can still move things: once more when everything has loaded.
    window.addEventListener("load", function () { window.scrollTo(0, y); });
  }

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  restoreScroll();
  var events = new EventSource("/_dossier/events");
  // What the stream has said, for whoever drives the page (the browser tests wait on it).
  window.dossierLive = { connected: false };
  events.addEventListener("hello", function (e) {
    // A page served before a rebuild whose reload it missed (or by a restarted server).
    if (JSON.parse(e.data).generation !== generation) reload();
    else window.dossierLive.connected = true;
  });
  events.addEventListener("reload", reload);
  events.addEventListener("problems", function (e) { showProblems(JSON.parse(e.data)); });

  // ---- small DOM helpers -----------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  // A box of our own in a shadow root, so the dossier's stylesheet and ours never meet.
  function shadowBox(id, css) {
    var host = el("div", { id: id });
    var root = host.attachShadow({ mode: "open" });
    root.appendChild(el("style", {}, [css]));
    document.body.appendChild(host);
    return { host: host, root: root };
  }

  var BOX_CSS =
    ":host{all:initial}" +
    ".box{font:14px/1.4 system-ui,sans-serif;color:#1d1d1f;background:#fff;" +
    "border:1px solid #bbb;border-radius:6px;box-shadow:0 6px 24px rgba(0,0,0,.25)}" +
    "header{display:flex;gap:.5rem;align-items:center;padding:.5rem .75rem;" +
    "border-bottom:1px solid #ddd;font-weight:600}" +
    "header span{flex:1}" +
    "pre{margin:0;padding:.75rem;overflow:auto;white-space:pre-wrap;" +
    "font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}" +
    "button{font:inherit;cursor:pointer;border:1px solid #bbb;border-radius:4px;" +
    "background:#f4f4f4;padding:.1rem .5rem}" +
    "button[aria-pressed=true]{background:#1d1d1f;color:#fff}";

  // ---- error overlay ---------------------------------------------------------------------
  var overlay = null;

  function showProblems(p) {
    if (!overlay) {
      overlay = shadowBox("dossier-overlay", BOX_CSS +
        ".back{position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.55);" +
        "display:flex;align-items:flex-start;justify-content:center;padding:4vh 1rem}" +
        ".box{max-width:60rem;width:100%;max-height:90vh;display:flex;flex-direction:column}" +
        "header{color:#b00020}");
      overlay.title = el("span");
      var close = el("button", { type: "button", "aria-label": "hide" }, ["\u00d7"]);
      close.addEventListener("click", function () { overlay.host.hidden = true; });
      overlay.pre = el("pre");
      overlay.root.appendChild(el("div", { class: "back" }, [
        el("div", { class: "box", role: "alertdialog", "aria-label": "dossier errors" }, [
          el("header", {}, [overlay.title, close]), overlay.pre])]));
    }
    overlay.title.textContent = p.errors + (p.errors === 1 ? " error" : " errors") +
      " \u2014 the page shows the last good build; fix and save to reload";
    overlay.pre.textContent = p.text;
    overlay.host.hidden = false;
  }

  // ---- passage picker (article pages) ----------------------------------------------------
  if (!article) return;
  var body = document.querySelector("main .body") || document.querySelector("main");
  var picker = null;
  var timer = null;

  // The text of a piece of the article as the reader sees it, without the sidenotes and their
  // markers (which are not the article's words), with a line break after each block.
  function readable(fragment) {
    fragment.querySelectorAll("aside, .sn-ref, script, style").forEach(function (n) {
      n.remove();
    });
    fragment.querySelectorAll("p,li,h1,h2,h3,h4,h5,h6,blockquote,pre,td,th,br,div")
      .forEach(function (n) { n.after("\n"); });
    return fragment.textContent;
  }

  function onSelection() {
    var sel = document.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    var range = sel.getRangeAt(0);
    if (!body || !body.contains(range.commonAncestorContainer)) return;
    var text = readable(range.cloneContents());
    if (!text.trim()) return;
    // Where the selection starts, in non-space characters: chooses among repeated passages.
    var before = document.createRange();
    before.setStart(body, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var at = readable(before.cloneContents()).replace(/\s+/g, "").length;
    fetch("/_dossier/pick?article=" + encodeURIComponent(article), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: text, at: at })
    }).then(function (r) { return r.json(); })
      .then(showPick, function (e) { showPick({ error: String(e) }); });
  }

  document.addEventListener("selectionchange", function () {
    clearTimeout(timer);
    timer = setTimeout(onSelection, 200);
  });

  function buildPicker() {
    picker = shadowBox("dossier-picker", BOX_CSS +
      ".box{position:fixed;right:1rem;bottom:1rem;z-index:2147483646;" +
      "width:min(34rem,calc(100vw - 2rem));max-height:60vh;display:flex;flex-direction:column}" +
      ".kinds{display:flex;gap:.35rem;padding:.5rem .75rem 0}" +
      "p{margin:.5rem .75rem 0;color:#555}");
    picker.kinds = el("div", { class: "kinds", role: "group", "aria-label": "annotation kind" });
    picker.note = el("p");
    picker.pre = el("pre");
    picker.copy = el("button", { type: "button", class: "copy" }, ["Copy"]);
    var close = el("button", { type: "button", "aria-label": "close" }, ["\u00d7"]);
    close.addEventListener("click", function () { picker.host.hidden = true; });
    picker.copy.addEventListener("click", function () { copy(picker.pre.textContent); });
    var box = el("div", { class: "box", role: "dialog", "aria-label": "annotate this passage" }, [
      el("header", {}, [el("span", {}, ["Annotate this passage"]), picker.copy, close]),
      picker.kinds, picker.note, picker.pre]);
    // Clicking the panel must not drop the reader's selection.
    box.addEventListener("mousedown", function (e) { e.preventDefault(); });
    picker.root.appendChild(box);
  }

  function showPick(reply) {
    if (!picker) buildPicker();
    picker.host.hidden = false;
    picker.kinds.replaceChildren();
    picker.copy.textContent = "Copy";
    if (reply.error) {
      picker.note.textContent = reply.error;
      picker.pre.textContent = "";
      picker.copy.disabled = true;
      return;
    }
    picker.copy.disabled = false;
    picker.note.textContent = reply.note;
    reply.snippets.forEach(function (s, i) {
      var b = el("button", { type: "button", "data-kind": s.kind }, [s.kind]);
      b.addEventListener("click", function () { choose(b, s); });
      picker.kinds.appendChild(b);
      if (i === 0) choose(b, s);
    });
  }

  function choose(button, snippet) {
    picker.kinds.querySelectorAll("button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b === button));
    });
    picker.pre.textContent = snippet.toml;
    picker.copy.textContent = "Copy";
  }

  function copy(text) {
    var done = function () { picker.copy.textContent = "Copied"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text, done); });
    } else {
      fallbackCopy(text, done);
    }
  }

  function fallbackCopy(text, done) {
    var area = el("textarea");
    area.value = text;
    picker.root.appendChild(area);
    area.select();
    if (document.execCommand("copy")) done();
    area.remove();
  }
})();
