"""The class report's speed-ups change nothing: remembered marks (``claimlab.exercises.memo``) and the
export parser that skips stored results give the very report that marking every answer afresh and
parsing every byte gives; a question's figures kept as counts of distinct answers are those of every
answer counted in turn; the verdict check's one-pass search for evidence ids finds what a search for each
id finds. Speed itself is measured by ``benchmarks/report_bench.py``, not here.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

import claimlab.report.submission as submission
from claimlab.exercises import memo
from claimlab.exercises.chain import EXERCISES, evaluate, plain_data, record_fingerprints
from claimlab.exercises.define_terms import PERIODS
from claimlab.exercises.verdict import cited_evidence
from claimlab.report import build_report
from claimlab.report.read import BadFile, parse, parse_export
from claimlab.report.stats import OTHER, ClassStats, canonical
from claimlab.report.submission import Marker, digest

import report_class as K

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import report_bench  # noqa: E402

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.timezone.utc)


def _report(folder: Path, dataset) -> tuple[str, str, str]:
    csv = io.StringIO()
    report = build_report(folder, dataset, progress=None, now=NOW, gradebook=csv, workers=1)
    return report.html, report.markdown, csv.getvalue()


def _without_speed_ups(monkeypatch) -> None:
    """Mark every answer afresh (no remembered marks) and parse every byte with the standard json module."""
    monkeypatch.setattr(submission, "Marks", lambda data: None)
    monkeypatch.setattr(submission, "parse_export", parse)
    monkeypatch.setattr(submission, "_CHOICES", {})
    monkeypatch.setattr(submission, "MAX_REMEMBERED_CHOICES", 0)


@pytest.fixture(scope="module")
def varied_class(tmp_path_factory, dataset):
    """A class with varied choices, revisions, rankings and steelmen (the benchmark's generator), plus the
    hand-built class of ``report_class`` (groups, format 1, another edition, conflicts, hostile text)."""
    folder = tmp_path_factory.mktemp("varied")
    data = plain_data(dataset)
    report_bench.generate(folder, 12, data, seed=7)
    K.build_class(folder / "built", data)
    return folder


def test_report_is_identical_with_and_without_the_speed_ups(varied_class, dataset, monkeypatch):
    fast = _report(varied_class, dataset)
    _without_speed_ups(monkeypatch)
    plain = _report(varied_class, dataset)
    for made_fast, made_plain in zip(fast, plain):
        assert made_fast == made_plain
    assert "Read 0" not in fast[1] and "student-00011" in fast[2]


def test_marks_are_remembered_and_reused(dataset):
    data = plain_data(dataset)
    marks = memo.Marks(data)
    evidence = data["evidence"][0]
    choice = {"reliability": evidence["grading"]["reliability"], "credibility": evidence["grading"]["credibility"]}
    answers = {"items": {evidence["id"]: {"attempts": [{"choice": choice, "reason": "the agency", "at": "t"}]}}}
    first = evaluate("grade-sources", answers, data, marks)
    assert (marks.misses, marks.hits) == (1, 0)
    again = evaluate("grade-sources", answers, data, marks)
    assert (marks.misses, marks.hits) == (1, 1) and again == first == evaluate("grade-sources", answers, data)


def test_marks_bound_to_other_data_are_not_used(dataset):
    data = plain_data(dataset)
    other = copy.deepcopy(data)
    other["evidence"][0]["grading"]["reliability_reason"] = "A different model reason."
    marks = memo.Marks(data)
    evidence = other["evidence"][0]
    choice = {"reliability": evidence["grading"]["reliability"], "credibility": evidence["grading"]["credibility"]}
    answers = {"items": {evidence["id"]: {"attempts": [{"choice": choice, "reason": "the agency", "at": "t"}]}}}
    evaluate("grade-sources", answers, data, marks)
    found = evaluate("grade-sources", answers, other, marks)
    assert found["results"]["items"][evidence["id"]]["latest"]["reliability"]["reason"] == "A different model reason."
    assert (marks.misses, marks.hits) == (1, 0)


def test_a_changed_record_never_shares_a_mark(dataset):
    """Within one cache, two versions of a record with the same id are told apart by their fingerprint."""
    data = plain_data(dataset)
    marks = memo.Marks(data)
    record = data["evidence"][0]
    changed = {**record, "summary": record["summary"] + " (corrected)"}
    seen = []
    with memo.marking(marks, data, "grade-sources"):
        for version in (record, changed, record):
            seen.append(memo.remember(lambda m, r=version: ("item", r["id"], m.fingerprint(r)),
                                      lambda r=version: r["summary"]))
    assert seen == [record["summary"], changed["summary"], record["summary"]]
    assert (marks.misses, marks.hits) == (2, 1)


def test_the_cache_is_bounded(dataset):
    data = plain_data(dataset)
    marks = memo.Marks(data, max_entries=3)
    with memo.marking(marks, data, "x"):
        values = [memo.remember(lambda m, i=i: i, lambda i=i: i * i) for i in range(10)]
    assert values == [i * i for i in range(10)] and len(marks) == 3


def test_choice_keys_tell_types_apart():
    keys = {memo.choice_key({"credibility": value}) for value in (1, "1", True, 1.0, [1], None)}
    assert len(keys) == 6


@pytest.mark.parametrize("text", [
    '{"format": "claimlab-answers", "exercises": {"verdict": {"answers": {"a": 1}, "results": {"x": [1, 2]}}}}',
    '\ufeff{"student": "bom", "exercises": {}}',
    '{"exercises": {"verdict": null}}',
    '{"exercises": [1, 2]}',
    '{"exercises": {"verdict": {"answers": "\\udc00"}}}',
    '{"exercises": {"verdict": {"answers": {"n": NaN, "big": 1e400}}}}',
    '{"student": "a", "student": "b", "exercises": {"v": {"answers": 1, "answers": 2}}}',
    '{"student": 1, "group": {"name": "x"}, "fingerprints": [], "finished": 3, "exercises": {"v": {"title": 2}}}',
    '[1, 2]',
    '{"format": "f", "format_version": 2, "data_edition": "e", "student": "s", "group": {"name": "g", "members": []},'
    ' "exported_at": "t", "finished": ["v"], "fingerprints": {"evidence": {"a": "b"}},'
    ' "exercises": {"v": {"title": "t", "answers": {"items": {}}, "results": {"x": 1}, "progress": {}}}}',
    '{"student": "s", "note": "a field no export has", "exercises": {"v": {"answers": {"a": 1}}}}',
])
def test_the_export_parser_reads_what_json_reads(text):
    """Whatever the report reads (the top-level fields and each exercise's answers) is the same."""
    raw = text.encode("utf-8")
    assert json.dumps(_what_the_report_reads(parse_export(raw)), sort_keys=True) == \
        json.dumps(_what_the_report_reads(parse(raw)), sort_keys=True)


def _what_the_report_reads(doc):
    if not isinstance(doc, dict):
        return doc
    found = dict(doc)
    if isinstance(found.get("exercises"), dict):
        found["exercises"] = {k: ({"answers": v["answers"]} if "answers" in v else {}) if isinstance(v, dict) else v
                              for k, v in found["exercises"].items()}
    return found


@pytest.mark.parametrize("raw", [b'{"exercises": {"v": {"results": [1, 2,}}}', b"\xff\xfe", b'{"a": 1} x',
                                 b'{"exercises": {"v": {"results": ' + b"[" * 5000 + b"]" * 5000 + b"}}}",
                                 b'{"x": ' + b"7" * 5000 + b', "exercises": {}}'])
def test_the_export_parser_refuses_what_json_refuses_with_the_same_reason(raw):
    with pytest.raises(Exception) as plain:
        parse(raw)
    with pytest.raises(Exception) as fast:
        parse_export(raw)
    assert str(fast.value) == str(plain.value)


def test_every_exercise_gives_the_same_results_with_remembered_marks(varied_class, dataset):
    """Exercise by exercise over the whole chain (new exercises included), the engine's full results with
    one cache shared by the class equal its results with none."""
    data = plain_data(dataset)
    marks = memo.Marks(data)
    files = sorted(varied_class.glob("*.json"))
    assert len(files) == 12
    for path in files:
        exported = json.loads(path.read_text(encoding="utf-8"))["exercises"]
        for exercise in EXERCISES:
            answers = exported.get(exercise.id, {}).get("answers", {})
            assert evaluate(exercise.id, answers, data, marks) == evaluate(exercise.id, answers, data), exercise.id
    assert marks.hits > 0 and marks.misses > 0


@pytest.mark.parametrize("text", [
    "{first} and odd.id, (a-b) b", "pre-{first} {first}-post x{first} {first}_x", "Caps-1 caps-1 CAPS-1",
    "ünï-2! b-; -b b.", "odd.id. odd.ids odd-id", "", "{first}{first} {first}\t{first}\n",
])
def test_verdict_finds_each_cited_id_as_a_search_for_it_would(text, dataset):
    """The verdict check finds every evidence id in one pass over the words; a search for each id on its own
    (what it did before, slow for a class) finds the same ids, odd ids (a dot, capitals) included."""
    data = plain_data(dataset)
    first = data["evidence"][0]["id"]
    ids = [e["id"] for e in data["evidence"]] + ["odd.id", "Caps-1", "caps-1", "ünï-2", "a-b", "b"]
    prose = f" {text.format(first=first)}  ".casefold()
    expected = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", prose)]
    assert cited_evidence({"statement": text.format(first=first)}, "", [{"id": i} for i in ids]) == expected
    assert text != "{first} and odd.id, (a-b) b" or expected == [first, "odd.id", "a-b", "b"]


def test_question_figures_are_those_of_each_answer_counted_in_turn(varied_class, dataset):
    """A question's figures are kept as counts of distinct (first, latest, repeated) answers and worked out
    when read; counting every answer of every student in turn gives the same, also after one is taken out."""
    data = plain_data(dataset)
    marker = Marker(data, record_fingerprints(data))
    digests = []
    for path in sorted(varied_class.rglob("*.json")):
        try:
            digests.append(digest(path.read_bytes(), path.name, marker))
        except BadFile:
            continue
    stats = ClassStats(data)
    for found in digests:
        stats.add(found)
    stats.add(digests[0], sign=-1)
    checked = 0
    for (exercise, item, aspect), figures in stats.items.items():
        def counted(value, aspect=aspect):
            return canonical(aspect, value) if isinstance(value, str) else OTHER
        latest, first, moves = Counter(), Counter(), Counter()
        inside_latest = inside_first = revised = repeated = into = out = 0
        for judged in (j for d in digests[1:] for j in d.judged):
            if (judged.exercise, judged.item) != (exercise, item) or aspect not in judged.latest or judged.changed:
                continue
            now, then = counted(judged.latest[aspect]), counted(judged.first.get(aspect))
            latest[now if now in figures.latest.options else OTHER] += 1
            first[then if then in figures.first.options else OTHER] += 1
            inside_now, inside_then = now in figures.defensible, then in figures.defensible
            inside_latest += inside_now
            inside_first += inside_then
            repeated += judged.attempts > 1
            if now != then:
                revised += 1
                moves[(then, now)] += 1
                into += inside_now and not inside_then
                out += inside_then and not inside_now
        assert +figures.latest.counts == latest and +figures.first.counts == first, (exercise, item, aspect)
        assert (figures.inside_latest, figures.inside_first, figures.revised, figures.repeated, figures.into_range,
                figures.out_of_range, +figures.moves) == (inside_latest, inside_first, revised, repeated, into, out,
                                                          moves), (exercise, item, aspect)
        checked += bool(latest)
    assert checked > 50 and any(s.revised for s in stats.items.values())


def test_a_remembered_choice_is_only_ever_handed_to_the_same_choice(monkeypatch):
    """Checked choices are remembered by their fields; a different choice, or values that equal each other
    but are not text (1, 1.0, True), are checked afresh, and prose is never remembered."""
    monkeypatch.setattr(submission, "_CHOICES", {})
    first = submission._choice({"reliability": "B", "credibility": "2"})
    assert first == {"reliability": "B", "credibility": "2"}
    assert submission._choice({"reliability": "B", "credibility": "2"}) is first
    assert submission._choice({"reliability": "C", "credibility": "2"}) == {"reliability": "C", "credibility": "2"}
    assert submission._choice({"credibility": "1"}) == {"credibility": "1"}
    assert submission._choice({"credibility": 1}) == {"credibility": "1"}
    assert submission._choice({"credibility": "True"}) == {"credibility": "True"}
    assert submission._choice({"credibility": "1.0"}) == {"credibility": "1.0"}
    assert submission._choice({"credibility": 2}) == {"credibility": "2"}
    for odd in (True, 1.0, 2.0, None, [1], {"a": "1"}):
        assert submission._choice({"credibility": odd}) is None, odd
        assert submission._choice({"credibility": odd}) is None, odd  # remembered or not, the same
    assert submission._choice({"credibility": " 1"}) == {"credibility": "1"}
    remembered = len(submission._CHOICES)
    assert submission._choice({"reliability": "y" * 500}) == {"reliability": "y" * 79 + "…"}
    assert len(submission._CHOICES) == remembered


def test_a_remembered_mark_is_only_ever_handed_to_the_same_choice(dataset):
    """Students alternating between two answers to one item each get the mark of their own answer."""
    data = plain_data(dataset)
    marks = memo.Marks(data)
    item = data["evidence"][0]["id"]

    def answers(reliability: str, credibility: str) -> dict:
        choice = {"reliability": reliability, "credibility": credibility}
        return {"items": {item: {"attempts": [{"choice": choice, "reason": "", "at": ""}]}}}
    marked = {}
    for grades in [("A", "1"), ("E", "5"), ("A", "1"), ("E", "5")]:
        found = evaluate("grade-sources", answers(*grades), data, marks)
        assert found == evaluate("grade-sources", answers(*grades), data)
        marked.setdefault(grades, found["results"]["items"][item])
    assert marks.hits == 2 and marks.misses == 2
    assert marked[("A", "1")] != marked[("E", "5")]


def test_duel_rounds_are_built_once_per_class_and_each_student_keeps_their_own_marks(dataset):
    """Where marks are in force the duel's rounds are built once, so a further student fingerprints no new
    record; students who rank differently still get the marks of their own ranking."""
    from claimlab.exercises.counterpoint_duel import duel_rounds

    data = plain_data(dataset)
    marks = memo.Marks(data)
    round_ = duel_rounds(data["claims"], data["counterpoints"], data["evidence"])[0]
    ids = [c["id"] for c in round_["candidates"]]

    def answers(order: list[str]) -> dict:
        choice = {"ranking": order, "steelman": "Moscow's deals with the Taliban follow trade, not any shared plan."}
        return {"items": {round_["id"]: {"attempts": [{"choice": choice, "reason": "", "at": ""}]}}}
    for order in (ids, ids[::-1], ids, ids[::-1]):
        assert evaluate("counterpoint-duel", answers(order), data, marks) == \
            evaluate("counterpoint-duel", answers(order), data)
    first = evaluate("counterpoint-duel", answers(ids), data, marks)["results"]["items"][round_["id"]]
    other = evaluate("counterpoint-duel", answers(ids[::-1]), data, marks)["results"]["items"][round_["id"]]
    assert first["latest"]["ranking"]["ranking"] == ids and other["latest"]["ranking"]["ranking"] == ids[::-1]
    known = len(marks._prints)
    evaluate("counterpoint-duel", answers(ids[::-1]), data, marks)
    assert len(marks._prints) == known


def test_definitions_are_applied_once_per_distinct_set_of_choices(dataset):
    """Students who pick the same definitions share one application of them to the cases, whatever their
    reasons; a student who picks others gets the cases as their own definitions decide them."""
    data = plain_data(dataset)
    defs = data["definitions"]
    marks = memo.Marks(data)

    def answers(partner: str, reason: str) -> dict:
        chosen = {"partner": {"partner": partner}, "lists": {"lists": [defs["lists"][0]["id"]], "rule": "any"},
                  "recognition": {"recognition": defs["recognition"][0]["id"]},
                  "period": {"period": next(iter(PERIODS))}}
        return {"items": {item: {"attempts": [{"choice": choice, "reason": reason, "at": "t"}]}
                          for item, choice in chosen.items()}}
    one, other = defs["partner"][0]["id"], defs["partner"][-1]["id"]
    assert one != other
    for partner, reason in ((one, "the UN list names them"), (one, "a different reason"), (other, "by contact")):
        with_marks = evaluate("define-terms", answers(partner, reason), data, marks)
        assert with_marks == evaluate("define-terms", answers(partner, reason), data)
        assert with_marks["results"]["choices"]["partner"] == partner
    # first and latest attempts are the same set: one application per distinct set, the second student's a hit
    assert (marks.misses, marks.hits) == (2, 4)
