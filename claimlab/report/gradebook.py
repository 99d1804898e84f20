"""``gradebook.csv``: one row per student or group, for import into a learning platform's gradebook.

Columns, in order (UTF-8, comma-separated, first row is the header):

==============================  ====================================================================
``student``                     the name or group slug the file was exported under
``group``                       the group's name (empty for a single student)
``members``                     the group's members, separated by ``; ``
``file``                        the file read (relative to the submissions folder)
``exported_at``                 when the student exported it (ISO 8601, UTC)
``exercises_finished``          how many of the exercises are finished (re-marked on the current data)
``<exercise>_done``             for each exercise id: items or steps done …
``<exercise>_required``         … and how many it requires to count as finished
``items_committed``             judged items committed with a choice (first attempts)
``items_revised``               of those, items whose latest choice differs from the first
``reasons_given``               committed items that carry a reason
``answers_inside_range``        latest answers inside the model's defensible range (one per scale)
``answers_outside_range``       latest answers outside it (not "wrong": a starting point for marking)
``verdict_likelihood``          the verdict's likelihood term (ICD 203), ``verdict_probability`` its per cent,
``verdict_confidence``          and its confidence level
``verdict_statement_words``     words in the verdict statement
``indicators_count``            indicators named with the verdict
``steelmen_passing``            steelmen that pass the automatic checks
``notes``                       conflicts, malformed parts, items answered on changed data
``rubric_verdict``              empty: for the instructor's mark against the verdict rubric
``rubric_memo``                 empty: the memo rubric
``rubric_steelman``             empty: the steelman rubric
==============================  ====================================================================

A student or group with several different files gets one row with empty figures and a
``conflict`` note: nothing is counted until the instructor keeps one file.

Every cell is text a spreadsheet must not run: a cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is prefixed with ``'`` (the usual defence against
CSV formula injection), so a student named ``=HYPERLINK(…)`` stays a name.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import IO, Any

from ..exercises.chain import EXERCISES
from .stats import Tally
from .submission import Digest, words

#: The columns, in order (documented above and in the instructor guide).
COLUMNS: tuple[str, ...] = (
    "student", "group", "members", "file", "exported_at", "exercises_finished",
    *(f"{e.id}_{what}" for e in EXERCISES for what in ("done", "required")),
    "items_committed", "items_revised", "reasons_given", "answers_inside_range", "answers_outside_range",
    "verdict_likelihood", "verdict_probability", "verdict_confidence", "verdict_statement_words", "indicators_count",
    "steelmen_passing", "notes", "rubric_verdict", "rubric_memo", "rubric_steelman",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """A CSV cell that no spreadsheet reads as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def row(sub: Digest, tally: Tally) -> dict[str, Any]:
    """The gradebook row of one counted submission; ``tally`` is what :meth:`ClassStats.add` counted of it."""
    verdict = sub.verdict
    found = {
        "student": sub.student, "group": sub.group or "", "members": "; ".join(sub.members), "file": sub.shown,
        "exported_at": sub.exported_at,
        "exercises_finished": sum(1 for e in EXERCISES if sub.progress.get(e.id, (0, 0, False))[2]),
        "items_committed": tally.committed, "items_revised": tally.revised, "reasons_given": tally.reasons,
        "answers_inside_range": tally.inside, "answers_outside_range": tally.outside,
        "verdict_likelihood": verdict.get("likelihood") or "", "verdict_probability": verdict.get("probability") or "",
        "verdict_confidence": verdict.get("confidence") or "",
        "verdict_statement_words": words(verdict.get("statement", "")),
        "indicators_count": len([i for i in verdict.get("indicators", []) if i.strip()]),
        "steelmen_passing": sum(ok for _, _, ok in sub.steelmen),
        "notes": " | ".join(sub.notes),
    }
    for e in EXERCISES:
        done, required, _ = sub.progress.get(e.id, (0, 0, False))
        found[f"{e.id}_done"], found[f"{e.id}_required"] = done, required
    return found


def conflict_row(student: str, files: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The row of a student or group with several different files: no figures, only the note."""
    return {"student": student, "file": "; ".join(f for f, _ in files),
            "notes": f"conflict: {len(files)} different files name this student; none is counted until one is kept"}


def cells(found: dict[str, Any]) -> str:
    """One row as a CSV line (every cell made safe, and on one line, so rows can be filtered line by line)."""
    line = io.StringIO()
    csv.writer(line, lineterminator="\r\n").writerow(
        [" ".join(cell(found.get(name, "")).splitlines()) for name in COLUMNS])
    return line.getvalue()


class Gradebook:
    """Writes the header, then rows as they come, so the class never has to fit in memory."""

    def __init__(self, stream: IO[str]):
        self._stream = stream
        stream.write(",".join(COLUMNS) + "\r\n")

    def write_lines(self, lines: Iterable[str]) -> None:
        """Rows already made by :func:`cells`."""
        self._stream.writelines(lines)

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        self.write_lines(cells(found) for found in rows)
