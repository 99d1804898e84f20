"""The validator reports every data mistake as file:line: field: message, never a traceback."""
from __future__ import annotations

import json
import os
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


# --- Bad data is refused cheaply (issue 10, point 6) -----------------------------------------------------------

BOMB = "".join(f"{x}: &{x} [{','.join([f'*{p}'] * 9)}]\n" for p, x in zip("abcdefgh", "bcdefghi"))
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + BOMB
#: Address space allowed to a validator run on hostile data: far above what it needs (~0.3 GB), far below
#: what an expanded alias bomb takes (tens of GB), so the old code fails here instead of exhausting the machine.
MEMORY_LIMIT = 1_500_000_000


def _validate_bounded(data: Path) -> subprocess.CompletedProcess:
    """Run `python -m claimlab validate` on ``data`` with a capped address space (and a hang guard)."""
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (%d, %d)); "
            "from claimlab.__main__ import main; sys.exit(main(['validate', '--data', %r]))"
            % (MEMORY_LIMIT, MEMORY_LIMIT, str(data)))
    try:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("validate did not finish within 120 s (a hang, not a speed target)")


def test_alias_bomb_is_refused_with_its_line_in_bounded_memory(data_copy):
    assert len(BOMB.encode()) == 342
    (data_copy / "glossary.yml").write_text(BOMB, encoding="utf-8")
    run = _validate_bounded(data_copy)
    assert "Traceback" not in run.stderr and "MemoryError" not in run.stderr, run.stderr[-2000:]
    assert run.returncode == 1
    expected = ("glossary.yml:1: &a: anchors and aliases are not allowed "
                "(got &a, expected each value written out in full)")
    assert any(line.endswith(expected) for line in run.stdout.splitlines()), run.stdout


def test_anchor_and_alias_in_a_record_are_refused_at_their_line(data_copy):
    edit(data_copy / "claims.yml", "  text: The Taliban is still on Russia's list.\n",
         "  text: &listed The Taliban is still on Russia's list.\n  strongest_why: *listed\n")
    found = [p for p in problems_in(data_copy) if "anchors and aliases" in p.message]
    assert [(p.field, p.line) for p in found] == [("&listed", line_of(data_copy / "claims.yml", "&listed"))]


def test_deep_nesting_is_refused_without_recursion_error(data_copy):
    (data_copy / "timeline.yml").write_text("- id: x\n  label: " + "[" * 5_000 + "]" * 5_000 + "\n", encoding="utf-8")
    found = [p for p in problems_in(data_copy) if Path(p.file).name == "timeline.yml"]
    assert [(p.line, p.field) for p in found] == [(2, "(nesting)")] and "nested too deeply" in found[0].message


def test_a_50_mb_data_file_is_refused_by_size_in_bounded_memory(data_copy):
    path = data_copy / "evidence.yml"
    with path.open("ab") as handle:  # a real 50 MB file: valid YAML comments after the records
        handle.write((b"# " + b"x" * 1022 + b"\n") * 50 * 1024)
    run = _validate_bounded(data_copy)
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert any(line.endswith("evidence.yml:1: (file): is too large (got more than 2,000,000 bytes, "
                             "expected at most 2 MB per data file)") for line in run.stdout.splitlines()), run.stdout


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_data_file_that_is_not_a_regular_file_is_refused(data_copy, kind):
    path = data_copy / "timeline.yml"
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)  # reading it would wait forever for a writer
    else:
        path.symlink_to("/dev/zero")  # reading it would never end
    run = _validate_bounded(data_copy)  # in a subprocess: the old code hung here
    expected = f"{data_copy / 'timeline.yml'}:1: (file): is not a regular file (expected a text file)"
    assert [ln for ln in run.stdout.splitlines() if "timeline.yml" in ln] == [expected], run.stdout + run.stderr[-2000:]


@pytest.mark.parametrize("char", ["\x00", "\x0c", "\x1b", "\x7f", "\x85", "\ufeff"],
                         ids=["NUL", "form-feed", "escape", "DEL", "NEL", "BOM-inside"])
def test_a_control_character_is_a_file_line_field_problem(data_copy, char):
    edit(data_copy / "claims.yml", "`; critics doubt it.", f"`; critics{char} doubt it.")
    run = subprocess.run([sys.executable, "-m", "claimlab", "validate", "--data", str(data_copy)],
                         capture_output=True, text=True, cwd=ROOT)
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    line = line_of(data_copy / "claims.yml", "status_note: Russian officials")
    expected = (f"claims.yml:{line}: claims[0](motive-buffer).status_note: control character "
                f"(got U+{ord(char):04X}, expected printable text; only newline and tab are allowed)")
    assert [ln for ln in run.stdout.splitlines() if "control character" in ln and ln.endswith(expected)], run.stdout


def test_a_control_character_in_a_block_text_names_its_own_line_and_field(data_copy):
    edit(data_copy / "claims.yml", "  text: The Taliban is still on Russia's list.\n",
         "  text: |\n    The Taliban is still\n    on Russia's\x0c list.\n")
    found = [p for p in problems_in(data_copy) if "control character" in p.message]
    line = line_of(data_copy / "claims.yml", "on Russia's")
    assert [(p.line, p.field) for p in found] == [(line, "claims[1](still-listed).text")]


def test_a_control_character_in_sources_bib_names_entry_and_field(data_copy):
    edit(data_copy / "sources.bib", "  publisher = {Example Wire},", "  publisher = {Example\x00 Wire},")
    found = [p for p in problems_in(data_copy) if "control character" in p.message]
    assert [(Path(p.file).name, p.line, p.field) for p in found] == [
        ("sources.bib", line_of(data_copy / "sources.bib", "Example\x00 Wire"), "pub-2024-07.publisher")]


def test_a_bom_at_the_start_of_every_data_file_is_accepted(data_copy):
    for path in data_copy.iterdir():
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert problems_in(data_copy) == []


def test_tabs_before_comments_and_after_colons_are_accepted(data_copy):
    edit(data_copy / "claims.yml", "  kind: interpretation\n", "  kind:\tinterpretation\t# a reading of motives\n")
    edit(data_copy / "claims.yml", "  main: true\n", "  main: true  \t# the chapter's main claim\t\n")
    assert problems_in(data_copy) == []
    assert load_dataset(data_copy).by_id("claims")["motive-buffer"]["kind"] == "interpretation"


def test_a_tab_in_indentation_is_still_a_syntax_error(data_copy):
    edit(data_copy / "claims.yml", "  kind: interpretation\n", "\tkind: interpretation\n")
    found = [p for p in problems_in(data_copy) if p.field == "(syntax)"]
    assert [p.line for p in found] == [line_of(data_copy / "claims.yml", "\tkind")]


def test_an_unknown_relation_kind_is_refused(data_copy):
    edit(data_copy / "actors.yml", "kind: recognises", "kind: adores")
    found = [p for p in problems_in(data_copy) if p.field == "actors.relations[0](russia-recognises-taliban).kind"]
    assert len(found) == 1 and found[0].line == line_of(data_copy / "actors.yml", "kind: adores")
    assert "unknown relation kind (got 'adores'" in found[0].message and "definitions.yml" in found[0].message


# --- Data text is text (issue 10, point 5) ---------------------------------------------------------------------

HOSTILE = {
    "html-img": "<img src=x onerror=alert(document.domain)>",
    "html-script": "<script>alert(1)</script>",
    "html-comment": "before <!-- hidden --> after",
    "autolink": "see <https://example.org/tracker.png>",
    "raw-block": "Intro.\n\n```{raw} html\n<b>x</b>\n```\n",
    "eval-rst-include": "Intro.\n\n```{eval-rst}\n.. include:: /etc/os-release\n```\n",
    "colon-fence": "Intro.\n\n:::{note}\nHello\n:::\n",
    "tilde-fence": "Intro.\n\n~~~\ncode\n~~~\n",
    "rst-include": "Intro. .. include:: /etc/os-release",
    "raw-role": "Tap {raw}`html`.",
    "other-myst-role": "See {doc}`index`.",
    "rst-role": "See :doc:`index`.",
    "substitution": "The key is {{ secret }}.",
    "md-image": "Look ![x](https://example.org/pixel.png)",
    "md-link": "Click [here](javascript:alert(1))",
    "code-span": "Run `rm -rf /` now.",
}


def _yaml_block(text: str) -> str:
    return "|\n" + "".join(f"    {ln}\n" if ln else "\n" for ln in text.splitlines())


@pytest.mark.parametrize("sample", list(HOSTILE), ids=list(HOSTILE))
def test_hostile_data_text_is_refused_with_file_line_field(data_copy, sample):
    edit(data_copy / "claims.yml", "  status_note: Russian officials say so {cite}`pub-2024-07`; critics doubt it.\n",
         "  status_note: " + _yaml_block("Russian officials say so {cite}`pub-2024-07`. " + HOSTILE[sample]))
    found = [p for p in problems_in(data_copy) if "markup not allowed" in p.message]
    assert [(Path(p.file).name, p.line, p.field) for p in found] == [
        ("claims.yml", line_of(data_copy / "claims.yml", "status_note: |"), "claims[0](motive-buffer).status_note")]
    assert "the only markup allowed is {cite}`key`" in found[0].message


@pytest.mark.parametrize("name,old,field", [
    ("evidence.yml", "summary: ", "evidence[0](ev-crocus).summary"),
    ("glossary.yml", "definition: ", "glossary[0]"),
    ("chapters.yml", "title: ", "chapters[0]"),
    ("actors.yml", "summary: ", "actors.actors[0]"),
])
def test_markup_is_refused_in_every_file(data_copy, name, old, field):
    edit(data_copy / name, old, old + "<b>bold</b> ")
    found = [p for p in problems_in(data_copy) if "markup not allowed" in p.message]
    assert len(found) == 1 and Path(found[0].file).name == name and found[0].field.startswith(field)
    assert found[0].line == line_of(data_copy / name, "<b>bold</b>")


def test_markup_is_refused_in_sources_bib(data_copy):
    edit(data_copy / "sources.bib", "  publisher = {Example Wire},", "  publisher = {<script>x</script>},")
    found = [p for p in problems_in(data_copy) if "markup not allowed" in p.message]
    assert [(Path(p.file).name, p.field) for p in found] == [("sources.bib", "pub-2024-07.publisher")]


@pytest.mark.parametrize("text", ["Prices rose by $80 million {cite}`pub-2024-07`.", "Fewer than 5 < 7 > 3 cases.",
                                  "A {cite:p}`pub-2024-07, pub-2025-04-17` pair.", "Russia's \"partner\" (so-called)."])
def test_plain_text_with_citations_is_accepted(data_copy, text):
    edit(data_copy / "claims.yml", "  status_note: Russian officials say so {cite}`pub-2024-07`; critics doubt it.\n",
         f"  status_note: {json.dumps(text)}\n")
    assert problems_in(data_copy) == []


def _thesis_case(evidence: str, defends: str = "motive-buffer", strongest: str = "ev-court") -> str:
    return ("  voice: A Moscow-based expert\n  thesis_case:\n"
            f"    defends: {defends}\n    evidence: [{evidence}]\n    strongest: {strongest}\n"
            "    why: The court ruling came first.\n    case_against: A ruling shows no motive.\n")


def test_a_thesis_side_duel_round_is_checked_against_the_other_files(data_copy):
    path = data_copy / "counterpoints.yml"
    edit(path, "  voice: A Moscow-based expert\n", _thesis_case("ev-court, ev-crocus, ev-court"))
    assert any(p.field.endswith("thesis_case.evidence") for p in problems_in(data_copy))  # three distinct ids
    edit(path, "[ev-court, ev-crocus, ev-court]", "[ev-court, ev-crocus, ev-nowhere]")
    found = {p.field: p.message for p in problems_in(data_copy)}
    assert any("evidence id" in m and "ev-nowhere" in m for f, m in found.items() if "thesis_case.evidence" in f)


def test_a_thesis_case_must_defend_a_claim_its_counterpoint_answers_with_its_own_evidence(data_copy):
    path = data_copy / "counterpoints.yml"
    edit(path, "  voice: A Moscow-based expert\n", _thesis_case("ev-court, ev-crocus, ev-extra", "still-listed",
                                                                 "ev-elsewhere"))
    messages = " ".join(f"{p.field}: {p.message}" for p in problems_in(data_copy))
    assert "thesis_case.defends" in messages and "does not answer" in messages
    assert "thesis_case.strongest" in messages and "not one of the round's evidence" in messages


def test_data_files_are_parsed_by_libyaml_with_the_values_and_lines_of_the_python_reader(monkeypatch):
    """LibYAML reads each file about ten times faster (half a second of every build's ``validate``)."""
    from claimlab import yamlsource

    assert yamlsource._compose_fast("a: [1, {b: c}]\n") is not None, "LibYAML is installed with PyYAML here"
    for path in sorted((ROOT / "data").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert yamlsource._compose_fast(text) is not None, f"{path.name} is read by LibYAML"
        fast = yamlsource.load_yaml(path, path.name)
        with monkeypatch.context() as python_only:
            python_only.setattr(yamlsource, "_CLoader", None)
            slow = yamlsource.load_yaml(path, path.name)
        assert (repr(fast.value), fast.lines, fast.problems) == (repr(slow.value), slow.lines, slow.problems), path.name


@pytest.mark.parametrize("text", ["a: &x 1\nb: 2\n", "a: *x\n", "a: [1, 2\n", "- " * 31 + "deep\n",
                                  "a: b: c\n", "a:\n\t- b\n"])
def test_what_the_checks_refuse_or_libyaml_rejects_is_left_to_the_python_reader(text):
    """So every refusal and every syntax error is found and worded as before, at its line."""
    from claimlab import yamlsource

    assert yamlsource._compose_fast(text) is None
