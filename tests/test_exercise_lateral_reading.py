"""Exercise "Read laterally": grade before checking, check who runs it, grade again; update a claim's status."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import ipywidgets as widgets
import pytest
from test_exercise_grade_sources import VERDICT_WORDS, _keys
from test_exercises_widgets import _find, _html, _saved

from claimlab import lateral
from claimlab.exercises import lateral_reading_ui
from claimlab.exercises.chain import EXERCISES, evaluate, plain_data
from claimlab.exercises.lateral_reading import (candidates, claim_update, grade_outlet, item_ids, outlet_anchors,
                                                outlets, update_claim)
from claimlab.exercises.store import AnswerStore
from claimlab.exercises.widgets import Session, esc
from claimlab.labels import RELIABILITY, STATUS
from claimlab.schema import CITE_ROLE
from claimlab.validate import validate

ROOT = Path(__file__).resolve().parent.parent
AT = "2026-11-30T09:00:00+00:00"


@pytest.fixture(scope="module")
def data(dataset):
    return plain_data(dataset)


def _attempt(choice, reason="The outlet is the source here"):
    return {"choice": choice, "reason": reason, "at": AT}


def _ui(tmp_path, data):
    root = lateral_reading_ui(Session(data, AnswerStore(tmp_path, data["edition"], "ann")))
    return root, _find(root, widgets.Dropdown, "Reliability"), _find(root, widgets.Text, "Your reason"), \
        _find(root, widgets.Button, "Commit my answer"), _find(root, widgets.Dropdown, "Item")


def test_it_comes_right_after_grade_sources():
    ids = [e.id for e in EXERCISES]
    assert ids.index("lateral-reading") == ids.index("grade-sources") + 1


def test_first_grade_survives_the_regrade_and_the_model_view_waits_for_it(tmp_path, data):
    outlet = outlets(data)[0]
    root, grade, reason, commit, _ = _ui(tmp_path, data)
    grade.value = "B"
    commit.click()  # no reason: refused, nothing of the model shown
    assert "Write a one-line reason first" in _html(root)
    assert esc(outlet["grading"]["reliability_reason"]) not in _html(root)
    reason.value = f"{outlet['name']} looks like an ordinary news site"
    commit.click()
    shown = _html(root)
    assert "Now leave the site and check who runs it" in shown and outlet["searches"][0] in shown
    assert esc(outlet["grading"]["reliability_reason"]) not in shown and "defensible" not in shown
    grade.value = "E"
    reason.value = f"{outlet['name']} is run from Beirut and backs one side"
    commit.click()
    tried = _saved(tmp_path)["lateral-reading"]["items"][outlet["id"]]["attempts"]
    assert [a["choice"] for a in tried] == [{"reliability": "B"}, {"reliability": "E"}]
    assert tried[0]["reason"] == f"{outlet['name']} looks like an ordinary news site"
    shown = _html(root)
    assert esc(outlet["grading"]["reliability_reason"]) in shown and "Your first attempt, kept as it was" in shown
    summary = evaluate("lateral-reading", _saved(tmp_path)["lateral-reading"], data)["results"]["summary"]
    assert summary["regraded"] == 1 and summary["shifted"] == 1


def test_the_claim_update_offers_only_newer_sources_and_gives_feedback_after_a_commit(tmp_path, data):
    update = claim_update(data)
    claim = next(c for c in data["claims"] if c["id"] == update["claim"])
    offered = candidates(update, data["evidence"])
    assert len(offered) >= 2 and all(str(e["date"])[:len(claim["as_of"])] > claim["as_of"] for e in offered)
    root, _, reason, commit, picker = _ui(tmp_path, data)
    picker.value = update["id"]
    assert esc(claim["status_note"][:40]) not in _html(root) and esc(update["status_reason"]) not in _html(root)
    _find(root, widgets.Dropdown, "Newer source").value = offered[-1]["id"]
    _find(root, widgets.Dropdown, "Status now").value = "wrong"
    reason.value = "The Solenzo report names no Russian role at all"
    commit.click()
    shown = _html(root)
    assert esc(update["status_reason"]) in shown and "argue your case" in shown
    assert not re.search(r"\b[a-z]+(-[a-z0-9]+){2,}\b", shown.split("Your first attempt")[0]), "no internal ids"
    assert esc(offered[-1]["note"]) in shown and _saved(tmp_path)["lateral-reading"]["items"][update["id"]]["attempts"]


def test_no_grade_or_status_is_called_wrong(data):
    for outlet in outlets(data):
        for grade in RELIABILITY:
            assert not VERDICT_WORDS.search(grade_outlet(outlet, grade)["message"]), (outlet["id"], grade)
    update = claim_update(data)
    for item in candidates(update, data["evidence"]):
        for status in STATUS:
            message = update_claim(update, data["evidence"], item["id"], status)["status"]["message"]
            chosen = f"{status.replace('-', ' ')} ({STATUS[status]})"  # the student's own choice, in words
            assert not VERDICT_WORDS.search(message.replace(chosen, "")), status


def test_same_option_everywhere_scores_nothing(data):
    """Nothing here is marked, so repeating one option cannot score above chance (which is nothing)."""
    update = claim_update(data)
    for grade in RELIABILITY:
        for status in STATUS:
            answers = {"items": {o["id"]: {"attempts": [_attempt({"reliability": grade})] * 2}
                                 for o in outlets(data)}}
            answers["items"][update["id"]] = {"attempts": [_attempt({"source": update["source"], "status": status})]}
            evaluated = evaluate("lateral-reading", answers, data)
            assert not {"points", "max_points", "score", "marks"} & set(_keys(evaluated))
            assert evaluated["progress"]["finished"]


def test_the_dossier_page_shows_no_grade_and_every_fact_is_dated_and_cited(dataset, data):
    page = lateral.dossier(dataset)
    keys = set(dataset.sources)
    for outlet in outlets(data):
        assert outlet["name"] in page
        grading = outlet["grading"]
        for text in (grading["reliability_reason"], grading["defensible"]["reason"]):
            assert " ".join(text.split())[:40] not in page
        for fact in outlet["dossier"]:
            if fact.get("not_found"):
                continue
            cited = {k.strip() for group in CITE_ROLE.findall(fact["text"]) for k in group.split(",")}
            assert fact["sources"] and set(fact["sources"]) <= keys and cited and cited <= set(fact["sources"])
            assert fact["as_of"]
    assert not re.search(r"\b(reliability|defensible|model view|grade [A-F])\b", page, re.IGNORECASE)
    assert "Not found." in page


def test_a_reason_must_name_what_the_grade_rests_on(data):
    from claimlab.exercises.attempts import reason_problems

    found = outlet_anchors(outlets(data)[0])
    assert reason_problems("I like cats very much indeed", found)
    assert not reason_problems("Al Mayadeen is a channel based in Beirut", found)


def test_a_fact_without_sources_is_reported_with_file_line_and_field(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    path = copy / "lateral-reading.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("        sources: [islamtimes-about]\n", "", 1)
                    .replace("  - evidence: solenzo-massacre-2025", "  - evidence: moura-massacre-2022"),
                    encoding="utf-8")
    problems = [str(p) for p in validate(copy)[2]]
    wanted = (r"lateral-reading\.yml:\d+: lateral-reading\.outlets\[3\]\(islam-times\)\.dossier\[0\]\.topic: "
              "fact without sources")
    assert any(re.search(wanted, p) for p in problems), problems
    assert any("not newer than the claim" in p and "moura-massacre-2022" in p for p in problems), problems


def test_every_item_is_an_outlet_or_the_update(data):
    assert item_ids(data) == [o["id"] for o in outlets(data)] + [claim_update(data)["id"]]


def test_the_class_report_shows_grades_before_and_after_checking_with_reasons(tmp_path, dataset, data):
    import json

    import report_class as K

    from claimlab.report import build_report

    outlet, update = outlets(data)[1], claim_update(data)
    for i, (before, after) in enumerate([("B", "F"), ("C", "F"), ("B", "B")]):
        answers = {"lateral-reading": {"items": {
            outlet["id"]: {"attempts": [_attempt({"reliability": before}, "MENAFN looks like a financial wire"),
                                        _attempt({"reliability": after}, f"MENAFN only carries copies, student {i}")]},
            update["id"]: {"attempts": [_attempt({"source": update["source"], "status": "overtaken"},
                                                 "Wagner left Mali in 2025")]}}}}
        (tmp_path / f"s{i}.json").write_text(json.dumps(K.doc_v2(f"student-{i}", answers, data)), encoding="utf-8")
    report = build_report(tmp_path, dataset, progress=None, workers=1)
    md = report.markdown
    assert "## Read laterally" in md and "Reliability before and after checking, per outlet" in md
    row = next(line for line in md.splitlines() if line.startswith("| MENAFN |"))
    assert "| 3 | B 2; C 1 | B 1; F 2 | 3 |" in row and "| 2 |" in row and "B to F: 1" in row
    assert "MENAFN only carries copies, student 0" in md
    assert "Status chosen for the updated claim" in md


def test_the_assessed_edition_ships_no_model_view_and_still_saves(tmp_path, stripped_copy):
    import yaml

    from claimlab.assessed import SAVED_MESSAGE
    from claimlab.data import load_dataset

    copy = stripped_copy
    stripped = yaml.safe_load((copy / "lateral-reading.yml").read_text(encoding="utf-8"))
    assert not any("grading" in o for o in stripped["outlets"])
    assert set(stripped["claim_update"]) == {"id", "claim", "question", "candidates"}
    data = plain_data(load_dataset(copy))
    root, grade, reason, commit, _ = _ui(tmp_path / "answers", data)
    grade.value, reason.value = "C", "Al Mayadeen is a channel based in Beirut"
    commit.click()
    assert SAVED_MESSAGE in _html(root) and "defensible" not in _html(root)
    assert _saved(tmp_path / "answers")["lateral-reading"]["items"]["al-mayadeen"]["attempts"]


def test_a_changed_outlet_sets_aside_only_that_outlet_in_the_report(data):
    from claimlab.exercises.chain import record_fingerprints
    from claimlab.report.submission import Marker

    found = record_fingerprints(data)["lateral-reading"]
    first, second = (o["id"] for o in outlets(data)[:2])
    assert {first, second, claim_update(data)["id"]} <= set(found)
    theirs = {**record_fingerprints(data), "lateral-reading": {**found, first: "000000000000"}}
    marker = Marker(data, record_fingerprints(data))
    assert marker.changed(theirs, False, ("lateral-reading", first))
    assert not marker.changed(theirs, False, ("lateral-reading", second))


def test_the_citations_of_an_outlet_do_not_describe_it_before_students_check(dataset, data):
    """Author and publisher name the outlet and what it carries, nothing more: "Al Mayadeen (pro-Hezbollah
    Lebanese outlet)" on every citation and on the bibliography page answered the dossier's question in advance."""
    carried = {"citing", "summary", "of", "reporting", "press", "statement", "release", "copy"}  # what it carries
    for outlet in outlets(data):
        for key in outlet["cited"]:
            for field in ("author", "publisher"):
                value = dataset.sources[key][field]
                assert value.startswith(outlet["name"]), (key, field, value)
                described = {w for w in re.findall(r"\b[a-z][\w-]*", value[len(outlet["name"]):])} - carried
                assert not described, (key, field, value)
