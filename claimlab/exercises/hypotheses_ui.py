"""Widget front end for exercise e: fill in an ACH matrix, then compare it with the model answer."""
from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from .ach import RATINGS, competing_hypotheses, scores
from .citations import cite_label
from .widgets import (Frame, Session, Stepper, box, bullets, button, default_session, dropdown, heading, live, para,
                      restore_value, short, table)

EXERCISE = "competing-hypotheses"


class _Ach:
    def __init__(self, session: Session):
        self.session = session
        self.hypotheses = session.data["hypotheses"]
        evidence = {e["id"]: e for e in session.data["evidence"]}
        self.evidence = [evidence[ev] for ev in self.hypotheses[0]["ratings"] if ev in evidence]
        self.by_id = {e["id"]: e for e in self.evidence}
        self.matrix: dict[str, dict[str, str]] = {}
        self._loading = False
        self.frame = Frame(session, EXERCISE, self.restore)
        self.stepper = Stepper("Evidence item", [(f"{n}. {short(session.plain(e['summary']))}", e["id"])
                                                 for n, e in enumerate(self.evidence, 1)], lambda _: self._show_item())
        self.card = widgets.HTML()
        self.ratings = {h["id"]: dropdown(f"Consistency with \"{h['label']}\"",
                                          [(f"{code}: {meaning}", code) for code, meaning in RATINGS.items()])
                        for h in self.hypotheses}
        for control in self.ratings.values():
            control.observe(lambda _: self._changed(), names="value")
        self.overview = widgets.HTML()
        self.analyse = button("Analyse my matrix", "Score your matrix and compare it with the model answer",
                              "calculator", primary=True)
        self.analyse.on_click(lambda _: self._analyse())
        self.analysis = widgets.HTML()
        intro = widgets.HTML(box("The hypotheses", bullets(f"{h['label']}: {session.plain(h['statement'])}"
                                                           for h in self.hypotheses)))
        self.widget = self.frame.wrap(intro, heading("Rate each evidence item against every hypothesis"),
                                      self.stepper.widget, self.card, *self.ratings.values(),
                                      heading("Your matrix"), self.overview, self.analyse, self.analysis)
        self.restore()

    def restore(self) -> None:
        stored = self.frame.load().get("matrix", {})
        self.matrix = {h["id"]: dict(stored.get(h["id"], {})) for h in self.hypotheses}
        self._show_item()

    def _show_item(self) -> None:
        item = self.by_id[self.stepper.picker.value]
        self._loading = True
        try:
            for hyp, control in self.ratings.items():
                restore_value(control, self.matrix[hyp].get(item["id"]))
        finally:
            self._loading = False
        grading = item["grading"]
        self.card.value = box("The evidence", para(self.session.plain(item["summary"])), para(item["date"], "Date:"),
                              para(cite_label(item["source"], self.session.data["sources"]), "Source:"),
                              para(f"{grading['reliability']}{grading['credibility']}", "Model grading:"))
        self._show_overview()

    def _changed(self) -> None:
        if self._loading:
            return
        item = self.stepper.picker.value
        for hyp, control in self.ratings.items():
            if control.value:
                self.matrix[hyp][item] = control.value
            else:
                self.matrix[hyp].pop(item, None)
        self.frame.save({"matrix": self.matrix})
        self.analysis.value = ""
        self._show_overview()

    def _show_overview(self) -> None:
        labels = [h["label"] for h in self.hypotheses]
        rows = [[short(self.session.plain(e["summary"]), 50), *(self.matrix[h["id"]].get(e["id"], "-")
                                                                 for h in self.hypotheses)] for e in self.evidence]
        totals = scores(self.matrix)
        rows.append(["Inconsistency score (I = 1, II = 2)", *(totals[h["id"]] for h in self.hypotheses)])
        self.overview.value = table(["Evidence", *labels], rows, "Your ratings so far (- = not rated)")

    def _analyse(self) -> None:
        result = competing_hypotheses(self.hypotheses, self.matrix, self.session.data["evidence"])
        labels = {h["id"]: h["label"] for h in self.hypotheses}
        summaries = {e["id"]: short(self.session.plain(e["summary"]), 80) for e in self.evidence}

        def ranked(groups: list[dict[str, Any]]) -> list[str]:
            return [f"{g['rank']}. {' = '.join(labels[h] for h in g['hypotheses'])} (score {g['score']})"
                    + (" - tied" if g["tied"] else "") for g in groups]

        mine = result["student"]
        parts = [box("Your ranking, least inconsistent first", bullets(ranked(mine["ranking"])),
                     para("Weighted by credibility: " + "; ".join(ranked(mine["weighted_ranking"])))),
                 box("Evidence that cannot tell the hypotheses apart",
                     bullets(summaries[e] for e in mine["non_diagnostic"]) if mine["non_diagnostic"]
                     else para("None: every item you rated discriminates between some hypotheses.")),
                 box("Does the ranking hang on one item?",
                     para("No: dropping any single item leaves the ranking as it is.") if mine["sensitivity"]["stable"]
                     else bullets(f"Without \"{summaries[c['evidence']]}\" the order becomes: "
                                  + " > ".join(" = ".join(labels[h] for h in g) for g in c["ranking"])
                                  for c in mine["sensitivity"]["changes"]), tone="warn")]
        if not result["complete"]:
            parts.append(para(f"You have rated {result['rated']} of {result['cells']} cells. Rate them all "
                              "to compare your matrix with the model answer."))
        else:
            model = result["model"]
            differences = [f"{summaries[d['evidence']]}: {d['message']}" for d in result["differences"]]
            parts.append(box(f"The model answer ({result['agree']} of {result['cells']} cells agree with yours)",
                             bullets(ranked(model["ranking"])),
                             bullets(differences) if differences else para("Your matrix matches it cell for cell.")))
        self.analysis.value = live("".join(parts))


def ach_ui(session: Session | None = None) -> widgets.VBox:
    """Rate the evidence against each hypothesis; your matrix is saved at every change."""
    return _Ach(session or default_session()).widget
