"""Commit before you see: every judged item keeps the student's attempts, in order, never overwritten.

An exercise shows feedback or a model answer only for an item the student has *committed*: a
choice and a one-line reason. The first commit is the first attempt, made before any feedback;
later commits are revisions. The instructor reads both (export, class report), so the record is
append-only and this module is the only code that changes it.

Item record, stored under ``answers[exercise]["items"][item id]``::

    {"attempts": [{"choice": {field: value, ...}, "reason": "...", "at": "<UTC ISO time>"}, ...],
     "draft": {field: value, ...}, "draft_reason": "..."}

``attempts[0]`` is the first attempt, ``attempts[1:]`` the revisions. ``draft`` and
``draft_reason`` hold what is on screen but not yet committed (optional; never marked).
Everything here is pure and standard-library only, so it also runs in a browser-side Python.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

#: A reason is one line: long enough to name what it rests on, short enough to stay one line.
MIN_REASON_WORDS = 3
MAX_REASON_CHARS = 400

Record = Mapping[str, Any]


def _attempt_list(record: Record | None) -> list[dict[str, Any]]:
    """The well-formed attempts of a record; anything else (hand-edited, damaged) is skipped."""
    # the exact-type test first: the usual case, and quicker than asking the Mapping ABC
    if not (type(record) is dict or isinstance(record, Mapping)) or not isinstance(record.get("attempts"), list):
        return []
    return [dict(a) for a in record["attempts"]
            if (type(a) is dict or isinstance(a, Mapping))  # the exact-type test first: the usual case, and quick
            and (type(a.get("choice")) is dict or isinstance(a.get("choice"), Mapping))
            and isinstance(a.get("reason"), str) and isinstance(a.get("at"), str)]


def attempts(record: Record | None) -> list[dict[str, Any]]:
    """All committed attempts, oldest first."""
    return _attempt_list(record)


def first(record: Record | None) -> dict[str, Any] | None:
    """The first attempt (made before any feedback), or None if nothing is committed."""
    found = _attempt_list(record)
    return found[0] if found else None


def latest(record: Record | None) -> dict[str, Any] | None:
    """The most recent attempt, or None."""
    found = _attempt_list(record)
    return found[-1] if found else None


def revisions(record: Record | None) -> list[dict[str, Any]]:
    """Attempts after the first."""
    return _attempt_list(record)[1:]


def committed(record: Record | None) -> bool:
    """Whether feedback may be shown for this item."""
    return bool(_attempt_list(record))


def reason_problems(reason: Any, anchors: Iterable[str] = ()) -> list[str]:
    """Why a reason cannot be committed yet ([] when it can).

    ``anchors`` are words the reason may rest on (an evidence id, a publisher, a term of the
    claim): when given, the reason must name at least one of them, so "because I think so" is
    refused. Matching ignores case and punctuation.
    """
    if not isinstance(reason, str) or not reason.strip():
        return ["Write a one-line reason first: name the evidence, source or term your choice rests on."]
    problems = []
    flat = " ".join(reason.split())
    if len(flat) > MAX_REASON_CHARS:
        problems.append(f"Keep the reason to one line ({MAX_REASON_CHARS} characters at most; yours has {len(flat)}).")
    if len(re.findall(r"\w+", flat)) < MIN_REASON_WORDS:
        problems.append(f"Write at least {MIN_REASON_WORDS} words: say what your choice rests on.")
    wanted = [a for a in anchors if isinstance(a, str) and a.strip()]
    if wanted:
        words = _normal(flat)
        if not any(_normal(a) in words for a in wanted):
            examples = ", ".join(sorted({a.strip() for a in wanted})[:4])
            problems.append(f"Name what your choice rests on (for example {examples}).")
    return problems


def _normal(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


def commit(record: Record | None, choice: Mapping[str, Any], reason: str, at: str) -> dict[str, Any]:
    """A new record with this attempt added; the first attempt is never replaced.

    Committing the same choice and reason again adds nothing (a double click is not a revision).
    Drafts are cleared: what was on screen is now committed.
    """
    found = _attempt_list(record)
    entry = {"choice": dict(choice), "reason": " ".join(str(reason).split()), "at": at}
    if not found or (found[-1]["choice"], found[-1]["reason"]) != (entry["choice"], entry["reason"]):
        found.append(entry)
    return {"attempts": found}


def with_draft(record: Record | None, draft: Mapping[str, Any], draft_reason: str = "") -> dict[str, Any]:
    """A new record keeping its attempts and holding an uncommitted draft (saved so nothing typed is lost)."""
    new: dict[str, Any] = {"attempts": _attempt_list(record)}
    if draft:
        new["draft"] = dict(draft)
    if draft_reason.strip():
        new["draft_reason"] = draft_reason
    return new


def merge(one: Record | None, other: Record | None) -> dict[str, Any]:
    """Both writers' attempts, oldest first, each kept once: what two tabs committed is never lost.

    The draft of ``other`` wins (it is the newer write), otherwise ``one``'s is kept.
    """
    seen: dict[tuple[str, str, str], dict[str, Any]] = {}
    for attempt in [*_attempt_list(one), *_attempt_list(other)]:
        key = (attempt["at"], repr(sorted(attempt["choice"].items(), key=lambda kv: str(kv[0]))), attempt["reason"])
        seen.setdefault(key, attempt)
    merged: dict[str, Any] = {"attempts": sorted(seen.values(), key=lambda a: a["at"])}
    for source in (one, other):
        if isinstance(source, Mapping):
            for key in ("draft", "draft_reason"):
                if key in source:
                    merged[key] = source[key]
    return merged
