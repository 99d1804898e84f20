"""The status words are defined once (labels.STATUS) and every place that shows them agrees."""
from __future__ import annotations

from pathlib import Path

from claimlab import labels
from claimlab.data import load_dataset

ROOT = Path(__file__).resolve().parent.parent


def test_welcome_page_defines_each_status_in_the_words_of_labels():
    text = (ROOT / "book" / "welcome.md").read_text(encoding="utf-8")
    missing = [s for s, meaning in labels.STATUS.items() if f"(`{s}`): {meaning}." not in text]
    assert missing == []


def test_every_status_has_a_card_colour():
    css = (ROOT / "claimlab" / "assets" / "claimlab.css").read_text(encoding="utf-8")
    assert [s for s in labels.STATUS if f".claim-{s} " not in css] == []


def test_predictions_and_recommendations_are_never_simply_wrong():
    # a forecast that did not happen is "not-borne-out"; advice is judged by its premise and merits
    claims = load_dataset(ROOT / "data").claims
    assert [c["id"] for c in claims if c["kind"] in ("prediction", "recommendation") and c["status"] == "wrong"] == []


def test_status_notes_are_dated_with_their_as_of_month():
    claims = load_dataset(ROOT / "data").claims
    undated = [c["id"] for c in claims if not c["status_note"].startswith(f"As of {labels.human_date(c['as_of'])}")]
    assert undated == []
