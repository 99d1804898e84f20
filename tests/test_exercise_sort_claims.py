"""Exercise "Sort the claims": kind and status judged against defensible ranges, a reason before feedback."""
from __future__ import annotations

import re

import ipywidgets as widgets
import pytest
from test_exercise_grade_sources import VERDICT_WORDS, _answers, _keys
from test_exercises_fixtures import sample_data
from test_exercises_widgets import _find, _html, _saved, _session

from claimlab.exercises import sort_claims_ui
from claimlab.exercises.attempts import reason_problems
from claimlab.exercises.chain import evaluate, plain_data
from claimlab.exercises.sort_claims import KINDS, STATUSES, anchors, sort_claims, sorting_summary

#: The status words themselves (one of them is "wrong"), removed before looking for words that call a choice wrong.
STATUS_IDS = re.compile(r"\b(" + "|".join(sorted(map(re.escape, STATUSES), key=len, reverse=True)) + r")\b")


def _claim(data, claim_id):
    return next(c for c in data["claims"] if c["id"] == claim_id)


def test_kind_and_status_are_judged_separately_with_note_and_date():
    result = sort_claims(_claim(sample_data(), "c-main1"), "interpretation", "holds")
    assert result["kind"]["inside"] and result["status"]["inside"] and result["inside"]
    assert "the model view prefers contested" in result["status"]["message"]
    assert "Officials and critics disagree." in result["status"]["message"]
    assert result["as_of"] == "2026-02" and "critics doubt it" in result["status_note"]


def test_outside_the_range_gives_the_reasoning_a_hint_and_an_invitation():
    result = sort_claims(_claim(sample_data(), "c-fact"), "allegation", "wrong")
    assert not result["kind"]["inside"] and not result["status"]["inside"]
    assert "argue your case" in result["status"]["message"]
    assert result["status"]["hint"].startswith("The difference is timing")
    assert result["kind"]["hint"].startswith("Ask who could prove it")
    assert result["error"]["lesson"] == "Check when a text was written."


def test_unknown_categories_are_refused():
    with pytest.raises(ValueError):
        sort_claims(_claim(sample_data(), "c-fact"), "rumour", "holds")
    with pytest.raises(ValueError):
        sort_claims(_claim(sample_data(), "c-fact"), "fact", "true")


def test_summary_counts_inside_and_outside():
    data = sample_data()
    results = [sort_claims(_claim(data, "c-main1"), "interpretation", "contested"),
               sort_claims(_claim(data, "c-main2"), "fact", "wrong")]
    assert sorting_summary(results) == {"items": 2, "inside": 3, "outside": 1}


def test_same_option_everywhere_never_scores(dataset):
    data = plain_data(dataset)
    ids = [c["id"] for c in data["claims"]]
    for kind in KINDS:
        for status in STATUSES:
            evaluated = evaluate("sort-claims", _answers({"kind": kind, "status": status}, ids,
                                                         "The claim rests on dated evidence"), data)
            assert not {"points", "max_points", "score", "marks", "correct"} & set(_keys(evaluated))
            assert evaluated["results"]["summary"]["items"] == len(ids)


def test_no_sorting_of_any_claim_is_called_wrong(dataset):
    for claim in dataset.claims:
        for kind in KINDS:
            for status in STATUSES:
                result = sort_claims(claim, kind, status)
                for field in ("kind", "status"):
                    text = STATUS_IDS.sub("", result[field]["message"] + " " + result[field]["hint"])
                    assert not VERDICT_WORDS.search(text), (claim["id"], kind, status, text)


def test_a_reason_must_name_the_claim_or_its_standing(dataset):
    claim = next(c for c in dataset.claims if c["id"] == "final-thesis")
    found = anchors(claim)
    assert reason_problems("I like cats very much indeed", found)
    assert not reason_problems("It is an interpretation of motives, so it stays contested", found)
    assert not reason_problems("Nothing shows a deliberate strategy behind the ties", found)


def test_ui_hides_the_model_until_kind_status_and_reason_are_committed(tmp_path):
    root = sort_claims_ui(_session(tmp_path))
    _find(root, widgets.ToggleButtons, "Kind").value = "interpretation"
    commit = _find(root, widgets.Button, "Commit my answer")
    _find(root, widgets.Text, "Your reason").value = "Officials claim it but critics dispute the evidence"
    commit.click()
    assert "Answer every part first" in _html(root)
    assert "Why, as of" not in _html(root)
    _find(root, widgets.ToggleButtons, "Status").value = "holds"
    commit.click()
    shown = _html(root)
    assert "Both choices lie within the defensible range" in shown and "Why, as of 2026-02:" in shown
    assert "(Wire Service, 2025-04-17)" in shown  # the status note's citation, in plain words
    record = _saved(tmp_path)["sort-claims"]["items"]["c-main1"]
    assert record["attempts"][0]["choice"] == {"kind": "interpretation", "status": "holds"}
