"""The answer key of the instructor edition, generated from ``data/`` so it never drifts.

Every graded judgement of the exercises is listed with the model's view and the defensible
range the exercises accept (contract 2 in HELPERS.md): evidence grades, claim kinds and
statuses, the counterpoint duel's candidates and the model's strongest (both sides), and the
competing-hypotheses model matrices. A record whose ``defensible`` block is missing (older data)
shows the model answer alone and says the range is not yet stated, rather than inventing one.

Everything taken from the data is written through :func:`claimlab.myst_text.cited`, so data text
can never become markup on the page, except the citation roles the schema allows in prose.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from . import myst_text
from .data import Dataset
from .labels import human_date

#: What the key says where a record states no defensible range yet.
NOT_STATED = "Range not yet stated in the data: the model answer alone."


def _cell(value: Any) -> str:
    """One table cell of data text: escaped but for its citations, on one line (an empty value shows as a dash)."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, (list, tuple)):
        return ", ".join(myst_text.cited(str(v)) for v in value)
    return myst_text.cited(str(value))


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A MyST table; cells must already be escaped."""
    return ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers),
            *("| " + " | ".join(row) + " |" for row in rows), ""]


def missing_ranges(ds: Dataset) -> list[str]:
    """``"evidence <id>"`` / ``"claim <id>"`` for every graded record without a ``defensible`` block."""
    return ([f"evidence {e['id']}" for e in ds.evidence if not e.get("grading", {}).get("defensible")]
            + [f"claim {c['id']}" for c in ds.claims if not c.get("defensible")])


def evidence_table(ds: Dataset) -> list[str]:
    """Model grade, defensible reliability and credibility, and the reasons, per evidence item."""
    rows = []
    for e in sorted(ds.evidence, key=lambda e: (e["date"], e["id"])):
        g = e["grading"]
        rng = g.get("defensible")
        rows.append([
            f"`{e['id']}`", _cell(human_date(e["date"])), _cell(e["summary"]),
            f"**{_cell(g['reliability'])}{_cell(g['credibility'])}**",
            _cell(rng["reliability"]) if rng else "–", _cell(rng["credibility"]) if rng else "–",
            _cell(f"Reliability: {g['reliability_reason']} Credibility: {g['credibility_reason']}"),
            _cell(rng["reason"]) if rng else _cell(NOT_STATED),
        ])
    return _table(["Id", "Date", "Evidence", "Model", "Defensible reliability", "Defensible credibility",
                   "Model's reasons", "Why this range"], rows)


def claims_table(ds: Dataset) -> list[str]:
    """Model kind and status, the defensible kinds and statuses, and why, per claim."""
    titles = {c["id"]: c["title"] for c in ds.chapters}
    rows = []
    for c in ds.claims:
        rng = c.get("defensible")
        rows.append([
            f"`{c['id']}`", _cell(titles.get(c["chapter"], c["chapter"])), _cell(c["text"]),
            f"**{_cell(c['kind'])}**, **{_cell(c['status'])}** as of {_cell(human_date(c['as_of']))}",
            _cell(rng["kind"]) if rng else "–", _cell(rng["status"]) if rng else "–",
            _cell(c.get("status_reason")),
            _cell(rng["reason"]) if rng else _cell(NOT_STATED),
        ])
    return _table(["Id", "Chapter", "Claim", "Model", "Defensible kinds", "Defensible statuses",
                   "Model's reason", "Why this range"], rows)


def lateral_tables(ds: Dataset) -> list[str]:
    """"Read laterally": each outlet's model grade after checking, its range and reasons; then the claim update."""
    lateral = ds.extra.get("lateral-reading") or {}
    rows = [[f"`{o['id']}`", _cell(o["name"]), f"**{_cell(o['grading']['reliability'])}**",
             _cell(o["grading"]["defensible"]["reliability"]), _cell(o["grading"]["reliability_reason"]),
             _cell(o["grading"]["defensible"]["reason"])] for o in lateral.get("outlets", [])]
    out = _table(["Id", "Outlet", "Model (after checking)", "Defensible", "Model's reason", "Why this range"], rows)
    update = lateral.get("claim_update")
    if update:
        rows = [[f"**`{c['evidence']}`**" if c["evidence"] == update["source"] else f"`{c['evidence']}`",
                 _cell(c["note"])] for c in update["candidates"]]
        out += [f"Claim update (`{update['claim']}`): model status **{_cell(update['status'])}**, defensible "
                f"{_cell(update['defensible']['status'])}. {_cell(update['status_reason'])} Range: "
                f"{_cell(update['defensible']['reason'])}", "", *_table(["Newer source", "Model's note"], rows)]
    return out


def duel_table(ds: Dataset) -> list[str]:
    """Each main claim's duel candidates (the counterpoints that answer it) and the model's strongest."""
    rows = []
    for c in (c for c in ds.claims if c.get("main")):
        candidates = [cp["id"] for cp in ds.counterpoints if c["id"] in cp["responds_to"]]
        strongest = c.get("strongest_counterpoint")
        others = [f"`{i}`" for i in candidates if i != strongest]
        rows.append([f"`{c['id']}`", _cell(c["text"]), f"**`{strongest}`**" if strongest else "–",
                     ", ".join(others) or "–", _cell(c.get("strongest_why"))])
    return _table(["Main claim", "Claim", "Model's strongest", "Other candidates", "Why the model ranks it first"],
                  rows)


def thesis_duel_table(ds: Dataset) -> list[str]:
    """Each thesis-side round of the duel: the sceptic's objection, the claim defended, the evidence a defender may
    rank, the model's strongest with its reason, and the strongest case against that reply."""
    rows = []
    for cp in (cp for cp in ds.counterpoints if cp.get("thesis_case")):
        case = cp["thesis_case"]
        strongest = case.get("strongest")
        others = [f"`{i}`" for i in case["evidence"] if i != strongest]
        rows.append([f"`{cp['id']}`", myst_text.cited(cp["text"]), f"`{case['defends']}`",
                     f"**`{strongest}`**" if strongest else "–", ", ".join(others) or "–",
                     myst_text.cited(case.get("why") or "–"), myst_text.cited(case.get("case_against") or "–")])
    return _table(["Round", "Sceptic's objection", "Claim defended", "Model's strongest evidence",
                   "Other candidates", "Why the model ranks it first", "Strongest case against it"], rows)


def matrix_table(ds: Dataset) -> list[str]:
    """The competing-hypotheses model matrix, one column per hypothesis.

    Data with two reasoned readings (``ds.readings``) are shown by the renderer that owns them,
    :func:`claimlab.render.model_matrices`; this table covers the one-matrix format.
    """
    from . import render

    if getattr(ds, "readings", None) and hasattr(render, "model_matrices"):
        return [render.model_matrices(ds), ""]
    rated = list(dict.fromkeys(ev for h in ds.hypotheses for ev in h.get("ratings", {})))
    summaries = ds.by_id("evidence")
    rows = [[f"`{ev}`", _cell(summaries[ev]["summary"]) if ev in summaries else "–",
             *(_cell(h.get("ratings", {}).get(ev)) for h in ds.hypotheses)] for ev in rated]
    return _table(["Id", "Evidence", *(_cell(h["label"]) for h in ds.hypotheses)], rows)


def source_analysis_table(ds: Dataset) -> list[str]:
    """Each question of "Source the analysis": the model choice, the defensible choices and the reasons."""
    section = ds.extra.get("source-analysis") or {}
    sets = section.get("choice_sets", {})
    rows = []
    for item in section.get("items", []):
        labels = {o["id"]: o["label"] for o in sets.get(item["choices"], [])}
        question = item["question"] + (f" “{item['quote']}”" if item.get("quote") else "")
        if item.get("account"):
            question += f" (account: {{cite:t}}`{item['account']}`)"
        rng = item.get("defensible", {}).get("choice", [])
        rows.append([f"`{item['id']}`", _cell(question),
                     f"**{_cell(labels.get(item['model'], item['model']))}**" + (" (scored)" if item.get("scored") else ""),
                     _cell([labels.get(v, v) for v in rng]), _cell(item["model_reason"]),
                     _cell(item.get("defensible", {}).get("reason"))])
    return _table(["Id", "Question", "Model", "Defensible choices", "Model's reason", "Why this range"], rows)


def answer_key(ds: Dataset) -> str:
    """The whole key as MyST: one section per graded exercise."""
    missing = missing_ranges(ds)
    out = []
    if missing:
        named = ", ".join(f"{kind} `{rid}`" for kind, rid in (m.split(" ", 1) for m in missing))
        out += [f"```{{warning}}\n{len(missing)} graded record(s) state no defensible range yet: {named}.\n```", ""]
    out += ["## Source the analysis", "",
            "Only the date has one right answer, fixed by the text's own clues; every other choice inside the "
            "defensible range is accepted, and one outside it asks the student to argue.", "",
            *source_analysis_table(ds),
            "## Grade the sources", "",
            f"{len(ds.evidence)} evidence items. The model grade is one defensible view; any grade inside the "
            "defensible range is accepted without argument, and a grade outside it asks the student to argue.", "",
            *evidence_table(ds),
            "## Read laterally", "",
            "Students grade each outlet before and after checking who runs it; the model grade is shown only after "
            "the second. The shift between the two grades is the point, not the letter.", "",
            *lateral_tables(ds),
            "## Sort the claims", "",
            f"{len(ds.claims)} claims. Kinds and statuses inside the range are accepted; the status words are "
            "defined on the welcome page.", "",
            *claims_table(ds),
            "## Counterpoint duel", "",
            "Every candidate answers its claim. The model names only its strongest; a student who ranks another "
            "first is asked to argue the case, never marked wrong.", "",
            *duel_table(ds),
            "Thesis-side rounds: the student argues *for* the claim named, against a sceptic's objection, ranking the "
            "evidence a defender could use and writing a one-line steelman that names an evidence item and its year. "
            "The model's strongest is one defensible view; the strongest case against it is shown beside it, and "
            "neither settles the overall claim.", "",
            *thesis_duel_table(ds),
            "## Competing hypotheses", "",
            "The model matrix is one reasoned reading. Ratings are judgements to discuss, not points.", "",
            *matrix_table(ds)]
    return "\n".join(out)
