"""Exercise c: for each main claim, pick its strongest counterpoint and steelman it in one line.

Choosing the strongest objection (not the easiest to knock down) and restating it
fairly in one's own words is the habit the module is built around. Where fewer
than three counterpoints answer a claim, counterpoints written for *other* claims
are added, so the student must also judge relevance, not just strength.

Candidate order and distractors come from a hash of the ids, not from ``random``:
every student, every re-run and the stored notebook output see the same list.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher
from typing import Any

from .citations import CITE

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


def duel_candidates(claim: Mapping[str, Any], counterpoints: Sequence[Mapping[str, Any]],
                    minimum: int = MIN_CANDIDATES) -> list[dict[str, Any]]:
    """Counterpoints to offer for ``claim``: those responding to it, topped up with distractors.

    Each candidate is ``{"id", "text", "voice", "responds"}``; ``responds`` is False for a
    distractor. The order is shuffled deterministically so the answer is not always first.
    """
    responding = [cp for cp in counterpoints if claim["id"] in cp["responds_to"]]
    responding_ids = {cp["id"] for cp in responding}
    others = sorted((cp for cp in counterpoints if cp["id"] not in responding_ids),
                    key=lambda cp: _stable_key("distractor", claim["id"], cp["id"]))
    chosen = responding + others[: max(0, minimum - len(responding))]
    chosen.sort(key=lambda cp: _stable_key("order", claim["id"], cp["id"]))
    return [{"id": cp["id"], "text": cp["text"], "voice": cp.get("voice"), "responds": cp["id"] in responding_ids}
            for cp in chosen]


def duel_board(claims: Sequence[Mapping[str, Any]],
               counterpoints: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The whole board: every main claim with its candidates, ``[{"claim", "candidates"}]``."""
    return [{"claim": claim["id"], "candidates": duel_candidates(claim, counterpoints)}
            for claim in main_claims(claims)]


def check_pick(claim: Mapping[str, Any], pick: str, counterpoints: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Compare the student's pick with the claim's ``strongest_counterpoint`` and explain it."""
    by_id = {cp["id"]: cp for cp in counterpoints}
    if pick not in by_id:
        raise ValueError(f"unknown counterpoint {pick!r}")
    model = claim["strongest_counterpoint"]
    responds = claim["id"] in by_id[pick]["responds_to"]
    correct = pick == model
    if correct:
        message = "Yes: that is the strongest counterpoint in the model answer."
    elif not responds:
        message = ("That counterpoint was written to answer a different claim, so it does not meet this one "
                   "head on. Look for the objection that attacks this claim's own reasoning.")
    else:
        message = ("A fair objection, but the model answer picks another one as stronger. Compare the two: "
                   "which would the claim's author find harder to answer?")
    return {"claim": claim["id"], "pick": pick, "model": model, "correct": correct, "responds": responds,
            "message": message, "why": claim["strongest_why"], "model_text": by_id[model]["text"]}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", CITE.sub(" ", text).lower())


def check_steelman(text: str, counterpoint_text: str) -> dict[str, Any]:
    """Check a one-line steelman; ``{"ok", "problems": [...]}`` with one sentence per problem."""
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
    theirs = _words(counterpoint_text)
    run = SequenceMatcher(None, mine, theirs, autojunk=False).find_longest_match(0, len(mine), 0, len(theirs)).size
    if mine and run >= min(COPY_RUN_WORDS, len(mine)):
        problems.append("Put it in your own words: you have copied a long stretch of the counterpoint's text.")
    return {"ok": not problems, "problems": problems}
