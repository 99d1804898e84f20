"""Exercise c: counterpoint candidates, the pick, and the steelman check."""
from __future__ import annotations

from test_exercises_fixtures import sample_data

from claimlab.exercises.counterpoint_duel import (STEELMAN_MAX_CHARS, check_pick, check_steelman,
                                                  duel_board, duel_candidates, main_claims)


def test_main_claims_are_those_marked_main():
    assert [c["id"] for c in main_claims(sample_data()["claims"])] == ["c-main1", "c-main2"]


def test_candidates_include_all_responders_and_top_up_to_three():
    data = sample_data()
    claim = data["claims"][0]  # answered by cp-1 and cp-2: one distractor needed
    candidates = duel_candidates(claim, data["counterpoints"])
    ids = {c["id"] for c in candidates}
    assert len(candidates) == 3
    assert {"cp-1", "cp-2"} <= ids
    distractors = [c for c in candidates if not c["responds"]]
    assert len(distractors) == 1 and distractors[0]["id"] in {"cp-3", "cp-4"}


def test_the_board_lists_every_main_claim_with_three_candidates():
    data = sample_data()
    board = duel_board(data["claims"], data["counterpoints"])
    assert [row["claim"] for row in board] == ["c-main1", "c-main2"]
    # c-main2 has one responder (cp-3) and gets two distractors.
    second = board[1]["candidates"]
    assert len(second) == 3 and [c["id"] for c in second if c["responds"]] == ["cp-3"]


def test_candidates_are_stable_between_runs():
    data = sample_data()
    claim = data["claims"][1]
    first = duel_candidates(claim, data["counterpoints"])
    again = duel_candidates(claim, list(reversed(data["counterpoints"])))
    assert [c["id"] for c in first] == [c["id"] for c in again]


def test_no_distractors_when_enough_responders():
    data = sample_data()
    for cp in data["counterpoints"]:
        cp["responds_to"].append("c-main2")
    candidates = duel_candidates(data["claims"][1], data["counterpoints"])
    assert len(candidates) == 4 and all(c["responds"] for c in candidates)


def test_pick_feedback_distinguishes_right_relevant_and_off_topic():
    data = sample_data()
    claim, cps = data["claims"][0], data["counterpoints"]
    right = check_pick(claim, "cp-1", cps)
    assert right["correct"] and right["why"] == "It questions whether anything changed."
    fair = check_pick(claim, "cp-2", cps)
    assert not fair["correct"] and fair["responds"] and "fair objection" in fair["message"]
    assert fair["model_text"].startswith("Recognition changed little")
    off = check_pick(claim, "cp-4", cps)
    assert not off["correct"] and not off["responds"] and "different claim" in off["message"]


def test_steelman_accepts_own_words():
    cp = sample_data()["counterpoints"][0]["text"]
    result = check_steelman("Ties were already deep, so the formal step added little new.", cp)
    assert result == {"ok": True, "problems": []}


def test_steelman_refuses_empty_multiline_long_short_and_copied():
    cp = sample_data()["counterpoints"][0]["text"]
    assert not check_steelman("   ", cp)["ok"]
    two_lines = check_steelman("Trade was already flowing.\nSo little changed.", cp)
    assert any("one line" in p for p in two_lines["problems"])
    too_long = "word " * (STEELMAN_MAX_CHARS // 5 + 5)
    assert any("under" in p for p in check_steelman(too_long, cp)["problems"])
    assert any("at least" in p for p in check_steelman("Little changed.", cp)["problems"])
    copied = check_steelman("Recognition changed little in practice, because trade and talks were already", cp)
    assert any("own words" in p for p in copied["problems"])
    # The citation role is ignored, and case and punctuation do not hide a copy.
    assert not check_steelman("RECOGNITION changed little in practice; because trade and talks WERE", cp)["ok"]
