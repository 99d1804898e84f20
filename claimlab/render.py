"""Turn the dataset into MyST text and HTML for the book's pages.

There is one way to render a claim, a source grading or a date, and it lives here:
the Sphinx directives in :mod:`claimlab.sphinxext` only call these functions, and
the tests check what they produce. Every string taken from the data and written
into HTML passes through :func:`html.escape`.
"""
from __future__ import annotations

from html import escape
from typing import Any

from .data import Dataset
from .exercises.chain import plain_data
from .exercises.selfcheck import QUESTIONS, claim_questions
from .labels import STATUS, grade_code, grade_words, human_date


def cite(keys: list[str]) -> str:
    return "{cite:p}`" + ",".join(keys) + "`"


def evidence_line(item: dict[str, Any]) -> str:
    """One evidence item as a Markdown list entry: date, summary, citation and grading."""
    keys = [item["source"], *item.get("also", [])]
    g = item["grading"]
    return (f"- **{human_date(item['date'])}.** {item['summary']} {cite(keys)} "
            f"*Graded {grade_code(g)}: {grade_words(g)}.*")


def claim_card(ds: Dataset, claim: dict[str, Any]) -> str:
    """A claim with its kind, status, evidence for and against, and strongest counterpoint."""
    supports = [e for e in ds.evidence if claim["id"] in e.get("supports", [])]
    undermines = [e for e in ds.evidence if claim["id"] in e.get("undermines", [])]
    title = f"{claim['kind'].capitalize()} · {claim['status']} as of {human_date(claim['as_of'])}"
    lines = [f"(claim-{claim['id']})=", f"::::{{admonition}} {title}", f":class: claim claim-{claim['status']}", ""]
    lines += [f"**The analysis claims:** {claim['text']}", ""]
    lines += [f"**Where it stands ({STATUS[claim['status']]}).** {claim['status_note']}", ""]
    if supports or undermines:
        lines += [f":::{{dropdown}} Evidence: {len(supports)} for, {len(undermines)} against", ""]
        for heading, items in (("Evidence for", supports), ("Evidence against", undermines)):
            if items:
                lines += [f"**{heading}**", ""] + [evidence_line(e) for e in items] + [""]
        lines += [":::", ""]
    if claim.get("strongest_counterpoint"):
        cp = ds.by_id("counterpoints")[claim["strongest_counterpoint"]]
        voice = f" ({cp['voice']})" if cp.get("voice") else ""
        lines += [f"**Strongest counterpoint{voice}.** {cp['text']} {cite(cp['sources'])}", ""]
        if claim.get("strongest_why"):
            lines += [f"*Why this one:* {claim['strongest_why']}", ""]
    if claim.get("error"):
        lines += [f"**Reading the source critically.** {claim['error']['problem']} "
                  f"*Lesson:* {claim['error']['lesson']}", ""]
    lines += ["::::", ""]
    return "\n".join(lines)


def claim_cards(ds: Dataset, chapter: str) -> str:
    """All claims of a chapter, main claims first, in data order otherwise."""
    claims = [c for c in ds.claims if c["chapter"] == chapter]
    claims.sort(key=lambda c: not c.get("main", False))
    return "\n".join(claim_card(ds, c) for c in claims)


def then_and_now(ds: Dataset) -> str:
    """A dated table, one row per claim: what the analysis said and where it stands."""
    titles = {c["id"]: c["title"] for c in ds.chapters}
    rows = ["| Claim (spring 2025) | Kind | Status | As of | Chapter |", "| --- | --- | --- | --- | --- |"]
    for c in ds.claims:
        text = c["text"].replace("|", "/")
        page = next(ch["page"] for ch in ds.chapters if ch["id"] == c["chapter"])
        rows.append(f"| {text} | {c['kind']} | {c['status']} | {human_date(c['as_of'])} | "
                    f"{{doc}}`{titles[c['chapter']]} </{page}>` |")
    return "\n".join(rows) + "\n"


def seed_errors(ds: Dataset) -> str:
    """The analysis's known errors, each with its correction and the lesson it teaches."""
    out = []
    for n, c in enumerate((c for c in ds.claims if c.get("error")), 1):
        out += [f"{n}. **{c['error']['problem']}** {c['status_note']} *Lesson:* {c['error']['lesson']}", ""]
    return "\n".join(out)


def glossary(ds: Dataset) -> str:
    """The glossary as a definition list, sorted by term."""
    out = []
    for t in sorted(ds.glossary, key=lambda t: t["term"].lower()):
        refs = f" {cite(t['sources'])}" if t.get("sources") else ""
        out += [f"({'term-' + t['id']})=", f"{t['term']}", f": {t['definition']}{refs}", ""]
    return "\n".join(out)


def source_grades(ds: Dataset) -> str:
    """Every evidence item's source and grading with the reasons, for the appendix."""
    rows = ["| Evidence | Date | Source | Grade | Why this reliability | Why this credibility |",
            "| --- | --- | --- | --- | --- | --- |"]
    for e in sorted(ds.evidence, key=lambda e: e["date"]):
        g = e["grading"]
        rows.append(f"| {e['summary'].replace('|', '/')} | {human_date(e['date'])} | {cite([e['source']])} | "
                    f"{grade_code(g)} | {g['reliability_reason']} | {g['credibility_reason']} |")
    return "\n".join(rows) + "\n"


def quiz_html(questions: list[dict[str, Any]], name: str, label: str) -> str:
    """A kernel-free quiz: one small form per question, checked by ``assets/claimlab-selfcheck.js``.

    The answers sit in the page (this is practice, not assessment), so it works on the
    static site with no kernel and no network. Every text from the data is escaped.
    """
    parts = [f'<section class="claimlab-selfcheck" aria-label="{escape(label)}">',
             '<p class="sc-intro">Practice, no kernel needed: choose an answer and press <strong>Check</strong>. '
             'Your choices are not saved or sent anywhere.</p>']
    for n, q in enumerate(questions, 1):
        parts.append(f'<form class="sc-q" data-answer="{escape(str(q["answer"]))}" data-explain="{escape(q["explain"])}">'
                     f'<fieldset><legend><span class="sc-n">{n}.</span> {escape(q["prompt"])}</legend>')
        for value, text in q["options"]:
            parts.append(f'<label class="sc-opt"><input type="radio" name="sc-{escape(name)}-{n}" '
                         f'value="{escape(str(value))}"> {escape(text)}</label>')
        parts.append('</fieldset><button type="submit" class="sc-check">Check</button>'
                     '<p class="sc-feedback" role="status" aria-live="polite"></p></form>')
    parts.append("</section>")
    return "\n".join(parts)


def self_check(ds: Dataset, chapter: str, limit: int = 3) -> str:
    """A chapter's self-check: kind and status of its main claims first."""
    claims = sorted((c for c in ds.claims if c["chapter"] == chapter), key=lambda c: not c.get("main", False))[:limit]
    return quiz_html(claim_questions(claims, plain_data(ds)), chapter, "Self-check for this chapter")


def exercise_check(ds: Dataset, exercise: str) -> str:
    """An exercise's kernel-free self-check of its core skill."""
    return quiz_html(QUESTIONS[exercise](plain_data(ds)), exercise, "Self-check: practise without a kernel")


def model_matrices(ds: Dataset) -> str:
    """Both model readings of the competing-hypotheses matrix, cell by cell with reasons, and how each ranks.

    For solutions and the instructor guide only: students see these readings after committing their own.
    Every data text is written as escaped MyST text.
    """
    from . import myst_text
    from .exercises.competing_hypotheses import model_analyses, model_cell

    text = myst_text.text
    readings = ds.readings
    evidence = ds.by_id("evidence")
    out = [f"- **{text(r['label'])}.** {text(r['approach'])}" for r in readings] + [""]
    analyses = model_analyses(plain_data(ds))
    out += ["| Hypothesis | " + " | ".join(f"{text(r['label'])}: score (weighted)" for r in analyses) + " |",
            "| --- |" + " --- |" * len(analyses)]
    for h in ds.hypotheses:
        out.append(f"| {text(h['label'])} | " + " | ".join(
            f"{r['scores'][h['id']]} ({r['weighted_scores'][h['id']]:g}), rank "
            f"{next(g['rank'] for g in r['ranking'] if h['id'] in g['hypotheses'])}" for r in analyses) + " |")
    out.append("")
    for h in ds.hypotheses:
        out += [f"**{text(h['label'])}.** {text(h['statement'])}", "",
                "| Evidence | " + " | ".join(text(r["label"]) for r in readings) + " |",
                "| --- |" + " --- |" * len(readings)]
        for row in ds.matrix_rows:
            item = evidence[row["evidence"]]
            marks = [model_cell(h, row["evidence"], r["id"]) for r in readings]
            out.append(f"| {human_date(item['date'])}: {text(item['summary'])} | "
                       + " | ".join(f"**{m['rating']}** {text(m['reason'])}" if m else "" for m in marks) + " |")
        out.append("")
    flat = [f"- {text(evidence[r['evidence']]['summary'])} *{text(r['note'])}*" for r in ds.matrix_rows
            if not r["diagnostic"]]
    if flat:
        out += ["**Kept although non-diagnostic under both readings:**", "", *flat, ""]
    return "\n".join(out)
