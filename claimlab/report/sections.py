"""What the class report says, section by section, as a :class:`~claimlab.report.document.Document`.

Every chart is followed by a table with the same numbers: the table is the text
alternative for screen readers and the only form the Markdown summary has. The
seminar-facing parts (where the class departs from the model's defensible range, with
reasons on both sides; where it is most divided) come right after the overview.

Contestable judgements are described as *inside* or *outside the model's defensible
range*, never as right or wrong (see :mod:`claimlab.report.stats`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..exercises.chain import EXERCISES, TITLES, Data
from ..exercises.verdict import CONFIDENCE, LIKELIHOOD
from .document import Block, Bullets, Details, Document, Figure, Heading, Paragraph, Quotes, Section, Table
from .stats import PROBABILITY_BINS, ClassStats, Distribution, ItemStats
from .svg import Bar, bar_chart, heatmap, number

#: Items shown under each ranking.
TOP = 10
DASH = "—"
RANGE_WORDS = "inside the model's defensible range"


@dataclass(frozen=True)
class Skipped:
    shown: str
    reason: str


@dataclass(frozen=True)
class Conflict:
    """Several different files for one student or group: none is counted until the instructor chooses."""

    student: str
    files: tuple[tuple[str, str], ...]  # (file, exported at)


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 file``, ``2 files``."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def _pct(value: float) -> str:
    return f"{round(100 * value)}%"


def _share(part: int, whole: int) -> str:
    return _pct(part / whole) if whole else DASH


def _options(dists: Sequence[Distribution]) -> list[str]:
    return list(dict.fromkeys(o for d in dists for o in d.options))


def _truncated(rows: Any, what: str) -> list[Block]:
    """A note when a per-student list was cut (the CSV has every student)."""
    if rows.total <= len(rows.rows):
        return []
    return [Paragraph(f"Showing the first {len(rows.rows)} of {rows.total} {what}; the CSV (gradebook.csv) has all.")]


def dist_table(caption: str, items: Sequence[ItemStats], first: str) -> Table:
    """Items as rows, possible answers as columns, the model answer, its range and the share inside it."""
    dists = [s.latest for s in items]
    options = _options(dists)
    return Table(caption, [first, "Answers", *options, "Model answer", "Defensible range", "Inside the range"],
                 [[s.latest.item, s.latest.n, *(s.latest.counts[o] for o in options), s.latest.model or DASH,
                   ", ".join(s.defensible), _share(s.inside_latest, s.latest.n)] for s in items])


def dist_heatmap(chart_id: str, caption: str, dists: Sequence[Distribution], rows_are: str) -> Figure:
    options = _options(dists)
    desc = (f"Heat map: one row per {rows_are} ({len(dists)} rows), one column per answer ({', '.join(options)}). "
            "Each cell gives the number of students; darker cells hold a larger share of that row's answers; "
            "the outlined cell is the model answer. The table after the chart gives the same numbers.")
    svg = heatmap(chart_id, caption, desc, [d.item for d in dists], options,
                  [[d.counts[o] for o in options] for d in dists],
                  [options.index(d.model) if d.model in options else None for d in dists])
    return Figure(svg, caption + ". Numbers are students; the outlined cell is the model answer.")


def _bars_figure(chart_id: str, caption: str, bars: Sequence[Bar], series: Sequence[str] = ("",),
                 unit: str = "") -> Figure:
    shown = "; ".join(f"{b.label}: " + ", ".join(f"{s} {number(v)}{unit}".strip() for s, v in zip(series, b.values))
                      for b in bars)
    desc = f"Bar chart. {shown or 'No answers yet.'} The table after the chart gives the same numbers."
    return Figure(bar_chart(chart_id, caption, desc, bars, series), caption + ".")


def counts_table(caption: str, dist: Distribution, first: str) -> Table:
    return Table(caption, [first, "Students", "Share"],
                 [[o, dist.counts[o], _share(dist.counts[o], dist.n)] for o in dist.options])


# -- sections -------------------------------------------------------------------------------

def _overview(stats: ClassStats, files: int, skipped: int, conflicts: int) -> Section:
    n = stats.submissions
    rows = [[e.title, stats.finished[e.id], n - stats.finished[e.id], _share(stats.finished[e.id], n)]
            for e in EXERCISES]
    return Section("overview", "Submissions", [
        Paragraph(f"{plural(n, 'submission')} read, {plural(skipped, 'file')} skipped and "
                  f"{plural(conflicts, 'student or group', 'students or groups')} with conflicting files "
                  f"({plural(files, '.json file')} found). Conflicts, notes and skipped files are listed at the end."),
        _bars_figure("finished", "Students who finished each exercise",
                     [Bar(e.title, (stats.finished[e.id],)) for e in EXERCISES]),
        Table("Finished exercises", ["Exercise", "Finished", "Not finished", "Finished share"], rows),
    ])


def _quotes(stats: ItemStats) -> list[Block]:
    inside = [(q.student, q.answer, q.reason) for q in stats.inside_quotes.items]
    outside = [(q.student, q.answer, q.reason) for q in stats.outside_quotes.items]
    return [Quotes(f"Reasons {RANGE_WORDS} ({len(inside)} of {stats.inside_quotes.seen} quoted)", inside),
            Quotes(f"Reasons outside it ({len(outside)} of {stats.outside_quotes.seen} quoted)", outside)]


def _versus_model(stats: ClassStats) -> Section:
    top = stats.outside_ranking()[:TOP]
    intro = Paragraph(
        "The judged items on which the largest share of the class answered outside the model's defensible range "
        "(the grades or categories an informed analyst could defend, model answer included). Outside the range is "
        "not the same as mistaken: read the reasons on both sides, quoted from a fixed random sample of the "
        f"students who gave one. Only items answered by at least {stats.min_answers} students are ranked; items "
        "whose data changed since a student answered are left out.")
    if not top:
        return Section("versus-model", "Where the class departs from the model",
                       [intro, Paragraph("No item has enough answers outside the range yet.")])
    blocks: list[Block] = [intro, Table(
        "Items most often answered outside the model's defensible range",
        ["Item", "Question", "Answers", "Most common answer", "Model answer", "Defensible range", "Outside the range"],
        [[s.latest.title, s.latest.about, s.latest.n, ", ".join(s.latest.modal), s.latest.model or DASH,
          ", ".join(s.defensible), _pct(s.outside_share)] for s in top])]
    for s in top:
        blocks += [Heading(f"{s.latest.title}: {s.latest.about}"), *_quotes(s)]
    return Section("versus-model", "Where the class departs from the model", blocks)


def _divided(stats: ClassStats) -> Section:
    top = [d for d in stats.ranking() if d.departing > 0][:TOP]
    rows = [[i, d.title, d.about, d.n, f"{', '.join(d.modal)} ({_pct(d.share(d.modal[0]))})", d.model or DASH,
             _pct(d.departing), f"{d.spread:.2f}"] for i, d in enumerate(top, 1)]
    blocks: list[Block] = [
        Paragraph("Seminar starting points: the questions on which the class is most divided. Disagreement is the "
                  "share of students whose answer differs from the most common answer (0% = everybody agrees, "
                  "50% = two equal camps); ties are broken by the spread of the answers (normalised entropy, "
                  "0 = one answer, 1 = every possible answer equally often). Counted over evidence grades, claim "
                  "kinds and statuses, counterpoint picks, ACH cells and the verdict's likelihood and confidence; "
                  f"only items answered by at least {stats.min_answers} students are ranked."),
    ]
    if not top:
        return Section("divided", "Where the class is most divided",
                       blocks + [Paragraph("Not enough answers yet to rank any item.")])
    return Section("divided", "Where the class is most divided", blocks + [
        _bars_figure("divided", f"The {len(top)} most divided items (share departing from the most common "
                     "answer, %)", [Bar(f"{d.item} ({d.aspect})" if d.aspect else d.item, (round(100 * d.departing),))
                                    for d in top], unit="%"),
        Table(f"The {len(top)} most divided items", ["Rank", "Item", "Question", "Answers", "Most common answer",
                                                     "Model answer", "Departing", "Spread"], rows),
    ])


def _revisions(stats: ClassStats) -> Section:
    revised = sorted((s for s in stats.item_stats() if s.revised), key=lambda s: (-s.revised, s.latest.key))[:TOP * 2]
    rows = []
    for s in revised:
        (move, count), = s.moves.most_common(1)
        rows.append([s.latest.title, s.latest.n, s.revised, s.into_range, s.out_of_range,
                     f"{move[0]} → {move[1]} ({count})", _share(s.inside_first, s.first.n),
                     _share(s.inside_latest, s.latest.n)])
    return Section("revisions", "First attempts and revisions", [
        Paragraph(f"Students commit an answer and a reason before they see any feedback; that first attempt is "
                  f"kept, and later commits are revisions. {stats.revising_students} of {stats.submissions} "
                  f"students revised at least one answer; {stats.revised_items} of {stats.committed} committed items "
                  f"were revised; {stats.reasons} committed items carry a reason (files in format 1 have none)."),
        Table("Most revised items", ["Item", "Answers", "Revised", "Moved into the range", "Moved out of the range",
                                     "Most common revision", "First attempts inside the range",
                                     "Latest answers inside the range"], rows),
    ])


def _scales(section_id: str, title: str, intro: str, stats: ClassStats, scales: Sequence[tuple[str, str]],
            rows_are: str) -> Section:
    """Grading and sorting: each scale as a heat map and a table, with the share inside the range."""
    blocks: list[Block] = []
    summary = []
    for aspect, name in scales:
        items = [s for s in stats.item_stats(section_id) if s.latest.aspect == aspect]
        answers = sum(s.latest.n for s in items)
        summary.append(f"{name} {_share(sum(s.inside_latest for s in items), answers)}")
        heading = name[0].upper() + name[1:]
        blocks += [Heading(heading),
                   dist_heatmap(f"{section_id}-{aspect}", f"{heading} chosen per {rows_are}",
                                [s.latest for s in items], rows_are),
                   dist_table(f"{heading} per {rows_are}", items, rows_are[0].upper() + rows_are[1:])]
    return Section(section_id, title, [Paragraph(f"{intro} Latest answers {RANGE_WORDS}: {', '.join(summary)}."),
                                       *blocks])


def _source_analysis(stats: ClassStats) -> Section:
    """One row per question: what the class chose first and last, against the model's choice and range.
    Each question has its own choices, so a compact table serves better than one heat map over all of them."""
    rows = [[s.latest.item, s.latest.n,
             "; ".join(f"{o} {s.first.counts[o]}" for o in s.first.options if s.first.counts[o]) or DASH,
             "; ".join(f"{o} {s.latest.counts[o]}" for o in s.latest.options if s.latest.counts[o]) or DASH,
             s.latest.model or DASH, ", ".join(s.defensible), _share(s.inside_first, s.first.n),
             _share(s.inside_latest, s.latest.n), s.revised]
            for s in stats.item_stats("source-analysis")]
    return Section("source-analysis", TITLES["source-analysis"], [
        Paragraph("Each question on the analysis's author, date, kind, audience, structure, loaded words and "
                  "corroboration. Only the date has one right answer; every other range is a judgement to discuss. "
                  "Compare the first attempts (made before any feedback) with the latest."),
        Table("Choices per question", ["Question", "Answers", "First attempts", "Latest", "Model", "Defensible range",
                                       "First inside", "Latest inside", "Revised"], rows),
        *(Details(f"Reasons given for {s.latest.item}: {s.latest.about}", _quotes(s))
          for s in stats.item_stats("source-analysis") if s.inside_quotes.items or s.outside_quotes.items),
    ])


def _lateral(stats: ClassStats) -> Section:
    """Read laterally: each outlet's grade before and after checking who runs it, the moves, and the reasons."""
    items = stats.item_stats("lateral-reading")
    graded = [s for s in items if s.latest.aspect == "reliability"]

    def counts(dist: Distribution) -> str:
        return "; ".join(f"{o} {dist.counts[o]}" for o in dist.options if dist.counts[o]) or DASH

    rows = [[s.latest.about or s.latest.item, s.latest.n, counts(s.first), counts(s.latest),
             s.repeated, _share(s.inside_first, s.first.n), _share(s.inside_latest, s.latest.n), s.revised,
             "; ".join(f"{a} to {b}: {n}" for (a, b), n in s.moves.most_common(3)) or DASH] for s in graded]
    blocks: list[Block] = [
        Paragraph("Each outlet is graded twice: before checking who runs it (the first attempt) and after (the "
                  "revision). The shift between the two is the lesson; the model grade is one defensible view. "
                  "\"Latest\" is the grade after checking for the students counted under \"Graded again\", "
                  "and still the first grade for the others."),
        Table("Reliability before and after checking, per outlet",
              ["Outlet", "Answers", "Before checking", "Latest", "Graded again", "Before: inside the range",
               "After: inside the range", "Changed", "Most common moves"], rows)]
    for s in graded:
        quotes = [[q.student, q.answer, q.reason] for q in (*s.inside_quotes.items, *s.outside_quotes.items)]
        if quotes:
            blocks.append(Details(f"Reasons after checking: {s.latest.about or s.latest.item} ({len(quotes)}, a "
                                  "fixed random sample)",
                                  [Table(f"Reasons for {s.latest.item}", ["Student", "Grade", "Reason"], quotes)]))
    status = [s for s in items if s.latest.aspect == "status"]
    if status:
        blocks += [Heading("The claim brought up to date"), dist_table("Status chosen for the updated claim", status,
                                                                        "Claim update")]
    return Section("lateral-reading", TITLES["lateral-reading"], blocks)


def _duel(stats: ClassStats) -> Section:
    picks = stats.item_stats("counterpoint-duel")
    rows = [[s.latest.item, s.latest.n, "; ".join(f"{o} {s.latest.counts[o]}" for o in s.latest.options
                                                   if s.latest.counts[o]),
             s.latest.model or DASH, _share(s.latest.counts[s.latest.model or ""], s.latest.n),
             stats.steelmen[s.latest.item].given, stats.steelmen[s.latest.item].ok] for s in picks]
    details: list[Block] = []
    for claim, found in stats.steelmen.items():
        if found.sample.items:
            details.append(Details(f"Steelmen for {claim} ({len(found.sample.items)} of {found.given}, a fixed "
                                   "random sample)",
                                   [Table(f"Steelmen for {claim}", ["Student", "Steelman", "Passes the checks"],
                                          [[st, text, "yes" if ok else "no"] for st, text, ok in found.sample.items])]))
    return Section("counterpoint-duel", TITLES["counterpoint-duel"], [
        Paragraph("For each round (a main claim, or a sceptic's objection that students answer for the thesis): "
                  "which counterpoint or evidence item students picked as the strongest, and how many "
                  "one-line steelmen pass the automatic checks (own words, one line, long enough)."),
        _bars_figure("duel", "Share of students picking the model's strongest, per round (%)",
                     [Bar(s.latest.item, (round(100 * s.latest.share(s.latest.model)),)) for s in picks], unit="%"),
        Table("Picks per round", ["Round", "Answers", "Picks", "Model pick", "Picked the model's",
                                  "Steelmen written", "Steelmen passing"], rows),
        *details,
    ])


def _terms(stats: ClassStats) -> Section:
    terms = stats.terms
    choice_rows = [[d.item, o, terms.labels.get(d.item, {}).get(o, ""), d.counts[o], _share(d.counts[o], d.n)]
                   for d in terms.choices for o in d.options]
    names = sorted({name for name, _ in terms.cases})
    cases = [(name, (terms.cases[(name, True)], terms.cases[(name, False)])) for name in names]
    return Section("define-terms", TITLES["define-terms"], [
        Paragraph(f"{terms.finished} of {stats.submissions} students chose all five definitions; the figures below "
                  "count those students."),
        Table("Definitions chosen", ["Choice", "Option", "Meaning", "Students", "Share"], choice_rows),
        Table("Terrorist lists counted", ["List", "Counted", "Not counted", "Share counting it"],
              [[d.item, d.counts["counted"], d.counts["not counted"], _share(d.counts["counted"], d.n)]
               for _, d in terms.lists]),
        _bars_figure("cases", "Students whose definitions make each case meet the claim",
                     [Bar(name, (met,)) for name, (met, _) in cases]),
        Table("Cases meeting the claim under the students' definitions",
              ["Case", "Meets", "Does not meet", "Share meeting"],
              [[name, met, not_met, _share(met, met + not_met)] for name, (met, not_met) in cases]),
        Table("Number of cases that meet the claim, per student", ["Cases meeting the claim", "Students"],
              [[k, v] for k, v in sorted(terms.cases_met.items())]),
    ])


def _score(value: Any) -> str:
    return number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else DASH


def _ach(stats: ClassStats, data: Data) -> Section:
    ach = stats.ach
    labels = {h["id"]: h["label"] for h in data["hypotheses"]}

    def mean(hyp: str, which: int) -> float | None:
        sums = ach.score_sums[hyp]
        return round(sums[which] / sums[2], 2) if sums[2] else None

    score_rows = [[labels[h], _score(mean(h, 0)), _score(ach.model_scores["scores"].get(h)), _score(mean(h, 1)),
                   _score(ach.model_scores["weighted"].get(h))] for h in labels]
    blocks: list[Block] = [
        Paragraph(f"{ach.complete} of {stats.submissions} students rated every cell of the matrix. First places and "
                  "mean scores count only complete matrices; the cell tables count every rating given. Lower "
                  "inconsistency ranks first (I = 1, II = 2)."),
        Heading("Which hypothesis ranked first"),
        _bars_figure("ach-first", "Hypothesis ranked first (least inconsistent) by each student",
                     [Bar(o, (ach.first.counts[o],)) for o in ach.first.options]),
        counts_table("Hypothesis ranked first", ach.first, "Hypothesis"),
        Heading("Mean inconsistency scores"),
        Table("Inconsistency scores", ["Hypothesis", "Class mean", "Model", "Class mean, weighted by credibility",
                                       "Model, weighted"], score_rows),
    ]
    for hyp, row in ach.cells.items():
        dists = list(row.values())
        blocks += [Heading(f"Ratings for \"{labels[hyp]}\""),
                   dist_heatmap(f"ach-{hyp}", f"Ratings of each evidence item against \"{labels[hyp]}\"", dists,
                                "evidence item"),
                   Table(f"Ratings against \"{labels[hyp]}\"",
                         ["Evidence", "Answers", *_options(dists), "Model answer"],
                         [[d.item, d.n, *(d.counts[o] for o in _options(dists)), d.model or DASH] for d in dists])]
    blocks.append(Details(f"Each student's ranking ({ach.rankings.total})",
                          [*_truncated(ach.rankings, "rankings"),
                           Table("Rankings, least inconsistent first (score in brackets)", ["Student", "Ranking"],
                                 [list(r) for r in ach.rankings.rows])]))
    return Section("competing-hypotheses", TITLES["competing-hypotheses"], blocks)


def _verdict(stats: ClassStats) -> Section:
    verdict = stats.verdict
    bins = [(f"{low}–{high}%", count) for (low, high), count in zip(PROBABILITY_BINS, verdict.bins)]
    cross = [[term, *(verdict.together[(term, level)] for level in CONFIDENCE)] for term in LIKELIHOOD]
    frequent = verdict.indicators.top(TOP)
    return Section("verdict", TITLES["verdict"], [
        Paragraph(f"{verdict.likelihood.n} students chose a likelihood term, {sum(verdict.bins)} gave a probability, "
                  f"{verdict.confidence.n} a confidence and {verdict.given} wrote a statement; {verdict.ok} verdicts "
                  "pass every check. The verdict is the student's own judgement: no answer is marked as the one "
                  "to reach."),
        Heading("Likelihood"),
        _bars_figure("likelihood", "Likelihood terms chosen (ICD 203)",
                     [Bar(o, (verdict.likelihood.counts[o],)) for o in verdict.likelihood.options]),
        counts_table("Likelihood terms", verdict.likelihood, "Term"),
        Heading("Probability"),
        _bars_figure("probability", "Probabilities given, in bins of ten percentage points",
                     [Bar(label, (count,)) for label, count in bins]),
        Table("Probabilities given", ["Range", "Students"], [list(b) for b in bins]),
        Heading("Confidence"),
        counts_table("Confidence levels", verdict.confidence, "Confidence"),
        Table("Likelihood and confidence together (students)", ["Likelihood", *CONFIDENCE], cross),
        Heading("Statements"),
        Quotes(f"Verdict statements ({len(verdict.statements.items)} of {verdict.statements.seen}, a fixed random "
               "sample; the likelihood and confidence chosen in brackets)",
               [(st, f"{lk}, {cf} confidence" if lk and cf else lk or cf, text) for st, lk, cf, text, _ in
                verdict.statements.items]),
        Quotes("Reasons given with those verdicts",
               [(st, lk, reason) for st, lk, _, _, reason in verdict.statements.items if reason]),
        Heading("Indicators"),
        Table("Indicators named per student (at least two are asked for)", ["Indicators", "Students"],
              [[k, v] for k, v in sorted(verdict.indicator_counts.items())]),
        Table("Indicators named by more than one student" + ("" if verdict.indicators.exact else
                                                             " (counts are lower bounds: many distinct texts)"),
              ["Indicator", "Students"], [[text, count] for text, count in frequent]),
    ])


def _groups(stats: ClassStats) -> Section:
    return Section("groups", "Groups", [
        Paragraph(f"{plural(stats.groups.total, 'submission')} made by a group under one name, with its members."),
        *_truncated(stats.groups, "groups"),
        Table("Groups", ["Group", "Members", "Submitted as"], [list(r) for r in stats.groups.rows]),
    ])


def _unfinished(stats: ClassStats) -> Section:
    return Section("unfinished", "Unfinished exercises", [
        Paragraph(f"{stats.unfinished.total} of {stats.submissions} submissions have at least one exercise not "
                  "finished (done of required in brackets)."),
        *_truncated(stats.unfinished, "submissions"),
        Table("Submissions with unfinished exercises", ["Student", "File", "Not finished"],
              [list(r) for r in stats.unfinished.rows]),
    ])


def _conflicts(conflicts: Sequence[Conflict]) -> Section:
    return Section("conflicts", "Conflicts", [
        Paragraph("Different files that name the same student or group. None of them is counted, whatever its date: "
                  "keep the right one in the folder, remove the others and run the report again."),
        Table("Conflicting files", ["Student or group", "Files (exported at)"],
              [[c.student, "; ".join(f"{f} ({at})" for f, at in c.files)] for c in conflicts]),
    ])


def _notes(stats: ClassStats) -> Section:
    return Section("notes", "Notes on files that were read", [
        Paragraph(f"{stats.notes.total} notes. Parts of these files were malformed and ignored, or their items were "
                  f"answered on another edition of the data; {stats.changed_students} submissions have items whose "
                  "data changed since, left out of the item figures (other items still count)."),
        *_truncated(stats.notes, "notes"),
        Table("Notes", ["Student", "File", "Note"], [list(r) for r in stats.notes.rows]),
    ])


def _skipped(skipped: Sequence[Skipped]) -> Section:
    return Section("skipped", "Skipped files", [
        Paragraph(f"{plural(len(skipped), 'file was', 'files were')} not counted."),
        Table("Skipped files", ["File", "Reason"], [[s.shown, s.reason] for s in skipped]),
    ])


def report_document(stats: ClassStats, data: Data, files: int, skipped: Sequence[Skipped],
                    conflicts: Sequence[Conflict], generated: dt.datetime, footer: str) -> Document:
    """The whole report for one class."""
    intro = [Bullets([f"Submissions read: {stats.submissions}; skipped: {len(skipped)}; conflicts: {len(conflicts)}.",
                      f"Data edition: {data['edition']}.",
                      f"Generated: {generated.isoformat(timespec='minutes')}."])]
    return Document("Class report: claimlab exercises", intro, [
        _overview(stats, files, len(skipped), len(conflicts)),
        _versus_model(stats),
        _divided(stats),
        _revisions(stats),
        _source_analysis(stats),
        _scales("grade-sources", TITLES["grade-sources"],
                "Each evidence item's grades on both Admiralty scales, next to the model grade and its range.", stats,
                [("reliability", "reliability (A–F)"), ("credibility", "credibility (1–6)")], "evidence item"),
        _lateral(stats),
        _scales("sort-claims", TITLES["sort-claims"], "Each claim's kind and status as sorted by the class.", stats,
                [("kind", "kind"), ("status", "status")], "claim"),
        _duel(stats),
        _terms(stats),
        _ach(stats, data),
        _verdict(stats),
        _groups(stats),
        _unfinished(stats),
        _conflicts(conflicts),
        _notes(stats),
        _skipped(skipped),
    ], footer)
