"""Exercise "Counterpoint duel": every candidate answers the claim; rank them with a reason; steelman the strongest."""
from __future__ import annotations

import re
from html import escape

import ipywidgets as widgets
import pytest
from test_exercise_grade_sources import VERDICT_WORDS
from test_exercises_fixtures import sample_data
from test_exercises_widgets import _find, _html, _saved, _session

from claimlab.exercises import counterpoint_duel_ui
from claimlab.exercises.attempts import reason_problems
from claimlab.exercises.chain import evaluate
from claimlab.exercises.counterpoint_duel import (AGAINST, FOR, MIN_CANDIDATES, anchors, check_ranking,
                                                  check_steelman, duel_board, duel_candidates, duel_rounds,
                                                  evidence_dates, main_claims, steelman_anchors)

CATS = "I like cats very much indeed"


def _claim(data, claim_id):
    return next(c for c in data["claims"] if c["id"] == claim_id)


def _cp(data, cp_id):
    return next(c for c in data["counterpoints"] if c["id"] == cp_id)


def _round(data, round_id):
    return next(r for r in duel_rounds(data["claims"], data["counterpoints"], data["evidence"]) if r["id"] == round_id)


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
    round_ = _round(data, "c-main1")
    for bad in (["cp-1"], ["cp-1", "cp-1"], ["cp-1", "cp-3"], ["cp-1", "cp-2", "cp-3"]):
        with pytest.raises(ValueError):
            check_ranking(round_, bad)


def test_a_different_ranking_is_one_view_against_another_never_wrong(dataset):
    """On both sides: the model's strongest is one defensible view, never a mark."""
    for round_ in duel_rounds(dataset.claims, dataset.counterpoints, dataset.evidence):
        ids = [c["id"] for c in round_["candidates"]]
        for top in ids:
            ranking = [top, *[i for i in ids if i != top]]
            result = check_ranking(round_, ranking)
            assert result["agree"] == (top == round_["strongest"])
            assert not VERDICT_WORDS.search(result["message"]), (round_["id"], top)
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
    _find(root, widgets.Dropdown, "Round").value = "c-main2"
    assert _find(root, widgets.Dropdown, "Strongest").value == ""
    assert _find(root, widgets.Dropdown, "Second").layout.display == "none"


# -- the thesis side: a sceptic's objection, answered for the claim from dated evidence -------------------------

SCEPTIC = {"defends": "c-main1", "evidence": ["ev-wire", "ev-state", "ev-report"], "strongest": "ev-report",
           "why": "The court's record is the hardest to wave away.",
           "case_against": "A court record shows a ruling, not a motive."}


def _two_sided():
    """The sample data with one sceptic's objection (cp-2) turned into a thesis-side round."""
    data = sample_data()
    _cp(data, "cp-2")["thesis_case"] = dict(SCEPTIC)
    return data


def test_a_thesis_case_adds_a_for_round_after_the_main_claims():
    rounds = duel_rounds(*(_two_sided()[k] for k in ("claims", "counterpoints", "evidence")))
    assert [(r["id"], r["side"]) for r in rounds] == [("c-main1", AGAINST), ("c-main2", AGAINST), ("cp-2", FOR)]
    thesis = rounds[-1]
    assert thesis["claim"]["id"] == "c-main1" and thesis["objection"]["id"] == "cp-2"
    assert sorted(c["id"] for c in thesis["candidates"]) == ["ev-report", "ev-state", "ev-wire"]
    assert all(c["date"] == "2025-01" for c in thesis["candidates"])
    assert (thesis["strongest"], thesis["case_against"]) == ("ev-report", SCEPTIC["case_against"])


def test_the_data_trains_both_sides(dataset):
    """At least three thesis-side rounds, each a real objection to the claim it defends, answered from dated
    evidence, with the model's strongest among the candidates and the strongest case against it."""
    rounds = duel_rounds(dataset.claims, dataset.counterpoints, dataset.evidence)
    thesis = [r for r in rounds if r["side"] == FOR]
    assert len(thesis) >= 3 and 2 * len(thesis) >= len(rounds) - len(thesis)  # roughly balanced
    for round_ in thesis:
        assert round_["claim"]["id"] in round_["objection"]["responds_to"]
        assert len(round_["candidates"]) >= MIN_CANDIDATES, round_["id"]
        assert all(re.match(r"\d{4}", c["date"]) for c in round_["candidates"])
        assert round_["strongest"] in [c["id"] for c in round_["candidates"]]
        assert round_["why"] and round_["case_against"]
        for text in (round_["why"], round_["case_against"]):  # factual lines, so dated and cited
            assert "{cite}" in text and re.search(r"\b(19|20)\d\d\b", text), round_["id"]
            assert not VERDICT_WORDS.search(text), round_["id"]


def _dated_check(round_, steelman, top, data):
    about = steelman_anchors(round_, top, data["evidence"], data["sources"])
    texts = (round_["objection"]["text"], *(c["text"] for c in round_["candidates"]))
    return check_steelman(steelman, texts, about, evidence_dates(round_, data["sources"]))


def test_a_thesis_side_steelman_must_rest_on_dated_evidence():
    data = _two_sided()
    round_ = _round(data, "cp-2")
    undated = _dated_check(round_, "Moscow engages militants to keep them away from its borders.", "ev-report", data)
    assert not undated["ok"] and any("dated evidence" in p for p in undated["problems"])
    no_year = _dated_check(round_, "The court's own record shows Moscow engages militants on purpose.", "ev-report",
                           data)
    assert not no_year["ok"] and any("dated evidence" in p for p in no_year["problems"])
    wrong_year = _dated_check(round_, "The court's own record of 2019 shows Moscow engages militants.", "ev-report",
                              data)
    assert not wrong_year["ok"]
    dated = _dated_check(round_, "The court's own record of January 2025 shows Moscow engages militants.",
                         "ev-report", data)
    assert dated["ok"], dated["problems"]
    assert _dated_check(round_, "Item ev-wire, from 2025, shows Moscow engages militants on purpose.", "ev-report",
                        data)["ok"]
    assert not _dated_check(round_, CATS + " in 2025", "ev-report", data)["ok"]
    copied = "Russia's foreign ministry says recognition serves practical cooperation, but ev-report of 2025 does not"
    assert any("own words" in p for p in _dated_check(round_, copied, "ev-report", data)["problems"])


def test_every_real_thesis_round_refuses_a_steelman_without_evidence_and_takes_one_with_it(dataset):
    from claimlab.exercises.chain import plain_data

    data = plain_data(dataset)
    for round_ in (r for r in duel_rounds(data["claims"], data["counterpoints"], data["evidence"]) if r["side"] == FOR):
        top = round_["strongest"]
        year = next(c["date"][:4] for c in round_["candidates"] if c["id"] == top)
        term = sorted(w for w in anchors(round_["claim"], None, [], {}) if len(w) > 6)[0]
        bare = _dated_check(round_, f"The {term} reading survives this objection, whatever the sceptic says.", top,
                            data)
        assert not bare["ok"] and any("dated evidence" in p for p in bare["problems"]), round_["id"]
        backed = _dated_check(round_, f"Item {top} of {year} keeps the {term} reading alive against it.", top, data)
        assert backed["ok"], (round_["id"], backed["problems"])
        assert not _dated_check(round_, f"{CATS} in {year}", top, data)["ok"], round_["id"]


def test_ui_thesis_round_feedback_only_after_a_committed_reason_and_first_attempt_kept(tmp_path):
    data = _two_sided()
    root = counterpoint_duel_ui(_session(tmp_path, data=data))
    _find(root, widgets.Dropdown, "Round").value = "cp-2"
    shown = _html(root)
    assert "Make the case for the claim" in shown and "practical cooperation" in shown
    places = [_find(root, widgets.Dropdown, p) for p in ("Strongest", "Second", "Third")]
    assert {v for _, v in places[0].options} == {"", "ev-wire", "ev-state", "ev-report"}
    for control, value in zip(places, ["ev-wire", "ev-report", "ev-state"]):
        control.value = value
    steelman = _find(root, widgets.Text, "Your steelman")
    steelman.value = "Moscow engages militants to keep them far from its own borders."
    commit = _find(root, widgets.Button, "Commit my answer")
    commit.click()
    assert "Write a one-line reason first" in _html(root)
    assert escape(SCEPTIC["why"]) not in _html(root) and escape(SCEPTIC["case_against"]) not in _html(root)
    _find(root, widgets.Text, "Why the strongest").value = "A wire agency report on the ruling engages militants"
    commit.click()
    shown = _html(root)
    assert escape(SCEPTIC["why"]) in shown and escape(SCEPTIC["case_against"]) in shown
    assert "one defensible view" in shown
    assert "Rest it on dated evidence" in shown  # committed, kept, and told what a thesis steelman needs
    assert evaluate("counterpoint-duel", _saved(tmp_path)["counterpoint-duel"], data)["progress"]["done"] == 0
    steelman.value = "The wire report of 2025 on the court ruling shows Moscow engages militants."
    commit.click()
    record = _saved(tmp_path)["counterpoint-duel"]["items"]["cp-2"]
    assert len(record["attempts"]) == 2 and record["attempts"][0]["choice"]["steelman"].startswith("Moscow engages")
    assert record["attempts"][0]["choice"]["ranking"] == ["ev-wire", "ev-report", "ev-state"]
    result = evaluate("counterpoint-duel", _saved(tmp_path)["counterpoint-duel"], data)
    assert result["progress"] == {"done": 1, "required": 3, "total": 3, "finished": False}
    assert result["results"]["items"]["cp-2"]["latest"]["ranking"]["side"] == FOR
    assert not result["results"]["items"]["cp-2"]["first"]["steelman"]["ok"]


def test_the_kernel_free_practice_asks_both_sides(dataset):
    from claimlab.exercises.chain import plain_data
    from claimlab.exercises.selfcheck import counterpoint_duel_questions

    questions = counterpoint_duel_questions(plain_data(dataset))
    thesis = [q for q in questions if "against a sceptic" in q["prompt"]]
    assert len(thesis) == 2 and len(questions) == 4
    for q in thesis:
        assert q["judgement"] and "The strongest case against this reply:" in q["explain"]
        assert not VERDICT_WORDS.search(q["explain"])
