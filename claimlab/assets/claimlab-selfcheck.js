// Kernel-free self-checks: compare the chosen option with the answer stored in the page.
// No network, no kernel; nothing is saved.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.classList || !form.classList.contains("sc-q")) return;
  event.preventDefault();
  var chosen = form.querySelector("input[type=radio]:checked");
  var out = form.querySelector(".sc-feedback");
  if (!chosen) {
    out.textContent = "Choose an answer first.";
    out.className = "sc-feedback sc-none";
    return;
  }
  var right = chosen.value === form.dataset.answer;
  out.textContent = (right ? "Correct. " : "Not quite: the model answer is \u201c" + form.dataset.answer + "\u201d. ") + form.dataset.explain;
  out.className = "sc-feedback " + (right ? "sc-right" : "sc-wrong");
});
