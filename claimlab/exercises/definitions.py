"""Exercise d: define the claim's terms, then see which cases meet it under those definitions.

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
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

#: How several chosen lists combine; part of the logic, so labelled here rather than in the data.
RULES: dict[str, str] = {
    "any": "on at least one of the lists you chose",
    "all": "on every list you chose",
}
#: Which moment the claim is about.
PERIODS: dict[str, str] = {
    "current": "still true as of the latest data",
    "ever": "true at any time in the record",
}
CHOICES = ("partner", "lists", "rule", "recognition", "period")


def missing_choices(choices: Mapping[str, Any]) -> list[str]:
    """The choices not made yet, in the order the exercise asks for them."""
    return [name for name in CHOICES if not choices.get(name)]


def _option(options: Sequence[Mapping[str, Any]], wanted: Any, what: str) -> Mapping[str, Any]:
    for option in options:
        if option["id"] == wanted:
            return option
    raise ValueError(f"unknown {what} definition {wanted!r} (expected one of {', '.join(o['id'] for o in options)})")


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


def _judge_list(list_id: str, label: str, records: Sequence[Mapping[str, Any]], counted: set[str],
                period: str) -> dict[str, Any]:
    """Whether one list counts, from its designation records (oldest first)."""
    if not records:
        return {"list": list_id, "counts": False, "status": None, "as_of": None,
                "text": f"{label}: no designation recorded in the data, so not counted"}
    latest = records[-1]
    hits = [r for r in records if r["status"] in counted]
    shown = hits[-1] if period == "ever" and hits else latest
    counts = bool(hits) if period == "ever" else latest["status"] in counted
    text = f"{label}: {shown['status']} as of {shown['as_of']}"
    if shown is not latest:
        text += f" (now {latest['status']} as of {latest['as_of']})"
    text += ", which counts" if counts else ", which does not count"
    return {"list": list_id, "counts": counts, "status": shown["status"], "as_of": shown["as_of"], "text": text}


def define_terms(choices: Mapping[str, Any], actors: Sequence[Mapping[str, Any]],
                 relations: Sequence[Mapping[str, Any]], definitions: Mapping[str, Any]) -> dict[str, Any]:
    """Apply the student's definitions to every case and explain each outcome.

    ``choices`` = ``{"partner": id, "lists": [list ids], "rule": "any"|"all",
    "recognition": id, "period": "current"|"ever"}``; ids come from ``definitions``
    (data/definitions.yml). Returns ``{"choices", "cases": [...], "meets": [case ids]}``,
    each case ``{"case", "name", "meets", "why", "partner", "terrorist", "recognised"}``.
    """
    missing = missing_choices(choices)
    if missing:
        raise ValueError(f"choose a definition for: {', '.join(missing)}")
    partner = _option(definitions["partner"], choices["partner"], "partner")
    recognition = _option(definitions["recognition"], choices["recognition"], "recognition")
    list_labels = {entry["id"]: entry["label"] for entry in definitions["lists"]}
    lists = list(dict.fromkeys(choices["lists"]))
    unknown = [name for name in lists if name not in list_labels]
    if unknown:
        raise ValueError(f"unknown terrorist list {unknown[0]!r} (expected one of {', '.join(list_labels)})")
    rule, period = choices["rule"], choices["period"]
    if rule not in RULES or period not in PERIODS:
        raise ValueError(f"rule must be one of {', '.join(RULES)} and period one of {', '.join(PERIODS)}")

    kind_labels = {k["kind"]: k["label"] for k in definitions["relation_kinds"]}
    recognition_kinds = set(recognition["kinds"])
    partner_kinds = set(partner["kinds"]) | (recognition_kinds if partner.get("include_recognition") else set())
    counted = set(definitions["counts_as_listed"])
    subject = definitions["subject"]

    case_ids = list(dict.fromkeys(a["case"] for a in actors if a.get("case")))
    cases = []
    for case in case_ids:
        members = [a for a in actors if a.get("case") == case]
        member_ids = {a["id"] for a in members}
        name = " / ".join(a["name"] for a in members)
        rels = [r for r in relations if r["source"] == subject and r["target"] in member_ids]

        is_partner, partner_views = _judge_relations(rels, partner_kinds, period, kind_labels)
        is_recognised, recognition_views = _judge_relations(rels, recognition_kinds, period, kind_labels)
        counting = [v for v in partner_views if v["counts"]]
        if is_partner:
            partner_why = f"Partner: yes, under \"{partner['label']}\": {_describe(counting)}."
        elif rels:
            partner_why = (f"Partner: no. Recorded relations ({_describe(partner_views)}) do not count under "
                           f"\"{partner['label']}\" ({PERIODS[period]}).")
        else:
            partner_why = "Partner: no. The data record no relation between Russia and this case."

        verdicts = [_judge_list(name_, list_labels[name_], sorted(
            (d for a in members for d in a.get("designations", []) if d["list"] == name_),
            key=lambda d: d["as_of"]), counted, period) for name_ in lists]
        flags = [v["counts"] for v in verdicts]
        is_terrorist = any(flags) if rule == "any" else all(flags)
        terrorist_why = (f"Terrorist: {'yes' if is_terrorist else 'no'}, you count a case {RULES[rule]}. "
                         + "; ".join(v["text"] for v in verdicts) + ".")

        recognised = [v for v in recognition_views if v["counts"]]
        recognition_why = (f"Recognised ({recognition['label']}): "
                           + (f"yes: {_describe(recognised)}." if is_recognised else "no."))

        meets = is_partner and is_terrorist
        cases.append({
            "case": case, "name": name, "meets": meets,
            "why": f"{name} {'meets' if meets else 'does not meet'} the claim under your definitions. "
                   f"{partner_why} {terrorist_why}",
            "partner": {"meets": is_partner, "relations": partner_views, "why": partner_why},
            "terrorist": {"meets": is_terrorist, "lists": verdicts, "why": terrorist_why},
            "recognised": {"meets": is_recognised, "relations": recognition_views, "why": recognition_why},
        })
    normalised = {"partner": partner["id"], "lists": lists, "rule": rule,
                  "recognition": recognition["id"], "period": period}
    return {"choices": normalised, "cases": cases, "meets": [c["case"] for c in cases if c["meets"]]}


def uncovered_kinds(relations: Sequence[Mapping[str, Any]], definitions: Mapping[str, Any]) -> list[str]:
    """Relation kinds used in the data but not described in definitions.yml (a data gap to fix)."""
    known = {k["kind"] for k in definitions["relation_kinds"]}
    return sorted({r["kind"] for r in relations} - known)
