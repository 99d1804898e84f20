"""Widget front end for "Define the terms": commit each definition with a reason, then see which cases meet the claim.

The four definitions are four items (``partner``, ``lists``, ``recognition``, ``period``): each is
committed with its reason before the cases are judged, and once all four are committed the table
shows which cases meet the claim under the latest committed definitions. A later change is a
revision; the first definitions are kept.
"""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .chain import TERM_ITEMS, term_choices
from .define_terms import PERIODS, RULES, anchors, define_terms, missing_choices
from .widgets import ItemExercise, Session, box, bullets, default_session, para, radios, table, toggles

QUESTIONS = {
    "partner": "What counts as a partner?",
    "lists": "Whose terrorist list counts? Tick one or more.",
    "recognition": "What counts as recognition?",
    "period": "When? Which relations count?",
}


class _DefineTerms(ItemExercise):
    exercise = "define-terms"
    item_label = "Definition"
    answer_heading = "Your definition"
    unit = "definitions committed"

    def __init__(self, session: Session):
        defs = session.data["definitions"]
        self.defs = defs
        self.lists = {entry["id"]: widgets.Checkbox(description=entry["label"], value=False, indent=False,
                                                    layout=widgets.Layout(width="auto"))
                      for entry in defs["lists"]}
        self.list_box = widgets.VBox(list(self.lists.values()))
        controls = {
            "partner": radios("A partner is a group or government with which Russia has…",
                              [(o["label"], o["id"]) for o in defs["partner"]]),
            "rule": toggles("Count a case as terrorist if it is…",
                            [("on any chosen list", "any"), ("on every chosen list", "all")], list(RULES.values())),
            "recognition": radios("Recognition means…", [(o["label"], o["id"]) for o in defs["recognition"]]),
            "period": toggles("Which relations count?", [("Still running", "current"), ("Also ended ones", "ever")],
                              list(PERIODS.values())),
        }
        items = [{"id": item_id, "question": QUESTIONS[item_id]} for item_id in TERM_ITEMS]
        super().__init__(session, items, controls)
        for checkbox in self.lists.values():
            checkbox.observe(lambda _: self._changed(), names="value")

    def title(self, item: dict[str, Any]) -> str:
        return item["question"]

    def _fields(self) -> tuple[str, ...]:
        return TERM_ITEMS[self.current["id"]]

    def prepare(self, item: dict[str, Any]) -> None:
        shown = TERM_ITEMS[item["id"]]
        for name, control in self.controls.items():
            control.layout.display = None if name in shown else "none"
        self.list_box.layout.display = None if "lists" in shown else "none"

    def read_choice(self) -> dict[str, Any]:
        fields = self._fields()
        chosen: dict[str, Any] = {name: self.controls[name].value for name in fields if name in self.controls}
        if "lists" in fields:
            chosen["lists"] = [k for k, box_ in self.lists.items() if box_.value]
        return {k: v for k, v in chosen.items() if v not in ("", None, [])}

    def incomplete(self, choice: dict[str, Any]) -> str:
        missing = [f for f in self._fields() if f not in choice]
        return f"Still to choose: {', '.join(missing)}." if missing else ""

    def write_choice(self, choice: dict[str, Any]) -> None:
        super().write_choice(choice)
        for list_id, checkbox in self.lists.items():
            checkbox.value = list_id in (choice.get("lists") or [])

    def anchors(self, item: dict[str, Any]) -> set[str]:
        return anchors(self.defs, self.session.data["actors"])

    def describe(self, choice: dict[str, Any]) -> str:
        return "; ".join(f"{k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in choice.items())

    def card_html(self, item: dict[str, Any]) -> str:
        plain = self.session.plain
        options = {"partner": self.defs["partner"], "recognition": self.defs["recognition"]}.get(item["id"], [])
        return box(item["question"], *(para(plain(o["explanation"]), o["label"] + ":") for o in options))

    def feedback_html(self, item: dict[str, Any], choice: dict[str, Any]) -> str:
        latest = term_choices(self.answers, -1)
        missing = [i for i, fields in TERM_ITEMS.items()
                   if any(f in missing_choices(latest, self.defs) for f in fields)]
        if missing:
            return para("Committed. Commit the other definitions too (" + ", ".join(missing)
                        + ") to see which cases meet the claim under your terms.")
        result = define_terms(latest, self.session.data["actors"], self.session.data["relations"], self.defs)
        rows = [[c["name"], "yes" if c["meets"] else "no", "yes" if c["partner"]["meets"] else "no",
                 "yes" if c["terrorist"]["meets"] else "no", "yes" if c["recognised"]["meets"] else "no"]
                for c in result["cases"]]
        plain = self.session.plain
        details = [box(c["name"], para(c["partner"]["why"]),
                       bullets(f"{r['label']}: {plain(r['note'])}" for r in c["partner"]["relations"] if r["counts"]),
                       para(c["terrorist"]["why"]),
                       bullets(f"{v['label']}: {plain(v['note'])}" for v in c["terrorist"]["lists"] if v["note"]),
                       para(c["recognised"]["why"]), tone="good" if c["meets"] else "info")
                   for c in result["cases"]]
        summary = para(f"Under your committed definitions, {len(result['meets'])} of {len(result['cases'])} cases "
                       "meet the claim. Change one definition, commit it with its reason, and watch which cases move.")
        return summary + table(["Case", "Meets the claim", "Partner", "Terrorist", "Recognised"], rows,
                               "The cases under your definitions") + "".join(details)

    def build(self) -> widgets.VBox:
        root = super().build()
        children = list(root.children)
        children.insert(children.index(self.controls["rule"]), self.list_box)
        root.children = children
        return root


def define_terms_ui(session: Session | None = None) -> widgets.VBox:
    """Commit each definition with a reason; once all four are committed, see which cases meet the claim."""
    return _DefineTerms(session or default_session()).build()
