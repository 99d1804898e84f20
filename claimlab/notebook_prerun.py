"""Sphinx extension: run the book's notebooks on every core before Sphinx reads them.

myst-nb, in the ``cache`` execution mode the book uses, executes notebooks one after another
while it reads pages, each in a fresh kernel (about 1.5 s apiece here). jupyter-cache, which
holds myst-nb's cache, can also execute a set of notebooks over a pool of processes. This hook
gives it the notebooks Sphinx is about to read; it runs the ones the cache does not already hold
on every core and caches them, and myst-nb then finds each one in the cache.

A notebook that fails here is simply not cached: myst-nb runs it again itself, and a cell that
raises still fails the build with myst-nb's usual report (``tests/test_build.py``).
"""
from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _prerun(app: Sphinx, env: Any, docnames: list[str]) -> None:
    config = env.mystnb_config  # myst-nb's resolved configuration, including the cache folder it uses
    if config.execution_mode != "cache":
        return
    paths = [str(env.doc2path(doc)) for doc in docnames if str(env.doc2path(doc)).endswith(".ipynb")]
    if len(paths) < 2:
        return  # nothing to gain over myst-nb's own run
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(config.execution_cache_path)
    for path in paths:
        cache.add_nb_to_project(path)
    result = load_executor("local-parallel", cache).run_and_cache(
        filter_uris=paths, timeout=config.execution_timeout, allow_errors=config.execution_allow_errors)
    if result.succeeded:
        logger.info(f"claimlab: ran {len(result.succeeded)} notebook(s) in parallel before reading")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-before-read-docs", _prerun, priority=900)  # after myst-nb has set its cache folder
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
