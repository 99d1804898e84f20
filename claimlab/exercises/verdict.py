"""Exercise "The verdict": judge the analysis's own thesis in ICD 203 estimative language.

The thesis under test is not that Russia deals with groups and regimes accused of terrorism
(a documented fact) but that it does so *as a deliberate strategy* against the Western-led
order. The check asks for what US Intelligence Community Directive 203 asks of a judgement:

* a likelihood word whose band contains the student's number (ICD 203 ties each word to a band,
  so "likely" means the same to every reader);
* a separate confidence (low, moderate, high) with its basis, never in the same sentence as
  the likelihood ("we have high confidence it is likely" blurs the two);
* at least two evidence items by id, one of which cuts against the student's own view (the
  direction of an item comes from the data, see :func:`evidence_direction`);
* at least one indicator that would change the view;
* a statement about the thesis: it names Russia and what the thesis is about (partnering,
  strategy, terrorism, or the case being judged).

A well-formed verdict either way passes: "unlikely, the more likely explanation is pragmatism"
is as good an answer as "likely". Bands share their end points (20% is both "very unlikely"
and "unlikely"), so a number on a boundary agrees with either word. The scale stops at 1%
and 99%. Comparatives ("more likely", "less likely") compare explanations; they are not read
as the verdict's own likelihood word.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
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
MIN_INDICATORS = 1
MIN_EVIDENCE = 2

THESIS = ("Russia partners with groups and regimes accused of terrorism as a deliberate strategy against the "
          "Western-led order.")
#: The cases a student may judge one by one: case id -> (how the case is named, words that name it).
CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "taliban": ("the Taliban", ("taliban", "afghan")),
    "wagner": ("Wagner and the Africa Corps", ("wagner", "africa corps", "mali", "sahel", "burkina")),
    "assad": ("Assad's government in Syria", ("assad", "syria", "syrian")),
    "hamas": ("Hamas", ("hamas",)),
    "hezbollah": ("Hezbollah", ("hezbollah", "hizbollah")),
}
#: The item id of the verdict on the whole thesis; the cases use their case ids.
OVERALL = "overall"
#: The hypothesis that states the thesis (hypotheses.yml) and the claims that state it or its rival
#: (claims.yml): they give each evidence item its direction.
THESIS_HYPOTHESIS = "deliberate-strategy"
THESIS_CLAIMS = ("final-thesis", "deliberate-manoeuvre", "takeaway-cynical", "motive-counterweight")
RIVAL_CLAIMS = ("transactional-not-ideological", "russia-realist-rationale")
_SCORE = {"CC": 2, "C": 1, "N": 0, "I": -1, "II": -2}
_ID_RUN = re.compile(r"[\w-]+")
_RUSSIA = re.compile(r"\b(russia|russian|russia's|moscow|kremlin|putin)\b", re.IGNORECASE)
_THESIS_WORDS = re.compile(r"\b(partner\w*|strateg\w*|deliberate\w*|terror\w*|plan|design|pragmati\w*|"
                           r"opportunis\w*|western[- ]led|allies|alliance|ties)\b", re.IGNORECASE)

#: Bare "remote" is accepted as a chosen term but not searched for in prose ("remote provinces").
_PHRASES = sorted({*LIKELIHOOD, *SYNONYMS} - {"remote"}, key=len, reverse=True)  # longest first
_TERM = re.compile(r"(?<!\bmore )(?<!\bless )(?<!\bmost )(?<!\bleast )\b("
                   + "|".join(re.escape(p) for p in _PHRASES) + r")\b", re.IGNORECASE)
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


def _cell_score(cell: Any) -> float | None:
    """A model cell as a number (CC = 2 … II = -2): one rating, or the mean over the model readings
    (hypotheses.yml rates each row under several readings), or None where the row is not rated."""
    if isinstance(cell, str):
        return _SCORE.get(cell)
    if isinstance(cell, Mapping):
        found = [_SCORE[c["rating"]] for c in cell.values() if isinstance(c, Mapping) and c.get("rating") in _SCORE]
        return sum(found) / len(found) if found else None
    return None


def evidence_direction(item: Mapping[str, Any], hypotheses: Sequence[Mapping[str, Any]]) -> int:
    """+1 if the item favours the thesis, -1 if it cuts against it, 0 if it is context only.

    Where the competing-hypotheses matrix rates the item, its rating under the thesis (the mean
    over the model readings) is set against the mean of the rival hypotheses; otherwise the item's
    ``supports``/``undermines`` of the claims that state the thesis (or its pragmatic rival) decide.
    """
    scores = {h["id"]: _cell_score(h.get("ratings", {}).get(item["id"])) for h in hypotheses}
    thesis = scores.pop(THESIS_HYPOTHESIS, None)
    rivals = [v for v in scores.values() if v is not None]
    if thesis is not None and rivals:
        lead = thesis - sum(rivals) / len(rivals)
        if lead:
            return 1 if lead > 0 else -1
    supports, undermines = set(item.get("supports", [])), set(item.get("undermines", []))
    lead = (len(supports & set(THESIS_CLAIMS)) - len(undermines & set(THESIS_CLAIMS))
            - len(supports & set(RIVAL_CLAIMS)) + len(undermines & set(RIVAL_CLAIMS)))
    return (lead > 0) - (lead < 0)


def cited_evidence(choice: Mapping[str, Any], reason: str, evidence: Sequence[Mapping[str, Any]]) -> list[str]:
    """Evidence ids the student relies on: chosen in the list or named in the statement or reason."""
    known = [e["id"] for e in evidence]
    chosen = [e for e in choice.get("evidence") or [] if isinstance(e, str)]
    prose = f" {choice.get('statement') or ''} {reason} ".casefold()
    # An id is named when it stands whole (no letter, digit or hyphen either side). An id made of those
    # characters only can then be nothing but one of the prose's runs of them, so one pass finds them all
    # (a class report checks thousands of verdicts against every id); any other id is searched for alone.
    runs = set(_ID_RUN.findall(prose))
    named = [e for e in known if e in runs or (not _ID_RUN.fullmatch(e)
                                                 and re.search(rf"(?<![\w-]){re.escape(e)}(?![\w-])", prose))]
    return [e for e in dict.fromkeys([*chosen, *named]) if e in known]


def _view(percent: int | None) -> int:
    """The student's side: +1 the thesis holds, -1 it does not, 0 an even call (both sides needed)."""
    if percent is None or 45 <= percent <= 55:
        return 0
    return 1 if percent > 55 else -1


def _evidence_problems(ids: list[str], view: int, evidence: Sequence[Mapping[str, Any]],
                       hypotheses: Sequence[Mapping[str, Any]]) -> list[str]:
    problems = []
    if len(ids) < MIN_EVIDENCE:
        problems.append(f"Name at least {MIN_EVIDENCE} evidence items by id (for example recognition-2025), "
                        "so a reader can check what your verdict rests on.")
    by_id = {e["id"]: e for e in evidence}
    directions = {evidence_direction(by_id[i], hypotheses) for i in ids}
    if view and -view not in directions:
        side = "for" if view < 0 else "against"
        problems.append(f"Name at least one evidence item that cuts against your own view (one that speaks {side} "
                        "the thesis) and say why it does not change your verdict.")
    if not view and not {1, -1} <= directions:
        problems.append("An even call needs evidence on both sides: name an item that favours the thesis and one "
                        "that cuts against it.")
    return problems


def _topic_problems(statement: str, case: str) -> list[str]:
    if case in CASES:
        name, words = CASES[case]
        if not any(re.search(rf"\b{re.escape(w)}", statement, re.IGNORECASE) for w in words):
            return [f"Say which case you judge: your statement should name {name}."]
    if not (_RUSSIA.search(statement) and _THESIS_WORDS.search(statement)):
        return ["Judge the thesis itself: say whether Russia partners with groups accused of terrorism as a "
                "deliberate strategy, naming Russia and what it does (partnering, strategy, terrorism)."]
    return []


def check_verdict(choice: Mapping[str, Any], reason: str, evidence: Sequence[Mapping[str, Any]],
                  hypotheses: Sequence[Mapping[str, Any]], case: str = OVERALL) -> dict[str, Any]:
    """Check a verdict on the thesis (``case`` = "overall") or on one case (a key of :data:`CASES`).

    ``choice`` = ``{"likelihood", "probability", "confidence", "statement", "evidence": [ids],
    "indicators": [...]}``; ``reason`` is the basis of the confidence (the committed one-line
    reason). Returns ``{"ok", "problems", "notes", "likelihood", "range", "confidence",
    "evidence": [ids], "view": +1|0|-1}``; ``ok`` needs every point of the module docstring.
    """
    problems: list[str] = []
    term = confidence = None
    try:
        term = canonical_term(choice.get("likelihood") or "")
    except ValueError:
        problems.append(f"Choose a likelihood term: {', '.join(LIKELIHOOD)}.")
    try:
        confidence = canonical_confidence(choice.get("confidence") or "")
    except ValueError:
        problems.append("Choose your confidence: low, moderate or high.")
    if not str(reason or "").strip():
        problems.append("Give the basis of your confidence: how good and how independent the evidence is.")

    try:
        percent: int | None = int(choice.get("probability"))
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

    statement = str(choice.get("statement") or "")
    notes: list[str] = []
    if term and confidence:
        found, notes = _statement_problems(statement, term, confidence)
        problems += found
    problems += _topic_problems(statement, case)
    ids = cited_evidence(choice, str(reason or ""), evidence)
    view = _view(percent)
    problems += _evidence_problems(ids, view, evidence, hypotheses)

    indicators = [" ".join(str(i).split()) for i in choice.get("indicators") or []]
    distinct = {i.lower() for i in indicators if i}
    if len(distinct) < MIN_INDICATORS:
        problems.append("Name at least one indicator: an event that, if it happened, would change your verdict.")
    return {"ok": not problems, "problems": problems, "notes": notes, "likelihood": term,
            "range": list(LIKELIHOOD[term]) if term else None, "confidence": confidence, "evidence": ids,
            "view": view}
