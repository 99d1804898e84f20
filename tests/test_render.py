"""What the pages show is derived from the data, and text from the data is escaped in HTML."""
from __future__ import annotations

import re
from xml.etree import ElementTree

import yaml

from claimlab import figures, render
from claimlab.data import load_dataset
from claimlab.labels import human_date


def test_human_date_at_each_precision():
    assert human_date("2025-07-03") == "3 July 2025"
    assert human_date("2026-01") == "January 2026"
    assert human_date("2003") == "2003"


def test_claim_card_sorts_evidence_into_for_and_against(data_copy):
    ds = load_dataset(data_copy)
    card = render.claim_card(ds, ds.by_id("claims")["still-listed"])
    assert "Evidence: 0 for, 1 against" in card
    against = card.split("**Evidence against**")[1]
    assert "Supreme Court suspended the ban" in against
    assert "**Evidence for**" not in card
    assert "Graded B2" in card and "{cite:p}`pub-2025-04-17`" in card


def test_new_evidence_item_appears_on_its_claims_card(data_copy):
    path = data_copy / "evidence.yml"
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    items.append({"id": "ev-new", "summary": "A brand-new report from the field.", "date": "2026-03-01",
                  "source": "pub-2024-07", "supports": ["still-listed"],
                  "grading": {"reliability": "C", "reliability_reason": "r", "credibility": 3, "credibility_reason": "c",
                              "defensible": {"reliability": ["C"], "credibility": [3], "reason": "d"}}})
    path.write_text(yaml.safe_dump(items, sort_keys=False), encoding="utf-8")
    ds = load_dataset(data_copy)
    cards = render.claim_cards(ds, "motives")
    assert "A brand-new report from the field." in cards.split("(claim-still-listed)=")[1]
    assert "A brand-new report from the field." in render.source_grades(ds)


def test_main_claims_come_first_with_their_strongest_counterpoint(data_copy):
    ds = load_dataset(data_copy)
    cards = render.claim_cards(ds, "motives")
    assert cards.index("claim-motive-buffer") < cards.index("claim-still-listed")
    assert "Recognition changed little in practice." in cards


def test_self_check_escapes_hostile_text(data_copy):
    path = data_copy / "claims.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "text: The Taliban is still on Russia's list.", 'text: "<script>alert(1)</script> & \\"quoted\\""'), encoding="utf-8")
    ds = load_dataset(data_copy)
    html = render.self_check(ds, "motives")
    assert "<script>" not in html and "&lt;script&gt;" in html
    for form in re.findall(r'<form[^>]*>', html):
        assert form.count('"') % 2 == 0  # attribute values stay closed
    answers = re.findall(r'data-answer="([^"]+)"', html)
    assert answers == ["interpretation", "contested", "fact", "overtaken"]


def test_self_check_every_control_has_a_label(data_copy):
    html = render.self_check(load_dataset(data_copy), "motives")
    assert html.count('type="radio"') == html.count('<label class="sc-opt"><input type="radio"')
    assert html.count("<legend>") == html.count("<fieldset>") == 4


def test_figures_are_valid_svg_with_title_and_description(data_copy):
    ds = load_dataset(data_copy)
    for svg in (figures.timeline_svg(ds)[0], figures.actor_map_svg(ds)[0]):
        root = ElementTree.fromstring(svg)
        ns = "{http://www.w3.org/2000/svg}"
        assert root.get("role") == "img"
        assert root.find(f"{ns}title").text and root.find(f"{ns}desc").text
    assert "Crocus City Hall" in figures.timeline_svg(ds)[0]


def test_then_and_now_has_one_row_per_claim(data_copy):
    ds = load_dataset(data_copy)
    rows = [ln for ln in render.then_and_now(ds).splitlines() if ln.startswith("| ") and "---" not in ln][1:]
    assert len(rows) == len(ds.claims)


def test_exercise_checks_agree_with_the_marking_code(dataset):
    from claimlab.exercises import grade_sources
    from claimlab.exercises.chain import plain_data
    from claimlab.exercises.selfcheck import QUESTIONS

    data = plain_data(dataset)
    for exercise, make in QUESTIONS.items():
        questions = make(data)
        assert questions, exercise
        for q in questions:
            assert q["answer"] in [str(v) for v, _ in q["options"]], (exercise, q["prompt"])
    # the model answer offered by the grading self-check is the exercise's own model grade, inside its range
    first = QUESTIONS["grade-sources"](data)[0]
    item = next(e for e in dataset.evidence if e["summary"].split()[0] in first["prompt"])
    mark = grade_sources(item, first["answer"], item["grading"]["credibility"])["reliability"]
    assert mark["answer"] == mark["model"] and mark["inside"]
    claim_q = QUESTIONS["sort-claims"](data)
    kinds = {q["answer"] for q in claim_q[::2]}
    assert len(kinds) == len(claim_q) // 2  # claims of different kinds


def test_exercise_check_html_escapes_and_labels_everything(dataset):
    html = render.exercise_check(dataset, "counterpoint-duel")
    assert html.count("<fieldset>") == html.count("<legend>") >= 1
    assert html.count('type="radio"') == html.count('<label class="sc-opt"><input type="radio"')
