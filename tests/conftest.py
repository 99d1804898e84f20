"""Shared fixtures: a small valid data set to break on purpose, and the repository's real data."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid data set."""
    target = tmp_path / "data"
    shutil.copytree(MINIMAL, target)
    return target


@pytest.fixture(scope="session")
def dataset():
    """The repository's real data, loaded once."""
    from claimlab.data import load_dataset

    return load_dataset(ROOT / "data")


@pytest.fixture
def stripped_copy(tmp_path: Path) -> Path:
    """A copy of the real data folder with the model answers stripped, as the assessed edition ships it."""
    from claimlab.assessed import strip_model_answers

    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    strip_model_answers(target)
    return target
