"""Exercise "Source the analysis": a reason before feedback, one scored item (the date), ranges for the rest."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import ipywidgets as widgets
import pytest
from test_exercise_grade_sources import VERDICT_WORDS, _keys
from test_exercises_fixtures import sample_data
from test_exercises_widgets import _commit_refused_until_reasoned, _find, _html, _saved, _session

from claimlab.exercises import source_analysis_ui
from claimlab.exercises.attempts import reason_problems
from claimlab.exercises.chain import EXERCISES, evaluate, plain_data, record_fingerprints
from claimlab.exercises.selfcheck import QUESTIONS
from claimlab.exercises.source_analysis import anchors, choice_labels, questions, source_analysis

ROOT = Path(__file__).resolve().parent.parent
AT = "2026-11-30T09:00:00+00:00"


def _answers(choices: dict[str, str], reason: str = "The text names no author or date.") -> dict:
    return {"items": {i: {"attempts": [{"choice": {"choice": c}, "reason": reason, "at": AT}]}
                      for i, c in choices.items()}}


@pytest.fixture(scope="module")
def section(dataset):
    return plain_data(dataset)["source_analysis"]


def test_it_is_the_first_exercise_of_the_chain():
    assert EXERCISES[0].id == "source-analysis"


def test_the_data_cover_every_step_the_issue_asks_for(section):
    steps = {i["step"] for i in questions(section)}
    assert steps == {"sourcing", "context", "close-reading", "corroboration"}
    ids = {i["id"] for i in questions(section)}
    assert {"author", "when", "kind", "audience", "structure", "ending"} <= ids
    assert 3 <= sum(bool(i.get("quote")) for i in questions(section)) <= 5
    accounts = {i["account"] for i in questions(section) if i.get("account")}
    assert len(accounts) == 2  # two other accounts, each set against the same claims
    assert [i["id"] for i in questions(section) if i.get("scored")] == ["when"]  # only the date has one answer


def test_the_date_is_spring_2025_and_is_marked_right_or_not(section):
    when = next(i for i in questions(section) if i["id"] == "when")
    right = source_analysis(when, "spring-2025", section)
    assert right["correct"] and right["points"] == 1 and right["message"].startswith("Right")
    other = source_analysis(when, "late-2024", section)
    assert not other["correct"] and other["points"] == 0
    assert "Assad" in other["message"] and "names a clue" in other["message"]


def test_no_contestable_choice_is_ever_called_wrong_or_given_points(section):
    for item in questions(section):
        if item.get("scored"):
            continue
        for choice in choice_labels(section, item):
            result = source_analysis(item, choice, section)
            assert not VERDICT_WORDS.search(result["message"]), (item["id"], choice)
            assert "points" not in result and "correct" not in result


def test_every_model_choice_lies_in_its_range_and_the_closing_advice_is_visible(section):
    for item in questions(section):
        assert source_analysis(item, item["model"], section)["inside"], item["id"]
    ending = next(i for i in questions(section) if i["id"] == "ending")
    assert ending["model"] == "writing-advice" and "writer" in ending["model_reason"]


def test_the_same_option_everywhere_scores_no_more_than_chance(dataset, section):
    """Choosing the n-th option on every question: averaged over n, the points equal a random guess's."""
    data = plain_data(dataset)
    items = questions(section)
    width = max(len(choice_labels(section, i)) for i in items)
    totals = []
    for n in range(width):
        picks = {i["id"]: list(choice_labels(section, i))[min(n, len(choice_labels(section, i)) - 1)] for i in items}
        summary = evaluate("source-analysis", _answers(picks), data)["results"]["summary"]
        assert summary["max_points"] == 1 and summary["points"] <= 1
        totals.append(summary["points"])
    chance = sum(1 / len(choice_labels(section, i)) for i in items if i.get("scored"))
    assert sum(totals) / width <= chance + 1e-9


def test_a_wrong_choice_value_is_refused(section):
    with pytest.raises(ValueError):
        source_analysis(questions(section)[0], "no-such-choice", section)


def test_a_reason_must_name_what_it_rests_on(section):
    item = next(i for i in questions(section) if i["id"] == "word-deliberate")
    assert reason_problems("I like cats very much indeed", anchors(item))
    assert not reason_problems("It claims a motive the text never shows", anchors(item))


def test_first_attempts_are_kept_and_counted_apart_from_revisions():
    data = sample_data()
    record = {"attempts": [{"choice": {"choice": "late"}, "reason": "It names an April event", "at": AT},
                           {"choice": {"choice": "early"}, "reason": "The April event is the latest", "at": AT}]}
    result = evaluate("source-analysis", {"items": {"when": record}}, data)["results"]
    assert result["items"]["when"]["first"]["answer"] == "late" and result["items"]["when"]["latest"]["correct"]
    assert result["summary"]["first_points"] == 0 and result["summary"]["points"] == 1
    assert result["summary"]["revised"] == 1


def test_ui_shows_nothing_before_a_commit_and_keeps_the_first_attempt(tmp_path):
    root = source_analysis_ui(_session(tmp_path))
    _find(root, widgets.Dropdown, "Your choice").value = "late"
    assert "It names an April event." not in _html(root)
    commit = _commit_refused_until_reasoned(root, "It names an April event.", "The latest event it names is in April")
    assert "Not the period the clues point to" in _html(root)
    _find(root, widgets.Dropdown, "Your choice").value = "early"
    _find(root, widgets.Text, "Your reason").value = "An April event is the latest it names"
    commit.click()
    record = _saved(tmp_path)["source-analysis"]["items"]["when"]
    assert [a["choice"] for a in record["attempts"]] == [{"choice": "late"}, {"choice": "early"}]
    again = source_analysis_ui(_session(tmp_path))
    shown = _html(again)
    assert "Right: Early 2025" in shown and "Your first attempt, kept as it was:" in shown and "Late 2025" in shown
    _find(again, widgets.Dropdown, "Question").value = "word-one"
    assert [v for _, v in _find(again, widgets.Dropdown, "Your choice").options][1:] == [
        "states-fact", "frames", "judges", "hedges"]
    assert "a loaded phrase" in _html(again) and "defensible" not in _html(again)
    _find(again, widgets.Dropdown, "Your choice").value = "hedges"
    _find(again, widgets.Text, "Your reason").value = "The loaded phrase only frames the facts"
    _find(again, widgets.Button, "Commit my answer").click()
    shown = _html(again)  # outside the range: argue, never "wrong"; the neutral rewording comes after the commit
    assert "argue your case" in shown and "A neutral wording: a plain phrase." in shown
    assert not VERDICT_WORDS.search(shown)


def test_fingerprints_cover_the_questions(dataset):
    found = record_fingerprints(plain_data(dataset))["source-analysis"]
    assert "when" in found and all(re.fullmatch(r"[0-9a-f]{12}", v) for v in found.values())


def test_the_self_check_practises_on_other_material_and_gives_no_model_answer_away(dataset):
    data = plain_data(dataset)
    asked = QUESTIONS["source-analysis"](data)
    assert len(asked) == 3 and all(q["key"].startswith("check:source-analysis:") for q in asked)
    assert [q["judgement"] for q in asked] == [False, True, True]  # the date is exact, the readings are ranges
    items = data["source_analysis"]["items"]
    shown = json.dumps(asked, ensure_ascii=False)
    for item in items:  # no question, phrase or model reasoning of the exercise itself
        assert item["question"] not in shown and item.get("quote", "\0") not in shown, item["id"]
        assert item["model_reason"][:60] not in shown, item["id"]


def test_no_run_of_eight_words_of_the_analysis_in_this_exercise():
    seed = {ln for ln in (ROOT / "tests" / "fixtures" / "analysis-8grams.txt").read_text().split()
            if not ln.startswith("#")}
    notebook = json.loads((ROOT / "exercises" / "source-analysis.ipynb").read_text(encoding="utf-8"))
    texts = [(ROOT / "data" / "source-analysis.yml").read_text(encoding="utf-8"),
             "\n".join("".join(c["source"]) for c in notebook["cells"])]
    copied = []
    for text in texts:
        words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))
        copied += [" ".join(words[i:i + 8]) for i in range(len(words) - 7)
                   if hashlib.sha1(" ".join(words[i:i + 8]).encode()).hexdigest()[:16] in seed]
    assert copied == []


def test_no_points_outside_the_scored_item(dataset):
    data = plain_data(dataset)
    picks = {i["id"]: i["model"] for i in questions(data["source_analysis"])}
    evaluated = evaluate("source-analysis", _answers(picks), data)
    marks = [m for i in evaluated["results"]["items"].values() for m in (i["first"], i["latest"])]
    assert {m["item"] for m in marks if "points" in set(_keys(m))} == {"when"}
    assert evaluated["progress"]["finished"] and evaluated["progress"]["required"] == len(picks)


def test_the_class_report_shows_first_attempts_revisions_and_reasons(tmp_path, dataset):
    import datetime as dt

    from claimlab.exercises.export import build_export
    from claimlab.report import write_report

    data = plain_data(dataset)
    folder = tmp_path / "in"
    folder.mkdir()
    for who, first in (("ann", "late-2024"), ("ben", "spring-2025")):
        record = {"attempts": [{"choice": {"choice": first}, "reason": f"{who} reads the April clue", "at": AT}]}
        if first != "spring-2025":
            record["attempts"].append({"choice": {"choice": "spring-2025"}, "reason": "July recognition is missing",
                                       "at": "2026-11-30T09:05:00+00:00"})
        doc = build_export({"source-analysis": {"items": {"when": record}}}, data, who,
                           dt.datetime(2026, 11, 30, 10, tzinfo=dt.timezone.utc), None)
        (folder / f"{who}.json").write_text(json.dumps(doc), encoding="utf-8")
    write_report(folder, tmp_path / "out", dataset, progress=None)
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    section = summary[summary.index("## Source the analysis"):]
    row = next(line for line in section.splitlines() if line.startswith("| when |"))
    assert "late-2024 1; spring-2025 1" in row and "| spring-2025 2 |" in row and row.rstrip(" |").endswith("1")
    assert "July recognition is missing (ann, spring-2025)" in section


def test_the_assessed_edition_ships_no_model_answer_for_it(stripped_copy):
    import yaml

    from claimlab.validate import validate

    copy = stripped_copy
    stripped = yaml.safe_load((copy / "source-analysis.yml").read_text(encoding="utf-8"))
    for item in stripped["items"]:
        assert not {"model", "model_reason", "defensible", "after"} & set(item), item["id"]
    assert "spring-2025" not in json.dumps(stripped["items"]) and validate(copy)[2] == []
    marker = yaml.safe_load((copy / "assessed.yml").read_text(encoding="utf-8"))
    assert marker["required"]["source-analysis"] == len(stripped["items"])
    assert set(marker["fingerprints"]["source-analysis"]) == {i["id"] for i in stripped["items"]}


def test_bad_questions_are_reported_with_file_line_and_field(data_copy):
    from claimlab.validate import validate

    path = data_copy / "source-analysis.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("defensible: {choice: [early], reason: One answer fits the clue.}",
                        "defensible: {choice: [early, late], reason: One answer fits the clue.}")
    text = text.replace("quote: a loaded phrase", "quote: a phrase of six words here")
    text = text.replace("account: pub-2024-07", "account: no-such-key")
    text = text.replace("    model: frames\n", "    model: hedges\n")
    path.write_text(text, encoding="utf-8")
    shown = [str(p) for p in validate(data_copy)[2]]
    assert any(re.search(r"source-analysis\.yml:\d+: \S+\(when\)\.defensible\.choice: a scored item", s) for s in shown)
    assert any(re.search(r"source-analysis\.yml:\d+: \S+\(word-one\)\.quote: bad format", s) for s in shown)
    assert any("(word-one).account: unknown BibTeX key" in s for s in shown)
    assert any("(word-one).model: unknown choice" in s for s in shown)
    assert any("(word-one).defensible.choice: leaves out the model's choice" in s for s in shown)
