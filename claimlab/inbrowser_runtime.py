"""Run a notebook's ipywidgets in a plain web page: Pyodide plus a widget manager, no Jupyter.

The lean in-browser page (``lite/run.html``, built by :mod:`claimlab.lite`) loads Pyodide and the
widget manager of ``@jupyter-widgets/html-manager``; this module is the Python half of the bridge
between them. It exists because the stock route (JupyterLite's app and the Pyodide kernel) spent
most of its 20-25 s start-up importing IPython, jedi, prompt_toolkit and Pygments and starting
JupyterLab, none of which the exercises use. ipywidgets itself needs from IPython only
``get_ipython`` (``None`` outside a kernel is a case it handles), ``display`` and
``clear_output``; :func:`install` provides those as a small ``IPython`` module, and replaces the
``comm`` package's factory so that every widget's messages go to the page's widget manager
(``send``, a JavaScript function) and the page's messages come back through :func:`deliver`.

The exercise code itself (``claimlab/exercises/<id>_ui.py``) runs unchanged, as in Jupyter.
The build calls :func:`preload` before it makes the Python snapshot the page restores
(``lite/make-snapshot.mjs``); the page calls :func:`install`, :func:`run_cell` and :func:`deliver`.
"""
from __future__ import annotations

import ast
import json
import sys
import types
from collections.abc import Callable
from typing import Any

Send = Callable[..., None]  # (msg_type, comm_id, json text, buffers) -> None, a JavaScript function

_send: Send | None = None
_show: Callable[[str], None] | None = None


def _display(*objects: Any, **_: Any) -> None:
    """IPython's ``display`` for this page: widgets become views in the page, the rest plain text."""
    for obj in objects:
        bundle = obj._repr_mimebundle_() if hasattr(obj, "_repr_mimebundle_") else None
        if not isinstance(bundle, dict):
            bundle = {"text/plain": repr(obj)}
        if _show is not None:
            _show(json.dumps(bundle))


def _clear_output(wait: bool = False) -> None:  # noqa: ARG001 - IPython's signature
    """Nothing to clear: the page has no output area outside the widgets."""


def ipython_shim() -> dict[str, types.ModuleType]:
    """The part of IPython that ipywidgets imports, with no kernel behind it."""
    root = types.ModuleType("IPython", "Stand-in for IPython in the lean in-browser page (claimlab.inbrowser_runtime).")
    display = types.ModuleType("IPython.display")
    core = types.ModuleType("IPython.core")
    shell = types.ModuleType("IPython.core.interactiveshell")
    root.get_ipython = lambda: None  # type: ignore[attr-defined]  # "not in a kernel": ipywidgets handles it
    root.display = display.display = _display  # type: ignore[attr-defined]
    display.clear_output = _clear_output  # type: ignore[attr-defined]
    shell.InteractiveShell = type("InteractiveShell", (), {})  # type: ignore[attr-defined]
    root.core, core.interactiveshell = core, shell  # type: ignore[attr-defined]
    return {"IPython": root, "IPython.display": display, "IPython.core": core,
            "IPython.core.interactiveshell": shell}


def preload() -> None:
    """Import what every exercise needs, with the IPython stand-in, so that the snapshot holds it.

    ``claimlab.exercises`` binds every exercise's widget front end when ipywidgets is there, so one
    snapshot serves every exercise page and no cell imports a module when the reader clicks. The dataset
    is not read here: the snapshot would then change with every data edit and cost each edit's build a
    fresh snapshot (about 10 s under Node); reading the shipped JSON at the click is a small part of a start.
    """
    sys.modules.update(ipython_shim())
    import ipywidgets  # noqa: F401 - imported for the snapshot
    import claimlab.data  # noqa: F401 - the same
    import claimlab.exercises  # noqa: F401 - the same
    import claimlab.inbrowser  # noqa: F401 - the same


def install(send: Send, show: Callable[[str], None]) -> None:
    """Wire ipywidgets to the page: ``send`` carries comm messages, ``show`` displays a mime bundle."""
    global _send, _show
    sys.modules.update(ipython_shim())
    _send, _show = send, show
    import comm
    from comm.base_comm import BaseComm

    class PageComm(BaseComm):
        """A comm whose other end is the page's widget manager."""

        def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None,
                        **keys: Any) -> None:
            payload = {"data": data or {}, "metadata": metadata or {}, **keys}
            from pyodide.ffi import to_js  # type: ignore[import-not-found]  # Pyodide only

            chunks = to_js([bytes(b) for b in buffers or []])
            if _send is not None:
                _send(msg_type, self.comm_id, json.dumps(payload), chunks)

    comm.create_comm = lambda *args, **kwargs: PageComm(*args, **kwargs)


def deliver(comm_id: str, data_json: str, buffers: Any = None) -> None:
    """A message from the page's widget manager to the Python widget ``comm_id`` (a change, a click)."""
    import comm

    target = comm.get_comm_manager().get_comm(comm_id)
    if target is None:
        return
    chunks = [memoryview(bytes(b.to_py() if hasattr(b, "to_py") else b)) for b in (buffers or [])]
    target.handle_msg({"content": {"comm_id": comm_id, "data": json.loads(data_json)}, "buffers": chunks,
                       "header": {"msg_type": "comm_msg"}, "metadata": {}, "parent_header": {}})


async def run_cell(code: str) -> None:
    """Run one notebook cell as Jupyter would: top-level ``await`` allowed, the last expression displayed."""
    from pyodide.code import eval_code_async  # type: ignore[import-not-found]  # Pyodide only

    tree = ast.parse(code)
    result = await eval_code_async(code, globals=_NAMESPACE)
    if result is not None and tree.body and isinstance(tree.body[-1], ast.Expr):
        _display(result)


_NAMESPACE: dict[str, Any] = {"__name__": "__main__"}
