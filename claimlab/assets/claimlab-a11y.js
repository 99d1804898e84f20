// Accessibility repairs for markup that the project does not write itself (the theme,
// docutils/sphinxcontrib-bibtex). Loaded on every page (html_js_files in _config.yml).
// tests/test_accessibility.py runs axe on the result.
(function () {
  "use strict";
  function repair() {
    // docutils writes a bibliography as <div role="list" class="citation-list"> holding
    // <div class="citation" role="doc-biblioentry">: a list without list items (axe
    // aria-required-children, critical) and a deprecated role. The entries are list items.
    document.querySelectorAll('.citation-list[role="list"] > .citation[role="doc-biblioentry"]')
      .forEach(function (entry) { entry.setAttribute("role", "listitem"); });

    // The theme's table of contents opens a section with <details><summary> holding only a chevron
    // icon: a control without a name (axe summary-name, serious). Name it after the section.
    document.querySelectorAll("li.has-children > details > summary").forEach(function (summary) {
      if (summary.hasAttribute("aria-label") || summary.textContent.trim()) return;
      var link = summary.parentElement.parentElement.querySelector(":scope > a");
      var title = link ? link.textContent.trim() : "";
      summary.setAttribute("aria-label", title ? "Pages under " + title : "Subpages");
    });

    // pydata-sphinx-theme's primary sidebar (book title, search button, table of contents) is a
    // plain <div>, so the book title sits outside every landmark (axe region).
    var sidebar = document.getElementById("pst-primary-sidebar");
    if (sidebar && !sidebar.hasAttribute("role")) {
      sidebar.setAttribute("role", "navigation");
      sidebar.setAttribute("aria-label", "Book");
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", repair);
  } else {
    repair();
  }
})();
