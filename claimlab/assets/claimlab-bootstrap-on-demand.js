/* Bootstrap's script (claimlab.lightpages): loaded when the reader first does something, not with the page.
 *
 * The theme uses Bootstrap only for its dropdown menus, tooltips and the back-to-top button, and
 * evaluating its 80 KB was the longest task of a phone's page load. It now starts loading at the first
 * pointer, key, focus, touch or scroll event; a click on a dropdown that arrives before it has loaded
 * opens that dropdown as soon as it has. */
(() => {
  const root = document.documentElement.dataset.content_root || "";
  const events = ["pointerover", "pointerdown", "touchstart", "keydown", "focusin", "scroll"];
  let loaded = null;
  const load = () => {
    if (!loaded) {
      events.forEach((name) => window.removeEventListener(name, load, true));
      loaded = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = root + "_static/scripts/bootstrap.js";
        script.onload = resolve;
        script.onerror = reject;
        document.head.append(script);
      });
    }
    return loaded;
  };
  events.forEach((name) => window.addEventListener(name, load, { capture: true, passive: true }));
  document.addEventListener("click", (event) => {
    const toggle = event.target instanceof Element && event.target.closest('[data-bs-toggle="dropdown"]');
    if (toggle && !window.bootstrap) {
      event.preventDefault();
      load().then(() => window.bootstrap.Dropdown.getOrCreateInstance(toggle).toggle());
    }
  }, true);
})();
