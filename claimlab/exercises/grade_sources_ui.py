"""Widget front end for "Grade the sources": grade each evidence item with the Admiralty code and a reason."""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..labels import CREDIBILITY, RELIABILITY
from .citations import cite_label
from .grade_sources import anchors, grade_sources
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
        })

    def title(self, item: dict[str, Any]) -> str:
        return self.session.plain(item["summary"])

    def card_html(self, item: dict[str, Any]) -> str:
        sources = self.session.data["sources"]
        cited = "; ".join(cite_label(k, sources) for k in [item["source"], *item.get("also", [])])
        return box("The evidence", para(self.session.plain(item["summary"])), para(item["date"], "Date:"),
                   para(cited, "Source:"))

    def anchors(self, item: dict[str, Any]) -> set[str]:
        return anchors(item, self.session.data["sources"])

    def describe(self, choice: dict[str, Any]) -> str:
        return f"{choice.get('reliability', '?')}{choice.get('credibility', '?')}"

    def feedback_html(self, item: dict[str, Any], choice: dict[str, Any]) -> str:
        result = grade_sources(item, choice["reliability"], choice["credibility"])
        parts = [para(result[scale]["message"], f"{name}:")
                 for scale, name in (("reliability", "Reliability"), ("credibility", "Credibility"))]
        title = ("Both grades lie within the defensible range" if result["inside"]
                 else "Compare your grading with the model view")
        return box(title, *parts, tone="good" if result["inside"] else "info")


def grade_sources_ui(session: Session | None = None) -> widgets.VBox:
    """Grade evidence items one by one: commit a grade and a reason, then see the model view."""
    return _GradeSources(session or default_session()).build()
