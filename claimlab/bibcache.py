"""Sphinx extension: format each bibliography entry once, not on every build.

sphinxcontrib-bibtex formats every cited entry (twice: once for the list, once for the tooltip)
whenever Sphinx finishes reading, even when no page changed: with ~220 cited sources that was
about 3 s of each no-op build, mostly pybtex decoding LaTeX. The ``claimlab_plain`` style
(``bibtex_default_style`` in _config.yml) is pybtex's ``plain`` style with a memory: an entry
whose label, type, fields and people are unchanged gets the formatting it had before, kept between
builds in the doctree folder. Any change to an entry formats it afresh, and a clean build (no
doctree folder) formats everything, so the cache can never show an old text for a new entry.

Each in-text citation ("Doe, 2025") names its authors through sphinxcontrib-bibtex's ``last`` name
style, which decodes the LaTeX of every name again for every citation (~1,400 citations of ~200
people; about a tenth of a rebuild). :class:`RememberedLastNames` builds each person's name
template once per process, keyed on the name parts it is built from.

Both memories are module globals, which is safe with Sphinx's ``-j`` (``parallel_read_safe``):
sphinxcontrib-bibtex formats bibliography entries when reading has finished (``env-updated``) and
in-text citations while resolving references, and Sphinx does both in the main process, also when
it reads and writes pages in others. Only a ``{footcite}`` is formatted while its page is read (the
book has none); in a reading process it would only miss the memory, not show another entry's text.
"""
from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from sphinxcontrib.bibtex.style.names.last import LastNameStyle
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)
STYLE = "claimlab_plain"
CACHE_FILE = "claimlab-bibtex.pickle"
#: Bump when the key or the stored value changes shape, so an old cache file is ignored.
CACHE_VERSION = 1

#: ``{key: FormattedEntry}`` for the current build; filled from the cache file, saved after the build.
_known: dict[tuple, Any] = {}
_used: set[tuple] = set()


def entry_key(style: PlainStyle, label: str, entry: Any) -> tuple:
    """Everything the plain style's output depends on for one entry (a cross-reference is never cached)."""
    persons = tuple((role, tuple(str(person) for person in people)) for role, people in sorted(entry.persons.items()))
    return (type(style).__name__, style.abbreviate_names, style.name_style.__class__.__name__,
            style.label_style.__class__.__name__, label, entry.key, entry.type,
            tuple(sorted((k.lower(), v) for k, v in entry.fields.items())), persons)


class CachedPlainStyle(PlainStyle):
    """pybtex's plain style, remembering each entry's formatting for as long as the entry is unchanged."""

    def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> Any:
        if "crossref" in entry.fields:
            return super().format_entry(label, entry, bib_data=bib_data)
        key = entry_key(self, label, entry)
        _used.add(key)
        if key not in _known:
            _known[key] = super().format_entry(label, entry, bib_data=bib_data)
        return _known[key]


#: ``{(prelast names, last names): template}`` for :class:`RememberedLastNames`.
_names: dict[tuple, Any] = {}


class RememberedLastNames(LastNameStyle):
    """sphinxcontrib-bibtex's ``last`` name style; a person's template is built once (it reads only these parts)."""

    def format(self, person: Any, abbr: bool = True) -> Any:
        key = (tuple(person.prelast_names), tuple(person.last_names))
        if key not in _names:
            _names[key] = super().format(person, abbr)
        return _names[key]


def _cache_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / CACHE_FILE


def _load(app: Sphinx) -> None:
    _known.clear()
    _used.clear()
    try:
        version, stored = pickle.loads(_cache_path(app).read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        return  # no cache yet (a clean build) or one from another version: format everything
    if version == CACHE_VERSION and isinstance(stored, dict):
        _known.update(stored)


def _save(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not _used:
        return
    kept = {key: value for key, value in _known.items() if key in _used}
    try:
        _cache_path(app).write_bytes(pickle.dumps((CACHE_VERSION, kept)))
    except OSError as err:  # a read-only doctree folder only costs the next build some time
        logger.info(f"claimlab: bibliography cache not saved ({err})")


def setup(app: Sphinx) -> dict[str, Any]:
    register_plugin("pybtex.style.formatting", STYLE, CachedPlainStyle, force=True)
    # now, before sphinxcontrib-bibtex sets up its citation style when the builder starts
    register_plugin("pybtex.style.names", "last", RememberedLastNames, force=True)
    app.connect("builder-inited", _load)
    app.connect("build-finished", _save)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
