"""Feedback on a contestable judgement: inside or outside the range an informed analyst could defend.

A grade, a kind or a status is a judgement on which experts differ, so the data give one
defensible view (the model answer) *and* the range around it (``defensible`` in evidence.yml
and claims.yml, see the developers' contract 2). Feedback never calls such a choice wrong and
never scores it: inside the range it says so and shows the strongest case against the student's
own choice; outside it, it shows the model's reasoning and asks the student to argue their case
in a revision. Only items with one right answer (a date, a list membership) may earn points,
and none of those live here.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def shown(value: Any, labels: Mapping[Any, str], named: bool = False) -> str:
    """A value in a reader's words: a code or term with its meaning (``B (usually reliable)``,
    ``partly wrong (its core stands, ...)``); with ``named``, the labels are the choices' own names and
    stand alone. Never an internal id with hyphens."""
    if value not in labels:
        return str(value)
    return labels[value] if named else f"{str(value).replace('-', ' ')} ({labels[value]})"


def judge(answer: Any, model: Any, allowed: Sequence[Any], labels: Mapping[Any, str], model_reason: str,
          range_reason: str, named: bool = False) -> dict[str, Any]:
    """``{"answer", "model", "range", "inside", "message", "reason"}`` for one contestable choice.

    ``allowed`` is the defensible range (the model's own choice is always in it); ``reason`` is the
    model's one-line justification. ``inside`` is a count, never a mark: it is not turned into points.
    ``named``: the labels are the choices' names (not definitions of a code), see :func:`shown`.
    """
    if answer not in labels:
        raise ValueError(f"must be one of {', '.join(map(str, labels))} (got {answer!r})")
    allowed = [v for v in labels if v in {*allowed, model}]  # in scale order, model always included
    span = "; ".join(labels[v] for v in allowed) if named else ", ".join(str(v).replace("-", " ") for v in allowed)
    others = [v for v in allowed if v != answer]
    inside = answer in allowed
    if inside and answer == model and others:
        against = (f"an informed analyst could also choose {', '.join(shown(v, labels, named) for v in others)}: "
                   f"{range_reason}")
        message = f"Within the defensible range ({span}); the model view is also {shown(model, labels, named)}. " \
                  f"The strongest case against your choice: {against}"
    elif inside and answer == model:
        message = (f"Within the defensible range, which is narrow here ({span}): {range_reason} "
                   f"Ask yourself what new evidence would move it.")
    elif inside:
        message = (f"Within the defensible range ({span}). The strongest case against your "
                   f"{shown(answer, labels, named)}: the model view prefers {shown(model, labels, named)}. {model_reason}")
    else:
        message = (f"Outside the range the model view finds defensible ({span}). Its reasoning: {model_reason} "
                   f"On the range: {range_reason} If you still hold {shown(answer, labels, named)}, argue your case: "
                   "commit it again with a reason that names what this reasoning leaves out.")
    return {"answer": answer, "model": model, "range": allowed, "inside": inside, "message": message,
            "reason": model_reason}
