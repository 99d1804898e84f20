"""Widget front end for exercise b: sort each claim of the analysis by kind and by status."""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .claim_sorting import KINDS, STATUSES, sort_claims
from .widgets import ItemExercise, Session, box, default_session, para, toggles


class _SortClaims(ItemExercise):
    exercise = "sort-claims"
    item_label = "Claim"
    answer_heading = "What kind of claim is it, and how does it stand now?"
    unit = "claims sorted"

    def __init__(self, session: Session):
        self.chapters = {c["id"]: c["title"] for c in session.data["chapters"]}
        super().__init__(session, session.data["claims"], {
            "kind": toggles("Kind", [(k, k) for k in KINDS], list(KINDS.values())),
            "status": toggles("Status", [(s, s) for s in STATUSES], list(STATUSES.values())),
        }, "Check my sorting")

    def title(self, item: dict[str, Any]) -> str:
        return self.session.plain(item["text"])

    def card_html(self, item: dict[str, Any]) -> str:
        chapter = self.chapters.get(item["chapter"], item["chapter"])
        return box("The claim", para(self.session.plain(item["text"])), para(chapter, "Chapter:"))

    def feedback_html(self, item: dict[str, Any], answer: dict[str, Any]) -> str:
        result = sort_claims(item, answer["kind"], answer["status"])
        parts = [para(result["kind"]["message"], "Kind:"), para(result["status"]["message"], "Status:"),
                 para(self.session.plain(result["status_note"]), f"Why, as of {result['as_of']}:")]
        if result["error"]:
            parts += [para(result["error"]["problem"], "The error:"), para(result["error"]["lesson"], "Lesson:")]
        right = result["kind"]["correct"] and result["status"]["correct"]
        return box("Both right" if right else "Compare with the model answer", *parts,
                   tone="good" if right else "warn")


def sort_claims_ui(session: Session | None = None) -> widgets.VBox:
    """Sort claims one by one; each choice is saved as you make it."""
    return _SortClaims(session or default_session()).build()
