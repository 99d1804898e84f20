"""Exercise f: ICD 203 estimative language and the essay outline."""
from __future__ import annotations

import pytest
from test_exercises_fixtures import sample_data

from claimlab.exercises.estimative import (canonical_term, check_verdict, likelihood_terms,
                                           mixes_likelihood_and_confidence, sentences, terms_for)
from claimlab.exercises.outline import essay_outline


def _verdict(**changes):
    base = {"likelihood": "likely", "probability": 70, "confidence": "moderate",
            "statement": "It is likely that Moscow deals with whoever holds power. "
                         "We have moderate confidence in this judgement.",
            "indicators": ["Russia arms the Taliban openly", "Russia lists Hamas"]}
    return check_verdict({**base, **changes})


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
    no_term = _verdict(statement="Moscow deals with whoever holds power. Our confidence is moderate.")
    assert any("Use your likelihood term" in p for p in no_term["problems"])


def test_two_distinct_indicators_are_required():
    assert not _verdict(indicators=["Russia lists Hamas"])["ok"]
    assert not _verdict(indicators=["Russia lists Hamas", " russia  lists hamas "])["ok"]
    assert not _verdict(indicators=["", "  "])["ok"]


def test_missing_choices_are_reported_not_raised():
    result = check_verdict({})
    assert not result["ok"] and len(result["problems"]) >= 3


def test_outline_has_the_five_parts_in_order_and_names_gaps():
    data = sample_data()
    answers = {
        "define-terms": {"partner": "contact", "lists": ["us"], "rule": "any", "recognition": "de-jure",
                         "period": "current"},
        "counterpoint-duel": {"items": {"c-main1": {"pick": "cp-2",
                                                    "steelman": "Moscow says it wants trade, not ideology."}}},
        "verdict": {"likelihood": "likely", "probability": 70, "confidence": "moderate",
                    "statement": "It is likely. Our confidence is moderate.", "indicators": ["a", "b"]},
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
    assert "The model answer prefers: Recognition changed little" in outline
    assert "(Wire Service, 2025-04-17)" in outline  # citation rendered as plain text
    assert "Competing hypotheses**: _Not done yet" in outline
    assert "likely (55-80%); your number: 70%" in outline
