// Exercise pages: "Run this exercise in your browser" (claimlab/inbrowser_pages.py).
// A click replaces the exercise's notebook cell with a same-origin frame running the same notebook in
// Pyodide (the lean page lite/run.html, claimlab/lite.py). When the pointer or keyboard focus reaches the
// control, the frame is already created (hidden), so Python starts while the reader decides; the click
// then only shows it. Nothing is requested outside this site.
(function () {
  "use strict";

  function frameFor(block, link) {
    var frame = block.querySelector("iframe.claimlab-inbrowser-frame");
    if (frame) { return frame; }
    frame = document.createElement("iframe");
    frame.className = "claimlab-inbrowser-frame";
    frame.title = "The exercise, running in your browser";
    frame.src = link.href;
    frame.hidden = true;
    frame.style.width = "100%";
    frame.style.height = "85vh";
    frame.style.border = "1px solid var(--pst-color-border, #ccc)";
    block.appendChild(frame);
    return frame;
  }

  function start(block, link) {
    var cell = block.nextElementSibling;
    var frame = frameFor(block, link);
    var note = document.createElement("p");
    note.className = "claimlab-inbrowser-note";
    note.setAttribute("role", "status");
    note.textContent = "Starting Python in your browser… The exercise appears in the frame below.";
    block.replaceChildren(note, frame);
    frame.hidden = false;
    block.setAttribute("data-claimlab-started", "true");
    if (cell && cell.classList.contains("cell")) {
      cell.hidden = true;  // the static code cell and placeholder: the frame runs them now
    }
    frame.focus();
  }

  function setUp(block) {
    var link = block.querySelector("a.claimlab-inbrowser-start");
    if (!link) { return; }
    function early() { frameFor(block, link); }
    link.addEventListener("pointerenter", early);
    link.addEventListener("focus", early);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      start(block, link);
    });
    block.setAttribute("data-claimlab-armed", "true");  // a click now opens the frame (before: the full page)
  }

  function init() { document.querySelectorAll(".claimlab-inbrowser").forEach(setUp); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
