"""Widget front end for "Sort the claims": sort each claim by kind and by status, with a reason."""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .sort_claims import KINDS, STATUSES, anchors, sort_claims
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
        })

    def title(self, item: dict[str, Any]) -> str:
        return self.session.plain(item["text"])

    def card_html(self, item: dict[str, Any]) -> str:
        chapter = self.chapters.get(item["chapter"], item["chapter"])
        return box("The claim", para(self.session.plain(item["text"])), para(chapter, "Chapter:"))

    def anchors(self, item: dict[str, Any]) -> set[str]:
        return anchors(item)

    def describe(self, choice: dict[str, Any]) -> str:
        return f"{choice.get('kind', '?')}, {choice.get('status', '?')}"

    def feedback_html(self, item: dict[str, Any], choice: dict[str, Any]) -> str:
        result = sort_claims(item, choice["kind"], choice["status"])
        plain = self.session.plain
        parts = []
        for field, name in (("kind", "Kind"), ("status", "Status")):
            parts.append(para(plain(result[field]["message"]), f"{name}:"))
            if result[field]["hint"]:
                parts.append(para(result[field]["hint"], "Telling them apart:"))
        parts.append(para(plain(result["status_note"]), f"Why, as of {result['as_of']}:"))
        if result["error"]:
            parts += [para(result["error"]["problem"], "The error:"), para(result["error"]["lesson"], "Lesson:")]
        title = "Both choices lie within the defensible range" if result["inside"] else "Compare with the model view"
        return box(title, *parts, tone="good" if result["inside"] else "info")


def sort_claims_ui(session: Session | None = None) -> widgets.VBox:
    """Sort claims one by one: commit a kind, a status and a reason, then see the model view."""
    return _SortClaims(session or default_session()).build()
