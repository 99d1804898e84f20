"""The attempt record: the first attempt survives every later commit and every merge."""
from claimlab.exercises.attempts import commit, first, latest, merge, reason_problems, revisions, with_draft


def test_first_attempt_is_never_overwritten():
    record = commit(None, {"status": "holds"}, "UN report of 2025 says so", "2026-11-30T09:00:00+00:00")
    record = commit(record, {"status": "contested"}, "Crisis Group doubts the UN report", "2026-11-30T09:05:00+00:00")
    assert first(record)["choice"] == {"status": "holds"}
    assert latest(record)["choice"] == {"status": "contested"}
    assert [r["choice"]["status"] for r in revisions(record)] == ["contested"]


def test_same_commit_twice_is_not_a_revision():
    record = commit(None, {"kind": "fact"}, "dated Kremlin decree", "2026-11-30T09:00:00+00:00")
    record = commit(record, {"kind": "fact"}, "dated  Kremlin decree", "2026-11-30T09:01:00+00:00")
    assert revisions(record) == []


def test_merge_keeps_both_writers_attempts_in_time_order():
    base = commit(None, {"kind": "fact"}, "dated Kremlin decree", "2026-11-30T09:00:00+00:00")
    tab_a = commit(base, {"kind": "allegation"}, "only one anonymous source", "2026-11-30T09:02:00+00:00")
    tab_b = commit(base, {"kind": "interpretation"}, "it reads motives, not facts", "2026-11-30T09:01:00+00:00")
    merged = merge(tab_a, tab_b)
    assert [a["choice"]["kind"] for a in merged["attempts"]] == ["fact", "interpretation", "allegation"]


def test_draft_does_not_count_as_an_attempt():
    record = with_draft(None, {"kind": "fact"}, "half a reason")
    assert first(record) is None and record["draft"] == {"kind": "fact"}


def test_reason_must_name_an_anchor_when_given():
    assert reason_problems("") and reason_problems("because yes")
    assert reason_problems("I like cats very much indeed", anchors=["TASS", "Kremlin decree"])
    assert reason_problems("The Kremlin decree is dated and signed", anchors=["TASS", "Kremlin decree"]) == []


def test_damaged_attempts_are_skipped_not_raised():
    record = {"attempts": [5, None, {"choice": [], "reason": "x", "at": "t"},
                           {"choice": {"kind": "fact"}, "reason": "ok reason here", "at": "2026-11-30T09:00:00+00:00"}]}
    assert first(record)["choice"] == {"kind": "fact"}


def test_feedback_names_choices_in_words_never_by_internal_id():
    from claimlab.exercises.defensible import judge

    labels = {"not-stated": "Not stated: anonymous", "assembled": "Assembled on request", "agency": "A news agency"}
    mark = judge("agency", "not-stated", ["assembled"], labels, "Model reason.", "Range reason.", named=True)
    assert "Not stated: anonymous" in mark["message"] and "not-stated" not in mark["message"]
    status = judge("holds", "partly-wrong", ["contested"], {"holds": "h", "partly-wrong": "p", "contested": "c"},
                   "Model reason.", "Range reason.")
    assert "partly wrong" in status["message"] and "partly-wrong" not in status["message"]
