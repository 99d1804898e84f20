"""Export: versioned JSON for instructor tools and a readable Markdown file."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from test_exercises_fixtures import sample_data

from claimlab.exercises.chain import REQUIRED_GRADED, evaluate
from claimlab.exercises.export import build_export, write_export
from claimlab.exercises.store import AnswerStore

WHEN = dt.datetime(2026, 11, 25, 14, 30, tzinfo=dt.timezone.utc)

ANSWERS = {
    "grade-sources": {"items": {"ev-wire": {"reliability": "B", "credibility": 3},
                                "gone-item": {"reliability": "A", "credibility": 1}}},
    "sort-claims": {"items": {cid: {"kind": "fact", "status": "holds"} for cid in ("c-main1", "c-main2", "c-fact")}},
    "counterpoint-duel": {"items": {
        "c-main1": {"pick": "cp-1", "steelman": "Ties were deep already | so the formal step added little."},
        "c-main2": {"pick": "cp-4", "steelman": ""}}},
    "define-terms": {"partner": "contact", "lists": ["us"], "rule": "any", "recognition": "de-jure",
                     "period": "current"},
    "verdict": {"likelihood": "likely", "probability": 90, "confidence": "low", "statement": "It is likely.",
                "indicators": ["one"]},
}


def test_export_document_format_and_results():
    doc = build_export(ANSWERS, sample_data(), "ann", WHEN)
    assert doc["format"] == "claimlab-answers"
    assert doc["format_version"] == 1
    assert doc["data_edition"] == "test-edition"
    assert doc["student"] == "ann"
    assert doc["exported_at"] == "2026-11-25T14:30:00+00:00"
    assert list(doc["exercises"]) == ["grade-sources", "sort-claims", "counterpoint-duel", "define-terms",
                                      "competing-hypotheses", "verdict"]
    # Only 4 evidence items exist, so 1 graded item (the other no longer exists) is not enough.
    grading = doc["exercises"]["grade-sources"]
    assert list(grading["results"]["items"]) == ["ev-wire"]
    assert grading["results"]["items"]["ev-wire"]["points"] == 3  # B exact (2) + 3 vs 2 close (1)
    assert grading["progress"] == {"done": 1, "required": min(REQUIRED_GRADED, 4), "total": 4, "finished": False}
    # All 3 claims sorted (fewer than the usual 15 exist): finished; 1 kind right (c-fact), 0 statuses.
    sorting = doc["exercises"]["sort-claims"]
    assert sorting["progress"]["finished"]
    assert sorting["results"]["summary"] == {"items": 3, "kind_correct": 1, "status_correct": 0}
    duel = doc["exercises"]["counterpoint-duel"]
    assert duel["results"]["summary"] == {"picked": 2, "correct": 1, "steelmen_ok": 1}
    assert not duel["progress"]["finished"]
    assert doc["exercises"]["define-terms"]["results"]["meets"] == ["hamas"]
    assert doc["exercises"]["competing-hypotheses"]["progress"] == {"done": 0, "required": 12, "total": 12,
                                                                    "finished": False}
    assert not doc["exercises"]["verdict"]["results"]["ok"]
    assert doc["finished"] == ["sort-claims", "define-terms"]
    json.dumps(doc)  # plain JSON all the way down


def test_finished_verdict_and_matrix():
    data = sample_data()
    matrix = {h["id"]: dict(h["ratings"]) for h in data["hypotheses"]}
    assert evaluate("competing-hypotheses", {"matrix": matrix}, data)["progress"]["finished"]
    verdict = {"likelihood": "likely", "probability": 70, "confidence": "low",
               "statement": "It is likely. Our confidence is low.", "indicators": ["one", "two"]}
    assert evaluate("verdict", verdict, data)["progress"]["finished"]


def test_write_export_writes_json_and_markdown(tmp_path):
    store = AnswerStore(tmp_path, "test-edition", "Ann", clock=lambda: WHEN)
    for exercise, answers in ANSWERS.items():
        store.put(exercise, answers)
    json_path, md_path = write_export(store, sample_data())
    assert (json_path.name, md_path.name) == ("claimlab-answers-ann.json", "claimlab-answers-ann.md")
    doc = json.loads(json_path.read_text(encoding="utf-8"))
    assert doc["exported_at"] == "2026-11-25T14:30:00+00:00"
    assert doc["exercises"]["verdict"]["answers"]["probability"] == 90
    md = md_path.read_text(encoding="utf-8")
    assert md.startswith("# Answers of ann\n")
    assert "- Finished: 2 of 6 exercises" in md
    assert "## Grade the sources (1 of 4 needed)" in md
    assert "| ev-wire | B3 | B2 | 3/4 |" in md
    assert "Ties were deep already \\| so the formal step" in md  # pipes escaped inside tables
    assert "## Essay outline" in md and "### 5. The verdict" in md


def test_export_needs_a_name(tmp_path):
    with pytest.raises(ValueError, match="name"):
        write_export(AnswerStore(tmp_path, "e"), sample_data())


def test_hand_edited_or_outdated_answers_are_ignored_not_fatal():
    data = sample_data()
    odd = {
        "grade-sources": {"items": {"ev-wire": {"reliability": "Z", "credibility": 9},
                                    "ev-blog": {"reliability": "F", "credibility": 6}}},
        "sort-claims": {"items": {"c-fact": {"kind": "opinion", "status": "holds"}}},
        "competing-hypotheses": {"matrix": {"h1": {"ev-wire": "maybe", "ev-blog": "I"}, "h2": "broken"}},
        "define-terms": {"partner": "renamed-option", "lists": ["us"], "rule": "any", "recognition": "de-jure",
                         "period": "current"},
        "verdict": {"likelihood": "likely", "probability": "seventy"},
    }
    doc = build_export(odd, data, "ann", WHEN)
    assert list(doc["exercises"]["grade-sources"]["results"]["items"]) == ["ev-blog"]
    assert doc["exercises"]["sort-claims"]["results"]["items"] == {}
    assert doc["exercises"]["competing-hypotheses"]["results"]["rated"] == 1
    assert doc["exercises"]["define-terms"]["results"] == {"missing": ["partner"]}
    assert "whole number" in " ".join(doc["exercises"]["verdict"]["results"]["problems"])
