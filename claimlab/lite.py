"""Build the in-browser edition of the exercises: the same notebooks, run by Python in the reader's browser.

Route: **JupyterLite** (0.8.6) with the **Pyodide kernel** (0.8.6: CPython 3.14 compiled to WebAssembly),
its REPL app opened with the notebook's code cells as ``code`` parameters, code inputs hidden
(:func:`launch_url`): the reader sees the exercise's ipywidgets, the same ones Jupyter shows, run by the
same package. There is no server process and no account; the built folder is static files. (Voici,
Voila for JupyterLite, was tried first: voici 0.10 bundles JupyterLite 0.7.0, whose shared modules lack
``@jupyterlab/pluginmanager``, which every 0.7.x Pyodide kernel requires, so it only runs xeus-python,
whose packages come from a conda channel rather than PyPI or npm.)

Nothing is fetched at run time from outside the site, and nothing large is committed:

* Pyodide's core (``pyodide@314.0.6``, the version the kernel expects) comes from the npm registry,
  pinned with integrity hashes in ``lite/package-lock.json`` (``npm ci``);
* the pure-Python wheels the kernel loads come from PyPI, pinned with hashes in ``lite/wheels.txt``;
* the current ``claimlab`` package is packed as a wheel at build time, with the checked dataset as
  ``claimlab/dataset.json`` (the browser has no PyYAML), so the browser runs whatever the
  notebooks and the package contain today;
* Pyodide's lock file is rewritten to list exactly these wheels (their real sha256) and nothing else;
  all of them load in one parallel batch while Pyodide starts, and PyPI fallback is off.

Downloads are cached in ``_lite_cache/`` (gitignored; ``$CLAIMLAB_LITE_CACHE``). Before the notebook's
cells, :data:`PRELUDE` calls :func:`claimlab.inbrowser.prepare` (answers kept in the browser's
IndexedDB). Only code cells reach the browser app (the book page around it shows the notebook's text),
so the student edition's in-browser files hold no solution text. A small script
(``lite/claimlab-live.js``) marks the exercise's root element ``data-claimlab-live="ready"`` once it is
drawn and accepts input.

Run: ``python -m claimlab.lite [--out DIR]`` (``./dev build`` does, into ``_build/html/lite``).
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from .data import REPO, load_dataset, shipped_json

LITE = REPO / "lite"
CACHE = Path(os.environ.get("CLAIMLAB_LITE_CACHE") or REPO / "_lite_cache")
PYODIDE_VERSION = "314.0.6"
PYTHON_VERSION = "3.14"
#: Pyodide's own files the browser loads (the rest of the npm package is for Node)
PYODIDE_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
#: the JupyterLite extensions the exercise pages need (others found in the environment are dropped)
EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension")
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
#: the kernel's own wheels shipped inside jupyterlite-pyodide-kernel (shims of ipykernel and
#: widgetsnbextension, the piplite installer, the kernel itself); listed in Pyodide's lock, they load
#: in the same parallel batch as the rest instead of one by one through micropip
KERNEL_WHEELS = ("piplite-", "pyodide_kernel-", "ipykernel-", "widgetsnbextension-4.")
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

    package = Path(__file__).resolve().parent
    files = {f"claimlab/{p.relative_to(package).as_posix()}": p.read_bytes()
             for p in sorted(package.rglob("*.py")) if "__pycache__" not in p.parts}
    files["claimlab/dataset.json"] = shipped_json(load_dataset(data_dir)).encode("utf-8")
    return make_wheel(dest, "claimlab", __version__, files)


def code_cells(notebook: Path) -> list[str]:
    """The notebook's code cells, in order (what the browser runs after :data:`PRELUDE`)."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def launch_url(notebook: Path) -> str:
    """The REPL address (relative to the lite folder) that runs ``notebook`` as an app: the kernel is
    Python, code inputs and the banner hidden, each cell its own ``code`` parameter."""
    from urllib.parse import urlencode

    params = [("kernel", "python"), ("toolbar", "0"), ("showBanner", "0"), ("hideCodeInput", "1"),
              ("promptCellPosition", "bottom")]
    params += [("code", code) for code in [PRELUDE, *code_cells(notebook)]]
    return "repl/index.html?" + urlencode(params)


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
    """A hash of everything the build reads: pins, this package's code, the data, the tools' versions."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    files = [*sorted(LITE.glob("*.*")), *sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts),
             *sorted(p for p in (src / "data").iterdir() if p.is_file())]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for tool in ("jupyterlite-core", "jupyterlite-pyodide-kernel", "jupyterlab_widgets"):
        digest.update(f"{tool}=={version(tool)}".encode())
    return digest.hexdigest()[:16]


def build(out: Path, src: Path = REPO) -> Path:
    """Build the in-browser exercises into ``out``; return ``out``.

    The result is also kept in the cache under the hash of its inputs, so a second edition (or an
    unchanged rebuild) copies it instead of building again.
    """
    out = Path(out).resolve()
    kept = CACHE / "built" / inputs_digest(src)
    if (kept / "jupyter-lite.json").is_file():
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(kept, out)
        return out
    pyodide = fetch_pyodide()
    wheels = fetch_wheels()
    stage = CACHE / "stage"
    if stage.exists():
        shutil.rmtree(stage)
    (stage / "wheels").mkdir(parents=True)
    own = claimlab_wheel(stage / "wheels", src / "data")
    if out.exists():
        shutil.rmtree(out)
    jupyter = Path(sys.executable).parent / "jupyter"
    _run([str(jupyter), "lite", "build", "--lite-dir", str(stage), "--output-dir", str(out), "--apps", "repl",
          "--no-sourcemaps", "--no-unused-shared-packages"], cwd=stage)
    _finish(out, pyodide, [*wheels, own])
    shutil.rmtree(kept.parent, ignore_errors=True)  # one kept build is enough
    shutil.copytree(out, kept)
    return out


def _finish(out: Path, pyodide: Path, wheels: list[Path]) -> None:
    """Put Pyodide and the wheels beside the app, configure the kernel, drop unused extensions."""
    static = out / "static" / "pyodide"
    static.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        if (pyodide / name).is_file():
            shutil.copy2(pyodide / name, static / name)
    kernel_ext = out / "extensions" / "@jupyterlite" / "pyodide-kernel-extension"
    kernel_wheels = [p for p in sorted((kernel_ext / "static" / "pypi").glob("*.whl"))
                     if p.name.startswith(KERNEL_WHEELS)]
    shipped = [*wheels, *kernel_wheels]
    for wheel in shipped:
        shutil.copy2(wheel, static / wheel.name)
    upstream = json.loads((pyodide / "pyodide-lock.json").read_text())
    lock = pyodide_lock(upstream, [static / w.name for w in shipped])
    (static / "pyodide-lock.json").write_text(json.dumps(lock, indent=1))

    config_path = out / "jupyter-lite.json"
    config = json.loads(config_path.read_text())
    data = config["jupyter-config-data"]
    data["federated_extensions"] = [e for e in data.get("federated_extensions", []) if e["name"] in EXTENSIONS]
    settings = data.setdefault("litePluginSettings", {}).setdefault(KERNEL_PLUGIN, {})
    settings.update(pyodideUrl="./static/pyodide/pyodide.mjs", disablePyPIFallback=True,
                    loadPyodideOptions={"packages": sorted(lock["packages"])})
    config_path.write_text(json.dumps(config, indent=2) + "\n")
    extensions = out / "extensions"
    for folder in [p for p in extensions.glob("*/*") if p.is_dir()] + [p for p in extensions.glob("*") if
                                                                        (p / "package.json").is_file()]:
        name = folder.relative_to(extensions).as_posix()
        if name not in EXTENSIONS:
            shutil.rmtree(folder)
    for empty in [p for p in extensions.glob("*") if p.is_dir() and not any(p.iterdir())]:
        empty.rmdir()
    shutil.copy2(LITE / "claimlab-live.js", out / "claimlab-live.js")
    page = out / "repl" / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</head>", '<script src="../claimlab-live.js" defer></script>\n</head>', 1),
                    encoding="utf-8")


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
