"""Data text into MyST: every character stays a character, except citations.

The pages are MyST, and MyST reads ``<img …>`` as HTML, ```` ```{raw} ```` as a directive and
``{{ x }}`` as a substitution. Text from ``data/`` must never do any of that: an instructor who
pastes a sentence from the web must see that sentence, and a file named in an ``include`` must
never reach a page. So every ASCII punctuation character of data text is backslash-escaped
(CommonMark makes any escaped punctuation literal), whitespace runs become one space (a blank
line cannot end a card), and control characters are dropped. The one markup that passes is the
citation role family (``{cite}`key```, ``{cite:p}`a,b```…) with well-formed BibTeX keys.

The validator refuses other markup too (with ``file:line``); this module does not rely on it.
"""
from __future__ import annotations

import re

#: The allowed markup: a sphinxcontrib-bibtex citation role with one or more plain keys.
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`[A-Za-z0-9_.:/+-]+(?:\s*,\s*[A-Za-z0-9_.:/+-]+)*`")
BIB_KEY = re.compile(r"^[A-Za-z0-9_.:/+-]+$")
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PAGE = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _literal(value: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", value)


def text(value: object) -> str:
    """``value`` as MyST inline text that renders exactly as written, citation roles kept."""
    flat = " ".join(_CONTROL.sub("", str(value)).split())
    out, pos = [], 0
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
