"""The report as a list of plain blocks, rendered twice: HTML (``report.html``) and Markdown (``summary.md``).

Building one document and rendering it with two templates keeps the outputs from
drifting apart. Every string in a block is plain text, escaped by the template
(Jinja2's autoescape for HTML, the ``md`` finalizer for Markdown); only
:class:`Figure` carries markup, the SVG drawn and escaped by :mod:`claimlab.report.svg`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Union


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: Sequence[str]
    kind: str = "bullets"


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section."""

    text: str
    kind: str = "heading"


@dataclass(frozen=True)
class Quotes:
    """What students wrote, each with who wrote it and the answer it argues for."""

    caption: str
    quotes: Sequence[tuple[str, str, str]]  # student, answer, text
    kind: str = "quotes"


@dataclass(frozen=True)
class Table:
    """A table whose first column names the row (a row header for screen readers)."""

    caption: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    kind: str = "table"


@dataclass(frozen=True)
class Figure:
    """A chart (trusted SVG markup) and its caption; Markdown has no charts and relies on the table beside it."""

    svg: str
    caption: str
    kind: str = "figure"


@dataclass(frozen=True)
class Details:
    """Long lists (every student's ranking, samples of steelmen): folded away in HTML."""

    summary: str
    blocks: Sequence["Block"]
    kind: str = "details"


Block = Union[Paragraph, Bullets, Heading, Quotes, Table, Figure, Details]


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
    footer: str
