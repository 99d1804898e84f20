"""``./dev perf``: is the book light on a phone and quick to rebuild? Prints every figure, fails on a missed budget.

Two kinds of measurement, each the median of ``--runs`` runs:

* **Build**: the two steps of ``./dev build`` (:data:`BUILD_STEPS`: the data checked and Jupyter Book
  run in one process by ``python -m claimlab.jupyterbook --validate``, then the in-browser edition),
  each timed, for a *clean*
  build (``_build`` removed; the notebooks are committed executed and are not run again, see
  ``execute`` in _config.yml), a *data edit* (one word of ``data/evidence.yml`` changed, then
  restored: only the pages whose directives show the edited record are read again, claimlab.sphinxext) and a
  *no-op* (nothing changed). ``--builds-only`` measures these alone (no browser needed).
* **Pages**: Lighthouse 12.2.3 (pinned in ``benchmarks/package-lock.json``; Debian's chromium) with
  its default mobile preset, on the built site served compressed on loopback
  (``benchmarks/serve_compressed.py``), one page of each type: home, chapter, appendix with figures,
  exercise. Scores for performance, accessibility, best practices and SEO, bytes transferred, and
  render-blocking resources.

Budgets (issue 12) are the constants below. Run it after changing the theme, the assets or the build:
``./dev perf`` (about 5 minutes on 2 cores; ``--skip-build`` for pages only, ``--page chapter`` for one
page type, ``--builds-only`` for build times only). It is not part of CI:
it costs several minutes on a CI runner already at its 15-minute budget, and Lighthouse's simulated
phone scales the CPU time it observes, so its scores on a shared runner move by 10-20 points with
the runner's load. ``tests/test_lightpages.py`` checks the causes on every run instead (no
render-blocking script, no icon script, one stylesheet, script bundles that parse, a description,
the compressed weight of a chapter).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from serve_compressed import serve  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
LIGHTHOUSE = Path(__file__).parent / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CLAIMLAB_CHROMIUM", "/usr/bin/chromium")
PAGES = {"home": "book/index.html", "chapter": "book/background.html",
         "appendix with figures": "book/appendix/timeline.html", "exercise": "exercises/grade-sources.html"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SCORE_BUDGET = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
CHAPTER_KB = 400
BUILD_BUDGET_S = {"clean": 15.0, "data edit": 10.0, "no-op": 3.0}
EDIT_FROM, EDIT_TO = "Soviet forces fought", "Soviet forces battled"


#: What ``./dev build`` runs, in order (the ``dev`` script's ``build`` function).
BUILD_STEPS = {
    "jupyter-book": ["-m", "claimlab.jupyterbook", "--validate", "build", str(ROOT), "-W", "-n", "--keep-going"],
    "in-browser": ["-m", "claimlab.lite", "--out", str(ROOT / "_build" / "html" / "lite")],
}


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _build_once() -> dict[str, float]:
    """Run ``./dev build``'s steps once; wall seconds per step and in all, and CPU seconds in all.

    Sphinx runs in one process unless ``CLAIMLAB_BUILD_JOBS`` asks for more (claimlab.jupyterbook);
    on a shared machine the wall time grows with the load and the CPU time much less.
    """
    times, cpu = {}, _cpu()
    for step, args in BUILD_STEPS.items():
        start = time.perf_counter()
        run = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True)
        times[step] = time.perf_counter() - start
        if run.returncode:
            sys.exit(f"perf: the build failed ({step}):\n" + run.stdout[-3000:] + run.stderr[-2000:])
    times["total"] = sum(times.values())
    times["cpu"] = _cpu() - cpu
    return times


def build_figures(runs: int) -> dict[str, dict[str, float]]:
    """Median seconds, per step and in all, of a clean build, a one-word data edit and a no-op build."""
    evidence = ROOT / "data" / "evidence.yml"
    original = evidence.read_text(encoding="utf-8")
    if EDIT_FROM not in original:
        sys.exit(f"perf: {evidence} no longer contains {EDIT_FROM!r}; update EDIT_FROM in {__file__}")
    times: dict[str, list[dict[str, float]]] = {name: [] for name in BUILD_BUDGET_S}
    for n in range(runs):
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
        times["clean"].append(_build_once())
        times["no-op"].append(_build_once())
        try:
            evidence.write_text(original.replace(EDIT_FROM, EDIT_TO, 1), encoding="utf-8")
            times["data edit"].append(_build_once())
        finally:
            evidence.write_text(original, encoding="utf-8")
        _build_once()  # back to the committed data, so the site measured below is the real one
        print(f"perf: build run {n + 1} of {runs}: " + ", ".join(
            f"{name} {runs_[-1]['total']:.1f} s" for name, runs_ in times.items()), file=sys.stderr, flush=True)
    return {name: {step: statistics.median(run[step] for run in values) for step in values[0]}
            for name, values in times.items()}


def print_builds(builds: dict[str, dict[str, float]], runs: int) -> None:
    print(f"\nBuild (./dev build) on {os.cpu_count()} cores, median of {runs}, Python {platform.python_version()} "
          f"from {sys.base_prefix} (load average now {' / '.join(f'{x:.1f}' for x in os.getloadavg())}: "
          "figures scale with both):")
    steps = list(BUILD_STEPS)
    print(f"  {'':10} " + " ".join(f"{step:>13}" for step in steps) + f" {'total':>9} {'CPU':>9}")
    for name, secs in builds.items():
        print(f"  {name:10} " + " ".join(f"{secs[step]:11.1f} s" for step in steps)
              + f" {secs['total']:7.1f} s {secs['cpu']:7.1f} s   (budget {BUILD_BUDGET_S[name]} s)")


def lighthouse(url: str, out: Path) -> dict:
    flags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking " \
            "--disable-sync --disable-component-update --no-first-run"
    run = subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                          f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
                         env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True)
    if run.returncode or not out.is_file():
        sys.exit(f"perf: lighthouse failed on {url}:\n{run.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def page_figures(site: Path, runs: int, kinds: list[str]) -> dict[str, dict[str, float]]:
    """Median Lighthouse scores (0-100), KB, blocking time (ms) and render-blocking resources per page type."""
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_port}/"
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            reports = [lighthouse(base + PAGES[kind], Path(tmp) / f"{kind}-{n}.json") for n in range(runs)]
            row = {c: statistics.median(r["categories"][c]["score"] * 100 for r in reports) for c in CATEGORIES}
            row["TBT"] = statistics.median(r["audits"]["total-blocking-time"]["numericValue"] for r in reports)
            row["KB"] = statistics.median(r["audits"]["total-byte-weight"]["numericValue"] / 1024 for r in reports)
            row["blocking"] = max(len(r["audits"]["render-blocking-resources"].get("details", {}).get("items", []))
                                  for r in reports)
            figures[kind] = row
    server.shutdown()
    return figures


def misses(builds: dict[str, float], pages: dict[str, dict[str, float]]) -> list[str]:
    found = [f"{name} build {secs['total']:.1f} s > {BUILD_BUDGET_S[name]} s" for name, secs in builds.items()
             if secs["total"] > BUILD_BUDGET_S[name]]
    for kind, row in pages.items():
        found += [f"{kind}: {c} {row[c]:.0f} < {want}" for c, want in SCORE_BUDGET.items() if row[c] < want]
        if row["blocking"]:
            found.append(f"{kind}: {row['blocking']:.0f} render-blocking resources")
    if pages.get("chapter", {}).get("KB", 0) > CHAPTER_KB:
        found.append(f"chapter: {pages['chapter']['KB']:.0f} KB transferred > {CHAPTER_KB} KB")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--skip-build", action="store_true", help="measure the pages of the existing build only")
    only.add_argument("--builds-only", action="store_true", help="measure the build times only (no Lighthouse)")
    parser.add_argument("--page", action="append", choices=list(PAGES), dest="pages",
                        help="measure this page type only (repeatable; implies --skip-build)")
    args = parser.parse_args()
    args.skip_build = args.skip_build or bool(args.pages)
    if not args.builds_only and not LIGHTHOUSE.exists():
        sys.exit("perf: Lighthouse is missing; run `./dev perf` (it installs benchmarks/package-lock.json)")
    builds = {} if args.skip_build else build_figures(args.runs)
    if builds:
        print_builds(builds, args.runs)
    pages = {}
    if not args.builds_only:
        if not (SITE / "index.html").is_file():
            _build_once()
        load_before = os.getloadavg()[0]
        pages = page_figures(SITE, args.runs, args.pages or list(PAGES))
        version = json.loads((LIGHTHOUSE.parent.parent / "lighthouse" / "package.json").read_text())["version"]
        print(f"\nLighthouse {version} mobile preset, served gzip-compressed, median of {args.runs} "
              f"(load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end):")
        print(f"  {'page type':22} {'perf':>5} {'a11y':>5} {'bp':>5} {'seo':>5} {'KB':>7} {'TBT ms':>7} {'blocking':>9}")
        for kind, row in pages.items():
            print(f"  {kind:22} {row['performance']:5.0f} {row['accessibility']:5.0f} {row['best-practices']:5.0f} "
                  f"{row['seo']:5.0f} {row['KB']:7.0f} {row['TBT']:7.0f} {row['blocking']:9.0f}")
    missed = misses(builds, pages)
    print("\n" + ("Budgets missed:\n  " + "\n  ".join(missed) if missed else "Every budget met."))
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
