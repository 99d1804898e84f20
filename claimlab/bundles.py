"""One stylesheet and one script file per page, instead of a dozen of each.

On a phone link every file costs a round trip before it arrives, and the browser paints nothing
until every stylesheet has arrived. The theme and the extensions add about twelve stylesheets (one
of them ``@import``s a thirteenth, found only after the first arrived) and about twelve scripts;
Lighthouse's mobile profile counted two to three seconds before the first paint, mostly spent
waiting on those requests. ``claimlab.lightpages`` calls :func:`bundle_css` and
:func:`bundle_scripts` for each page while Sphinx writes it: the page's local stylesheets, in their
order, become one ``_static/claimlab-untrimmed-<hash>.css`` (trimmed once every page is written,
into ``_static/claimlab-<hash>.css``: :func:`trimmed_bundle`) and its deferred local scripts one
``_static/claimlab-<hash>.js``. Names carry a hash of the content, so a browser never keeps a
stale copy, and pages that load the same files share one bundle. Files whose tag carries anything
else (a ``media`` or ``data-`` attribute, ``async``, a module) keep their own tag.
"""
from __future__ import annotations

import hashlib
import os
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

STATIC = "_static"
#: ``@import "x";`` / ``@import url(x);`` at the top of a stylesheet.
IMPORT = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)["']?\s*\)?\s*;""")
URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
SOURCE_MAP = re.compile(r"/[*/]# sourceMappingURL=[^\n]*")


def _is_local(filename: str) -> bool:
    return filename.startswith(STATIC + "/") and "?" not in filename and "://" not in filename


def _rebase(css: str, from_dir: str, to_dir: str) -> str:
    """Rewrite relative ``url()`` references in ``css`` (a file in ``from_dir``) for a file in ``to_dir``."""
    def fix(match: re.Match) -> str:
        quote, target = match.group(1), match.group(2)
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", target, re.I):
            return match.group(0)  # data:, absolute and fragment references need nothing
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(from_dir, target)), to_dir)
        return f"url({quote}{moved}{quote})"

    return URL.sub(fix, css)


def stylesheet_text(outdir: Path, filename: str, seen: set[str] | None = None) -> str:
    """``filename`` (relative to the output folder) with its ``@import``s inlined and its urls rebased to _static/."""
    seen = set() if seen is None else seen
    if filename in seen:
        return ""
    seen.add(filename)
    folder = posixpath.dirname(filename)
    text = SOURCE_MAP.sub("", (outdir / filename).read_text(encoding="utf-8"))
    text = re.sub(r'@charset\s+"[^"]*";', "", text)

    def inline(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(folder, match.group(1)))
        return stylesheet_text(outdir, target, seen) if (outdir / target).is_file() else match.group(0)

    return _rebase(IMPORT.sub(inline, text), folder, STATIC)


#: How the stylesheet bundle of a page written in this build is named until the build trims it. The name
#: itself says "made in this build": Sphinx may write pages in several processes, and the one that trims
#: finds these names in the written pages rather than in a record the writing processes could not share.
UNTRIMMED = "claimlab-untrimmed-"


def _write(outdir: Path, suffix: str, text: str, stem: str = "claimlab-") -> str:
    """Write ``text`` as ``_static/<stem><hash><suffix>`` once; the name, relative to the output folder.

    Written to a temporary name and renamed, so a process writing pages beside another (a parallel
    Sphinx build) never finds a bundle half written.
    """
    name = f"{STATIC}/{stem}{hashlib.sha256(text.encode()).hexdigest()[:16]}{suffix}"
    target = outdir / name
    if not target.is_file():
        partial = target.with_name(f".{target.name}.{os.getpid()}")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    return name


@lru_cache(maxsize=64)
def _bundle_part(path: Path, mtime_ns: int, outdir: Path, filename: str) -> str:
    """One stylesheet ready for a bundle, worked out once per build (keyed on the file's mtime)."""
    return without_font_awesome(stylesheet_text(outdir, filename))


def bundle_css(outdir: Path, filenames: list[str], extra: str = "") -> str:
    """One stylesheet holding ``filenames`` in order, then ``extra``; its (:data:`UNTRIMMED`) name relative to
    the output folder.

    Most pages load the same files: the name is remembered for those files (as modified) and ``extra``, so
    the 700 KB are joined and hashed once per bundle rather than once per page.
    """
    stamps = tuple((name, (outdir / name).stat().st_mtime_ns) for name in filenames)
    known = _bundle_names.get((outdir, stamps, extra))
    if known is not None and (outdir / known).is_file():
        return known
    parts = [f"/* {name} */\n{_bundle_part(outdir / name, mtime, outdir, name)}" for name, mtime in stamps]
    name = _bundle_names[(outdir, stamps, extra)] = _write(outdir, ".css", "\n".join(parts + [extra]), UNTRIMMED)
    return name


#: ``{(output folder, (file, mtime) pairs, extra): bundle name}`` for :func:`bundle_css`.
_bundle_names: dict[tuple, str] = {}


def bundleable_css(css: Any) -> bool:
    """A plain local stylesheet: no media query, title or other attribute that a bundle would lose."""
    filename = str(getattr(css, "filename", "") or "")
    attributes = {k: v for k, v in getattr(css, "attributes", {}).items() if v is not None}
    return (_is_local(filename) and attributes.get("rel", "stylesheet") == "stylesheet"
            and not attributes.keys() - {"rel", "type"})


def bundleable_script(js: Any) -> bool:
    """A local script file whose tag says nothing but (optionally) ``defer``."""
    filename = str(getattr(js, "filename", "") or "")
    attributes = {k: v for k, v in getattr(js, "attributes", {}).items() if v is not None}
    return _is_local(filename) and not attributes.keys() - {"defer"}


def bundle_scripts(outdir: Path, filenames: list[str]) -> str:
    """One script running ``filenames`` in order; its name relative to the output folder.

    Each file starts on a fresh statement (``;``) so that one ending without a semicolon cannot join
    the next, and the bundle opens with an empty statement so that a file's ``"use strict"`` stays
    that file's wish rather than becoming the whole bundle's directive.
    """
    parts = [f"/* {name} */\n;{SOURCE_MAP.sub('', (outdir / name).read_text(encoding='utf-8'))}\n"
             for name in filenames]
    return _write(outdir, ".js", ";\n" + "".join(parts))


# -- Font Awesome's own CSS, unused once icons are CSS masks ----------------------------------------


#: The characters that can change a stylesheet's structure: quotes, braces, a statement's end, an escape.
_STRUCTURE = re.compile(r"""[\\"'{};]""")


def _blocks(css: str) -> list[tuple[str, str]]:
    """Top-level ``(prelude, body)`` pairs of a stylesheet; comments dropped, quotes respected.

    Only the characters in :data:`_STRUCTURE` are looked at, found by the regular expression rather
    than one character at a time in Python (a build splits stylesheets and their ``@media`` blocks 731
    times, the theme's largest stylesheet alone 400 KB): five times faster.
    """
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    blocks, depth, start, prelude, quote = [], 0, 0, "", ""
    find, i = _STRUCTURE.search, 0
    while found := find(css, i):
        i = found.start()
        char = css[i]
        if quote:
            if char == "\\":
                i += 1  # the escaped character, whatever it is
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append((prelude, css[start:i]))
                start = i + 1
        elif char == ";" and depth == 0:  # a statement such as @charset or @import
            blocks.append((css[start:i + 1].strip(), ""))
            start = i + 1
        i += 1
    return blocks


def _is_font_awesome(prelude: str, body: str) -> bool:
    if prelude.startswith("@font-face"):
        return "Font Awesome" in body
    if prelude.startswith("@keyframes"):
        return prelude.split()[-1].startswith("fa-")
    if prelude.startswith(":host") or prelude == ":root":
        return all(d.strip().startswith("--fa-") for d in body.split(";") if d.strip())
    selectors = [s.strip() for s in prelude.split(",")]
    return bool(prelude) and not prelude.startswith("@") and all(re.match(r"\.fa[a-z-]*\b", s) for s in selectors)


def without_font_awesome(css: str) -> str:
    """``css`` without Font Awesome's font, glyph and animation rules (the icons are drawn as CSS masks).

    Those rules make the browser fetch a 150 KB icon font for glyphs the masks then hide, and add
    about 2,000 selectors to every style calculation. Rules that only mention an icon class inside a
    longer selector (the theme's own) stay, and so do the licence comments (``/*! … */``) of what stays.
    """
    licences = [c for c in re.findall(r"/\*!.*?\*/", css, flags=re.S) if "Font Awesome" not in c]
    return "\n".join(licences + [_strip_font_awesome(css)])


def _strip_font_awesome(css: str) -> str:
    kept = []
    for prelude, body in _blocks(css):
        if prelude.startswith("@media") or prelude.startswith("@supports"):
            inner = _strip_font_awesome(body)
            if inner.strip():
                kept.append(f"{prelude}{{{inner}}}")
        elif not body and prelude.startswith("@"):
            if not prelude.startswith("@charset"):  # only valid first in a file; a bundle is UTF-8 throughout
                kept.append(prelude)
        elif not _is_font_awesome(prelude, body):
            kept.append(f"{prelude}{{{body}}}")
    return "\n".join(kept)


# -- rules no page can match -------------------------------------------------------------------------

#: Classes that scripts build from pieces (Bootstrap's ``bs-tooltip-`` + placement, ``show``/``fade``
#: states), so no page or script holds them whole: rules naming them are always kept.
DYNAMIC_CLASS_PREFIXES = ("bs-", "show", "fade", "collaps", "tooltip", "popover", "dropdown", "active", "modal")


def class_universe(pages: list[str], scripts: list[str]) -> set[str]:
    """Every class a page's markup names, and every word a script holds (a class it may add)."""
    found: set[str] = set()
    for page in pages:
        for value in re.findall(r'class="([^"]*)"', page):
            found.update(value.split())
    for script in scripts:
        found.update(re.findall(r"[A-Za-z_][\w-]*", script))
    return found


def _selector_can_match(selector: str, classes: set[str]) -> bool:
    """False only when the selector needs a class that no page and no script has.

    Classes inside functional pseudo-classes (``:not(.x)``, ``:is(…)``, ``:has(…)``) and attribute
    values are not needed for a match and are not looked at.
    """
    bare = re.sub(r"\[[^\]]*\]", "", selector)
    while re.search(r"\([^()]*\)", bare):
        bare = re.sub(r"\([^()]*\)", "", bare)
    needed = re.findall(r"\.(-?[A-Za-z_][\w-]*)", bare)
    return all(c in classes or c.startswith(DYNAMIC_CLASS_PREFIXES) for c in needed)


def without_unused_rules(css: str, classes: set[str], memo: dict[tuple[str, str], str] | None = None) -> str:
    """``css`` without the selectors (and rules) that need a class found on no page and in no script.

    The theme ships all of Bootstrap's styles and the book uses a sixth of them: the rest is about
    half of each page's stylesheet, downloaded and parsed before the first paint on every page.
    At-rules other than ``@media`` and ``@supports`` (fonts, keyframes) stay whole. ``memo`` remembers
    what each top-level rule became for these ``classes``: the bundles of one build share the theme's
    rules, which are then worked out once.
    """
    licences = re.findall(r"/\*!.*?\*/", css, flags=re.S)
    return "\n".join(licences + [_strip_unused(css, classes, {} if memo is None else memo)])


def _strip_unused(css: str, classes: set[str], memo: dict[tuple[str, str], str] | None = None) -> str:
    kept = []
    for prelude, body in _blocks(css):
        if memo is not None and (prelude, body) in memo:
            rule = memo[(prelude, body)]
        elif prelude.startswith(("@media", "@supports", "@layer", "@container")) and body:
            inner = _strip_unused(body, classes)
            rule = f"{prelude}{{{inner}}}" if inner.strip() else ""
        elif prelude.startswith("@") or not body:
            rule = f"{prelude}{{{body}}}" if body else prelude
        else:
            selectors = [s for s in _split_selectors(prelude) if _selector_can_match(s, classes)]
            rule = f"{','.join(selectors)}{{{body}}}" if selectors else ""
        if memo is not None:
            memo[(prelude, body)] = rule
        if rule:
            kept.append(rule)
    return "\n".join(kept)


def _split_selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside ``:is(a, b)``)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        depth += char in "([" 
        depth -= char in ")]"
        if char == "," and depth == 0:
            parts.append(prelude[start:i].strip())
            start = i + 1
    parts.append(prelude[start:].strip())
    return [p for p in parts if p]


def trimmed_bundle(outdir: Path, name: str, classes: set[str], memo: dict[tuple[str, str], str] | None = None) -> str:
    """Write ``_static/<name>`` without its unused rules under a name from its content; that name.

    ``memo``: shared by the bundles trimmed for the same ``classes`` (:func:`without_unused_rules`).
    """
    text = (outdir / STATIC / name).read_text(encoding="utf-8")
    return Path(_write(outdir, ".css", without_unused_rules(text, classes, memo))).name
