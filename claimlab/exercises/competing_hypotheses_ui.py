"""Widget front end for the competing-hypotheses exercise: build your own matrix, commit each rating with a
reason, then see the two model readings of every committed cell and, at the end, how each ranks the hypotheses.

All judging is in :mod:`.competing_hypotheses`; this module only draws controls, saves and shows what it returns.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as widgets

from . import attempts
from .citations import cite_label
from .competing_hypotheses import (OWN_ROW_KINDS, RATINGS, add_hypothesis, add_row, cell_id, commit_cell,
                                   competing_hypotheses, remove_own)
from .widgets import (Frame, Session, Stepper, box, bullets, button, default_session, dropdown, heading, live, para,
                      restore_value, saved_html, short, table, text, toggles)

EXERCISE = "competing-hypotheses"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class _CompetingHypotheses:
    def __init__(self, session: Session):
        self.session = session
        self.answers: dict[str, Any] = {}
        self.result: dict[str, Any] = {}
        self._loading = False
        self.frame = Frame(session, EXERCISE, self.restore)
        self.intro = widgets.HTML()
        # the student's own hypotheses and rows
        self.own_label = text("Name of your hypothesis", "e.g. Pragmatism with an anti-Western edge")
        self.own_statement = text("Your hypothesis in one line", "What does Russia do, and why?")
        self.add_hypothesis = button("Add my hypothesis", "Add a column for your own (or blended) hypothesis", "plus")
        self.add_hypothesis.on_click(lambda _: self._add(add_hypothesis, self.own_label.value,
                                                         self.own_statement.value))
        self.row_kind = toggles("Add", [(label, kind) for kind, label in OWN_ROW_KINDS.items()],
                                ["Something you take for granted in your ratings",
                                 "Something you would expect to see under a hypothesis but do not"])
        self.row_text = text("Describe it in one line", "e.g. Moscow acts as one actor")
        self.add_row = button("Add my item", "Add a row for an assumption or for evidence that is absent", "plus")
        self.add_row.on_click(lambda _: self._add(add_row, self.row_kind.value, self.row_text.value))
        self.own_picker = dropdown("Remove one of your additions", [])
        self.remove = button("Remove it", "Remove the chosen hypothesis or item from your matrix", "trash")
        self.remove.on_click(lambda _: self._remove())
        self.add_status = widgets.HTML()
        # the rows, one at a time, with a rating and a reason per hypothesis
        self.stepper = Stepper("Item", [("", "")], lambda _: self._show_row())
        self.card = widgets.HTML()
        self.cells = widgets.VBox()
        self.controls: dict[str, tuple[widgets.Dropdown, widgets.Text]] = {}
        self.commit = button("Commit my ratings for this item",
                             "Record each rating with its reason; then the model readings of those cells appear",
                             "check", primary=True)
        self.commit.on_click(lambda _: self._commit())
        self.feedback = widgets.HTML()
        self.overview = widgets.HTML()
        self.analyse = button("Analyse my matrix", "Score your matrix and, once it is committed, compare it with the "
                              "two model readings", "calculator")
        self.analyse.on_click(lambda _: self._analyse())
        self.analysis = widgets.HTML()
        self.widget = self.frame.wrap(
            self.intro, heading("Add your own hypothesis (a blend of others is fine)"), self.own_label,
            self.own_statement, self.add_hypothesis, heading("Add an assumption or evidence that is absent"),
            self.row_kind, self.row_text, self.add_row, self.own_picker, self.remove, self.add_status,
            heading("Rate each item under every hypothesis, with a reason"), self.stepper.widget, self.card,
            self.cells, self.commit, self.feedback, heading("Your matrix"), self.overview, self.analyse,
            self.analysis)
        self.restore()

    # -- state ---------------------------------------------------------------------------

    def restore(self) -> None:
        self.answers = dict(self.frame.load())
        self._rebuild()

    def _save(self) -> None:
        self.frame.save(self.answers)
        self.result = competing_hypotheses(self.answers, self.session.data)

    def _rebuild(self) -> None:
        """Columns or rows changed (or a restore): redraw everything that depends on them."""
        self.result = competing_hypotheses(self.answers, self.session.data)
        plain = self.session.plain
        columns, rows = self.result["columns"], self.result["rows"]
        self.intro.value = box("The hypotheses", bullets(
            f"{c['label']}{' (yours)' if c['own'] else ''}: {plain(c['statement'])}" for c in columns))
        own = [(f"Hypothesis: {short(c['label'], 50)}", c["id"]) for c in columns if c["own"]]
        own += [(f"{OWN_ROW_KINDS[r['kind']]}: {short(r['text'], 50)}", r["id"]) for r in rows if r["own"]]
        self.own_picker.options = [("Choose…", ""), *own]
        current = self.stepper.picker.value
        self._loading = True
        try:
            self.stepper.picker.options = [(f"{n}. {short(plain(r['text']))}", r["id"]) for n, r in enumerate(rows, 1)]
            if current in {r["id"] for r in rows}:
                self.stepper.picker.value = current
        finally:
            self._loading = False
        self.controls = {}
        for column in columns:
            rating = dropdown(f"Consistency with “{column['label']}”",
                              [(f"{code}: {meaning}", code) for code, meaning in RATINGS.items()])
            reason = text(f"Reason for “{short(column['label'], 40)}”",
                          "One line: what in the item makes it fit or not fit? (optional for N)")
            rating.observe(lambda _: self._draft(), names="value")
            reason.observe(lambda _: self._draft(), names="value")
            self.controls[column["id"]] = (rating, reason)
        self.cells.children = [w for pair in self.controls.values() for w in pair]
        self._show_row()

    @property
    def _row(self) -> dict[str, Any]:
        return next(r for r in self.result["rows"] if r["id"] == self.stepper.picker.value)

    def _record(self, hypothesis: str) -> dict[str, Any]:
        found = self.answers.get("items", {}).get(cell_id(hypothesis, self._row["id"]))
        return found if isinstance(found, dict) else {}

    # -- one row ---------------------------------------------------------------------------

    def _show_row(self) -> None:
        if self._loading or not self.result.get("rows"):
            return
        row = self._row
        self._loading = True
        try:
            for hypothesis, (rating, reason) in self.controls.items():
                record = self._record(hypothesis)
                last = attempts.latest(record) or {"choice": {}, "reason": ""}
                restore_value(rating, record.get("draft", last["choice"]).get("rating"))
                restore_value(reason, record.get("draft_reason", last["reason"]))
        finally:
            self._loading = False
        self.card.value = self._card(row)
        self.feedback.value = self._feedback(row)
        self._show_overview()

    def _card(self, row: dict[str, Any]) -> str:
        if row["own"]:
            return box(f"Your item ({OWN_ROW_KINDS[row['kind']].lower()})", para(row["text"]))
        item = next(e for e in self.session.data["evidence"] if e["id"] == row["id"])
        return box("The evidence", para(self.session.plain(item["summary"])), para(item["date"], "Date:"),
                   para(cite_label(item["source"], self.session.data["sources"]), "Source:"))

    def _draft(self) -> None:
        if self._loading:
            return
        stored = self.answers.get("items")
        items = dict(stored) if isinstance(stored, dict) else {}
        for hypothesis, (rating, reason) in self.controls.items():
            key = cell_id(hypothesis, self._row["id"])
            draft = {"rating": rating.value} if rating.value else {}
            items[key] = attempts.with_draft(items.get(key), draft, reason.value)
            if not items[key]["attempts"] and len(items[key]) == 1:
                del items[key]  # nothing committed and nothing typed: keep the file small
        self.answers = {**self.answers, "items": items}
        self._save()

    def _commit(self) -> None:
        problems: list[str] = []
        labels = self.result["labels"]
        for hypothesis, (rating, reason) in self.controls.items():
            if not rating.value:
                continue
            self.answers, found = commit_cell(self.answers, hypothesis, self._row["id"], rating.value, reason.value,
                                              _now(), self.session.data)
            problems += [f"“{labels[hypothesis]}”: {p}" for p in found]
        self._save()
        self._show_row()
        if problems:
            self.feedback.value = live(box("Not committed yet", bullets(problems), tone="warn")) + self.feedback.value

    def _feedback(self, row: dict[str, Any]) -> str:
        """What is committed for this row; the model readings only for committed model cells."""
        names = {r["id"]: r["label"] for r in self.session.data.get("readings", [])}
        parts = []
        for column in self.result["columns"]:
            made = attempts.attempts(self._record(column["id"]))
            if not made:
                continue
            first, latest = made[0], made[-1]
            lines = [f"Your rating: {latest['choice']['rating']}. Your reason: {latest['reason'] or '(none)'}"]
            if len(made) > 1:
                lines.append(f"Your first attempt, kept: {first['choice']['rating']}. {first['reason']}")
            shown = self.result["feedback"].get(cell_id(column["id"], row["id"]))
            if shown and shown["models"]:
                lines += [f"{names.get(r, r)} rates it {m['rating']} ({RATINGS[m['rating']]}): {m['reason']}"
                          for r, m in shown["models"].items()]
                span = " to ".join(dict.fromkeys([shown["range"][0], shown["range"][-1]]))
                lines.append(f"Your rating is within the span of the two readings ({span}); ask what would move you "
                             "toward the other end." if shown["within"] else
                             f"Both readings rate it otherwise ({span}). That is not a verdict on yours: argue your "
                             "case in your reason, naming what in the item supports it.")
            elif column["own"] or row["own"]:
                lines.append("Your own addition: there is no model reading of this cell; your reason is the record.")
            parts.append(box(f"“{column['label']}”", bullets(lines), tone="good"))
        if parts and self.session.data.get("assessed"):  # assessed edition: no model readings shipped
            parts.append(saved_html())
        return live("".join(parts))

    # -- the matrix --------------------------------------------------------------------------

    def _show_overview(self) -> None:
        columns, matrix = self.result["columns"], self.result["matrix"]
        rows = [[short(self.session.plain(r["text"]), 50), *(matrix[c["id"]].get(r["id"], "-") for c in columns)]
                for r in self.result["rows"]]
        totals = self.result["student"]["scores"]
        rows.append(["Inconsistency score (I = 1, II = 2)", *(totals[c["id"]] for c in columns)])
        self.overview.value = table(["Item", *(c["label"] for c in columns)], rows,
                                    "Your committed ratings (- = not committed yet)")

    def _ranked(self, groups: list[dict[str, Any]]) -> list[str]:
        labels = self.result["labels"]
        return [f"{g['rank']}. {' = '.join(labels.get(h, h) for h in g['hypotheses'])} (score {g['score']})"
                + (" - tied" if g["tied"] else "") for g in groups]

    def _analyse(self) -> None:
        result, labels = self.result, self.result["labels"]
        texts = {r["id"]: short(self.session.plain(r["text"]), 80) for r in result["rows"]}
        mine = result["student"]
        flat = [f"{texts[e]}" + ("" if e in mine["identical"] else " (ratings differ, but no inconsistency "
                                                                  "difference: the score cannot see it)")
                for e in mine["non_diagnostic"]]
        parts = [box("Your ranking, least inconsistent first", bullets(self._ranked(mine["ranking"])),
                     para("Weighted by credibility: " + "; ".join(self._ranked(mine["weighted_ranking"])))),
                 box("Items that cannot tell your hypotheses apart (non-diagnostic)",
                     bullets(flat) if flat else para("None among the rows you have rated under every hypothesis.")),
                 box("Does the ranking hang on one item?",
                     para("No: dropping any single item leaves the ranking as it is.") if mine["sensitivity"]["stable"]
                     else bullets(f"Without \"{texts[c['evidence']]}\" the order becomes: "
                                  + " > ".join(" = ".join(labels.get(h, h) for h in g) for g in c["ranking"])
                                  for c in mine["sensitivity"]["changes"]), tone="warn")]
        if result["revised"]:
            parts.append(para(f"You revised {result['revised']} cell(s). With your first attempts only, the ranking "
                              "was: " + "; ".join(self._ranked(result["first"]["ranking"]))))
        if not result["model_complete"]:
            parts.append(para(f"You have committed {result['rated']} of {result['cells']} cells. Commit every cell "
                              "of the given hypotheses and evidence to see how two model readings rank them."))
        elif result["readings"]:  # none in an assessed edition's data
            parts.append(box("Two defensible model readings (neither is the answer)", *(
                para(f"{r['label']}. {r['approach']} Ranking: " + "; ".join(self._ranked(r["ranking"]))
                     + f". Cells where you agree with it: {result['agree'][r['id']]}.")
                for r in result["readings"]),
                para("Compare where the readings differ: the ranking moves with the judgement made on a few items, "
                     "which is why your reasons matter more than your score.")))
        self.analysis.value = live("".join(parts))

    # -- additions ---------------------------------------------------------------------------

    def _add(self, change: Any, first: Any, second: Any) -> None:
        self.answers, problems = change(self.answers, first, second)
        if problems:
            self.add_status.value = live(box("Not added yet", bullets(problems), tone="warn"))
            return
        self.add_status.value = live(para("Added. Rate it under every hypothesis (or every item) below."))
        for control in (self.own_label, self.own_statement, self.row_text):
            control.value = ""
        self.frame.save(self.answers)
        self._rebuild()

    def _remove(self) -> None:
        if not self.own_picker.value:
            return
        self.answers = remove_own(self.answers, self.own_picker.value)
        self.frame.save(self.answers)
        self.add_status.value = live(para("Removed. Its committed ratings stay in your record but no longer count."))
        self._rebuild()


def competing_hypotheses_ui(session: Session | None = None) -> widgets.VBox:
    """Build and rate your own ACH matrix; every rating is committed with a reason and saved."""
    return _CompetingHypotheses(session or default_session()).widget
