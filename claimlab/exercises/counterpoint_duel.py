"""Exercise "Counterpoint duel": rank each main claim's counterpoints by strength, then steelman the strongest.

Choosing the strongest objection (not the easiest to knock down) and restating it fairly
in one's own words is the habit the module is built around. Every candidate answers the
claim (its ``responds_to`` in counterpoints.yml names the claim), so the student judges
strength, not relevance. The ranking is a judgement: the model's choice of the strongest
(``strongest_counterpoint`` and ``strongest_why`` in claims.yml) is one defensible view, shown
beside the student's ranking and never used to call it wrong.

A steelman must be about the claim: it names one of the claim's own terms, an evidence item
or a source, so a fluent sentence about anything else fails.

The duel has two sides, one name per side (``for`` and ``against`` the claim, as in both-sides.yml).
An *against* round is a main claim: the student ranks the counterpoints that answer it and steelmans
the strongest. A *for* round is a sceptic's objection (a counterpoint with a ``thesis_case``): the
student ranks the evidence a defender of the claim could answer with and steelmans the claim against
the objection, from dated evidence, so the module trains the case for the thesis with the same care
as the case against it. Both sides share the ranking, the reason before feedback and the steelman
checks; a *for* steelman must also name one of the round's evidence items and its year.

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
#: The two sides of the duel: steelman the objection *against* a claim, or the case *for* it against an objection.
AGAINST, FOR = "against", "for"
#: What a round's candidates are, and who must find the strongest hardest to answer, per side.
_NOUN = {AGAINST: "counterpoint", FOR: "evidence item"}
_WHO = {AGAINST: "the claim's author", FOR: "the sceptic"}
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


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
    """The against side's board: every main claim with its candidates, ``[{"claim", "candidates"}]``."""
    return [{"claim": claim["id"], "candidates": duel_candidates(claim, counterpoints)}
            for claim in main_claims(claims)]


def thesis_candidates(objection: Mapping[str, Any], evidence: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The evidence a defender may answer ``objection`` with, ``[{"id", "text", "voice", "sources", "date"}]``,
    shuffled deterministically like :func:`duel_candidates` (the text is the item's summary, its sources
    the item's source and the accounts that repeat it)."""
    by_id = {e["id"]: e for e in evidence}
    ids = [i for i in objection["thesis_case"]["evidence"] if i in by_id]
    ids.sort(key=lambda i: _stable_key("order", objection["id"], i))
    return [{"id": i, "text": by_id[i]["summary"], "voice": None,
             "sources": [by_id[i]["source"], *by_id[i].get("also", [])], "date": str(by_id[i]["date"])}
            for i in ids]


def duel_rounds(claims: Sequence[Mapping[str, Any]], counterpoints: Sequence[Mapping[str, Any]],
                evidence: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every round of the duel, the main claims first, then the sceptics' objections in data order.

    A round is ``{"id", "side", "text", "claim", "objection", "candidates", "strongest", "why", "case_against"}``:
    ``text`` is what the round puts to the student (the claim, or the objection), ``claim`` the claim record
    argued about (against it, or for it), ``objection`` the counterpoint a *for* round answers (None on the
    *against* side), ``strongest``/``why`` the model view (None where an assessed edition stripped it) and
    ``case_against`` the strongest case against the model's *for* reply.
    """
    by_claim = {c["id"]: c for c in claims}
    rounds = [{"id": claim["id"], "side": AGAINST, "text": claim["text"], "claim": claim, "objection": None,
               "candidates": duel_candidates(claim, counterpoints), "strongest": claim.get("strongest_counterpoint"),
               "why": claim.get("strongest_why"), "case_against": None} for claim in main_claims(claims)]
    for cp in counterpoints:
        case = cp.get("thesis_case")
        if case and case["defends"] in by_claim:
            rounds.append({"id": cp["id"], "side": FOR, "text": cp["text"], "claim": by_claim[case["defends"]],
                           "objection": cp, "candidates": thesis_candidates(cp, evidence),
                           "strongest": case.get("strongest"), "why": case.get("why"),
                           "case_against": case.get("case_against")})
    return rounds


def anchors(claim: Mapping[str, Any], counterpoint: Mapping[str, Any] | None, evidence: Sequence[Mapping[str, Any]],
            sources: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """What a steelman or a ranking reason may name: the claim's own telling words, an evidence item
    id, or a source of the counterpoint (its publisher or its voice)."""
    found = {*content_words(claim["text"]), *(e["id"] for e in evidence)}
    if counterpoint:
        found |= source_anchors(counterpoint["sources"], sources)
        found |= content_words(counterpoint.get("voice") or "", min_length=4)
    return found


def check_ranking(round_: Mapping[str, Any], ranking: Sequence[str]) -> dict[str, Any]:
    """Set the student's ranking (strongest first) of a round's candidates beside the model's strongest.

    ``ranking`` must list every candidate once. Returns ``{"round", "side", "claim", "ranking", "model",
    "model_place", "agree", "message", "why", "model_text", "case_against"}``: ``model_place`` is where the
    student put the model's strongest (1 = first), ``agree`` whether both put it first. A different order
    is a view to argue, so the message never calls it wrong; on either side it names who must find the
    first choice hardest to answer (the claim's author, or the sceptic).
    """
    texts = {c["id"]: c["text"] for c in round_["candidates"]}
    candidates = list(texts)
    if sorted(ranking) != sorted(candidates) or len(set(ranking)) != len(ranking):
        raise ValueError(f"rank every candidate once: {', '.join(candidates)} (got {list(ranking)!r})")
    model, noun, who = round_["strongest"], _NOUN[round_["side"]], _WHO[round_["side"]]
    place = list(ranking).index(model) + 1
    if place == 1:
        runner_up = ranking[1] if len(ranking) > 1 else None
        message = (f"You and the model view both rank the same {noun} strongest. The case against: "
                   + (f"your second choice may be harder for {who} to answer; compare them once more."
                      if runner_up else "there is no other candidate to weigh it against."))
    else:
        message = (f"The model view ranks first the {noun} you placed {_ordinal(place)}. This is one "
                   "defensible view, not the answer: if you still rank yours higher, argue your case in a "
                   f"revision and say which one {who} would find harder to answer, and why.")
    return {"round": round_["id"], "side": round_["side"], "claim": round_["claim"]["id"], "ranking": list(ranking),
            "model": model, "model_place": place, "agree": place == 1, "message": message, "why": round_["why"],
            "model_text": texts[model], "case_against": round_["case_against"]}


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"number {n}")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", CITE.sub(" ", text).lower())


@lru_cache(maxsize=256)
def _runs(text: str, length: int) -> frozenset[tuple[str, ...]]:
    """Every run of ``length`` consecutive words of ``text`` (a counterpoint: the same few for a whole class)."""
    return frozenset(_word_runs(_words(text), length))


def _word_runs(words: Sequence[str], length: int) -> set[tuple[str, ...]]:
    """Every run of ``length`` consecutive words (made by zipping the words with themselves shifted, in C)."""
    return set(zip(*(words[k:] for k in range(length))))


def _copies(mine: set[tuple[str, ...]], text: str, length: int) -> bool:
    """Whether a steelman whose runs of ``length`` words are ``mine`` shares one with ``text`` (their longest
    common run is at least that long)."""
    return not _runs(text, length).isdisjoint(mine)


#: Telling words match on their first letters, so "recognition" names an item that says "recognise".
STEM_LETTERS = 6
#: One evidence item as a *for* steelman may name it: (its id and sources' names, the stems of its telling
#: words, the years it may be dated by).
Dated = tuple[frozenset[str], frozenset[str], frozenset[str]]


def _stems(words: Iterable[str]) -> set[str]:
    return {w[:STEM_LETTERS] for w in words}


def evidence_dates(round_: Mapping[str, Any], sources: Mapping[str, Mapping[str, Any]]) -> tuple[Dated, ...]:
    """How a *for* steelman may name each of the round's evidence items, and the years it may give for it.

    An item is named by its id, a publisher or author of its sources, or a telling word of its summary
    that neither the claim nor the objection uses (so "Russia" or "Taliban" alone names nothing), matched
    on its first letters; its years are its date's and those its summary mentions. The result depends only
    on the data, so a class's steelmen are checked against one computed copy.
    """
    common = _stems(content_words(round_["claim"]["text"])
                    | content_words((round_["objection"] or {}).get("text", "")))
    return tuple((frozenset({c["id"], *source_anchors(c["sources"], sources)}),
                  frozenset(_stems(content_words(c["text"])) - common),
                  frozenset({c["date"][:4], *_YEAR.findall(c["text"])}))
                 for c in round_["candidates"])


def steelman_anchors(round_: Mapping[str, Any], top: str, evidence: Sequence[Mapping[str, Any]],
                     sources: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """What makes a steelman (or a reason) about this round: :func:`anchors` of its claim with the candidate
    ranked first (*against*), or with the objection plus the first-ranked evidence's sources (*for*)."""
    chosen = next(c for c in round_["candidates"] if c["id"] == top)
    if round_["side"] == AGAINST:
        return anchors(round_["claim"], chosen, evidence, sources)
    return anchors(round_["claim"], round_["objection"], evidence, sources) | source_anchors(chosen["sources"], sources)


def check_steelman(text: str, copied_from: str | Sequence[str], about: Iterable[str],
                   dated: Sequence[Dated] | None = None) -> dict[str, Any]:
    """Check a one-line steelman; ``{"ok", "problems": [...]}`` with one sentence per problem.

    ``copied_from`` is the text (or texts) it must not copy 8 words of. ``about`` are the words it must use
    at least one of (see :func:`anchors`): a steelman of an objection to *this* claim names the claim's
    terms, an evidence item or a source. ``dated`` (a *for* round, see :func:`evidence_dates`) also asks
    it to rest on dated evidence: name one of the round's evidence items together with its year.
    """
    stripped = text.strip()
    problems: list[str] = []
    if not stripped:
        return {"ok": False, "problems": ["Write the counterpoint at its strongest, in one line of your own."
                                          if dated is None else
                                          "Write the case for the claim at its strongest, in one line of your own."]}
    if "\n" in stripped or "\r" in stripped:
        problems.append("Keep it to one line: join your sentences or cut one.")
    if len(stripped) > STEELMAN_MAX_CHARS:
        problems.append(f"Keep it under {STEELMAN_MAX_CHARS} characters (yours has {len(stripped)}): "
                        "a steelman is the core of the argument, not all of it.")
    mine = _words(stripped)
    if len(mine) < STEELMAN_MIN_WORDS:
        problems.append(f"Use at least {STEELMAN_MIN_WORDS} words, so that it states an argument.")
    texts = (copied_from,) if isinstance(copied_from, str) else tuple(copied_from)
    run = min(COPY_RUN_WORDS, len(mine))
    mine_runs = _word_runs(mine, run)
    if mine and any(_copies(mine_runs, t, run) for t in texts):
        problems.append("Put it in your own words: you have copied a long stretch of the "
                        + ("counterpoint's text." if dated is None else "objection's or the evidence's text."))
    if mine and not names_any(stripped, about):
        problems.append("Make it about this claim: name one of the claim's own terms, an evidence item or a source.")
    if mine and dated is not None:
        years, stems = set(_YEAR.findall(stripped)), _stems(content_words(stripped))
        if not any((names_any(stripped, named) or stems & telling) and years & when for named, telling, when in dated):
            problems.append("Rest it on dated evidence: name one of this round's evidence items (what happened, "
                            "its source or its id) and the year it happened.")
    return {"ok": not problems, "problems": problems}
