"""The Sync conflicts screen: the pending conflicts of a replica, field by field, settled there.

Built on real replicas: a bare hub and two clones (tests/test_sync_support.py)
that changed the same record while apart.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from screens.app import make_app
from screens.conflicts import ConflictsScreen
from screens.dialogs import ConfirmDialog, ErrorDialog
from store.sync import conflicts as sync_conflicts
from store.sync import replicas as sync
from tests.conftest import DAY, amend_clause
from tests.test_sync_support import Trio, edit_meeting, trio, trio_template  # noqa: F401
from tests.tui.helpers import no_error, press, settle, text_of

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out


def _meeting_conflict(t: Trio) -> None:
    edit_meeting(t.b, "correct the meeting's title", title="Regular meeting (spring)",
                 body="The council met.\nIt approved the budget.")
    edit_meeting(t.a, "record the minutes", body="The council met.\nIt heard the report.")
    sync.sync(t.a)
    sync.sync(t.b)
    assert [e.id for e in sync_conflicts.pending(t.b)] == ["MTG-2026-01"]


async def test_a_conflict_is_shown_field_by_field_and_kept_ours(trio: Trio) -> None:
    _meeting_conflict(trio)
    app = make_app(trio.b, today=DAY)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+k")
        no_error(app)
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        table = screen.query_one("#conflicts-table", DataTable)
        assert table.row_count == 1 and str(table.get_row("MTG-2026-01")[2]) == "theirs"
        detail = text_of(app, "#conflict-detail")
        assert 'ours    "Regular meeting (spring)"' in detail
        assert 'theirs  "Regular meeting"' in detail
        assert "approved the budget" in detail and "heard the report" in detail

        await press(pilot, "o")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await settle(pilot)
        no_error(app)
        assert app.screen is screen and screen.query_one("#conflicts-table", DataTable).row_count == 0
        assert "No sync conflicts" in text_of(app, "#conflicts-status")
    assert not sync_conflicts.pending(trio.b)
    assert trio.b.require("MTG-2026-01").title == "Regular meeting (spring)"


async def test_cancelling_the_confirmation_writes_nothing(trio: Trio) -> None:
    _meeting_conflict(trio)
    app = make_app(trio.b, today=DAY)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        app.action_sync_conflicts()
        await settle(pilot)
        await press(pilot, "t")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#cancel")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)
    assert [e.id for e in sync_conflicts.pending(trio.b)] == ["MTG-2026-01"]


async def test_a_term_kept_the_way_the_cli_refuses_shows_the_amendment_steps(trio: Trio) -> None:
    amend_clause(trio.a, "4.3", "The partner's wording.")
    sync.sync(trio.a)
    votes = {m: "for" for m in ("ada", "ben", "cy", "dee", "eli")} | {"fay": "abstain"}
    amend_clause(trio.b, "4.3", "Our wording.", votes=votes)
    sync.sync(trio.b)
    app = make_app(trio.b, today=DAY)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+k")
        assert "a term: it changes only by amendment" in text_of(app, "#conflict-detail")
        await press(pilot, "o")
        await pilot.click("#confirm")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ErrorDialog)
        assert "cannot change it" in dialog.message and "approved by DEC-2026-001" in dialog.message
        assert "amendment" in dialog.message
    assert [e.id for e in sync_conflicts.pending(trio.b)] == ["4.3"]


async def test_the_palette_offers_sync_conflicts(trio: Trio) -> None:
    from screens.commands import _actions

    app = make_app(trio.b, today=DAY)
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        (callback,) = [cb for title, cb, _ in _actions(app) if title == "Sync conflicts"]
        callback()
        await settle(pilot)
        no_error(app)
        assert isinstance(app.screen, ConflictsScreen)
        assert "No sync conflicts" in text_of(app, "#conflicts-status")
        await press(pilot, "escape")
        assert not isinstance(app.screen, ConflictsScreen)


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")])
def test_conflicts_snapshot_with_one_pending(trio: Trio, size: tuple[int, int], snap_compare) -> None:
    from tests.tui.test_snapshots import keys

    _meeting_conflict(trio)
    assert snap_compare(make_app(trio.b, today=DAY), terminal_size=size, run_before=keys("ctrl+k"))
