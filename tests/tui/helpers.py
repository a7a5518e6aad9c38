"""Helpers for driving the app in Pilot tests."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from screens.app import CouncilApp
from screens.dialogs import ErrorDialog


async def settle(pilot: Pilot) -> None:
    """Wait until every worker is done and the messages they posted are handled.

    Exclusive workers cancel the ones they replace, and a failing worker is
    reported by the app: neither is an error of the wait itself.
    """
    app = pilot.app
    for _ in range(4):
        await asyncio.gather(*[worker.wait() for worker in list(app.workers)], return_exceptions=True)
        await pilot.pause()


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys, then wait until what they started has settled."""
    await pilot.press(*keys)
    await settle(pilot)


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
