"""The exercise notebooks: their shape, and the data facts their model discussions rely on.

The discussions in the notebooks' {solution} blocks describe what the model answers in
data/ say. If an edit to the data changes one of those facts, the matching test below
fails, so the discussion gets rewritten instead of silently going wrong.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimlab.exercises.competing_hypotheses import model_analyses
from claimlab.exercises.chain import plain_data
from claimlab.exercises.counterpoint_duel import anchors, check_steelman
from claimlab.exercises.define_terms import define_terms
from claimlab.exercises.verdict import check_verdict

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = {
    "source-analysis": "source_analysis_ui", "grade-sources": "grade_sources_ui", "lateral-reading": "lateral_reading_ui",
    "sort-claims": "sort_claims_ui", "counterpoint-duel": "counterpoint_duel_ui",
    "define-terms": "define_terms_ui", "competing-hypotheses": "competing_hypotheses_ui", "verdict": "verdict_ui",
}
KERNEL_NOTE = ("The exercise runs in Jupyter, Voila, Binder, Colab or your course's JupyterHub. On the website, "
               "press **Run this exercise in your browser**: it runs on your own device, with no server and no account.")


def _notebook(name: str) -> dict:
    return json.loads((ROOT / "exercises" / f"{name}.ipynb").read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    return "".join(cell["source"])


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_shape(name):
    nb = _notebook(name)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    cells = nb["cells"]
    intro, last = _source(cells[0]), _source(cells[-1])
    assert cells[0]["cell_type"] == "markdown" and intro.startswith("# ")
    assert "Learning objectives" in intro and "## How it works" in intro and KERNEL_NOTE in intro
    code = [c for c in cells if c["cell_type"] == "code"]
    assert 1 <= len(code) <= 3
    assert f"{NOTEBOOKS[name]}()" in _source(code[-1])
    assert cells[-1]["cell_type"] == "markdown" and last.startswith("```{exercise}")
    label = re.search(r":label: (\S+)", last).group(1)
    assert f"```{{solution}} {label}\n:class: dropdown" in last


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_stored_output_is_deterministic(name):
    nb = _notebook(name)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for cell in code:
        assert "execution" not in cell["metadata"], "run nbconvert with --ExecutePreprocessor.record_timing=False"
        shown = json.dumps(cell["outputs"])
        assert "/tmp" not in shown and not re.search(r"\d{4}-\d\d-\d\dT\d\d:", shown)
        assert "Exercise:" in shown  # the plain-text stand-in where widgets cannot be drawn
    state = json.dumps(nb["metadata"].get("widgets", {}))
    assert "/tmp" not in state and "my-answers" not in state


# -- the facts the model discussions rely on ---------------------------------------------------


@pytest.fixture(scope="module")
def data(dataset):
    return plain_data(dataset)


def test_grade_sources_discussion(dataset):
    grades = {e["id"]: (e["grading"]["reliability"], e["grading"]["credibility"]) for e in dataset.evidence}
    ranges = {e["id"]: (e["grading"]["defensible"]["reliability"], e["grading"]["defensible"]["credibility"])
              for e in dataset.evidence}
    assert grades["russia-stated-rationale-2025"] == ("C", 2)
    assert ranges["russia-stated-rationale-2025"] == (["B", "C", "D"], [1, 2, 3])
    assert grades["putin-allies-2024"] == ("D", 2) and ranges["putin-allies-2024"] == (["C", "D", "E"], [1, 2, 3])
    assert grades["jnim-blockade-2025"] == ("F", 2) and ranges["jnim-blockade-2025"][0] == ["C", "D", "F"]


def test_sort_claims_lists_the_status_words_of_labels():
    from claimlab.labels import STATUS

    intro = _source(_notebook("sort-claims")["cells"][0])
    rows = re.findall(r"^\| ([a-z][a-z-]*) \| (.+) \|$", intro.split("| Status | Meaning |")[1], re.MULTILINE)
    assert dict(rows) == STATUS


def test_sort_claims_discussion(dataset):
    claims = dataset.by_id("claims")
    assert (claims["still-designated"]["kind"], claims["still-designated"]["status"]) == ("fact", "wrong")
    assert {"overtaken", "partly-wrong"} <= set(claims["still-designated"]["defensible"]["status"])
    assert (claims["bounty-report"]["kind"], claims["bounty-report"]["status"]) == ("allegation", "contested")
    assert "unsupported" in claims["bounty-report"]["defensible"]["status"]


def test_counterpoint_duel_discussion(dataset):
    thesis = dataset.by_id("claims")["final-thesis"]
    assert thesis["strongest_counterpoint"] == "follows-power-not-chaos"
    steelman = ("Moscow backs whoever is in charge where it has interests and moves on when they fall, which "
                "looks like seeking order, not spreading chaos.")
    counterpoint = dataset.by_id("counterpoints")["follows-power-not-chaos"]
    about = anchors(thesis, counterpoint, dataset.evidence, dataset.sources)
    assert check_steelman(steelman, counterpoint["text"], about)["ok"]


def test_define_terms_discussion(data):
    def meets(lists):
        choices = {"partner": "sustained-contact", "lists": lists, "rule": "any", "recognition": "de-jure",
                   "period": "current"}
        return define_terms(choices, data["actors"], data["relations"], data["definitions"])["meets"]

    assert meets(["russia"]) == ["sharaa"]
    assert meets(["us", "eu", "uk"]) == ["taliban", "wagner", "assad", "hamas", "hezbollah"]


def test_competing_hypotheses_discussion(data):
    readings = {r["id"]: r for r in model_analyses(data)}
    a, b = readings["intent-and-pattern"], readings["opportunity-and-counter-terror"]
    assert len(data["matrix_rows"]) == 18
    assert a["scores"] == {"deliberate-strategy": 0, "pragmatic-dealing": 4, "security-first": 9}
    assert b["scores"] == {"deliberate-strategy": 6, "pragmatic-dealing": 0, "security-first": 5}
    for reading in (a, b):  # "Weighting by credibility keeps both orders."
        assert [g["hypotheses"] for g in reading["weighted_ranking"]] == [g["hypotheses"] for g in reading["ranking"]]
    both = set(a["non_diagnostic"]) & set(b["non_diagnostic"])
    assert both == {"recognition-2025", "crocus-attack-2024", "jnim-blockade-2025", "assad-falls-2024"}
    assert a["sensitivity"]["stable"]
    assert {c["evidence"] for c in b["sensitivity"]["changes"]} == {
        "kabulov-isisk-2025", "unsc-2816-2026", "sharaa-moscow-2025", "russia-votes-2799-2025",
        "houthi-arms-halted-2024"}
    assert all(c["ranking"] == [["pragmatic-dealing"], ["deliberate-strategy", "security-first"]]
               for c in b["sensitivity"]["changes"])
    solution = _source(_notebook("competing-hypotheses")["cells"][-1])
    assert "```{model-matrices}" in solution and "neither is the answer" in solution


def test_verdict_discussion(dataset):
    solution = " ".join(_source(_notebook("verdict")["cells"][-1]).replace(">", "").split())
    statement = re.search(r"(It is unlikely \(about 30%\).*?We have moderate confidence\.)", solution).group(1)
    basis = re.search(r"Basis of that confidence: (.*?) \{cite\}", solution).group(1)
    indicators = re.findall(r"^- (.+)$", _source(_notebook("verdict")["cells"][-1]), re.MULTILINE)
    verdict = {"likelihood": "unlikely", "probability": 30, "confidence": "moderate", "statement": statement,
               "indicators": indicators}
    result = check_verdict(verdict, basis, dataset.evidence, dataset.hypotheses)
    assert result["ok"], result["problems"]
    assert set(result["evidence"]) == {"sharaa-moscow-2025", "jnim-blockade-2025", "moscow-format-2025-statement"}
    assert "The strongest case against this verdict" in solution
