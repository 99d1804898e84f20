"""How long the module takes: reading minutes per chapter, working minutes per exercise, and the session plans.

An instructor fitting the module into a timetable needs numbers, and numbers typed into the guide by
hand go stale as soon as a claim card is added. So reading time is counted from what a student
actually reads (the chapter's text plus the data cards its directives render, solutions left out, as
in the student edition) at a stated speed, exercise time is a stated time per item times the items
the exercise requires (taken from :func:`claimlab.exercises.chain.evaluate`, the one place that says
when an exercise is finished), and the session plans in ``data/session-plans.yml`` are checked
against both by :func:`plan_problems` (and by a test).
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from html import unescape
from pathlib import Path
from typing import Any, Callable

from . import lateral, myst_text, render
from .data import REPO, Dataset
from .edition import strip_solutions
from .exercises.chain import EXERCISES, evaluate, plain_data

#: Reading speed of a first-year student reading an argued text with care (words a minute).
READING_WPM = 200
#: Working minutes per required item, including the one-line reason each judgement asks for.
MINUTES_PER_ITEM: dict[str, float] = {
    "source-analysis": 2,        # find the clue, section or word in the analysis, choose, write a reason
    "grade-sources": 2,          # read the item and its source, choose two grades, write a reason
    "lateral-reading": 6,        # grade, search or read the dossier entry, grade again; the claim update likewise
    "sort-claims": 1.5,          # choose a kind and a status, write a reason
    "counterpoint-duel": 4,      # read three or more counterpoints, rank them, write a steelman
    "define-terms": 4,           # weigh the options, choose, give a reason, look at the cases let through
    "competing-hypotheses": 1,   # one rating with its reason per cell of the matrix
    "verdict": 35,               # the overall verdict: likelihood, confidence and its basis, evidence, indicators
}

_DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z-]+)\}(?P<arg>[^\n]*)$")
_ROLE = re.compile(r"\{[a-z:]+\}`([^`]*)`")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_TAG = re.compile(r"<[^>]+>")
#: Parts of the page that are controls, not reading: a guess form's menu of options, scripts and styles.
_NOT_READ = re.compile(r"<(option|script|style)\b[^>]*>.*?</\1>", re.S | re.I)

#: Data directives as a reader sees them: the text each one puts on the page (MyST or HTML).
RENDERED: dict[str, Callable[[Dataset, str], str]] = {
    "claim-cards": render.claim_cards,
    # the overview table repeats the chapters' claim cards: a reader reads its claims, not every reading again
    "then-and-now": lambda ds, _: " ".join(c["text"] for c in ds.claims),
    "seed-errors": lambda ds, _: render.seed_errors(ds),
    "glossary-table": lambda ds, _: render.glossary(ds),
    "source-grades": lambda ds, _: render.source_grades(ds),
    "self-check": render.self_check,
    "lateral-dossier": lambda ds, _: lateral.dossier(ds),
}


def count_words(text: str) -> int:
    """Words a reader reads in MyST or HTML text: tags, citation roles and markup characters left out."""
    text = _TAG.sub(" ", _NOT_READ.sub(" ", text))
    text = _ROLE.sub(lambda m: "" if "cite" in m.group(0)[:7] else m.group(1), unescape(text))
    return len(_WORD.findall(text))


#: ``{(data edition, page source): words}``: the guide's timing table and each session plan count the
#: same chapters, rendering their data directives each time (about a second of every build that reads the guide).
_COUNTED: dict[tuple[str, str], int] = {}


def page_words(ds: Dataset, source: str) -> int:
    """Words of one page as the student edition shows it: solutions out, data directives rendered."""
    edition = getattr(ds, "edition", None)  # a fingerprint of every data file
    if not isinstance(edition, str):
        return _page_words(ds, source)
    if (edition, source) not in _COUNTED:
        if len(_COUNTED) > 256:
            _COUNTED.clear()
        _COUNTED[(edition, source)] = _page_words(ds, source)
    return _COUNTED[(edition, source)]


def _page_words(ds: Dataset, source: str) -> int:
    total = 0
    for line in strip_solutions(source).splitlines():
        match = _DIRECTIVE.match(line.strip())
        if match and match.group("name") in RENDERED:
            total += count_words(RENDERED[match.group("name")](ds, match.group("arg").strip()))
        elif match or re.match(r"^:[a-z-]+:", line.strip()) or re.match(r"^\([^)]*\)=$", line.strip()):
            continue  # a fence, a directive option or a label: nothing to read
        else:
            total += count_words(line)
    return total


def chapter_minutes(ds: Dataset, root: Path = REPO) -> dict[str, dict[str, int]]:
    """``{chapter id: {"words", "minutes"}}`` for every chapter, at :data:`READING_WPM`."""
    out = {}
    for chapter in ds.chapters:
        words = page_words(ds, (root / f"{chapter['page']}.md").read_text(encoding="utf-8"))
        out[chapter["id"]] = {"words": words, "minutes": math.ceil(words / READING_WPM)}
    return out


def exercise_minutes(ds: Dataset) -> dict[str, dict[str, float]]:
    """``{exercise id: {"items", "per_item", "minutes"}}``: required items times the time per item."""
    data = plain_data(ds)
    out = {}
    for exercise in EXERCISES:
        required = evaluate(exercise.id, {}, data)["progress"]["required"]
        per = MINUTES_PER_ITEM[exercise.id]
        out[exercise.id] = {"items": required, "per_item": per, "minutes": math.ceil(required * per)}
    return out


def activity_needs(activity: Mapping[str, Any], chapters: Mapping[str, Mapping[str, int]],
                   exercises: Mapping[str, Mapping[str, float]]) -> int:
    """Minutes an activity needs: the chapters it reads in full plus the exercise items it works through."""
    need = sum(chapters[c]["minutes"] for c in activity.get("read", []))
    if "exercise" in activity:
        ex = exercises[activity["exercise"]]
        items = activity.get("items", ex["items"])
        need += math.ceil(items * ex["per_item"])
    return need


def plan_problems(plan: Mapping[str, Any], chapters: Mapping[str, Mapping[str, int]],
                  exercises: Mapping[str, Mapping[str, float]]) -> list[str]:
    """Where a plan does not fit its stated time, one sentence each (empty when it fits).

    A class session's activities fill its minutes exactly (it is a timetable); independent work
    fits within its stated minutes; every activity has at least the minutes its reading and
    exercise items need.
    """
    problems = []
    for block in plan["blocks"]:
        for a in block["activities"]:
            unknown = [c for c in (*a.get("read", []), *a.get("pages", [])) if c not in chapters]
            unknown += [a["exercise"]] if a.get("exercise") not in (None, *exercises) else []
            if unknown:
                return [f"{plan['id']}: {block['label']}: unknown chapter or exercise id (got {', '.join(unknown)})"]
        used = sum(a["minutes"] for a in block["activities"])
        if block["kind"] == "session" and used != block["minutes"]:
            problems.append(f"{plan['id']}: {block['label']}: activities take {used} min, the session {block['minutes']}")
        if block["kind"] == "independent" and used > block["minutes"]:
            problems.append(f"{plan['id']}: {block['label']}: work takes {used} min, more than the stated "
                            f"{block['minutes']}")
        for a in block["activities"]:
            need = activity_needs(a, chapters, exercises)
            if need > a["minutes"]:
                problems.append(f"{plan['id']}: {block['label']}: {a['step'][:60]!r} needs {need} min, has {a['minutes']}")
    return problems


def plans(ds: Dataset) -> list[dict[str, Any]]:
    """The session plans of ``data/session-plans.yml`` (an empty list if the file is absent)."""
    return list(ds.extra.get("session-plans", []))


# -- pages ---------------------------------------------------------------------------------------------


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def timing_table(ds: Dataset, root: Path = REPO) -> str:
    """Two MyST tables: reading time per chapter and working time per exercise, with the rates stated."""
    chapters = chapter_minutes(ds, root)
    exercises = exercise_minutes(ds)
    rows = [f"Reading time is counted at {READING_WPM} words a minute from the text a student reads: each chapter's "
            "prose plus the claim cards (with the module's reading each reveals), tables and self-checks drawn from the "
            "data, without the solutions; the overview table of what changed counts as its claims, which the chapters' "
            "cards already gave in full.", "",
            "| Chapter | Words | Reading time |", "| --- | --- | --- |"]
    rows += [f"| {{doc}}`/{c['page']}` | {chapters[c['id']]['words']:,} | "
             f"{_hours(chapters[c['id']]['minutes'])} |" for c in ds.chapters]
    total = sum(v["minutes"] for v in chapters.values())
    rows += [f"| **All chapters** | {sum(v['words'] for v in chapters.values()):,} | **{_hours(total)}** |", "",
             "Working time per exercise is the items a student must complete to finish it times a stated time per "
             "item (a judgement, a reason and reading the item).", "",
             "| Exercise | Items to finish | Minutes per item | Working time |", "| --- | --- | --- | --- |"]
    rows += [f"| {{doc}}`/exercises/{e}` | {v['items']} | {v['per_item']:g} | {_hours(v['minutes'])} |"
             for e, v in exercises.items()]
    rows += [f"| **All exercises** | | | **{_hours(sum(v['minutes'] for v in exercises.values()))}** |", ""]
    return "\n".join(rows)


def _links(ds: Dataset, activity: Mapping[str, Any]) -> str:
    pages = {c["id"]: c for c in ds.chapters}
    links = [f"{{doc}}`/{pages[c]['page']}`"
             for c in dict.fromkeys([*activity.get("read", []), *activity.get("pages", [])])]
    if "exercise" in activity:
        items = activity.get("items")
        part = "" if items is None else " (started)" if items == 0 else f" ({items} items)"
        links.append(f"{{doc}}`/exercises/{activity['exercise']}`{part}")
    return ", ".join(links)


def session_plan(ds: Dataset, plan_id: str, root: Path = REPO) -> str:
    """One plan as MyST: per block its stated time, then a timetable of its activities."""
    plan = next((p for p in plans(ds) if p["id"] == plan_id), None)
    if plan is None:
        known = ", ".join(p["id"] for p in plans(ds)) or "none"
        raise ValueError(f"unknown session plan (got {plan_id!r}, expected one of {known})")
    chapters, exercises = chapter_minutes(ds, root), exercise_minutes(ds)
    sessions = [b["minutes"] for b in plan["blocks"] if b["kind"] == "session"]
    alone = sum(b["minutes"] for b in plan["blocks"] if b["kind"] == "independent")
    out = [f"In class: {len(sessions)} session{'s' if len(sessions) > 1 else ''}, {_hours(sum(sessions))} in all. "
           f"Independent work: at most {_hours(alone)} in all. The last column is what each step needs at the "
           f"rates in {{ref}}`guide-timing`.", ""]
    for block in plan["blocks"]:
        heading = "in class" if block["kind"] == "session" else "independent work, at most"
        out += [f"**{myst_text.text(block['label'])}** ({heading} {_hours(block['minutes'])})", "",
                "| Time | Step | Pages and exercises | Needs at least |", "| --- | --- | --- | --- |"]
        start = 0
        for a in block["activities"]:
            span = f"{start}–{start + a['minutes']}" if block["kind"] == "session" else f"{a['minutes']} min"
            need = activity_needs(a, chapters, exercises)
            out.append(f"| {span} | {myst_text.text(a['step'])} | {_links(ds, a)} | {f'{need} min' if need else '–'} |")
            start += a["minutes"]
        out.append("")
    if plan.get("hand_in"):
        out += [f"**What students hand in.** {myst_text.text(plan['hand_in'])}", ""]
    return "\n".join(out)
