"""Fixtures for the reliability tests: ``small_store`` is a copy of one built per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from store.service import Store
from tests.reliability.stores import build_template, copy_of


@pytest.fixture(scope="session")
def small_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory)


@pytest.fixture
def small_store(small_template: Path, tmp_path: Path) -> Iterator[Store]:
    """The same store as tests/conftest.py's small_store, copied instead of rebuilt."""
    store = copy_of(small_template, tmp_path)
    yield store
    store.close()
