"""One exported answers file, type-checked and re-marked, reduced to a small :class:`Digest`.

Nothing in a submission is used before its type is checked: a rating of ``5`` or
``null``, a matrix row given as a list, a reason that is an object or a ten-megabyte
string are each dropped (or clipped) and noted, and the rest of the file is still read.
Only a file that is not an answers file at all (wrong format, no student, no date) is
refused as a whole, with a :class:`~claimlab.report.read.BadFile` reason.

Results are recomputed with :func:`claimlab.exercises.chain.evaluate` against the full
data rather than taken from the file: the answers are what the student chose, and a
hand-edited ``results`` or ``finished`` field (or an assessed edition that ships none)
must not change the class figures.

Two export formats are read (see :mod:`claimlab.exercises.export`):

* v2: judged items are records ``{"attempts": [{"choice", "reason", "at"}, ...]}``
  (:mod:`claimlab.exercises.attempts`), with an optional ``group`` and the data
  ``fingerprints`` the answers were made on;
* v1: items are plain choices; each answered item counts as one attempt with an empty reason.

A file made on another data edition is not set aside: only the items whose record
fingerprint differs from the current data are marked as *changed* (all items, for a v1
file, which carries no fingerprints), and they are left out of the item figures.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..exercises import store
from ..exercises.competing_hypotheses import RATINGS
from ..exercises.chain import EXERCISES, Data, evaluate
from ..exercises.export import FORMAT
from ..exercises.memo import Marks
from .read import BadFile, parse_export

#: Export format versions this report reads.
VERSIONS = (1, 2)
#: Bounds on what one file can make the report hold: longer texts are clipped, further entries ignored.
MAX_NAME = 120
MAX_REASON = 600
MAX_STATEMENT = 2000
MAX_INDICATOR = 300
MAX_INDICATORS = 20
MAX_MEMBERS = 30
MAX_ITEMS = 400
MAX_ATTEMPTS = 40
MAX_CHOICE_FIELDS = 12
MAX_WORD = 80  # a choice value, an id, a likelihood term
#: Keys of an item record that are not part of a choice.
RESERVED = {"attempts", "draft", "draft_reason"}
#: Exercises whose answers are judged item by item (v1: flat choices under "items").
ITEM_EXERCISES = ("source-analysis", "grade-sources", "lateral-reading", "sort-claims", "counterpoint-duel")
VERDICT_TEXT = {"likelihood": MAX_WORD, "confidence": MAX_WORD, "statement": MAX_STATEMENT}
TERMS_WORDS = ("partner", "rule", "recognition", "period")
#: Competing hypotheses: the lists of the student's own columns and rows, and how many entries are read.
OWN_ACH_LISTS = ("hypotheses", "added")
MAX_OWN = 20


class Judged(NamedTuple):
    """One committed item: first and latest choice with their reasons (what the report reads).
    A named tuple, not a frozen dataclass: a class of thousands makes millions, and a tuple is quicker to make."""

    exercise: str
    item: str
    first: dict[str, Any]
    latest: dict[str, Any]
    first_reason: str
    latest_reason: str
    attempts: int
    changed: bool  # its data record differs from the one the student answered


@dataclass
class Digest:
    """Everything the report needs from one accepted file, a few kilobytes at most."""

    shown: str
    student: str
    group: str | None
    members: tuple[str, ...]
    exported_at: str
    sha: str
    version: int
    edition_matches: bool
    notes: list[str] = field(default_factory=list)
    progress: dict[str, tuple[int, int, bool]] = field(default_factory=dict)
    judged: list[Judged] = field(default_factory=list)
    steelmen: list[tuple[str, str, bool]] = field(default_factory=list)  # claim, text, passes the checks
    cells: list[tuple[str, str, str]] = field(default_factory=list)  # hypothesis, evidence, rating
    ach: dict[str, Any] | None = None  # complete, rated, cells, ranking (groups), first (labels)
    terms: dict[str, Any] | None = None  # choices, cases [(name, meets)]
    verdict: dict[str, Any] = field(default_factory=dict)  # likelihood, confidence, probability, statement, ...

    @property
    def key(self) -> str:
        """Who the file is for: one person or one group, whatever the capitals and spaces."""
        return self.student.casefold()


# -- small type checks ----------------------------------------------------------------------

def _json_kind(value: Any) -> str:
    names = {list: "a list", dict: "an object", str: "text", int: "a number", float: "a number", bool: "true/false",
             type(None): "null"}
    return names.get(type(value), type(value).__name__)


def clip(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters (control characters and runs of spaces collapsed)."""
    if len(text) <= limit and text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # the usual case, decided without splitting
    text = text[: limit * 4]
    if not text.isprintable():  # rare: only then look at each character
        text = "".join(c if c.isprintable() else " " for c in text)
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _shown(value: Any, limit: int = 40) -> str:
    return clip(repr(value) if not isinstance(value, str) else repr(value[: limit * 2]), limit)


def text_or_none(value: Any, limit: int) -> str | None:
    return clip(value, limit) if isinstance(value, str) else None


def word(value: Any) -> str | None:
    """A choice value as text: a short string or a whole number (never true/false, never a float)."""
    if isinstance(value, str):
        return clip(value, MAX_WORD) or None
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**9:
        return str(value)
    return None


def _dict(value: Any) -> dict[Any, Any] | None:
    return value if isinstance(value, dict) else None


# -- the file's header --------------------------------------------------------------------

@dataclass(frozen=True)
class Header:
    student: str
    exported_at: str
    version: int
    edition: str
    exercises: dict[str, Any]
    group: str | None
    members: tuple[str, ...]
    fingerprints: dict[str, dict[str, str]] | None
    notes: tuple[str, ...]


def header(doc: Any, current_edition: str | None = None) -> Header:
    """The checked top-level fields; :class:`BadFile` when the file is not a usable answers file.

    A file made on ``current_edition`` gets no ``fingerprints``: they are compared only for a file made on
    another edition, and a class of thousands would copy hundreds of them per file for nothing."""
    if not isinstance(doc, dict):
        raise BadFile(f"not a claimlab answers file (the JSON is {_json_kind(doc)}, not an object)")
    found = doc.get("format")
    if found == store.FORMAT:
        raise BadFile(f"an autosave file (format {store.FORMAT!r}), not an export: ask the student to press "
                      "\"Export my answers\" and hand in claimlab-answers-<name>.json")
    if found != FORMAT:
        raise BadFile(f"wrong format {_shown(found)} (expected {FORMAT!r})")
    version = doc.get("format_version")
    if isinstance(version, bool) or version not in VERSIONS:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > max(VERSIONS)
        raise BadFile(f"unknown format_version {_shown(version)} (this version of claimlab reads "
                      f"{' and '.join(map(str, VERSIONS))})" + ("; a newer claimlab may read it" if newer else ""))
    missing = [name for name in ("student", "exported_at", "exercises", "data_edition") if name not in doc]
    if missing:
        raise BadFile(f"missing field{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    for name, kind, words in (("student", str, "text"), ("exported_at", str, "a date and time"),
                              ("exercises", dict, "an object"), ("data_edition", str, "text")):
        if not isinstance(doc[name], kind):
            raise BadFile(f"field {name!r} has the wrong type (got {_json_kind(doc[name])}, expected {words})")
    student = clip(doc["student"], MAX_NAME)
    if not student:
        raise BadFile("field 'student' is empty")
    try:
        when = dt.datetime.fromisoformat(doc["exported_at"][:64])
        when = when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)
    except ValueError:
        raise BadFile(f"field 'exported_at' is not a date and time (got {_shown(doc['exported_at'])})") from None
    notes: list[str] = []
    group, members = _group(doc.get("group"), notes)
    edition = clip(doc["data_edition"], MAX_WORD)
    return Header(student, when.isoformat(), version, edition, doc["exercises"], group, members,
                  None if edition == current_edition else _fingerprints(doc.get("fingerprints")), tuple(notes))


def _group(value: Any, notes: list[str]) -> tuple[str | None, tuple[str, ...]]:
    if value is None:
        return None, ()
    name = text_or_none(value.get("name"), MAX_NAME) if isinstance(value, dict) else None
    if not name:
        notes.append("the group field is malformed and was ignored")
        return None, ()
    raw = value.get("members")
    members = [clip(m, MAX_NAME) for m in raw[:MAX_MEMBERS] if isinstance(m, str) and m.strip()] \
        if isinstance(raw, list) else []
    if not isinstance(raw, list) or len(members) != len(raw):
        notes.append("some group members are malformed and were ignored")
    return name, tuple(members)


def _fingerprints(value: Any) -> dict[str, dict[str, str]] | None:
    if not isinstance(value, dict):
        return None
    return {name: {k: v for k, v in list(part.items())[:5000] if isinstance(k, str) and isinstance(v, str)}
            for name, part in value.items() if isinstance(name, str) and isinstance(part, dict)}


# -- answers ------------------------------------------------------------------------------

#: Choice fields that hold prose rather than a word (kept longer), and fields that hold a list of words.
LONG_FIELDS = {"steelman": MAX_STATEMENT, "statement": MAX_STATEMENT}
LIST_FIELDS = {"indicators": MAX_INDICATOR, "lists": MAX_WORD, "ranking": MAX_WORD}


def _choice_value(key: str, raw: Any) -> Any:
    if key in LONG_FIELDS:
        return text_or_none(raw, LONG_FIELDS[key])
    if key in LIST_FIELDS:
        if not isinstance(raw, list):
            return None
        return [clip(x, LIST_FIELDS[key]) for x in raw[:MAX_INDICATORS] if isinstance(x, str)]
    return word(raw)


#: Checked choices made only of short words and whole numbers, by their fields, values and the values' types:
#: a class makes few distinct choices (of thousands of students grading one source, most pick one of a dozen
#: grades), so each is checked once. Bounded in entries and in size (no prose); a remembered choice is shared
#: by every student who made it, so it is never changed.
_CHOICES: dict[tuple[Any, ...], dict[str, Any] | None] = {}
MAX_REMEMBERED_CHOICES = 4096
_REMEMBERED_TYPES = (str, int, bool, type(None))


def _choice(value: Any) -> dict[str, Any] | None:
    """A committed choice: field -> a word (or, for the few prose and list fields, text or a list of words)."""
    if not isinstance(value, dict):
        return None
    try:
        # The types are part of the key: 1, 1.0 and True are equal in Python but are three different choices.
        key = (tuple(value.items()), tuple(map(type, value.values())))
        if key in _CHOICES:
            return _CHOICES[key]
    except TypeError:  # a list or an object among the values: checked as usual, not remembered
        key = None
    choice = _checked_choice(value)
    if key is not None and len(_CHOICES) < MAX_REMEMBERED_CHOICES and len(value) <= MAX_CHOICE_FIELDS and all(
            type(k) is str and len(k) <= MAX_WORD and type(v) in _REMEMBERED_TYPES
            and (len(v) <= MAX_WORD if type(v) is str else v is None or abs(v) < 10**9) for k, v in key[0]):
        _CHOICES[key] = choice
    return choice


def _checked_choice(value: dict[Any, Any]) -> dict[str, Any] | None:
    """:func:`_choice`, worked out."""
    choice = {}
    for key, raw in itertools.islice(value.items(), MAX_CHOICE_FIELDS):
        if type(key) is not str or key in RESERVED:
            continue
        if type(raw) is str and key not in LONG_FIELDS and len(raw) <= MAX_WORD and raw.isprintable() \
                and raw.strip() == raw and raw and len(key) <= MAX_WORD:
            choice[key] = raw  # the usual case: a short word, checked without copying
            continue
        shown = _choice_value(key, raw)
        if shown is not None:
            choice[clip(key, MAX_WORD)] = shown
    return choice or None


#: One committed attempt, checked: ``{"choice": {field: value}, "reason": text, "at": text}`` (contract 1).
Attempt = dict[str, Any]


def item_attempts(record: Any, version: int) -> list[Attempt] | None:
    """The checked attempts of one item record, oldest first; ``None`` if the record is malformed.

    v2: the record's ``attempts`` (well-formed ones; a reason that is not text counts as no reason).
    v1 (or a v2 record without attempts): the record's own scalar fields are one attempt with no reason.
    Each attempt is a new dict in the engine's shape, so the engine reads them as they are.
    """
    if not isinstance(record, dict):
        return None
    raw = record.get("attempts")
    if raw is None or version == 1:
        choice = _choice({k: v for k, v in record.items() if k not in RESERVED and k != "steelman"})
        return [{"choice": choice, "reason": "", "at": ""}] if choice else []
    if not isinstance(raw, list):
        return None
    kept = raw if len(raw) <= MAX_ATTEMPTS else raw[:1] + raw[-(MAX_ATTEMPTS - 1):]
    found = []
    for attempt in kept:
        choice = _choice(attempt.get("choice")) if isinstance(attempt, dict) else None
        if choice is None:
            continue
        found.append({"choice": choice, "reason": text_or_none(attempt.get("reason"), MAX_REASON) or "",
                      "at": text_or_none(attempt.get("at"), 40) or ""})
    return found


@dataclass
class Answers:
    """One exercise's answers in the shape the exercise engine reads, and the committed items."""

    plain: dict[str, Any]
    items: dict[str, list[Attempt]]
    steelmen: dict[str, str]
    dropped: int


def _items(raw: Any, version: int) -> Answers:
    answers = Answers({}, {}, {}, 0)
    items = _dict(raw)
    if raw is not None and items is None:
        answers.dropped += 1
        return answers
    plain_items: dict[str, Any] = {}
    for item_id, record in list((items or {}).items())[:MAX_ITEMS]:
        found = item_attempts(record, version)
        if not isinstance(item_id, str) or found is None:
            answers.dropped += 1
            continue
        item_id = clip(item_id, MAX_WORD)
        steelman = text_or_none(record.get("steelman"), MAX_STATEMENT)
        if steelman is None and found:
            steelman = found[-1]["choice"].get("steelman")
        if steelman:
            answers.steelmen[item_id] = steelman
        if not found:
            continue
        answers.items[item_id] = found
        # Both shapes at once: the latest choice as plain fields (format v1) and the attempts (contract 1),
        # so the engine reads the answer whichever shape it expects.
        plain_items[item_id] = {**({"steelman": steelman} if steelman else {}), **found[-1]["choice"],
                                "attempts": found}
    answers.plain["items"] = plain_items
    return answers


def _verdict(raw: dict[str, Any], answers: Answers) -> None:
    for name, limit in VERDICT_TEXT.items():
        if name in raw:
            value = text_or_none(raw[name], limit)
            answers.dropped += value is None and raw[name] is not None
            if value is not None:
                answers.plain[name] = value
    probability = raw.get("probability")
    if probability is not None:
        number = word(probability)
        answers.dropped += number is None
        if number is not None:
            answers.plain["probability"] = number
    indicators = raw.get("indicators")
    if isinstance(indicators, list):
        kept = [clip(i, MAX_INDICATOR) for i in indicators[:MAX_INDICATORS] if isinstance(i, str)]
        answers.dropped += len(kept) != len(indicators)
        answers.plain["indicators"] = kept
    elif indicators is not None:
        answers.dropped += 1


def _terms(raw: dict[str, Any], answers: Answers) -> None:
    for name in TERMS_WORDS:
        if name in raw:
            value = word(raw[name])
            answers.dropped += value is None and raw[name] is not None
            if value is not None:
                answers.plain[name] = value
    lists = raw.get("lists")
    if isinstance(lists, list):
        kept = [w for w in (word(x) for x in lists[:50]) if w is not None]
        answers.dropped += len(kept) != len(lists)
        answers.plain["lists"] = kept
    elif lists is not None:
        answers.dropped += 1


def _matrix(raw: Any, data: Data, answers: Answers) -> None:
    if raw is None:
        return
    if not isinstance(raw, dict):
        answers.dropped += 1
        return
    known = {h["id"] for h in data["hypotheses"]}
    matrix: dict[str, dict[str, str]] = {}
    for hyp, row in list(raw.items())[:100]:
        if not isinstance(row, dict):
            answers.dropped += 1
            continue
        if hyp not in known:
            continue
        cells = {}
        for ev, rating in list(row.items())[:MAX_ITEMS]:
            if isinstance(ev, str) and isinstance(rating, str) and rating in RATINGS:
                cells[ev] = rating
            else:
                answers.dropped += 1
        matrix[hyp] = cells
    answers.plain["matrix"] = matrix


def exercise_answers(exercise: str, part: Any, version: int, data: Data) -> Answers | None:
    """The typed answers of one exercise, or ``None`` when the part holds no answers object."""
    raw = part.get("answers") if isinstance(part, dict) else None
    if not isinstance(raw, dict):
        return None
    answers = _items(raw.get("items"), version)
    if exercise == "verdict":
        _verdict(raw, answers)
    elif exercise == "define-terms":
        _terms(raw, answers)
    elif exercise == "competing-hypotheses":
        _matrix(raw.get("matrix"), data, answers)
        for name in OWN_ACH_LISTS:  # the student's own hypotheses and rows: short texts, checked by the engine
            given = raw.get(name)
            if isinstance(given, list):
                answers.plain[name] = [{k: clip(v, MAX_STATEMENT) for k, v in itertools.islice(e.items(), 8)
                                        if isinstance(k, str) and isinstance(v, str)}
                                       for e in given[:MAX_OWN] if isinstance(e, dict)]
            elif given is not None:
                answers.dropped += 1
    if exercise not in ITEM_EXERCISES:
        # Non-item judgements (a verdict, a definition) are items too in format v2 (contract 1):
        # their committed choice is the answer; a plain field is read where no item gives one.
        for found in answers.items.values():
            for name, value in found[-1]["choice"].items():
                answers.plain[name] = value
        if not answers.items:
            answers.plain.pop("items", None)
    return answers


# -- marking ------------------------------------------------------------------------------

class Marker:
    """The current data, with what every submission is compared against computed once."""

    def __init__(self, data: Data, fingerprints: Mapping[str, Mapping[str, str]]):
        self.data = data
        self.fingerprints = fingerprints
        self.required = {e.id: self._required(e.id) for e in EXERCISES}
        self.marks = Marks(data)  # each distinct choice of an item is marked once for the whole class

    def _required(self, exercise: str) -> int:
        try:
            return int(evaluate(exercise, {}, self.data)["progress"]["required"])
        except Exception:  # noqa: BLE001 -- an engine that cannot mark "nothing" gives no requirement
            return 0

    def evaluate(self, exercise: str, plain: dict[str, Any]) -> dict[str, Any]:
        """:func:`claimlab.exercises.chain.evaluate` with this class's marks in force."""
        return evaluate(exercise, plain, self.data, self.marks)

    def changed(self, theirs: Mapping[str, Mapping[str, str]] | None, same_edition: bool, *refs: tuple[str, str]
                ) -> bool:
        """Whether any of the records ``(collection, id)`` differs from the one the student answered."""
        if same_edition:
            return False
        if theirs is None:
            return True
        return any(theirs.get(name, {}).get(ident) != self.fingerprints.get(name, {}).get(ident)
                   for name, ident in refs)


def _refs(exercise: str, item: str, latest: Mapping[str, str]) -> list[tuple[str, str]]:
    if exercise in ("source-analysis", "lateral-reading"):
        return [(exercise, item)]
    if exercise == "grade-sources":
        return [("evidence", item)]
    if exercise == "sort-claims":
        return [("claims", item)]
    if exercise == "counterpoint-duel":
        # a round is a main claim (its pick a counterpoint) or a sceptic's counterpoint (its pick an evidence item);
        # a reference to a record that exists in neither edition compares equal, so listing both kinds is exact
        return _duel_refs(item) + [("counterpoints", latest.get("pick", "")), ("evidence", latest.get("pick", ""))]
    return []


def _duel_refs(item: str) -> list[tuple[str, str]]:
    """The records a duel round is built on, whichever side it is."""
    return [("claims", item), ("counterpoints", item)]


def _with_pick(choice: dict[str, Any]) -> dict[str, Any]:
    """A duel choice ranks the round's candidates; its first is the pick the class figures count."""
    ranking = choice.get("ranking")
    if "pick" not in choice and isinstance(ranking, list) and ranking:
        return {**choice, "pick": ranking[0]}
    return choice


def dig(value: Any, *path: str) -> Any:
    """``value[path[0]][path[1]]…`` or None: results come from an engine whose shapes may change."""
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _progress(result: Any, required: int) -> tuple[int, int, bool]:
    done, need, finished = dig(result, "progress", "done"), dig(result, "progress", "required"), \
        dig(result, "progress", "finished")
    ok = all(isinstance(x, int) for x in (done, need))
    return (done, need, bool(finished)) if ok else (0, required, False)


def _ach_summary(result: Any, labels: Mapping[str, str]) -> dict[str, Any] | None:
    ranking = dig(result, "student", "ranking")
    groups = []
    if isinstance(ranking, list):
        for group in ranking:
            hyps = dig(group, "hypotheses")
            if isinstance(hyps, list):
                groups.append(([labels.get(h, str(h)) for h in hyps], dig(group, "score")))
    return {"complete": dig(result, "complete") is True, "rated": dig(result, "rated"),
            "cells": dig(result, "cells"), "ranking": groups,
            "scores": dig(result, "student", "scores"), "weighted": dig(result, "student", "weighted_scores")}


def digest(raw: bytes, shown: str, marker: Marker) -> Digest:
    """The :class:`Digest` of one file's bytes; :class:`BadFile` if it is not a usable answers file."""
    data = marker.data
    head = header(parse_export(raw), data["edition"])
    same = head.edition == data["edition"]
    result = Digest(shown=shown, student=head.student, group=head.group, members=head.members,
                    exported_at=head.exported_at, sha=hashlib.sha256(raw).hexdigest(), version=head.version,
                    edition_matches=same, notes=list(head.notes))
    if not same:
        result.notes.append(f"made on data edition {clip(head.edition, 16)}"
                            + ("" if head.fingerprints else " (no fingerprints: every item is treated as changed)"))
    labels = {h["id"]: h["label"] for h in data["hypotheses"]}
    for exercise in EXERCISES:
        ex = exercise.id
        part = head.exercises.get(ex)
        answers = exercise_answers(ex, part, head.version, data) if part is not None else None
        if part is not None and answers is None:
            result.notes.append(f"{ex}: no answers object; not read")
        if answers is not None and answers.dropped:
            result.notes.append(f"{ex}: {answers.dropped} malformed value{'s' if answers.dropped > 1 else ''} ignored")
        plain = answers.plain if answers else {}
        try:
            evaluated = marker.evaluate(ex, plain)
        # The answers are untrusted input run through the marking code: a failure there is a property
        # of this file (noted, the exercise counted as not done), never a reason to stop the report.
        except Exception as error:  # noqa: BLE001
            result.notes.append(f"{ex}: answers could not be checked ({error.__class__.__name__})")
            evaluated = {}
        result.progress[ex] = _progress(evaluated, marker.required[ex])
        if answers is None:
            continue
        _collect(result, ex, answers, evaluated, head, same, marker, labels)
    return result


def _collect(result: Digest, ex: str, answers: Answers, evaluated: Any, head: Header, same: bool, marker: Marker,
             labels: Mapping[str, str]) -> None:
    """Fold one exercise's committed items and re-marked results into the digest."""
    duel = ex == "counterpoint-duel"
    for item, found in answers.items.items():
        latest = _with_pick(found[-1]["choice"]) if duel else found[-1]["choice"]
        # one attempt: the first is the latest, the same object (the class figures then look at it once)
        first = latest if len(found) == 1 else _with_pick(found[0]["choice"]) if duel else found[0]["choice"]
        changed = not same and marker.changed(head.fingerprints, same, *_refs(ex, item, latest))
        result.judged.append(Judged(ex, item, first, latest, found[0]["reason"], found[-1]["reason"], len(found),
                                    changed))
    results = dig(evaluated, "results")
    if duel:
        for claim, text in answers.steelmen.items():
            ok = True in (dig(results, "items", claim, "latest", "steelman", "ok"),
                          dig(results, "items", claim, "steelman", "ok"))
            if same or not marker.changed(head.fingerprints, same, *_duel_refs(claim)):
                result.steelmen.append((claim, text, ok))
    elif ex == "competing-hypotheses":
        # The engine's matrix: each cell's latest committed rating (format 2 items "<hypothesis>|<row>",
        # or a format-1 matrix); only the data's hypotheses and ratings on the scale are pooled.
        matrix = dig(results, "matrix")
        for hyp, row in (matrix.items() if isinstance(matrix, Mapping) else ()):
            if hyp not in labels or not isinstance(row, Mapping):
                continue
            for ev, rating in itertools.islice(row.items(), MAX_ITEMS):
                if isinstance(ev, str) and rating in RATINGS and (same or not marker.changed(
                        head.fingerprints, same, ("hypotheses", hyp), ("evidence", ev))):
                    result.cells.append((hyp, ev, rating))
        own = dig(results, "labels")
        result.ach = _ach_summary(results, {**labels, **{k: clip(v, MAX_NAME) for k, v in own.items()
                                                         if isinstance(k, str) and isinstance(v, str)}}
                                  if isinstance(own, Mapping) else labels)
    elif ex == "define-terms":
        choices = dig(results, "choices")
        if isinstance(choices, Mapping):
            cases = dig(results, "cases")
            result.terms = {"choices": {k: (list(v) if isinstance(v, list) else str(v)) for k, v in choices.items()},
                            "cases": [(str(c.get("name", c.get("case"))), c.get("meets") is True)
                                      for c in (cases if isinstance(cases, list) else [])[:100]
                                      if isinstance(c, Mapping)]}
    elif ex == "verdict":
        plain = answers.plain
        overall = dig(results, "items", "overall", "latest")  # the verdict as a committed item (contract 1)
        results = overall if isinstance(overall, Mapping) else results
        probability = plain.get("probability")
        number = int(probability) if isinstance(probability, str) and probability.isdigit() and \
            len(probability) < 4 else None
        result.verdict = {
            "likelihood": dig(results, "likelihood") if isinstance(dig(results, "likelihood"), str) else None,
            "confidence": dig(results, "confidence") if isinstance(dig(results, "confidence"), str) else None,
            "probability": number if number is not None and 1 <= number <= 99 else None,
            "statement": plain.get("statement", ""), "indicators": list(plain.get("indicators", [])),
            "ok": dig(results, "ok") is True,
            "reason": next((found[-1]["reason"] for found in answers.items.values() if found[-1]["reason"]), ""),
        }


def words(text: str) -> int:
    """Words in a text, for the gradebook (a word is a run of letters or digits)."""
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))

