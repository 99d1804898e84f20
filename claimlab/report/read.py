"""Find and read the files in a submissions folder, trusting none of them.

The folder is whatever an instructor collected from e-mail, a learning platform or a
USB stick, and a student may hand in anything: a FIFO, a link to ``/dev/zero`` or to a
classmate's folder, a 2 GB file, JSON nested ten thousand deep. So:

* the folder is walked with directory file descriptors and nothing is followed: every
  path component is opened with ``O_NOFOLLOW``, so no symbolic link leads out of it;
* a file is opened with ``O_NONBLOCK`` (a FIFO cannot hang the report) and read only if
  ``fstat`` says it is a regular file; at most :data:`MAX_BYTES` + 1 bytes are read, so
  the size cap holds for what is actually read, not for what ``st_size`` claims;
* the JSON parser's own recursion guard bounds nesting depth (a ``RecursionError`` is a
  reason, not a crash), and the size cap bounds everything else.

Every refusal is a :class:`BadFile` whose message is shown to the instructor next to the
file's name. What the JSON *contains* is checked in :mod:`claimlab.report.submission`.
"""
from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path
from typing import Any

import msgspec

#: An export is about 150 kB (300 kB with every attempt and reason); anything far larger is not one.
MAX_BYTES = 8 * 1024 * 1024
#: Sub-folders deeper than this are not searched (a folder of submissions is one or two levels deep).
MAX_FOLDER_DEPTH = 8
#: Files under this name pattern are answers files; others (the exported ``.md``, notes) are ignored.
SUFFIX = ".json"

#: The submissions folder itself is the instructor's choice and may be reached through a link; nothing in it is.
_TOP_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_DIR_FLAGS = _TOP_FLAGS | os.O_NOFOLLOW
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"))


class BadFile(Exception):
    """A file that cannot be used; the message is the reason shown to the instructor."""


def answer_files(folder: Path) -> list[str]:
    """Every ``*.json`` entry under ``folder`` (relative POSIX paths, sorted), symbolic links included so
    they can be listed as refused; sub-folders reached through a link are not entered."""
    found: list[str] = []
    top = os.open(folder, _TOP_FLAGS)
    try:
        _walk(top, "", 0, found)
    finally:
        os.close(top)
    return sorted(found)


def _walk(fd: int, prefix: str, depth: int, found: list[str]) -> None:
    with os.scandir(fd) as entries:
        listed = sorted((e.name, e.is_dir(follow_symlinks=False)) for e in entries)
    for name, is_dir in listed:
        if is_dir:
            if depth >= MAX_FOLDER_DEPTH:
                continue
            try:
                sub = os.open(name, _DIR_FLAGS, dir_fd=fd)
            except OSError:
                found.append(prefix + name + "/")  # an unreadable folder is listed, not silently dropped
                continue
            try:
                _walk(sub, f"{prefix}{name}/", depth + 1, found)
            finally:
                os.close(sub)
        elif name.endswith(SUFFIX):
            found.append(prefix + name)


def _open_nofollow(folder: Path, shown: str) -> int:
    """A descriptor for ``folder/shown``, refusing a symbolic link at every step of the path."""
    parts = shown.split("/")
    fd = os.open(folder, _TOP_FLAGS)
    try:
        for part in parts[:-1]:
            sub = os.open(part, _DIR_FLAGS, dir_fd=fd)
            os.close(fd)
            fd = sub
        return os.open(parts[-1], _FILE_FLAGS, dir_fd=fd)
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def read_bytes(folder: Path, shown: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of one regular file, at most ``limit``; :class:`BadFile` for anything else."""
    if shown.endswith("/"):
        raise BadFile("a folder that could not be opened")
    try:
        fd = _open_nofollow(folder, shown)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise BadFile("a symbolic link (links are not followed: copy the file itself into the folder)") from None
        raise BadFile(f"could not be opened ({error.strerror or error.__class__.__name__})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise BadFile(f"not a regular file ({_kind(mode)}); not read")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except BlockingIOError:
        raise BadFile("could not be read without waiting; not read") from None
    except OSError as error:
        raise BadFile(f"could not be read ({error.strerror or error.__class__.__name__})") from None
    finally:
        os.close(fd)
    if size > limit:
        raise BadFile(f"too large for an answers file (over {limit // (1024 * 1024) or limit} "
                      f"{'MB' if limit >= 1024 * 1024 else 'bytes'})")
    return b"".join(chunks)


class _Exercise(msgspec.Struct):
    """One exercise of an export as the report reads it: its answers. The rest (chiefly ``results``, nine
    tenths of an export, which the report recomputes rather than trusts) is checked as JSON but never built."""

    answers: Any = msgspec.UNSET


class _Export(msgspec.Struct, forbid_unknown_fields=True):
    """An export's fields (contract 4), read in one pass; a file with any other field is read by :func:`parse`
    (so nothing it holds goes unchecked: a field skipped unread here would be a field never checked as text)."""

    format: Any = msgspec.UNSET
    format_version: Any = msgspec.UNSET
    data_edition: Any = msgspec.UNSET
    student: Any = msgspec.UNSET
    group: Any = msgspec.UNSET
    exported_at: Any = msgspec.UNSET
    finished: Any = msgspec.UNSET
    exercises: dict[str, _Exercise] = msgspec.UNSET
    fingerprints: Any = msgspec.UNSET


_EXPORT = msgspec.json.Decoder(_Export)
_FIELDS = _Export.__struct_fields__


def parse_export(raw: bytes) -> Any:
    """:func:`parse` for an exported answers file, without what the report never reads: each exercise's
    fields other than ``answers`` (its stored ``results`` above all, most of the parsing time).

    Anything the fast parser does not take as it stands (not an object, a field an export does not have,
    an exercise that is not an object, a byte-order mark, a lone surrogate, ``NaN``, damaged JSON) goes
    to :func:`parse`, so a file is accepted or refused, with the same reason, as :func:`parse` would. One
    exception: a whole number of over 4,300 digits, which :func:`parse` refuses, is skipped unread inside
    an exercise's results."""
    try:
        export = _EXPORT.decode(raw)
    except (msgspec.MsgspecError, RecursionError, UnicodeDecodeError, ValueError):
        return parse(raw)
    found = {name: getattr(export, name) for name in _FIELDS if getattr(export, name) is not msgspec.UNSET}
    if "exercises" in found:
        found["exercises"] = {name: {} if part.answers is msgspec.UNSET else {"answers": part.answers}
                              for name, part in found["exercises"].items()}
    return found


def parse(raw: bytes) -> Any:
    """The JSON value in ``raw``; :class:`BadFile` says how it is damaged."""
    if not raw.strip():
        raise BadFile("empty file")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BadFile("not a JSON file (not UTF-8 text; is it a PDF, a zip or a screenshot?)") from None
    except json.JSONDecodeError as error:
        raise BadFile(f"damaged JSON at line {error.lineno}, column {error.colno} ({error.msg.removesuffix(' at')}); "
                      "ask the student to export again") from None
    except RecursionError:
        raise BadFile("damaged JSON (nested too deeply)") from None
    except ValueError as error:  # absurdly long numbers
        raise BadFile(f"damaged JSON ({error.__class__.__name__})") from None


def printable(name: str, limit: int = 200) -> str:
    """A file name as it may be shown (terminal, report): control characters and odd bytes as escapes."""
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
                    for c in name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
