"""Build the student or the instructor edition from the one source tree.

The student edition must not leak answers anywhere a student can reach: not in the
HTML, not in the notebooks offered for download, and not behind its launch buttons.
So rather than hiding things with CSS, it builds from a copy of the sources with
solution blocks and the instructor guide removed, and its Binder, Colab and
JupyterHub buttons open the published copy of those student sources (the
``student_repository`` setting in ``_config.yml``), never the instructor's
``repository``.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .data import REPO

#: pages only instructors see
INSTRUCTOR_ONLY = ("book/instructors/guide", "book/instructors/rubrics", "book/instructors/answer-key")
_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution\}")
#: what the student sources hold: enough to build the site and to run the notebooks from their own repository
COPIED = ("book", "exercises", "data", "claimlab", "_config.yml", "_toc.yml", "_vendor",
          "requirements.txt", "pyproject.toml", ".gitignore")
#: the one setting (in _config.yml) naming where the student sources are published
STUDENT_SOURCE = "student_repository"
#: … and where the assessed edition's sources (no model answers in data/) are published
ASSESSED_SOURCE = "assessed_repository"


class EditionError(Exception):
    """The student edition cannot be built safely as configured."""


def student_config(config: dict, source_key: str = STUDENT_SOURCE) -> dict:
    """The book configuration for the student edition: launch buttons point at the student sources.

    Jupyter Book builds the Binder, Colab and JupyterHub (nbgitpuller) links from ``repository``;
    in the student edition that must be ``student_repository`` (in the assessed edition
    ``assessed_repository``: the practice sources hold the model answers in data/). Without one,
    the buttons are removed rather than pointed at sources that hold the answers.
    """
    student = config.get(source_key) or {}
    instructor = config.get("repository") or {}
    practice = config.get(STUDENT_SOURCE) or {}
    config = {k: v for k, v in config.items() if k not in (STUDENT_SOURCE, ASSESSED_SOURCE)}
    if (source_key == ASSESSED_SOURCE and isinstance(student, dict) and isinstance(practice, dict)
            and student.get("url") and _repo_id(student.get("url")) == _repo_id(practice.get("url"))
            and student.get("branch", "main") == practice.get("branch", "main")):
        raise EditionError(f"{ASSESSED_SOURCE} in _config.yml is the practice edition's {STUDENT_SOURCE}: its data/ "
                           "holds the model answers. Publish _build/assessed/source there instead, or elsewhere.")
    if not isinstance(student, dict) or not student.get("url"):
        config.pop("repository", None)
        buttons = config.get("launch_buttons") or {}
        config["launch_buttons"] = {k: v for k, v in buttons.items() if not k.endswith("_url")}
        config["html"] = {**(config.get("html") or {}), "use_repository_button": False,
                          "use_issues_button": False, "use_edit_page_button": False}
        return config
    same_branch = student.get("branch", "main") == instructor.get("branch", "main")
    if _repo_id(student.get("url")) == _repo_id(instructor.get("url")) and same_branch:
        raise EditionError(f"{source_key} in _config.yml is the instructor repository ({instructor.get('url')}, "
                           f"branch {instructor.get('branch', 'main')}): students would open the solutions. "
                           "Set it to where the student sources (_build/student/source) are published.")
    config["repository"] = {"url": student["url"], "branch": student.get("branch", "main")}
    return config


def _repo_id(url: object) -> str:
    """A repository URL without the trailing slash or ``.git`` that name the same repository."""
    return str(url or "").rstrip("/").removesuffix(".git")


def strip_solutions(text: str) -> str:
    """Remove every ``{solution}`` directive block (backtick or colon fence) from MyST text."""
    out: list[str] = []
    closing: str | None = None
    for line in text.splitlines(keepends=True):
        if closing is None:
            match = _FENCE.match(line.strip())
            if match:
                closing = match.group("fence")
                continue
            out.append(line)
        elif line.strip() == closing:
            closing = None
    return "".join(out)


def solution_texts(text: str) -> list[str]:
    """The body lines of each solution block (what must never reach a student)."""
    kept = strip_solutions(text).splitlines()
    return [ln.strip() for ln in text.splitlines() if ln.strip() and ln not in kept and not _FENCE.match(ln.strip())]


def _strip_notebook(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = strip_solutions("".join(cell["source"]))
    nb["cells"] = [c for c in nb["cells"] if c["cell_type"] != "markdown" or "".join(c["source"]).strip()]
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _drop_from_toc(node, pages: tuple[str, ...]):
    if isinstance(node, list):
        kept = [_drop_from_toc(n, pages) for n in node if not (isinstance(n, dict) and n.get("file") in pages)]
        return [n for n in kept if not (isinstance(n, dict) and "chapters" in n and not n["chapters"])]
    if isinstance(node, dict):
        return {k: _drop_from_toc(v, pages) for k, v in node.items()}
    return node


def prepare_student_sources(src: Path, dest: Path, source_key: str = STUDENT_SOURCE) -> None:
    """Copy the sources to ``dest`` without solutions or instructor-only pages."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in COPIED:
        if (src / name).is_dir():
            ignore = shutil.ignore_patterns(".ipynb_checkpoints", "my-answers", "__pycache__", "*.egg-info")
            shutil.copytree(src / name, dest / name, ignore=ignore)
        elif (src / name).exists():
            shutil.copy2(src / name, dest / name)
    for page in INSTRUCTOR_ONLY:
        (dest / f"{page}.md").unlink(missing_ok=True)
    config = yaml.safe_load((dest / "_config.yml").read_text(encoding="utf-8"))
    header = "# Student edition: written by claimlab.edition from the instructor's _config.yml.\n"
    (dest / "_config.yml").write_text(header + yaml.safe_dump(student_config(config, source_key), sort_keys=False),
                                      encoding="utf-8")
    toc = yaml.safe_load((dest / "_toc.yml").read_text(encoding="utf-8"))
    (dest / "_toc.yml").write_text(yaml.safe_dump(_drop_from_toc(toc, INSTRUCTOR_ONLY), sort_keys=False), encoding="utf-8")
    for path in dest.rglob("*.md"):
        path.write_text(strip_solutions(path.read_text(encoding="utf-8")), encoding="utf-8")
    for path in dest.rglob("*.ipynb"):
        _strip_notebook(path)
    for page in INSTRUCTOR_ONLY:  # links to removed pages would break the build
        target = Path(page).name
        for path in dest.rglob("*.md"):
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"\{doc\}`([^`<]*<)?[^`]*" + re.escape(target) + r">?`", "the instructor guide", text),
                            encoding="utf-8")


def _clear_outputs(path: Path) -> None:
    """Drop a notebook's stored outputs and widget state: made on the full data, they could show model answers."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    nb["metadata"].pop("widgets", None)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def prepare_assessed_sources(src: Path, dest: Path) -> None:
    """The student edition's sources, with the model answers stripped from data/ and from the notebooks' outputs.

    The build then runs the notebooks on the stripped data, so no page, notebook or data file of
    this edition holds a model answer (see :mod:`claimlab.assessed`).
    """
    from .assessed import strip_model_answers

    prepare_student_sources(src, dest, ASSESSED_SOURCE)
    strip_model_answers(dest / "data")
    for path in dest.rglob("*.ipynb"):
        _clear_outputs(path)


def build(edition: str, out: Path, src: Path = REPO) -> int:
    """Build one edition into ``out/html``; return the exit status of the build."""
    out = out.resolve()
    if edition in ("student", "assessed"):
        source = out / "source"
        try:
            (prepare_assessed_sources if edition == "assessed" else prepare_student_sources)(src, source)
        except EditionError as err:
            print(f"{edition} edition not built: {err}", file=sys.stderr)
            return 2
    else:
        source = src
    env = {**os.environ, "CLAIMLAB_DATA": str(source / "data")}
    cmd = [sys.executable, "-m", "claimlab.jupyterbook", "build", str(source), "-W", "-n", "--keep-going", "--path-output", str(out)]
    status = subprocess.call(cmd, env=env)
    if status == 0:
        from .lite import build as build_lite  # the exercises in the browser: code cells only, no solutions

        build_lite(out / "_build" / "html" / "lite", src=source)
        print(f"{edition} edition: {out / '_build' / 'html' / 'index.html'}")
    return status
