"""Export a student's answers for the instructor: a versioned JSON file and a readable Markdown file.

The autosave file is the student's working copy; the export is what they hand in.
It carries the computed results and a "finished" list so instructor tools need not
re-implement the marking, and it names the data edition so results can be compared
only with others made on the same data.

JSON format ``claimlab-answers``, ``format_version`` 1::

    {"format": "claimlab-answers", "format_version": 1, "data_edition": "<hash>",
     "student": "<slug>", "exported_at": "<UTC ISO time>",
     "finished": ["<exercise id>", ...],
     "exercises": {"<exercise id>": {"title": "...", "answers": {...}, "results": {...},
                                     "progress": {"done", "required", "total", "finished"}}}}

Exercise ids, answer shapes and results are documented in :mod:`claimlab.exercises.chain`.
Both files are written atomically next to the autosave file, replacing any earlier export.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .chain import EXERCISES, Data, evaluate_all
from .citations import plain_text
from .definitions import RULES
from .outline import essay_outline
from .store import AnswerStore, atomic_write_text

FORMAT = "claimlab-answers"
FORMAT_VERSION = 1


def build_export(all_answers: Mapping[str, Mapping[str, Any]], data: Data, student: str,
                 exported_at: dt.datetime) -> dict[str, Any]:
    """The export document (see the module docstring) for one student's answers."""
    evaluated = evaluate_all(all_answers, data)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "data_edition": data["edition"],
        "student": student,
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "finished": [e.id for e in EXERCISES if evaluated[e.id]["progress"]["finished"]],
        "exercises": {e.id: {"title": e.title, "answers": dict(all_answers.get(e.id, {})), **evaluated[e.id]}
                      for e in EXERCISES},
    }


def _cell(text: Any) -> str:
    """Table-safe Markdown: no line breaks, no column separators."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    if not rows:
        return ["_Nothing answered yet._"]
    return ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)] + [
        "| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]


def _section(exercise_id: str, doc: Mapping[str, Any], data: Data) -> list[str]:
    part = doc["exercises"][exercise_id]
    results, sources = part["results"], data["sources"]
    if exercise_id == "grade-sources":
        return _table(["Evidence", "Your grade", "Model grade", "Marks"], [
            [ev, f"{r['reliability']['answer']}{r['credibility']['answer']}",
             f"{r['reliability']['model']}{r['credibility']['model']}", f"{r['points']}/{r['max_points']}"]
            for ev, r in results["items"].items()])
    if exercise_id == "sort-claims":
        return _table(["Claim", "Your kind", "Model kind", "Your status", "Model status"], [
            [cid, r["kind"]["answer"], r["kind"]["model"], r["status"]["answer"], r["status"]["model"]]
            for cid, r in results["items"].items()])
    if exercise_id == "counterpoint-duel":
        return _table(["Claim", "Your pick", "Model pick", "Steelman", "Steelman check"], [
            [cid, r["pick"]["pick"], r["pick"]["model"], part["answers"]["items"][cid].get("steelman", ""),
             "ok" if r["steelman"]["ok"] else " ".join(r["steelman"]["problems"])]
            for cid, r in results["items"].items()])
    if exercise_id == "define-terms":
        if "missing" in results:
            return [f"Still to choose: {', '.join(results['missing'])}."]
        chosen = results["choices"]
        return [f"Partner: {chosen['partner']}; lists: {', '.join(chosen['lists'])} ({RULES[chosen['rule']]}); "
                f"recognition: {chosen['recognition']}; period: {chosen['period']}.", ""] + _table(
            ["Case", "Meets the claim", "Why"],
            [[c["name"], "yes" if c["meets"] else "no", plain_text(c["why"], sources)] for c in results["cases"]])
    if exercise_id == "competing-hypotheses":
        mine, model = results["student"], results["model"]
        lines = [f"Rated {results['rated']} of {results['cells']} cells; {results['agree']} agree with the model."]
        lines += ["", *_table(["Hypothesis", "Your score", "Weighted", "Model score"], [
            [h, mine["scores"].get(h, 0), mine["weighted_scores"].get(h, 0), s] for h, s in model["scores"].items()])]
        lines += ["", f"Non-diagnostic in your matrix: {', '.join(mine['non_diagnostic']) or 'none'}.",
                  f"Ranking changes if one item is dropped: "
                  f"{', '.join(c['evidence'] for c in mine['sensitivity']['changes']) or 'no'}."]
        return lines
    return [("Checks passed." if results["ok"] else "Still to fix: " + " ".join(results["problems"]))]


def export_markdown(doc: Mapping[str, Any], all_answers: Mapping[str, Mapping[str, Any]], data: Data) -> str:
    """A readable summary of the export document, ending with the essay outline."""
    lines = [f"# Answers of {doc['student']}", "",
             f"- Data edition: {doc['data_edition']}",
             f"- Exported: {doc['exported_at']}",
             f"- Finished: {len(doc['finished'])} of {len(EXERCISES)} exercises", ""]
    for exercise in EXERCISES:
        progress = doc["exercises"][exercise.id]["progress"]
        state = "finished" if progress["finished"] else f"{progress['done']} of {progress['required']} needed"
        lines += [f"## {exercise.title} ({state})", "", *_section(exercise.id, doc, data), ""]
    lines += ["## Essay outline", "", essay_outline(all_answers, data, evaluated=doc["exercises"], level=3)]
    return "\n".join(lines)


def write_export(store: AnswerStore, data: Data, exported_at: dt.datetime | None = None) -> tuple[Path, Path]:
    """Write ``claimlab-answers-<student>.json`` and ``.md`` next to the autosave file."""
    if store.student is None:
        raise ValueError("type your name first, so the export says whose answers these are")
    all_answers = store.answers()
    doc = build_export(all_answers, data, store.student, exported_at or store.clock())
    base = store.directory / f"claimlab-answers-{store.student}"
    json_path, md_path = base.with_suffix(".json"), base.with_suffix(".md")
    atomic_write_text(json_path, json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    atomic_write_text(md_path, export_markdown(doc, all_answers, data))
    return json_path, md_path
