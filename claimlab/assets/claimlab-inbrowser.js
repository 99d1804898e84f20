// Exercise pages: "Run this exercise in your browser" (claimlab/inbrowser_pages.py).
// A click replaces the exercise's notebook cell with a same-origin frame running the same notebook in
// Pyodide (the lean page lite/run.html, claimlab/lite.py). The frame is created hidden before the click, so
// Python starts while the reader reads and the click then only shows it: once the page has loaded and the
// browser is idle, on a computer with a mouse, without data saver and on a fast connection (about 22 MB on a
// first visit, and seconds of work on this page's thread); elsewhere (phones, tablets, metered or slow connections) only when the pointer
// or keyboard focus reaches the control. Nothing is requested outside this site.
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
    // The frame stays where it is: an iframe taken out of the page and put back loads again from the start
    Array.from(block.children).forEach(function (child) { if (child !== frame) { child.remove(); } });
    block.insertBefore(note, frame);
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

  function affordable() {
    var connection = navigator.connection || {};
    if (connection.saveData || /2g|3g/.test(connection.effectiveType || "")) { return false; }
    return Boolean(window.matchMedia && window.matchMedia("(hover: hover) and (pointer: fine)").matches);
  }

  function whenIdle(callback) {
    var idle = window.requestIdleCallback || function (f) { return window.setTimeout(f, 1); };
    function later() { idle(callback, { timeout: 3000 }); }
    if (document.readyState === "complete") { later(); } else { window.addEventListener("load", later, { once: true }); }
  }

  function init() {
    var blocks = document.querySelectorAll(".claimlab-inbrowser");
    blocks.forEach(setUp);
    var first = blocks[0] && blocks[0].querySelector("a.claimlab-inbrowser-start");
    if (first && affordable()) { whenIdle(function () { frameFor(blocks[0], first); }); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
