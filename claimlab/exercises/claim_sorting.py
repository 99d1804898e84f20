"""Exercise b: sort the analysis's claims by kind and by how they stand today.

Kind and status answer different questions (what sort of statement is this? is it
still true?), so each is marked separately. A wrong answer gets the definition of
the right category, and for the pairs students confuse most often a note on how
to tell them apart, because "wrong, it's X" teaches nothing.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..labels import KIND as KINDS
from ..labels import STATUS as STATUSES

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


def _mark(answer: str, model: str, labels: Mapping[str, str], what: str) -> dict[str, Any]:
    if answer not in labels:
        raise ValueError(f"{what} must be one of {', '.join(labels)} (got {answer!r})")
    correct = answer == model
    if correct:
        message = f"Right: {model} ({labels[model]})."
    else:
        message = f"Not quite: you chose {answer}; the model answer is {model} ({labels[model]})."
        hint = CONFUSIONS.get(frozenset({answer, model}))
        if hint:
            message += " " + hint
    return {"answer": answer, "model": model, "correct": correct, "message": message}


def sort_claims(claim: Mapping[str, Any], kind: str, status: str) -> dict[str, Any]:
    """Feedback on one claim (a record of claims.yml) sorted by kind and status.

    Returns ``{"claim", "kind": {...}, "status": {...}, "as_of", "status_note", "error"}``; the
    status note and its date come with every answer, right or wrong, because the point is to
    see *why* a claim stands where it does and as of when. ``error`` is the claim's known
    error (``problem``, ``lesson``) or ``None``.
    """
    return {
        "claim": claim["id"],
        "kind": _mark(kind, claim["kind"], KINDS, "kind"),
        "status": _mark(status, claim["status"], STATUSES, "status"),
        "as_of": claim["as_of"],
        "status_note": claim["status_note"],
        "error": claim.get("error"),
    }


def sorting_summary(results: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many claims were sorted and how many kinds and statuses were right."""
    items = kinds = statuses = 0
    for result in results:
        items += 1
        kinds += result["kind"]["correct"]
        statuses += result["status"]["correct"]
    return {"items": items, "kind_correct": kinds, "status_correct": statuses}
