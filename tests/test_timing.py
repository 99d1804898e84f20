"""Timing (issue 11, point 4): reading and working minutes from the data, and session plans that fit their time."""
from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml

from claimlab import timing
from claimlab.data import load_dataset
from claimlab.exercises.chain import EXERCISES, evaluate, plain_data

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "book" / "instructors" / "guide.md"
#: The plans the guide promises, with their number of 90-minute class sessions.
PROMISED = {"ninety-minutes": 1, "one-week": 2, "three-weeks": 6}


@pytest.fixture(scope="module")
def rates(dataset):
    return timing.chapter_minutes(dataset), timing.exercise_minutes(dataset)


@pytest.mark.parametrize("plan_id", list(PROMISED))
def test_each_session_plan_in_the_guide_fits_its_stated_time(dataset, rates, plan_id):
    plan = next(p for p in timing.plans(dataset) if p["id"] == plan_id)
    sessions = [b for b in plan["blocks"] if b["kind"] == "session"]
    assert [b["minutes"] for b in sessions] == [90] * PROMISED[plan_id]
    assert timing.plan_problems(plan, *rates) == []
    assert f"```{{session-plan}} {plan_id}" in GUIDE.read_text(encoding="utf-8")


def test_a_plan_that_does_not_fit_is_caught(dataset, rates):
    plan = copy.deepcopy(next(p for p in timing.plans(dataset) if p["id"] == "ninety-minutes"))
    seminar = next(b for b in plan["blocks"] if b["kind"] == "session")
    seminar["activities"][0]["minutes"] += 5            # the timetable now runs to 95 minutes
    reading = next(a for b in plan["blocks"] for a in b["activities"] if a.get("read"))
    reading["minutes"] = 10                              # far too little for five chapters
    problems = timing.plan_problems(plan, *rates)
    assert any("take 95 min, the session 90" in p for p in problems)
    assert any("needs" in p and "has 10" in p for p in problems)
    reading["read"] = ["no-such-chapter"]
    assert "unknown chapter or exercise id (got no-such-chapter)" in timing.plan_problems(plan, *rates)[0]


def test_exercise_items_come_from_the_chain(dataset):
    minutes = timing.exercise_minutes(dataset)
    data = plain_data(dataset)
    assert list(minutes) == [e.id for e in EXERCISES]
    for exercise_id, row in minutes.items():
        assert row["items"] == evaluate(exercise_id, {}, data)["progress"]["required"] > 0
        assert row["minutes"] >= row["items"] * row["per_item"]


def test_reading_time_counts_the_data_cards_and_leaves_out_solutions(dataset, tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n\nOne two three {cite}`key`.\n\n```{solution} x\nSecret model words here.\n```\n\n"
                    "```{claim-cards} motives\n```\n", encoding="utf-8")
    cards = timing.count_words(timing.render.claim_cards(dataset, "motives"))
    assert cards > 100
    assert timing.page_words(dataset, page.read_text(encoding="utf-8")) == 4 + cards
    assert timing.count_words("<p>Two <b>words</b></p> &amp; {cite:p}`a,b`") == 2


def test_every_chapter_has_a_reading_time_at_the_stated_speed(dataset, rates):
    chapters, _ = rates
    assert set(chapters) == {c["id"] for c in dataset.chapters}
    for row in chapters.values():
        assert row["minutes"] == -(-row["words"] // timing.READING_WPM) > 0


def test_the_timing_tables_and_plans_render(dataset):
    table = timing.timing_table(dataset)
    assert f"{timing.READING_WPM} words a minute" in table and "{doc}`/exercises/verdict`" in table
    plan = timing.session_plan(dataset, "three-weeks")
    assert plan.count("(in class 1 h 30 min)") == 6 and "0–20" in plan
    with pytest.raises(ValueError, match="unknown session plan"):
        timing.session_plan(dataset, "two-days")
    assert "```{timing-table}" in GUIDE.read_text(encoding="utf-8")


def test_the_schema_refuses_a_malformed_plan(data_copy):
    plans = yaml.safe_load((ROOT / "data" / "session-plans.yml").read_text(encoding="utf-8"))
    plans[0]["blocks"][0]["kind"] = "lecture"
    plans[0]["blocks"][0]["activities"][0]["minutes"] = 0
    (data_copy / "session-plans.yml").write_text(yaml.safe_dump(plans), encoding="utf-8")
    with pytest.raises(Exception) as err:
        load_dataset(data_copy)
    text = str(err.value)
    assert "session-plans.yml" in text and "kind" in text and "minutes" in text
