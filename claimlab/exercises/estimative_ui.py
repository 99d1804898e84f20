"""Widget front end for exercise f: the verdict in estimative language, and the essay outline."""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .estimative import CONFIDENCE, LIKELIHOOD, MIN_INDICATORS, check_verdict
from .outline import essay_outline
from .widgets import (Frame, Session, box, bullets, button, default_session, dropdown, esc, heading, live, para,
                      restore_value, table, text, text_area, toggles)

EXERCISE = "verdict"
CLAIM = "Russia partners with groups and regimes that are accused of terrorism."
INDICATORS = 3


class _Verdict:
    def __init__(self, session: Session):
        self.session = session
        self.frame = Frame(session, EXERCISE, self.restore)
        self.likelihood = dropdown("How likely is it that the claim holds?",
                                   [(f"{term} ({low}-{high}%)", term) for term, (low, high) in LIKELIHOOD.items()])
        self.probability = text("Your probability, in per cent (1-99)", "e.g. 70")
        self.confidence = toggles("Your confidence in this judgement", [(c, c) for c in CONFIDENCE],
                                  list(CONFIDENCE.values()))
        self.statement = text_area("Your verdict (one or two sentences)",
                                   "State how likely, in one sentence; your confidence and why, in another.")
        self.indicators = [text(f"Indicator {n}" + (" (optional)" if n > MIN_INDICATORS else ""),
                                "Something that, if it happened, would change your verdict")
                           for n in range(1, INDICATORS + 1)]
        self._loading = False
        for control in (self.likelihood, self.probability, self.confidence, self.statement, *self.indicators):
            control.observe(lambda _: self._changed(), names="value")
        self.check = button("Check my verdict", "Check the wording of your verdict", "check", primary=True)
        self.check.on_click(lambda _: self._check())
        self.feedback = widgets.HTML()
        self.build_outline = button("Build my essay outline", "Assemble an outline from all your answers", "list")
        self.build_outline.on_click(lambda _: self._outline())
        self.outline = widgets.HTML()
        scale = table(["Term", "Probability"], [[t, f"{lo}-{hi}%"] for t, (lo, hi) in LIKELIHOOD.items()],
                      "ICD 203 likelihood terms")
        intro = widgets.HTML(box("The claim", para(CLAIM), scale))
        self.widget = self.frame.wrap(
            intro, heading("1. How likely?"), self.likelihood, self.probability,
            heading("2. How confident, and why?"), self.confidence,
            heading("3. Your verdict in words"), self.statement,
            heading(f"4. What would change your mind? (at least {MIN_INDICATORS})"), *self.indicators,
            self.check, self.feedback, heading("5. Your essay outline"), self.build_outline, self.outline)
        self.restore()

    def answers(self) -> dict[str, Any]:
        try:
            probability: int | None = int(self.probability.value.strip().rstrip("%"))
        except ValueError:
            probability = None
        chosen = {"likelihood": self.likelihood.value, "probability": probability,
                  "confidence": self.confidence.value, "statement": self.statement.value,
                  "indicators": [i.value for i in self.indicators]}
        return {k: v for k, v in chosen.items() if v not in ("", None)}

    def restore(self) -> None:
        stored = self.frame.load()
        self._loading = True
        try:
            restore_value(self.likelihood, stored.get("likelihood"))
            self.probability.value = str(stored.get("probability", ""))
            restore_value(self.confidence, stored.get("confidence"))
            self.statement.value = stored.get("statement", "")
            saved = stored.get("indicators", [])
            for n, field in enumerate(self.indicators):
                field.value = saved[n] if n < len(saved) else ""
        finally:
            self._loading = False

    def _changed(self) -> None:
        if self._loading:
            return
        answers = self.answers()
        self.frame.save(answers)
        typed = self.probability.value.strip()
        self.feedback.value = (live(para("Type the probability as a whole number, such as 70."))
                               if typed and "probability" not in answers else "")

    def _check(self) -> None:
        result = check_verdict(self.answers())
        parts = [bullets(result["problems"])] if result["problems"] else [para("Your verdict is stated clearly.")]
        parts += [para(note, "Tip:") for note in result["notes"]]
        self.feedback.value = live(box("Ready" if result["ok"] else "Still to fix", *parts,
                                       tone="good" if result["ok"] else "warn"))

    def _outline(self) -> None:
        outline = essay_outline(self.session.store.answers(), self.session.data)
        self.outline.value = live(f'<pre style="white-space: pre-wrap">{esc(outline)}</pre>')


def verdict_ui(session: Session | None = None) -> widgets.VBox:
    """State and check your verdict; build the essay outline from all your answers."""
    return _Verdict(session or default_session()).widget
