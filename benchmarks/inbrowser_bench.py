"""How long until an exercise runs in the reader's browser (issue 13): cold and warm, median of N runs.

From navigation to an exercise page, the reader clicking "Run this exercise in your browser" as soon
as it appears, until the live exercise accepts input (its root element carries
``data-claimlab-live="ready"``, set in the same-origin frame that runs the lean page ``lite/run.html``).
Each run also prints where the time went inside the frame (``performance`` marks set by
``lite/claimlab-live.js``): Python started with its wheels, widget manager loaded, notebook cells run,
widgets drawn. **Cold**: a fresh browser profile
(empty HTTP cache, empty storage). **Warm**: a second visit in the same profile. The site is served
on 127.0.0.1 the way a static host serves it: gzip for text, ``Cache-Control: max-age=600`` (GitHub
Pages' value) and ``Last-Modified``. Requests leaving the site are blocked and counted (must be 0).

``--bare`` measures the floor instead: a bare page (served by this script only, beside the lean page)
that loads Pyodide from the site, the same pinned wheels, and imports ipywidgets (with the IPython
stand-in) and the exercise's module, with no widget manager and nothing drawn. If that alone misses
the budget, no page built on Pyodide can meet it on this machine.

Budget (issue 13, 2-core machine): cold <= 5 s, warm <= 2 s. The load average is printed with the
figures because a shared machine's load changes them.

    .venv/bin/python benchmarks/inbrowser_bench.py [--site _build/html] [--runs 3] [--page grade-sources] [--bare]
"""
from __future__ import annotations

import argparse
import email.utils
import functools
import gzip
import os
import statistics
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
CHROMIUM = os.environ.get("CLAIMLAB_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
LIVE = "[data-claimlab-live=ready]"
BUDGET = {"cold": 5.0, "warm": 2.0}


BARE = "/lite/bare-bench.html"
BARE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pyodide alone</title></head>
<body><p>Pyodide alone</p><script type="module">
const here = new URL("./", location.href);
const packages = (await (await fetch(new URL("static/pyodide/pyodide-lock.json", here))).json()).packages;
const { loadPyodide } = await import(new URL("static/pyodide/pyodide.mjs", here).href);
const py = await loadPyodide({ indexURL: new URL("static/pyodide/", here).href, packages: Object.keys(packages) });
performance.mark("claimlab:python");
await py.runPythonAsync(`
from claimlab import inbrowser_runtime
inbrowser_runtime.install(lambda *a: None, lambda b: None)
import ipywidgets, importlib
importlib.import_module("claimlab.exercises.${EXERCISE}_ui")`);
performance.mark("claimlab:imports");
document.body.setAttribute("data-claimlab-live", "ready");
</script></body></html>
"""


class StaticHost(SimpleHTTPRequestHandler):
    """Static files as a host sends them: gzip for text when accepted, cache headers, bytes counted."""

    sent = 0
    _gz: dict[tuple[str, float], bytes] = {}
    _lock = threading.Lock()
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript",
                      ".wasm": "application/wasm", ".whl": "application/octet-stream"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base class signature
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    bare_module = "grade_sources"

    def send_head(self):  # type: ignore[override]
        if urlsplit(self.path).path == BARE:  # the --bare page, generated here, never part of the site
            body = BARE_PAGE.replace("${EXERCISE}", self.bare_module).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return BytesIO(body)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") or not kind.startswith(COMPRESSIBLE):
            if path.is_file():
                with self._lock:
                    StaticHost.sent += path.stat().st_size
            return super().send_head()
        key = (str(path), path.stat().st_mtime)
        with self._lock:
            body = self._gz.get(key)
            if body is None:
                body = self._gz[key] = gzip.compress(path.read_bytes(), compresslevel=6)
            StaticHost.sent += len(body)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", email.utils.formatdate(path.stat().st_mtime, usegmt=True))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return BytesIO(body)


def serve(site: Path) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHost, directory=os.fspath(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


PHASES = """() => Object.fromEntries(performance.getEntriesByType("mark")
    .filter((m) => m.name.startsWith("claimlab:")).map((m) => [m.name.slice(9), Math.round(m.startTime) / 1000]))"""


def time_to_live(context, url: str, timeout_ms: int, read: float = 0) -> tuple[float, dict[str, float]]:
    """Seconds from navigation to the live exercise, clicking the control as soon as it appears (or ``read``
    seconds later: then the seconds from the click), and the frame's phases (seconds since the frame's start)."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    # As soon as the control works in place (its script has run; a click before that opens the full page)
    page.locator(".claimlab-inbrowser[data-claimlab-armed]").wait_for(timeout=timeout_ms)
    if read:
        page.wait_for_timeout(read * 1000)
        start = time.perf_counter()
    page.get_by_role("link", name="Run this exercise in your browser").click()
    clicked = time.perf_counter() - start
    page.frame_locator("iframe.claimlab-inbrowser-frame").locator(LIVE).wait_for(timeout=timeout_ms)
    elapsed = time.perf_counter() - start
    frame = next(f for f in page.frames if "/lite/run.html" in f.url)
    phases = {"clicked (page)": round(clicked, 1), **frame.evaluate(PHASES)}
    page.close()
    return elapsed, phases


def time_bare(context, url: str, timeout_ms: int) -> tuple[float, dict[str, float]]:
    """Seconds from navigation to Pyodide with the wheels loaded and the exercise's module imported."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.locator(LIVE).wait_for(timeout=timeout_ms)
    elapsed = time.perf_counter() - start
    phases = page.evaluate(PHASES)
    page.close()
    return elapsed, phases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", default="grade-sources", help="exercise id (exercises/<id>.html)")
    parser.add_argument("--timeout", type=float, default=180, help="seconds allowed per start")
    parser.add_argument("--visits", type=int, default=2,
                        help="visits per profile: the first is cold, the second warm, later ones 'visit N'")
    parser.add_argument("--bare", action="store_true", help="time Pyodide, the wheels and the imports alone")
    parser.add_argument("--read", type=float, default=0,
                        help="the reader reads this many seconds before clicking; time from the click (not budgeted)")
    args = parser.parse_args()
    StaticHost.bare_module = args.page.replace("-", "_")
    if not (args.site / "lite" / "run.html").is_file():
        parser.error(f"no in-browser build in {args.site / 'lite'}: run ./dev build first")
    from playwright.sync_api import sync_playwright

    server = serve(args.site)
    base = f"http://127.0.0.1:{server.server_port}/"
    url = f"{base}{BARE.lstrip('/')}" if args.bare else f"{base}exercises/{args.page}.html"
    measure = time_bare if args.bare else functools.partial(time_to_live, read=args.read)
    kinds = ["cold", "warm", *(f"visit {n}" for n in range(3, args.visits + 1))]
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    outside: list[str] = []
    cold_bytes: list[int] = []
    load_before = os.getloadavg()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for run in range(args.runs):
            context = browser.new_context()

            def route(route) -> None:
                parts = urlsplit(route.request.url)
                if parts.scheme in ("data", "blob") or route.request.url.startswith(base):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort("blockedbyclient")

            context.route("**/*", route)
            StaticHost.sent = 0
            for kind in kinds:
                elapsed, phases = measure(context, url, int(args.timeout * 1000))
                times[kind].append(elapsed)
                if kind == "cold":
                    cold_bytes.append(StaticHost.sent)
                steps = ", ".join(f"{name} {at:.1f}" for name, at in phases.items())
                print(f"run {run + 1} {kind}: {elapsed:.2f} s (page marks, s: {steps}); "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)
            context.close()
            print(f"run {run + 1}: cold transfer {cold_bytes[-1] / 1e6:.1f} MB", flush=True)
        browser.close()
    server.shutdown()
    load_after = os.getloadavg()
    print(f"\n{args.page}{' (bare Pyodide page)' if args.bare else ''}"
          f"{f' (reader clicks after {args.read:g} s; time from the click)' if args.read else ''}: median of {args.runs} runs, {os.cpu_count()} cores, load average "
          f"{load_before[0]:.1f} before / {load_after[0]:.1f} after")
    ok = True
    for kind in kinds:
        median = statistics.median(times[kind])
        if kind not in BUDGET or args.read:
            print(f"  {kind}: {median:.2f} s")
            continue
        within = median <= BUDGET[kind]
        ok &= within
        print(f"  {kind}: {median:.2f} s (budget {BUDGET[kind]:.0f} s: {'met' if within else 'MISSED by %.1f s' % (median - BUDGET[kind])})")
    print(f"  cold transfer (gzip): {statistics.median(cold_bytes) / 1e6:.1f} MB; requests outside the site: {len(outside)}")
    return 0 if (ok or args.read) and not outside else 1


if __name__ == "__main__":
    raise SystemExit(main())
