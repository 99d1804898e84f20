"""A small document model for the class report, rendered to HTML and to Markdown.

The report exists twice (report.html for reading, summary.md for pasting into notes
or a learning platform). Building one list of blocks and rendering it twice keeps the
two from drifting apart, and puts escaping in exactly two places: every piece of text
in a block is plain text, escaped by the renderer; only :class:`Figure` carries markup,
the SVG made (and escaped) by :mod:`claimlab.report_svg`.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Union


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: Sequence[str]


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table whose first column names the row (a row header for screen readers)."""

    caption: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]


@dataclass(frozen=True)
class Figure:
    """A chart (trusted SVG markup) and its caption; Markdown has no charts and relies on the table beside it."""

    svg: str
    caption: str


@dataclass(frozen=True)
class Details:
    """Long lists (every student's ranking, every steelman): folded away in HTML."""

    summary: str
    blocks: Sequence["Block"]


Block = Union[Paragraph, Bullets, Heading, Table, Figure, Details]


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    blocks: Sequence[Block]


@dataclass(frozen=True)
class Document:
    title: str
    intro: Sequence[Block]
    sections: Sequence[Section]


# -- HTML ---------------------------------------------------------------------------------

STYLE = """
:root { color: #1a1a1a; background: #ffffff; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 3rem; }
a { color: #1f4e8c; }
a:focus, summary:focus, .table-wrap:focus { outline: 3px solid #a34a00; outline-offset: 2px; }
.skip { position: absolute; left: -999rem; }
.skip:focus { left: 1rem; top: 1rem; background: #ffffff; padding: .5rem; }
h1, h2, h3 { line-height: 1.25; }
h2 { border-top: 2px solid #1f4e8c; padding-top: .75rem; margin-top: 2.5rem; }
nav ul { columns: 2 18rem; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1.5rem; }
table { border-collapse: collapse; font-size: .92rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid #6b6b6b; padding: .2rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #e8eef7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; overflow-x: auto; }
figcaption { font-size: .92rem; color: #333333; max-width: 50rem; }
svg.chart { max-width: 100%; height: auto; display: block; }
details { margin: .5rem 0 1.5rem; }
summary { cursor: pointer; font-weight: bold; }
footer { margin-top: 3rem; font-size: .9rem; color: #333333; }
"""

#: Nothing in the page may load or run anything: the report may contain text typed by students.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_NUMBER = re.compile(r"^-?\d+(\.\d+)?%?$")


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _cell(tag: str, value: Any, scope: str = "") -> str:
    numeric = ' class="num"' if tag == "td" and _NUMBER.match(str(value)) else ""
    return f"<{tag}{scope}{numeric}>{_e(value)}</{tag}>"


def _table_html(table: Table) -> str:
    head = "".join(_cell("th", h, ' scope="col"') for h in table.headers)
    body = "".join("<tr>" + _cell("th", row[0], ' scope="row"') + "".join(_cell("td", v) for v in row[1:]) + "</tr>"
                   for row in table.rows)
    return (f'<div class="table-wrap" role="region" tabindex="0" aria-label="{_e(table.caption)}">'
            f"<table><caption>{_e(table.caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>")


def _block_html(block: Block) -> str:
    match block:
        case Paragraph(text):
            return f"<p>{_e(text)}</p>"
        case Bullets(items):
            return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"
        case Heading(text):
            return f"<h3>{_e(text)}</h3>"
        case Table():
            return _table_html(block) if block.rows else f"<p>{_e(block.caption)}: none.</p>"
        case Figure(svg, caption):
            return f"<figure>{svg}<figcaption>{_e(caption)}</figcaption></figure>"
        case Details(summary, blocks):
            return f"<details><summary>{_e(summary)}</summary>{''.join(_block_html(b) for b in blocks)}</details>"
    raise TypeError(f"unknown block {block!r}")


def to_html(doc: Document, footer: str) -> str:
    """A complete, self-contained HTML page (inline style and SVG only)."""
    nav = "".join(f'<li><a href="#{_e(s.id)}">{_e(s.title)}</a></li>' for s in doc.sections)
    sections = "".join(f'<section aria-labelledby="{_e(s.id)}"><h2 id="{_e(s.id)}">{_e(s.title)}</h2>'
                       + "".join(_block_html(b) for b in s.blocks) + "</section>" for s in doc.sections)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(doc.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f'<a class="skip" href="#main">Skip to the report</a>\n'
            f'<header><h1>{_e(doc.title)}</h1>{"".join(_block_html(b) for b in doc.intro)}</header>\n'
            f'<nav aria-label="Contents"><h2>Contents</h2><ul>{nav}</ul></nav>\n'
            f'<main id="main">{sections}</main>\n<footer><p>{_e(footer)}</p></footer>\n</body>\n</html>\n')


# -- Markdown -----------------------------------------------------------------------------

#: Characters that could start Markdown formatting, a link or raw HTML inside student text.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md_text(text: Any) -> str:
    """One line of literal text: whitespace collapsed, Markdown and HTML syntax backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _table_md(table: Table) -> list[str]:
    if not table.rows:
        return [f"{md_text(table.caption)}: none."]
    return [f"**{md_text(table.caption)}**", "",
            "| " + " | ".join(md_text(h) for h in table.headers) + " |",
            "|" + "---|" * len(table.headers),
            *("| " + " | ".join(md_text(v) for v in row) + " |" for row in table.rows)]


def _block_md(block: Block) -> list[str]:
    match block:
        case Paragraph(text):
            return [md_text(text)]
        case Bullets(items):
            return [f"- {md_text(i)}" for i in items]
        case Heading(text):
            return [f"### {md_text(text)}"]
        case Table():
            return _table_md(block)
        case Figure():
            return []  # the table that accompanies every chart carries the same numbers
        case Details(summary, blocks):
            return [f"**{md_text(summary)}**", ""] + [line for b in blocks for line in _block_md(b) + [""]][:-1]
    raise TypeError(f"unknown block {block!r}")


def _blocks_md(blocks: Sequence[Block]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        rendered = _block_md(block)
        if rendered:
            lines += rendered + [""]
    return lines


def to_markdown(doc: Document, footer: str) -> str:
    """The same report as Markdown text (tables instead of charts)."""
    lines = [f"# {md_text(doc.title)}", "", *_blocks_md(doc.intro)]
    for section in doc.sections:
        lines += [f"## {md_text(section.title)}", "", *_blocks_md(section.blocks)]
    return "\n".join(lines + [f"_{md_text(footer)}_", ""])
