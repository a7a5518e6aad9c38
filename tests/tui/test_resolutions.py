"""Written resolutions in the terminal app (Decisions, then `w`), at 80x24 and 160x45:
the list and one resolution's votes, a vote recorded from a form, the close after a
confirmation, and the dashboard's line for those open and closing soon."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import DataTable

from council.records import Resolution
from screens.app import make_app
from screens.dialogs import ConfirmDialog, FormDialog
from screens.resolutions import ResolutionsScreen
from store import usecases
from store.service import Store
from tests.tui.conftest import TODAY, VOTERS
from tests.tui.helpers import no_error, press, settle, text_of

pytestmark = pytest.mark.slow  # Pilot tests: see README

SIZES = [(80, 24), (160, 45)]


def circulate(store: Store) -> Resolution:
    circular = usecases.Circular("Adopt the travel policy", "That the council adopt the travel policy.", "low",
                                 dt.date(2026, 3, 15), dt.date(2026, 3, 22), "Members travel to meetings.")
    _, r = usecases.circulate_resolution(store, circular)
    _, r = usecases.record_resolution_votes(store, r.id, {"ada": "for", "dee": "for"}, dt.date(2026, 3, 16))
    return r


@pytest.mark.parametrize("size", SIZES)
async def test_a_vote_comes_in_from_the_form(tui_store: Store, size: tuple[int, int]) -> None:
    circulate(tui_store)
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert "Written resolutions open: 1, 1 closing soon" in text_of(app, "#awaiting-text")
        await press(pilot, "4")
        await press(pilot, "w")
        screen = app.screen
        assert isinstance(screen, ResolutionsScreen)
        assert screen.query_one("#resolution-table", DataTable).row_count == 1
        assert "2 days left (closes 2026-03-22); not yet voted: ben, cy, eli, fay" in text_of(app, "#resolution-waiting")
        await press(pilot, "v")
        form = app.screen
        assert isinstance(form, FormDialog) and form.focused is not None
        await press(pilot, "ctrl+s")  # ben, for, today: as the form proposes
        no_error(app)
        assert app.screen is screen
        assert screen.query_one("#ballot-table", DataTable).row_count == 3
        stored = tui_store.require("WR-2026-001")
        assert isinstance(stored, Resolution) and stored.votes["ben"] == "for"
        await press(pilot, "escape")
        assert not isinstance(app.screen, ResolutionsScreen)


async def test_close_after_confirmation_and_a_refused_vote_stays_in_the_form(tui_store: Store) -> None:
    r = circulate(tui_store)
    usecases.record_resolution_votes(tui_store, r.id, {m: "for" for m in VOTERS if m not in r.votes},
                                     dt.date(2026, 3, 17))
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await app.open_record("WR-2026-001")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResolutionsScreen)
        await press(pilot, "c")
        assert isinstance(app.screen, FormDialog)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "y")
        no_error(app)
        stored = tui_store.require("WR-2026-001")
        assert isinstance(stored, Resolution) and (stored.status, stored.outcome) == ("closed", "passed")
        assert "passed in writing: 6 for" in text_of(app, "#resolution-outcome")
        await press(pilot, "v")  # closed: no form, a warning
        assert app.screen is screen


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")])
def test_written_resolutions_snapshot(tui_store: Store, size: tuple[int, int], snap_compare) -> None:
    from tests.tui.test_snapshots import keys

    circulate(tui_store)
    app = make_app(tui_store, today=TODAY)
    assert snap_compare(app, terminal_size=size, run_before=keys("4", "w"))


async def test_circulate_from_the_form_and_a_refusal_keeps_what_was_typed(tui_store: Store) -> None:
    from textual.widgets import Input

    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        await press(pilot, "w")
        assert "No written resolutions. Press n" in text_of(app, "#resolution-head")
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, FormDialog)
        for name, value in (("title", "Adopt the travel policy"), ("motion", "That it be adopted."),
                            ("closes", "2026-03-01")):
            form.query_one(f"#field-{name}", Input).value = value
        await press(pilot, "ctrl+s")  # closes before it opens: refused, the form stays
        assert app.screen is form and form.query_one("#field-title", Input).value == "Adopt the travel policy"
        form.query_one("#field-closes", Input).value = "2026-04-03"
        await press(pilot, "ctrl+s")
        no_error(app)
        assert isinstance(app.screen, ResolutionsScreen)
        assert isinstance(tui_store.get("WR-2026-001"), Resolution)
        assert "WR-2026-001  Adopt the travel policy" in text_of(app, "#resolution-head")
