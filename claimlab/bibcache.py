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

Each in-text citation also formatted its authors (or editors, or title) from the entry afresh,
decoding their LaTeX each time: 1,264 citations of ~220 entries. The ``claimlab_author_year``
referencing style (``bibtex_reference_style`` in _config.yml) is sphinxcontrib-bibtex's
``author_year`` whose link texts (authors and year) and names are formatted once per entry
(:class:`RememberedAuthorYear`, a memory of the build's style: every build, and so every edit of
the bibliography, starts with an empty one). The link itself, and the words and brackets around
it, are made for each citation as before.

The memories are module globals or belong to the build's style, which is safe with Sphinx's ``-j``
(``parallel_read_safe``):
sphinxcontrib-bibtex formats bibliography entries when reading has finished (``env-updated``) and
in-text citations while resolving references, and Sphinx does both in the main process, also when
it reads and writes pages in others. Only a ``{footcite}`` is formatted while its page is read (the
book has none); in a reading process it would only miss the memory, not show another entry's text.
"""
from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

from pybtex.plugin import register_plugin
from pybtex.style.template import Node
from pybtex.style.formatting.plain import Style as PlainStyle
from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin
from sphinxcontrib.bibtex.style.names.last import LastNameStyle
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.template import node, reference
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)
STYLE = "claimlab_plain"
#: The referencing style's name, for ``bibtex_reference_style``, and its plugin group.
REFERENCE_STYLE = "claimlab_author_year"
REFERENCE_STYLE_GROUP = "sphinxcontrib.bibtex.style.referencing"
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


@node
def remembered(children: list[Any], data: dict[str, Any], memory: dict[tuple, Any], key: tuple) -> Any:
    """The one template in ``children`` formatted for ``data``'s entry, once per entry object.

    For templates that read only the entry and its formatting (never the citing page or the text
    around the citation). The memory holds the entry and its formatting beside the text, so their
    ``id`` cannot be reused by other objects while they are remembered; sphinxcontrib-bibtex parses
    and formats the bibliography once a build and keeps them unchanged until the build ends. pybtex
    text is never changed in place (every join or capitalisation makes new text), so one result can
    sit in many citations.
    """
    entry, formatted = data["entry"], data.get("formatted_entry")
    full_key = (*key, id(entry), id(formatted))
    if full_key not in memory:
        (template,) = children
        memory[full_key] = (entry, formatted, template.format_data(data))
    return memory[full_key][2]


@dataclass
class RememberedPersons(PersonStyle):
    """sphinxcontrib-bibtex's person style; "authors, else editors, else title" formatted once per entry.

    It reads only the entry (its people, its title) and this style's separators, which do not change.
    """

    memory: dict[tuple, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def author_or_editor_or_title(self, full: bool) -> Any:
        return remembered(memory=self.memory, key=("names", full))[super().author_or_editor_or_title(full)]


@dataclass
class RememberedAuthorYear(AuthorYearReferenceStyle):
    """sphinxcontrib-bibtex's ``author_year`` referencing style, remembering what depends on the entry alone.

    A citation is its link's text (authors and year; or the year; or the label) inside the link, with the
    page's own words around it. Every referencing style's link text reads only the entry and its
    formatting, so the text inside each ``reference`` of a role's template is formatted once per entry,
    and the template itself is built once per role; the link, and the words and brackets around it, are
    made for each citation as before. Names outside a link (textual citations) come from
    :class:`RememberedPersons`.
    """

    person: PersonStyle = field(default_factory=RememberedPersons)
    memory: dict[tuple, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    templates: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def inner(self, role_name: str) -> Any:
        if role_name not in self.templates:
            self.templates[role_name] = self._remember_links(super().inner(role_name), role_name, count())
        return self.templates[role_name]

    def _remember_links(self, template: Any, role_name: str, places: Iterator[int]) -> Any:
        """``template`` with each node inside a ``reference`` wrapped in :func:`remembered`."""
        if not isinstance(template, Node):
            return template
        copy = Node(template.name, template.f)
        copy.args, copy.kwargs = list(template.args), dict(template.kwargs)
        copy.children = [self._remember_links(child, role_name, places) for child in template.children]
        if template.f is reference.f:
            copy.children = [remembered(memory=self.memory, key=(role_name, next(places)))[child]
                             if isinstance(child, Node) else child for child in copy.children]
        return copy


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
    register_bibtex_plugin(REFERENCE_STYLE_GROUP, REFERENCE_STYLE, RememberedAuthorYear, force=True)
    app.connect("builder-inited", _load)
    app.connect("build-finished", _save)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
