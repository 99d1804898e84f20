"""Turn the MyST ``{cite}`key``` roles inside data text into plain words.

Widgets and the Markdown export show data text outside Sphinx, where a raw role
would read as noise; a short "(Publisher, date)" keeps the claim checkable.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")


def cite_label(key: str, sources: Mapping[str, Mapping[str, str]]) -> str:
    """"Publisher, date" for one BibTeX key; the bare key if the entry is unknown."""
    entry = sources.get(key)
    if not entry:
        return key
    who = entry.get("publisher") or entry.get("author") or key
    date = entry.get("date") or "n.d."
    return f"{who}, {'n.d.' if date == 'undated' else date}"


def plain_text(text: str, sources: Mapping[str, Mapping[str, str]]) -> str:
    """``text`` with every citation role replaced by "(Publisher, date; …)"."""

    def replace(match: re.Match[str]) -> str:
        keys = [k.strip() for k in match.group(1).split(",") if k.strip()]
        return "(" + "; ".join(cite_label(k, sources) for k in keys) + ")"

    return CITE.sub(replace, text)
