"""A real Sphinx build of a small page using every data directive, read back as HTML.

Two promises are checked on what a browser would receive:

* data text is text (issue 10): hostile strings put straight into the loaded dataset (after
  validation, so this holds even if the validator missed them) appear as text, and no HTML,
  directive, substitution or included file comes out of them;
* hide, then reveal (issue 8): outside the collapsed reading, a claim card, a short claim card
  and an evidence card name no kind, status, grade, reason or counterpoint.

The build runs in a subprocess (about 10 s) with a conf.py whose small extension edits the
dataset right after claimlab loads it.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from claimlab.labels import CREDIBILITY, KIND, RELIABILITY, STATUS, status_word

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"

HOSTILE = ("Plain words <img src=x onerror=alert(1)> and {{ subst }}\n\n"
           "```{raw} html\n<img src=y onerror=alert(2)>\n```\n\n"
           "```{eval-rst}\n.. include:: /etc/os-release\n```\n\n"
           ":::{raw} html\n<script>alert(3)</script>\n:::\n\n"
           "[x](javascript:alert(4)) {raw}`html <b>bold</b>` **not bold** end {cite}`pub-2024-07`")
SHOWN = ["<img src=x onerror=alert(1)>", "{{ subst }}", "```{raw} html", ".. include:: /etc/os-release",
         ":::{raw} html", "<script>alert(3)</script>", "[x](javascript:alert(4))", "**not bold**"]

#: Extra fields the fixture's two claims and two evidence items get for this build (contract 2 shapes).
RANGES = {
    "claims": {
        "motive-buffer": {"status_reason": "Officials and critics read the same record two ways.",
                          "defensible": {"kind": ["interpretation", "prediction"], "status": ["contested", "holds"],
                                         "reason": "Motives are inferred, never observed."}},
        "still-listed": {"status_reason": "The court ruling came after the text.",
                         "defensible": {"kind": ["fact"], "status": ["overtaken"], "reason": "A dated record."}},
    },
    "evidence": {
        "ev-crocus": {"grading": {"reliability": "B", "reliability_reason": "A wire agency with a good record.",
                                  "credibility": 1, "credibility_reason": "Confirmed by many outlets.",
                                  "defensible": {"reliability": ["A", "B"], "credibility": [1, 2],
                                                 "reason": "Many outlets agree."}}},
    },
}

PAGE = """# Motives

```{claim-cards} motives
```

```{then-and-now}
```

```{seed-errors}
```

```{source-grades}
```

```{glossary-table}
```

```{timeline-figure}
```

```{actor-map}
```

```{self-check} motives
```

```{exercise-check} counterpoint-duel
```

```{bibliography}
```
"""

CONF = """
import json, pathlib
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "claimlab.sphinxext"]
myst_enable_extensions = ["colon_fence", "deflist", "substitution"]
myst_substitutions = {"subst": "SUBSTITUTED-VALUE"}
bibtex_bibfiles = ["data/sources.bib"]
claimlab_data = str(pathlib.Path(__file__).parent / "data")
exclude_patterns = ["data"]
html_theme = "basic"
PATCH = json.loads((pathlib.Path(__file__).parent / "patch.json").read_text(encoding="utf-8"))

def _patch(app):
    ds = app.claimlab_dataset
    for kind, records in PATCH["add"].items():
        getattr(ds, kind).extend(records)
    for kind, updates in PATCH["update"].items():
        for rid, fields in updates.items():
            ds.by_id(kind)[rid].update(fields)

def setup(app):
    app.connect("builder-inited", _patch, priority=900)
"""


def _patch() -> dict:
    add = {
        "claims": [{"id": "hostile", "chapter": "motives", "text": HOSTILE, "kind": "fact", "status": "wrong",
                    "as_of": "2025-04", "status_note": HOSTILE, "status_reason": HOSTILE,
                    "strongest_counterpoint": "cp-hostile", "strongest_why": HOSTILE,
                    "error": {"problem": HOSTILE, "lesson": HOSTILE},
                    "defensible": {"kind": ["fact"], "status": ["wrong"], "reason": HOSTILE}}],
        "evidence": [{"id": "ev-hostile", "summary": HOSTILE, "date": "2025-01-02", "source": "pub-2024-07",
                      "undermines": ["hostile"],
                      "grading": {"reliability": "C", "reliability_reason": HOSTILE, "credibility": 3,
                                  "credibility_reason": HOSTILE}}],
        "counterpoints": [{"id": "cp-hostile", "text": HOSTILE, "voice": HOSTILE, "responds_to": ["hostile"],
                           "sources": ["pub-2024-07"]}],
        "glossary": [{"id": "hostile-term", "term": HOSTILE, "definition": HOSTILE}],
        "timeline": [{"id": "hostile-event", "date": "2025", "label": HOSTILE, "track": "russia-taliban",
                      "sources": ["pub-2024-07"]}],
        "relations": [{"id": "hostile-relation", "source": "russia", "target": "taliban", "kind": "recognises",
                       "since": "2025", "note": HOSTILE, "sources": ["pub-2024-07"]}],
    }
    return {"add": add, "update": RANGES}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The HTML folder of the small build."""
    src = tmp_path_factory.mktemp("tiny") / "src"
    shutil.copytree(MINIMAL, src / "data")
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "patch.json").write_text(json.dumps(_patch()), encoding="utf-8")
    (src / "index.md").write_text("# Tiny\n\n```{toctree}\nbook/motives\n```\n", encoding="utf-8")
    (src / "book").mkdir()
    (src / "book" / "motives.md").write_text(PAGE, encoding="utf-8")
    out = src.parent / "html"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "-n", "--keep-going", "-q",
                          str(src), str(out)], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def page(built: Path) -> BeautifulSoup:
    return BeautifulSoup((built / "book" / "motives.html").read_text(encoding="utf-8"), "html.parser")


def _body(page: BeautifulSoup) -> BeautifulSoup:
    return page.find(attrs={"role": "main"}) or page.body


def test_hostile_data_text_is_shown_as_text(page):
    body = _body(page)
    assert body.find_all("img") == []
    assert body.find_all("b") == []
    assert [s for s in page.find_all("script") if "alert" in (s.string or "") or "alert" in s.get("src", "")] == []
    assert [a for a in page.find_all("a") if a.get("href", "").lower().startswith("javascript")] == []
    html = str(page)
    assert "SUBSTITUTED-VALUE" not in html  # no substitution ran
    assert "PRETTY_NAME" not in html and "VERSION_ID" not in html  # no file was included
    for svg in body.find_all("svg"):  # figures draw labels as SVG text (escaped by claimlab.figures)
        svg.decompose()
    text = body.get_text()
    for shown in SHOWN:  # every hostile string reached the reader as the characters it is made of
        assert text.count(shown) >= 10, shown
    assert "{cite}" not in text  # while the allowed citation role still made a citation


def _outside_reading(card) -> str:
    """The text and attributes of a card a reader meets before committing a guess."""
    card = BeautifulSoup(str(card), "html.parser")
    for hidden in card.select("details.cl-reveal, select, form input"):
        hidden.decompose()
    attributes = " ".join(f"{k}={v}" for tag in card.find_all(True) for k, v in tag.attrs.items())
    return card.get_text(" ") + " " + attributes


def _claim_secrets(claim_id: str) -> list[str]:
    claims = {c["id"]: c for c in __import__("yaml").safe_load((MINIMAL / "claims.yml").read_text())}
    counterpoints = {c["id"]: c for c in __import__("yaml").safe_load((MINIMAL / "counterpoints.yml").read_text())}
    c = {**claims[claim_id], **RANGES["claims"][claim_id]}
    secrets = [status_word(c["status"]), STATUS[c["status"]], KIND[c["kind"]], c["status_reason"],
               c["defensible"]["reason"], re.sub(r"\{cite\}`[^`]*`", "", c["status_note"]).strip(" .")]
    if c.get("strongest_counterpoint"):
        secrets += [counterpoints[c["strongest_counterpoint"]]["text"], c["strongest_why"]]
    if c.get("error"):
        secrets += [c["error"]["problem"], c["error"]["lesson"]]
    return secrets


@pytest.mark.parametrize("claim_id", ["motive-buffer", "still-listed"])
def test_claim_cards_name_no_kind_status_or_counterpoint_before_a_guess(page, claim_id):
    cards = [f.find_parent(class_=re.compile(r"^(claim-card|cl-short)$"))
             for f in page.select(f'form.cl-guess[data-cl-key="claim:{claim_id}"]')]
    assert len(cards) == (3 if claim_id == "still-listed" else 2)  # chapter card, then-and-now, seed errors
    secrets = _claim_secrets(claim_id)
    for card in cards:
        before = _outside_reading(card).lower()
        for secret in secrets:
            assert secret.lower() not in before, (claim_id, secret)
        reading = card.select_one("details.cl-reveal")
        assert reading is not None and "cl-reveal" in reading["class"]
        assert secrets[0] in reading.get_text()  # the status word is there, behind the prompt
        assert "Show the module’s reading — commit your own guess first" in reading.summary.get_text()
        assert card.select_one("form.cl-guess").has_attr("hidden")  # shown by the script only


def test_kind_word_is_only_in_the_reading(page):
    card = page.select_one('form.cl-guess[data-cl-key="claim:motive-buffer"]').find_parent(class_="claim-card")
    before = _outside_reading(card)
    assert not re.search(r"\binterpretation\b", before, re.I)
    reading = card.select_one("details.cl-reveal").get_text()
    assert "an interpretation" in reading and "An analyst could also defend" in reading
    assert "prediction" in reading and "holds" in reading  # the defensible range, in words


def test_evidence_cards_name_no_grade_before_a_guess(page):
    card = page.select_one('form.cl-guess[data-cl-key="evidence:ev-crocus"]').find_parent(class_="cl-evidence")
    before = _outside_reading(card)
    g = RANGES["evidence"]["ev-crocus"]["grading"]
    for secret in ("B1", RELIABILITY["B"], CREDIBILITY[1], g["reliability_reason"], g["credibility_reason"],
                   g["defensible"]["reason"]):
        assert secret not in before, secret
    assert "Gunmen killed about 144 people" in before  # the item itself is shown
    reading = card.select_one("details.cl-reveal").get_text()
    assert "B1" in reading and "A: completely reliable" in reading and "Many outlets agree." in reading
    # and no claim card shows a grade either
    for claim_card in page.select(".claim-card"):
        assert not re.search(r"\b[A-F][1-6]\b", _outside_reading(claim_card))


def test_reveal_script_is_loaded_deferred_on_this_page_only(page, built):
    scripts = [s for s in page.find_all("script") if "claimlab-reveal.js" in s.get("src", "")]
    assert len(scripts) == 1 and scripts[0].has_attr("defer")
    assert "claimlab-reveal.js" not in (built / "index.html").read_text(encoding="utf-8")
