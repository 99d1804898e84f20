"""The exercises as one chain: their ids, what each stores, and when each is finished.

The widgets, the export and the essay outline all need "the results so far" from
stored answers; computing them in one place keeps the three in agreement. Inputs
are plain dicts and lists (the ``data`` mapping below), so this runs unchanged in
a browser-side Python kernel that gets the data as JSON.

``data`` keys: chapters, claims, evidence, counterpoints, hypotheses, actors, relations
(lists of records as in data/*.yml), readings and matrix_rows (the model readings and rows
of data/hypotheses.yml), definitions (data/definitions.yml), source_analysis (data/source-analysis.yml),
sources (BibTeX key -> fields) and edition.

Stored answers per exercise. Every judged item is an attempts record (contract 1,
:mod:`claimlab.exercises.attempts`): ``{"attempts": [{"choice", "reason", "at"}, ...], "draft"?,
"draft_reason"?}`` under ``answers["items"][item id]``; the *choice* of each exercise is:

* source-analysis, item = an item id of source-analysis.yml: ``{"choice": "<choice id>"}``
* grade-sources, item = evidence id: ``{"reliability": "B", "credibility": 2}``
* lateral-reading, item = outlet id: ``{"reliability": "D"}`` (attempt 1 before checking who runs it, attempt 2
  after), and the claim-update id: ``{"source": "<evidence id>", "status": "overstated"}``
* sort-claims, item = claim id: ``{"kind": "fact", "status": "holds"}``
* counterpoint-duel, item = round id (a main claim id on the *against* side, a counterpoint id on the *for*
  side): ``{"ranking": [candidate ids (counterpoints, or evidence on the for side), strongest first],
  "steelman": "one line"}`` (the reason says why the first is the strongest)
* define-terms, items ``partner`` ``{"partner"}``, ``lists`` ``{"lists": [ids], "rule"}``,
  ``recognition`` ``{"recognition"}``, ``period`` ``{"period"}`` (ids from definitions.yml)
* competing-hypotheses: ``{"hypotheses": [{"id": "own-h1", "label", "statement"}], "added": [{"id": "own-i1",
  "kind": "assumption"|"absent", "text"}], "items": {"<hypothesis id>|<evidence or added id>": item record}}``,
  each item record as in attempts.py with choice ``{"rating": "CC"|"C"|"N"|"I"|"II"}`` (results: see
  competing_hypotheses.competing_hypotheses)
* verdict, item ``overall`` (the thesis) and optionally case ids (``taliban``, ``wagner``,
  ``assad``, ``hamas``, ``hezbollah``): ``{"likelihood", "probability", "confidence",
  "statement", "evidence": [ids], "indicators": [...]}`` (the reason is the basis of the confidence)

An item written in format v1 (the choice's fields directly, no ``attempts``) is read as one
attempt with an empty reason.

Results (``evaluate(...)["results"]``), which the export, the essay outline and the class
report read. For the item exercises each item is ``{"first": <mark>, "latest": <mark>,
"attempts": n}``, marks computed from the first and the latest committed choice:

* source-analysis: mark = :func:`~claimlab.exercises.source_analysis.source_analysis` output (``answer, model,
  range, inside, message, reason, after``; ``correct`` and ``points`` only for the scored item, the date);
  ``summary = {"items", "inside", "outside", "points", "max_points", "first_inside", "first_outside",
  "first_points", "revised"}`` (inside/outside count the contestable items only)
* grade-sources: mark = :func:`~claimlab.exercises.grade_sources.grade_sources` output
  (per scale ``answer, model, range, inside, message, reason``; no points);
  ``summary = {"items", "inside", "outside", "first_inside", "first_outside", "revised"}`` (the counts
  of the latest attempts, the same for the first attempts, and how many items were revised)
* lateral-reading: mark = :func:`~claimlab.exercises.lateral_reading.grade_outlet` output for an outlet,
  :func:`~claimlab.exercises.lateral_reading.update_claim` output for the update; summary =
  :func:`~claimlab.exercises.lateral_reading.lateral_summary` (counts, no points)
* sort-claims: mark = :func:`~claimlab.exercises.sort_claims.sort_claims` output (per field
  ``answer, model, range, inside, message, reason, hint``); summary as for grade-sources
* counterpoint-duel: mark = ``{"ranking": check_ranking(...), "steelman": {"ok", "problems"}}``;
  ``summary = {"ranked", "agree_first", "steelmen_ok", "revised"}`` (rounds of both sides)
* define-terms: ``{"missing": [item ids]}`` until all four items are committed, then
  :func:`~claimlab.exercises.define_terms.define_terms` output for the latest choices plus
  ``"first"`` (the same for the first attempts) and ``"attempts": {item id: n}``
* verdict: ``{"items": {item id: {"first", "latest", "attempts"}}, "ok": bool, "problems": [...]}``
  where a mark is :func:`~claimlab.exercises.verdict.check_verdict` output; ``ok`` and ``problems``
  are the latest overall verdict's

Nothing for a contestable judgement is scored: "inside"/"outside" the defensible range are
counts to discuss, never marks.

Items that no longer exist in the data (a new edition) are ignored, not errors.

Marks are pure functions of a data record and a choice: the class report passes a
:class:`~claimlab.exercises.memo.Marks` to :func:`evaluate` so that each distinct choice of an item is
marked once for the whole class. An exercise whose items go through :func:`_item_exercise` or
:func:`_mark_items` gets this for free; its results are the same with or without it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from . import attempts
from .competing_hypotheses import competing_hypotheses
from .counterpoint_duel import FOR, check_ranking, check_steelman, duel_rounds, evidence_dates, steelman_anchors
from .define_terms import define_terms, missing_choices
from .grade_sources import FIELDS as GRADE_FIELDS
from .grade_sources import grade_sources, grading_summary
from .memo import Marks, choice_key, choice_marker, fingerprint, marking, remember
from .source_analysis import FIELDS as SOURCE_FIELDS
from .source_analysis import analysis_summary, max_points, questions, source_analysis
from .lateral_reading import OUTLET_FIELDS, UPDATE_FIELDS, claim_update, grade_outlet, lateral_summary, outlets
from .lateral_reading import update_claim
from .sort_claims import FIELDS as SORT_FIELDS
from .sort_claims import sort_claims, sorting_summary
from .verdict import CASES, OVERALL, check_verdict

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
    Exercise("source-analysis", "Source the analysis"),
    Exercise("grade-sources", "Grade the sources"),
    Exercise("lateral-reading", "Read laterally"),
    Exercise("sort-claims", "Sort the claims"),
    Exercise("counterpoint-duel", "Counterpoint duel"),
    Exercise("define-terms", "Define the terms"),
    Exercise("competing-hypotheses", "Competing hypotheses"),
    Exercise("verdict", "The verdict"),
)
TITLES = {e.id: e.title for e in EXERCISES}


#: How each key of the exercise data is read from a :class:`claimlab.data.Dataset` (or anything shaped like one).
PLAIN_FIELDS: dict[str, Callable[[Any], Any]] = {
    "chapters": lambda d: d.chapters, "claims": lambda d: d.claims, "evidence": lambda d: d.evidence,
    "counterpoints": lambda d: d.counterpoints, "hypotheses": lambda d: d.hypotheses, "actors": lambda d: d.actors,
    "relations": lambda d: d.relations,
    "definitions": lambda d: d.extra.get("definitions", {}), "sources": lambda d: d.sources,
    "source_analysis": lambda d: d.extra.get("source-analysis", {}),
    "readings": lambda d: d.readings, "matrix_rows": lambda d: d.matrix_rows,
    "lateral": lambda d: d.extra.get("lateral-reading") or {},
    # an assessed edition (claimlab.assessed) ships no model answers: answers are marked against the full data
    "edition": lambda d: (d.extra.get("assessed") or {}).get("data_edition", d.edition),
    "assessed": lambda d: d.extra.get("assessed"),
}


def plain_data(dataset: Any) -> dict[str, Any]:
    """The exercise data from a :class:`claimlab.data.Dataset` (or anything shaped like one)."""
    return {key: read(dataset) for key, read in PLAIN_FIELDS.items()}


class LazyPlainData(Mapping[str, Any]):
    """:func:`plain_data`, each key read from the dataset only when first asked for.

    The book's pages build their self-checks from this: under Sphinx the dataset notes each data
    file it is read from as a dependency of the page (claimlab.sphinxext), so a page depends on the
    files its questions use, not on every file (a one-word evidence edit rebuilt every self-check).
    """

    def __init__(self, dataset: Any):
        self._dataset = dataset
        self._read: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._read:
            self._read[key] = PLAIN_FIELDS[key](self._dataset)
        return self._read[key]

    def __iter__(self) -> Iterator[str]:
        return iter(PLAIN_FIELDS)

    def __len__(self) -> int:
        return len(PLAIN_FIELDS)


#: The data collections whose records students judge, item by item.
JUDGED_COLLECTIONS = ("evidence", "claims", "counterpoints", "hypotheses")


def record_fingerprints(data: Data) -> dict[str, dict[str, str]]:
    """``{collection: {record id: fingerprint}}`` for every judged collection (export format v2)."""
    shipped = data["assessed"].get("fingerprints") if isinstance(data.get("assessed"), Mapping) else None
    if shipped:  # an assessed edition's stripped records would all look changed: the full data's, shipped with it
        return shipped
    found = {name: {r["id"]: fingerprint(r) for r in data.get(name, [])} for name in JUDGED_COLLECTIONS}
    found["source-analysis"] = {r["id"]: fingerprint(r) for r in questions(data.get("source_analysis", {}))}
    update = claim_update(data)
    found["lateral-reading"] = {r["id"]: fingerprint(r) for r in [*outlets(data), *([update] if update else [])]}
    return found


def _progress(done: int, required: int, total: int | None = None) -> dict[str, Any]:
    return {"done": done, "required": required, "total": required if total is None else total,
            "finished": done >= required}


def _by_id(records: list[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {r["id"]: r for r in records}


#: The items of "Define the terms" and the choice fields each holds.
TERM_ITEMS: dict[str, tuple[str, ...]] = {"partner": ("partner",), "lists": ("lists", "rule"),
                                          "recognition": ("recognition",), "period": ("period",)}


def item_record(raw: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """An item's attempts record; a v1 answer (the fields themselves) reads as one attempt with no reason."""
    mapping = type(raw) is dict or isinstance(raw, Mapping)  # the exact-type test first: the usual case
    if mapping and "attempts" in raw:
        return dict(raw)
    if mapping and fields and all(raw.get(f) not in (None, "", []) for f in fields):
        return {"attempts": [{"choice": {f: raw[f] for f in fields}, "reason": "", "at": ""}]}
    return {"attempts": []}


def _records(answers: Answers, fields: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    items = answers.get("items", {})
    return {k: item_record(v, fields) for k, v in items.items()} if isinstance(items, Mapping) else {}


def _first_and_latest(mark: Callable[[Mapping[str, Any]], dict[str, Any]],
                      record: Mapping[str, Any]) -> dict[str, Any] | None:
    """Marks of the first and the latest committed attempt; None if nothing usable is committed.
    An attempt the marker refuses (edited by hand, or from an older data edition) is left out."""
    tried = attempts.attempts(record)
    if not tried:
        return None
    try:
        first = mark(tried[0])
        # one attempt is both the first and the latest: marked once (a mark is a pure function of the attempt)
        return {"first": first, "latest": first if len(tried) == 1 else mark(tried[-1]), "attempts": len(tried)}
    except (KeyError, TypeError, ValueError):
        return None


def _mark_items(mark: Callable[[Mapping[str, Any], Mapping[str, Any]], dict[str, Any]],
                records: Mapping[str, Mapping[str, Any]], answers: Answers,
                fields: tuple[str, ...], remembered: bool = True) -> dict[str, Any]:
    """First and latest marks of every committed item whose data record still exists.

    A mark depends only on the record and the choice, so where marks are in force (the class report)
    each distinct (item, record fingerprint, choice) is marked once (:mod:`.memo`); ``remembered=False``
    for choices that are free text, which never repeat. This runs for every item of every student in a
    class report, so it makes no function per item."""
    if remembered:  # by the fields marked too, so two kinds of item in one exercise never share a mark
        mark = choice_marker("item:" + ",".join(fields), mark)
    items = answers.get("items", {})
    marked = {}
    for item_id, raw in (items.items() if isinstance(items, Mapping) else ()):
        record = records.get(item_id) if type(item_id) is str else None
        if record is None:
            continue
        tried = attempts.attempts(item_record(raw, fields))
        if not tried:
            continue
        try:
            first = mark(record, tried[0]["choice"])
            # one attempt is both the first and the latest: marked once (a mark is a pure function of the choice)
            latest = first if len(tried) == 1 else mark(record, tried[-1]["choice"])
        except (KeyError, TypeError, ValueError):  # refused: edited by hand, or from an older data edition
            continue
        marked[item_id] = {"first": first, "latest": latest, "attempts": len(tried)}
    return marked


def _item_exercise(records: list[Mapping[str, Any]], mark: Callable[..., dict[str, Any]],
                   summarise: Callable[[Any], dict[str, Any]], fields: tuple[str, ...], required: int,
                   answers: Answers) -> dict[str, Any]:
    """Results and progress of an exercise that judges one record at a time (grading, sorting)."""
    by_id = _by_id(records)
    items = _mark_items(lambda record, choice: mark(record, *(choice[f] for f in fields)), by_id, answers, fields)
    first = summarise(i["first"] for i in items.values())
    summary = {**summarise(i["latest"] for i in items.values()), "first_inside": first["inside"],
               "first_outside": first["outside"], "revised": sum(i["attempts"] > 1 for i in items.values())}
    return {"results": {"items": items, "summary": summary},
            "progress": _progress(len(items), min(required, len(by_id)), len(by_id))}


def _source_analysis(answers: Answers, data: Data) -> dict[str, Any]:
    section = data.get("source_analysis", {})
    by_id = _by_id(questions(section))
    items = _mark_items(lambda item, choice: source_analysis(item, choice["choice"], section), by_id, answers,
                        SOURCE_FIELDS)
    first = analysis_summary(i["first"] for i in items.values())
    summary = {**analysis_summary(i["latest"] for i in items.values()), "max_points": max_points(section),
               "first_inside": first["inside"], "first_outside": first["outside"], "first_points": first["points"],
               "revised": sum(i["attempts"] > 1 for i in items.values())}
    return {"results": {"items": items, "summary": summary}, "progress": _progress(len(items), len(by_id))}


def _grade_sources(answers: Answers, data: Data) -> dict[str, Any]:
    return _item_exercise(data["evidence"], grade_sources, grading_summary, GRADE_FIELDS, REQUIRED_GRADED, answers)


def _lateral_reading(answers: Answers, data: Data) -> dict[str, Any]:
    """Outlets are done when re-graded after checking (two attempts); the claim update when committed."""
    found, update = outlets(data), claim_update(data)
    items = _mark_items(lambda outlet, choice: grade_outlet(outlet, choice["reliability"]), _by_id(found), answers,
                        OUTLET_FIELDS)
    if update:
        def mark(record: Mapping[str, Any], choice: Mapping[str, Any]) -> dict[str, Any]:
            return update_claim(record, data["evidence"], choice["source"], choice["status"])

        items.update(_mark_items(mark, {update["id"]: update}, answers, UPDATE_FIELDS))
    done = sum(i["attempts"] > 1 for k, i in items.items() if k != (update or {}).get("id")) + int(
        bool(update) and update["id"] in items)
    progress = _progress(done, len(found) + int(bool(update)))
    progress["finished"] &= progress["required"] > 0  # data without the exercise's file: nothing to finish
    return {"results": {"items": items, "summary": lateral_summary(items)}, "progress": progress}


def _sort_claims(answers: Answers, data: Data) -> dict[str, Any]:
    return _item_exercise(data["claims"], sort_claims, sorting_summary, SORT_FIELDS, REQUIRED_SORTED, answers)


def _duel_mark(round_: Mapping[str, Any], choice: Mapping[str, Any], data: Data) -> dict[str, Any]:
    """The ranking beside the model's, and the steelman checked against the round's first-ranked candidate
    (on the *for* side, also for dated evidence). Rankings repeat across a class and the anchors depend only
    on the data, so both are remembered where marks are in force (the anchors as a frozenset, which the
    check then takes as it is rather than copying and hashing a hundred words again); the steelman is free
    text and is checked every time. Keys name the round by its fingerprint (its claim, objection and
    candidates), worked out once per round: the rounds themselves are remembered."""
    ranking = remember(lambda marks: ("ranking", marks.fingerprint(round_), choice_key(choice["ranking"])),
                       lambda: check_ranking(round_, choice["ranking"]))
    top = ranking["ranking"][0]
    chosen = next(c for c in round_["candidates"] if c["id"] == top)
    about = remember(lambda marks: ("anchors", marks.fingerprint(round_), top),
                     lambda: frozenset(steelman_anchors(round_, top, data["evidence"], data["sources"])))
    steelman = str(choice.get("steelman") or "")
    if round_["side"] == FOR:
        dated = remember(lambda marks: ("dated", marks.fingerprint(round_)),
                         lambda: evidence_dates(round_, data["sources"]))
        texts = (round_["objection"]["text"], *(c["text"] for c in round_["candidates"]))
        return {"ranking": ranking, "steelman": check_steelman(steelman, texts, about, dated)}
    return {"ranking": ranking, "steelman": check_steelman(steelman, chosen["text"], about)}


def _counterpoint_duel(answers: Answers, data: Data) -> dict[str, Any]:
    """Both sides' rounds (:func:`~claimlab.exercises.counterpoint_duel.duel_rounds`), items keyed by round id."""
    # The rounds depend only on the data: where marks are in force they are built once, so the records in them
    # (the candidates above all) stay the same objects and their fingerprints are worked out once, not per student.
    rounds = remember(lambda marks: ("rounds", *(marks.fingerprints(data[name])
                                                 for name in ("claims", "counterpoints", "evidence"))),
                      lambda: duel_rounds(data["claims"], data["counterpoints"], data["evidence"]))
    items = _mark_items(lambda round_, choice: _duel_mark(round_, choice, data), _by_id(rounds), answers,
                        ("ranking", "steelman"), remembered=False)
    latest = [i["latest"] for i in items.values()]
    done = sum(m["steelman"]["ok"] for m in latest)
    summary = {"ranked": len(items), "agree_first": sum(m["ranking"]["agree"] for m in latest), "steelmen_ok": done,
               "revised": sum(i["attempts"] > 1 for i in items.values())}
    return {"results": {"items": items, "summary": summary}, "progress": _progress(done, len(rounds))}


def term_choices(answers: Answers, which: int) -> dict[str, Any]:
    """The definitions chosen in the first (``which`` = 0) or latest (-1) committed attempt of each item."""
    chosen: dict[str, Any] = {}
    for item_id, record in _records(answers, ()).items():
        tried = attempts.attempts(record)
        if item_id in TERM_ITEMS and tried:
            chosen.update({f: tried[which]["choice"].get(f) for f in TERM_ITEMS[item_id]})
    return chosen


def _define_terms(answers: Answers, data: Data) -> dict[str, Any]:
    if "items" not in answers and any(k in answers for k in ("partner", "lists")):  # format v1: the choices
        answers = {"items": {i: item_record(answers, f) for i, f in TERM_ITEMS.items()}}
    latest = term_choices(answers, -1)
    missing = [i for i, fields in TERM_ITEMS.items() if any(f in missing_choices(latest, data["definitions"])
                                                            for f in fields)]
    progress = _progress(len(TERM_ITEMS) - len(missing), len(TERM_ITEMS))
    if missing:
        return {"results": {"missing": missing}, "progress": progress}
    records = _records(answers, ())
    first = term_choices(answers, 0)
    result = {**_terms_applied(latest, data),
              "first": _terms_applied(first, data) if not missing_choices(first, data["definitions"]) else None,
              "attempts": {i: len(attempts.attempts(records.get(i))) for i in TERM_ITEMS}}
    return {"results": result, "progress": progress}


def _terms_applied(chosen: Mapping[str, Any], data: Data) -> dict[str, Any]:
    """:func:`~claimlab.exercises.define_terms.define_terms` for one set of choices. A class picks from a few
    definitions, so where marks are in force each distinct set is applied to the cases once (the remembered
    result is shared: read it, never change it)."""
    return remember(lambda marks: ("terms", *(marks.fingerprints(data[name])
                                              for name in ("actors", "relations", "definitions")),
                                   choice_key(chosen)),
                    lambda: define_terms(chosen, data["actors"], data["relations"], data["definitions"]))


def _competing_hypotheses(answers: Answers, data: Data) -> dict[str, Any]:
    result = competing_hypotheses(answers, data)
    return {"results": result, "progress": _progress(result["rated"], result["cells"])}


def _verdict(answers: Answers, data: Data) -> dict[str, Any]:
    fields = ("likelihood", "probability", "confidence", "statement")
    if "items" not in answers and "likelihood" in answers:  # format v1: one verdict, the choices themselves
        answers = {"items": {OVERALL: item_record({f: answers.get(f) for f in (*fields, "indicators")}, fields)}}
    items: dict[str, Any] = {}
    for item_id, record in _records(answers, fields).items():
        if item_id == OVERALL or item_id in CASES:
            found = _first_and_latest(lambda attempt, i=item_id: check_verdict(
                attempt["choice"], attempt["reason"], data["evidence"], data["hypotheses"], i), record)
            if found:
                items[item_id] = found
    overall = items.get(OVERALL, {}).get("latest", {"ok": False, "problems": ["No overall verdict committed yet."]})
    return {"results": {"items": items, "ok": overall["ok"], "problems": overall["problems"]},
            "progress": _progress(int(overall["ok"]), 1)}


EVALUATORS: dict[str, Callable[[Answers, Data], dict[str, Any]]] = {
    "source-analysis": _source_analysis,
    "grade-sources": _grade_sources,
    "lateral-reading": _lateral_reading,
    "sort-claims": _sort_claims,
    "counterpoint-duel": _counterpoint_duel,
    "define-terms": _define_terms,
    "competing-hypotheses": _competing_hypotheses,
    "verdict": _verdict,
}


def evaluate(exercise: str, answers: Answers, data: Data, marks: Marks | None = None) -> dict[str, Any]:
    """``{"results", "progress": {"done", "required", "total", "finished"}}`` for one exercise's answers.

    ``marks`` (bound to this ``data``) remembers marks across calls: the class report passes one so each
    distinct choice is marked once for the whole class. Results are the same with or without it, but
    remembered parts are shared between calls: read them, never change them."""
    if data.get("assessed"):
        return _saved_only(exercise, answers, data)
    with marking(marks, data, exercise):
        return EVALUATORS[exercise](answers, data)


def _committed(answers: Answers) -> int:
    """Items committed with a choice (an attempts record, or a format-1 answer), or matrix cells rated."""
    items = answers.get("items")
    if isinstance(items, Mapping):
        return sum(bool(attempts.attempts(v)) if isinstance(v, Mapping) and "attempts" in v
                   else isinstance(v, Mapping) and bool(v) for v in items.values())
    matrix = answers.get("matrix")
    if isinstance(matrix, Mapping):
        return sum(len(row) for row in matrix.values() if isinstance(row, Mapping))
    return sum(v not in (None, "", [], {}) for v in answers.values())


def _saved_only(exercise: str, answers: Answers, data: Data) -> dict[str, Any]:
    """Progress without marking, for an assessed edition: its data hold no model answer to mark against
    (export v2 then leaves ``results`` out, and the class report marks the answers on the full data)."""
    marker = data["assessed"] if isinstance(data["assessed"], Mapping) else {}
    required = marker.get("required", {}).get(exercise)  # counted on the full data when it was stripped
    if not isinstance(required, int):
        required = EVALUATORS[exercise]({}, {**data, "assessed": None})["progress"]["required"]
    done = min(_committed(answers), required)
    # the verdict's results carry "ok"; here it means only that the overall verdict is committed
    results = {"ok": done >= required} if exercise == "verdict" else {}
    return {"results": results, "progress": _progress(done, required)}


def evaluate_all(all_answers: Mapping[str, Answers], data: Data) -> dict[str, dict[str, Any]]:
    """:func:`evaluate` for every exercise in the chain, answered or not."""
    return {e.id: evaluate(e.id, all_answers.get(e.id, {}), data) for e in EXERCISES}
