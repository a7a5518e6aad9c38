"""The TUI and the CLI keep the books the same way: for the same proceeding, in twin
replicas, with the clock (COUNCIL_COMMIT_DATE) and the identity (GIT_AUTHOR_*) fixed, they
make byte-identical commits: the same tree, message, trailers, author and date, so the
same commit ID."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from textual.widgets import DataTable
from typer.testing import CliRunner

from council import settings
from council.cli import app as cli_app
from screens.app import make_app
from screens.dialogs import ChooseDialog, ConfirmDialog
from screens.vote import VoteScreen
from store.service import Store
from tests.tui.conftest import TODAY
from tests.tui.helpers import no_error, press, settle

pytestmark = pytest.mark.slow  # a Pilot session

SIX = "ada,ben,cy,dee,eli,fay"
NEW_TEXT = "A quorum is two thirds of the entire voting membership, with at least one member of each party present."


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def propose(root: Path, tmp_path: Path) -> None:
    """The same draft amendment of 4.2 in a replica's workspace (drafts are not commits)."""
    runner = CliRunner()
    shown = runner.invoke(cli_app, ["amend", "show", "--in-force", "4.2", "--store", str(root)]).output
    text = shown.split("\n", 1)[1]
    body = text.split("+++\n", 2)[2].strip()
    proposed = tmp_path / "4.2.md"
    proposed.write_text(text.replace(body, NEW_TEXT))
    made = runner.invoke(cli_app, ["amend", "propose", "4.2", "-f", str(proposed), "--summary",
                                   "raise the quorum to two thirds", "--store", str(root)])
    assert made.exit_code == 0, made.output


async def test_an_amendment_voted_in_the_tui_and_from_the_shell_is_the_same_commit(
        tui_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNCIL_COMMIT_DATE", "2026-03-20T10:00:00+00:00")
    settings.reload()
    twin = tmp_path / "twin"
    shutil.copytree(tui_store.root, twin)
    for root in (tui_store.root, twin):
        propose(root, tmp_path)

    voted = CliRunner().invoke(cli_app, ["amend", "vote", "1", "--meeting", "MTG-2026-01", "--tier", "high",
                                         "--for", SIX, "--store", str(twin)])
    assert voted.exit_code == 0, voted.output

    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        app.screen.focus_record("MTG-2026-01")
        await settle(pilot)
        await press(pilot, "v")
        assert isinstance(app.screen, ChooseDialog)
        await press(pilot, "enter")
        vote = app.screen
        assert isinstance(vote, VoteScreen)
        vote.query_one("#vote-table", DataTable).focus()
        await pilot.press("F")  # every member present votes for
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await settle(pilot)
        no_error(app)

    tui, cli = (git(root, "cat-file", "commit", "HEAD") for root in (tui_store.root, twin))
    assert tui.startswith(f"tree {git(twin, 'rev-parse', 'HEAD^{tree}').strip()}"), what_differs(tui_store.root, twin)
    assert tui == cli  # trees, trailers, author, committer and date, byte for byte
    assert git(tui_store.root, "rev-parse", "HEAD") == git(twin, "rev-parse", "HEAD")


def what_differs(a: Path, b: Path) -> str:
    """The two replicas' record files and commits, for the failure message."""
    files = subprocess.run(["git", "diff", "--no-index", str(a / "decisions"), str(b / "decisions")],
                           capture_output=True, text=True).stdout
    return files + git(a, "cat-file", "commit", "HEAD") + git(b, "cat-file", "commit", "HEAD")
