"""Exercise "Define the terms": define the claim's terms, then see which cases meet it under those definitions.

"Russia partners with groups accused of terrorism" is true or false depending on
what counts as a partner, whose terrorist list counts, and what counts as
recognition. The student fixes those choices first; this module then applies them
mechanically to the recorded relations and designations (``actors.yml``) and says
*why* each case passes or fails, naming the relation, the list and the date. The
menu of definitions lives in ``data/definitions.yml`` so instructors can change it
without touching code.

A case meets the claim when Russia has at least one counting relation with it
(partner) and it is on the chosen lists under the chosen rule (terrorist).
Recognition is reported for every case, and a partner definition marked
``include_recognition`` also counts whatever the chosen recognition definition counts.

A case is every actor whose ``case`` field names it, plus the actors that
definitions.yml adds under ``case_actors`` (a movement and the government it
formed are separate actors, yet both stand for the case). Designations are read as
recorded: the latest record per list, with its ``as_of`` date. The period choice
applies to relations, which have ``since``/``until`` dates.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .reasons import content_words

#: How several chosen lists combine; part of the logic, so labelled here rather than in the data.
RULES: dict[str, str] = {
    "any": "on at least one of the lists you chose",
    "all": "on every list you chose",
}
#: Which relations count: only running ones, or also those that have ended.
PERIODS: dict[str, str] = {
    "current": "only relations still running as of the latest data",
    "ever": "also relations that have ended",
}
CHOICES = ("partner", "lists", "rule", "recognition", "period")


def missing_choices(choices: Mapping[str, Any], definitions: Mapping[str, Any]) -> list[str]:
    """Choices not made yet, or made with an option definitions.yml no longer offers, in the order asked.

    Saved answers outlive edits to the data, so an option that has gone counts as "choose again".
    """
    offered: dict[str, set[Any]] = {
        "partner": {o["id"] for o in definitions["partner"]},
        "lists": {entry["id"] for entry in definitions["lists"]},
        "rule": set(RULES),
        "recognition": {o["id"] for o in definitions["recognition"]},
        "period": set(PERIODS),
    }
    missing = []
    for name in CHOICES:
        value = choices.get(name)
        chosen = set(value) if name == "lists" and isinstance(value, list) else {value}
        if not value or not chosen <= offered[name]:
            missing.append(name)
    return missing


def _dates(record: Mapping[str, Any]) -> str:
    if record.get("until"):
        return f"{record['since']} to {record['until']}"
    return f"since {record['since']}"


def _relation_view(rel: Mapping[str, Any], kind_labels: Mapping[str, str], counts: bool) -> dict[str, Any]:
    return {"id": rel["id"], "kind": rel["kind"], "label": kind_labels.get(rel["kind"], rel["kind"]),
            "since": rel["since"], "until": rel.get("until"), "note": rel["note"], "counts": counts}


def _active(rel: Mapping[str, Any], period: str) -> bool:
    return period == "ever" or not rel.get("until")


def _judge_relations(rels: Sequence[Mapping[str, Any]], kinds: set[str], period: str,
                     kind_labels: Mapping[str, str]) -> tuple[bool, list[dict[str, Any]]]:
    views = [_relation_view(r, kind_labels, r["kind"] in kinds and _active(r, period)) for r in rels]
    return any(v["counts"] for v in views), views


def _describe(views: Sequence[Mapping[str, Any]]) -> str:
    return "; ".join(f"{v['label']} ({_dates(v)})" for v in views)


def _judge_list(list_id: str, label: str, records: Sequence[Mapping[str, Any]], counted: set[str]) -> dict[str, Any]:
    """Whether one list counts, from its latest designation record."""
    if not records:
        return {"list": list_id, "label": label, "counts": False, "status": None, "as_of": None, "note": None,
                "text": f"{label}: no designation recorded in the data, so not counted"}
    latest = max(records, key=lambda r: r["as_of"])
    counts = latest["status"] in counted
    return {"list": list_id, "label": label, "counts": counts, "status": latest["status"],
            "as_of": latest["as_of"], "note": latest["note"],
            "text": f"{label}: {latest['status']} as of {latest['as_of']}, which "
                    + ("counts" if counts else "does not count")}


@dataclass(frozen=True)
class _Terms:
    """The student's choices, resolved against definitions.yml."""

    partner: Mapping[str, Any]
    recognition: Mapping[str, Any]
    partner_kinds: frozenset[str]
    recognition_kinds: frozenset[str]
    lists: dict[str, str]  # chosen list id -> label
    rule: str
    period: str
    counted: frozenset[str]
    kind_labels: Mapping[str, str]


def _resolve(choices: Mapping[str, Any], definitions: Mapping[str, Any]) -> _Terms:
    missing = missing_choices(choices, definitions)
    if missing:
        raise ValueError(f"choose a definition for: {', '.join(missing)}")
    partner = next(o for o in definitions["partner"] if o["id"] == choices["partner"])
    recognition = next(o for o in definitions["recognition"] if o["id"] == choices["recognition"])
    labels = {entry["id"]: entry["label"] for entry in definitions["lists"]}
    recognition_kinds = frozenset(recognition["kinds"])
    borrowed = recognition_kinds if partner.get("include_recognition") else frozenset()
    return _Terms(
        partner=partner, recognition=recognition,
        partner_kinds=frozenset(partner["kinds"]) | borrowed,
        recognition_kinds=recognition_kinds,
        lists={name: labels[name] for name in choices["lists"]},
        rule=choices["rule"], period=choices["period"],
        counted=frozenset(definitions["counts_as_listed"]),
        kind_labels={k["kind"]: k["label"] for k in definitions["relation_kinds"]},
    )


def _judge_case(case: str, members: Sequence[Mapping[str, Any]], rels: Sequence[Mapping[str, Any]],
                terms: _Terms) -> dict[str, Any]:
    """One case under the student's terms: partner, terrorist, recognised, and why."""
    name = " and ".join(a["name"] for a in members)
    is_partner, partner_views = _judge_relations(rels, terms.partner_kinds, terms.period, terms.kind_labels)
    is_recognised, recognition_views = _judge_relations(rels, terms.recognition_kinds, terms.period, terms.kind_labels)
    label = terms.partner["label"]
    if is_partner:
        partner_why = f"Partner: yes, under \"{label}\": {_describe([v for v in partner_views if v['counts']])}."
    elif rels:
        partner_why = (f"Partner: no. Recorded relations ({_describe(partner_views)}) do not count under "
                       f"\"{label}\" ({PERIODS[terms.period]}).")
    else:
        partner_why = "Partner: no. The data record no relation between Russia and this case."

    designations = [d for a in members for d in a.get("designations", [])]
    verdicts = [_judge_list(list_id, list_label, [d for d in designations if d["list"] == list_id], terms.counted)
                for list_id, list_label in terms.lists.items()]
    flags = [v["counts"] for v in verdicts]
    is_terrorist = any(flags) if terms.rule == "any" else all(flags)
    terrorist_why = (f"Terrorist: {'yes' if is_terrorist else 'no'} (you count a case that is {RULES[terms.rule]}). "
                     + "; ".join(v["text"] for v in verdicts) + ".")

    recognised = [v for v in recognition_views if v["counts"]]
    recognition_why = (f"Recognised ({terms.recognition['label']}): "
                       + (f"yes: {_describe(recognised)}." if is_recognised else "no."))
    meets = is_partner and is_terrorist
    return {
        "case": case, "name": name, "meets": meets,
        "why": f"{name} {'meets' if meets else 'does not meet'} the claim under your definitions. "
               f"{partner_why} {terrorist_why}",
        "partner": {"meets": is_partner, "relations": partner_views, "why": partner_why},
        "terrorist": {"meets": is_terrorist, "lists": verdicts, "why": terrorist_why},
        "recognised": {"meets": is_recognised, "relations": recognition_views, "why": recognition_why},
    }


def define_terms(choices: Mapping[str, Any], actors: Sequence[Mapping[str, Any]],
                 relations: Sequence[Mapping[str, Any]], definitions: Mapping[str, Any]) -> dict[str, Any]:
    """Apply the student's definitions to every case and explain each outcome.

    ``choices`` = ``{"partner": id, "lists": [list ids], "rule": "any"|"all",
    "recognition": id, "period": "current"|"ever"}``; ids come from ``definitions``
    (data/definitions.yml). Returns ``{"choices", "cases": [...], "meets": [case ids]}``,
    each case ``{"case", "name", "meets", "why", "partner", "terrorist", "recognised"}``.
    """
    terms = _resolve(choices, definitions)
    extra = definitions.get("case_actors", {})
    cases = []
    for case in dict.fromkeys(a["case"] for a in actors if a.get("case")):
        members = [a for a in actors if a.get("case") == case or a["id"] in extra.get(case, [])]
        ids = {a["id"] for a in members}
        rels = [r for r in relations if r["source"] == definitions["subject"] and r["target"] in ids]
        cases.append(_judge_case(case, members, rels, terms))
    normalised = {"partner": terms.partner["id"], "lists": list(terms.lists), "rule": terms.rule,
                  "recognition": terms.recognition["id"], "period": terms.period}
    return {"choices": normalised, "cases": cases, "meets": [c["case"] for c in cases if c["meets"]]}


#: Words any reason for a definition may rest on.
TERM_WORDS = ("partner", "partners", "partnership", "list", "lists", "listed", "designation", "designated",
              "terrorist", "terrorism", "recognition", "recognise", "recognize", "recognised", "relation",
              "relations", "treaty", "embassy", "arms", "trade", "ended", "current", "running", "law", "court")


def anchors(definitions: Mapping[str, Any], actors: Sequence[Mapping[str, Any]]) -> set[str]:
    """What a reason for a definition may name: the words of the menu (labels and explanations),
    the lists, the relation kinds, the actors and the plain words of the claim's terms."""
    texts = [o[field] for key in ("partner", "recognition") for o in definitions[key]
             for field in ("label", "explanation")]
    texts += [entry["label"] for entry in definitions["lists"]]
    texts += [k["label"] for k in definitions["relation_kinds"]]
    names = {a[field] for a in actors for field in ("name", "short") if a.get(field)}
    return {*TERM_WORDS, *names, *(w for t in texts for w in content_words(t, min_length=4))}


def uncovered_kinds(relations: Sequence[Mapping[str, Any]], definitions: Mapping[str, Any]) -> list[str]:
    """Relation kinds used in the data but not described in definitions.yml (a data gap to fix)."""
    known = {k["kind"] for k in definitions["relation_kinds"]}
    return sorted({r["kind"] for r in relations} - known)
