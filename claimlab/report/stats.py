"""Class figures, folded in one submission at a time, in memory that does not grow with the class.

:class:`ClassStats` is built empty from the data, then :meth:`ClassStats.add` folds in
each accepted :class:`~claimlab.report.submission.Digest` and forgets it; parts of a class
read by different processes are combined with :meth:`ClassStats.merge`. Counts are
counters over fixed answer lists; free text (reasons, statements, steelmen,
indicators) is kept only as bounded samples: a :class:`Reservoir` (reservoir sampling
with fixed, seeded priorities, so the same class gives the same quotes whatever the
reading order) and :class:`Frequent` (the Misra-Gries summary, exact while fewer than
its capacity of distinct texts occur). Long per-student lists keep their first
:data:`LIST_LIMIT` rows and a count; the CSV has every student.

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

import bisect
import dataclasses
import functools
import hashlib
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, TypeVar

from .. import labels
from ..exercises.competing_hypotheses import RATINGS, model_analyses, model_cell, model_rows
from ..exercises.chain import EXERCISES, TITLES, Data
from ..exercises.citations import plain_text
from ..exercises.counterpoint_duel import duel_rounds
from ..exercises.define_terms import PERIODS, RULES
from ..exercises.lateral_reading import claim_update, outlets
from ..exercises.verdict import CONFIDENCE, LIKELIHOOD
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
#: Distinct answers per question whose counted form is remembered (a class gives a handful; a bound all the same).
COUNTED_VALUES = 64
#: Probability histogram: bins of ten percentage points (the last one stops at 99).
PROBABILITY_BINS = [(low, min(low + 9, 99)) for low in range(1, 100, 10)]

T = TypeVar("T")


_MASK = (1 << 64) - 1


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"{SEED}:{text}".encode(), digest_size=8).digest(), "big")


@functools.lru_cache(maxsize=4096)
def _owner_hash(owner: str) -> int:
    return _hash64(owner)


class Reservoir(Generic[T]):
    """A uniform random sample of at most ``size`` of the values offered, reproducible and mergeable.

    Reservoir sampling by fixed random priorities (bottom-k sampling): every value gets a
    pseudo-random rank from a seeded hash of who offered it, and the ``size`` lowest ranks
    are kept. Unlike the sequential Algorithm R, the sample does not depend on the order in
    which files are read, so parts read by different processes merge into the same sample,
    and a submission set aside afterwards (a conflict) can be taken out again.
    """

    SLACK = 4  # a few more than shown, so taking out a conflict's quotes seldom leaves a gap

    def __init__(self, size: int, salt: str = ""):
        self.size = size
        self.salt = _hash64(salt)
        self.seen = 0
        self._kept: list[tuple[int, str, T]] = []  # (priority, owner, value), lowest priority first

    def offer(self, value: T, owner: str, sign: int = 1, owner_hash: int | None = None) -> None:
        """Offer (or, with ``sign=-1``, withdraw) the value ``owner`` gave; ``owner_hash`` is
        ``_owner_hash(owner)`` when the caller has it (one submission offers to hundreds of samples)."""
        self.seen += sign
        if sign < 0:
            self._kept = [k for k in self._kept if k[1] != owner]
            return
        # The rank: a splitmix64 step over the owner's hash and the sample's salt (the same class always gives
        # the same sample, and different samples differ). Inline, and compared before anything is built: a
        # large class offers a quote for nearly every answer, and keeps few.
        x = (((_owner_hash(owner) if owner_hash is None else owner_hash) ^ self.salt) * 0x9E3779B97F4A7C15) & _MASK
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
        priority = x ^ (x >> 31)
        kept = self._kept
        if len(kept) < self.size + self.SLACK or priority < kept[-1][0]:
            # ordered by (priority, owner): an owner offers once to a sample, so the value is never compared
            bisect.insort(kept, (priority, owner, value))
            del kept[self.size + self.SLACK:]

    def merge(self, other: "Reservoir[T]") -> None:
        self.seen += other.seen
        self._kept = sorted(self._kept + other._kept, key=lambda k: (k[0], k[1]))[: self.size + self.SLACK]

    @property
    def items(self) -> list[T]:
        return [value for _, _, value in self._kept[: self.size]]


class Frequent:
    """The most frequent texts in a stream (Misra-Gries summary): exact while there are few distinct texts."""

    def __init__(self, capacity: int = FREQUENT_CAPACITY):
        self.capacity = capacity
        self.counts: Counter[str] = Counter()
        self.shown: dict[str, str] = {}
        self.exact = True

    def add(self, text: str, sign: int = 1) -> None:
        key = " ".join(text.casefold().split())
        if not key:
            return
        if sign < 0:
            if self.counts.get(key, 0) > 0:
                self.counts[key] -= 1
            return
        if key in self.counts or len(self.counts) < self.capacity:
            self.counts[key] += 1
            self.shown.setdefault(key, text)
            return
        self.exact = False
        for other in list(self.counts):
            self.counts[other] -= 1
            if self.counts[other] <= 0:
                del self.counts[other]
                self.shown.pop(other, None)

    def merge(self, other: "Frequent") -> None:
        self.counts.update(other.counts)
        for key, text in other.shown.items():
            self.shown.setdefault(key, text)
        self.exact = self.exact and other.exact
        if len(self.counts) > self.capacity:
            self.exact = False
            self.counts = Counter(dict(self.counts.most_common(self.capacity)))
            self.shown = {k: self.shown[k] for k in self.counts}

    def top(self, n: int) -> list[tuple[str, int]]:
        return [(self.shown[k], c) for k, c in self.counts.most_common(n) if c > 1]


class FirstRows(Generic[T]):
    """The first ``limit`` rows of a per-student list in sorted order, and how many there were (mergeable)."""

    def __init__(self, limit: int = LIST_LIMIT):
        self.limit = limit
        self.rows: list[T] = []
        self.total = 0

    def add(self, row: T, sign: int = 1) -> None:
        self.total += sign
        if sign < 0:
            if row in self.rows:
                self.rows.remove(row)
            return
        if len(self.rows) < self.limit or row < self.rows[-1]:  # type: ignore[operator]
            bisect.insort(self.rows, row)  # type: ignore[type-var]
            del self.rows[self.limit:]

    def merge(self, other: "FirstRows[T]") -> None:
        self.total += other.total
        self.rows = sorted(self.rows + other.rows)[: self.limit]  # type: ignore[type-var]


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
    #: True where new answers come from the data, not from students (ties between hypotheses): they are added.
    open_options: bool = False

    def add(self, answer: str, sign: int = 1) -> None:
        if answer not in self.options:
            if not (self.open_options and len(self.options) < 50):
                answer = OTHER  # a student's value off the list is counted as such, never as a new option
            if answer not in self.options:
                self.options.append(answer)
        self.counts[answer] += sign

    def merge(self, other: "Distribution") -> None:
        for option in other.options:
            if option not in self.options:
                self.options.append(option)
        self.counts.update(other.counts)

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
    #: the records this aspect is judged on (an exercise may mix kinds of item, as "Read laterally" does)
    applies: Callable[[Mapping[str, Any]], bool] = lambda r: True


def _specs(data: Data) -> dict[str, tuple[list[Mapping[str, Any]], list[Spec]]]:
    rounds = duel_rounds(data["claims"], data["counterpoints"], data["evidence"])
    section = data.get("source_analysis") or {}
    choices = {i["id"]: [o["id"] for o in section["choice_sets"][i["choices"]]] for i in section.get("items", [])}
    return {
        "source-analysis": ([i for i in section.get("items", []) if "model" in i], [
            Spec("source-analysis", "choice", lambda r: list(choices[r["id"]]), lambda r: str(r["model"]))]),
        "grade-sources": (list(data["evidence"]), [
            Spec("grade-sources", "reliability", lambda r: list(labels.RELIABILITY),
                 lambda r: str(r["grading"]["reliability"])),
            Spec("grade-sources", "credibility", lambda r: [str(c) for c in labels.CREDIBILITY],
                 lambda r: str(r["grading"]["credibility"]))]),
        "lateral-reading": ([*outlets(data), *([claim_update(data)] if claim_update(data) else [])], [
            Spec("lateral-reading", "reliability", lambda r: list(labels.RELIABILITY),
                 lambda r: str(r["grading"]["reliability"]), lambda r: "grading" in r),
            Spec("lateral-reading", "status", lambda r: list(labels.STATUS), lambda r: str(r["status"]),
                 lambda r: "claim" in r)]),
        "sort-claims": (list(data["claims"]), [
            Spec("sort-claims", "kind", lambda r: list(labels.KIND), lambda r: str(r["kind"])),
            Spec("sort-claims", "status", lambda r: list(labels.STATUS), lambda r: str(r["status"]))]),
        "counterpoint-duel": (rounds, [
            Spec("counterpoint-duel", "pick", lambda r: [c["id"] for c in r["candidates"]],
                 lambda r: str(r["strongest"]))]),
    }


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _about(record: Mapping[str, Any], data: Data) -> str:
    text = record.get("summary") or record.get("text") or record.get("name") or ""
    if not text and record.get("question"):  # a question of "Source the analysis", with its phrase or account
        text = record["question"] + (f" “{record['quote']}”" if record.get("quote") else "") + (
            f" ({{cite}}`{record['account']}`)" if record.get("account") else "")
    return _short(plain_text(str(text), data["sources"]))


def canonical(aspect: str, value: Any) -> str:
    """An answer as counted: reliability letters in capitals, everything else as given."""
    text = str(value).strip()
    return text.upper() if aspect == "reliability" else text


class Quote(NamedTuple):
    """A reason quoted in the report (a named tuple: ordered and immutable, and quick to make per answer)."""

    student: str
    answer: str
    reason: str


def _merge_counts(mine: Any, theirs: Any) -> None:
    """Add every counter, distribution and number of ``theirs`` to ``mine`` (same dataclass)."""
    for name, value in vars(theirs).items():
        own = getattr(mine, name)
        if isinstance(value, bool) or name in ("defensible", "claim"):
            continue
        if isinstance(value, (int, float)):
            setattr(mine, name, own + value)
        elif isinstance(value, Counter):
            own.update(value)
        elif isinstance(value, (Distribution, Reservoir, Frequent, FirstRows)):
            own.merge(value)
        elif isinstance(value, list) and value and isinstance(value[0], int):
            setattr(mine, name, [a + b for a, b in zip(own, value)])


class Tally(NamedTuple):
    """One submission's own counts of its judged items, made while they are folded into the class figures."""

    committed: int
    revised: int  # latest choice differs from the first
    reasons: int  # carry a reason (first or latest)
    inside: int  # latest answers inside the model's defensible range, one per question (scale) …
    outside: int  # … and outside it; answers made on changed data are in neither


class _Settled(NamedTuple):
    """The figures of one question that follow from its answers (see :class:`ItemStats`)."""

    latest: Distribution
    first: Distribution
    inside_latest: int
    inside_first: int
    revised: int
    repeated: int
    into_range: int
    out_of_range: int
    moves: Counter[tuple[str, str]]


class ItemStats:
    """One judged question (an item and one aspect of it): latest and first answers, revisions, reasons.

    Each answer is counted once, as (first answer, latest answer, committed more than once), in
    ``answers``; the distributions and counts the report shows follow from those few distinct triples and
    are worked out when read. Counting them one by one for every answer of every student took a fifth of a
    large report's time; a class gives only a few dozen distinct triples per question.
    """

    def __init__(self, latest: Distribution, first: Distribution, defensible: list[str]):
        self.defensible = defensible
        self.answers: Counter[tuple[str, str, bool]] = Counter()
        #: answers made on data that has changed since: counted apart, in nothing else
        self.changed = 0
        self.inside_quotes: Reservoir[Quote] = Reservoir(QUOTES, latest.key + ":in")
        self.outside_quotes: Reservoir[Quote] = Reservoir(QUOTES, latest.key + ":out")
        self._empty = (latest, first)  # what a question is about, with no answers counted
        self._counted: dict[str, tuple[str, bool]] = {}
        self._settled: _Settled | None = None

    def counted(self, value: Any) -> tuple[str, bool]:
        """An answer as counted and whether it is inside the defensible range, remembered per value: a class
        gives few distinct answers to one question, and this runs for every answer of every student."""
        if type(value) is not str:
            return OTHER, OTHER in self.defensible
        found = self._counted.get(value)
        if found is None:
            answer = canonical(self._empty[0].aspect, value)
            found = (answer, answer in self.defensible)
            if len(self._counted) < COUNTED_VALUES:
                self._counted[value] = found
        return found

    def add(self, judged: Judged, aspect: str, owner: str, student: str, sign: int,
            owner_hash: int | None = None) -> bool | None:
        """Count one answer; returns whether its latest answer is inside the range (None: on changed data)."""
        if judged.changed:
            self.changed += sign
            return None
        value = judged.latest.get(aspect)
        # :meth:`counted`, its usual case looked up here: this runs for every answer of every student
        found = self._counted.get(value) if type(value) is str else None
        latest, inside_now = found if found is not None else self.counted(value)
        first = latest if judged.first is judged.latest else self.counted(judged.first.get(aspect))[0]
        self.answers[(first, latest, judged.attempts > 1)] += sign
        self._settled = None
        if judged.latest_reason:
            (self.inside_quotes if inside_now else self.outside_quotes).offer(
                Quote(student, latest, judged.latest_reason), owner, sign, owner_hash)
        return inside_now

    def merge(self, other: "ItemStats") -> None:
        self.answers.update(other.answers)
        self.changed += other.changed
        self.inside_quotes.merge(other.inside_quotes)
        self.outside_quotes.merge(other.outside_quotes)
        self._settled = None

    def settled(self) -> _Settled:
        """The figures that follow from the answers. Keys stay in the order answers were first counted, so
        every counter iterates as if each answer had been added to it in turn."""
        if self._settled is None:
            latest, first = (dataclasses.replace(d, options=list(d.options), counts=Counter()) for d in self._empty)
            inside = self.defensible
            inside_latest = inside_first = revised = repeated = into_range = out_of_range = 0
            moves: Counter[tuple[str, str]] = Counter()
            for (then, now, again), n in self.answers.items():
                latest.add(now, n)
                first.add(then, n)
                inside_now, inside_then = now in inside, then in inside
                inside_latest += n * inside_now
                inside_first += n * inside_then
                repeated += n * again
                if then != now:
                    revised += n
                    moves[(then, now)] += n
                    into_range += n * (inside_now and not inside_then)
                    out_of_range += n * (inside_then and not inside_now)
            self._settled = _Settled(latest, first, inside_latest, inside_first, revised, repeated, into_range,
                                     out_of_range, moves)
        return self._settled

    latest = property(lambda self: self.settled().latest, doc="How the class answered, latest attempts.")
    first = property(lambda self: self.settled().first, doc="How the class answered, first attempts.")
    inside_latest = property(lambda self: self.settled().inside_latest)
    inside_first = property(lambda self: self.settled().inside_first)
    revised = property(lambda self: self.settled().revised, doc="Students whose latest answer differs from the first.")
    repeated = property(lambda self: self.settled().repeated,
                        doc="Committed more than once, whether or not the answer changed (Read laterally: graded "
                            "again after checking).")
    into_range = property(lambda self: self.settled().into_range)
    out_of_range = property(lambda self: self.settled().out_of_range)
    moves = property(lambda self: self.settled().moves, doc="(first, latest) -> students, for revised answers.")

    @property
    def outside_share(self) -> float:
        return 1 - self.inside_latest / self.latest.n if self.latest.n else 0.0


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
    cells: dict[str, dict[str, Distribution]]  # hypothesis -> evidence -> ratings
    first: Distribution
    score_sums: dict[str, list[float]]  # hypothesis -> [sum of scores, sum of weighted scores, matrices]
    model_scores: dict[str, Any]
    complete: int = 0
    rankings: FirstRows[tuple[str, str]] = field(default_factory=FirstRows)


@dataclass
class TermsStats:
    choices: list[Distribution]
    labels: dict[str, dict[str, str]]
    lists: list[tuple[str, Distribution]]
    cases: Counter[tuple[str, bool]] = field(default_factory=Counter)  # (case name, meets) -> students
    cases_met: Counter[int] = field(default_factory=Counter)
    finished: int = 0


@dataclass
class Steelmen:
    claim: str
    given: int = 0
    ok: int = 0
    sample: Reservoir[tuple[str, str, bool]] = field(init=False)

    def __post_init__(self) -> None:
        self.sample = Reservoir(SAMPLES, "steelman:" + self.claim)


class ClassStats:
    """Every figure of the report: :meth:`add` one digest at a time, :meth:`merge` parts read elsewhere.

    ``add(sub, sign=-1)`` takes a submission out again (a duplicate or a conflict found only
    after it was counted): counts go down and its quotes leave the samples.
    """

    def __init__(self, data: Data):
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
                about = _about(record, data)
                for spec in (s for s in specs if s.applies(record)):
                    model = spec.model(record)
                    self.items[(exercise, record["id"], spec.aspect)] = ItemStats(
                        Distribution(exercise, record["id"], spec.aspect, about, spec.options(record), model),
                        Distribution(exercise, record["id"], spec.aspect, about, spec.options(record), model),
                        defensible(record, spec.aspect, model))
        #: (exercise, item) -> its questions (aspect, figures): one look-up per committed item
        self._aspects: dict[tuple[str, str], list[tuple[str, ItemStats]]] = {}
        for (exercise, item, aspect), stats in self.items.items():
            self._aspects.setdefault((exercise, item), []).append((aspect, stats))
        self.steelmen = {r["id"]: Steelmen(r["id"])
                         for r in duel_rounds(data["claims"], data["counterpoints"], data["evidence"])}
        self.verdict = VerdictStats(
            Distribution("verdict", "likelihood", "", "How likely is the broad claim?", list(LIKELIHOOD)),
            Distribution("verdict", "confidence", "", "How confident in that judgement?", list(CONFIDENCE)),
            [0] * len(PROBABILITY_BINS), Counter())
        self.ach = _ach_stats(data)
        self.terms = _terms_stats(data)

    # -- folding ------------------------------------------------------------------------

    def add(self, sub: Digest, sign: int = 1) -> Tally:
        """Fold one accepted submission into the figures (``sign=-1``: take it out again); returns its own
        counts, which its gradebook row shows."""
        owner = f"{sub.key}\x1f{sub.shown}"
        self.submissions += sign
        missing = []
        for exercise in EXERCISES:
            done, required, finished = sub.progress.get(exercise.id, (0, 0, False))
            self.finished[exercise.id] += sign * finished
            if not finished:
                missing.append(f"{exercise.title} ({done} of {required})")
        if missing:
            self.unfinished.add((sub.student, sub.shown, "; ".join(missing)), sign)
        if sub.group:
            self.groups.add((sub.group, ", ".join(sub.members), sub.student), sign)
        for note in sub.notes:
            self.notes.add((sub.student, sub.shown, note), sign)
        tally = self._judged(sub, owner, sign)
        for claim, text, ok in sub.steelmen:
            if claim in self.steelmen:
                found = self.steelmen[claim]
                found.given += sign
                found.ok += sign * ok
                found.sample.offer((sub.student, text, ok), owner, sign)
        self._ach_add(sub, sign)
        self._terms_add(sub, sign)
        self._verdict_add(sub, owner, sign)
        return tally

    def _judged(self, sub: Digest, owner: str, sign: int) -> Tally:
        changed_any = False
        revised = reasons = inside = outside = 0
        owner_hash, student, aspects_of = _owner_hash(owner), sub.student, self._aspects
        for judged in sub.judged:
            reasons += bool(judged.latest_reason or judged.first_reason)
            revised += judged.attempts > 1 and judged.first != judged.latest
            changed_any |= judged.changed
            aspects = aspects_of.get((judged.exercise, judged.item))
            if aspects is None:
                continue
            latest = judged.latest
            for aspect, stats in aspects:
                if aspect in latest:
                    found = stats.add(judged, aspect, owner, student, sign, owner_hash)
                    if found is not None:
                        inside += found
                        outside += not found
        committed = len(sub.judged)
        self.committed += sign * committed
        self.reasons += sign * reasons
        self.revised_items += sign * revised
        self.revising_students += sign * bool(revised)
        self.changed_students += sign * changed_any
        return Tally(committed, revised, reasons, inside, outside)

    def _ach_add(self, sub: Digest, sign: int) -> None:
        for hyp, ev, rating in sub.cells:
            dist = self.ach.cells.get(hyp, {}).get(ev)
            if dist is not None:
                dist.add(rating, sign)
        summary = sub.ach
        if not summary or not summary.get("ranking"):
            return
        ranking = "; ".join(f"{i}. {' = '.join(names)}" + (f" ({score})" if isinstance(score, (int, float)) else "")
                            for i, (names, score) in enumerate(summary["ranking"], 1))
        if not summary["complete"]:
            ranking += f" (matrix not complete: {summary['rated']} of {summary['cells']} cells)"
        self.ach.rankings.add((sub.student, ranking), sign)
        if summary["complete"]:
            self.ach.complete += sign
            names = summary["ranking"][0][0]
            self.ach.first.add(names[0] if len(names) == 1 else "tie: " + " = ".join(names), sign)
            for hyp, sums in self.ach.score_sums.items():
                plain, weighted = dig_number(summary.get("scores"), hyp), dig_number(summary.get("weighted"), hyp)
                if plain is not None and weighted is not None:
                    sums[0] += sign * plain
                    sums[1] += sign * weighted
                    sums[2] += sign

    def _terms_add(self, sub: Digest, sign: int) -> None:
        if not sub.terms:
            return
        terms = self.terms
        terms.finished += sign
        choices = sub.terms["choices"]
        for dist in terms.choices:
            value = choices.get(dist.item)
            dist.add(value if isinstance(value, str) else OTHER, sign)
        chosen = choices.get("lists") if isinstance(choices.get("lists"), list) else []
        for list_id, dist in terms.lists:
            dist.add("counted" if list_id in chosen else "not counted", sign)
        for name, meets in sub.terms["cases"]:
            terms.cases[(name, meets)] += sign
        terms.cases_met[sum(meets for _, meets in sub.terms["cases"])] += sign

    def _verdict_add(self, sub: Digest, owner: str, sign: int) -> None:
        verdict = self.verdict
        found = sub.verdict
        if not found:
            return
        likelihood, confidence, probability = found.get("likelihood"), found.get("confidence"), found.get("probability")
        if likelihood:
            verdict.likelihood.add(likelihood, sign)
        if confidence:
            verdict.confidence.add(confidence, sign)
        if likelihood and confidence:
            verdict.together[(likelihood, confidence)] += sign
        if isinstance(probability, int):
            verdict.bins[min((probability - 1) // 10, len(verdict.bins) - 1)] += sign
        verdict.ok += sign * bool(found.get("ok"))
        indicators = [i for i in found.get("indicators", []) if i.strip()]
        verdict.indicator_counts[len(indicators)] += sign
        for indicator in indicators:
            verdict.indicators.add(indicator, sign)
        statement = found.get("statement", "")
        if statement.strip():
            verdict.given += sign
            verdict.statements.offer((sub.student, likelihood or "", confidence or "", statement,
                                      found.get("reason", "")), owner, sign)

    def merge(self, other: "ClassStats") -> None:
        """Add the figures of ``other`` (made from the same data, from other files)."""
        for name in ("submissions", "changed_students", "revising_students", "committed", "revised_items", "reasons"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.finished.update(other.finished)
        for name in ("unfinished", "groups", "notes"):
            getattr(self, name).merge(getattr(other, name))
        for key, item in self.items.items():
            item.merge(other.items[key])
        for claim, found in self.steelmen.items():
            _merge_counts(found, other.steelmen[claim])
        _merge_counts(self.verdict, other.verdict)
        for hyp, row in self.ach.cells.items():
            for ev, dist in row.items():
                dist.merge(other.ach.cells[hyp][ev])
        self.ach.first.merge(other.ach.first)
        self.ach.complete += other.ach.complete
        self.ach.rankings.merge(other.ach.rankings)
        for hyp, sums in self.ach.score_sums.items():
            self.ach.score_sums[hyp] = [a + b for a, b in zip(sums, other.ach.score_sums[hyp])]
        for (_, mine), (_, theirs) in zip(self.terms.lists, other.terms.lists):
            mine.merge(theirs)
        for mine, theirs in zip(self.terms.choices, other.terms.choices):
            mine.merge(theirs)
        self.terms.cases.update(other.terms.cases)
        self.terms.cases_met.update(other.terms.cases_met)
        self.terms.finished += other.terms.finished

    # -- derived figures ------------------------------------------------------------------

    def item_stats(self, exercise: str | None = None) -> list[ItemStats]:
        return [s for (ex, _, _), s in self.items.items() if exercise is None or ex == exercise]

    @property
    def min_answers(self) -> int:
        return max(MIN_ANSWERS, math.ceil(MIN_SHARE * self.submissions))

    def ranking(self) -> list[Distribution]:
        """Items by class split, most divided first."""
        dists = [s.latest for s in self.items.values()] + [
            d for row in self.ach.cells.values() for d in row.values()] + [
            self.verdict.likelihood, self.verdict.confidence]
        pool = [d for d in dists if d.ranked and d.n >= self.min_answers]
        return sorted(pool, key=lambda d: (-round(d.departing, 9), -round(d.spread, 9), -d.n, d.key))

    def outside_ranking(self) -> list[ItemStats]:
        """Judged items by the share of the class outside the model's defensible range, largest first."""
        pool = [s for s in self.items.values() if s.latest.n >= self.min_answers and s.inside_latest < s.latest.n]
        return sorted(pool, key=lambda s: (-round(s.outside_share, 9), -s.latest.n, s.latest.key))


def _ach_stats(data: Data) -> AchStats:
    """Cells of the data's hypotheses and rows (the students' own columns and rows differ, so are not pooled),
    beside the first model reading."""
    try:
        analyses = model_analyses(data)
        rows = [r["id"] for r in model_rows(data)]
    except Exception:  # noqa: BLE001 -- the model's figures are a comparison, not needed for the class figures
        analyses, rows = [], []
    reading = analyses[0]["id"] if analyses else ""
    summaries = {e["id"]: _short(plain_text(e["summary"], data["sources"]), 70) for e in data["evidence"]}
    cells = {h["id"]: {ev: Distribution("competing-hypotheses", ev, h["id"],
                                        f"How consistent is \"{summaries.get(ev, ev)}\" with \"{h['label']}\"?",
                                        list(RATINGS), (model_cell(h, ev, reading) or {}).get("rating"))
                       for ev in rows}
             for h in data["hypotheses"]}
    first = Distribution("competing-hypotheses", "least inconsistent hypothesis", "first place", "",
                         [h["label"] for h in data["hypotheses"]], ranked=False, open_options=True)
    model = analyses[0] if analyses else {}
    return AchStats(cells, first, {h["id"]: [0.0, 0.0, 0] for h in data["hypotheses"]},
                    {"scores": dig(model, "scores") or {}, "weighted": dig(model, "weighted_scores") or {}})


def _terms_stats(data: Data) -> TermsStats:
    defs = data["definitions"]
    names = {"partner": {o["id"]: o["label"] for o in defs.get("partner", [])},
             "recognition": {o["id"]: o["label"] for o in defs.get("recognition", [])},
             "rule": dict(RULES), "period": dict(PERIODS)}
    choices = [Distribution("define-terms", name, "definition", f"What counts as {name}", list(options),
                            ranked=False) for name, options in names.items()]
    lists = [(entry["id"], Distribution("define-terms", entry["label"], "list", "", ["counted", "not counted"],
                                        ranked=False)) for entry in defs.get("lists", [])]
    return TermsStats(choices, names, lists)


def dig_number(value: Any, key: str) -> float | None:
    found = value.get(key) if isinstance(value, Mapping) else None
    return float(found) if isinstance(found, (int, float)) and not isinstance(found, bool) else None
