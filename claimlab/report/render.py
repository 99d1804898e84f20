"""Render a :class:`~claimlab.report.document.Document` through the Jinja2 templates in ``templates/``.

HTML is rendered with autoescape on, so every value is escaped unless it is marked
safe; the only value marked safe is a chart, whose SVG :mod:`claimlab.report.svg` builds
with every label escaped. The Markdown environment *finalizes* every ``{{ value }}`` with
:func:`claimlab.exercises.export.md_text`, the same escaping as the students' own exported
Markdown (and marks the result safe, so the HTML escaper leaves it alone; macro
output is already safe and passes through): student text cannot start a heading, a link,
a table cell or raw HTML in whatever renders the summary.
"""
from __future__ import annotations

import re
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from ..exercises.export import md_text
from .document import Document

#: Nothing in the page may load or run anything: the report quotes what students typed.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?%?$")


def _md_finalize(value: Any) -> Markup:
    return value if isinstance(value, Markup) else Markup(md_text(value))


def _numeric(value: Any) -> bool:
    return bool(_NUMBER.match(str(value)))


@cache
def _environment(markdown: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("claimlab.report", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, finalize=_md_finalize if markdown else None)
    env.filters["svg"] = Markup  # a chart from claimlab.report.svg: the one trusted markup
    env.tests["numeric"] = _numeric
    return env


def to_html(doc: Document) -> str:
    """A complete, self-contained HTML page (inline style and SVG only, no script)."""
    return _environment(False).get_template("report.html.j2").render(doc=doc, csp=CSP)


def to_markdown(doc: Document) -> str:
    """The same report as Markdown text (tables instead of charts)."""
    text = _environment(True).get_template("summary.md.j2").render(doc=doc)
    return re.sub(r"\n{3,}", "\n\n", text)
