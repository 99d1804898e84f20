"""The strongest evidence for and against the thesis, case by case (``data/both-sides.yml``).

The page built here sets the two items side by side with their dates, summaries
and sources, and nothing else: no grades (students grade these items in the
exercises, so showing the module's grades would give answers away) and no
statement of which side is stronger.
"""
from __future__ import annotations

from typing import Any

from . import myst_text as mt
from .data import Dataset
from .labels import human_date
from .myst_text import cite

#: reader-facing names of the cases, in the order the page shows them
CASE_NAMES = {
    "taliban": "The Taliban",
    "wagner": "Wagner and the Africa Corps",
    "assad": "Assad's Syria and after",
    "hamas": "Hamas",
    "hezbollah": "Hezbollah",
    "iran": "Iran",
    "houthis": "The Houthis",
}


def choices(ds: Dataset) -> list[dict[str, Any]]:
    """The rows of ``both-sides.yml`` in the page's case order (empty if the file is absent)."""
    order = list(CASE_NAMES)
    rows = list(ds.extra.get("both-sides") or [])
    return sorted(rows, key=lambda r: order.index(r["case"]) if r["case"] in order else len(order))


def _cell(item: dict[str, Any]) -> str:
    keys = [item["source"], *item.get("also", [])]
    return f"**{human_date(item['date'])}.** {mt.text(item['summary'])} {cite(keys)}"


def both_sides(ds: Dataset) -> str:
    """Per case: the strongest item for the thesis beside the strongest against it, and why these two."""
    rows = choices(ds)
    if not rows:
        return "*No both-sides selection in this data folder.*\n"
    evidence = ds.by_id("evidence")
    out: list[str] = []
    for row in rows:
        out += [f"## {mt.text(CASE_NAMES.get(row['case'], row['case']))}", "",
                "| Strongest evidence for the thesis | Strongest evidence against it |", "| --- | --- |",
                f"| {_cell(evidence[row['for']])} | {_cell(evidence[row['against']])} |", "",
                f"*Why these two:* {mt.text(row['why'])}", ""]
    return "\n".join(out)
