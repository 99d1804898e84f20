"""The book's two pictures, drawn from the data as accessible SVG.

Hand-made SVG keeps the pictures crisp on a phone, free of any plotting library
(so the build needs nothing compiled), and readable by screen readers through
``<title>``/``<desc>``; each figure also comes with a text version of its data.
"""
from __future__ import annotations

import textwrap
from html import escape

from .data import Dataset
from .labels import human_date

#: track -> (colour, reader's name); colours pass 3:1 contrast against white
TRACKS = {
    "afghanistan": ("#8c510a", "Afghanistan"),
    "russia-taliban": ("#b2182b", "Russia and the Taliban"),
    "central-asia": ("#5e3c99", "Central Asia"),
    "syria": ("#2166ac", "Syria"),
    "middle-east": ("#1b7837", "Middle East"),
    "africa": ("#c51b7d", "Africa"),
    "united-states": ("#35978f", "United States"),
    "china": ("#d6604d", "China"),
}
_OTHER = ("#555555", "Other")


def _svg(width: int, height: int, fid: str, title: str, desc: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{fid}-title {fid}-desc" class="claimlab-figure" preserveAspectRatio="xMinYMin meet">'
            f'<title id="{fid}-title">{escape(title)}</title><desc id="{fid}-desc">{escape(desc)}</desc>'
            + "".join(body) + "</svg>")


def timeline_svg(ds: Dataset) -> tuple[str, str]:
    """A vertical timeline (one event a row, years in a gutter): the SVG and its alt text.

    Rows are evenly spaced rather than to scale, because two thirds of the events
    fall after 2020 and a to-scale axis would pile their labels on top of each other.
    """
    events = sorted(ds.timeline, key=lambda e: e["date"])
    width, gutter, y = 340, 50, 16
    body: list[str] = []
    last_year = ""
    for e in events:
        year = e["date"][:4]
        colour, _ = TRACKS.get(e["track"], _OTHER)
        lines = textwrap.wrap(e["label"], 36) or [""]
        if year != last_year:
            body.append(f'<text x="4" y="{y + 12}" class="tl-year" font-size="13" font-weight="700" fill="#222">{year}</text>')
            last_year = year
        body.append(f'<circle cx="{gutter}" cy="{y + 7}" r="5" fill="{colour}"/>')
        for i, line in enumerate(lines):
            body.append(f'<text x="{gutter + 12}" y="{y + 12 + 15 * i}" font-size="13" fill="#222">{escape(line)}</text>')
        y += 15 * len(lines) + 8
    body.insert(0, f'<line x1="{gutter}" y1="8" x2="{gutter}" y2="{y}" stroke="#767676" stroke-width="2"/>')
    first, last = events[0]["date"][:4], events[-1]["date"][:4]
    desc = (f"Timeline of {len(events)} events from {first} to {last}, earliest first. "
            f"It begins with {events[0]['label']} ({human_date(events[0]['date'])}) and ends with "
            f"{events[-1]['label']} ({human_date(events[-1]['date'])}). The same events are listed as text below.")
    return _svg(width, y + 8, "timeline", f"Timeline, {first} to {last}", desc, body), desc


#: relation kinds grouped for colour; a kind not listed here is drawn as "other"
RELATION_GROUPS = {
    "diplomacy": ("#2166ac", "diplomacy: recognises, hosts, talks, accepts envoys, asylum",
                  {"recognises", "hosts", "maintains-contacts", "accepts-envoy", "negotiates-with", "grants-asylum", "vice-chairs"}),
    "military": ("#b2182b", "military or security help", {"backed", "supported", "coordinated-with", "deployed-with", "pledges-security-help"}),
    "economic": ("#1b7837", "trade", {"trades-with"}),
    "hostile": ("#5e3c99", "lists, sanctions, arrest warrants, fighting",
                {"designates", "sanctions", "seeks-arrest", "fights", "attacked", "clashes-with"}),
}
_OTHER_GROUP = ("#555555", "other")


def relation_group(kind: str) -> tuple[str, str]:
    """(colour, legend text) for a relation kind."""
    for colour, legend, kinds in RELATION_GROUPS.values():
        if kind in kinds:
            return colour, legend
    return _OTHER_GROUP


def actor_map_svg(ds: Dataset) -> tuple[str, str, list[tuple[str, str]]]:
    """An arc diagram: one actor a row (Russia first), each relation an arc between two rows.

    A vertical list keeps every name readable on a phone, where a network of
    thirty labelled nodes would not be. Returns the SVG, its alt text and the
    legend as (colour, text) pairs.
    """
    involved = {r["source"] for r in ds.relations} | {r["target"] for r in ds.relations}
    actors = [a for a in ds.actors if a["id"] in involved]
    actors.sort(key=lambda a: (a["id"] != "russia", "case" not in a))
    row = {a["id"]: i for i, a in enumerate(actors)}
    step, top, x = 24, 20, 250
    span = max(len(actors) - 1, 1) * step
    body: list[str] = []
    used: dict[str, str] = {}
    for r in sorted(ds.relations, key=lambda r: -abs(row[r["source"]] - row[r["target"]])):
        y1, y2 = top + row[r["source"]] * step, top + row[r["target"]] * step
        colour, legend = relation_group(r["kind"])
        used[colour] = legend
        rx = 12 + 220 * abs(y2 - y1) / span
        dash = ' stroke-dasharray="5 4"' if r.get("until") else ""
        sweep = 0 if y2 > y1 else 1
        body.append(f'<path d="M{x - 8},{y1} A{rx:.1f},{abs(y2 - y1) / 2:.1f} 0 0,{sweep} {x - 8},{y2}" fill="none" '
                    f'stroke="{colour}" stroke-width="1.8" opacity="0.85"{dash}/>')
    for a in actors:
        y = top + row[a["id"]] * step
        weight = "700" if a["id"] == "russia" or "case" in a else "400"
        body.append(f'<circle cx="{x - 8}" cy="{y}" r="3.5" fill="#222"/>')
        body.append(f'<text x="{x}" y="{y + 4.5}" font-size="13" font-weight="{weight}" fill="#222">'
                    f'{escape(a.get("short") or a["name"])}</text>')
    height = top * 2 + span
    desc = (f"Arc diagram of {len(actors)} actors, one per row with Russia first and the five cases in bold, "
            f"and {len(ds.relations)} relations drawn as arcs coloured by kind ({'; '.join(used.values())}). "
            "Dashed arcs are relations that have ended. Every relation is listed as text below.")
    legend = sorted(used.items(), key=lambda kv: kv[1])
    return _svg(420, height, "actor-map", "Actors and their relations", desc, body), desc, legend
