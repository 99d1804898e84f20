"""The one loader: ``data/`` in, a checked :class:`Dataset` out.

Chapters, exercises, the report and the tests all come through here, so an item
added to ``data/`` shows up everywhere, and bad data stops everything with the
same list of problems.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .validate import validate
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

    def by_id(self, kind: str) -> dict[str, dict[str, Any]]:
        """Records of one kind (``"claims"``, ``"evidence"`` …) keyed by id."""
        return {r["id"]: r for r in getattr(self, kind)}

    def files(self) -> list[Path]:
        """Every file the dataset was read from, for build-time dependency tracking."""
        return sorted(p for p in self.data_dir.iterdir() if p.suffix in (".yml", ".bib"))


def load_dataset(data_dir: Path | None = None) -> Dataset:
    """Load and validate ``data_dir``; raise :class:`DataError` listing every problem."""
    data_dir = Path(data_dir) if data_dir else default_data_dir()
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
        hypotheses=value["hypotheses"],
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
