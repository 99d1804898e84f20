// Setup for pages with saved ipywidgets state, so that they render from the site itself.
// myst-nb loads it (nb_ipywidgets_js in _config.yml) after _static/require.js and before
// _static/html-manager/embed-amd.js, both vendored by vendor/fetch.sh. No network, no kernel.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || typeof window.require === "undefined" || !window.require.config) return;

  // 1. require.js paths. embed-amd.js defines its AMD modules by name; each module's webpack public
  //    path (where the Font Awesome files are fetched from) is the folder of the URL require.js gives
  //    that name. Without these paths it would be the page's own folder, and the fonts would 404.
  var staticDir = new URL("./", me.src).href;            // …/_static/
  var hm = staticDir + "html-manager/";
  var bundle = hm + "embed-amd";                          // require.js adds ".js"
  window.require.config({
    paths: {
      "@jupyter-widgets/html-manager/dist": hm.slice(0, -1),
      "@jupyter-widgets/html-manager": bundle,
      "@jupyter-widgets/base": bundle,
      "@jupyter-widgets/controls": bundle,
      "@jupyter-widgets/base7": bundle,
      "@jupyter-widgets/controls7": bundle
    }
  });

  // 2. Widgets from other packages are looked up under this prefix rather than on a CDN (the manager
  //    reads the attribute from any <script>): the site never reaches out. A third-party widget
  //    without a vendored copy fails with a 404 on this site, which the browser tests catch.
  me.setAttribute("data-jupyter-widgets-cdn", hm + "cdn/");

  // 3. The controls typeset their labels through the MathJax 2 API (MathJax.Hub.Queue) whenever
  //    window.MathJax exists; on a page that also has maths, MathJax 3 is there and every label threw
  //    "Cannot read properties of undefined (reading 'Queue')". Map that call onto MathJax 3.
  //    Widgets render on window "load"; this listener is registered first, so it runs first.
  // 4. Accessible names the widget manager leaves out (axe: aria-input-field-name, button-name).
  //    A slider handle (noUiSlider, role="slider") gets its widget's description label; an icon-only
  //    button gets its tooltip. Widgets render after "load", so watch the page for them.
  var counter = 0;
  function nameControls(root) {
    root.querySelectorAll('.jupyter-widgets .noUi-handle[role="slider"]:not([aria-label]):not([aria-labelledby])')
      .forEach(function (handle) {
        var widget = handle.closest(".jupyter-widgets");
        var label = widget && widget.querySelector(".widget-label");
        var text = label ? label.textContent.trim() : "";
        var handles = widget ? widget.querySelectorAll('.noUi-handle[role="slider"]').length : 1;
        if (handles > 1) {
          var end = handle.classList.contains("noUi-handle-upper") ? "upper" : "lower";
          handle.setAttribute("aria-label", (text || "Range") + ", " + end + " end");
        } else if (text) {
          if (!label.id) label.id = "claimlab-widget-label-" + (++counter);
          handle.setAttribute("aria-labelledby", label.id);
        } else {
          handle.setAttribute("aria-label", "Slider");
        }
      });
    root.querySelectorAll("button.jupyter-widgets:not([aria-label])").forEach(function (button) {
      if (!button.textContent.trim() && button.title) button.setAttribute("aria-label", button.title);
    });
  }
  new MutationObserver(function () { nameControls(document); })
    .observe(document.documentElement, { childList: true, subtree: true });

  window.addEventListener("load", function () {
    var mj = window.MathJax;
    if (!mj || mj.Hub || !mj.startup) return;
    mj.Hub = {
      Queue: function () {
        Array.prototype.forEach.call(arguments, function (job) {
          if (!Array.isArray(job) || job[0] !== "Typeset") return;
          var el = job[2];
          Promise.resolve(mj.startup.promise)
            .then(function () { return mj.typesetPromise(el ? [el] : undefined); })
            .catch(function (err) { console.warn("MathJax could not typeset a widget label:", err); });
        });
      }
    };
  });
})();
