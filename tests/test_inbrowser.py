"""The exercises in the reader's browser (issue 13; claimlab/lite.py, claimlab/inbrowser.py,
claimlab/inbrowser_runtime.py, lite/run.html and lite/claimlab-live.js).

Fast checks of the build pieces run everywhere. The browser checks drive Debian's Chromium offline
against the built site (``_build/html`` with ``lite/`` inside, as ``./dev build`` makes it): every
request is recorded and any request leaving the site fails the test. They skip with a reason when
the in-browser build is absent locally; under ``./dev test`` (``CLAIMLAB_REQUIRE_LITE=1``) or in CI
they fail instead.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.register_assert_rewrite("browser_support")  # also a plugin (below): rewrite it once, quietly
from browser_support import SITE_DIR
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
def test_the_page_runs_the_prelude_then_the_notebooks_own_code(notebook):
    assert lite.launch_url(notebook) == f"run.html?exercise={notebook.stem}"
    code = json.loads(lite.cells_json(notebook))
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
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
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


UNZIP = """import fs from "node:fs";
import { unzip } from %s;
const files = await unzip(new Uint8Array(fs.readFileSync(process.argv[1])));
console.log(JSON.stringify(Object.fromEntries(files.map((f) => [f.path, Buffer.from(f.bytes).toString("base64")]))));
"""


def _js_unzip(archive: Path) -> subprocess.CompletedProcess:
    """The page's unzip (lite/claimlab-python.mjs) run by Node on ``archive``."""
    script = UNZIP % json.dumps((ROOT / "lite" / "claimlab-python.mjs").as_uri())
    return subprocess.run(["node", "--input-type=module", "-e", script, str(archive)], capture_output=True, text=True)


@pytest.mark.skipif(not shutil.which("node"), reason="Node (which the in-browser build needs) is not installed")
def test_page_unzips_a_wheel_as_zipfile_does_and_refuses_paths_outside_it(tmp_path):
    wheel = lite.make_wheel(tmp_path, "example_pkg", "1.2", {"example_pkg/__init__.py": b"X = 1\n" * 500,
                                                             "example_pkg/data/d.json": b'{"a": "\xc3\xa9"}'})
    done = _js_unzip(wheel)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(wheel) as archive:
        expected = {name: archive.read(name) for name in archive.namelist()}
    assert {path: base64.b64decode(data) for path, data in json.loads(done.stdout).items()} == expected
    evil = tmp_path / "evil.whl"
    with zipfile.ZipFile(evil, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ok/__init__.py", b"")
        archive.writestr("../outside.py", b"import os")
    refused = _js_unzip(evil)
    assert refused.returncode != 0 and "unsafe" in refused.stderr


def test_download_links_only_in_the_browser(tmp_path, monkeypatch):
    export = tmp_path / 'claimlab-answers-ann"<x>.json'
    export.write_text('{"format": "claimlab-answers"}', encoding="utf-8")
    assert inbrowser.download_links([export]) == ""
    assert inbrowser.save_to_computer(export) is False, "outside the browser the export stays a file on disk"
    monkeypatch.setattr(inbrowser, "in_browser", lambda: True)
    links = inbrowser.download_links([export])
    assert 'download="claimlab-answers-ann&quot;&lt;x&gt;.json"' in links, "file names are escaped"
    href = re.search(r'href="data:application/json;base64,([^"]+)"', links).group(1)
    assert base64.b64decode(href) == export.read_bytes()


def test_control_goes_before_the_exercise_cell():
    body = ('<h1>Grade</h1><div class="cell docutils container"><pre>code</pre>'
            '<div class="cell_output"><pre>Exercise: X. Interactive; needs a running Python kernel.</pre></div></div>')
    out = insert_control(body, control_html("../lite/run.html?exercise=x"))
    assert out.index("claimlab-inbrowser") < out.index('<div class="cell docutils')
    assert LABEL in out and "in your browser" in LABEL
    bare = insert_control("<h1>T</h1><p>text</p>", "<div>B</div>")
    assert bare == "<h1>T</h1><div>B</div><p>text</p>"


# -- the built site in the browser -----------------------------------------------------------------


def _require_lite() -> Path:
    if (LITE_DIR / "run.html").is_file():
        return LITE_DIR
    reason = (f"no in-browser build at {LITE_DIR}: run `./dev build` (or "
              "`.venv/bin/python -m claimlab.lite --out _build/html/lite` after the book build)")
    if os.environ.get("CLAIMLAB_REQUIRE_LITE") or os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def test_lite_build_is_offline_and_pinned():
    lite_dir = _require_lite()
    lock = json.loads((lite_dir / "static" / "pyodide" / "pyodide-lock.json").read_text())
    for name, entry in lock["packages"].items():
        wheel = lite_dir / "static" / "pyodide" / entry["file_name"]
        assert wheel.is_file(), f"{name}: {entry['file_name']} is listed but not shipped"
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
    assert set(lock["packages"]) == {"comm", "traitlets", "ipywidgets", "claimlab"}, "no IPython, no JupyterLab"
    page = (lite_dir / "run.html").read_text(encoding="utf-8")
    assert re.search(r'data-packages="([^"]*)"', page).group(1).split() == sorted(lock["packages"])
    snapshot = lite_dir / re.search(r'data-snapshot="([^"]+)"', page).group(1)
    assert snapshot.is_file() and snapshot.read_bytes()[:2] == b"\x1f\x8b", "the page restores a shipped, gzipped snapshot"
    for text in (page, *((lite_dir / name).read_text(encoding="utf-8") for name in lite.PAGE_FILES)):
        assert not re.search(r"""(src|href)=["']?(https?:)?//|import\(["']https?:""", text), "only the site's own files"
    pins = {package: version for package, version, _ in lite.pinned_npm()}
    assert pins == {"@jupyter-widgets/html-manager": "1.0.15", "requirejs": "2.3.8"}
    assert (lite_dir / "static" / "widgets" / "libembed-amd.js").is_file()


def test_an_unchanged_in_browser_build_does_nothing_and_a_touched_one_is_redone(tmp_path):
    _require_lite()  # the book's build has run, so its inputs' edition is kept in the cache
    out = tmp_path / "lite"
    lite.build(out)
    written = (out / "run.html").stat().st_mtime_ns
    try:
        lite.build(out)
        assert (out / "run.html").stat().st_mtime_ns == written, "nothing changed, nothing copied"
        (out / "cells" / "grade-sources.json").write_text("[]", encoding="utf-8")
        lite.build(out)
        assert (out / "cells" / "grade-sources.json").read_text(encoding="utf-8") != "[]", "a changed output is redone"
    finally:
        for stamp in (lite.CACHE / "stamps").glob("*"):
            if stamp.name == hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]:
                stamp.unlink()


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


# One browser profile serves the whole module: the exercises share it as one reader's browser does (the HTTP
# cache, and the IndexedDB that holds every exercise's answers), so Python's files are fetched once.


@dataclass(frozen=True)
class Recipe:
    """How to answer one item of an exercise in the browser. Choices are made generically (:data:`CHOOSE`);
    a recipe names only what differs: the commit button, text boxes that need their own text, and the
    feedback that shows the commit worked. A new exercise with the usual controls needs no entry."""

    commit: str = "Commit my answer"
    texts: tuple[tuple[str, str], ...] = ()  # (label pattern, text) for boxes besides the one-line reason
    reason_label: str = r"\(one line\)$"  # pattern of the reason boxes' labels
    feedback: str = ""  # pattern shown once committed ("" = the "commit first" prompt has gone)


REASON = "My choice rests on the source and what it reported here"
RECIPES = {
    "counterpoint-duel": Recipe(texts=(("Your steelman", "The strongest counterpoint rests on the source cited"),)),
    "verdict": Recipe(texts=(("Your probability", "30"),
                             ("Your verdict", "The thesis is possible. The evidence is mixed. More sources would help."),
                             ("Indicator 1", "A signed Russian strategy document"))),
    "competing-hypotheses": Recipe(commit="Commit my ratings for this item", reason_label="Reason for",
                                   feedback="Your rating:"),
}
CHOOSE = """(root) => {
    // Answer every unanswered choice of the current item as a reader would: a dropdown still on "Choose…"
    // takes the first option that no sibling dropdown with the same options has taken (so a ranking ranks
    // each candidate once), a toggle group or radio group with nothing chosen takes its first button.
    const taken = new Map();
    for (const select of root.querySelectorAll("select:not([multiple])")) {
        if (select.options.length < 2 || !select.options[0].text.startsWith("Choose")) { continue; }
        const key = Array.from(select.options, (o) => o.text).join("|");
        const used = taken.get(key) || new Set();
        taken.set(key, used);
        if (select.selectedIndex > 0) { used.add(select.selectedIndex); continue; }
        let pick = 1;
        while (used.has(pick) && pick < select.options.length - 1) { pick++; }
        used.add(pick);
        select.selectedIndex = pick;
        select.dispatchEvent(new Event("change", {bubbles: true}));
    }
    for (const group of root.querySelectorAll(".widget-toggle-buttons")) {
        if (!group.querySelector("button.mod-active")) { group.querySelector("button").click(); }
    }
    for (const group of root.querySelectorAll(".widget-radio-box")) {
        if (!group.querySelector("input:checked")) { group.querySelector("input").click(); }
    }
}"""
HINT = re.compile(r"for example ([^,).;]+)")


@pytest.fixture(scope="module")
def reader(browser, site):
    """One reader's browser profile for the module: records and blocks every request leaving the site."""
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
    page = context.new_page()
    yield page, outside
    context.close()
    assert not outside, f"requests left the site: {outside}"


def _start(page, site: str, name: str):
    """Open the exercise page, press the control as soon as it works, wait until the exercise is live."""
    page.goto(f"{site}exercises/{name}.html")
    page.locator(".claimlab-inbrowser[data-claimlab-armed]").wait_for(timeout=30_000)
    page.get_by_role("link", name=re.compile("in your browser")).click()
    frame = page.frame_locator("iframe.claimlab-inbrowser-frame")
    frame.locator(LIVE).wait_for(timeout=START_TIMEOUT_MS)
    return frame


def _sign_in_once(frame, name: str) -> None:
    """The first exercise asks for a name; the browser remembers it for the others."""
    status = frame.get_by_text(re.compile(r"(Signed in|Saved) as|Type your name")).first
    status.wait_for(timeout=30_000)
    if "Type your name" in status.inner_text():
        box = frame.get_by_label("Your name")
        box.fill(name)
        box.press("Enter")
    frame.get_by_text(re.compile(r"(Signed in|Saved) as")).first.wait_for(timeout=30_000)


def _answer_one_item(frame, recipe: Recipe) -> None:
    """Choose, type, give reasons, commit; if a reason is refused, name what the hint suggests and commit again."""
    root = frame.locator(".claimlab-exercise")
    root.evaluate(CHOOSE)
    for label, value in recipe.texts:
        frame.get_by_label(re.compile(label)).first.fill(value)
    reasons = frame.get_by_label(re.compile(recipe.reason_label))
    for n in range(reasons.count()):
        reasons.nth(n).fill(REASON)
    commit = frame.get_by_role("button", name=recipe.commit)
    commit.click()
    refused = frame.get_by_text(re.compile("Not committed yet"))
    page_text = root.inner_text()
    if refused.count() and HINT.search(page_text):
        anchor = HINT.search(page_text).group(1).strip()
        for n in range(reasons.count()):
            reasons.nth(n).fill(f"My choice rests on {anchor} and what it reported here")
        commit.click()
    if recipe.feedback:
        frame.get_by_text(re.compile(recipe.feedback)).first.wait_for(timeout=30_000)
    else:
        frame.get_by_text(re.compile("Commit a choice and a one-line reason")).first.wait_for(state="detached",
                                                                                           timeout=30_000)
    assert refused.count() == 0, root.inner_text()


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


def _answered(page) -> set[str]:
    """The exercises that the answers file in the browser's IndexedDB holds answers for."""
    frame = next(f for f in page.frames if "/lite/" in f.url)
    return set(frame.evaluate("""() => new Promise((resolve) => {
        const open = indexedDB.open("/claimlab-answers");
        open.onsuccess = () => {
          const all = open.result.transaction("FILE_DATA").objectStore("FILE_DATA").getAll();
          all.onsuccess = () => {
            for (const entry of all.result) {
              if (!entry.contents) { continue; }
              try {
                const doc = JSON.parse(new TextDecoder().decode(entry.contents));
                if (doc && doc.answers) { resolve(Object.keys(doc.answers)); return; }
              } catch (error) { /* not the answers file */ }
            }
            resolve([]);
          };
        };
        open.onerror = () => resolve([]);
    })"""))


def _wait_stored(page, needle: str, timeout_s: float = 30) -> None:
    end = time.monotonic() + timeout_s
    while not _stored(page, needle):
        assert time.monotonic() < end, f"{needle!r} never reached the browser's storage"
        page.wait_for_timeout(200)


def _export(page, frame, folder: Path) -> dict:
    """One click on "Export my answers" saves the JSON the class report reads."""
    with page.expect_download() as info:
        frame.get_by_role("button", name="Export my answers").click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return json.loads(target.read_text(encoding="utf-8"))


STUDENT, SLUG = "Ann Browser", "ann-browser"
HAND_IN: dict[str, Path] = {}


@pytest.mark.parametrize("name", EXERCISE_IDS)
def test_answer_feedback_reload_export(reader, site, tmp_path_factory, name):
    """For every exercise: start it in the page, answer one item and see feedback, reload and find the answer,
    export it in one click (the versioned JSON), with no request leaving the site."""
    page, outside = reader
    frame = _start(page, site, name)
    _sign_in_once(frame, STUDENT)
    _answer_one_item(frame, RECIPES.get(name, Recipe()))
    _wait_stored(page, f'"{name}"')

    page.reload()
    frame = _start(page, site, name)
    frame.get_by_text(re.compile(f"as {SLUG}")).first.wait_for(timeout=30_000)
    assert frame.locator(".claimlab-exercise").evaluate(
        "(root, text) => [...root.querySelectorAll('input, textarea')].some((box) => box.value.includes(text))"
        " || root.innerText.includes(text)", "rests on"), "the committed answer is back after the reload"

    folder = tmp_path_factory.mktemp("hand-in")
    doc = _export(page, frame, folder)
    assert (doc["format"], doc["format_version"], doc["student"]) == ("claimlab-answers", 2, SLUG)
    items = doc["exercises"][name]["answers"]["items"]
    assert any(record.get("attempts") for record in items.values()), "the committed item is in the export"
    HAND_IN["latest"] = folder
    assert not outside


def test_export_from_the_browser_feeds_the_class_report(tmp_path):
    folder = HAND_IN.get("latest")
    if folder is None:
        pytest.fail("no exercise was exported in the browser (see the test above)", pytrace=False)
    out = tmp_path / "report"
    done = subprocess.run([sys.executable, "-m", "claimlab", "report", str(folder), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    written = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())
    assert SLUG in written and "refused" not in written.lower()


def test_clear_this_exercise_asks_first_and_keeps_the_others(reader, site):
    """In the exercise left open by the tests above (or the last one, started now): clearing asks first,
    "No" keeps everything, "Yes" removes this exercise's answers from the browser's storage and no other's."""
    page, _ = reader
    name = EXERCISE_IDS[-1]
    frame = page.frame_locator("iframe.claimlab-inbrowser-frame")
    if f"exercises/{name}.html" not in page.url or not frame.locator(LIVE).count():
        frame = _start(page, site, name)
        _sign_in_once(frame, STUDENT)
        _answer_one_item(frame, RECIPES.get(name, Recipe()))
        _wait_stored(page, f'"{name}"')
    before = _answered(page)
    assert name in before
    frame.get_by_role("button", name="Clear this exercise").click()
    frame.get_by_role("button", name="No, keep them").click()
    frame.get_by_text("Nothing was cleared.").wait_for()
    assert _answered(page) == before
    frame.get_by_role("button", name="Clear this exercise").click()
    frame.get_by_role("button", name="Yes, clear my answers to this exercise").click()
    frame.get_by_text(re.compile("^Cleared")).wait_for()
    end = time.monotonic() + 30
    while _answered(page) != before - {name}:
        assert time.monotonic() < end, f"after clearing {name} the browser holds {_answered(page)}, not {before - {name}}"
        page.wait_for_timeout(200)


FRAME = "document.querySelector('iframe.claimlab-inbrowser-frame')"


def test_the_click_shows_the_frame_already_started_and_does_not_reload_it(reader, site):
    """Python starts in a hidden frame before the click (when the browser is idle on a computer with a mouse,
    or when the pointer reaches the control); the click shows that frame as it is, not a fresh copy of it."""
    page, _ = reader
    page.goto(f"{site}exercises/{EXERCISE_IDS[0]}.html")
    page.locator(".claimlab-inbrowser[data-claimlab-armed]").wait_for(timeout=30_000)
    link = page.get_by_role("link", name=re.compile("in your browser"))
    link.hover()
    page.wait_for_function(f"() => {FRAME} && {FRAME}.contentWindow.location.href.includes('/lite/run.html')"
                           f" && {FRAME}.contentDocument.readyState !== 'loading'", timeout=30_000)
    assert page.evaluate(f"() => {FRAME}.hidden"), "before the click the frame is hidden"
    page.evaluate(f"() => {{ {FRAME}.contentWindow.claimlabProbe = 'started before the click'; }}")
    link.click()
    page.locator("iframe.claimlab-inbrowser-frame").wait_for(state="visible")
    assert page.evaluate(f"() => {FRAME}.contentWindow.claimlabProbe") == "started before the click"


def test_python_starts_before_the_click_only_without_data_saver(browser, site):
    """On a computer with a mouse, an exercise page starts Python in a hidden frame once the browser is idle
    after load, and nothing leaves the site; with data saver on (a metered link) it waits for the reader."""
    from browser_support import open_page

    path = f"exercises/{EXERCISE_IDS[0]}.html"
    context, page, visit = open_page(browser, site, path, settle=False, data_saver=False)
    try:
        page.wait_for_function(f"() => {FRAME} && {FRAME}.hidden", timeout=30_000)
        page.frame_locator("iframe.claimlab-inbrowser-frame").locator(LIVE).wait_for(
            state="attached", timeout=START_TIMEOUT_MS)
        assert not visit.problems(), "\n".join(visit.problems())
    finally:
        context.close()
    context, page, visit = open_page(browser, site, path, settle=False, data_saver=True)
    try:
        page.wait_for_function("() => document.readyState === 'complete'")
        page.wait_for_timeout(4_000)  # past the idle callback's 3 s limit
        assert page.evaluate(f"() => {FRAME}") is None, "with data saver on, Python started before the click"
        assert not any("/lite/" in url for url in visit.requests)
    finally:
        context.close()


def test_the_snapshot_holds_code_not_data_so_a_data_edit_reuses_it(tmp_path):
    """preload() imports every exercise but never reads the dataset: a snapshot holding the data would be
    stale after an edit, or remade (about 10 s under Node) on every data edit's build."""
    script = ("import claimlab.data as d\n"
              "def refuse(*a, **k): raise SystemExit('preload read the dataset')\n"
              "d.load_dataset = d._read_shipped = refuse\n"
              "from claimlab.inbrowser_runtime import preload\n"
              "preload()\n"
              "import sys; print('claimlab.exercises' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and done.stdout.strip() == "True", done.stderr[-2000:]
    pyodide = tmp_path / "pyodide"
    pyodide.mkdir()
    for name in lite.PYODIDE_FILES:
        (pyodide / name).write_bytes(name.encode())
    wheel = tmp_path / "w-1-py3-none-any.whl"
    wheel.write_bytes(b"one")
    first = lite._snapshot_digest(pyodide, [wheel])
    wheel.write_bytes(b"two")
    assert lite._snapshot_digest(pyodide, [wheel]) != first, "a changed wheel needs a new snapshot"


def test_the_snapshot_is_remade_only_when_code_it_holds_changes(tmp_path, monkeypatch):
    """An edit to a module the browser does not import at start (the build's own, such as sphinxext) keeps the
    kept snapshot, which cost the next build 12-13 s under Node to remake; an edit to a module the snapshot
    holds, or a module added to the package, makes a new one."""
    package = tmp_path / "src" / "claimlab"
    shutil.copytree(ROOT / "claimlab", package, ignore=shutil.ignore_patterns("__pycache__", "dataset.json"))
    monkeypatch.setattr(lite, "PACKAGE", package)
    monkeypatch.setattr(lite, "CACHE", tmp_path / "cache")
    pyodide, static = tmp_path / "pyodide", tmp_path / "static"
    pyodide.mkdir()
    static.mkdir()
    for name in lite.PYODIDE_FILES:
        (pyodide / name).write_bytes(name.encode())
    pinned = tmp_path / "w-1-py3-none-any.whl"
    pinned.write_bytes(b"one")
    held = ["claimlab/__init__.py", "claimlab/data.py", "claimlab/exercises/__init__.py", "claimlab/inbrowser_runtime.py"]
    made = []

    def node(cmd: list[str], **_: object) -> None:  # make-snapshot.mjs: the snapshot, then the modules it holds
        made.append(cmd)
        Path(cmd[4]).write_bytes(f"snapshot {len(made)}".encode())
        Path(cmd[5]).write_text(json.dumps(held), encoding="utf-8")

    monkeypatch.setattr(lite, "_run", node)

    def snapshot() -> int:
        own = lite.make_wheel(static, "claimlab", "1", {m: (package.parent / m).read_bytes() for m in lite.package_modules()})
        lite.python_snapshot(pyodide, static, [pinned], own)
        return len(made)

    assert snapshot() == 1
    assert snapshot() == 1, "nothing changed"
    (package / "sphinxext.py").write_text((package / "sphinxext.py").read_text() + "\n# edited\n")
    (package / "lightpages.py").write_text((package / "lightpages.py").read_text() + "\n# edited\n")
    assert snapshot() == 1, "the build's own modules are not in the snapshot"
    (package / "data.py").write_text((package / "data.py").read_text() + "\n# edited\n")
    assert snapshot() == 2, "a module the snapshot holds changed"
    assert snapshot() == 2
    (package / "newmodule.py").write_text("VALUE = 1\n")
    assert snapshot() == 3, "a module added to the package"
    assert [p.name for p in static.glob("python-*.snapshot.gz")] and not (static / "python.modules.json").exists()
