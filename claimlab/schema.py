"""The single definition of every kind of record in ``data/``.

Each data file is validated against one JSON Schema below; the validator turns
schema errors into ``file:line: field: problem`` messages, so these schemas are
also what an instructor reads about when a mistake is reported. Cross-file rules
(unknown ids, BibTeX keys, duplicates) live in :mod:`claimlab.validate`.
"""
from __future__ import annotations

import re
from typing import Any

from . import labels

KINDS = list(labels.KIND)
STATUSES = list(labels.STATUS)
RELIABILITY = list(labels.RELIABILITY)
CREDIBILITY = list(labels.CREDIBILITY)
CONSISTENCY = ["CC", "C", "N", "I", "II"]
CASES = ["taliban", "wagner", "assad", "hamas", "hezbollah", "sharaa", "iran", "houthis"]
#: the cases the both-sides page must cover, each with its strongest item for and against the thesis
BOTH_SIDES_CASES = ["taliban", "wagner", "assad", "hamas", "hezbollah", "iran", "houthis"]
SIDES = ["for", "against"]
LISTS = ["russia", "un", "us", "eu", "uk"]
LIST_STATUSES = ["listed", "suspended", "delisted", "not-listed", "sanctioned-individuals"]
CONFIDENCE = ["low", "medium", "high"]

#: A date as precise as the source allows: YYYY, YYYY-MM or YYYY-MM-DD.
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

# --- Data text is text ------------------------------------------------------------------------
# Text in data/ reaches pages, notebooks and the report. Pages render it as MyST, so markup in it
# would run: raw HTML, a {raw} or {eval-rst} block including a local file. The only markup data text
# may carry is a citation; everything else below is refused by `validate` with file:line: field.

#: Allowed markup: a citation role ({cite}, {cite:p}, {cite:t}, ...) naming keys from sources.bib.
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")

#: Refused markup, in the order checked: (pattern, what it is). Checked after citations are removed.
FORBIDDEN_MARKUP: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"<[A-Za-z!?/]"), "an HTML tag or comment"),
    (re.compile(r"^\s*(`{3,}|~{3,}|:{3,})", re.M), "a code or directive fence"),
    (re.compile(r"\.\.\s+[\w:|-]+::"), "a reStructuredText directive"),
    (re.compile(r"\{\{|\}\}"), "a substitution"),
    (re.compile(r"\{[A-Za-z][\w:.-]*\}"), "a MyST role or directive other than {cite}"),
    (re.compile(r":[\w:.+-]+:`"), "a reStructuredText role"),
    (re.compile(r"!\[|\]\(|\]\[|<https?:"), "a Markdown link or image (cite sources with {cite})"),
    (re.compile(r"`"), "a backtick outside {cite}`key`"),
]


def markup_problem(text: str) -> str | None:
    """Why ``text`` is not plain text with citations, or None when it is."""
    plain = CITE_ROLE.sub("", text)
    for pattern, what in FORBIDDEN_MARKUP:
        found = pattern.search(plain)
        if found:
            start = max(found.start() - 10, 0)
            snippet = plain[start:found.end() + 20].strip()
            return (f"markup not allowed in data text (got {what}: {snippet!r}, "
                    "expected plain text; the only markup allowed is {cite}`key`)")
    return None


_id = {"type": "string", "pattern": ID_PATTERN, "description": "lower-case words joined by hyphens"}
_date = {"type": "string", "pattern": DATE_PATTERN, "description": "YYYY, YYYY-MM or YYYY-MM-DD"}
_text = {"type": "string", "minLength": 1}
_ids = {"type": "array", "items": _id, "uniqueItems": True}
_keys = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1, "uniqueItems": True}


def _record(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    """A closed object: every required field present, no field we do not know."""
    props = {**required, **(optional or {})}
    return {"type": "object", "required": list(required), "properties": props, "additionalProperties": False}


def _file(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "minItems": 1, "items": item}


CHAPTER = _record({"id": _id, "title": _text, "page": _text})

#: The kinds and statuses an informed analyst could defend for a claim (contract 2 in HELPERS.md): exercises accept
#: any of them, so a student who argues for a defensible reading is never marked wrong.
CLAIM_DEFENSIBLE = _record(
    {
        "kind": {"type": "array", "items": {"enum": KINDS}, "minItems": 1, "uniqueItems": True},
        "status": {"type": "array", "items": {"enum": STATUSES}, "minItems": 1, "uniqueItems": True},
        "reason": _text,
    }
)

CLAIM = _record(
    {
        "id": _id,
        "chapter": _id,
        "text": _text,
        "kind": {"enum": KINDS},
        "status": {"enum": STATUSES},
        "status_reason": _text,
        "as_of": _date,
        "status_note": _text,
        "defensible": CLAIM_DEFENSIBLE,
    },
    {
        "main": {"type": "boolean"},
        "strongest_counterpoint": _id,
        "strongest_why": _text,
        "error": _record({"problem": _text, "lesson": _text}),
    },
)
# The model's own kind and status must be among the defensible ones: one defensible view, never outside the range.
CLAIM["allOf"] = [
    {"if": {"properties": {field: {"const": value}}, "required": [field]},
     "then": {"properties": {"defensible": {"properties": {field: {"contains": {"const": value}}}}}}}
    for field, values in (("kind", KINDS), ("status", STATUSES)) for value in values
]

#: every grade an informed analyst could defend (contract 2 in HELPERS.md), the model's grade included; required, because
#: the exercises give no marks and judge a grade only against this range (wide where sources are contested)
DEFENSIBLE_GRADES = _record(
    {
        "reliability": {"type": "array", "items": {"enum": RELIABILITY}, "minItems": 1, "uniqueItems": True},
        "credibility": {"type": "array", "items": {"enum": CREDIBILITY}, "minItems": 1, "uniqueItems": True},
        "reason": _text,
    }
)

GRADING = _record(
    {
        "reliability": {"enum": RELIABILITY},
        "reliability_reason": _text,
        "credibility": {"enum": CREDIBILITY},
        "credibility_reason": _text,
        "defensible": DEFENSIBLE_GRADES,
    },
)

EVIDENCE = _record(
    {
        "id": _id,
        "summary": _text,
        "date": _date,
        "source": _text,
        "grading": GRADING,
    },
    {
        "also": _keys,
        "supports": _ids,
        "undermines": _ids,
        "cases": {"type": "array", "items": {"enum": CASES}, "uniqueItems": True},
    },
)

#: A thesis-side round of the counterpoint duel: the counterpoint is a sceptic's objection, and the student makes the
#: case *for* the claim it objects to (``defends``, one of its ``responds_to``) from dated evidence items. The
#: model's strongest item is one defensible view, shown beside the strongest case against it.
THESIS_CASE = _record(
    {
        "defends": _id,
        "evidence": {**_ids, "minItems": 3, "description": "evidence ids a defender of the claim could answer with"},
        "strongest": _id,
        "why": _text,
        "case_against": _text,
    }
)

COUNTERPOINT = _record(
    {"id": _id, "text": _text, "responds_to": {**_ids, "minItems": 1}, "sources": _keys},
    {"voice": _text, "thesis_case": THESIS_CASE},
)

#: One model cell under one reading: a rating and the one-line reason for it.
_MODEL_CELL = _record({"rating": {"enum": CONSISTENCY}, "reason": _text})

HYPOTHESIS = _record(
    {
        "id": _id,
        "label": _text,
        "statement": _text,
        "ratings": {  # evidence id -> reading id -> {rating, reason}
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": {"type": "object", "minProperties": 1, "propertyNames": {"pattern": ID_PATTERN},
                                     "additionalProperties": _MODEL_CELL},
        },
    }
)

#: data/hypotheses.yml: the readings (model matrices), the rows of the matrix, and the hypotheses that rate them.
HYPOTHESES_FILE = _record(
    {
        "readings": {"type": "array", "minItems": 1,
                     "items": _record({"id": _id, "label": _text, "approach": _text})},
        "rows": {"type": "array", "minItems": 1,
                 "items": _record({"evidence": _id, "diagnostic": {"type": "boolean"}, "note": _text})},
        "hypotheses": {"type": "array", "minItems": 2, "items": HYPOTHESIS},
    }
)

EVENT = _record(
    {"id": _id, "date": _date, "label": _text, "track": _id, "sources": _keys},
    {"evidence": _id},
)

DESIGNATION = _record(
    {"list": {"enum": LISTS}, "status": {"enum": LIST_STATUSES}, "as_of": _date, "note": _text, "sources": _keys}
)

ACTOR = _record(
    {"id": _id, "name": _text, "type": {"enum": ["state", "government", "group", "company", "organisation", "person"]}, "summary": _text},
    {"short": _text, "case": {"enum": CASES}, "designations": {"type": "array", "items": DESIGNATION}},
)

RELATION = _record(
    {"id": _id, "source": _id, "target": _id, "kind": _id, "since": _date, "note": _text, "sources": _keys},
    {"until": _date},
)

ACTORS_FILE = _record(
    {"actors": {"type": "array", "minItems": 1, "items": ACTOR}, "relations": {"type": "array", "items": RELATION}}
)

TERM = _record({"id": _id, "term": _text, "definition": _text}, {"sources": _keys, "see_also": _ids})

#: file name in data/ -> schema of the whole file
FILES: dict[str, dict[str, Any]] = {
    "chapters.yml": _file(CHAPTER),
    "claims.yml": _file(CLAIM),
    "evidence.yml": _file(EVIDENCE),
    "counterpoints.yml": _file(COUNTERPOINT),
    "hypotheses.yml": HYPOTHESES_FILE,
    "timeline.yml": _file(EVENT),
    "actors.yml": ACTORS_FILE,
    "glossary.yml": _file(TERM),
}

#: fields every BibTeX entry must carry, so a reader can always follow and date a citation
BIB_FIELDS = ("author", "publisher", "date", "url", "urldate")

# --- definitions.yml: the menu of definitions for the exercise "Define the terms" (claimlab.exercises.define_terms)
_OPTION = {"id": _id, "label": _text, "explanation": _text, "kinds": {**_ids, "minItems": 1}}
DEFINITIONS_FILE = _record(
    {
        "subject": _id,
        "relation_kinds": {"type": "array", "minItems": 1, "items": _record({"kind": _id, "label": _text})},
        "partner": {"type": "array", "minItems": 1,
                    "items": _record(_OPTION, {"include_recognition": {"type": "boolean"}})},
        "recognition": {"type": "array", "minItems": 1, "items": _record(_OPTION)},
        "lists": {"type": "array", "minItems": 1, "items": _record({"id": {"enum": LISTS}, "label": _text})},
        "counts_as_listed": {"type": "array", "minItems": 1, "items": {"enum": LIST_STATUSES}, "uniqueItems": True},
    },
    {"case_actors": {"type": "object", "propertyNames": {"enum": CASES}, "additionalProperties": _ids}},
)
FILES["definitions.yml"] = DEFINITIONS_FILE

# --- source-analysis.yml: the items of the exercise "Source the analysis" (claimlab.exercises.source_analysis)
_CHOICE = _record({"id": _id, "label": _text})
SOURCE_ITEM = _record(
    {
        "id": _id,
        "step": _id,
        "question": _text,
        "choices": _id,
        "model": _id,
        "model_reason": _text,
        #: every choice an informed reader could defend, the model's included (contract 2); a scored item's is the model
        "defensible": _record({"choice": {**_ids, "minItems": 1}, "reason": _text}),
        "after": _text,
        "anchors": {"type": "array", "items": _text, "minItems": 1, "uniqueItems": True},
    },
    {
        "scored": {"type": "boolean", "description": "true only where one answer is right (a date)"},
        "quote": {"type": "string", "minLength": 1, "pattern": r"^\S+(\s+\S+){0,4}$",
                  "description": "a phrase of the analysis, five words at most"},
        "account": {"type": "string", "minLength": 1, "description": "a BibTeX key from sources.bib"},
    },
)
SOURCE_ANALYSIS_FILE = _record(
    {
        "choice_sets": {"type": "object", "minProperties": 1, "propertyNames": {"pattern": ID_PATTERN},
                        "additionalProperties": {"type": "array", "minItems": 2, "items": _CHOICE}},
        "steps": {"type": "array", "minItems": 1, "items": _record({"id": _id, "label": _text, "prompt": _text})},
        "items": {"type": "array", "minItems": 1, "items": SOURCE_ITEM},
    }
)
FILES["source-analysis.yml"] = SOURCE_ANALYSIS_FILE

# --- search-log.yml: what was searched for, when, and what was found (rendered by claimlab.searchlog)
SEARCH = _record(
    {
        "query": _text,
        "corpus": {"enum": ["pages", "docs", "issues", "code"]},
        "searched": _date,
        "topic": _text,
    },
    {
        "found": {"type": "array", "minItems": 1, "items": _record({"what": _text, "url": {"type": "string", "pattern": "^https?://"}}, {"source": _text})},
        "not_found": _text,
    },
)
FILES["search-log.yml"] = _file(SEARCH)

# --- both-sides.yml: per case, the strongest evidence item for the thesis and the strongest against it
STRONGEST = _record({"case": {"enum": BOTH_SIDES_CASES}, "for": _id, "against": _id, "why": _text})
FILES["both-sides.yml"] = _file(STRONGEST)

#: files a data folder may leave out (an instructor's trimmed copy still validates); checked when present
OPTIONAL_FILES = {"search-log.yml", "both-sides.yml"}

# --- session-plans.yml: the instructor guide's session plans, as data, so their timing is checked (claimlab.timing)
_minutes = {"type": "integer", "minimum": 1}
ACTIVITY = _record(
    {"step": _text, "minutes": _minutes},
    {
        "read": {**_ids, "minItems": 1, "description": "chapter ids read in full during this step"},
        "pages": {**_ids, "minItems": 1, "description": "chapter ids the step works with"},
        "exercise": _id,
        "items": {"type": "integer", "minimum": 0, "description": "items of the exercise done here (0: started)"},
    },
)
PLAN_BLOCK = _record(
    {
        "label": _text,
        "kind": {"enum": ["session", "independent"]},
        "minutes": _minutes,
        "activities": {"type": "array", "minItems": 1, "items": ACTIVITY},
    }
)
SESSION_PLAN = _record(
    {"id": _id, "title": _text, "blocks": {"type": "array", "minItems": 1, "items": PLAN_BLOCK}},
    {"hand_in": _text},
)
FILES["session-plans.yml"] = _file(SESSION_PLAN)
OPTIONAL_FILES.add("session-plans.yml")

# --- assessed.yml: marks an assessed edition's copy of data/, from which claimlab.assessed stripped the model answers
ASSESSED_MARKER = _record(
    {"assessed": {"const": True}, "note": _text},
    {
        "data_edition": {"type": "string", "pattern": "^[0-9a-f]{12}$",
                         "description": "the edition of the full data the answers are marked against"},
        "fingerprints": {"type": "object", "additionalProperties": {
            "type": "object", "additionalProperties": {"type": "string", "pattern": "^[0-9a-f]{12}$"}}},
        "required": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
    },
)
FILES["assessed.yml"] = ASSESSED_MARKER
OPTIONAL_FILES.add("assessed.yml")


def _unrequire(schema: dict[str, Any], path: tuple[str, ...]) -> None:
    """Make the field at ``path`` ("*" = any item) optional in ``schema``, where the schema has it."""
    head, rest = path[0], path[1:]
    if head == "*":
        child = schema.get("items") if schema.get("type") == "array" else schema.get("additionalProperties")
        if isinstance(child, dict) and rest:
            _unrequire(child, rest)
    elif not rest:
        schema["required"] = [f for f in schema.get("required", []) if f != head]
    elif isinstance(schema.get("properties", {}).get(head), dict):
        _unrequire(schema["properties"][head], rest)


def assessed_files() -> dict[str, dict[str, Any]]:
    """:data:`FILES` for an assessed edition's data (marked by ``assessed.yml``): every model field
    (:data:`claimlab.assessed.MODEL_FIELDS`) may be absent, because it was stripped on purpose."""
    import copy

    from .assessed import MODEL_FIELDS

    files = copy.deepcopy(FILES)
    for name, paths in MODEL_FIELDS.items():
        for path in paths:
            _unrequire(files[name], path)
    return files

# --- lateral-reading.yml: the exercise "Read laterally" (claimlab.exercises.lateral_reading) and its dossier page
#: what the dossier says about an outlet, one topic at a time (runs, based and funding and described are required)
LATERAL_TOPICS = ["runs", "based", "funding", "described", "carries"]
LATERAL_REQUIRED_TOPICS = ["runs", "based", "funding", "described"]
_DOSSIER_FACT = _record(
    {"topic": {"enum": LATERAL_TOPICS}, "text": _text},
    {"as_of": _date, "sources": _keys,
     "not_found": {"const": True, "description": "true when we searched and found nothing (then no sources)"}},
)
_ONE_RELIABILITY = {"type": "array", "items": {"enum": RELIABILITY}, "minItems": 1, "uniqueItems": True}
OUTLET = _record(
    {
        "id": _id,
        "name": _text,
        "site": {"type": "string", "pattern": r"^[a-z0-9.-]+\.[a-z]{2,}$",
                 "description": "a bare domain such as menafn.com"},
        "cited": _keys,
        "searches": {"type": "array", "minItems": 1, "items": _text},
        "dossier": {"type": "array", "minItems": 1, "items": _DOSSIER_FACT},
        "grading": _record({"reliability": {"enum": RELIABILITY}, "reliability_reason": _text,
                            "defensible": _record({"reliability": _ONE_RELIABILITY, "reason": _text})}),
    }
)
CLAIM_UPDATE = _record(
    {
        "id": _id,
        "claim": _id,
        "question": _text,
        "candidates": {"type": "array", "minItems": 2,
                       "items": _record({"evidence": _id, "note": _text})},
        "source": _id,
        "status": {"enum": STATUSES},
        "status_reason": _text,
        "defensible": _record({"status": {"type": "array", "items": {"enum": STATUSES}, "minItems": 1,
                                          "uniqueItems": True}, "reason": _text}),
    }
)
FILES["lateral-reading.yml"] = _record({"outlets": {"type": "array", "minItems": 1, "items": OUTLET},
                                        "claim_update": CLAIM_UPDATE})
OPTIONAL_FILES.add("lateral-reading.yml")
