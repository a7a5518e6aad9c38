"""What the acceptance review of issue 19 found, each at 80x24 and 160x45: keys typed
ahead of a form never reach the screen under it, an error goes once its field is
fixed, approving minutes leaves focus on what comes next, and nothing is cut unmarked.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Button, DataTable, Input, TextArea

from screens.app import CouncilApp, make_app
from screens.dialogs import ConfirmDialog, FormDialog
from screens.meetings import MeetingsScreen
from screens.minutes import ApproveMinutesScreen
from screens.vote import VoteScreen
from screens.widgets import DiffView, Table
from store.service import Store
from tests.tui.conftest import TODAY
from tests.tui.helpers import press, settle, text_of, until

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


@pytest.fixture
def app(tui_store: Store) -> CouncilApp:
    return make_app(tui_store, today=TODAY)


async def type_ahead(app: CouncilApp, keys: str) -> None:
    """Keys arriving at once, as a fast typist's (or a paste's) do: none waits for the last to be handled."""
    assert app._driver is not None
    for key in keys:
        app._driver.send_message(events.Key(key, key))


@pytest.mark.parametrize("size", SIZES)
async def test_keys_typed_after_the_one_that_opens_a_form_never_fire_the_list_underneath(
        app: CouncilApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")
        await type_ahead(app, "sHello")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, FormDialog) and app.screen.title_text == "Schedule a meeting"
        assert [type(s) for s in app.screen_stack[-2:]] == [MeetingsScreen, FormDialog]  # no agenda opened by e
        assert not app._notifications, [n.message for n in app._notifications]  # nor 'MTG-... is held'


@pytest.mark.parametrize("size", SIZES)
async def test_the_date_error_of_marking_an_action_done_goes_once_the_date_is_corrected(
        app: CouncilApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "9")
        await press(pilot, "a")
        await press(pilot, "c")  # DEC-2026-001/1 done
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-date", Input).value = "2026-03-01"  # before the decision of 2026-03-10
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: "on or after the decision" in text_of(app, "#form-error"), "the refusal")
        refused = text_of(app, "#form-error")
        assert "'Completed on'" in refused and "done_on" not in refused  # the form's label, not the record's
        assert "field named above" not in refused
        form.query_one("#field-date", Input).value = "2026-03-12"
        await settle(pilot)
        assert text_of(app, "#form-error") == ""
        assert not form.query_one("#field-date").has_class("-refused")


@pytest.mark.parametrize("size", SIZES)
async def test_a_stale_date_error_leaves_the_motion_screen_and_its_confirmation(
        app: CouncilApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")
        await press(pilot, "down")  # MTG-2026-01: attendance taken
        await press(pilot, "m")
        vote = app.screen
        assert isinstance(vote, VoteScreen)
        vote.query_one("#motion-title", Input).value = "Publish the register"
        actions = vote.query_one("#motion-actions", TextArea)
        actions.text = "Publish it; gus; 2026-02-30"
        await press(pilot, "F", "ctrl+s")
        assert "2026-02-30" in text_of(app, "#vote-error")
        assert app.screen is vote  # refused before any confirmation
        actions.text = "Publish it; gus; 2026-03-30"
        await settle(pilot)
        assert text_of(app, "#vote-error") == ""
        assert not actions.has_class("-refused")


@pytest.mark.parametrize("size", SIZES)
async def test_approving_corrected_minutes_leaves_focus_on_approve_and_one_escape_asks(
        app: CouncilApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")
        await press(pilot, "p")
        screen = app.screen
        assert isinstance(screen, ApproveMinutesScreen)
        area = screen.query_one("#approve-editor", TextArea)
        area.text = area.text.replace("DEC-2026-002 failed.", "DEC-2026-002 failed on a vote of 3 to 2.")
        await press(pilot, "ctrl+s")
        confirm = app.screen
        assert isinstance(confirm, ConfirmDialog)
        assert confirm.focused is confirm.query_one("#confirm", Button), confirm.focused
        await press(pilot, "tab", "tab")  # round the dialog: the buttons only, never into the diff box
        assert confirm.focused is confirm.query_one("#confirm", Button), confirm.focused
        diff = str(confirm.query_one(DiffView).render())
        assert "+DEC-2026-002 failed on a vote of 3 to 2." in diff.replace("\n", "")  # read whole
        assert all(line.region.right <= confirm.query_one(".dialog-diff").region.right
                   for line in confirm.query(DiffView))
        await press(pilot, "escape")  # not yet: back to the corrections, the editor where it was
        assert app.screen is screen and screen.focused is area
        await press(pilot, "escape")  # one Escape asks before the corrections are lost
        assert isinstance(app.screen, ConfirmDialog) and "Discard" in app.screen.title_text
        await press(pilot, "escape")
        assert app.screen is screen and "3 to 2" in area.text


@pytest.mark.parametrize("size", SIZES)
async def test_a_deadline_due_today_says_so_not_overdue_0d(
        app: CouncilApp, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from store import api
    from store.overview import Deadline

    real = api.overview  # what the dashboard's worker calls (through the front door, when it runs)

    def with_recall(*args: object) -> object:  # a recall is due the day the terms change
        data = real(*args)  # type: ignore[arg-type]
        recall = Deadline(TODAY, "recall: the terms changed", "REL-001", "recall", True)
        return dataclasses.replace(data, deadlines=[recall, *data.deadlines])

    monkeypatch.setattr(api, "overview", with_recall)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#deadline-table", DataTable)
        due = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert f"{TODAY} due today" in due, due
        assert not any("OVERDUE 0d" in d for d in due)
        assert any("OVERDUE 3d" in d for d in due)  # the action due 2026-03-17 is late, and says by how much


@pytest.mark.parametrize("size", SIZES)
async def test_the_area_bar_shows_all_ten_areas_artifacts_too(app: CouncilApp, size: tuple[int, int]) -> None:
    from screens.widgets import AreaBar

    async with app.run_test(size=size) as pilot:
        for key in "10":
            await press(pilot, key)
            area_bar = app.screen.query_one(AreaBar)
            shown = str(area_bar.render())
            assert len(shown) <= area_bar.size.width, shown  # on one line, nothing cut
            for part in ("1", "Home" if size[0] < 100 else "Dashboard", "9", "Reg", "0", "Art"):
                assert part in shown, (part, shown)
        assert app.current_mode == "artifacts" and app.screen.sub_title == "Artifacts"


@pytest.mark.parametrize("size", SIZES)
async def test_the_cancel_meeting_dialog_offers_keep_it_not_a_second_cancel(
        app: CouncilApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")  # MTG-2026-02, still to come
        await press(pilot, "x")
        form = app.screen
        assert isinstance(form, FormDialog)
        labels = [str(b.label) for b in form.query(Button)]
        assert labels == ["Cancel the meeting", "Keep it"], labels
        await press(pilot, "escape")  # nothing typed: it keeps the meeting at once
        assert isinstance(app.screen, MeetingsScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_the_agenda_items_kind_list_opens_inside_its_dialog(app: CouncilApp, size: tuple[int, int]) -> None:
    from textual.widgets import Select
    from textual.widgets._select import SelectOverlay

    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")
        await press(pilot, "g")
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-kind", Select).focus()
        await press(pilot, "enter")
        overlay = form.query_one(SelectOverlay)
        box = form.query_one(".dialog-box").region
        assert overlay.display and overlay.region.height >= 5  # every kind shows (five)
        assert box.contains_region(overlay.region), (overlay.region, box)


@pytest.mark.parametrize("size", SIZES)
async def test_a_title_the_edge_cuts_ends_with_an_ellipsis_and_the_footer_keys_come_whole(
        app: CouncilApp, size: tuple[int, int]) -> None:
    from textual.widgets._footer import FooterKey

    async with app.run_test(size=size) as pilot:
        await press(pilot, "6")
        table = app.screen.query_one("#ip-table", Table)
        assert str(table.get_row_at(1)[1]) == "Imaging set (de-identified)"  # read back whole
        asset = str(table.shown_row_at(1)[1])  # as painted
        assert asset == "Imaging set (de-identified)" or asset.endswith("…"), asset
        if size[0] < 100:
            assert asset.endswith("…")
        await press(pilot, "9")
        shown = [k for k in app.screen.query(FooterKey) if k.display]
        assert "e" in {k.key for k in shown}, [k.key for k in shown]  # the work first, before the tabs
        assert all(k.region.right <= app.size.width for k in shown)
