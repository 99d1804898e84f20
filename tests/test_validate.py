"""The validator reports every data mistake as file:line: field: message, never a traceback."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claimlab.data import DataError, load_dataset
from claimlab.validate import validate

ROOT = Path(__file__).resolve().parent.parent


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing needle (computed from the file, not the validator)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def problems_in(data: Path) -> list:
    return validate(data)[2]


def test_minimal_fixture_is_valid(data_copy):
    assert problems_in(data_copy) == []
    ds = load_dataset(data_copy)
    assert ds.by_id("claims")["motive-buffer"]["status"] == "contested"
    assert ds.claims[0]["as_of"] == "2026-02"  # dates stay strings, never datetime objects


# Each case: (file, change to make, text on the line the problem must point at, field it must name, words in message)
CASES = [
    ("claims.yml", ("kind: fact", "kind: opinion"), "kind: opinion", "claims[1](still-listed).kind", "opinion"),
    ("claims.yml", ("status: contested", "status: maybe"), "status: maybe", "claims[0](motive-buffer).status", "expected one of holds"),
    ("claims.yml", ("as_of: '2025-04'", "as_of: '2025-13'"), "as_of: '2025-13'", "claims[1](still-listed).as_of", "real calendar date"),
    ("claims.yml", ("as_of: '2026-02'", "as_of: 'Feb 2026'"), "as_of: 'Feb 2026'", "claims[0](motive-buffer).as_of", "YYYY"),
    ("claims.yml", ("  kind: interpretation\n", "  kind: interpretation\n  colour: red\n"), "colour: red", "claims[0](motive-buffer).colour", "unknown field"),
    ("claims.yml", ("  text: The Taliban is still on Russia's list.\n", ""), "- id: still-listed", "claims[1](still-listed).text", "missing required field"),
    ("evidence.yml", ("reliability: B", "reliability: G"), "reliability: G", "evidence[0](ev-crocus).grading.reliability", "expected one of A"),
    ("evidence.yml", ("credibility: 1", "credibility: '1'"), "credibility: '1'", "evidence[0](ev-crocus).grading.credibility", "'1'"),
    ("evidence.yml", ("supports: [motive-buffer]", "supports: [motive-bufer]"), "supports: [motive-bufer]", "evidence[0](ev-crocus).supports[0]", "did you mean 'motive-buffer'"),
    ("evidence.yml", ("source: pub-2024-07", "source: nobody-1999"), "source: nobody-1999", "evidence[0](ev-crocus).source", "unknown BibTeX key"),
    ("claims.yml", ("{cite}`pub-2024-07`", "{cite}`pub-2024-7`"), "{cite}`pub-2024-7`", "claims[0](motive-buffer).status_note", "pub-2024-07"),
    ("glossary.yml", ("- id: de-facto", "- id: de-jure"), None, "glossary[1](de-jure).id", "duplicate id"),
    ("counterpoints.yml", ("responds_to: [motive-buffer]", "responds_to: [still-listed]"), "strongest_counterpoint: cp-symbolic", "claims[0](motive-buffer).strongest_counterpoint", "does not respond"),
    ("hypotheses.yml", ("reading-b: {rating: C, reason: The Taliban hold power.}", "reading-b: {rating: X, reason: The Taliban hold power.}"), "rating: X", "hypotheses.hypotheses[1](pragmatism).ratings.ev-court.reading-b.rating", "expected one of CC"),
    ("hypotheses.yml", ("  - {evidence: ev-court, diagnostic: true, note: A court ruling.}\n", ""), "ratings:", "hypotheses.hypotheses[0](strategy).ratings", "expected exactly the evidence listed under rows"),
    ("actors.yml", ("target: taliban", "target: talibn"), "target: talibn", "actors.relations[0](russia-recognises-taliban).target", "unknown actor id"),
    ("timeline.yml", ("evidence: ev-crocus", "evidence: ev-nothing"), "evidence: ev-nothing", "timeline[0](crocus).evidence", "unknown evidence id"),
    ("claims.yml", ("  kind: interpretation\n", "  kind: interpretation\n  kind: fact\n"), "kind: fact", "claims[0](motive-buffer).kind", "duplicate key"),
    ("claims.yml", ("text: Moscow engages", "text: [Moscow engages"), None, "(syntax)", "YAML syntax error"),
    ("sources.bib", ("  url = {https://example.org/a},\n", ""), "@misc{pub-2024-07,", "pub-2024-07.url", "missing field"),
    ("sources.bib", ("@misc{pub-2025-04-17,", "@misc{pub-2024-07,"), None, "pub-2024-07", "duplicate BibTeX key"),
]


@pytest.mark.parametrize("name,change,needle,field,words", CASES, ids=[f"{c[0]}:{c[3]}:{c[4][:20]}" for c in CASES])
def test_each_mistake_names_file_line_and_field(data_copy, name, change, needle, field, words):
    path = data_copy / name
    edit(path, *change)
    found = [p for p in problems_in(data_copy) if p.field == field]
    assert found, f"no problem for {field}; got {[str(p) for p in problems_in(data_copy)]}"
    problem = found[0]
    reported = "claims.yml" if field.startswith("claims[") else name  # a counterpoint edit is reported on the claim
    assert Path(problem.file).name == reported
    assert words in problem.message
    if needle is not None:
        assert problem.line == line_of(data_copy / reported, needle)
    assert str(problem).startswith(f"{problem.file}:{problem.line}: {field}: ")


def test_not_utf8_names_the_line(data_copy):
    path = data_copy / "glossary.yml"
    raw = path.read_bytes().replace(b"Formal", b"Form\xe9l")
    path.write_bytes(raw)
    problem = next(p for p in problems_in(data_copy) if Path(p.file).name == "glossary.yml")
    assert problem.line == raw[: raw.index(b"\xe9")].count(b"\n") + 1
    assert "not UTF-8" in problem.message


def test_empty_and_missing_files(data_copy):
    (data_copy / "timeline.yml").write_text("# nothing yet\n", encoding="utf-8")
    (data_copy / "glossary.yml").unlink()
    messages = {Path(p.file).name: p.message for p in problems_in(data_copy)}
    assert "is empty" in messages["timeline.yml"]
    assert "missing file" in messages["glossary.yml"]


def test_all_problems_reported_in_one_run(data_copy):
    edit(data_copy / "claims.yml", "kind: fact", "kind: opinion")
    edit(data_copy / "evidence.yml", "reliability: B", "reliability: G")
    edit(data_copy / "actors.yml", "target: taliban", "target: talibn")
    fields = {p.field for p in problems_in(data_copy)}
    assert {"claims[1](still-listed).kind", "evidence[0](ev-crocus).grading.reliability",
            "actors.relations[0](russia-recognises-taliban).target"} <= fields


def test_load_dataset_raises_data_error_listing_problems(data_copy):
    edit(data_copy / "claims.yml", "kind: fact", "kind: opinion")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    assert "claims.yml:" in str(info.value) and "opinion" in str(info.value)


def test_cli_prints_one_line_per_problem_and_no_traceback(data_copy):
    edit(data_copy / "claims.yml", "kind: fact", "kind: opinion")
    edit(data_copy / "evidence.yml", "source: pub-2024-07", "source: nobody-1999")
    run = subprocess.run([sys.executable, "-m", "claimlab", "validate", "--data", str(data_copy)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 2
    assert all(line.split(":")[0].endswith(".yml") and line.split(":")[1].isdigit() for line in lines)
    assert "Traceback" not in run.stdout + run.stderr


def test_cli_accepts_valid_data(data_copy):
    run = subprocess.run([sys.executable, "-m", "claimlab", "validate", "--data", str(data_copy)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout


def test_repository_data_is_valid():
    problems = validate(ROOT / "data")[2]
    assert problems == [], "\n".join(str(p) for p in problems)
