"""The class report: a synthetic class of exports made by the real exporter on the real data.

Every expected number below follows from how the class is built in ``_build_class``
(who answers what), never from the report's own output.

The class (N_STUDENTS good submissions, plus files that must be skipped):

* everybody grades CONTENTIOUS (the first evidence item): even-numbered students A1,
  odd-numbered students E5, a 50/50 split; and AGREED (the second) with the model grade;
* student INCOMPLETE grades three items and does nothing else (all six exercises unfinished);
* students in NO_VERDICT finish everything but the verdict, which they leave untouched;
* everyone else finishes all six exercises (their steelmen and verdicts are built to pass the checks);
* student HOSTILE is named ``<script>alert(1)</script>`` and writes HTML into a steelman;
* OLDER_COPY_OF exported once more a day earlier (a different file), IDENTICAL_COPY_OF's file
  appears twice; both extra files must be listed as duplicates;
* BAD_FILES: one file per reason a file cannot be used.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from claimlab.exercises.competing_hypotheses import RATINGS, model_matrices
from claimlab.exercises.chain import REQUIRED_GRADED, plain_data
from claimlab.exercises.sort_claims import KINDS, STATUSES
from claimlab.exercises.counterpoint_duel import duel_candidates, main_claims
from claimlab.exercises.verdict import LIKELIHOOD
from claimlab.exercises.export import build_export
from claimlab.exercises.grade_sources import CREDIBILITY, RELIABILITY
from claimlab.report import build_report, write_report
from claimlab.report_read import collect

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261120
N_STUDENTS = 44
HOSTILE = 5
INCOMPLETE = 9
NO_VERDICT = {i for i in range(N_STUDENTS) if i % 7 == 3}
OLDER_COPY_OF = 1
IDENTICAL_COPY_OF = 2
HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_STEELMAN = "<img src=x onerror=alert(2)> critics say Moscow merely hedges its bets (recognition-2025)"
OTHER_EDITION = "0123456789ab"
START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)
#: Words for steelmen: ordinary, but never eight in a row from a counterpoint (that would count as copying).
WORDS = ("critics", "argue", "moscow", "pursues", "narrow", "interests", "rather", "than", "any", "shared",
         "ideology", "which", "weakens", "the", "claim", "considerably", "observers", "doubt", "motives")


def student_name(i: int) -> str:
    return HOSTILE_NAME if i == HOSTILE else f"student-{i:02d}"


def _mostly(rng: random.Random, model: Any, options: list[Any], share: float = 0.7) -> Any:
    return model if rng.random() < share else rng.choice(options)


def _grades(rng: random.Random, i: int, data: dict[str, Any], contentious: str, agreed: str) -> dict[str, Any]:
    items = {}
    for ev in data["evidence"]:
        model = ev["grading"]
        if ev["id"] == contentious:
            grade = ("A", 1) if i % 2 == 0 else ("E", 5)
        elif ev["id"] == agreed:
            grade = (model["reliability"], model["credibility"])
        else:
            grade = (_mostly(rng, model["reliability"], list(RELIABILITY)),
                     _mostly(rng, model["credibility"], list(CREDIBILITY)))
        items[ev["id"]] = {"reliability": grade[0], "credibility": grade[1]}
    return {"items": items}


def _steelman(rng: random.Random) -> str:
    """Random words that name an evidence item, so the steelman check accepts them as about the claim."""
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(7, 12))).capitalize() + " (recognition-2025)."


def _verdict(rng: random.Random) -> dict[str, Any]:
    term = rng.choice(list(LIKELIHOOD))
    low, high = LIKELIHOOD[term]
    confidence = rng.choice(["low", "moderate", "high"])
    choice = {"likelihood": term, "probability": rng.randint(low, high), "confidence": confidence,
              "statement": f"It is {term} that Russia partners with such groups as a deliberate strategy. "
                           "Insider-bounty-2025 fits the thesis; sharaa-moscow-2025 cuts against it. "
                           f"We have {confidence} confidence in this judgement.",
              "indicators": ["Russia lists Hamas as terrorist", "Russia withdraws its recognition"]}
    return {"items": {"overall": {"attempts": [{"choice": choice, "reason": "Several independent reports agree",
                                                "at": "2026-11-25T14:00:00+00:00"}]}}}


def _full_answers(rng: random.Random, i: int, data: dict[str, Any], contentious: str, agreed: str) -> dict[str, Any]:
    defs = data["definitions"]
    duel = {}
    for claim in main_claims(data["claims"]):
        options = [c["id"] for c in duel_candidates(claim, data["counterpoints"])]
        steelman = HOSTILE_STEELMAN if i == HOSTILE and not duel else _steelman(rng)
        pick = _mostly(rng, claim["strongest_counterpoint"], options, 0.6)
        duel[claim["id"]] = {"ranking": [pick, *(o for o in options if o != pick)], "steelman": steelman}
    lists = [entry["id"] for entry in defs["lists"]]
    answers = {
        "grade-sources": _grades(rng, i, data, contentious, agreed),
        "sort-claims": {"items": {c["id"]: {"kind": _mostly(rng, c["kind"], list(KINDS)),
                                            "status": _mostly(rng, c["status"], list(STATUSES))}
                                  for c in data["claims"]}},
        "counterpoint-duel": {"items": duel},
        "define-terms": {"partner": rng.choice(defs["partner"])["id"],
                         "lists": rng.sample(lists, rng.randint(1, len(lists))),
                         "rule": rng.choice(["any", "all"]), "recognition": rng.choice(defs["recognition"])["id"],
                         "period": rng.choice(["current", "ever"])},
        "competing-hypotheses": {"items": {
            f"{h}|{ev}": {"attempts": [{"choice": {"rating": _mostly(rng, r, list(RATINGS), 0.6)},
                                        "reason": f"Because {ev} says so.", "at": "2026-11-25T10:00:00+00:00"}]}
            for h, row in next(iter(model_matrices(data).values())).items() for ev, r in row.items()}},
        "verdict": _verdict(rng),
    }
    if i in NO_VERDICT:
        del answers["verdict"]
    return answers


def _answers(rng: random.Random, i: int, data: dict[str, Any], contentious: str, agreed: str) -> dict[str, Any]:
    if i == INCOMPLETE:
        three = data["evidence"][:3]  # contentious, agreed and one more: fewer than REQUIRED_GRADED
        graded = _grades(rng, i, data, contentious, agreed)["items"]
        return {"grade-sources": {"items": {ev["id"]: graded[ev["id"]] for ev in three}}}
    return _full_answers(rng, i, data, contentious, agreed)


def _write(path: Path, doc: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _build_class(folder: Path, data: dict[str, Any]) -> dict[str, Any]:
    rng = random.Random(SEED)
    contentious, agreed = data["evidence"][0]["id"], data["evidence"][1]["id"]
    paths = {}
    for i in range(N_STUDENTS):
        answers = _answers(rng, i, data, contentious, agreed)
        doc = build_export(answers, data, student_name(i), START + dt.timedelta(minutes=i))
        paths[i] = _write(folder / ("group-b" if i % 2 else "group-a") / f"claimlab-answers-{i:02d}.json", doc)
    older = build_export(_answers(rng, OLDER_COPY_OF, data, contentious, agreed), data, student_name(OLDER_COPY_OF),
                         START - dt.timedelta(days=1))
    _write(folder / "monday" / "claimlab-answers-01.json", older)
    copy = folder / "copies" / f"claimlab-answers-{IDENTICAL_COPY_OF:02d}.json"
    copy.parent.mkdir()
    copy.write_bytes(paths[IDENTICAL_COPY_OF].read_bytes())

    sample = build_export({}, data, "someone", START)
    bad = {
        "bad/corrupt.json": json.dumps(sample)[:200],
        "bad/wrong-format.json": json.dumps({**sample, "format": "something-else"}),
        "bad/autosave.json": json.dumps({"format": "claimlab-autosave", "format_version": 1, "answers": {}}),
        "bad/version-99.json": json.dumps({**sample, "format_version": 99}),
        "bad/old-edition.json": json.dumps(build_export({}, {**data, "edition": OTHER_EDITION}, "old-timer", START)),
        "bad/not-a-dict.json": json.dumps([sample]),
        "bad/empty.json": "",
        "bad/no-student.json": json.dumps({k: v for k, v in sample.items() if k != "student"}),
    }
    for name, text in bad.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "bad" / "notes.txt").write_text("not an answers file, and not *.json: never read", encoding="utf-8")
    return {"contentious": contentious, "agreed": agreed, "paths": paths}


#: bad file -> what its reason must say (the old-edition reason is checked word for word separately)
BAD_REASONS = {
    "bad/corrupt.json": "damaged JSON",
    "bad/wrong-format.json": "wrong format 'something-else'",
    "bad/autosave.json": "an autosave file",
    "bad/version-99.json": "unknown format_version 99",
    "bad/old-edition.json": f"made on data edition {OTHER_EDITION}, this is ",
    "bad/not-a-dict.json": "not a claimlab answers file",
    "bad/empty.json": "empty file",
    "bad/no-student.json": "missing field: student",
}
#: Identical files have the same export time; the rule is then "first path in sorted order is kept",
#: and "copies/" sorts before "group-a/".
DUPLICATES = {"monday/claimlab-answers-01.json": "duplicate: student student-01 exported again later",
              "group-a/claimlab-answers-02.json": "duplicate: identical copy of copies/claimlab-answers-02.json"}
FILES = N_STUDENTS + len(DUPLICATES) + len(BAD_REASONS)


@pytest.fixture(scope="module")
def klass(tmp_path_factory, dataset):
    """The class folder, what was built into it, and the report written by the function (quietly)."""
    folder = tmp_path_factory.mktemp("submissions")
    data = plain_data(dataset)
    built = _build_class(folder, data)
    out = tmp_path_factory.mktemp("report-fn")
    report = write_report(folder, out, dataset, progress=None)
    return {"folder": folder, "data": data, "out": out, "report": report, **built}


@pytest.fixture(scope="module")
def cli(klass, tmp_path_factory):
    out = tmp_path_factory.mktemp("report-cli")
    proc = subprocess.run([sys.executable, "-m", "claimlab", "report", str(klass["folder"]), "--out", str(out),
                           "--data", str(ROOT / "data")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    return {"proc": proc, "html": (out / "report.html").read_text(encoding="utf-8"),
            "md": (out / "summary.md").read_text(encoding="utf-8")}


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every real element with its attributes (text that merely looks like a tag is not one)."""
    collector = _TagCollector()
    collector.feed(html)
    return collector.tags


def test_counts_of_read_and_skipped_files(klass):
    collection = klass["report"].collection
    assert collection.files == FILES  # notes.txt is not a *.json file
    assert len(collection.submissions) == N_STUDENTS
    assert len(collection.skipped) == len(BAD_REASONS) + len(DUPLICATES)
    assert sorted(s.student for s in collection.submissions) == sorted(student_name(i) for i in range(N_STUDENTS))


def test_each_bad_file_is_listed_with_its_reason(klass, dataset):
    reasons = {s.shown: s.reason for s in klass["report"].collection.skipped}
    assert set(reasons) == set(BAD_REASONS) | set(DUPLICATES)
    for name, expected in {**BAD_REASONS, **DUPLICATES}.items():
        assert expected in reasons[name], (name, reasons[name])
    assert reasons["bad/old-edition.json"] == f"made on data edition {OTHER_EDITION}, this is {dataset.edition}"


def test_duplicates_keep_the_latest_export(klass):
    kept = {s.student: s for s in klass["report"].collection.submissions}
    assert kept[student_name(OLDER_COPY_OF)].shown == "group-b/claimlab-answers-01.json"
    assert kept[student_name(OLDER_COPY_OF)].exported_at == START + dt.timedelta(minutes=OLDER_COPY_OF)


def test_contentious_item_ranks_above_the_agreed_one(klass):
    stats = klass["report"].stats
    keys = [d.key for d in stats.ranking]
    for scale in ("reliability", "credibility"):
        split = f"grade-sources:{klass['contentious']}:{scale}"
        agreed = f"grade-sources:{klass['agreed']}:{scale}"
        assert keys.index(split) < keys.index(agreed)
        by_key = {d.key: d for d in stats.ranking}
        assert by_key[split].departing == 0.5  # 22 even-numbered vs 22 odd-numbered students
        assert by_key[agreed].departing == 0.0
    reliability = next(d for d in stats.reliability if d.item == klass["contentious"])
    assert (reliability.counts["A"], reliability.counts["E"], reliability.n) == (22, 22, N_STUDENTS)


def test_unfinished_exercises_are_listed(klass):
    unfinished = {u.student: u.missing for u in klass["report"].stats.unfinished}
    expected = {student_name(i) for i in NO_VERDICT | {INCOMPLETE}}
    assert set(unfinished) == expected
    incomplete = unfinished[student_name(INCOMPLETE)]
    assert len(incomplete) == 6
    assert incomplete[0] == f"Grade the sources (3 of {REQUIRED_GRADED})"
    for i in NO_VERDICT:
        assert [m.split(" (")[0] for m in unfinished[student_name(i)]] == ["The verdict"]


def test_class_figures_follow_the_construction(klass):
    stats = klass["report"].stats
    answered_all = N_STUDENTS - 1  # everyone but INCOMPLETE
    assert stats.ach.complete == answered_all
    assert sum(stats.ach.first.counts.values()) == answered_all
    verdicts = answered_all - len(NO_VERDICT)
    assert stats.verdict.likelihood.n == verdicts
    assert len(stats.verdict.probabilities) == verdicts
    assert stats.verdict.ok == verdicts
    assert stats.terms.finished == answered_all
    assert stats.finished["grade-sources"] == answered_all
    assert stats.finished["verdict"] == verdicts


def test_cli_writes_both_files_quietly_and_without_traceback(cli):
    proc = cli["proc"]
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.stderr == ""  # a folder of this size gets no progress lines
    assert f"Read {N_STUDENTS} submissions, skipped {len(BAD_REASONS) + len(DUPLICATES)} files" in proc.stdout
    for name in {**BAD_REASONS, **DUPLICATES}:
        assert f"skipped {name}: " in proc.stdout


def test_student_text_is_escaped(cli):
    html, md = cli["html"], cli["md"]
    assert HOSTILE_NAME not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert not re.search(r"(?<!\\)<(script|img|/script)", md)  # every < typed by a student is backslash-escaped
    assert r"\<script\>alert(1)\</script\>" in md
    tags = _tags(html)
    assert not {name for name, _ in tags} & {"script", "img"}


def test_html_is_self_contained_and_accessible(cli):
    html = cli["html"]
    assert re.search(r'<html lang="en">', html)
    tags = _tags(html)
    references = [value or "" for _, attrs in tags for name, value in attrs if name in ("src", "href", "xlink:href")]
    outside = [ref for ref in references if not ref.startswith("#")]
    assert references and not outside, outside
    assert not {name for name, _ in tags} & {"script", "link", "iframe", "img", "object", "embed", "base"}
    style = "".join(re.findall(r"<style>(.*?)</style>", html, re.DOTALL))
    assert "@import" not in style and "url(" not in style
    svgs = re.findall(r"<svg\b.*?</svg>", html, re.DOTALL)
    assert svgs
    for svg in svgs:
        assert re.search(r"<title id=\"[^\"]+\">[^<]+</title><desc id=\"[^\"]+\">[^<]+</desc>", svg)
        assert 'role="img"' in svg
    assert html.count("<table>") >= len(svgs)  # every chart has a table with the same numbers
    assert "<h1>" in html and "<h2" in html


def test_function_and_cli_agree(klass, cli):
    md = cli["md"]
    report = klass["report"]
    generated = re.compile(r"Generated: .*")
    assert generated.sub("", md) == generated.sub("", report.markdown)


def test_progress_is_shown_only_for_large_folders(tmp_path, klass):
    lines: list[str] = []
    collect(klass["folder"], klass["data"], lines.append)
    assert lines == []
    for i in range(120):
        (tmp_path / f"{i:03d}.json").write_text("", encoding="utf-8")
    collection = collect(tmp_path, klass["data"], lines.append)
    assert lines == [f"read {n}/120 files" for n in (25, 50, 75, 100, 120)]
    assert len(collection.skipped) == 120 and {s.reason for s in collection.skipped} == {"empty file"}


def test_empty_folder_gives_a_report_and_exit_code_1(tmp_path):
    (tmp_path / "in").mkdir()
    proc = subprocess.run([sys.executable, "-m", "claimlab", "report", str(tmp_path / "in"), "--out",
                           str(tmp_path / "out"), "--data", str(ROOT / "data")], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert (tmp_path / "out" / "report.html").exists()
    missing = subprocess.run([sys.executable, "-m", "claimlab", "report", str(tmp_path / "nowhere"), "--out",
                              str(tmp_path / "out2")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_build_report_reads_without_writing(klass, tmp_path):
    report = build_report(klass["folder"], None, progress=None)
    assert len(report.collection.submissions) == N_STUDENTS
    assert not list(tmp_path.iterdir())
