"""The one loader: ``data/`` in, a checked :class:`Dataset` out.

Chapters, exercises, the report and the tests all come through here, so an item
added to ``data/`` shows up everywhere, and bad data stops everything with the
same list of problems.

Checking the data takes about a second, and a build loads it in Sphinx and again in every
notebook kernel. So a checked dataset is also written as a JSON *snapshot* named by a hash of
the data files' bytes and of the checking code (``_build/.claimlab/dataset-<hash>.json``, or
``$CLAIMLAB_CACHE``): a later load of the very same files reads the snapshot instead of checking
again; any edit changes the hash, so edited data is always checked. ``python -m claimlab validate``
(which ``./dev build`` runs beside Jupyter Book's start: ``claimlab.jupyterbook --validate``) loads the
same way, so the build's Sphinx step reads the snapshot it wrote rather than checking the data a second time. The same JSON is what a browser-side Python reads, since
PyYAML cannot run there.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # PyYAML (imported by yamlsource) is missing where the shipped JSON is read: the browser
    from .yamlsource import Problem

REPO = Path(__file__).resolve().parent.parent


class DataError(Exception):
    """The data has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def default_data_dir() -> Path:
    """``$CLAIMLAB_DATA`` if set (a copy an instructor is editing), else the repository's ``data/``."""
    return Path(os.environ.get("CLAIMLAB_DATA") or REPO / "data")


@dataclass
class Dataset:
    """Every record as a plain dict, as written in the YAML (dates stay strings)."""

    data_dir: Path
    chapters: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    counterpoints: list[dict[str, Any]]
    hypotheses: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    relations: list[dict[str, Any]]
    glossary: list[dict[str, Any]]
    sources: dict[str, dict[str, str]]
    extra: dict[str, Any] = field(default_factory=dict)
    edition: str = ""
    #: The model readings of the competing-hypotheses matrix and its rows (data/hypotheses.yml).
    readings: list[dict[str, Any]] = field(default_factory=list)
    matrix_rows: list[dict[str, Any]] = field(default_factory=list)

    def by_id(self, kind: str) -> dict[str, dict[str, Any]]:
        """Records of one kind (``"claims"``, ``"evidence"`` …) keyed by id."""
        return {r["id"]: r for r in getattr(self, kind)}

    def files(self) -> list[Path]:
        """Every file the dataset was read from, for build-time dependency tracking."""
        return sorted(p for p in self.data_dir.iterdir() if p.suffix in (".yml", ".bib"))


SNAPSHOT_FORMAT = 2  # 2: the competing-hypotheses readings and matrix rows
FIELDS = ("chapters", "claims", "evidence", "counterpoints", "hypotheses", "timeline", "actors", "relations",
          "glossary", "sources", "extra", "edition", "readings", "matrix_rows")


def snapshot_dir() -> Path:
    """Where checked datasets are kept: ``$CLAIMLAB_CACHE`` or the build folder."""
    return Path(os.environ.get("CLAIMLAB_CACHE") or REPO / "_build" / ".claimlab")


#: The modules that check the data and shape the dataset: a snapshot is trusted only while they are unchanged.
CHECKING_CODE = ("data.py", "validate.py", "schema.py", "yamlsource.py", "bibfile.py", "labels.py", "assessed.py")


def files_digest(data_dir: Path) -> str:
    """A hash of the data files' names and bytes, and of the checking code: equal digests, identical data."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(data_dir).iterdir() if p.suffix in (".yml", ".bib") and p.is_file()):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    for name in CHECKING_CODE:  # a new check must see data the old checks passed
        code = Path(__file__).with_name(name)
        digest.update(name.encode("utf-8") + b"\0" + (code.read_bytes() if code.is_file() else b"") + b"\0")
    return digest.hexdigest()[:16]


def snapshot(dataset: Dataset) -> dict[str, Any]:
    """The dataset as plain JSON-ready data (no paths)."""
    return {"format": SNAPSHOT_FORMAT, **{name: getattr(dataset, name) for name in FIELDS}}


def _read_snapshot(path: Path, data_dir: Path) -> Dataset | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        shapes = {name: dict if name in ("sources", "extra") else str if name == "edition" else list
                  for name in FIELDS}
        if document.get("format") == SNAPSHOT_FORMAT and all(
                isinstance(document[name], shape) for name, shape in shapes.items()):
            return Dataset(data_dir=data_dir, **{name: document[name] for name in FIELDS})
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass  # missing, damaged or from another version: check the data again
    return None


def _write_snapshot(path: Path, dataset: Dataset) -> None:
    """Best effort: a read-only or full disk only means the next load checks the data again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(snapshot(dataset), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


#: A checked dataset shipped inside the package, only in the in-browser build (claimlab/lite.py writes it
#: into the wheel; it is never in the repository): the browser has no PyYAML to read ``data/``.
SHIPPED = Path(__file__).with_name("dataset.json")


def shipped_json(dataset: Dataset) -> str:
    """The dataset as the snapshot JSON that :func:`load_dataset` reads from :data:`SHIPPED`."""
    return json.dumps(snapshot(dataset), ensure_ascii=False)


@functools.cache
def _read_shipped(path: Path) -> Dataset | None:
    """The shipped dataset, read once: it is part of the installed package, so it cannot change while Python
    runs. The in-browser page's snapshot is made before it is read, so a data edit needs no new snapshot."""
    return _read_snapshot(path, path.parent)


def load_dataset(data_dir: Path | None = None) -> Dataset:
    """Load and validate ``data_dir`` (or read its checked snapshot); raise :class:`DataError` listing every problem.

    With no ``data_dir`` and no ``$CLAIMLAB_DATA``, a :data:`SHIPPED` snapshot (the in-browser build) is
    read instead: it was checked by this function when the site was built.
    """
    if data_dir is None and not os.environ.get("CLAIMLAB_DATA") and SHIPPED.is_file():
        shipped = _read_shipped(SHIPPED)
        if shipped is not None:
            return shipped
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    cached = snapshot_dir() / f"dataset-{files_digest(data_dir)}.json"
    dataset = _read_snapshot(cached, data_dir)
    if dataset is None:
        dataset = _check_and_load(data_dir)
        _write_snapshot(cached, dataset)
    return dataset


def _check_and_load(data_dir: Path) -> Dataset:
    from .validate import validate  # jsonschema and the checks load only when the data must be checked

    files, sources, problems = validate(data_dir)
    if problems:
        raise DataError(problems)
    value = {name.removesuffix(".yml"): f.value for name, f in files.items()}
    known = {"chapters", "claims", "evidence", "counterpoints", "hypotheses", "timeline", "actors", "glossary"}
    clean_sources = {k: {f: v for f, v in e.items() if not f.startswith("_")} for k, e in sources.items()}
    return Dataset(
        data_dir=data_dir,
        chapters=value["chapters"],
        claims=value["claims"],
        evidence=value["evidence"],
        counterpoints=value["counterpoints"],
        hypotheses=value["hypotheses"]["hypotheses"],
        readings=value["hypotheses"].get("readings", []),  # none in an assessed edition's data
        matrix_rows=value["hypotheses"]["rows"],
        timeline=value["timeline"],
        actors=value["actors"]["actors"],
        relations=value["actors"].get("relations", []),
        glossary=value["glossary"],
        sources=clean_sources,
        extra={k: v for k, v in value.items() if k not in known},
        edition=_edition(value, clean_sources),
    )


def _edition(value: dict[str, Any], sources: dict[str, Any]) -> str:
    """A short fingerprint of the data, so answers can be matched to the edition they were made on."""
    blob = json.dumps([value, sources], sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:12]
