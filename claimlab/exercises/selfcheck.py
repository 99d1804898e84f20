"""Kernel-free self-checks and guess cards: what the reader is asked, and the module's reading.

The static website cannot run the widgets, so pages ask the same kinds of judgement in a small
form that a script checks in the browser (:mod:`claimlab.guess` writes the HTML). The reader
commits a choice, and for a judgement a one-line reason, before the module's reading appears.
Where informed analysts could differ, the data's defensible range (contract 2, ``defensible``)
is accepted, never one "right" option; points-style "right / not this one" is kept for items
with one answer (a number's ICD 203 word, a definition applied to a case).

A question is ``{"key", "prompt", "choices", "judgement", "explain"}``; a choice is
``{"name", "label", "options": [(value, words)], "answer": value, "range": [value, ...]}``.
``key`` names the judged item (``claim:<id>``, ``evidence:<id>``, ``check:<exercise>:<item>``):
a guess committed on one page counts for every page that asks the same item.
Standard library only.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .competing_hypotheses import RATINGS, non_diagnostic, ranking, scores, sensitivity
from .citations import plain_text
from .counterpoint_duel import FOR, duel_candidates, duel_rounds, main_claims
from .define_terms import define_terms
from .verdict import LIKELIHOOD, terms_for
from ..labels import CREDIBILITY, KIND, RELIABILITY, STATUS, human_date, status_word

Question = dict[str, Any]
Choice = dict[str, Any]
Data = Mapping[str, Any]


def _text(value: str, data: Data) -> str:
    return plain_text(value, data["sources"])


def _choice(name: str, label: str, options: list[tuple[str, str]], answer: Any, defensible: Any) -> Choice:
    """One judged field; the range is the data's defensible list (the model answer always in it)."""
    values = [v for v, _ in options]
    wanted = [str(v) for v in defensible] if isinstance(defensible, list) else []
    in_range = [v for v in values if v in wanted or v == str(answer)]
    return {"name": name, "label": label, "options": options, "answer": str(answer), "range": in_range}


def claim_choices(claim: Mapping[str, Any]) -> list[Choice]:
    """Kind and status of a claim, with its defensible ranges."""
    defensible = claim.get("defensible") if isinstance(claim.get("defensible"), Mapping) else {}
    return [_choice("kind", "Kind of claim", [(k, k) for k in KIND], claim["kind"], defensible.get("kind")),
            _choice("status", "Where it stands", [(s, status_word(s)) for s in STATUS], claim["status"],
                    defensible.get("status"))]


def grading_choices(grading: Mapping[str, Any]) -> list[Choice]:
    """Reliability of the source and credibility of the information, with their defensible ranges."""
    defensible = grading.get("defensible") if isinstance(grading.get("defensible"), Mapping) else {}
    return [_choice("reliability", "Reliability of the source", [(k, f"{k}: {v}") for k, v in RELIABILITY.items()],
                    grading["reliability"], defensible.get("reliability")),
            _choice("credibility", "Credibility of the information",
                    [(str(k), f"{k}: {v}") for k, v in CREDIBILITY.items()], grading["credibility"],
                    defensible.get("credibility"))]


#: What an evidence card asks (the self-check asks the same, after naming the report).
GRADE_ASK = "How reliable is the source, and how credible is this piece of information?"


def claim_ask(claim: Mapping[str, Any]) -> str:
    """What a claim card asks."""
    return f"What kind of claim is this, and where did it stand in {human_date(claim['as_of'])}?"


def claim_question(claim: Mapping[str, Any], data: Data) -> Question:
    """What kind of claim, and where it stands at its "as of" date."""
    return {"key": f"claim:{claim['id']}", "judgement": True, "choices": claim_choices(claim),
            "prompt": f"“{_text(claim['text'], data)}” {claim_ask(claim)}",
            "explain": _text(claim.get("status_reason") or claim["status_note"], data)}


def grading_question(item: Mapping[str, Any], data: Data) -> Question:
    """Grade the source, then the information, of an evidence item."""
    g = item["grading"]
    publisher = data["sources"].get(item["source"], {}).get("publisher", "An unnamed source")
    return {"key": f"evidence:{item['id']}", "judgement": True, "choices": grading_choices(g),
            "prompt": (f"{publisher} reported ({human_date(item['date'])}): “{_text(item['summary'], data)}” "
                       f"{GRADE_ASK}"),
            "explain": (f"Source: {_text(g['reliability_reason'], data)} "
                        f"Information: {_text(g['credibility_reason'], data)}")}


#: what a loaded word or phrase can do (the close-reading step)
CLOSE_READING = [("states-fact", "States a fact one could check"), ("frames", "Frames: casts the facts in one light"),
                 ("judges", "Judges: passes a moral verdict"), ("hedges", "Hedges: marks it as uncertain")]


def _exact(key: str, prompt: str, options: list[tuple[str, str]], answer: str, explain: str) -> Question:
    """A question with one answer (no range, no reason asked)."""
    return {"key": key, "prompt": prompt, "judgement": False, "explain": explain,
            "choices": [{"name": "answer", "label": "Answer", "options": options, "answer": answer, "range": [answer]}]}


def _pick_spread(records: list[Mapping[str, Any]], key: Callable[[Mapping[str, Any]], Any],
                 n: int) -> list[Mapping[str, Any]]:
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


def _by_grade(evidence: list[Mapping[str, Any]], n: int) -> list[Mapping[str, Any]]:
    return _pick_spread(evidence, lambda e: (e["grading"]["reliability"], e["grading"]["credibility"]), n)


def grade_sources_questions(data: Data, n: int = 3) -> list[Question]:
    """Grade evidence items with different grades (the grades are only in the sources appendix)."""
    return [grading_question(item, data) for item in _by_grade(list(data["evidence"]), n)]


#: Publisher labels of pages that carry someone else's report: the situation lateral reading is for.
RELAYED = ("aggregator", "citing", "copy", "reprint", "repost")


def lateral_reading_questions(data: Data, n: int = 3) -> list[Question]:
    """Grade reports that reach us through a carrier (an aggregator, a copy, a site citing an agency), other than
    the exercise's own outlets: the kernel-free page practises "ask who stands behind it" without giving away the
    grades the exercise asks for."""
    own = {k for o in (data.get("lateral") or {}).get("outlets", []) for k in o["cited"]}
    relayed = [e for e in data["evidence"] if e["source"] not in own and any(
        w in str(data["sources"].get(e["source"], {}).get("publisher", "")).lower() for w in RELAYED)]
    return [grading_question(item, data) for item in _by_grade(relayed, n)]


def chapter_questions(data: Data, chapter: str, n: int = 3) -> list[Question]:
    """A chapter's self-check: grade sources behind its claims.

    The claim cards on the chapter page already ask for the reader's kind and status, so the
    self-check asks what the page does not answer: how good the evidence it lists is.
    """
    ids = {c["id"] for c in data["claims"] if c["chapter"] == chapter}
    cited = [e for e in data["evidence"] if ids & {*e.get("supports", []), *e.get("undermines", [])}]
    return [grading_question(item, data) for item in _by_grade(cited, n)]


def sort_claims_questions(data: Data, n: int = 3) -> list[Question]:
    """Kind and status for claims of different kinds."""
    return [claim_question(c, data) for c in _pick_spread(list(data["claims"]), lambda c: c["kind"], n)]


def counterpoint_duel_questions(data: Data, n: int = 2) -> list[Question]:
    """Both sides of the duel, ``n`` of each: pick the strongest counterpoint that answers a main claim, and
    the strongest evidence for a claim against a sceptic's objection (judgements: give a reason)."""
    questions: list[Question] = []
    for claim in main_claims(data["claims"]):
        candidates = duel_candidates(claim, data["counterpoints"])  # only counterpoints that answer the claim
        if len(candidates) < 2 or not claim.get("strongest_counterpoint"):
            continue
        options = [(c["id"], _text(c["text"], data)) for c in candidates]
        questions.append({
            "key": f"check:counterpoint-duel:{claim['id']}", "judgement": True,
            "prompt": f"Which is the strongest counterpoint to: “{_text(claim['text'], data)}”",
            "choices": [_choice("answer", "Strongest counterpoint", options, claim["strongest_counterpoint"], None)],
            "explain": _text(claim.get("strongest_why", ""), data)})
        if len(questions) == n:
            break
    thesis = [r for r in duel_rounds(data["claims"], data["counterpoints"], data["evidence"])
              if r["side"] == FOR and r["strongest"] and len(r["candidates"]) >= 2]
    for round_ in thesis[:n]:
        options = [(c["id"], _text(c["text"], data)) for c in round_["candidates"]]
        questions.append({
            "key": f"check:counterpoint-duel:{round_['id']}", "judgement": True,
            "prompt": (f"Argue for the claim “{_text(round_['claim']['text'], data)}” against a sceptic: "
                       f"“{_text(round_['objection']['text'], data)}” Which evidence would the sceptic find "
                       "hardest to answer?"),
            "choices": [_choice("answer", "Strongest evidence for the claim", options, round_["strongest"], None)],
            "explain": (_text(round_["why"] or "", data) + " The strongest case against this reply: "
                        + _text(round_["case_against"] or "", data))})
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
        questions.append(_exact(
            f"check:define-terms:{partner['id']}",
            (f"Suppose “partner” means {partner['label'].lower()} and “terrorist” means on the US list. "
             f"Does the case “{case['name']}” meet the claim, on current relations?"),
            [("yes", "yes"), ("no", "no")], "yes" if case["meets"] else "no", _text(case["why"], data)))
    return questions


def competing_hypotheses_questions(data: Data) -> list[Question]:
    """The method, on made-up ratings: never the model matrices, which students see only after committing theirs.

    No question asks which hypothesis fares best or worst in the data: that is the verdict the
    exercise leaves to the student.
    """
    labels = [h["label"] for h in data["hypotheses"]][:3]
    if len(labels) < 2:
        return []
    first, second = labels[0], labels[1]
    alike = {h: {"item": r} for h, r in zip(labels, ("C", "CC", "C"))}
    rated = [f"{cell['item']} under “{h}”" for h, cell in alike.items()]
    questions = [_exact(
        "check:competing-hypotheses:non-diagnostic",
        (f"Suppose a student rates one evidence item {', '.join(rated[:-1])} and {rated[-1]}. "
         "Can this item change the ranking?"),
        [("yes", "yes"), ("no", "no")], "no" if non_diagnostic(alike) else "yes",
        ("Only inconsistency is scored (I = 1, II = 2). Every rating here scores 0, so the item cannot "
         "tell the hypotheses apart: it is non-diagnostic, however well it fits."))]
    top = ranking(scores({first: {"a": "I", "b": "I"}, second: {"a": "II", "b": "N"}}))[0]
    questions.append(_exact(
        "check:competing-hypotheses:tie",
        f"Suppose “{first}” collects two I ratings and “{second}” one II rating. Which is least inconsistent?",
        [("first", first), ("second", second), ("tie", "a tie")],
        "tie" if top["tied"] else ("first" if top["hypotheses"] == [first] else "second"),
        f"I scores 1 and II scores 2 ({RATINGS['II']}), so both score 2: report a tie, not a winner."))
    fragile = {first: {"a": "I", "b": "N"}, second: {"a": "N", "b": "II"}}
    change = next(c for c in sensitivity(fragile)["changes"] if c["evidence"] == "b")
    questions.append(_exact(
        "check:competing-hypotheses:sensitivity",
        (f"Suppose “{first}” scores 1 and “{second}” scores 2, both points from one item rated II. "
         "If that item turns out to be false and is dropped, which hypothesis ranks first?"),
        [("first", first), ("second", second), ("tie", "a tie")],
        "second" if change["ranking"][0] == [second] else "first",
        ("Without it the second scores 0 and ranks first: the ranking hangs on one item, which is why "
         "the sensitivity check asks you to re-examine such items first.")))
    return questions


def source_analysis_questions(data: Data) -> list[Question]:
    """The four steps of "Source the analysis" practised on *other* material: questions about the
    analysis itself would print the exercise's model answers on the page where students answer it."""
    fell = _text("Assad fled Syria on 8 December 2024 {cite}`politicoeurope-2024-12-09`.", data)
    return [
        _exact("check:source-analysis:dating",
               "An undated text treats Bashar al-Assad as Syria's ruler, and the latest event it names is from "
               "October 2024. When was it most likely written?",
               [("before", "Before October 2024"), ("window", "Between October and early December 2024"),
                ("after", "In 2025 or later"), ("unknown", "No way to tell")],
               "window", f"The latest event it names gives the earliest date; the first big event it does not know "
                         f"gives the latest likely date. {fell}"),
        {"key": "check:source-analysis:framing", "judgement": True,
         "prompt": "A commentary calls a treaty between two governments “a shameful embrace”. What does the phrase do?",
         "explain": ("“Shameful” passes a moral verdict; “embrace” frames a treaty as closeness. A neutral wording "
                     "would say the two governments signed a treaty."),
         "choices": [_choice("choice", "Your choice", CLOSE_READING, "judges", ["judges", "frames"])]},
        {"key": "check:source-analysis:corroboration", "judgement": True,
         "prompt": ("Two websites report the same court ruling on the same day, and the second says it took the "
                    "story from the first. Does the second corroborate the first?"),
         "explain": ("Corroboration needs an account that does not depend on the first. A copy adds reach, not "
                     "evidence; it helps only if it adds something it checked itself."),
         "choices": [_choice("choice", "Your choice",
                             [("yes", "Yes: two reports agree"), ("partly", "Partly: only if it adds its own checks"),
                              ("no", "No: it depends on the first")], "no", ["no", "partly"])]},
    ]


def verdict_questions(data: Data) -> list[Question]:
    """Match numbers to ICD 203 words, and keep likelihood and confidence apart."""
    questions = []
    for percent in (70, 10, 50):
        answer = terms_for(percent)[0]
        low, high = LIKELIHOOD[answer]
        questions.append(_exact(f"check:verdict:percent-{percent}",
                                f"An analyst puts the chance at {percent}%. Which ICD 203 term fits?",
                                [(t, t) for t in LIKELIHOOD], answer, f"“{answer}” covers {low}–{high}%."))
    questions.append(_exact(
        "check:verdict:split", "Which of these follows ICD 203?",
        [("mixed", "We have high confidence that it is likely."),
         ("split", "It is likely (55–80%). We have moderate confidence in this judgement."),
         ("vague", "It could possibly happen.")],
        "split", "Likelihood and confidence go in separate sentences, and the likelihood uses a standard term."))
    return questions


QUESTIONS: dict[str, Callable[[Data], list[Question]]] = {
    "source-analysis": source_analysis_questions,
    "grade-sources": grade_sources_questions,
    "lateral-reading": lateral_reading_questions,
    "sort-claims": sort_claims_questions,
    "counterpoint-duel": counterpoint_duel_questions,
    "define-terms": define_terms_questions,
    "competing-hypotheses": competing_hypotheses_questions,
    "verdict": verdict_questions,
}
