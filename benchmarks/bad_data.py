"""Speed and memory of `validate` on hostile data (issue 10): targets, not tests.

Targets: a 342-byte YAML alias bomb and a 50 MB data file are each refused with a message in under a second
of validation and in bounded memory (well under 100 MB above an ordinary run). Run from the repository root:

    .venv/bin/python benchmarks/bad_data.py

Each case validates a copy of tests/fixtures/minimal in a fresh process and prints the time `validate()` took
(imports excluded), the process's peak resident memory and the first problem.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{x}: &{x} [{','.join([f'*{p}'] * 9)}]\n" for p, x in zip("abcdefgh", "bcdefghi"))


def _case(name: str, change) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", data)
        change(data)
        code = ("import resource, sys, time; from pathlib import Path; from claimlab.validate import validate; "
                "t = time.perf_counter(); problems = validate(Path(sys.argv[1]))[2]; t = time.perf_counter() - t; "
                "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024; "
                "print(f'{t:6.3f} s  peak {peak:5.0f} MB  ', problems[0] if problems else 'valid')")
        run = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True, cwd=ROOT)
        print(f"{name:14} {run.stdout.strip()[:170] or run.stderr[-300:]}")


def _big(data: Path) -> None:
    with (data / "evidence.yml").open("ab") as handle:
        handle.write((b"# " + b"x" * 1022 + b"\n") * 50 * 1024)


if __name__ == "__main__":
    _case("valid (base)", lambda data: None)
    _case("alias bomb", lambda data: (data / "glossary.yml").write_text(BOMB, encoding="utf-8"))
    _case("50 MB file", _big)
