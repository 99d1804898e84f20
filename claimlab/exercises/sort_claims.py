"""Exercise "Sort the claims": sort the analysis's claims by kind and by how they stand today.

Kind and status answer different questions (what sort of statement is this? does it still
stand?), so each is judged separately. Both are judgements informed readers can dispute, so
each claim carries a defensible range (``defensible`` in claims.yml) and nothing is marked:
feedback says whether a choice lies inside the range, with the strongest case against it (see
:mod:`claimlab.exercises.defensible`), and for the pairs students confuse most often a note on
how to tell them apart. The status words are defined once, in :data:`claimlab.labels.STATUS`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..labels import KIND as KINDS
from ..labels import STATUS as STATUSES
from .defensible import judge
from .reasons import content_words

FIELDS = ("kind", "status")
#: Words any reason about a claim's standing may rest on.
CLAIM_WORDS = ("evidence", "source", "sources", "date", "dated", "record", "records", "claim", "written")

#: How to tell apart the categories students mix up most; keyed by the unordered pair.
CONFUSIONS: dict[frozenset[str], str] = {
    frozenset({"fact", "allegation"}): "Ask who could prove it: an allegation accuses someone and is still unproven, "
                                       "however often it is repeated.",
    frozenset({"fact", "interpretation"}): "A fact can be checked against records; an interpretation explains why "
                                           "something happened and can be argued over.",
    frozenset({"interpretation", "prediction"}): "A prediction is about the future and can later be checked; an "
                                                 "interpretation explains the present or past.",
    frozenset({"prediction", "recommendation"}): "A prediction says what will happen; a recommendation says what "
                                                 "someone should do.",
    frozenset({"overtaken", "wrong"}): "The difference is timing: an overtaken claim was right when written; a wrong "
                                       "one never was. Check the date the text was written.",
    frozenset({"holds", "contested"}): "A claim is contested when credible sources disagree, even if you find one "
                                       "side more convincing.",
}


def anchors(claim: Mapping[str, Any]) -> set[str]:
    """What a reason for sorting ``claim`` may name: its own telling words, the kind and status
    words (and their hyphen-free forms), and words about evidence and dates."""
    words = {w for term in (*KINDS, *STATUSES) for w in (term, term.replace("-", " "))}
    return {*content_words(claim["text"]), *words, *CLAIM_WORDS}


def _range(claim: Mapping[str, Any], field: str) -> list[str]:
    return list(claim.get("defensible", {}).get(field, [claim[field]]))


def sort_claims(claim: Mapping[str, Any], kind: str, status: str) -> dict[str, Any]:
    """Feedback on one claim (a record of claims.yml) sorted by kind and status.

    Returns ``{"claim", "kind": {...}, "status": {...}, "inside", "as_of", "status_note",
    "error"}``; ``kind`` and ``status`` are :func:`claimlab.exercises.defensible.judge` output
    plus a ``hint`` (how to tell the two categories apart, or ""). The status note and its date
    come with every answer, because the point is to see *why* a claim stands where it does and
    as of when. ``error`` is the claim's known error (``problem``, ``lesson``) or ``None``.
    """
    defensible = claim.get("defensible", {})
    range_reason = defensible.get("reason", "the data give no wider range for this claim.")
    marks = {}
    reasons = {"kind": f"It reads as {KINDS.get(claim['kind'], claim['kind'])}.",
               "status": claim.get("status_reason") or claim["status_note"]}
    for field, labels, answer in (("kind", KINDS, kind), ("status", STATUSES, status)):
        if answer not in labels:
            raise ValueError(f"{field} must be one of {', '.join(labels)} (got {answer!r})")
        mark = judge(answer, claim[field], _range(claim, field), labels, reasons[field], range_reason)
        mark["hint"] = "" if answer == claim[field] else CONFUSIONS.get(frozenset({answer, claim[field]}), "")
        marks[field] = mark
    return {"claim": claim["id"], **marks, "inside": marks["kind"]["inside"] and marks["status"]["inside"],
            "as_of": claim["as_of"], "status_note": claim["status_note"], "error": claim.get("error")}


def sorting_summary(results: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many claims were sorted and how many choices lie inside or outside the defensible range."""
    items = inside = outside = 0
    for result in results:
        items += 1
        for field in FIELDS:
            inside += result[field]["inside"]
            outside += not result[field]["inside"]
    return {"items": items, "inside": inside, "outside": outside}
