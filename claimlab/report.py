"""The instructor's class report: ``python -m claimlab report SUBMISSIONS_DIR --out DIR``.

Reads every exported answers file (``claimlab-answers``, see
:mod:`claimlab.exercises.export`) under SUBMISSIONS_DIR and writes

* ``DIR/report.html``: one self-contained page (inline style and SVG charts, no
  scripts, nothing fetched), safe to open even though it quotes what students typed;
* ``DIR/summary.md``: the same figures as Markdown tables.

The work is split by what it does: :mod:`claimlab.report_read` (find, check and
de-duplicate files), :mod:`claimlab.report_stats` (class figures and the
disagreement ranking), :mod:`claimlab.report_sections` (what the report says),
:mod:`claimlab.report_doc` (HTML and Markdown output) and :mod:`claimlab.report_svg`
(charts). This module ties them together and is what the command line calls.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .data import DataError, Dataset, load_dataset
from .exercises.chain import plain_data
from .exercises.store import atomic_write_text, utc_now
from .report_doc import to_html, to_markdown
from .report_read import Collection, Progress, collect, to_stderr
from .report_sections import plural, report_document
from .report_stats import ClassStats, class_stats

HTML_NAME = "report.html"
MARKDOWN_NAME = "summary.md"


@dataclass
class Report:
    collection: Collection
    stats: ClassStats
    html: str
    markdown: str


def build_report(folder: Path, dataset: Dataset | None = None, progress: Progress | None = to_stderr,
                 now: dt.datetime | None = None) -> Report:
    """Read ``folder`` and compute the report (nothing is written); ``dataset`` defaults to the current data."""
    data = plain_data(dataset if dataset is not None else load_dataset())
    collection = collect(Path(folder), data, progress)
    stats = class_stats(collection.submissions, data)
    document = report_document(collection, stats, data, now or utc_now())
    footer = f"Made by python -m claimlab report from {Path(folder).name or folder}; data edition {data['edition']}."
    return Report(collection, stats, to_html(document, footer), to_markdown(document, footer))


def write_report(folder: Path, out: Path, dataset: Dataset | None = None, progress: Progress | None = to_stderr,
                 now: dt.datetime | None = None) -> Report:
    """:func:`build_report`, then write ``out/report.html`` and ``out/summary.md`` (atomically)."""
    report = build_report(folder, dataset, progress, now)
    for name, text in ((HTML_NAME, report.html), (MARKDOWN_NAME, report.markdown)):
        _publish(Path(out) / name, text)
    return report


def _publish(path: Path, text: str) -> None:
    """Write atomically, then give the file the usual permissions (the temporary file behind it is private),
    so a report copied to a web server or shared folder can be read there."""
    atomic_write_text(path, text)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def run(folder: Path, out: Path, data_dir: Path | None = None) -> int:
    """The command: 0 when at least one submission was read, 1 when none was (or the data is broken), 2 for usage."""
    if not folder.is_dir():
        print(f"{folder} is not a folder: give the folder holding the exported answers files.", file=sys.stderr)
        return 2
    try:
        dataset = load_dataset(data_dir)
    except DataError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print("The course data has problems (see above); fix them first: python -m claimlab validate",
              file=sys.stderr)
        return 1
    report = write_report(folder, out, dataset)
    for skipped in report.collection.skipped:
        print(f"skipped {skipped.shown}: {skipped.reason}")
    read = len(report.collection.submissions)
    print(f"Read {plural(read, 'submission')}, skipped {plural(len(report.collection.skipped), 'file')}; "
          f"wrote {Path(out) / HTML_NAME} and {Path(out) / MARKDOWN_NAME}.")
    if not read:
        print(f"No usable answers file in {folder}.", file=sys.stderr)
    return 0 if read else 1
