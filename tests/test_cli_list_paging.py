"""`council list KIND` prints one page and says how to see the rest (issue 18)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from council.cli import app
from council.commands import listing
from store.service import Store

runner = CliRunner()


@pytest.fixture
def pages_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(listing, "LIST_PAGE", 2)


def _ids(stdout: str) -> list[str]:
    return [line.split()[0] for line in stdout.splitlines() if line.strip()]


def test_store_lists_a_page_as_the_whole_list_slices(small_store: Store) -> None:
    every = [m.id for m in small_store.list("members")]
    assert len(every) == 7
    assert [m.id for m in small_store.list("members", 2, 3)] == every[2:5]
    clauses = [c.id for c in small_store.list("charter")]
    assert [c.id for c in small_store.list("charter", 1, 2)] == clauses[1:3]  # clause order, not SQL's
    assert small_store.count("members") == 7


def test_list_prints_the_first_page_and_says_how_to_see_more(small_store: Store, pages_of_two: None) -> None:
    root = str(small_store.root)
    every = [m.id for m in small_store.list("members")]
    first = runner.invoke(app, ["list", "members", "--store", root])
    assert first.exit_code == 0, first.output
    assert _ids(first.stdout) == every[:2]
    assert "members 1-2 of 7 (page 1)" in first.stderr
    assert "--page 2" in first.stderr and "--all" in first.stderr
    last = runner.invoke(app, ["list", "members", "--page", "4", "--store", root])
    assert _ids(last.stdout) == every[6:]
    assert "members 7-7 of 7 (page 4)" in last.stderr and "--page 5" not in last.stderr
    whole = runner.invoke(app, ["list", "members", "--all", "--store", root])
    assert _ids(whole.stdout) == every and "of 7" not in whole.stderr
    data = json.loads(runner.invoke(app, ["list", "members", "--json", "--store", root]).stdout)
    assert [m["id"] for m in data] == every  # scripts get every record


def test_list_page_past_the_end_is_refused(small_store: Store, pages_of_two: None) -> None:
    result = runner.invoke(app, ["list", "members", "--page", "5", "--store", str(small_store.root)])
    assert result.exit_code == 2
    assert "field 'page': expected a page from 1 to 4" in result.output
    zero = runner.invoke(app, ["list", "members", "--page", "0", "--store", str(small_store.root)])
    assert zero.exit_code == 2 and "greater than or equal to 1" in zero.output
