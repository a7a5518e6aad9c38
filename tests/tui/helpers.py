"""Helpers for driving the app in Pilot tests."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from screens.app import CouncilApp
from screens.dialogs import ErrorDialog
from screens.widgets import Table


async def settle(pilot: Pilot) -> None:
    """Wait until every worker is done and the messages they posted are handled.

    Exclusive workers cancel the ones they replace, and a failing worker is
    reported by the app: neither is an error of the wait itself.
    """
    app = pilot.app
    for _ in range(4):
        await asyncio.gather(*[worker.wait() for worker in list(app.workers)], return_exceptions=True)
        await pilot.pause()
    # A table fits its columns after the refresh that follows a change (and may need a
    # second pass when a scrollbar comes or goes): a busy machine only delays that.
    for _ in range(400):
        if not any(table.fitting for table in app.screen.query(Table)):
            break
        await pilot.pause(0.01)
    await pilot.pause()


async def until(pilot: Pilot, condition: Callable[[], bool], what: str, tries: int = 2000) -> None:
    """Wait until ``condition()`` holds: for a debounce timer or a search that
    runs after a pause of its own.

    The wait is for what the user would see, never a guessed number of
    seconds, so a busy machine only makes it take longer.  ``tries`` (of 50 ms
    each, more under load) only stops a test that would otherwise hang.
    """
    for _ in range(tries):
        await settle(pilot)
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what}")


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys, then wait until what they started has settled."""
    await pilot.press(*keys)
    await settle(pilot)


def palette_offers(app: CouncilApp, text: str) -> bool:
    """Whether the open command palette's highlighted hit mentions ``text``."""
    from textual.command import CommandList

    lists = app.screen.query(CommandList)
    if not lists:
        return False
    hits = lists.first()
    if hits.option_count == 0:
        return False
    return text in str(hits.get_option_at_index(hits.highlighted or 0).prompt)


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


def shown(table: DataTable) -> dict[str, int]:
    """How many columns of each column's width the table shows (its label to the visible width)."""
    view, left, out = table.scrollable_content_region.width, 0, {}
    for column in table.ordered_columns:
        width = column.get_render_width(table)
        out[str(column.label)] = max(0, min(width, view - left))
        left += width
    return out
