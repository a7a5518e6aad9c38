"""The Meetings area end to end (issue 19): forms that stay open when refused, a footer that
fits, the agenda edited, a meeting moved or cancelled, action items and a casting vote with
the vote, arrivals and departures, the minutes' template and preview, the printed pack.

Each test starts the app once and checks both working sizes (80x24, 160x45) by resizing.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, Select, TextArea
from textual.widgets._footer import FooterKey

from council import settings
from council.records import AgendaItem, Decision, Meeting
from screens.agenda import AgendaScreen
from screens.app import CouncilApp, make_app
from screens.dialogs import ChooseDialog, ConfirmDialog, FormDialog
from screens.minutes import minutes_template
from screens.vote import VoteScreen
from store import usecases
from store.service import Store
from tests.tui.conftest import TODAY
from tests.tui.helpers import no_error, press, settle, text_of, until

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

UPCOMING = "MTG-2026-02"


def footer_keys(app: CouncilApp) -> list[str]:
    """The keys the footer shows whole; fails if one is cut at the right edge."""
    footer = app.screen.query_one("FittingFooter")
    shown = [k for k in footer.query(FooterKey) if k.display]
    right = max(k.region.right for k in shown)
    assert right <= app.size.width, f"a footer key is cut at {right} of {app.size.width} columns"
    for key in shown:
        assert key.region.width >= len(key.key_display) + len(key.description) + 1, f"{key.key} is cut"
    return [k.key for k in shown if not k.has_class("-command-palette")]


async def test_a_refused_agenda_item_stays_open_and_the_footer_fits_both_sizes(
        tui_store: Store) -> None:
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "3")
        narrow = footer_keys(app)
        assert narrow[:2] == ["question_mark", "t"] and {"w", "m"} <= set(narrow)
        await pilot.resize_terminal(160, 45)
        await settle(pilot)
        wide = footer_keys(app)
        assert {"c", "v", "p", "s", "g", "e", "k"} <= set(wide)  # issue 19: v, p and c were hidden
        await press(pilot, "question_mark")  # every key, listed beside the area
        await until(pilot, lambda: bool(app.screen.query("BindingsTable")), "the keys panel")
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen.query_one("BindingsTable").render_bindings_table())
        listed = console.export_text()
        assert "Reschedule" in listed and "Cancel" in listed
        await press(pilot, "question_mark")
        assert not app.screen.query("HelpPanel")

        await pilot.resize_terminal(80, 24)
        await press(pilot, "g")
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-title", Input).value = "Amend clause 4.2 (quorum)"
        form.query_one("#field-refs", Input).value = "IP-1x"
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: bool(str(form.query_one("#form-error").render())), "the refusal")
        assert app.screen is form  # the form stays, what was typed kept, the field marked
        error = str(form.query_one("#form-error").render())
        assert "'Records'" in error and "IP-1x" in error and "agenda[" not in error
        assert form.query_one("#field-refs", Input).has_class("-refused")
        assert form.query_one("#field-title", Input).value == "Amend clause 4.2 (quorum)"
        form.query_one("#field-refs", Input).value = "4.2"
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form to close")
        no_error(app)
    meeting = tui_store.require(UPCOMING)
    assert isinstance(meeting, Meeting)
    assert [(a.title, a.refs) for a in meeting.agenda][-1] == ("Amend clause 4.2 (quorum)", ["4.2"])


async def test_the_agenda_is_edited_reordered_and_cut_in_one_commit(tui_store: Store) -> None:
    for title in ("Budget", "Any other business"):
        usecases.add_agenda_item(tui_store, UPCOMING, title)
    head = tui_store.head
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await press(pilot, "3")
        await press(pilot, "e")
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        await press(pilot, "down", "K")  # Budget first
        await press(pilot, "down", "down", "d")  # cut Any other business
        await press(pilot, "e")  # the minutes item (now under the cursor), edited
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-title", Input).value = "Minutes of MTG-2026-01, for approval"
        await press(pilot, "ctrl+s")
        assert app.screen is screen and tui_store.head == head  # nothing written yet
        await pilot.resize_terminal(80, 24)
        await press(pilot, "escape")  # changes in hand: asks
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "escape")  # keep them
        assert app.screen is screen
        assert "Minutes of MTG-2026-01, for approval" in str(screen.query_one(DataTable).get_row_at(1)[1])
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, AgendaScreen), "the agenda saved")
        no_error(app)
        assert "1. Budget" in text_of(app, "#meeting-agenda")
    meeting = tui_store.require(UPCOMING)
    assert isinstance(meeting, Meeting)
    assert [a.title for a in meeting.agenda] == ["Budget", "Minutes of MTG-2026-01, for approval"]
    assert meeting.agenda[1].refs == ["MTG-2026-01"]


async def test_a_meeting_is_rescheduled_after_a_refusal_then_cancelled(tui_store: Store, monkeypatch) -> None:
    monkeypatch.setenv("COUNCIL_COMMIT_DATE", f"{TODAY}T10:00:00+00:00")  # the app's today is the commit's day
    settings.reload()
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "3")
        await press(pilot, "r")
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-date", Input).value = "2027-01-08"  # another year than its ID's
        form.query_one("#field-reason", Input).value = "The chair is travelling"
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: "2026" in str(form.query_one("#form-error").render()), "the refusal")
        assert app.screen is form and form.query_one("#field-reason", Input).value == "The chair is travelling"
        assert form.query_one("#field-date", Input).has_class("-refused")
        form.query_one("#field-date", Input).value = "2026-04-17"
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, FormDialog), "the form to close")
        no_error(app)
        assert tui_store.require(UPCOMING).date == dt.date(2026, 4, 17)
        await pilot.resize_terminal(160, 45)
        await press(pilot, "x")
        assert isinstance(app.screen, FormDialog)
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: tui_store.require(UPCOMING).status == "cancelled", "the meeting cancelled")
        no_error(app)
        assert "cancelled" in text_of(app, "#meeting-head")


async def test_a_refused_vote_keeps_its_votes_and_action_items_are_recorded_with_it(tui_store: Store) -> None:
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "3")
        app.screen.focus_record("MTG-2026-01")
        await settle(pilot)
        await press(pilot, "m")
        vote = app.screen
        assert isinstance(vote, VoteScreen)
        vote.query_one("#motion-title", Input).value = "Extend the pilot"
        vote.query_one("#motion-moved", Select).value = "ada"
        vote.query_one("#motion-seconded", Select).value = "ada"  # refused: the mover cannot second
        vote.query_one("#motion-actions", TextArea).text = "Tell the lab; dee; 2026-04-01\nUpdate the plan; gus"
        await press(pilot, "F")
        await press(pilot, "ctrl+s")
        await pilot.click("#confirm")
        await until(pilot, lambda: "Seconded by" in str(vote.query_one("#vote-error").render()), "the refusal")
        assert app.screen is vote and set(vote.votes.values()) == {"for"}
        assert vote.query_one("#motion-seconded", Select).has_class("-refused")
        await pilot.resize_terminal(160, 45)
        vote.query_one("#motion-seconded", Select).value = "dee"
        vote.query_one("#motion-actions", TextArea).text = "Tell the lab; dee; 2026-04-01; soon"
        await press(pilot, "ctrl+s")  # a line that cannot be read: refused before anything is asked
        assert app.screen is vote and "on line 1" in str(vote.query_one("#vote-error").render())
        vote.query_one("#motion-actions", TextArea).text = "Tell the lab; dee; 2026-04-01\nUpdate the plan; gus"
        await press(pilot, "ctrl+s")
        await pilot.click("#confirm")
        await until(pilot, lambda: not isinstance(app.screen, VoteScreen), "the vote recorded")
        no_error(app)
    decided = tui_store.require("DEC-2026-005")
    assert isinstance(decided, Decision) and decided.outcome == "passed"
    assert [(a.text, a.owner, a.due) for a in decided.actions] == [
        ("Tell the lab", "dee", dt.date(2026, 4, 1)), ("Update the plan", "gus", None)]


async def test_a_casting_vote_breaks_a_tie_where_the_charter_grants_one(tui_store: Store) -> None:
    from tests.test_integrity_sitting import grant_casting_vote, make_ada_chair

    grant_casting_vote(tui_store)
    make_ada_chair(tui_store)
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await press(pilot, "3")
        app.screen.focus_record("MTG-2026-01")
        await settle(pilot)
        await press(pilot, "m")
        vote = app.screen
        assert isinstance(vote, VoteScreen)
        vote.query_one("#motion-title", Input).value = "Extend the pilot"
        vote.query_one("#motion-tier", Select).value = "low"
        await press(pilot, "f", "f", "f", "n", "n", "n")
        assert "TIED" in text_of(app, "#live-outcome")
        assert vote.query_one("#motion-casting-by", Select).value == "ada"  # the chair present
        await pilot.resize_terminal(80, 24)
        vote.query_one("#motion-casting", Select).value = "for"
        await settle(pilot)
        assert "PASSES" in text_of(app, "#live-outcome")
        await press(pilot, "ctrl+s")
        await pilot.click("#confirm")
        await until(pilot, lambda: not isinstance(app.screen, VoteScreen), "the vote recorded")
        no_error(app)
    decided = next(d for d in tui_store.list("decision") if d.title == "Extend the pilot")
    assert isinstance(decided, Decision)
    assert (decided.outcome, decided.casting_vote, decided.casting_by) == ("passed", "for", "ada")


async def test_arrivals_and_departures_are_taken_with_the_attendance(tui_store: Store) -> None:
    for title in ("Budget", "Pilot extension"):
        usecases.add_agenda_item(tui_store, UPCOMING, title)
    app = make_app(tui_store, today=dt.date(2026, 4, 10))  # the meeting's day
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "3")
        await press(pilot, "t")
        assert "question_mark" in footer_keys(app)  # the tab's own keys fill the footer: ? lists the rest
        await press(pilot, "A")  # everyone present at the opening
        await press(pilot, "l")  # Ada left...
        assert isinstance(app.screen, ChooseDialog)
        await press(pilot, "down", "enter")  # ...before item 3 (item 1 is the opening: not offered)
        table = app.screen.query_one("#attendance-table", DataTable)
        assert str(table.get_row_at(0)[1]) == "present, left before 3"
        await pilot.resize_terminal(160, 45)
        await press(pilot, "down", "a", "up")  # Ben was absent at the opening...
        await press(pilot, "i", "enter")  # ...and arrived before item 2
        assert str(table.get_row_at(1)[1]) == "absent, arrived before 2"
        await press(pilot, "ctrl+s")
        no_error(app)
        await until(pilot, lambda: tui_store.require(UPCOMING).status == "held", "the attendance saved")
        no_error(app)
    meeting = tui_store.require(UPCOMING)
    assert isinstance(meeting, Meeting)
    assert [(c.member, c.before_item, c.change) for c in meeting.attendance_changes] == [
        ("ben", 2, "arrived"), ("ada", 3, "left")]


def test_the_minutes_template_names_mover_seconder_and_votes(tui_store: Store) -> None:
    meeting = tui_store.require("MTG-2026-01")
    decision = tui_store.require("DEC-2026-002")
    assert isinstance(meeting, Meeting) and isinstance(decision, Decision)
    text = minutes_template(meeting, "Minutes record each motion.", [decision], {"eli": "Eli Roy"})
    assert ("- DEC-2026-002 Open the dataset to external researchers: moved by Eli Roy, no seconder "
            "recorded; 3 for, 2 against, 1 abstaining: failed.") in text


async def test_the_preview_follows_the_editor_and_the_pack_is_printed(tui_store: Store) -> None:
    usecases.save_minutes_draft(
        app_workspace := make_app(tui_store, today=TODAY).workspace, UPCOMING,
        "# Minutes\n\n" + "".join(f"## Item {n}\n\nThe council discussed item {n}.\n\n" for n in range(1, 40)))
    app_workspace.close()
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await press(pilot, "3")
        await press(pilot, "w")
        editor = app.screen.query_one("#minutes-editor", TextArea)
        pane = app.screen.query_one("#minutes-preview-pane")
        await until(pilot, lambda: pane.max_scroll_y > 0, "the preview rendered")
        assert pane.scroll_y == 0
        editor.move_cursor((editor.document.line_count - 1, 0))
        await until(pilot, lambda: pane.scroll_y > pane.max_scroll_y / 2, "the preview following the editor")
        await pilot.resize_terminal(80, 24)
        await press(pilot, "escape", "k")
        assert isinstance(app.screen, ChooseDialog)
        await press(pilot, "enter")  # the agenda pack
        out = settings.current().data_dir / "packs"
        await until(pilot, lambda: (out / f"{UPCOMING}-pack.md").exists(), "the pack printed")
        await until(pilot, lambda: any("Wrote the" in n.message for n in app._notifications), "where it went")
        note = next(n.message for n in app._notifications if "Wrote the" in n.message)
        assert str(out / f"{UPCOMING}-pack.md") in note
    assert "Approve the minutes of MTG-2026-01" in (out / f"{UPCOMING}-pack.md").read_text()
    assert {p.suffix for p in out.iterdir()} >= {".md", ".html"}


def test_set_agenda_refuses_a_held_meeting_and_an_empty_title(tui_store: Store) -> None:
    from council.errors import RecordError, RuleError

    with pytest.raises(RecordError) as err:
        usecases.set_agenda(tui_store, UPCOMING, [AgendaItem(title=" ")])
    assert err.value.field == "agenda[0].title"
    with pytest.raises(RuleError, match="only a scheduled meeting's agenda"):
        usecases.set_agenda(tui_store, "MTG-2026-01", [])


async def test_a_form_and_a_vote_left_open_by_a_crash_open_again_with_what_was_typed(tui_store: Store) -> None:
    from screens import drafts

    def kept() -> list:
        folder = settings.current().data_dir / "drafts"
        return sorted(folder.glob("*.json")) if folder.exists() else []

    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "3")
        await press(pilot, "g")
        app.screen.query_one("#field-title", Input).value = "Budget for the second year"
        await until(pilot, lambda: len(kept()) == 1, "the form's draft kept")
        app.pop_screen()  # gone without being saved or discarded, as in a crash
        await settle(pilot)
        app.screen.focus_record("MTG-2026-01")
        await settle(pilot)
        await press(pilot, "m")
        app.screen.query_one("#motion-title", Input).value = "Extend the pilot"
        await press(pilot, "F")
        await until(pilot, lambda: len(kept()) == 2, "the vote's draft kept")
        # The app ends here with neither saved: as a crash would leave them.
    assert drafts.load(tui_store.root, "vote at MTG-2026-01")["votes"]["ada"] == "for"
    assert tui_store.root not in kept()[0].parents  # in the data directory, never in the store

    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await press(pilot, "3")
        await press(pilot, "g")
        form = app.screen
        assert form.query_one("#field-title", Input).value == "Budget for the second year"
        assert "Restored" in str(form.query_one("#form-error").render())
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)  # a restored form is a changed one
        await press(pilot, "y")
        assert len(kept()) == 1  # discarded: its draft goes
        app.screen.focus_record("MTG-2026-01")
        await settle(pilot)
        await press(pilot, "m")
        vote = app.screen
        assert isinstance(vote, VoteScreen)
        assert vote.query_one("#motion-title", Input).value == "Extend the pilot"
        assert set(vote.votes.values()) == {"for"} and len(vote.votes) == 6
        await press(pilot, "ctrl+s")
        await pilot.click("#confirm")
        await until(pilot, lambda: not isinstance(app.screen, VoteScreen), "the vote recorded")
        no_error(app)
    assert kept() == []
    assert any(d.title == "Extend the pilot" for d in tui_store.list("decision"))
