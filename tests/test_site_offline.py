"""The built book is self-contained: no page asks anything of another host, and nothing breaks.

Every .html page of the build (``_build/html`` or ``$CLAIMLAB_SITE``) is opened in Debian's
Chromium, served from 127.0.0.1. Every request is recorded; any to another origin fails the page
(and is aborted, so nothing leaves the machine). Console errors, uncaught exceptions and failed
(4xx/5xx) requests fail it too. On the same visit, a page with saved widget state must show real
widgets, rendered by the vendored widget manager, and a page with maths must be typeset by the
vendored MathJax.

Needs: the build (`bash vendor/fetch.sh`, then `jupyter-book build`) and /usr/bin/chromium.
"""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser_support")  # it is also a plugin (below): rewrite it once, quietly
from browser_support import WIDGET_STATE, WIDGET_VIEW, open_page, site_pages, slug, widget_pages

pytest_plugins = ["browser_support"]  # fixtures: site_dir, site, browser (one browser for the session)

PAGES = site_pages() or ["index.html"]  # no build: index.html fails with "run the build first"


@pytest.mark.parametrize("path", PAGES, ids=[slug(p) for p in PAGES])
def test_page_stays_on_site_without_errors(browser, site, site_dir, path):
    context, page, visit = open_page(browser, site, path)
    try:
        assert visit.requests, f"{path}: no request recorded at all"
        problems = visit.problems()
        assert not problems, f"{path}:\n  " + "\n  ".join(problems)
        if page.locator(f'script[type="{WIDGET_STATE}"]').count():
            check_widgets_rendered(page, visit, path)
        if page.locator(".math").count():
            assert page.locator("mjx-container").count() > 0, f"{path}: maths on the page, not typeset"
            assert any("/_static/mathjax/es5/tex-mml-chtml.js" in u for u in visit.requests), \
                f"{path}: MathJax not loaded from the vendored copy"
    finally:
        context.close()


def check_widgets_rendered(page, visit, path: str) -> None:
    """Every saved widget view was replaced by a rendered widget, with a size, by the vendored manager."""
    views = page.locator(f'script[type="{WIDGET_VIEW}"]').count()
    areas = page.locator(".widget-subarea").count()
    rendered = page.locator(".widget-subarea .jupyter-widgets").count()
    assert views > 0, f"{path}: widget state but no widget view in the page"
    assert areas == views and rendered >= views, (
        f"{path}: {views} saved widget views, {areas} rendered areas, {rendered} widgets shown "
        "(is the vendored widget manager loaded?)")
    first = page.locator(".widget-subarea .jupyter-widgets").first
    first.scroll_into_view_if_needed()
    box = first.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0, f"{path}: the first widget has no size"
    for asset in ("/_static/require.js", "/_static/claimlab-widgets.js", "/_static/html-manager/embed-amd.js"):
        assert any(asset in u for u in visit.requests), f"{path}: {asset} was not loaded"


def test_vendored_assets_are_in_the_build(site_dir):
    # Copied from _vendor/ (vendor/fetch.sh) through html_static_path; without them the pages would
    # need a CDN (and Sphinx fails under -W: "html_static_path entry '_vendor' does not exist").
    for rel in ("require.js", "html-manager/embed-amd.js", "mathjax/es5/tex-mml-chtml.js",
                "mathjax/es5/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff", "claimlab-widgets.js"):
        assert (site_dir / "_static" / rel).is_file(), f"_static/{rel} missing: run `bash vendor/fetch.sh`, then build"
    assert list((site_dir / "_static" / "html-manager").glob("*.woff2")), "widget manager fonts missing"


def test_some_page_has_saved_widget_state(site_dir):
    assert widget_pages(site_dir), (
        f"no page under {site_dir} carries saved widget state ({WIDGET_STATE}): the exercise notebooks "
        "must be executed at build time with their ipywidgets displayed")
