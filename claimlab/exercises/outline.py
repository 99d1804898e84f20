"""Assemble an essay outline from the student's answers across the whole chain.

The last exercise asks for a verdict on the broad claim; the essay that follows
should be built from the student's own earlier work, in the order a fair argument
needs: terms first, then cases, then Russia's case in its own terms, then the
strongest objections, and only then the verdict. Gaps are named with the exercise
that fills them, so the outline doubles as a to-do list.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import attempts
from .chain import TITLES, Data, evaluate_all
from .citations import plain_text
from .counterpoint_duel import AGAINST, duel_rounds
from .define_terms import PERIODS, RULES
from .verdict import CASES, OVERALL

#: A counterpoint voiced by the Russian state (not merely by a Russian scholar) states Moscow's own rationale.
RUSSIAN_OFFICIAL = re.compile(
    r"\b(?:Russian (?:government|foreign ministry|officials?|diplomats?|envoy|president)"
    r"|Russia's (?:government|foreign ministry|envoy|officials?|president)|Kremlin|Putin|Lavrov|Kabulov)\b",
    re.IGNORECASE)


def _todo(exercise: str) -> str:
    return f"_Not done yet: see the exercise \"{TITLES[exercise]}\"._"


def _definitions(result: Mapping[str, Any], data: Data) -> list[str]:
    if "missing" in result:
        return [_todo("define-terms")]
    answers = result["choices"]
    defs = data["definitions"]
    partner = next(o for o in defs["partner"] if o["id"] == answers["partner"])
    recognition = next(o for o in defs["recognition"] if o["id"] == answers["recognition"])
    lists = {entry["id"]: entry["label"] for entry in defs["lists"]}
    return [
        f"- **Partner**: {partner['label']}.",
        f"- **Terrorist**: {RULES[answers['rule']]}: {', '.join(lists[x] for x in answers['lists'])}.",
        f"- **Recognition**: {recognition['label']}.",
        f"- **When**: {PERIODS[answers['period']]}.",
    ]


def _cases(result: Mapping[str, Any]) -> list[str]:
    if "missing" in result:
        return [_todo("define-terms")]
    lines = [f"- **{case['name']}**: {case['why']} {case['recognised']['why']}" for case in result["cases"]]
    return lines + [f"\nUnder your definitions, {len(result['meets'])} of {len(result['cases'])} cases meet the claim."]


def _rationale(data: Data) -> list[str]:
    sources = data["sources"]
    lines = [f"- {cp['voice']}: {plain_text(cp['text'], sources)}" for cp in data["counterpoints"]
             if RUSSIAN_OFFICIAL.search(cp.get("voice") or "")]
    return ["State these in Russia's own terms and attribute them (\"Russia's foreign ministry said …\")."] + (
        lines or ["- _No counterpoint in the data is voiced by the Russian government._"])


def _counterpoints(answers: Mapping[str, Any], result: Mapping[str, Any], data: Data) -> list[str]:
    """Each answered duel round: the objection the student ranked strongest to a claim (against), or the
    evidence they ranked strongest for the claim against a sceptic (for), with their reason and steelman."""
    sources = data["sources"]
    lines = []
    for round_ in duel_rounds(data["claims"], data["counterpoints"], data["evidence"]):
        item = result["items"].get(round_["id"])
        if item is None:
            continue
        ranking = item["latest"]["ranking"]
        texts = {c["id"]: plain_text(c["text"], sources) for c in round_["candidates"]}
        latest = attempts.latest(answers.get("items", {}).get(round_["id"])) or {"choice": {}, "reason": ""}
        steelman = str(latest["choice"].get("steelman") or "").strip()
        if round_["side"] == AGAINST:
            head = (f"- **Claim**: {plain_text(round_['claim']['text'], sources)}\n"
                    f"  - Strongest counterpoint (your choice): {texts[ranking['ranking'][0]]}\n")
        else:
            head = (f"- **For the claim** \"{plain_text(round_['claim']['text'], sources)}\", against a sceptic: "
                    f"{plain_text(round_['objection']['text'], sources)}\n"
                    f"  - Strongest evidence for the claim (your choice): {texts[ranking['ranking'][0]]}\n")
        lines.append(head + f"  - Why: {latest['reason'] or '_(no reason given)_'}\n"
                     f"  - In your words: {steelman or '_(steelman not written yet)_'}")
        if not ranking["agree"]:
            lines.append(f"  - One defensible view ranks first instead: {texts[ranking['model']]} "
                         f"({plain_text(ranking['why'] or '', sources)})")
    return lines or [_todo("counterpoint-duel")]


def _verdict(answers: Mapping[str, Any], result: Mapping[str, Any], ach: Mapping[str, Any],
             data: Data) -> list[str]:
    labels = ach["labels"]  # the student's own hypotheses included
    lines = []
    if ach["rated"]:
        ranked = "; ".join(f"{g['rank']}. {' = '.join(labels[h] for h in g['hypotheses'])} (inconsistency {g['score']})"
                           for g in ach["student"]["ranking"])
        partial = "" if ach["complete"] else ", matrix not complete"
        lines.append(f"- **Competing hypotheses** (least inconsistent first{partial}): {ranked}")
    else:
        lines.append(f"- **Competing hypotheses**: {_todo('competing-hypotheses')}")
    overall = result["items"].get(OVERALL)
    committed = attempts.latest(answers.get("items", {}).get(OVERALL))
    if overall is None or committed is None or not overall["latest"]["likelihood"]:
        return lines + [f"- **Verdict on the thesis**: {_todo('verdict')}"]
    check, choice = overall["latest"], committed["choice"]
    low, high = check["range"]
    lines += [
        f"- **Likelihood that the thesis holds**: {check['likelihood']} ({low}-{high}%); your number: "
        f"{choice.get('probability')}%.",
        f"- **Confidence** (in its own sentence): {check['confidence'] or 'not chosen'}; basis: "
        f"{committed['reason'] or '_(not given)_'}",
        f"- **Statement**: {str(choice.get('statement') or '').strip() or '_(not written yet)_'}",
        f"- **Evidence named**: {', '.join(check['evidence']) or '_(none yet)_'}",
        "- **What would change my mind**:",
    ]
    lines += [f"  - {str(i).strip()}" for i in choice.get("indicators", []) if str(i).strip()] or ["  - _(none yet)_"]
    if not check["ok"]:
        lines.append("- **Still to fix**: " + " ".join(check["problems"]))
    for case, (name, _) in CASES.items():
        if case in result["items"]:
            mark = result["items"][case]["latest"]
            lines.append(f"- **{name}**: {mark['likelihood'] or 'no likelihood chosen'}"
                         + ("" if mark["ok"] else " (still to fix: " + " ".join(mark["problems"]) + ")"))
    return lines


def essay_outline(all_answers: Mapping[str, Mapping[str, Any]], data: Data,
                  evaluated: Mapping[str, Mapping[str, Any]] | None = None, level: int = 2) -> str:
    """A Markdown outline: definitions, cases, Russia's stated rationale, counterpoints, verdict.

    ``evaluated`` may pass in :func:`claimlab.exercises.chain.evaluate_all` output to avoid
    computing it twice; ``level`` is the heading level of the five sections.
    """
    done = evaluated if evaluated is not None else evaluate_all(all_answers, data)
    sections = [
        ("1. Definitions", _definitions(done["define-terms"]["results"], data)),
        ("2. The cases", _cases(done["define-terms"]["results"])),
        ("3. Russia's stated rationale", _rationale(data)),
        ("4. The counterpoints", _counterpoints(all_answers.get("counterpoint-duel", {"items": {}}),
                                                done["counterpoint-duel"]["results"], data)),
        ("5. The verdict", _verdict(all_answers.get("verdict", {}), done["verdict"]["results"],
                                    done["competing-hypotheses"]["results"], data)),
    ]
    hashes = "#" * level
    return "\n\n".join(f"{hashes} {title}\n\n" + "\n".join(lines) for title, lines in sections) + "\n"
