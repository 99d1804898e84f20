"""Check every data file and report *all* problems in one run.

Three layers, each reported as ``file:line: field: what is wrong (got …, expected …)``:
reading (size, UTF-8, control characters, YAML syntax, anchors and aliases, empty
files, duplicate keys: :mod:`claimlab.yamlsource`), the schema of each file
(:mod:`claimlab.schema`, including the rule that data text is plain text with
citations), and the rules that span files (ids that must exist, BibTeX keys,
relation kinds, duplicates). Nothing here raises on bad data: an instructor gets a
list to work through, never a traceback.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any, Iterable

# jsonschema loads rfc3987_syntax when it is installed, to check the "iri" format, and that module compiles
# its grammars on import: about a second in every process that validates (upstream jsonschema issue 1428).
# Our schema uses no IRI format, so the module is marked absent before jsonschema looks for it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import jsonschema  # noqa: E402

from .bibfile import read_bib
from .schema import CITE_ROLE, FILES, LATERAL_REQUIRED_TOPICS, OPTIONAL_FILES, assessed_files, markup_problem
from .yamlsource import LoadedFile, Problem, load_yaml


def _field(file: LoadedFile, path: tuple[Any, ...]) -> str:
    return file.field_name(path)


def _got(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _schema_problem(file: LoadedFile, err: jsonschema.ValidationError) -> Problem:
    path = tuple(err.absolute_path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    kind = err.validator
    if kind == "required":
        missing = re.search(r"'([^']+)' is a required property", err.message)
        name = missing.group(1) if missing else "?"
        return Problem(file.name, file.line_of(path), _field(file, path + (name,)), "missing required field")
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in (err.instance or {}) if k not in allowed]
        name = extra[0] if extra else "?"
        return Problem(file.name, file.line_of(path + (name,)), _field(file, path + (name,)),
                       f"unknown field (got {name!r}, expected one of {', '.join(allowed)})")
    where = (file.name, file.line_of(path), _field(file, path))
    if kind == "enum":
        options = ", ".join(str(o) for o in err.validator_value)
        return Problem(*where, f"not an allowed value (got {_got(err.instance)}, expected one of {options})")
    if kind == "type":
        return Problem(*where, f"wrong type (got {type(err.instance).__name__} {_got(err.instance)}, expected {err.validator_value})")
    if kind == "pattern":
        expected = schema.get("description", f"text matching {err.validator_value}")
        return Problem(*where, f"bad format (got {_got(err.instance)}, expected {expected})")
    if kind in ("minItems", "minLength", "minProperties"):
        return Problem(*where, f"is empty (got {_got(err.instance)}, expected at least {err.validator_value})")
    if kind == "uniqueItems":
        return Problem(*where, f"repeats an item (got {_got(err.instance)}, expected each item once)")
    return Problem(*where, err.message)


def _date_problems(file: LoadedFile, value: Any, path: tuple[Any, ...] = ()) -> Iterable[Problem]:
    """Dates that have the right shape but do not exist (2025-02-30) or lie in the future."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("date", "as_of", "since", "until", "searched") and isinstance(item, str):
                bad = _bad_date(item)
                if bad:
                    yield Problem(file.name, file.line_of(path + (key,)), _field(file, path + (key,)), bad)
            else:
                yield from _date_problems(file, item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _date_problems(file, item, path + (i,))


def _bad_date(text: str) -> str | None:
    parts = text.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 3:
        return None  # the schema's pattern reports the shape
    try:
        year, month, day = (int(p) for p in parts + ["1"] * (3 - len(parts)))
        dt.date(year, month, day)
    except ValueError:
        return f"bad date (got {text!r}, expected a real calendar date)"
    if not 1900 <= year <= dt.date.today().year + 1:
        return f"bad date (got {text!r}, expected a year from 1900 to {dt.date.today().year + 1})"
    return None


def shown_path(path: Path) -> str:
    """The path as a reader would type it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_all(data_dir: Path) -> tuple[dict[str, LoadedFile], dict[str, dict[str, str]], list[Problem]]:
    """Parse every data file and the BibTeX file, and check each on its own."""
    files: dict[str, LoadedFile] = {}
    problems: list[Problem] = []
    # an assessed edition's copy (claimlab.assessed) lacks the model fields on purpose
    schemas = assessed_files() if (data_dir / "assessed.yml").exists() else FILES
    for name, schema in schemas.items():
        path = data_dir / name
        if not path.exists():
            if name in OPTIONAL_FILES:
                continue
            problems.append(Problem(shown_path(path), 1, "(file)", f"missing file (expected {name} in the data folder)"))
            continue
        loaded = load_yaml(path, shown_path(path))
        files[name] = loaded
        problems += loaded.problems
        if loaded.value is None:
            continue
        validator = jsonschema.Draft202012Validator(schema)
        errors = sorted(validator.iter_errors(loaded.value), key=lambda e: (loaded.line_of(tuple(e.absolute_path)), str(e.message)))
        problems += [_schema_problem(loaded, e) for e in errors]
        problems += list(_date_problems(loaded, loaded.value))
        problems += list(_markup_problems(loaded, loaded.value))
    bib_path = data_dir / "sources.bib"
    sources, bib_problems = read_bib(bib_path, shown_path(bib_path)) if bib_path.exists() else (
        {}, [Problem(shown_path(bib_path), 1, "(file)", "missing file (expected the project's BibTeX sources)")])
    for key, entry in sources.items():
        for name, text in entry.items():
            why = None if name.startswith("_") else markup_problem(text)
            if why:
                bib_problems.append(Problem(shown_path(bib_path), int(entry["_line"]), f"{key}.{name}", why))
    return files, sources, problems + bib_problems


def _markup_problems(file: LoadedFile, value: Any, path: tuple[Any, ...] = ()) -> Iterable[Problem]:
    """Text that carries markup other than citations (raw HTML, directives, roles): see schema.FORBIDDEN_MARKUP."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _markup_problems(file, item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _markup_problems(file, item, path + (i,))
    elif isinstance(value, str):
        why = markup_problem(value)
        if why:
            yield Problem(file.name, file.line_of(path), _field(file, path), why)


def _records(files: dict[str, LoadedFile], name: str, key: str | None = None) -> list[tuple[tuple[Any, ...], dict]]:
    """(path, record) pairs of a file's list (or of ``value[key]``), skipping malformed ones."""
    loaded = files.get(name)
    value = loaded.value if loaded else None
    prefix: tuple[Any, ...] = ()
    if key is not None:
        value = value.get(key) if isinstance(value, dict) else None
        prefix = (key,)
    if not isinstance(value, list):
        return []
    return [(prefix + (i,), r) for i, r in enumerate(value) if isinstance(r, dict)]


class _Refs:
    """Collects cross-file problems with the file and line already resolved."""

    def __init__(self, files: dict[str, LoadedFile]):
        self.files = files
        self.problems: list[Problem] = []

    def add(self, name: str, path: tuple[Any, ...], message: str) -> None:
        loaded = self.files[name]
        self.problems.append(Problem(loaded.name, loaded.line_of(path), _field(loaded, path), message))

    def ids(self, name: str, key: str | None = None) -> set[str]:
        """Ids of a kind, reporting duplicates once each."""
        seen: set[str] = set()
        for path, record in _records(self.files, name, key):
            rid = record.get("id")
            if isinstance(rid, str):
                if rid in seen:
                    self.add(name, path + ("id",), f"duplicate id (got {rid!r} again, expected unique ids)")
                seen.add(rid)
        return seen

    def known(self, name: str, path: tuple[Any, ...], values: Any, pool: set[str], what: str) -> None:
        for i, value in enumerate(values if isinstance(values, list) else [values]):
            if isinstance(value, str) and value not in pool:
                at = path + (i,) if isinstance(values, list) else path
                self.add(name, at, f"unknown {what} (got {value!r}, expected one of the {what}s defined{_near(value, pool)})")


def _near(value: str, pool: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, sorted(pool), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check_hypotheses(r: _Refs, evidence: set[str]) -> None:
    """The model matrices: every hypothesis rates exactly the listed rows, each under every reading."""
    name = "hypotheses.yml"
    r.ids(name, "hypotheses")
    readings = r.ids(name, "readings")
    rows: list[str] = []
    for path, row in _records(r.files, name, "rows"):
        ev = row.get("evidence")
        r.known(name, path + ("evidence",), ev, evidence, "evidence id")
        if ev in rows:
            r.add(name, path + ("evidence",), f"row listed twice (got {ev!r} again, expected each evidence id once)")
        rows.append(ev)
    for path, hyp in _records(r.files, name, "hypotheses"):
        if "ratings" not in hyp and "assessed.yml" in r.files:  # stripped on purpose (claimlab.assessed)
            continue
        ratings = hyp.get("ratings") if isinstance(hyp.get("ratings"), dict) else {}
        if set(ratings) != set(rows):
            differ = sorted(set(ratings) ^ set(rows))
            r.add(name, path + ("ratings",), f"rates a different set of evidence (got differences {', '.join(differ)}, "
                  "expected exactly the evidence listed under rows)")
        for ev, cell in ratings.items():
            given = set(cell) if isinstance(cell, dict) else set()
            if given != readings:
                differ = sorted(given ^ readings)
                r.add(name, path + ("ratings", ev), f"rates under different readings (got differences "
                      f"{', '.join(differ)}, expected every reading: {', '.join(sorted(readings))})")


def _check_source_analysis(r: _Refs, keys: set[str]) -> None:
    """The items of "Source the analysis": steps and choice sets exist, the model lies in its defensible range
    (which names only choices of its set), a scored item's range is the model alone, and accounts are sources."""
    name = "source-analysis.yml"
    if name not in r.files or not isinstance(r.files[name].value, dict):
        return
    steps = r.ids(name, "steps")
    r.ids(name, "items")
    sets = r.files[name].value.get("choice_sets")
    sets = sets if isinstance(sets, dict) else {}
    for set_id, options in sets.items():
        seen = [o.get("id") for o in options if isinstance(o, dict)] if isinstance(options, list) else []
        for twice in sorted({o for o in seen if seen.count(o) > 1}):
            r.add(name, ("choice_sets", set_id), f"duplicate choice id (got {twice!r} again, expected unique ids)")
    for path, item in _records(r.files, name, "items"):
        r.known(name, path + ("step",), item.get("step"), steps, "step id")
        r.known(name, path + ("choices",), item.get("choices"), set(sets), "choice set")
        if "account" in item:
            r.known(name, path + ("account",), item["account"], keys, "BibTeX key")
        options = sets.get(item.get("choices"))
        pool = {o.get("id") for o in options if isinstance(o, dict)} if isinstance(options, list) else None
        defensible = item.get("defensible") if isinstance(item.get("defensible"), dict) else {}
        allowed = defensible.get("choice") if isinstance(defensible.get("choice"), list) else []
        if pool is not None:
            r.known(name, path + ("model",), item.get("model"), pool, "choice")
            r.known(name, path + ("defensible", "choice"), allowed, pool, "choice")
        if "model" in item and "defensible" in item and item["model"] not in allowed:
            r.add(name, path + ("defensible", "choice"), f"leaves out the model's choice (got {allowed!r}, "
                  f"expected a range that includes {item['model']!r})")
        if item.get("scored") and "model" in item and "defensible" in item and allowed != [item["model"]]:
            r.add(name, path + ("defensible", "choice"), f"a scored item has one right answer (got {allowed!r}, "
                  f"expected [{item['model']!r}])")


def _thesis_case_problems(r: _Refs, files: dict[str, LoadedFile], evidence: set[str]) -> None:
    """A thesis-side duel round defends a claim its counterpoint objects to, from known evidence, and its id
    never repeats a main claim's (both kinds of round are items of one exercise, keyed by id)."""
    mains = {c.get("id") for _, c in _records(files, "claims.yml") if c.get("main")}
    for path, cp in _records(files, "counterpoints.yml"):
        case = cp.get("thesis_case")
        if not isinstance(case, dict):
            continue
        where = path + ("thesis_case",)
        if case.get("defends") not in (cp.get("responds_to") or []):
            r.add("counterpoints.yml", where + ("defends",), f"defends a claim this counterpoint does not answer (got "
                  f"{case.get('defends')!r}, expected one of its responds_to {cp.get('responds_to')!r})")
        r.known("counterpoints.yml", where + ("evidence",), case.get("evidence", []), evidence, "evidence id")
        if "strongest" in case and case["strongest"] not in (case.get("evidence") or []):
            r.add("counterpoints.yml", where + ("strongest",), f"not one of the round's evidence (got "
                  f"{case['strongest']!r}, expected one of {case.get('evidence')!r})")
        if cp.get("id") in mains:
            r.add("counterpoints.yml", path + ("id",), f"a thesis-side round shares its id with a main claim (got "
                  f"{cp.get('id')!r}, expected an id no main claim uses)")


def cross_check(files: dict[str, LoadedFile], sources: dict[str, dict[str, str]]) -> list[Problem]:
    """Rules spanning files: every reference points at something that exists."""
    r = _Refs(files)
    chapters = r.ids("chapters.yml")
    claims = r.ids("claims.yml")
    evidence = r.ids("evidence.yml")
    counterpoints = r.ids("counterpoints.yml")
    r.ids("timeline.yml")
    actors = r.ids("actors.yml", "actors")
    r.ids("actors.yml", "relations")
    terms = r.ids("glossary.yml")
    keys = set(sources)
    responds: dict[str, list[str]] = {}
    for path, cp in _records(files, "counterpoints.yml"):
        r.known("counterpoints.yml", path + ("responds_to",), cp.get("responds_to", []), claims, "claim id")
        r.known("counterpoints.yml", path + ("sources",), cp.get("sources", []), keys, "BibTeX key")
        for claim in cp.get("responds_to", []) or []:
            responds.setdefault(claim, []).append(cp.get("id"))
    for path, claim in _records(files, "claims.yml"):
        r.known("claims.yml", path + ("chapter",), claim.get("chapter"), chapters, "chapter id")
        strongest = claim.get("strongest_counterpoint")
        if strongest is not None:
            r.known("claims.yml", path + ("strongest_counterpoint",), strongest, counterpoints, "counterpoint id")
            if strongest in counterpoints and strongest not in responds.get(claim.get("id"), []):
                r.add("claims.yml", path + ("strongest_counterpoint",),
                      f"counterpoint does not respond to this claim (got {strongest!r}, expected one whose responds_to lists {claim.get('id')!r})")
        if claim.get("main") and not strongest and "assessed.yml" not in files:
            r.add("claims.yml", path + ("main",), "main claim without a counterpoint (got main: true, expected strongest_counterpoint and strongest_why)")
    for path, item in _records(files, "evidence.yml"):
        r.known("evidence.yml", path + ("source",), item.get("source"), keys, "BibTeX key")
        r.known("evidence.yml", path + ("also",), item.get("also", []), keys, "BibTeX key")
        r.known("evidence.yml", path + ("supports",), item.get("supports", []), claims, "claim id")
        r.known("evidence.yml", path + ("undermines",), item.get("undermines", []), claims, "claim id")
    _thesis_case_problems(r, files, evidence)
    _both_sides_problems(r, files, evidence, keys)
    _check_hypotheses(r, evidence)
    _check_source_analysis(r, keys)
    _lateral_problems(r, files, keys)
    for path, event in _records(files, "timeline.yml"):
        r.known("timeline.yml", path + ("sources",), event.get("sources", []), keys, "BibTeX key")
        if "evidence" in event:
            r.known("timeline.yml", path + ("evidence",), event["evidence"], evidence, "evidence id")
    for path, actor in _records(files, "actors.yml", "actors"):
        for i, des in enumerate(actor.get("designations", []) or []):
            if isinstance(des, dict):
                r.known("actors.yml", path + ("designations", i, "sources"), des.get("sources", []), keys, "BibTeX key")
    kinds = {k["kind"] for _, k in _records(files, "definitions.yml", "relation_kinds")
             if isinstance(k.get("kind"), str)}
    for path, rel in _records(files, "actors.yml", "relations"):
        kind = rel.get("kind")
        if "definitions.yml" in files and isinstance(kind, str) and kind not in kinds:
            r.add("actors.yml", path + ("kind",), f"unknown relation kind (got {kind!r}, expected one of the kinds "
                  f"described under relation_kinds in definitions.yml{_near(kind, kinds)})")
        r.known("actors.yml", path + ("source",), rel.get("source"), actors, "actor id")
        r.known("actors.yml", path + ("target",), rel.get("target"), actors, "actor id")
        r.known("actors.yml", path + ("sources",), rel.get("sources", []), keys, "BibTeX key")
    for path, term in _records(files, "glossary.yml"):
        r.known("glossary.yml", path + ("sources",), term.get("sources", []), keys, "BibTeX key")
        r.known("glossary.yml", path + ("see_also",), term.get("see_also", []), terms, "glossary id")
    for name, loaded in files.items():
        _cite_problems(r, name, loaded.value, (), keys)
    return r.problems


def _both_sides_problems(r: _Refs, files: dict[str, LoadedFile], evidence: set[str], keys: set[str]) -> None:
    """The both-sides choices point at evidence about their case, once per case; the search log's sources exist.

    Also checks that an evidence item's model grade lies inside its own defensible range, so the
    range can never exclude the grade the module itself gives.
    """
    cases_of = {item.get("id"): item.get("cases") or [] for _, item in _records(files, "evidence.yml")}
    for path, item in _records(files, "evidence.yml"):
        grading = item.get("grading") if isinstance(item.get("grading"), dict) else {}
        ranges = grading.get("defensible") if isinstance(grading.get("defensible"), dict) else {}
        for field in ("reliability", "credibility"):
            allowed = ranges.get(field)
            if isinstance(allowed, list) and grading.get(field) not in allowed:
                r.add("evidence.yml", path + ("grading", "defensible", field),
                      f"range leaves out the model grade (got {allowed!r}, expected it to include {grading.get(field)!r})")
    if "both-sides.yml" in files:
        seen: set[str] = set()
        for path, row in _records(files, "both-sides.yml"):
            case = row.get("case")
            if case in seen:
                r.add("both-sides.yml", path + ("case",), f"case chosen twice (got {case!r} again, expected one row per case)")
            seen.add(case)
            for side in ("for", "against"):
                ev = row.get(side)
                r.known("both-sides.yml", path + (side,), ev, evidence, "evidence id")
                if ev in cases_of and case not in cases_of[ev]:
                    r.add("both-sides.yml", path + (side,),
                          f"evidence is not about this case (got {ev!r} with cases {cases_of[ev]!r}, expected one listing {case!r})")
            if row.get("for") is not None and row.get("for") == row.get("against"):
                r.add("both-sides.yml", path + ("against",), "same item on both sides (expected two different evidence ids)")
    if "search-log.yml" in files:
        for path, row in _records(files, "search-log.yml"):
            found = row.get("found") if isinstance(row.get("found"), list) else []
            if not found and not row.get("not_found"):
                r.add("search-log.yml", path, "neither found nor not_found (expected what was found, or a note of what was not)")
            for i, hit in enumerate(found):
                if isinstance(hit, dict) and "source" in hit:
                    r.known("search-log.yml", path + ("found", i, "source"), hit["source"], keys, "BibTeX key")


def _lateral_problems(r: _Refs, files: dict[str, LoadedFile], keys: set[str]) -> None:
    """lateral-reading.yml: cited pages and dossier sources exist, every found fact is dated and cited, every outlet's
    dossier covers the required topics, and the claim update offers only evidence dated after the claim's "as of"."""
    name = "lateral-reading.yml"
    if name not in files or not isinstance(files[name].value, dict):
        return
    r.ids(name, "outlets")
    for path, outlet in _records(files, name, "outlets"):
        r.known(name, path + ("cited",), outlet.get("cited", []), keys, "BibTeX key")
        dossier = outlet.get("dossier") if isinstance(outlet.get("dossier"), list) else []
        for i, fact in enumerate(dossier):
            if not isinstance(fact, dict):
                continue
            at = path + ("dossier", i)
            if fact.get("not_found"):
                if "sources" in fact or "as_of" in fact:
                    r.add(name, at, "a fact marked not_found has sources or a date (expected neither: say what was "
                          "searched for in search-log.yml)")
            else:
                for field in ("as_of", "sources"):
                    if field not in fact:
                        r.add(name, at + ("topic",), f"fact without {field} (expected every found fact dated and "
                              "cited, or not_found: true)")
                r.known(name, at + ("sources",), fact.get("sources", []), keys, "BibTeX key")
        topics = {f.get("topic") for f in dossier if isinstance(f, dict)}
        missing = [t for t in LATERAL_REQUIRED_TOPICS if t not in topics]
        if missing:
            r.add(name, path + ("dossier",), f"dossier leaves out a topic (got no {', '.join(missing)}, expected "
                  f"each of {', '.join(LATERAL_REQUIRED_TOPICS)}, found or not_found)")
        grading = outlet.get("grading") if isinstance(outlet.get("grading"), dict) else {}
        ranges = grading.get("defensible") if isinstance(grading.get("defensible"), dict) else {}
        allowed = ranges.get("reliability")
        if isinstance(allowed, list) and "reliability" in grading and grading["reliability"] not in allowed:
            r.add(name, path + ("grading", "defensible", "reliability"), f"range leaves out the model grade "
                  f"(got {allowed!r}, expected it to include {grading['reliability']!r})")
    update = files[name].value.get("claim_update")
    if not isinstance(update, dict):
        return
    at = ("claim_update",)
    claims = {c.get("id"): c for _, c in _records(files, "claims.yml")}
    dates = {e.get("id"): str(e.get("date", "")) for _, e in _records(files, "evidence.yml")}
    r.known(name, at + ("claim",), update.get("claim"), set(claims), "claim id")
    as_of = str((claims.get(update.get("claim")) or {}).get("as_of", ""))
    offered = []
    for i, cand in enumerate(update.get("candidates") or []):
        ev = cand.get("evidence") if isinstance(cand, dict) else None
        offered.append(ev)
        r.known(name, at + ("candidates", i, "evidence"), ev, set(dates), "evidence id")
        if ev in dates and as_of and not dates[ev][:len(as_of)] > as_of:
            r.add(name, at + ("candidates", i, "evidence"), f"not newer than the claim (got {ev!r} dated "
                  f"{dates[ev]}, expected a date after the claim's as_of {as_of})")
    if "source" in update and update["source"] not in offered:
        r.add(name, at + ("source",), f"model source is not a candidate (got {update['source']!r}, expected one of "
              f"{', '.join(map(str, offered))})")
    allowed = (update.get("defensible") or {}).get("status") if isinstance(update.get("defensible"), dict) else None
    if isinstance(allowed, list) and "status" in update and update["status"] not in allowed:
        r.add(name, at + ("defensible", "status"),
              f"range leaves out the model status (got {allowed!r}, expected it to include {update['status']!r})")


def _cite_problems(r: _Refs, name: str, value: Any, path: tuple[Any, ...], keys: set[str]) -> None:
    """Every {cite}`key` written inside a text field must name a BibTeX entry."""
    if isinstance(value, dict):
        for k, v in value.items():
            _cite_problems(r, name, v, path + (k,), keys)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _cite_problems(r, name, v, path + (i,), keys)
    elif isinstance(value, str):
        for group in CITE_ROLE.findall(value):
            for key in (k.strip() for k in group.split(",")):
                if key not in keys:
                    r.add(name, path, f"unknown BibTeX key in {{cite}} (got {key!r}, expected a key from sources.bib{_near(key, keys)})")


def validate(data_dir: Path) -> tuple[dict[str, LoadedFile], dict[str, dict[str, str]], list[Problem]]:
    """Read and check everything; return the files, the sources and all problems."""
    files, sources, problems = read_all(data_dir)
    problems += cross_check(files, sources)
    return files, sources, problems
