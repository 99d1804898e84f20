"""axe-core (through axe-playwright-python) finds no serious or critical problem on any kind of page.

One page of each kind is checked, in the light and the dark colour scheme (the theme follows the
reader's system): the landing page, a chapter with claim cards and a self-check (answered, so the
feedback text is checked too), the bibliography, an exercise notebook with its widgets rendered, and
the appendices with figures (timeline, actors). Pages are picked from the build by what they contain,
so the test also runs on a scratch build (CLAIMLAB_SITE). Moderate and minor findings are reported as
warnings, not failures. Every other page of the build is checked too, in the light scheme.

Needs: the build and /usr/bin/chromium (see browser_support.py).
"""
from __future__ import annotations

import re
import warnings

import pytest

pytest.register_assert_rewrite("browser_support")  # it is also a plugin (below): rewrite it once, quietly
from browser_support import SITE_DIR, open_page, site_pages, slug

pytest_plugins = ["browser_support"]  # fixtures: site_dir, site, browser (one browser for the session)

BLOCKING = {"serious", "critical"}
# No CSSOM preload: axe would re-fetch the theme's stylesheets and resolve their @import against the
# page instead of the stylesheet (a bogus 404); only css-orientation-lock needs it.
AXE_OPTIONS = {"resultTypes": ["violations"], "preload": False}


CLAIM_CARD = re.compile(r'<div class="claim claim-[a-z-]+ admonition"')


def _html(path: str) -> str:
    return (SITE_DIR / path).read_text(encoding="utf-8")


def _landing(pages: list[str]) -> list[str]:
    if "index.html" not in pages:
        return []
    target = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', _html("index.html"))
    return [target.group(1)] if target and target.group(1) in pages else ["index.html"]


def _first(pages: list[str], test) -> list[str]:
    return next(([p] for p in pages if test(p)), [])


def _page_kinds() -> dict[str, list[str]]:
    """Kind of page -> the built pages that stand for it ([] when the build has none)."""
    pages = site_pages()
    has = {p: _html(p) for p in pages}
    figures = [p for p in pages if "claimlab-fig" in has[p]]
    exercises = [p for p in pages if p.startswith("exercises/")]
    return {
        "landing": _landing(pages),
        "chapter": _first(pages, lambda p: CLAIM_CARD.search(has[p]) and "claimlab-selfcheck" in has[p]),
        "bibliography": (_first(pages, lambda p: "bibliograph" in p and "citation-list" in has[p])
                         or sorted((p for p in pages if "citation-list" in has[p]),
                                   key=lambda p: -has[p].count('class="citation"'))[:1]),
        "exercise": _first(exercises, lambda p: "cell_output" in has[p]),
        "figures": [p for p in figures if "/appendix/" in p] or figures[:1],
    }


KINDS = _page_kinds() if site_pages() else {}
CASES = [(kind, path) for kind, paths in KINDS.items() for path in (paths or [None])] or [("landing", None)]


def run_axe(page):
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options=AXE_OPTIONS).response["violations"]


def describe(violations) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl'].split('?')[0]})")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:140]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:200]}")
    return "\n".join(lines)


def answer_self_checks(page) -> None:
    """Commit a guess on the first two forms (a claim card, then the next) so the feedback and the
    module's reading are checked too."""
    forms = page.locator("form.cl-guess")
    for i in range(min(forms.count(), 2)):
        form = forms.nth(i)
        for select in form.locator("select").all():
            select.select_option(index=1 if i == 0 else 2)
        radios = form.locator("input[type=radio]")
        if radios.count():
            (radios.first if i == 0 else radios.last).check()
        if form.locator("input[name=reason]").count():
            form.locator("input[name=reason]").fill("The dated evidence listed above points this way")
        form.locator("button[type=submit]").click()
        page.wait_for_function("f => f.querySelector('.cl-msg').textContent.length > 0", arg=form.element_handle())


def check(browser, site, path: str, scheme: str, kind: str = "") -> None:
    context, page, visit = open_page(browser, site, path, color_scheme=scheme)
    try:
        if kind == "chapter":
            answer_self_checks(page)
        violations = run_axe(page)
    finally:
        context.close()
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    others = [v for v in violations if v["impact"] not in BLOCKING]
    if others:
        warnings.warn(f"axe, {path} ({scheme}), not blocking:\n{describe(others)}", stacklevel=2)
    assert not blocking, f"axe found serious/critical problems on {path} ({scheme}):\n{describe(blocking)}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind,path", CASES, ids=[f"{k}-{slug(p) if p else 'missing'}" for k, p in CASES])
def test_no_serious_axe_violations(browser, site, site_dir, kind, path, scheme):
    if path is None:
        pytest.fail(f"the build at {site_dir} has no {kind} page to check (see _page_kinds in this file)",
                    pytrace=False)
    check(browser, site, path, scheme, kind)


# Every page of the build, light mode (the page types above also run in dark mode): ~2.5 s a page.
ALL = [p for p in site_pages() if p not in {path for _, path in CASES}]


@pytest.mark.parametrize("path", ALL, ids=[slug(p) for p in ALL])
def test_every_page_axe(browser, site, site_dir, path):
    check(browser, site, path, "light")
