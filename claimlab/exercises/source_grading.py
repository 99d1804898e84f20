"""Exercise a: grade a source with the Admiralty (NATO) code and compare with the model grading.

The code has two separate scales on purpose: how far we trust the *source*
(reliability A-F) and how far we believe this *piece of information*
(credibility 1-6). Students tend to merge them, so each is marked on its own.

A-E and 1-5 are ordered scales, so being one step away from the model answer is a
defensible judgement and is marked as "close". F and 6 mean "cannot be judged":
they are not one more step down the scale but a refusal to place the item on it.
Mixing up "cannot be judged" with a judgement is therefore always "far", whatever
letter or number sits next to F or 6.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..labels import CREDIBILITY, RELIABILITY

#: Points per scale: an exact match earns 2, one step off 1, anything else 0.
POINTS = {"exact": 2, "close": 1, "far": 0}


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


def _compare(answer: Any, model: Any, scale: Sequence[Any], labels: Mapping[Any, str],
             cannot_judge: Any, reason: str) -> dict[str, Any]:
    """Mark one scale. ``scale`` lists the judgeable values in order, best first."""
    shown_answer = f"{answer} ({labels[answer]})"
    shown_model = f"{model} ({labels[model]})"
    steps: int | None = None
    if answer == model:
        verdict = "exact"
        message = f"Exact: the model answer is also {shown_model}."
    elif model == cannot_judge:
        verdict = "far"
        message = (f"Far off: you chose {shown_answer}, but the model answer is {shown_model}. "
                   "Too little is known to place this on the scale; any grade claims knowledge nobody has.")
    elif answer == cannot_judge:
        verdict = "far"
        message = (f"Far off: you chose {shown_answer}, but the model answer finds enough to judge: "
                   f"{shown_model}.")
    else:
        steps = abs(scale.index(answer) - scale.index(model))
        direction = "stricter" if scale.index(answer) > scale.index(model) else "more generous"
        verdict = "close" if steps == 1 else "far"
        opening = "One step off" if steps == 1 else f"Far off ({steps} steps)"
        message = f"{opening}: you chose {shown_answer}; the model answer is {shown_model}. You were {direction}."
    return {"answer": answer, "model": model, "verdict": verdict, "steps": 0 if verdict == "exact" else steps,
            "points": POINTS[verdict], "message": message, "reason": reason}


def grade_sources(item: Mapping[str, Any], reliability: Any, credibility: Any) -> dict[str, Any]:
    """Feedback on a student's grading of one evidence item (a record of evidence.yml).

    Returns ``{"evidence", "reliability": {...}, "credibility": {...}, "points", "max_points"}``;
    each scale carries ``answer, model, verdict (exact|close|far), steps, points, message, reason``,
    where ``reason`` is the model answer's own one-line justification.
    """
    model = item["grading"]
    rel = _compare(parse_reliability(reliability), parse_reliability(model["reliability"]),
                   list("ABCDE"), RELIABILITY, "F", model["reliability_reason"])
    cred = _compare(parse_credibility(credibility), parse_credibility(model["credibility"]),
                    [1, 2, 3, 4, 5], CREDIBILITY, 6, model["credibility_reason"])
    return {"evidence": item["id"], "reliability": rel, "credibility": cred,
            "points": rel["points"] + cred["points"], "max_points": 2 * POINTS["exact"]}


def grading_summary(results: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Totals over several graded items: how many scales were exact, close or far, and the points."""
    counts = {"exact": 0, "close": 0, "far": 0}
    items = points = max_points = 0
    for result in results:
        items += 1
        points += result["points"]
        max_points += result["max_points"]
        for scale in ("reliability", "credibility"):
            counts[result[scale]["verdict"]] += 1
    return {"items": items, **counts, "points": points, "max_points": max_points}
