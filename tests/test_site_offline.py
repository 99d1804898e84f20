"""The built book is self-contained: no page asks anything of another host, and nothing breaks.

Every .html page of the build (``_build/html`` or ``$CLAIMLAB_SITE``) is opened in Debian's
Chromium, served from 127.0.0.1. Every request is recorded; any to another origin fails the page
(and is aborted, so nothing leaves the machine). Console errors, uncaught exceptions and failed
(4xx/5xx) requests fail it too. On the same visit, a page with maths must be typeset by the vendored
MathJax. No page carries saved widget state: on a static site those widgets are dead controls that
look live, so exercise pages say how to run the exercise instead.

Needs: the build (`bash vendor/fetch.sh`, then `jupyter-book build`) and /usr/bin/chromium.
"""
from __future__ import annotations

import pytest

pytest.register_assert_rewrite("browser_support")  # it is also a plugin (below): rewrite it once, quietly
from browser_support import WIDGET_STATE, WIDGET_VIEW, open_page, site_pages, slug

pytest_plugins = ["browser_support"]  # fixtures: site_dir, site, browser (one browser for the session)

PAGES = site_pages() or ["index.html"]  # no build: index.html fails with "run the build first"


@pytest.mark.parametrize("path", PAGES, ids=[slug(p) for p in PAGES])
def test_page_stays_on_site_without_errors(browser, site, site_dir, path):
    context, page, visit = open_page(browser, site, path)
    try:
        assert visit.requests, f"{path}: no request recorded at all"
        problems = visit.problems()
        assert not problems, f"{path}:\n  " + "\n  ".join(problems)
        if page.locator(".math").count():
            assert page.locator("mjx-container").count() > 0, f"{path}: maths on the page, not typeset"
            assert any("/_static/mathjax/es5/tex-mml-chtml.js" in u for u in visit.requests), \
                f"{path}: MathJax not loaded from the vendored copy"
    finally:
        context.close()


def test_vendored_assets_are_in_the_build(site_dir):
    # Copied from _vendor/ (vendor/fetch.sh) through html_static_path; without them the pages would
    # need a CDN (and Sphinx fails under -W: "html_static_path entry '_vendor' does not exist").
    for rel in ("mathjax/es5/tex-mml-chtml.js", "mathjax/es5/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff"):
        assert (site_dir / "_static" / rel).is_file(), f"_static/{rel} missing: run `bash vendor/fetch.sh`, then build"


def test_no_page_shows_dead_widget_controls(site_dir):
    """Exercise pages describe the live exercise; they never embed saved widgets that cannot run."""
    pages = site_pages(site_dir)
    assert any(p.startswith("exercises/") for p in pages), "no exercise page was built"
    for path in pages:
        text = (site_dir / path).read_text(encoding="utf-8")
        assert WIDGET_STATE not in text and WIDGET_VIEW not in text, f"{path}: saved widget state in the page"
        assert "embed-amd.js" not in text and "require.js" not in text, f"{path}: loads a widget manager"
