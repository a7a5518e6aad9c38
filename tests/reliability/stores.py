"""The small store of tests/conftest.py, built once per session and copied per test.

Building it takes four writes; copying the directory takes milliseconds, and the
copy is the same store (git, work tree and index), so the many tests here that
start from it stay fast.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from store.service import Store
from tests.conftest import isolated, make_small_store


def build_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("small-template") / "store"
    home = tmp_path_factory.mktemp("template-home")
    with isolated(home):
        make_small_store(path).close()
    return path


def copy_of(template: Path, tmp_path: Path) -> Store:
    target = tmp_path / "store"
    shutil.copytree(template, target)
    return Store.open(target)
