"""Widget front end for "Source the analysis": one question at a time, a choice and a reason, then feedback."""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .citations import cite_label
from .source_analysis import anchors, choice_labels, questions, source_analysis
from .widgets import ItemExercise, Session, box, default_session, dropdown, para


class _SourceAnalysis(ItemExercise):
    exercise = "source-analysis"
    item_label = "Question"
    answer_heading = "Your choice"
    unit = "questions answered"

    def __init__(self, session: Session):
        self.section = session.data["source_analysis"]
        self.steps = {s["id"]: s for s in self.section.get("steps", [])}
        super().__init__(session, questions(self.section), {"choice": dropdown("Your choice", [])})

    def title(self, item: dict[str, Any]) -> str:
        step = self.steps.get(item["step"], {}).get("label", item["step"])
        return f"{step}: {item['question']}" + (f" “{item['quote']}”" if item.get("quote") else "")

    def prepare(self, item: dict[str, Any]) -> None:
        """Each question has its own choices (authors, periods, kinds of text, what a word does …)."""
        self.controls["choice"].options = [("Choose…", ""), *((label, key) for key, label in
                                                               choice_labels(self.section, item).items())]

    def card_html(self, item: dict[str, Any]) -> str:
        step = self.steps.get(item["step"], {"label": item["step"], "prompt": ""})
        parts = [para(step["prompt"]), para(item["question"], "Question:")]
        if item.get("quote"):
            parts.append(para(f"“{item['quote']}”", "The phrase, as the analysis has it:"))
        if item.get("account"):
            entry = self.session.data["sources"].get(item["account"], {})
            title = entry.get("title", "").strip("{}")
            parts.append(para(cite_label(item["account"], self.session.data["sources"]) + (f": {title}" if title else ""),
                              "The other account:"))
        return box(step["label"], *parts)

    def anchors(self, item: dict[str, Any]) -> set[str]:
        return anchors(item)

    def describe(self, choice: dict[str, Any]) -> str:
        labels = choice_labels(self.section, self.current)
        return labels.get(choice.get("choice"), str(choice.get("choice", "?")))

    def feedback_html(self, item: dict[str, Any], choice: dict[str, Any]) -> str:
        result = source_analysis(item, choice["choice"], self.section)
        plain = self.session.plain
        parts = [para(plain(result["message"])), para(plain(result["after"]), "To take away:")]
        if result["scored"]:
            title = "Right" if result["correct"] else "Look at the clues again"
        else:
            title = "Within the defensible range" if result["inside"] else "Compare with the model view"
        return box(title, *parts, tone="good" if result["inside"] else "info")


def source_analysis_ui(session: Session | None = None) -> widgets.VBox:
    """Source the analysis question by question: commit a choice and a reason, then see the model view."""
    return _SourceAnalysis(session or default_session()).build()
