"""What issue 19 left in the terminal app, each at 80x24 and 160x45: approving minutes
writes like every other form, the Attendance tab fits, the agenda speaks the user's
words, and a partnership in exit says so.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, TextArea

from screens.app import CouncilApp, make_app
from screens.dialogs import ConfirmDialog, ErrorDialog
from screens.minutes import ApproveMinutesScreen
from store import usecases
from store.service import Store
from tests.tui.conftest import TODAY, VOTERS
from tests.tui.helpers import no_error, press, settle, shown, text_of, until

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


@pytest.fixture
def app(tui_store: Store) -> CouncilApp:
    return make_app(tui_store, today=TODAY)


@pytest.mark.parametrize("size", SIZES)
async def test_a_refused_approval_of_minutes_stays_open_with_the_corrections(
        app: CouncilApp, tui_store: Store, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")  # MTG-2026-02, still to come: the store refuses approving minutes there
        await press(pilot, "p")
        screen = app.screen
        assert isinstance(screen, ApproveMinutesScreen)
        area = screen.query_one("#approve-editor", TextArea)
        area.text = area.text.replace("DEC-2026-002 failed.", "DEC-2026-002 failed on a vote of 3 to 2.")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "y")
        await until(pilot, lambda: "Approving" not in text_of(app, "#approve-error")
                    and bool(text_of(app, "#approve-error")) if app.screen is screen else False, "the refusal")
        assert not any(isinstance(s, ErrorDialog) for s in app.screen_stack)  # beside the editor, not a dialog
        assert app.screen is screen and "3 to 2" in area.text  # nothing typed is lost
        assert "Nothing was written" in text_of(app, "#approve-error")
        assert screen.focused is area
        assert tui_store.require("MTG-2026-01").minutes_status == "circulated"

        # Once the meeting is held, the same screen, corrections and all, is accepted and closes.
        usecases.set_attendance(tui_store, "MTG-2026-02", {m: "present" for m in VOTERS})
        await press(pilot, "ctrl+s")
        await press(pilot, "y")
        await until(pilot, lambda: not isinstance(app.screen, ApproveMinutesScreen), "the screen to close")
        no_error(app)
    meeting = tui_store.require("MTG-2026-01")
    assert (meeting.minutes_status, meeting.minutes_approved_as) == ("approved", "corrected")
    assert "3 to 2" in meeting.body


def whole(app: CouncilApp, selector: str) -> None:
    """Fail unless every column of the table and every button of its panel shows whole."""
    table = app.screen.query_one(selector, DataTable)
    assert table.region.right <= app.size.width
    assert table.virtual_size.width <= table.scrollable_content_region.width, (
        f"{selector} needs {table.virtual_size.width} columns, has {table.scrollable_content_region.width}")
    for button in app.screen.query("#attendance-panel Button"):
        label = str(button.label)
        assert button.region.right <= app.size.width and button.region.width >= len(label), f"{label} is cut"


@pytest.mark.parametrize("size", SIZES)
async def test_the_attendance_tab_shows_every_column_and_button(app: CouncilApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")
        await press(pilot, "t")
        whole(app, "#attendance-table")
        roles = [str(row[3]) for row in (app.screen.query_one("#attendance-table", DataTable).get_row_at(i)
                                         for i in range(3))]
        assert all(roles), roles
        meetings = app.screen.query_one("#meeting-table", DataTable)
        assert meetings.display == (size[0] >= 160)  # at 80 columns the list steps aside, at 160 it stays
        await press(pilot, "escape")  # back to the meeting list, whatever the width
        assert app.screen.focused is meetings and meetings.region.width > 0
        await press(pilot, "down")
        await press(pilot, "t")
        whole(app, "#attendance-table")


@pytest.mark.parametrize("size", SIZES)
async def test_the_agenda_and_the_meeting_speak_the_users_words(
        app: CouncilApp, tui_store: Store, size: tuple[int, int]) -> None:
    usecases.add_agenda_item(tui_store, "MTG-2026-02", "Amend clause 4.2 (quorum)", kind="term_change")
    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")  # MTG-2026-02, newest first
        agenda = text_of(app, "#meeting-agenda")
        assert "Amend clause 4.2 (quorum)" in agenda and "term change" in agenda
        assert "term_change" not in agenda
        assert "no minutes yet" in text_of(app, "#meeting-head")


def put_in_exit(store: Store) -> None:
    """The partnership in exit from 2026-03-15 by termination, its plan counting from the end of notice."""
    import datetime as dt

    from council.records import Decision
    from store.write.change import Change
    from tests.tui.conftest import at

    partnership = store.partnership()
    assert partnership is not None
    plan = store.require("EXIT-01").replace(days_from="notice_end")
    exited = partnership.replace(exit_plan="EXIT-01", exit_trigger="termination", exit_on=dt.date(2026, 3, 15))
    vote = Decision(id="DEC-2026-005", title="Record the notice of termination", meeting="MTG-2026-01",
                    date=dt.date(2026, 3, 10), tier="high", motion="That the partnership is in exit.",
                    moved_by="ada", votes={m: "for" for m in VOTERS}, amends=[partnership.id, "EXIT-01"])
    store.write(Change("the partnership is in exit", [vote, exited, plan], kind="amend",
                       decision="DEC-2026-005", when=at(dt.date(2026, 3, 10), 15)))


# Notice of 90 days from 2026-03-15 ends 2026-06-13, 85 days after today (2026-03-20); the
# obligations count from there: OB-3 (14 days) on 2026-06-27, OB-2 (60 days) on 2026-08-12.
IN_EXIT = ["IN EXIT since 2026-03-15 by termination (EXIT-01): Either party ends the agreement.",
           "Notice of 90 days ends 2026-06-13 (85 days left).",
           "Obligations count from the end of notice: next OB-3 (lab to return compute credits) due 2026-06-27 "
           "(99 days left); the last, OB-2, due 2026-08-12 (145 days left)."]


@pytest.mark.parametrize("size", SIZES)
async def test_a_partnership_in_exit_says_so_with_the_days_left(
        app: CouncilApp, tui_store: Store, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#exit-banner").display  # not in exit: nothing said
        put_in_exit(tui_store)
        await press(pilot, "ctrl+r")
        banner = app.screen.query_one("#exit-banner")
        assert banner.display and banner.region.height >= 3
        said = " ".join(text_of(app, "#exit-banner").split())
        for line in IN_EXIT:
            assert line in said, said
        await press(pilot, "0")
        said = " ".join(text_of(app, "#artifact-exit").split())
        assert all(line in said for line in IN_EXIT), said
        await press(pilot, "7")
        said = " ".join(text_of(app, "#exit-standing").split())
        assert all(line in said for line in IN_EXIT), said
        assert "deadlines count from the end of the notice period" in text_of(app, "#exit-head")
        table = app.screen.query_one("#obligation-table", DataTable)
        assert {str(table.get_row(key)[0]): str(table.get_row(key)[4]) for key in table.rows} == {
            "OB-3": "2026-06-27", "OB-1": "2026-07-13", "OB-2": "2026-08-12"}  # dated, in exit


@pytest.mark.parametrize("size", SIZES)
async def test_disputes_and_history_read_whole_at_both_sizes(app: CouncilApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "5")
        table = app.screen.query_one("#dispute-table", DataTable)
        widths = {str(c.label): c.get_render_width(table) for c in table.columns.values()}
        seen = shown(table)
        assert all(seen[name] == widths[name] for name in widths if name != "Subject"), seen
        assert seen["Subject"] >= min(widths["Subject"], 30), seen
        assert "resolved" in [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        await press(pilot, "8")
        table = app.screen.query_one("#commit-table", DataTable)
        seen, change = shown(table), next(c for c in table.columns.values() if str(c.label) == "Change")
        assert seen["Date"] == 12 and seen["Decision"] >= 12, seen
        assert seen["Change"] >= min(change.get_render_width(table), 40), seen  # the change itself reads


@pytest.mark.parametrize("size", SIZES)
async def test_the_decision_log_shows_titles_at_both_sizes(app: CouncilApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "4")
        table = app.screen.query_one("#decision-table", DataTable)
        seen = shown(table)
        title = next(c for c in table.columns.values() if str(c.label) == "Title")
        assert seen["Outcome"] == next(c for c in table.columns.values()
                                       if str(c.label) == "Outcome").get_render_width(table), seen
        assert seen["Title"] >= min(title.get_render_width(table), 30), seen


@pytest.mark.parametrize("size", SIZES)
async def test_the_amendment_editor_says_whole_sentences_at_both_sizes(app: CouncilApp, size: tuple[int, int]) -> None:
    from textual.widgets import Input

    async with app.run_test(size=size) as pilot:
        await press(pilot, "2")
        for _ in range(4):
            await press(pilot, "down")
        await press(pilot, "e")
        await until(pilot, lambda: bool(text_of(app, "#amend-diff")), "the diff pane")
        diff = app.screen.query_one("#amend-diff")
        pane = app.screen.query_one("#amend-diff-scroll")
        assert diff.virtual_size.width <= pane.scrollable_content_region.width, "the empty diff's sentence is cut"
        summary = app.screen.query_one("#amend-summary", Input)
        assert len(summary.placeholder) <= summary.content_region.width, "the summary's hint is cut"
