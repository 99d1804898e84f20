"""Exercise "Grade the sources": grade a source with the Admiralty (NATO) code, with a reason.

The code has two separate scales on purpose: how far we trust the *source* (reliability
A-F) and how far we believe this *piece of information* (credibility 1-6). Students tend to
merge them, so each is judged on its own.

A grade is a judgement on which informed analysts differ, so nothing here gives marks: each
evidence item carries a defensible range (``grading.defensible`` in evidence.yml), and the
feedback says whether the student's grade lies inside it, with the strongest case against it
(see :mod:`claimlab.exercises.defensible`). Summaries count choices inside and outside the range.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..labels import CREDIBILITY, RELIABILITY
from .defensible import judge
from .reasons import content_words, source_anchors

FIELDS = ("reliability", "credibility")
#: Words any reason about a source's trustworthiness may rest on.
SOURCE_WORDS = ("source", "sources", "report", "reported", "reports", "outlet", "publisher", "author", "agency",
                "state media", "confirmed", "corroborated", "track record", "primary", "document", "official")


def parse_reliability(value: Any) -> str:
    """A reliability letter A-F (any case); ``ValueError`` for anything else."""
    letter = str(value).strip().upper()
    if letter not in RELIABILITY:
        raise ValueError(f"reliability must be one of {', '.join(RELIABILITY)} (got {value!r})")
    return letter


def parse_credibility(value: Any) -> int:
    """A credibility number 1-6 (int or digit string); ``ValueError`` for anything else."""
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number not in CREDIBILITY:
        raise ValueError(f"credibility must be a whole number from 1 to 6 (got {value!r})")
    return number


def anchors(item: Mapping[str, Any], sources: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """What a reason for grading ``item`` may name: its publishers and authors, words about sources,
    and the telling words of its summary."""
    keys = [item["source"], *item.get("also", [])]
    return {*source_anchors(keys, sources), *SOURCE_WORDS, *content_words(item["summary"])}


def grade_sources(item: Mapping[str, Any], reliability: Any, credibility: Any) -> dict[str, Any]:
    """Feedback on a student's grading of one evidence item (a record of evidence.yml).

    Returns ``{"evidence", "reliability": {...}, "credibility": {...}, "inside", "range_reason"}``;
    each scale is :func:`claimlab.exercises.defensible.judge` output (``answer, model, range,
    inside, message, reason``). ``inside`` is true when both grades lie in their ranges.
    """
    model = item["grading"]
    ranges = model["defensible"]
    rel = judge(parse_reliability(reliability), parse_reliability(model["reliability"]),
                [parse_reliability(v) for v in ranges["reliability"]], RELIABILITY, model["reliability_reason"],
                ranges["reason"])
    cred = judge(parse_credibility(credibility), parse_credibility(model["credibility"]),
                 [parse_credibility(v) for v in ranges["credibility"]], CREDIBILITY, model["credibility_reason"],
                 ranges["reason"])
    return {"evidence": item["id"], "reliability": rel, "credibility": cred,
            "inside": rel["inside"] and cred["inside"], "range_reason": ranges["reason"]}


def grading_summary(results: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many items were graded and how many grades lie inside or outside the defensible range.

    Counts, not marks: a grade outside the range is a view to argue for, not an error.
    """
    items = inside = outside = 0
    for result in results:
        items += 1
        for scale in FIELDS:
            if result[scale]["inside"]:
                inside += 1
            else:
                outside += 1
    return {"items": items, "inside": inside, "outside": outside}
