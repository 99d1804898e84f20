// Exercise pages: "Run this exercise in your browser" (claimlab/inbrowser_pages.py).
// A click replaces the exercise's notebook cell with a same-origin frame running the same notebook in
// Pyodide (claimlab/lite.py). Pointer or keyboard focus on the control starts fetching Python's files,
// so the click finds them cached. Nothing is requested outside this site.
(function () {
  "use strict";
  // The largest files the frame needs (relative to the lite folder): fetched early, kept by the HTTP cache.
  var EARLY = ["static/pyodide/pyodide.asm.wasm", "static/pyodide/python_stdlib.zip", "static/pyodide/pyodide.asm.mjs",
               "static/pyodide/pyodide-lock.json"];

  function liteRoot(href) {
    return new URL(href.split("?")[0].replace(/repl\/index\.html$/, ""), document.baseURI);
  }

  function warm(href) {
    var root = liteRoot(href);
    EARLY.forEach(function (file) {
      var link = document.createElement("link");
      link.rel = "prefetch";
      link.href = new URL(file, root).href;
      document.head.appendChild(link);
    });
  }

  function start(block, link) {
    var cell = block.nextElementSibling;
    var frame = document.createElement("iframe");
    frame.className = "claimlab-inbrowser-frame";
    frame.title = "The exercise, running in your browser";
    frame.src = link.href;
    frame.style.width = "100%";
    frame.style.height = "85vh";
    frame.style.border = "1px solid var(--pst-color-border, #ccc)";
    var note = document.createElement("p");
    note.className = "claimlab-inbrowser-note";
    note.setAttribute("role", "status");
    note.textContent = "Starting Python in your browser… The exercise appears in the frame below.";
    block.replaceChildren(note, frame);
    block.setAttribute("data-claimlab-started", "true");
    if (cell && cell.classList.contains("cell")) {
      cell.hidden = true;  // the static code cell and placeholder: the frame runs them now
    }
    frame.focus();
  }

  function setUp(block) {
    var link = block.querySelector("a.claimlab-inbrowser-start");
    if (!link) { return; }
    var warmed = false;
    function early() { if (!warmed) { warmed = true; warm(link.href); } }
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
