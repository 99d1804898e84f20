"""Widget front end for exercise a: grade each evidence item with the Admiralty code."""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .citations import cite_label
from .source_grading import CREDIBILITY, RELIABILITY, grade_sources
from .widgets import ItemExercise, Session, box, default_session, dropdown, para


class _GradeSources(ItemExercise):
    exercise = "grade-sources"
    item_label = "Evidence item"
    answer_heading = "Your grading"
    unit = "items graded"

    def __init__(self, session: Session):
        super().__init__(session, session.data["evidence"], {
            "reliability": dropdown("Reliability of the source (A-F)",
                                    [(f"{k}: {label}", k) for k, label in RELIABILITY.items()]),
            "credibility": dropdown("Credibility of the information (1-6)",
                                    [(f"{k}: {label}", k) for k, label in CREDIBILITY.items()]),
        }, "Check my grading")

    def title(self, item: dict[str, Any]) -> str:
        return self.session.plain(item["summary"])

    def card_html(self, item: dict[str, Any]) -> str:
        sources = self.session.data["sources"]
        cited = "; ".join(cite_label(k, sources) for k in [item["source"], *item.get("also", [])])
        return box("The evidence", para(self.session.plain(item["summary"])), para(item["date"], "Date:"),
                   para(cited, "Source:"))

    def feedback_html(self, item: dict[str, Any], answer: dict[str, Any]) -> str:
        result = grade_sources(item, answer["reliability"], answer["credibility"])
        parts = []
        for scale, name in (("reliability", "Reliability"), ("credibility", "Credibility")):
            mark = result[scale]
            parts += [para(mark["message"], f"{name}:"), para(mark["reason"], "Model reason:")]
        tone = "good" if result["points"] == result["max_points"] else "warn"
        return box(f"Your grading earns {result['points']} of {result['max_points']} marks", *parts, tone=tone)


def grade_sources_ui(session: Session | None = None) -> widgets.VBox:
    """Grade evidence items one by one; each grading is saved as you choose it."""
    return _GradeSources(session or default_session()).build()
