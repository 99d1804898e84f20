"""Export a student's (or group's) answers for the instructor: a versioned JSON file and a readable Markdown file.

The autosave file is the working copy; the export is what students hand in. It carries the raw
answers (every judged item with all its attempts: the first, made before any feedback, and the
revisions), the computed results where the edition ships model answers, progress, and the
fingerprint of every data record judged, so the class report can re-mark the answers against
the full data and flag only the items whose data changed since.

JSON format ``claimlab-answers``, ``format_version`` 2 (contract 4)::

    {"format": "claimlab-answers", "format_version": 2, "data_edition": "<hash>",
     "student": "<slug of the person or group>",
     "group": null | {"name": "Table 3", "members": ["Ann Smith", "Ben Lee"]},
     "exported_at": "<UTC ISO time>", "finished": ["<exercise id>", ...],
     "exercises": {"<exercise id>": {"title": "...",
                                     "answers": {"items": {"<item id>": {"attempts": [...], ...}}, ...},
                                     "results": {...},
                                     "progress": {"done", "required", "total", "finished"}}},
     "fingerprints": {"evidence": {"<id>": "<12 hex>"}, "claims": {...}, "counterpoints": {...},
                      "hypotheses": {...}}}

``results`` is left out when the data ship without model answers (an assessed edition, marked
by a truthy ``data["assessed"]``): the report marks those submissions against the full data.
Item records are contract 1 (:mod:`claimlab.exercises.attempts`); exercise ids and answer shapes
are documented in :mod:`claimlab.exercises.chain`; ``fingerprints`` come from
:func:`claimlab.exercises.chain.record_fingerprints`. Format 1 (no ``group``, ``fingerprints`` or
attempts) is read by the report through :func:`claimlab.exercises.store.upgrade_v1`.

The Markdown file shows, for each exercise, every judged item's first and latest attempt
(choice and reason), the other answers and a summary of the results. Everything a student
wrote passes through :func:`md_text`, so a hand-in cannot carry HTML, remote images or links,
or broken tables into whatever the instructor opens it with.
Both files are written atomically next to the autosave file, replacing any earlier export.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import attempts as attempt_log
from .chain import EXERCISES, Data, evaluate_all, record_fingerprints
from .store import AnswerStore, atomic_write_text, upgrade_v1

FORMAT = "claimlab-answers"
FORMAT_VERSION = 2
#: A cell or line of student text in the Markdown is cut here (the JSON keeps everything).
MAX_MD_CHARS = 1000

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
_BLOCK_START = re.compile(r"^(\d+(?=[.)])|)([#+=:.)-])")


def md_text(value: Any, limit: int = MAX_MD_CHARS) -> str:
    """Untrusted text as one line of literal Markdown text.

    Line breaks and other control or invisible formatting characters become spaces (so no heading,
    fence, HTML block or table row can start); ``& < >`` become entities (so no HTML tag or
    autolink forms); Markdown punctuation is backslash-escaped (so no emphasis, code, link or image
    ``![](…)``, table cell break ``|``, or MyST role forms); a leading block marker is escaped too.
    Text longer than ``limit`` characters is cut with "…".
    """
    text = "" if value is None else str(value)
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _BLOCK_START.sub(r"\1\\\2", text)


def build_export(all_answers: Mapping[str, Mapping[str, Any]], data: Data, student: str,
                 exported_at: dt.datetime, group: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The export document (see the module docstring) for one student's or group's answers."""
    evaluated = evaluate_all(all_answers, data)
    assessed = bool(data.get("assessed"))
    exercises = {}
    for exercise in EXERCISES:
        part = {"title": exercise.title, "answers": copy.deepcopy(dict(all_answers.get(exercise.id, {})))}
        if not assessed:
            part["results"] = evaluated[exercise.id]["results"]
        part["progress"] = evaluated[exercise.id]["progress"]
        exercises[exercise.id] = part
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "data_edition": data["edition"],
        "student": student,
        "group": {"name": group["name"], "members": list(group["members"])} if group else None,
        "exported_at": exported_at.isoformat(timespec="seconds"),
        "finished": [e.id for e in EXERCISES if evaluated[e.id]["progress"]["finished"]],
        "exercises": exercises,
        "fingerprints": record_fingerprints(data),
    }


# -- Markdown ----------------------------------------------------------------------------------


def _plain(value: Any) -> str:
    """A stored value as plain words: ``{"reliability": "B", "credibility": 2}`` -> ``reliability B, credibility 2``."""
    if isinstance(value, Mapping):
        return ", ".join(f"{k} ({_plain(v)})" if isinstance(v, Mapping) else f"{k} {_plain(v)}"
                         for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value)
    return str(value)


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table; cells must already be escaped with :func:`md_text`."""
    return ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)] + [
        "| " + " | ".join(row) + " |" for row in rows]


def _attempt_cells(attempt: Mapping[str, Any] | None) -> list[str]:
    if attempt is None:
        return ["", ""]
    return [md_text(_plain(attempt["choice"])), md_text(attempt["reason"]) or "_(no reason recorded)_"]


def _items_section(items: Mapping[str, Any]) -> list[str]:
    """First and latest attempt of every committed item; drafts are only counted."""
    rows, drafts = [], []
    for item_id, record in items.items():
        found = attempt_log.attempts(record)
        if not found:
            drafts.append(md_text(item_id, 80))
            continue
        later = _attempt_cells(found[-1]) if len(found) > 1 else ["_(unchanged)_", ""]
        rows.append([md_text(item_id, 80), *_attempt_cells(found[0]), *later, str(len(found) - 1)])
    lines = _table(["Item", "First attempt", "Its reason", "Latest attempt", "Its reason", "Revisions"], rows) \
        if rows else ["_No item committed yet._"]
    if drafts:
        lines += ["", f"Started but not committed: {', '.join(drafts)}."]
    return lines


def _other_answers(answers: Mapping[str, Any]) -> list[str]:
    return [f"- {md_text(key, 80)}: {md_text(_plain(value))}" for key, value in answers.items() if key != "items"]


def _results_line(results: Any) -> list[str]:
    """A one-line summary from the documented parts of a result (tolerant of any other shape)."""
    if not isinstance(results, Mapping):
        return []
    lines = []
    summary = results.get("summary")
    if isinstance(summary, Mapping):
        scalars = [f"{str(k).replace('_', ' ')} {v}" for k, v in summary.items() if isinstance(v, (str, int, float))]
        if scalars:
            lines.append("Results: " + md_text(", ".join(scalars)) + ".")
    if isinstance(results.get("ok"), bool):
        problems = [p for p in results.get("problems", []) if isinstance(p, str)]
        lines.append("Checks passed." if results["ok"] else "Still to fix: " + md_text(" ".join(problems)))
    return lines


def _progress_words(progress: Any) -> str:
    if not isinstance(progress, Mapping):
        return "not started"
    if progress.get("finished"):
        return "finished"
    return f"{progress.get('done', 0)} of {progress.get('required', '?')} needed"


def export_markdown(doc: Mapping[str, Any]) -> str:
    """A readable, escaped summary of an export document (format 1 or 2)."""
    group = doc.get("group")
    who = group["name"] if group else doc["student"]
    lines = [f"# Answers of {md_text(who, 120)}", ""]
    if group:
        lines.append(f"- Group members: {', '.join(md_text(m, 120) for m in group['members'])}")
    lines += [f"- File name: {md_text(doc['student'], 120)}",
              f"- Data edition: {md_text(doc['data_edition'], 80)}",
              f"- Exported: {md_text(doc['exported_at'], 80)}",
              f"- Finished: {len(doc['finished'])} of {len(EXERCISES)} exercises", ""]
    upgraded = upgrade_v1({e: p["answers"] for e, p in doc["exercises"].items()}, doc["exported_at"])
    for exercise in EXERCISES:
        part = doc["exercises"].get(exercise.id, {})
        answers = upgraded.get(exercise.id, {})
        lines += [f"## {exercise.title} ({_progress_words(part.get('progress'))})", ""]
        if not answers:
            lines += ["_Nothing answered yet._", ""]
            continue
        if isinstance(answers.get("items"), Mapping) and answers["items"]:
            lines += [*_items_section(answers["items"]), ""]
        if other := _other_answers(answers):
            lines += [*other, ""]
        if results := _results_line(part.get("results")):
            lines += [*results, ""]
    return "\n".join(lines)


def write_export(store: AnswerStore, data: Data, exported_at: dt.datetime | None = None) -> tuple[Path, Path]:
    """Write ``claimlab-answers-<student or group>.json`` and ``.md`` next to the autosave file."""
    if store.student is None:
        raise ValueError("type your name first, so the export says whose answers these are")
    doc = build_export(store.answers(), data, store.student, exported_at or store.clock(), store.group)
    base = store.directory / f"claimlab-answers-{store.student}"
    json_path, md_path = base.with_suffix(".json"), base.with_suffix(".md")
    atomic_write_text(json_path, json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    atomic_write_text(md_path, export_markdown(doc))
    return json_path, md_path
