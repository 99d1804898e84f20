"""Class figures, folded in one submission at a time, in memory that does not grow with the class.

:class:`ClassStats` is built empty from the data, then :meth:`ClassStats.add` folds in
each accepted :class:`~claimlab.report.submission.Digest` and forgets it. Counts are
counters over fixed answer lists; free text (reasons, statements, steelmen,
indicators) is kept only as bounded samples: a :class:`Reservoir` (reservoir sampling
with a fixed seed, so the same class gives the same quotes) and :class:`Frequent`
(the Misra-Gries summary, exact while fewer than its capacity of distinct texts occur).
Long per-student lists keep their first :data:`LIST_LIMIT` rows and a count; the CSV
has every student.

**Defensible range.** Contestable judgements are never called right or wrong: an answer
is *inside* or *outside the model's defensible range*, read from ``defensible`` in the
data (contract 2). Where a record has no range yet, a grade one step from the model on
the ordered Admiralty scales counts as inside (what the grading exercise calls
"close"), and anything else must equal the model answer.

**Disagreement.** The share of students whose answer departs from the class's most
common answer (the *variation ratio*): 0 when everybody agrees, 0.5 for two equal
camps. It ranks a clean split above a consensus with scattered dissent; ties are broken
by normalised Shannon entropy. Items answered by fewer than ``max(3, 20 %)`` of the
students are left out, because a split between two people says little about a class.
"""
from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .. import labels
from ..exercises.ach import RATINGS
from ..exercises.chain import EXERCISES, TITLES, Data
from ..exercises.citations import plain_text
from ..exercises.counterpoint_duel import duel_candidates, main_claims
from ..exercises.definitions import PERIODS, RULES
from ..exercises.estimative import CONFIDENCE, LIKELIHOOD
from ..exercises.ach import competing_hypotheses
from .submission import Digest, Judged, dig

MIN_ANSWERS = 3
MIN_SHARE = 0.2
#: Quotes kept per item and side (inside / outside the range), statements and steelmen kept per class.
QUOTES = 3
SAMPLES = 8
#: Per-student tables in the report keep this many rows (the CSV has all of them).
LIST_LIMIT = 300
#: Distinct indicator texts tracked exactly (beyond it, the counts are a lower bound).
FREQUENT_CAPACITY = 2000
SEED = 20261130
OTHER = "(not an answer on the list)"
#: Probability histogram: bins of ten percentage points (the last one stops at 99).
PROBABILITY_BINS = [(low, min(low + 9, 99)) for low in range(1, 100, 10)]

T = TypeVar("T")


class Reservoir(Generic[T]):
    """A uniform sample of at most ``size`` of the values offered (Algorithm R, seeded: deterministic)."""

    def __init__(self, size: int, salt: str = ""):
        self.size = size
        self.seen = 0
        self.items: list[T] = []
        self._rng = random.Random(f"{SEED}:{salt}")

    def offer(self, value: T) -> None:
        self.seen += 1
        if len(self.items) < self.size:
            self.items.append(value)
            return
        slot = self._rng.randrange(self.seen)
        if slot < self.size:
            self.items[slot] = value


class Frequent:
    """The most frequent texts in a stream (Misra-Gries): exact counts while there are few distinct texts."""

    def __init__(self, capacity: int = FREQUENT_CAPACITY):
        self.capacity = capacity
        self.counts: Counter[str] = Counter()
        self.shown: dict[str, str] = {}
        self.exact = True

    def add(self, text: str) -> None:
        key = " ".join(text.casefold().split())
        if not key:
            return
        if key in self.counts or len(self.counts) < self.capacity:
            self.counts[key] += 1
            self.shown.setdefault(key, text)
            return
        self.exact = False
        for other in list(self.counts):
            self.counts[other] -= 1
            if not self.counts[other]:
                del self.counts[other], self.shown[other]

    def top(self, n: int) -> list[tuple[str, int]]:
        return [(self.shown[k], c) for k, c in self.counts.most_common(n) if c > 1]


class FirstRows(Generic[T]):
    """The first ``limit`` rows of a per-student list, and how many there were."""

    def __init__(self, limit: int = LIST_LIMIT):
        self.limit = limit
        self.rows: list[T] = []
        self.total = 0

    def add(self, row: T) -> None:
        self.total += 1
        if len(self.rows) < self.limit:
            self.rows.append(row)


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
        if answer not in self.options:  # a value off the list is counted as such, never as a new option
            answer = OTHER
            if OTHER not in self.options:
                self.options.append(OTHER)
        self.counts[answer] += 1

    @property
    def key(self) -> str:
        return f"{self.exercise}:{self.item}:{self.aspect}"

    @property
    def title(self) -> str:
        return f"{TITLES.get(self.exercise, self.exercise)}: {self.item}" + (f" ({self.aspect})" if self.aspect else "")

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    def share(self, answer: str | None) -> float:
        return self.counts[answer] / self.n if self.n and answer is not None else 0.0

    @property
    def modal(self) -> list[str]:
        top = max(self.counts.values(), default=0)
        return [o for o in self.options if top and self.counts[o] == top]

    @property
    def departing(self) -> float:
        return 1 - max(self.counts.values()) / self.n if self.n else 0.0

    @property
    def spread(self) -> float:
        if not self.n or len(self.options) < 2:
            return 0.0
        entropy = sum(c / self.n * math.log(self.n / c) for c in self.counts.values() if c)
        return entropy / math.log(len(self.options))


@dataclass(frozen=True)
class Quote:
    student: str
    answer: str
    reason: str


@dataclass
class ItemStats:
    """One judged question (an item and one aspect of it): latest and first answers, revisions, reasons."""

    latest: Distribution
    first: Distribution
    defensible: list[str]
    inside_latest: int = 0
    inside_first: int = 0
    revised: int = 0
    into_range: int = 0
    out_of_range: int = 0
    changed: int = 0
    moves: Counter[tuple[str, str]] = field(default_factory=Counter)
    inside_quotes: Reservoir[Quote] = field(init=False)
    outside_quotes: Reservoir[Quote] = field(init=False)

    def __post_init__(self) -> None:
        key = self.latest.key
        self.inside_quotes = Reservoir(QUOTES, key + ":in")
        self.outside_quotes = Reservoir(QUOTES, key + ":out")

    @property
    def outside_share(self) -> float:
        return 1 - self.inside_latest / self.latest.n if self.latest.n else 0.0


def _scale_range(model: str, scale: Sequence[str], cannot_judge: str) -> list[str]:
    """Model answer and its ordered neighbours; "cannot be judged" only when that is the model answer."""
    if model == cannot_judge or model not in scale:
        return [model]
    i = scale.index(model)
    return [s for s in scale[max(0, i - 1): i + 2]]


def defensible(record: Mapping[str, Any], aspect: str, model: str) -> list[str]:
    """The answers inside the model's defensible range for one aspect of a data record (contract 2)."""
    ranges = record.get("grading", {}).get("defensible") if "grading" in record else record.get("defensible")
    given = ranges.get(aspect) if isinstance(ranges, Mapping) else None
    if isinstance(given, list) and given:
        return [str(v) for v in given]
    if aspect == "reliability":
        return _scale_range(model, list("ABCDE"), "F")
    if aspect == "credibility":
        return _scale_range(model, list("12345"), "6")
    return [model]


@dataclass(frozen=True)
class Spec:
    exercise: str
    aspect: str
    options: Callable[[Mapping[str, Any]], list[str]]
    model: Callable[[Mapping[str, Any]], str]


def _specs(data: Data) -> dict[str, tuple[list[Mapping[str, Any]], list[Spec]]]:
    candidates = {c["id"]: [cp["id"] for cp in duel_candidates(c, data["counterpoints"])]
                  for c in main_claims(data["claims"])}
    return {
        "grade-sources": (list(data["evidence"]), [
            Spec("grade-sources", "reliability", lambda r: list(labels.RELIABILITY),
                 lambda r: str(r["grading"]["reliability"])),
            Spec("grade-sources", "credibility", lambda r: [str(c) for c in labels.CREDIBILITY],
                 lambda r: str(r["grading"]["credibility"]))]),
        "sort-claims": (list(data["claims"]), [
            Spec("sort-claims", "kind", lambda r: list(labels.KIND), lambda r: str(r["kind"])),
            Spec("sort-claims", "status", lambda r: list(labels.STATUS), lambda r: str(r["status"]))]),
        "counterpoint-duel": (list(main_claims(data["claims"])), [
            Spec("counterpoint-duel", "pick", lambda r: list(candidates[r["id"]]),
                 lambda r: str(r["strongest_counterpoint"]))]),
    }


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _about(record: Mapping[str, Any], data: Data) -> str:
    text = record.get("summary") or record.get("text") or ""
    return _short(plain_text(str(text), data["sources"]))


def _canonical(aspect: str, value: Any) -> str:
    text = str(value).strip()
    return text.upper() if aspect == "reliability" else text


@dataclass
class VerdictStats:
    likelihood: Distribution
    confidence: Distribution
    bins: list[int]
    together: Counter[tuple[str, str]]
    ok: int = 0
    given: int = 0
    indicator_counts: Counter[int] = field(default_factory=Counter)
    indicators: Frequent = field(default_factory=Frequent)
    #: student, likelihood, confidence, statement, reason
    statements: Reservoir[tuple[str, str, str, str, str]] = field(
        default_factory=lambda: Reservoir(SAMPLES, "statements"))


@dataclass
class AchStats:
    cells: dict[str, list[Distribution]]
    first: Distribution
    score_sums: dict[str, list[float]]
    model_scores: dict[str, Any]
    complete: int = 0
    rankings: FirstRows[tuple[str, str]] = field(default_factory=FirstRows)


@dataclass
class TermsStats:
    choices: list[Distribution]
    labels: dict[str, dict[str, str]]
    lists: list[tuple[str, Distribution]]
    cases: dict[str, list[int]]  # case name -> [students meeting it, students not]
    cases_met: Counter[int] = field(default_factory=Counter)
    finished: int = 0


@dataclass
class Steelmen:
    claim: str
    given: int = 0
    ok: int = 0
    sample: Reservoir[tuple[str, str, bool]] = field(default_factory=lambda: Reservoir(SAMPLES))


class ClassStats:
    """Every figure of the report; :meth:`add` one digest at a time."""

    def __init__(self, data: Data):
        self.data = data
        self.submissions = 0
        self.finished: Counter[str] = Counter()
        self.unfinished: FirstRows[tuple[str, str, str]] = FirstRows()
        self.groups: FirstRows[tuple[str, str, str]] = FirstRows()
        self.notes: FirstRows[tuple[str, str, str]] = FirstRows()
        self.changed_students = 0
        self.revising_students = 0
        self.committed = 0
        self.revised_items = 0
        self.reasons = 0
        self.items: dict[tuple[str, str, str], ItemStats] = {}
        for exercise, (records, specs) in _specs(data).items():
            for record in records:
                for spec in specs:
                    model = spec.model(record)
                    about = _about(record, data)
                    self.items[(exercise, record["id"], spec.aspect)] = ItemStats(
                        Distribution(exercise, record["id"], spec.aspect, about, spec.options(record), model),
                        Distribution(exercise, record["id"], spec.aspect, about, spec.options(record), model),
                        defensible(record, spec.aspect, model))
        self.steelmen = {c["id"]: Steelmen(c["id"], sample=Reservoir(SAMPLES, "steelman:" + c["id"]))
                         for c in main_claims(data["claims"])}
        self.verdict = VerdictStats(
            Distribution("verdict", "likelihood", "", "How likely is the broad claim?", list(LIKELIHOOD)),
            Distribution("verdict", "confidence", "", "How confident in that judgement?", list(CONFIDENCE)),
            [0] * len(PROBABILITY_BINS), Counter())
        self.ach = self._ach()
        self.terms = self._terms()

    def _ach(self) -> AchStats:
        summaries = {e["id"]: _short(plain_text(e["summary"], self.data["sources"]), 70) for e in self.data["evidence"]}
        cells = {h["id"]: [Distribution("competing-hypotheses", ev, h["id"],
                                        f"How consistent is \"{summaries.get(ev, ev)}\" with \"{h['label']}\"?",
                                        list(RATINGS), rating) for ev, rating in h["ratings"].items()]
                 for h in self.data["hypotheses"]}
        first = Distribution("competing-hypotheses", "least inconsistent hypothesis", "first place", "",
                             [h["label"] for h in self.data["hypotheses"]], ranked=False)
        try:
            model = competing_hypotheses(self.data["hypotheses"], {}, self.data["evidence"])["model"]
        except Exception:  # noqa: BLE001 -- the model's scores are a comparison, not needed for the class figures
            model = {}
        return AchStats(cells, first, {h["id"]: [0.0, 0.0, 0] for h in self.data["hypotheses"]},
                        {"scores": dig(model, "scores") or {}, "weighted": dig(model, "weighted_scores") or {}})

    def _terms(self) -> TermsStats:
        defs = self.data["definitions"]
        names = {"partner": {o["id"]: o["label"] for o in defs.get("partner", [])},
                 "recognition": {o["id"]: o["label"] for o in defs.get("recognition", [])},
                 "rule": dict(RULES), "period": dict(PERIODS)}
        choices = [Distribution("define-terms", name, "definition", f"What counts as {name}", list(options),
                                ranked=False) for name, options in names.items()]
        lists = [(entry["id"], Distribution("define-terms", entry["label"], "list", "", ["counted", "not counted"],
                                            ranked=False)) for entry in defs.get("lists", [])]
        return TermsStats(choices, names, lists, {})

    # -- folding ------------------------------------------------------------------------

    def add(self, sub: Digest) -> None:
        """Fold one accepted submission into the figures."""
        self.submissions += 1
        missing = []
        for exercise in EXERCISES:
            done, required, finished = sub.progress.get(exercise.id, (0, 0, False))
            self.finished[exercise.id] += finished
            if not finished:
                missing.append(f"{exercise.title} ({done} of {required})")
        if missing:
            self.unfinished.add((sub.student, sub.shown, "; ".join(missing)))
        if sub.group:
            self.groups.add((sub.group, ", ".join(sub.members), sub.student))
        for note in sub.notes:
            self.notes.add((sub.student, sub.shown, note))
        self._judged(sub)
        self._steelmen(sub)
        self._ach_add(sub)
        self._terms_add(sub)
        self._verdict_add(sub)

    def _judged(self, sub: Digest) -> None:
        revised_any = changed_any = False
        for judged in sub.judged:
            self.committed += 1
            self.reasons += bool(judged.latest_reason or judged.first_reason)
            item_revised = judged.attempts > 1 and judged.first != judged.latest
            self.revised_items += item_revised
            revised_any |= item_revised
            changed_any |= judged.changed
            for (exercise, item, aspect), stats in self._aspects(judged):
                self._fold_item(stats, judged, aspect, sub.student)
        self.revising_students += revised_any
        self.changed_students += changed_any

    def _aspects(self, judged: Judged) -> Iterable[tuple[tuple[str, str, str], ItemStats]]:
        for aspect in judged.latest:
            key = (judged.exercise, judged.item, aspect)
            if key in self.items:
                yield key, self.items[key]

    def _fold_item(self, stats: ItemStats, judged: Judged, aspect: str, student: str) -> None:
        if judged.changed:
            stats.changed += 1
            return
        latest, first = judged.latest.get(aspect), judged.first.get(aspect)
        latest = _canonical(aspect, latest) if isinstance(latest, str) else OTHER
        first = _canonical(aspect, first) if isinstance(first, str) else OTHER
        stats.latest.add(latest)
        stats.first.add(first)
        inside_now, inside_then = latest in stats.defensible, first in stats.defensible
        stats.inside_latest += inside_now
        stats.inside_first += inside_then
        if first != latest:
            stats.revised += 1
            stats.moves[(first, latest)] += 1
            stats.into_range += inside_now and not inside_then
            stats.out_of_range += inside_then and not inside_now
        if judged.latest_reason:
            (stats.inside_quotes if inside_now else stats.outside_quotes).offer(
                Quote(student, latest, judged.latest_reason))

    def _steelmen(self, sub: Digest) -> None:
        for claim, text, ok in sub.steelmen:
            if claim in self.steelmen:
                found = self.steelmen[claim]
                found.given += 1
                found.ok += ok
                found.sample.offer((sub.student, text, ok))

    def _ach_add(self, sub: Digest) -> None:
        for hyp, ev, rating in sub.cells:
            for dist in self.ach.cells.get(hyp, []):
                if dist.item == ev:
                    dist.add(rating)
        summary = sub.ach
        if not summary or not summary.get("ranking"):
            return
        ranking = "; ".join(f"{i}. {' = '.join(names)}" + (f" ({score})" if isinstance(score, (int, float)) else "")
                            for i, (names, score) in enumerate(summary["ranking"], 1))
        if not summary["complete"]:
            ranking += f" (matrix not complete: {summary['rated']} of {summary['cells']} cells)"
        self.ach.rankings.add((sub.student, ranking))
        if summary["complete"]:
            self.ach.complete += 1
            names = summary["ranking"][0][0]
            self.ach.first.add(names[0] if len(names) == 1 else "tie: " + " = ".join(names))
            for hyp, sums in self.ach.score_sums.items():
                plain, weighted = dig_number(summary.get("scores"), hyp), dig_number(summary.get("weighted"), hyp)
                if plain is not None and weighted is not None:
                    sums[0] += plain
                    sums[1] += weighted
                    sums[2] += 1

    def _terms_add(self, sub: Digest) -> None:
        if not sub.terms:
            return
        terms = self.terms
        terms.finished += 1
        choices = sub.terms["choices"]
        for dist in terms.choices:
            value = choices.get(dist.item)
            dist.add(value if isinstance(value, str) else OTHER)
        chosen = choices.get("lists") if isinstance(choices.get("lists"), list) else []
        for list_id, dist in terms.lists:
            dist.add("counted" if list_id in chosen else "not counted")
        met = 0
        for name, meets in sub.terms["cases"]:
            if name not in terms.cases and len(terms.cases) < 100:
                terms.cases[name] = [0, 0]
            if name in terms.cases:
                terms.cases[name][0 if meets else 1] += 1
            met += meets
        terms.cases_met[met] += 1

    def _verdict_add(self, sub: Digest) -> None:
        verdict = self.verdict
        found = sub.verdict
        if not found:
            return
        likelihood, confidence, probability = found.get("likelihood"), found.get("confidence"), found.get("probability")
        if likelihood:
            verdict.likelihood.add(likelihood)
        if confidence:
            verdict.confidence.add(confidence)
        if likelihood and confidence:
            verdict.together[(likelihood, confidence)] += 1
        if isinstance(probability, int):
            verdict.bins[min((probability - 1) // 10, len(verdict.bins) - 1)] += 1
        verdict.ok += bool(found.get("ok"))
        indicators = [i for i in found.get("indicators", []) if i.strip()]
        verdict.indicator_counts[len(indicators)] += 1
        for indicator in indicators:
            verdict.indicators.add(indicator)
        statement = found.get("statement", "")
        if statement.strip():
            verdict.given += 1
            verdict.statements.offer((sub.student, likelihood or "", confidence or "", statement,
                                      found.get("reason", "")))

    # -- derived figures ------------------------------------------------------------------

    def scale(self, exercise: str, aspect: str) -> list[Distribution]:
        return [s.latest for (ex, _, asp), s in self.items.items() if ex == exercise and asp == aspect]

    def item_stats(self, exercise: str | None = None) -> list[ItemStats]:
        return [s for (ex, _, _), s in self.items.items() if exercise is None or ex == exercise]

    @property
    def min_answers(self) -> int:
        return max(MIN_ANSWERS, math.ceil(MIN_SHARE * self.submissions))

    def ranking(self) -> list[Distribution]:
        """Items by class split, most divided first."""
        dists = [s.latest for s in self.items.values()] + [d for ds in self.ach.cells.values() for d in ds] + [
            self.verdict.likelihood, self.verdict.confidence]
        pool = [d for d in dists if d.ranked and d.n >= self.min_answers]
        return sorted(pool, key=lambda d: (-round(d.departing, 9), -round(d.spread, 9), -d.n, d.key))

    def outside_ranking(self) -> list[ItemStats]:
        """Judged items by the share of the class outside the model's defensible range, largest first."""
        pool = [s for s in self.items.values() if s.latest.n >= self.min_answers and s.inside_latest < s.latest.n]
        return sorted(pool, key=lambda s: (-round(s.outside_share, 9), -s.latest.n, s.latest.key))


def dig_number(value: Any, key: str) -> float | None:
    found = value.get(key) if isinstance(value, Mapping) else None
    return float(found) if isinstance(found, (int, float)) and not isinstance(found, bool) else None

