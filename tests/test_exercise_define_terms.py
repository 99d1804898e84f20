"""Exercise d: the same cases meet or miss the claim depending on the definitions chosen."""
from __future__ import annotations

import pytest
from test_exercises_fixtures import sample_data

from claimlab.exercises.define_terms import define_terms, missing_choices, uncovered_kinds


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


def _committed(choice, reason="The UN list is the one that counts"):
    return {"attempts": [{"choice": choice, "reason": reason, "at": "2026-11-30T09:00:00+00:00"}]}


def test_the_cases_are_judged_only_once_all_four_definitions_are_committed():
    from claimlab.exercises.chain import evaluate

    data = sample_data()
    items = {"partner": _committed({"partner": "contact"}), "lists": _committed({"lists": ["us"], "rule": "any"}),
             "recognition": _committed({"recognition": "de-jure"})}
    assert evaluate("define-terms", {"items": items}, data)["results"] == {"missing": ["period"]}
    items["period"] = {"draft": {"period": "current"}}  # on screen but not committed: still missing
    assert evaluate("define-terms", {"items": items}, data)["results"] == {"missing": ["period"]}
    items["period"] = _committed({"period": "current"})
    items["partner"]["attempts"].append({"choice": {"partner": "security"}, "reason": "Arms make a partner",
                                         "at": "2026-11-30T09:05:00+00:00"})
    result = evaluate("define-terms", {"items": items}, data)["results"]
    assert result["choices"]["partner"] == "security" and result["first"]["choices"]["partner"] == "contact"
    assert result["attempts"] == {"partner": 2, "lists": 1, "recognition": 1, "period": 1}
    assert result["first"]["meets"] == ["hamas"]


def test_format_v1_choices_are_read_as_first_attempts():
    from claimlab.exercises.chain import evaluate

    v1 = {"partner": "contact", "lists": ["us"], "rule": "any", "recognition": "de-jure", "period": "current"}
    result = evaluate("define-terms", v1, sample_data())["results"]
    assert result["meets"] == ["hamas"] and result["attempts"]["lists"] == 1


def test_a_reason_for_a_definition_must_name_a_term_list_or_case():
    from claimlab.exercises.attempts import reason_problems
    from claimlab.exercises.define_terms import anchors

    data = sample_data()
    found = anchors(data["definitions"], data["actors"])
    assert reason_problems("I like cats very much indeed", found)
    assert not reason_problems("Only the UN list is shared by every state", found)
    assert not reason_problems("Hosting Hamas delegations is already a partnership", found)


def test_define_terms_ui_commits_each_definition_then_shows_the_cases(tmp_path):
    import ipywidgets as widgets
    from test_exercises_widgets import _find, _html, _saved, _session

    from claimlab.exercises import define_terms_ui

    root = define_terms_ui(_session(tmp_path))
    step = _find(root, widgets.Dropdown, "Definition")
    commit, reason = _find(root, widgets.Button, "Commit my answer"), _find(root, widgets.Text, "Your reason")
    for item, set_choice, why in (
            ("partner", lambda: setattr(_find(root, widgets.RadioButtons, "A partner is"), "value", "contact"),
             "Hosting delegations is sustained contact"),
            ("lists", lambda: (setattr(_find(root, widgets.Checkbox, "US list"), "value", True),
                               setattr(_find(root, widgets.ToggleButtons, "Count a case"), "value", "any")),
             "The US list is the one the analysis uses"),
            ("recognition", lambda: setattr(_find(root, widgets.RadioButtons, "Recognition means"), "value",
                                            "de-jure"), "Recognition means a formal act"),
            ("period", lambda: setattr(_find(root, widgets.ToggleButtons, "Which relations"), "value", "current"),
             "Only current relations show policy now")):
        step.value = item
        assert "<td>Hamas</td>" not in _html(root)
        set_choice()
        reason.value = why
        commit.click()
    shown = _html(root)
    assert "Under your committed definitions, 1 of 3 cases meet the claim" in shown
    assert "<td>Hamas</td><td>yes</td>" in shown
    assert _saved(tmp_path)["define-terms"]["items"]["lists"]["attempts"][0]["choice"] == {"lists": ["us"],
                                                                                           "rule": "any"}
    again = define_terms_ui(_session(tmp_path))
    _find(again, widgets.Dropdown, "Definition").value = "lists"
    assert _find(again, widgets.Checkbox, "US list").value is True
    assert "1 of 3 cases meet the claim" in _html(again)
