"""The frame around every exercise: honest save status, the group sign-in, and the two-tab warning."""
from __future__ import annotations

import json
import os

import ipywidgets as widgets
from test_exercises_fixtures import sample_data

from claimlab.exercises import store as store_module
from claimlab.exercises.store import AnswerStore
from claimlab.exercises.widgets import Frame, Session


def _frame(tmp_path, student="ann", exercise="verdict"):
    data = sample_data()
    restored = []
    frame = Frame(Session(data, AnswerStore(tmp_path, data["edition"], student)), exercise,
                  lambda: restored.append(True))
    frame.wrap(widgets.Label("body"))
    return frame, restored


def test_status_says_saved_only_after_a_write_and_shows_a_failure(tmp_path, monkeypatch):
    frame, _ = _frame(tmp_path)
    assert "Signed in as ann" in frame.status.value and "Saved" not in frame.status.value
    real_replace = os.replace

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.os, "replace", full_disk)
    frame.save({"likelihood": "likely"})
    assert "Not saved" in frame.status.value and "No space left on device" in frame.status.value
    assert "Saved as" not in frame.status.value
    assert not (tmp_path / "answers-ann.json").exists()
    monkeypatch.setattr(store_module.os, "replace", real_replace)
    frame.save({"likelihood": "likely", "probability": 70})
    assert "Saved as ann at " in frame.status.value and " UTC." in frame.status.value
    assert "Not saved" not in frame.status.value
    assert 'role="status"' in frame.status.value  # announced by screen readers


def test_working_as_a_group_signs_in_the_group_and_back_out(tmp_path):
    frame, restored = _frame(tmp_path, student=None)
    assert isinstance(frame.as_group, widgets.Checkbox) and frame.as_group.description == "Working as a group?"
    assert frame.group_box.layout.display == "none"
    frame.as_group.value = True
    assert frame.group_box.layout.display is None
    assert frame.group_name.description and frame.members.description.startswith("Members")
    frame.group_name.value = "Table 3"
    frame.members.value = "Ann"
    frame.join.click()
    assert "at least two members" in frame.status.value and frame.session.store.student is None
    frame.members.value = "Ann Smith\nBen <Lee>"
    frame.join.click()
    assert restored and frame.session.store.student == "group-table-3"
    assert "Table 3 (Ann Smith, Ben &lt;Lee&gt;)" in frame.status.value
    assert frame.group_box.layout.display == "none" and frame.name_row.layout.display == "none"
    frame.save({"likelihood": "likely"})
    saved = json.loads((tmp_path / "answers-group-table-3.json").read_text(encoding="utf-8"))
    assert saved["group"] == {"name": "Table 3", "members": ["Ann Smith", "Ben <Lee>"]}
    frame.as_group.value = False  # leave: back to the name prompt
    assert frame.session.store.student is None and frame.name_row.layout.display is None


def test_on_a_hub_the_user_is_always_a_member_and_returns_to_themself(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "jane")
    frame, _ = _frame(tmp_path, student="jane")
    frame.as_group.value = True
    frame.group_name.value = "Pair 2"
    frame.members.value = "Ben Lee"
    frame.join.click()
    assert frame.session.store.group == {"name": "Pair 2", "members": ["jane", "Ben Lee"]}
    frame.as_group.value = False
    assert frame.session.store.student == "jane" and frame.session.store.group is None


def test_the_same_exercise_in_another_tab_is_announced(tmp_path):
    tab1, _ = _frame(tmp_path)
    tab2, _ = _frame(tmp_path)
    tab1.load(), tab2.load()
    tab1.save({"likelihood": "likely"})
    tab2.save({"likelihood": "unlikely"})
    assert "also open in another tab" in tab2.status.value and "Saved as ann" in tab2.status.value
