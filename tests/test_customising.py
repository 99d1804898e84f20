"""An instructor adds an evidence item in data/ only; chapters, appendices and the exercises pick it up."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from claimlab.data import load_dataset
from claimlab.exercises import grade_sources_ui
from claimlab.exercises.chain import plain_data
from claimlab.exercises.store import AnswerStore
from claimlab.exercises.widgets import Session

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = "Test item: a seminar group found a new dated report on Russian trade with Kabul."
SHOWN = SUMMARY[:28]  # exercise menus show the start of each item's text


def add_evidence(data: Path) -> None:
    """What the customising page tells instructors to do, done with a YAML library instead of an editor."""
    claims = yaml.safe_load((data / "claims.yml").read_text(encoding="utf-8"))
    target = next(c["id"] for c in claims if c["chapter"] == "motives")
    items = yaml.safe_load((data / "evidence.yml").read_text(encoding="utf-8"))
    items.append({"id": "test-added-evidence", "summary": SUMMARY, "date": "2026-03-01",
                  "source": items[0]["source"], "supports": [target],
                  "grading": {"reliability": "C", "reliability_reason": "A fairly reliable outlet.",
                              "credibility": 3, "credibility_reason": "Not yet confirmed elsewhere.",
                              "defensible": {"reliability": ["B", "C"], "credibility": [2, 3],
                                             "reason": "One outlet so far; a second report would narrow it."}}})
    (data / "evidence.yml").write_text(yaml.safe_dump(items, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def edited_data(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("copy") / "data"
    shutil.copytree(ROOT / "data", data)
    add_evidence(data)
    return data


def _texts(widget) -> str:
    """Every label, option and HTML value in a widget tree, as one string."""
    parts = [str(getattr(widget, "value", "")), str(getattr(widget, "description", ""))]
    parts += [str(o) for o in getattr(widget, "options", ()) or ()]
    parts += [_texts(child) for child in getattr(widget, "children", ())]
    return " ".join(parts)


def test_new_item_reaches_the_grading_exercise(edited_data, tmp_path):
    data = plain_data(load_dataset(edited_data))
    session = Session(data, AnswerStore(tmp_path, data["edition"], "tester"))
    assert SHOWN in _texts(grade_sources_ui(session))


def test_new_item_reaches_the_built_chapter_and_appendix_pages(edited_data, tmp_path):
    out = tmp_path / "site"
    env = {**os.environ, "CLAIMLAB_DATA": str(edited_data)}
    jb = Path(sys.executable).parent / "jupyter-book"
    run = subprocess.run([str(jb), "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(out)],
                         env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]
    html = out / "_build" / "html"
    assert SUMMARY in (html / "book" / "motives.html").read_text(encoding="utf-8")
    assert SUMMARY in (html / "book" / "appendix" / "sources.html").read_text(encoding="utf-8")
    # and the repository's own data was left alone
    assert SUMMARY not in (ROOT / "data" / "evidence.yml").read_text(encoding="utf-8")
