"""Helpers for driving the app in Pilot tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from screens.app import CouncilApp
from screens.dialogs import ErrorDialog


async def settle(pilot: Pilot) -> None:
    """Wait until every worker is done and the messages they posted are handled."""
    app = pilot.app
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


def text_of(app: CouncilApp, selector: str) -> str:
    """The plain text a Static shows (on the current screen)."""
    widget = app.screen.query_one(selector, Static)
    return str(widget.render())


def no_error(app: CouncilApp) -> None:
    """Fail with the error dialog's message if one is open."""
    for screen in app.screen_stack:
        if isinstance(screen, ErrorDialog):
            raise AssertionError(f"error dialog: {screen.title_text}: {screen.message}")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout
