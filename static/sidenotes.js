// Sidenotes, progressively enhanced. Without JavaScript each note floats into the margin
// beside its marker (CSS), stacking below the previous note when they crowd. With it, a note
// that would sit more than 40 px below its marker reads inline instead (class sn-inline), so
// every note in the margin is level with its marker. Decided in reading order, again on resize.
(function () {
  "use strict";
  var LIMIT = 40;
  function place() {
    var notes = document.querySelectorAll(".article .body span.sidenote");
    var i;
    for (i = 0; i < notes.length; i++) notes[i].classList.remove("sn-inline");
    for (i = 0; i < notes.length; i++) {
      var n = notes[i];
      if (getComputedStyle(n).cssFloat !== "right") continue;
      var ref = document.getElementById("ref-" + n.id.slice(3));
      if (!ref) continue;
      if (n.getBoundingClientRect().top - ref.getBoundingClientRect().top > LIMIT) n.classList.add("sn-inline");
    }
  }
  var timer = null;
  window.addEventListener("resize", function () { clearTimeout(timer); timer = setTimeout(place, 100); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", place);
  else place();
})();
