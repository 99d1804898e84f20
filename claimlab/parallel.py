"""Sphinx extension: the one installed extension that blocks a parallel build, declared after checking it.

Sphinx reads pages in several processes (``python -m claimlab.jupyterbook`` asks for one per core)
only when every loaded extension declares ``parallel_read_safe``; one that declares nothing makes
it warn, which fails the book's ``-W`` build. Of the ~70 extensions this book loads, two declare
nothing. sphinx-jupyterbook-latex is turned off in _config.yml (``latex.use_jupyterbook_latex``;
no PDF is built). sphinx-multitoc-numbering cannot be: sphinx-external-toc loads it whatever
``html.use_multitoc_numbering`` says. Read at version :data:`CHECKED_VERSION`, it does two things,
and neither keeps anything a reading process would have to hand back:

* a ``builder-inited`` handler that logs one line;
* it replaces ``TocTreeCollector.assign_section_numbers``, which Sphinx calls when reading has
  finished (``env-updated``), in the main process, over the merged environment; the one value it
  keeps (``last_chapter_number``) is reset at each call.

So it is declared safe for parallel reading here, for that version only: any other version stays
undeclared, Sphinx warns as before, and the build asks for this check to be made again.
"""
from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

CHECKED = "sphinx_multitoc_numbering"
CHECKED_VERSION = "0.1.3"


def _declare(app: Sphinx, config: Config) -> None:
    """After every extension is set up (sphinx-external-toc loads this one), before the build asks."""
    extension = app.extensions.get(CHECKED)
    checked = extension is not None and getattr(extension.module, "__version__", None) == CHECKED_VERSION
    if checked and extension.parallel_read_safe is None:  # type: ignore[union-attr]
        extension.parallel_read_safe = True


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _declare)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
