"""Export v2: versioned JSON for the class report, and a readable Markdown file that escapes what students wrote."""
from __future__ import annotations

import copy
import datetime as dt
import json
import re

import pytest
from markdown_it import MarkdownIt
from test_exercises_fixtures import sample_data

from claimlab.exercises import attempts
from claimlab.exercises.chain import EXERCISES, record_fingerprints
from claimlab.exercises.export import build_export, export_markdown, md_text, write_export
from claimlab.exercises.store import AnswerStore, upgrade_v1

WHEN = dt.datetime(2026, 11, 25, 14, 30, tzinfo=dt.timezone.utc)
HOSTILE = [
    '<script>alert("x")</script>',
    "<img src=http://evil.example/p.png onerror=alert(1)>",
    "![tracker](http://evil.example/p.png)",
    "[click me](javascript:alert(1))",
    "<http://evil.example/autolink>",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "a | b\n| --- | --- |\n| c | d",
    "```\ncode fence\n```",
    "# heading\n> quote\n- list\n1. item",
    "\\![escaped?](http://evil.example/q.png)",
    "{raw}`<b>html</b>`",
    "*bold* _em_ ~~strike~~ $x$",
    "right-to-left \u202e override \u2028 line separator \x00 nul",
]
#: CommonMark with raw HTML allowed (its default) and GFM tables: what most viewers do.
RENDER = MarkdownIt("commonmark").enable("table")


def _at(second: int) -> str:
    return f"2026-11-25T10:00:{second:02d}+00:00"


def _answers(reason: str = "The wire agency has a good record") -> dict:
    first = attempts.commit(None, {"reliability": "C", "credibility": 3}, reason, _at(1))
    revised = attempts.commit(first, {"reliability": "B", "credibility": 2}, "Two agencies confirm it", _at(9))
    return {
        "grade-sources": {"items": {"ev-wire": revised,
                                    "ev-blog": attempts.with_draft(None, {"reliability": "F"}),
                                    "ev-state": attempts.commit(None, {"reliability": "C"}, reason, _at(3))}},
        "verdict": {"likelihood": "likely", "probability": 70, "statement": reason, "indicators": ["one", reason]},
    }


def _unsafe_html(html: str) -> list[str]:
    """Every tag in rendered HTML that our own Markdown does not make (any attribute counts as unsafe)."""
    return [tag for tag in re.findall(r"<[^>]*>", html)
            if not re.fullmatch(r"</?(?:p|h[1-3]|ul|li|table|thead|tbody|tr|th|td|em)>", tag)]


# -- the JSON document -------------------------------------------------------------------------------


def test_export_document_is_version_2_with_raw_attempts_and_fingerprints():
    data, answers = sample_data(), _answers()
    doc = build_export(answers, data, "ann", WHEN)
    assert (doc["format"], doc["format_version"]) == ("claimlab-answers", 2)
    assert list(doc) == ["format", "format_version", "data_edition", "student", "group", "exported_at", "finished",
                         "exercises", "fingerprints"]
    assert (doc["data_edition"], doc["student"], doc["group"]) == ("test-edition", "ann", None)
    assert doc["exported_at"] == "2026-11-25T14:30:00+00:00"
    assert list(doc["exercises"]) == [e.id for e in EXERCISES]
    for exercise in EXERCISES:
        part = doc["exercises"][exercise.id]
        assert list(part) == ["title", "answers", "results", "progress"]
        assert set(part["progress"]) == {"done", "required", "total", "finished"}
        assert part["answers"] == answers.get(exercise.id, {})  # raw, attempts and drafts included
    assert doc["fingerprints"] == record_fingerprints(data)
    assert set(doc["fingerprints"]["evidence"]) == {"ev-wire", "ev-state", "ev-blog", "ev-report"}
    assert doc["finished"] == [e.id for e in EXERCISES if doc["exercises"][e.id]["progress"]["finished"]]
    json.dumps(doc)  # plain JSON all the way down


def test_an_assessed_edition_exports_no_results():
    data = {**sample_data(), "assessed": True}
    doc = build_export(_answers(), data, "ann", WHEN)
    for part in doc["exercises"].values():
        assert "results" not in part and "progress" in part
    assert "Results:" not in export_markdown(doc) and "Checks passed" not in export_markdown(doc)


def test_round_trip_carries_first_attempts_and_reasons(tmp_path):
    store = AnswerStore(tmp_path, "test-edition", "Ann", clock=lambda: WHEN)
    for exercise, answers in _answers().items():
        assert store.put(exercise, answers)
    json_path, md_path = write_export(store, sample_data())
    assert (json_path.name, md_path.name) == ("claimlab-answers-ann.json", "claimlab-answers-ann.md")
    doc = json.loads(json_path.read_text(encoding="utf-8"))
    record = doc["exercises"]["grade-sources"]["answers"]["items"]["ev-wire"]
    assert attempts.first(record) == {"choice": {"reliability": "C", "credibility": 3},
                                      "reason": "The wire agency has a good record", "at": _at(1)}
    assert attempts.latest(record)["reason"] == "Two agencies confirm it"
    assert doc["exercises"]["verdict"]["answers"]["probability"] == 70
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_group_export_names_the_group_and_its_members(tmp_path):
    store = AnswerStore(tmp_path, "test-edition", clock=lambda: WHEN)
    store.sign_in("Table 3", members=["Ann Smith", "Ben <b>Lee</b>"])
    store.put("verdict", {"likelihood": "likely"})
    json_path, md_path = write_export(store, sample_data())
    assert json_path.name == "claimlab-answers-group-table-3.json"
    doc = json.loads(json_path.read_text(encoding="utf-8"))
    assert doc["student"] == "group-table-3"
    assert doc["group"] == {"name": "Table 3", "members": ["Ann Smith", "Ben <b>Lee</b>"]}
    md = md_path.read_text(encoding="utf-8")
    assert md.startswith("# Answers of Table 3\n")
    assert "- Group members: Ann Smith, Ben &lt;b&gt;Lee&lt;/b&gt;" in md
    assert not _unsafe_html(RENDER.render(md))


def test_export_needs_a_name(tmp_path):
    with pytest.raises(ValueError, match="name"):
        write_export(AnswerStore(tmp_path, "e"), sample_data())


# -- the Markdown file -------------------------------------------------------------------------------


def test_markdown_shows_first_and_latest_attempt_of_each_judged_item():
    md = export_markdown(build_export(_answers(), sample_data(), "ann", WHEN))
    assert md.startswith("# Answers of ann\n")
    assert f"- Finished: 0 of {len(EXERCISES)} exercises" in md
    assert ("| ev-wire | reliability C, credibility 3 | The wire agency has a good record | "
            "reliability B, credibility 2 | Two agencies confirm it | 1 |") in md
    assert "| ev-state | reliability C | The wire agency has a good record | \\_(unchanged)\\_" not in md
    assert "| ev-state | reliability C | The wire agency has a good record | _(unchanged)_ |  | 0 |" in md
    assert "Started but not committed: ev-blog." in md
    assert "- indicators: one; The wire agency has a good record" in md
    assert "## Sort the claims (0 of 3 needed)" in md and "_Nothing answered yet._" in md


def test_version_1_answers_show_as_attempts_without_a_reason():
    v1 = {"sort-claims": {"items": {"c-fact": {"kind": "fact", "status": "holds", "checked": True}}}}
    md = export_markdown(build_export(v1, sample_data(), "ann", WHEN))
    assert "| c-fact | kind fact, status holds | _(no reason recorded)_ | _(unchanged)_ |  | 0 |" in md
    assert upgrade_v1(v1, "t")["sort-claims"]["items"]["c-fact"]["attempts"][0]["reason"] == ""


@pytest.mark.parametrize("hostile", HOSTILE)
def test_md_text_leaves_nothing_but_text(hostile):
    escaped = md_text(hostile)
    assert "\n" not in escaped and "\x00" not in escaped and "\u202e" not in escaped
    html = RENDER.render(f"Reason: {escaped}\n")
    assert not _unsafe_html(html), html
    assert html.count("<p>") == 1 and html.startswith("<p>Reason: ")  # one paragraph: no block, heading or fence
    assert "<code>" not in html and "<em>" not in html and "<strong>" not in html
    # the words survive, shown literally
    visible = re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for word in re.findall(r"[a-z]{4,}", hostile):
        assert word in visible.replace("&quot;", '"')


def test_md_text_bounds_length():
    assert md_text("word " * 1000, limit=50).endswith("…") and len(md_text("x" * 5000, limit=50)) == 50


def test_hostile_answers_cannot_break_the_markdown_tables_or_load_anything():
    hostile = " ".join(HOSTILE)
    answers = _answers(hostile)
    answers["grade-sources"]["items"]['<img src=http://evil.example/i.png>|id'] = attempts.commit(
        None, {"reliability|x": "<b>B</b>"}, hostile, _at(5))
    answers["verdict"]["<script>key</script>"] = hostile
    md = export_markdown(build_export(answers, sample_data(), "<script>x</script>", WHEN))
    html = RENDER.render(md)
    assert not _unsafe_html(html)
    for table in re.findall(r"<table>.*?</table>", html, flags=re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
        assert {len(re.findall(r"<t[hd]>", row)) for row in rows} == {6}  # no row gained or lost a column
    assert "# Answers of &lt;script&gt;x&lt;/script&gt;" in md


def test_markdown_is_tolerant_of_other_result_and_answer_shapes():
    doc = build_export(_answers(), sample_data(), "ann", WHEN)
    odd = copy.deepcopy(doc)
    odd["exercises"]["grade-sources"]["results"] = ["not", "a", "mapping"]
    odd["exercises"]["verdict"]["results"] = {"ok": False, "problems": ["Say <b>why</b>.", 5], "summary": {"n": [1]}}
    odd["exercises"]["sort-claims"]["progress"] = None
    odd["exercises"]["define-terms"]["answers"] = {"items": {"partner": {"attempts": "broken"}}}
    del odd["exercises"]["competing-hypotheses"]
    md = export_markdown(odd)
    assert "Still to fix: Say &lt;b&gt;why&lt;/b&gt;." in md
    assert "## Sort the claims (not started)" in md
    assert "Started but not committed: partner." in md


def test_hand_edited_or_outdated_answers_do_not_stop_the_export():
    odd = {
        "grade-sources": {"items": {"ev-wire": {"reliability": "Z", "credibility": 9}, "gone": {"attempts": 5}}},
        "competing-hypotheses": {"matrix": {"h1": {"ev-wire": "maybe", "ev-blog": "I"}, "h2": "broken"}},
        "define-terms": {"partner": "renamed-option", "lists": ["us"]},
        "verdict": {"likelihood": "likely", "probability": "seventy"},
    }
    doc = build_export(odd, sample_data(), "ann", WHEN)
    json.dumps(doc)
    assert "## The verdict" in export_markdown(doc)
