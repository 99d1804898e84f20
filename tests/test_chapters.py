"""Every chapter follows the book's pattern, and every claim of the data reaches a page."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimlab.data import load_dataset

ROOT = Path(__file__).resolve().parent.parent
DS = load_dataset(ROOT / "data")
CHAPTERS = [c for c in DS.chapters]


def page(chapter: dict) -> str:
    return (ROOT / f"{chapter['page']}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c["id"])
def test_chapter_opens_with_objectives_and_ends_with_a_kernel_free_self_check(chapter):
    text = page(chapter)
    first_heading = text.index("\n# ") if not text.startswith("# ") else 0
    assert "Learning objectives" in text[first_heading: first_heading + 600], "objectives come first"
    assert re.search(r"```\{(self-check|exercise-check)\}", text)
    if chapter["id"] != "welcome":
        assert "## Discussion questions" in text


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c["id"])
def test_chapter_with_claims_renders_them_from_data(chapter):
    has_claims = any(c["chapter"] == chapter["id"] for c in DS.claims)
    assert (f"```{{claim-cards}} {chapter['id']}" in page(chapter)) == has_claims


def test_every_seed_error_is_shown_as_a_lesson():
    errors = [c for c in DS.claims if c.get("error")]
    assert len(errors) == 12
    assert all(c["status"] in ("wrong", "overtaken") for c in errors)
    assert "```{seed-errors}" in (ROOT / "book" / "what-changed.md").read_text(encoding="utf-8")


def test_each_main_claim_meets_its_strongest_counterpoint():
    main = [c for c in DS.claims if c.get("main")]
    assert len(main) >= 10
    counterpoints = DS.by_id("counterpoints")
    for claim in main:
        assert claim["id"] in counterpoints[claim["strongest_counterpoint"]]["responds_to"]


def test_russias_rationale_is_heard_in_its_own_voice():
    voices = " ".join(cp.get("voice", "") for cp in DS.counterpoints).lower()
    assert "russia" in voices or "kremlin" in voices or "putin" in voices


def test_no_loaded_adjectives_in_the_books_own_voice():
    # quoted words are the analysis's, attributed to it; the book's own voice uses none
    loaded = re.compile(r"(?<![\"“'])\b(brutal|cynical|notorious|evil|barbaric|sinister|heinous)\b", re.IGNORECASE)
    hits = [(p.name, m.group(0)) for p in (ROOT / "book").rglob("*.md") for m in loaded.finditer(p.read_text(encoding="utf-8"))]
    assert hits == []
