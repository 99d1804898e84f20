"""``./dev`` makes its .venv from an optimised interpreter when the machine has one (README, "Measured")."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEBIAN = Path("/usr/bin/python3")


def picked(**env: str) -> str:
    """What ``./dev``'s ``interpreter`` function prints, run on its own with ``env`` in place of ``$PYTHON``."""
    script = f'source <(sed -n "/^interpreter() {{/,/^}}/p" {ROOT / "dev"}); interpreter'
    clean = {k: v for k, v in os.environ.items() if k != "PYTHON"}
    return subprocess.run(["bash", "-c", script], env={**clean, **env}, capture_output=True, text=True,
                          check=True).stdout.strip()


def debian_python_can_make_a_venv() -> bool:
    if not DEBIAN.is_file():
        return False
    check = "import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))"
    return subprocess.run([str(DEBIAN), "-c", check], capture_output=True).returncode == 0


def test_python_set_by_the_user_wins():
    assert picked(PYTHON="/opt/my/python3.12") == "/opt/my/python3.12"


def test_debians_python_is_picked_when_it_can_make_a_venv():
    assert picked() == (str(DEBIAN) if debian_python_can_make_a_venv() else "python3")


@pytest.mark.skipif(Path(sys.prefix) != ROOT / ".venv" or "PYTHON" in os.environ,
                    reason="only for the project's own .venv, made by ./dev without $PYTHON")
def test_the_project_venv_was_made_by_the_interpreter_dev_picks():
    """``./dev`` remakes a .venv made by another interpreter, so the suite runs on the one it picks."""
    made_by = (ROOT / ".venv" / ".made-by").read_text(encoding="utf-8").strip()
    assert made_by == picked()
    if made_by == str(DEBIAN):
        assert Path(sys.base_prefix) == Path("/usr")
