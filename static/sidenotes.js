// Sidenotes, progressively enhanced. Without JavaScript each note floats into the margin
// beside its marker (CSS), stacking below the previous note when they crowd. With it, a note
// that would sit more than 40 px below its marker reads inline instead (class sn-inline), so
// every note in the margin is level with its marker. Decided in reading order, again on resize.
// A note read inline (so, on a narrow screen, every note) is set after the paragraph that holds
// its marker, not where its marker is: a block in mid-sentence would split the sentence.
(function () {
  "use strict";
  var LIMIT = 40;
  var notes = [], marks = [];
  // The block of the article body that holds node n (a paragraph, a list, a quote).
  function block(n) {
    while (n.parentElement && !n.parentElement.classList.contains("body")) n = n.parentElement;
    return n.parentElement ? n : null;
  }
  // Puts note n after its block, after the notes already set there.
  function setAside(n) {
    var at = block(n);
    if (!at) return;
    while (at.nextSibling && at.nextSibling.nodeType === 1 && at.nextSibling.classList.contains("sn-aside")) at = at.nextSibling;
    at.parentNode.insertBefore(n, at.nextSibling);
    n.classList.add("sn-aside");
  }
  function place() {
    var i;
    // Every note back where the page has it, then decided again in reading order.
    for (i = 0; i < notes.length; i++) {
      notes[i].classList.remove("sn-inline", "sn-aside");
      marks[i].parentNode.insertBefore(notes[i], marks[i].nextSibling);
    }
    for (i = 0; i < notes.length; i++) {
      var n = notes[i];
      if (getComputedStyle(n).cssFloat === "right") {
        var ref = document.getElementById("ref-" + n.id.slice(3));
        if (!ref || n.getBoundingClientRect().top - ref.getBoundingClientRect().top <= LIMIT) continue;
        n.classList.add("sn-inline");
      }
      setAside(n);
    }
  }
  function init() {
    notes = Array.prototype.slice.call(document.querySelectorAll(".article .body span.sidenote"));
    // A mark where each note is in the page, to put it back before deciding again.
    marks = notes.map(function (n) { var c = document.createComment("sidenote"); n.parentNode.insertBefore(c, n); return c; });
    place();
  }
  var timer = null;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(place, 100); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
