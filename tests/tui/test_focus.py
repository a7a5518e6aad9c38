"""Keys land where the user put them: Escape leaves a field, forms open where work
starts, nothing typed is lost to a refusal or to a stray Escape (issue 19).

Each case runs at the two sizes a secretariat uses: 80x24 and 160x45.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import pytest
from textual.widgets import DataTable, Input, Tabs, TextArea

from screens.app import CouncilApp, make_app
from screens.dialogs import ConfirmDialog, FormDialog
from screens.minutes import ApproveMinutesScreen
from screens.vote import VoteScreen
from store.service import Store
from tests.tui.conftest import TODAY
from tests.tui.helpers import press, settle, until

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


@pytest.fixture
def app(tui_store: Store) -> CouncilApp:
    return make_app(tui_store, today=TODAY)


@pytest.mark.parametrize("size", SIZES)
async def test_escape_leaves_the_history_filter_so_keys_are_bindings_again(app: CouncilApp, size) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "8")
        await press(pilot, "slash")
        await press(pilot, *"IP-001")
        box = app.screen.query_one("#history-filter", Input)
        assert box.value == "IP-001"
        await press(pilot, "escape")
        assert not box.has_focus
        assert app.screen.focused is app.screen.query_one("#commit-table")
        amendments = app.screen.amendments_only
        await press(pilot, "a")  # the binding (all commits), not a letter in the filter
        assert box.value == "IP-001"
        assert app.screen.amendments_only is not amendments


@pytest.mark.parametrize("size", SIZES)
async def test_escape_leaves_the_minutes_editor_and_area_keys_switch_again(app: CouncilApp, size) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")
        await press(pilot, "w")
        editor = app.screen.query_one("#minutes-editor", TextArea)
        assert editor.has_focus
        before = editor.text
        await press(pilot, "escape")
        assert app.screen.focused is app.screen.query_one("#meeting-table")  # back to the meeting list
        await press(pilot, "4")
        assert app.current_mode == "decisions"
        assert editor.text == before


@pytest.mark.parametrize("size", SIZES)
async def test_the_vote_screen_opens_on_the_votes_and_keeps_the_title(app: CouncilApp, size) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")
        await press(pilot, "down")  # MTG-2026-01: attendance taken
        await press(pilot, "m")
        vote = app.screen
        assert isinstance(vote, VoteScreen)
        assert vote.focused is vote.query_one("#vote-table", DataTable)
        vote.query_one("#motion-title", Input).value = "Extend the pilot"
        await press(pilot, "F")  # everyone present for, as the README says
        assert vote.query_one("#motion-title", Input).value == "Extend the pilot"
        assert set(vote.votes.values()) == {"for"}
        await press(pilot, "4")  # an area key does not leave marked votes behind
        assert app.screen is vote
        await press(pilot, "escape")  # marked votes: it asks
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "escape")  # keep them
        assert app.screen is vote and set(vote.votes.values()) == {"for"}
        vote.query_one("#motion-title", Input).focus()
        await press(pilot, "escape")  # from a field: back to the votes, nothing asked
        assert app.screen is vote and vote.focused is vote.query_one("#vote-table")
        await press(pilot, "escape")
        await press(pilot, "y")
        assert app.current_mode == "meetings" and not isinstance(app.screen, VoteScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_an_unchanged_vote_screen_closes_without_asking(app: CouncilApp, size) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")
        await press(pilot, "down")
        await press(pilot, "m")
        assert isinstance(app.screen, VoteScreen)
        await press(pilot, "escape")
        assert not isinstance(app.screen, (VoteScreen, ConfirmDialog))


@pytest.mark.parametrize("size", SIZES)
async def test_the_risk_form_opens_on_the_title_not_the_proposed_id(app: CouncilApp, size) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "9")
        await press(pilot, "r")
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormDialog)
        proposed = form.query_one("#field-id", Input).value
        assert form.focused is form.query_one("#field-title", Input)
        await press(pilot, *"Vendor lock-in")
        assert form.query_one("#field-title", Input).value == "Vendor lock-in"
        assert form.query_one("#field-id", Input).value == proposed


@pytest.mark.parametrize("size", SIZES)
async def test_keys_typed_while_a_form_is_prepared_do_not_fire_the_areas_bindings(
        app: CouncilApp, size, monkeypatch: pytest.MonkeyPatch) -> None:
    from screens import register_forms

    release = threading.Event()
    real = register_forms.read_choices

    def slow(store, today):  # a form that takes long to prepare, as under load
        release.wait(timeout=60)
        return real(store, today)

    monkeypatch.setattr(register_forms, "read_choices", slow)
    async with app.run_test(size=size) as pilot:
        await press(pilot, "9")
        await press(pilot, "r")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("2", "x")  # would switch to the Charter, then the exit dry run tab
        await pilot.pause()
        assert app.current_mode == "registers"
        release.set()
        await until(pilot, lambda: isinstance(app.screen, FormDialog), "the form to open")
        form = app.screen
        assert form.focused is form.query_one("#field-title", Input)
        assert form.query_one("#field-title", Input).value == ""  # nothing typed where it was not meant


@pytest.mark.parametrize("size", SIZES)
async def test_in_the_attendance_tab_p_is_present_and_escape_goes_back(tui_store: Store, size) -> None:
    # On the day of MTG-2026-02: before it, the attendance form is not offered (issue 14).
    app = make_app(tui_store, today=dt.date(2026, 4, 10))
    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")
        await press(pilot, "t")  # MTG-2026-02: scheduled, its previous minutes circulated
        table = app.screen.query_one("#attendance-table", DataTable)
        assert table.has_focus
        await press(pilot, "p")
        assert "present" in str(table.get_row_at(0)[1])
        app.screen.query_one("#meeting-tabs Tabs", Tabs).focus()  # the tab bar, not the table
        await press(pilot, "p")
        assert not isinstance(app.screen, ApproveMinutesScreen)
        await press(pilot, "escape")
        assert app.screen.focused is app.screen.query_one("#meeting-table")
        await press(pilot, "p")  # back on the meeting list, p approves the previous minutes again
        assert isinstance(app.screen, ApproveMinutesScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_escape_on_a_changed_form_asks_and_keeps_what_was_typed(app: CouncilApp, size) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "5")
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, FormDialog)
        await press(pilot, *"Access logs")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "escape")  # no, keep it
        assert app.screen is form
        assert form.query_one("#field-title", Input).value == "Access logs"
        await press(pilot, "escape")
        await press(pilot, "y")
        assert app.current_mode == "disputes" and not isinstance(app.screen, (FormDialog, ConfirmDialog))
        await press(pilot, "n")
        assert isinstance(app.screen, FormDialog)
        await press(pilot, "escape")  # unchanged: closes at once
        assert not isinstance(app.screen, (FormDialog, ConfirmDialog))


@pytest.mark.parametrize("size", SIZES)
async def test_a_refused_date_stays_in_the_form_and_clears_once_corrected(
        app: CouncilApp, tui_store: Store, size) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "5")
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-title", Input).value = "Access logs withheld"
        form.query_one("#field-date", Input).value = "2026-13-01"
        await press(pilot, "ctrl+s")
        assert app.screen is form
        error = str(form.query_one("#form-error").render())
        assert "Raised on" in error and "2026-13-01" in error
        assert form.query_one("#field-date", Input).has_class("-refused")
        form.query_one("#field-date", Input).value = "2026-03-19"
        await settle(pilot)
        assert str(form.query_one("#form-error").render()) == ""  # corrected: the error goes
        assert not form.query_one("#field-date", Input).has_class("-refused")
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form to close")
    assert any(d.title == "Access logs withheld" for d in tui_store.list("dispute"))


@pytest.mark.parametrize("size", SIZES)
async def test_a_refused_risk_speaks_the_forms_words_and_keeps_the_form(
        app: CouncilApp, tui_store: Store, size) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "9")
        await press(pilot, "r")
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-title", Input).value = "Vendor lock-in"
        form.query_one("#field-review_date", Input).value = "2026-03-01"  # before it was identified (today)
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: "Next review" in str(form.query_one("#form-error").render()), "the refusal")
        error = str(form.query_one("#form-error").render())
        assert app.screen is form
        assert "review_date" not in error and "identified_on" not in error and "datetime" not in error
        assert "2026-03-01" in error and str(TODAY) in error
        assert form.focused is form.query_one("#field-review_date", Input)
        assert form.query_one("#field-title", Input).value == "Vendor lock-in"
    assert not any(r.title == "Vendor lock-in" for r in tui_store.list("risk"))


@pytest.mark.parametrize("size", SIZES)
async def test_a_toml_error_names_the_line_the_fields_editor_shows(app: CouncilApp, size) -> None:
    from tests.tui.helpers import text_of

    async with app.run_test(size=size) as pilot:
        await press(pilot, "2")
        await press(pilot, "down", "down", "down", "down")  # 4.2, the quorum clause
        await press(pilot, "e")
        fields = app.screen.query_one("#amend-fields", TextArea)
        lines = fields.text.split("\n")
        lines[2] = "broken = = here"  # line 3 in the editor's own numbering
        fields.text = "\n".join(lines)
        await until(pilot, lambda: "✘" in text_of(app, "#amend-status"), "the check after the pause")
        assert "at line 3 of the fields" in text_of(app, "#amend-status")


async def test_the_chosen_theme_is_kept_across_restarts(tui_store: Store) -> None:
    first = make_app(tui_store, today=TODAY)
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert first.theme != "nord"
        first.theme = "nord"
        await settle(pilot)
    again = make_app(tui_store, today=TODAY)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_the_palette_ranks_an_exact_id_above_a_title_that_mentions_it(
        app: CouncilApp, monkeypatch: pytest.MonkeyPatch) -> None:
    from screens.commands import RecordsProvider
    from store import api

    real = api.find

    def find(store, query, limit):  # a decision whose title names the dispute, found first
        rows = real(store, "DSP-001", limit)
        mention = dataclasses.replace(real(store, "DEC-2026-001", limit)[0], title="Determine dispute DSP-001")
        return [mention, *rows]

    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        monkeypatch.setattr("store.queries.find", find)
        hits = [hit async for hit in RecordsProvider(app.screen).search("DSP-001")]
        best = max(hits, key=lambda hit: hit.score)
        assert best.text.startswith("DSP-001")
        assert all(hit.score < best.score for hit in hits if not hit.text.startswith("DSP-001"))


@pytest.mark.parametrize("size", SIZES)
async def test_escape_in_the_decision_filter_clears_it_and_goes_back_to_the_list(app: CouncilApp, size) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "4")
        await press(pilot, "slash")
        await press(pilot, *"tier:high")
        await press(pilot, "escape")
        box = app.screen.query_one("#decision-filter", Input)
        assert box.value == "" and app.screen.focused is app.screen.query_one("#decision-table")
        await press(pilot, "5")
        assert app.current_mode == "disputes"


@pytest.mark.parametrize("size", SIZES)
async def test_escape_with_corrections_to_the_minutes_asks_first(app: CouncilApp, size) -> None:
    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")  # MTG-2026-02, whose previous minutes are circulated
        await press(pilot, "p")
        screen = app.screen
        assert isinstance(screen, ApproveMinutesScreen)
        area = screen.query_one("#approve-editor", TextArea)
        area.text = area.text.replace("failed.", "failed on a vote of 3 to 2.")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "escape")  # keep them
        assert app.screen is screen and "3 to 2" in area.text
        await press(pilot, "4")  # no area jump from corrections in hand
        assert app.screen is screen
        await press(pilot, "escape")
        await press(pilot, "y")
        assert not isinstance(app.screen, (ApproveMinutesScreen, ConfirmDialog))


@pytest.mark.parametrize("size", SIZES)
async def test_minutes_being_typed_survive_a_crash_of_the_app(app: CouncilApp, tui_store: Store, size) -> None:
    from store.workspace import Workspace

    async with app.run_test(size=size) as pilot:
        await press(pilot, "3")  # MTG-2026-02: no minutes yet
        await press(pilot, "w")
        editor = app.screen.query_one("#minutes-editor", TextArea)
        assert app.workspace.minutes("MTG-2026-02") is None
        editor.insert("The chair opened the meeting at 10:00.\n", (0, 0))
        await until(pilot, lambda: app.workspace.minutes("MTG-2026-02") is not None, "the draft to be kept")
        # No ctrl+s: what a second process (the app started again after a crash) finds.
        again = Workspace.of_store(tui_store.root)
        try:
            draft = again.minutes("MTG-2026-02")
            assert draft is not None and draft.text.startswith("The chair opened the meeting at 10:00.")
        finally:
            again.close()
        assert tui_store.require("MTG-2026-02").minutes_status == "none"  # in the workspace, not in git
