"""Build the student or the instructor edition from the one source tree.

The student edition must not leak answers anywhere a student can reach: not in the
HTML and not in the notebooks offered for download. So rather than hiding things
with CSS, it builds from a copy of the sources with solution blocks and the
instructor guide removed.
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
INSTRUCTOR_ONLY = ("book/instructors/guide",)
_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution\}")
COPIED = ("book", "exercises", "data", "_config.yml", "_toc.yml", "_vendor")


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


def prepare_student_sources(src: Path, dest: Path) -> None:
    """Copy the sources to ``dest`` without solutions or instructor-only pages."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in COPIED:
        if (src / name).is_dir():
            shutil.copytree(src / name, dest / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "my-answers"))
        elif (src / name).exists():
            shutil.copy2(src / name, dest / name)
    for page in INSTRUCTOR_ONLY:
        (dest / f"{page}.md").unlink(missing_ok=True)
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


def build(edition: str, out: Path, src: Path = REPO) -> int:
    """Build one edition into ``out/html``; return the exit status of the build."""
    jb = Path(sys.executable).parent / "jupyter-book"
    out = out.resolve()
    if edition == "student":
        source = out / "source"
        prepare_student_sources(src, source)
    else:
        source = src
    env = {**os.environ, "CLAIMLAB_DATA": str(source / "data")}
    cmd = [str(jb), "build", str(source), "-W", "-n", "--keep-going", "--path-output", str(out)]
    status = subprocess.call(cmd, env=env)
    if status == 0:
        print(f"{edition} edition: {out / '_build' / 'html' / 'index.html'}")
    return status
