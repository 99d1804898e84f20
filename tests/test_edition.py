"""The student edition carries no solution and no instructor guide, in the HTML or in any notebook."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimlab.edition import INSTRUCTOR_ONLY, solution_texts, strip_solutions

ROOT = Path(__file__).resolve().parent.parent

MYST = """Intro.

```{exercise}
:label: q1
What happened in 1996?
```

```{solution} q1
:class: dropdown
The Taliban took Kabul.
```

::::{solution} q2
Secret colon answer.
::::

After.
"""


def test_strip_solutions_removes_both_fence_styles_and_keeps_the_rest():
    out = strip_solutions(MYST)
    assert "Taliban took Kabul" not in out and "Secret colon answer" not in out
    assert "What happened in 1996?" in out and out.rstrip().endswith("After.")


def test_solution_texts_are_the_hidden_lines():
    assert "The Taliban took Kabul." in solution_texts(MYST)
    assert "What happened in 1996?" not in solution_texts(MYST)


def _secrets() -> list[str]:
    """Solution lines from every page and notebook, and sentences of the instructor guide."""
    found: list[str] = []
    for path in [*ROOT.glob("book/**/*.md"), *ROOT.glob("exercises/*.md")]:
        found += solution_texts(path.read_text(encoding="utf-8"))
    for path in ROOT.glob("exercises/*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                found += solution_texts("".join(cell["source"]))
    for page in INSTRUCTOR_ONLY:
        text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        found += [ln.strip() for ln in text.splitlines() if len(ln.strip()) > 60 and not ln.lstrip().startswith(("|", "#", "`", ":"))]
    # long, distinctive lines only: short ones ("```", "Yes.") could appear legitimately elsewhere
    return [s for s in found if len(s) > 40 and "{" not in s]


@pytest.fixture(scope="module")
def student_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student")
    run = subprocess.run([sys.executable, "-m", "claimlab", "edition", "student", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return out / "_build" / "html"


def test_student_edition_leaks_no_solution_or_guide(student_site):
    secrets = _secrets()
    assert len(secrets) >= 10, "the check needs real solution and guide text to look for"
    leaks = []
    for path in student_site.rglob("*"):
        if path.suffix in (".html", ".ipynb", ".md", ".txt", ".js") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            leaks += [(path.name, s[:60]) for s in secrets if s in text]
    assert leaks == []


def test_student_edition_has_no_guide_page_but_has_the_chapters(student_site):
    assert not (student_site / "book" / "instructors" / "guide.html").exists()
    assert (student_site / "book" / "broad-claim.html").exists()
    assert (student_site / "exercises" / "competing-hypotheses.html").exists()


def test_instructor_sources_do_contain_the_secrets():
    # guards the leak test: if no solutions existed, it would pass for the wrong reason
    assert any("solution" in p.read_text(encoding="utf-8") for p in ROOT.glob("book/*.md"))
