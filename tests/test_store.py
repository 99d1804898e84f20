"""The autosave store: format v2, atomic writes, lock and merge across real processes, honest status, groups."""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from claimlab.exercises import attempts
from claimlab.exercises import store as store_module
from claimlab.exercises.store import (_MISSING, FORMAT, MAX_MEMBERS, AnswerStore, answers_dir, atomic_write_text,
                                      clean_stale_temp_files, group_slug, hub_user, initial_student, merge_answers,
                                      parse_members, remembered_student, slugify, upgrade_v1)

FIXED = dt.datetime(2026, 11, 25, 13, 0, 0, tzinfo=dt.timezone.utc)


def _store(tmp_path: Path, student: str | None = "ann", edition: str = "ed1", **kwargs) -> AnswerStore:
    return AnswerStore(tmp_path, edition, student, clock=lambda: FIXED, **kwargs)


def _doc(tmp_path: Path, student: str = "ann") -> dict:
    return json.loads((tmp_path / f"answers-{student}.json").read_text(encoding="utf-8"))


def _record(*steps: tuple[dict, str, str]) -> dict:
    record = None
    for choice, reason, at in steps:
        record = attempts.commit(record, choice, reason, at)
    return record


# -- names and places ----------------------------------------------------------------------------


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


def test_where_and_who_come_from_the_environment(tmp_path):
    assert answers_dir({}) == Path("my-answers")
    assert answers_dir({"CLAIMLAB_ANSWERS_DIR": "/tmp/x"}) == Path("/tmp/x")
    assert hub_user({"JUPYTERHUB_USER": "Jane.Doe@uni"}) == "jane-doe-uni"
    assert hub_user({}) is None
    assert initial_student(tmp_path, {}) is None
    assert initial_student(tmp_path, {"JUPYTERHUB_USER": "jane"}) == "jane"


# -- format v2 and atomic writes -----------------------------------------------------------------


def test_save_writes_format_v2_with_writer_and_no_temp_file(tmp_path):
    s = _store(tmp_path)
    assert s.saved_at is None and s.save_problem is None
    record = _record(({"kind": "fact"}, "It names a date", "2026-11-25T12:00:00+00:00"))
    assert s.put("sort-claims", {"items": {"c1": record}})
    doc = _doc(tmp_path)
    assert (doc["format"], doc["format_version"]) == (FORMAT, 2) == ("claimlab-autosave", 2)
    assert (doc["data_edition"], doc["student"], doc["group"]) == ("ed1", "ann", None)
    assert doc["saved_at"] == "2026-11-25T13:00:00+00:00"
    assert doc["answers"] == {"sort-claims": {"items": {"c1": record}}}
    assert doc["writers"]["sort-claims"] == {"writer": s.writer, "revision": 1, "at": "2026-11-25T13:00:00+00:00"}
    assert s.saved_at == FIXED
    assert sorted(p.name for p in tmp_path.iterdir()) == [".answers-ann.json.lock", "answers-ann.json"]


def test_reload_after_restart(tmp_path):
    _store(tmp_path).put("verdict", {"likelihood": "likely"})
    again = _store(tmp_path)
    assert again.get("verdict") == {"likelihood": "likely"}
    assert again.messages == []


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
    assert Path(replaced[0][0]).name.startswith(".claimlab-tmp-f.json.")


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


# -- a failing save is never reported as saved ------------------------------------------------------


def test_failing_save_is_reported_kept_and_written_with_the_next_save(tmp_path, monkeypatch):
    s = _store(tmp_path)
    assert s.put("verdict", {"likelihood": "likely"})
    saved_before = _doc(tmp_path)
    real_replace = os.replace

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.os, "replace", full_disk)
    s.saved_at = None
    assert s.put("sort-claims", {"items": {"c1": {"kind": "fact"}}}) is False
    assert s.saved_at is None, "a failed save must never count as saved"
    assert s.save_problem == "No space left on device"
    assert _doc(tmp_path) == saved_before
    assert s.get("sort-claims") == {"items": {"c1": {"kind": "fact"}}}  # still shown
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(store_module.os, "replace", real_replace)
    assert s.put("verdict", {"likelihood": "unlikely"})  # the next save carries the kept answer too
    assert s.save_problem is None and s.saved_at == FIXED
    assert _doc(tmp_path)["answers"] == {"verdict": {"likelihood": "unlikely"},
                                         "sort-claims": {"items": {"c1": {"kind": "fact"}}}}


def test_lock_held_too_long_is_reported_not_saved(tmp_path):
    s = _store(tmp_path, lock_timeout=0.05)
    with open(tmp_path / ".answers-ann.json.lock", "a+") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert s.put("verdict", {"likelihood": "likely"}) is False
        fcntl.flock(held.fileno(), fcntl.LOCK_UN)
    assert "kept the answers file busy" in s.save_problem and s.saved_at is None
    assert not (tmp_path / "answers-ann.json").exists()
    assert s.put("verdict", {"likelihood": "likely"}) and _doc(tmp_path)["answers"]["verdict"]["likelihood"]


# -- merging two writers ---------------------------------------------------------------------------


def test_merge_answers_keeps_both_sides_changes_and_every_attempt():
    a1 = _record(({"pick": "cp-1"}, "a one", "2026-11-25T10:00:00+00:00"))
    b1 = _record(({"pick": "cp-2"}, "b one", "2026-11-25T10:00:05+00:00"))
    base = {"items": {"x": a1}, "note": "old", "keep": 1}
    mine = {"items": {"x": attempts.commit(a1, {"pick": "cp-3"}, "a two", "2026-11-25T10:01:00+00:00"),
                      "mine-only": a1}, "note": "mine", "keep": 1}
    theirs = {"items": {"x": attempts.merge(a1, b1), "theirs-only": b1}, "note": "old", "keep": 1, "new": True}
    merged = merge_answers(base, mine, theirs)
    assert [a["reason"] for a in merged["items"]["x"]["attempts"]] == ["a one", "b one", "a two"]
    assert set(merged["items"]) == {"x", "mine-only", "theirs-only"}
    assert merged["note"] == "mine" and merged["new"] is True and merged["keep"] == 1
    # a stale writer that never saw the other's attempt still cannot remove it
    assert len(merge_answers(theirs, {"items": {"x": a1}}, theirs)["items"]["x"]["attempts"]) == 2
    # a key removed here but changed there is kept; removed here and untouched there is removed
    assert merge_answers({"a": 1, "b": 1}, {}, {"a": 2, "b": 1}) == {"a": 2}
    assert merge_answers(_MISSING, {"v": 1}, _MISSING) == {"v": 1}
    # a committed item is never deleted by a writer that drops it
    assert merge_answers({"i": a1}, {}, {"i": a1}) == {"i": a1}


def test_two_notebooks_on_different_exercises_do_not_erase_each_other(tmp_path):
    first, second = _store(tmp_path), _store(tmp_path)
    first.put("grade-sources", {"items": {"e1": {"reliability": "B", "credibility": 2}}})
    second.put("verdict", {"likelihood": "likely"})
    first.put("grade-sources", {"items": {"e1": {"reliability": "C", "credibility": 2}}})
    answers = _store(tmp_path).answers()
    assert answers["verdict"] == {"likelihood": "likely"}
    assert answers["grade-sources"]["items"]["e1"]["reliability"] == "C"
    assert first.messages == second.messages == []  # different exercises: nothing to tell


def test_same_exercise_in_two_tabs_is_detected_merged_and_told(tmp_path):
    tab1, tab2 = _store(tmp_path), _store(tmp_path)
    view1, view2 = tab1.get("grade-sources"), tab2.get("grade-sources")
    view1["items"] = {"e1": _record(({"reliability": "B"}, "wire agency record", "2026-11-25T10:00:00+00:00"))}
    assert tab1.put("grade-sources", view1)
    view2["items"] = {"e1": _record(({"reliability": "C"}, "state media only", "2026-11-25T10:00:09+00:00")),
                      "e2": _record(({"reliability": "F"}, "anonymous blog post", "2026-11-25T10:00:10+00:00"))}
    assert tab2.put("grade-sources", view2)
    assert len(tab2.messages) == 1 and "also open in another tab" in tab2.messages[0]
    assert "Grade the sources" in tab2.messages[0]
    assert tab1.put("grade-sources", view1)  # tab 1 has not seen tab 2's save either: told too, nothing lost
    assert len(tab1.messages) == 1
    items = _doc(tmp_path)["answers"]["grade-sources"]["items"]
    assert [a["reason"] for a in items["e1"]["attempts"]] == ["wire agency record", "state media only"]
    assert "e2" in items
    tab2.put("grade-sources", view2)
    assert len(tab2.messages) == 1  # told once per exercise and other tab, not at every save


def test_one_tab_after_another_is_not_flagged(tmp_path):
    _store(tmp_path).put("verdict", {"likelihood": "likely"})
    later = _store(tmp_path)
    answers = later.get("verdict")
    answers["likelihood"] = "unlikely"
    assert later.put("verdict", answers) and later.messages == []


def _racer(directory: str, prefix: str, own_exercise: str, rounds: int, barrier, results) -> None:
    """One kernel: restores, waits for the other, then commits its own items (and a shared one) one by one."""
    store = AnswerStore(Path(directory), "ed1", "ann")
    mine, shared = store.get(own_exercise), store.get("verdict")
    mine.setdefault("items", {})
    shared.setdefault("items", {})
    barrier.wait()
    ok = True
    for i in range(rounds):
        at = f"2026-11-25T10:00:{i:02d}+00:00"
        mine["items"][f"{prefix}{i}"] = attempts.commit(None, {"choice": i}, f"{prefix} reason {i}", at)
        ok &= store.put(own_exercise, mine)
        shared["items"][f"{prefix}{i}"] = attempts.commit(None, {"choice": i}, f"{prefix} verdict {i}", at)
        shared["items"]["overall"] = attempts.commit(shared["items"].get("overall"), {"likelihood": prefix},
                                                     f"{prefix} thinks so, step {i}", at)
        ok &= store.put("verdict", shared)
    results.put((prefix, ok, store.save_problem))


def test_real_concurrent_processes_lose_no_save(tmp_path):
    """20 runs x 2 processes race on one student's file; every committed attempt must survive."""
    ctx = multiprocessing.get_context("fork")
    runs, rounds, lost = 20, 4, 0
    for run in range(runs):
        folder = tmp_path / f"run{run}"
        barrier, results = ctx.Barrier(2), ctx.Queue()
        workers = [ctx.Process(target=_racer, args=(str(folder), prefix, exercise, rounds, barrier, results))
                   for prefix, exercise in (("a", "grade-sources"), ("b", "sort-claims"))]
        for w in workers:
            w.start()
        for w in workers:
            w.join(60)
            assert w.exitcode == 0
        reports = [results.get(timeout=5) for _ in workers]
        assert all(ok for _, ok, _ in reports), f"a save failed: {reports}"
        answers = _doc(folder)["answers"]
        expected = {(ex, f"{p}{i}") for p, ex in (("a", "grade-sources"), ("b", "sort-claims"), ("a", "verdict"),
                                                  ("b", "verdict")) for i in range(rounds)}
        found = {(ex, item) for ex, part in answers.items() for item in part["items"]}
        overall = [a["reason"] for a in answers["verdict"]["items"]["overall"]["attempts"]]
        if not expected <= found or len(overall) != 2 * rounds:
            lost += 1
    assert lost == 0, f"{lost} of {runs} racing runs lost a save"


def _keep_saving(directory: str) -> None:
    """A kernel saving as fast as it can, until it is killed."""
    store = AnswerStore(Path(directory), "ed1", "ann")
    answers: dict = {"items": {}}
    for i in range(1_000_000):
        item = f"i{i % 20}"
        answers["items"][item] = attempts.commit(answers["items"].get(item), {"c": i}, f"reason {i}", str(i))
        store.put("verdict", answers)


def test_a_kernel_killed_mid_save_leaves_a_readable_file_and_no_held_lock(tmp_path):
    worker = multiprocessing.get_context("fork").Process(target=_keep_saving, args=(str(tmp_path),))
    worker.start()
    for _ in range(500):  # wait (at most ~10 s) until it has saved at least once
        if (tmp_path / "answers-ann.json").exists():
            break
        time.sleep(0.02)
    time.sleep(0.3)
    os.kill(worker.pid, signal.SIGKILL)
    worker.join()
    s = _store(tmp_path, lock_timeout=1)
    assert s.messages == [] and s.get("verdict")["items"]  # the old file or the new one, never half
    assert s.put("verdict", {"items": {}})  # the dead kernel's lock went with it
    old = time.time() - 3600
    for stray in tmp_path.glob(".claimlab-tmp-*"):
        os.utime(stray, (old, old))
    _store(tmp_path)
    assert not list(tmp_path.glob(".claimlab-tmp-*"))


# -- temporary files -----------------------------------------------------------------------------


def test_stale_temporary_files_of_ours_are_cleaned_when_a_store_opens(tmp_path):
    old = time.time() - 3600
    stale = tmp_path / ".claimlab-tmp-answers-ann.json.k3j2.tmp"
    legacy = tmp_path / ".answers-ann.json.x8y.tmp"  # the name an older version used
    fresh = tmp_path / ".claimlab-tmp-answers-ann.json.zz.tmp"  # may belong to a save in progress
    foreign = tmp_path / ".someone-elses.tmp"
    for path in (stale, legacy, fresh, foreign):
        path.write_text("{")
    for path in (stale, legacy, foreign):
        os.utime(path, (old, old))
    s = _store(tmp_path)
    assert sorted(s.cleaned) == sorted([stale.name, legacy.name])
    assert fresh.exists() and foreign.exists() and not stale.exists() and not legacy.exists()
    assert clean_stale_temp_files(tmp_path / "no-such-folder") == []


# -- reading: version 1, hand-edited and hostile files ---------------------------------------------


def test_upgrade_v1_turns_each_answered_item_into_one_attempt():
    v1 = {"grade-sources": {"items": {"e1": {"reliability": "B", "credibility": 2, "checked": True},
                                      "e2": {"reliability": ""}, "e3": {"reliability": "C"}}},
          "verdict": {"likelihood": "likely", "statement": "It is likely."}}
    at = "2026-05-01T09:00:00+00:00"
    upgraded = upgrade_v1(v1, at)
    assert upgraded["grade-sources"]["items"] == {
        "e1": {"attempts": [{"choice": {"reliability": "B", "credibility": 2}, "reason": "", "at": at}]},
        "e3": {"attempts": [{"choice": {"reliability": "C"}, "reason": "", "at": at}]}}
    assert upgraded["verdict"] == v1["verdict"]
    assert upgrade_v1(upgraded, "later") == upgraded  # idempotent
    assert v1["grade-sources"]["items"]["e1"]["checked"] is True  # pure: the input is left alone


def test_a_version_1_file_is_read_and_rewritten_as_version_2(tmp_path):
    (tmp_path / "answers-ann.json").write_text(json.dumps({
        "format": FORMAT, "format_version": 1, "data_edition": "ed1", "student": "ann",
        "saved_at": "2026-05-01T09:00:00+00:00",
        "answers": {"sort-claims": {"items": {"c1": {"kind": "fact", "status": "holds", "checked": True}}}}}))
    s = _store(tmp_path)
    record = s.get("sort-claims")["items"]["c1"]
    assert attempts.first(record) == {"choice": {"kind": "fact", "status": "holds"}, "reason": "",
                                      "at": "2026-05-01T09:00:00+00:00"}
    assert s.messages == []
    s.put("verdict", {"likelihood": "likely"})
    doc = _doc(tmp_path)
    assert doc["format_version"] == 2 and doc["answers"]["sort-claims"]["items"]["c1"] == record


def test_hand_edited_parts_are_skipped_kept_and_told(tmp_path):
    good = _record(({"reliability": "B"}, "wire agency record", "2026-11-25T10:00:00+00:00"))
    (tmp_path / "answers-ann.json").write_text(json.dumps({
        "format": FORMAT, "format_version": 2, "data_edition": "ed1", "student": "ann", "saved_at": 7,
        "group": {"name": 5},
        "writers": {"verdict": "me", "grade-sources": {"writer": "x", "revision": True, "at": "t"}},
        "answers": {"verdict": 5, "sort-claims": {"items": []},
                    "grade-sources": {"items": {
                        "e1": good, "e2": "B1", "e3": {"attempts": "many"},
                        "e4": {"attempts": [good["attempts"][0], {"choice": 1}], "draft": [1], "draft_reason": 3}}}}}))
    s = _store(tmp_path)
    answers = s.answers()
    assert "verdict" not in answers and answers["sort-claims"] == {"items": {}}
    items = answers["grade-sources"]["items"]
    assert items["e1"] == good and "e2" not in items and items["e3"] == {"attempts": []}
    assert items["e4"] == good
    assert s.group is None
    assert len(s.messages) == 1
    note = s.messages[0]
    for part in ("'verdict'", "items of 'sort-claims'", "item 'e2'", "damaged attempt", "group"):
        assert part in note
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].name in note
    assert json.loads(kept[0].read_text())["answers"]["verdict"] == 5  # the original, byte for byte
    assert s.put("sort-claims", {"items": {}})


@pytest.mark.parametrize("content", [
    "{not json", "", "[" * 100_000,
    json.dumps({"format": "something-else", "format_version": 1, "answers": {}}),
    json.dumps({"format": FORMAT, "format_version": 3, "answers": {}}),
    json.dumps({"format": FORMAT, "format_version": True, "answers": {}}),
    json.dumps({"format": FORMAT, "format_version": 2, "answers": []}),
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
    assert _doc(tmp_path)["answers"] == {"verdict": {"likelihood": "likely"}}
    assert kept.read_text(encoding="utf-8") == content


def test_binary_garbage_is_moved_aside(tmp_path):
    path = tmp_path / "answers-ann.json"
    path.write_bytes(b"\xff\xfe\x00\x81")
    s = _store(tmp_path)
    assert not path.exists()
    assert (tmp_path / "answers-ann.unreadable-20261125T130000Z.json").read_bytes() == b"\xff\xfe\x00\x81"
    assert "damaged" in s.messages[0]


def test_links_fifos_and_huge_files_are_never_read(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("not yours")
    (tmp_path / "answers-ann.json").symlink_to(secret)
    s = _store(tmp_path)
    assert "link" in s.messages[0] and secret.read_text() == "not yours"
    os.mkfifo(tmp_path / "answers-bob.json")
    assert "not a regular file" in _store(tmp_path, "bob").messages[0]  # and no hang
    monkeypatch.setattr(store_module, "MAX_FILE_BYTES", 100)
    (tmp_path / "answers-cy.json").write_text(json.dumps({"format": FORMAT, "format_version": 2,
                                                          "answers": {"v": {"t": "x" * 200}}}))
    assert "larger than" in _store(tmp_path, "cy").messages[0]


def test_second_damage_in_the_same_second_gets_its_own_name(tmp_path):
    for _ in range(2):
        (tmp_path / "answers-ann.json").write_text("{")
        _store(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("answers"))
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
    assert s.put("verdict", {"likelihood": "likely"}) is False and s.saved_at is None
    assert path.read_text() == "{"


def test_answers_before_sign_in_are_kept_and_merged(tmp_path):
    _store(tmp_path).put("sort-claims", {"items": {"c1": {"kind": "fact", "status": "holds"}}})
    s = _store(tmp_path, student=None)
    assert s.put("sort-claims", {"items": {"c2": {"kind": "prediction", "status": "wrong"}}}) is False
    assert s.saved_at is None
    assert not (tmp_path / "answers-.json").exists()
    s.sign_in("Ann", remember=True)
    items = _doc(tmp_path)["answers"]["sort-claims"]["items"]
    assert set(items) == {"c1", "c2"}
    assert remembered_student(tmp_path) == "ann" and s.saved_at == FIXED
    assert s.messages == []


def test_changed_edition_is_announced_once(tmp_path):
    _store(tmp_path, edition="old").put("verdict", {"likelihood": "likely"})
    s = _store(tmp_path, edition="new")
    s.answers()
    assert len(s.messages) == 1 and "changed" in s.messages[0]
    s.put("verdict", {"likelihood": "unlikely"})
    assert _doc(tmp_path)["data_edition"] == "new" and len(s.messages) == 1


# -- groups ----------------------------------------------------------------------------------------


def test_members_are_parsed_bounded_and_the_hub_user_always_included():
    assert parse_members("Ann Smith, Ben Lee\n\n  Cy  Day ;ann smith") == ["Ann Smith", "Ben Lee", "Cy Day"]
    assert parse_members("Ben Lee", required="jane") == ["jane", "Ben Lee"]
    assert parse_members("Ann\u202e, Ben\u0000Lee") == ["Ann", "Ben Lee"]  # no invisible or control characters
    with pytest.raises(ValueError, match="at least two"):
        parse_members("Ann")
    with pytest.raises(ValueError, match=f"at most {MAX_MEMBERS}"):
        parse_members(",".join(f"Member {i}" for i in range(MAX_MEMBERS + 1)))
    with pytest.raises(ValueError, match="too long"):
        parse_members("Ann, " + "B" * 81)
    assert group_slug("Table 3") == "group-table-3" == group_slug("Group: Table 3")


def test_a_group_saves_under_its_own_file_and_is_remembered(tmp_path):
    s = _store(tmp_path, student=None)
    assert s.sign_in("Table <3>", remember=True, members=["Ann Smith", "Ben Lee"]) == "group-table-3"
    assert s.put("verdict", {"likelihood": "likely"})
    doc = _doc(tmp_path, "group-table-3")
    assert doc["student"] == "group-table-3"
    assert doc["group"] == {"name": "Table <3>", "members": ["Ann Smith", "Ben Lee"]}
    assert s.display_name == "Table <3>"
    # the next notebook opens as the group, also on a hub, where the hub user is otherwise signed in
    assert initial_student(tmp_path, {"JUPYTERHUB_USER": "ann"}) == "group-table-3"
    again = _store(tmp_path, initial_student(tmp_path, {}))
    assert again.group == doc["group"] and again.get("verdict") == {"likelihood": "likely"}
    again.sign_in("Table <3>", members=["Ann Smith", "Cy Day"])  # members typed again replace the old list
    assert "listed its members as Ann Smith, Ben Lee; it now lists Ann Smith, Cy Day" in again.messages[-1]
    assert _doc(tmp_path, "group-table-3")["group"]["members"] == ["Ann Smith", "Cy Day"]
    again.sign_out()
    assert again.student is None and initial_student(tmp_path, {"JUPYTERHUB_USER": "ann"}) == "ann"


def test_joining_a_group_does_not_copy_a_persons_saved_answers(tmp_path):
    s = _store(tmp_path)
    s.put("verdict", {"likelihood": "likely"})
    s.sign_in("Pair 1", members=["ann", "Ben"])
    assert s.answers() == {} and _doc(tmp_path, "group-pair-1")["answers"] == {}


def test_switching_names_with_unsaved_answers_is_refused(tmp_path, monkeypatch):
    s = _store(tmp_path)
    monkeypatch.setattr(store_module.os, "replace", lambda a, b: (_ for _ in ()).throw(OSError(5, "I/O error")))
    assert not s.put("verdict", {"likelihood": "likely"})
    with pytest.raises(ValueError, match="not saved yet"):
        s.sign_in("Pair 1", members=["ann", "Ben"])
    with pytest.raises(ValueError, match="not saved yet"):
        s.sign_out()
    assert s.student == "ann"


# -- clearing one exercise -----------------------------------------------------------------------


def test_clear_removes_one_exercise_and_keeps_the_others(tmp_path):
    store = _store(tmp_path)
    store.put("grade-sources", {"items": {"e1": _record(({"reliability": "B"}, "the source", "t1"))}})
    store.put("verdict", {"items": {"overall": _record(({"verdict": "x"}, "the evidence", "t2"))}})
    other = _store(tmp_path)  # another notebook saves a third exercise meanwhile
    other.put("sort-claims", {"items": {"c1": {"attempts": [], "draft": {"kind": "fact"}}}})
    assert store.clear("grade-sources") is True
    answers = _doc(tmp_path)["answers"]
    assert "grade-sources" not in answers
    assert set(answers) == {"verdict", "sort-claims"}
    assert store.get("grade-sources") == {}
    store.put("grade-sources", {"items": {"e2": {"attempts": [], "draft": {"reliability": "C"}}}})
    assert set(_doc(tmp_path)["answers"]["grade-sources"]["items"]) == {"e2"}, "cleared items do not come back"


def test_clear_before_sign_in_forgets_only_that_exercise(tmp_path):
    store = _store(tmp_path, student=None)
    store.put("grade-sources", {"items": {"e1": {"attempts": [], "draft": {"reliability": "B"}}}})
    store.put("verdict", {"items": {"overall": {"attempts": [], "draft": {"verdict": "x"}}}})
    assert store.clear("grade-sources") is True
    store.sign_in("ann")
    assert set(_doc(tmp_path)["answers"]) == {"verdict"}


def test_clear_that_cannot_write_reports_and_keeps_the_file(tmp_path, monkeypatch):
    store = _store(tmp_path)
    store.put("verdict", {"items": {"overall": {"attempts": [], "draft": {"verdict": "x"}}}})

    def fail(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module, "atomic_write_text", fail)
    assert store.clear("verdict") is False
    assert "No space left" in store.save_problem
    assert "verdict" in _doc(tmp_path)["answers"]
