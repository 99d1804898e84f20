"""``python -m claimlab report SUBMISSIONS_DIR --out DIR``: read the folder once, write three files.

* ``DIR/report.html``: one self-contained page (inline style and SVG charts, no script,
  nothing fetched, a content security policy that forbids both), safe to open although
  it quotes what students typed;
* ``DIR/summary.md``: the same figures as Markdown;
* ``DIR/gradebook.csv``: one row per student or group (see :mod:`claimlab.report.gradebook`).

How it scales: files are read in runs ("parts", handed to two worker processes for a large
folder). Each file is read, type-checked and re-marked into a small
:class:`~claimlab.report.submission.Digest`, folded into the part's running figures and
its gradebook row, then dropped. Parts are merged in file order, and their gradebook rows
go to a temporary file, not into memory. Duplicates and conflicts (several files naming one
student or group) can only be known once every file is read: those few files are then read
again and taken out of the figures. Memory therefore holds the figures, bounded samples of
quotes and one small entry per file.

Where the time goes, and why it is short: each file is parsed in one pass without building the results it
stores (:func:`~claimlab.report.read.parse_export`; most of its bytes); its attempts are checked once, into
the shape the engine reads (a choice of short words that a worker has seen before is not checked again); each
worker marks every distinct choice of an item once for the whole class (:mod:`claimlab.exercises.memo`,
bounded, keyed by the record's fingerprint): a class of thousands makes only a few thousand distinct choices;
each question counts distinct (first, latest) answers rather than updating a dozen figures per answer; and the
gradebook row takes the counts the class figures made of its file (:class:`~claimlab.report.stats.Tally`)
instead of counting again. What is left is Python work per committed item, about half in the exercise engine.
``benchmarks/report_bench.py`` measures it.
"""
from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..data import DataError, Dataset, load_dataset
from ..exercises.chain import plain_data, record_fingerprints
from ..exercises.store import atomic_write_text, utc_now
from .gradebook import Gradebook, cells, conflict_row, row
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
#: Files per part (the unit handed to a worker; also the progress step of a small folder).
PART_MIN = 25
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


# -- reading, in parts, possibly by worker processes ----------------------------------------

@dataclass(frozen=True)
class Entry:
    """One accepted file, as needed to spot duplicates and conflicts once every file is read."""

    key: str
    student: str
    name: str  # the file's name on disk (relative), to read it again
    shown: str
    sha: str
    exported_at: str


@dataclass
class Part:
    """The figures of a run of files, with what the whole-class pass needs to know about each."""

    stats: ClassStats
    entries: list[Entry]
    skipped: list[Skipped]
    rows: list[tuple[str, list[str]]]  # (file shown, gradebook cells)


def read_one(folder: Path, name: str, marker: Marker) -> Digest | Skipped:
    """One file's digest, or why it is skipped; never raises for anything in the file."""
    shown = printable(name)
    try:
        return digest(read_bytes(folder, name), shown, marker)
    except BadFile as bad:
        return Skipped(shown, str(bad))
    # Belt and braces: a defect in the reading code must cost one file, not the class report.
    except Exception as error:  # noqa: BLE001
        return Skipped(shown, f"could not be read (internal error {error.__class__.__name__}); please report it")


def read_part(folder: Path, names: list[str], marker: Marker) -> Part:
    """Read, re-mark and fold a run of files; each digest is dropped as soon as it is counted."""
    part = Part(ClassStats(marker.data), [], [], [])
    # Parsed files hold no reference cycles, so reference counting frees each one; the cycle collector would
    # only rescan the class figures again and again (a third of the time for a large class).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for name in names:
            found = read_one(folder, name, marker)
            if isinstance(found, Skipped):
                part.skipped.append(found)
                continue
            tally = part.stats.add(found)
            part.entries.append(Entry(found.key, found.student, name, found.shown, found.sha, found.exported_at))
            part.rows.append((found.shown, cells(row(found, tally))))
    finally:
        if collecting:
            gc.enable()
    return part


_worker: dict[str, Any] = {}


def _init_worker(folder: Path, marker: Marker) -> None:
    _worker["folder"], _worker["marker"] = folder, marker


def _read_part_in_worker(names: list[str]) -> Part:
    return read_part(_worker["folder"], names, _worker["marker"])


def _parts(folder: Path, names: list[str], marker: Marker, workers: int) -> Iterator[tuple[int, Part]]:
    """``(files read so far, part)`` for runs of files, in file order (so the result never depends on timing)."""
    if workers <= 1 or len(names) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        size = max(PART_MIN, len(names) // 10 or 1)
        chunks = [names[i:i + size] for i in range(0, len(names), size)]
        done = 0
        for chunk in chunks:
            done += len(chunk)
            yield done, read_part(folder, chunk, marker)
        return
    size = max(PART_MIN, -(-len(names) // (workers * 8)))
    chunks = [names[i:i + size] for i in range(0, len(names), size)]
    context = multiprocessing.get_context("fork")
    done = 0
    with context.Pool(workers, _init_worker, (folder, marker)) as pool:
        for chunk, part in zip(chunks, pool.imap(_read_part_in_worker, chunks)):
            done += len(chunk)
            yield done, part


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
    stats = ClassStats(data)
    skipped: list[Skipped] = []
    entries: dict[str, list[Entry]] = {}
    next_line = step
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as rows:
        for done, part in _parts(folder, names, marker, workers):
            stats.merge(part.stats)
            skipped += part.skipped
            for entry in part.entries:
                entries.setdefault(entry.key, []).append(entry)
            rows.writelines(f"{shown}\t{line}" for shown, line in part.rows)
            if next_line and (done >= next_line or done == len(names)):
                progress(f"read {done}/{len(names)} files")  # type: ignore[misc]
                next_line = (done // step + 1) * step
        conflicts, left_out = _set_aside(folder, entries, marker, stats, skipped)
        if gradebook:
            book = Gradebook(gradebook)
            rows.seek(0)
            book.write_lines(line.split("\t", 1)[1] for line in rows if line.split("\t", 1)[0] not in left_out)
            book.write([conflict_row(c.student, c.files) for c in conflicts])
    skipped.sort(key=lambda s: s.shown)
    footer = f"Made by python -m claimlab report from {folder.name or folder}; data edition {data['edition']}."
    document = report_document(stats, data, len(names), skipped, conflicts, now or utc_now(), footer)
    return Report(len(names), stats, skipped, conflicts, to_html(document), to_markdown(document))


def _set_aside(folder: Path, entries: dict[str, list[Entry]], marker: Marker, stats: ClassStats,
               skipped: list[Skipped]) -> tuple[list[Conflict], set[str]]:
    """Take out what was counted too often: identical copies count once, and different files naming one
    student or group (a conflict) do not count at all, whatever their dates. Returns the conflicts and the
    files taken out. Files read twice are rare, so reading them again here costs little."""
    conflicts: list[Conflict] = []
    left_out: set[str] = set()
    for key in sorted(k for k, found in entries.items() if len(found) > 1):
        found = sorted(entries[key], key=lambda e: e.shown)
        distinct: dict[str, Entry] = {}
        taken_out = []
        for entry in found:
            if entry.sha in distinct:
                skipped.append(Skipped(entry.shown, f"duplicate: identical copy of {distinct[entry.sha].shown}"))
                taken_out.append(entry)
            else:
                distinct[entry.sha] = entry
        if len(distinct) > 1:
            conflicts.append(Conflict(found[0].student, tuple((e.shown, e.exported_at) for e in distinct.values())))
            taken_out += distinct.values()
        for entry in taken_out:
            again = read_one(folder, entry.name, marker)
            if isinstance(again, Digest) and again.sha == entry.sha:
                stats.add(again, sign=-1)
            left_out.add(entry.shown)
    return conflicts, left_out


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
