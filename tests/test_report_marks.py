"""The class report's speed-ups change nothing: remembered marks (``claimlab.exercises.memo``) and the
export parser that skips stored results give the very report that marking every answer afresh and
parsing every byte gives. Speed itself is measured by ``benchmarks/report_bench.py``, not here.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

import claimlab.report.submission as submission
from claimlab.exercises import memo
from claimlab.exercises.chain import EXERCISES, evaluate, plain_data
from claimlab.report import build_report
from claimlab.report.read import parse, parse_export

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
