"""Kernel-free self-checks: a few multiple-choice questions per exercise, built from the data.

The static website cannot run the widgets, so each exercise page also carries a short
quiz on the same skill. The questions and their answers are computed here with the
same marking code the widgets use (so a self-check can never disagree with the
exercise); :func:`claimlab.render.quiz_html` turns them into a page fragment that a
small script checks in the browser. Standard library only.

A question is ``{"prompt", "options": [(value, label)], "answer": value, "explain"}``.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .competing_hypotheses import RATINGS, non_diagnostic, ranking, scores, sensitivity
from .citations import plain_text
from .counterpoint_duel import duel_candidates, main_claims
from .define_terms import define_terms
from .verdict import LIKELIHOOD, terms_for
from ..labels import CREDIBILITY, KIND, RELIABILITY, STATUS, human_date

Question = dict[str, Any]
Data = Mapping[str, Any]



def _text(value: str, data: Data) -> str:
    return plain_text(value, data["sources"])


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _pick_spread(records: list[Mapping[str, Any]], key: Callable[[Mapping[str, Any]], Any], n: int) -> list[Mapping[str, Any]]:
    """Up to ``n`` records with different values of ``key``, in data order: varied questions, stable pages."""
    seen: set[Any] = set()
    chosen = []
    for record in records:
        if key(record) not in seen:
            seen.add(key(record))
            chosen.append(record)
        if len(chosen) == n:
            break
    return chosen


def grade_sources_questions(data: Data, n: int = 3) -> list[Question]:
    """Grade a source, then its information, for evidence items with different grades."""
    questions = []
    for item in _pick_spread(data["evidence"], lambda e: (e["grading"]["reliability"], e["grading"]["credibility"]), n):
        g = item["grading"]
        publisher = data["sources"].get(item["source"], {}).get("publisher", item["source"])
        report = f"{publisher} reported: “{_text(item['summary'], data)}”"
        questions.append({"prompt": f"{report} How reliable is this source?",
                          "options": [(k, f"{k}: {v}") for k, v in RELIABILITY.items()], "answer": g["reliability"],
                          "explain": g["reliability_reason"]})
        questions.append({"prompt": "And how credible is this piece of information?",
                          "options": [(str(k), f"{k}: {v}") for k, v in CREDIBILITY.items()], "answer": str(g["credibility"]),
                          "explain": g["credibility_reason"]})
    return questions


def claim_questions(claims: list[Mapping[str, Any]], data: Data) -> list[Question]:
    """Kind, then status, for each of ``claims`` (also a chapter's own self-check)."""
    questions = []
    for claim in claims:
        text = _text(claim["text"], data)
        questions.append({"prompt": f"“{text}” What kind of claim is this?", "options": [(k, k) for k in KIND],
                          "answer": claim["kind"], "explain": f"It is {_article(claim['kind'])} {claim['kind']}: {KIND[claim['kind']]}."})
        questions.append({"prompt": f"As of {human_date(claim['as_of'])}, what is the status of that claim?",
                          "options": [(s, s) for s in STATUS], "answer": claim["status"],
                          "explain": _text(claim["status_note"], data)})
    return questions


def sort_claims_questions(data: Data, n: int = 3) -> list[Question]:
    """Kind and status for claims of different kinds."""
    return claim_questions(_pick_spread(data["claims"], lambda c: c["kind"], n), data)


def counterpoint_duel_questions(data: Data, n: int = 2) -> list[Question]:
    """Pick the strongest counterpoint to a main claim from the exercise's own candidates."""
    questions = []
    for claim in main_claims(data["claims"])[:n]:
        candidates = duel_candidates(claim, data["counterpoints"])
        questions.append({"prompt": f"Which is the strongest counterpoint to: “{_text(claim['text'], data)}”",
                          "options": [(c["id"], _text(c["text"], data)) for c in candidates],
                          "answer": claim["strongest_counterpoint"], "explain": claim.get("strongest_why", "")})
    return questions


def define_terms_questions(data: Data) -> list[Question]:
    """Does a case meet the claim under a stated definition? One question per partner option."""
    defs = data["definitions"]
    questions = []
    for partner in defs["partner"]:
        choices = {"partner": partner["id"], "lists": ["us"], "rule": "any",
                   "recognition": defs["recognition"][0]["id"], "period": "current"}
        result = define_terms(choices, data["actors"], data["relations"], defs)
        case = result["cases"][len(questions) % len(result["cases"])]
        questions.append({
            "prompt": (f"Suppose “partner” means {partner['label'].lower()} and “terrorist” means on the US list. "
                       f"Does the case “{case['name']}” meet the claim, on current relations?"),
            "options": [("yes", "yes"), ("no", "no")], "answer": "yes" if case["meets"] else "no",
            "explain": _text(case["why"], data)})
    return questions


def competing_hypotheses_questions(data: Data) -> list[Question]:
    """The method, on made-up ratings: never the model matrices, which students see only after committing theirs."""
    labels = [h["label"] for h in data["hypotheses"]][:3]
    if len(labels) < 2:
        return []
    first, second = labels[0], labels[1]
    alike = {h: {"item": r} for h, r in zip(labels, ("C", "CC", "C"))}
    rated = [f"{cell['item']} under “{h}”" for h, cell in alike.items()]
    can_move = "no" if non_diagnostic(alike) else "yes"
    questions = [{
        "prompt": (f"Suppose a student rates one evidence item {', '.join(rated[:-1])} and {rated[-1]}. "
                   "Can this item change the ranking?"),
        "options": [("yes", "yes"), ("no", "no")], "answer": can_move,
        "explain": ("Only inconsistency is scored (I = 1, II = 2). Every rating here scores 0, so the item cannot "
                    "tell the hypotheses apart: it is non-diagnostic, however well it fits.")}]
    tied = {first: {"a": "I", "b": "I"}, second: {"a": "II", "b": "N"}}
    top = ranking(scores(tied))[0]
    questions.append({
        "prompt": (f"Suppose “{first}” collects two I ratings and “{second}” one II rating. "
                   "Which is least inconsistent?"),
        "options": [("first", first), ("second", second), ("tie", "a tie")],
        "answer": "tie" if top["tied"] else ("first" if top["hypotheses"] == [first] else "second"),
        "explain": f"I scores 1 and II scores 2 ({RATINGS['II']}), so both score 2: report a tie, not a winner."})
    fragile = {first: {"a": "I", "b": "N"}, second: {"a": "N", "b": "II"}}
    change = next(c for c in sensitivity(fragile)["changes"] if c["evidence"] == "b")
    questions.append({
        "prompt": (f"Suppose “{first}” scores 1 and “{second}” scores 2, both points from one item rated II. "
                   f"If that item turns out to be false and is dropped, which hypothesis ranks first?"),
        "options": [("first", first), ("second", second), ("tie", "a tie")],
        "answer": "second" if change["ranking"][0] == [second] else "first",
        "explain": ("Without it the second scores 0 and ranks first: the ranking hangs on one item, which is why "
                    "the sensitivity check asks you to re-examine such items first.")})
    return questions


def verdict_questions(data: Data) -> list[Question]:
    """Match numbers to ICD 203 words, and keep likelihood and confidence apart."""
    questions = []
    for percent in (70, 10, 50):
        answer = terms_for(percent)[0]
        low, high = LIKELIHOOD[answer]
        questions.append({"prompt": f"An analyst puts the chance at {percent}%. Which ICD 203 term fits?",
                          "options": [(t, t) for t in LIKELIHOOD], "answer": answer,
                          "explain": f"“{answer}” covers {low}–{high}%."})
    questions.append({
        "prompt": "Which of these follows ICD 203?",
        "options": [("mixed", "We have high confidence that it is likely."),
                    ("split", "It is likely (55–80%). We have moderate confidence in this judgement."),
                    ("vague", "It could possibly happen.")],
        "answer": "split",
        "explain": "Likelihood and confidence go in separate sentences, and the likelihood uses a standard term."})
    return questions


QUESTIONS: dict[str, Callable[[Data], list[Question]]] = {
    "grade-sources": grade_sources_questions,
    "sort-claims": sort_claims_questions,
    "counterpoint-duel": counterpoint_duel_questions,
    "define-terms": define_terms_questions,
    "competing-hypotheses": competing_hypotheses_questions,
    "verdict": verdict_questions,
}
