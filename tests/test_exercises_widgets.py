"""The widget front ends: labelled controls, autosave and restore, export, and escaping of hostile text."""
from __future__ import annotations

import json

import ipywidgets as widgets
import pytest
from test_exercises_fixtures import sample_data

from claimlab.exercises import (competing_hypotheses_ui, counterpoint_duel_ui, define_terms_ui, grade_sources_ui,
                                sort_claims_ui, source_analysis_ui, verdict_ui)
from claimlab.exercises.store import AnswerStore
from claimlab.exercises.widgets import Session, esc

UIS = [source_analysis_ui, grade_sources_ui, sort_claims_ui, counterpoint_duel_ui, define_terms_ui, competing_hypotheses_ui,
       verdict_ui]
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
#: Added to hostile text so that it passes as a reason (it names a source, evidence, a list).
WORDS = " and what the source, the evidence and the Wire Service list say about the strategy of Russia"


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


def _commit_refused_until_reasoned(root, model_text, reason):
    """Press Commit with no reason, then an off-topic one (both refused, the model view still hidden), then
    ``reason``: the contract every judged item shares (claimlab/exercises/attempts.py). Returns the button."""
    commit = _find(root, widgets.Button, "Commit my answer")
    commit.click()
    assert "Write a one-line reason first" in _html(root) and model_text not in _html(root)
    _find(root, widgets.Text, "Your reason").value = "I like cats very much indeed"
    commit.click()
    assert "Name what your choice rests on" in _html(root) and model_text not in _html(root)
    _find(root, widgets.Text, "Your reason").value = reason
    commit.click()
    return commit


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
    for item in data["source_analysis"]["items"]:
        item["question"] += HOSTILE
        item["model_reason"] += HOSTILE
        item["after"] = HOSTILE
    session = _session(tmp_path, data=data)
    root = ui(session)
    # Drive each UI far enough to render feedback built from the hostile text.
    for w in _walk(root):
        if isinstance(w, widgets.Dropdown) and w.description.startswith(("Reliability", "Consistency", "How likely",
                                                                                "Your choice")):
            w.value = w.options[1][1]
        if isinstance(w, widgets.Dropdown) and w.description.startswith("Credibility"):
            w.value = w.options[1][1]
        if isinstance(w, (widgets.ToggleButtons, widgets.RadioButtons)) and w.options:
            w.value = w.options[0][1]
        if isinstance(w, widgets.Checkbox):
            w.value = True
        if isinstance(w, (widgets.Text, widgets.Textarea)) and not w.description.startswith(("Your name",
                                                                                              "Your probability")):
            w.value = HOSTILE + WORDS  # student text is echoed in feedback and outline
        if isinstance(w, widgets.Text) and w.description.startswith("Your probability"):
            w.value = "3"  # fits the first likelihood word, so the verdict can be committed
    for w in _walk(root):
        if isinstance(w, widgets.Button) and not w.description.startswith(("Export", "Save my")):
            w.click()
    shown = _html(root)
    assert "<script" not in shown and "<img" not in shown
    assert "&lt;script&gt;" in shown
    if ui is verdict_ui:  # the outline repeats the student's own statement and indicators
        assert "&lt;img src=x onerror=alert(1)&gt;" + WORDS in shown


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


def test_name_prompt_then_saving_and_export(tmp_path):
    session = _session(tmp_path, student=None)
    root = sort_claims_ui(session)
    assert "Type your name" in _html(root)
    _find(root, widgets.ToggleButtons, "Kind").value = "fact"
    assert not list(tmp_path.glob("answers-*.json"))
    _find(root, widgets.Text, "Your name").value = "Ann <Smith>"
    assert "Saved as ann-smith at " in _html(root)  # said only after the file was written
    assert _saved(tmp_path, "ann-smith")["sort-claims"]["items"]["c-main1"] == {"attempts": [],
                                                                               "draft": {"kind": "fact"}}
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
    at = "2026-11-30T09:00:00+00:00"
    store.put("counterpoint-duel", {"items": {"c-main1": {"attempts": [], "draft": {
        "ranking": ["cp-deleted", "cp-1"], "steelman": "Kept as typed here."}}}})
    store.put("define-terms", {"items": {"partner": {"attempts": [{"choice": {"partner": "renamed"},
                                                                   "reason": "A reason about partners", "at": at}]},
                                         "lists": {"attempts": [{"choice": {"lists": ["us"], "rule": "any"},
                                                                 "reason": "The US list counts", "at": at}]}}})
    duel = counterpoint_duel_ui(_session(tmp_path))
    assert _find(duel, widgets.Dropdown, "Strongest").value == ""
    assert _find(duel, widgets.Dropdown, "Second").value == "cp-1"
    assert _find(duel, widgets.Text, "Your steelman").value == "Kept as typed here."
    terms = define_terms_ui(_session(tmp_path))
    assert _find(terms, widgets.RadioButtons, "A partner is").value is None
    _find(terms, widgets.Dropdown, "Definition").value = "lists"
    assert _find(terms, widgets.ToggleButtons, "Count a case").value == "any"
    assert "Commit the other definitions too (partner, recognition, period)" in _html(terms)

def test_a_failing_disk_is_reported_and_the_answer_kept(tmp_path, monkeypatch):
    session = _session(tmp_path)
    root = sort_claims_ui(session)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(session.store, "put", full_disk)
    _find(root, widgets.ToggleButtons, "Kind").value = "fact"
    assert "could not be saved (No space left on device)" in _html(root)
    assert _find(root, widgets.ToggleButtons, "Kind").value == "fact"


@pytest.mark.parametrize("ui", UIS, ids=lambda f: f.__name__)
def test_clear_this_exercise_asks_first_and_keeps_other_exercises(tmp_path, ui):
    session = _session(tmp_path)
    session.store.put("other-exercise", {"items": {"x": {"attempts": [], "draft": {"k": "v"}}}})
    frame_exercise = ui.__name__.removesuffix("_ui").replace("_", "-")
    session.store.put(frame_exercise, {"items": {"y": {"attempts": [], "draft": {"k": "v"}}}})
    root = ui(session)
    _find(root, widgets.Button, "Clear this exercise").click()
    assert "Clear this exercise?" in _html(root) and frame_exercise in _saved(tmp_path), "nothing cleared yet"
    _find(root, widgets.Button, "No, keep them").click()
    assert frame_exercise in _saved(tmp_path) and "Nothing was cleared." in _html(root)
    _find(root, widgets.Button, "Clear this exercise").click()
    _find(root, widgets.Button, "Yes, clear my answers").click()
    saved = _saved(tmp_path)
    assert frame_exercise not in saved and "other-exercise" in saved
    assert "Cleared." in _html(root)
