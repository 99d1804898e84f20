"""A live exercise in Voila: a choice gives feedback, is saved, and is still there after a reload."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest_plugins = ["browser_support"]

ROOT = Path(__file__).resolve().parent.parent
VOILA = Path(sys.executable).parent / "voila"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """Voila serving the sort-claims exercise, with a fresh answers folder and a hub user name."""
    answers = tmp_path_factory.mktemp("answers")
    port = _free_port()
    env = {**os.environ, "CLAIMLAB_ANSWERS_DIR": str(answers), "JUPYTERHUB_USER": "voila-tester",
           "JUPYTER_PATH": str(ROOT)}  # finds voila/templates/claimlab, as ./dev voila does
    proc = subprocess.Popen([str(VOILA), "exercises/sort-claims.ipynb", "--no-browser", f"--port={port}",
                             "--Voila.ip=127.0.0.1", "--template=claimlab"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("voila did not start within 60 s")
    yield url, answers
    proc.terminate()
    proc.wait(timeout=10)


def _toggle(page, label: str):
    return page.locator(f".widget-toggle-button:has-text('{label}')").first


def test_choice_gives_feedback_is_saved_and_survives_reload(voila, browser):
    url, answers = voila
    page = browser.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")) else None)
    page.goto(url)
    _toggle(page, "allegation").wait_for(timeout=60_000)
    _toggle(page, "allegation").click()
    _toggle(page, "contested").click()
    reason = page.locator(".widget-text:has-text('Your reason') input").first
    reason.fill("The claim rests on dated evidence")
    reason.press("Enter")  # a one-line input reports its value on Enter
    page.get_by_role("button", name="Commit my answer").click()
    feedback = page.locator("text=/defensible range/").first
    feedback.wait_for(timeout=15_000)

    saved = json.loads((answers / "answers-voila-tester.json").read_text(encoding="utf-8"))
    first = next(iter(saved["answers"]["sort-claims"]["items"].values()))["attempts"][0]
    assert first["choice"] == {"kind": "allegation", "status": "contested"}
    assert first["reason"] == "The claim rests on dated evidence"

    page.reload()
    _toggle(page, "allegation").wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    assert "mod-active" in (_toggle(page, "allegation").get_attribute("class") or "")
    assert "mod-active" in (_toggle(page, "contested").get_attribute("class") or "")
    assert "mod-active" not in (_toggle(page, "fact").get_attribute("class") or "")
    assert outside == [], outside
    page.close()


@pytest.mark.parametrize("bind", ["0.0.0.0", "192.168.1.20", "::"])
def test_dev_voila_refuses_to_serve_a_room(bind):
    """Voila runs every visitor as one user in one folder, so ./dev voila listens on this machine only."""
    run = subprocess.run(["bash", str(ROOT / "dev"), "voila"], cwd=ROOT, capture_output=True, text=True, timeout=30,
                         env={**os.environ, "BIND": bind})
    assert run.returncode == 2
    assert f"got BIND={bind}" in run.stderr and "JupyterHub" in run.stderr
