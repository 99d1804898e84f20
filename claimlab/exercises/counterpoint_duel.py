"""Exercise "Counterpoint duel": rank each main claim's counterpoints by strength, then steelman the strongest.

Choosing the strongest objection (not the easiest to knock down) and restating it fairly
in one's own words is the habit the module is built around. Every candidate answers the
claim (its ``responds_to`` in counterpoints.yml names the claim), so the student judges
strength, not relevance. The ranking is a judgement: the model's choice of the strongest
(``strongest_counterpoint`` and ``strongest_why`` in claims.yml) is one defensible view, shown
beside the student's ranking and never used to call it wrong.

A steelman must be about the claim: it names one of the claim's own terms, an evidence item
or a source, so a fluent sentence about anything else fails.

Candidate order comes from a hash of the ids, not from ``random``: every student, every
re-run and the stored notebook output see the same list.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from .citations import CITE
from .reasons import content_words, names_any, source_anchors

#: Every main claim needs this many counterpoints that answer it (a data rule, tested).
MIN_CANDIDATES = 3
#: A one-line steelman: long enough to be a sentence, short enough to force a choice of words.
STEELMAN_MIN_WORDS = 5
STEELMAN_MAX_CHARS = 200
#: This many consecutive words taken from the counterpoint count as copying it.
COPY_RUN_WORDS = 8


def _stable_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def main_claims(claims: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The claims marked ``main: true``, in data order."""
    return [c for c in claims if c.get("main")]


def duel_candidates(claim: Mapping[str, Any], counterpoints: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The counterpoints that answer ``claim``, ``[{"id", "text", "voice", "sources"}]``.

    The order is shuffled deterministically so the model's strongest is not always first.
    """
    answering = [cp for cp in counterpoints if claim["id"] in cp["responds_to"]]
    answering.sort(key=lambda cp: _stable_key("order", claim["id"], cp["id"]))
    return [{"id": cp["id"], "text": cp["text"], "voice": cp.get("voice"), "sources": list(cp["sources"])}
            for cp in answering]


def duel_board(claims: Sequence[Mapping[str, Any]],
               counterpoints: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The whole board: every main claim with its candidates, ``[{"claim", "candidates"}]``."""
    return [{"claim": claim["id"], "candidates": duel_candidates(claim, counterpoints)}
            for claim in main_claims(claims)]


def anchors(claim: Mapping[str, Any], counterpoint: Mapping[str, Any] | None, evidence: Sequence[Mapping[str, Any]],
            sources: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """What a steelman or a ranking reason may name: the claim's own telling words, an evidence item
    id, or a source of the counterpoint (its publisher or its voice)."""
    found = {*content_words(claim["text"]), *(e["id"] for e in evidence)}
    if counterpoint:
        found |= source_anchors(counterpoint["sources"], sources)
        found |= content_words(counterpoint.get("voice") or "", min_length=4)
    return found


def check_ranking(claim: Mapping[str, Any], ranking: Sequence[str],
                  counterpoints: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Set the student's ranking (strongest first) beside the model's choice of the strongest.

    ``ranking`` must list every candidate once. Returns ``{"claim", "ranking", "model",
    "model_place", "agree", "message", "why", "model_text"}``: ``model_place`` is where the
    student put the model's strongest (1 = first), ``agree`` whether both put it first. A
    different order is a view to argue, so the message never calls it wrong.
    """
    by_id = {cp["id"]: cp for cp in counterpoints}
    candidates = [c["id"] for c in duel_candidates(claim, counterpoints)]
    if sorted(ranking) != sorted(candidates) or len(set(ranking)) != len(ranking):
        raise ValueError(f"rank every candidate once: {', '.join(candidates)} (got {list(ranking)!r})")
    model = claim["strongest_counterpoint"]
    place = list(ranking).index(model) + 1
    if place == 1:
        runner_up = ranking[1] if len(ranking) > 1 else None
        message = ("You and the model view both rank the same counterpoint strongest. The case against: "
                   + (f"your second choice may be harder for the claim's author to answer; compare them once more."
                      if runner_up else "there is no other candidate to weigh it against."))
    else:
        message = (f"The model view ranks first the counterpoint you placed {_ordinal(place)}. This is one "
                   "defensible view, not the answer: if you still rank yours higher, argue your case in a "
                   "revision and say which one the claim's author would find harder to answer, and why.")
    return {"claim": claim["id"], "ranking": list(ranking), "model": model, "model_place": place,
            "agree": place == 1, "message": message, "why": claim["strongest_why"],
            "model_text": by_id[model]["text"]}


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"number {n}")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", CITE.sub(" ", text).lower())


@lru_cache(maxsize=256)
def _runs(text: str, length: int) -> frozenset[tuple[str, ...]]:
    """Every run of ``length`` consecutive words of ``text`` (a counterpoint: the same few for a whole class)."""
    words = _words(text)
    return frozenset(tuple(words[i:i + length]) for i in range(len(words) - length + 1))


def _copies(mine: tuple[str, ...], text: str, length: int) -> bool:
    """Whether ``mine`` and ``text`` share a run of ``length`` consecutive words (their longest common
    run is at least that long)."""
    theirs = _runs(text, length)
    return any(mine[i:i + length] in theirs for i in range(len(mine) - length + 1))


def check_steelman(text: str, counterpoint_text: str, about: Iterable[str]) -> dict[str, Any]:
    """Check a one-line steelman; ``{"ok", "problems": [...]}`` with one sentence per problem.

    ``about`` are the words it must use at least one of (see :func:`anchors`): a steelman of an
    objection to *this* claim names the claim's terms, an evidence item or a source.
    """
    stripped = text.strip()
    problems: list[str] = []
    if not stripped:
        return {"ok": False, "problems": ["Write the counterpoint at its strongest, in one line of your own."]}
    if "\n" in stripped or "\r" in stripped:
        problems.append("Keep it to one line: join your sentences or cut one.")
    if len(stripped) > STEELMAN_MAX_CHARS:
        problems.append(f"Keep it under {STEELMAN_MAX_CHARS} characters (yours has {len(stripped)}): "
                        "a steelman is the core of the argument, not all of it.")
    mine = _words(stripped)
    if len(mine) < STEELMAN_MIN_WORDS:
        problems.append(f"Use at least {STEELMAN_MIN_WORDS} words, so that it states an argument.")
    if mine and _copies(tuple(mine), counterpoint_text, min(COPY_RUN_WORDS, len(mine))):
        problems.append("Put it in your own words: you have copied a long stretch of the counterpoint's text.")
    if mine and not names_any(stripped, about):
        problems.append("Make it about this claim: name one of the claim's own terms, an evidence item or a source.")
    return {"ok": not problems, "problems": problems}
