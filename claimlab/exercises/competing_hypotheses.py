"""Exercise: Analysis of Competing Hypotheses (Heuer, *Psychology of Intelligence Analysis*, ch. 8).

ACH asks which explanation the evidence *contradicts least*, not which it seems to
support most: consistent evidence is usually consistent with several hypotheses and
proves little. So only inconsistency is counted (I = 1, II = 2; CC, C and N = 0) and the
hypothesis with the lowest score ranks first. Ties are reported as ties, because picking
a winner among equals is exactly the bias ACH is meant to prevent.

**The student's own matrix.** Heuer's first steps are to list *all* reasonable hypotheses
and *all* significant items, including assumptions and the absence of evidence one would
expect. So the columns are the hypotheses in data/hypotheses.yml plus the student's own
(a blended one included: a name and a one-line statement), and the rows are the evidence
items of the model matrix plus the student's own assumptions and "absent evidence" items
(each one line). Every score below is computed on that whole matrix.

**Commit before you see.** Each cell is a judged item (contract in :mod:`.attempts`),
id ``"<hypothesis id>|<row id>"``, choice ``{"rating": "I"}``. A CC, C, I or II rating
needs a one-line reason that names what it rests on (a word of the item or of the
hypothesis); N ("neutral or not applicable") may go without one. The first attempt is
kept; the matrix scored is the latest committed rating of each cell. The two model
readings of a cell are shown only once that cell is committed, and the model rankings
only once every model cell is committed (a ranking gives away cells in aggregate).

**Non-diagnostic.** Because only inconsistency is scored, an item whose inconsistency
points are equal under every hypothesis cannot move the ranking, whatever its C/CC
nuances: it is flagged non-diagnostic as soon as its row is rated under every hypothesis,
own rows and own columns included. Items rated *identically* everywhere are listed
separately as well.

**Sensitivity** drops each item in turn to see whether the ranking hangs on one piece of
evidence, which should then be re-examined first.

**Weighting.** Each inconsistency point is multiplied by a weight from the model
credibility grading of that evidence item (evidence.yml), so doubtful reports count for
less: credibility 1 -> 1, 2 -> 3/4, 3 -> 1/2, 4 -> 1/4, 5 -> 0, and 6 ("cannot be judged")
-> 1/2, the same as "possibly true", because unknown is not improbable. The student's
own assumptions and absent-evidence items have no grading and weigh 1/2 for the same
reason. The arithmetic uses exact fractions; results are rounded to 3 decimals for display.

**Two model readings.** data/hypotheses.yml rates every model cell twice, under two
differently reasoned readings, each cell with its reason. Neither is "the answer": a
student's rating inside the span of the two readings is within the defensible range;
outside it, the student is asked to argue the case, never told it is wrong.

Standard library only, so it also runs in a browser-side Python.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from . import attempts
from .memo import remember

RATINGS: dict[str, str] = {
    "CC": "very consistent",
    "C": "consistent",
    "N": "neutral or not applicable",
    "I": "inconsistent",
    "II": "very inconsistent",
}
INCONSISTENCY: dict[str, int] = {"CC": 0, "C": 0, "N": 0, "I": 1, "II": 2}
#: Ratings that claim something about the hypothesis, so they need a reason.
NEEDS_REASON = frozenset({"CC", "C", "I", "II"})
CREDIBILITY_WEIGHT: dict[int, Fraction] = {
    1: Fraction(1), 2: Fraction(3, 4), 3: Fraction(1, 2), 4: Fraction(1, 4), 5: Fraction(0), 6: Fraction(1, 2),
}
#: The weights' common denominator: weighted scores add whole multiples of 1/_DENOMINATOR, then make one fraction.
_DENOMINATOR = math.lcm(*(w.denominator for w in CREDIBILITY_WEIGHT.values()))
#: Weight of a row with no grading (the student's own assumptions and absent evidence).
UNGRADED_WEIGHT = CREDIBILITY_WEIGHT[6]
#: What a student may add as a row.
OWN_ROW_KINDS: dict[str, str] = {"assumption": "Assumption", "absent": "Evidence that is absent"}
#: Bounds on what a student may add (never trust what is handed in).
MAX_OWN_HYPOTHESES = 3
MAX_OWN_ROWS = 8
MAX_LABEL_CHARS = 80
MAX_LINE_CHARS = 300
OWN_ID = re.compile(r"^own-[a-z0-9]{1,12}$")
SEPARATOR = "|"

Matrix = Mapping[str, Mapping[str, str]]  # hypothesis id -> row id -> rating
Data = Mapping[str, Any]

# Words too common in this module's texts to show that a reason is about *this* cell.
_COMMON = frozenset("""russia russian russias moscow moscows about after again against being between could
    every first from have into itself more most other over same some such than that their them then there these
    they this those under were what when where which while with without would your because hypothesis evidence
    reason rated rating consistent inconsistent""".split())


def cell_id(hypothesis: str, row: str) -> str:
    """The item id of one cell, as stored under ``answers["items"]``."""
    return f"{hypothesis}{SEPARATOR}{row}"


def split_cell(item_id: Any) -> tuple[str, str] | None:
    """``(hypothesis, row)`` of a cell id, or None for anything else."""
    if not isinstance(item_id, str) or item_id.count(SEPARATOR) != 1:
        return None
    hypothesis, row = item_id.split(SEPARATOR)
    return (hypothesis, row) if hypothesis and row else None


# -- the matrix: columns and rows ------------------------------------------------------------


def _line(value: Any, limit: int) -> str | None:
    """One line of student text, or None if it is not text, empty or too long."""
    if not isinstance(value, str):
        return None
    flat = " ".join(value.split())
    return flat if 0 < len(flat) <= limit else None


def _own_entries(given: Any, build: Callable[[Mapping[str, Any]], dict[str, Any] | None],
                 noun: tuple[str, str], malformed: str, limit: int) -> tuple[list[dict[str, Any]], list[str]]:
    """What a student added, kept only if well formed, unique by id and within the limit; and why any other
    entry was left out. Hypotheses and rows share these rules, so they live once here."""
    found: list[dict[str, Any]] = []
    problems: list[str] = []
    for entry in given if isinstance(given, list) else []:
        if not isinstance(entry, Mapping):
            continue
        built = build(entry) if isinstance(entry.get("id"), str) and OWN_ID.match(entry["id"]) else None
        if built is None:
            problems.append(malformed)
        elif built["id"] in {f["id"] for f in found}:
            problems.append(f"A second added {noun[0]} with the id {built['id']} was left out.")
        elif len(found) >= limit:
            name = built.get("label") or built.get("text")
            problems.append(f"Only {limit} added {noun[1]} are scored; \"{name}\" was left out.")
        else:
            found.append(built)
    return found, problems


def _own_hypothesis(entry: Mapping[str, Any]) -> dict[str, Any] | None:
    label, statement = _line(entry.get("label"), MAX_LABEL_CHARS), _line(entry.get("statement"), MAX_LINE_CHARS)
    if not (label and statement):
        return None
    return {"id": entry["id"], "label": label, "statement": statement, "own": True}


def _own_row(entry: Mapping[str, Any]) -> dict[str, Any] | None:
    text = _line(entry.get("text"), MAX_LINE_CHARS)
    if not (text and entry.get("kind") in OWN_ROW_KINDS):
        return None
    return {"id": entry["id"], "kind": entry["kind"], "text": text, "own": True, "credibility": None}


def own_hypotheses(answers: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """The student's own hypotheses that are well formed, and why any others were left out."""
    return _own_entries(answers.get("hypotheses", []), _own_hypothesis, ("hypothesis", "hypotheses"),
                        "An added hypothesis without a name, an id or a one-line statement was left out.",
                        MAX_OWN_HYPOTHESES)


def own_rows(answers: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """The student's own assumption and absent-evidence rows that are well formed, and what was left out."""
    return _own_entries(answers.get("added", []), _own_row, ("item", "items"),
                        "An added item without a kind, an id or a one-line description was left out.", MAX_OWN_ROWS)


def model_columns(data: Data) -> list[dict[str, Any]]:
    return [{"id": h["id"], "label": h["label"], "statement": h["statement"], "own": False}
            for h in data["hypotheses"]]


def model_rows(data: Data) -> list[dict[str, Any]]:
    """The evidence rows of the model matrix, in the order data/hypotheses.yml lists them."""
    evidence = {e["id"]: e for e in data["evidence"]}
    ids = [r["evidence"] for r in data.get("matrix_rows", [])]
    if not ids and data["hypotheses"]:  # a data copy without a rows list: the first hypothesis's order
        ids = list(data["hypotheses"][0].get("ratings", {}))
    return [{"id": ev, "kind": "evidence", "text": evidence[ev]["summary"], "own": False,
             # no grading in an assessed edition's data (claimlab.assessed): the row weighs as ungraded
             "credibility": int(evidence[ev]["grading"]["credibility"]) if "grading" in evidence[ev] else None}
            for ev in ids if ev in evidence]


def reason_anchors(column: Mapping[str, Any], row: Mapping[str, Any]) -> list[str]:
    """Words a cell's reason may rest on: the row's and the hypothesis's own words and ids.

    Long, uncommon words only, so that "because I think so" or a sentence about cats names none.
    """
    texts = [row.get("text", ""), column.get("label", ""), column.get("statement", "")]
    words = {w for t in texts for w in re.findall(r"[^\W\d_]+", str(t).casefold()) if len(w) >= 4}
    return sorted((words - _COMMON) | {row["id"], column["id"]})


def cell_problems(rating: Any, reason: Any, column: Mapping[str, Any], row: Mapping[str, Any]) -> list[str]:
    """Why this rating and reason cannot be committed yet ([] when they can)."""
    if rating not in RATINGS:
        return [f"Choose a rating first ({', '.join(RATINGS)})."]
    if rating not in NEEDS_REASON and not (isinstance(reason, str) and reason.strip()):
        return []
    return attempts.reason_problems(reason, reason_anchors(column, row))


# -- scores -------------------------------------------------------------------------------


def _check(matrix: Matrix) -> None:
    for hyp, row in matrix.items():
        for ev, rating in row.items():
            if rating not in RATINGS:
                raise ValueError(f"rating for {hyp}/{ev} must be one of {', '.join(RATINGS)} (got {rating!r})")


def scores(matrix: Matrix) -> dict[str, int]:
    """Inconsistency score per hypothesis (I = 1, II = 2)."""
    _check(matrix)
    return {hyp: sum(INCONSISTENCY[r] for r in row.values()) for hyp, row in matrix.items()}


def weight(credibility: Any) -> Fraction:
    """The weight of one inconsistency point from a credibility grade; ungraded rows weigh 1/2."""
    return CREDIBILITY_WEIGHT.get(credibility, UNGRADED_WEIGHT) if isinstance(credibility, int) else UNGRADED_WEIGHT


def weighted_scores(matrix: Matrix, credibility: Mapping[str, int | None]) -> dict[str, Fraction]:
    """Inconsistency weighted by each row's credibility grade (see the module docstring)."""
    _check(matrix)
    # Exact as before, without a fraction per cell: every weight is a whole number of 1/_DENOMINATOR, so the
    # points add as integers and become one fraction per hypothesis (a class report scores thousands of matrices).
    scaled: dict[str, int] = {}  # row -> its weight times _DENOMINATOR, looked up once per row
    found: dict[str, Fraction] = {}
    for hyp, row in matrix.items():
        total = 0
        for ev, rating in row.items():
            points = INCONSISTENCY[rating]
            if points:
                times = scaled.get(ev)
                if times is None:
                    times = scaled[ev] = int(weight(credibility.get(ev)) * _DENOMINATOR)
                total += points * times
        found[hyp] = Fraction(total, _DENOMINATOR)
    return found


def ranking(score_of: Mapping[str, int | Fraction]) -> list[dict[str, Any]]:
    """Groups of hypotheses, least inconsistent first; equal scores share a rank (1, 1, 3 …)."""
    groups: list[dict[str, Any]] = []
    for hyp in sorted(score_of, key=lambda h: score_of[h]):  # stable: ties keep the column order
        if groups and groups[-1]["score"] == score_of[hyp]:
            groups[-1]["hypotheses"].append(hyp)
        else:
            placed = sum(len(g["hypotheses"]) for g in groups)
            groups.append({"rank": placed + 1, "hypotheses": [hyp], "score": score_of[hyp]})
    for group in groups:
        group["tied"] = len(group["hypotheses"]) > 1
    return groups


def _order(groups: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    return [list(g["hypotheses"]) for g in groups]


def _rows_of(matrix: Matrix) -> list[str]:
    return list(dict.fromkeys(ev for row in matrix.values() for ev in row))


def non_diagnostic(matrix: Matrix) -> list[str]:
    """Rows rated under every hypothesis whose inconsistency points are the same everywhere.

    Only inconsistency is scored, so such a row cannot move the ranking (C under one
    hypothesis and CC under another is no difference the score can see).
    """
    columns = list(matrix.values())
    if not columns:
        return []
    full = [ev for ev in _rows_of(matrix) if all(ev in col for col in columns)]
    return [ev for ev in full if len({INCONSISTENCY[col[ev]] for col in columns}) == 1]


def identical(matrix: Matrix) -> list[str]:
    """Rows rated under every hypothesis with exactly the same rating (a subset of :func:`non_diagnostic`)."""
    return _identical(matrix, non_diagnostic(matrix))


def _identical(matrix: Matrix, flat: Sequence[str]) -> list[str]:
    """:func:`identical` given the matrix's :func:`non_diagnostic` rows ``flat``."""
    columns = list(matrix.values())
    return [ev for ev in flat if len({col[ev] for col in columns}) == 1]


def sensitivity(matrix: Matrix) -> dict[str, Any]:
    """Does dropping any single row change the ranking (including making or breaking a tie)?"""
    return _sensitivity(matrix, scores(matrix))


def _sensitivity(matrix: Matrix, full: Mapping[str, int]) -> dict[str, Any]:
    """:func:`sensitivity` given the matrix's :func:`scores` ``full`` (already checked)."""
    base = _order(ranking(full))
    changes = []
    for ev in _rows_of(matrix):  # each score without one row: the full score less that row's points
        if not any(INCONSISTENCY[row[ev]] for row in matrix.values() if ev in row):
            continue  # a row without points leaves every score, so the ranking, as it is
        order = _order(ranking({hyp: full[hyp] - INCONSISTENCY[row[ev]] if ev in row else full[hyp]
                                for hyp, row in matrix.items()}))
        if order != base:
            changes.append({"evidence": ev, "ranking": order})
    return {"stable": not changes, "ranking": base, "changes": changes}


def _fmt(value: Fraction) -> float:
    return round(float(value), 3)


def analyse(matrix: Matrix, credibility: Mapping[str, int | None]) -> dict[str, Any]:
    """Scores, rankings, non-diagnostic rows and sensitivity of one matrix."""
    weighted = weighted_scores(matrix, credibility)
    weighted_rank = ranking(weighted)
    for group in weighted_rank:
        group["score"] = _fmt(group["score"])
    plain = scores(matrix)  # once each: what follows only reads them
    flat = non_diagnostic(matrix)
    return {
        "scores": plain,
        "ranking": ranking(plain),
        "weighted_scores": {h: _fmt(v) for h, v in weighted.items()},
        "weighted_ranking": weighted_rank,
        "non_diagnostic": flat,
        "identical": _identical(matrix, flat),
        "sensitivity": _sensitivity(matrix, plain),
    }


# -- the two model readings -------------------------------------------------------------------


def readings(data: Data) -> list[dict[str, Any]]:
    """The model readings (id, label, approach); none in a data copy without model answers."""
    return [dict(r) for r in data.get("readings", [])]


def model_cell(hypothesis: Mapping[str, Any], row: str, reading: str) -> dict[str, str] | None:
    """``{"rating", "reason"}`` of one model cell under one reading, or None."""
    cell = hypothesis.get("ratings", {}).get(row, {})
    found = cell.get(reading) if isinstance(cell, Mapping) else None
    return {"rating": found["rating"], "reason": found["reason"]} if isinstance(found, Mapping) else None


def model_matrices(data: Data) -> dict[str, dict[str, dict[str, str]]]:
    """``{reading id: {hypothesis id: {evidence id: rating}}}`` for every reading in the data."""
    rows = [r["id"] for r in model_rows(data)]
    matrices: dict[str, dict[str, dict[str, str]]] = {}
    for reading in readings(data):
        matrices[reading["id"]] = {
            h["id"]: {ev: cell["rating"] for ev in rows if (cell := model_cell(h, ev, reading["id"]))}
            for h in data["hypotheses"]}
    return matrices


def _credibility(rows: Sequence[Mapping[str, Any]]) -> dict[str, int | None]:
    return {r["id"]: r["credibility"] for r in rows}


def model_analyses(data: Data) -> list[dict[str, Any]]:
    """Each reading with the analysis of its matrix (what the feedback shows after the whole matrix is committed)."""
    credibility = _credibility(model_rows(data))
    matrices = model_matrices(data)
    return [{**reading, **analyse(matrices[reading["id"]], credibility)} for reading in readings(data)]


def _span(ratings: Sequence[str]) -> list[str]:
    """The ratings from the lowest to the highest of ``ratings`` on the CC … II scale."""
    scale = list(RATINGS)
    places = sorted(scale.index(r) for r in ratings)
    return scale[places[0]: places[-1] + 1]


def cell_feedback(hypothesis: Mapping[str, Any], row: str, rating: str, data: Data) -> dict[str, Any]:
    """The two readings of one committed model cell beside the student's rating; [] of models if none."""
    models = {r["id"]: cell for r in readings(data) if (cell := model_cell(hypothesis, row, r["id"]))}
    span = _span([c["rating"] for c in models.values()]) if models else []
    return {"models": models, "range": span, "within": rating in span}


def _cell_feedback(hypothesis: Mapping[str, Any], row: str, rating: str, data: Data) -> dict[str, Any]:
    """:func:`cell_feedback`, remembered where marks are in force: a class gives few ratings per cell."""
    return remember(lambda marks: ("cell", hypothesis["id"], marks.fingerprint(hypothesis), row, rating),
                    lambda: cell_feedback(hypothesis, row, rating, data))


# -- the whole exercise -------------------------------------------------------------------------


def competing_hypotheses(answers: Mapping[str, Any], data: Data) -> dict[str, Any]:
    """Analyse the student's own matrix (answer shape in :mod:`.chain`) and, where committed, the model readings.

    Returns::

        {"columns": [{"id", "label", "statement", "own"}], "rows": [{"id", "kind", "text", "own", "credibility"}],
         "labels": {hypothesis id: label},
         "matrix": {hypothesis: {row: latest committed rating}}, "first_matrix": {… first attempts …},
         "student": analyse(matrix), "first": {"scores", "ranking"} of the first attempts,
         "cells": int, "rated": int, "revised": int, "complete": bool, "model_complete": bool,
         "feedback": {cell id: {"rating", "first", "models": {reading: {"rating", "reason"}}, "range", "within"}},
         "agree": {reading id: committed model cells rated as that reading rates them},
         "readings": [reading + analyse(model matrix)] once every model cell is committed, else [],
         "problems": [why an added hypothesis or row was left out],
         "summary": {"committed", "cells", "revised", "ranked first" (labels, once anything is committed)}}

    A format-1 answer (``{"matrix": {hypothesis: {row: rating}}}``) is read as one attempt per
    rated cell with an empty reason (contract 4); a committed item of the same cell wins.
    """
    own_h, problems_h = own_hypotheses(answers)
    own_r, problems_r = own_rows(answers)
    columns, rows = model_columns(data) + own_h, model_rows(data) + own_r
    by_column = {c["id"]: c for c in columns}
    items = answers.get("items", {})
    records = {**_v1_cells(answers), **(items if isinstance(items, Mapping) else {})}
    latest: dict[str, dict[str, str]] = {c["id"]: {} for c in columns}
    first: dict[str, dict[str, str]] = {c["id"]: {} for c in columns}
    feedback: dict[str, dict[str, Any]] = {}
    revised = 0
    hypotheses = {h["id"]: h for h in data["hypotheses"]}
    model_ids = {r["id"] for r in rows if not r["own"]}
    for column in columns:
        for row in rows:
            record = records.get(cell_id(column["id"], row["id"]))
            committed = [a for a in attempts.attempts(record) if a["choice"].get("rating") in RATINGS]
            if not committed:
                continue
            latest[column["id"]][row["id"]] = committed[-1]["choice"]["rating"]
            first[column["id"]][row["id"]] = committed[0]["choice"]["rating"]
            revised += len(committed) > 1
            if column["id"] in hypotheses and row["id"] in model_ids:
                feedback[cell_id(column["id"], row["id"])] = {
                    "rating": latest[column["id"]][row["id"]], "first": first[column["id"]][row["id"]],
                    **_cell_feedback(hypotheses[column["id"]], row["id"], latest[column["id"]][row["id"]], data)}
    credibility = _credibility(rows)
    cells = len(columns) * len(rows)
    rated = sum(len(r) for r in latest.values())
    model_cells = len(hypotheses) * len(model_ids)
    model_complete = model_cells > 0 and len(feedback) == model_cells
    agree = {r["id"]: sum(f["models"].get(r["id"], {}).get("rating") == f["rating"] for f in feedback.values())
             for r in readings(data)}
    first_scores = scores(first)
    student = analyse(latest, credibility)
    summary: dict[str, Any] = {"committed": rated, "cells": cells, "revised": revised}
    if rated:
        summary["ranked first"] = " = ".join(by_column[h]["label"] for h in student["ranking"][0]["hypotheses"])
    return {
        "columns": columns, "rows": rows, "labels": {c["id"]: c["label"] for c in by_column.values()},
        "matrix": latest, "first_matrix": first,
        "student": student,
        "first": {"scores": first_scores, "ranking": ranking(first_scores)},
        "cells": cells, "rated": rated, "revised": revised, "complete": rated == cells,
        "model_complete": model_complete, "feedback": feedback, "agree": agree,
        # the same for every student: remembered where marks are in force (the class report)
        "readings": remember(lambda marks: ("readings", marks.fingerprints(data["hypotheses"])),
                             lambda: model_analyses(data)) if model_complete else [],
        "problems": problems_h + problems_r, "summary": summary,
    }


def _v1_cells(answers: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Item records for the cells of a format-1 ``matrix``, skipping anything malformed."""
    matrix = answers.get("matrix")
    found: dict[str, dict[str, Any]] = {}
    for hyp, row in matrix.items() if isinstance(matrix, Mapping) else ():
        for ev, rating in row.items() if isinstance(hyp, str) and isinstance(row, Mapping) else ():
            if isinstance(ev, str) and rating in RATINGS:
                found[cell_id(hyp, ev)] = {"attempts": [{"choice": {"rating": rating}, "reason": "", "at": ""}]}
    return found


# -- changing the answers (pure: each returns new answers) ----------------------------------------


def commit_cell(answers: Mapping[str, Any], hypothesis: str, row: str, rating: str, reason: str, at: str,
                data: Data) -> tuple[dict[str, Any], list[str]]:
    """Answers with this cell committed, or the unchanged answers and why it cannot be committed."""
    columns = {c["id"]: c for c in model_columns(data) + own_hypotheses(answers)[0]}
    rows = {r["id"]: r for r in model_rows(data) + own_rows(answers)[0]}
    if hypothesis not in columns or row not in rows:
        return dict(answers), ["This cell is not part of your matrix."]
    problems = cell_problems(rating, reason, columns[hypothesis], rows[row])
    if problems:
        return dict(answers), problems
    items = dict(answers.get("items", {}) if isinstance(answers.get("items"), Mapping) else {})
    key = cell_id(hypothesis, row)
    items[key] = attempts.commit(items.get(key), {"rating": rating}, reason if isinstance(reason, str) else "", at)
    return {**answers, "items": items}, []


def _next_id(taken: Sequence[str], letter: str) -> str:
    n = 1
    while f"own-{letter}{n}" in taken:
        n += 1
    return f"own-{letter}{n}"


def add_hypothesis(answers: Mapping[str, Any], label: str, statement: str) -> tuple[dict[str, Any], list[str]]:
    """Answers with one more hypothesis of the student's own (a blend of others is fine)."""
    given = [h for h in answers.get("hypotheses", []) if isinstance(h, Mapping)] \
        if isinstance(answers.get("hypotheses"), list) else []
    name, line = _line(label, MAX_LABEL_CHARS), _line(statement, MAX_LINE_CHARS)
    problems = []
    if not name:
        problems.append(f"Give your hypothesis a short name ({MAX_LABEL_CHARS} characters at most).")
    if not line:
        problems.append(f"State your hypothesis in one line ({MAX_LINE_CHARS} characters at most).")
    if len(own_hypotheses(answers)[0]) >= MAX_OWN_HYPOTHESES:
        problems.append(f"You can add up to {MAX_OWN_HYPOTHESES} hypotheses.")
    if problems:
        return dict(answers), problems
    new = {"id": _next_id([str(h.get("id")) for h in given], "h"), "label": name, "statement": line}
    return {**answers, "hypotheses": [*given, new]}, []


def add_row(answers: Mapping[str, Any], kind: str, text: str) -> tuple[dict[str, Any], list[str]]:
    """Answers with one more row of the student's own: an assumption or evidence that is absent."""
    given = [r for r in answers.get("added", []) if isinstance(r, Mapping)] \
        if isinstance(answers.get("added"), list) else []
    line = _line(text, MAX_LINE_CHARS)
    problems = []
    if kind not in OWN_ROW_KINDS:
        problems.append("Choose what you are adding: an assumption or evidence that is absent.")
    if not line:
        problems.append(f"Describe it in one line ({MAX_LINE_CHARS} characters at most).")
    if len(own_rows(answers)[0]) >= MAX_OWN_ROWS:
        problems.append(f"You can add up to {MAX_OWN_ROWS} items.")
    if problems:
        return dict(answers), problems
    new = {"id": _next_id([str(r.get("id")) for r in given], "i"), "kind": kind, "text": line}
    return {**answers, "added": [*given, new]}, []


def remove_own(answers: Mapping[str, Any], own_id: str) -> dict[str, Any]:
    """Answers without one added hypothesis or row. Its committed cells stay in ``items`` (the record is
    append-only) but no longer count, because the cell is no longer part of the matrix."""
    new = dict(answers)
    for key in ("hypotheses", "added"):
        if isinstance(answers.get(key), list):
            new[key] = [e for e in answers[key] if not (isinstance(e, Mapping) and e.get("id") == own_id)]
    return new
