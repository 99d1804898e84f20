"""Sphinx extension: the directives through which book pages show the data.

Pages say *what* to show (``{claim-cards} motives``); :mod:`claimlab.render` and
:mod:`claimlab.figures` say *how*. The data is loaded and validated once per
build; if it has problems each is logged as ``file:line: field: …`` and the build
fails under ``-W`` — no traceback, and no page silently built from bad data.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import answer_key, assessed, bothsides, figures, lateral, myst_text as mt, render, searchlog, timing
from .data import FIELDS, DataError, Dataset, load_dataset
from .exercises.selfcheck import QUESTIONS
from .labels import human_date

logger = logging.getLogger(__name__)
ASSETS = Path(__file__).parent / "assets"


def _load(app: Sphinx) -> None:
    data_dir = Path(app.config.claimlab_data) if app.config.claimlab_data else None
    try:
        app.claimlab_dataset = load_dataset(data_dir)  # type: ignore[attr-defined]
    except DataError as err:
        app.claimlab_dataset = None  # type: ignore[attr-defined]
        for problem in err.problems:
            logger.warning(str(problem), type="claimlab", subtype="data")


def _reveal_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Load the guess-and-reveal script only on pages that ask for a guess (issue 12: no dead weight)."""
    if doctree is not None and any("cl-guess" in node.astext() for node in doctree.findall(nodes.raw)):
        app.add_js_file("claimlab-reveal.js", loading_method="defer")


def _static(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(ASSETS))


#: The data file each dataset field is read from. ``extra`` comes from the files not named here;
#: any other field (``edition``, a fingerprint of everything; ``data_dir``) depends on every file.
FIELD_FILES = {"chapters": "chapters.yml", "claims": "claims.yml", "evidence": "evidence.yml",
               "counterpoints": "counterpoints.yml", "hypotheses": "hypotheses.yml", "readings": "hypotheses.yml",
               "matrix_rows": "hypotheses.yml", "timeline": "timeline.yml", "actors": "actors.yml",
               "relations": "actors.yml", "glossary": "glossary.yml", "sources": "sources.bib"}


def data_files_for(files: list[Path], field: str) -> list[Path]:
    """Of a dataset's ``files``, those that a page reading its ``field`` must be rebuilt after."""
    if field in FIELD_FILES:
        return [p for p in files if p.name == FIELD_FILES[field]]
    if field == "extra":
        return [p for p in files if p.name not in FIELD_FILES.values()]
    return files


class _TrackedDataset(Dataset):
    """The build's dataset, noting each data file a directive reads as a dependency of its page.

    A one-word edit to ``data/evidence.yml`` then rebuilds the pages that show evidence, not every
    page that shows any data (issue 12: an edit rebuilt 24 of 29 pages). Reading goes through
    attribute access, so whatever a renderer touches is recorded, including fields it passes on.
    """

    def __getattribute__(self, name: str) -> Any:
        if name == "extra":  # one file per key: noted when that key is read
            return _TrackedExtra(object.__getattribute__(self, name), object.__getattribute__(self, "_claimlab_note"))
        if name in FIELDS or name == "data_dir":
            object.__getattribute__(self, "_claimlab_note")(name)
        return object.__getattribute__(self, name)


class _TrackedExtra(Mapping[str, Any]):
    """``Dataset.extra`` noting each key's file as it is read (``search-log`` from search-log.yml).

    Every data directive asks ``extra`` whether the data is an assessed edition's; noted whole, that
    made every page with data depend on all six of those files.
    """

    def __init__(self, extra: dict[str, Any], note: Callable[[str], None]):
        self._extra, self._note = extra, note

    def __getitem__(self, key: str) -> Any:
        self._note(f"extra:{key}")
        return self._extra[key]

    def __iter__(self) -> Iterator[str]:
        self._note("extra")
        return iter(self._extra)

    def __len__(self) -> int:
        self._note("extra")
        return len(self._extra)

    def __bool__(self) -> bool:  # ``ds.extra or {}``: whether there is any, not what it holds
        return bool(self._extra)


def tracked(ds: Dataset, note: Callable[[Path], None]) -> Dataset:
    """``ds`` (same data, not copied) reporting through ``note`` each data file that is read from it."""
    files, noted = ds.files(), set()

    def read(field: str) -> None:
        if field not in noted:
            noted.add(field)
            if field.startswith("extra:"):  # one key of ``extra``: the file of that name, if there is one
                found = [p for p in data_files_for(files, "extra") if p.stem == field.removeprefix("extra:")]
            else:
                found = data_files_for(files, field)
            for path in found:
                note(path)

    copy = object.__new__(_TrackedDataset)
    copy.__dict__.update(ds.__dict__)
    copy.__dict__["_claimlab_note"] = read
    return copy


class _DataDirective(SphinxDirective):
    """Base: fetch the dataset, record the data files it reads as dependencies, parse generated MyST."""

    optional_arguments = 1
    has_content = False

    def dataset(self) -> Dataset | None:
        ds = getattr(self.env.app, "claimlab_dataset", None)
        return None if ds is None else tracked(ds, lambda path: self.env.note_dependency(str(path)))

    def myst(self, text: str) -> list[nodes.Node]:
        holder = nodes.container(classes=["claimlab"])
        self.state.nested_parse(StringList(text.splitlines()), self.content_offset, holder)
        return [holder]

    def run(self) -> list[nodes.Node]:
        ds = self.dataset()
        if ds is None:
            return [self.state.document.reporter.warning(
                "claimlab: the data did not load; see the problems listed above", line=self.lineno)]
        if assessed.is_assessed(ds) and self.name in assessed.PAGES:  # assessed edition: no model answers shown
            return self.myst(assessed.PAGES[self.name](ds, self.arguments[0] if self.arguments else ""))
        if self.required_chapter and (not self.arguments or self.arguments[0] not in ds.by_id("chapters")):
            got = self.arguments[0] if self.arguments else "nothing"
            return [self.state.document.reporter.warning(
                f"{self.name}: unknown chapter id (got {got!r}, expected one of {', '.join(ds.by_id('chapters'))})",
                line=self.lineno)]
        return self.build(ds)

    required_chapter = False

    def build(self, ds: Dataset) -> list[nodes.Node]:
        raise NotImplementedError


def _myst_directive(make: Callable[[Dataset, str], str], chapter: bool) -> type[_DataDirective]:
    class Directive(_DataDirective):
        required_chapter = chapter

        def build(self, ds: Dataset) -> list[nodes.Node]:
            return self.myst(make(ds, self.arguments[0] if self.arguments else ""))

    Directive.__doc__ = make.__doc__
    return Directive


class SelfCheck(_DataDirective):
    """Kernel-free self-check for a chapter (HTML + a small script, no kernel, no network)."""

    required_chapter = True

    def build(self, ds: Dataset) -> list[nodes.Node]:
        return [nodes.raw("", render.self_check(ds, self.arguments[0]), format="html")]


class ExerciseCheck(_DataDirective):
    """Kernel-free self-check of an exercise's core skill."""

    def run(self) -> list[nodes.Node]:
        ds = self.dataset()
        if ds is not None and assessed.is_assessed(ds):  # assessed edition: no self-check answers in the page
            return self.myst(assessed.PAGES[self.name](ds, ""))
        if ds is None or not self.arguments or self.arguments[0] not in QUESTIONS:
            return [self.state.document.reporter.warning(
                f"exercise-check: unknown exercise (got {self.arguments[0] if self.arguments else 'nothing'!r}, "
                f"expected one of {', '.join(QUESTIONS)})", line=self.lineno)]
        return [nodes.raw("", render.exercise_check(ds, self.arguments[0]), format="html")]


class _TimingDirective(_DataDirective):
    """Base of the timing directives: they count the chapters' words, so a chapter edit rebuilds them."""

    def build(self, ds: Dataset) -> list[nodes.Node]:
        for chapter in ds.chapters:
            self.env.note_dependency(str(timing.REPO / f"{chapter['page']}.md"))
        return self.timing(ds)

    def timing(self, ds: Dataset) -> list[nodes.Node]:
        raise NotImplementedError


class TimingTable(_TimingDirective):
    """Reading minutes per chapter and working minutes per exercise."""

    def timing(self, ds: Dataset) -> list[nodes.Node]:
        return self.myst(timing.timing_table(ds))


class SessionPlan(_TimingDirective):
    """One session plan from data/session-plans.yml, with a warning wherever it does not fit its stated time."""

    def timing(self, ds: Dataset) -> list[nodes.Node]:
        plan_id = self.arguments[0] if self.arguments else ""
        try:
            text = timing.session_plan(ds, plan_id)
        except ValueError as err:
            return [self.state.document.reporter.warning(f"session-plan: {err}", line=self.lineno)]
        chapters, exercises = timing.chapter_minutes(ds), timing.exercise_minutes(ds)
        plan = next(p for p in timing.plans(ds) if p["id"] == plan_id)
        return [*(self.state.document.reporter.warning(f"session-plan: {problem}", line=self.lineno)
                  for problem in timing.plan_problems(plan, chapters, exercises)), *self.myst(text)]


def _figure(svg: str, caption: str) -> nodes.raw:
    return nodes.raw("", f'<figure class="claimlab-fig"><div class="claimlab-fig-scroll">{svg}</div>'
                         f"<figcaption>{caption}</figcaption></figure>", format="html")


class TimelineFigure(_DataDirective):
    """The timeline picture, then the same events as a table."""

    def build(self, ds: Dataset) -> list[nodes.Node]:
        svg, _ = figures.timeline_svg(ds)
        legend = "; ".join(f'<span style="color:{escape(c)}">●</span> {escape(name)}'
                           for c, name in figures.TRACKS.values())
        caption = f"Figure: key events, 1979–2026, drawn from <code>data/timeline.yml</code>. Dot colours: {legend}."
        rows = ["| Date | Event | Sources |", "| --- | --- | --- |"]
        rows += [f"| {human_date(e['date'])} | {mt.cited(e['label'])} | {mt.cite(e['sources'])} |"
                 for e in sorted(ds.timeline, key=lambda e: e["date"])]
        return [_figure(svg, caption)] + self.myst("\n".join(["## The events as text", "", *rows, ""]))


class ActorMap(_DataDirective):
    """The actor map picture, then every relation as a table."""

    def build(self, ds: Dataset) -> list[nodes.Node]:
        svg, _, pairs = figures.actor_map_svg(ds)
        legend = "; ".join(f'<span style="color:{escape(c)}">━</span> {escape(text)}' for c, text in pairs)
        caption = (f"Figure: who deals with whom, drawn from <code>data/actors.yml</code>. "
                   f"Arc colours: {legend}. Dashed arcs: relations that have ended. Bold: Russia and the five cases.")
        names = {a["id"]: mt.cited(a["name"]) for a in ds.actors}
        rows = ["| From | Relation | To | Since | Until | Note | Sources |", "| --- | --- | --- | --- | --- | --- | --- |"]
        rows += [f"| {names[r['source']]} | {mt.cited(r['kind'])} | {names[r['target']]} | {human_date(r['since'])} | "
                 f"{human_date(r['until']) if r.get('until') else '–'} | {mt.cited(r['note'])} | "
                 f"{mt.cite(r['sources'])} |"
                 for r in ds.relations]
        return [_figure(svg, caption)] + self.myst("\n".join(["## The relations as text", "", *rows, ""]))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("claimlab_data", "", "env")
    app.setup_extension("claimlab.inbrowser_pages")  # "Run this exercise in your browser" (claimlab.lite)
    app.connect("config-inited", _static)
    app.connect("builder-inited", _load)
    app.connect("html-page-context", _reveal_script)
    app.add_css_file("claimlab.css")
    app.add_directive("claim-cards", _myst_directive(render.claim_cards, chapter=True))
    app.add_directive("then-and-now", _myst_directive(lambda ds, _: render.then_and_now(ds), chapter=False))
    app.add_directive("seed-errors", _myst_directive(lambda ds, _: render.seed_errors(ds), chapter=False))
    app.add_directive("glossary-table", _myst_directive(lambda ds, _: render.glossary(ds), chapter=False))
    app.add_directive("source-grades", _myst_directive(lambda ds, _: render.source_grades(ds), chapter=False))
    app.add_directive("search-log", _myst_directive(lambda ds, _: searchlog.search_log(ds), chapter=False))
    app.add_directive("lateral-dossier", _myst_directive(lambda ds, _: lateral.dossier(ds), chapter=False))
    app.add_directive("both-sides", _myst_directive(lambda ds, _: bothsides.both_sides(ds), chapter=False))
    app.add_directive("model-matrices", _myst_directive(lambda ds, _: render.model_matrices(ds), chapter=False))
    app.add_directive("answer-key", _myst_directive(lambda ds, _: answer_key.answer_key(ds), chapter=False))
    app.add_directive("timing-table", TimingTable)
    app.add_directive("session-plan", SessionPlan)
    app.add_directive("self-check", SelfCheck)
    app.add_directive("exercise-check", ExerciseCheck)
    app.add_directive("timeline-figure", TimelineFigure)
    app.add_directive("actor-map", ActorMap)
    # Pages are rebuilt whenever the package that renders them changes, not only when their source does:
    # Sphinx starts a fresh environment when an extension's env_version differs from the stored one.
    return {"version": "1.0", "env_version": _package_version(), "parallel_read_safe": True,
            "parallel_write_safe": True}


#: What the package renders pages with (not build outputs such as the in-browser edition's dataset.json).
SOURCE_SUFFIXES = {".py", ".html", ".j2", ".js", ".css", ".svg"}


def _package_version() -> int:
    """A number that changes with any file of the claimlab package (code, templates, assets)."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(p for p in package.rglob("*") if p.suffix in SOURCE_SUFFIXES and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return int(digest.hexdigest()[:12], 16)
