"""A synthetic class of exports for the class-report tests, built by hand (not by the exporter), so the tests
fix the format the report must read (contract 4) and every expected number follows from the construction.

The class (N_STUDENTS students, all format 2 unless said otherwise):

* everybody grades every evidence item and sorts every claim with the model answer, except CONTENTIOUS
  reliability: even students give the model letter (inside the defensible range), odd students OUTSIDE_LETTER
  (outside it); every grade carries a reason naming the side (INSIDE / OUTSIDE);
* students in REVISERS first graded CONTENTIOUS with OUTSIDE_LETTER, then revised to their final letter;
* GROUP is a group with hostile member names; HOSTILE and FORMULA have hostile names and reasons;
* CHANGED exported on another data edition in which only CHANGED_ITEM (the second evidence item) differs;
* V1 is a format-1 file (plain choices, no reasons);
* VERDICT_ITEM gives the verdict as a committed item ``overall`` (contract 1) rather than as plain fields;
* CONFLICT_OF has a second, different file dated in the future; IDENTICAL_OF's file appears twice.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

from claimlab.exercises.chain import EXERCISES, record_fingerprints
from claimlab.exercises.competing_hypotheses import cell_id, model_analyses, model_cell, model_rows
from claimlab.exercises.counterpoint_duel import main_claims
from claimlab.exercises.verdict import LIKELIHOOD
from claimlab.report.stats import defensible

N_STUDENTS = 30
REVISERS = {0, 1, 2, 3}
GROUP = 4
HOSTILE = 5
FORMULA = 6
CHANGED = 7
V1 = 8
VERDICT_ITEM = 9
CONFLICT_OF = 10
IDENTICAL_OF = 11
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_REASON = "<img src=x onerror=alert(2)> [link](javascript:alert(3)) the agency report is thin"
FORMULA_NAME = '=HYPERLINK("http://evil.example","click")'
GROUP_INFO = {"name": "Team <b>Red</b>", "members": ["Ann <i>Smith</i>", "@SUM(A1:A9)", "Bo Li"]}
OTHER_EDITION = "0123456789ab"
START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)
WORDS = ("critics", "argue", "moscow", "pursues", "narrow", "interests", "rather", "than", "any", "shared",
         "ideology", "which", "weakens", "the", "claim", "considerably", "observers", "doubt", "motives")


def student_name(i: int) -> str:
    return {HOSTILE: HOSTILE_NAME, FORMULA: FORMULA_NAME}.get(i, f"student-{i:02d}")


def outside_letter(evidence: dict[str, Any]) -> str:
    """A reliability letter outside the model's defensible range for this evidence item."""
    model = str(evidence["grading"]["reliability"])
    inside = defensible(evidence, "reliability", model)
    return next(letter for letter in "AEBDCF" if letter not in inside)


def contentious(data: dict[str, Any]) -> dict[str, Any]:
    return data["evidence"][0]


def changed_item(data: dict[str, Any]) -> dict[str, Any]:
    return data["evidence"][1]


def _at(minutes: int) -> str:
    return (START + dt.timedelta(minutes=minutes)).isoformat()


def record(*attempts: tuple[dict[str, Any], str]) -> dict[str, Any]:
    """An item record (contract 1) with these (choice, reason) attempts, oldest first."""
    return {"attempts": [{"choice": c, "reason": r, "at": _at(k)} for k, (c, r) in enumerate(attempts)]}


def model_rating(hypothesis: dict[str, Any], row: str, data: dict[str, Any]) -> str:
    """The first model reading's rating of one cell."""
    return model_cell(hypothesis, row, model_analyses(data)[0]["id"])["rating"]


def _steelman(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(7, 12))).capitalize() + "."


def verdict_fields(rng: random.Random) -> dict[str, Any]:
    term = rng.choice(list(LIKELIHOOD))
    low, high = LIKELIHOOD[term]
    confidence = rng.choice(["low", "moderate", "high"])
    return {"likelihood": term, "probability": rng.randint(low, high), "confidence": confidence,
            "statement": f"It is {term} that Russia partners with such groups. "
                         f"We have {confidence} confidence in this judgement.",
            "indicators": ["Russia lists Hamas as terrorist", "Russia withdraws its recognition"]}


def answers_v2(i: int, data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Format-2 answers of student ``i`` (items with attempts and reasons)."""
    grades = {}
    for ev in data["evidence"]:
        model = ev["grading"]
        choice = {"reliability": model["reliability"], "credibility": model["credibility"]}
        reason = f"INSIDE reason of {student_name(i)}: the publisher is named and dated"
        if ev is contentious(data):
            if i % 2:
                choice = {**choice, "reliability": outside_letter(ev)}
                reason = (HOSTILE_REASON if i == HOSTILE else
                          f"OUTSIDE reason of {student_name(i)}: the outlet has a poor record")
            if i in REVISERS:
                first = {**choice, "reliability": outside_letter(ev)}
                grades[ev["id"]] = record((first, "first look at the outlet record"), (choice, reason))
                continue
        grades[ev["id"]] = record((choice, reason))
    sorting = {c["id"]: record(({"kind": c["kind"], "status": c["status"]}, "the claim is dated and sourced"))
               for c in data["claims"]}
    duel = {}
    for claim in main_claims(data["claims"]):
        duel[claim["id"]] = {**record(({"pick": claim["strongest_counterpoint"]}, "it answers the claim directly")),
                             "steelman": _steelman(rng)}
    defs = data["definitions"]
    return {
        "grade-sources": {"items": grades},
        "sort-claims": {"items": sorting},
        "counterpoint-duel": {"items": duel},
        "define-terms": {"partner": defs["partner"][0]["id"], "lists": [entry["id"] for entry in defs["lists"]],
                         "rule": "any", "recognition": defs["recognition"][0]["id"], "period": "current"},
        "competing-hypotheses": {"items": {
            cell_id(h["id"], row["id"]): record(({"rating": model_rating(h, row["id"], data)},
                                                 f"the {row['id']} item fits {h['label']}"))
            for h in data["hypotheses"] for row in model_rows(data)}},
        "verdict": verdict_fields(rng),
    }


def doc_v2(student: str, answers: dict[str, Any], data: dict[str, Any], at: dt.datetime = START,
           group: dict[str, Any] | None = None, edition: str | None = None,
           fingerprints: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"format": "claimlab-answers", "format_version": 2, "data_edition": edition or data["edition"],
            "student": student, "group": group, "exported_at": at.isoformat(), "finished": [],
            "exercises": {e.id: {"title": e.title, "answers": answers[e.id]} for e in EXERCISES if e.id in answers},
            "fingerprints": fingerprints if fingerprints is not None else record_fingerprints(data)}


def to_v1(answers: dict[str, Any]) -> dict[str, Any]:
    """The same answers in format 1: each item's latest choice as plain fields, no attempts, no reasons;
    the ACH cells as a plain matrix."""
    flat = copy.deepcopy(answers)
    for exercise in ("grade-sources", "sort-claims", "counterpoint-duel"):
        for item, rec in flat[exercise]["items"].items():
            flat[exercise]["items"][item] = {**{k: v for k, v in rec.items() if k != "attempts"},
                                             **rec["attempts"][-1]["choice"]}
    matrix: dict[str, dict[str, str]] = {}
    for cell, rec in flat["competing-hypotheses"]["items"].items():
        hypothesis, row = cell.split("|")
        matrix.setdefault(hypothesis, {})[row] = rec["attempts"][-1]["choice"]["rating"]
    flat["competing-hypotheses"] = {"matrix": matrix}
    return flat


def write(path: Path, doc: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def build_class(folder: Path, data: dict[str, Any]) -> dict[str, Path]:
    """Write the class into ``folder``; returns each student's main file."""
    rng = random.Random(20261130)
    paths = {}
    for i in range(N_STUDENTS):
        answers = answers_v2(i, data, rng)
        name = student_name(i)
        if i == V1:
            doc = {**doc_v2(name, to_v1(answers), data), "format_version": 1}
            del doc["fingerprints"], doc["group"]
        elif i == CHANGED:
            prints = copy.deepcopy(record_fingerprints(data))
            prints["evidence"][changed_item(data)["id"]] = "000000000000"
            doc = doc_v2(name, answers, data, edition=OTHER_EDITION, fingerprints=prints)
        elif i == VERDICT_ITEM:
            fields = answers["verdict"]
            answers["verdict"] = {"items": {"overall": record((fields, "VERDICT-REASON the recognition was formal"))}}
            doc = doc_v2(name, answers, data)
        else:
            doc = doc_v2(name, answers, data, group=GROUP_INFO if i == GROUP else None,
                         at=START + dt.timedelta(minutes=i))
        paths[i] = write(folder / ("b" if i % 2 else "a") / f"claimlab-answers-{i:02d}.json", doc)
    future = doc_v2(student_name(CONFLICT_OF), answers_v2(CONFLICT_OF, data, rng), data,
                    at=START + dt.timedelta(days=400))
    write(folder / "late" / f"claimlab-answers-{CONFLICT_OF:02d}.json", future)
    copy_path = folder / "copies" / f"claimlab-answers-{IDENTICAL_OF:02d}.json"
    copy_path.parent.mkdir()
    copy_path.write_bytes(paths[IDENTICAL_OF].read_bytes())
    return paths
