"""Persistence: one atomic JSON file per student, reloaded, never overwritten when damaged."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from claimlab.exercises import store as store_module
from claimlab.exercises.store import (FORMAT, AnswerStore, answers_dir, atomic_write_text, hub_user,
                                      remembered_student, slugify)

FIXED = dt.datetime(2026, 11, 25, 13, 0, 0, tzinfo=dt.timezone.utc)


def _store(tmp_path: Path, student: str | None = "ann", edition: str = "ed1") -> AnswerStore:
    return AnswerStore(tmp_path, edition, student, clock=lambda: FIXED)


@pytest.mark.parametrize("name, slug", [
    ("Ann Smith", "ann-smith"), ("Zoë O'Neil", "zoe-o-neil"), ("../../etc/passwd", "etc-passwd"),
    ("..", None), ("a/b\\c", "a-b-c"), ("  MIXED case  ", "mixed-case")])
def test_slugify_is_safe(name, slug):
    if slug is None:  # nothing usable left: a hash-based id, still safe
        assert slugify(name).startswith("student-")
    else:
        assert slugify(name) == slug


def test_slugify_non_latin_names_get_a_stable_id_and_blank_names_are_refused():
    assert slugify("Иван") == slugify("Иван") != slugify("Мария")
    assert slugify("Иван").startswith("student-")
    with pytest.raises(ValueError):
        slugify("   ")


def test_where_and_who_come_from_the_environment():
    assert answers_dir({}) == Path("my-answers")
    assert answers_dir({"CLAIMLAB_ANSWERS_DIR": "/tmp/x"}) == Path("/tmp/x")
    assert hub_user({"JUPYTERHUB_USER": "Jane.Doe@uni"}) == "jane-doe-uni"
    assert hub_user({}) is None


def test_save_writes_format_version_edition_and_answers(tmp_path):
    s = _store(tmp_path)
    assert s.put("sort-claims", {"items": {"c1": {"kind": "fact", "status": "holds"}}})
    doc = json.loads((tmp_path / "answers-ann.json").read_text(encoding="utf-8"))
    assert doc["format"] == FORMAT == "claimlab-autosave"
    assert doc["format_version"] == 1
    assert doc["data_edition"] == "ed1"
    assert doc["student"] == "ann"
    assert doc["answers"] == {"sort-claims": {"items": {"c1": {"kind": "fact", "status": "holds"}}}}
    assert [p.name for p in tmp_path.iterdir()] == ["answers-ann.json"]  # no temp file left behind


def test_reload_after_restart(tmp_path):
    _store(tmp_path).put("verdict", {"likelihood": "likely"})
    again = _store(tmp_path)
    assert again.get("verdict") == {"likelihood": "likely"}
    assert again.messages == []


def test_two_notebooks_do_not_erase_each_other(tmp_path):
    first, second = _store(tmp_path), _store(tmp_path)
    first.put("grade-sources", {"items": {"e1": {"reliability": "B", "credibility": 2}}})
    second.put("verdict", {"likelihood": "likely"})
    first.put("grade-sources", {"items": {"e1": {"reliability": "C", "credibility": 2}}})
    answers = _store(tmp_path).answers()
    assert answers["verdict"] == {"likelihood": "likely"}
    assert answers["grade-sources"]["items"]["e1"]["reliability"] == "C"


def test_atomic_write_fsyncs_and_replaces(tmp_path, monkeypatch):
    synced, replaced = [], []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(store_module.os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    monkeypatch.setattr(store_module.os, "replace", lambda a, b: (replaced.append((a, b)), real_replace(a, b)))
    target = tmp_path / "f.json"
    atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert synced, "the data must be fsynced before the rename"
    assert len(replaced) == 1 and Path(replaced[0][0]).parent == tmp_path  # temp file in the same folder


def test_failed_write_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "f.json"
    target.write_text("old")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(store_module.os, "replace", broken)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


@pytest.mark.parametrize("content", [
    "{not json", "",
    json.dumps({"format": "something-else", "format_version": 1, "answers": {}}),
    json.dumps({"format": FORMAT, "format_version": 2, "answers": {}}),
    json.dumps({"format": FORMAT, "format_version": 1, "answers": []}),
    json.dumps([1, 2]),
])
def test_damaged_file_is_moved_aside_never_overwritten(tmp_path, content):
    path = tmp_path / "answers-ann.json"
    path.write_text(content, encoding="utf-8")
    s = _store(tmp_path)
    kept = tmp_path / "answers-ann.unreadable-20261125T130000Z.json"
    assert kept.read_text(encoding="utf-8") == content
    assert len(s.messages) == 1 and kept.name in s.messages[0]
    assert s.put("verdict", {"likelihood": "likely"})
    assert json.loads(path.read_text())["answers"] == {"verdict": {"likelihood": "likely"}}
    assert kept.read_text(encoding="utf-8") == content


def test_binary_garbage_is_moved_aside(tmp_path):
    path = tmp_path / "answers-ann.json"
    path.write_bytes(b"\xff\xfe\x00\x81")
    s = _store(tmp_path)
    assert not path.exists()
    assert (tmp_path / "answers-ann.unreadable-20261125T130000Z.json").read_bytes() == b"\xff\xfe\x00\x81"
    assert "damaged" in s.messages[0]


def test_second_damage_in_the_same_second_gets_its_own_name(tmp_path):
    for _ in range(2):
        (tmp_path / "answers-ann.json").write_text("{")
        _store(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["answers-ann.unreadable-20261125T130000Z-2.json", "answers-ann.unreadable-20261125T130000Z.json"]


def test_file_that_cannot_be_moved_pauses_saving(tmp_path, monkeypatch):
    path = tmp_path / "answers-ann.json"
    path.write_text("{")

    def refuse(src, dst):
        raise PermissionError("read-only")

    monkeypatch.setattr(store_module.os, "rename", refuse)
    s = _store(tmp_path)
    assert s.blocked and not s.saving
    assert "Saving is paused" in s.messages[0]
    assert s.put("verdict", {"likelihood": "likely"}) is False
    assert path.read_text() == "{"


def test_answers_before_sign_in_are_kept_and_merged(tmp_path):
    _store(tmp_path).put("sort-claims", {"items": {"c1": {"kind": "fact", "status": "holds"}}})
    s = _store(tmp_path, student=None)
    assert s.put("sort-claims", {"items": {"c2": {"kind": "prediction", "status": "wrong"}}}) is False
    assert not (tmp_path / "answers-.json").exists()
    s.sign_in("Ann", remember=True)
    items = json.loads((tmp_path / "answers-ann.json").read_text())["answers"]["sort-claims"]["items"]
    assert set(items) == {"c1", "c2"}
    assert remembered_student(tmp_path) == "ann"


def test_changed_edition_is_announced_once(tmp_path):
    _store(tmp_path, edition="old").put("verdict", {"likelihood": "likely"})
    s = _store(tmp_path, edition="new")
    s.answers()
    assert len(s.messages) == 1 and "changed" in s.messages[0]
    s.put("verdict", {"likelihood": "unlikely"})
    assert json.loads((tmp_path / "answers-ann.json").read_text())["data_edition"] == "new"
