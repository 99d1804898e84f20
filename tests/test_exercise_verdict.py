"""Exercise "The verdict": ICD 203 estimative language and the essay outline."""
from __future__ import annotations

import pytest
from test_exercises_fixtures import sample_data

from claimlab.data import load_dataset
from claimlab.exercises.outline import essay_outline
from claimlab.exercises.verdict import (canonical_term, check_verdict, evidence_direction, likelihood_terms,
                                        mixes_likelihood_and_confidence, sentences, terms_for)


#: The real data, loaded once for the whole module (the checks read evidence directions from it).
_DATA = load_dataset()
POSITIVE = ("It is likely that Russia partners with groups accused of terrorism as a deliberate strategy against "
            "the Western-led order. Insider-bounty-2025 fits a plan, though sharaa-moscow-2025 cuts against it. "
            "We have moderate confidence in this judgement.")
NEGATIVE = ("It is unlikely (20–45 %) that Russia partners with groups accused of terrorism as a deliberate strategy "
            "against the Western-led order; the more likely explanation is pragmatism, dealing with whoever holds "
            "power. Moscow courted Assad's successor (sharaa-moscow-2025), though its hosting of the Moscow format "
            "statement (moscow-format-2025-statement) fits the thesis better. We have moderate confidence.")
BASIS = "Several independent reports agree on the cases, but motives rest on official statements"


def _verdict(case="overall", reason=BASIS, **changes):
    base = {"likelihood": "likely", "probability": 70, "confidence": "moderate", "statement": POSITIVE,
            "evidence": ["insider-bounty-2025", "sharaa-moscow-2025"],
            "indicators": ["Russia arms a listed group that brings it no gain"]}
    return check_verdict({**base, **changes}, reason, _DATA.evidence, _DATA.hypotheses, case)


@pytest.mark.parametrize("wording, term", [
    ("remote", "almost no chance"), ("Highly Improbable", "very unlikely"), ("improbable", "unlikely"),
    ("roughly even odds", "roughly even chance"), ("probable", "likely"), ("highly probable", "very likely"),
    ("nearly certain", "almost certain"), ("very  likely", "very likely")])
def test_synonyms(wording, term):
    assert canonical_term(wording) == term


def test_bands_and_shared_boundaries():
    assert terms_for(70) == ["likely"]
    assert terms_for(20) == ["very unlikely", "unlikely"]
    assert terms_for(3) == ["almost no chance"]


def test_longest_term_wins_in_prose():
    assert likelihood_terms("It is very unlikely, not unlikely, and highly likely.") == [
        "very unlikely", "unlikely", "very likely"]
    assert likelihood_terms("ISIS-K operates in remote provinces.") == []


def test_a_consistent_verdict_passes():
    result = _verdict()
    assert result["ok"], result["problems"]
    assert result["range"] == [55, 80] and result["confidence"] == "moderate"


def test_word_and_number_must_agree():
    result = _verdict(probability=90)
    assert not result["ok"]
    assert any('90% does not match "likely" (55-80%); it matches "very likely"' in p for p in result["problems"])
    assert _verdict(probability=55)["ok"]  # boundary shared with "roughly even chance"
    assert not _verdict(probability=100)["ok"]


@pytest.mark.parametrize("sentence", [
    "We have high confidence it is likely.",
    "It is highly likely with moderate confidence.",
    "It is probable; we are confident of that.",
])
def test_mixing_likelihood_and_confidence_in_one_sentence_is_refused(sentence):
    assert mixes_likelihood_and_confidence(sentence)
    result = _verdict(statement=sentence, likelihood=likelihood_terms(sentence)[0],
                      probability=85 if "highly" in sentence else 70)
    assert not result["ok"]
    assert any("mixes likelihood and confidence" in p for p in result["problems"])


def test_separate_sentences_are_fine_and_semicolons_do_not_split():
    assert sentences("It is likely. We have low confidence.") == ["It is likely.", "We have low confidence."]
    assert len(sentences("It is likely; we have low confidence.")) == 1


def test_statement_must_agree_with_the_choices():
    other_term = _verdict(statement="It is very likely. We have moderate confidence.")
    assert any('says "very likely" but you chose "likely"' in p for p in other_term["problems"])
    other_conf = _verdict(statement="It is likely. We have high confidence in this.")
    assert any("high confidence but you chose moderate" in p for p in other_conf["problems"])
    number = _verdict(statement="It is likely (about 90%). Our confidence is moderate.")
    assert any("90%" in p for p in number["problems"])
    no_term = _verdict(statement="Russia deals with whoever holds power, not by strategy. Our confidence is moderate.")
    assert any("Use your likelihood term" in p for p in no_term["problems"])


def test_an_indicator_is_required():
    assert not _verdict(indicators=[])["ok"]
    assert not _verdict(indicators=["", "  "])["ok"]
    assert _verdict(indicators=["Russia lists Hamas"])["ok"]


def test_missing_choices_are_reported_not_raised():
    result = check_verdict({}, "", _DATA.evidence, _DATA.hypotheses)
    assert not result["ok"] and len(result["problems"]) >= 5


def test_the_bananas_verdict_fails():
    result = check_verdict({"likelihood": "likely", "probability": 60, "confidence": "low",
                            "statement": "Bananas are yellow and likely. Confidence low.", "indicators": ["x"]},
                           "because", _DATA.evidence, _DATA.hypotheses)
    assert not result["ok"]
    assert any("Judge the thesis itself" in p for p in result["problems"])
    assert any("evidence items by id" in p for p in result["problems"])


def test_a_well_formed_negative_verdict_passes():
    result = _verdict(likelihood="unlikely", probability=30, statement=NEGATIVE, evidence=[])
    assert result["ok"], result["problems"]
    assert result["view"] == -1 and set(result["evidence"]) == {"sharaa-moscow-2025", "moscow-format-2025-statement"}


def test_a_well_formed_positive_verdict_passes():
    result = _verdict()
    assert result["ok"], result["problems"]
    assert result["range"] == [55, 80] and result["confidence"] == "moderate" and result["view"] == 1


def test_comparatives_are_not_read_as_the_verdict_word():
    assert likelihood_terms("The more likely explanation is pragmatism; a less likely one is chaos.") == []
    assert likelihood_terms("It is unlikely; the more likely story is trade.") == ["unlikely"]


def test_evidence_must_include_an_item_that_cuts_against_the_view():
    one_sided = _verdict(evidence=["insider-bounty-2025", "moscow-format-2025-statement"],
                         statement=POSITIVE.replace("sharaa-moscow-2025", "the record"))
    assert any("cuts against your own view" in p for p in one_sided["problems"])
    too_few = _verdict(evidence=["insider-bounty-2025"], statement=POSITIVE.replace("sharaa-moscow-2025", "it"))
    assert any("at least 2 evidence items" in p for p in too_few["problems"])
    even = _verdict(likelihood="roughly even chance", probability=50,
                    statement=POSITIVE.replace("likely", "roughly even chance").replace("Insider-bounty-2025", "It"),
                    evidence=["sharaa-moscow-2025", "hamas-moscow-2025"])
    assert any("both sides" in p for p in even["problems"])


def test_evidence_directions_come_from_the_data():
    by_id = {e["id"]: e for e in _DATA.evidence}
    assert evidence_direction(by_id["insider-bounty-2025"], _DATA.hypotheses) == 1
    assert evidence_direction(by_id["sharaa-moscow-2025"], _DATA.hypotheses) == -1
    assert evidence_direction(by_id["russia-stated-rationale-2025"], _DATA.hypotheses) == -1  # claims decide
    assert evidence_direction(by_id["soviet-withdrawal-1989"], _DATA.hypotheses) == 0


def test_a_case_verdict_must_name_its_case():
    wrong_case = _verdict(case="hamas")
    assert any("should name Hamas" in p for p in wrong_case["problems"])
    hamas = POSITIVE.replace("Russia partners with groups accused of terrorism",
                             "Russia partners with Hamas, a group accused of terrorism,")
    assert _verdict(case="hamas", statement=hamas)["ok"]


def test_the_basis_of_confidence_is_required():
    assert any("basis of your confidence" in p for p in _verdict(reason="")["problems"])


def _committed(choice, reason="A reason naming the source"):
    return {"attempts": [{"choice": choice, "reason": reason, "at": "2026-11-30T09:00:00+00:00"}]}


def test_outline_has_the_five_parts_in_order_and_names_gaps():
    data = sample_data()
    answers = {
        "define-terms": {"items": {"partner": _committed({"partner": "contact"}),
                                   "lists": _committed({"lists": ["us"], "rule": "any"}),
                                   "recognition": _committed({"recognition": "de-jure"}),
                                   "period": _committed({"period": "current"})}},
        "counterpoint-duel": {"items": {"c-main1": _committed(
            {"ranking": ["cp-2", "cp-1"], "steelman": "Moscow says it wants trade, not ideology."},
            "Russia's own voice is hardest to answer")}},
        "verdict": {"items": {"overall": _committed(
            {"likelihood": "likely", "probability": 70, "confidence": "moderate",
             "statement": "It is likely. Our confidence is moderate.", "indicators": ["a", "b"]},
            "The sources agree")}},
    }
    outline = essay_outline(answers, data)
    heads = [line for line in outline.splitlines() if line.startswith("## ")]
    assert heads == ["## 1. Definitions", "## 2. The cases", "## 3. Russia's stated rationale",
                     "## 4. The counterpoints", "## 5. The verdict"]
    assert "Any sustained diplomatic contact" in outline
    assert "1 of 3 cases meet the claim" in outline
    assert "Russian government: Russia's foreign ministry says" in outline  # official voice only
    assert "A Moscow-based expert:" not in outline.split("## 4.")[0]
    assert "Moscow says it wants trade, not ideology." in outline
    assert "Why: Russia's own voice is hardest to answer" in outline
    assert "One defensible view ranks first instead: Recognition changed little" in outline
    assert "(Wire Service, 2025-04-17)" in outline  # citation rendered as plain text
    assert "Competing hypotheses**: _Not done yet" in outline
    assert "likely (55-80%); your number: 70%" in outline
    assert "basis: The sources agree" in outline


def test_verdict_ui_commits_before_checking_keeps_the_first_attempt_and_builds_the_outline(tmp_path):
    import ipywidgets as widgets
    from test_exercises_widgets import _find, _html, _saved, _session

    from claimlab.exercises import verdict_ui

    data = sample_data()
    data["evidence"], data["hypotheses"] = _DATA.evidence, _DATA.hypotheses  # real directions
    root = verdict_ui(_session(tmp_path, data=data))
    _find(root, widgets.Dropdown, "How likely").value = "unlikely"
    _find(root, widgets.Text, "Your probability").value = "60"
    _find(root, widgets.ToggleButtons, "Your confidence").value = "moderate"
    _find(root, widgets.Textarea, "Your verdict").value = NEGATIVE
    _find(root, widgets.Text, "Indicator 1").value = "Russia arms a listed group that brings it no gain"
    assert "does not match" not in _html(root)  # nothing is checked before a commit
    commit = _find(root, widgets.Button, "Commit my answer")
    commit.click()
    assert "Write a one-line reason first" in _html(root)
    _find(root, widgets.Text, "The basis of your confidence").value = BASIS
    commit.click()
    assert "60% does not match &quot;unlikely&quot;" in _html(root)
    _find(root, widgets.Text, "Your probability").value = "30"
    commit.click()
    assert "Your verdict is stated as ICD 203 asks" in _html(root) and "Finished" in _html(root)
    record = _saved(tmp_path)["verdict"]["items"]["overall"]
    assert [a["choice"]["probability"] for a in record["attempts"]] == [60, 30]
    _find(root, widgets.Button, "Build my essay outline").click()
    assert "## 5. The verdict" in _html(root) and "unlikely (20-45%); your number: 30%" in _html(root)
