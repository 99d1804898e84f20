"""Competing hypotheses: scores, ties, non-diagnostic rows, sensitivity, weighting, commits with reasons,
the student's own hypotheses and rows, and the two model readings shown only after commit.

Every expected number is worked out by hand from the matrices in test_exercises_fixtures.
"""
from __future__ import annotations

import json

import pytest
from test_exercises_fixtures import ROWS, sample_data

from claimlab.exercises.chain import evaluate
from claimlab.exercises.competing_hypotheses import (add_hypothesis, add_row, cell_id, commit_cell,
                                                     competing_hypotheses, model_analyses, model_matrices,
                                                     MAX_OWN_HYPOTHESES, MAX_OWN_ROWS, non_diagnostic,
                                                     own_hypotheses, own_rows, ranking, remove_own, scores,
                                                     sensitivity, weighted_scores)

AT = "2026-11-30T09:00:00+00:00"
LATER = "2026-11-30T09:05:00+00:00"


def _reading_a():
    return model_matrices(sample_data())["a"]


def _credibility():
    return {e["id"]: e["grading"]["credibility"] for e in sample_data()["evidence"]}


def _commit_all(answers, data, matrix, at=AT):
    """Commit every cell of ``matrix`` with a reason that names the evidence id."""
    for hyp, row in matrix.items():
        for ev, rating in row.items():
            answers, problems = commit_cell(answers, hyp, ev, rating, f"Because {ev} shows it.", at, data)
            assert problems == []
    return answers


# -- arithmetic -------------------------------------------------------------------------------


def test_inconsistency_scores_by_hand():
    # h1: I on ev-blog = 1; h2: I + I = 2; h3: II = 2.
    assert scores(_reading_a()) == {"h1": 1, "h2": 2, "h3": 2}


def test_ranking_puts_least_inconsistent_first_and_shows_ties():
    assert ranking(scores(_reading_a())) == [
        {"rank": 1, "hypotheses": ["h1"], "score": 1, "tied": False},
        {"rank": 2, "hypotheses": ["h2", "h3"], "score": 2, "tied": True},
    ]
    assert [g["rank"] for g in ranking({"a": 0, "b": 0, "c": 5})] == [1, 3]


def test_weighted_scores_by_hand():
    weighted = weighted_scores(_reading_a(), _credibility())
    # h1: 1 x weight(cred 6) = 1/2; h2: 1 x 3/4 + 1 x 1 = 7/4; h3: 2 x 3/4 = 3/2.
    assert weighted == {"h1": pytest.approx(0.5), "h2": pytest.approx(1.75), "h3": pytest.approx(1.5)}
    assert [g["hypotheses"] for g in ranking(weighted)] == [["h1"], ["h3"], ["h2"]]
    # A row with no grading (the student's own) weighs 1/2.
    assert weighted_scores({"x": {"own-i1": "II"}}, {"own-i1": None}) == {"x": 1}


def test_sensitivity_names_the_items_the_ranking_hangs_on():
    result = sensitivity(_reading_a())
    # Without ev-wire: h1 1, h2 1, h3 0 -> h3 first. Without ev-report: h1 1, h2 1, h3 2 -> h1 = h2.
    assert [c["evidence"] for c in result["changes"]] == ["ev-wire", "ev-report"]
    assert result["changes"][0]["ranking"] == [["h3"], ["h1", "h2"]]
    assert result["changes"][1]["ranking"] == [["h1", "h2"], ["h3"]]


def test_non_diagnostic_means_equal_inconsistency_under_every_hypothesis():
    assert non_diagnostic(_reading_a()) == ["ev-state"]
    # C and CC both score 0: the score cannot tell them apart, so the row is flagged.
    assert non_diagnostic({"a": {"e": "C"}, "b": {"e": "CC"}}) == ["e"]
    assert non_diagnostic({"a": {"e": "I"}, "b": {"e": "II"}}) == []
    # A row not yet rated under every hypothesis is not judged yet.
    assert non_diagnostic({"a": {"e": "C"}, "b": {}}) == []


# -- commit before you see ----------------------------------------------------------------------


@pytest.mark.parametrize("rating", ["CC", "C", "I", "II"])
def test_a_rating_without_a_reason_is_not_committed(rating):
    data = sample_data()
    for reason in ("", "   ", "because I think so", "I like cats very much indeed"):
        answers, problems = commit_cell({}, "h1", "ev-wire", rating, reason, AT, data)
        assert problems and answers == {}, reason
    answers, problems = commit_cell({}, "h1", "ev-wire", rating, "The wire agency report on the ruling fits.", AT,
                                    data)
    assert problems == [] and answers["items"]["h1|ev-wire"]["attempts"][0]["choice"] == {"rating": rating}


def test_neutral_may_go_without_a_reason_and_unknown_cells_are_refused():
    data = sample_data()
    answers, problems = commit_cell({}, "h1", "ev-state", "N", "", AT, data)
    assert problems == [] and answers["items"]["h1|ev-state"]["attempts"][0]["reason"] == ""
    assert commit_cell({}, "h9", "ev-state", "N", "", AT, data)[1]
    assert commit_cell({}, "h1", "ev-state", "maybe", "The state media report.", AT, data)[1]


def test_the_first_attempt_of_a_cell_is_kept_after_a_revision():
    data = sample_data()
    answers, _ = commit_cell({}, "h2", "ev-wire", "I", "The wire report cuts against dealing.", AT, data)
    answers, _ = commit_cell(answers, "h2", "ev-wire", "C", "On reflection the wire report fits dealing.", LATER,
                             data)
    record = answers["items"]["h2|ev-wire"]
    assert [a["choice"]["rating"] for a in record["attempts"]] == ["I", "C"]
    result = competing_hypotheses(answers, data)
    assert result["matrix"]["h2"] == {"ev-wire": "C"} and result["first_matrix"]["h2"] == {"ev-wire": "I"}
    assert result["revised"] == 1 and result["first"]["scores"]["h2"] == 1 and result["student"]["scores"]["h2"] == 0
    assert result["feedback"]["h2|ev-wire"]["first"] == "I"


def test_no_model_cell_appears_before_commit():
    data = sample_data()
    untouched = competing_hypotheses({}, data)
    assert untouched["feedback"] == {} and untouched["readings"] == []
    # A draft on screen is not a commit.
    drafted = {"items": {"h1|ev-wire": {"attempts": [], "draft": {"rating": "I"}, "draft_reason": "The wire."}}}
    assert competing_hypotheses(drafted, data)["feedback"] == {}
    answers, _ = commit_cell({}, "h1", "ev-wire", "I", "The wire report cuts against a plan.", AT, data)
    result = competing_hypotheses(answers, data)
    assert list(result["feedback"]) == ["h1|ev-wire"]
    assert result["readings"] == []  # the rankings wait for the whole model matrix
    shown = json.dumps(result)
    for hyp in ("h1", "h2", "h3"):
        for ev in ROWS:
            if (hyp, ev) != ("h1", "ev-wire"):
                assert f"Reading a on {ev} for {hyp}." not in shown and f"Reading b on {ev} for {hyp}." not in shown


def test_feedback_shows_both_readings_and_the_range_never_a_verdict():
    data = sample_data()
    # h1 / ev-blog: reading a says I, reading b says II; the span is I..II.
    inside, _ = commit_cell({}, "h1", "ev-blog", "II", "The aggregator rumour contradicts a plan.", AT, data)
    cell = competing_hypotheses(inside, data)["feedback"]["h1|ev-blog"]
    assert cell["models"] == {"a": {"rating": "I", "reason": "Reading a on ev-blog for h1."},
                              "b": {"rating": "II", "reason": "Reading b on ev-blog for h1."}}
    assert cell["range"] == ["I", "II"] and cell["within"] is True
    outside, _ = commit_cell({}, "h1", "ev-blog", "CC", "The aggregator rumour fits a plan well.", AT, data)
    assert competing_hypotheses(outside, data)["feedback"]["h1|ev-blog"]["within"] is False
    assert "wrong" not in json.dumps(competing_hypotheses(outside, data)).lower()


# -- the student's own matrix ------------------------------------------------------------------------


def test_an_added_hypothesis_and_an_absent_evidence_item_are_scored():
    data = sample_data()
    answers, problems = add_hypothesis({}, "Pragmatism with an edge", "Deals with rulers, happy to annoy the West.")
    assert problems == []
    answers, problems = add_row(answers, "absent", "No document sets out the plan.")
    assert problems == []
    assert [h["id"] for h in answers["hypotheses"]] == ["own-h1"] and answers["added"][0]["id"] == "own-i1"
    answers = _commit_all(answers, data, _reading_a())
    for hyp, rating in (("h1", "II"), ("h2", "C"), ("h3", "N"), ("own-h1", "C")):
        answers, problems = commit_cell(answers, hyp, "own-i1", rating, "The missing document on the plan.", AT,
                                        data)
        assert problems == []
    for ev, rating in zip(ROWS, ("C", "N", "I", "C")):
        answers, problems = commit_cell(answers, "own-h1", ev, rating, f"Because {ev} shows it.", AT, data)
        assert problems == []
    result = competing_hypotheses(answers, data)
    assert [c["id"] for c in result["columns"]][-1] == "own-h1" and [r["id"] for r in result["rows"]][-1] == "own-i1"
    assert (result["cells"], result["rated"], result["complete"]) == (20, 20, True)
    # h1: 1 + II on the absent item = 3; own-h1: I on ev-blog = 1.
    assert result["student"]["scores"] == {"h1": 3, "h2": 2, "h3": 2, "own-h1": 1}
    assert result["student"]["ranking"][0]["hypotheses"] == ["own-h1"]
    # weighted: h1 1/2 + 2 x 1/2 (ungraded row) = 1.5
    assert result["student"]["weighted_scores"]["h1"] == 1.5
    assert result["labels"]["own-h1"] == "Pragmatism with an edge"
    assert evaluate("competing-hypotheses", answers, data)["progress"] == {
        "done": 20, "required": 20, "total": 20, "finished": True}


def test_a_row_rated_alike_is_flagged_including_added_rows_and_hypotheses():
    data = sample_data()
    answers, _ = add_hypothesis({}, "Blend", "A blend of dealing and a plan.")
    answers, _ = add_row(answers, "assumption", "Moscow acts as one actor.")
    for hyp in ("h1", "h2", "h3", "own-h1"):
        answers, problems = commit_cell(answers, hyp, "own-i1", "C", "Acting as one actor fits this.", AT, data)
        assert problems == []
    flagged = competing_hypotheses(answers, data)["student"]
    assert flagged["non_diagnostic"] == ["own-i1"] and flagged["identical"] == ["own-i1"]
    # ev-state is N everywhere, including under the student's own hypothesis.
    for hyp in ("h1", "h2", "h3", "own-h1"):
        answers, _ = commit_cell(answers, hyp, "ev-state", "N", "", AT, data)
    assert competing_hypotheses(answers, data)["student"]["non_diagnostic"] == ["ev-state", "own-i1"]
    # One I under the added hypothesis makes the added row diagnostic.
    answers, _ = commit_cell(answers, "own-h1", "own-i1", "I", "Acting as one actor does not fit a blend.", LATER,
                             data)
    assert competing_hypotheses(answers, data)["student"]["non_diagnostic"] == ["ev-state"]


def test_additions_are_bounded_and_checked():
    data = sample_data()
    assert add_hypothesis({}, "", "A line.")[1] and add_hypothesis({}, "Name", "x" * 400)[1]
    assert add_row({}, "rumour", "Something.")[1]
    answers = {}
    for n in range(3):
        answers, problems = add_hypothesis(answers, f"Mine {n}", "A line of my own.")
        assert problems == []
    assert add_hypothesis(answers, "One more", "A line of my own.")[1]
    hostile = {"hypotheses": [{"id": "h1|x", "label": "Bad", "statement": "Bad."}, "junk",
                              {"id": "own-h1", "label": "<b>", "statement": "ok"}],
               "added": [{"id": "own-i1", "kind": "absent", "text": ["not", "text"]}], "items": "junk"}
    result = competing_hypotheses(hostile, data)
    assert [c["id"] for c in result["columns"]] == ["h1", "h2", "h3", "own-h1"] and len(result["rows"]) == 4
    assert len(result["problems"]) == 2
    removed = remove_own(answers, "own-h2")
    assert [h["id"] for h in removed["hypotheses"]] == ["own-h1", "own-h3"]


# -- the two model readings ------------------------------------------------------------------------


def test_model_readings_appear_once_the_model_matrix_is_committed():
    data = sample_data()
    answers = _commit_all({}, data, _reading_a())
    result = competing_hypotheses(answers, data)
    # reading b agrees with reading a on h1 ev-wire, ev-state; h2 and h3 ev-state, ev-blog, ev-report
    assert result["model_complete"] and result["agree"] == {"a": 12, "b": 8}
    by_id = {r["id"]: r for r in result["readings"]}
    assert by_id["a"]["scores"] == {"h1": 1, "h2": 2, "h3": 2}
    assert by_id["b"]["scores"] == {"h1": 2, "h2": 1, "h3": 1}
    assert [g["hypotheses"] for g in by_id["b"]["ranking"]] == [["h2", "h3"], ["h1"]]
    assert result["student"]["scores"] == by_id["a"]["scores"]


def test_data_without_model_answers_still_scores_the_student():
    data = sample_data()
    data["readings"] = []
    for hyp in data["hypotheses"]:
        hyp["ratings"] = {}
    answers = _commit_all({}, data, {"h1": {"ev-wire": "I"}})
    result = competing_hypotheses(answers, data)
    assert result["student"]["scores"]["h1"] == 1 and result["feedback"]["h1|ev-wire"]["models"] == {}
    assert model_analyses(data) == [] and result["readings"] == []


def test_real_model_readings_load_with_a_reason_for_every_cell(data):
    readings = [r["id"] for r in data["readings"]]
    assert len(readings) == 2
    rows = [r["evidence"] for r in data["matrix_rows"]]
    for hyp in data["hypotheses"]:
        assert list(hyp["ratings"]) == rows
        for ev, cell in hyp["ratings"].items():
            for reading in readings:
                assert len(cell[reading]["reason"].split()) >= 5, (hyp["id"], ev, reading)


def test_real_rankings_differ_between_the_readings_and_the_marks_match(data):
    analyses = {r["id"]: r for r in model_analyses(data)}
    a, b = analyses["intent-and-pattern"], analyses["opportunity-and-counter-terror"]
    assert a["scores"] == {"deliberate-strategy": 0, "pragmatic-dealing": 4, "security-first": 9}
    assert b["scores"] == {"deliberate-strategy": 6, "pragmatic-dealing": 0, "security-first": 5}
    assert [g["hypotheses"][0] for g in a["ranking"]] != [g["hypotheses"][0] for g in b["ranking"]]
    # Rows marked non-diagnostic are non-diagnostic under both readings; every other row is diagnostic in one.
    for row in data["matrix_rows"]:
        flat = [row["evidence"] in r["non_diagnostic"] for r in analyses.values()]
        assert (not row["diagnostic"]) == all(flat), row["evidence"]


def test_the_three_doubtful_old_cells_no_longer_count_against_the_thesis(data):
    strategy = next(h for h in data["hypotheses"] if h["id"] == "deliberate-strategy")
    for ev in ("crocus-attack-2024", "assad-falls-2024"):
        assert {c["rating"] for c in strategy["ratings"][ev].values()} == {"N"}
    assert strategy["ratings"]["sharaa-moscow-2025"]["intent-and-pattern"]["rating"] == "C"


@pytest.fixture(scope="module")
def data(dataset):
    from claimlab.exercises.chain import plain_data

    return plain_data(dataset)


def test_cell_ids_join_hypothesis_and_row():
    assert cell_id("h1", "own-i1") == "h1|own-i1"


def test_the_solution_renders_both_readings_with_every_reason(dataset):
    from claimlab.myst_text import text as escaped
    from claimlab.render import model_matrices

    text = model_matrices(dataset)
    for hyp in dataset.hypotheses:
        for cell in hyp["ratings"].values():
            for reading in cell.values():
                assert f"**{reading['rating']}** {escaped(reading['reason'])}" in text
    assert "| Deliberate strategy against the Western\\-led order | 0 (0), rank 1 | 6 (4.75), rank 3 |" in text


def test_a_format_1_matrix_reads_as_one_attempt_per_cell_and_hand_edits_are_skipped():
    data = sample_data()
    v1 = {"matrix": {"h1": {"ev-wire": "maybe", "ev-blog": "I"}, "h2": "broken", "gone": {"ev-blog": "I"}}}
    result = competing_hypotheses(v1, data)
    assert result["matrix"]["h1"] == {"ev-blog": "I"} and result["rated"] == 1
    assert result["summary"] == {"committed": 1, "cells": 12, "revised": 0,
                                 "ranked first": "Pragmatic dealing = Opportunism"}
    answers, _ = commit_cell(v1, "h1", "ev-blog", "C", "The aggregator rumour fits a plan.", AT, data)
    assert competing_hypotheses(answers, data)["matrix"]["h1"] == {"ev-blog": "C"}


def test_a_hand_edited_file_keeps_only_well_formed_unique_additions_within_the_limit_and_says_why():
    hyp = [{"id": f"own-h{n}", "label": f"Idea {n}", "statement": f"Russia acts for reason {n}"}
           for n in range(1, MAX_OWN_HYPOTHESES + 2)]
    given = [hyp[0], dict(hyp[0], label="Copy"), {"id": "../x", "label": "Bad", "statement": "Bad id"}, "text", *hyp[1:]]
    kept, problems = own_hypotheses({"hypotheses": given})
    assert [h["id"] for h in kept] == [h["id"] for h in hyp[:MAX_OWN_HYPOTHESES]]
    assert "A second added hypothesis with the id own-h1 was left out." in problems
    assert "An added hypothesis without a name, an id or a one-line statement was left out." in problems
    assert f'Only {MAX_OWN_HYPOTHESES} added hypotheses are scored; "Idea {MAX_OWN_HYPOTHESES + 1}" was left out.' \
        in problems and len(problems) == 3
    rows = [{"id": f"own-i{n}", "kind": "assumption", "text": f"Assumed {n}"} for n in range(1, MAX_OWN_ROWS + 2)]
    kept, problems = own_rows({"added": [{"id": "own-i9", "kind": "rumour", "text": "x"}, *rows]})
    assert len(kept) == MAX_OWN_ROWS and kept[0]["credibility"] is None
    assert problems == ["An added item without a kind, an id or a one-line description was left out.",
                        f'Only {MAX_OWN_ROWS} added items are scored; "Assumed {MAX_OWN_ROWS + 1}" was left out.']


def test_scores_in_whole_quarters_equal_the_exact_fractions_and_rankings_of_plain_sums():
    """The weighted scores add whole numbers of quarters; the sensitivity skips rows without points. Both
    give exactly what summing fractions and re-ranking without each row give."""
    import random
    from fractions import Fraction

    from claimlab.exercises.competing_hypotheses import INCONSISTENCY, RATINGS, ranking, scores, weight

    rng = random.Random(11)
    for _ in range(300):
        credibility = {f"e{i}": rng.choice([1, 2, 3, 4, 5, 6, None, True, 9]) for i in range(6)}
        matrix = {h: {e: rng.choice(list(RATINGS)) for e in credibility if rng.random() < 0.8}
                  for h in ("h1", "h2", "h3")}
        weighted = weighted_scores(matrix, credibility)
        assert weighted == {h: sum((INCONSISTENCY[r] * weight(credibility[e]) for e, r in row.items()), Fraction(0))
                            for h, row in matrix.items()}
        assert all(type(v) is Fraction for v in weighted.values())
        base = [g["hypotheses"] for g in ranking(scores(matrix))]
        changes = []
        for row_id in dict.fromkeys(e for row in matrix.values() for e in row):
            order = [g["hypotheses"] for g in ranking(scores({h: {e: r for e, r in row.items() if e != row_id}
                                                               for h, row in matrix.items()}))]
            if order != base:
                changes.append({"evidence": row_id, "ranking": order})
        assert sensitivity(matrix) == {"stable": not changes, "ranking": base, "changes": changes}
