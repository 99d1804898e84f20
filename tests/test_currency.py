"""Current to November 2026 and fair to both sides: the search log, the both-sides selection, defensible grades.

These check the data the appendix pages are built from (``data/search-log.yml``,
``data/both-sides.yml``), that the validator points at mistakes in them with
file:line, and that the pages show data as text and never show a grade.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from claimlab import bothsides, myst_text, searchlog
from claimlab.data import load_dataset
from claimlab.schema import BOTH_SIDES_CASES, SIDES
from claimlab.validate import validate

ROOT = Path(__file__).resolve().parent.parent
#: query parameters that only track readers (issue 9: no tracking parameters in cited URLs)
TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|igshid|ref_src|cid|_ga)$", re.IGNORECASE)

GOOD_LOG = """\
- query: Taliban KazanForum 2026
  corpus: pages
  searched: '2026-11-30'
  topic: Russia and the Taliban
  found:
  - what: An announcement
    url: https://example.org/a
    source: pub-2024-07
- query: travel ban exemptions 2026
  corpus: pages
  searched: '2026-11-30'
  topic: UN sanctions
  not_found: Nothing for 2026.
"""


def problems(data: Path) -> list:
    return validate(data)[2]


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def tracking_params(url: str) -> list[str]:
    return [k for k, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True) if TRACKING.match(k)]


# ---------------------------------------------------------------- the real data

def test_search_log_covers_the_period_and_records_failures(dataset):
    log = searchlog.entries(dataset)
    counts = searchlog.summary(dataset)
    assert counts["queries"] == len(log) >= 30
    assert counts["found"] > 0 and counts["not_found"] > 0  # the gaps are recorded, not only the hits
    assert all(r.get("found") or r.get("not_found") for r in log)
    assert {r["searched"] for r in log} == {"2026-11-30"}


def test_every_case_has_exactly_one_strongest_item_on_each_side(dataset):
    rows = bothsides.choices(dataset)
    assert sorted(r["case"] for r in rows) == sorted(BOTH_SIDES_CASES)
    evidence = dataset.by_id("evidence")
    for row in rows:
        for side in SIDES:
            item = evidence[row[side]]
            assert row["case"] in item["cases"], (row["case"], side, item["id"])
        assert row["for"] != row["against"]


def test_search_log_urls_and_their_sources_carry_no_tracking_parameters(dataset):
    urls = [hit["url"] for r in searchlog.entries(dataset) for hit in r.get("found") or []]
    cited = {hit["source"] for r in searchlog.entries(dataset) for hit in r.get("found") or [] if hit.get("source")}
    assert cited <= set(dataset.sources)
    urls += [dataset.sources[key]["url"] for key in cited]
    assert [u for u in urls if tracking_params(u)] == []
    assert tracking_params("https://tass.com/world/1?utm_source=chatgpt.com") == ["utm_source"]  # the check can fail


def test_every_source_of_new_evidence_resolves(dataset):
    keys = set(dataset.sources)
    new = [e for e in dataset.evidence if "defensible" in e["grading"]]
    assert new, "expected evidence items with a defensible range"
    for item in new:
        assert {item["source"], *item.get("also", [])} <= keys, item["id"]
        d = item["grading"]["defensible"]
        assert item["grading"]["reliability"] in d["reliability"] and item["grading"]["credibility"] in d["credibility"]


def test_both_sides_page_shows_dates_and_sources_but_no_grades(dataset):
    page = bothsides.both_sides(dataset)
    for row in bothsides.choices(dataset):
        for side in SIDES:
            item = dataset.by_id("evidence")[row[side]]
            assert f"`{item['source']}" in page or f",{item['source']}" in page
            g = item["grading"]
            assert myst_text.text(g["reliability_reason"]) not in page
            assert myst_text.text(g["credibility_reason"]) not in page
    assert not re.search(r"\b[A-F][1-6]\b", page.replace("{cite:p}", ""))  # no Admiralty codes
    assert "Graded" not in page and "reliab" not in page.lower()
    assert not re.search(r"\b(wins|stronger side|the answer|verdict)\b", page, re.IGNORECASE)


# ---------------------------------------------------------------- the validator, on a small copy

def test_search_log_and_both_sides_are_optional(data_copy):
    assert problems(data_copy) == []


def test_a_good_search_log_validates(data_copy):
    (data_copy / "search-log.yml").write_text(GOOD_LOG, encoding="utf-8")
    assert problems(data_copy) == []
    assert searchlog.summary(load_dataset(data_copy)) == {"queries": 2, "found": 1, "not_found": 1}


@pytest.mark.parametrize("old,new,needle,field,words", [
    ("corpus: pages\n  searched: '2026-11-30'\n  topic: UN", "corpus: web\n  searched: '2026-11-30'\n  topic: UN",
     "corpus: web", "corpus", "expected one of pages"),
    ("  not_found: Nothing for 2026.\n", "", "- query: travel ban", "search-log[1]", "neither found nor not_found"),
    ("source: pub-2024-07", "source: pub-1999", "source: pub-1999", "found[0].source", "unknown BibTeX key"),
    ("url: https://example.org/a", "url: javascript:alert(1)", "url: javascript", "found[0].url", "bad format"),
    ("searched: '2026-11-30'\n  topic: Russia", "searched: '2026-13-30'\n  topic: Russia", "2026-13-30", "searched", "real calendar date"),
])
def test_search_log_mistakes_point_at_their_line(data_copy, old, new, needle, field, words):
    path = data_copy / "search-log.yml"
    path.write_text(GOOD_LOG.replace(old, new, 1), encoding="utf-8")
    found = problems(data_copy)
    assert found, "the mistake was not reported"
    p = found[0]
    assert p.file.endswith("search-log.yml") and p.line == line_of(path, needle)
    assert field in p.field and words in p.message


def test_both_sides_rows_must_match_their_case(data_copy):
    path = data_copy / "both-sides.yml"
    path.write_text("- case: taliban\n  for: ev-crocus\n  against: ev-court\n  why: A test.\n"
                    "- case: taliban\n  for: ev-crocus\n  against: ev-nothing\n  why: Again.\n", encoding="utf-8")
    messages = [(p.line, p.field, p.message) for p in problems(data_copy)]
    assert any(line == 3 and "against" in f and "not about this case" in m for line, f, m in messages)  # ev-court has no cases
    assert any(line == 5 and "chosen twice" in m for line, _, m in messages)
    assert any(line == 7 and "unknown evidence id" in m for line, _, m in messages)


def test_defensible_range_must_include_the_model_grade(data_copy):
    path = data_copy / "evidence.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    defensible:\n      reliability: [B]\n",  # the fixture's first range
                                 "    defensible:\n      reliability: [C, D]\n", 1), encoding="utf-8")
    found = problems(data_copy)
    assert [(p.line, p.message[:34]) for p in found] == [(line_of(path, "reliability: [C, D]"),
                                                          "range leaves out the model grade (")]


# ---------------------------------------------------------------- rendering is text, not markup

def test_hostile_log_text_is_escaped_and_bad_links_are_not_links(data_copy):
    """validate refuses such text; the page must still show it as text if it ever gets past (defence in depth)."""
    (data_copy / "search-log.yml").write_text(GOOD_LOG, encoding="utf-8")
    ds = load_dataset(data_copy)
    log = ds.extra["search-log"]
    log[0]["found"][0]["what"] = "<script>x</script> {cite}`pub-2024-07` | *bold* [a](b)"
    log[1]["topic"] = "# heading | {eval}"
    page = searchlog.search_log(ds)
    assert "<script>" not in page and "\\<script\\>" in page
    assert "{cite}`pub-2024-07`" not in page and "\\*bold\\*" in page and "\\| \\*bold" in page
    assert "## \\# heading \\| \\{eval\\}" in page
    assert myst_text.link("x", "javascript:alert(1)").startswith("x \\(javascript")
    assert myst_text.link("x", "https://e.org/a b>c") == "[x](<https://e.org/a%20b%3Ec>)"
