"""The assessed edition (issue 11, point 6): no model answer in its data, pages or notebooks; exercises save
without feedback; its exports are read and marked by the class report run on the full data."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimlab import assessed
from claimlab.__main__ import main as claimlab_main
from claimlab.data import load_dataset
from claimlab.edition import prepare_assessed_sources
from claimlab.exercises.chain import EXERCISES, evaluate_all, plain_data, record_fingerprints
from claimlab.exercises.export import build_export

ROOT = Path(__file__).resolve().parent.parent
MODEL_KEYS = {"grading", "reliability_reason", "credibility_reason", "defensible", "status", "status_note",
              "status_reason", "strongest_counterpoint", "strongest_why", "ratings", "readings"}
NOW = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.timezone.utc)


def _flat(text: str) -> str:
    return " ".join(text.split())


def model_texts(ds) -> list[str]:
    """Model reasons and notes of the full data: text that must appear in no file of the assessed edition."""
    found = []
    for e in ds.evidence:
        g = e["grading"]
        found += [g["reliability_reason"], g["credibility_reason"], (g.get("defensible") or {}).get("reason", "")]
    for c in ds.claims:
        found += [c["status_note"], c.get("status_reason", ""), (c.get("defensible") or {}).get("reason", ""),
                  c.get("strongest_why", ""), *(c.get("error") or {}).values()]
    lateral = ds.extra.get("lateral-reading") or {}
    for outlet in lateral.get("outlets", []):
        found += [outlet["grading"]["reliability_reason"], outlet["grading"]["defensible"]["reason"]]
    update = lateral.get("claim_update") or {}
    found += [update.get("status_reason", ""), *(c["note"] for c in update.get("candidates", []))]
    # long, distinctive ones only (a short reason such as "Primary record." could be ordinary prose)
    return sorted({_flat(re.sub(r"\{cite[^`]*`[^`]*`", "", t)) for t in found if len(_flat(t)) > 50})


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("assessed") / "source"
    prepare_assessed_sources(ROOT, dest)
    return dest


@pytest.fixture(scope="module")
def stripped(source):
    return load_dataset(source / "data")


def test_its_data_holds_no_model_field(source, stripped):
    assert assessed.is_assessed(stripped)
    for name in assessed.MODEL_FIELDS:
        value = yaml.safe_load((source / "data" / name).read_text(encoding="utf-8"))
        assert not _keys(value) & MODEL_KEYS, name
    assert all("kind" not in c and "error" not in c for c in stripped.claims)
    assert all("grading" not in e for e in stripped.evidence)


def test_no_shipped_file_holds_a_model_reason(source, dataset):
    secrets = model_texts(dataset)
    assert len(secrets) > 100, "the check needs the real model reasons to look for"
    assert any("Associated Press" in s for s in secrets)  # a known evidence reason is among them
    leaks = []
    shipped = [*source.glob("data/*"), *source.rglob("*.md"), *source.rglob("*.ipynb"), *(ROOT / "claimlab").rglob("*.py")]
    for path in shipped:
        text = _flat(path.read_text(encoding="utf-8", errors="replace"))
        leaks += [(path.name, s[:60]) for s in secrets if s in text]
    assert leaks == []


def test_notebooks_ship_without_stored_outputs(source):
    for path in source.glob("exercises/*.ipynb"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert "widgets" not in nb["metadata"]
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code"), path.name


def test_its_pages_show_no_model_labels(stripped, dataset):
    secrets = model_texts(dataset)
    for name, render in assessed.PAGES.items():
        args = [c["id"] for c in stripped.chapters] if name == "claim-cards" else [""]
        for arg in args:
            page = _flat(render(stripped, arg))
            assert not [s for s in secrets if s in page], (name, arg)
            assert not re.search(r"claim-(holds|overstated|contested|wrong|unsupported)\b", page)
            assert "Graded" not in page
    cards = assessed.claim_cards(stripped, "broad-claim")
    assert "The analysis claims" in cards and "for you to judge" in cards


def test_the_marker_carries_the_full_datas_edition_and_fingerprints(stripped, dataset):
    data, full = plain_data(stripped), plain_data(dataset)
    assert data["assessed"] and data["edition"] == full["edition"]
    assert record_fingerprints(data) == record_fingerprints(full)
    assert data["assessed"]["required"] == {e.id: p["progress"]["required"]
                                            for e, p in zip(EXERCISES, evaluate_all({}, full).values())}


def _answers(stripped) -> dict[str, Any]:
    """Answers as the exercises store them: attempts records (v2) and one plain format-1 item."""
    attempt = lambda choice: {"attempts": [{"choice": choice, "reason": "Because of the source named.",  # noqa: E731
                                            "at": "2026-11-30T09:00:00+00:00"}]}
    ev, claim = stripped.evidence[0]["id"], stripped.claims[0]["id"]
    return {"grade-sources": {"items": {ev: attempt({"reliability": "B", "credibility": 2}),
                                        stripped.evidence[1]["id"]: {"reliability": "C", "credibility": 3}}},
            "sort-claims": {"items": {claim: attempt({"kind": "fact", "status": "holds"})}},
            "verdict": {"items": {"overall": attempt({"likelihood": "unlikely", "probability": 30,
                                                      "confidence": "moderate", "statement": "x"})}}}


def test_exercises_save_progress_without_marking(stripped):
    done = evaluate_all(_answers(stripped), plain_data(stripped))
    assert {k: v["results"] for k, v in done.items()} == {**{e.id: {} for e in EXERCISES}, "verdict": {"ok": True}}
    assert done["grade-sources"]["progress"]["done"] == 2 and done["sort-claims"]["progress"]["done"] == 1
    assert done["verdict"]["progress"]["finished"]


def test_an_item_exercise_says_saved_instead_of_feedback(stripped, tmp_path):
    pytest.importorskip("ipywidgets")
    from claimlab.exercises import grade_sources_ui, widgets
    from claimlab.exercises.store import AnswerStore

    data = plain_data(stripped)
    session = widgets.Session(data, AnswerStore(tmp_path, data["edition"], "ann"))
    box = grade_sources_ui(session)
    controls = list(_walk(box))
    dropdowns = [w for w in controls if isinstance(w, widgets.widgets.Dropdown)
                 and w.description.startswith(("Rel", "Cred"))]
    dropdowns[0].value, dropdowns[1].value = "B", 2
    publisher = data["sources"][data["evidence"][0]["source"]]["publisher"]
    for reason in (w for w in controls if isinstance(w, widgets.widgets.Text) and w.description.startswith("Your reason")):
        reason.value = f"The {publisher} report has a good record on this"  # the reason exercises ask for (issue 8)
    next(w for w in controls if isinstance(w, widgets.widgets.Button)
         and w.description.startswith(("Check", "Commit"))).click()
    shown = " ".join(w.value for w in _walk(box) if isinstance(w, widgets.widgets.HTML))
    assert assessed.SAVED_MESSAGE in shown and "Model reason" not in shown and "defensible" not in shown.lower()
    saved = json.loads(next(tmp_path.glob("answers-*.json")).read_text(encoding="utf-8"))
    assert "grade-sources" in json.dumps(saved)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_an_export_from_it_is_read_and_marked_by_the_report(stripped, dataset, tmp_path, capsys):
    doc = build_export(_answers(stripped), plain_data(stripped), "ann-smith", NOW)
    assert all("results" not in part for part in doc["exercises"].values())
    assert doc["data_edition"] == dataset.edition
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "claimlab-answers-ann-smith.json").write_text(json.dumps(doc), encoding="utf-8")
    status = claimlab_main(["report", str(folder), "--out", str(tmp_path / "out"), "--data", str(ROOT / "data")])
    printed = capsys.readouterr().out
    assert status == 0 and "skipped claimlab-answers" not in printed
    assert "ann-smith" in (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")


def test_assessed_is_a_command():
    run = subprocess.run([sys.executable, "-m", "claimlab", "edition", "--help"], cwd=ROOT, capture_output=True,
                         text=True)
    assert "assessed" in run.stdout
    assert "student|assessed|instructor)" in (ROOT / "dev").read_text(encoding="utf-8")


def test_every_exercise_opens_on_the_stripped_data(stripped, tmp_path):
    pytest.importorskip("ipywidgets")
    import claimlab.exercises as exercises
    from claimlab.exercises import widgets
    from claimlab.exercises.store import AnswerStore

    data = plain_data(stripped)
    session = widgets.Session(data, AnswerStore(tmp_path, data["edition"], "ann"))
    for name in exercises._WIDGETS:
        assert getattr(exercises, name)(session) is not None, name


@pytest.fixture(scope="module")
def assessed_site(tmp_path_factory) -> Path:
    """The real build: ``python -m claimlab edition assessed`` (the notebooks run on the stripped data)."""
    out = tmp_path_factory.mktemp("assessed-site")
    run = subprocess.run([sys.executable, "-m", "claimlab", "edition", "assessed", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return out


def test_the_built_assessed_edition_ships_no_model_answer(assessed_site, dataset):
    secrets = model_texts(dataset)
    shipped = [p for p in [*(assessed_site / "_build" / "html").rglob("*"), *(assessed_site / "source").rglob("*")]
               if p.is_file() and p.suffix in (".html", ".ipynb", ".md", ".txt", ".js", ".yml", ".json")]
    assert len(shipped) > 50
    leaks = [(p.name, s[:60]) for p in shipped for s in secrets
             if s in _flat(p.read_text(encoding="utf-8", errors="replace"))]
    assert leaks == []
    html = assessed_site / "_build" / "html"
    assert not (html / "book" / "instructors" / "answer-key.html").exists()
    assert "The analysis claims" in (html / "book" / "broad-claim.html").read_text(encoding="utf-8")


def test_its_launch_buttons_never_open_sources_that_hold_the_key():
    from claimlab.edition import ASSESSED_SOURCE, STUDENT_SOURCE, EditionError, student_config

    base = {"repository": {"url": "https://github.com/x/instructor"}, "launch_buttons": {"binderhub_url": "b"},
            STUDENT_SOURCE: {"url": "https://github.com/x/practice"}}
    no_own = student_config(dict(base), ASSESSED_SOURCE)  # only the practice sources are configured
    assert "repository" not in no_own and "binderhub_url" not in no_own["launch_buttons"]
    own = student_config({**base, ASSESSED_SOURCE: {"url": "https://github.com/x/assessed"}}, ASSESSED_SOURCE)
    assert own["repository"]["url"] == "https://github.com/x/assessed" and ASSESSED_SOURCE not in own
    with pytest.raises(EditionError, match="model answers"):
        student_config({**base, ASSESSED_SOURCE: {"url": "https://github.com/x/practice.git"}}, ASSESSED_SOURCE)
