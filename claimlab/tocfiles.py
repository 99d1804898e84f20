"""Sphinx extension: the pages outside the table of contents, found without walking excluded folders.

``only_build_toc_files: true`` (_config.yml) has sphinx-external-toc add every source file that is
not in _toc.yml to ``exclude_patterns``. It finds them with one recursive glob of the whole book
folder per source suffix (four), and a glob looks into every folder, those already excluded
included: the npm installs under ``benchmarks/`` and ``hub/``, the written site, the in-browser
cache. That was four walks of 11,000 entries, about 0.3 s of every build, clean or not, to list
files that were excluded anyway.

:func:`files_outside_toc` lists the same files (a file is added exactly when sphinx-external-toc
would add it: not in the table of contents, not under an excluded path, matching no glob of the
table of contents) with one walk that does not enter a folder ``exclude_patterns`` already
excludes; hidden files and folders are skipped as the glob skips them. Its handler runs just
before sphinx-external-toc's, adds the list, and turns that extension's own search off.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.matching import Matcher, patmatch
from sphinx_external_toc.parsing import parse_toc_yaml

#: sphinx-external-toc parses the table of contents at this ``config-inited`` priority.
EXTERNAL_TOC_PRIORITY = 900


def files_outside_toc(srcdir: Path, site_map: Any, suffixes: list[str], exclude_patterns: list[str]) -> list[str]:
    """The source files (paths relative to ``srcdir``) that sphinx-external-toc would exclude as not in the toc."""
    excluded, globs, found = Matcher(exclude_patterns), list(site_map.globs()), []
    for root, dirs, files in os.walk(srcdir, followlinks=True):
        here = Path(root).relative_to(srcdir).as_posix()
        prefix = "" if here == "." else here + "/"
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not excluded(prefix + d))
        for name in sorted(files):
            posix, parts = prefix + name, (prefix + name).split("/")
            if name.startswith(".") or not os.path.isfile(os.path.join(root, name)):
                continue
            for suffix in (s for s in suffixes if name.endswith(s)):  # as sphinx-external-toc: each suffix in turn
                if not (posix in site_map or posix[:-len(suffix)] in site_map
                        or any(excluded("/".join(parts[:i + 1])) for i in range(len(parts)))
                        or any(patmatch(posix[:-len(suffix)], pattern) for pattern in globs)):
                    found.append(posix)
    return found


def _exclude_outside_toc(app: Sphinx, config: Config) -> None:
    if not config["external_toc_exclude_missing"]:
        return
    toc = Path(str(config["external_toc_path"]))
    site_map = parse_toc_yaml(toc if toc.is_absolute() else Path(app.srcdir) / toc)
    outside = files_outside_toc(Path(app.srcdir), site_map, list(config["source_suffix"]), config["exclude_patterns"])
    config["exclude_patterns"] = config["exclude_patterns"] + outside  # a new list, as sphinx-external-toc makes
    config["external_toc_exclude_missing"] = False  # done: sphinx-external-toc need not search again


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _exclude_outside_toc, priority=EXTERNAL_TOC_PRIORITY - 1)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
