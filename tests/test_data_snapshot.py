"""A checked dataset is reused only for the very same files; any edit is checked again."""
from __future__ import annotations

import json

import pytest

import claimlab.validate
from claimlab.data import DataError, load_dataset, snapshot_dir


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMLAB_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_same_files_are_read_from_the_snapshot_without_checking(data_copy, cache, monkeypatch):
    first = load_dataset(data_copy)
    assert snapshot_dir() == cache and len(list(cache.glob("dataset-*.json"))) == 1

    def no_checking(*_):
        raise AssertionError("the data was checked again although no file changed")

    monkeypatch.setattr(claimlab.validate, "validate", no_checking)
    again = load_dataset(data_copy)
    assert again == first and again.data_dir == data_copy


def test_an_edit_is_checked_again_even_with_an_old_snapshot(data_copy, cache):
    load_dataset(data_copy)
    claims = data_copy / "claims.yml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("kind: fact", "kind: rumour", 1), encoding="utf-8")
    with pytest.raises(DataError, match="rumour"):
        load_dataset(data_copy)


def test_a_damaged_snapshot_is_ignored(data_copy, cache):
    expected = load_dataset(data_copy)
    for path in cache.glob("dataset-*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps({**document, "claims": "not a list"}), encoding="utf-8")
    assert load_dataset(data_copy) == expected


def test_an_unwritable_cache_only_means_checking_again(data_copy, tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CLAIMLAB_CACHE", str(blocker / "cache"))
    assert load_dataset(data_copy).claims
