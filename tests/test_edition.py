"""The student edition carries no solution and no guide: in the HTML, in any notebook, behind any launch button."""
from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
import yaml

from claimlab.edition import (INSTRUCTOR_ONLY, STUDENT_SOURCE, EditionError, solution_texts, strip_solutions,
                              student_config)

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


# --- Editions point at their own sources (issue 10, point 2) -----------------------------------------------------

def _config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_student_config_points_launch_buttons_at_the_student_repository():
    config = {"repository": {"url": "https://github.com/prof/course", "branch": "main"},
              STUDENT_SOURCE: {"url": "https://github.com/prof/course-student", "branch": "pub"},
              "launch_buttons": {"binderhub_url": "https://mybinder.org"}}
    out = student_config(config)
    assert out["repository"] == {"url": "https://github.com/prof/course-student", "branch": "pub"}
    assert STUDENT_SOURCE not in out and out["launch_buttons"] == {"binderhub_url": "https://mybinder.org"}


def test_without_a_student_repository_the_student_edition_has_no_launch_buttons():
    out = student_config({"repository": {"url": "https://github.com/prof/course"},
                          "launch_buttons": {"binderhub_url": "https://mybinder.org", "colab_url": "https://c",
                                             "jupyterhub_url": "https://hub", "notebook_interface": "classic"}})
    assert "repository" not in out and out["launch_buttons"] == {"notebook_interface": "classic"}


@pytest.mark.parametrize("url", ["https://github.com/prof/course", "https://github.com/prof/course/",
                                 "https://github.com/prof/course.git"])
def test_a_student_repository_equal_to_the_instructor_one_is_refused(url):
    with pytest.raises(EditionError, match="students would open the solutions"):
        student_config({"repository": {"url": "https://github.com/prof/course", "branch": "main"},
                        STUDENT_SOURCE: {"url": url, "branch": "main"}})


def test_the_books_config_names_distinct_student_sources_and_a_hub():
    config = _config()
    assert config[STUDENT_SOURCE]["url"] != config["repository"]["url"]
    assert config["launch_buttons"]["jupyterhub_url"], "the JupyterHub (nbgitpuller) button needs a hub address"


def _launch_links(site: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Every Binder, Colab and nbgitpuller link in the site, as (page, repository URL, branch)."""
    found: dict[str, list[tuple[str, str, str]]] = {"binder": [], "colab": [], "jupyterhub": []}
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8")):
            url = urllib.parse.urlsplit(html.unescape(href))
            if m := re.match(r"/v2/gh/([^/]+)/([^/]+)/([^/?]+)", url.path) if "binder" in url.netloc else None:
                found["binder"].append((page.name, f"https://github.com/{m[1]}/{m[2]}", m[3]))
            elif m := re.match(r"/github/([^/]+)/([^/]+)/blob/([^/]+)/", url.path) if "colab" in url.netloc else None:
                found["colab"].append((page.name, f"https://github.com/{m[1]}/{m[2]}", m[3]))
            elif url.path.endswith("/git-pull"):
                query = urllib.parse.parse_qs(url.query)
                found["jupyterhub"].append((page.name, query["repo"][0], query["branch"][0]))
    return found


def test_every_launch_button_of_the_student_edition_opens_the_student_sources(student_site):
    config = _config()
    student = (config[STUDENT_SOURCE]["url"], config[STUDENT_SOURCE].get("branch", "main"))
    links = _launch_links(student_site)
    exercises = len(list((ROOT / "exercises").glob("*.ipynb")))
    for kind, found in links.items():
        assert len(found) >= exercises, f"expected a {kind} button on each of {exercises} exercise pages: {found}"
        assert {(url, branch) for _, url, branch in found} == {student}, kind
    instructor = re.compile(re.escape(config["repository"]["url"]) + r"(?![\w.-])")
    kinds = (".html", ".ipynb", ".md", ".js", ".txt")
    pages = [p for p in student_site.rglob("*") if p.is_file() and p.suffix in kinds]
    assert [p.name for p in pages if instructor.search(p.read_text(encoding="utf-8", errors="replace"))] == []


def test_the_student_sources_are_runnable_from_their_own_repository(student_site):
    source = student_site.parent.parent / "source"
    for needed in ("requirements.txt", "pyproject.toml", "claimlab/__init__.py", "data/claims.yml", "exercises"):
        assert (source / needed).exists(), needed
    assert not (source / "book" / "instructors" / "guide.md").exists()
    assert _config()["repository"]["url"] not in (source / "_config.yml").read_text(encoding="utf-8")
