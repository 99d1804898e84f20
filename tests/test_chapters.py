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
    # an error of the analysis is never a claim that simply holds; its status says what kind of error it is
    assert all(c["status"] != "holds" for c in errors)
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


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def _prose(text: str) -> str:
    """Chapter prose without code fences, roles, headings and table rows."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    text = re.sub(r"\{[a-z:-]+\}`[^`]*`", "", text)
    return re.sub(r"^\s*[#:|(].*$", "", text, flags=re.M)


def test_no_run_of_eight_words_copied_from_the_analysis():
    import hashlib

    seed = {ln for ln in (ROOT / "tests" / "fixtures" / "analysis-8grams.txt").read_text().split() if not ln.startswith("#")}
    texts = [p for p in [*(ROOT / "book").rglob("*.md"), *(ROOT / "data").glob("*.yml")]]
    copied = []
    for path in texts:
        words = _words(path.read_text(encoding="utf-8"))
        for i in range(len(words) - 7):
            if hashlib.sha1(" ".join(words[i:i + 8]).encode()).hexdigest()[:16] in seed:
                copied.append((path.name, " ".join(words[i:i + 8])))
    assert copied == []


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c["id"])
def test_sentences_suit_first_year_readers(chapter):
    text = _prose(page(chapter)).replace("U.S.", "US")
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n\s*\n|\n\s*[-*] ", text) if len(s.split()) > 3]
    lengths = [len(s.split()) for s in sentences]
    assert sum(lengths) / len(lengths) <= 20
    assert [s[:80] for s in sentences if len(s.split()) > 40] == []
