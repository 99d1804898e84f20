"""Exercise e: Analysis of Competing Hypotheses (Heuer, *Psychology of Intelligence Analysis*, ch. 8).

ACH asks which explanation the evidence *contradicts least*, not which it seems
to support most: consistent evidence is usually consistent with several
hypotheses and proves little. So only inconsistency is counted (I = 1, II = 2;
CC, C and N = 0) and the hypothesis with the lowest score ranks first. Ties are
reported as ties, because picking a winner among equals is exactly the bias ACH
is meant to prevent.

Two further checks follow Heuer's later steps: evidence rated the same for every
hypothesis is *non-diagnostic* (it cannot tell them apart), and a *sensitivity*
check drops each item in turn to see whether the ranking hangs on one piece of
evidence, which should then be re-examined first.

Weighted variant (optional, shown next to the plain score): each inconsistency
point is multiplied by a weight taken from the model credibility grading of that
evidence item (evidence.yml), so doubtful reports count for less:
credibility 1 -> 1, 2 -> 3/4, 3 -> 1/2, 4 -> 1/4, 5 -> 0, and 6 ("cannot be
judged") -> 1/2, the same as "possibly true", because unknown is not improbable.
The arithmetic uses exact fractions; results are rounded to 3 decimals only for display.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

RATINGS: dict[str, str] = {
    "CC": "very consistent",
    "C": "consistent",
    "N": "neutral or not applicable",
    "I": "inconsistent",
    "II": "very inconsistent",
}
INCONSISTENCY: dict[str, int] = {"CC": 0, "C": 0, "N": 0, "I": 1, "II": 2}
CREDIBILITY_WEIGHT: dict[int, Fraction] = {
    1: Fraction(1), 2: Fraction(3, 4), 3: Fraction(1, 2), 4: Fraction(1, 4), 5: Fraction(0), 6: Fraction(1, 2),
}
Matrix = Mapping[str, Mapping[str, str]]  # hypothesis id -> evidence id -> rating


def model_matrix(hypotheses: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, str]]:
    """The model answer's matrix from hypotheses.yml records."""
    return {h["id"]: dict(h["ratings"]) for h in hypotheses}


def _check(matrix: Matrix) -> None:
    for hyp, row in matrix.items():
        for ev, rating in row.items():
            if rating not in RATINGS:
                raise ValueError(f"rating for {hyp}/{ev} must be one of {', '.join(RATINGS)} (got {rating!r})")


def scores(matrix: Matrix, drop: str | None = None) -> dict[str, int]:
    """Inconsistency score per hypothesis (I = 1, II = 2), optionally ignoring one evidence item."""
    _check(matrix)
    return {hyp: sum(INCONSISTENCY[r] for ev, r in row.items() if ev != drop) for hyp, row in matrix.items()}


def weighted_scores(matrix: Matrix, credibility: Mapping[str, int]) -> dict[str, Fraction]:
    """Inconsistency weighted by the evidence's credibility grade (see the module docstring)."""
    _check(matrix)
    return {hyp: sum((INCONSISTENCY[r] * CREDIBILITY_WEIGHT[credibility.get(ev, 6)] for ev, r in row.items()),
                     Fraction(0))
            for hyp, row in matrix.items()}


def ranking(score_of: Mapping[str, int | Fraction]) -> list[dict[str, Any]]:
    """Groups of hypotheses, least inconsistent first; equal scores share a rank (1, 1, 3 …)."""
    groups: list[dict[str, Any]] = []
    for hyp in sorted(score_of, key=lambda h: score_of[h]):  # stable: ties keep the data order
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


def non_diagnostic(matrix: Matrix) -> list[str]:
    """Evidence rated the same for every hypothesis: it cannot help choose between them."""
    rows = list(matrix.values())
    if len(rows) < 2:
        return []
    items = [ev for ev in rows[0] if all(ev in row for row in rows)]
    return [ev for ev in items if len({row[ev] for row in rows}) == 1]


def sensitivity(matrix: Matrix) -> dict[str, Any]:
    """Does dropping any single evidence item change the ranking (including making or breaking a tie)?"""
    base = _order(ranking(scores(matrix)))
    evidence = list(dict.fromkeys(ev for row in matrix.values() for ev in row))
    changes = []
    for ev in evidence:
        order = _order(ranking(scores(matrix, drop=ev)))
        if order != base:
            changes.append({"evidence": ev, "ranking": order})
    return {"stable": not changes, "ranking": base, "changes": changes}


def _fmt(value: Fraction) -> float:
    return round(float(value), 3)


def analyse(matrix: Matrix, credibility: Mapping[str, int]) -> dict[str, Any]:
    """Scores, rankings, non-diagnostic items and sensitivity of one matrix."""
    weighted = weighted_scores(matrix, credibility)
    weighted_rank = ranking(weighted)
    for group in weighted_rank:
        group["score"] = _fmt(group["score"])
    return {
        "scores": scores(matrix),
        "ranking": ranking(scores(matrix)),
        "weighted_scores": {h: _fmt(v) for h, v in weighted.items()},
        "weighted_ranking": weighted_rank,
        "non_diagnostic": non_diagnostic(matrix),
        "sensitivity": sensitivity(matrix),
    }


def differences(student: Matrix, model: Matrix, hypotheses: Sequence[Mapping[str, Any]],
                evidence: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every cell where the student's rating differs from the model answer, explained."""
    labels = {h["id"]: h["label"] for h in hypotheses}
    summaries = {e["id"]: e["summary"] for e in evidence}
    scale = list(RATINGS)
    found = []
    for hyp, row in model.items():
        for ev, wanted in row.items():
            given = student.get(hyp, {}).get(ev)
            if given == wanted:
                continue
            item = {"hypothesis": hyp, "label": labels.get(hyp, hyp), "evidence": ev,
                    "summary": summaries.get(ev, ev), "student": given, "model": wanted}
            if given is None:
                item["message"] = (f"Not rated yet. The model answer rates it {wanted} ({RATINGS[wanted]}) "
                                   f"for \"{item['label']}\".")
            else:
                shift = INCONSISTENCY[given] - INCONSISTENCY[wanted]
                steps = abs(scale.index(given) - scale.index(wanted))
                item["message"] = (f"You rated it {given} ({RATINGS[given]}) for \"{item['label']}\"; the model "
                                   f"answer says {wanted} ({RATINGS[wanted]}), {steps} step(s) away on the scale.")
                if shift:
                    item["message"] += f" This moves the hypothesis's inconsistency score by {shift:+d}."
            found.append(item)
    return found


def competing_hypotheses(hypotheses: Sequence[Mapping[str, Any]], student: Matrix,
                         evidence: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Analyse the student's ACH matrix beside the model answer in hypotheses.yml.

    ``student`` maps hypothesis id -> evidence id -> rating; only cells of the model
    matrix are considered, so a half-filled matrix is analysed as far as it goes and
    reported as incomplete. Returns ``{"student", "model"}`` (each from :func:`analyse`),
    ``"differences"``, ``"cells"``, ``"rated"``, ``"agree"`` and ``"complete"``.
    """
    model = model_matrix(hypotheses)
    _check(student)
    mine = {h: {ev: student[h][ev] for ev in row if ev in student.get(h, {})} for h, row in model.items()}
    credibility = {e["id"]: int(e["grading"]["credibility"]) for e in evidence}
    cells = sum(len(row) for row in model.values())
    rated = sum(len(row) for row in mine.values())
    diff = differences(mine, model, hypotheses, evidence)
    return {
        "student": analyse(mine, credibility),
        "model": analyse(model, credibility),
        "differences": diff,
        "cells": cells,
        "rated": rated,
        "agree": cells - len(diff),
        "complete": rated == cells,
    }
