"""Rubrics and sample answers (issue 11, point 1): instructor-only, real evidence ids and sources, samples labelled
as invented, level-4 verdicts in both directions, and samples consistent with the exercises' checks."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimlab.edition import INSTRUCTOR_ONLY
try:  # the verdict engine's name after issue 8 (one name per exercise), and before it
    from claimlab.exercises.verdict import LIKELIHOOD
except ImportError:
    from claimlab.exercises.estimative import LIKELIHOOD

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "book" / "instructors" / "rubrics.md"
SAMPLE = re.compile(r"^:::\{admonition\} (?P<title>[^\n]*)\n:class: note\n(?P<body>.*?)\n:::$", re.S | re.M)
VERDICT = re.compile(r"\*\*Likelihood:\*\* (?P<term>[a-z ]+) \((?P<p>\d+)%\)\. \*\*Confidence:\*\* (?P<conf>[a-z]+)\. "
                     r"\*\*Evidence:\*\* (?P<ids>[^\n]*)")


def _samples(section: str) -> list[re.Match]:
    text = PAGE.read_text(encoding="utf-8")
    start = text.index(f"(rubric-{section})=")
    end = min([i for i in (text.find("(rubric-", start + 1),) if i > 0] or [len(text)])
    return list(SAMPLE.finditer(text[start:end]))


def test_the_page_is_instructor_only_and_in_the_book():
    assert "book/instructors/rubrics" in INSTRUCTOR_ONLY
    assert "book/instructors/rubrics" in (ROOT / "_toc.yml").read_text(encoding="utf-8")


def test_every_evidence_id_and_source_is_real(dataset):
    text = PAGE.read_text(encoding="utf-8")
    bare = re.sub(r"\{[a-z:]+\}`[^`]*`", "", text)  # roles ({cite}, {doc}) are not evidence ids
    ids = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", bare))
    assert len(ids) >= 20
    assert ids <= set(dataset.by_id("evidence")), ids - set(dataset.by_id("evidence"))
    keys = {k.strip() for group in re.findall(r"\{cite(?::p)?\}`([^`]+)`", text) for k in group.split(",")}
    assert keys and keys <= set(dataset.sources), keys - set(dataset.sources)


@pytest.mark.parametrize("section", ["verdict", "memo", "steelman"])
def test_each_rubric_has_a_labelled_invented_sample_at_every_level(section):
    titles = [m["title"] for m in _samples(section)]
    assert all("invented student work" in t for t in titles), titles
    for level in (4, 3, 2, 1):
        assert any(t.startswith(f"Level {level}") for t in titles), (section, level)


def test_level_four_verdicts_go_both_ways_and_fit_the_exercise_check(dataset):
    verdicts = [(m["title"], VERDICT.search(m["body"])) for m in _samples("verdict")]
    level4 = [v for t, v in verdicts if t.startswith("Level 4")]
    assert len(level4) == 2 and all(level4)
    probabilities = sorted(int(v["p"]) for v in level4)
    assert probabilities[0] < 45 and probabilities[1] > 55  # one finds the thesis unlikely, one likely
    thesis = dataset.by_id("claims")["final-thesis"]
    for v in level4 + [v for t, v in verdicts if t.startswith("Level 3")]:
        low, high = LIKELIHOOD[v["term"]]
        assert low <= int(v["p"]) <= high
        assert v["conf"] in ("low", "moderate", "high")
        ids = re.findall(r"`([a-z0-9-]+)`", v["ids"])
        assert len(ids) >= 2 and all(i in dataset.by_id("evidence") for i in ids)
        assert "against my view" in v["ids"]
    assert thesis["main"]


def test_the_level_two_verdict_fails_the_form_check_it_illustrates():
    body = next(m["body"] for m in _samples("verdict") if m["title"].startswith("Level 2"))
    low, high = LIKELIHOOD["very likely"]
    assert "very likely (60%)" in body and not low <= 60 <= high


def test_steelmen_fit_the_duel_line():
    from claimlab.exercises.counterpoint_duel import STEELMAN_MAX_CHARS

    for m in _samples("steelman"):
        line = m["body"].strip()
        assert "\n" not in line and len(line) <= STEELMAN_MAX_CHARS, m["title"]


def _verdict_choice(body: str) -> tuple[dict, str]:
    """A sample verdict as the exercise stores it: the choice fields and the reason (basis of the confidence)."""
    fields = VERDICT.search(body)
    statement = re.search(r"\n\*(It is [^*]+)\*", body) or re.search(r"\n(It is [^.]+\.)", body)
    basis = re.search(r"\*My confidence is [a-z]+[.:]\*:? ?(?P<b>.*?)\*\*Indicators:\*\*", body, re.S)
    indicators = body.split("**Indicators:**", 1)[1].split(";") if "**Indicators:**" in body else []
    choice = {"likelihood": fields["term"], "probability": int(fields["p"]), "confidence": fields["conf"],
              "statement": statement.group(1) if statement else "", "evidence": re.findall(r"`([a-z0-9-]+)`",
                                                                                           fields["ids"]),
              "indicators": [i.strip() for i in indicators if i.strip()]}
    return choice, (basis["b"] if basis else body)


def test_sample_verdicts_get_the_verdict_check_their_level_describes(dataset):
    """Runs once the verdict check of issue 8 (claimlab.exercises.verdict) is on main."""
    verdict = pytest.importorskip("claimlab.exercises.verdict")
    for m in _samples("verdict"):
        if m["title"].startswith(("Level 4", "Level 3")):
            choice, reason = _verdict_choice(m["body"])
            result = verdict.check_verdict(choice, reason, dataset.evidence, dataset.hypotheses)
            assert result["ok"], (m["title"], result["problems"])


def test_sample_steelmen_get_the_duel_check_their_level_describes(dataset):
    """Runs once the steelman check of issue 8 (anchors in claimlab.exercises.counterpoint_duel) is on main."""
    duel = pytest.importorskip("claimlab.exercises.counterpoint_duel")
    if not hasattr(duel, "anchors"):
        pytest.skip("the issue-8 steelman check is not on main yet")
    claim = dataset.by_id("claims")["final-thesis"]
    counterpoint = dataset.by_id("counterpoints")[claim["strongest_counterpoint"]]
    about = duel.anchors(claim, counterpoint, dataset.evidence, dataset.sources)
    for m in _samples("steelman"):
        result = duel.check_steelman(m["body"].strip(), counterpoint["text"], about)
        assert result["ok"] == (not m["title"].startswith("Level 1")), (m["title"], result)


def test_the_level_two_verdict_is_refused_by_the_verdict_check(dataset):
    verdict = pytest.importorskip("claimlab.exercises.verdict")
    body = next(m["body"] for m in _samples("verdict") if m["title"].startswith("Level 2"))
    choice = {"likelihood": "very likely", "probability": 60, "confidence": "high", "statement": body.split("\n")[0],
              "evidence": ["hamas-moscow-2023"], "indicators": ["if things change"]}
    assert not verdict.check_verdict(choice, "", dataset.evidence, dataset.hypotheses)["ok"]
