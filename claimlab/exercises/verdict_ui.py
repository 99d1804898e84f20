"""Widget front end for "The verdict": judge the analysis's thesis in ICD 203 language, then build the essay outline.

The overall verdict is one item (``overall``); a student who wants to may judge the cases one by
one (``taliban``, ``wagner``, ``assad``, ``hamas``, ``hezbollah``). Each is committed with the basis
of its confidence as its reason before the check runs; later commits are revisions.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from . import attempts
from .chain import evaluate
from .outline import essay_outline
from .verdict import CASES, CONFIDENCE, LIKELIHOOD, OVERALL, THESIS, check_verdict
from .widgets import (ItemExercise, Session, box, bullets, button, default_session, dropdown, esc, live, para,
                      restore_value, short, table, text, text_area, toggles)

INDICATORS = 3
#: Words the basis of a confidence may rest on, besides evidence ids and the sources' names.
BASIS_WORDS = ("evidence", "source", "sources", "report", "reports", "corroborated", "independent", "confirmed",
               "documented", "record", "records", "gaps", "thin", "official", "state media", "assumption")


class _Verdict(ItemExercise):
    exercise = "verdict"
    item_label = "Judgement"
    answer_heading = "Your verdict"

    def __init__(self, session: Session):
        self.evidence = session.data["evidence"]
        items = [{"id": OVERALL, "name": "The thesis as a whole"},
                 *({"id": case, "name": f"Case by case (optional): {name}"} for case, (name, _) in CASES.items())]
        self.indicators = [text(f"Indicator {n}" + (" (optional)" if n > 1 else ""),
                                "Something that, if it happened, would change your verdict")
                           for n in range(1, INDICATORS + 1)]
        controls: dict[str, widgets.ValueWidget] = {
            "likelihood": dropdown("How likely is it that the thesis holds?",
                                   [(f"{term} ({low}-{high}%)", term) for term, (low, high) in LIKELIHOOD.items()]),
            "probability": text("Your probability, in per cent (1-99)", "e.g. 30"),
            "confidence": toggles("Your confidence in this judgement", [(c, c) for c in CONFIDENCE],
                                  list(CONFIDENCE.values())),
            "statement": text_area("Your verdict (two or three sentences)",
                                   "How likely, in one sentence; the evidence for and against; your confidence, "
                                   "in a sentence of its own."),
            "evidence": widgets.SelectMultiple(
                options=[(f"{e['id']}: {short(session.plain(e['summary']), 60)}", e["id"]) for e in self.evidence],
                description="Evidence you rely on, including one item that cuts against your view",
                rows=8, style={"description_width": "initial"}, layout=widgets.Layout(width="100%")),
            **{f"indicator{n}": field for n, field in enumerate(self.indicators)},
        }
        self.build_outline = button("Build my essay outline", "Assemble an outline from all your answers", "list")
        self.build_outline.on_click(lambda _: self._outline())
        self.outline = widgets.HTML()
        super().__init__(session, items, controls)
        self.reason.description = "The basis of your confidence (one line)"
        self.reason.placeholder = "How good and how independent the evidence is, e.g. the sources you name"

    def title(self, item: dict[str, Any]) -> str:
        return item["name"]

    def card_html(self, item: dict[str, Any]) -> str:
        scale = table(["Term", "Probability"], [[t, f"{lo}-{hi}%"] for t, (lo, hi) in LIKELIHOOD.items()],
                      "ICD 203 likelihood terms")
        question = (para(THESIS, "The thesis:") if item["id"] == OVERALL else
                    para(f"Russia's dealings with {CASES[item['id']][0]} are part of that deliberate strategy.",
                         "The thesis, for this case:"))
        return box(item["name"], question,
                   para("Judge the thesis, not whether Russia deals with these actors (that is documented). "
                        "A verdict either way can pass: what counts is a likelihood word that fits your number, a "
                        "separate confidence with its basis, evidence on both sides and an indicator."), scale)

    def read_choice(self) -> dict[str, Any]:
        try:
            probability: int | None = int(self.controls["probability"].value.strip().rstrip("%").strip())
        except ValueError:
            probability = None
        chosen = {"likelihood": self.controls["likelihood"].value, "probability": probability,
                  "confidence": self.controls["confidence"].value, "statement": self.controls["statement"].value,
                  "evidence": list(self.controls["evidence"].value),
                  "indicators": [i.value for i in self.indicators if i.value.strip()]}
        return {k: v for k, v in chosen.items() if v not in ("", None, [])}

    def incomplete(self, choice: dict[str, Any]) -> str:
        missing = [name for name in ("likelihood", "probability", "confidence", "statement") if name not in choice]
        if "probability" in missing and self.controls["probability"].value.strip():
            return "Type the probability as a whole number, such as 30."
        return f"Still to give: {', '.join(missing)}." if missing else ""

    def write_choice(self, choice: dict[str, Any]) -> None:
        restore_value(self.controls["likelihood"], choice.get("likelihood"))
        self.controls["probability"].value = str(choice.get("probability", ""))
        restore_value(self.controls["confidence"], choice.get("confidence"))
        self.controls["statement"].value = str(choice.get("statement") or "")
        known = {e["id"] for e in self.evidence}
        self.controls["evidence"].value = tuple(e for e in choice.get("evidence") or [] if e in known)
        saved = choice.get("indicators") or []
        for n, field in enumerate(self.indicators):
            field.value = str(saved[n]) if n < len(saved) else ""

    def anchors(self, item: dict[str, Any]) -> set[str]:
        return {*BASIS_WORDS, *(e["id"] for e in self.evidence)}

    def describe(self, choice: dict[str, Any]) -> str:
        return (f"{choice.get('likelihood', '?')} ({choice.get('probability', '?')}%), "
                f"{choice.get('confidence', '?')} confidence: {choice.get('statement', '')}")

    def feedback_html(self, item: dict[str, Any], choice: dict[str, Any]) -> str:
        latest = attempts.latest(self.answers["items"].get(item["id"]))
        reason = latest["reason"] if latest else ""
        result = check_verdict(choice, reason, self.evidence, self.session.data["hypotheses"], item["id"])
        parts = [bullets(result["problems"])] if result["problems"] else [
            para("Your verdict is stated as ICD 203 asks: a likelihood that fits its number, a separate confidence "
                 "with its basis, evidence on both sides and an indicator.")]
        parts += [para(note, "Tip:") for note in result["notes"]]
        return box("Ready" if result["ok"] else "Still to fix (commit again when you have)", *parts,
                   tone="good" if result["ok"] else "warn")

    def _show_progress(self) -> None:
        ok = evaluate(self.exercise, self.answers, self.session.data)["results"]["ok"]
        self.progress.value = live(para("Finished: your overall verdict passes every check." if ok else
                                        "To finish, commit an overall verdict that passes every check."))

    def extra(self) -> list[widgets.Widget]:
        return [self.build_outline, self.outline]

    def _outline(self) -> None:
        outline = essay_outline(self.session.store.answers(), self.session.data)
        self.outline.value = live(f'<pre style="white-space: pre-wrap">{esc(outline)}</pre>')


def verdict_ui(session: Session | None = None) -> widgets.VBox:
    """Commit a verdict on the thesis with the basis of your confidence; then check it and build the outline."""
    return _Verdict(session or default_session()).build()
