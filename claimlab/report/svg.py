"""Inline SVG charts for the class report, drawn with the standard library.

The report must open anywhere an instructor can save a file (a laptop without the
internet, a learning platform that strips scripts), so charts are plain SVG text
inside the HTML: no plotting library, no fonts or styles from elsewhere.

Only two kinds of chart are needed, and each is readable without colour:

* a horizontal bar chart (one or two series), with the number printed by every bar;
* a heat map of answer counts (rows = items, columns = possible answers), with the
  count printed in every non-empty cell and the model answer outlined.

Every chart carries ``role="img"``, a ``<title>`` and a ``<desc>`` for screen readers,
and the report prints the same numbers in a table next to it. All text is escaped here,
so callers may pass data or student text as labels.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

FONT_PX = 13
CHAR_PX = 7.4  # average glyph width at FONT_PX in a sans-serif font, for layout estimates
LABEL_CHARS = 34  # longer labels are shortened (the table beside the chart has them in full)
BAR_AREA_PX = 340
BAR_PX = 16
ROW_GAP_PX = 8
CELL_H_PX = 22
PAD_PX = 8
TEXT = "#1a1a1a"
#: Series colours: dark blue and dark orange keep 4.5:1 against white and differ for colour-blind readers.
SERIES_COLOURS = ("#1f4e8c", "#a34a00")
#: Heat map scale, from almost white (few answers) to dark blue (all answers).
HEAT_LOW = (244, 247, 251)
HEAT_HIGH = (8, 48, 107)


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: its label and one value per series."""

    label: str
    values: tuple[float, ...]


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, so long labels do not push the chart off screen."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def number(value: float) -> str:
    """Whole numbers without decimals, others with up to two."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def _open(chart_id: str, title: str, desc: str, width: float, height: float) -> str:
    """The accessible opening of an SVG: role, labelled by its own title and description."""
    return (f'<svg class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
            f'font-family="system-ui, sans-serif" font-size="{FONT_PX}">'
            f'<title id="{chart_id}-t">{_e(title)}</title><desc id="{chart_id}-d">{_e(desc)}</desc>')


def _label_width(labels: Sequence[str]) -> float:
    longest = max((len(shorten(label)) for label in labels), default=1)
    return longest * CHAR_PX + 2 * PAD_PX


def _text(x: float, y: float, text: str, anchor: str = "start", fill: str = TEXT, weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" dominant-baseline="middle" '
            f'fill="{fill}" font-weight="{weight}">{_e(text)}</text>')


def _legend(series: Sequence[str], y: float, x: float) -> str:
    parts = []
    left = x
    for i, name in enumerate(series):
        parts.append(f'<rect x="{left:.1f}" y="{y - 6:.1f}" width="12" height="12" fill="{SERIES_COLOURS[i]}"/>')
        parts.append(_text(left + 18, y, name))
        left += 18 + len(name) * CHAR_PX + 24
    return "".join(parts)


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[Bar], series: Sequence[str] = ("",),
              fmt: Callable[[float], str] = number) -> str:
    """Horizontal bars, one group per row and one bar per series, each labelled with its value.

    Horizontal bars leave room for long labels (claim ids, hypothesis names) without
    rotating text, which screen magnifiers and readers handle badly.
    """
    if len(series) > len(SERIES_COLOURS):
        raise ValueError(f"at most {len(SERIES_COLOURS)} series")
    label_w = _label_width([b.label for b in bars])
    top = 28.0 if len(series) > 1 else float(PAD_PX)
    group_h = BAR_PX * len(series) + ROW_GAP_PX
    width = label_w + BAR_AREA_PX + 70
    height = top + group_h * max(len(bars), 1) + PAD_PX
    peak = max((v for b in bars for v in b.values), default=0) or 1
    parts = [_open(chart_id, title, desc, width, height)]
    if len(series) > 1:
        parts.append(_legend(series, 12, label_w))
    for row, bar in enumerate(bars):
        y = top + row * group_h
        parts.append(f"<g><title>{_e(bar.label)}: "
                     f"{_e('; '.join(f'{s} {fmt(v)}'.strip() for s, v in zip(series, bar.values)))}</title>")
        parts.append(_text(label_w - PAD_PX, y + BAR_PX * len(series) / 2, shorten(bar.label), anchor="end"))
        for i, value in enumerate(bar.values):
            length = BAR_AREA_PX * value / peak
            top_i = y + i * BAR_PX
            parts.append(f'<rect x="{label_w:.1f}" y="{top_i + 1:.1f}" width="{length:.1f}" height="{BAR_PX - 2}" '
                         f'fill="{SERIES_COLOURS[i]}"/>')
            parts.append(_text(label_w + length + 4, top_i + BAR_PX / 2, fmt(value)))
        parts.append("</g>")
    parts.append(f'<line x1="{label_w:.1f}" y1="{top - 2:.1f}" x2="{label_w:.1f}" y2="{height - PAD_PX:.1f}" '
                 f'stroke="{TEXT}" stroke-width="1"/></svg>')
    return "".join(parts)


def _luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def heat_colour(share: float) -> tuple[str, str]:
    """Fill for a cell holding ``share`` of its row's answers, and the text colour that contrasts best.

    Black or white is chosen by the WCAG contrast ratio, which keeps every count at 4.5:1 or more.
    """
    rgb = tuple(round(lo + (hi - lo) * share) for lo, hi in zip(HEAT_LOW, HEAT_HIGH))
    lum = _luminance(rgb)  # type: ignore[arg-type]
    on_white = 1.05 / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "#%02x%02x%02x" % rgb, ("#ffffff" if on_white > on_black else "#000000")


def heatmap(chart_id: str, title: str, desc: str, rows: Sequence[str], columns: Sequence[str],
            counts: Sequence[Sequence[int]], marked: Sequence[int | None]) -> str:
    """A grid of answer counts; shading is each cell's share of its row, ``marked[row]`` is outlined.

    Shading by row share (not by the overall maximum) keeps items answered by few
    students as readable as items everybody answered.
    """
    label_w = _label_width(rows)
    cell_w = max(34.0, max((len(c) for c in columns), default=1) * CHAR_PX + 10)
    top = CELL_H_PX + PAD_PX
    width = label_w + cell_w * len(columns) + PAD_PX
    height = top + CELL_H_PX * len(rows) + PAD_PX
    parts = [_open(chart_id, title, desc, width, height)]
    for j, column in enumerate(columns):
        parts.append(_text(label_w + (j + 0.5) * cell_w, top - CELL_H_PX / 2, column, anchor="middle", weight="bold"))
    for i, (label, row) in enumerate(zip(rows, counts)):
        y = top + i * CELL_H_PX
        total = sum(row) or 1
        parts.append(_text(label_w - PAD_PX, y + CELL_H_PX / 2, shorten(label), anchor="end"))
        for j, count in enumerate(row):
            x = label_w + j * cell_w
            fill, ink = heat_colour(count / total)
            cell = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell_w:.1f}" height="{CELL_H_PX}" fill="{fill}" '
                    f'stroke="#ffffff" stroke-width="1"/>')
            if count:  # empty cells stay bare: a class of 400 and 60 items would otherwise mean megabytes
                cell = (f'<g><title>{_e(label)}, {_e(columns[j])}: {count}</title>{cell}'
                        + _text(x + cell_w / 2, y + CELL_H_PX / 2, str(count), anchor="middle", fill=ink) + "</g>")
            parts.append(cell)
        if marked[i] is not None:
            # Black outside, white inside: visible on the palest and on the darkest cell.
            x = label_w + marked[i] * cell_w
            parts.append(f'<rect x="{x + 1.5:.1f}" y="{y + 1.5:.1f}" width="{cell_w - 3:.1f}" height="{CELL_H_PX - 3}" '
                         f'fill="none" stroke="#000000" stroke-width="3"/>'
                         f'<rect x="{x + 3.5:.1f}" y="{y + 3.5:.1f}" width="{cell_w - 7:.1f}" height="{CELL_H_PX - 7}" '
                         f'fill="none" stroke="#ffffff" stroke-width="1"/>')
    parts.append("</svg>")
    return "".join(parts)
