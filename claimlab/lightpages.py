"""Sphinx extension: every page loads only what it uses, and the build does no repeated work.

Students read the book on phones over slow links, so a reading page must arrive light and paint at
once (issue 12; budgets and the measuring script: ``benchmarks/perf.py``). The theme and Jupyter
Book load more than this book uses, and the build repeated some costly look-ups; each fix below
lives in the project, through the tools' own hooks, with no installed package patched:

* **Icons without a 1.5 MB script.** pydata-sphinx-theme draws its ~20 icons with Font Awesome's
  JavaScript on every page. A few KB of CSS draw the icons a page can show (its templates', header
  buttons' and body's) as CSS masks, taken at build time from the same Font Awesome release the
  theme ships, and the template ``claimlab/templates/layout.html`` no longer loads the script.
* **One stylesheet and one script file** per page (``claimlab/bundles.py``): the theme's, the
  extensions' and the icons' CSS in one file, the deferred scripts in another, instead of about
  twelve requests each before and around the first paint.
* **Bootstrap when it is needed.** The theme uses Bootstrap's 80 KB script only for dropdown menus,
  tooltips and the back-to-top button, and evaluating it was the longest task of a phone's page
  load. ``claimlab-bootstrap-on-demand.js`` loads it at the reader's first pointer, key, focus,
  touch or scroll event, and opens a dropdown clicked before it arrived once it has.
* **The themes' scripts at the reader's first action.** pydata-sphinx-theme's and sphinx-book-theme's
  scripts only set up controls (colour switch, search dialog, sidebars, full screen) and the "on this
  page" highlight, yet measured the whole page at load: the longest task left on a phone.
  ``claimlab-theme-on-demand.js`` (inlined at the page end) loads them at the first pointer, touch,
  key, focus or scroll event and repeats a click on their controls made before they ran; what they did
  unasked is done without them (the colour theme in ``<head>``, the markup repairs below, print CSS).
* **Repairs in the markup, not at load.** Three accessibility faults of markup the project does not
  write, and keyboard access to code and tables that scroll, are fixed in the written pages
  (:func:`accessible_markup`) instead of by a script walking every element on every load.
* **Extension scripts only where they act**: the copy button where there is code, toggles where
  something toggles, tabs where there are tabs (:data:`ONLY_WHERE_USED`).
* **Search scripts only on the search page.** The theme loads the search index on every page for
  an "as you type" search this book leaves off; the search box submits to ``search.html``.
* **No render-blocking script.** Every script file is deferred (order kept; not on the search page,
  whose own inline code calls them at once); the inline snippets
  that read ``DOCUMENTATION_OPTIONS`` become module scripts, which run in order after the deferred
  files, instead of failing before the file that defines it has run.
* **Nothing unused.** Thebe is off (``launch_buttons.thebe: false``) but Jupyter Book always adds
  its script, inline configuration and style: they are dropped. Exercise pages show no saved widget
  state (a page of dead controls that look live); they say how to run the exercise instead.
* **No unused CSS.** The theme ships all of Bootstrap's styles; once every page is written, the
  rules that need a class no page and no script holds are dropped from the stylesheets (about
  half of them), and the written pages link the trimmed copy.
* **A description and an icon** on every page, for search engines and browser tabs (a missing
  favicon is a 404 and a console error on every first visit).
* **Search words stemmed once a build** rather than once a page (:class:`_RememberingEnglish`).
* **Bibliography look-ups once.** sphinxcontrib-bibtex asks pybtex for its formatting plugins once
  per citation, and each request scans every installed entry point (~4 ms; ~900 citations). The
  plugins in use are registered with pybtex's own ``register_plugin`` at start-up, so each later
  request is a dictionary look-up.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
import urllib.parse
import zlib
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish

from claimlab import bundles

TEMPLATES = Path(__file__).parent / "templates"
FAVICON = Path(__file__).parent / "assets" / "favicon.svg"
#: Inlined at each page's end by ``templates/layout.html``: loads the themes' scripts at the reader's first action.
THEME_LOADER = Path(__file__).parent / "assets" / "claimlab-theme-on-demand.js"
#: The book theme's script, loaded with pydata-sphinx-theme's by :data:`THEME_LOADER` rather than with the page.
BOOK_THEME_SCRIPT = "_static/scripts/sphinx-book-theme.js"
#: The theme's own stylesheets (its layout links them outside ``css_files``).
THEME_CSS = ("_static/styles/theme.css", "_static/styles/pydata-sphinx-theme.css")
DESCRIPTION_CHARS = 155
MIN_DESCRIPTION_CHARS = 60
#: Class names in ``fa-…`` form that style an icon rather than name one.
ICON_MODIFIERS = {"solid", "regular", "brands", "lg", "xl", "sm", "xs", "fw", "spin", "pulse", "2x", "3x"}
#: The plugin groups sphinxcontrib-bibtex looks up while it formats citations.
PYBTEX_GROUPS = ("pybtex.backends", "pybtex.style.formatting", "pybtex.style.labels", "pybtex.style.names",
                 "pybtex.style.sorting")
BIBTEX_REFERENCING = "sphinxcontrib.bibtex.style.referencing"


# -- start-up -----------------------------------------------------------------------------------


def _config(app: Sphinx, config: Any) -> None:
    config.templates_path.append(str(TEMPLATES))
    if not config.html_favicon:  # from the package, so any book built with this configuration has it
        config.html_favicon = str(FAVICON)


def _register_bibtex_plugins(app: Sphinx) -> None:
    """Register every installed pybtex and sphinxcontrib-bibtex plugin at run time, once.

    The installed entry points are listed once (about 40 ms each time). pybtex's own
    ``register_plugin`` lists them all again on every call, even with ``force``, which cost about
    2 s of every build for ~20 plugins; its run-time table is filled directly instead, exactly as
    that function fills it (it is what ``find_plugin`` reads first), falling back to the function
    should a later pybtex keep the table elsewhere.
    """
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin as bibtex_plugin

    installed = entry_points()
    runtime = getattr(pybtex.plugin, "_RUNTIME_PLUGINS", None)
    for group in PYBTEX_GROUPS:
        for suffix in ("", ".aliases"):
            for point in installed.select(group=group + suffix):
                if isinstance(runtime, dict):  # a plugin registered at run time already (claimlab.bibcache) stays
                    runtime.setdefault(group + suffix, {}).setdefault(point.name, point.load())
                else:
                    pybtex.plugin.register_plugin(group + suffix, point.name, point.load(), force=True)
    for point in installed.select(group=BIBTEX_REFERENCING):
        bibtex_plugin.register_plugin(BIBTEX_REFERENCING, point.name, point.load(), force=True)


class _RememberingEnglish(SearchEnglish):
    """Sphinx's English search language, stemming each distinct word once a build, not once a page.

    Sphinx remembers stems within one page only; the Porter stemmer (pure Python) then ran about
    30,000 times a clean build for words the other pages had already stemmed. Same stems, same index.
    """

    def init(self, options: dict[str, str]) -> None:
        super().init(options)
        self.stem = cache(super().stem)  # type: ignore[method-assign]


# -- each page --------------------------------------------------------------------------------


def _is_thebe(asset: Any) -> bool:
    text = str(getattr(asset, "filename", "") or "") + str(getattr(asset, "attributes", {}).get("body", ""))
    return "thebe" in text.lower()


def _light_scripts(files: list[Any], defer: bool = True) -> list[Any]:
    """The page's scripts without thebe or widget state, files deferred, dependent snippets as modules."""
    from sphinx.builders.html._assets import _JavaScript

    kept = []
    for js in files:
        attributes = dict(getattr(js, "attributes", {}))
        filename = getattr(js, "filename", None) or None
        if _is_thebe(js) or attributes.get("type") == "application/vnd.jupyter.widget-state+json":
            continue
        if defer and filename and not {"async", "defer"} & attributes.keys() and attributes.get("type") != "module":
            attributes["defer"] = "defer"
        elif defer and not filename and "DOCUMENTATION_OPTIONS" in attributes.get("body", ""):
            attributes["type"] = "module"
        kept.append(_JavaScript(filename, priority=getattr(js, "priority", 500), **attributes))
    return kept


def _drop_thebe_nodes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Remove the thebe configuration sphinx-thebe appends to every page body."""
    for node in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in node.astext() or "kernelName =" in node.astext():
            node.parent.remove(node)


def _description(doctree: nodes.document | None, fallback: str) -> str:
    """The page's first paragraph of running text (not a learning objective, list or box), cut at a word.

    Learning objectives open most pages, but "After this chapter you can:" describes nothing.
    """
    for paragraph in doctree.findall(nodes.paragraph) if doctree is not None else ():
        parent, boxed = paragraph.parent, False
        while parent is not None and not boxed:
            boxed = isinstance(parent, (nodes.Admonition, nodes.list_item, nodes.table, nodes.container,
                                        nodes.footnote, nodes.citation, nodes.topic))
            parent = parent.parent
        text = " ".join(paragraph.astext().split())
        if not boxed and len(text) >= MIN_DESCRIPTION_CHARS:
            return text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return fallback


def _book_title(app: Sphinx) -> str:
    """The book's title (Jupyter Book passes ``title`` from _config.yml as ``html_title``)."""
    return str(app.config.html_title or app.config.project)


def _has_code(classes: list[set[str]]) -> bool:
    return any("highlight" in names for names in classes)  # sphinx-copybutton's "div.highlight pre"


def _has_toggles(classes: list[set[str]]) -> bool:  # sphinx-togglebutton's ".toggle, .admonition.dropdown"
    return any({"toggle", "toggle-details"} & names or {"admonition", "dropdown"} <= names for names in classes)


#: Scripts an extension adds to every page that act only on some markup, and the test that a page
#: body (its elements' class sets) holds some. Elsewhere each cost a phone a walk over the page at load.
ONLY_WHERE_USED = {"_static/clipboard.min.js": _has_code, "_static/copybutton.js": _has_code,
                   "_static/togglebutton.js": _has_toggles,
                   "_static/design-tabs.js": lambda classes: any("sd-tab-label" in names for names in classes)}


def used_scripts(scripts: list[Any], body: str) -> list[Any]:
    """``scripts`` without those of :data:`ONLY_WHERE_USED` that find nothing to act on in ``body``."""
    classes = [set(value.split()) for value in re.findall(r'class="([^"]*)"', body)]
    return [js for js in scripts
            if ONLY_WHERE_USED.get(str(getattr(js, "filename", "") or ""), lambda _: True)(classes)]


def _page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    outdir = Path(app.outdir)
    if "script_files" in context:  # the search page's own inline code calls the files at once: no defer there
        scripts = _light_scripts(context["script_files"], defer=pagename != "search")
        if "body" in context:
            scripts = used_scripts(scripts, str(context["body"]))
        on_demand = [js for js in scripts if str(getattr(js, "filename", "") or "") == BOOK_THEME_SCRIPT]
        scripts = [js for js in scripts if js not in on_demand]
        theme = f"_static/scripts/pydata-sphinx-theme.js?digest={_theme_digest()}"
        context["claimlab_theme_scripts"] = " ".join(
            [context["pathto"](_versioned(outdir, str(js.filename)), 1) for js in on_demand]
            + [context["pathto"](theme, 1)])
        if pagename != "search":
            scripts = _bundled_scripts(outdir, scripts)
        context["script_files"][:] = scripts
    if "css_files" in context:
        css_files = [css for css in context["css_files"] if not _is_thebe(css)]
        context["css_files"][:] = _bundled_css(app, outdir, css_files, _page_icons(context))
        context["claimlab_css_bundled"] = True
    context["claimlab_theme_loader"] = THEME_LOADER.read_text(encoding="utf-8").strip()
    title = " ".join(html.unescape(re.sub(r"<[^>]+>", "", context.get("title") or "")).split())
    description = _description(doctree, f"{title} · {_book_title(app)}" if title else _book_title(app))
    context["metatags"] = context.get("metatags", "") + (
        f'\n<meta name="description" content="{html.escape(description, quote=True)}" />')


def _versioned(outdir: Path, filename: str) -> str:
    """``filename?v=<crc32>``, as Sphinx names a script in a tag, so a browser never keeps a stale copy."""
    path = outdir / filename
    return f"{filename}?v={zlib.crc32(path.read_bytes()):08x}" if path.is_file() else filename


@cache
def _theme_digest() -> str:
    """The cache-busting digest pydata-sphinx-theme puts after its script's name (in its webpack macros)."""
    import pydata_sphinx_theme

    macros = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
              / "webpack-macros.html").read_text(encoding="utf-8")
    match = re.search(r"pydata-sphinx-theme\.js', 1\) }}\?digest=(\w+)", macros)
    return match.group(1) if match else ""


def _late_assets_now(app: Sphinx) -> None:
    """Write, once a build and before the first page, the stylesheets two extensions write only at its end.

    pydata-sphinx-theme replaces Sphinx's single-style ``pygments.css`` with its light-and-dark one,
    and myst-nb and sphinx-exercise copy their stylesheets, when the build has finished; a bundle
    made earlier would hold Sphinx's code colours (which fail contrast in both modes) or miss the
    others (a clean build). The functions are the extensions' own, and run again at the end as usual.
    """
    if not getattr(app, "_claimlab_late_assets", False):
        from myst_nb.sphinx_ext import add_global_html_resources
        from pydata_sphinx_theme.pygments import overwrite_pygments_css
        from sphinx_exercise import copy_asset_files

        overwrite_pygments_css(app)
        add_global_html_resources(app, None)
        copy_asset_files(app, None)
        app._claimlab_late_assets = True  # type: ignore[attr-defined]


def _bundled_css(app: Sphinx, outdir: Path, css_files: list[Any], icons: str) -> list[Any]:
    """The theme's own stylesheets, the page's plain local ones and its icons as one file, first."""
    from sphinx.builders.html._assets import _CascadingStyleSheet

    _late_assets_now(app)
    plain = [str(css.filename) for css in css_files if bundles.bundleable_css(css) and (outdir / css.filename).is_file()]
    bundle = bundles.bundle_css(outdir, list(THEME_CSS) + plain, icons)
    return [_CascadingStyleSheet(bundle, priority=0)] + [css for css in css_files if str(css.filename) not in plain]


def _bundled_scripts(outdir: Path, scripts: list[Any]) -> list[Any]:
    """The page's plain deferred local scripts as one deferred file where the first stood.

    The theme's two scripts (Bootstrap and its own) keep their files at the page end: each file runs
    as a task of its own, and one bundle of everything made a single task long enough to block input.
    """
    from sphinx.builders.html._assets import _JavaScript

    plain = [str(js.filename) for js in scripts if bundles.bundleable_script(js) and (outdir / js.filename).is_file()]
    if not plain:
        return scripts
    bundle = _JavaScript(bundles.bundle_scripts(outdir, plain), defer="defer")
    kept, placed = [], False
    for js in scripts:
        if str(getattr(js, "filename", "") or "") not in plain:
            kept.append(js)
        elif not placed:
            kept.append(bundle)
            placed = True
    return kept


# -- the icons a page uses -----------------------------------------------------------------------


@cache
def _font_awesome_packs() -> dict[str, dict[str, tuple[int, int, str]]]:
    """``{"fas": {icon name or alias: (width, height, path)}, "fab": …}`` from the theme's Font Awesome."""
    import pydata_sphinx_theme

    bundle = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts"
              / "fontawesome.js").read_text(encoding="utf-8")
    packs: dict[str, dict[str, tuple[int, int, str]]] = {}
    icon = re.compile(r'(?:"([\w-]+)"|([A-Za-z_]\w*)):\[(\d+),(\d+),\[([^\]]*)\],"[^"]*",(?:"([^"]*)"|\["([^"]*)")')
    for pack in re.finditer(r"var p=\{(.*?)\};.*?\(function\(\)\{d\(\"(fa[sbr])\",p\)", bundle, re.S):
        found = packs.setdefault(pack.group(2), {})
        for m in icon.finditer(pack.group(1)):
            shape = (int(m.group(3)), int(m.group(4)), m.group(6) or m.group(7) or "")
            found[m.group(1) or m.group(2)] = shape
            for alias in re.findall(r'"([\w-]+)"', m.group(5)):
                found.setdefault(alias, shape)
    return packs


def _icon_css(name: str, prefix: str, shape: tuple[int, int, str]) -> str:
    width, height, path = shape
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
    url = "data:image/svg+xml," + urllib.parse.quote(svg, safe=" /:=',")
    selector = f".{'fa-brands' if prefix == 'fab' else 'fa-solid'}.fa-{name}, .{prefix}.fa-{name}"
    return f'{selector} {{ --claimlab-icon: url("{url}"); width: {width / height:.4g}em; }}'


def icons_css(used: set[tuple[str, str]]) -> str:
    """CSS drawing each used ``(style prefix, icon name)`` as a mask in the text colour."""
    packs = _font_awesome_packs()
    rules = ["/* Icons used by the pages, drawn from the theme's Font Awesome Free (CC BY 4.0) by claimlab.lightpages."
             " */",
             ".fa-solid, .fas, .fa-brands, .fab { display: inline-block; height: 1em; width: 1em;"
             " vertical-align: -0.125em; background-color: currentColor; font-style: normal;"
             " -webkit-mask: var(--claimlab-icon) no-repeat center / contain;"
             " mask: var(--claimlab-icon) no-repeat center / contain; }",
             ".fa-lg { font-size: 1.25em; vertical-align: -0.2em; }"]
    for prefix, name in sorted(used):
        shape = packs.get(prefix, {}).get(name)
        if shape:
            rules.append(_icon_css(name, prefix, shape))
    return "\n".join(rules) + "\n"


@cache
def _template_icons() -> frozenset[tuple[str, str]]:
    """Icons the theme's templates (and ours) can draw on any page, found by name in their source."""
    import pydata_sphinx_theme
    import sphinx_book_theme

    text = "".join(path.read_text(encoding="utf-8", errors="replace")
                   for folder in (Path(pydata_sphinx_theme.__file__).parent / "theme",
                                  Path(sphinx_book_theme.__file__).parent / "theme", TEMPLATES)
                   for path in folder.rglob("*.html"))
    return frozenset(_named_icons(text))


def _named_icons(text: str) -> set[tuple[str, str]]:
    """``(style prefix, icon name)`` for each ``fa-…`` name in ``text`` that Font Awesome draws."""
    packs = _font_awesome_packs()
    found = set()
    for name in set(re.findall(r"\bfa-([a-z0-9-]+)", text)) - ICON_MODIFIERS - {"brands"}:
        prefix = "fas" if name in packs.get("fas", {}) else "fab"
        if name in packs.get(prefix, {}):
            found.add((prefix, name))
    return found


def _page_icons(context: dict) -> str:
    """CSS for the icons a page can show: the templates', its header buttons' and its body's."""
    used = set(_template_icons()) | _named_icons(repr(context.get("header_buttons", ""))) | used_icons(
        str(context.get("body", "")))
    return icons_css(used)


def used_icons(page: str) -> set[tuple[str, str]]:
    """``(style prefix, icon name)`` for each Font Awesome icon element in an HTML page."""
    used = set()
    for classes in re.findall(r'class="([^"]*\bfa[bs]?\b[^"]*|[^"]*\bfa-[^"]*)"', page):
        names = classes.split()
        prefix = "fab" if {"fab", "fa-brands"} & set(names) else "fas"
        used |= {(prefix, n[3:]) for n in names if n.startswith("fa-") and n[3:] not in ICON_MODIFIERS}
    return used


def _write_root_index(app: Sphinx, exception: Exception | None) -> None:
    """A complete redirect page at the site root (Jupyter Book writes a bare ``<meta>`` tag there).

    The root is what a course links to and what search engines and Lighthouse open first: it needs a
    language, a title, a description and a link that works without the automatic redirect.
    """
    if exception is not None or app.builder.format != "html":
        return
    first = f"{app.config.root_doc}.html"
    if first == "index.html":
        return
    title = html.escape(_book_title(app))
    page = (f'<!DOCTYPE html>\n<html lang="{html.escape(app.config.language or "en")}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
            f'<meta name="description" content="{title}: a teaching module with dated, cited evidence and exercises.">\n'
            f'<meta http-equiv="Refresh" content="0; url={first}">\n<link rel="canonical" href="{first}">\n'
            f'<link rel="icon" href="_static/{Path(app.config.html_favicon or "favicon.svg").name}">\n</head>\n'
            f'<body>\n<p><a href="{first}">Open the book: {title}</a></p>\n</body>\n</html>\n')
    (Path(app.outdir) / "index.html").write_text(page, encoding="utf-8")


# -- after the build: markup without accessibility faults -------------------------------------------

#: A table-of-contents entry with subpages: its link, then a ``<details>`` whose ``<summary>`` holds only an icon.
TOC_SUMMARY = re.compile(
    r'(<li class="[^"]*\bhas-children\b[^"]*"><a [^>]*>)(.*?)(</a>\s*<details(?:\s[^>]*)?>\s*)<summary>', re.S)
CITATION_ENTRY = re.compile(r'(<div class="citation"[^>]*?) role="doc-biblioentry"')
PRIMARY_SIDEBAR = re.compile(r'<div id="pst-primary-sidebar"(?![^>]*\brole=)')
#: Code and tables that scroll sideways on a narrow screen (the blocks pydata-sphinx-theme's script measures).
SCROLLING_BLOCK = re.compile(
    r'(<pre\b(?![^>]*\btabindex=)[^>]*|<div class="pst-scrollable-table-container"(?![^>]*\btabindex=)[^>]*)>')


def accessible_markup(page: str) -> str:
    """``page`` with the faults of markup the project does not write repaired (axe; tests/test_accessibility.py).

    They were repaired by a script on every page load, which cost a phone a walk over every element
    before it could answer the reader; the markup is the same on every load, so it is fixed once here.

    * docutils writes a bibliography as ``<div role="list">`` of ``<div role="doc-biblioentry">``: a
      list without list items (axe aria-required-children) and a deprecated role. The entries are items.
    * The theme's table of contents opens a section with a ``<summary>`` holding only a chevron icon,
      a control without a name (axe summary-name). It is named after the section.
    * The theme's primary sidebar (book title, search button, table of contents) is a plain ``<div>``,
      so the book title sits outside every landmark (axe region). It is the book's navigation.
    * A block of code or a table that scrolls sideways must be reachable by keyboard (axe
      scrollable-region-focusable). The theme's script measures each at load and makes the scrolling
      ones focusable; it now loads at the reader's first action (``claimlab-theme-on-demand.js``), so
      every such block is focusable from the start and the script drops the stop where nothing scrolls.
    """
    def name(match: re.Match) -> str:
        title = " ".join(html.unescape(re.sub(r"<[^>]+>", "", match.group(2))).split())
        label = html.escape(f"Pages under {title}" if title else "Subpages", quote=True)
        return f'{match.group(1)}{match.group(2)}{match.group(3)}<summary aria-label="{label}">'

    page = CITATION_ENTRY.sub(r'\1 role="listitem"', page)
    page = SCROLLING_BLOCK.sub(lambda m: f'{m.group(1)} tabindex="0">', page)
    page = TOC_SUMMARY.sub(name, page)
    return PRIMARY_SIDEBAR.sub('<div id="pst-primary-sidebar" role="navigation" aria-label="Book"', page)


# -- after the build: the stylesheets without what no page uses --------------------------------------

#: A link to a page's stylesheet bundle as written (untrimmed), and the name of a trimmed one.
UNTRIMMED_LINK = re.compile(r"(_static/)(" + bundles.UNTRIMMED + r"[0-9a-f]{16}\.css)(\?v=[0-9a-f]+)?")
TRIMMED_NAME = re.compile(r"claimlab-[0-9a-f]{16}\.css")
TRIM_MEMORY = "claimlab-trimmed.json"


def _finish_pages(app: Sphinx, exception: Exception | None) -> None:
    """Give the pages written in this build stylesheets without the rules that no page or script can use,
    and markup without the faults :func:`accessible_markup` repairs.

    Which classes the site uses is only known once every page is written, so the bundles made while
    writing are trimmed here, saved under a name from their trimmed content (a browser never keeps a
    stale copy), and the written pages are pointed at them. The pages written in this build are those
    that link an untrimmed bundle (:data:`bundles.UNTRIMMED`): found in the pages themselves, because
    with ``-j`` Sphinx writes them in other processes, whose memory this one never sees. Pages left
    unwritten keep the trimmed bundle of the build that wrote them, which still exists. The classes
    counted are those of every page in the output and every word of every script, so a class a script
    adds is kept.
    """
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    pages = {p: p.read_text(encoding="utf-8") for p in out.rglob("*.html")
             if p.relative_to(out).parts[0] not in ("lite", "_static", "_sources")}
    made = {m.group(2) for text in pages.values() for m in UNTRIMMED_LINK.finditer(text)}
    if not made:
        return
    scripts = [p for p in (out / "_static").rglob("*.js") if "mathjax" not in p.parts]
    classes = bundles.class_universe(list(pages.values()),
                                     [p.read_text(encoding="utf-8", errors="replace") for p in scripts])
    trimmed: dict[str, str] = {}
    rules: dict[tuple[str, str], str] = {}  # each rule's trimmed form, for every bundle (the theme's are in all)
    # Both names are hashes of content, so "this bundle trimmed for these classes" is always the same file:
    # remembered between builds, a rebuild whose pages use the same classes does not trim again (about 1 s).
    memory_file = Path(app.doctreedir) / TRIM_MEMORY
    try:
        memory = json.loads(memory_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memory = {}
    memory = memory if isinstance(memory, dict) else {}
    used = hashlib.sha256("\n".join(sorted(classes)).encode()).hexdigest()[:16]

    def relink(match: re.Match) -> str:
        name = match.group(2)
        if name not in trimmed:
            known = memory.get(f"{name} {used}")
            if isinstance(known, str) and TRIMMED_NAME.fullmatch(known) and (out / "_static" / known).is_file():
                trimmed[name] = known
            else:
                trimmed[name] = bundles.trimmed_bundle(out, name, classes, rules)
        return match.group(1) + trimmed[name]

    for page, text in pages.items():
        new = accessible_markup(UNTRIMMED_LINK.sub(relink, text))
        if new != text:
            page.write_text(new, encoding="utf-8")
    for name in made:  # the untrimmed bundles: no page links them now
        (out / "_static" / name).unlink(missing_ok=True)
    try:
        memory_file.write_text(json.dumps({f"{name} {used}": value for name, value in trimmed.items()}), encoding="utf-8")
    except OSError:
        pass  # the next build trims again


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _config)
    app.connect("builder-inited", _register_bibtex_plugins)
    app.add_search_language(_RememberingEnglish)
    app.connect("doctree-resolved", _drop_thebe_nodes, priority=900)  # after sphinx-thebe adds them
    app.connect("html-page-context", _page, priority=900)  # after the theme and myst-nb have added theirs
    app.add_js_file("claimlab-bootstrap-on-demand.js", loading_method="defer")
    app.connect("build-finished", _finish_pages, priority=900)  # after the extensions' own asset copies
    app.connect("build-finished", _write_root_index, priority=400)  # before sphinx-external-toc's bare one
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
