/* pydata-sphinx-theme's script, run once the page has painted (claimlab.lightpages; inlined by claimlab/templates/layout.html).
 *
 * The theme's script sets up the colour switch, the search dialog, the sidebars and the "on this page"
 * highlight, and reads the layout while doing so. Run with the page, it laid out all of a long page in one
 * task, before the first paint or just after it, where a phone's reader waited on it. It now starts after
 * the first frame, as a task of its own. A click on one of its controls before it has run is held and
 * repeated once it has (after its own set-up, which waits for the document when the page is still loading). */
(() => {
  const src = document.currentScript.dataset.claimlabThemeScript;
  const controls = ".theme-switch-button, .search-button__button, .search-button, .primary-toggle, .secondary-toggle";
  const held = [];
  const hold = (event) => {
    const control = event.target instanceof Element && event.target.closest(controls);
    if (control) {
      event.preventDefault();
      event.stopImmediatePropagation();
      if (!held.includes(control)) held.push(control);
    }
  };
  const replay = () => held.splice(0).forEach((control) => control.click());
  document.addEventListener("click", hold, true);
  requestAnimationFrame(() => setTimeout(() => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = script.onerror = () => {  // on an error too: never hold the reader's clicks for good
      document.removeEventListener("click", hold, true);
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", replay);
      else replay();
    };
    document.head.append(script);
  }));
})();
