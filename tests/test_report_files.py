"""The report survives any folder of files: special files, links, huge or damaged files, and a fuzz test.

The fuzz test mutates valid format-2 exports at random (types swapped, keys dropped or renamed, deep
nesting, huge strings, odd unicode, broken bytes) and checks that every file ends as a submission or as a
skipped file with a reason: no traceback, no hang (an alarm bounds the loop), bounded memory.
"""
from __future__ import annotations

import contextlib
import json
import os
import random
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from claimlab.exercises.chain import plain_data, record_fingerprints
from claimlab.report.cli import read_one
from claimlab.report.gradebook import cells, row
from claimlab.report.read import MAX_BYTES, BadFile, answer_files, read_bytes
from claimlab.report.render import to_html, to_markdown
from claimlab.report.sections import Skipped, report_document
from claimlab.report.stats import ClassStats
from claimlab.report.submission import Digest, Marker, digest

import report_class as K

ROOT = Path(__file__).resolve().parent.parent
MUTATIONS = 2000
#: No single file may take more CPU time than this (an endless loop, not slowness, is what the timer is for).
PER_FILE_SECONDS = 10
SEED = 1130


@contextlib.contextmanager
def deadline(seconds: int, cpu: bool = False) -> Iterator[None]:
    """Fail instead of hanging: a timer signal interrupts the block after ``seconds`` of wall time, or of this
    process's CPU time with ``cpu`` (an endless loop, measured the same however busy the machine is)."""
    which, signum = (signal.ITIMER_VIRTUAL, signal.SIGVTALRM) if cpu else (signal.ITIMER_REAL, signal.SIGALRM)

    def fail(signum, frame):  # noqa: ARG001
        raise TimeoutError(f"still running after {seconds} s")
    previous = signal.signal(signum, fail)
    signal.setitimer(which, seconds)
    try:
        yield
    finally:
        signal.setitimer(which, 0)
        signal.signal(signum, previous)


def _small_doc(data: dict[str, Any]) -> dict[str, Any]:
    """A valid export with a few items per exercise (so thousands of variants mark quickly)."""
    answers = K.answers_v2(1, data, random.Random(SEED))
    for exercise in ("grade-sources", "sort-claims", "counterpoint-duel", "competing-hypotheses"):
        items = answers[exercise]["items"]
        answers[exercise]["items"] = dict(list(items.items())[:3])
    return K.doc_v2("fuzz", answers, data, group={"name": "G", "members": ["A", "B"]})


def _values(rng: random.Random) -> list[Any]:
    return [None, True, False, 0, -1, 5, 2**70, 1.5, float("1e308"), "", "x", "B", "2", "CC", "\u202e\u0000\ufeff",
            "é" * 50, "🙂" * 10, [], {}, [1, [2, [3]]], {"choice": None}, {"a": {"b": {"c": []}}},
            ["x"] * 50, "<script>alert(1)</script>", "=1+1", {"attempts": "no"}, {"attempts": [None, 5, {}]},
            "y" * rng.choice([100, 5000, 200_000])]


def _containers(value: Any) -> list[Any]:
    """Every dict and list inside ``value`` down to a modest depth (iterative: mutations nest deeply)."""
    found, stack = [], [(value, 0)]
    while stack:
        box, depth = stack.pop()
        if isinstance(box, (dict, list)) and depth < 12:
            found.append(box)
            stack.extend((inner, depth + 1) for inner in (box.values() if isinstance(box, dict) else box))
    return found


def mutate(rng: random.Random, base: dict[str, Any] | str) -> bytes:
    """One random variant of ``base`` (a document or its JSON text), as the bytes of a file."""
    doc = json.loads(base if isinstance(base, str) else json.dumps(base))
    nested_once = grown_once = False
    values = _values(rng)
    for _ in range(rng.randint(1, 4)):
        box = rng.choice(_containers(doc))
        keys = list(box.keys()) if isinstance(box, dict) else list(range(len(box)))
        if not keys:
            continue
        key = rng.choice(keys)
        op = rng.randrange(7)
        if op == 0:
            box[key] = rng.choice(values)
        elif op == 1 and isinstance(box, dict):
            del box[key]
        elif op == 2 and isinstance(box, dict):
            box[rng.choice(["", "attempts", "items", "x" * 300, "\u0000"])] = box.pop(key)
        elif op == 3:
            box[key] = [box[key]]
        elif op == 4 and not nested_once:
            nested_once = True
            nested: Any = box[key]
            for _ in range(rng.choice([10, 200, 800])):
                nested = {"k": nested} if rng.random() < 0.5 else [nested]
            box[key] = nested
        elif op == 5 and not grown_once and isinstance(box, dict) and isinstance(box.get("attempts"), list):
            grown_once = True
            box["attempts"] = box["attempts"] * rng.choice([2, 100, 1000])
        else:
            box[key] = {"str": 1, "int": "1"}.get(type(box[key]).__name__, str(box[key])[:20])
    raw = json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode("utf-8")
    cut = rng.random()
    if cut < 0.05:
        raw = raw[: rng.randrange(len(raw))]
    elif cut < 0.08:
        spot = rng.randrange(len(raw))
        raw = raw[:spot] + bytes([rng.randrange(256)]) + raw[spot + 1:]
    elif cut < 0.09:
        raw = b"[" * 100_000 + b"]" * 100_000
    elif cut < 0.10:
        raw = b'{"format": "claimlab-answers", "format_version": 2, "n": ' + b"9" * 10_000 + b"}"
    elif cut < 0.11:
        raw = "\ufeff".encode() + raw
    return raw


def test_fuzzed_exports_never_raise_hang_or_grow(dataset):
    data = plain_data(dataset)
    marker = Marker(data, record_fingerprints(data))
    base = json.dumps(_small_doc(data))
    assert isinstance(digest(base.encode(), "base.json", marker), Digest)
    rng = random.Random(SEED)
    stats = ClassStats(data)
    outcomes = {"read": 0, "skipped": 0}
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for n in range(MUTATIONS):
        raw = mutate(rng, base)
        with deadline(PER_FILE_SECONDS, cpu=True):
            try:
                found = digest(raw, f"fuzz-{n}.json", marker)
            except BadFile as bad:
                assert str(bad), n
                outcomes["skipped"] += 1
                continue
            assert len(cells(row(found, stats.add(found)))) < 200_000
        outcomes["read"] += 1
    with deadline(60, cpu=True):
        document = report_document(stats, data, MUTATIONS, [Skipped("x.json", "why")], [], K.START, "footer")
        html, md = to_html(document), to_markdown(document)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert outcomes["read"] > MUTATIONS // 4 and outcomes["skipped"] > MUTATIONS // 20, outcomes
    assert "<script>" not in html and len(html) < 20_000_000 and md
    assert grown_mb < 400, grown_mb


# -- special files in the folder ----------------------------------------------------------

@pytest.fixture
def hostile_folder(tmp_path, dataset):
    data = plain_data(dataset)
    folder = tmp_path / "in"
    outside = tmp_path / "elsewhere"
    good = _small_doc(data)
    K.write(folder / "good.json", {**good, "student": "good"})
    K.write(outside / "classmate.json", {**good, "student": "classmate"})
    os.mkfifo(folder / "fifo.json")
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "outside.json").symlink_to(outside / "classmate.json")
    (folder / "linked").symlink_to(outside, target_is_directory=True)
    (folder / "dir.json").mkdir()
    (folder / "deep.json").write_bytes(b"[" * 200_000 + b"]" * 200_000)
    (folder / "huge-number.json").write_bytes(b'{"format": "claimlab-answers", "x": ' + b"7" * 20_000 + b"}")
    (folder / "latin1.json").write_bytes("{\"student\": \"Zoë\"}".encode("latin-1"))
    with open(folder / "big.json", "wb") as big:
        big.truncate(MAX_BYTES * 4)  # sparse: st_size says 32 MB, reading stops at the cap
    rng = random.Random(SEED)
    for n in range(150):
        (folder / "fuzz" / f"{n:03d}.json").parent.mkdir(exist_ok=True)
        (folder / "fuzz" / f"{n:03d}.json").write_bytes(mutate(rng, {**good, "student": f"fuzz-{n}"}))
    return folder


EXPECTED = {
    "fifo.json": "not a regular file (a FIFO (named pipe))",
    "zero.json": "a symbolic link",
    "outside.json": "a symbolic link",
    "deep.json": "nested too deeply",
    "huge-number.json": "damaged JSON",
    "latin1.json": "not UTF-8",
    "big.json": "too large for an answers file",
}


def test_special_files_are_listed_with_reasons_and_never_followed(hostile_folder, dataset):
    names = answer_files(hostile_folder)
    assert not any(n.startswith("linked/") for n in names)  # a linked folder is not entered
    data = plain_data(dataset)
    marker = Marker(data, record_fingerprints(data))
    with deadline(120):
        for name, reason in EXPECTED.items():
            found = read_one(hostile_folder, name, marker)
            assert isinstance(found, Skipped) and reason in found.reason, (name, found)


def test_size_is_checked_on_the_bytes_read(tmp_path):
    (tmp_path / "a.json").write_bytes(b"x" * 101)
    with pytest.raises(BadFile, match="too large"):
        read_bytes(tmp_path, "a.json", limit=100)
    assert read_bytes(tmp_path, "a.json", limit=101) == b"x" * 101


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def test_cli_on_a_hostile_folder_finishes_without_traceback(hostile_folder, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "claimlab", "report", str(hostile_folder), "--out", str(out),
                           "--data", str(ROOT / "data")], cwd=ROOT, capture_output=True, text=True, timeout=180,
                          preexec_fn=_limit_memory)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stdout + proc.stderr
    for name, reason in EXPECTED.items():
        assert f"skipped {name}: " in proc.stdout and reason in proc.stdout, name
    assert "classmate" not in (out / "gradebook.csv").read_text(encoding="utf-8-sig")
    skipped_section = (out / "report.html").read_text(encoding="utf-8").split('id="skipped"')[1]
    for name in EXPECTED:
        assert f"<th scope=\"row\">{name}</th>" in skipped_section, name
    listed = len(answer_files(hostile_folder))
    summary = proc.stdout.strip().splitlines()[-1]
    read, skipped = (int(x) for x in re.findall(r"Read (\d+) submissions?, skipped (\d+) files?", summary)[0])
    assert read >= 1 and read + skipped <= listed


def test_the_submissions_folder_itself_may_be_a_link(tmp_path, dataset):
    data = plain_data(dataset)
    K.write(tmp_path / "real" / "a.json", _small_doc(data))
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    from claimlab.report import build_report

    assert build_report(tmp_path / "link", dataset, progress=None).submissions == 1
