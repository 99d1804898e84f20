"""The six exercises as one chain: their ids, what each stores, and when each is finished.

The widgets, the export and the essay outline all need "the results so far" from
stored answers; computing them in one place keeps the three in agreement. Inputs
are plain dicts and lists (the ``data`` mapping below), so this runs unchanged in
a browser-side Python kernel that gets the data as JSON.

``data`` keys: chapters, claims, evidence, counterpoints, hypotheses, actors, relations
(lists of records as in data/*.yml), readings and matrix_rows (the model readings and rows
of data/hypotheses.yml), definitions (data/definitions.yml), sources (BibTeX key -> fields)
and edition.

Stored answers per exercise:

* grade-sources: ``{"items": {evidence id: {"reliability": "B", "credibility": 2}}}``
* sort-claims: ``{"items": {claim id: {"kind": "fact", "status": "holds"}}}``
* counterpoint-duel: ``{"items": {claim id: {"pick": counterpoint id, "steelman": "…"}}}``
* define-terms: ``{"partner", "lists", "rule", "recognition", "period"}`` (see definitions.py)
* competing-hypotheses: ``{"hypotheses": [{"id": "own-h1", "label", "statement"}], "added": [{"id": "own-i1",
  "kind": "assumption"|"absent", "text"}], "items": {"<hypothesis id>|<evidence or added id>": item record}}``,
  each item record as in attempts.py with choice ``{"rating": "CC"|"C"|"N"|"I"|"II"}`` (results: see
  competing_hypotheses.competing_hypotheses)
* verdict: ``{"likelihood", "probability", "confidence", "statement", "indicators": [...]}``

Items that no longer exist in the data (a new edition) are ignored, not errors.
"""
from __future__ import annotations

import hashlib
import json

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .competing_hypotheses import competing_hypotheses
from .claim_sorting import sort_claims, sorting_summary
from .counterpoint_duel import check_pick, check_steelman, main_claims
from .definitions import CHOICES, define_terms, missing_choices
from .estimative import check_verdict
from .source_grading import grade_sources, grading_summary

#: A student has finished grading sources after this many items (or all, if fewer exist).
REQUIRED_GRADED = 10
#: … and sorting claims after this many.
REQUIRED_SORTED = 15

Data = Mapping[str, Any]
Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str


EXERCISES: tuple[Exercise, ...] = (
    Exercise("grade-sources", "Grade the sources"),
    Exercise("sort-claims", "Sort the claims"),
    Exercise("counterpoint-duel", "Counterpoint duel"),
    Exercise("define-terms", "Define the terms"),
    Exercise("competing-hypotheses", "Competing hypotheses"),
    Exercise("verdict", "The verdict"),
)
TITLES = {e.id: e.title for e in EXERCISES}


def plain_data(dataset: Any) -> dict[str, Any]:
    """The exercise data from a :class:`claimlab.data.Dataset` (or anything shaped like one)."""
    return {
        "chapters": dataset.chapters, "claims": dataset.claims, "evidence": dataset.evidence,
        "counterpoints": dataset.counterpoints, "hypotheses": dataset.hypotheses, "actors": dataset.actors,
        "relations": dataset.relations,
        "definitions": dataset.extra.get("definitions", {}), "sources": dataset.sources,
        "readings": dataset.readings, "matrix_rows": dataset.matrix_rows,
        "edition": dataset.edition,
    }


#: The data collections whose records students judge, item by item.
JUDGED_COLLECTIONS = ("evidence", "claims", "counterpoints", "hypotheses")


def fingerprint(record: Mapping[str, Any]) -> str:
    """A short, stable hash of one data record, so a report can tell which items changed between data
    editions instead of setting aside every answer made on an older edition."""
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def record_fingerprints(data: Data) -> dict[str, dict[str, str]]:
    """``{collection: {record id: fingerprint}}`` for every judged collection (export format v2)."""
    return {name: {r["id"]: fingerprint(r) for r in data.get(name, [])} for name in JUDGED_COLLECTIONS}


def _progress(done: int, required: int, total: int | None = None) -> dict[str, Any]:
    return {"done": done, "required": required, "total": required if total is None else total,
            "finished": done >= required}


def _by_id(records: list[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {r["id"]: r for r in records}


def _mark_items(mark: Callable[..., dict[str, Any]], records: Mapping[str, Mapping[str, Any]],
                answers: Answers, fields: tuple[str, ...]) -> dict[str, Any]:
    """Mark every complete item answer whose record still exists. An answer the marker refuses
    (a value edited by hand, say) is left out like an unanswered one rather than stopping the chain."""
    marked = {}
    for item_id, answer in answers.get("items", {}).items():
        if item_id in records and all(answer.get(f) for f in fields):
            try:
                marked[item_id] = mark(records[item_id], *(answer[f] for f in fields))
            except ValueError:
                continue
    return marked


def _item_exercise(records: list[Mapping[str, Any]], mark: Callable[..., dict[str, Any]],
                   summarise: Callable[[Any], dict[str, Any]], fields: tuple[str, ...], required: int,
                   answers: Answers) -> dict[str, Any]:
    """Results and progress of an exercise that marks one record at a time (grading, sorting)."""
    by_id = _by_id(records)
    items = _mark_items(mark, by_id, answers, fields)
    return {"results": {"items": items, "summary": summarise(items.values())},
            "progress": _progress(len(items), min(required, len(by_id)), len(by_id))}


def _grade_sources(answers: Answers, data: Data) -> dict[str, Any]:
    return _item_exercise(data["evidence"], grade_sources, grading_summary, ("reliability", "credibility"),
                          REQUIRED_GRADED, answers)


def _sort_claims(answers: Answers, data: Data) -> dict[str, Any]:
    return _item_exercise(data["claims"], sort_claims, sorting_summary, ("kind", "status"), REQUIRED_SORTED, answers)


def _counterpoint_duel(answers: Answers, data: Data) -> dict[str, Any]:
    counterpoints = _by_id(data["counterpoints"])
    items: dict[str, Any] = {}
    done = 0
    mains = main_claims(data["claims"])
    for claim in mains:
        answer = answers.get("items", {}).get(claim["id"], {})
        pick = answer.get("pick")
        if pick not in counterpoints:
            continue
        steelman = check_steelman(answer.get("steelman", ""), counterpoints[pick]["text"])
        items[claim["id"]] = {"pick": check_pick(claim, pick, data["counterpoints"]), "steelman": steelman}
        done += steelman["ok"]
    correct = sum(item["pick"]["correct"] for item in items.values())
    return {"results": {"items": items, "summary": {"picked": len(items), "correct": correct, "steelmen_ok": done}},
            "progress": _progress(done, len(mains))}


def _define_terms(answers: Answers, data: Data) -> dict[str, Any]:
    missing = missing_choices(answers, data["definitions"])
    progress = _progress(len(CHOICES) - len(missing), len(CHOICES))
    if missing:
        return {"results": {"missing": missing}, "progress": progress}
    return {"results": define_terms(answers, data["actors"], data["relations"], data["definitions"]),
            "progress": progress}


def _competing_hypotheses(answers: Answers, data: Data) -> dict[str, Any]:
    result = competing_hypotheses(answers, data)
    return {"results": result, "progress": _progress(result["rated"], result["cells"])}


def _verdict(answers: Answers, data: Data) -> dict[str, Any]:
    result = check_verdict(answers)
    return {"results": result, "progress": _progress(int(result["ok"]), 1)}


EVALUATORS: dict[str, Callable[[Answers, Data], dict[str, Any]]] = {
    "grade-sources": _grade_sources,
    "sort-claims": _sort_claims,
    "counterpoint-duel": _counterpoint_duel,
    "define-terms": _define_terms,
    "competing-hypotheses": _competing_hypotheses,
    "verdict": _verdict,
}


def evaluate(exercise: str, answers: Answers, data: Data) -> dict[str, Any]:
    """``{"results", "progress": {"done", "required", "total", "finished"}}`` for one exercise's answers."""
    return EVALUATORS[exercise](answers, data)


def evaluate_all(all_answers: Mapping[str, Answers], data: Data) -> dict[str, dict[str, Any]]:
    """:func:`evaluate` for every exercise in the chain, answered or not."""
    return {e.id: evaluate(e.id, all_answers.get(e.id, {}), data) for e in EXERCISES}
