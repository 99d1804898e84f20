"""``python -m claimlab report SUBMISSIONS_DIR --out DIR``: read the folder once, write three files.

* ``DIR/report.html``: one self-contained page (inline style and SVG charts, no script,
  nothing fetched, a content security policy that forbids both), safe to open although
  it quotes what students typed;
* ``DIR/summary.md``: the same figures as Markdown;
* ``DIR/gradebook.csv``: one row per student or group (see :mod:`claimlab.report.gradebook`).

How it scales: files are read and re-marked one at a time (by two worker processes for
large folders), each reduced to a small :class:`~claimlab.report.submission.Digest`. The
digests go to a compressed spool file on disk, not into memory; once every file is read,
the spool is replayed in student order: conflicts (different files naming one student) are
set aside, and every other digest is folded into the running figures and the gradebook,
then dropped. Memory therefore holds the figures, bounded samples of quotes and one small
index entry per file.
"""
from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import pickle
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..data import DataError, Dataset, load_dataset
from ..exercises.chain import plain_data, record_fingerprints
from ..exercises.store import atomic_write_text, utc_now
from .gradebook import Gradebook, conflict_row, row
from .read import BadFile, answer_files, printable, read_bytes
from .render import to_html, to_markdown
from .sections import Conflict, Skipped, plural, report_document
from .stats import ClassStats
from .submission import Digest, Marker, digest

HTML_NAME = "report.html"
MARKDOWN_NAME = "summary.md"
CSV_NAME = "gradebook.csv"
#: Folders with at least this many files are read by worker processes, and get progress lines on stderr.
PARALLEL_FROM = 200
PROGRESS_FROM = 100
PROGRESS_SHARE = 0.1
PROGRESS_MIN_STEP = 25

Progress = Callable[[str], None]


def to_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class Report:
    files: int
    stats: ClassStats
    skipped: list[Skipped]
    conflicts: list[Conflict]
    html: str
    markdown: str

    @property
    def submissions(self) -> int:
        return self.stats.submissions


# -- reading, possibly in worker processes ------------------------------------------------

_worker: dict[str, object] = {}


def _init_worker(folder: Path, marker: Marker) -> None:
    _worker["folder"], _worker["marker"] = folder, marker


def read_one(folder: Path, shown: str, marker: Marker) -> Digest | Skipped:
    """One file's digest, or why it is skipped; never raises for anything in the file."""
    name = printable(shown)
    try:
        return digest(read_bytes(folder, shown), name, marker)
    except BadFile as bad:
        return Skipped(name, str(bad))
    # Belt and braces: a defect in the reading code must cost one file, not the class report.
    except Exception as error:  # noqa: BLE001
        return Skipped(name, f"could not be read (internal error {error.__class__.__name__}); please report it")


def _read_in_worker(shown: str) -> Digest | Skipped:
    return read_one(_worker["folder"], shown, _worker["marker"])  # type: ignore[arg-type]


def _outcomes(folder: Path, names: list[str], marker: Marker, workers: int) -> Iterator[Digest | Skipped]:
    if workers <= 1 or len(names) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for shown in names:
            yield read_one(folder, shown, marker)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, _init_worker, (folder, marker), maxtasksperchild=2000) as pool:
        yield from pool.imap(_read_in_worker, names, chunksize=16)


# -- the spool ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """Where one digest sits in the spool, and what is needed to spot duplicates and conflicts."""

    key: str
    student: str
    shown: str
    sha: str
    exported_at: str
    offset: int
    length: int


def _spool(spool: IO[bytes], found: Digest) -> Entry:
    blob = zlib.compress(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL), 1)
    offset = spool.tell()
    spool.write(blob)
    return Entry(found.key, found.student, found.shown, found.sha, found.exported_at, offset, len(blob))


def _unspool(spool: IO[bytes], entry: Entry) -> Digest:
    spool.seek(entry.offset)
    return pickle.loads(zlib.decompress(spool.read(entry.length)))  # our own bytes, written above


def _progress_step(total: int) -> int | None:
    return max(PROGRESS_MIN_STEP, round(total * PROGRESS_SHARE)) if total >= PROGRESS_FROM else None


def build_report(folder: Path, dataset: Dataset | None = None, progress: Progress | None = to_stderr,
                 now: dt.datetime | None = None, gradebook: IO[str] | None = None, workers: int = 2) -> Report:
    """Read ``folder`` and compute the report; the CSV goes to ``gradebook`` when given (nothing else is written)."""
    data = plain_data(dataset if dataset is not None else load_dataset())
    folder = Path(folder)
    marker = Marker(data, record_fingerprints(data))
    names = answer_files(folder)
    step = _progress_step(len(names)) if progress else None
    skipped: list[Skipped] = []
    entries: dict[str, list[Entry]] = {}
    with tempfile.TemporaryFile(prefix="claimlab-report-") as spool:
        for count, outcome in enumerate(_outcomes(folder, names, marker, workers), 1):
            if isinstance(outcome, Skipped):
                skipped.append(outcome)
            else:
                entries.setdefault(outcome.key, []).append(_spool(spool, outcome))
            if step and (count % step == 0 or count == len(names)):
                progress(f"read {count}/{len(names)} files")  # type: ignore[misc]
        stats, conflicts = _fold(spool, entries, data, skipped, Gradebook(gradebook) if gradebook else None)
    skipped.sort(key=lambda s: s.shown)
    footer = f"Made by python -m claimlab report from {folder.name or folder}; data edition {data['edition']}."
    document = report_document(stats, data, len(names), skipped, conflicts, now or utc_now(), footer)
    return Report(len(names), stats, skipped, conflicts, to_html(document), to_markdown(document))


def _fold(spool: IO[bytes], entries: dict[str, list[Entry]], data: dict, skipped: list[Skipped],
          book: Gradebook | None) -> tuple[ClassStats, list[Conflict]]:
    """Replay the spool in student order: identical copies counted once, conflicts set aside, the rest folded."""
    stats = ClassStats(data)
    conflicts: list[Conflict] = []
    for key in sorted(entries, key=lambda k: (k, entries[k][0].student)):
        found = sorted(entries[key], key=lambda e: e.shown)
        distinct: dict[str, Entry] = {}
        for entry in found:
            if entry.sha in distinct:
                skipped.append(Skipped(entry.shown, f"duplicate: identical copy of {distinct[entry.sha].shown}"))
            else:
                distinct[entry.sha] = entry
        if len(distinct) > 1:
            files = tuple((e.shown, e.exported_at) for e in distinct.values())
            conflicts.append(Conflict(found[0].student, files))
            if book:
                book.write([conflict_row(found[0].student, files)])
            continue
        sub = _unspool(spool, found[0])
        stats.add(sub)
        if book:
            book.write([row(sub, stats)])
    return stats, conflicts


# -- writing ------------------------------------------------------------------------------

def _publish(path: Path, text: str) -> None:
    """Write atomically, then give the file the usual permissions (the temporary file behind it is private),
    so a report copied to a web server or shared folder can be read there."""
    atomic_write_text(path, text)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def write_report(folder: Path, out: Path, dataset: Dataset | None = None, progress: Progress | None = to_stderr,
                 now: dt.datetime | None = None, workers: int = 2) -> Report:
    """:func:`build_report`, then write ``report.html``, ``summary.md`` and ``gradebook.csv`` into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.SpooledTemporaryFile(max_size=4 << 20, mode="w+", encoding="utf-8", newline="") as csv_file:
        report = build_report(folder, dataset, progress, now, csv_file, workers)
        csv_file.seek(0)
        _publish(out / CSV_NAME, "\ufeff" + csv_file.read())  # the BOM makes spreadsheets read UTF-8 names
    for name, text in ((HTML_NAME, report.html), (MARKDOWN_NAME, report.markdown)):
        _publish(out / name, text)
    return report


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
    for skipped in report.skipped:
        print(f"skipped {skipped.shown}: {skipped.reason}")
    for conflict in report.conflicts:
        print(f"conflict: {len(conflict.files)} different files name {conflict.student!r}: "
              + ", ".join(f for f, _ in conflict.files) + " (none counted)")
    read = report.submissions
    print(f"Read {plural(read, 'submission')}, skipped {plural(len(report.skipped), 'file')}, "
          f"{plural(len(report.conflicts), 'conflict')}; wrote {out / HTML_NAME}, {out / MARKDOWN_NAME} and "
          f"{out / CSV_NAME}.")
    if not read:
        print(f"No usable answers file in {folder}.", file=sys.stderr)
    return 0 if read else 1
