"""Helpers and fixtures for the browser tests (test_site_offline.py, test_accessibility.py).

Serves the built HTML on 127.0.0.1 (a free port, `http.server` in a thread) and drives Debian's
Chromium through Playwright for Python. Nothing is downloaded: never run `playwright install`.

The built site is /work/main/_build/html, i.e. ``<repo>/_build/html``, or ``$CLAIMLAB_SITE``.
Chromium is ``/usr/bin/chromium`` or ``$CLAIMLAB_CHROMIUM`` (``apt-get install -y chromium``).

A test module gets the fixtures (``site_dir``, ``site``, ``browser``; session-scoped, so one server
and one browser serve every module) by declaring::

    pytest_plugins = ["browser_support"]
"""
from __future__ import annotations

import functools
import os
import re
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = Path(os.environ.get("CLAIMLAB_SITE") or ROOT / "_build" / "html").resolve()
CHROMIUM = os.environ.get("CLAIMLAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Containers often give /dev/shm only 64 MB; chromium then crashes pages that move megabytes through
    # shared memory (the in-browser exercise fetches about 22 MB). Temporary files work everywhere.
    "--disable-dev-shm-usage",
]
# A reader with data saver on: the exercise pages do not start Python before the click
# (claimlab-inbrowser.js, ``affordable``). Pages opened to check markup, styles or links need no Python
# running in a hidden frame; tests/test_inbrowser.py drives the early start itself.
DATA_SAVER = ("Object.defineProperty(Navigator.prototype, 'connection', {configurable: true,"
              " get() { return {saveData: true, effectiveType: '4g'}; }});")
BUILD_HINT = ("run the build first: `bash vendor/fetch.sh && .venv/bin/jupyter-book build . -W -n --keep-going` "
              "(or point CLAIMLAB_SITE at a built _build/html)")
# Folders of the build that hold no pages (Sphinx copies Jinja macro templates into _static/); lite/ is the
# in-browser exercises' app, tested by test_inbrowser.py.
NOT_PAGES = ("_static", "_sources", "_images", "reports", "lite")
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def site_pages(site_dir: Path = SITE_DIR) -> list[str]:
    """Every .html page of the build, relative to it, sorted (``[]`` if there is no build)."""
    if not (site_dir / "index.html").is_file():
        return []
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                  if not set(p.relative_to(site_dir).parts[:-1]) & set(NOT_PAGES))


def require_site(site_dir: Path = SITE_DIR) -> Path:
    if not (site_dir / "index.html").is_file():
        pytest.fail(f"no built site at {site_dir}: {BUILD_HINT}", pytrace=False)
    return site_dir


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - signature from the base class
        pass


@pytest.fixture(scope="session")
def site_dir() -> Path:
    return require_site()


@pytest.fixture(scope="session")
def site(site_dir: Path):
    """Base URL (ending in '/') of the built site served on 127.0.0.1 at a free port."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, no network side-channels. Fails (never skips) if it is missing."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (`apt-get install -y chromium`); "
                    "do not run `playwright install`", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Visit:
    """What one page load did: every request, and every error the page reported."""

    url: str
    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"request outside the site: {u}" for u in self.external]
                + [f"console error: {m}" for m in self.console_errors]
                + [f"uncaught exception: {m}" for m in self.page_errors]
                + [f"failed request: {m}" for m in self.failed])


def open_page(browser, base_url: str, path: str, *, settle: bool = True, viewport=None, color_scheme: str = "light",
              data_saver: bool = True):
    """Open ``path`` in a fresh context, recording requests and errors.

    Returns ``(context, page, visit)``; the caller closes the context. Requests to any other
    origin are recorded, then aborted, so nothing leaves the machine and nothing waits on a timeout.
    With ``settle``, waits until the network is idle, then for MathJax, widgets and web fonts.
    With ``data_saver`` (the default) the browser reports data saver on, as a reader on a metered link would.
    """
    origin = urlsplit(base_url)
    visit = Visit(url=base_url + path)
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900},
                                  color_scheme=color_scheme, service_workers="block")

    def same_site(url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc)

    def on_request(request) -> None:
        visit.requests.append(request.url)
        if not same_site(request.url):
            visit.external.append(request.url)

    def on_response(response) -> None:
        if response.status >= 400:
            visit.failed.append(f"{response.status} {response.url}")

    def route(route) -> None:
        if same_site(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.on("request", on_request)
    context.on("response", on_response)
    context.route("**/*", route)
    if data_saver:
        context.add_init_script(DATA_SAVER)
    page = context.new_page()
    page.on("console", lambda msg: visit.console_errors.append(_console_text(msg)) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: visit.page_errors.append(str(exc)))
    page.goto(visit.url, wait_until="load")
    if settle:
        settle_page(page)
    return context, page, visit


def _console_text(msg) -> str:
    loc = msg.location or {}
    where = f" ({loc.get('url')}:{loc.get('lineNumber')})" if loc.get("url") else ""
    return f"{msg.text}{where}"


def settle_page(page, timeout_ms: int = 15_000) -> None:
    """Wait until the page has done what it does on load: network idle, MathJax typeset, widgets
    rendered, web fonts loaded, then the network idle again (fonts and lazy modules)."""
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    widgets = page.locator(f'script[type="{WIDGET_STATE}"]').count() > 0
    if widgets:
        wait_for_widgets(page, timeout_ms)
    lazy = page.evaluate("""async () => {
        const mj = window.MathJax && MathJax.startup && MathJax.startup.promise;
        if (mj) { await MathJax.startup.promise; }
        if (document.fonts && document.fonts.ready) { await document.fonts.ready; }
        return Boolean(mj);
    }""")
    if widgets or lazy:  # typesetting and rendering fetch fonts and modules late: let those finish too
        page.wait_for_load_state("networkidle", timeout=timeout_ms)


def wait_for_widgets(page, timeout_ms: int = 15_000) -> None:
    """Wait until every saved widget view has been replaced by a rendered widget (or time out)."""
    try:
        page.wait_for_function(
            f"""() => document.querySelectorAll('script[type="{WIDGET_VIEW}"]').length <=
                      document.querySelectorAll('.widget-subarea .jupyter-widgets').length""",
            timeout=timeout_ms)
    except Exception:  # reported by the tests, with counts
        pass


def slug(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", path.removesuffix(".html")).strip("-") or "page"
