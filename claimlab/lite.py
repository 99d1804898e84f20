"""Build the in-browser edition of the exercises: the same notebooks, run by Python in the reader's browser.

Route: **a lean page** (``lite/run.html``): Pyodide 314.0.6 (CPython 3.14 compiled to WebAssembly) runs
the notebook's code cells, and the widget manager of ``@jupyter-widgets/html-manager`` draws the same
ipywidgets Jupyter shows, joined by a small comm bridge (:mod:`claimlab.inbrowser_runtime` and
``lite/claimlab-live.js``). The exercise code and its marking are the package's own, unchanged.
JupyterLite's REPL with the Pyodide kernel (0.8.6) did the same in 21.8 s cold / 24.7 s warm here, most
of it starting JupyterLab and importing IPython, jedi, prompt_toolkit and Pygments, which the exercises
never use; the lean page loads four wheels (comm, traitlets, ipywidgets, claimlab) and no app, and
replaces JupyterLite (which also cost 19 MB and ``jupyter lite build``). Voici was not usable
(voici 0.10 bundles JupyterLite 0.7.0, whose Pyodide kernel does not load). The page does not boot Python:
it restores a memory snapshot of Python with the imports done, made here under Node
(``lite/make-snapshot.mjs``) and shipped gzipped beside Pyodide (``lite/claimlab-live.js`` explains).

Nothing is fetched at run time from outside the site, and nothing large is committed:

* Pyodide's core (``pyodide@314.0.6``) comes from the npm registry, pinned with integrity hashes in
  ``lite/package-lock.json`` (``npm ci``);
* the widget manager (``@jupyter-widgets/html-manager``, its self-contained AMD bundle) and ``requirejs``
  come from the npm registry as tarballs, pinned by version and sha512 in ``lite/npm.txt``;
* the pure-Python wheels come from PyPI, pinned with hashes in ``lite/wheels.txt``;
* the current ``claimlab`` package is packed as a wheel at build time, with the checked dataset as
  ``claimlab/dataset.json`` (the browser has no PyYAML);
* Pyodide's lock file is rewritten to list exactly these wheels (their real sha256) and nothing else;
* the Python snapshot is made from exactly these files, by the same Pyodide, at build time (Node, which
  ``npm`` needs anyway).

Downloads are cached in ``_lite_cache/`` (gitignored; ``$CLAIMLAB_LITE_CACHE``). Each notebook's code
cells (after :data:`PRELUDE`, which keeps answers in the browser's IndexedDB) are written to
``cells/<id>.json``; only code cells reach the browser, so the student edition's in-browser files hold
no solution text.

Run: ``python -m claimlab.lite [--out DIR]`` (``./dev build`` does, into ``_build/html/lite``).
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from .data import REPO, load_dataset, shipped_json

LITE = REPO / "lite"
#: The package packed into the browser's claimlab wheel.
PACKAGE = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("CLAIMLAB_LITE_CACHE") or REPO / "_lite_cache")
PYODIDE_VERSION = "314.0.6"
PYTHON_VERSION = "3.14"
#: Pyodide's own files the browser loads (the rest of the npm package is for Node)
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
#: the widget manager's files the page loads (from the npm tarballs pinned in lite/npm.txt), and its fonts
WIDGET_FILES = {"requirejs": ["require.js"], "@jupyter-widgets/html-manager": ["dist/libembed-amd.js"]}
WIDGET_FONTS = (".woff2",)  # every browser the page can run in reads woff2; the older formats are left out
#: the page's own files, copied as they are (run.html is filled in)
PAGE_FILES = ("claimlab-live.js", "claimlab-python.mjs")
PRELUDE = ("# In-browser set-up, added by claimlab/lite.py: keep answers in this browser's storage.\n"
           "from claimlab import inbrowser\n"
           "await inbrowser.prepare()")


def _run(cmd: list[str], **kwargs) -> None:
    print("lite:", " ".join(str(c) for c in cmd[:6]), "…" if len(cmd) > 6 else "", flush=True)
    subprocess.run(cmd, check=True, **kwargs)


def fetch_pyodide() -> Path:
    """``npm ci`` the pinned Pyodide (once per lock file) and return its package folder."""
    modules = LITE / "node_modules"
    stamp = modules / ".claimlab-lock"
    lock_hash = hashlib.sha256((LITE / "package-lock.json").read_bytes()).hexdigest()
    if not (stamp.is_file() and stamp.read_text() == lock_hash):
        _run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=LITE)
        stamp.write_text(lock_hash)
    package = modules / "pyodide"
    version = json.loads((package / "package.json").read_text())["version"]
    if version != PYODIDE_VERSION:
        raise SystemExit(f"lite: npm installed pyodide {version}, expected {PYODIDE_VERSION}")
    return package


def pinned_npm() -> list[tuple[str, str, str]]:
    """``lite/npm.txt`` as [(package, version, sha512 integrity)]."""
    pins = []
    for line in (LITE / "npm.txt").read_text().splitlines():
        match = re.match(r"^(@?[a-z0-9][a-z0-9._/-]*)@(\S+)\s+(sha512-[A-Za-z0-9+/=]+)$", line.strip())
        if match:
            pins.append(match.groups())
    return pins


def fetch_npm() -> dict[str, Path]:
    """The pinned npm tarballs (``npm pack``, then their sha512 checked): {package: tarball}."""
    folder = CACHE / "npm"
    folder.mkdir(parents=True, exist_ok=True)
    found = {}
    for package, version, integrity in pinned_npm():
        tarball = folder / f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"
        if not tarball.is_file():
            _run(["npm", "pack", f"{package}@{version}", "--silent", "--pack-destination", str(folder)])
        digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        if digest != integrity:
            tarball.unlink()
            raise SystemExit(f"lite: {package}@{version} does not match its pinned sha512 in lite/npm.txt")
        found[package] = tarball
    return found


def pinned_wheels() -> dict[str, str]:
    """``lite/wheels.txt`` as {normalised name: sha256}."""
    pins = {}
    for line in (LITE / "wheels.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})$", line.strip())
        if match:
            pins[_norm(match.group(1))] = match.group(3)
    return pins


def fetch_wheels() -> list[Path]:
    """Download the pinned browser wheels from PyPI (hash-checked) unless the cache has them all."""
    folder = CACHE / "wheels"
    pins = pinned_wheels()

    def cached() -> dict[str, Path]:
        found = {}
        for path in folder.glob("*.whl"):
            name = _norm(path.name.split("-")[0])
            if pins.get(name) == _sha256(path.read_bytes()):
                found[name] = path
        return found

    have = cached() if folder.is_dir() else {}
    if set(have) != set(pins):
        folder.mkdir(parents=True, exist_ok=True)
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--require-hashes", "--no-deps",
              "--only-binary=:all:", "--python-version", PYTHON_VERSION, "--implementation", "py", "--abi", "none",
              "--platform", "any", "-d", str(folder), "-r", str(LITE / "wheels.txt")])
        have = cached()
        if set(have) != set(pins):
            raise SystemExit(f"lite: wheels missing or with the wrong hash: {sorted(set(pins) - set(have))}")
    return sorted(have.values())


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_wheel(dest: Path, name: str, version: str, files: dict[str, bytes]) -> Path:
    """A minimal pure-Python wheel holding ``files`` (archive path -> bytes)."""
    dist = f"{name}-{version}.dist-info"
    files = {**files,
             f"{dist}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode(),
             f"{dist}/WHEEL": b"Wheel-Version: 1.0\nGenerator: claimlab.lite\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    record = "".join(f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},"
                     f"{len(data)}\n" for path, data in files.items()) + f"{dist}/RECORD,,\n"
    path = dest / f"{name}-{version}-py3-none-any.whl"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in sorted(files.items()):
            archive.writestr(zipfile.ZipInfo(member, date_time=(2020, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(zipfile.ZipInfo(f"{dist}/RECORD", date_time=(2020, 1, 1, 0, 0, 0)), record)
    path.write_bytes(buffer.getvalue())
    return path


def claimlab_wheel(dest: Path, data_dir: Path) -> Path:
    """The current package's Python modules plus the checked dataset as JSON."""
    from . import __version__

    files = {module: (PACKAGE.parent / module).read_bytes() for module in package_modules()}
    files["claimlab/dataset.json"] = shipped_json(load_dataset(data_dir)).encode("utf-8")
    return make_wheel(dest, "claimlab", __version__, files)


def package_modules() -> list[str]:
    """The package's Python files as paths inside site-packages (``claimlab/data.py``): what the wheel holds."""
    return sorted(f"claimlab/{p.relative_to(PACKAGE).as_posix()}" for p in PACKAGE.rglob("*.py")
                  if "__pycache__" not in p.parts)


def _snapshot_digest(pyodide: Path, wheels: list[Path]) -> str:
    """What every snapshot is made of: Pyodide, the pinned wheels, the scripts that make it, and the names of the
    package's modules (a module added or removed could change what an import finds). Not the modules' code:
    a snapshot holds only the modules :func:`claimlab.inbrowser_runtime.preload` imports, and their code is
    checked against the list kept beside it (:func:`_imported_code`), so an edit to a module the browser
    does not import at start (the build's own: sphinxext, lightpages, this one) keeps the snapshot. Not the
    data either: the page writes the wheels' files, dataset included, afresh at every start."""
    digest = hashlib.sha256()
    for path in [*(pyodide / n for n in PYODIDE_FILES), *wheels, LITE / "make-snapshot.mjs", LITE / "claimlab-python.mjs"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(json.dumps(package_modules()).encode())
    return digest.hexdigest()[:16]


def _imported_code(modules: list[str]) -> dict[str, str]:
    """``{module path: sha256 of its code now}`` for the package modules a snapshot holds ("" for one now gone)."""
    return {module: _sha256((PACKAGE.parent / module).read_bytes()) if (PACKAGE.parent / module).is_file() else ""
            for module in modules}


def _kept_snapshot_fits(kept: Path, holds: Path) -> bool:
    """Whether the kept snapshot's modules (listed in ``holds`` with their code's hashes) are unchanged."""
    try:
        code = json.loads(holds.read_text(encoding="utf-8"))
        return kept.is_file() and isinstance(code, dict) and _imported_code(list(code)) == code
    except (OSError, ValueError):
        return False  # no list (a snapshot kept by an older build) or a damaged one: make it again


def python_snapshot(pyodide: Path, static: Path, wheels: list[Path], own: Path) -> Path:
    """The memory snapshot of Python the page restores, gzipped into ``static`` under a name that changes
    with its content; return its path. Made under Node (``lite/make-snapshot.mjs``, 10-13 s) from the
    pinned ``wheels`` and the package's wheel ``own`` only when Pyodide, the wheels, the scripts or the
    code of a module it holds changed: a data edit, or an edit to a module the browser does not import at
    start, reuses the kept one."""
    kept = CACHE / "snapshots" / f"{_snapshot_digest(pyodide, wheels)}.snapshot.gz"
    holds = kept.with_name(kept.name.replace(".snapshot.gz", ".modules.json"))
    if not _kept_snapshot_fits(kept, holds):
        raw, listed = static / "python.snapshot", static / "python.modules.json"
        _run(["node", str(LITE / "make-snapshot.mjs"), str(pyodide / "pyodide.mjs"), str(static), str(raw), str(listed)])
        packed = gzip.compress(raw.read_bytes(), compresslevel=9, mtime=0)
        modules = json.loads(listed.read_text(encoding="utf-8"))
        raw.unlink()
        listed.unlink()
        with zipfile.ZipFile(own) as wheel:  # the code the snapshot was made from, even if a file changed since
            code = {module: _sha256(wheel.read(module)) for module in modules}
        shutil.rmtree(kept.parent, ignore_errors=True)  # one kept snapshot is enough
        kept.parent.mkdir(parents=True)
        kept.write_bytes(packed)
        holds.write_text(json.dumps(code, indent=1, sort_keys=True), encoding="utf-8")
    path = static / f"python-{_sha256(kept.read_bytes())[:16]}.snapshot.gz"
    shutil.copy2(kept, path)
    return path


def code_cells(notebook: Path) -> list[str]:
    """The notebook's code cells, in order (what the browser runs after :data:`PRELUDE`)."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def launch_url(notebook: Path) -> str:
    """The lean page's address (relative to the lite folder) that runs ``notebook``."""
    return f"run.html?exercise={Path(notebook).stem}"


def cells_json(notebook: Path) -> str:
    """What the page runs for ``notebook``: :data:`PRELUDE`, then its code cells."""
    return json.dumps([PRELUDE, *code_cells(notebook)], ensure_ascii=False)


def pyodide_lock(upstream: dict, wheels: list[Path]) -> dict:
    """Pyodide's lock file listing exactly ``wheels``: upstream entries with their real file names and
    hashes, new entries for the rest. Nothing else is listed, so nothing else can be asked for."""
    packages = {_norm(k): v for k, v in upstream["packages"].items()}
    listed = {}
    for wheel in wheels:
        dist, version = wheel.name.split("-")[:2]
        key = _norm(dist)
        entry = dict(packages.get(key) or {"name": key, "imports": _top_level(wheel), "package_type": "package",
                                           "install_dir": "site", "unvendored_tests": False, "shared_library": False})
        entry.update(version=version, file_name=wheel.name, sha256=_sha256(wheel.read_bytes()), depends=[])
        listed[key] = entry
    return {"info": upstream["info"], "packages": listed}


def _top_level(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return sorted({n.split("/")[0] for n in archive.namelist()
                       if "/" in n and not n.split("/")[0].endswith((".dist-info", ".data"))})


def inputs_digest(src: Path = REPO) -> str:
    """A hash of everything the build reads: pins, the page, this package's code, the data, the notebooks."""
    digest = hashlib.sha256()
    files = [*sorted(LITE.glob("*.*")), *(PACKAGE.parent / module for module in package_modules()),
             *sorted(p for p in (src / "data").iterdir() if p.is_file()), *sorted((src / "exercises").glob("*.ipynb"))]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def build(out: Path, src: Path = REPO) -> Path:
    """Build the in-browser exercises into ``out``; return ``out``.

    The result is also kept in the cache under the hash of its inputs, so a second edition copies it
    instead of building again; an unchanged rebuild into an untouched ``out`` does nothing.
    """
    out = Path(out).resolve()
    digest = inputs_digest(src)
    # in the cache, not beside the edition: the site would carry it, and Jupyter Book's up-to-date check sees the site
    stamp = CACHE / "stamps" / hashlib.sha256(str(out).encode()).hexdigest()[:16]
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == f"{digest} {_listing(out)}":
        return out  # built from these very inputs already, and untouched since (a no-op rebuild copied 18 MB before)
    stamp.unlink(missing_ok=True)
    kept = CACHE / "built" / digest
    if (kept / "run.html").is_file():
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(kept, out)
        _stamp(stamp, digest, out)
        return out
    pyodide = fetch_pyodide()
    wheels = fetch_wheels()
    tarballs = fetch_npm()
    if out.exists():
        shutil.rmtree(out)
    static = out / "static" / "pyodide"
    static.mkdir(parents=True)
    own = claimlab_wheel(static, src / "data")
    for name in PYODIDE_FILES:
        shutil.copy2(pyodide / name, static / name)
    for wheel in wheels:
        shutil.copy2(wheel, static / wheel.name)
    upstream = json.loads((pyodide / "pyodide-lock.json").read_text())
    lock = pyodide_lock(upstream, [static / w.name for w in [*wheels, own]])
    (static / "pyodide-lock.json").write_text(json.dumps(lock, indent=1))
    _unpack_widgets(tarballs, out / "static" / "widgets")
    cells = out / "cells"
    cells.mkdir()
    for notebook in sorted((src / "exercises").glob("*.ipynb")):
        (cells / f"{notebook.stem}.json").write_text(cells_json(notebook), encoding="utf-8")
    snapshot = python_snapshot(pyodide, static, wheels, own)
    page = (LITE / "run.html").read_text(encoding="utf-8").replace("@PACKAGES@", " ".join(sorted(lock["packages"])))
    page = page.replace("@SNAPSHOT@", snapshot.relative_to(out).as_posix())
    (out / "run.html").write_text(page, encoding="utf-8")
    for name in PAGE_FILES:
        shutil.copy2(LITE / name, out / name)
    shutil.rmtree(kept.parent, ignore_errors=True)  # one kept build is enough
    shutil.copytree(out, kept)
    _stamp(stamp, digest, out)
    return out


def _listing(out: Path) -> str:
    """A hash of the files under ``out`` by name, size and modification time ("" when there is none)."""
    if not (out / "run.html").is_file():
        return ""
    files = sorted((str(p.relative_to(out)), p.stat().st_size, p.stat().st_mtime_ns) for p in out.rglob("*") if p.is_file())
    return hashlib.sha256(json.dumps(files).encode()).hexdigest()[:16]


def _stamp(stamp: Path, digest: str, out: Path) -> None:
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(f"{digest} {_listing(out)}", encoding="utf-8")


def _unpack_widgets(tarballs: dict[str, Path], dest: Path) -> None:
    """The widget manager's bundle, require.js and the bundle's fonts (beside it, where its CSS looks)."""
    dest.mkdir(parents=True)
    for package, wanted in WIDGET_FILES.items():
        with tarfile.open(tarballs[package]) as archive:
            for member in archive.getmembers():
                name = member.name.removeprefix("package/")
                if member.isfile() and (name in wanted or (package.endswith("html-manager") and name.startswith("dist/")
                                                         and name.endswith(WIDGET_FONTS))):
                    (dest / Path(name).name).write_bytes(archive.extractfile(member).read())


def size(out: Path) -> int:
    """Bytes of every file under ``out``."""
    return sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m claimlab.lite", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "_build" / "html" / "lite")
    args = parser.parse_args(argv)
    out = build(args.out)
    print(f"lite: {out} ({size(out) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
