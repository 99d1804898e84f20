"""Widget front end for exercise d: choose definitions and see which cases meet the claim."""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .definitions import PERIODS, RULES, define_terms, missing_choices
from .widgets import Frame, Session, box, default_session, heading, live, para, radios, restore_value, table, toggles

EXERCISE = "define-terms"


class _DefineTerms:
    def __init__(self, session: Session):
        self.session = session
        defs = session.data["definitions"]
        self.defs = defs
        self.frame = Frame(session, EXERCISE, self.restore)
        self.partner = radios("A partner is a group or government with which Russia has…",
                              [(o["label"], o["id"]) for o in defs["partner"]])
        self.lists = {entry["id"]: widgets.Checkbox(description=entry["label"], value=False, indent=False,
                                                    layout=widgets.Layout(width="auto"))
                      for entry in defs["lists"]}
        self.rule = toggles("Count a case as terrorist if it is…",
                            [("on any chosen list", "any"), ("on every chosen list", "all")], list(RULES.values()))
        self.recognition = radios("Recognition means…", [(o["label"], o["id"]) for o in defs["recognition"]])
        self.period = toggles("Which relations count?", [("Still running", "current"), ("Also ended ones", "ever")],
                              list(PERIODS.values()))
        self.explain = widgets.HTML()
        self.result = widgets.HTML()
        self._loading = False
        for control in (self.partner, self.rule, self.recognition, self.period, *self.lists.values()):
            control.observe(lambda _: self._changed(), names="value")
        self.widget = self.frame.wrap(
            heading("1. What counts as a partner?"), self.partner,
            heading("2. Whose terrorist list counts? Tick one or more."), *self.lists.values(), self.rule,
            heading("3. What counts as recognition?"), self.recognition,
            heading("4. When?"), self.period, self.explain, heading("Which cases meet the claim?"), self.result)
        self.restore()

    def answers(self) -> dict[str, Any]:
        chosen = {"partner": self.partner.value, "lists": [k for k, box_ in self.lists.items() if box_.value],
                  "rule": self.rule.value, "recognition": self.recognition.value, "period": self.period.value}
        return {k: v for k, v in chosen.items() if v}

    def restore(self) -> None:
        stored = self.frame.load()
        self._loading = True
        try:
            for name in ("partner", "rule", "recognition", "period"):
                restore_value(getattr(self, name), stored.get(name))
            for list_id, checkbox in self.lists.items():
                checkbox.value = list_id in stored.get("lists", [])
        finally:
            self._loading = False
        self._show()

    def _changed(self) -> None:
        if self._loading:
            return
        self.frame.save(self.answers())
        self._show()

    def _show(self) -> None:
        answers = self.answers()
        chosen = [o for key in ("partner", "recognition") for o in self.defs[key] if o["id"] == answers.get(key)]
        self.explain.value = "".join(para(self.session.plain(o["explanation"]), o["label"] + ":") for o in chosen)
        missing = missing_choices(answers, self.defs)
        if missing:
            self.result.value = live(para(f"Still to choose: {', '.join(missing)}."))
            return
        result = define_terms(answers, self.session.data["actors"], self.session.data["relations"], self.defs)
        rows = [[c["name"], "yes" if c["meets"] else "no", "yes" if c["partner"]["meets"] else "no",
                 "yes" if c["terrorist"]["meets"] else "no", "yes" if c["recognised"]["meets"] else "no"]
                for c in result["cases"]]
        plain = self.session.plain
        details = [box(c["name"], para(c["partner"]["why"]),
                       *(para(plain(r["note"]), f"{r['label']}:") for r in c["partner"]["relations"] if r["counts"]),
                       para(c["terrorist"]["why"]),
                       *(para(plain(v["note"]), f"{v['label']}:") for v in c["terrorist"]["lists"] if v["note"]),
                       para(c["recognised"]["why"]), tone="good" if c["meets"] else "info")
                   for c in result["cases"]]
        summary = para(f"Under your definitions, {len(result['meets'])} of {len(result['cases'])} cases meet the "
                       "claim. Change one definition and watch which cases move.")
        self.result.value = live(summary + table(["Case", "Meets the claim", "Partner", "Terrorist", "Recognised"],
                                                 rows, "The cases under your definitions") + "".join(details))


def define_terms_ui(session: Session | None = None) -> widgets.VBox:
    """Choose the definitions; the cases are re-judged and your choices saved at every change."""
    return _DefineTerms(session or default_session()).widget
