"""The assessed edition: a student edition whose shipped data, package and pages hold no model answers.

The practice edition ships ``data/`` with the model answers inside, because the exercises give
feedback from them; anyone who opens the YAML files can read them. For work that counts, the
assessed edition strips every model field from its copy of ``data/`` and marks the copy with
``assessed.yml``. The schema then treats the model fields as absent on purpose
(:func:`claimlab.schema.assessed_files`), the exercises save choices and reasons without
feedback (``data["assessed"]``, read by :mod:`claimlab.exercises.chain` and the export), and the
book's data directives show the material without its labels (:data:`PAGES`). The instructor marks
the hand-ins with the class report run from the full repository.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from . import myst_text
from .labels import human_date

#: The file whose presence marks a data folder as assessed (validated by the schema).
MARKER = "assessed.yml"
#: What an exercise shows after a commit in the assessed edition, instead of feedback.
SAVED_MESSAGE = "Saved. Your instructor will give feedback."

#: Every model field, per data file, as a path of keys ("*" = every item of a list or mapping).
MODEL_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    # the model grading: grades, reasons and defensible range
    "evidence.yml": (("*", "grading"),),
    # kind, status and its note/reason/range, the known error, and the model's strongest counterpoint
    "claims.yml": tuple(("*", f) for f in ("kind", "status", "status_note", "status_reason", "defensible",
                                           "strongest_counterpoint", "strongest_why", "error")),
    # a thesis-side duel round's model: its strongest evidence, why, and the strongest case against it
    "counterpoints.yml": tuple(("*", "thesis_case", f) for f in ("strongest", "why", "case_against")),
    # the model matrices: one-matrix data (a list of hypotheses) or readings with reasons per cell
    "hypotheses.yml": (("*", "ratings"), ("readings",), ("hypotheses", "*", "ratings"),
                       ("rows", "*", "diagnostic"), ("rows", "*", "note")),
    # "Source the analysis": the model choice, its reason, the range and what is shown after a commit
    "source-analysis.yml": tuple(("items", "*", f) for f in ("model", "model_reason", "defensible", "after")),
    # "Read laterally": the model grade of each outlet, and the model update of the claim with its notes
    "lateral-reading.yml": (("outlets", "*", "grading"), ("claim_update", "candidates", "*", "note"),
                            *(("claim_update", f) for f in ("source", "status", "status_reason", "defensible"))),
}


def _strip(value: Any, path: tuple[str, ...]) -> None:
    """Delete ``path`` wherever it occurs in ``value`` (quietly where it does not)."""
    head, rest = path[0], path[1:]
    if head == "*":
        children = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else []
        for child in children:
            if rest:
                _strip(child, rest)
        return
    if isinstance(value, dict) and head in value:
        if rest:
            _strip(value[head], rest)
        else:
            del value[head]


def strip_model_answers(data_dir: Path) -> None:
    """Rewrite the data files in ``data_dir`` (a copy!) without model fields, and write the marker.

    The files are rewritten from their parsed values, so comments (which may discuss the model
    answers) go too. The marker carries the full data's edition and record fingerprints, so that
    exports from this edition match the data the class report marks them against, and how many
    items each exercise requires (a count that needs the model data to compute on some shapes).
    """
    from .data import load_dataset
    from .exercises.chain import EXERCISES, evaluate, plain_data, record_fingerprints

    full = plain_data(load_dataset(data_dir))
    for name, paths in MODEL_FIELDS.items():
        path = data_dir / name
        if not path.exists():  # an optional file this copy of the data leaves out
            continue
        value = yaml.safe_load(path.read_text(encoding="utf-8"))
        for field_path in paths:
            _strip(value, field_path)
        path.write_text(yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")
    (data_dir / MARKER).write_text(yaml.safe_dump({
        "assessed": True,
        "note": "This copy of the data holds no model answers. The exercises save choices and reasons without "
                "feedback; the instructor marks them against the full data.",
        "data_edition": full["edition"],
        "fingerprints": record_fingerprints(full),
        "required": {e.id: evaluate(e.id, {}, full)["progress"]["required"] for e in EXERCISES},
    }, sort_keys=False), encoding="utf-8")


def is_assessed(ds: Any) -> bool:
    """Whether a loaded dataset is an assessed edition's data."""
    return bool((getattr(ds, "extra", {}) or {}).get("assessed", {}).get("assessed"))


# -- pages: what each data directive shows in the assessed edition ----------------------------------------


def _text(value: str) -> str:
    return myst_text.text(value)


def _claim_card(ds: Any, claim: dict[str, Any]) -> str:
    lines = [f"(claim-{claim['id']})=", ":::{admonition} A claim to judge", ":class: claim", "",
             f"**The analysis claims:** {_text(claim['text'])}", ""]
    for heading, key in (("Evidence that bears on it", "supports"), ("More evidence that bears on it", "undermines")):
        items = [e for e in ds.evidence if claim["id"] in e.get(key, [])]
        lines += [f"- **{human_date(e['date'])}.** {_text(e['summary'])}" for e in items]
    lines += ["", "Its kind and status are for you to judge in the exercises; your instructor discusses them "
                  "after the assessment.", ":::", ""]
    return "\n".join(lines)


def claim_cards(ds: Any, chapter: str) -> str:
    """A chapter's claims with the evidence that bears on them, without kind, status or counterpoint."""
    claims = sorted((c for c in ds.claims if c["chapter"] == chapter), key=lambda c: not c.get("main", False))
    return "\n".join(_claim_card(ds, c) for c in claims)


def then_and_now(ds: Any) -> str:
    """The claims with their chapters, without kind or status."""
    pages = {c["id"]: c["page"] for c in ds.chapters}
    rows = ["| Claim (spring 2025) | Chapter |", "| --- | --- |"]
    rows += [f"| {_text(c['text'])} | {{doc}}`/{pages[c['chapter']]}` |" for c in ds.claims]
    return "\n".join(rows) + "\n"


def source_grades(ds: Any) -> str:
    """The evidence items with their sources, ungraded."""
    rows = ["| Evidence | Date | Source |", "| --- | --- | --- |"]
    rows += [f"| {_text(e['summary'])} | {human_date(e['date'])} | {{cite:p}}`{e['source']}` |"
             for e in sorted(ds.evidence, key=lambda e: e["date"])]
    return "\n".join(rows) + "\n"


def withheld(what: str) -> Callable[[Any, str], str]:
    """A directive whose content would give answers away: one sentence saying it is withheld."""
    return lambda ds, _arg: f"*{what} This is the assessed edition; the practice edition has it.*\n"


#: Directive name -> what it renders in the assessed edition. Directives not listed show no model answers.
PAGES: dict[str, Callable[[Any, str], str]] = {
    "claim-cards": claim_cards,
    "then-and-now": lambda ds, _arg: then_and_now(ds),
    "source-grades": lambda ds, _arg: source_grades(ds),
    "seed-errors": withheld("The analysis's known errors are not listed here."),
    "self-check": withheld("The self-check is switched off."),
    "exercise-check": withheld("The self-check is switched off."),
    "answer-key": withheld("The answer key is not part of this edition."),
    "model-matrices": withheld("The model matrices are not part of this edition."),
}
