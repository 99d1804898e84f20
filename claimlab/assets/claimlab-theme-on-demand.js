/* The themes' scripts, loaded at the reader's first action (claimlab.lightpages; inlined by templates/layout.html).
 *
 * pydata-sphinx-theme's and sphinx-book-theme's scripts set up the colour switch, the search dialog, the
 * sidebars, full-screen mode and the "on this page" highlight, and measure the page while doing so. Run
 * with the page, they were the longest task of a phone's page load, for controls nobody had touched yet.
 * They now load at the first pointer, touch, key, focus or scroll event. A click on one of their controls,
 * or a Ctrl/Cmd+K, made before they have run is held and repeated once they have (after their own set-up,
 * which waits for the document if it is still loading). What they did at load without being asked is done
 * before: the colour theme (the <head> script, which also follows the system's setting), focusable
 * scrolling code and tables (claimlab.lightpages.accessible_markup), the print layout (claimlab.css). */
(() => {
  const sources = document.currentScript.dataset.claimlabThemeScripts.split(" ").filter(Boolean);
  const controls = ".theme-switch-button, .search-button__button, .search-button, .primary-toggle, " +
    ".secondary-toggle, .btn-fullscreen-button";
  const triggers = ["pointerover", "pointerdown", "touchstart", "keydown", "focusin", "scroll"];
  const held = [];
  let loading = false;
  const hold = (event) => {
    const control = event.type === "click" && event.target instanceof Element && event.target.closest(controls);
    const search = event.type === "keydown" && (event.ctrlKey || event.metaKey) && event.code === "KeyK";
    if (control || search) {
      event.preventDefault();
      event.stopImmediatePropagation();
      held.push(control ? () => control.click() : () => event.target.dispatchEvent(
        new KeyboardEvent("keydown", { key: event.key, code: event.code, ctrlKey: event.ctrlKey,
                                       metaKey: event.metaKey, bubbles: true, cancelable: true })));
    }
  };
  const replay = () => held.splice(0).forEach((again) => again());
  const done = () => {
    document.removeEventListener("click", hold, true);
    document.removeEventListener("keydown", hold, true);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", replay);
    else replay();
  };
  const load = () => {
    if (loading) return;
    loading = true;
    triggers.forEach((name) => window.removeEventListener(name, load, true));
    let left = sources.length;
    sources.forEach((src) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = false;  // in order, as the page listed them
      script.onload = script.onerror = () => { if (--left === 0) done(); };  // never hold clicks for good
      document.head.append(script);
    });
  };
  document.addEventListener("click", hold, true);
  document.addEventListener("keydown", hold, true);
  triggers.forEach((name) => window.addEventListener(name, load, { capture: true, passive: true }));
})();
