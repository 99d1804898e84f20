"""Sphinx: on every exercise page, a "Run this exercise in your browser" control.

The page keeps what it shows today (the notebook's text, its code cell and the exercise's
plain-text placeholder); above the exercise cell it gets a link to the same notebook in the
in-browser edition (:mod:`claimlab.lite`, built into ``<site>/lite/``). Without JavaScript the
link opens the exercise on its own page; ``claimlab-inbrowser.js`` turns it into a same-origin
frame in place of the cell, and starts Python in it (hidden) before the click: when the browser is idle
on a computer with a fast, unmetered connection, else when the pointer or focus reaches it.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .lite import launch_url

LABEL = "Run this exercise in your browser"
#: what marks the exercise's output on the page: saved widget view, or its plain-text placeholder
MARKERS = ("application/vnd.jupyter.widget-view+json", "needs a running Python kernel")
CELL = '<div class="cell docutils container"'


def control_html(url: str) -> str:
    """The control block (``url`` is relative to the page)."""
    href = html.escape(url, quote=True)
    return (f'<div class="claimlab-inbrowser" data-claimlab-lite="{href}">'
            f'<p><a class="claimlab-inbrowser-start btn btn-primary" href="{href}">{LABEL}</a></p>'
            '<p class="claimlab-inbrowser-note">Python starts inside this page: no account, no server, nothing '
            "sent anywhere. The first start downloads about 22 MB (on a computer with a fast connection, while "
            "you read this page); after that it works offline. Your answers "
            "stay in this browser until you press <strong>Export my answers</strong>.</p></div>")


def insert_control(body: str, block: str) -> str:
    """Put ``block`` before the notebook cell that shows the exercise (else at the top of the page)."""
    hits = [i for i in (body.find(m) for m in MARKERS) if i >= 0]
    if hits:
        cell = body.rfind(CELL, 0, min(hits))
        if cell >= 0:
            return body[:cell] + block + body[cell:]
    heading = body.find("</h1>")
    at = heading + len("</h1>") if heading >= 0 else 0
    return body[:at] + block + body[at:]


def _page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    notebook = Path(app.srcdir) / f"{pagename}.ipynb"
    if not pagename.startswith("exercises/") or not notebook.is_file() or "body" not in context:
        return
    url = "../" * pagename.count("/") + "lite/" + launch_url(notebook)
    context["body"] = insert_control(context["body"], control_html(url))
    app.add_js_file("claimlab-inbrowser.js", loading_method="defer")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
