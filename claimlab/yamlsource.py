"""Read a YAML data file and remember the line of every value.

PyYAML's normal loaders forget where a value came from and silently keep the last
of two duplicate keys; an instructor who mistypes a field deserves to be told the
line. So the node tree is walked by hand: every value gets a path such as
``(3, "grading", "reliability")`` mapped to its 1-based line.

Reading is also where hostile or broken files are stopped cheaply, before any
parsing cost grows with them: files over :data:`MAX_DATA_BYTES` are refused on the
bytes actually read; anchors and aliases (``&a`` / ``*a``, which let 342 bytes
expand into gigabytes) and nesting deeper than :data:`MAX_DEPTH` are refused with
their line; control characters become ``file:line: field`` problems instead of a
PyYAML traceback. Valid YAML that PyYAML alone rejects is accepted: a byte order
mark at the start, a tab between a value and its comment.

The files are parsed by LibYAML, PyYAML's C parser, where it is installed (:func:`_compose_fast`:
about ten times faster than the pure-Python reader, half a second of every ``validate``), and by
the pure-Python reader above whenever a file holds anything the checks refuse or LibYAML rejects,
so every problem is found and worded by one reader. Both give the same values and lines.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[Any, ...]

#: Largest data file read (bytes). The module's biggest file is under 100 kB; 2 MB leaves room
#: to grow twentyfold while keeping a parse under a few seconds and memory bounded.
MAX_DATA_BYTES = 2_000_000
MAX_DATA_SIZE = "2 MB"
#: Deepest nesting of lists and mappings: records here are three or four levels deep.
MAX_DEPTH = 32
#: C0 and C1 control characters, DEL, and the byte order mark past the start of a file;
#: newline, carriage return and tab are ordinary whitespace.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
#: What a control character is replaced with, so the file still parses and the problem can be
#: traced to the field that holds it.
MARK = "\ufffd"


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings, refuses anchors and aliases and allows tabs before comments."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
            raise RefusedYAML(f"{sign}{event.anchor}", event.start_mark,
                              f"anchors and aliases are not allowed (got {sign}{event.anchor}, "
                              "expected each value written out in full)")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise RefusedYAML("(nesting)", event.start_mark,
                              f"nested too deeply (got more than {MAX_DEPTH} levels, expected a few)")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def fetch_flow_collection_start(self, token_class: Any) -> None:
        # Checked while scanning too: PyYAML's scanner slows quadratically with open brackets.
        if self.flow_level >= MAX_DEPTH:
            raise RefusedYAML("(nesting)", self.get_mark(),
                              f"nested too deeply (got more than {MAX_DEPTH} levels, expected a few)")
        super().fetch_flow_collection_start(token_class)

    def scan_to_next_token(self) -> None:
        """Also skip tabs that separate tokens on a line (YAML allows them; PyYAML does not).

        Tabs in indentation stay errors, as YAML requires: a tab is skipped only in flow
        context or after something other than spaces on the same line.
        """
        while True:
            super().scan_to_next_token()
            if self.peek() != "\t" or self._in_indentation():
                return
            while self.peek() in " \t":
                self.forward()

    def _in_indentation(self) -> bool:
        if self.flow_level:
            return False
        start = self.pointer - self.column
        return not self.buffer[start:self.pointer].strip(" ")


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_CLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    class _CLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """LibYAML's parser with :class:`_Loader`'s resolvers (dates stay strings)."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

#: Collections nested this deep are left to the pure-Python reader, which refuses them past :data:`MAX_DEPTH`.
_FAST_DEPTH = MAX_DEPTH - 2
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _compose_fast(text: str) -> tuple[Any, Any] | None:
    """``(loader, root node)`` parsed by LibYAML, or None where the pure-Python reader must decide.

    None without LibYAML, for text it rejects, and for text holding an anchor, an alias or deep
    nesting: those are refused by :class:`_Loader`, whose messages name the line. The events are
    looked at first (in C, cheaply), so nothing refused is ever expanded.
    """
    if _CLoader is None:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_CLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                return None
            if isinstance(event, _OPEN):
                depth += 1
                if depth >= _FAST_DEPTH:
                    return None
            elif isinstance(event, _CLOSE):
                depth -= 1
        loader = _CLoader(text)
        return loader, loader.get_single_node()
    except yaml.YAMLError:
        return None


class RefusedYAML(yaml.YAMLError):
    """Valid YAML that this project refuses to expand (an alias, an anchor, deep nesting)."""

    def __init__(self, what: str, mark: yaml.Mark, problem: str):
        super().__init__(problem)
        self.what, self.problem_mark, self.problem = what, mark, problem


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


def read_text(path: Path, shown: str, limit: int = MAX_DATA_BYTES) -> tuple[str | None, list[Problem]]:
    """Read a regular file of at most ``limit`` bytes as UTF-8 (a leading BOM dropped).

    The size is checked on the bytes actually read, so a device or a file that grows
    cannot make the read unbounded. Control characters are replaced by :data:`MARK`
    and each reported as a problem on its line with field ``(text)``; callers that
    know which field holds the line name it (see :func:`name_marked_fields`).
    """
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is then refused as not a regular file.
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None, [Problem(shown, 1, "(file)", "is not a regular file (expected a text file)")]
            raw = handle.read(limit + 1)
    except OSError as err:
        return None, [Problem(shown, 1, "(file)", f"cannot be read ({err.strerror})")]
    if len(raw) > limit:
        return None, [Problem(shown, 1, "(file)", f"is too large (got more than {limit:,} bytes, "
                                                  f"expected at most {MAX_DATA_SIZE} per data file)")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        start = err.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw[:start].count(b"\n") + 1
        return None, [Problem(shown, line, "(file)",
                              f"is not UTF-8 text (got byte 0x{raw[start]:02x}, expected UTF-8)")]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Problem(shown, 1, "(file)", "is empty (got no records, expected at least one)")]
    problems = []
    for number, line in enumerate(text.split("\n"), 1):
        for char in sorted(set(CONTROL.findall(line))):
            problems.append(Problem(shown, number, "(text)", f"control character (got U+{ord(char):04X}, expected "
                                                            "printable text; only newline and tab are allowed)"))
    return CONTROL.sub(MARK, text), problems


def load_yaml(path: Path, shown: str) -> LoadedFile:
    """Parse one YAML file into a :class:`LoadedFile`; never raises on bad content."""
    result = LoadedFile(shown)
    text, problems = read_text(path, shown)
    result.problems = problems
    if text is None:
        return result
    fast = _compose_fast(text)
    loader = fast[0] if fast else _Loader(text)
    try:
        node = fast[1] if fast else loader.get_single_node()
        result.value = _build(loader, node, (), result) if node is not None else None
        for path, line in result.duplicates:
            result.problems.append(Problem(shown, line, result.field_name(path),
                                           f"duplicate key (got {path[-1]!r} twice, expected each field once)"))
    except RefusedYAML as err:
        result.problems.append(Problem(shown, err.problem_mark.line + 1, err.what, err.problem))
        result.value = None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(err, "problem", None) or str(err)
        result.problems.append(Problem(shown, line, "(syntax)", f"YAML syntax error: {what}"))
        result.value = None
    finally:
        loader.dispose()
    _name_marked_fields(result)
    if result.value is None and not result.problems:
        result.problems.append(Problem(shown, 1, "(file)", "is empty (got no records, expected at least one)"))
    return result


def _name_marked_fields(loaded: LoadedFile) -> None:
    """Give each control-character problem the field whose text holds it (the last starting on or before its line)."""
    marked = [(line, path) for path, line in loaded.lines.items()
              if (path and MARK in str(path[-1])) or MARK in _text_at(loaded.value, path)]
    for problem in loaded.problems:
        before = [(line, path) for line, path in marked if line <= problem.line]
        if problem.field == "(text)" and before:
            problem.field = loaded.field_name(max(before, key=lambda lp: (lp[0], len(lp[1])))[1])


def _text_at(value: Any, path: Path_) -> str:
    """The text at ``path``, or '' where there is none."""
    for part in path:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
        else:
            return ""
    return value if isinstance(value, str) else ""


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
