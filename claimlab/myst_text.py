"""Write data text into MyST so that it is read as text, never as markup.

Data files are edited by instructors and may contain characters that MyST would
treat as syntax (``*``, ``[``, ``{``, ``|``, ``<``): ``<img …>`` would be HTML,
```` ```{raw} ```` a directive, ``{{ x }}`` a substitution. CommonMark lets every ASCII
punctuation character be escaped with a backslash, so escaping all of them is
always safe and keeps the wording exactly as written. Whitespace runs become one
space (a blank line cannot end a card or a table) and control characters are dropped.

:func:`cited` lets one markup through: the citation role family (``{cite}`key```,
``{cite:p}`a,b```…) with plain BibTeX keys, as the schema allows in prose fields.
The validator refuses other markup too; rendering does not rely on it.
"""
from __future__ import annotations

import re
import string
from urllib.parse import quote

#: The allowed markup in prose: a sphinxcontrib-bibtex citation role with one or more plain keys.
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`[A-Za-z0-9_.:/+-]+(?:\s*,\s*[A-Za-z0-9_.:/+-]+)*`")
BIB_KEY = re.compile(r"^[A-Za-z0-9_.:/+-]+$")
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PAGE = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _flat(value: object) -> str:
    return " ".join(_CONTROL.sub("", str(value)).split())


def _literal(flat: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", flat)


def text(value: object) -> str:
    """Plain text for a MyST paragraph or table cell: punctuation escaped, one line."""
    return _literal(_flat(value))


def cited(value: object) -> str:
    """Like :func:`text`, but citation roles with plain keys stay citations."""
    flat, out, pos = _flat(value), [], 0
    for match in CITE_ROLE.finditer(flat):
        out += [_literal(flat[pos:match.start()]), match.group(0)]
        pos = match.end()
    out.append(_literal(flat[pos:]))
    return "".join(out)


def cite(keys: list[str]) -> str:
    """A parenthetical citation of BibTeX ``keys`` (refuses anything that is not a plain key)."""
    bad = [k for k in keys if not BIB_KEY.match(str(k))]
    if bad or not keys:
        raise ValueError(f"not BibTeX keys: {bad or keys!r}")
    return "{cite:p}`" + ",".join(keys) + "`"


def identifier(value: str) -> str:
    """``value`` if it is a data id (lower-case words joined by hyphens), for labels and keys."""
    if not isinstance(value, str) or not ID.match(value):
        raise ValueError(f"not an id: {value!r}")
    return value


def doc_link(page: str) -> str:
    """A ``{doc}`` link to a book page, titled by the page itself (no data text inside the role)."""
    if not isinstance(page, str) or not PAGE.match(page):
        raise ValueError(f"not a page path: {page!r}")
    return "{doc}`/" + page + "`"


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
