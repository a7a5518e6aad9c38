"""Issue 14 in the TUI: a meeting still to come cannot be marked held.

Saving attendance records a meeting held; the store refuses a held meeting
dated after the day it is recorded, and the attendance form, judging by the
app's own today, does not offer it and says why.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Button, DataTable

from council.records import Meeting
from screens.app import make_app
from store.service import Store
from tests.tui.conftest import TODAY
from tests.tui.helpers import no_error, press, settle, text_of, until

UPCOMING = "MTG-2026-02"  # dated 2026-04-10, three weeks after TODAY


async def open_attendance(app, pilot, meeting_id: str) -> None:
    await press(pilot, "3")
    app.screen.focus_record(meeting_id)
    await settle(pilot)
    await until(pilot, lambda: meeting_id in text_of(app, "#attendance-note"), "the meeting's attendance")
    await press(pilot, "t")


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_a_future_meeting_is_not_offered_to_be_marked_held(tui_store: Store, size) -> None:
    head = tui_store.head
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=size, notifications=True) as pilot:
        await open_attendance(app, pilot, UPCOMING)
        note = text_of(app, "#attendance-note")
        assert "not yet held: it is after today (2026-03-20)" in note
        for button in ("#save-attendance", "#mark-present", "#mark-all"):
            assert app.screen.query_one(button, Button).disabled
        table = app.screen.query_one("#attendance-table", DataTable)
        before = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        await press(pilot, "A")
        await press(pilot, "p")
        await press(pilot, "ctrl+s")
        assert [str(table.get_row_at(i)[1]) for i in range(table.row_count)] == before
        assert any("cannot be marked held yet" in n.message for n in app._notifications)
        no_error(app)
    assert tui_store.head == head
    meeting = tui_store.require(UPCOMING)
    assert isinstance(meeting, Meeting) and meeting.status == "scheduled"


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_on_the_meeting_day_attendance_is_offered_and_records_it_held(tui_store: Store, size) -> None:
    app = make_app(tui_store, today=dt.date(2026, 4, 10))
    async with app.run_test(size=size) as pilot:
        await open_attendance(app, pilot, UPCOMING)
        assert "not yet held" not in text_of(app, "#attendance-note")
        await press(pilot, "A")
        assert not app.screen.query_one("#save-attendance", Button).disabled
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: tui_store.require(UPCOMING).status == "held", "the meeting recorded held")
        no_error(app)


def sitting_with_a_departure(store: Store) -> None:
    """MTG-2026-03, held before TODAY: Fay leaves before item 3."""
    from council.records import AgendaItem, AttendanceChange
    from store.write.change import Change
    from tests.conftest import ALL_PRESENT, at

    day = dt.date(2026, 3, 18)
    meeting = Meeting(id="MTG-2026-03", title="Extra sitting", date=day, kind="extraordinary", status="held",
                      agenda=[AgendaItem(title=t) for t in ("Opening", "Budget", "Pilot extension")],
                      attendance=dict(ALL_PRESENT), attendance_changes=[AttendanceChange("fay", 3, "left")])
    store.write(Change("record MTG-2026-03 held", [meeting], when=at(day, 16)))


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_a_vote_at_a_meeting_whose_attendance_changed_names_its_item(tui_store: Store, size) -> None:
    from textual.widgets import Input

    from council.records import Decision
    from screens.dialogs import ChooseDialog, ConfirmDialog
    from screens.vote import VoteScreen

    sitting_with_a_departure(tui_store)
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")
        app.screen.focus_record("MTG-2026-03")
        await settle(pilot)
        await until(pilot, lambda: "Fay Lund left" in text_of(app, "#meeting-agenda"),
                    "the departure in the agenda, by name")
        await press(pilot, "m")
        assert isinstance(app.screen, ChooseDialog)  # which item? who may vote depends on it
        await press(pilot, "down", "down", "enter")  # item 3, after Fay left
        vote = app.screen
        assert isinstance(vote, VoteScreen)
        table = vote.query_one("#vote-table", DataTable)
        fay = next(table.get_row_at(i) for i in range(table.row_count) if str(table.get_row_at(i)[0]) == "Fay Lund")
        assert str(fay[2]) == "absent"  # at item 3: she left before it
        vote.query_one("#motion-title", Input).value = "Extend the pilot by a month"
        vote.query_one("#vote-table", DataTable).focus()
        await pilot.press("F")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await settle(pilot)
        no_error(app)
    decided = tui_store.require("DEC-2026-005")
    assert isinstance(decided, Decision)
    assert decided.agenda_item == 3 and "fay" not in decided.votes and decided.outcome == "passed"
