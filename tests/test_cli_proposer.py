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
