"""`council amend propose` records who proposed the draft (the operator), and refuses
without one; a workspace written before drafts named their proposer still opens."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from store.service import Store
from store.workspace import Workspace
from tests.test_cli_proceedings import cli


def proposal(store: Store, tmp_path: Path) -> Path:
    text = cli(store, "amend", "show", "--in-force", "4.2").output.split("\n", 1)[1]
    proposed = tmp_path / "4.2.md"
    proposed.write_text(text.replace("A quorum is a majority", "A quorum is two thirds"))
    return proposed


def test_a_proposal_names_its_proposer(small_store: Store, tmp_path: Path) -> None:
    made = cli(small_store, "amend", "propose", "4.2", "-f", str(proposal(small_store, tmp_path)), "--json")
    assert made.exit_code == 0, made.output
    assert json.loads(made.output)["proposed_by"] == "Test Clerk <clerk@example.org>"
    assert "by Test Clerk <clerk@example.org>" in cli(small_store, "amend", "list").output
    assert "proposed by Test Clerk" in cli(small_store, "amend", "show", "1").output


def test_a_proposal_needs_an_operator(small_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name)
    refused = cli(small_store, "amend", "propose", "4.2", "-f", str(proposal(small_store, tmp_path)))
    assert refused.exit_code == 2 and "no operator is configured" in refused.output


def test_an_older_workspace_gains_the_proposer_column(small_store: Store, tmp_path: Path) -> None:
    path = small_store.meta_dir / "workspace.sqlite"
    with sqlite3.connect(path) as db:  # a drafts table as written before proposed_by
        db.execute("CREATE TABLE drafts (id INTEGER PRIMARY KEY, kind VARCHAR NOT NULL, target VARCHAR NOT NULL, "
                   "summary VARCHAR NOT NULL, text VARCHAR NOT NULL, base VARCHAR NOT NULL, "
                   "created DATETIME NOT NULL, updated DATETIME NOT NULL)")
        db.execute("INSERT INTO drafts VALUES (1, 'amendment', '4.2', 'old', 'x', '', '2026-01-01', '2026-01-01')")
    workspace = Workspace.of_store(small_store.root)
    try:
        assert [(d.summary, d.proposed_by) for d in workspace.drafts()] == [("old", "")]
    finally:
        workspace.close()


def test_a_draft_is_withdrawn_and_nothing_is_committed(small_store: Store, tmp_path: Path) -> None:
    cli(small_store, "amend", "propose", "4.2", "-f", str(proposal(small_store, tmp_path)), "--summary", "Two thirds")
    head = small_store.head
    done = cli(small_store, "amend", "withdraw", "1")
    assert done.exit_code == 0, done.output
    assert "Withdrew draft 1: Two thirds (4.2); nothing was committed" in done.output
    assert "No proposed amendments." in cli(small_store, "amend", "list").output
    assert Store.open(small_store.root).head == head
    for bad in ("1", "x"):  # gone now; not a number
        refused = cli(small_store, "amend", "withdraw", bad)
        assert refused.exit_code == 2 and "Traceback" not in refused.output
        assert f"draft {bad}" in refused.output and "council amend list" in refused.output


def test_the_list_names_a_draft_the_text_in_force_overtook(small_store: Store, tmp_path: Path) -> None:
    from tests.conftest import amend_clause

    cli(small_store, "amend", "propose", "4.2", "-f", str(proposal(small_store, tmp_path)), "--summary", "Two thirds")
    assert "[" not in cli(small_store, "amend", "list").output.split("Two thirds", 1)[1]  # waiting: no note
    amend_clause(small_store, "4.2", "A quorum is three members.")
    listed = cli(small_store, "amend", "list")
    assert "[4.2 was amended since this was drafted: `council amend withdraw 1`]" in listed.output
    assert json.loads(cli(small_store, "amend", "list", "--json").output)[0]["standing"] == \
        "4.2 was amended since this was drafted"


def test_the_list_names_a_draft_already_in_force(small_store: Store, tmp_path: Path) -> None:
    from council.fileformat import parse
    from tests.conftest import amend_clause

    proposed = proposal(small_store, tmp_path)
    cli(small_store, "amend", "propose", "4.2", "-f", str(proposed), "--summary", "Two thirds")
    amend_clause(small_store, "4.2", parse(proposed.read_text(), "clause", "4.2").body_text)
    assert "[already in force: `council amend withdraw 1`]" in cli(small_store, "amend", "list").output
