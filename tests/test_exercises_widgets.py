"""The widget front ends: labelled controls, autosave and restore, export, and escaping of hostile text."""
from __future__ import annotations

import json

import ipywidgets as widgets
import pytest
from test_exercises_fixtures import sample_data

from claimlab.exercises import (competing_hypotheses_ui, counterpoint_duel_ui, define_terms_ui, grade_sources_ui,
                                sort_claims_ui, verdict_ui)
from claimlab.exercises.store import AnswerStore
from claimlab.exercises.widgets import Session, esc

UIS = [grade_sources_ui, sort_claims_ui, counterpoint_duel_ui, define_terms_ui, competing_hypotheses_ui,
       verdict_ui]
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _session(tmp_path, student="ann", data=None):
    data = data or sample_data()
    return Session(data, AnswerStore(tmp_path, data["edition"], student))


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _find(root, cls, description):
    found = [w for w in _walk(root) if isinstance(w, cls) and w.description.startswith(description)]
    assert len(found) == 1, f"expected one {cls.__name__} labelled {description!r}, found {len(found)}"
    return found[0]


def _html(root):
    return "\n".join(w.value for w in _walk(root) if isinstance(w, widgets.HTML))


def _saved(tmp_path, student="ann"):
    return json.loads((tmp_path / f"answers-{student}.json").read_text(encoding="utf-8"))["answers"]


def test_esc_escapes_markup_and_quotes():
    assert esc('<b a="1">&') == "&lt;b a=&quot;1&quot;&gt;&amp;"


@pytest.mark.parametrize("ui", UIS)
def test_every_control_is_labelled_and_there_are_no_sliders(tmp_path, ui):
    root = ui(_session(tmp_path))
    controls = [w for w in _walk(root) if isinstance(w, (widgets.ValueWidget, widgets.Button))
                and not isinstance(w, (widgets.HTML, widgets.Label))]
    assert controls
    for control in controls:
        assert control.description.strip(), f"{type(control).__name__} without a label"
        assert "Slider" not in type(control).__name__


@pytest.mark.parametrize("ui", UIS)
def test_hostile_data_text_is_escaped(tmp_path, ui):
    data = sample_data()
    for record in data["evidence"] + data["claims"] + data["counterpoints"] + data["actors"] + data["relations"]:
        for field in ("summary", "text", "name", "note"):
            if field in record:
                record[field] = HOSTILE + record[field]
    for hyp in data["hypotheses"]:
        hyp["label"] += HOSTILE
        hyp["statement"] = HOSTILE
    data["claims"][0]["strongest_why"] = HOSTILE
    for option in data["definitions"]["partner"] + data["definitions"]["recognition"]:
        option["label"] += HOSTILE
        option["explanation"] = HOSTILE
    session = _session(tmp_path, data=data)
    root = ui(session)
    # Drive each UI far enough to render feedback built from the hostile text.
    for w in _walk(root):
        if isinstance(w, widgets.Dropdown) and w.description.startswith(("Reliability", "Consistency", "How likely")):
            w.value = w.options[1][1]
        if isinstance(w, widgets.Dropdown) and w.description.startswith("Credibility"):
            w.value = w.options[1][1]
        if isinstance(w, (widgets.ToggleButtons, widgets.RadioButtons)) and w.options:
            w.value = w.options[0][1]
        if isinstance(w, widgets.Checkbox):
            w.value = True
        if isinstance(w, (widgets.Text, widgets.Textarea)) and not w.description.startswith(("Your name",
                                                                                              "Your probability")):
            w.value = HOSTILE + " and some more words here"  # student text is echoed in feedback and outline
    for w in _walk(root):
        if isinstance(w, widgets.Button) and not w.description.startswith(("Export", "Save my")):
            w.click()
    shown = _html(root)
    assert "<script" not in shown and "<img" not in shown
    assert "&lt;script&gt;" in shown
    if ui is verdict_ui:  # the outline repeats the student's own statement and indicators
        assert "&lt;img src=x onerror=alert(1)&gt; and some more words here" in shown


def test_grade_sources_saves_checks_and_restores(tmp_path):
    root = grade_sources_ui(_session(tmp_path))
    _find(root, widgets.Dropdown, "Reliability").value = "B"
    _find(root, widgets.Dropdown, "Credibility").value = 3
    assert _saved(tmp_path)["grade-sources"] == {"items": {"ev-wire": {"reliability": "B", "credibility": 3}}}
    _find(root, widgets.Button, "Check my grading").click()
    shown = _html(root)
    assert "Your grading earns 3 of 4 marks" in shown
    assert "One step off" in shown and "Reported by two agencies." in shown
    assert _saved(tmp_path)["grade-sources"]["items"]["ev-wire"]["checked"] is True
    # A kernel restart: a new UI on the same file shows the answer and its feedback again.
    again = grade_sources_ui(_session(tmp_path))
    assert _find(again, widgets.Dropdown, "Reliability").value == "B"
    assert "Your grading earns 3 of 4 marks" in _html(again)
    # Moving on shows the next item, unanswered.
    stepper = _find(again, widgets.Dropdown, "Evidence item")
    stepper.value = "ev-blog"
    assert _find(again, widgets.Dropdown, "Reliability").value == ""
    assert "An aggregator repeats a rumour." in _html(again)


def test_changing_an_answer_clears_old_feedback(tmp_path):
    root = grade_sources_ui(_session(tmp_path))
    _find(root, widgets.Dropdown, "Reliability").value = "B"
    _find(root, widgets.Dropdown, "Credibility").value = 2
    _find(root, widgets.Button, "Check my grading").click()
    assert "4 of 4" in _html(root)
    _find(root, widgets.Dropdown, "Reliability").value = "E"
    assert "4 of 4" not in _html(root)
    assert "checked" not in _saved(tmp_path)["grade-sources"]["items"]["ev-wire"]


def test_check_asks_for_every_part_first(tmp_path):
    root = sort_claims_ui(_session(tmp_path))
    _find(root, widgets.ToggleButtons, "Kind").value = "interpretation"
    _find(root, widgets.Button, "Check my sorting").click()
    assert "Answer every part first" in _html(root)
    _find(root, widgets.ToggleButtons, "Status").value = "contested"
    _find(root, widgets.Button, "Check my sorting").click()
    shown = _html(root)
    assert "Both right" in shown and "Why, as of 2026-02:" in shown
    assert "(Wire Service, 2025-04-17)" in shown  # the status note's citation, in plain words


def test_duel_offers_the_claims_own_candidates_and_checks_the_steelman(tmp_path):
    root = counterpoint_duel_ui(_session(tmp_path))
    pick = _find(root, widgets.RadioButtons, "Strongest counterpoint")
    assert len(pick.options) == 3 and {"cp-1", "cp-2"} <= {v for _, v in pick.options}
    pick.value = "cp-2"
    _find(root, widgets.Text, "Your steelman").value = "Moscow says the point is trade and energy, not ideology."
    _find(root, widgets.Button, "Check my pick").click()
    shown = _html(root)
    assert "A fair objection" in shown and "It questions whether anything changed." in shown
    assert _saved(tmp_path)["counterpoint-duel"]["items"]["c-main1"]["pick"] == "cp-2"
    _find(root, widgets.Dropdown, "Main claim").value = "c-main2"
    assert _find(root, widgets.RadioButtons, "Strongest counterpoint").value is None


def test_define_terms_judges_cases_live_and_restores(tmp_path):
    root = define_terms_ui(_session(tmp_path))
    assert "Still to choose: partner, lists, rule, recognition, period" in _html(root)
    _find(root, widgets.RadioButtons, "A partner is").value = "contact"
    _find(root, widgets.Checkbox, "US list").value = True
    _find(root, widgets.ToggleButtons, "Count a case").value = "any"
    _find(root, widgets.RadioButtons, "Recognition means").value = "de-jure"
    _find(root, widgets.ToggleButtons, "Which relations").value = "current"
    shown = _html(root)
    assert "Under your definitions, 1 of 3 cases meet the claim" in shown
    assert "<td>Hamas</td><td>yes</td>" in shown
    assert _saved(tmp_path)["define-terms"] == {"partner": "contact", "lists": ["us"], "rule": "any",
                                                "recognition": "de-jure", "period": "current"}
    again = define_terms_ui(_session(tmp_path))
    assert _find(again, widgets.Checkbox, "US list").value is True
    assert "1 of 3 cases meet the claim" in _html(again)


def test_competing_hypotheses_commits_with_reasons_and_reveals_readings_only_after(tmp_path):
    data = sample_data()
    root = competing_hypotheses_ui(_session(tmp_path))
    stepper = _find(root, widgets.Dropdown, "Item")
    commit = _find(root, widgets.Button, "Commit my ratings")
    stepper.value = "ev-blog"
    _find(root, widgets.Dropdown, "Consistency with “Deliberate strategy”").value = "I"
    commit.click()
    assert "Not committed yet" in _html(root) and "Reading A" not in _html(root)
    assert _saved(tmp_path)["competing-hypotheses"]["items"]["h1|ev-blog"]["draft"] == {"rating": "I"}
    reason = _find(root, widgets.Text, "Reason for “Deliberate strategy”")
    reason.value = "The aggregator rumour cuts against a plan."
    commit.click()
    shown = _html(root)
    assert "Reading A rates it I" in shown and "Reading B rates it II" in shown
    assert "Reading a on ev-blog for h1." in shown and "Reading a on ev-wire" not in shown
    saved = _saved(tmp_path)["competing-hypotheses"]["items"]["h1|ev-blog"]
    assert saved["attempts"][0]["choice"] == {"rating": "I"}
    # an own hypothesis becomes a column with its own controls
    _find(root, widgets.Text, "Name of your hypothesis").value = "My blend"
    _find(root, widgets.Text, "Your hypothesis in one line").value = "Dealing with rulers, with an anti-Western edge."
    _find(root, widgets.Button, "Add my hypothesis").click()
    assert _find(root, widgets.Dropdown, "Consistency with “My blend”")
    for hyp in data["hypotheses"]:
        for ev, cell in hyp["ratings"].items():
            stepper.value = ev
            _find(root, widgets.Dropdown, f"Consistency with “{hyp['label']}”").value = cell["a"]["rating"]
            _find(root, widgets.Text, f"Reason for “{hyp['label']}”").value = f"The item {ev} decides it."
            commit.click()
    _find(root, widgets.Button, "Analyse my matrix").click()
    shown = _html(root)
    assert "<td>Inconsistency score (I = 1, II = 2)</td><td>1</td><td>2</td><td>2</td><td>0</td>" in shown
    assert "Reading A. Weighs words. Ranking: 1. Deliberate strategy (score 1)" in shown
    assert "Reading B. Weighs deeds. Ranking: 1. Pragmatic dealing = Opportunism (score 1) - tied" in shown
    assert "You revised 1 cell(s)" in shown  # h1 / ev-blog: committed again with a new reason


def test_verdict_checks_and_builds_the_outline(tmp_path):
    root = verdict_ui(_session(tmp_path))
    _find(root, widgets.Dropdown, "How likely").value = "likely"
    _find(root, widgets.Text, "Your probability").value = "90"
    _find(root, widgets.ToggleButtons, "Your confidence").value = "moderate"
    _find(root, widgets.Textarea, "Your verdict").value = "It is likely. We have moderate confidence."
    _find(root, widgets.Text, "Indicator 1").value = "Russia lists Hamas"
    _find(root, widgets.Text, "Indicator 2").value = "Russia arms the Taliban"
    _find(root, widgets.Button, "Check my verdict").click()
    assert "90% does not match" in _html(root)
    _find(root, widgets.Text, "Your probability").value = "70"
    _find(root, widgets.Button, "Check my verdict").click()
    assert "Your verdict is stated clearly." in _html(root)
    assert _saved(tmp_path)["verdict"]["probability"] == 70
    _find(root, widgets.Button, "Build my essay outline").click()
    assert "## 5. The verdict" in _html(root)


def test_name_prompt_then_saving_and_export(tmp_path):
    session = _session(tmp_path, student=None)
    root = sort_claims_ui(session)
    assert "Type your name" in _html(root)
    _find(root, widgets.ToggleButtons, "Kind").value = "fact"
    assert not list(tmp_path.glob("answers-*.json"))
    _find(root, widgets.Text, "Your name").value = "Ann <Smith>"
    assert "Saved as ann-smith at " in _html(root)  # said only after the file was written
    assert _saved(tmp_path, "ann-smith")["sort-claims"]["items"]["c-main1"] == {"kind": "fact"}
    _find(root, widgets.Button, "Export my answers").click()
    assert (tmp_path / "claimlab-answers-ann-smith.json").exists()
    assert (tmp_path / "claimlab-answers-ann-smith.md").exists()
    assert "Exported." in _html(root)


def test_export_without_a_name_explains_why(tmp_path):
    root = verdict_ui(_session(tmp_path, student=None))
    _find(root, widgets.Button, "Export my answers").click()
    assert "Not exported: type your name first" in _html(root)


def test_damaged_answers_file_is_reported_in_the_ui(tmp_path):
    (tmp_path / "answers-ann.json").write_text("{oops", encoding="utf-8")
    root = grade_sources_ui(_session(tmp_path))
    assert "could not be read" in _html(root) and "unreadable-" in _html(root)


def test_saved_answers_for_options_that_no_longer_exist_are_shown_as_unanswered(tmp_path):
    store = AnswerStore(tmp_path, "test-edition", "ann")
    store.put("counterpoint-duel", {"items": {"c-main1": {"pick": "cp-deleted", "steelman": "Kept as typed here."}}})
    store.put("define-terms", {"partner": "renamed", "lists": ["us"], "rule": "any"})
    duel = counterpoint_duel_ui(_session(tmp_path))
    assert _find(duel, widgets.RadioButtons, "Strongest counterpoint").value is None
    assert _find(duel, widgets.Text, "Your steelman").value == "Kept as typed here."
    terms = define_terms_ui(_session(tmp_path))
    assert _find(terms, widgets.RadioButtons, "A partner is").value is None
    assert _find(terms, widgets.ToggleButtons, "Count a case").value == "any"
    assert "Still to choose: partner, recognition, period" in _html(terms)


def test_a_failing_disk_is_reported_and_the_answer_kept(tmp_path, monkeypatch):
    session = _session(tmp_path)
    root = sort_claims_ui(session)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(session.store, "put", full_disk)
    _find(root, widgets.ToggleButtons, "Kind").value = "fact"
    assert "could not be saved (No space left on device)" in _html(root)
    assert _find(root, widgets.ToggleButtons, "Kind").value == "fact"
