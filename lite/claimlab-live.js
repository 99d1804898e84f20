// In-browser exercises (claimlab/lite.py adds this to every Voici page): once the exercise's widgets are
// drawn from the running Python, mark its root element data-claimlab-live="ready", so readers' tools,
// the tests and the benchmark know the exercise now accepts input.
(function () {
  "use strict";
  function mark() {
    var roots = document.querySelectorAll(".claimlab-exercise:not([data-claimlab-live])");
    for (var i = 0; i < roots.length; i++) {
      roots[i].setAttribute("data-claimlab-live", "ready");
    }
  }
  new MutationObserver(mark).observe(document.documentElement, { childList: true, subtree: true });
  mark();
})();
