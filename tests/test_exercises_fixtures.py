"""Small hand-written data for the exercise tests (imported by the other test_exercises_* files).

Kept independent of data/ so the engine's arithmetic can be checked against numbers
worked out by hand below, whatever the real data say.

ACH model matrices (I = 1, II = 2, others 0), credibility weights 1 -> 1, 2 -> 3/4, 3 -> 1/2, 6 -> 1/2.
Reading "a":

    evidence    cred   h1   h2   h3
    ev-wire      2     C    I    II
    ev-state     3     N    N    N     <- same for all: non-diagnostic
    ev-blog      6     I    C    C
    ev-report    1     CC   I    C
    score              1    2    2     -> h1 first, h2 = h3 tied second
    weighted          1/2  7/4  3/2    -> h1, h3, h2

Reading "b" (differently reasoned): ev-wire C N I, ev-state N N N, ev-blog II C C, ev-report C I C
    score              2    1    1     -> h2 = h3 tied first, h1 third
"""
from __future__ import annotations

import copy
from typing import Any

READING_A = {"h1": "C N I CC", "h2": "I N C I", "h3": "II N C C"}
READING_B = {"h1": "C N II C", "h2": "N N C I", "h3": "I N C C"}
ROWS = ["ev-wire", "ev-state", "ev-blog", "ev-report"]


def _ratings(hyp: str) -> dict[str, Any]:
    """Both readings of one hypothesis's column, each cell with a reason naming what it rests on."""
    return {ev: {reading: {"rating": ratings[hyp].split()[i], "reason": f"Reading {reading} on {ev} for {hyp}."}
                 for reading, ratings in (("a", READING_A), ("b", READING_B))}
            for i, ev in enumerate(ROWS)}


def _ev(id_: str, rel: str, rel_reason: str, cred: int, cred_reason: str, summary: str,
        rels: str = "", creds: tuple[int, ...] = ()) -> dict[str, Any]:
    """An evidence item; ``rels``/``creds`` widen its defensible range beyond the model grade."""
    return {"id": id_, "summary": summary, "date": "2025-01", "source": "key-a",
            "grading": {"reliability": rel, "reliability_reason": rel_reason,
                        "credibility": cred, "credibility_reason": cred_reason,
                        "defensible": {"reliability": sorted({rel, *rels}), "credibility": sorted({cred, *creds}),
                                       "reason": f"Range of {id_}."}}}


_DATA: dict[str, Any] = {
    "edition": "test-edition",
    "chapters": [{"id": "motives", "title": "Why Moscow moved", "page": "book/motives"},
                 {"id": "designation", "title": "From designation to recognition", "page": "book/designation"}],
    "sources": {"key-a": {"publisher": "Wire Service", "date": "2025-04-17"},
                "key-b": {"author": "Some Author", "date": "undated"}},
    "evidence": [
        _ev("ev-wire", "B", "A wire agency with a good record.", 2, "Reported by two agencies.",
            "A wire agency reports the court ruling.", "C", (1,)),
        _ev("ev-state", "C", "State media reporting its own government.", 3, "Not confirmed elsewhere.",
            "State media report the minister's words.", "BD", (2, 4)),
        _ev("ev-blog", "F", "An anonymous aggregator.", 6, "No way to check it.",
            "An aggregator repeats a rumour."),
        _ev("ev-report", "A", "An official record.", 1, "Confirmed by several sources.",
            "The court's own record of the ruling."),
    ],
    "claims": [
        {"id": "c-main1", "chapter": "motives", "text": "Moscow engages to keep militants away {cite}`key-a`.",
         "kind": "interpretation", "status": "contested", "as_of": "2026-02",
         "status_note": "Officials say so {cite}`key-a`; critics doubt it.", "main": True,
         "status_reason": "Officials and critics disagree.",
         "defensible": {"kind": ["interpretation"], "status": ["contested", "holds"], "reason": "Sources split."},
         "strongest_counterpoint": "cp-1", "strongest_why": "It questions whether anything changed."},
        {"id": "c-main2", "chapter": "motives", "text": "Recognition will spread.",
         "kind": "prediction", "status": "wrong", "as_of": "2026-01",
         "status_note": "No second state followed.", "main": True, "status_reason": "No state followed.",
         "defensible": {"kind": ["prediction"], "status": ["wrong"], "reason": "A dated record settles it."},
         "strongest_counterpoint": "cp-3", "strongest_why": "It names who did not follow."},
        {"id": "c-fact", "chapter": "designation", "text": "The group is still on the list.",
         "kind": "fact", "status": "overtaken", "as_of": "2025-04",
         "status_note": "The ban was suspended in April 2025.", "status_reason": "The ruling came later.",
         "defensible": {"kind": ["fact"], "status": ["overtaken"], "reason": "The ruling is dated."},
         "error": {"problem": "Written before the ruling.", "lesson": "Check when a text was written."}},
    ],
    "counterpoints": [
        {"id": "cp-1", "text": "Recognition changed little in practice, because trade and talks were already "
                               "under way before it {cite}`key-a`.",
         "responds_to": ["c-main1"], "sources": ["key-a"], "voice": "A Moscow-based expert"},
        {"id": "cp-2", "text": "Russia's foreign ministry says recognition serves practical cooperation.",
         "responds_to": ["c-main1"], "sources": ["key-a"], "voice": "Russian government"},
        {"id": "cp-3", "text": "No other state has recognised the government since.",
         "responds_to": ["c-main2"], "sources": ["key-b"]},
        {"id": "cp-4", "text": "A court suspended the ban.", "responds_to": ["c-fact"], "sources": ["key-a"]},
    ],
    "readings": [{"id": "a", "label": "Reading A", "approach": "Weighs words."},
                 {"id": "b", "label": "Reading B", "approach": "Weighs deeds."}],
    "matrix_rows": [{"evidence": ev, "diagnostic": ev != "ev-state", "note": "A row."} for ev in ROWS],
    "hypotheses": [
        {"id": "h1", "label": "Deliberate strategy", "statement": "A plan.", "ratings": _ratings("h1")},
        {"id": "h2", "label": "Pragmatic dealing", "statement": "Deals with whoever rules.", "ratings": _ratings("h2")},
        {"id": "h3", "label": "Opportunism", "statement": "Takes chances.", "ratings": _ratings("h3")},
    ],
    "actors": [
        {"id": "russia", "name": "Russia", "type": "state", "summary": "The state."},
        {"id": "taliban", "name": "The Taliban", "type": "government", "summary": "Rulers.", "case": "taliban",
         "designations": [
             {"list": "russia", "status": "suspended", "as_of": "2025-04-17", "note": "Suspended.",
              "sources": ["key-a"]},
             {"list": "russia", "status": "listed", "as_of": "2003-02", "note": "Banned.", "sources": ["key-a"]},
             {"list": "un", "status": "sanctioned-individuals", "as_of": "2026-02", "note": "Members.",
              "sources": ["key-a"]},
             {"list": "us", "status": "not-listed", "as_of": "2025", "note": "Not an FTO.", "sources": ["key-a"]},
         ]},
        {"id": "hamas", "name": "Hamas", "type": "group", "summary": "A movement.", "case": "hamas",
         "designations": [
             {"list": "russia", "status": "not-listed", "as_of": "2015-11", "note": "Never.", "sources": ["key-a"]},
             {"list": "us", "status": "listed", "as_of": "1997", "note": "FTO.", "sources": ["key-a"]},
         ]},
        {"id": "assad", "name": "Bashar al-Assad", "type": "person", "summary": "Former ruler.", "case": "assad"},
    ],
    "relations": [
        {"id": "r1", "source": "russia", "target": "taliban", "kind": "recognises", "since": "2025-07-03",
         "note": "Formal recognition.", "sources": ["key-a"]},
        {"id": "r2", "source": "russia", "target": "taliban", "kind": "hosts", "since": "2018-11-09",
         "note": "Moscow format.", "sources": ["key-a"]},
        {"id": "r3", "source": "russia", "target": "hamas", "kind": "hosts", "since": "2023-10-26",
         "note": "Delegation in Moscow.", "sources": ["key-a"]},
        {"id": "r4", "source": "russia", "target": "assad", "kind": "backed", "since": "2015-09",
         "until": "2024-12-08", "note": "Air war.", "sources": ["key-a"]},
        {"id": "r5", "source": "russia", "target": "assad", "kind": "grants-asylum", "since": "2024-12-08",
         "note": "Asylum.", "sources": ["key-a"]},
    ],
    "source_analysis": {
        "choice_sets": {
            "when": [{"id": "early", "label": "Early 2025"}, {"id": "late", "label": "Late 2025"},
                     {"id": "later", "label": "2026"}],
            "reading": [{"id": "states-fact", "label": "States a fact"}, {"id": "frames", "label": "Frames"},
                        {"id": "judges", "label": "Judges"}, {"id": "hedges", "label": "Hedges"}],
        },
        "steps": [{"id": "sourcing", "label": "Sourcing", "prompt": "Who wrote it, and when?"},
                  {"id": "close-reading", "label": "Close reading", "prompt": "What does each word do?"}],
        "items": [
            {"id": "when", "step": "sourcing", "question": "When was it written?", "choices": "when",
             "scored": True, "model": "early", "model_reason": "It names an April event.",
             "defensible": {"choice": ["early"], "reason": "One answer fits the clue."},
             "after": "The latest event gives the earliest date.", "anchors": ["april", "event"]},
            {"id": "word-one", "step": "close-reading", "question": "What does this phrase do?",
             "quote": "a loaded phrase", "choices": "reading", "model": "frames",
             "model_reason": "It casts the facts in one light.",
             "defensible": {"choice": ["frames", "judges"], "reason": "Some readers hear a verdict."},
             "after": "A neutral wording: a plain phrase.", "anchors": ["frames", "loaded"]},
            {"id": "word-two", "step": "close-reading", "question": "What does this other phrase do?",
             "quote": "might perhaps", "account": "key-a", "choices": "reading", "model": "hedges",
             "model_reason": "It marks a possibility.",
             "defensible": {"choice": ["hedges"], "reason": "The hedge is plain."},
             "after": "A neutral wording: may.", "anchors": ["hedge", "possibility"]},
        ],
    },
    "definitions": {
        "subject": "russia",
        "relation_kinds": [
            {"kind": "recognises", "label": "formally recognises it"},
            {"kind": "hosts", "label": "hosts its delegations"},
            {"kind": "backed", "label": "backed it militarily"},
            {"kind": "grants-asylum", "label": "grants asylum"},
            {"kind": "accepts-envoy", "label": "accepts its envoy"},
            {"kind": "hosts-leader", "label": "hosts its leader"},
        ],
        "partner": [
            {"id": "contact", "label": "Any sustained diplomatic contact", "explanation": "Talks are enough.",
             "kinds": ["hosts", "recognises", "accepts-envoy", "grants-asylum"]},
            {"id": "formal", "label": "Formal recognition or high-level hosting", "explanation": "Status matters.",
             "kinds": ["hosts-leader"], "include_recognition": True},
            {"id": "security", "label": "Military or security cooperation", "explanation": "Guns matter.",
             "kinds": ["backed"]},
        ],
        "recognition": [
            {"id": "de-jure", "label": "De jure", "explanation": "Formal.", "kinds": ["recognises"]},
            {"id": "de-facto", "label": "De facto", "explanation": "In practice.",
             "kinds": ["recognises", "accepts-envoy", "hosts"]},
        ],
        "lists": [{"id": x, "label": f"{x.upper()} list"} for x in ("russia", "un", "us", "eu", "uk")],
        "counts_as_listed": ["listed"],
    },
}


def sample_data() -> dict[str, Any]:
    """A fresh deep copy, so a test may change it freely."""
    return copy.deepcopy(_DATA)
