"""What the pages show is derived from the data, and text from the data is escaped in HTML."""
from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import yaml

from claimlab import figures, myst_text, render
from claimlab.data import load_dataset
from claimlab.labels import human_date

ROOT = Path(__file__).resolve().parent.parent


def plain(myst: str) -> str:
    """MyST written by claimlab.myst_text.cited, with its backslash escapes undone (to compare with data)."""
    return re.sub(r"\\(.)", r"\1", myst)


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
    assert "{cite:p}`pub-2025-04-17`" in card
    assert "B2" not in card and "Graded" not in card  # grades are asked for in the sources appendix


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
    assert "A brand-new report from the field." in plain(cards.split("(claim-still-listed)=")[1])
    assert "A brand-new report from the field." in plain(render.source_grades(ds))


def test_main_claims_come_first_with_their_strongest_counterpoint(data_copy):
    ds = load_dataset(data_copy)
    cards = render.claim_cards(ds, "motives")
    assert cards.index("claim-motive-buffer") < cards.index("claim-still-listed")
    assert "Recognition changed little in practice." in plain(cards)


def test_self_check_escapes_hostile_text(data_copy):
    """validate refuses markup in data text; the self-check must escape it anyway (defence in depth)."""
    ds = load_dataset(data_copy)
    court = next(e for e in ds.evidence if e["summary"] == "Russia's Supreme Court suspended the ban.")
    court["summary"] = '<script>alert(1)</script> & "quoted"'
    html = render.self_check(ds, "motives")
    assert "<script>" not in html and "&lt;script&gt;" in html
    for tag in re.findall(r"<(?:form|span)[^>]*>", html):
        assert tag.count('"') % 2 == 0  # attribute values stay closed
    assert re.findall(r'data-model-reliability="([^"]+)"', html) == ["B", "B"]
    assert re.findall(r'data-model-credibility="([^"]+)"', html) == ["1", "2"]


def test_self_check_every_control_has_a_label(data_copy):
    html = render.self_check(load_dataset(data_copy), "motives")
    assert html.count("<select") == html.count('<label class="cl-field">') == 4
    assert html.count("<legend>") == html.count("<fieldset>") == 2
    assert html.count('name="reason"') == html.count('<label class="cl-why">') == 2


def test_figures_are_valid_svg_with_title_and_description(data_copy):
    ds = load_dataset(data_copy)
    for svg in (figures.timeline_svg(ds)[0], figures.actor_map_svg(ds)[0]):
        root = ElementTree.fromstring(svg)
        ns = "{http://www.w3.org/2000/svg}"
        assert root.get("role") == "img"
        assert root.find(f"{ns}title").text and root.find(f"{ns}desc").text
    assert "Crocus City Hall" in figures.timeline_svg(ds)[0]


def test_then_and_now_has_one_card_per_claim(data_copy):
    ds = load_dataset(data_copy)
    text = render.then_and_now(ds)
    assert text.count("::::{container} cl-card") == text.count('<form class="cl-guess"') == len(ds.claims)
    assert "{doc}`/book/motives`" in text


def test_exercise_checks_agree_with_the_marking_code(dataset):
    from claimlab.exercises import grade_sources
    from claimlab.exercises.chain import plain_data
    from claimlab.exercises.selfcheck import QUESTIONS

    data = plain_data(dataset)
    for exercise, make in QUESTIONS.items():
        questions = make(data)
        assert questions, exercise
        for q in questions:
            for choice in q["choices"]:
                values = [str(v) for v, _ in choice["options"]]
                assert choice["answer"] in choice["range"] and set(choice["range"]) <= set(values), q["prompt"]
    # the model answer offered by the grading self-check is the exercise's own model grade, inside its range
    first = QUESTIONS["grade-sources"](data)[0]
    item = dataset.by_id("evidence")[first["key"].split(":")[1]]
    mark = grade_sources(item, first["choices"][0]["answer"], item["grading"]["credibility"])["reliability"]
    assert mark["answer"] == mark["model"] and mark["inside"]
    claim_q = QUESTIONS["sort-claims"](data)
    assert len({q["choices"][0]["answer"] for q in claim_q}) == len(claim_q)  # claims of different kinds


def test_self_checks_ask_a_reason_for_judgements_only(dataset):
    from claimlab.exercises.chain import plain_data
    from claimlab.exercises.selfcheck import QUESTIONS

    data = plain_data(dataset)
    for exercise in QUESTIONS:
        for q in QUESTIONS[exercise](data):
            html = render.quiz_html([q], "x")
            assert ('name="reason"' in html) == q["judgement"], (exercise, q["prompt"])
            assert ("data-exact" in html) == (not q["judgement"])
    assert all(q["judgement"] for q in QUESTIONS["counterpoint-duel"](data))
    assert all(q["judgement"] for q in QUESTIONS["grade-sources"](data))


def test_self_checks_never_ask_for_the_verdict(dataset):
    """No self-check asks which hypothesis fares best or worst: that is the student's verdict."""
    from claimlab.exercises.chain import plain_data
    from claimlab.exercises.selfcheck import QUESTIONS

    data = plain_data(dataset)
    hypotheses = {h["id"] for h in dataset.hypotheses}
    for exercise, make in QUESTIONS.items():
        for q in make(data):
            if "inconsisten" in q["prompt"].lower() or "ranks first" in q["prompt"].lower():
                assert q["prompt"].startswith("Suppose"), q["prompt"]  # the method on made-up ratings only
            assert not {str(v) for c in q["choices"] for v, _ in c["options"]} & hypotheses, q["prompt"]


def test_self_check_text_shows_labels_never_ids(dataset):
    """What a reader sees (prompts, options, the module's reading) names options by words, not ids."""
    from bs4 import BeautifulSoup

    from claimlab.exercises.chain import plain_data
    from claimlab.exercises.selfcheck import QUESTIONS

    data = plain_data(dataset)
    ids = {r["id"] for kind in ("claims", "evidence", "counterpoints", "hypotheses") for r in getattr(dataset, kind)}
    pages = [render.exercise_check(dataset, e) for e in QUESTIONS]
    pages += [render.self_check(dataset, c["id"]) for c in dataset.chapters]
    for html in pages:
        words = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", BeautifulSoup(html, "html.parser").get_text()))
        assert not words & ids, sorted(words & ids)
    assert any(q["choices"][0]["answer"] in ids for q in QUESTIONS["counterpoint-duel"](data))  # ids do exist


def test_a_reading_names_its_choice_only_when_a_question_has_several(dataset):
    """The revealed reading reads as a sentence: "The answer: likely.", never "The answer: answer likely.";
    a question with two choices still says which is which ("reliability …; credibility …")."""
    from bs4 import BeautifulSoup

    from claimlab.exercises.chain import plain_data
    from claimlab.exercises.selfcheck import QUESTIONS

    data = plain_data(dataset)
    seen = {1: 0, 2: 0}
    for exercise in QUESTIONS:
        for q in QUESTIONS[exercise](data):
            reveal = BeautifulSoup(render.quiz_html([q], "x"), "html.parser").select_one(".cl-reveal p").get_text()
            lead, _, reading = reveal.partition(": ")
            labels = [c["label"].lower() for c in q["choices"]]
            if len(labels) == 1:
                assert not reading.lower().startswith(labels[0] + " "), (exercise, reveal)
            else:
                assert all(f"{label} " in reading.lower() for label in labels), (exercise, reveal)
            seen[min(len(labels), 2)] += 1
    assert seen[1] and seen[2]  # both kinds of question exist, so both branches were checked


def test_exercise_check_html_escapes_and_labels_everything(dataset):
    html = render.exercise_check(dataset, "counterpoint-duel")
    assert html.count("<fieldset") == html.count("<legend>") >= 1
    assert html.count('type="radio"') == html.count('<label class="cl-opt"><input type="radio"')


def test_cited_text_is_literal_except_citations():
    hostile = "<img src=x onerror=alert(1)>\n\n```{raw} html\n:::{eval-rst}\n{{ subst }} {cite:p}`a-1,b.2` {cite}`x y`"
    out = myst_text.cited(hostile)
    assert "\n" not in out and "<" not in out.replace("\\<", "")
    assert "{cite:p}`a-1,b.2`" in out  # the allowed markup passes
    assert "\\{cite\\}\\`x y\\`" in out  # a key with a space is not a key: shown as text
    assert re.sub(r"\\(.)", r"\1", out) == " ".join(hostile.split())  # every other character as written
    for bad in (["a`b"], ["x y"], []):
        try:
            myst_text.cite(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


def test_every_chapter_self_check_has_questions(dataset):
    """A chapter's self-check grades the sources behind its claims: none may come out empty."""
    from claimlab.exercises.chain import plain_data
    from claimlab.exercises.selfcheck import chapter_questions

    data = plain_data(dataset)
    for chapter in dataset.chapters:
        page = (ROOT / f"{chapter['page']}.md").read_text(encoding="utf-8")
        if "```{self-check}" in page:
            questions = chapter_questions(data, chapter["id"])
            assert questions and all(q["key"].startswith("evidence:") for q in questions), chapter["id"]


def test_relations_table_names_each_relation_by_its_label_never_its_id(dataset):
    """The actor appendix's table reads "Russia | has pledged security help to it | Taliban", not the data's id."""
    from claimlab.sphinxext import ActorMap

    kind, text = ActorMap.build(dataset, "")[-1]
    assert kind == "myst"
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith(("| From", "| ---"))]
    labels = {k["kind"]: k["label"] for k in dataset.extra["definitions"]["relation_kinds"]}
    assert len(rows) == len(dataset.relations)
    for relation, row in zip(dataset.relations, rows):
        shown = plain(row.split(" | ")[1])
        assert shown == labels[relation["kind"]], (relation["id"], shown)
    assert any("-" in r["kind"] for r in dataset.relations)  # ids with hyphens exist, so showing one would show
