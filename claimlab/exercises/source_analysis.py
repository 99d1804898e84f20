"""Exercise "Source the analysis": source the text the book studies before judging what it says.

Document-based history lessons teach four habits before any argument about content: *sourcing*
(who wrote it, when, what kind of text, for whom), *contextualisation* (how it is built and what
its order does to a reader), *close reading* (what single words do) and *corroboration* (what
other dated accounts say). Each habit is practised here on the analysis itself, one question at a
time, from ``data/source-analysis.yml``.

Only a question with one right answer (when the text was written, which the text's own clues fix)
is marked right or not and earns a point. Every other question is a judgement on which informed
readers differ: feedback says whether the choice lies in the defensible range, with the strongest
case against it (:func:`claimlab.exercises.defensible.judge`), and never calls it wrong. Standard
library only, so it also runs in a browser-side Python.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .defensible import judge
from .reasons import content_words

FIELDS = ("choice",)
#: Words any reason about the text's source, form or wording may rest on.
TEXT_WORDS = ("text", "analysis", "author", "date", "dated", "clue", "section", "sections", "word", "words",
              "phrase", "ending", "ends", "account", "source", "sources", "reader", "readers")

Section = Mapping[str, Any]


def questions(section: Section) -> list[Mapping[str, Any]]:
    """The items of ``data/source-analysis.yml`` in order (none if the section is empty)."""
    found = section.get("items") if isinstance(section, Mapping) else None
    return list(found) if isinstance(found, list) else []


def choice_labels(section: Section, item: Mapping[str, Any]) -> dict[str, str]:
    """``{choice id: label}`` for one item, in the order the data give them."""
    return {o["id"]: o["label"] for o in section["choice_sets"][item["choices"]]}


def anchors(item: Mapping[str, Any]) -> set[str]:
    """What a reason for ``item`` may name: the item's own anchors, its quoted phrase, the telling words
    of its question, and words about texts and sources."""
    return {*item.get("anchors", []), *([item["quote"]] if item.get("quote") else []),
            *content_words(item["question"]), *TEXT_WORDS}


def _scored(item: Mapping[str, Any], answer: str, labels: Mapping[str, str]) -> dict[str, Any]:
    """Feedback on the item with one right answer: right or not, with the clues either way."""
    model = item["model"]
    right = answer == model
    if right:
        message = f"Right: {labels[model]}. {item['model_reason']}"
    else:
        message = (f"Not the period the clues point to. You chose {labels[answer]}; the text's own clues point to "
                   f"{labels[model]}. {item['model_reason']} {item['defensible']['reason']} Commit a revision with a "
                   "reason that names a clue.")
    return {"answer": answer, "model": model, "range": [model], "inside": right, "correct": right,
            "points": int(right), "message": message, "reason": item["model_reason"]}


def source_analysis(item: Mapping[str, Any], choice: Any, section: Section) -> dict[str, Any]:
    """Feedback on one committed choice for one item of ``data/source-analysis.yml``.

    Returns ``{"item", "step", "scored", "answer", "model", "range", "inside", "message", "reason", "after"}``
    plus, for a scored item only, ``"correct"`` and ``"points"`` (0 or 1). ``ValueError`` if the choice is not
    one of the item's choices.
    """
    labels = choice_labels(section, item)
    if choice not in labels:
        raise ValueError(f"choice must be one of {', '.join(labels)} (got {choice!r})")
    if item.get("scored"):
        mark = _scored(item, choice, labels)
    else:
        mark = judge(choice, item["model"], item["defensible"]["choice"], labels, item["model_reason"],
                     item["defensible"]["reason"], named=True)
    return {"item": item["id"], "step": item["step"], "scored": bool(item.get("scored")), **mark,
            "after": item["after"]}


def analysis_summary(results: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Items answered, choices inside and outside the defensible range (scored items left out), and points.

    Points come only from scored items (one right answer); a contestable choice is counted, never scored.
    """
    items = inside = outside = points = 0
    for result in results:
        items += 1
        if result["scored"]:
            points += result["points"]
        else:
            inside += result["inside"]
            outside += not result["inside"]
    return {"items": items, "inside": inside, "outside": outside, "points": points}


def max_points(section: Section) -> int:
    """How many points the exercise can give: one per scored item."""
    return sum(bool(i.get("scored")) for i in questions(section))
