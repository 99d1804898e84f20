"""Exercise "Counterpoint duel": every candidate answers the claim; rank them with a reason; steelman the strongest."""
from __future__ import annotations

import ipywidgets as widgets
import pytest
from test_exercise_grade_sources import VERDICT_WORDS
from test_exercises_fixtures import sample_data
from test_exercises_widgets import _find, _html, _saved, _session

from claimlab.exercises import counterpoint_duel_ui
from claimlab.exercises.attempts import reason_problems
from claimlab.exercises.chain import evaluate
from claimlab.exercises.counterpoint_duel import (MIN_CANDIDATES, anchors, check_ranking, check_steelman,
                                                  duel_board, duel_candidates, main_claims)

CATS = "I like cats very much indeed"


def _claim(data, claim_id):
    return next(c for c in data["claims"] if c["id"] == claim_id)


def _cp(data, cp_id):
    return next(c for c in data["counterpoints"] if c["id"] == cp_id)


def test_main_claims_are_those_marked_main():
    assert [c["id"] for c in main_claims(sample_data()["claims"])] == ["c-main1", "c-main2"]


def test_candidates_are_only_counterpoints_that_answer_the_claim_in_a_stable_order():
    data = sample_data()
    first = duel_candidates(_claim(data, "c-main1"), data["counterpoints"])
    assert sorted(c["id"] for c in first) == ["cp-1", "cp-2"]
    assert first == duel_candidates(_claim(data, "c-main1"), list(reversed(data["counterpoints"])))


def test_every_main_claim_in_the_data_has_three_candidates_that_answer_it(dataset):
    for row in duel_board(dataset.claims, dataset.counterpoints):
        assert len(row["candidates"]) >= MIN_CANDIDATES, row["claim"]
        for candidate in row["candidates"]:
            assert row["claim"] in next(cp for cp in dataset.counterpoints
                                        if cp["id"] == candidate["id"])["responds_to"]


def test_a_ranking_must_list_every_candidate_once():
    data = sample_data()
    claim = _claim(data, "c-main1")
    for bad in (["cp-1"], ["cp-1", "cp-1"], ["cp-1", "cp-3"], ["cp-1", "cp-2", "cp-3"]):
        with pytest.raises(ValueError):
            check_ranking(claim, bad, data["counterpoints"])


def test_a_different_ranking_is_one_view_against_another_never_wrong(dataset):
    for row in duel_board(dataset.claims, dataset.counterpoints):
        claim = next(c for c in dataset.claims if c["id"] == row["claim"])
        ids = [c["id"] for c in row["candidates"]]
        for top in ids:
            ranking = [top, *[i for i in ids if i != top]]
            result = check_ranking(claim, ranking, dataset.counterpoints)
            assert result["agree"] == (top == claim["strongest_counterpoint"])
            assert not VERDICT_WORDS.search(result["message"]), (claim["id"], top)
            if not result["agree"]:
                assert "one defensible view" in result["message"] and "argue your case" in result["message"]


def test_the_cats_steelman_fails_and_one_about_the_claim_passes():
    data = sample_data()
    claim, cp = _claim(data, "c-main1"), _cp(data, "cp-1")
    about = anchors(claim, cp, data["evidence"], data["sources"])
    cats = check_steelman(CATS, cp["text"], about)
    assert not cats["ok"] and any("about this claim" in p for p in cats["problems"])
    good = check_steelman("Moscow engages militants for talks that began long before recognition.", cp["text"], about)
    assert good["ok"], good["problems"]
    by_source = check_steelman("The Wire Service shows trade started earlier than this.", cp["text"], about)
    assert by_source["ok"], by_source["problems"]
    by_evidence = check_steelman("Item ev-wire shows the court ruling came earlier than this.", cp["text"], about)
    assert by_evidence["ok"], by_evidence["problems"]


def test_the_cats_steelman_fails_on_every_real_main_claim(dataset):
    for row in duel_board(dataset.claims, dataset.counterpoints):
        claim = next(c for c in dataset.claims if c["id"] == row["claim"])
        for candidate in row["candidates"]:
            cp = next(c for c in dataset.counterpoints if c["id"] == candidate["id"])
            about = anchors(claim, cp, dataset.evidence, dataset.sources)
            assert not check_steelman(CATS, cp["text"], about)["ok"], (claim["id"], cp["id"])
            assert reason_problems(CATS, about)


def test_steelman_refuses_empty_multiline_long_short_and_copied():
    data = sample_data()
    claim, cp = _claim(data, "c-main1"), _cp(data, "cp-1")
    about = anchors(claim, cp, data["evidence"], data["sources"])
    assert not check_steelman("", cp["text"], about)["ok"]
    assert not check_steelman("Moscow engages militants.\nTalks came first.", cp["text"], about)["ok"]
    assert not check_steelman("Moscow engages " + "militants " * 40, cp["text"], about)["ok"]
    assert not check_steelman("Moscow engages militants", cp["text"], about)["ok"]
    copied = "Recognition changed little in practice, because trade and talks were already under way, Moscow says"
    assert any("own words" in p for p in check_steelman(copied, cp["text"], about)["problems"])


def test_ui_ranking_commit_feedback_and_revision(tmp_path):
    root = counterpoint_duel_ui(_session(tmp_path))
    strongest, second = _find(root, widgets.Dropdown, "Strongest"), _find(root, widgets.Dropdown, "Second")
    assert {v for _, v in strongest.options} == {"", "cp-1", "cp-2"}
    strongest.value, second.value = "cp-2", "cp-1"
    _find(root, widgets.Text, "Your steelman").value = CATS
    commit = _find(root, widgets.Button, "Commit my answer")
    commit.click()
    assert "Write a one-line reason first" in _html(root)
    assert "It questions whether anything changed." not in _html(root)
    _find(root, widgets.Text, "Why the strongest").value = "Moscow says it engages militants for trade, not ideology"
    commit.click()
    shown = _html(root)
    assert "one defensible view" in shown and "It questions whether anything changed." in shown
    assert "Make it about this claim" in shown  # the cats steelman is refused after commit, too
    _find(root, widgets.Text, "Your steelman").value = "Moscow engages militants for trade that began before it."
    commit.click()
    record = _saved(tmp_path)["counterpoint-duel"]["items"]["c-main1"]
    assert len(record["attempts"]) == 2 and record["attempts"][0]["choice"]["steelman"] == CATS
    assert record["attempts"][1]["choice"]["ranking"] == ["cp-2", "cp-1"]
    assert evaluate("counterpoint-duel", _saved(tmp_path)["counterpoint-duel"], sample_data())[
        "results"]["summary"] == {"ranked": 1, "agree_first": 0, "steelmen_ok": 1, "revised": 1}
    _find(root, widgets.Dropdown, "Main claim").value = "c-main2"
    assert _find(root, widgets.Dropdown, "Strongest").value == ""
    assert _find(root, widgets.Dropdown, "Second").layout.display == "none"
