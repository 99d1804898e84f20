"""Class statistics: for every item, how the class answered, next to the model answer.

Almost every figure in the report is one :class:`Distribution`: the answers the
class gave to one question (a reliability letter for one evidence item, a rating
for one ACH cell, the likelihood term of the verdict), counted over a fixed list of
possible answers. Tables, heat maps and the disagreement ranking are all drawn
from these, so one item is counted once and described the same way everywhere.

Only results recomputed by the exercise engine are counted (see
:mod:`claimlab.report_read`), so an answer the engine refuses never reaches a figure.

**Disagreement.** The share of students whose answer departs from the class's most
common answer (the *variation ratio*): 0 when everybody agrees, 0.5 when the class
splits in two equal halves, at most 1 − 1/k for k possible answers. It ranks a clean
split (the best seminar question: two camps) above a broad consensus with scattered
dissent, which normalised entropy does not (70 % agreement with the rest spread over
five other grades has a *higher* entropy than a 50/50 split). Ties are broken by the
normalised Shannon entropy of the answers (spread over all k answers), shown beside it.
Items answered by fewer than ``max(3, 20 % of the submissions)`` students are left
out, because a split between two people says little about a class.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .exercises import attempts
from .exercises.chain import EXERCISES, TITLES, Data, item_record
from .exercises.competing_hypotheses import RATINGS, model_analyses, model_cell
from .exercises.citations import plain_text
from .exercises.counterpoint_duel import duel_candidates, main_claims
from .exercises.define_terms import PERIODS, RULES
from .exercises.grade_sources import CREDIBILITY, RELIABILITY
from .exercises.sort_claims import KINDS, STATUSES
from .exercises.verdict import CONFIDENCE, LIKELIHOOD, OVERALL
from .report_read import Submission

MIN_ANSWERS = 3
MIN_SHARE = 0.2
#: Probability histogram: bins of ten percentage points (the last one stops at 99).
PROBABILITY_BINS = [(low, min(low + 9, 99)) for low in range(1, 100, 10)]


@dataclass
class Distribution:
    """How the class answered one question; ``options`` are the possible answers in display order."""

    exercise: str
    item: str
    aspect: str
    about: str
    options: list[str]
    model: str | None = None
    #: False for figures derived from other answers (first-ranked hypothesis, cases met), kept out of the ranking.
    ranked: bool = True
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, answer: str) -> None:
        if answer not in self.options:  # an answer outside the expected list is still counted, never dropped
            self.options.append(answer)
        self.counts[answer] += 1

    @property
    def key(self) -> str:
        return f"{self.exercise}:{self.item}:{self.aspect}"

    @property
    def title(self) -> str:
        return f"{TITLES[self.exercise]}: {self.item}" + (f" ({self.aspect})" if self.aspect else "")

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    def share(self, answer: str | None) -> float:
        return self.counts[answer] / self.n if self.n and answer is not None else 0.0

    @property
    def modal(self) -> list[str]:
        """The most common answer(s), in option order (several when tied)."""
        top = max(self.counts.values(), default=0)
        return [o for o in self.options if top and self.counts[o] == top]

    @property
    def departing(self) -> float:
        """Share of answers other than the most common one (the variation ratio)."""
        return 1 - max(self.counts.values()) / self.n if self.n else 0.0

    @property
    def spread(self) -> float:
        """Shannon entropy of the answers divided by its maximum, log(k) for k possible answers."""
        if not self.n or len(self.options) < 2:
            return 0.0
        entropy = sum(c / self.n * math.log(self.n / c) for c in self.counts.values() if c)
        return entropy / math.log(len(self.options))

    def row(self) -> list[int]:
        return [self.counts[o] for o in self.options]


@dataclass(frozen=True)
class Steelman:
    student: str
    text: str
    ok: bool


@dataclass
class TermsStats:
    finished: int
    choices: list[Distribution]
    labels: dict[str, dict[str, str]]  # choice -> option id -> label shown to students
    lists: list[Distribution]
    cases: list[Distribution]
    cases_met: Distribution


@dataclass(frozen=True)
class ScoreRow:
    hypothesis: str
    mean: float | None
    mean_weighted: float | None
    model: float
    model_weighted: float


@dataclass
class AchStats:
    complete: int
    cells: dict[str, list[Distribution]]  # hypothesis id -> one distribution per rated evidence item
    first: Distribution
    scores: list[ScoreRow]
    rankings: list[tuple[str, str]]


@dataclass
class VerdictStats:
    likelihood: Distribution
    confidence: Distribution
    probabilities: list[int]
    together: Counter[tuple[str, str]]
    ok: int


@dataclass(frozen=True)
class Unfinished:
    student: str
    shown: str
    missing: list[str]


@dataclass
class ClassStats:
    submissions: int
    reliability: list[Distribution]
    credibility: list[Distribution]
    kinds: list[Distribution]
    statuses: list[Distribution]
    picks: list[Distribution]
    steelmen: dict[str, list[Steelman]]
    terms: TermsStats
    ach: AchStats
    verdict: VerdictStats
    finished: dict[str, int]
    unfinished: list[Unfinished]
    min_answers: int
    ranking: list[Distribution]


def _results(sub: Submission, exercise: str) -> Mapping[str, Any]:
    return sub.evaluated[exercise]["results"]


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _per_item(subs: Sequence[Submission], exercise: str, aspect: str, records: Iterable[Mapping[str, Any]],
              options: Callable[[Mapping[str, Any]], list[str]], model: Callable[[Mapping[str, Any]], str],
              about: Callable[[Mapping[str, Any]], str],
              answer: Callable[[Mapping[str, Any]], Any]) -> list[Distribution]:
    """One distribution per data record, from the per-item results every item-based exercise stores."""
    dists = {r["id"]: Distribution(exercise, r["id"], aspect, about(r), options(r), model(r)) for r in records}
    for sub in subs:
        for item_id, result in _results(sub, exercise)["items"].items():
            if item_id in dists:
                dists[item_id].add(str(answer(result)))
    return list(dists.values())


def _about(data: Data, text_field: str) -> Callable[[Mapping[str, Any]], str]:
    """A record's text as plain words (citations resolved), short enough for a table cell."""
    return lambda record: _short(plain_text(record[text_field], data["sources"]))


def _scales(subs: Sequence[Submission], exercise: str, records: Sequence[Mapping[str, Any]],
            scales: Mapping[str, list[str]], model: Callable[[Mapping[str, Any], str], Any],
            about: Callable[[Mapping[str, Any]], str]) -> list[list[Distribution]]:
    """Grading and sorting mark two scales per item (reliability/credibility, kind/status): one list per scale."""
    return [_per_item(subs, exercise, scale, records, lambda r, o=options: list(o),
                      lambda r, s=scale: str(model(r, s)), about, lambda res, s=scale: res["latest"][s]["answer"])
            for scale, options in scales.items()]


def _duel(subs: Sequence[Submission], data: Data) -> tuple[list[Distribution], dict[str, list[Steelman]]]:
    claims = main_claims(data["claims"])
    picks = _per_item(subs, "counterpoint-duel", "pick", claims,
                      lambda c: [cp["id"] for cp in duel_candidates(c, data["counterpoints"])],
                      lambda c: c["strongest_counterpoint"], _about(data, "text"),
                      lambda r: r["latest"]["ranking"]["ranking"][0])
    steelmen: dict[str, list[Steelman]] = {c["id"]: [] for c in claims}
    for sub in subs:
        items = sub.answers.get("counterpoint-duel", {}).get("items", {})
        for claim_id, result in _results(sub, "counterpoint-duel")["items"].items():
            latest = attempts.latest(item_record(items.get(claim_id), ("ranking", "steelman"))) or {"choice": {}}
            text = str(latest["choice"].get("steelman", "")).strip()
            if text:
                steelmen[claim_id].append(Steelman(sub.student, text, bool(result["latest"]["steelman"]["ok"])))
    return picks, steelmen


def _terms(subs: Sequence[Submission], data: Data) -> TermsStats:
    defs = data["definitions"]
    labels = {"partner": {o["id"]: o["label"] for o in defs.get("partner", [])},
              "recognition": {o["id"]: o["label"] for o in defs.get("recognition", [])},
              "rule": dict(RULES), "period": dict(PERIODS)}
    choices = [Distribution("define-terms", name, "definition", f"What counts as {name}", list(options),
                            ranked=False) for name, options in labels.items()]
    lists = [Distribution("define-terms", entry["label"], "list", f"Is the {entry['label']} counted?",
                          ["counted", "not counted"], ranked=False) for entry in defs.get("lists", [])]
    list_ids = [entry["id"] for entry in defs.get("lists", [])]
    cases: dict[str, Distribution] = {}
    done = [_results(s, "define-terms") for s in subs if "choices" in _results(s, "define-terms")]
    for result in done:
        for dist in choices:
            dist.add(str(result["choices"][dist.item]))
        for list_id, dist in zip(list_ids, lists):
            dist.add("counted" if list_id in result["choices"]["lists"] else "not counted")
        for case in result["cases"]:
            cases.setdefault(case["case"], Distribution("define-terms", case["name"], "meets the claim", case["case"],
                                                        ["meets", "does not meet"], ranked=False))
            cases[case["case"]].add("meets" if case["meets"] else "does not meet")
    met = Distribution("define-terms", "cases meeting the claim", "per student", "",
                       [str(i) for i in range(len(cases) + 1)], ranked=False)
    for result in done:
        met.add(str(len(result["meets"])))
    return TermsStats(len(done), choices, labels, lists, list(cases.values()), met)


def _first_label(groups: Sequence[Mapping[str, Any]], labels: Mapping[str, str]) -> str:
    first = [labels.get(h, h) for h in groups[0]["hypotheses"]]
    return first[0] if len(first) == 1 else "tie: " + " = ".join(first)


def ranking_text(groups: Sequence[Mapping[str, Any]], labels: Mapping[str, str]) -> str:
    """``1. A (2); 2. B = C (5)``: least inconsistent first, ties shown as ties."""
    return "; ".join(f"{g['rank']}. {' = '.join(labels.get(h, h) for h in g['hypotheses'])} ({g['score']})"
                     for g in groups)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _ach(subs: Sequence[Submission], data: Data) -> AchStats:
    """Class figures for the data's hypotheses. The "model" beside them is the first model reading; the
    student's own hypotheses and rows are not pooled (each student's are different)."""
    hypotheses = data["hypotheses"]
    labels = {h["id"]: h["label"] for h in hypotheses}
    summaries = {e["id"]: _short(plain_text(e["summary"], data["sources"]), 70) for e in data["evidence"]}
    analyses = model_analyses(data)
    reading = analyses[0]["id"] if analyses else ""
    rows = [r["evidence"] for r in data.get("matrix_rows", [])]
    cells = {h["id"]: [Distribution("competing-hypotheses", ev, h["id"],
                                    f"How consistent is \"{summaries.get(ev, ev)}\" with \"{h['label']}\"?",
                                    list(RATINGS), (model_cell(h, ev, reading) or {}).get("rating")) for ev in rows]
             for h in hypotheses}
    first = Distribution("competing-hypotheses", "least inconsistent hypothesis", "first place", "",
                         list(labels.values()), ranked=False)
    plain: dict[str, list[float]] = {h: [] for h in labels}
    weighted: dict[str, list[float]] = {h: [] for h in labels}
    rankings = []
    for sub in subs:
        result = _results(sub, "competing-hypotheses")
        matrix = result["matrix"]
        for hyp, dists in cells.items():
            for dist in dists:
                if dist.item in matrix.get(hyp, {}):
                    dist.add(matrix[hyp][dist.item])
        if result["rated"]:
            note = "" if result["complete"] else f" (matrix not complete: {result['rated']} of {result['cells']} cells)"
            rankings.append((sub.student, ranking_text(result["student"]["ranking"], result["labels"]) + note))
        if result["complete"]:
            first.add(_first_label(result["student"]["ranking"], result["labels"]))
            for hyp in labels:
                plain[hyp].append(result["student"]["scores"][hyp])
                weighted[hyp].append(result["student"]["weighted_scores"][hyp])
    model = analyses[0] if analyses else {"scores": {}, "weighted_scores": {}}
    scores = [ScoreRow(labels[h], _mean(plain[h]), _mean(weighted[h]), model["scores"].get(h, 0),
                       model["weighted_scores"].get(h, 0)) for h in labels]
    return AchStats(first.n, cells, first, scores, rankings)


def percent(value: Any) -> int | None:
    """The verdict's probability as a whole per cent from 1 to 99, or None (not given, or not a number)."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 1 <= number <= 99 else None


def _verdict(subs: Sequence[Submission]) -> VerdictStats:
    likelihood = Distribution("verdict", "likelihood", "", "How likely is the broad claim?", list(LIKELIHOOD))
    confidence = Distribution("verdict", "confidence", "", "How confident in that judgement?", list(CONFIDENCE))
    probabilities: list[int] = []
    together: Counter[tuple[str, str]] = Counter()
    ok = 0
    for sub in subs:
        result = _results(sub, "verdict")["items"].get(OVERALL, {}).get("latest")
        if result is None:
            continue
        if result["likelihood"]:
            likelihood.add(result["likelihood"])
        if result["confidence"]:
            confidence.add(result["confidence"])
        if result["likelihood"] and result["confidence"]:
            together[(result["likelihood"], result["confidence"])] += 1
        committed = attempts.latest(sub.answers.get("verdict", {}).get("items", {}).get(OVERALL)) or {"choice": {}}
        number = percent(committed["choice"].get("probability"))
        if number is not None:
            probabilities.append(number)
        ok += bool(result["ok"])
    return VerdictStats(likelihood, confidence, probabilities, together, ok)


def _unfinished(subs: Sequence[Submission]) -> list[Unfinished]:
    rows = []
    for sub in subs:
        missing = [f"{e.title} ({p['done']} of {p['required']})" for e in EXERCISES
                   if not (p := sub.evaluated[e.id]["progress"])["finished"]]
        if missing:
            rows.append(Unfinished(sub.student, sub.shown, missing))
    return rows


def disagreement(dists: Iterable[Distribution], submissions: int) -> tuple[int, list[Distribution]]:
    """The minimum number of answers an item needs, and the ranked items, most disagreement first."""
    needed = max(MIN_ANSWERS, math.ceil(MIN_SHARE * submissions))
    pool = [d for d in dists if d.ranked and d.n >= needed]
    return needed, sorted(pool, key=lambda d: (-round(d.departing, 9), -round(d.spread, 9), -d.n, d.key))


def class_stats(subs: Sequence[Submission], data: Data) -> ClassStats:
    """Every figure of the report, from the accepted submissions."""
    reliability, credibility = _scales(
        subs, "grade-sources", data["evidence"],
        {"reliability": list(RELIABILITY), "credibility": [str(c) for c in CREDIBILITY]},
        lambda ev, scale: ev["grading"][scale], _about(data, "summary"))
    kinds, statuses = _scales(subs, "sort-claims", data["claims"], {"kind": list(KINDS), "status": list(STATUSES)},
                              lambda claim, scale: claim[scale], _about(data, "text"))
    picks, steelmen = _duel(subs, data)
    ach = _ach(subs, data)
    verdict = _verdict(subs)
    cells = [d for dists in ach.cells.values() for d in dists]
    needed, ranked = disagreement(
        [*reliability, *credibility, *kinds, *statuses, *picks, *cells, verdict.likelihood, verdict.confidence],
        len(subs))
    finished = {e.id: sum(s.evaluated[e.id]["progress"]["finished"] for s in subs) for e in EXERCISES}
    return ClassStats(len(subs), reliability, credibility, kinds, statuses, picks, steelmen, _terms(subs, data),
                      ach, verdict, finished, _unfinished(subs), needed, ranked)
