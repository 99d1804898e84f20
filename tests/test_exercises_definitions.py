"""Exercise d: the same cases meet or miss the claim depending on the definitions chosen."""
from __future__ import annotations

import pytest
from test_exercises_fixtures import sample_data

from claimlab.exercises.definitions import define_terms, missing_choices, uncovered_kinds


def _run(**choices):
    data = sample_data()
    base = {"partner": "contact", "lists": ["us"], "rule": "any", "recognition": "de-jure", "period": "current"}
    return define_terms({**base, **choices}, data["actors"], data["relations"], data["definitions"])


def _case(result, case):
    return next(c for c in result["cases"] if c["case"] == case)


def test_contact_and_us_list():
    result = _run()
    assert [c["case"] for c in result["cases"]] == ["taliban", "hamas", "assad"]
    assert result["meets"] == ["hamas"]
    taliban = _case(result, "taliban")
    assert taliban["partner"]["meets"] and not taliban["terrorist"]["meets"]
    assert "not-listed as of 2025" in taliban["terrorist"]["why"]
    assert "formally recognises it (since 2025-07-03)" in taliban["partner"]["why"]
    assert taliban["recognised"]["meets"]
    hamas = _case(result, "hamas")
    assert "listed as of 1997, which counts" in hamas["terrorist"]["why"]
    assert "hosts its delegations (since 2023-10-26)" in hamas["why"]
    assert _case(result, "assad")["partner"]["meets"]  # asylum counts as contact


def test_designation_is_read_from_the_latest_record_whatever_the_period():
    # The fixture lists Taliban on Russia's list in 2003 and suspended in 2025, out of date order.
    for period in ("current", "ever"):
        terrorist = _case(_run(lists=["russia"], period=period), "taliban")["terrorist"]
        assert not terrorist["meets"]
        assert "suspended as of 2025-04-17, which does not count" in terrorist["why"]
        assert terrorist["lists"][0]["note"] == "Suspended."


def test_case_actors_from_definitions_join_the_case():
    data = sample_data()
    data["actors"].append({"id": "assad-regime", "name": "Assad government", "type": "government",
                           "summary": "x", "designations": [
                               {"list": "us", "status": "listed", "as_of": "2025-08", "note": "Sponsor.",
                                "sources": ["key-a"]}]})
    choices = {"partner": "contact", "lists": ["us"], "rule": "any", "recognition": "de-jure", "period": "current"}
    before = define_terms(choices, data["actors"], data["relations"], data["definitions"])
    assert "assad" not in before["meets"]
    data["definitions"]["case_actors"] = {"assad": ["assad-regime"]}
    after = define_terms(choices, data["actors"], data["relations"], data["definitions"])
    assad = _case(after, "assad")
    assert assad["meets"] and assad["name"] == "Bashar al-Assad and Assad government"
    assert "listed as of 2025-08, which counts" in assad["why"]


def test_sanctioned_individuals_and_missing_records_do_not_count():
    result = _run(lists=["un", "eu"])
    taliban = _case(result, "taliban")["terrorist"]
    assert not taliban["meets"]
    assert "sanctioned-individuals as of 2026-02, which does not count" in taliban["why"]
    assert "EU list: no designation recorded" in taliban["why"]


def test_all_rule_needs_every_list():
    # Hamas: US listed, Russia not -> any: yes, all: no.
    assert _case(_run(lists=["us", "russia"], rule="any"), "hamas")["terrorist"]["meets"]
    assert not _case(_run(lists=["us", "russia"], rule="all"), "hamas")["terrorist"]["meets"]


def test_ended_relations_count_only_for_ever():
    now = _case(_run(partner="security"), "assad")["partner"]
    assert not now["meets"] and "2015-09 to 2024-12-08" in now["why"]
    ever = _case(_run(partner="security", period="ever"), "assad")["partner"]
    assert ever["meets"]
    assert [r["id"] for r in ever["relations"] if r["counts"]] == ["r4"]


def test_recognition_definition_feeds_the_formal_partner_option():
    # De jure: only 'recognises' (and high-level hosting) makes a partner -> Hamas is not one.
    assert not _case(_run(partner="formal"), "hamas")["partner"]["meets"]
    assert _case(_run(partner="formal"), "taliban")["partner"]["meets"]
    # De facto: hosting counts as recognition, so Hamas becomes a partner too.
    de_facto = _run(partner="formal", recognition="de-facto")
    assert _case(de_facto, "hamas")["partner"]["meets"]
    assert _case(de_facto, "hamas")["recognised"]["meets"]
    assert not _case(_run(), "hamas")["recognised"]["meets"]


def test_missing_and_unknown_choices():
    definitions = sample_data()["definitions"]
    assert missing_choices({"partner": "contact", "lists": []}, definitions) == ["lists", "rule", "recognition",
                                                                                 "period"]
    # An option that definitions.yml no longer offers (say, renamed by an instructor) must be chosen again.
    gone = {"partner": "friendship", "lists": ["us", "nato"], "rule": "any", "recognition": "de-jure",
            "period": "someday"}
    assert missing_choices(gone, definitions) == ["partner", "lists", "period"]
    with pytest.raises(ValueError, match="choose a definition for: rule"):
        _run(rule="")
    with pytest.raises(ValueError, match="choose a definition for: partner"):
        _run(partner="friendship")
    with pytest.raises(ValueError, match="choose a definition for: lists"):
        _run(lists=["nato"])


def test_uncovered_kinds_finds_kinds_the_definitions_do_not_describe():
    data = sample_data()
    assert uncovered_kinds(data["relations"], data["definitions"]) == []
    data["relations"].append(dict(data["relations"][0], id="r9", kind="trades-with"))
    assert uncovered_kinds(data["relations"], data["definitions"]) == ["trades-with"]


def test_every_relation_kind_in_the_real_data_is_described(dataset):
    """data/definitions.yml must say what each relation kind of data/actors.yml means."""
    definitions = dataset.extra["definitions"]
    assert uncovered_kinds(dataset.relations, definitions) == []
    described = {k["kind"] for k in definitions["relation_kinds"]}
    for option in definitions["partner"] + definitions["recognition"]:
        assert set(option["kinds"]) <= described, option["id"]
    actor_ids = {a["id"] for a in dataset.actors}
    assert {i for ids in definitions.get("case_actors", {}).values() for i in ids} <= actor_ids
