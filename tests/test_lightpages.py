"""Pages load only what they use (claimlab.lightpages): the causes of a slow phone page, checked on every run.

Lighthouse itself runs in ``./dev perf`` (benchmarks/perf.py); these tests pin down what it rewards:
no script blocks the first paint, no 1.5 MB icon script, no thebe, a description and an icon on every
page, and a chapter that arrives in well under 400 KB when served compressed.
"""
from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from claimlab import bundles
from claimlab.lightpages import (THEME_LOADER, _description, _font_awesome_packs, accessible_markup, icons_css,
                                  used_icons, used_scripts)

pytest.register_assert_rewrite("browser_support")  # it is also a plugin (below): rewrite it once, quietly
pytest_plugins = ["browser_support"]  # fixtures for the one browser test: site, browser (shared by the session)

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
NOT_PAGES = ("_static", "_sources", "_images", "reports", "lite")  # lite/: the in-browser app (test_inbrowser.py)
CHAPTER = "book/background.html"
CHAPTER_BUDGET_KB = 400


def built_pages() -> list[Path]:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"no built site at {SITE}: run ./dev build first", pytrace=False)
    return sorted(p for p in SITE.rglob("*.html") if not set(p.relative_to(SITE).parts[:-1]) & set(NOT_PAGES))


def rst(text: str) -> nodes.document:
    document = new_document("<test>", get_default_settings(Parser))
    Parser().parse(text, document)
    return document


# -- the pieces ------------------------------------------------------------------------------------


def test_font_awesome_icons_are_found_in_the_theme_bundle():
    packs = _font_awesome_packs()
    assert {"bars", "magnifying-glass", "angle-left", "sun", "moon"} <= packs["fas"].keys()
    width, height, path = packs["fas"]["angle-left"]
    assert (width, height) == (320, 512) and path.startswith("M")
    assert packs["fas"]["search"] == packs["fas"]["magnifying-glass"], "aliases resolve to the same icon"


def test_icon_css_draws_each_used_icon_at_its_own_width():
    css = icons_css({("fas", "angle-left"), ("fas", "bars"), ("fas", "no-such-icon")})
    assert ".fa-solid.fa-angle-left" in css and "width: 0.625em" in css
    assert ".fa-solid.fa-bars" in css and "no-such-icon" not in css
    assert "url(\"data:image/svg+xml," in css and "http://www.w3.org/2000/svg" in css  # a namespace, not a request


def test_used_icons_skips_style_modifiers():
    page = '<i class="fa-solid fa-magnifying-glass fa-lg"></i><span class="fab fa-github"></span><p class="x">'
    assert used_icons(page) == {("fas", "magnifying-glass"), ("fab", "github")}


def test_description_skips_objectives_and_boxes():
    doc = rst(".. note::\n\n   A boxed paragraph that is long enough to be taken as a description of the page.\n\n"
              "- After this chapter you can put events in order, which is a list item and is skipped.\n\n"
              "Short lead.\n\n"
              "The analysis opens with history and says the Soviet war left lasting distrust in the region. "
              "It then turns to recognition, and the sentence goes on for a long while so that it must be cut.\n")
    text = _description(doc, "fallback")
    assert text.startswith("The analysis opens with history") and text.endswith("…") and len(text) <= 155


def test_description_falls_back_to_the_title():
    assert _description(rst("Short.\n"), "Glossary · The book") == "Glossary · The book"
    assert _description(None, "Search · The book") == "Search · The book"


# -- the built site --------------------------------------------------------------------------------


def test_no_page_loads_a_render_blocking_script_or_the_icon_script():
    for page in built_pages():
        text = page.read_text(encoding="utf-8")
        assert "fontawesome.js" not in text, f"{page}: still loads Font Awesome's script"
        assert "thebe" not in text.lower(), f"{page}: thebe is off but its assets are on the page"
        if page.parent == SITE and page.name in ("index.html", "search.html"):
            continue  # the root redirect has no scripts; the search page runs the theme's own search
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", text):
            assert re.search(r"\b(defer|async)\b|type=\"module\"", tag), f"{page}: render-blocking {tag}"


def test_every_page_has_a_description_an_icon_and_a_language():
    for page in built_pages():
        text = page.read_text(encoding="utf-8")
        match = re.search(r'<meta name="description" content="([^"]+)"', text)
        assert match and len(match.group(1)) >= 10, f"{page}: no useful meta description"
        assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg"', text), f"{page}: no favicon link"
        assert re.search(r'<html[^>]* lang="en"', text), f"{page}: no document language"
        icon = urljoin(page.as_uri(), re.search(r'<link rel="icon" href="([^"]+)"', text).group(1))
        assert Path(urlsplit(icon).path).is_file(), f"{page}: favicon link points at a missing file"


def _linked(page: Path, pattern: str) -> list[Path]:
    """Local files a page links with ``pattern`` (a regex whose group is the address)."""
    text = page.read_text(encoding="utf-8")
    return [page.parent.joinpath(urlsplit(n).path).resolve() for n in re.findall(pattern, text)
            if not urlsplit(n).scheme]


STYLESHEETS = r'<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"'
SCRIPTS = r'<script[^>]+src="([^"]+)"'


def test_every_icon_on_a_page_has_a_rule_in_the_stylesheet_it_loads():
    known = {(prefix, name) for prefix, pack in _font_awesome_packs().items() for name in pack}
    seen = set()
    for page in built_pages():
        used = used_icons(page.read_text(encoding="utf-8")) & known
        css = "".join(f.read_text(encoding="utf-8") for f in _linked(page, STYLESHEETS))
        for prefix, name in used:
            assert f".fa-{name}" in css, f"{page}: icon {prefix} {name} has no rule in the stylesheets it loads"
        seen |= used
    assert seen, "no icon found on any page: did the theme change its markup?"


def test_each_page_loads_one_stylesheet_and_at_most_two_script_files():
    """The theme, the extensions and the icons arrive as one stylesheet; scripts as one bundle (plus
    the few whose tags carry attributes of their own): each extra file is a round trip on a phone."""
    for page in built_pages():
        if page.parent == SITE and page.name in ("index.html", "search.html"):
            continue
        sheets, scripts = _linked(page, STYLESHEETS), _linked(page, SCRIPTS)
        assert len(sheets) == 1 and sheets[0].name.startswith("claimlab-"), f"{page}: stylesheets {sheets}"
        assert "@import" not in sheets[0].read_text(encoding="utf-8"), f"{page}: an @import is a late request"
        assert len(scripts) <= 4, f"{page}: {len(scripts)} script files: {scripts}"


@pytest.mark.skipif(shutil.which("node") is None, reason="node checks the bundles' syntax")
def test_script_bundles_parse_as_one_script():
    """Files that each parsed alone can clash when joined (two top-level ``let x``): node says so."""
    bundles = sorted((SITE / "_static").glob("claimlab-*.js"))
    assert bundles, "no script bundle in the build"
    for bundle in bundles:
        run = subprocess.run(["node", "--check", str(bundle)], capture_output=True, text=True)
        assert run.returncode == 0, f"{bundle.name}: {run.stderr[-800:]}"


def test_bundled_stylesheet_inlines_imports_and_rebases_urls(tmp_path):
    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "basic.css").write_text("p { color: red; }\n", encoding="utf-8")
    (static / "styles" / "theme.css").write_text('@import "../basic.css";\n'
                                                 '.a { background: url("../img/x.png"); }\n'
                                                 '.b { mask: url("data:image/svg+xml,<svg/>"); }\n', encoding="utf-8")
    name = bundles.bundle_css(tmp_path, ["_static/styles/theme.css"], ".icon {}")
    text = (tmp_path / name).read_text(encoding="utf-8")
    assert "color: red" in text and "@import" not in text
    assert 'url("img/x.png")' in text and 'url("data:image/svg+xml,<svg/>")' in text and ".icon {}" in text
    assert bundles.bundle_css(tmp_path, ["_static/styles/theme.css"], ".icon {}") == name, "same content, same name"


def test_font_awesome_rules_are_dropped_and_the_theme_rules_kept():
    css = ('/*! Bootstrap MIT */ :root{--bs-x:1}'
           '/*! Font Awesome Free */ :root{--fa-font-solid:normal 900 1em/1 "Font Awesome 6 Free"}'
           '@font-face{font-family:"Font Awesome 6 Free";src:url(fa-solid-900.woff2)}'
           '.fa-bars:before{content:"\\f0c9"}.fa,.fa-solid{font-family:x}'
           '@keyframes fa-spin{0%{transform:none}}@media (prefers-reduced-motion:reduce){.fa-spin{animation:none}}'
           '.sr-only,.fa-sr-only{position:absolute}.bd-header .fa-bars{color:red}')
    kept = bundles.without_font_awesome(css)
    assert "Bootstrap MIT" in kept and "--bs-x" in kept
    for gone in ("Font Awesome", "woff2", "f0c9", "fa-spin", "font-family:x", "@media"):
        assert gone not in kept, gone
    assert ".sr-only,.fa-sr-only{position:absolute}" in kept and ".bd-header .fa-bars{color:red}" in kept


def test_a_chapter_arrives_compressed_under_budget():
    """The HTML plus every local stylesheet, script and image it names, gzipped as a host would send them."""
    page = SITE / CHAPTER
    text = page.read_text(encoding="utf-8")
    names = re.findall(r'<(?:link[^>]+rel="(?:stylesheet|icon)"[^>]*href|script[^>]+src|img[^>]+src)="([^"]+)"', text)
    files = {page} | {page.parent.joinpath(urlsplit(n).path).resolve() for n in names if not urlsplit(n).scheme}
    missing = [f for f in files if not f.is_file()]
    assert not missing, f"{CHAPTER} names missing files: {missing}"
    total_kb = sum(len(gzip.compress(f.read_bytes(), compresslevel=6)) for f in files) / 1024
    assert total_kb < CHAPTER_BUDGET_KB, f"{CHAPTER}: {total_kb:.0f} KB compressed (budget {CHAPTER_BUDGET_KB} KB)"


def test_rules_no_page_or_script_can_use_are_trimmed():
    classes = bundles.class_universe(['<p class="lead note">x</p>'], ['el.classList.add("is-open")'])
    css = ('/*! Bootstrap MIT */ .lead{font-size:2em}.card-title{margin:0}.lead,.card{padding:0}'
           '.note:not(.unused-state){color:red}.is-open .lead{color:blue}.bs-tooltip-top{top:0}'
           '@media (min-width:1px){.card{x:1}.note{y:1}}@keyframes spin{0%{a:b}}'
           'html[data-theme=dark] .note{color:#fff}')
    kept = bundles.without_unused_rules(css, classes)
    assert "Bootstrap MIT" in kept and ".lead{font-size:2em}" in kept and ".lead{padding:0}" in kept
    assert "card" not in kept, "a rule that needs a class found nowhere goes"
    assert ".note:not(.unused-state){color:red}" in kept, ":not(.x) needs no x"
    assert ".is-open .lead{color:blue}" in kept, "a class a script adds stays"
    assert ".bs-tooltip-top{top:0}" in kept, "classes scripts build from pieces stay"
    assert "@media (min-width:1px){.note{y:1}}" in kept and "@keyframes spin{0%{a:b}}" in kept
    assert "html[data-theme=dark] .note{color:#fff}" in kept


def test_the_bundles_of_one_build_work_out_each_shared_rule_once():
    """Every bundle holds the theme's 300 KB of rules: trimmed for the same classes, each is worked out once."""
    classes = bundles.class_universe(['<p class="lead">x</p>'], [])
    theme = ".lead{a:1}.card{b:2}@media (min-width:1px){.card{x:1}.lead{y:1}}"
    memo: dict = {}
    first = bundles.without_unused_rules(theme + ".extra-one{c:3}", classes, memo)
    assert first == bundles.without_unused_rules(theme + ".extra-one{c:3}", classes)
    assert memo[(".card", "b:2")] == "" and memo[(".lead", "a:1")] == ".lead{a:1}"
    memo[(".lead", "a:1")] = ".lead{remembered:1}"  # what the second bundle takes from the first
    assert ".lead{remembered:1}" in bundles.without_unused_rules(theme + ".lead{d:4}", classes, memo)


def test_a_rebuild_with_the_same_classes_reuses_the_trimmed_stylesheet(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from claimlab import lightpages

    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    (out / "_static").mkdir(parents=True)
    doctrees.mkdir()
    page = out / "index.html"

    def build() -> str:
        """A page written by a build (in whichever process): it links the bundle made for it, untrimmed."""
        untrimmed = Path(bundles._write(out, ".css", ".lead{color:red}.unused{color:blue}", bundles.UNTRIMMED)).name
        page.write_text(f'<p class="lead">x</p><link href="_static/{untrimmed}?v=0a1b">', encoding="utf-8")
        app = SimpleNamespace(outdir=str(out), doctreedir=str(doctrees), builder=SimpleNamespace(format="html"))
        lightpages._finish_pages(app, None)
        assert not (out / "_static" / untrimmed).exists(), "no page links the untrimmed bundle now"
        return re.search(r"_static/(claimlab-\w+\.css)", page.read_text(encoding="utf-8")).group(1)

    first = build()
    assert not first.startswith(bundles.UNTRIMMED)
    assert (out / "_static" / first).read_text(encoding="utf-8").strip() == ".lead{color:red}"
    monkeypatch.setattr(bundles, "trimmed_bundle", lambda *_: pytest.fail("trimmed again for the same classes"))
    assert build() == first
    page.write_text("", encoding="utf-8")
    (out / "more.html").write_text('<p class="unused">y</p>', encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="trimmed again"):
        build()  # a class newly in use: trimmed afresh


# -- what runs while a phone loads a page ------------------------------------------------------------


def _bundle_of(page: Path) -> str:
    """The text of the script bundle a page loads ("" if none)."""
    return "".join(f.read_text(encoding="utf-8") for f in _linked(page, SCRIPTS) if f.name.startswith("claimlab-"))


def test_accessibility_repairs_are_made_in_the_markup():
    page = ('<div role="list" class="citation-list">\n<div class="citation" id="id1" role="doc-biblioentry">x</div>'
            '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">'
            '<li class="toctree-l1 has-children"><a class="reference internal" href="a.html">'
            'Tom &amp; <em>"Jerry"</em></a>'
            '<details><summary><span class="toctree-toggle" role="presentation"><i class="fa-solid fa-chevron-down">'
            '</i></span></summary>'
            '<li class="toctree-l1 has-children"><a href="b.html"></a><details open="open"><summary>')
    fixed = accessible_markup(page)
    assert '<div class="citation" id="id1" role="listitem">' in fixed and "doc-biblioentry" not in fixed
    assert '<summary aria-label="Pages under Tom &amp; &quot;Jerry&quot;">' in fixed
    assert '<details open="open"><summary aria-label="Subpages">' in fixed
    assert '<div id="pst-primary-sidebar" role="navigation" aria-label="Book" class="bd-sidebar-primary' in fixed
    code = accessible_markup('<pre><span></span>x</pre><pre tabindex="-1">y</pre>'
                             '<div class="pst-scrollable-table-container"><table>')
    assert code == ('<pre tabindex="0"><span></span>x</pre><pre tabindex="-1">y</pre>'
                    '<div class="pst-scrollable-table-container" tabindex="0"><table>')
    assert accessible_markup(fixed) == fixed, "a page written by an earlier build is left as it is"


def test_no_page_repairs_its_markup_at_load():
    """The repairs are in the built markup; no script walks the page for them while a phone loads it."""
    for page in built_pages():
        text = page.read_text(encoding="utf-8")
        assert "claimlab-a11y" not in text + _bundle_of(page), f"{page}: loads the old repair script"
        assert "doc-biblioentry" not in text, f"{page}: a bibliography entry is not a list item"
        assert not re.search(r"<summary>\s*<span class=\"toctree-toggle\"", text), f"{page}: unnamed summary"
        if 'id="pst-primary-sidebar"' in text:
            assert '<div id="pst-primary-sidebar" role="navigation" aria-label="Book"' in text, page


def test_extension_scripts_load_only_where_they_act():
    def names(body: str) -> set[str]:
        files = ["_static/copybutton.js", "_static/clipboard.min.js", "_static/togglebutton.js",
                 "_static/design-tabs.js", "_static/doctools.js"]
        return {js.filename for js in used_scripts([type("JS", (), {"filename": f})() for f in files], body)}

    assert names('<p class="lead">x</p><div class="sd-dropdown">') == {"_static/doctools.js"}
    assert {"_static/copybutton.js", "_static/clipboard.min.js"} <= names('<div class="highlight"><pre>')
    assert "_static/togglebutton.js" in names('<div class="solution dropdown admonition">')
    assert "_static/design-tabs.js" in names('<label class="sd-tab-label">')
    chapter, exercise = SITE / CHAPTER, SITE / "exercises" / "grade-sources.html"
    assert "copybutton" not in _bundle_of(chapter), f"{CHAPTER} has no code, yet loads the copy button"
    assert "/* _static/copybutton.js */" in _bundle_of(exercise), "the exercise page's code lost its copy button"


def test_the_themes_scripts_load_at_the_readers_first_action():
    """Loaded with the page, the themes' scripts were the longest task of a phone's page load."""
    for page in built_pages():
        if page.parent == SITE and page.name == "index.html":
            continue  # the root redirect
        text = page.read_text(encoding="utf-8")
        for name in ("pydata-sphinx-theme.js", "sphinx-book-theme.js"):
            assert not re.search(rf'<script[^>]+src="[^"]*{re.escape(name)}', text), f"{page}: {name} loads at once"
            assert f"/* _static/scripts/{name} */" not in _bundle_of(page), f"{page}: {name} in the bundle"
        found = re.search(r'<script data-claimlab-theme-scripts="([^"]+)">\s*/\*', text)
        assert found, f"{page}: no loader for the themes' scripts"
        for src in found.group(1).split():
            assert page.parent.joinpath(urlsplit(src).path).is_file(), f"{page}: {src} is missing"
    loader = THEME_LOADER.read_text(encoding="utf-8")
    assert '"pointerover", "pointerdown", "touchstart", "keydown", "focusin", "scroll"' in loader
    assert "DOMContentLoaded\", replay" in loader and "requestAnimationFrame" not in loader


def test_long_pages_skip_rendering_the_sections_below_the_screen():
    css = "".join(f.read_text(encoding="utf-8") for f in _linked(SITE / CHAPTER, STYLESHEETS))
    rule = re.search(r"@media \(max-width: ?991\.98px\) ?\{\s*\.bd-article section section\s*\{([^}]*)\}", css)
    assert rule and "content-visibility: auto" in rule.group(1) and "contain-intrinsic-size: auto" in rule.group(1)


def test_theme_controls_clicked_before_the_theme_script_runs_still_work(browser, site):
    """No theme script loads until the reader acts; a click on the colour switch made before it has run is
    kept and done once it has; the search button then opens the search dialog."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    try:
        page = context.new_page()
        waiting = []
        # the theme's script is held back until the click has been made
        page.route("**/_static/scripts/pydata-sphinx-theme.js*", lambda route: waiting.append(route))
        page.goto(site + CHAPTER, wait_until="load")
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 100)))")
        assert not waiting, "the theme's script loaded before the reader did anything"
        page.locator(".theme-switch-button:visible").first.click()
        assert page.evaluate("document.documentElement.dataset.mode") == "auto", "the click went nowhere yet"
        for _ in range(100):  # the request is handed to `waiting` while Playwright waits
            if waiting:
                break
            page.wait_for_timeout(50)
        assert waiting, "the click did not load the theme's script"
        waiting[0].continue_()
        page.wait_for_function("document.documentElement.dataset.mode !== 'auto'")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        page.locator(".search-button__button:visible").first.click()
        page.wait_for_function("document.getElementById('pst-search-dialog').open")
    finally:
        context.close()
