"""Write data text into MyST so that it is read as text, never as markup.

Data files are edited by instructors and may contain characters that MyST would
treat as syntax (``*``, ``[``, ``{``, ``|``, ``<``). CommonMark lets every ASCII
punctuation character be escaped with a backslash, so escaping all of them is
always safe and keeps the wording exactly as written.
"""
from __future__ import annotations

import string
from urllib.parse import quote

_PUNCT = set(string.punctuation)


def text(value: str) -> str:
    """Plain text for a MyST paragraph or table cell: punctuation escaped, one line."""
    flat = " ".join(str(value).split())
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in flat)


def link(label: str, url: str) -> str:
    """A Markdown link whose label is escaped text and whose target cannot break out.

    The target is written in angle brackets (spaces and parentheses allowed there);
    the few characters that would end it are percent-encoded. Only http(s) URLs are
    linked: anything else is shown as text, so a ``javascript:`` target never
    becomes a link.
    """
    if not url.startswith(("http://", "https://")):
        return text(f"{label} ({url})")
    safe = quote(url, safe=string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")
    return f"[{text(label)}](<{safe}>)"
