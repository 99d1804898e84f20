"""Exercise "Grade the sources": defensible ranges instead of marks, a reason before feedback."""
from __future__ import annotations

import re

import ipywidgets as widgets
import pytest
from test_exercises_fixtures import sample_data
from test_exercises_widgets import _commit_refused_until_reasoned, _find, _html, _saved, _session

from claimlab.exercises import grade_sources_ui
from claimlab.exercises.attempts import reason_problems
from claimlab.exercises.chain import evaluate, plain_data
from claimlab.exercises.grade_sources import anchors, grade_sources, grading_summary
from claimlab.labels import CREDIBILITY, RELIABILITY

#: Words that call a judgement an error; a contestable grade is never described with them.
VERDICT_WORDS = re.compile(r"\b(wrong|far off|not quite|incorrect|mistake)\b", re.IGNORECASE)


def _item(data, item_id):
    return next(e for e in data["evidence"] if e["id"] == item_id)


def _answers(choice, ids, reason="The source is a wire agency."):
    return {"items": {i: {"attempts": [{"choice": choice, "reason": reason, "at": "2026-11-30T09:00:00+00:00"}]}
                      for i in ids}}


def _keys(value):
    """Every key anywhere in a nested result."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def test_the_model_grade_inside_a_range_still_gets_the_case_against_it():
    result = grade_sources(_item(sample_data(), "ev-wire"), "B", 2)
    rel, cred = result["reliability"], result["credibility"]
    assert rel["inside"] and cred["inside"] and result["inside"]
    assert rel["range"] == ["B", "C"] and cred["range"] == [1, 2]
    assert "Within the defensible range (B, C)" in rel["message"]
    assert "could also choose C (fairly reliable): Range of ev-wire." in rel["message"]


def test_another_grade_inside_the_range_shows_the_model_reasoning_against_it():
    rel = grade_sources(_item(sample_data(), "ev-wire"), "C", 1)["reliability"]
    assert rel["inside"] and rel["answer"] == "C" and rel["model"] == "B"
    assert "strongest case against your C (fairly reliable)" in rel["message"]
    assert "A wire agency with a good record." in rel["message"]


def test_outside_the_range_asks_the_student_to_argue_not_to_give_in():
    cred = grade_sources(_item(sample_data(), "ev-wire"), "E", 5)["credibility"]
    assert not cred["inside"]
    assert "Outside the range the model view finds defensible (1, 2)" in cred["message"]
    assert "Reported by two agencies." in cred["message"] and "argue your case" in cred["message"]


@pytest.mark.parametrize("rel, cred", [("G", 1), ("B", 0), ("B", "two"), ("", 2)])
def test_invalid_grades_are_refused(rel, cred):
    with pytest.raises(ValueError):
        grade_sources(_item(sample_data(), "ev-wire"), rel, cred)


def test_summary_counts_inside_and_outside_and_gives_no_marks():
    data = sample_data()
    results = [grade_sources(_item(data, "ev-wire"), "B", 2), grade_sources(_item(data, "ev-blog"), "A", 1)]
    assert grading_summary(results) == {"items": 2, "inside": 2, "outside": 2}


def test_same_option_everywhere_never_scores(dataset):
    """No grade earns points, so repeating one option cannot score above chance (which is nothing)."""
    data = plain_data(dataset)
    ids = [e["id"] for e in data["evidence"]]
    for rel in RELIABILITY:
        for cred in CREDIBILITY:
            evaluated = evaluate("grade-sources", _answers({"reliability": rel, "credibility": cred}, ids), data)
            assert not {"points", "max_points", "score", "marks"} & set(_keys(evaluated))
            assert set(evaluated["results"]["summary"]) == {"items", "inside", "outside", "first_inside",
                                                            "first_outside", "revised"}


def test_no_grade_of_any_item_is_called_wrong(dataset):
    for item in dataset.evidence:
        for rel in RELIABILITY:
            for cred in CREDIBILITY:
                result = grade_sources(item, rel, cred)
                for scale in ("reliability", "credibility"):
                    assert not VERDICT_WORDS.search(result[scale]["message"]), (item["id"], rel, cred)


def test_every_model_grade_lies_in_its_range(dataset):
    for item in dataset.evidence:
        grading = item["grading"]
        assert grade_sources(item, grading["reliability"], grading["credibility"])["inside"], item["id"]


def test_a_reason_must_name_what_the_grade_rests_on(dataset):
    item = next(e for e in dataset.evidence if e["id"] == "russia-stated-rationale-2025")
    found = anchors(item, dataset.sources)
    assert reason_problems("I like cats very much indeed", found)
    assert not reason_problems("TASS is Russian state media, so it reports what officials said", found)
    assert not reason_problems("Only one outlet reports it", found)  # words about the source count


def test_ui_shows_nothing_of_the_model_before_a_commit_and_keeps_the_first_attempt(tmp_path):
    root = grade_sources_ui(_session(tmp_path))
    _find(root, widgets.Dropdown, "Reliability").value = "E"
    _find(root, widgets.Dropdown, "Credibility").value = 5
    shown = _html(root)
    assert "A wire agency with a good record." not in shown and "defensible" not in shown
    assert _saved(tmp_path)["grade-sources"]["items"]["ev-wire"]["draft"] == {"reliability": "E", "credibility": 5}
    commit = _commit_refused_until_reasoned(root, "A wire agency with a good record.",
                                            "The wire agency only relays the court ruling")
    shown = _html(root)
    assert "Outside the range the model view finds defensible" in shown and "argue your case" in shown
    # After feedback the student changes their mind: a revision, with its own reason.
    _find(root, widgets.Dropdown, "Reliability").value = "B"
    _find(root, widgets.Dropdown, "Credibility").value = 2
    assert "changed your answer since you committed it" in _html(root)
    _find(root, widgets.Text, "Your reason").value = "Two agencies report the ruling, so the source holds up"
    commit.click()
    record = _saved(tmp_path)["grade-sources"]["items"]["ev-wire"]
    assert [a["choice"] for a in record["attempts"]] == [{"reliability": "E", "credibility": 5},
                                                          {"reliability": "B", "credibility": 2}]
    assert record["attempts"][0]["reason"] == "The wire agency only relays the court ruling"
    assert "draft" not in record
    # A kernel restart: the latest answer, its feedback and the kept first attempt are shown again.
    again = grade_sources_ui(_session(tmp_path))
    assert _find(again, widgets.Dropdown, "Reliability").value == "B"
    shown = _html(again)
    assert "Within the defensible range (B, C)" in shown
    assert "Your first attempt, kept as it was:" in shown and "E5" in shown
    # Moving on shows the next item, unanswered and without feedback.
    _find(again, widgets.Dropdown, "Evidence item").value = "ev-blog"
    assert _find(again, widgets.Dropdown, "Reliability").value == ""
    assert "An aggregator repeats a rumour." in _html(again) and "defensible" not in _html(again)


def test_a_format_v1_answer_counts_as_one_attempt_without_a_reason():
    data = sample_data()
    evaluated = evaluate("grade-sources", {"items": {"ev-wire": {"reliability": "B", "credibility": 2}}}, data)
    item = evaluated["results"]["items"]["ev-wire"]
    assert item["attempts"] == 1 and item["first"]["inside"]
