"""Exercises a and b: Admiralty grading and claim sorting feedback."""
from __future__ import annotations

import pytest
from test_exercises_fixtures import sample_data

from claimlab.exercises.claim_sorting import sort_claims, sorting_summary
from claimlab.exercises.source_grading import grade_sources, grading_summary


def _item(evidence_id: str) -> dict:
    return next(e for e in sample_data()["evidence"] if e["id"] == evidence_id)


def test_exact_grading_earns_full_marks_and_shows_the_reasons():
    result = grade_sources(_item("ev-wire"), "B", 2)
    assert result["reliability"]["verdict"] == "exact"
    assert result["credibility"]["verdict"] == "exact"
    assert (result["points"], result["max_points"]) == (4, 4)
    assert result["reliability"]["reason"] == "A wire agency with a good record."
    assert result["credibility"]["reason"] == "Reported by two agencies."


def test_one_step_off_is_close_and_says_which_way():
    result = grade_sources(_item("ev-wire"), "c", "3")  # model B2: one step stricter on both scales
    assert result["reliability"]["verdict"] == "close"
    assert result["reliability"]["steps"] == 1
    assert "stricter" in result["reliability"]["message"]
    assert result["credibility"]["verdict"] == "close"
    assert result["points"] == 2
    generous = grade_sources(_item("ev-wire"), "A", 1)
    assert "more generous" in generous["credibility"]["message"]


def test_two_or_more_steps_is_far():
    two = grade_sources(_item("ev-wire"), "D", 4)  # B -> D and 2 -> 4: two steps each
    assert (two["reliability"]["verdict"], two["reliability"]["steps"]) == ("far", 2)
    assert (two["credibility"]["verdict"], two["points"]) == ("far", 0)
    result = grade_sources(_item("ev-wire"), "E", 5)  # B -> E is 3 steps, 2 -> 5 is 3 steps
    assert result["reliability"]["verdict"] == "far"
    assert result["reliability"]["steps"] == 3
    assert result["credibility"]["steps"] == 3
    assert result["points"] == 0


def test_cannot_be_judged_is_never_one_step_from_a_grade():
    # Model is F6: E and 5 sit next to F and 6 on paper, but they are judgements, so "far".
    result = grade_sources(_item("ev-blog"), "E", 5)
    assert result["reliability"]["verdict"] == "far"
    assert result["credibility"]["verdict"] == "far"
    assert result["reliability"]["steps"] is None
    assert "cannot be judged" in result["reliability"]["message"]
    # And the reverse: the student refuses to judge a source the model can judge.
    refused = grade_sources(_item("ev-wire"), "F", 6)
    assert refused["reliability"]["verdict"] == "far"
    assert "enough to judge" in refused["credibility"]["message"]
    # F6 for an F6 source is exact.
    assert grade_sources(_item("ev-blog"), "F", 6)["points"] == 4


@pytest.mark.parametrize("rel, cred", [("G", 1), ("A", 7), ("A", "x"), ("", 2)])
def test_invalid_grades_are_refused(rel, cred):
    with pytest.raises(ValueError):
        grade_sources(_item("ev-wire"), rel, cred)


def test_grading_summary_adds_up():
    results = [grade_sources(_item("ev-wire"), "B", 3),   # exact + close = 3
               grade_sources(_item("ev-report"), "D", 1)]  # far (3 steps) + exact = 2
    assert grading_summary(results) == {"items": 2, "exact": 2, "close": 1, "far": 1,
                                        "points": 5, "max_points": 8}


def test_sorting_marks_kind_and_status_separately_with_note_and_date():
    claim = sample_data()["claims"][2]  # fact / overtaken, with a known error
    result = sort_claims(claim, "fact", "wrong")
    assert result["kind"]["correct"] is True
    assert result["status"]["correct"] is False
    assert result["status"]["model"] == "overtaken"
    assert "timing" in result["status"]["message"]  # the overtaken/wrong hint
    assert result["as_of"] == "2025-04"
    assert result["status_note"] == "The ban was suspended in April 2025."
    assert result["error"]["lesson"] == "Check when a text was written."


def test_sorting_allegation_hint_and_summary():
    claim = dict(sample_data()["claims"][2], kind="allegation")
    wrong_kind = sort_claims(claim, "fact", "overtaken")
    assert not wrong_kind["kind"]["correct"]
    assert "who could prove it" in wrong_kind["kind"]["message"]
    right = sort_claims(sample_data()["claims"][0], "interpretation", "contested")
    assert sorting_summary([wrong_kind, right]) == {"items": 2, "kind_correct": 1, "status_correct": 2}


def test_sorting_refuses_unknown_categories():
    with pytest.raises(ValueError):
        sort_claims(sample_data()["claims"][0], "opinion", "holds")
