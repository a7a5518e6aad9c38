"""Snapshots of each main screen at the two working sizes (pytest-textual-snapshot).

Only 80x24 and 160x45: a third size in between (110x34, once) cost a
third of the suite's snapshot time and caught nothing these two miss.

Deterministic by construction: the store's commits are dated, "today" is
fixed through the app factory, nothing shows a clock, and the focused widgets
are tables (no blinking cursor).  Update with ``--snapshot-update`` after a
deliberate change, and look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from screens.app import make_app
from store.service import Store
from tests.tui.conftest import TODAY
from tests.tui.helpers import press, settle

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

def keys(*presses: str) -> Callable[[Pilot], Awaitable[None]]:
    """Settle, press keys (settling after each), then freeze any cursor (shown, where focused)."""

    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        for key in presses:
            await press(pilot, key)
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False
            # TextArea caches its lines under a key that takes a cursor not blinking for
            # one in its blink's off phase: a line cached then would keep its cursor off.
            area.notify_style_update()
            area.refresh()
        await settle(pilot)

    return run


SCREENS = [
    ("dashboard", ()),
    ("charter", ("2", "down", "down", "down", "down")),
    ("meetings", ("3", "down")),
    ("attendance", ("3", "t")),
    ("decisions", ("4",)),
    ("decision_detail", ("4", "down", "enter")),
    ("disputes", ("5",)),
    ("ip_register", ("6",)),
    ("exit_plan", ("7",)),
    ("history", ("8",)),
    ("registers", ("9",)),
    ("risks", ("9", "r")),
    ("amendment_editor", ("2", "down", "down", "down", "down", "e")),
    # The vote screen opens on the votes (issue 19): no tabbing to reach them.
    ("vote", ("3", "down", "m", "f", "f", "n")),
    ("pictures", ("g",)),
    # The meeting's other tabs and the screens it opens (issue 19: every screen at both sizes).
    ("minutes", ("3", "w")),
    ("approve_minutes", ("3", "p")),
    ("agenda_editor", ("3", "e")),
    # The Artifacts area on the test store: the empty register says how to fill it
    # (tests/tui/test_artifacts.py snapshots it full, on the sample).
    ("artifacts", ("0",)),
    # The Sync conflicts screen with none pending (tests/tui/test_conflicts.py: with one).
    ("conflicts", ("ctrl+k",)),
]


# The two sizes a secretariat works at (issue 19): a laptop's 80x24 and a wide 160x45.
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("presses", [pytest.param(p, id=name) for name, p in SCREENS])
def test_screen_snapshot_at_working_sizes(presses: tuple[str, ...], size: tuple[int, int], tui_store: Store,
                                          snap_compare) -> None:
    app = make_app(tui_store, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=keys(*presses))
