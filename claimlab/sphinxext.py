"""Sphinx extension: the directives through which book pages show the data.

Pages say *what* to show (``{claim-cards} motives``); :mod:`claimlab.render` and
:mod:`claimlab.figures` say *how*. The data is loaded and validated once per
build; if it has problems each is logged as ``file:line: field: …`` and the build
fails under ``-W`` — no traceback, and no page silently built from bad data.

After a data edit, a page is read again only if one of its directives would now show something
else (:class:`DataReads`): a one-word edit to one evidence record re-reads the pages that show
that record, not every page that shows evidence.
"""
from __future__ import annotations

import hashlib
import json
import os
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
    """The build's dataset, noting each data file a directive reads as one its page depends on.

    After an edit to ``data/evidence.yml`` only the pages that read evidence are looked at again
    (:func:`_pages_shown_otherwise`), not every page that shows any data. Reading goes through
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


#: What a data directive shows, in order: ``("myst", text)`` parsed as MyST, ``("html", markup)`` as is,
#: ``("warning", message)`` as a build warning. A pure function of the data, the directive and its argument,
#: so a later build can tell, without reading the page again, whether the page would now show anything else.
Part = tuple[str, str]


class _DataDirective(SphinxDirective):
    """Base: fetch the dataset, work out what to show (:meth:`shows`), record it, turn it into nodes."""

    optional_arguments = 1
    has_content = False
    required_chapter = False

    def dataset(self) -> Dataset | None:
        ds = getattr(self.env.app, "claimlab_dataset", None)
        return None if ds is None else tracked(ds, lambda path: _reads(self.env).note_file(self.env.docname, path))

    def myst(self, text: str) -> list[nodes.Node]:
        holder = nodes.container(classes=["claimlab"])
        self.state.nested_parse(StringList(text.splitlines()), self.content_offset, holder)
        return [holder]

    def run(self) -> list[nodes.Node]:
        ds = self.dataset()
        if ds is None:  # noted as a directive no later build knows, so the page is read again once data loads
            _reads(self.env).note_output(self.env.docname, "", "", [])
            return [self.state.document.reporter.warning(
                "claimlab: the data did not load; see the problems listed above", line=self.lineno)]
        argument = self.arguments[0] if self.arguments else ""
        parts = self.shows(ds, argument)
        _reads(self.env).note_output(self.env.docname, self.name, argument, parts)
        found: list[nodes.Node] = []
        for kind, text in parts:
            if kind == "myst":
                found += self.myst(text)
            elif kind == "html":
                found.append(nodes.raw("", text, format="html"))
            else:
                found.append(self.state.document.reporter.warning(text, line=self.lineno))
        return found

    @classmethod
    def shows(cls, ds: Dataset, argument: str) -> list[Part]:
        """What the directive shows: the assessed edition's text, a warning on an unknown chapter, or :meth:`build`."""
        if assessed.is_assessed(ds) and cls.name in assessed.PAGES:  # assessed edition: no model answers shown
            return [("myst", assessed.PAGES[cls.name](ds, argument))]
        if cls.required_chapter and argument not in ds.by_id("chapters"):
            return [("warning", f"{cls.name}: unknown chapter id (got {argument or 'nothing'!r}, "
                                f"expected one of {', '.join(ds.by_id('chapters'))})")]
        return cls.build(ds, argument)

    #: The directive's name in pages (set by :func:`setup`).
    name = ""

    @classmethod
    def build(cls, ds: Dataset, argument: str) -> list[Part]:
        raise NotImplementedError


def _myst_directive(make: Callable[[Dataset, str], str], chapter: bool) -> type[_DataDirective]:
    class Directive(_DataDirective):
        required_chapter = chapter

        @classmethod
        def build(cls, ds: Dataset, argument: str) -> list[Part]:
            return [("myst", make(ds, argument))]

    Directive.__doc__ = make.__doc__
    return Directive


class SelfCheck(_DataDirective):
    """Kernel-free self-check for a chapter (HTML + a small script, no kernel, no network)."""

    required_chapter = True

    @classmethod
    def build(cls, ds: Dataset, argument: str) -> list[Part]:
        return [("html", render.self_check(ds, argument))]


class ExerciseCheck(_DataDirective):
    """Kernel-free self-check of an exercise's core skill."""

    @classmethod
    def shows(cls, ds: Dataset, argument: str) -> list[Part]:
        if assessed.is_assessed(ds):  # assessed edition: no self-check answers in the page
            return [("myst", assessed.PAGES[cls.name](ds, ""))]
        if argument not in QUESTIONS:
            return [("warning", f"exercise-check: unknown exercise (got {argument or 'nothing'!r}, "
                                f"expected one of {', '.join(QUESTIONS)})")]
        return [("html", render.exercise_check(ds, argument))]


class _TimingDirective(_DataDirective):
    """Base of the timing directives: they count the chapters' words, so a chapter edit rebuilds them."""

    def run(self) -> list[nodes.Node]:
        ds = getattr(self.env.app, "claimlab_dataset", None)
        for chapter in ds.chapters if ds is not None else ():
            self.env.note_dependency(str(timing.REPO / f"{chapter['page']}.md"))
        return super().run()


class TimingTable(_TimingDirective):
    """Reading minutes per chapter and working minutes per exercise."""

    @classmethod
    def build(cls, ds: Dataset, argument: str) -> list[Part]:
        return [("myst", timing.timing_table(ds))]


class SessionPlan(_TimingDirective):
    """One session plan from data/session-plans.yml, with a warning wherever it does not fit its stated time."""

    @classmethod
    def build(cls, ds: Dataset, argument: str) -> list[Part]:
        try:
            text = timing.session_plan(ds, argument)
        except ValueError as err:
            return [("warning", f"session-plan: {err}")]
        chapters, exercises = timing.chapter_minutes(ds), timing.exercise_minutes(ds)
        plan = next(p for p in timing.plans(ds) if p["id"] == argument)
        problems = timing.plan_problems(plan, chapters, exercises)
        return [*(("warning", f"session-plan: {problem}") for problem in problems), ("myst", text)]


def _figure(svg: str, caption: str) -> Part:
    return ("html", f'<figure class="claimlab-fig"><div class="claimlab-fig-scroll">{svg}</div>'
                    f"<figcaption>{caption}</figcaption></figure>")


class TimelineFigure(_DataDirective):
    """The timeline picture, then the same events as a table."""

    @classmethod
    def build(cls, ds: Dataset, argument: str) -> list[Part]:
        svg, _ = figures.timeline_svg(ds)
        legend = "; ".join(f'<span style="color:{escape(c)}">●</span> {escape(name)}'
                           for c, name in figures.TRACKS.values())
        caption = f"Figure: key events, 1979–2026, drawn from <code>data/timeline.yml</code>. Dot colours: {legend}."
        rows = ["| Date | Event | Sources |", "| --- | --- | --- |"]
        rows += [f"| {human_date(e['date'])} | {mt.cited(e['label'])} | {mt.cite(e['sources'])} |"
                 for e in sorted(ds.timeline, key=lambda e: e["date"])]
        return [_figure(svg, caption), ("myst", "\n".join(["## The events as text", "", *rows, ""]))]


class ActorMap(_DataDirective):
    """The actor map picture, then every relation as a table."""

    @classmethod
    def build(cls, ds: Dataset, argument: str) -> list[Part]:
        svg, _, pairs = figures.actor_map_svg(ds)
        legend = "; ".join(f'<span style="color:{escape(c)}">━</span> {escape(text)}' for c, text in pairs)
        caption = (f"Figure: who deals with whom, drawn from <code>data/actors.yml</code>. "
                   f"Arc colours: {legend}. Dashed arcs: relations that have ended. Bold: Russia and the five cases.")
        names = {a["id"]: mt.cited(a["name"]) for a in ds.actors}
        # a relation reads by its label in definitions.yml ("has pledged security help to it"), never by its id
        kinds = {k["kind"]: k["label"] for k in (ds.extra.get("definitions") or {}).get("relation_kinds", [])}
        rows = ["| From | Relation | To | Since | Until | Note | Sources |", "| --- | --- | --- | --- | --- | --- | --- |"]
        rows += [f"| {names[r['source']]} | {mt.cited(kinds.get(r['kind'], r['kind'].replace('-', ' ')))} | "
                 f"{names[r['target']]} | {human_date(r['since'])} | "
                 f"{human_date(r['until']) if r.get('until') else '–'} | {mt.cited(r['note'])} | "
                 f"{mt.cite(r['sources'])} |"
                 for r in ds.relations]
        return [_figure(svg, caption), ("myst", "\n".join(["## The relations as text", "", *rows, ""]))]


# -- which pages a data edit changes -------------------------------------------------------------------


def _digest(parts: list[Part]) -> str:
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


class DataReads:
    """Per page: the data files its directives read, and what each directive showed (its argument, a digest).

    Kept on the build environment (``env.claimlab_reads``), so it lasts between builds, is dropped with a
    page (``env-purge-doc``) and is handed back from the processes that read pages with ``-j``
    (``env-merge-info``). A data file is not a Sphinx dependency of the pages that read it: after an edit,
    :func:`_pages_shown_otherwise` works out each such page's directives again from the new data and
    re-reads only the pages where one would now show something else. A one-word edit to one evidence
    record re-reads the pages that show that record, not the 16 that show any evidence.
    """

    def __init__(self) -> None:
        self.files: dict[str, set[str]] = {}
        self.outputs: dict[str, list[tuple[str, str, str]]] = {}

    def note_file(self, docname: str, path: Path) -> None:
        self.files.setdefault(docname, set()).add(str(path))

    def note_output(self, docname: str, directive: str, argument: str, parts: list[Part]) -> None:
        self.outputs.setdefault(docname, []).append((directive, argument, _digest(parts)))

    def purge(self, docname: str) -> None:
        self.files.pop(docname, None)
        self.outputs.pop(docname, None)

    def merge(self, docnames: set[str], other: DataReads) -> None:
        for docname in docnames:
            if docname in other.files:
                self.files[docname] = other.files[docname]
            if docname in other.outputs:
                self.outputs[docname] = other.outputs[docname]


def _reads(env: Any) -> DataReads:
    if not isinstance(getattr(env, "claimlab_reads", None), DataReads):
        env.claimlab_reads = DataReads()
    return env.claimlab_reads


def _purge_reads(app: Sphinx, env: Any, docname: str) -> None:
    _reads(env).purge(docname)


def _merge_reads(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    _reads(env).merge(set(docnames), _reads(other))


def _modified_since(path: str, read_at: int) -> bool:
    """Whether ``path`` changed after a page was read (``read_at``: Sphinx's microseconds), as Sphinx decides."""
    try:
        return os.stat(path).st_mtime_ns // 1_000 > read_at
    except OSError:
        return True  # a data file gone: the page must say so


def _pages_shown_otherwise(app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """The pages not already to be read whose data directives would now show something else (``env-get-outdated``)."""
    reads, ds = _reads(env), getattr(app, "claimlab_dataset", None)
    outdated = []
    for docname in sorted(set(reads.files) | set(reads.outputs)):
        if docname in changed or docname in added or docname in removed or docname not in env.all_docs:
            continue
        outputs = reads.outputs.get(docname, [])
        known = ds is not None and all(directive in DIRECTIVES for directive, _, _ in outputs)
        if known and not any(_modified_since(path, env.all_docs[docname]) for path in reads.files.get(docname, ())):
            continue  # none of the data it shows has changed since it was read
        if not known or any(_digest(DIRECTIVES[directive].shows(ds, argument)) != digest  # type: ignore[arg-type]
                            for directive, argument, digest in outputs):
            outdated.append(docname)
    return outdated


#: Every data directive, by the name pages use.
DIRECTIVES: dict[str, type[_DataDirective]] = {
    "claim-cards": _myst_directive(render.claim_cards, chapter=True),
    "then-and-now": _myst_directive(lambda ds, _: render.then_and_now(ds), chapter=False),
    "seed-errors": _myst_directive(lambda ds, _: render.seed_errors(ds), chapter=False),
    "glossary-table": _myst_directive(lambda ds, _: render.glossary(ds), chapter=False),
    "source-grades": _myst_directive(lambda ds, _: render.source_grades(ds), chapter=False),
    "search-log": _myst_directive(lambda ds, _: searchlog.search_log(ds), chapter=False),
    "lateral-dossier": _myst_directive(lambda ds, _: lateral.dossier(ds), chapter=False),
    "both-sides": _myst_directive(lambda ds, _: bothsides.both_sides(ds), chapter=False),
    "model-matrices": _myst_directive(lambda ds, _: render.model_matrices(ds), chapter=False),
    "answer-key": _myst_directive(lambda ds, _: answer_key.answer_key(ds), chapter=False),
    "timing-table": TimingTable,
    "session-plan": SessionPlan,
    "self-check": SelfCheck,
    "exercise-check": ExerciseCheck,
    "timeline-figure": TimelineFigure,
    "actor-map": ActorMap,
}
for _name, _directive in DIRECTIVES.items():  # one class per name: shows() knows which directive it is
    _directive.name = _name


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("claimlab_data", "", "env")
    app.setup_extension("claimlab.inbrowser_pages")  # "Run this exercise in your browser" (claimlab.lite)
    app.connect("config-inited", _static)
    app.connect("builder-inited", _load)
    app.connect("html-page-context", _reveal_script)
    app.add_css_file("claimlab.css")
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    app.connect("env-purge-doc", _purge_reads)
    app.connect("env-merge-info", _merge_reads)
    app.connect("env-get-outdated", _pages_shown_otherwise)
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
