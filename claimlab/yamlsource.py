"""Read a YAML data file and remember the line of every value.

PyYAML's normal loaders forget where a value came from and silently keep the last
of two duplicate keys; an instructor who mistypes a field deserves to be told the
line. So the node tree is walked by hand: every value gets a path such as
``(3, "grading", "reliability")`` mapped to its 1-based line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[Any, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings: the schema checks their form itself."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Problem:
    """One thing wrong with the data, printed as ``file:line: field: message``."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass
class LoadedFile:
    """A parsed file: its value, where each value came from, and what went wrong reading it."""

    name: str
    value: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[tuple[Path_, int]] = field(default_factory=list)

    def line_of(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest enclosing value that has one."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def field_name(self, path: Path_) -> str:
        """Name a field as a reader finds it: ``claims[3](motive-x).kind``, ``actors.relations[0](id).target``."""
        shown = Path(self.name).stem
        value = self.value
        for part in path:
            if isinstance(part, int):
                value = value[part] if isinstance(value, list) and part < len(value) else None
                rid = value.get("id") if isinstance(value, dict) else None
                shown += f"[{part}]" + (f"({rid})" if isinstance(rid, str) else "")
            else:
                value = value.get(part) if isinstance(value, dict) else None
                shown += f".{part}"
        return shown


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8, naming the line of the first undecodable byte."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [Problem(shown, 1, "(file)", f"cannot be read ({err.strerror})")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Problem(shown, line, "(file)", f"is not UTF-8 text (got byte 0x{raw[err.start]:02x}, expected UTF-8)")]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(shown, 1, "(file)", "is empty (got no records, expected at least one)")]
    return text, []


def load_yaml(path: Path, shown: str) -> LoadedFile:
    """Parse one YAML file into a :class:`LoadedFile`; never raises on bad content."""
    result = LoadedFile(shown)
    text, problems = read_text(path, shown)
    if text is None:
        result.problems = problems
        return result
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        result.value = _build(loader, node, (), result) if node is not None else None
        for path, line in result.duplicates:
            result.problems.append(Problem(shown, line, result.field_name(path),
                                           f"duplicate key (got {path[-1]!r} twice, expected each field once)"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(err, "problem", None) or str(err)
        result.problems.append(Problem(shown, line, "(syntax)", f"YAML syntax error: {what}"))
        result.value = None
    finally:
        loader.dispose()
    if result.value is None and not result.problems:
        result.problems.append(Problem(shown, 1, "(file)", "is empty (got no records, expected at least one)"))
    return result


def _build(loader: _Loader, node: yaml.Node, path: Path_, out: LoadedFile) -> Any:
    out.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        value: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in value:
                out.duplicates.append((path + (key,), key_node.start_mark.line + 1))
            value[key] = _build(loader, value_node, path + (key,), out)
            out.lines[path + (key,)] = key_node.start_mark.line + 1
        return value
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, path + (i,), out) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
