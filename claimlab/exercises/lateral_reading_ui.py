"""Widget front end for "Read laterally": grade an outlet, check who runs it, grade again; then update a claim."""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..labels import RELIABILITY, STATUS, human_date
from .lateral_reading import (OUTLET_FIELDS, UPDATE_FIELDS, candidates, claim_update, grade_outlet, outlet_anchors,
                              outlets, stage, update_anchors, update_claim)
from .widgets import ItemExercise, Session, box, bullets, default_session, dropdown, para, short

#: Where the dossier lives in the book, named as a student sees it in the table of contents.
DOSSIER_PAGE = 'the appendix "Who runs it? A dossier"'


class _LateralReading(ItemExercise):
    exercise = "lateral-reading"
    item_label = "Item"
    answer_heading = "Your answer"
    unit = "items (an outlet counts once graded twice)"

    def __init__(self, session: Session):
        data = session.data
        self.update = claim_update(data)
        self.claims = {c["id"]: c for c in data["claims"]}
        items = outlets(data) + ([self.update] if self.update else [])
        super().__init__(session, items, {
            "reliability": dropdown("Reliability of the outlet (A-F)",
                                    [(f"{k}: {label}", k) for k, label in RELIABILITY.items()]),
            "source": dropdown("Newer source", []),
            "status": dropdown("Status now", [(f"{s.replace('-', ' ')}: {words}", s) for s, words in STATUS.items()]),
        })

    def _is_update(self, item: dict[str, Any]) -> bool:
        return bool(self.update) and item["id"] == self.update["id"]

    def _fields(self, item: dict[str, Any]) -> tuple[str, ...]:
        return UPDATE_FIELDS if self._is_update(item) else OUTLET_FIELDS

    def title(self, item: dict[str, Any]) -> str:
        if self._is_update(item):
            return "Bring a claim up to date"
        return f"Grade the outlet {item['name']}"

    def card_html(self, item: dict[str, Any]) -> str:
        if self._is_update(item):
            claim = self.claims[item["claim"]]
            return box("The claim", para(self.session.plain(claim["text"])),
                       para(f"Its status was last set as of {human_date(claim['as_of'])}.", "As of:"),
                       para(item["question"]))
        sources = self.session.data["sources"]
        pages = [f"{sources[k].get('title') or 'an untitled page'} ({human_date(sources[k]['date'])})"
                 if sources.get(k, {}).get("date") not in (None, "undated") else
                 f"{sources.get(k, {}).get('title') or 'an untitled page'} (undated)" for k in item["cited"]]
        return box(f"The outlet: {item['name']}", para(item["site"], "Website:"),
                   para("Pages of it that this module cites:"), bullets(pages),
                   para("Grade it first as it stands, before you look anything up. Then check who runs it and "
                        "grade it again: both grades are kept."))

    def prepare(self, item: dict[str, Any]) -> None:
        shown = self._fields(item)
        for name, control in self.controls.items():
            control.layout.display = None if name in shown else "none"
        if self._is_update(item):
            self.controls["source"].options = [("Choose…", "")] + [
                (self._source_label(e["id"]), e["id"]) for e in candidates(item, self.session.data["evidence"])]

    def _source_label(self, evidence_id: str) -> str:
        """An offered source in a reader's words (its date and summary), never its id."""
        found = next((e for e in self.session.data["evidence"] if e["id"] == evidence_id), None)
        if found is None:
            return "a source no longer in the data"
        return f"{human_date(str(found['date']))}: {short(self.session.plain(found['summary']), 90)}"

    def read_choice(self) -> dict[str, Any]:
        return {name: self.controls[name].value for name in self._fields(self.current)
                if self.controls[name].value not in ("", None)}

    def incomplete(self, choice: dict[str, Any]) -> str:
        return "" if all(name in choice for name in self._fields(self.current)) else "Answer every part first."

    def write_choice(self, choice: dict[str, Any]) -> None:
        for name in self._fields(self.current):
            control = self.controls[name]
            control.value = choice.get(name) if choice.get(name) in [v for _, v in control.options] else ""

    def anchors(self, item: dict[str, Any]) -> set[str]:
        if self._is_update(item):
            return update_anchors(item, self.claims[item["claim"]], self.session.data["evidence"])
        return outlet_anchors(item)

    def describe(self, choice: dict[str, Any]) -> str:
        if "reliability" in choice:
            return f"Reliability {choice['reliability']}"
        return (f"Source {self._source_label(str(choice.get('source')))}; status "
                f"{str(choice.get('status', '?')).replace('-', ' ')}")

    def feedback_html(self, item: dict[str, Any], choice: dict[str, Any]) -> str:
        if self._is_update(item):
            return self._update_feedback(item, choice)
        if stage(self._record(), is_outlet=True) == "check":
            return box("Kept. Now leave the site and check who runs it",
                       para("With internet, search for:"), bullets(item["searches"]),
                       para(f"Without internet, open {DOSSIER_PAGE} and read the entry for {item['name']}."),
                       para("Then grade the outlet again with a reason that names what you found. Your first grade "
                            "stays as it is; the model view appears after your second grade."))
        result = grade_outlet(item, choice["reliability"])
        title = ("Your grade after checking lies within the defensible range" if result["inside"]
                 else "Compare your grade after checking with the model view")
        return box(title, para(result["message"]), tone="good" if result["inside"] else "info")

    def _update_feedback(self, item: dict[str, Any], choice: dict[str, Any]) -> str:
        result = update_claim(item, self.session.data["evidence"], choice["source"], choice["status"])
        source = result["source"]
        parts = [para(source["note"], "On the source you picked:")]
        if not source["same"]:
            parts.append(para(source["model_note"],
                              f"The model view picks another source ({self._source_label(source['model'])}):"))
        parts.append(para(result["status"]["message"], "Status now:"))
        title = "Your update lies within the defensible range" if result["inside"] else "Compare with the model view"
        return box(title, *parts, tone="good" if result["inside"] else "info")


def lateral_reading_ui(session: Session | None = None) -> widgets.VBox:
    """Grade each outlet before and after checking who runs it, then bring one claim up to date."""
    return _LateralReading(session or default_session()).build()
