"""The book is built by Jupyter Book 1 and every table-of-contents entry becomes a page."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"


def toc_files(node) -> list[str]:
    """Every `file:` entry of a jb-book table of contents, at any depth."""
    found = []
    if isinstance(node, dict):
        if "file" in node:
            found.append(node["file"])
        for value in node.values():
            found += toc_files(value)
    elif isinstance(node, list):
        for item in node:
            found += toc_files(item)
    return found


def test_jupyter_book_major_version_is_1():
    # 2.x ignores _config.yml/_toc.yml and exits 0 having built nothing.
    assert version("jupyter-book").split(".")[0] == "1"


def test_every_toc_entry_has_a_built_page():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"], *toc_files(toc)]
    assert len(pages) > 20
    assert (HTML / "index.html").exists(), "run ./dev build first"
    missing = [p for p in pages if not (HTML / f"{p}.html").exists()]
    assert missing == []


def test_every_source_page_is_in_the_toc():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    listed = {toc["root"], *toc_files(toc)}
    pages = {str(p.relative_to(ROOT).with_suffix("")) for folder in ("book", "exercises")
             for p in (ROOT / folder).rglob("*") if p.suffix in (".md", ".ipynb") and ".ipynb_checkpoints" not in p.parts}
    assert pages - listed == set(), "pages outside the table of contents are never built"


def test_build_reports_no_failed_notebooks():
    reports = HTML / "reports"
    assert not reports.exists() or not any(reports.iterdir()), f"notebook errors in {reports}"


def build_one_cell(tmp_path: Path, code: str, outputs: list | None = None):
    """Build a one-notebook book with the project's own configuration; return the finished process.

    ``outputs``: what the notebook's cell was saved with (none: saved unexecuted).
    """
    tmp_path.mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "_vendor", tmp_path / "_vendor")
    # Two notebooks: one that raises must fail the build even when another builds cleanly.
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: broken\n  - file: fine\n",
                                       encoding="utf-8")
    (tmp_path / "index.md").write_text("# Home\n", encoding="utf-8")
    cell = {"cell_type": "code", "execution_count": 1 if outputs else None, "metadata": {}, "outputs": outputs or [],
            "source": [code]}
    notebook = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Broken"]}, cell],
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "broken.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    fine = {**notebook, "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Fine"]},
                                  {**cell, "execution_count": None, "outputs": [], "source": ["print('also fine')"]}]}
    (tmp_path / "fine.ipynb").write_text(json.dumps(fine), encoding="utf-8")
    jb = Path(sys.executable).parent / "jupyter-book"
    run = subprocess.run([str(jb), "build", str(tmp_path), "-W", "-n", "--keep-going"], capture_output=True, text=True,
                         env={**os.environ, "CLAIMLAB_DATA": str(tmp_path / "data")})
    return run


def test_a_cell_that_raises_fails_the_build(tmp_path):
    assert build_one_cell(tmp_path / "ok", "print('fine')").returncode == 0  # the harness itself builds
    run = build_one_cell(tmp_path / "bad", "raise ValueError('a cell that raises')")
    assert run.returncode != 0
    assert "a cell that raises" in run.stdout + run.stderr


def test_a_notebook_saved_executed_is_shown_as_saved_not_run_again(tmp_path):
    """Committed notebooks are executed and nbval-checked; the build shows their outputs (_config.yml)."""
    saved = [{"output_type": "stream", "name": "stdout", "text": ["saved output 4917\n"]}]
    run = build_one_cell(tmp_path / "saved", "raise ValueError('not run at build time')", outputs=saved)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "saved output 4917" in (tmp_path / "saved" / "_build" / "html" / "broken.html").read_text(encoding="utf-8")


def test_bad_data_fails_the_build_with_file_line_and_field(tmp_path):
    book = tmp_path / "book"
    build_one_cell(book, "print('fine')")  # a working book, then break its data
    claims = book / "data" / "claims.yml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("kind: fact", "kind: rumour", 1), encoding="utf-8")
    (book / "index.md").write_text("# Home\n\n```{claim-cards} background\n```\n", encoding="utf-8")
    jb = Path(sys.executable).parent / "jupyter-book"
    run = subprocess.run([str(jb), "build", str(book), "-W", "-n", "--keep-going"], capture_output=True, text=True,
                         env={**os.environ, "CLAIMLAB_DATA": str(book / "data")})
    out = run.stdout + run.stderr
    assert run.returncode != 0
    assert "claims.yml:" in out and ".kind: not an allowed value (got 'rumour'" in out


# -- what makes rebuilds quick (benchmarks/perf.py measures them) ------------------------------------


def test_a_directive_depends_only_on_the_data_files_it_reads(dataset):
    """A one-word edit to evidence.yml rebuilds the pages that show evidence, not every page with data."""
    from claimlab.sphinxext import tracked

    noted: list[Path] = []
    view = tracked(dataset, noted.append)
    assert len(view.by_id("evidence")) == len(dataset.evidence)
    assert [p.name for p in noted] == ["evidence.yml"]
    view.glossary, view.readings
    assert {p.name for p in noted} == {"evidence.yml", "glossary.yml", "hypotheses.yml"}
    assert view.extra.get("search-log") == dataset.extra["search-log"]
    assert view.extra.get("not-a-file") is None
    assert {p.name for p in noted} == {"evidence.yml", "glossary.yml", "hypotheses.yml", "search-log.yml"}, \
        "one key of the other files, one file"
    view.edition  # a fingerprint of every file
    assert {p.name for p in noted} == {p.name for p in dataset.files()}


def test_a_self_check_depends_on_the_data_its_questions_use(dataset):
    """Built from every field at once, each self-check depended on every file, so an evidence edit rebuilt all."""
    from claimlab import render
    from claimlab.sphinxext import tracked

    noted: set[str] = set()
    view = tracked(dataset, lambda path: noted.add(path.name))
    assert render.exercise_check(view, "sort-claims") == render.exercise_check(dataset, "sort-claims")
    assert "claims.yml" in noted and "evidence.yml" not in noted
    assert render.self_check(view, "background") == render.self_check(dataset, "background")
    assert "evidence.yml" in noted, "a chapter's self-check asks about its evidence"


def test_bibliography_formatting_is_remembered_until_the_entry_changes():
    from pybtex.database import Entry, Person

    from claimlab import bibcache

    bibcache._known.clear()
    style = bibcache.CachedPlainStyle()
    entry = Entry("online", fields={"title": "Recognition of the Taliban", "year": "2025"},
                  persons={"author": [Person("Doe, Jane")]})
    entry.key = "doe2025"
    first = style.format_entry("Doe25", entry)
    assert style.format_entry("Doe25", entry) is first, "an unchanged entry is not formatted again"
    assert first.text.render_as("text") == bibcache.PlainStyle().format_entry("Doe25", entry).text.render_as("text")
    entry.fields["title"] = "Recognition of the Taliban, revised"
    assert "revised" in style.format_entry("Doe25", entry).text.render_as("text"), "a changed entry is formatted afresh"


def test_each_entrys_names_are_formatted_once_per_build_for_all_its_citations():
    """1,264 citations of ~220 entries: the names and link text of an entry cited again come from the style's memory."""
    from types import SimpleNamespace

    from pybtex.database import Entry, Person
    from pybtex.style.formatting.plain import Style as PlainStyle
    from pybtex_docutils import Backend
    from sphinxcontrib.bibtex.plugin import find_plugin
    from sphinxcontrib.bibtex.style.referencing import format_references
    from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo

    from claimlab import bibcache

    entry = Entry("online", fields={"title": "Recognition of the Taliban", "year": "2025"},
                  persons={"author": [Person("Doe, Jane"), Person("Roe, Richard")]})
    entry.key = "doe2025"
    formatted = PlainStyle().format_entry("Doe25", entry)
    builder = SimpleNamespace(name="html", get_relative_uri=lambda page, bib: f"../{bib}.html")

    def cite(style, role: str, page: str) -> str:
        info = SphinxReferenceInfo(builder=builder, fromdocname=page, todocname="bib", citation_id="id1",
                                   title="Doe and Roe", pre_text="see", post_text="p. 2")
        return "".join(node.pformat() for node in format_references(style, role, [(entry, formatted, info)])
                       .render(Backend()))

    upstream, ours = find_plugin(bibcache.REFERENCE_STYLE_GROUP, "author_year")(), bibcache.RememberedAuthorYear()
    for role, page in (("p", "a"), ("p", "b"), ("t", "a"), ("ps", "a"), ("ts", "b")):
        assert cite(ours, role, page) == cite(upstream, role, page), role
    assert len(ours.person.memory) == 2, "names: one formatting per entry for short and one for full author lists"
    assert len(ours.memory) == 4, "link texts: one formatting per entry and role, whichever page cites it"
    bibcache.setup(SimpleNamespace(connect=lambda event, handler: None))  # as Sphinx loads the extension
    assert isinstance(find_plugin(bibcache.REFERENCE_STYLE_GROUP, bibcache.REFERENCE_STYLE)(),
                      bibcache.RememberedAuthorYear), "the name _config.yml gives is registered"


def test_the_build_process_ends_without_tearing_down_its_objects_but_runs_its_exit_handlers(tmp_path):
    """A clean build left millions of objects that Python's exit freed one by one: 2.5 s after the site was written."""
    script = tmp_path / "ends.py"
    script.write_text(
        "import atexit, sys\n"
        "from claimlab.jupyterbook import finish\n"
        "class Kept:\n"
        "    def __del__(self):\n"
        "        print('torn down', flush=True)\n"
        "kept = Kept()\n"
        "atexit.register(print, 'exit handler ran')\n"
        "print('built', end='')\n"
        "finish(sys.argv[1] if sys.argv[1] != '0' else 0)\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(script), "0"], capture_output=True, text=True, env=env)
    assert (done.returncode, done.stdout) == (0, "builtexit handler ran\n"), "output flushed, handlers run, no teardown"
    failed = subprocess.run([sys.executable, str(script), "the build failed"], capture_output=True, text=True, env=env)
    assert failed.returncode == 1 and "the build failed" in failed.stderr, "a message exits 1, as sys.exit does"


def test_pages_outside_the_toc_are_found_as_sphinx_external_toc_finds_them_without_entering_excluded_folders(
        tmp_path, monkeypatch):
    """Its glob walked the npm installs and the written site four times a build (~0.3 s), all excluded anyway."""
    from types import SimpleNamespace

    from sphinx_external_toc.events import parse_toc_to_env
    from sphinx_external_toc.parsing import parse_toc_yaml

    from claimlab import tocfiles

    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: a\n", encoding="utf-8")
    for name in ("index.md", "a.md", "stray.md", "notes/stray2.ipynb", "node_modules/pkg/README.md", ".hidden/x.md",
                 "_build/html/_sources/a.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# x\n", encoding="utf-8")
    class Settings(SimpleNamespace):  # Sphinx's Config: values by name and as attributes
        def __getitem__(self, key: str) -> object:
            return getattr(self, key)

        def __setitem__(self, key: str, value: object) -> None:
            setattr(self, key, value)

    excluded, suffixes = ["_build", "**/node_modules"], {".rst": "rst", ".md": "md", ".ipynb": "nb"}
    config = Settings(external_toc_path="_toc.yml", external_toc_exclude_missing=True, master_doc="index",
                      source_suffix=suffixes, exclude_patterns=list(excluded))
    parse_toc_to_env(SimpleNamespace(config=config, srcdir=str(tmp_path)), config)
    theirs = config.exclude_patterns[len(excluded):]

    walked = []
    walk = tocfiles.os.walk
    monkeypatch.setattr(tocfiles.os, "walk", lambda *a, **k: (walked.append(step[0]) or step for step in walk(*a, **k)))
    ours = tocfiles.files_outside_toc(tmp_path, parse_toc_yaml(tmp_path / "_toc.yml"), list(suffixes), excluded)
    assert sorted(ours) == sorted(theirs) == ["notes/stray2.ipynb", "stray.md"]
    assert not [folder for folder in walked if "node_modules" in folder or "_build" in folder or ".hidden" in folder]


def test_an_evidence_edit_reaches_the_pages_that_show_it_and_only_those(tmp_path, data_copy):
    """Through ``python -m claimlab.jupyterbook`` as ``./dev build`` runs it: built, up to date, edited, rebuilt."""
    book = tmp_path / "book"
    book.mkdir()
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    (book / "_vendor").symlink_to(ROOT / "_vendor")
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: plain\n  - file: lateral\n",
                                   encoding="utf-8")
    (book / "index.md").write_text("# Sources\n\n```{source-grades}\n```\n", encoding="utf-8")
    (book / "plain.md").write_text("# No data here\n\nText only.\n", encoding="utf-8")
    # reads evidence.yml, but shows nothing of the record edited below
    (book / "lateral.md").write_text("# Lateral\n\n```{exercise-check} lateral-reading\n```\n", encoding="utf-8")
    env = {**os.environ, "CLAIMLAB_DATA": str(data_copy), "CLAIMLAB_CACHE": str(tmp_path / "cache"),
           "PYTHONPATH": str(ROOT)}

    def build() -> str:
        run = subprocess.run([sys.executable, "-m", "claimlab.jupyterbook", "build", str(book)],
                             capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        return run.stdout

    html = book / "_build" / "html"
    build()
    assert "about 144 people" in (html / "index.html").read_text(encoding="utf-8")
    plain_written, lateral_written = ((html / f"{page}.html").stat().st_mtime_ns for page in ("plain", "lateral"))
    assert "nothing has changed" in build(), "an unchanged book is not built again"
    evidence = data_copy / "evidence.yml"
    evidence.write_text(evidence.read_text(encoding="utf-8").replace("about 144 people", "about 145 people", 1),
                        encoding="utf-8")
    assert "nothing has changed" not in build()
    assert "about 145 people" in (html / "index.html").read_text(encoding="utf-8"), "the edit reached its page"
    assert (html / "plain.html").stat().st_mtime_ns == plain_written, "a page without data was not rebuilt"
    assert (html / "lateral.html").stat().st_mtime_ns == lateral_written, \
        "a page reading the edited file, but showing nothing of the edited record, was not rebuilt"


def test_a_data_edit_rereads_only_the_pages_whose_directives_now_show_something_else(dataset):
    """What a page's data directives showed is kept per page; after an edit it is worked out again and compared."""
    import copy
    from types import SimpleNamespace

    from claimlab.sphinxext import DIRECTIVES, DataReads, _digest, _pages_shown_otherwise

    evidence = next(p for p in dataset.files() if p.name == "evidence.yml")
    shown = DIRECTIVES["source-grades"].shows(dataset, "")
    reads = DataReads()
    for page in ("same", "stale", "read-after-the-edit", "already-changed"):
        reads.note_file(page, evidence)
        reads.note_output(page, "source-grades", "", shown)
    reads.outputs["stale"] = [("source-grades", "", _digest([("myst", "what the page showed before")]))]
    env = SimpleNamespace(claimlab_reads=reads, all_docs={"same": 0, "stale": 0, "already-changed": 0,
                                                          "read-after-the-edit": 2**62})
    app = SimpleNamespace(claimlab_dataset=dataset)
    assert _pages_shown_otherwise(app, env, set(), {"already-changed"}, set()) == ["stale"]

    edited = copy.deepcopy(dataset)
    edited.evidence[0]["summary"] += " Edited."
    reads.outputs["stale"] = reads.outputs["same"]
    assert _pages_shown_otherwise(SimpleNamespace(claimlab_dataset=edited), env, set(), set(), set()) == [
        "already-changed", "same", "stale"], "the edited record is on these pages; the page read later is not"
    assert _pages_shown_otherwise(SimpleNamespace(claimlab_dataset=None), env, set(), set(), set()) == [
        "already-changed", "read-after-the-edit", "same", "stale"], "data that no longer loads: every data page"

    merged = DataReads()
    merged.merge({"same"}, reads)  # from a process that read "same" (sphinx -j)
    assert merged.outputs == {"same": reads.outputs["same"]} and merged.files == {"same": {str(evidence)}}


def test_a_failed_build_fails_again_until_the_page_is_mended(tmp_path):
    """Sphinx warns only about pages it reads again; without the fix a second ``./dev build`` after a failed
    one passed and published the page with the broken reference."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text("title: Tiny\nexecute:\n  execute_notebooks: 'off'\n", encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: page\n", encoding="utf-8")
    (book / "index.md").write_text("# Home\n", encoding="utf-8")
    page = book / "page.md"
    page.write_text("# Page\n\nSee {doc}`nowhere-7391`.\n", encoding="utf-8")

    def build() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "claimlab.jupyterbook", "build", str(book), "-W", "-n",
                               "--keep-going"], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})

    for attempt in ("first", "second"):
        run = build()
        assert run.returncode != 0 and "nowhere-7391" in run.stdout + run.stderr, f"{attempt} build: {run.stdout[-1500:]}"
    page.write_text("# Page\n\nSee {doc}`index`.\n", encoding="utf-8")
    run = build()
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]


def test_citation_names_are_built_once_per_person():
    from pybtex.database import Person
    from sphinxcontrib.bibtex.style.names.last import LastNameStyle

    from claimlab import bibcache

    style, person = bibcache.RememberedLastNames(), Person("von Doe, Jane")
    assert style.format(person) is style.format(Person("von Doe, John")), "same name parts, same template"
    data = {"entry": None}
    assert style.format(person).format_data(data).render_as("text") == \
        LastNameStyle().format(person).format_data(data).render_as("text") == "von Doe"
    assert style.format(Person("Roe, Jane")).format_data(data).render_as("text") == "Roe"


def test_sphinx_runs_in_one_process_unless_more_are_asked_for(monkeypatch):
    """Two processes were no faster than one on the 2-core machine and cost 5 s more CPU: one by default."""
    from claimlab.jupyterbook import jobs

    for value, expected in (("", 1), ("3", 3), ("0", 1), ("-2", 1), ("many", 1)):
        monkeypatch.setenv("CLAIMLAB_BUILD_JOBS", value)
        assert jobs() == expected, value
    monkeypatch.setenv("CLAIMLAB_BUILD_JOBS", "auto")
    assert jobs() == len(os.sched_getaffinity(0))


def test_the_books_extensions_allow_reading_pages_in_two_processes(tmp_path, data_copy):
    """``CLAIMLAB_BUILD_JOBS=2`` with the book's own configuration: Sphinx reads in parallel only beyond five
    pages, and under ``-W`` fails if any extension does not declare itself safe (claimlab/parallel.py)."""
    book = tmp_path / "book"
    book.mkdir()
    shutil.copy(ROOT / "_config.yml", book / "_config.yml")
    (book / "_vendor").symlink_to(ROOT / "_vendor")
    (book / "data").symlink_to(data_copy)  # the bibliography _config.yml names
    pages = [f"page{i}" for i in range(7)]
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n"
                                   + "".join(f"  - file: {p}\n" for p in pages), encoding="utf-8")
    (book / "index.md").write_text("# Home\n\nText only.\n", encoding="utf-8")
    for page in pages:
        (book / f"{page}.md").write_text(f"# {page}\n\nText only.\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "claimlab.jupyterbook", "build", str(book), "-W", "-n", "--keep-going"],
                         capture_output=True, text=True,
                         env={**os.environ, "CLAIMLAB_DATA": str(data_copy), "CLAIMLAB_CACHE": str(tmp_path / "cache"),
                              "PYTHONPATH": str(ROOT), "CLAIMLAB_BUILD_JOBS": "2"})
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "Sphinx on 2 processes" in run.stdout
    assert all((book / "_build" / "html" / f"{page}.html").is_file() for page in pages)


def test_the_build_checks_the_data_as_validate_does_before_building(tmp_path, data_copy):
    """``./dev build`` runs ``python -m claimlab.jupyterbook --validate build ...``: bad data stops it before anything
    is built, with the very lines and exit status of ``python -m claimlab validate``; good data is built."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text("title: Tiny\nexecute:\n  execute_notebooks: 'off'\n", encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    (book / "index.md").write_text("# Home\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CLAIMLAB_DATA": str(data_copy),
           "CLAIMLAB_CACHE": str(tmp_path / "cache")}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, env=env, cwd=tmp_path)

    claims = data_copy / "claims.yml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("kind: fact", "kind: opinion", 1), encoding="utf-8")
    validated = run("claimlab", "validate")
    built = run("claimlab.jupyterbook", "--validate", "build", str(book), "-W", "-n", "--keep-going")
    assert validated.returncode == built.returncode == 1
    assert "claims.yml:" in built.stdout and "opinion" in built.stdout
    assert (built.stdout, built.stderr) == (validated.stdout, validated.stderr)
    assert not (book / "_build").exists(), "nothing is built from bad data"

    claims.write_text(claims.read_text(encoding="utf-8").replace("kind: opinion", "kind: fact", 1), encoding="utf-8")
    built = run("claimlab.jupyterbook", "--validate", "build", str(book), "-W", "-n", "--keep-going")
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    assert built.stdout.startswith(f"{data_copy} is valid.\n")
    assert (book / "_build" / "html" / "index.html").is_file()


def test_the_build_process_loads_the_exercises_engine_without_their_widget_front_ends():
    """No built page has a live widget; binding the eight front ends (and importing ipywidgets) cost every build."""
    run = subprocess.run([sys.executable, "-c",
                          "import sys, claimlab.jupyterbook as jb\n"
                          "jb.run = lambda argv: None  # what the command does before it builds, then the build's imports\n"
                          "jb.main(['build', '.'])\n"
                          "import claimlab.sphinxext, claimlab.exercises as ex\n"
                          "print(sorted(m for m, module in sys.modules.items() if module and (m == 'ipywidgets' or m.endswith('_ui'))))\n"
                          "print(callable(ex.grade_sources))"],
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["[]", "True"]


def test_the_builds_data_check_runs_beside_it_and_its_status_is_awaited():
    """``check_aside`` returns while the check still runs (here, until the build process writes a byte it waits
    for; a check made in line would never end), and waiting gives the check's exit status."""
    script = ("import os, claimlab.__main__ as command, claimlab.jupyterbook as jb\n"
              "go, stop = os.pipe()\n"
              "command.check_data = lambda: 0 if os.read(go, 1) == b'x' else 3\n"
              "wait = jb.check_aside()\n"
              "os.write(stop, b'x')\n"
              "print(wait(), wait())\n"
              "command.check_data = lambda: 1\n"
              "print(jb.check_aside()())\n")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["0 0", "1"]
