"""The exercises in the reader's browser (issue 13; claimlab/lite.py, claimlab/inbrowser.py).

Fast checks of the build pieces run everywhere. The browser checks drive Debian's Chromium offline
against the built site (``_build/html`` with ``lite/`` inside, as ``./dev build`` makes it): every
request is recorded and any request leaving the site fails the test. They skip with a reason when
the in-browser build is absent locally; under ``./dev test`` (``CLAIMLAB_REQUIRE_LITE=1``) or in CI
they fail instead.
"""
from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from browser_support import CHROMIUM_ARGS, SITE_DIR
from claimlab import inbrowser, lite
from claimlab.edition import solution_texts
from claimlab.exercises.chain import EXERCISES
from claimlab.inbrowser_pages import LABEL, control_html, insert_control

pytest_plugins = ["browser_support"]

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "exercises").glob("*.ipynb"))
LITE_DIR = SITE_DIR / "lite"
EXERCISE_IDS = [exercise.id for exercise in EXERCISES]
LIVE = "[data-claimlab-live=ready]"
START_TIMEOUT_MS = 180_000  # Pyodide's first start on a busy 2-core machine


# -- build pieces (no browser) ----------------------------------------------------------------------


def test_every_exercise_has_a_notebook():
    assert {nb.stem for nb in NOTEBOOKS} >= set(EXERCISE_IDS)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_launch_url_runs_the_prelude_then_the_notebooks_own_code(notebook):
    url = lite.launch_url(notebook)
    path, query = url.split("?", 1)
    params = parse_qsl(query)
    assert path == "repl/index.html"
    assert ("kernel", "python") in params and ("hideCodeInput", "1") in params
    code = [value for key, value in params if key == "code"]
    assert code == [lite.PRELUDE, *lite.code_cells(notebook)]
    assert any("_ui(" in cell for cell in code[1:]), "the notebook's exercise call must reach the browser"


def test_pyodide_lock_lists_exactly_the_shipped_wheels_with_their_real_hashes(tmp_path):
    wheel = lite.make_wheel(tmp_path, "example_pkg", "1.2", {"example_pkg/__init__.py": b"X = 1\n"})
    upstream = {"info": {"python": "3.14"}, "packages": {
        "numpy": {"name": "numpy", "file_name": "numpy.whl", "sha256": "0" * 64, "depends": [], "imports": ["numpy"]}}}
    lock = lite.pyodide_lock(upstream, [wheel])
    assert list(lock["packages"]) == ["example-pkg"], "nothing but the shipped wheels may be listed"
    entry = lock["packages"]["example-pkg"]
    assert entry["file_name"] == wheel.name
    assert entry["sha256"] == __import__("hashlib").sha256(wheel.read_bytes()).hexdigest()
    assert entry["imports"] == ["example_pkg"]


def test_made_wheel_is_a_valid_wheel(tmp_path):
    wheel = lite.make_wheel(tmp_path, "example_pkg", "1.2", {"example_pkg/__init__.py": b"X = 1\n"})
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        record = archive.read("example_pkg-1.2.dist-info/RECORD").decode()
    assert "example_pkg/__init__.py" in names and "example_pkg-1.2.dist-info/WHEEL" in names
    assert "example_pkg/__init__.py,sha256=" in record


def test_claimlab_wheel_carries_the_checked_data_as_json(tmp_path):
    wheel = lite.claimlab_wheel(tmp_path, ROOT / "data")
    with zipfile.ZipFile(wheel) as archive:
        shipped = json.loads(archive.read("claimlab/dataset.json"))
        names = set(archive.namelist())
    assert {"claimlab/inbrowser.py", "claimlab/exercises/widgets.py", "claimlab/data.py"} <= names
    from claimlab.data import load_dataset

    assert shipped["edition"] == load_dataset(ROOT / "data").edition


def test_shipped_dataset_loads_without_pyyaml(tmp_path):
    """The browser has no PyYAML: the shipped JSON must load with ``yaml`` impossible to import."""
    from claimlab.data import load_dataset, shipped_json

    package = tmp_path / "claimlab"
    package.mkdir()
    (package / "dataset.json").write_text(shipped_json(load_dataset(ROOT / "data")), encoding="utf-8")
    script = (
        "import sys; sys.modules['yaml'] = None; sys.modules['jsonschema'] = None\n"
        "import claimlab.data as d\n"
        f"d.SHIPPED = __import__('pathlib').Path({str(package / 'dataset.json')!r})\n"
        "ds = d.load_dataset(); print(ds.edition, len(ds.evidence))\n")
    env = {k: v for k, v in os.environ.items() if k != "CLAIMLAB_DATA"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={**env, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    edition, count = done.stdout.split()
    assert edition == load_dataset(ROOT / "data").edition and int(count) > 0


def test_download_links_only_in_the_browser(tmp_path, monkeypatch):
    export = tmp_path / 'claimlab-answers-ann"<x>.json'
    export.write_text('{"format": "claimlab-answers"}', encoding="utf-8")
    assert inbrowser.download_links([export]) == ""
    monkeypatch.setattr(inbrowser, "in_browser", lambda: True)
    links = inbrowser.download_links([export])
    assert 'download="claimlab-answers-ann&quot;&lt;x&gt;.json"' in links, "file names are escaped"
    href = re.search(r'href="data:application/json;base64,([^"]+)"', links).group(1)
    assert base64.b64decode(href) == export.read_bytes()


def test_control_goes_before_the_exercise_cell():
    body = ('<h1>Grade</h1><div class="cell docutils container"><pre>code</pre>'
            '<div class="cell_output"><pre>Exercise: X. Interactive; needs a running Python kernel.</pre></div></div>')
    out = insert_control(body, control_html("../lite/repl/index.html?code=x"))
    assert out.index("claimlab-inbrowser") < out.index('<div class="cell docutils')
    assert LABEL in out and "in your browser" in LABEL
    bare = insert_control("<h1>T</h1><p>text</p>", "<div>B</div>")
    assert bare == "<h1>T</h1><div>B</div><p>text</p>"


# -- the built site in the browser -----------------------------------------------------------------


def _require_lite() -> Path:
    if (LITE_DIR / "jupyter-lite.json").is_file():
        return LITE_DIR
    reason = (f"no in-browser build at {LITE_DIR}: run `./dev build` (or "
              "`.venv/bin/python -m claimlab.lite --out _build/html/lite` after the book build)")
    if os.environ.get("CLAIMLAB_REQUIRE_LITE") or os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def test_lite_build_is_offline_and_pinned():
    lite_dir = _require_lite()
    config = json.loads((lite_dir / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"][lite.KERNEL_PLUGIN]
    assert kernel["disablePyPIFallback"] is True
    assert not urlsplit(kernel["pyodideUrl"]).netloc, "Pyodide must be served by the site itself"
    lock = json.loads((lite_dir / "static" / "pyodide" / "pyodide-lock.json").read_text())
    for name, entry in lock["packages"].items():
        wheel = lite_dir / "static" / "pyodide" / entry["file_name"]
        assert wheel.is_file(), f"{name}: {entry['file_name']} is listed but not shipped"
        assert __import__("hashlib").sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
    assert set(kernel["loadPyodideOptions"]["packages"]) == set(lock["packages"])


def test_student_edition_in_browser_files_hold_no_solution_text():
    """The in-browser files carry code cells only: no solution line of any notebook appears in them."""
    lite_dir = _require_lite()
    solutions = {line for nb in NOTEBOOKS for cell in json.loads(nb.read_text())["cells"]
                 if cell["cell_type"] == "markdown" for line in solution_texts("".join(cell["source"]))
                 if len(re.sub(r"\{cite\}`[^`]*`", "", line).split()) >= 6}  # prose, not a bare citation
    assert solutions, "the notebooks should have solutions to look for"
    texts = [p for p in lite_dir.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".ipynb", ".md")]
    with zipfile.ZipFile(next((lite_dir / "static" / "pyodide").glob("claimlab-*.whl"))) as archive:
        shipped = "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    for text in [shipped, *(p.read_text(encoding="utf-8", errors="replace") for p in texts)]:
        assert not [line for line in solutions if line in text]


@pytest.fixture()
def lite_context(browser, site):
    """A fresh browser profile that records every request and blocks any that leaves the site."""
    _require_lite()
    origin = urlsplit(site)
    outside: list[str] = []
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 1000})

    def route(route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob") or (parts.scheme, parts.netloc) == (origin.scheme, origin.netloc):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    context.outside = outside  # type: ignore[attr-defined]
    yield context
    context.close()
    assert not outside, f"requests left the site: {outside}"


def _start(page, site: str, name: str):
    """Open the exercise page, press the control as soon as it is there, wait until the exercise is live."""
    page.goto(f"{site}exercises/{name}.html")
    page.get_by_role("link", name=re.compile("in your browser")).click()
    frame = page.frame_locator("iframe.claimlab-inbrowser-frame")
    frame.locator(LIVE).wait_for(timeout=START_TIMEOUT_MS)
    return frame


def _sign_in(frame, name: str) -> None:
    box = frame.get_by_label("Your name")
    box.fill(name)
    box.press("Enter")
    frame.get_by_text(re.compile(r"(Signed in|Saved) as")).first.wait_for(timeout=60_000)


def _stored(page, needle: str) -> bool:
    """Whether the browser's IndexedDB copy of the answers folder holds ``needle`` (what survives a reload)."""
    frame = next(f for f in page.frames if "/lite/" in f.url)
    return frame.evaluate("""(needle) => new Promise((resolve) => {
        const open = indexedDB.open("/claimlab-answers");
        open.onerror = () => resolve(false);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("FILE_DATA")) { resolve(false); return; }
          const all = db.transaction("FILE_DATA").objectStore("FILE_DATA").getAll();
          all.onsuccess = () => resolve(all.result.some((entry) => entry.contents &&
              new TextDecoder().decode(entry.contents).includes(needle)));
          all.onerror = () => resolve(false);
        };
    })""", needle)


def _wait_stored(page, needle: str, timeout_s: float = 30) -> None:
    import time

    end = time.monotonic() + timeout_s
    while not _stored(page, needle):
        assert time.monotonic() < end, f"{needle!r} never reached the browser's storage"
        page.wait_for_timeout(200)


def _export(page, frame, tmp_path: Path, student: str) -> dict:
    frame.get_by_role("button", name="Export my answers").click()
    link = frame.get_by_role("link", name=f"Download claimlab-answers-{student}.json")
    with page.expect_download() as info:
        link.click()
    target = tmp_path / "hand-in" / info.value.suggested_filename
    target.parent.mkdir(exist_ok=True)
    info.value.save_as(target)
    return json.loads(target.read_text(encoding="utf-8"))


def _report_reads(tmp_path: Path, student: str) -> None:
    out = tmp_path / "report"
    done = subprocess.run([sys.executable, "-m", "claimlab", "report", str(tmp_path / "hand-in"), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    written = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())
    assert student in written


#: exercises whose items take choices, a one-line reason and "Commit my answer" (ItemExercise)
ITEM_EXERCISES = ["source-analysis", "grade-sources", "sort-claims"]  # counterpoint-duel ranks candidates: no reason box
CHOOSE = """(root) => {
    // Answer the current item: the first real option of every unanswered dropdown, the first button of
    // every toggle group with nothing chosen. Dispatching "change" is what a reader's pick does.
    for (const select of root.querySelectorAll("select")) {
        if (select.selectedIndex <= 0 && select.options.length > 1 && select.options[0].text.startsWith("Choose")) {
            select.selectedIndex = 1;
            select.dispatchEvent(new Event("change", {bubbles: true}));
        }
    }
    for (const group of root.querySelectorAll(".widget-toggle-buttons")) {
        if (!group.querySelector("button.mod-active")) { group.querySelector("button").click(); }
    }
}"""


def _answer_one_item(frame) -> None:
    """Choose, give a reason naming what the choice rests on, commit; the model view appears."""
    frame.locator(".claimlab-exercise").evaluate(CHOOSE)
    reason = frame.get_by_label("Your reason (one line)")
    reason.fill("My choice rests on the source and what it reported here")
    reason.press("Enter")
    commit = frame.get_by_role("button", name="Commit my answer")
    commit.click()
    hint = frame.get_by_text(re.compile(r"for example ([^,).]+)"))
    feedback = frame.get_by_text(re.compile("Commit a choice and a one-line reason"))
    try:
        hint.first.wait_for(timeout=20_000)
    except Exception:  # noqa: BLE001 - no hint: the reason was accepted
        pass
    else:
        anchor = re.search(r"for example ([^,).]+)", hint.first.inner_text()).group(1).strip()
        reason.fill(f"My choice rests on {anchor} and what it reported here")
        reason.press("Enter")
        commit.click()
    frame.get_by_text(re.compile("Not committed yet")).first.wait_for(state="detached", timeout=30_000)
    assert feedback.count() == 0, "after a commit the model view replaces the prompt"


@pytest.mark.parametrize("name", ITEM_EXERCISES)
def test_answer_feedback_reload_export(lite_context, site, tmp_path, name):
    """The whole loop: answer one item, see the model view, reload (the answer is still there), export,
    and the class report reads the export."""
    page = lite_context.new_page()
    frame = _start(page, site, name)
    _sign_in(frame, "Ann Browser")
    _answer_one_item(frame)
    _wait_stored(page, '"attempts"')

    page.reload()
    frame = _start(page, site, name)
    frame.get_by_text(re.compile("as ann-browser")).first.wait_for(timeout=60_000)
    assert frame.get_by_label("Your reason (one line)").input_value().startswith("My choice rests on")
    assert frame.get_by_text(re.compile("Commit a choice and a one-line reason")).count() == 0

    doc = _export(page, frame, tmp_path, "ann-browser")
    assert doc["format"] == "claimlab-answers" and doc["format_version"] == 2
    items = doc["exercises"][name]["answers"]["items"]
    assert any(record.get("attempts") for record in items.values()), "the committed item is in the export"
    _report_reads(tmp_path, "ann-browser")


@pytest.mark.parametrize("name", [n for n in EXERCISE_IDS if n not in ITEM_EXERCISES])
def test_each_exercise_starts_keeps_its_student_and_exports(lite_context, site, tmp_path, name):
    page = lite_context.new_page()
    frame = _start(page, site, name)
    _sign_in(frame, "Bo Browser")
    _wait_stored(page, "bo-browser")
    page.reload()
    frame = _start(page, site, name)
    frame.get_by_text(re.compile("as bo-browser")).first.wait_for(timeout=60_000)
    doc = _export(page, frame, tmp_path, "bo-browser")
    assert doc["format"] == "claimlab-answers" and doc["format_version"] == 2 and doc["student"] == "bo-browser"
