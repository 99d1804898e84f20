"""Keep a student's answers for the whole exercise chain in one JSON file, safely.

Students close tabs, restart kernels and run two notebooks at once, so:

* every change is written at once, atomically (temporary file in the same folder,
  flush, fsync, ``os.replace``): a crash leaves the old file or the new one, never half;
* each save re-reads the file and replaces only its own exercise, so two notebooks
  open side by side do not erase each other's answers;
* a file that cannot be read is never overwritten: it is renamed with a timestamp
  and the student is told where it went.

Where: ``$CLAIMLAB_ANSWERS_DIR``, else ``./my-answers`` relative to the working
directory. Who: ``$JUPYTERHUB_USER`` on a hub, else a name the student types,
remembered in that folder so it is typed once. Names become safe slugs (lower-case
ASCII letters, digits and hyphens), which rules out path traversal.

File format (``format_version`` 1)::

    {"format": "claimlab-autosave", "format_version": 1, "data_edition": "<hash>",
     "student": "<slug>", "saved_at": "<UTC ISO time>",
     "answers": {"<exercise id>": {...}, ...}}
"""
from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

FORMAT = "claimlab-autosave"
FORMAT_VERSION = 1
DEFAULT_DIR = "my-answers"
NAME_FILE = ".student-name"
MAX_SLUG = 64

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def answers_dir(env: Mapping[str, str] | None = None) -> Path:
    """Folder for answer files: ``$CLAIMLAB_ANSWERS_DIR`` or ``./my-answers``."""
    env = os.environ if env is None else env
    return Path(env.get("CLAIMLAB_ANSWERS_DIR") or DEFAULT_DIR)


def slugify(name: str) -> str:
    """A file-name-safe id for a student name: ``"Zoë O'Neil"`` -> ``"zoe-o-neil"``.

    Names without any Latin letter or digit (e.g. written in Cyrillic) get a stable
    hash-based id rather than an error, so every student can save.
    """
    if not name or not name.strip():
        raise ValueError("type your name (any letters or digits) so your answers can be saved")
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:MAX_SLUG].strip("-")
    return slug or "student-" + hashlib.sha256(name.strip().encode("utf-8")).hexdigest()[:10]


def hub_user(env: Mapping[str, str] | None = None) -> str | None:
    """The JupyterHub user name as a slug, or None outside a hub."""
    env = os.environ if env is None else env
    user = env.get("JUPYTERHUB_USER", "").strip()
    return slugify(user) if user else None


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers only ever see the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable; not possible on every OS
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def remembered_student(directory: Path) -> str | None:
    """The name typed in an earlier notebook, if any."""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        text = (directory / NAME_FILE).read_text(encoding="utf-8").strip()
        return slugify(text) if text else None
    return None


def _merge(base: dict[str, Any], newer: Mapping[str, Any]) -> dict[str, Any]:
    """``newer`` laid over ``base``, dict by dict; other values from ``newer`` win."""
    merged = dict(base)
    for key, value in newer.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


class _Unreadable(Exception):
    """The answers file exists but is not a claimlab answers file we can use."""


class AnswerStore:
    """One student's answers, mirrored to ``answers-<student>.json``.

    Before a student is known (no hub user, no name typed yet) answers are kept in
    memory; :meth:`sign_in` then loads the file and lays the unsaved answers over it.
    ``messages`` collects what the student should be told (file moved aside, data
    changed since the answers were saved, saving paused).
    """

    def __init__(self, directory: Path, edition: str, student: str | None = None, clock: Clock = utc_now):
        self.directory = Path(directory)
        self.edition = edition
        self.clock = clock
        self.student: str | None = None
        self.messages: list[str] = []
        self.blocked = False
        self._memory: dict[str, Any] = {}
        self._edition_warned = False
        if student:
            self.sign_in(student)

    @property
    def path(self) -> Path | None:
        return self.directory / f"answers-{self.student}.json" if self.student else None

    @property
    def saving(self) -> bool:
        """Whether changes currently reach the disk."""
        return self.student is not None and not self.blocked

    def sign_in(self, name: str, remember: bool = False) -> str:
        """Attach the store to a student's file; returns the slug used."""
        self.student = slugify(name)
        self.blocked = False
        on_disk = self._read()
        if on_disk is not None:
            self._memory = _merge(on_disk, self._memory)
            if self._memory != on_disk:
                self._write(self._memory)
        if remember:
            atomic_write_text(self.directory / NAME_FILE, self.student + "\n")
        return self.student

    def answers(self) -> dict[str, Any]:
        """All exercises' answers, fresh from disk when saving (another notebook may have saved)."""
        if self.saving:
            on_disk = self._read()
            if on_disk is not None:
                self._memory = _merge(self._memory, on_disk)
        return copy.deepcopy(self._memory)

    def get(self, exercise: str) -> dict[str, Any]:
        return self.answers().get(exercise, {})

    def put(self, exercise: str, answers: Mapping[str, Any]) -> bool:
        """Record one exercise's answers; True if they were written to disk."""
        self._memory[exercise] = copy.deepcopy(dict(answers))
        if not self.saving:
            return False
        on_disk = self._read()
        if on_disk is None:
            return False
        # What is on disk wins (another notebook may have saved), except for this exercise;
        # answers only held in memory survive a damaged file being moved aside.
        merged = _merge(self._memory, on_disk)
        merged[exercise] = copy.deepcopy(dict(answers))
        self._memory = merged
        self._write(merged)
        return True

    # -- file handling -------------------------------------------------------------------

    def _write(self, answers: Mapping[str, Any]) -> None:
        document = {"format": FORMAT, "format_version": FORMAT_VERSION, "data_edition": self.edition,
                    "student": self.student, "saved_at": self.clock().isoformat(timespec="seconds"),
                    "answers": answers}
        atomic_write_text(self.path, json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n")

    def _read(self) -> dict[str, Any] | None:
        """Answers on disk; {} if there are none; None if the file can be neither read nor moved."""
        path = self.path
        if path is None or not path.exists():
            return {}
        try:
            document = self._parse(path)
        except _Unreadable as problem:
            self._move_aside(str(problem))
            return None if self.blocked else {}
        if document.get("data_edition") != self.edition and not self._edition_warned:
            self._edition_warned = True
            self.messages.append(
                "The course data has changed since these answers were saved. Answers to items that "
                "no longer exist are kept in your file but not shown.")
        return document["answers"]

    @staticmethod
    def _parse(path: Path) -> dict[str, Any]:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise _Unreadable(f"it could not be opened ({error.strerror or error})") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise _Unreadable(f"it is damaged ({error.__class__.__name__})") from error
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise _Unreadable("it is not a claimlab answers file")
        version = document.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise _Unreadable(f"it has format_version {version!r}, which this version of claimlab cannot read")
        if not isinstance(document.get("answers"), dict):
            raise _Unreadable("its answers section is missing or damaged")
        return document

    def _move_aside(self, reason: str) -> None:
        path = self.path
        stamp = self.clock().strftime("%Y%m%dT%H%M%SZ")
        target = path.with_name(f"{path.stem}.unreadable-{stamp}{path.suffix}")
        counter = 1
        while target.exists():
            counter += 1
            target = path.with_name(f"{path.stem}.unreadable-{stamp}-{counter}{path.suffix}")
        try:
            os.rename(path, target)
        except OSError:
            self.blocked = True
            self.messages.append(
                f"Your answers file {path.name} could not be read because {reason}, and it could not be moved "
                "aside either. Saving is paused so that nothing is overwritten: ask your instructor for help.")
            return
        self.messages.append(
            f"Your answers file {path.name} could not be read because {reason}. It was kept as {target.name} "
            "in the same folder, and a new file was started. Your instructor can help recover the old answers.")
