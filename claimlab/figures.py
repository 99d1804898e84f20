"""The book's two pictures, drawn from the data as accessible SVG.

Hand-made SVG keeps the pictures crisp on a phone, free of any plotting library
(so the build needs nothing compiled), and readable by screen readers through
``<title>``/``<desc>``; each figure also comes with a text version of its data.
"""
from __future__ import annotations

import math
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
    width, gutter, y = 420, 58, 16
    body: list[str] = []
    last_year = ""
    for e in events:
        year = e["date"][:4]
        colour, _ = TRACKS.get(e["track"], _OTHER)
        lines = textwrap.wrap(e["label"], 44) or [""]
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


RELATION_COLOURS = ["#b2182b", "#2166ac", "#1b7837", "#8c510a", "#5e3c99", "#c51b7d", "#35978f", "#555555"]


def actor_map_svg(ds: Dataset) -> tuple[str, str, dict[str, str]]:
    """Actors on a circle with Russia at the centre, relations as coloured lines.

    Returns the SVG, its alt text and the colour used for each relation kind (for the legend).
    """
    names = {a["id"]: a["name"] for a in ds.actors}
    centre = "russia" if "russia" in names else ds.actors[0]["id"]
    ring = [a["id"] for a in ds.actors if a["id"] != centre]
    size, radius = 460, 165
    cx = cy = size / 2
    pos = {centre: (cx, cy)}
    for i, aid in enumerate(ring):
        angle = 2 * math.pi * i / max(len(ring), 1) - math.pi / 2
        pos[aid] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    kinds = sorted({r["kind"] for r in ds.relations})
    colour = {k: RELATION_COLOURS[i % len(RELATION_COLOURS)] for i, k in enumerate(kinds)}
    body: list[str] = []
    for r in ds.relations:
        (x1, y1), (x2, y2) = pos[r["source"]], pos[r["target"]]
        dash = ' stroke-dasharray="6 4"' if r.get("until") else ""
        body.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour[r["kind"]]}" '
                    f'stroke-width="2" opacity="0.8"{dash}/>')
    for aid, (x, y) in pos.items():
        label = textwrap.wrap(names[aid], 16)
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{9 if aid == centre else 6}" fill="#222"/>')
        anchor = "middle" if abs(x - cx) < 40 else ("start" if x > cx else "end")
        dx = 0 if anchor == "middle" else (10 if anchor == "start" else -10)
        dy = -14 if y < cy else 20
        for i, line in enumerate(label):
            body.append(f'<text x="{x + dx:.1f}" y="{y + dy + 14 * i:.1f}" font-size="13" text-anchor="{anchor}" '
                        f'fill="#222" paint-order="stroke" stroke="#fff" stroke-width="3">{escape(line)}</text>')
    desc = (f"Map of {len(ds.actors)} actors and {len(ds.relations)} relations, with {names[centre]} at the centre. "
            f"Line colours show the kind of relation ({', '.join(kinds)}); dashed lines have ended. "
            "Every relation is listed as text below.")
    return _svg(size, size, "actor-map", "Actors and their relations", desc, body), desc, colour
