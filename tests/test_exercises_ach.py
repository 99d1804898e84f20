"""Exercise e: ACH scores, ties, non-diagnostic items, sensitivity and differences.

Every expected number is worked out by hand from the matrix in test_exercises_fixtures.
"""
from __future__ import annotations

import pytest
from test_exercises_fixtures import sample_data

from claimlab.exercises.ach import (competing_hypotheses, model_matrix, non_diagnostic, ranking, scores,
                                    sensitivity, weighted_scores)


def _model():
    return model_matrix(sample_data()["hypotheses"])


def _credibility():
    return {e["id"]: e["grading"]["credibility"] for e in sample_data()["evidence"]}


def test_inconsistency_scores_by_hand():
    # h1: I on ev-blog = 1; h2: I + I = 2; h3: II = 2.
    assert scores(_model()) == {"h1": 1, "h2": 2, "h3": 2}


def test_consistent_evidence_does_not_lower_a_score():
    matrix = {"a": {"e1": "CC", "e2": "CC"}, "b": {"e1": "N", "e2": "N"}}
    assert scores(matrix) == {"a": 0, "b": 0}


def test_ranking_puts_least_inconsistent_first_and_shows_ties():
    groups = ranking(scores(_model()))
    assert groups == [
        {"rank": 1, "hypotheses": ["h1"], "score": 1, "tied": False},
        {"rank": 2, "hypotheses": ["h2", "h3"], "score": 2, "tied": True},
    ]
    # Competition ranking: after a two-way tie for first, the next is third.
    assert [g["rank"] for g in ranking({"a": 0, "b": 0, "c": 5})] == [1, 3]


def test_weighted_scores_by_hand():
    weighted = weighted_scores(_model(), _credibility())
    # h1: 1 x weight(cred 6) = 1/2; h2: 1 x 3/4 + 1 x 1 = 7/4; h3: 2 x 3/4 = 3/2.
    assert weighted == {"h1": pytest.approx(0.5), "h2": pytest.approx(1.75), "h3": pytest.approx(1.5)}
    assert [g["hypotheses"] for g in ranking(weighted)] == [["h1"], ["h3"], ["h2"]]


def test_non_diagnostic_items_are_rated_alike_everywhere():
    assert non_diagnostic(_model()) == ["ev-state"]
    # C and CC both score 0 but are different ratings, so the item still discriminates.
    assert non_diagnostic({"a": {"e": "C"}, "b": {"e": "CC"}}) == []


def test_sensitivity_names_the_items_the_ranking_hangs_on():
    result = sensitivity(_model())
    # Without ev-wire: h1 1, h2 1, h3 0 -> h3 first. Without ev-report: h1 1, h2 1, h3 2 -> h1 = h2.
    # Without ev-blog: h1 0, h2 2, h3 2 (same order). Without ev-state: nothing changes.
    assert result["stable"] is False
    assert [c["evidence"] for c in result["changes"]] == ["ev-wire", "ev-report"]
    assert result["changes"][0]["ranking"] == [["h3"], ["h1", "h2"]]
    assert result["changes"][1]["ranking"] == [["h1", "h2"], ["h3"]]


def test_student_matrix_compared_cell_by_cell():
    data = sample_data()
    student = _model()
    student["h2"]["ev-wire"] = "C"     # model says I
    del student["h3"]["ev-report"]     # not rated yet
    result = competing_hypotheses(data["hypotheses"], student, data["evidence"])
    assert (result["cells"], result["rated"], result["agree"], result["complete"]) == (12, 11, 10, False)
    # Student scores: h1 1; h2 0 + 1 = 1; h3 2 -> h1 and h2 tied first, h3 third.
    assert result["student"]["scores"] == {"h1": 1, "h2": 1, "h3": 2}
    assert [(g["rank"], g["hypotheses"]) for g in result["student"]["ranking"]] == [(1, ["h1", "h2"]), (3, ["h3"])]
    assert result["model"]["scores"] == {"h1": 1, "h2": 2, "h3": 2}
    diffs = {(d["hypothesis"], d["evidence"]): d for d in result["differences"]}
    assert set(diffs) == {("h2", "ev-wire"), ("h3", "ev-report")}
    changed = diffs[("h2", "ev-wire")]
    assert (changed["student"], changed["model"]) == ("C", "I")
    assert changed["summary"] == "A wire agency reports the court ruling."
    assert "2 step(s)" in changed["message"] and "by -1" in changed["message"]
    assert diffs[("h3", "ev-report")]["student"] is None
    assert "Not rated yet" in diffs[("h3", "ev-report")]["message"]


def test_identical_matrix_has_no_differences():
    data = sample_data()
    result = competing_hypotheses(data["hypotheses"], _model(), data["evidence"])
    assert result["differences"] == [] and result["complete"] and result["agree"] == 12
    assert result["student"]["weighted_scores"] == {"h1": 0.5, "h2": 1.75, "h3": 1.5}


def test_bad_rating_is_refused():
    data = sample_data()
    with pytest.raises(ValueError):
        competing_hypotheses(data["hypotheses"], {"h1": {"ev-wire": "maybe"}}, data["evidence"])
