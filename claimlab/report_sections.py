"""What the class report says, section by section, as a :class:`~claimlab.report_doc.Document`.

Every chart is followed by a table with the same numbers: the table is the text
alternative for screen readers and the only form the Markdown summary has.
The seminar-facing part ("where the class disagrees most") comes right after the
overview, because it is what the instructor opens the report for.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from .exercises.chain import EXERCISES, TITLES, Data
from .exercises.verdict import CONFIDENCE, LIKELIHOOD
from .report_doc import Bullets, Details, Document, Figure, Heading, Paragraph, Section, Table
from .report_read import Collection
from .report_stats import PROBABILITY_BINS, ClassStats, Distribution
from .report_svg import Bar, bar_chart, heatmap, number

#: Items shown under "where the class disagrees most".
TOP = 10
DASH = "—"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 file``, ``2 files``."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def _pct(value: float) -> str:
    return f"{round(100 * value)}%"


def _share(part: int, whole: int) -> str:
    return _pct(part / whole) if whole else DASH


def _options(dists: Sequence[Distribution]) -> list[str]:
    """The answer columns for several items (normally identical; unexpected answers are appended)."""
    return list(dict.fromkeys(o for d in dists for o in d.options))


def _model_share(dist: Distribution) -> str:
    return _share(dist.counts[dist.model], dist.n) if dist.model is not None else DASH


def dist_table(caption: str, dists: Sequence[Distribution], first: str) -> Table:
    """Items as rows, possible answers as columns, the model answer and the share that chose it."""
    options = _options(dists)
    return Table(caption, [first, "Answers", *options, "Model answer", "Chose the model answer"],
                 [[d.item, d.n, *(d.counts[o] for o in options), d.model or DASH, _model_share(d)] for d in dists])


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


def counts_figure(chart_id: str, caption: str, dist: Distribution) -> Figure:
    return _bars_figure(chart_id, caption, [Bar(o, (dist.counts[o],)) for o in dist.options])


def counts_table(caption: str, dist: Distribution, first: str) -> Table:
    return Table(caption, [first, "Students", "Share"],
                 [[o, dist.counts[o], _share(dist.counts[o], dist.n)] for o in dist.options])


def _agreement(dists: Sequence[Distribution]) -> str:
    answers = sum(d.n for d in dists)
    return _share(sum(d.counts[d.model] for d in dists if d.model is not None), answers)


# -- sections -------------------------------------------------------------------------------

def _overview(collection: Collection, stats: ClassStats) -> Section:
    n = stats.submissions
    rows = [[e.title, stats.finished[e.id], n - stats.finished[e.id], _share(stats.finished[e.id], n)]
            for e in EXERCISES]
    return Section("overview", "Submissions", [
        Paragraph(f"{plural(len(collection.submissions), 'submission')} read, "
                  f"{plural(len(collection.skipped), 'file')} skipped ({plural(collection.files, '.json file')} "
                  "found). Skipped files and the reasons are listed at the end."),
        _bars_figure("finished", "Students who finished each exercise",
                     [Bar(e.title, (stats.finished[e.id],)) for e in EXERCISES]),
        Table("Finished exercises", ["Exercise", "Finished", "Not finished", "Finished share"], rows),
    ])


def _disagreement(stats: ClassStats) -> Section:
    top = [d for d in stats.ranking if d.departing > 0][:TOP]  # unanimous items are not starting points
    rows = [[i, d.title, d.about, d.n, f"{', '.join(d.modal)} ({_pct(d.share(d.modal[0]))})", d.model or DASH,
             _pct(d.departing), f"{d.spread:.2f}"] for i, d in enumerate(top, 1)]
    blocks = [
        Paragraph("Seminar starting points: the questions on which the class is most divided. Disagreement is the "
                  "share of students whose answer differs from the most common answer (0% = everybody agrees, "
                  "50% = two equal camps); ties are broken by the spread of the answers (normalised entropy, "
                  "0 = one answer, 1 = every possible answer equally often). Counted over evidence grades, claim "
                  "kinds and statuses, counterpoint picks, ACH cells and the verdict's likelihood and confidence; "
                  f"only items answered by at least {stats.min_answers} students are ranked."),
    ]
    if not top:
        return Section("disagreement", "Where the class disagrees most",
                       blocks + [Paragraph("Not enough answers yet to rank any item.")])
    return Section("disagreement", "Where the class disagrees most", blocks + [
        _bars_figure("disagreement", f"The {len(top)} most disputed items (share departing from the most common "
                     "answer, %)", [Bar(f"{d.item} ({d.aspect})" if d.aspect else d.item, (round(100 * d.departing),))
                                    for d in top],
                     unit="%"),
        Table(f"The {len(top)} most disputed items", ["Rank", "Item", "Question", "Answers", "Most common answer",
                                                      "Model answer", "Departing", "Spread"], rows),
    ])


def _two_scales(section_id: str, title: str, intro: str, scales: Sequence[tuple[str, list[Distribution]]],
                rows_are: str) -> Section:
    """Grading and sorting: each scale as a heat map and a table, with the overall agreement."""
    blocks: list[Any] = [Paragraph(intro + " Agreement with the model answer over all answers: " + ", ".join(
        f"{name} {_agreement(dists)}" for name, dists in scales) + ".")]
    for name, dists in scales:
        heading = name[0].upper() + name[1:]
        blocks += [Heading(heading),
                   dist_heatmap(f"{section_id}-{name.split()[0]}", f"{heading} chosen per {rows_are}", dists, rows_are),
                   dist_table(f"{heading} per {rows_are}", dists, rows_are[0].upper() + rows_are[1:])]
    return Section(section_id, title, blocks)


def _duel(stats: ClassStats) -> Section:
    picks = stats.picks
    rows = [[d.item, d.n, "; ".join(f"{o} {d.counts[o]}" for o in d.options), d.model or DASH, _model_share(d),
             sum(s.ok for s in stats.steelmen[d.item])] for d in picks]
    details = [Details(f"Steelmen for {d.item} ({len(stats.steelmen[d.item])})",
                       [Table(f"Steelmen for {d.item}", ["Student", "Steelman", "Passes the checks"],
                              [[s.student, s.text, "yes" if s.ok else "no"] for s in stats.steelmen[d.item]])])
               for d in picks if stats.steelmen[d.item]]
    return Section("counterpoint-duel", TITLES["counterpoint-duel"], [
        Paragraph("For each main claim: which counterpoint students picked as the strongest, and how many "
                  "one-line steelmen pass the automatic checks (own words, one line, long enough)."),
        _bars_figure("duel", "Share of students picking the model's strongest counterpoint, per main claim (%)",
                     [Bar(d.item, (round(100 * d.share(d.model)),)) for d in picks], unit="%"),
        Table("Counterpoint picks per main claim", ["Claim", "Answers", "Picks", "Model pick", "Picked the model",
                                                    "Steelmen passing"], rows),
        *details,
    ])


def _terms(stats: ClassStats) -> Section:
    terms = stats.terms
    choice_rows = [[d.item, o, terms.labels[d.item].get(o, ""), d.counts[o], _share(d.counts[o], d.n)]
                   for d in terms.choices for o in d.options]
    case_bars = [Bar(d.item, (d.counts["meets"],)) for d in terms.cases]
    return Section("define-terms", TITLES["define-terms"], [
        Paragraph(f"{terms.finished} of {stats.submissions} students chose all five definitions; the figures below "
                  "count those students."),
        Table("Definitions chosen", ["Choice", "Option", "Meaning", "Students", "Share"], choice_rows),
        Table("Terrorist lists counted", ["List", "Counted", "Not counted", "Share counting it"],
              [[d.item, d.counts["counted"], d.counts["not counted"], _share(d.counts["counted"], d.n)]
               for d in terms.lists]),
        _bars_figure("cases", "Students whose definitions make each case meet the claim", case_bars),
        Table("Cases meeting the claim under the students' definitions",
              ["Case", "Meets", "Does not meet", "Share meeting"],
              [[d.item, d.counts["meets"], d.counts["does not meet"], _share(d.counts["meets"], d.n)]
               for d in terms.cases]),
        counts_table("Number of cases that meet the claim, per student", terms.cases_met, "Cases meeting the claim"),
    ])


def _score(value: float | None) -> str:
    return DASH if value is None else number(value)


def _ach(stats: ClassStats, data: Data) -> Section:
    ach = stats.ach
    labels = {h["id"]: h["label"] for h in data["hypotheses"]}
    score_rows = [[r.hypothesis, _score(r.mean), _score(r.model), _score(r.mean_weighted), _score(r.model_weighted)]
                  for r in ach.scores]
    blocks: list[Any] = [
        Paragraph(f"{ach.complete} of {stats.submissions} students rated every cell of the matrix. Rankings, first "
                  "places and mean scores count only complete matrices; the cell tables count every rating given. "
                  "Lower inconsistency ranks first (I = 1, II = 2)."),
        Heading("Which hypothesis ranked first"),
        counts_figure("ach-first", "Hypothesis ranked first (least inconsistent) by each student", ach.first),
        counts_table("Hypothesis ranked first", ach.first, "Hypothesis"),
        Heading("Mean inconsistency scores"),
        _bars_figure("ach-scores", "Mean inconsistency score of the class and the model answer's score",
                     [Bar(r.hypothesis, (r.mean or 0.0, r.model)) for r in ach.scores], ("class mean", "model")),
        Table("Inconsistency scores", ["Hypothesis", "Class mean", "Model", "Class mean, weighted by credibility",
                                       "Model, weighted"], score_rows),
    ]
    for hyp, dists in ach.cells.items():
        blocks += [Heading(f"Ratings for \"{labels[hyp]}\""),
                   dist_heatmap(f"ach-{hyp}", f"Ratings of each evidence item against \"{labels[hyp]}\"", dists,
                                "evidence item"),
                   dist_table(f"Ratings against \"{labels[hyp]}\"", dists, "Evidence")]
    blocks.append(Details(f"Each student's ranking ({len(ach.rankings)})",
                          [Table("Rankings, least inconsistent first (score in brackets)", ["Student", "Ranking"],
                                 [list(r) for r in ach.rankings])]))
    return Section("competing-hypotheses", TITLES["competing-hypotheses"], blocks)


def _histogram(values: Sequence[int]) -> list[tuple[str, int]]:
    return [(f"{low}–{high}%", sum(low <= v <= high for v in values)) for low, high in PROBABILITY_BINS]


def _verdict(stats: ClassStats) -> Section:
    verdict = stats.verdict
    bins = _histogram(verdict.probabilities)
    cross = [[term, *(verdict.together[(term, level)] for level in CONFIDENCE)] for term in LIKELIHOOD]
    return Section("verdict", TITLES["verdict"], [
        Paragraph(f"{verdict.likelihood.n} students chose a likelihood term, {len(verdict.probabilities)} gave a "
                  f"probability and {verdict.confidence.n} a confidence; {verdict.ok} verdicts pass every check."),
        Heading("Likelihood"),
        counts_figure("likelihood", "Likelihood terms chosen (ICD 203)", verdict.likelihood),
        counts_table("Likelihood terms", verdict.likelihood, "Term"),
        Heading("Probability"),
        _bars_figure("probability", "Probabilities given, in bins of ten percentage points",
                     [Bar(label, (count,)) for label, count in bins]),
        Table("Probabilities given", ["Range", "Students"], [list(b) for b in bins]),
        Heading("Confidence"),
        counts_figure("confidence", "Confidence levels chosen", verdict.confidence),
        counts_table("Confidence levels", verdict.confidence, "Confidence"),
        Table("Likelihood and confidence together (students)", ["Likelihood", *CONFIDENCE], cross),
    ])


def _unfinished(stats: ClassStats) -> Section:
    return Section("unfinished", "Unfinished exercises", [
        Paragraph(f"{len(stats.unfinished)} of {stats.submissions} submissions have at least one exercise not "
                  "finished (done of required in brackets)."),
        Table("Submissions with unfinished exercises", ["Student", "File", "Not finished"],
              [[u.student, u.shown, "; ".join(u.missing)] for u in stats.unfinished]),
    ])


def _skipped(collection: Collection) -> Section:
    return Section("skipped", "Skipped files", [
        Paragraph(f"{plural(len(collection.skipped), 'file was', 'files were')} not counted."),
        Table("Skipped files", ["File", "Reason"], [[s.shown, s.reason] for s in collection.skipped]),
    ])


def report_document(collection: Collection, stats: ClassStats, data: Data, generated: dt.datetime) -> Document:
    """The whole report for one class."""
    intro = [Bullets([f"Submissions read: {len(collection.submissions)}; skipped: {len(collection.skipped)}.",
                      f"Data edition: {data['edition']}.",
                      f"Generated: {generated.isoformat(timespec='minutes')}."])]
    return Document("Class report: claimlab exercises", intro, [
        _overview(collection, stats),
        _disagreement(stats),
        _two_scales("grade-sources", TITLES["grade-sources"],
                    "Each evidence item's grades on both Admiralty scales, next to the model grade.",
                    [("reliability (A–F)", stats.reliability), ("credibility (1–6)", stats.credibility)],
                    "evidence item"),
        _two_scales("sort-claims", TITLES["sort-claims"], "Each claim's kind and status as sorted by the class.",
                    [("kind", stats.kinds), ("status", stats.statuses)], "claim"),
        _duel(stats),
        _terms(stats),
        _ach(stats, data),
        _verdict(stats),
        _unfinished(stats),
        _skipped(collection),
    ])

