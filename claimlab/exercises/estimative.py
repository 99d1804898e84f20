"""Exercise f: state a verdict in ICD 203 estimative language.

US Intelligence Community Directive 203 ties each likelihood word to a band of
probabilities, so "likely" means the same to every reader, and it keeps the
*likelihood* of a judgement apart from the analyst's *confidence* in it (how good
the evidence and reasoning are). The two are easily blurred in one phrase ("we
have high confidence it is likely"), which is why a sentence that carries both is
refused: state each in its own sentence.

Bands share their end points (20% is both "very unlikely" and "unlikely"), so a
number on a boundary agrees with either word. The scale stops at 1% and 99%.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

#: canonical term -> (lowest %, highest %), in order from least to most likely.
LIKELIHOOD: dict[str, tuple[int, int]] = {
    "almost no chance": (1, 5),
    "very unlikely": (5, 20),
    "unlikely": (20, 45),
    "roughly even chance": (45, 55),
    "likely": (55, 80),
    "very likely": (80, 95),
    "almost certain": (95, 99),
}
#: Accepted wordings (including the ICD 203 alternatives and adverb forms) -> canonical term.
SYNONYMS: dict[str, str] = {
    "remote": "almost no chance",
    "remote chance": "almost no chance",
    "remote possibility": "almost no chance",
    "highly improbable": "very unlikely",
    "highly unlikely": "very unlikely",
    "improbable": "unlikely",
    "roughly even odds": "roughly even chance",
    "even chance": "roughly even chance",
    "even odds": "roughly even chance",
    "probable": "likely",
    "probably": "likely",
    "highly probable": "very likely",
    "highly likely": "very likely",
    "nearly certain": "almost certain",
    "almost certainly": "almost certain",
    "nearly certainly": "almost certain",
}
CONFIDENCE: dict[str, str] = {
    "low": "the evidence is thin, old or from doubtful sources, or the reasoning needs big assumptions",
    "moderate": "the evidence is credible and plausible but not corroborated enough for more",
    "high": "several good sources agree and the reasoning is solid; a judgement can still be wrong",
}
MIN_INDICATORS = 2

#: Bare "remote" is accepted as a chosen term but not searched for in prose ("remote provinces").
_PHRASES = sorted({*LIKELIHOOD, *SYNONYMS} - {"remote"}, key=len, reverse=True)  # longest first
_TERM = re.compile(r"\b(" + "|".join(re.escape(p) for p in _PHRASES) + r")\b", re.IGNORECASE)
_CONFIDENCE_WORD = re.compile(r"\bconfiden(?:ce|t)\b", re.IGNORECASE)
_CONFIDENCE_LEVEL = re.compile(r"\b(low|moderate|medium|high)[- ](?:level of )?confidence\b"
                               r"|\bconfidence\b[^.!?]{0,40}?\b(low|moderate|medium|high)\b", re.IGNORECASE)
_PERCENT = re.compile(r"(\d{1,3})\s?(?:%|per ?cent\b)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def canonical_term(text: str) -> str:
    """The ICD 203 term for a wording ("probable" -> "likely"); ``ValueError`` if unknown."""
    wording = " ".join(str(text).lower().split())
    term = SYNONYMS.get(wording, wording)
    if term not in LIKELIHOOD:
        raise ValueError(f"not an estimative term (got {text!r}, expected one of {', '.join(LIKELIHOOD)})")
    return term


def canonical_confidence(text: str) -> str:
    """low / moderate / high ("medium" is read as moderate); ``ValueError`` otherwise."""
    level = str(text).strip().lower()
    level = "moderate" if level == "medium" else level
    if level not in CONFIDENCE:
        raise ValueError(f"confidence must be low, moderate or high (got {text!r})")
    return level


def terms_for(percent: int) -> list[str]:
    """Every term whose band contains ``percent`` (two on a shared boundary)."""
    return [term for term, (low, high) in LIKELIHOOD.items() if low <= percent <= high]


def sentences(text: str) -> list[str]:
    """Split text into sentences at . ! ? or line breaks (a semicolon does not end a sentence)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def likelihood_terms(sentence: str) -> list[str]:
    """Canonical likelihood terms used in a sentence, in order."""
    return [canonical_term(m.group(1)) for m in _TERM.finditer(sentence)]


def mixes_likelihood_and_confidence(sentence: str) -> bool:
    """True if one sentence states both a likelihood and a confidence (ICD 203 keeps them apart)."""
    return bool(_TERM.search(sentence)) and bool(_CONFIDENCE_WORD.search(sentence))


def _statement_problems(statement: str, term: str, confidence: str) -> tuple[list[str], list[str]]:
    problems: list[str] = []
    notes: list[str] = []
    parts = sentences(statement)
    if not parts:
        return ["Write your verdict as one or two sentences."], notes
    low, high = LIKELIHOOD[term]
    for sentence in parts:
        if mixes_likelihood_and_confidence(sentence):
            problems.append(f"This sentence mixes likelihood and confidence: \"{sentence}\" "
                            "State how likely it is in one sentence and your confidence in another.")
        for other in likelihood_terms(sentence):
            if other != term:
                problems.append(f"Your statement says \"{other}\" but you chose \"{term}\": use one term.")
        for match in _CONFIDENCE_LEVEL.finditer(sentence):
            level = canonical_confidence(match.group(1) or match.group(2))
            if level != confidence:
                problems.append(f"Your statement gives {level} confidence but you chose {confidence}.")
        for match in _PERCENT.finditer(sentence):
            if not low <= int(match.group(1)) <= high:
                problems.append(f"{match.group(0)} in your statement lies outside \"{term}\" ({low}-{high}%).")
    if not any(likelihood_terms(s) for s in parts):
        problems.append(f"Use your likelihood term (\"{term}\") in the statement so readers see the judgement.")
    if not any(_CONFIDENCE_WORD.search(s) for s in parts):
        notes.append("Consider adding a separate sentence that states your confidence and why.")
    return problems, notes


def check_verdict(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Check a verdict: ``{"likelihood", "probability", "confidence", "statement", "indicators"}``.

    Returns ``{"ok", "problems", "notes", "likelihood", "range", "confidence"}``. ``ok`` needs
    a known term whose band contains the number, a confidence level, a statement that never
    mixes likelihood and confidence in one sentence and agrees with the choices, and at least
    two distinct indicators that would change the verdict.
    """
    problems: list[str] = []
    term = confidence = None
    try:
        term = canonical_term(answers.get("likelihood") or "")
    except ValueError:
        problems.append(f"Choose a likelihood term: {', '.join(LIKELIHOOD)}.")
    try:
        confidence = canonical_confidence(answers.get("confidence") or "")
    except ValueError:
        problems.append("Choose your confidence: low, moderate or high.")

    try:
        percent = int(answers.get("probability"))
    except (TypeError, ValueError):
        percent = None
        problems.append("Give your probability as a whole number of per cent.")
    if percent is not None:
        if not 1 <= percent <= 99:
            problems.append("Keep the probability between 1% and 99%: estimative language never claims certainty.")
        elif term and not LIKELIHOOD[term][0] <= percent <= LIKELIHOOD[term][1]:
            low, high = LIKELIHOOD[term]
            fits = " or ".join(f"\"{t}\"" for t in terms_for(percent))
            problems.append(f"{percent}% does not match \"{term}\" ({low}-{high}%); it matches {fits}.")

    notes: list[str] = []
    if term and confidence:
        found, notes = _statement_problems(str(answers.get("statement") or ""), term, confidence)
        problems += found

    indicators = [" ".join(str(i).split()) for i in answers.get("indicators") or []]
    distinct = {i.lower() for i in indicators if i}
    if len(distinct) < MIN_INDICATORS:
        problems.append(f"Name at least {MIN_INDICATORS} different indicators: events that, if they happened, "
                        "would change your verdict.")
    return {"ok": not problems, "problems": problems, "notes": notes, "likelihood": term,
            "range": list(LIKELIHOOD[term]) if term else None, "confidence": confidence}
