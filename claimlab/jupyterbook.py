"""``python -m claimlab.jupyterbook build . -W -n --keep-going``: Jupyter Book's own command, started faster.

What makes it quicker than ``jupyter-book build`` (issue 12: instructors rebuild often):

* **No grammar compiling.** Jupyter Book imports jsonschema to check its configuration, and
  jsonschema imports rfc3987_syntax when it is installed, which compiles its grammars on import:
  about 1.5 s of every build (upstream jsonschema issue 1428). Neither Jupyter Book's schema nor
  ours uses the IRI format that module checks, so it is marked absent (as :mod:`claimlab.validate`
  does) before Jupyter Book's command line starts.
* **No widget front ends.** The pages show no live widget (``nb_ipywidgets_js: {}``; notebooks run,
  when they run at all, in kernels of their own), but the book's extension imports
  ``claimlab.exercises`` (for the lateral-reading dossier and the self-checks), which binds every
  exercise's ipywidgets front end when ipywidgets can be imported: ipywidgets, traitlets' widget types
  and eight front ends, about 0.2 s of every build. :func:`main` marks ipywidgets absent in the build
  process, so the exercises' engine loads without them (importing this module alone changes nothing).
* **No garbage collector.** A build keeps millions of docutils nodes alive until it ends, and
  Python's collector, started every 700 new objects, walked that growing heap again and again
  (about a quarter of a no-op build); started every 50,000 it still cost 1.5-1.9 s of a 20 s clean
  build. The build process runs with automatic collection off (:func:`run`): the garbage it would
  have found (nodes of pages already written) stays until the process ends, about 120 MB more at
  the peak for this book (335 MB instead of 211 MB), in a process that ends with the build.
* **No tidying up at the end.** Python's own exit frees every object one by one and collects the
  whole heap once more before the process ends: 2.5 s after a clean build of this book, with the
  site already written. :func:`finish` runs the exit handlers (logging's flush among them), flushes
  the output and ends the process, leaving the memory to the operating system.
* **Nothing to do, nothing done.** A build with nothing changed since the last successful one
  with the same options (every file of the book, the data, this package, the installed packages,
  the ``CLAIMLAB_*`` settings, and the written site itself, by name, size and modification time:
  :func:`inputs_digest`) says so and stops, instead of starting Sphinx to find that out (about
  8 s). Any change, however small, runs Jupyter Book as usual, which then rebuilds what the
  change touches. Only plain ``build`` commands are short-cut (``-W``, ``-n``, ``--keep-going``,
  ``--path-output``); ``--all`` and every other option always build.

* **More cores, if asked.** Jupyter Book's command line runs Sphinx in one process (it has no
  ``-j``); a plain build runs the same steps (:func:`sphinx_build`: Jupyter Book's configuration,
  its ``build_sphinx`` and its reporting), with Sphinx reading and writing pages in
  ``CLAIMLAB_BUILD_JOBS`` processes (a number, or ``auto`` for one per core; one by default: on
  two idle cores two processes took the same wall time as one, 23.4 s against 23.2 s, and 5 s
  more CPU). Sphinx does so only when every extension declares itself safe for
  it, so the project's extensions keep no state a process other than Sphinx's main one would
  have to share (the stylesheet trimming finds the pages written in the pages themselves,
  :mod:`claimlab.lightpages`), and _config.yml turns off the two Jupyter Book extensions that
  declare nothing and do nothing for this book (multi-part numbering, LaTeX).

* **The data checked beside the start.** ``--validate`` before the command (``./dev build``:
  ``python -m claimlab.jupyterbook --validate build . -W -n --keep-going``) does what
  ``python -m claimlab validate`` did as a step of its own before the build (with its own
  interpreter): :func:`claimlab.__main__.check_data`, the same lines and the same exit status 1 on bad
  data, with nothing built. It runs in a process forked at the start (:func:`check_aside`), on the
  other core while this one imports Jupyter Book and its extensions and reads its configuration
  (about 2 s); the build waits for it before it prints anything or starts Sphinx, which then reads
  the checked snapshot it wrote.

``./dev``, ``benchmarks/perf.py`` and the editions build through this module; ``jupyter-book``
itself still works, only slower.
"""
from __future__ import annotations

import atexit
import gc
import hashlib
import json
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

#: Folders that are outputs, caches or tools, not something a page is built from.
NOT_INPUTS = {".git", "_build", "node_modules", "__pycache__", ".venv", ".jupyter_cache", ".pytest_cache",
              ".ipynb_checkpoints", "_lite_cache", ".mypy_cache", ".ruff_cache"}
#: Options that leave the build's kind and output where a plain build puts them.
PLAIN_FLAGS = {"-W", "--warningiserror", "-n", "--nitpick", "--keep-going"}
#: Where the digest of the last successful build is kept, under the build folder (not in the site).
STAMP = Path(".claimlab") / "html-build.json"
#: What Sphinx read in the last build, under the build folder (removed after a failed build).
ENVIRONMENT = Path(".doctrees") / "environment.pickle"
PACKAGE = Path(__file__).resolve().parent
#: Waits for the data check (:func:`check_aside`) and returns its exit status: 0 when the data is valid.
Checked = Callable[[], int]


def _valid() -> int:
    return 0


def plain_build(args: list[str]) -> tuple[Path, Path] | None:
    """``(book folder, build folder)`` when ``args`` is a plain book build; None for anything else."""
    if len(args) < 2 or args[0] != "build":
        return None
    source, rest, out = Path(args[1]).resolve(), args[2:], None
    while rest:
        if rest[0] in PLAIN_FLAGS:
            rest = rest[1:]
        elif rest[0] == "--path-output" and len(rest) > 1:
            out, rest = Path(rest[1]).resolve(), rest[2:]
        else:
            return None
    if not ((source / "_config.yml").is_file() and (source / "_toc.yml").is_file()):
        return None
    return source, (out or source) / "_build"


def jobs() -> int:
    """How many processes Sphinx may use: ``CLAIMLAB_BUILD_JOBS`` (a number, or ``auto`` for every core this
    process may run on), else one, which was as fast as two on the 2-core machine and cheaper in CPU."""
    wanted = os.environ.get("CLAIMLAB_BUILD_JOBS", "").strip()
    if wanted == "auto":
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return int(wanted) if wanted.isdigit() and int(wanted) > 0 else 1


def sphinx_build(args: list[str], source: Path, build: Path, processes: int,
                 checked: Checked = _valid) -> int | str | None:
    """A plain build (:func:`plain_build`) as ``jupyter-book build`` makes it, with Sphinx on ``processes``;
    none if ``checked()`` (awaited once Jupyter Book is imported and configured) refuses the data.

    Jupyter Book's own functions do each step: its command works out the configuration
    (``get_config_only``, as ``jupyter-book config sphinx`` does), ``build_sphinx`` runs Sphinx (it
    takes ``jobs``; the command line always passes one), and ``builder_specific_actions`` reports the
    result and exits non-zero on a warning under ``-W``, exactly as the command does.
    """
    import click
    from jupyter_book.cli.main import build as book_build
    from jupyter_book.cli.main import builder_specific_actions
    from jupyter_book.sphinx import build_sphinx

    flags = set(args[2:])
    warnings_fail, keep_going = bool({"-W", "--warningiserror"} & flags), "--keep-going" in flags
    path_config, folder, overrides = book_build.callback(
        path_source=str(source), path_output=str(build.parent), config=None, toc=None,
        warningiserror=warnings_fail, nitpick=bool({"-n", "--nitpick"} & flags), keep_going=keep_going,
        freshenv=False, builder="html", custom_builder=None, verbose=0, quiet=0, individualpages=False,
        get_config_only=True)
    overrides["external_toc_path"] = (source / "_toc.yml").as_posix()  # as the command passes it (not relative)
    if checked():
        return checked()
    output = build / "html"
    click.echo(f"claimlab: Jupyter Book's build of {folder} into {output}, Sphinx on {processes} processes")
    result = build_sphinx(folder, output, use_external_toc=True, noconfig=True, path_config=path_config,
                          confoverrides=overrides, builder="html", warningiserror=warnings_fail,
                          keep_going=keep_going, freshenv=False, verbosity=0, jobs=processes)
    try:
        builder_specific_actions(result, "html", output, "book", None, click.echo)
    except SystemExit as done:
        return done.code
    return 0


def _files(folder: Path, skip: set[Path]) -> list[tuple[str, int, int]]:
    """``(path, size, mtime)`` of every file under ``folder`` (symbolic links followed), outputs and caches left out."""
    found = []
    for root, dirs, names in os.walk(folder, followlinks=True):
        dirs[:] = sorted(d for d in dirs if d not in NOT_INPUTS and Path(root, d).resolve() not in skip)
        for name in sorted(names):
            path = Path(root, name)
            try:
                stat = path.stat()
            except OSError:  # a dangling link
                continue
            found.append((str(path.relative_to(folder)), stat.st_size, stat.st_mtime_ns))
    return found


def _installed() -> list[str]:
    """The installed distributions (their metadata folders' names carry the versions)."""
    return sorted(entry.name for place in map(Path, sys.path) if place.is_dir()
                  for entry in place.iterdir() if entry.suffix in (".dist-info", ".egg-info", ".pth"))


def inputs_digest(args: list[str], source: Path, build: Path) -> str:
    """A hash of everything a plain build reads, as names, sizes and modification times."""
    settings = {k: v for k, v in os.environ.items() if k.startswith(("CLAIMLAB_", "SOURCE_DATE_EPOCH"))}
    folders = {"book": source, "package": PACKAGE}
    if os.environ.get("CLAIMLAB_DATA"):
        folders["data"] = Path(os.environ["CLAIMLAB_DATA"]).resolve()
    everything = {"args": args, "python": [sys.version, sys.executable], "settings": settings,
                  "installed": _installed(),
                  "files": {name: _files(folder, {build.resolve()}) for name, folder in folders.items()}}
    return hashlib.sha256(json.dumps(everything, sort_keys=True).encode()).hexdigest()


def site_digest(build: Path) -> str:
    """A hash of the written site (without the in-browser edition, which claimlab.lite adds after)."""
    html = build / "html"
    files = _files(html, {(html / "lite").resolve()}) if html.is_dir() else None
    return hashlib.sha256(json.dumps(files).encode()).hexdigest()


def run(args: list[str], checked: Checked = _valid) -> int | str | None:
    """Run ``jupyter-book`` with ``args``; a plain build with nothing changed since its last success is skipped.

    The inputs are fingerprinted before the build starts, so a file saved while it runs makes the
    next build run again; the site is fingerprinted after it is written. ``checked`` is awaited
    before anything is printed or built: a non-zero status is returned as it is, with nothing built.
    """
    plain = plain_build(args)
    stamp, before = None, None
    code: int | str | None
    if plain:
        stamp, before = plain[1] / STAMP, inputs_digest(args, *plain)
        try:
            last = json.loads(stamp.read_text(encoding="utf-8"))
            if last == {"inputs": before, "site": site_digest(plain[1])}:
                if checked():
                    return checked()
                print(f"claimlab: nothing has changed since the last successful build; {plain[1] / 'html'} "
                      f"is up to date (run with --all to build it again anyway).")
                return 0
        except (OSError, ValueError):
            pass  # no stamp yet (or a damaged one): build
        stamp.unlink(missing_ok=True)
    gc.disable()  # see the module's docstring: the process ends with the build
    if plain:
        code = sphinx_build(args, *plain, jobs(), checked)
    else:
        from jupyter_book.cli.main import main  # only now: an up-to-date build does not need it

        if checked():
            return checked()
        try:
            main(args=args, prog_name="jupyter-book")
            code = 0
        except SystemExit as done:
            code = done.code
    if checked():  # the data was refused and nothing built: what the last build read is still good
        return checked()
    if plain and stamp is not None and code in (0, None):
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps({"inputs": before, "site": site_digest(plain[1])}), encoding="utf-8")
    elif plain:
        (plain[1] / ENVIRONMENT).unlink(missing_ok=True)
    return code


def finish(code: int | str | None) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, without freeing the build's objects one by one first.

    A build leaves millions of docutils nodes alive; Python's exit collected and freed them all, 2.5 s of
    a 20 s clean build, for nothing: the site is written and every file closed. The exit handlers
    (``atexit``: logging's flush, temporary folders) still run, and the output is flushed.
    """
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(code or 0)


def check_aside() -> Checked:
    """Start ``python -m claimlab validate``'s check (:func:`claimlab.__main__.check_data`) in a forked child
    process; return a function that waits for it and gives its exit status.

    Forked before this process imports anything heavy, so the child holds no thread and no open build.
    It prints what the command prints, to the same output; the caller waits for it before printing.
    Where there is no ``fork``, the check runs here and now.
    """
    from .__main__ import check_data

    if not hasattr(os, "fork"):
        status = check_data()
        return lambda: status
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    child = os.fork()
    if child == 0:  # the child: check, print, and end without the parent's exit handlers
        try:
            status = check_data()
        except BaseException:  # noqa: BLE001 - reported as the command would, as a failed check
            traceback.print_exc()
            status = 1
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        os._exit(status)
    result: list[int] = []

    def wait() -> int:
        if not result:
            code = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])
            result.append(code if code >= 0 else 1)  # killed by a signal: not checked
        return result[0]

    return wait


def main(argv: list[str]) -> int | str | None:
    """The command line: ``[--validate] build|... ARGS`` (see the module's docstring)."""
    sys.modules.setdefault("ipywidgets", None)  # type: ignore[arg-type]  # no widget on a built page
    if argv[:1] == ["--validate"]:
        return run(argv[1:], check_aside())
    return run(argv)


if __name__ == "__main__":
    finish(main(sys.argv[1:]))
