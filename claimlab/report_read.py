"""Read a folder of exported answer files for the class report, and say why any file is left out.

Instructors collect exports by e-mail, learning platforms and USB sticks, so the
folder will hold damaged files, autosave files, files from other courses, the same
student twice and answers made on an older edition of the data. None of that may
stop the report: each bad file is listed with a reason a person can act on, and the
rest are read.

Results are recomputed from the answers with :func:`claimlab.exercises.chain.evaluate_all`
rather than taken from the file: the answers are what the student chose, and
recomputing them against the current data means a hand-edited ``results`` or
``finished`` field cannot change the class figures.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .exercises import store
from .exercises.chain import EXERCISES, Data, evaluate_all
from .exercises.export import FORMAT, FORMAT_VERSION

#: Top-level fields of a ``claimlab-answers`` file besides format and version, with the JSON type expected.
REQUIRED: dict[str, tuple[type, str]] = {
    "data_edition": (str, "text"),
    "student": (str, "text"),
    "exported_at": (str, "a date and time"),
    "finished": (list, "a list"),
    "exercises": (dict, "an object"),
}
#: An export is about 150 kB; anything far larger is not one, and is not read into memory.
MAX_BYTES = 20 * 1024 * 1024
#: Folders with at least this many files get progress lines on stderr; smaller ones are read quietly.
PROGRESS_FROM = 100
#: … one line per this share of the files (but not more often than every PROGRESS_MIN_STEP files).
PROGRESS_SHARE = 0.1
PROGRESS_MIN_STEP = 25

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Submission:
    """One student's accepted export, with results recomputed on the current data."""

    shown: str  # path relative to the submissions folder, for people
    student: str
    exported_at: dt.datetime
    answers: dict[str, dict[str, Any]]
    evaluated: dict[str, dict[str, Any]]
    digest: str = field(repr=False)


@dataclass(frozen=True)
class Skipped:
    shown: str
    reason: str


@dataclass
class Collection:
    """What :func:`collect` found: every file is either a submission or skipped, never lost."""

    folder: Path
    files: int
    submissions: list[Submission]
    skipped: list[Skipped]


class BadFile(Exception):
    """A file that cannot be used; the message is the reason shown to the instructor."""


def to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def answer_files(folder: Path) -> list[Path]:
    """Every ``*.json`` file under ``folder``, in a stable order (sub-folders included)."""
    # Not "is_file()": a broken link named *.json should be listed as unreadable, not silently ignored.
    return sorted((p for p in folder.rglob("*.json") if not p.is_dir()), key=lambda p: p.as_posix())


def _clip(text: str, limit: int = 40) -> str:
    """Values typed into a file can be any length; reasons stay one short line."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _shown_value(value: Any, limit: int = 40) -> str:
    return _clip(repr(value), limit)


def _json_kind(value: Any) -> str:
    names = {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def parse(raw: bytes) -> Any:
    """The JSON value in ``raw``; :class:`BadFile` says how it is damaged."""
    if not raw.strip():
        raise BadFile("empty file")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BadFile("not a JSON file (not UTF-8 text; is it a PDF, a zip or a screenshot?)") from None
    except json.JSONDecodeError as error:
        raise BadFile(f"damaged JSON at line {error.lineno}, column {error.colno} ({error.msg.removesuffix(' at')}); "
                      "ask the student to export again") from None
    except (ValueError, RecursionError) as error:  # absurdly long numbers, absurdly deep nesting
        raise BadFile(f"damaged JSON ({error.__class__.__name__})") from None


def _check_format(doc: Any) -> None:
    if not isinstance(doc, dict):
        raise BadFile(f"not a claimlab answers file (the JSON is {_json_kind(doc)}, not an object)")
    found = doc.get("format")
    if found == store.FORMAT:
        raise BadFile(f"an autosave file (format {store.FORMAT!r}), not an export: ask the student to press "
                      "\"Export my answers\" and hand in claimlab-answers-<name>.json")
    if found != FORMAT:
        raise BadFile(f"wrong format {_shown_value(found)} (expected {FORMAT!r})")
    version = doc.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        newer = isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION
        raise BadFile(f"unknown format_version {_shown_value(version)} (this version of claimlab reads "
                      f"{FORMAT_VERSION})" + ("; a newer claimlab may read it" if newer else ""))


def _check_fields(doc: Mapping[str, Any]) -> dt.datetime:
    """Presence and type of the required fields; returns the export time (UTC when no zone is given)."""
    missing = [name for name in REQUIRED if name not in doc]
    if missing:
        raise BadFile(f"missing field{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    for name, (kind, words) in REQUIRED.items():
        if not isinstance(doc[name], kind):
            raise BadFile(f"field {name!r} has the wrong type (got {_json_kind(doc[name])}, expected {words})")
    if not doc["student"].strip():
        raise BadFile("field 'student' is empty")
    for exercise, part in doc["exercises"].items():
        if not isinstance(part, dict) or not isinstance(part.get("answers"), dict):
            raise BadFile(f"exercise {_shown_value(exercise)} has no answers object")
    try:
        when = dt.datetime.fromisoformat(doc["exported_at"])
    except ValueError:
        raise BadFile(f"field 'exported_at' is not a date and time (got {_shown_value(doc['exported_at'])})") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def _evaluate(answers: Mapping[str, Any], data: Data) -> dict[str, dict[str, Any]]:
    try:
        return evaluate_all(answers, data)
    # The answers are untrusted input run through the marking code: any failure there is a
    # property of this file, reported with the error's own words rather than a traceback.
    except Exception as error:  # noqa: BLE001
        raise BadFile(f"its answers could not be checked; was the file edited by hand? ({error.__class__.__name__}: "
                      f"{_shown_value(str(error), 120)})") from None


def read_submission(raw: bytes, shown: str, data: Data) -> Submission:
    """One file's submission, or :class:`BadFile` with the first reason it cannot be used."""
    doc = parse(raw)
    _check_format(doc)
    exported_at = _check_fields(doc)
    if doc["data_edition"] != data["edition"]:
        raise BadFile(f"made on data edition {_clip(doc['data_edition'])}, this is {data['edition']}")
    known = {e.id for e in EXERCISES}
    answers = {ex: part["answers"] for ex, part in doc["exercises"].items() if ex in known}
    return Submission(shown=shown, student=doc["student"].strip(), exported_at=exported_at, answers=answers,
                      evaluated=_evaluate(answers, data), digest=hashlib.sha256(raw).hexdigest())


def _read_path(path: Path, shown: str, data: Data) -> Submission | Skipped:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BadFile(f"too large for an answers file (over {MAX_BYTES // (1024 * 1024)} MB)")
        return read_submission(path.read_bytes(), shown, data)
    except OSError as error:
        return Skipped(shown, f"could not be opened ({error.strerror or error.__class__.__name__})")
    except BadFile as bad:
        return Skipped(shown, str(bad))


def _newest_first(subs: list[Submission]) -> list[Submission]:
    # Latest export wins; equal times fall back to the path, so the choice never depends on the file system.
    return sorted(subs, key=lambda s: (-s.exported_at.timestamp(), s.shown))


def deduplicate(subs: list[Submission]) -> tuple[list[Submission], list[Skipped]]:
    """One submission per student: the latest export; the others are listed as duplicates."""
    by_student: dict[str, list[Submission]] = {}
    for sub in subs:
        by_student.setdefault(sub.student, []).append(sub)
    kept: list[Submission] = []
    dropped: list[Skipped] = []
    for student, group in by_student.items():
        latest, *older = _newest_first(group)
        kept.append(latest)
        for sub in older:
            if sub.digest == latest.digest:
                reason = f"duplicate: identical copy of {latest.shown}"
            else:
                reason = (f"duplicate: student {student} exported again later ({latest.exported_at.isoformat()} in "
                          f"{latest.shown}); this export is from {sub.exported_at.isoformat()}")
            dropped.append(Skipped(sub.shown, reason))
    return sorted(kept, key=lambda s: (s.student.casefold(), s.student)), dropped


def _progress_step(total: int) -> int | None:
    if total < PROGRESS_FROM:
        return None
    return max(PROGRESS_MIN_STEP, round(total * PROGRESS_SHARE))


def collect(folder: Path, data: Data, progress: Progress | None = to_stderr) -> Collection:
    """Read every answers file under ``folder``; ``progress`` gets "read N/M files" lines for big folders."""
    folder = Path(folder)
    paths = answer_files(folder)
    step = _progress_step(len(paths)) if progress else None
    read: list[Submission] = []
    skipped: list[Skipped] = []
    for count, path in enumerate(paths, 1):
        outcome = _read_path(path, path.relative_to(folder).as_posix(), data)
        (read if isinstance(outcome, Submission) else skipped).append(outcome)  # type: ignore[arg-type]
        if step and (count % step == 0 or count == len(paths)):
            progress(f"read {count}/{len(paths)} files")  # type: ignore[misc]
    kept, duplicates = deduplicate(read)
    return Collection(folder=folder, files=len(paths), submissions=kept,
                      skipped=sorted(skipped + duplicates, key=lambda s: s.shown))
