"""Keep a student's (or a group's) answers for the whole exercise chain in one JSON file, safely.

Students close tabs, restart kernels and open one notebook in two tabs, so no save may be lost
without the student being told:

* **Atomic writes.** Every change is written at once to a temporary file in the same folder
  (named ``.claimlab-tmp-…``), flushed, fsynced and renamed over the old file: a crash leaves
  the old file or the new one, never half. Temporary files left by a killed kernel (older than
  :data:`STALE_TMP_SECONDS`) are removed when a store opens.
* **A lock, then compare-and-merge.** A save takes an exclusive ``fcntl.flock`` on the sidecar
  file ``.answers-<student>.json.lock`` (waiting at most :data:`LOCK_TIMEOUT` seconds, then
  failing with a message), re-reads the file under the lock and merges this writer's change
  into what is there: exercise by exercise, key by key against what this writer last read
  (:func:`merge_answers`), and item by item with :func:`claimlab.exercises.attempts.merge`, so
  no committed attempt from either writer is lost. Only then is the file replaced.
* **Two tabs on one exercise are detected.** Each store has a writer id; the file records, per
  exercise, the last writer and a revision number. If another writer saved an exercise after
  this store last read it, the student is told (in ``messages``) and the answers are merged.
* **A failed save is never reported as saved.** :meth:`AnswerStore.put` returns False and sets
  ``save_problem``; answers not yet written are kept and written with the next successful save;
  ``saved_at`` only changes after a successful write.
* **Never trust the file.** It is read only if it is a regular file (no symlink, FIFO or device)
  of at most :data:`MAX_FILE_BYTES`. A file that is not a claimlab answers file is renamed with a
  timestamp and never overwritten; inside a good file every part is type-checked (it may have
  been edited by hand), bad parts are skipped, a copy of the file is kept and the student is told.

Where: ``$CLAIMLAB_ANSWERS_DIR``, else ``./my-answers`` relative to the working directory.
Who: ``$JUPYTERHUB_USER`` on a hub, else a name the student types, remembered in that folder
(``.student-name``) so it is typed once. Names become safe slugs (lower-case ASCII letters,
digits and hyphens), which rules out path traversal.

**Groups.** A pair or group signs in under one group name with its members (typed one per line
or comma separated; 2 to :data:`MAX_MEMBERS` names of at most :data:`MAX_NAME_CHARS` characters).
Their file is ``answers-group-<slug of the group name>.json``, so a group never shares a file with
a person, and it records ``group: {"name", "members"}``. On JupyterHub the hub user is signed in
as themself, with no name to type; they may still join a group, which then saves in *their own*
hub folder with the hub user always listed as a member; the group is remembered in that folder
until they leave it, so their other notebooks open as the group too. One member hands in the
group's export, which names the group and its members.

File format (``format_version`` 2)::

    {"format": "claimlab-autosave", "format_version": 2, "data_edition": "<hash>",
     "student": "<slug of the person or group>",
     "group": null | {"name": "Table 3", "members": ["Ann Smith", "Ben Lee"]},
     "saved_at": "<UTC ISO time>",
     "answers": {"<exercise id>": {"items": {"<item id>": <item record>}, ...other answers...}},
     "writers": {"<exercise id>": {"writer": "<12 hex>", "revision": <int>, "at": "<UTC ISO time>"}}}

An item record is contract 1 (:mod:`claimlab.exercises.attempts`):
``{"attempts": [{"choice": {...}, "reason": "...", "at": "..."}, ...], "draft": {...}, "draft_reason": "..."}``.
Format 1 (same, without ``group`` and ``writers``; items held the answer fields themselves) is
still read: :func:`upgrade_v1` turns each answered item into one attempt with an empty reason,
made at the file's ``saved_at``.
"""
from __future__ import annotations

import contextlib
import copy
import datetime as dt
import errno
import hashlib
import json
import os
import re
import secrets
import stat
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import attempts as attempt_log
from .chain import TITLES

try:  # POSIX; a browser-side Python or Windows has no flock, and there only one writer runs at a time
    import fcntl

    fcntl.flock  # noqa: B018 - Pyodide's fcntl module has no flock
except (ImportError, AttributeError):  # pragma: no cover - exercised only where flock is missing
    fcntl = None  # type: ignore[assignment]

FORMAT = "claimlab-autosave"
FORMAT_VERSION = 2
DEFAULT_DIR = "my-answers"
NAME_FILE = ".student-name"
MAX_SLUG = 64
GROUP_PREFIX = "group-"
MAX_MEMBERS = 8
MAX_NAME_CHARS = 80
#: Seconds a save waits for another notebook to finish its own save before giving up (and saying so).
LOCK_TIMEOUT = 5.0
#: A temporary file this old cannot belong to a save in progress (a save takes milliseconds).
STALE_TMP_SECONDS = 300
TMP_PREFIX = ".claimlab-tmp-"
#: Larger than any real answers file (a full chain with long reasons is well under 1 MB).
MAX_FILE_BYTES = 4 * 1024 * 1024
#: Temporary files of ours: the current prefix, and the names older versions used (".answers-x.json.abc.tmp").
_OUR_TMP = re.compile(r"^(?:\.claimlab-tmp-.*|\.(?:claimlab-)?answers-.*|\.\.student-name\..*)\.tmp$")


class _Missing:
    """Stands for an absent key in :func:`merge_answers` (None is a value a student may have stored)."""

    def __repr__(self) -> str:
        return "MISSING"


_MISSING: Any = _Missing()

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


# -- groups ------------------------------------------------------------------------------------


def clean_name(text: str, what: str = "A name") -> str:
    """A typed name as one line of printable text; refused if empty or longer than MAX_NAME_CHARS."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())
    if not flat:
        raise ValueError(f"{what} is empty.")
    if len(flat) > MAX_NAME_CHARS:
        raise ValueError(f"{what} is too long ({len(flat)} characters; at most {MAX_NAME_CHARS}).")
    return flat


def parse_members(text: str, required: str | None = None) -> list[str]:
    """Members typed one per line or comma separated: cleaned, each once, ``required`` (the hub user) first.

    Raises ValueError (with a message for the student) for fewer than 2 or more than MAX_MEMBERS
    names, or a name that is too long.
    """
    names: list[str] = []
    for part in ([required] if required else []) + re.split(r"[,;\n]", text or ""):
        if part and part.strip():
            name = clean_name(part, "A member name")
            if name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
    if len(names) < 2:
        raise ValueError("A group needs at least two members: type their names, one per line or separated by commas.")
    if len(names) > MAX_MEMBERS:
        raise ValueError(f"A group has at most {MAX_MEMBERS} members ({len(names)} were typed).")
    return names


def group_slug(name: str) -> str:
    """The file id of a group: ``"Table 3"`` -> ``"group-table-3"`` (never the same as a person's)."""
    slug = slugify(name)
    return slug if slug.startswith(GROUP_PREFIX) else (GROUP_PREFIX + slug)[:MAX_SLUG].strip("-")


def _valid_group(value: Any) -> dict[str, Any] | None:
    """A group read from a file, if it is well formed."""
    if not isinstance(value, Mapping) or not isinstance(value.get("members"), list):
        return None
    try:
        members = [clean_name(m) for m in value["members"] if isinstance(m, str)]
        return {"name": clean_name(value.get("name", "")), "members": members[:MAX_MEMBERS]}
    except ValueError:
        return None


# -- files -------------------------------------------------------------------------------------


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that readers only ever see the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{TMP_PREFIX}{path.name}.", suffix=".tmp")
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


def clean_stale_temp_files(directory: Path, max_age: float = STALE_TMP_SECONDS) -> list[str]:
    """Remove our own temporary files older than ``max_age`` seconds (left by a killed kernel).

    Only regular files whose names match our temporary-file pattern are touched; a younger one
    may belong to a save in progress in another notebook. Returns the names removed.
    """
    removed: list[str] = []
    cutoff = time.time() - max_age
    with contextlib.suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            if not _OUR_TMP.match(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return removed


class SaveError(OSError):
    """A save that did not happen, with a message a student can act on."""


@contextlib.contextmanager
def file_lock(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive ``flock`` on the sidecar file ``path`` for the block, waiting at most ``timeout`` s.

    The lock file is never replaced or deleted (deleting it would let two writers lock two
    different files); it is empty. Where ``fcntl`` is missing, the block runs unlocked.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise SaveError(errno.EAGAIN, f"another notebook kept the answers file busy for over "
                                                  f"{timeout:g} seconds") from None
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def remembered_student(directory: Path) -> str | None:
    """The name (or group) signed in with in an earlier notebook, if any."""
    with contextlib.suppress(OSError, UnicodeDecodeError, ValueError):
        text = (directory / NAME_FILE).read_text(encoding="utf-8")[:200].strip()
        return slugify(text) if text else None
    return None


def initial_student(directory: Path, env: Mapping[str, str] | None = None) -> str | None:
    """Who a new notebook signs in as: a group remembered in this folder, else the hub user, else the
    remembered name (on a hub the folder is the user's own, so a remembered group is their choice)."""
    remembered = remembered_student(directory)
    if remembered and remembered.startswith(GROUP_PREFIX):
        return remembered
    return hub_user(env) or remembered


# -- merging and upgrading ---------------------------------------------------------------------


def _is_record(value: Any) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("attempts"), list)


def _without_attempts(value: Any) -> Any:
    return {k: v for k, v in value.items() if k != "attempts"} if isinstance(value, Mapping) else value


def merge_answers(base: Any, mine: Any, theirs: Any) -> Any:
    """Three-way merge of answers: ``mine`` (this writer's) into ``theirs`` (on disk), given ``base``
    (what this writer last read or wrote). Pure; ``_MISSING`` stands for an absent key.

    What only one side changed is kept; where both changed one value, ``mine`` (the newer write)
    wins. Item records are never simply replaced: their attempts are the union of both sides
    (:func:`claimlab.exercises.attempts.merge`), so no committed attempt is lost.
    """
    if _is_record(mine) or _is_record(theirs):
        if not isinstance(mine, Mapping):
            return copy.deepcopy(theirs)
        if not isinstance(theirs, Mapping):
            return copy.deepcopy(mine)
        rest = merge_answers(_without_attempts(base), _without_attempts(mine), _without_attempts(theirs))
        merged = dict(rest) if isinstance(rest, Mapping) else {}
        merged["attempts"] = attempt_log.merge(theirs, mine)["attempts"]
        return merged
    if mine is _MISSING:  # removed here: keep a change made there
        return _MISSING if theirs == base else copy.deepcopy(theirs)
    if theirs is _MISSING:
        return _MISSING if mine == base else copy.deepcopy(mine)
    if isinstance(mine, Mapping) and isinstance(theirs, Mapping):  # key by key, so no record inside is dropped
        old = base if isinstance(base, Mapping) else {}
        merged = {}
        for key in [*theirs, *(k for k in mine if k not in theirs)]:
            value = merge_answers(old.get(key, _MISSING), mine.get(key, _MISSING), theirs.get(key, _MISSING))
            if value is not _MISSING:
                merged[key] = value
        return merged
    if mine == base or mine == theirs:
        return copy.deepcopy(theirs)
    return copy.deepcopy(mine)  # changed here (and perhaps there too: this write is the newer one)


def _v1_item(item: Mapping[str, Any], at: str) -> dict[str, Any] | None:
    if "attempts" in item:
        return dict(item)
    choice = {k: v for k, v in item.items() if k != "checked" and v not in ("", None, [], {})}
    return {"attempts": [{"choice": choice, "reason": "", "at": at}]} if choice else None


def upgrade_v1(answers: Mapping[str, Any], at: str) -> dict[str, Any]:
    """Format-1 answers as format 2: each answered item becomes one attempt with an empty reason made
    at ``at`` (the v1 file's ``saved_at``, or an export's ``exported_at``); an unanswered item is
    dropped; the ``checked`` flag (feedback seen) has no place in an attempt. Answers outside
    ``items`` are unchanged. Pure and idempotent: items that already have attempts stay as they are.
    """
    upgraded: dict[str, Any] = {}
    for exercise, part in answers.items():
        if not isinstance(part, Mapping):
            continue
        new = copy.deepcopy(dict(part))
        if isinstance(part.get("items"), Mapping):
            items = {i: _v1_item(item, at) for i, item in part["items"].items() if isinstance(item, Mapping)}
            new["items"] = {i: record for i, record in items.items() if record is not None}
        upgraded[exercise] = new
    return upgraded


def _check_item(where: str, item: Any, problems: list[str]) -> dict[str, Any] | None:
    if not isinstance(item, Mapping):
        problems.append(f"{where} is not an answer")
        return None
    record = dict(item)
    if "attempts" in record:
        raw = record["attempts"] if isinstance(record["attempts"], list) else []
        good = attempt_log.attempts(record)
        if len(good) != len(raw) or not isinstance(record["attempts"], list):
            problems.append(f"{where}: {max(len(raw) - len(good), 1)} damaged attempt(s)")
        record["attempts"] = good
    if "draft" in record and not isinstance(record["draft"], Mapping):
        problems.append(f"{where}: the unsaved draft")
        del record["draft"]
    if "draft_reason" in record and not isinstance(record["draft_reason"], str):
        problems.append(f"{where}: the draft reason")
        del record["draft_reason"]
    return record


def check_answers(answers: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The well-formed part of an answers section read from a file, and what was skipped (pure)."""
    good: dict[str, Any] = {}
    problems: list[str] = []
    for exercise, part in answers.items():
        if not isinstance(part, Mapping):
            problems.append(f"the answers to {exercise!r}")
            continue
        part = dict(part)
        if "items" in part:
            if not isinstance(part["items"], Mapping):
                problems.append(f"the items of {exercise!r}")
                part["items"] = {}
            else:
                items = {i: _check_item(f"item {i!r} of {exercise!r}", v, problems) for i, v in part["items"].items()}
                part["items"] = {i: v for i, v in items.items() if v is not None}
        good[exercise] = part
    return good, problems


def _check_writers(value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, Mapping):
        return {}
    return {ex: {"writer": w["writer"], "revision": w["revision"], "at": w["at"]} for ex, w in value.items()
            if isinstance(w, Mapping) and isinstance(w.get("writer"), str) and isinstance(w.get("at"), str)
            and isinstance(w.get("revision"), int) and not isinstance(w.get("revision"), bool) and w["revision"] >= 0}


class _Unreadable(Exception):
    """The answers file exists but is not a claimlab answers file we can use."""


def _read_bounded(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of at most MAX_FILE_BYTES; None if it does not exist."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _Unreadable("it is a link to another file") from error
        raise _Unreadable(f"it could not be opened ({error.strerror or error})") from error
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _Unreadable("it is not a regular file")
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _Unreadable(f"it is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return data


def parse_document(raw: bytes) -> tuple[dict[str, Any], list[str]]:
    """An autosave file's bytes as a format-2 document, and the parts skipped as damaged.

    Raises ``_Unreadable`` when the file as a whole cannot be used. Version 1 is upgraded.
    """
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise _Unreadable(f"it is damaged ({error.__class__.__name__})") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _Unreadable("it is not a claimlab answers file")
    version = document.get("format_version")
    if isinstance(version, bool) or version not in (1, 2):
        shown = repr(version)[:20]
        raise _Unreadable(f"it has format_version {shown}, which this version of claimlab cannot read")
    if not isinstance(document.get("answers"), dict):
        raise _Unreadable("its answers section is missing or damaged")
    saved_at = document.get("saved_at") if isinstance(document.get("saved_at"), str) else ""
    group = _valid_group(document.get("group"))
    problems = ["the group's name and members"] if document.get("group") is not None and group is None else []
    answers, answer_problems = check_answers(document["answers"])
    problems += answer_problems
    if version == 1:
        answers = upgrade_v1(answers, saved_at)
    edition = document.get("data_edition")
    return {"data_edition": edition if isinstance(edition, str) else None, "group": group, "saved_at": saved_at,
            "answers": answers, "writers": _check_writers(document.get("writers")) if version == 2 else {}}, problems


def _empty_document() -> dict[str, Any]:
    return {"data_edition": None, "group": None, "saved_at": "", "answers": {}, "writers": {}}


# -- the store ---------------------------------------------------------------------------------


class AnswerStore:
    """One student's (or group's) answers, mirrored to ``answers-<slug>.json``.

    Before anyone is signed in (no hub user, no name typed yet) answers are kept in memory;
    :meth:`sign_in` then merges them into the file. ``messages`` collects what the student
    should be told (file moved aside, parts skipped, data changed, another tab saving the same
    exercise); ``save_problem`` says why the last save failed (None after a successful one) and
    ``saved_at`` when the last successful save happened.
    """

    def __init__(self, directory: Path, edition: str, student: str | None = None, clock: Clock = utc_now,
                 lock_timeout: float = LOCK_TIMEOUT):
        self.directory = Path(directory)
        self.edition = edition
        self.clock = clock
        self.lock_timeout = lock_timeout
        self.writer = secrets.token_hex(6)
        self.student: str | None = None
        self.group: dict[str, Any] | None = None
        self.messages: list[str] = []
        self.blocked = False
        self.saved_at: dt.datetime | None = None
        self.save_problem: str | None = None
        self._unsaved: dict[str, Any] = {}  # exercise -> answers not yet on disk (before sign-in, or a failed save)
        self._base: dict[str, Any] = {}  # exercise -> what this store's caller last got or put
        self._seen: dict[str, int] = {}  # exercise -> the revision on disk when this store last read or wrote it
        self._told: set[Any] = set()
        self.cleaned = clean_stale_temp_files(self.directory)
        if student:
            self.sign_in(student)

    @property
    def path(self) -> Path | None:
        return self.directory / f"answers-{self.student}.json" if self.student else None

    @property
    def lock_path(self) -> Path | None:
        return self.directory / f".answers-{self.student}.json.lock" if self.student else None

    @property
    def saving(self) -> bool:
        """Whether changes can reach the disk (signed in, file not blocked); see ``save_problem`` too."""
        return self.student is not None and not self.blocked

    @property
    def display_name(self) -> str:
        """Who is saving, as shown to the student: the group's name or the slug."""
        return self.group["name"] if self.group else (self.student or "")

    # -- signing in ----------------------------------------------------------------------------

    def sign_in(self, name: str, remember: bool = False, members: Sequence[str] | None = None) -> str:
        """Attach the store to a person's file, or with ``members`` to a group's; returns the slug used.

        Raises ValueError for a name or member list that cannot be used, or when answers from the
        previous file are still unsaved. A saving problem is recorded in ``save_problem``, not raised.
        """
        if members is not None:
            group: dict[str, Any] | None = {"name": clean_name(name, "The group name"),
                                            "members": parse_members("\n".join(members))}
            slug = group_slug(group["name"])
        else:
            group, slug = None, slugify(name)
        if self.student is not None and slug != self.student:
            self._refuse_if_unsaved()
        self.student, self.group, self.blocked = slug, group, False
        self.saved_at, self.save_problem = None, None
        self._base, self._seen = {}, {}
        self._save(set(self._unsaved), on_sign_in=True)
        if remember:
            with contextlib.suppress(OSError):  # not remembering is an inconvenience, not a lost answer
                atomic_write_text(self.directory / NAME_FILE, slug + "\n")
        return slug

    def sign_out(self) -> None:
        """Stop saving to the current file (e.g. leaving a group) and forget the remembered name."""
        self._refuse_if_unsaved()
        self.student, self.group, self.blocked, self.saved_at, self.save_problem = None, None, False, None, None
        self._base, self._seen = {}, {}
        with contextlib.suppress(OSError):
            (self.directory / NAME_FILE).unlink()

    def _refuse_if_unsaved(self) -> None:
        """Answers that failed to save belong to this file: switching would carry them into another one.
        (A blocked file is the exception: moving to another name is the student's way out.)"""
        if self.student is not None and self._unsaved and not self.blocked:
            raise ValueError("Some of your answers are not saved yet, so you cannot switch names now: "
                             "change any answer once saving works again, then switch.")

    # -- reading and writing answers -----------------------------------------------------------

    def answers(self) -> dict[str, Any]:
        """All exercises' answers: the file's (another notebook may have saved), with unsaved ones laid over."""
        on_disk = self._read_quietly()
        found = copy.deepcopy(on_disk["answers"])
        for exercise, mine in self._unsaved.items():
            merged = merge_answers(self._base.get(exercise, _MISSING), mine, found.get(exercise, _MISSING))
            found[exercise] = merged
        return found

    def get(self, exercise: str) -> dict[str, Any]:
        """One exercise's answers, for a UI to show; what this store's later :meth:`put` merges against."""
        if exercise in self._unsaved:  # not on disk yet: show it, but keep merging against the last saved base
            return self.answers().get(exercise, {})
        on_disk = self._read_quietly()
        found = copy.deepcopy(on_disk["answers"].get(exercise, {}))
        if self.saving:
            self._base[exercise] = copy.deepcopy(found)
            self._seen[exercise] = on_disk["writers"].get(exercise, {}).get("revision", 0)
        return found

    def put(self, exercise: str, answers: Mapping[str, Any]) -> bool:
        """Record one exercise's answers; True only if they were written to disk.

        When the write fails, the answers are kept (and written with the next successful save),
        ``save_problem`` says why and False is returned; nothing is raised.
        """
        self._unsaved[exercise] = copy.deepcopy(dict(answers))
        if not self.saving:
            return False
        return self._save(set(self._unsaved))

    def clear(self, exercise: str) -> bool:
        """Forget one exercise's answers (the student has confirmed); True once the file no longer holds them.

        Only ``exercise`` is removed, under the file's lock, from what is on disk now, so the other
        exercises' answers (also those another notebook saved meanwhile) are kept as they are. A
        failed write is reported in ``save_problem`` and False is returned; nothing is raised.
        """
        self._unsaved.pop(exercise, None)
        self._base.pop(exercise, None)
        if not self.saving:
            return True
        try:
            with file_lock(self.lock_path, self.lock_timeout):
                document = self._read()
                if document is None:
                    return False
                now = self.clock().isoformat(timespec="seconds")
                old = document["writers"].get(exercise)
                revision = (old["revision"] if old else 0) + 1
                document["answers"].pop(exercise, None)
                document["writers"][exercise] = {"writer": self.writer, "revision": revision, "at": now}
                self._write(document, now)
        except OSError as error:
            self.save_problem = str(error) if isinstance(error, SaveError) else f"{error.strerror or error}"
            return False
        self._base[exercise], self._seen[exercise] = {}, revision
        self.saved_at, self.save_problem = self.clock(), None
        return True

    def _save(self, exercises: set[str], on_sign_in: bool = False) -> bool:
        """Merge the unsaved answers of ``exercises`` into the file under the lock; True if written."""
        try:
            with file_lock(self.lock_path, self.lock_timeout):
                document = self._read()
                if document is None:
                    return False
                if on_sign_in:
                    self._adopt_group(document)
                    if not exercises and (self.group is None or self.group == document["group"]):
                        return True  # nothing to write
                now = self.clock().isoformat(timespec="seconds")
                written = {}
                for exercise in sorted(exercises):
                    old = document["writers"].get(exercise)
                    if old and exercise in self._seen and old["writer"] != self.writer \
                            and old["revision"] > self._seen[exercise]:
                        self._tell_other_writer(exercise, old)
                    mine = self._unsaved[exercise]
                    document["answers"][exercise] = merge_answers(
                        self._base.get(exercise, _MISSING), mine, document["answers"].get(exercise, _MISSING))
                    revision = (old["revision"] if old else 0) + 1
                    document["writers"][exercise] = {"writer": self.writer, "revision": revision, "at": now}
                    written[exercise] = (mine, revision)
                self._write(document, now)
        except OSError as error:
            self.save_problem = (str(error) if isinstance(error, SaveError)
                                 else f"{error.strerror or error}")
            return False
        for exercise, (mine, revision) in written.items():
            self._base[exercise], self._seen[exercise] = mine, revision
            del self._unsaved[exercise]
        self.saved_at, self.save_problem = self.clock(), None
        return True

    def _adopt_group(self, document: Mapping[str, Any]) -> None:
        """A slug signed in without members takes the group recorded in its file (a remembered group);
        members typed again replace the recorded ones, and the student is shown both lists."""
        before = document["group"]
        if self.group is None and before is not None:
            self.group = before
        elif self.group is not None and before is not None and before["members"] != self.group["members"]:
            self.messages.append(f"This group's file listed its members as {', '.join(before['members'])}; "
                                 f"it now lists {', '.join(self.group['members'])}.")

    def _tell_other_writer(self, exercise: str, other: Mapping[str, Any]) -> None:
        if (exercise, other["writer"]) in self._told:
            return
        self._told.add((exercise, other["writer"]))
        title = TITLES.get(exercise, exercise)
        self.messages.append(
            f"\u201c{title}\u201d is also open in another tab or notebook, which saved it at {other['at'][11:19]} "
            "UTC. Both sets of answers were kept and merged (no committed attempt is lost; where both changed "
            "the same answer, this tab's is kept). Close one of the two, then re-run this one to see everything.")

    def _write(self, document: Mapping[str, Any], now: str) -> None:
        out = {"format": FORMAT, "format_version": FORMAT_VERSION, "data_edition": self.edition,
               "student": self.student, "group": self.group, "saved_at": now,
               "answers": document["answers"], "writers": document["writers"]}
        atomic_write_text(self.path, json.dumps(out, indent=1, ensure_ascii=False, sort_keys=True) + "\n")

    def _read_quietly(self) -> dict[str, Any]:
        """The file as it is now, for showing (no lock needed: writes are atomic)."""
        if not self.saving:
            return _empty_document()
        return self._read(locked=False) or _empty_document()

    def _read(self, locked: bool = True) -> dict[str, Any] | None:
        """The checked document on disk (empty if there is none); None if it can be neither read nor moved.

        An unusable file is moved aside only under the lock (``locked``), so that a reader can never
        move away a good file another notebook has just written.
        """
        path = self.path
        try:
            raw = _read_bounded(path)
            if raw is None:
                return _empty_document()
            document, problems = parse_document(raw)
        except _Unreadable as problem:
            if not locked:
                return _empty_document()
            self._move_aside(str(problem))
            return None if self.blocked else _empty_document()
        if problems:
            self._keep_damaged_copy(raw, problems)
        if document["data_edition"] not in (None, self.edition) and "edition" not in self._told:
            self._told.add("edition")
            self.messages.append(
                "The course data has changed since these answers were saved. Answers to items that "
                "no longer exist are kept in your file but not shown.")
        return document

    def _keep_damaged_copy(self, raw: bytes, problems: list[str]) -> None:
        """Parts of the file were skipped: keep the file as it was, once per store, and say so."""
        key = ("damaged", hashlib.sha256(raw).hexdigest())
        if key in self._told:
            return
        self._told.add(key)
        target = self._aside_name("damaged")
        try:
            target.write_bytes(raw)
            kept = f" The file as it was is kept as {target.name}."
        except OSError:
            kept = ""
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        self.messages.append(f"Parts of your answers file were damaged (perhaps edited by hand) and were skipped: "
                             f"{shown}.{kept} Your instructor can help recover them.")

    def _aside_name(self, label: str) -> Path:
        path = self.path
        stamp = self.clock().strftime("%Y%m%dT%H%M%SZ")
        target = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
        counter = 1
        while target.exists() or target.is_symlink():
            counter += 1
            target = path.with_name(f"{path.stem}.{label}-{stamp}-{counter}{path.suffix}")
        return target

    def _move_aside(self, reason: str) -> None:
        path = self.path
        target = self._aside_name("unreadable")
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
