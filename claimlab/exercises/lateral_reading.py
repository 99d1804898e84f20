"""Exercise "Read laterally": grade an outlet, leave it to check who runs it, grade it again.

Stanford History Education Group's lateral reading: a site's own look says little about who stands
behind it, so a careful reader opens new tabs and asks others. The exercise makes the change of mind
visible. Each outlet is an item graded twice with the Admiralty reliability scale (A-F): the first
commit is made before checking, the second after checking (the searches to make, or the dossier in the
book), and both are kept (:mod:`claimlab.exercises.attempts`). The model view is shown only after the
re-grade, so the first grade stays the student's own and the second is not copied from it.

A last item brings one claim's "as of" status up to date with a newer dated source. Grades and statuses
are contestable: each is judged against a defensible range (:mod:`claimlab.exercises.defensible`),
never marked, so picking the same option everywhere scores nothing.

Data: ``data["lateral"]`` is data/lateral-reading.yml (``outlets``, ``claim_update``). Standard library
only, so this runs in a browser-side Python too.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..labels import RELIABILITY, STATUS
from . import attempts
from .defensible import judge
from .grade_sources import SOURCE_WORDS, parse_reliability
from .reasons import content_words

OUTLET_FIELDS = ("reliability",)
UPDATE_FIELDS = ("source", "status")
#: Words a reason about who runs an outlet may rest on, beside the outlet's name and site.
OWNER_WORDS = ("owner", "owned", "owns", "runs", "run by", "funded", "funding", "based", "about page", "editor",
               "anonymous", "nobody", "unknown", "state", "copy", "copies", "aggregator", "carrier", "affiliation")

Data = Mapping[str, Any]


def outlets(data: Data) -> list[dict[str, Any]]:
    """The outlets to grade (none when the data folder has no lateral-reading.yml)."""
    return list((data.get("lateral") or {}).get("outlets") or [])


def claim_update(data: Data) -> dict[str, Any] | None:
    """The claim-update item, or None."""
    return (data.get("lateral") or {}).get("claim_update")


def item_ids(data: Data) -> list[str]:
    """Every item of the exercise in order: the outlets, then the claim update."""
    update = claim_update(data)
    return [o["id"] for o in outlets(data)] + ([update["id"]] if update else [])


def stage(record: Mapping[str, Any] | None, is_outlet: bool) -> str:
    """Where a student is with an item: ``grade`` (nothing committed), ``check`` (an outlet graded once: check
    who runs it, then grade again; no model view yet) or ``compare`` (feedback may be shown)."""
    tried = len(attempts.attempts(record))
    if not tried:
        return "grade"
    return "check" if is_outlet and tried < 2 else "compare"


def outlet_anchors(outlet: Mapping[str, Any]) -> set[str]:
    """What a reason for grading ``outlet`` may name: the outlet, its site, words about sources and owners, and
    the telling words of its dossier (what the student read when checking)."""
    found = {outlet["name"], outlet["site"], *outlet["name"].split(), *SOURCE_WORDS, *OWNER_WORDS}
    for fact in outlet.get("dossier", []):
        found |= content_words(fact["text"])
    return {a for a in found if len(a) >= 3}


def grade_outlet(outlet: Mapping[str, Any], reliability: Any) -> dict[str, Any]:
    """Feedback on a reliability grade for one outlet: :func:`~claimlab.exercises.defensible.judge` output plus
    ``outlet``. Raises ``ValueError`` for a grade that is not A-F."""
    model = outlet["grading"]
    result = judge(parse_reliability(reliability), parse_reliability(model["reliability"]),
                   [parse_reliability(v) for v in model["defensible"]["reliability"]], RELIABILITY,
                   model["reliability_reason"], model["defensible"]["reason"])
    return {"outlet": outlet["id"], **result}


def candidates(update: Mapping[str, Any], evidence: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The newer evidence items offered for the update, in the data's order, each with its model ``note``
    (absent in an assessed edition)."""
    by_id = {e["id"]: e for e in evidence}
    return [{**by_id[c["evidence"]], "note": c.get("note", "")} for c in update["candidates"] if c["evidence"] in by_id]


def update_anchors(update: Mapping[str, Any], claim: Mapping[str, Any],
                   evidence: Iterable[Mapping[str, Any]]) -> set[str]:
    """What a reason for the update may name: the claim's terms, an offered item's id or telling words, a status."""
    found = content_words(claim["text"]) | set(STATUS) | {s.replace("-", " ") for s in STATUS}
    for item in candidates(update, evidence):
        found |= {item["id"], *content_words(item["summary"])}
    return found


def parse_status(value: Any) -> str:
    """A status id from labels.STATUS; ``ValueError`` for anything else."""
    status = str(value).strip().lower()
    if status not in STATUS:
        raise ValueError(f"status must be one of {', '.join(STATUS)} (got {value!r})")
    return status


def update_claim(update: Mapping[str, Any], evidence: Iterable[Mapping[str, Any]], source: Any,
                 status: Any) -> dict[str, Any]:
    """Feedback on a claim update: the chosen source (one of the offered, newer items) and the new status.

    ``{"claim", "source": {"answer", "model", "same", "note", "model_note"}, "status": judge output, "inside"}``.
    The source is not marked either: the note on the student's own pick says what it can and cannot carry.
    """
    offered = {c["id"]: c for c in candidates(update, evidence)}
    if source not in offered:
        raise ValueError(f"source must be one of the offered items {', '.join(offered)} (got {source!r})")
    model = update["defensible"]
    status_result = judge(parse_status(status), parse_status(update["status"]),
                          [parse_status(s) for s in model["status"]], STATUS, update["status_reason"], model["reason"])
    return {"claim": update["claim"],
            "source": {"answer": source, "model": update["source"], "same": source == update["source"],
                       "note": offered[source]["note"], "model_note": offered[update["source"]]["note"]},
            "status": status_result, "inside": status_result["inside"]}


def lateral_summary(items: Mapping[str, Mapping[str, Any]]) -> dict[str, int]:
    """Counts, never marks: outlets graded, re-graded after checking, whose grade changed, first and latest grades
    inside the range, and whether the claim update lies in its range (1 or 0)."""
    graded = [i for i in items.values() if "outlet" in i["first"]]
    regraded = [i for i in graded if i["attempts"] > 1]
    update = [i for i in items.values() if "claim" in i["first"]]
    return {"outlets": len(graded), "regraded": len(regraded),
            "shifted": sum(i["first"]["answer"] != i["latest"]["answer"] for i in regraded),
            "first_inside": sum(i["first"]["inside"] for i in graded),
            "latest_inside": sum(i["latest"]["inside"] for i in regraded),
            "update": len(update), "update_inside": sum(i["latest"]["inside"] for i in update)}
