"""What the exercises need when their Python runs in the reader's browser (Pyodide), not in Jupyter.

The in-browser edition (built by :mod:`claimlab.lite`) runs the very same notebooks and package;
only three things differ, and they live here so that nothing else has to know:

* **Answers survive reloads.** Pyodide's files live in memory. :func:`prepare` mounts Emscripten's
  IndexedDB file system (IDBFS, with ``autoPersist``: every change is copied to the browser's
  IndexedDB) on :data:`ANSWERS_DIR`, loads what an earlier visit left there, and points the answer
  store at it through ``CLAIMLAB_ANSWERS_DIR``. No server and no account is involved.
* **The data come as JSON.** PyYAML is compiled and cannot be loaded offline in the browser, so the
  build ships the checked dataset as ``claimlab/dataset.json``; :func:`claimlab.data.load_dataset`
  reads it when it is there.
* **Export downloads.** A file written in the browser's memory is out of the reader's reach, so
  :func:`save_to_computer` hands the exported JSON to the browser's downloads in the same click,
  and :func:`download_links` offers the Markdown copy as a link (``blob:`` and ``data:`` URLs made in
  the page: nothing leaves it).

Outside the browser (``sys.platform != "emscripten"``) :func:`prepare` does nothing,
:func:`save_to_computer` returns False and :func:`download_links` an empty string, so the
notebooks run unchanged in Jupyter.
"""
from __future__ import annotations

import base64
import html
import os
import sys
from collections.abc import Iterable
from pathlib import Path

#: where the answers live in the browser (an IndexedDB-backed folder)
ANSWERS_DIR = "/claimlab-answers"
#: media types of the files an export writes
MEDIA_TYPES = {".json": "application/json", ".md": "text/markdown"}
#: an export larger than this is not offered as a link (the store bounds answers far below it)
MAX_DOWNLOAD_BYTES = 5_000_000


def in_browser() -> bool:
    """True when Python runs in Pyodide (WebAssembly in a browser)."""
    return sys.platform == "emscripten"


_mounted: set[str] = set()  # folders this Python has mounted (a restarted kernel starts empty)


async def prepare(directory: str = ANSWERS_DIR) -> None:
    """Mount browser storage for the answers and load what is already there (browser only)."""
    if not in_browser():
        return
    if directory not in _mounted:
        import js  # type: ignore[import-not-found]  # the browser's globals, in Pyodide only
        import pyodide_js  # type: ignore[import-not-found]  # Pyodide's JavaScript API
        from pyodide.ffi import to_js  # type: ignore[import-not-found]

        fs = pyodide_js.FS
        fs.mkdirTree(directory)
        fs.mount(fs.filesystems.IDBFS, to_js({"autoPersist": True}, dict_converter=js.Object.fromEntries), directory)
        await _syncfs(fs, populate=True)
        _mounted.add(directory)
    os.environ["CLAIMLAB_ANSWERS_DIR"] = directory


async def _syncfs(fs, populate: bool) -> None:
    """Copy IndexedDB into memory (``populate``) or back; wait until done."""
    import asyncio

    loop = asyncio.get_running_loop()
    done = loop.create_future()

    def finished(error=None) -> None:
        if not done.done():
            if error:
                done.set_exception(OSError(f"browser storage: {error}"))
            else:
                done.set_result(None)

    from pyodide.ffi import create_once_callable  # type: ignore[import-not-found]

    fs.syncfs(populate, create_once_callable(finished))
    await done


def save_to_computer(path: Path) -> bool:
    """Start the browser's download of ``path`` (browser only); False where that is not possible."""
    if not in_browser():
        return False
    data = Path(path).read_bytes()
    if len(data) > MAX_DOWNLOAD_BYTES:
        return False
    import js  # type: ignore[import-not-found]  # the browser's globals, in Pyodide only
    from pyodide.ffi import create_once_callable, to_js  # type: ignore[import-not-found]

    options = to_js({"type": MEDIA_TYPES.get(path.suffix, "application/octet-stream")},
                    dict_converter=js.Object.fromEntries)
    content = js.Uint8Array.new(len(data))
    content.assign(data)
    url = js.URL.createObjectURL(js.Blob.new(js.Array.of(content), options))
    link = js.document.createElement("a")
    link.href, link.download = url, path.name  # the browser uses the name as given, never as a path
    js.document.body.appendChild(link)
    link.click()
    link.remove()
    js.setTimeout(create_once_callable(lambda: js.URL.revokeObjectURL(url)), 60_000)
    return True


def download_links(paths: Iterable[Path]) -> str:
    """HTML links that save ``paths`` to the reader's computer; ``""`` outside the browser."""
    if not in_browser():
        return ""
    links = []
    for path in paths:
        data = path.read_bytes()
        if len(data) > MAX_DOWNLOAD_BYTES:
            continue
        media = MEDIA_TYPES.get(path.suffix, "application/octet-stream")
        href = f"data:{media};base64,{base64.b64encode(data).decode('ascii')}"
        name = html.escape(path.name, quote=True)
        links.append(f'<li><a href="{href}" download="{name}" class="claimlab-download">Download {name}</a></li>')
    return "<ul>" + "".join(links) + "</ul>" if links else ""
