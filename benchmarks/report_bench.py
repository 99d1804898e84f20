"""How long the class report takes, and how much memory, for a large synthetic class.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/report_bench.py 10000

writes N synthetic format-2 exports (every exercise it knows answered, each judged item with a
first attempt and, for some, a revision, all with reasons; one in five by a group) into a
temporary folder, runs ``python -m claimlab report`` on it in a child process and prints
the wall time, the CPU time and the peak resident memory of that process and of its workers
(``resource.getrusage(RUSAGE_CHILDREN)``: CPU summed, memory the largest of them). The target (issue 11):
10,000 submissions in under a minute, under 300 MB.

Writing 10,000 files (6 GB) takes longer than the report, so ``--reuse DIR`` keeps the class in ``DIR``
and reads it again on later runs, as long as it was made with the same size, seed and data edition
(``DIR/made.json`` says which); otherwise it is written afresh.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claimlab.data import load_dataset  # noqa: E402
from claimlab.exercises.competing_hypotheses import RATINGS, cell_id, model_rows  # noqa: E402
from claimlab.exercises.chain import EXERCISES, evaluate_all, plain_data, record_fingerprints  # noqa: E402
from claimlab.exercises.counterpoint_duel import duel_candidates, main_claims  # noqa: E402
from claimlab.exercises.lateral_reading import candidates as update_candidates  # noqa: E402
from claimlab.exercises.lateral_reading import claim_update, outlets  # noqa: E402
from claimlab.exercises.source_analysis import questions  # noqa: E402
from claimlab.exercises.verdict import LIKELIHOOD  # noqa: E402
from claimlab.labels import CREDIBILITY, KIND, RELIABILITY, STATUS  # noqa: E402

WORDS = ("the", "source", "reported", "moscow", "kabul", "evidence", "dated", "claim", "rests", "on", "official",
         "statement", "agency", "several", "outlets", "confirm", "doubt", "because", "later", "events")


def _reason(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18)))


def _record(rng: random.Random, choices: list[dict[str, Any]]) -> dict[str, Any]:
    return {"attempts": [{"choice": c, "reason": _reason(rng), "at": f"2026-11-2{i}T10:00:00+00:00"}
                         for i, c in enumerate(choices)]}


def _item(rng: random.Random, choose: Any) -> dict[str, Any]:
    first = choose()
    return _record(rng, [first] if rng.random() < 0.7 else [first, choose()])


def answers(rng: random.Random, data: dict[str, Any], candidates: dict[str, list[str]]) -> dict[str, Any]:
    """One student's answers, by exercise id (``candidates``: counterpoint ids per main claim)."""
    defs = data["definitions"]
    section = data["source_analysis"]
    lateral = {o["id"]: _record(rng, [{"reliability": rng.choice(list(RELIABILITY))} for _ in range(2)])
               for o in outlets(data)}  # graded before and after checking who runs the outlet
    update = claim_update(data)
    if update:
        sources = [c["id"] for c in update_candidates(update, data["evidence"])]
        lateral[update["id"]] = _item(rng, lambda: {"source": rng.choice(sources), "status": rng.choice(list(STATUS))})
    rows = [r["id"] for r in model_rows(data)]
    lists = [entry["id"] for entry in defs["lists"]]
    statement_term = rng.choice(list(LIKELIHOOD))
    low, high = LIKELIHOOD[statement_term]
    return {
        "source-analysis": {"items": {q["id"]: _item(rng, lambda q=q: {
            "choice": rng.choice(section["choice_sets"][q["choices"]])["id"]}) for q in questions(section)}},
        "grade-sources": {"items": {ev["id"]: _item(rng, lambda: {"reliability": rng.choice(list(RELIABILITY)),
                                                                  "credibility": rng.choice(list(CREDIBILITY))})
                                    for ev in data["evidence"]}},
        "lateral-reading": {"items": lateral},
        "sort-claims": {"items": {c["id"]: _item(rng, lambda: {"kind": rng.choice(list(KIND)),
                                                               "status": rng.choice(list(STATUS))})
                                  for c in data["claims"]}},
        "counterpoint-duel": {"items": {
            claim: _item(rng, lambda claim=claim: {"ranking": rng.sample(candidates[claim], len(candidates[claim])),
                                                   "steelman": _reason(rng) + " " + _reason(rng)})
            for claim in candidates}},
        "define-terms": {"partner": rng.choice(defs["partner"])["id"], "lists": rng.sample(lists, 2),
                         "rule": rng.choice(["any", "all"]), "recognition": rng.choice(defs["recognition"])["id"],
                         "period": rng.choice(["current", "ever"])},
        "competing-hypotheses": {"items": {cell_id(h["id"], row): _item(rng, lambda: {"rating": rng.choice(list(RATINGS))})
                                           for h in data["hypotheses"] for row in rows}},
        "verdict": {"likelihood": statement_term, "probability": rng.randint(low, high),
                    "confidence": rng.choice(["low", "moderate", "high"]),
                    "statement": f"It is {statement_term} that the claim holds. {_reason(rng)}.",
                    "indicators": [_reason(rng), _reason(rng)]},
    }


def generate(folder: Path, n: int, data: dict[str, Any], seed: int = 1) -> int:
    """Write ``n`` exports into ``folder``; returns the bytes written."""
    rng = random.Random(seed)
    fingerprints = record_fingerprints(data)
    candidates = {c["id"]: [x["id"] for x in duel_candidates(c, data["counterpoints"])]
                  for c in main_claims(data["claims"])}
    # Results are in every real export but the report recomputes them: one realistic copy serves all files.
    results = evaluate_all(answers(rng, data, candidates), data)
    total = 0
    for i in range(n):
        given = answers(rng, data, candidates)  # exercises it does not know (a new one) are left unanswered
        group = {"name": f"Group {i}", "members": [f"Student {i}a", f"Student {i}b"]} if i % 5 == 0 else None
        doc = {"format": "claimlab-answers", "format_version": 2, "data_edition": data["edition"],
               "student": f"student-{i:05d}", "group": group, "exported_at": "2026-11-29T12:00:00+00:00",
               "finished": [], "fingerprints": fingerprints,
               "exercises": {e.id: {"title": e.title, "answers": given[e.id], **results[e.id]}
                             for e in EXERCISES if e.id in given}}
        text = json.dumps(doc, ensure_ascii=False)
        (folder / f"claimlab-answers-{i:05d}.json").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def prepare(folder: Path, n: int, data: dict[str, Any], seed: int = 1) -> None:
    """Write the class into ``folder`` unless the class already there was made the same way."""
    stamp = folder / "made.json"
    wanted = {"n": n, "seed": seed, "edition": data["edition"]}
    submissions = folder / "submissions"
    if stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")) == wanted:
        print(f"reusing the {n} submissions in {submissions}")
        return
    stamp.unlink(missing_ok=True)
    shutil.rmtree(submissions, ignore_errors=True)
    submissions.mkdir(parents=True)
    started = time.perf_counter()
    size = generate(submissions, n, data, seed)
    stamp.write_text(json.dumps(wanted), encoding="utf-8")  # written last: a half-made class is never reused
    print(f"generated {n} submissions ({size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=10_000, help="number of submissions (default 10000)")
    parser.add_argument("--keep", action="store_true", help="keep the generated folder and the report")
    parser.add_argument("--reuse", type=Path, metavar="DIR",
                        help="keep the class in DIR and reuse it when it was made for the same size and data")
    args = parser.parse_args()
    data = plain_data(load_dataset())
    work = Path(tempfile.mkdtemp(prefix="claimlab-bench-"))
    try:
        home = args.reuse or work
        prepare(home, args.n, data)
        folder = home / "submissions"
        load = os.getloadavg()
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "claimlab", "report", str(folder), "--out", str(work / "out")],
                              cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mb = usage.ru_maxrss / 1024  # Linux: kilobytes
        print(proc.stdout.splitlines()[-1] if proc.stdout else proc.stderr[-2000:])
        print(f"report on {args.n} submissions: {wall:.1f} s wall, {usage.ru_utime + usage.ru_stime:.1f} s CPU "
              f"(report process and workers; on a shared machine the wall time also counts waiting for a core), "
              f"peak RSS {peak_mb:.0f} MB (largest of the report process and its workers), "
              f"load average before {load[0]:.1f}, Python {platform.python_version()} from {sys.base_prefix}, "
              f"exit code {proc.returncode}")
        return proc.returncode
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
