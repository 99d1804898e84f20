"""Turn the dataset into MyST text and HTML for the book's pages.

There is one way to render a claim, a source grading or a date, and it lives here:
the Sphinx directives in :mod:`claimlab.sphinxext` only call these functions, and
the tests check what they produce. Every string taken from the data passes through
:func:`claimlab.mt.text` (into MyST) or :func:`html.escape` (into HTML): data text is text.

Judged items (a claim's kind and status, an evidence item's grade) are shown the same way
everywhere: the item, a guess form, and the module's reading behind it (:mod:`claimlab.guess`).
"""
from __future__ import annotations

from html import escape
from typing import Any

from . import myst_text as mt
from .data import Dataset
from .exercises.chain import LazyPlainData, plain_data
from .exercises.selfcheck import GRADE_ASK, QUESTIONS, chapter_questions, claim_ask, claim_choices, grading_choices
from .guess import SUMMARY, form, marker, reading_parts
from .labels import KIND, STATUS, grade_code, grade_words, human_date, status_word


def _raw(html: str) -> list[str]:
    """A one-line HTML fragment written by this module (data text in it is already escaped)."""
    return ["```{raw} html", html, "```", ""]


def _reading(choices: list[dict[str, Any]], defensible: Any) -> str:
    """"An analyst could also defend …": the rest of the range, so the model reads as one view."""
    _, others = reading_parts(choices)
    reason = mt.cited(defensible["reason"]) if isinstance(defensible, dict) and defensible.get("reason") else ""
    if others:
        return f"**An analyst could also defend** {mt.text(others)}. {reason}".rstrip()
    return f"**How wide the range is:** in the module's view, no other reading holds up. {reason}" if reason else ""


def _reveal(key: str, choices: list[dict[str, Any]], body: list[str], extra_class: str = "") -> list[str]:
    """The module's reading in a collapsed dropdown that the page script opens after a guess."""
    lines = [f":::{{dropdown}} {SUMMARY}", f":class-container: cl-reveal {extra_class}".rstrip(), ""]
    lines += _raw(marker(key, choices))
    for paragraph in body:
        if paragraph:
            lines += [paragraph, ""]
    return lines + [":::", ""]


def _claim_reading(claim: dict[str, Any]) -> list[str]:
    """The module's kind and status of a claim, its one-line reason and the defensible range."""
    kind, status = claim_choices(claim)
    reason = mt.cited(claim["status_reason"]) if claim.get("status_reason") else ""
    return [f"**The module's reading:** {_article(claim['kind'])} {claim['kind']} ({KIND[claim['kind']]}); "
            f"{status_word(claim['status'])} as of {human_date(claim['as_of'])} ({STATUS[claim['status']]}). "
            f"{reason}".rstrip(),
            _reading([kind, status], claim.get("defensible"))]


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _claim_form(claim: dict[str, Any]) -> list[str]:
    return _raw(form(f"claim:{mt.identifier(claim['id'])}", claim_ask(claim), claim_choices(claim)))


def evidence_line(item: dict[str, Any]) -> str:
    """One evidence item as a Markdown list entry: date, summary and citation (its grade is asked for elsewhere)."""
    keys = [item["source"], *item.get("also", [])]
    return f"- **{human_date(item['date'])}.** {mt.cited(item['summary'])} {mt.cite(keys)}"


def claim_card(ds: Dataset, claim: dict[str, Any]) -> str:
    """A claim, the evidence for and against it, a guess form, and behind it the module's reading.

    Nothing outside the reading names the claim's kind, status or strongest counterpoint, and no
    evidence line shows its grade: the reader judges first (issue 8, "hide, then reveal").
    """
    cid = mt.identifier(claim["id"])
    supports = [e for e in ds.evidence if cid in e.get("supports", [])]
    undermines = [e for e in ds.evidence if cid in e.get("undermines", [])]
    title = f"A claim of the analysis, checked as of {human_date(claim['as_of'])}"
    lines = [f"(claim-{cid})=", f"::::{{admonition}} {title}",
             ":class: claim claim-card", ""]
    lines += [f"**The analysis claims:** {mt.cited(claim['text'])}", ""]
    if supports or undermines:
        lines += [f":::{{dropdown}} Evidence: {len(supports)} for, {len(undermines)} against", ""]
        for heading, items in (("Evidence for", supports), ("Evidence against", undermines)):
            if items:
                lines += [f"**{heading}**", ""] + [evidence_line(e) for e in items] + [""]
        lines += ["How reliable is each source? Grade them yourself in the sources appendix.", "", ":::", ""]
    lines += _claim_form(claim)
    body = [*_claim_reading(claim), f"**Where it stands.** {mt.cited(claim['status_note'])}"]
    if claim.get("strongest_counterpoint"):
        cp = ds.by_id("counterpoints")[claim["strongest_counterpoint"]]
        voice = f" ({mt.cited(cp['voice'])})" if cp.get("voice") else ""
        body.append(f"**The strongest counterpoint{voice}.** {mt.cited(cp['text'])} {mt.cite(cp['sources'])}")
        if claim.get("strongest_why"):
            body.append(f"*Why this one:* {mt.cited(claim['strongest_why'])}")
    if claim.get("error"):
        body.append(f"**Reading the source critically.** {mt.cited(claim['error']['problem'])} "
                    f"*Lesson:* {mt.cited(claim['error']['lesson'])}")
    lines += _reveal(f"claim:{cid}", claim_choices(claim), body, f"claim-{mt.identifier(claim['status'])}")
    return "\n".join(lines + ["::::", ""])


def claim_cards(ds: Dataset, chapter: str) -> str:
    """All claims of a chapter, main claims first, in data order otherwise."""
    claims = [c for c in ds.claims if c["chapter"] == chapter]
    claims.sort(key=lambda c: not c.get("main", False))
    return "\n".join(claim_card(ds, c) for c in claims)


def _short_card(ds: Dataset, claim: dict[str, Any], head: str, extra: list[str]) -> list[str]:
    """A claim in a list of claims: its text, a guess form and the module's reading (with ``extra``)."""
    cid = mt.identifier(claim["id"])
    return (["::::{container} cl-card cl-short", "", head, ""] + _claim_form(claim)
            + _reveal(f"claim:{cid}", claim_choices(claim), [*_claim_reading(claim), *extra],
                      f"claim-{mt.identifier(claim['status'])}") + ["::::", ""])


def then_and_now(ds: Dataset) -> str:
    """Every claim, dated, with a link to its chapter; its kind and status only after a guess."""
    pages = {c["id"]: c["page"] for c in ds.chapters}
    out = []
    for c in ds.claims:
        head = (f"**Spring 2025:** {mt.cited(c['text'])} (checked as of {human_date(c['as_of'])}; "
                f"see {mt.doc_link(pages[c['chapter']])})")
        out += _short_card(ds, c, head, [])
    return "\n".join(out)


def seed_errors(ds: Dataset) -> str:
    """The claims with a known error: the reader judges each first, then sees the correction and its lesson."""
    out = []
    for n, c in enumerate((c for c in ds.claims if c.get("error")), 1):
        out += _short_card(ds, c, f"**{n}.** {mt.cited(c['text'])}", [
            f"**What went wrong.** {mt.cited(c['error']['problem'])} {mt.cited(c['status_note'])}",
            f"*Lesson:* {mt.cited(c['error']['lesson'])}"])
    return "\n".join(out)


def glossary(ds: Dataset) -> str:
    """The glossary as a definition list, sorted by term."""
    out = []
    for t in sorted(ds.glossary, key=lambda t: t["term"].lower()):
        refs = f" {mt.cite(t['sources'])}" if t.get("sources") else ""
        out += [f"(term-{mt.identifier(t['id'])})=", mt.cited(t["term"]),
                f": {mt.cited(t['definition'])}{refs}", ""]
    return "\n".join(out)


def source_grades(ds: Dataset) -> str:
    """Every evidence item, by date, with a grading form; the module's grades and reasons after a guess."""
    out = []
    for e in sorted(ds.evidence, key=lambda e: e["date"]):
        g, eid = e["grading"], mt.identifier(e["id"])
        choices = grading_choices(g)
        out += ["::::{container} cl-card cl-evidence", "",
                f"**{human_date(e['date'])}.** {mt.cited(e['summary'])} {mt.cite([e['source']])}", ""]
        out += _raw(form(f"evidence:{eid}", GRADE_ASK, choices))
        out += _reveal(f"evidence:{eid}", choices, [
            f"**The module's reading: {grade_code(g)}**, {grade_words(g)}.",
            f"*Why this reliability:* {mt.cited(g['reliability_reason'])}",
            f"*Why this credibility:* {mt.cited(g['credibility_reason'])}",
            _reading(choices, g.get("defensible"))]) + ["::::", ""]
    return "\n".join(out)


def quiz_html(questions: list[dict[str, Any]], label: str) -> str:
    """A kernel-free self-check: each question a guess form with the module's reading behind it.

    It works on the static site with no kernel and no network (``assets/claimlab-reveal.js``).
    Feedback names options by their words, never by their ids. Every text is escaped.
    """
    parts = [f'<section class="claimlab-selfcheck" aria-label="{escape(label)}">',
             '<p class="sc-intro">Practice, no kernel needed: choose, give your reason where asked, then commit. '
             "Your first answer stays in this browser; nothing is sent anywhere.</p>"]
    for n, q in enumerate(questions, 1):
        model, others = reading_parts(q["choices"])
        lead = "The module’s reading" if q["judgement"] else "The answer"
        also = f" An analyst could also defend {others}." if others else ""
        asked = form(q["key"], q["prompt"], q["choices"], reason=q["judgement"], number=f"{n}.")
        parts.append(f'<div class="cl-card sc-q">{asked}'
                     f'<details class="cl-reveal"><summary>{escape(SUMMARY)}</summary>'
                     f'{marker(q["key"], q["choices"], exact=not q["judgement"])}'
                     f'<p>{escape(lead)}: {escape(model)}. {escape(q["explain"])}{escape(also)}</p></details></div>')
    parts.append("</section>")
    return "\n".join(parts)


def self_check(ds: Dataset, chapter: str) -> str:
    """A chapter's self-check: grade the sources behind its claims (the page does not show the grades)."""
    return quiz_html(chapter_questions(LazyPlainData(ds), chapter), "Self-check for this chapter")


def exercise_check(ds: Dataset, exercise: str) -> str:
    """An exercise's kernel-free self-check of its core skill."""
    return quiz_html(QUESTIONS[exercise](LazyPlainData(ds)), "Self-check: practise without a kernel")


def model_matrices(ds: Dataset) -> str:
    """Both model readings of the competing-hypotheses matrix, cell by cell with reasons, and how each ranks.

    For solutions and the instructor guide only: students see these readings after committing their own.
    Every data text is written as escaped MyST text.
    """
    from .exercises.competing_hypotheses import model_analyses, model_cell

    text = mt.text
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
