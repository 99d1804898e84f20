"""Marks remembered across submissions, for the class report.

A mark is a pure function of a data record and a choice, and a class makes few distinct
choices per item: of ten thousand students grading one source, most pick one of a dozen
grades. So the report marks each (exercise, item, record, choice) once and reuses the mark
for every other student who made the same choice. The exercises themselves do not depend on
this: without a :class:`Marks` in force (a notebook, the export) :func:`remember` just computes.

Why a mark can never be shared by mistake:

* a :class:`Marks` is bound to one data object: :func:`marking` puts it in force only while that
  same object is evaluated, so two data editions never meet in one cache;
* every key still names the record's fingerprint (:func:`fingerprint`, the one the exports carry,
  re-exported as ``chain.fingerprint``) as well as its id, so two versions of a record never share
  a mark even within one cache;
* every key is scoped by the exercise being evaluated;
* it is bounded (:data:`MAX_ENTRIES`); once full it stops remembering and marks as usual.

The data must not be changed in place while a :class:`Marks` is bound to it (the report never
does). Callers must treat a remembered mark as read-only: the same object is handed to every
student who made that choice. Standard library only, like the exercises (they run in a browser too).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

#: At most this many marks are kept (a few kilobytes each: some tens of megabytes at worst).
MAX_ENTRIES = 20_000

T = TypeVar("T")
_MISSING = object()


def fingerprint(record: Mapping[str, Any]) -> str:
    """A short, stable hash of one data record, so a report can tell which items changed between data
    editions instead of setting aside every answer made on an older edition."""
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def choice_key(choice: Any) -> str:
    """A choice as a key: its ``repr``, which tells apart values of different types (``1``, ``"1"``, ``True``
    and ``1.0`` are four choices); two choices that differ only in field order are merely marked twice."""
    return repr(choice)


class Marks:
    """Remembered marks for one data object (see the module docstring)."""

    def __init__(self, data: Mapping[str, Any], max_entries: int = MAX_ENTRIES):
        self.data = data
        self.max_entries = max_entries
        self._found: dict[Hashable, Any] = {}
        # id(record) -> (record, fingerprint): the record is held, so its id cannot be reused by another object
        self._prints: dict[int, tuple[Mapping[str, Any], str]] = {}
        self._collections: dict[int, tuple[Any, tuple[str, ...]]] = {}
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._found)

    def fingerprint(self, record: Mapping[str, Any]) -> str:
        """:func:`fingerprint`, computed once per record object."""
        known = self._prints.get(id(record))
        if known is not None and known[0] is record:
            return known[1]
        found = fingerprint(record)
        if len(self._prints) < self.max_entries:
            self._prints[id(record)] = (record, found)
        return found

    def fingerprints(self, records: Any) -> tuple[str, ...]:
        """The fingerprints of a whole collection (a list of records, or a mapping such as the definitions),
        worked out once per collection object: keys naming every record of a collection are made for every
        student, and building them record by record was a quarter of the duel's marking time."""
        known = self._collections.get(id(records))
        if known is not None and known[0] is records:
            return known[1]
        found = tuple(self.fingerprint(r) for r in records) if isinstance(records, list) else (fingerprint(records),)
        if len(self._collections) < self.max_entries:
            self._collections[id(records)] = (records, found)
        return found

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value remembered under ``key``, computing (and, while there is room, keeping) it if new.
        An exception from ``compute`` is raised as usual and nothing is kept."""
        try:
            found = self._found[key]
        except KeyError:
            self.misses += 1
            found = compute()
            if len(self._found) < self.max_entries:
                self._found[key] = found
            return found
        self.hits += 1
        return found  # type: ignore[no-any-return]


#: The marks in force and the exercise being evaluated (every key is scoped by it).
_IN_FORCE: ContextVar[tuple[Marks, str] | None] = ContextVar("claimlab_marks", default=None)


@contextmanager
def marking(marks: Marks | None, data: Mapping[str, Any], exercise: str) -> Iterator[None]:
    """Put ``marks`` in force while ``data`` is evaluated for ``exercise``; marks bound to other data are
    not used (a cache never crosses data editions)."""
    token = _IN_FORCE.set((marks, exercise) if marks is not None and marks.data is data else None)
    try:
        yield
    finally:
        _IN_FORCE.reset(token)


def choice_marker(name: str, mark: Callable[[Mapping[str, Any], Any], T]) -> Callable[[Mapping[str, Any], Any], T]:
    """``mark(record, choice)``, remembered under the exercise, ``name``, the record's id and fingerprint and
    the choice when a :class:`Marks` is in force, else ``mark`` itself.

    Made once per exercise and called for every attempt of every item: the marks in force are looked up once,
    and a remembered mark costs one flat key (strings whose hashes Python keeps) and one look-up, with no
    function made per item or per attempt."""
    found = _IN_FORCE.get()
    if found is None:
        return mark
    marks, exercise = found
    remembered, fingerprint_of = marks._found, marks.fingerprint

    def marked(record: Mapping[str, Any], choice: Any) -> T:
        try:
            key = (exercise, name, record["id"], fingerprint_of(record), choice_key(choice))
            hit = remembered.get(key, _MISSING)
        except Exception:  # noqa: BLE001 -- a key that cannot be made (an odd choice): mark it without remembering
            return mark(record, choice)
        if hit is _MISSING:  # :meth:`Marks.get`, its usual case (a hit) without making a function
            return marks.get(key, lambda: mark(record, choice))
        marks.hits += 1
        return hit  # type: ignore[no-any-return]

    return marked


def remember(key: Callable[[Marks], Hashable], compute: Callable[[], T]) -> T:
    """``compute()``, remembered under the exercise and ``key(marks)`` when a :class:`Marks` is in force.

    ``key`` gets the marks so it can name record fingerprints cheaply (:meth:`Marks.fingerprint`)."""
    found = _IN_FORCE.get()
    if found is None:
        return compute()
    marks, exercise = found
    try:
        made = key(marks)
    except Exception:  # noqa: BLE001 -- a key that cannot be made (an odd choice): mark it without remembering
        return compute()
    return marks.get((exercise, made), compute)
