"""The instructor's answer key: generated from data/, every graded judgement listed, data text escaped."""
from __future__ import annotations

from pathlib import Path

import yaml

from claimlab.answer_key import answer_key, missing_ranges
from claimlab.data import load_dataset
from claimlab.edition import INSTRUCTOR_ONLY

ROOT = Path(__file__).resolve().parent.parent


def _edit(path: Path, change) -> None:
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(yaml.safe_dump(records, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_the_key_lists_every_graded_record_of_the_real_data(dataset):
    key = answer_key(dataset)
    for record in [*dataset.evidence, *dataset.claims]:
        assert f"`{record['id']}`" in key
    for claim in (c for c in dataset.claims if c.get("main")):
        assert f"**`{claim['strongest_counterpoint']}`**" in key
    for item in dataset.evidence:
        assert f"**{item['grading']['reliability']}{item['grading']['credibility']}**" in key


def test_a_stated_range_is_shown_with_its_reason(data_copy):
    def add_range(records):
        g = records[0]["grading"]
        g["defensible"] = {"reliability": sorted({g["reliability"], "F"}), "credibility": sorted({g["credibility"], 6}),
                           "reason": "Wide because the outlet copies a state agency."}
    _edit(data_copy / "evidence.yml", add_range)
    ds = load_dataset(data_copy)
    key = answer_key(ds)
    first = ds.evidence[0]["id"]
    row = next(line for line in key.splitlines() if line.startswith(f"| `{first}`"))
    g = ds.evidence[0]["grading"]
    assert f"| {', '.join(g['defensible']['reliability'])} | {', '.join(map(str, g['defensible']['credibility']))} |" in row
    assert "Wide because the outlet copies a state agency" in row
    assert f"evidence `{first}`" not in key  # not listed as missing


def test_a_record_without_a_range_shows_the_model_alone_and_says_so(data_copy):
    ds = load_dataset(data_copy)  # older data had no ranges; the schema now asks for them, so drop them after loading
    for item in ds.evidence:
        item["grading"].pop("defensible", None)
    key = answer_key(ds)
    assert set(missing_ranges(ds)) == {f"evidence {e['id']}" for e in ds.evidence}
    assert "state no defensible range yet" in key
    assert key.count("Range not yet stated in the data") == len(ds.evidence)


def test_hostile_data_text_is_escaped(data_copy):
    ds = load_dataset(data_copy)  # the validator refuses markup in data; the key escapes it all the same
    ds.evidence[0]["summary"] = "<script>alert(1)</script> *bold* `x` | cell"
    ds.evidence[0]["grading"]["reliability_reason"] = "[link](javascript:alert(1))"
    key = answer_key(ds)
    assert "<script>" not in key and r"\<script\>" in key
    assert "`x`" not in key and r"\*bold\*" in key and r"\| cell" in key
    assert "[link](javascript" not in key


def test_the_key_is_instructor_only_and_in_the_book():
    assert "book/instructors/answer-key" in INSTRUCTOR_ONLY
    assert "```{answer-key}" in (ROOT / "book/instructors/answer-key.md").read_text(encoding="utf-8")
    assert "book/instructors/answer-key" in (ROOT / "_toc.yml").read_text(encoding="utf-8")


def test_MERGE_GATE_every_graded_record_in_data_states_its_defensible_range(dataset):
    """MERGE GATE (issue 11, answer key): fails until every evidence item and claim in data/ has its
    `defensible` block (contract 2; branches `exercises` for evidence and `fair` for claims add them)."""
    assert missing_ranges(dataset) == []


def test_the_key_lists_the_duels_thesis_side_rounds_with_the_case_against(dataset):
    key = answer_key(dataset)
    rounds = [cp for cp in dataset.counterpoints if cp.get("thesis_case")]
    assert len(rounds) >= 3 and "Thesis-side rounds" in key
    for cp in rounds:
        row = next(line for line in key.splitlines() if line.startswith(f"| `{cp['id']}` |"))
        assert f"**`{cp['thesis_case']['strongest']}`**" in row and f"`{cp['thesis_case']['defends']}`" in row
        assert cp["thesis_case"]["case_against"].split("{cite}")[0].split()[-1] in row


def test_citations_in_data_text_stay_citations_and_nothing_else_does(data_copy):
    """The key showed ``{cite}`key``` as literal text in its tables; a role with a bad key is still text."""
    ds = load_dataset(data_copy)
    ds.claims[0]["status_reason"] = "Suspended on 17 April 2025 {cite}`startribune-2025-04-17`."
    ds.evidence[0]["summary"] = "Odd {cite}`bad key|x` here"
    key = answer_key(ds)
    assert "{cite}`startribune-2025-04-17`" in key
    assert r"\{cite\}\`startribune" not in key
    assert r"Odd \{cite\}\`bad key\|x\` here" in key
    assert r"\{cite" not in answer_key(load_dataset(data_copy)), "the real data's citations reach the key as roles"
