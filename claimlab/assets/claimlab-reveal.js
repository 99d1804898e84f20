// Commit a guess, then see the module's reading. Kernel-free, no network (claimlab/guess.py).
// form.cl-guess[data-cl-key] asks; span.cl-answer[data-cl-key] (model answer and defensible
// range) sits inside the <details class="cl-reveal"> that holds the reading. Attempts are kept in
// localStorage, {"attempts": [{choice, reason, at}]}: the first is never overwritten.
(function () {
  "use strict";
  var STORE = "claimlab:guess:", MAX = 50, regions = {}, forms = {};

  function load(key) {
    try {
      var rec = JSON.parse(localStorage.getItem(STORE + key));
      return rec && Array.isArray(rec.attempts) ? rec.attempts.filter(function (a) {
        return a && typeof a.choice === "object" && a.choice && typeof a.reason === "string";
      }).slice(0, MAX) : [];
    } catch (e) { return []; }
  }
  function save(key, list) {
    try { localStorage.setItem(STORE + key, JSON.stringify({attempts: list})); return true; } catch (e) { return false; }
  }
  function fields(form) {
    return form.dataset.clFields.split(" ").map(function (name) {
      return form.querySelector('[data-cl-field="' + name + '"]');
    });
  }
  function value(box) {
    if (box.tagName === "SELECT") return box.value;
    var on = box.querySelector("input:checked");
    return on ? on.value : "";
  }
  function setValue(box, v) {
    if (box.tagName === "SELECT") { box.value = v; return; }
    box.querySelectorAll("input").forEach(function (i) { i.checked = i.value === v; });
  }
  function words(box, v) {  // an option's words, never its id
    var found = v;
    box.querySelectorAll("option, input").forEach(function (o) {
      if (o.value === v) found = (o.tagName === "OPTION" ? o : o.parentNode).textContent.trim();
    });
    return found;
  }
  function feedback(form, choice) {
    var answer = (regions[form.dataset.clKey] || [])[0], out = [];
    if (!answer) return "";
    fields(form).forEach(function (box) {
      var name = box.dataset.clField, cap = name.charAt(0).toUpperCase() + name.slice(1);
      var model = answer.dataset["model" + cap], range = (answer.dataset["range" + cap] || model).split("|");
      var mine = "\u201c" + words(box, choice[name]) + "\u201d", label = box.dataset.clLabel + ": ";
      if ("exact" in answer.dataset) {
        out.push(choice[name] === model ? "Right: " + mine + "." : "Not this one: the answer is \u201c" + words(box, model) + "\u201d.");
      } else if (range.indexOf(choice[name]) >= 0) {
        out.push(label + mine + " is within the range an analyst could defend" +
                 (choice[name] === model ? "." : "; the module reads it as \u201c" + words(box, model) + "\u201d."));
      } else {
        out.push(label + mine + " is outside the module\u2019s range (" + range.map(function (v) { return words(box, v); }).join(" or ") +
                 "). Read its reasoning below and make your case: it is one defensible view, not the only one.");
      }
    });
    return out.join("\n");
  }
  function show(key, on) {
    (regions[key] || []).forEach(function (span) {
      var region = span.closest("details");
      if (!region) return;
      region.hidden = !on;
      region.open = on;
    });
  }
  function render(key, note) {
    var list = load(key);
    (forms[key] || []).forEach(function (form) {
      var msg = form.querySelector(".cl-msg");
      if (!list.length) { msg.textContent = note || ""; return; }
      var first = list[0], last = list[list.length - 1];
      fields(form).forEach(function (box) { setValue(box, String(last.choice[box.dataset.clField] || "")); });
      var reason = form.elements.reason;
      if (reason) reason.value = last.reason;
      var said = fields(form).map(function (box) { return words(box, String(first.choice[box.dataset.clField] || "")); }).join(", ");
      msg.textContent = (note ? note + "\n" : "") + "Your first guess (kept): " + said +
        (first.reason ? " \u2014 \u201c" + first.reason + "\u201d" : "") + "." +
        (list.length > 1 ? " Revisions since: " + (list.length - 1) + "." : "") + "\n" + feedback(form, last.choice);
    });
    if (list.length || document.documentElement.classList.contains("cl-all")) show(key, true);
  }
  function commit(event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("cl-guess")) return;
    event.preventDefault();
    var key = form.dataset.clKey, choice = {}, missing = [], msg = form.querySelector(".cl-msg");
    fields(form).forEach(function (box) {
      choice[box.dataset.clField] = value(box);
      if (!choice[box.dataset.clField]) missing.push(box.dataset.clLabel.toLowerCase());
    });
    if (missing.length) { msg.textContent = "Choose first: " + missing.join(", ") + "."; return; }
    var reason = form.elements.reason ? form.elements.reason.value.replace(/\s+/g, " ").trim() : "";
    var min = Number(form.dataset.clMinWords) || 3;
    if (form.elements.reason && (reason.match(/[\p{L}\p{N}_]+/gu) || []).length < min) {
      msg.textContent = "Write your reason first, in at least " + min + " words: the evidence, source or term your choice rests on.";
      form.elements.reason.focus();
      return;
    }
    var list = load(key), last = list[list.length - 1];
    if (!last || JSON.stringify(last.choice) !== JSON.stringify(choice) || last.reason !== reason) {
      list.push({choice: choice, reason: reason.slice(0, 400), at: new Date().toISOString()});
    }
    var kept = save(key, list.slice(0, MAX));
    render(key, kept ? (list.length > 1 ? "Revision saved." : "Saved as your first guess.") +
           " The module\u2019s reading is open below."
           : "This browser did not keep your guess (storage is blocked). The module\u2019s reading is open below.");
    if (!kept) { show(key, true); form.querySelector(".cl-msg").textContent += "\n" + feedback(form, choice); }
  }
  function showAll(button) {
    var on = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(on));
    document.documentElement.classList.toggle("cl-all", on);
    Object.keys(regions).forEach(function (key) { show(key, on || load(key).length > 0); });
  }
  function start() {
    document.querySelectorAll(".cl-answer[data-cl-key]").forEach(function (span) {
      (regions[span.dataset.clKey] = regions[span.dataset.clKey] || []).push(span);
    });
    var all = document.querySelectorAll("form.cl-guess[data-cl-key]");
    if (!all.length) return;
    all.forEach(function (form) {
      (forms[form.dataset.clKey] = forms[form.dataset.clKey] || []).push(form);
      form.hidden = false;
    });
    Object.keys(regions).forEach(function (key) { if (forms[key]) show(key, false); });
    Object.keys(forms).forEach(function (key) { render(key); });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cl-showall";
    button.setAttribute("aria-pressed", "false");
    button.textContent = "Show all labels (instructors, review)";
    button.addEventListener("click", function () { showAll(button); });
    var first = all[0].closest(".claimlab, .claimlab-selfcheck") || all[0];
    first.parentNode.insertBefore(button, first);
    document.addEventListener("submit", commit);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
