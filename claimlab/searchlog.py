"""The search log (``data/search-log.yml``) as a page: what was looked for, found and not found.

The log is the module's answer to "how current is this, and how hard did you
look?". Showing the queries that found nothing matters as much as the hits: a
reader can see which gaps are gaps in the record and which are gaps in our search.
"""
from __future__ import annotations

from typing import Any

from . import myst_text as mt
from .data import Dataset
from .labels import human_date
from .myst_text import cite


def entries(ds: Dataset) -> list[dict[str, Any]]:
    """The log's records in the order they were made (empty if the file is absent)."""
    return list(ds.extra.get("search-log") or [])


def summary(ds: Dataset) -> dict[str, int]:
    """Counts for the page's opening line: queries, queries with a hit, queries with nothing usable."""
    log = entries(ds)
    return {"queries": len(log),
            "found": sum(1 for r in log if r.get("found")),
            "not_found": sum(1 for r in log if not r.get("found"))}


def _found_cell(row: dict[str, Any]) -> str:
    hits = []
    for hit in row.get("found") or []:
        ref = f" {cite([hit['source']])}" if hit.get("source") else ""
        hits.append(mt.link(hit["what"], hit["url"]) + ref)
    return "<br>".join(hits) if hits else "–"


def search_log(ds: Dataset) -> str:
    """One table per topic: query, corpus, date, what was found (linked) and what was not."""
    log = entries(ds)
    if not log:
        return "*No search log in this data folder.*\n"
    n = summary(ds)
    out = [f"{n['queries']} searches; {n['found']} found something we read; "
           f"{n['not_found']} found nothing we could use.", ""]
    topics: dict[str, list[dict[str, Any]]] = {}
    for row in log:
        topics.setdefault(row["topic"], []).append(row)
    for topic, rows in topics.items():
        out += [f"## {mt.text(topic)}", "",
                "| Query | Where | Searched | Found | Not found |", "| --- | --- | --- | --- | --- |"]
        out += [f"| {mt.text(r['query'])} | {mt.text(r['corpus'])} | {human_date(r['searched'])} | "
                f"{_found_cell(r)} | {mt.text(r.get('not_found', '–'))} |" for r in rows]
        out.append("")
    return "\n".join(out)
