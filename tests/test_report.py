"""The class report on a synthetic class (see ``tests/report_class.py`` for who answers what).

Every expected number follows from how the class is built, never from the report's own output.
"""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claimlab.exercises.chain import EXERCISES, plain_data, record_fingerprints
from claimlab.exercises.export import build_export
from claimlab.report import build_report, write_report
from claimlab.report.cli import read_one
from claimlab.report.document import Document, Quotes, Section
from claimlab.report.gradebook import COLUMNS, cell
from claimlab.report.render import to_html, to_markdown
from claimlab.report.submission import Marker

import report_class as K

ROOT = Path(__file__).resolve().parent.parent
COUNTED = K.N_STUDENTS - 1  # the conflicting student is not counted
ODD_COUNTED = sum(1 for i in range(K.N_STUDENTS) if i % 2 and i != K.CONFLICT_OF)
EVEN_COUNTED = COUNTED - ODD_COUNTED


@pytest.fixture(scope="module")
def klass(tmp_path_factory, dataset):
    folder = tmp_path_factory.mktemp("submissions")
    data = plain_data(dataset)
    paths = K.build_class(folder, data)
    out = tmp_path_factory.mktemp("report")
    report = write_report(folder, out, dataset, progress=None)
    return {"folder": folder, "data": data, "paths": paths, "out": out, "report": report,
            "html": (out / "report.html").read_text(encoding="utf-8"),
            "md": (out / "summary.md").read_text(encoding="utf-8"),
            "csv": (out / "gradebook.csv").read_text(encoding="utf-8-sig")}


def _rows(klass) -> dict[str, dict[str, str]]:
    return {r["student"]: r for r in csv.DictReader(io.StringIO(klass["csv"]))}


def _item(klass, exercise: str, item: str, aspect: str):
    return klass["report"].stats.items[(exercise, item, aspect)]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, attrs))


def _tags(html: str):
    parser = _Tags()
    parser.feed(html)
    return parser.tags


# -- reading ------------------------------------------------------------------------------

def test_files_submissions_duplicates_and_conflicts(klass):
    report = klass["report"]
    assert report.files == K.N_STUDENTS + 2
    assert report.submissions == COUNTED
    assert [s.shown for s in report.skipped] == [f"copies/claimlab-answers-{K.IDENTICAL_OF:02d}.json"]
    assert report.skipped[0].reason == f"duplicate: identical copy of b/claimlab-answers-{K.IDENTICAL_OF:02d}.json"
    (conflict,) = report.conflicts
    assert conflict.student == K.student_name(K.CONFLICT_OF)
    assert sorted(f for f, _ in conflict.files) == ["a/claimlab-answers-10.json", "late/claimlab-answers-10.json"]


def test_a_future_date_does_not_win_a_conflict(klass):
    """Neither file of the conflicting student is counted, and the CSV says why."""
    row = _rows(klass)[K.student_name(K.CONFLICT_OF)]
    assert row["notes"].startswith("conflict: 2 different files")
    assert row["exercises_finished"] == "" and row["items_committed"] == ""
    contentious = _item(klass, "grade-sources", K.contentious(klass["data"])["id"], "reliability")
    assert contentious.latest.n == COUNTED


def test_edition_mismatch_marks_only_the_changed_item(klass):
    data = klass["data"]
    changed = _item(klass, "grade-sources", K.changed_item(data)["id"], "reliability")
    assert changed.changed == 1 and changed.latest.n == COUNTED - 1
    assert _item(klass, "grade-sources", data["evidence"][2]["id"], "reliability").latest.n == COUNTED
    notes = [n for s, _, n in klass["report"].stats.notes.rows if s == K.student_name(K.CHANGED)]
    assert any(K.OTHER_EDITION in n for n in notes)
    assert klass["report"].stats.changed_students == 1


def test_v1_file_counts_each_item_as_one_attempt_without_reason(klass):
    row = _rows(klass)[K.student_name(K.V1)]
    data = klass["data"]
    committed = len(data["evidence"]) + len(data["claims"]) + len(K.main_claims(data["claims"]))  # no ACH in v1
    assert row["items_committed"] == str(committed)
    assert row["reasons_given"] == "0" and row["items_revised"] == "0"
    # Marked like the same answers in format 2 (student-02 is built the same way):
    assert row["exercises_finished"] == _rows(klass)["student-02"]["exercises_finished"]


def test_verdict_given_as_a_committed_item_is_read(klass, dataset):
    data = klass["data"]
    found = read_one(klass["folder"], f"b/claimlab-answers-{K.VERDICT_ITEM:02d}.json",
                     Marker(data, record_fingerprints(data)))
    assert found.verdict["reason"].startswith("VERDICT-REASON")
    assert found.verdict["likelihood"] and found.verdict["confidence"]
    assert klass["report"].stats.verdict.likelihood.n == COUNTED


def test_the_real_exporter_output_is_read(tmp_path, dataset):
    data = plain_data(dataset)
    answers = {"grade-sources": {"items": {data["evidence"][0]["id"]: {"reliability": "B", "credibility": 2}}}}
    K.write(tmp_path / "in" / "x.json", build_export(answers, data, "solo", K.START))
    report = build_report(tmp_path / "in", dataset, progress=None)
    assert report.submissions == 1 and not report.skipped


# -- reasoning ----------------------------------------------------------------------------

def test_inside_and_outside_the_range_follow_the_construction(klass):
    contentious = _item(klass, "grade-sources", K.contentious(klass["data"])["id"], "reliability")
    assert (contentious.inside_latest, contentious.latest.n) == (EVEN_COUNTED, COUNTED)
    assert contentious.inside_quotes.seen == EVEN_COUNTED - 1  # the v1 student gave no reason
    assert contentious.outside_quotes.seen == ODD_COUNTED
    assert klass["report"].stats.outside_ranking()[0] is contentious


def test_first_attempts_and_revisions(klass):
    data = klass["data"]
    ev = K.contentious(data)
    contentious = _item(klass, "grade-sources", ev["id"], "reliability")
    revised_to_model = {i for i in K.REVISERS if i % 2 == 0}  # odd revisers kept their outside letter
    assert contentious.revised == len(revised_to_model) == contentious.into_range
    assert contentious.out_of_range == 0
    assert contentious.moves == {(K.outside_letter(ev), ev["grading"]["reliability"]): len(revised_to_model)}
    assert contentious.inside_first == EVEN_COUNTED - len(revised_to_model)
    stats = klass["report"].stats
    assert stats.revising_students == len(revised_to_model) == stats.revised_items
    rows = _rows(klass)
    assert [rows[K.student_name(i)]["items_revised"] for i in sorted(K.REVISERS)] == ["1", "0", "1", "0"]


def test_quotes_on_both_sides_are_shown_and_escaped(klass):
    html, md = klass["html"], klass["md"]
    section = html.split('id="versus-model"')[1].split("</section>")[0]
    inside, outside = section.split("Reasons outside it", 1)
    assert "INSIDE reason of student-" in inside and "OUTSIDE reason" not in inside
    assert re.search(r"OUTSIDE reason of student-|&lt;img src=x onerror=alert\(2\)&gt;", outside)
    assert "INSIDE reason" not in outside.split("<h3>")[0]
    md_section = md.split("## Where the class departs from the model")[1].split("\n## ")[0]
    assert "INSIDE reason" in md_section and "OUTSIDE reason" in md_section


def test_quote_samples_are_reproducible(klass, dataset):
    again = build_report(klass["folder"], dataset, progress=None, workers=1)
    key = ("grade-sources", K.contentious(klass["data"])["id"], "reliability")
    assert again.stats.items[key].outside_quotes.items == klass["report"].stats.items[key].outside_quotes.items
    assert again.markdown.split("Generated:")[1][60:] == klass["report"].markdown.split("Generated:")[1][60:]


def test_contestable_items_are_never_called_right_or_wrong(klass):
    html = klass["html"]
    assert "inside the model&#39;s defensible range" in html
    for phrase in ("correct answer", "wrong answer", "answered correctly", "answered wrongly", "Right:"):
        assert phrase.casefold() not in html.casefold()


def test_groups_are_shown_with_members(klass):
    html = klass["html"]
    assert "Team &lt;b&gt;Red&lt;/b&gt;" in html and "Ann &lt;i&gt;Smith&lt;/i&gt;" in html
    row = _rows(klass)[K.student_name(K.GROUP)]
    assert row["group"] == "Team <b>Red</b>"
    assert row["members"] == "Ann <i>Smith</i>; @SUM(A1:A9); Bo Li"


# -- gradebook ----------------------------------------------------------------------------

def test_csv_has_the_documented_columns_and_one_row_per_student(klass):
    reader = csv.reader(io.StringIO(klass["csv"]))
    header = next(reader)
    assert tuple(header) == COLUMNS
    body = list(reader)
    assert len(body) == COUNTED + 1  # and one row for the conflict
    assert {"rubric_verdict", "rubric_memo", "rubric_steelman"} <= set(header)
    for e in EXERCISES:
        assert f"{e.id}_done" in header and f"{e.id}_required" in header
    guide = (ROOT / "book" / "instructors" / "guide.md").read_text(encoding="utf-8")
    documented = [c for c in COLUMNS if not any(c.startswith(e.id + "_") for e in EXERCISES)]
    for column in [*documented, "<exercise>_done", "<exercise>_required"]:
        assert f"`{column}`" in guide, column


def test_csv_figures_follow_the_construction(klass):
    data = klass["data"]
    row = _rows(klass)["student-02"]
    committed = len(data["evidence"]) + len(data["claims"]) + len(K.main_claims(data["claims"])) \
        + len(data["hypotheses"]) * len(K.model_rows(data))
    assert row["items_committed"] == row["reasons_given"] == str(committed)
    assert 0 < int(row["exercises_finished"]) <= len(EXERCISES)
    assert row["answers_outside_range"] == "0"
    assert _rows(klass)["student-01"]["answers_outside_range"] == "1"
    assert row["indicators_count"] == "2" and int(row["verdict_statement_words"]) >= 10
    assert row["rubric_verdict"] == row["rubric_memo"] == row["rubric_steelman"] == ""


def test_csv_cells_cannot_run_as_formulas(klass):
    rows = _rows(klass)
    assert f"'{K.FORMULA_NAME}" in rows
    for start in "=+-@\t\r":
        assert cell(start + "1+1").startswith("'")
    assert cell("plain") == "plain" and cell(3) == "3"
    for line in klass["csv"].splitlines()[1:]:
        for value in next(csv.reader([line])):
            assert not value[:1] in ("=", "+", "-", "@"), value


# -- output -------------------------------------------------------------------------------

def test_student_text_is_escaped_in_html_and_markdown(klass):
    html, md = klass["html"], klass["md"]
    assert K.HOSTILE_NAME not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "javascript:" not in html.replace("[link](javascript:alert(3))", "")
    assert not {name for name, _ in _tags(html)} & {"script", "img", "iframe", "object", "embed", "base", "link"}
    assert "<" not in md.replace("<exercise>", "")  # every < typed by a student is an entity
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert not re.search(r"(?<!\\)\]\(", md)  # no link syntax survives: the bracket is escaped


def test_html_is_self_contained_accessible_and_has_a_csp(klass):
    html = klass["html"]
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'' in html \
        or "default-src &#39;none&#39;" in html
    tags = _tags(html)
    references = [value or "" for _, attrs in tags for name, value in attrs if name in ("src", "href", "xlink:href")]
    assert references and all(ref.startswith("#") for ref in references)
    svgs = re.findall(r"<svg\b.*?</svg>", html, re.DOTALL)
    assert svgs
    for svg in svgs:
        assert re.search(r"<title id=\"[^\"]+\">[^<]+</title><desc id=\"[^\"]+\">[^<]+</desc>", svg)
    assert html.count("<table>") >= len(svgs)


def test_cli_writes_three_files_and_lists_skips_and_conflicts(klass, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "claimlab", "report", str(klass["folder"]), "--out", str(out),
                           "--data", str(ROOT / "data")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr and proc.stderr == ""
    assert f"Read {COUNTED} submissions, skipped 1 file, 1 conflict" in proc.stdout
    assert f"skipped copies/claimlab-answers-{K.IDENTICAL_OF:02d}.json: duplicate" in proc.stdout
    assert "conflict: 2 different files name 'student-10'" in proc.stdout
    assert sorted(p.name for p in out.iterdir()) == ["gradebook.csv", "report.html", "summary.md"]
    generated = re.compile(r"Generated: .*")
    assert generated.sub("", (out / "summary.md").read_text(encoding="utf-8")) == generated.sub("", klass["md"])


def test_parallel_and_sequential_reading_agree(klass, dataset, monkeypatch):
    import claimlab.report.cli as cli

    monkeypatch.setattr(cli, "PARALLEL_FROM", 1)
    monkeypatch.setattr(cli, "PART_MIN", 3)
    parallel = build_report(klass["folder"], dataset, progress=None, workers=2)
    generated = re.compile(r"Generated: .*")
    assert generated.sub("", parallel.markdown) == generated.sub("", klass["report"].markdown)


def test_empty_folder_gives_a_report_and_exit_code_1(tmp_path):
    (tmp_path / "in").mkdir()
    proc = subprocess.run([sys.executable, "-m", "claimlab", "report", str(tmp_path / "in"), "--out",
                           str(tmp_path / "out"), "--data", str(ROOT / "data")], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert (tmp_path / "out" / "report.html").exists() and (tmp_path / "out" / "gradebook.csv").exists()
    missing = subprocess.run([sys.executable, "-m", "claimlab", "report", str(tmp_path / "nowhere"), "--out",
                              str(tmp_path / "out2")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_quotes_render_escaped_in_both_formats():
    doc = Document("t", [], [Section("s", "S", [Quotes("c", [(K.HOSTILE_NAME, "<b>A</b>", K.HOSTILE_REASON)])])],
                   "f")
    html, md = to_html(doc), to_markdown(doc)
    assert "<img" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html and "&lt;b&gt;A" in html
    assert not {name for name, _ in _tags(html)} & {"script", "img", "b"}
    assert "<" not in md and "&lt;img src=x onerror=alert(2)&gt;" in md and r"\[link\]" in md


def test_thesis_side_duel_rounds_are_counted_per_round(tmp_path, dataset):
    """A round answered for the thesis (a sceptic's counterpoint, its pick an evidence item) reaches the class
    figures like a main claim's: the pick beside the model's strongest, the steelman counted for that round."""
    from claimlab.exercises.counterpoint_duel import FOR, duel_rounds

    data = plain_data(dataset)
    round_ = next(r for r in duel_rounds(data["claims"], data["counterpoints"], data["evidence"]) if r["side"] == FOR)
    ranking = [round_["strongest"], *(c["id"] for c in round_["candidates"] if c["id"] != round_["strongest"])]
    item = {**K.record(({"ranking": ranking, "steelman": "A steelman for the thesis, dated 2025."},
                        "the evidence is dated and sourced")), "steelman": "A steelman for the thesis, dated 2025."}
    K.write(tmp_path / "in" / "ann.json", K.doc_v2("ann", {"counterpoint-duel": {"items": {round_["id"]: item}}}, data))
    report = write_report(tmp_path / "in", tmp_path / "out", dataset, progress=None)
    picks = report.stats.items[("counterpoint-duel", round_["id"], "pick")].latest
    assert picks.model == round_["strongest"] and picks.counts[round_["strongest"]] == 1
    assert report.stats.steelmen[round_["id"]].given == 1
    assert round_["id"] in (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
