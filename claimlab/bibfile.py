"""Read ``data/sources.bib`` well enough to check it and to show sources on pages.

Sphinx reads the file with pybtex for the bibliography; this reader exists because
pybtex does not report line numbers, and an instructor editing the file needs them.
It understands the flat ``field = {value}`` entries this project writes.
"""
from __future__ import annotations

import re
from pathlib import Path

from .schema import BIB_FIELDS, DATE_PATTERN
from .yamlsource import Problem, read_text

_ENTRY = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]*)\s*,?\s*$")
_FIELD = re.compile(r"^\s*(\w+)\s*=\s*\{(.*)\}\s*,?\s*$")


def _clean(value: str) -> str:
    """Drop BibTeX braces and escapes so the value reads as plain text."""
    return re.sub(r"\\([&%#_])", r"\1", value.replace("{", "").replace("}", "")).strip()


def read_bib(path: Path, shown: str) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Return ``{key: {field: value, "_line": line}}`` and the problems found."""
    text, problems = read_text(path, shown)
    if text is None:
        return {}, problems
    entries: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    key = ""
    named: dict[int, str] = {}  # line -> "key.field", to name the field of a control character
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("%"):
            continue
        if m := _ENTRY.match(line):
            key = m.group(2)
            if not key:
                problems.append(Problem(shown, number, "(entry)", "entry has no key (got '', expected @misc{key,)"))
            elif key in entries:
                problems.append(Problem(shown, number, key, f"duplicate BibTeX key (got {key!r} twice, expected unique keys)"))
            current = {"_line": str(number), "_type": m.group(1).lower()}
            entries[key or f"(line {number})"] = current
        elif stripped == "}":
            if current is not None:
                _check_entry(key, current, shown, problems)
            current = None
        elif current is not None and (m := _FIELD.match(line)):
            current[m.group(1).lower()] = _clean(m.group(2))
            named[number] = f"{key}.{m.group(1).lower()}"
        else:
            problems.append(Problem(shown, number, key or "(entry)",
                                    f"cannot read this line (got {stripped[:40]!r}, expected field = {{value}},)"))
    if current is not None:
        problems.append(Problem(shown, int(current["_line"]), key, "entry is not closed (expected a line with only })"))
    for problem in problems:
        if problem.field == "(text)":
            problem.field = named.get(problem.line, problem.field)
    return entries, problems


def _check_entry(key: str, entry: dict[str, str], shown: str, problems: list[Problem]) -> None:
    line = int(entry["_line"])
    for name in BIB_FIELDS:
        if not entry.get(name):
            problems.append(Problem(shown, line, f"{key}.{name}", f"missing field (expected {name} = {{…}})"))
    date = entry.get("date", "")
    if date and date != "undated" and not re.match(DATE_PATTERN, date):
        problems.append(Problem(shown, line, f"{key}.date", f"bad date (got {date!r}, expected YYYY, YYYY-MM, YYYY-MM-DD or undated)"))
    url = entry.get("url", "")
    if url and not url.startswith(("http://", "https://")):
        problems.append(Problem(shown, line, f"{key}.url", f"bad url (got {url!r}, expected http:// or https://)"))
