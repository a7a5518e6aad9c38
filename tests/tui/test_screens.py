"""Pilot tests: each area of the app, on a private copy of the TUI test store."""

from __future__ import annotations

import pytest
from textual.widgets import Button, DataTable, Input, Sparkline, TabbedContent, TextArea

from council.records import Decision, Dispute, Meeting
from screens.amend import AmendmentEditor
from screens.app import CouncilApp, make_app
from screens.dialogs import ConfirmDialog, FormDialog
from screens.minutes import ApproveMinutesScreen
from screens.vote import VoteScreen
from store.service import Store
from tests.tui.conftest import TODAY
from tests.tui.helpers import git, no_error, palette_offers, press, settle, text_of, until

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

SIZE = (120, 40)


@pytest.fixture
def app(tui_store: Store) -> CouncilApp:
    return make_app(tui_store, today=TODAY)


def rows(app: CouncilApp, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_dashboard_shows_the_partnership_at_a_glance(app: CouncilApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.current_mode == "dashboard"
        assert app.title == "Test Partnership"
        head = text_of(app, "#next-meeting-text")
        assert "MTG-2026-02" in head and "in 21 days" in head and "agenda not yet circulated" in head
        # Fay sent apologies: 5 of the 6 voting members are expected.
        assert "Expected: ● QUORATE  5 of 6 voting members present, 4 required" in text_of(app, "#expected-quorum")
        deadlines = rows(app, "#deadline-table")
        assert deadlines[0][:3] == ["2026-03-03 OVERDUE 17d", "DSP-001 council stage ends", "DSP-001"]
        assert deadlines[1][1] == "Publish the form (gus)"
        assert "DSP-001 council · OVERDUE 17d" in text_of(app, "#disputes-text")
        assert [r[0] for r in rows(app, "#recent-table")] == ["DEC-2026-004", "DEC-2026-003", "DEC-2026-002",
                                                              "DEC-2026-001"]
        assert app.screen.query_one("#quarters", Sparkline).data == [0, 0, 0, 4]
        assert app.screen.query_one("#durations", Sparkline).data == [74, 17]
        # Selecting a deadline opens its record where it lives.
        table = app.screen.query_one("#deadline-table", DataTable)
        table.focus()
        await press(pilot, "enter")
        assert app.current_mode == "disputes"
        assert app.screen.selected_id() == "DSP-001"


async def test_charter_shows_clauses_with_versions_and_settings(app: CouncilApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "2")
        assert [r[0] for r in rows(app, "#clause-table")][:5] == ["1", "2", "3", "4.1", "4.2"]
        app.screen.focus_record("4.2")
        await pilot.pause()
        head = text_of(app, "#clause-head")
        assert "4.2 Quorum" in head and "version 1 · adopted 2025-01-01 with the founding charter" in head
        assert "sets the quorum" in head
        assert "min_per_party: 1" in text_of(app, "#clause-settings")


async def test_amendment_editor_checks_the_draft_and_keeps_it_out_of_git(app: CouncilApp, tui_store: Store) -> None:
    head = tui_store.head
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "2")
        app.screen.focus_record("4.3")
        await press(pilot, "e")
        editor = app.screen
        assert isinstance(editor, AmendmentEditor)
        area = editor.query_one("#amend-fields", TextArea)  # proxies are a setting of 4.3
        assert "Unchanged" in text_of(app, "#amend-status")
        area.text = area.text.replace("allowed = false", "allowed = maybe")
        await until(pilot, lambda: "✘" in text_of(app, "#amend-status"), "the check after the pause")
        assert "valid TOML" in text_of(app, "#amend-status")
        await pilot.press("ctrl+s")  # without a summary: asks for one first
        await settle(pilot)
        assert app.screen is editor and editor.focused is editor.query_one("#amend-summary", Input)
        editor.query_one("#amend-summary", Input).value = "allow proxies"
        await press(pilot, "ctrl+s")
        assert app.screen_stack[-1].__class__.__name__ == "ErrorDialog"
        await pilot.press("escape")
        area.text = area.text.replace("allowed = maybe", "allowed = true\ncount_for_quorum = true")
        await until(pilot, lambda: "✔ A valid record" in text_of(app, "#amend-status"), "the check after the pause")
        assert "+allowed = true" in text_of(app, "#amend-diff")
        await press(pilot, "ctrl+s")
        no_error(app)
        assert "Saved as a draft" in text_of(app, "#amend-status")
        await press(pilot, "escape")
        assert "Proxies ✎" in [r[1] for r in rows(app, "#clause-table")]
    assert tui_store.head == head  # drafts live in the workspace, not in git
    assert [d.summary for d in app.workspace.drafts()] == ["allow proxies"]


async def test_meeting_overview_and_minutes_draft(app: CouncilApp, tui_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "3")
        assert [r[0] for r in rows(app, "#meeting-table")] == ["MTG-2026-02", "MTG-2026-01"]
        await press(pilot, "down")
        assert "MTG-2026-01  Regular meeting" in text_of(app, "#meeting-head")
        assert "● QUORATE  6 of 6" in text_of(app, "#meeting-quorum")
        assert [r[2] for r in rows(app, "#meeting-decisions")] == ["passed", "failed", "passed", "passed"]
        await press(pilot, "w")
        assert app.screen.query_one(TabbedContent).active == "tab-minutes"
        editor = app.screen.query_one("#minutes-editor", TextArea)
        assert editor.text.startswith("The council met")
        assert "Circulated" in text_of(app, "#minutes-status")
        # A scheduled meeting without minutes starts from the charter's standard.
        await pilot.press("escape")
        app.screen.focus_record("MTG-2026-02")
        await settle(pilot)
        assert editor.text.startswith("# Minutes of MTG-2026-02")
        assert "Minutes record what was done, not what was said." in editor.text
        head = tui_store.head
        editor.focus()
        await press(pilot, "ctrl+s")
        no_error(app)
        assert tui_store.head == head  # a draft, not a commit
        assert app.workspace.minutes("MTG-2026-02") is not None
        assert "Draft in the workspace" in text_of(app, "#minutes-status")
        await press(pilot, "ctrl+o")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await settle(pilot)
        no_error(app)
    meeting = tui_store.require("MTG-2026-02")
    assert isinstance(meeting, Meeting) and meeting.minutes_status == "circulated"
    assert git(tui_store.root, "log", "-1", "--format=%s") == "record: circulate the minutes of MTG-2026-02\n"


async def test_approve_previous_minutes_as_corrected_keeps_the_diff(app: CouncilApp, tui_store: Store) -> None:
    from store import usecases as operations
    from tests.tui.conftest import VOTERS

    # Minutes are approved at a later meeting that is held (issue 14): take its attendance first.
    operations.set_attendance(tui_store, "MTG-2026-02", {m: "present" for m in VOTERS})
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "3")
        await pilot.press("p")  # at MTG-2026-02, approve the minutes of MTG-2026-01
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ApproveMinutesScreen)
        area = screen.query_one("#approve-editor", TextArea)
        area.text = area.text.replace("DEC-2026-002 failed.", "DEC-2026-002 failed on a vote of 3 to 2.")
        await pilot.pause()
        assert "+DEC-2026-002 failed on a vote of 3 to 2." in text_of(app, "#approve-diff")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # cancelling writes nothing, and the corrections are still there
        await settle(pilot)
        assert tui_store.require("MTG-2026-01").minutes_status == "circulated"
        assert app.screen is screen and "3 to 2" in area.text
        await press(pilot, "ctrl+s")
        await pilot.click("#confirm")
        await settle(pilot)
        no_error(app)
    meeting = tui_store.require("MTG-2026-01")
    assert isinstance(meeting, Meeting)
    assert (meeting.minutes_status, meeting.minutes_approved_as, meeting.minutes_approved_at) == (
        "approved", "corrected", "MTG-2026-02")
    message = git(tui_store.root, "log", "-1", "--format=%B")
    assert message.startswith("record: approve the minutes of MTG-2026-01 as corrected at MTG-2026-02")
    assert "Corrections:" in message and "+DEC-2026-002 failed on a vote of 3 to 2." in message


async def test_recording_a_motion_shows_a_tie_live_and_records_it(app: CouncilApp, tui_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "3")
        await press(pilot, "down")
        await press(pilot, "m")
        vote = app.screen
        assert isinstance(vote, VoteScreen)
        vote.query_one("#motion-title", Input).value = "Extend the pilot by a month"
        vote.query_one("#vote-table", DataTable).focus()
        await pilot.press("f")
        assert "PASSES" in text_of(app, "#live-outcome")
        await pilot.press("f", "f", "n", "n", "n")
        assert "TIED" in text_of(app, "#live-outcome")
        assert "a tie does not carry" in text_of(app, "#live-outcome")
        await press(pilot, "ctrl+s")
        await pilot.click("#confirm")
        await settle(pilot)
        no_error(app)
        assert "DEC-2026-005" in [r[0] for r in rows(app, "#meeting-decisions")]
    decision = tui_store.require("DEC-2026-005")
    assert isinstance(decision, Decision) and decision.outcome == "tied"


async def test_decision_log_filters_as_you_type_and_opens_a_decision(app: CouncilApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "4")
        assert len(rows(app, "#decision-table")) == 4
        await pilot.press("slash")
        await press(pilot, *"tier:high")
        assert [r[0] for r in rows(app, "#decision-table")] == ["DEC-2026-004", "DEC-2026-003"]
        assert text_of(app, "#filter-status").startswith("2 decisions")
        app.screen.query_one("#decision-filter", Input).value = "externa outcome:failed"
        await settle(pilot)
        assert [r[0] for r in rows(app, "#decision-table")] == ["DEC-2026-002"]
        app.screen.query_one("#decision-filter", Input).value = "triage from:2026-03 to:2026-03"
        await settle(pilot)
        assert [r[0] for r in rows(app, "#decision-table")] == ["DEC-2026-003"]
        await pilot.press("enter")  # from the filter to the table
        await pilot.press("enter")  # open the decision
        await settle(pilot)
        assert "DEC-2026-003" in text_of(app, "#decision-head")
        assert "passed" in text_of(app, "#decision-outcome").lower()
        assert "Decision: DEC-2026-003" in text_of(app, "#amendment-head")
        assert "+title = \"Triage model v1\"" in text_of(app, "#amendment-diff")
        assert len(rows(app, "#vote-table")) == 6


async def test_disputes_raise_move_and_resolve(app: CouncilApp, tui_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "5")
        assert "OVERDUE by 17 days" in text_of(app, "#dispute-timeline")
        await press(pilot, "n")
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one("#field-title", Input).value = "Access logs withheld"
        await pilot.click("#submit")
        await settle(pilot)
        no_error(app)
        assert app.screen.selected_id() == "DSP-003"
        assert "● negotiation" in text_of(app, "#dispute-timeline")
        await press(pilot, "m")
        await pilot.click("#submit")
        await settle(pilot)
        no_error(app)
        await press(pilot, "o")
        app.screen.query_one("#field-resolution", TextArea).text = "Logs shared under NDA."
        await pilot.click("#submit")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#confirm")
        await settle(pilot)
        no_error(app)
        assert "RESOLVED on 2026-03-20: Logs shared under NDA." in text_of(app, "#dispute-timeline")
    dispute = tui_store.require("DSP-003")
    assert isinstance(dispute, Dispute)
    assert [s.name for s in dispute.stages] == ["negotiation", "council"]
    assert dispute.status == "resolved"


async def test_ip_register_new_entry_is_a_draft_amendment(app: CouncilApp, tui_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "6")
        assert [r[0] for r in rows(app, "#ip-table")] == ["IP-001", "IP-002"]
        facts = text_of(app, "#ip-facts")
        assert "hosp" in facts and "50%" in facts and "Apache-2.0" in facts and "keep the NOTICE file" in facts
        await press(pilot, "n")
        editor = app.screen
        assert isinstance(editor, AmendmentEditor) and editor.target == "IP-003"
        area = editor.query_one("#amend-fields", TextArea)
        area.text = area.text.replace("hosp = 100.0", "hosp = 60.0\nlab = 30.0")
        await until(pilot, lambda: "shares summing to 100%" in text_of(app, "#amend-status"), "the share check")
        area.text = area.text.replace("lab = 30.0", "lab = 40.0").replace("New asset", "Sepsis model")
        await until(pilot, lambda: "✔ A valid record" in text_of(app, "#amend-status"), "the check after the pause")
        editor.query_one("#amend-summary", Input).value = "register the sepsis model"
        await press(pilot, "ctrl+s")
        no_error(app)
    assert [(d.target, d.is_new_record) for d in app.workspace.drafts()] == [("IP-003", True)]
    assert tui_store.get("IP-003") is None


async def test_exit_plan_readiness(app: CouncilApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "7")
        assert "33% ready: 1 of 3 obligations" in text_of(app, "#readiness-text")
        assert [r[0] for r in rows(app, "#obligation-table")] == ["OB-3", "OB-1", "OB-2"]
        assert "termination" in text_of(app, "#exit-triggers")
        await press(pilot, "e")
        assert isinstance(app.screen, AmendmentEditor) and app.screen.target == "EXIT-01"


async def test_history_amendments_first_all_commits_and_by_record(app: CouncilApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "8")
        assert [r[2] for r in rows(app, "#commit-table")] == [
            "amend: adopt the exit plan", "amend: register IP-001 and IP-002", "amend: adopt the founding charter"]
        assert "Vote: 6 for, 0 against, 0 abstain" in text_of(app, "#commit-trailers")
        assert "+days = 14" in text_of(app, "#commit-diff")
        await press(pilot, "a")
        assert len(rows(app, "#commit-table")) == 9
        app.screen.query_one("#history-filter", Input).value = "IP-001"
        await settle(pilot)
        assert [r[2] for r in rows(app, "#commit-table")] == ["amend: register IP-001 and IP-002"]
        diff = text_of(app, "#commit-diff")
        assert "ip/IP-001.md" in diff and "IP-002" not in diff.split("\n", 1)[0]


async def test_palette_finds_records_and_opens_them(app: CouncilApp) -> None:
    from screens.commands import ActionsProvider, RecordsProvider

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hits = [hit async for hit in RecordsProvider(app.screen).search("triage")]
        assert {hit.text.split()[0] for hit in hits} == {"DEC-2026-003", "IP-001"}
        # A hit by its text shows the line that matched, as `council search` does.
        helps = {hit.text.split()[0]: hit.help or "" for hit in hits}
        assert "Jointly trained triage model." in helps["IP-001"], helps
        by_id = [hit async for hit in RecordsProvider(app.screen).search("dsp-001")]
        assert by_id[0].text.startswith("DSP-001") and by_id[0].score == 1.0
        actions = [hit async for hit in ActionsProvider(app.screen).search("schedule meeting")]
        assert actions[0].text == "Schedule a meeting"
        await actions[0].command()
        await settle(pilot)
        assert app.current_mode == "meetings" and isinstance(app.screen, FormDialog)
        await pilot.press("escape")
        await by_id[0].command()
        await settle(pilot)
        assert app.current_mode == "disputes" and app.screen.selected_id() == "DSP-001"
        await app.open_record("DEC-2026-002")
        await settle(pilot)
        assert "Open the dataset" in text_of(app, "#decision-head")
        await app.open_record("ada")
        await settle(pilot)
        assert "Ada Hale" in text_of(app, "#record-head")
        # Through the palette itself: type an ID, press enter.
        await pilot.press("escape", "escape")
        await pilot.press("ctrl+p")
        await pilot.press(*"IP-002")
        await until(pilot, lambda: palette_offers(app, "IP-002"), "the palette offering IP-002")
        await press(pilot, "enter")
        assert app.current_mode == "ip"
        assert app.screen.selected_id() == "IP-002"


async def test_proxies_only_where_the_charter_allows_them(tui_store: Store) -> None:
    import datetime as dt

    from council.records import Decision
    from store.write.change import Change
    from tests.conftest import DAY
    from tests.tui.conftest import VOTERS

    # Attendance is taken on the day of MTG-2026-02: before it, the form does not offer it.
    meeting_day = dt.date(2026, 4, 10)
    app = make_app(tui_store, today=meeting_day)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await press(pilot, "3")
        await pilot.press("t")  # MTG-2026-02
        await settle(pilot)
        await pilot.press("p", "x")  # Ada present; a proxy for Ben is refused
        await pilot.pause()
        assert any("does not authorise proxies (charter 4.3)" in n.message for n in app._notifications)
        assert "not recorded" in str(app.screen.query_one("#attendance-table", DataTable).get_row_at(1)[1])

    clause = tui_store.require("4.3")
    allow = Decision(id="DEC-2026-010", title="Allow proxies", meeting="MTG-2026-01", date=DAY, tier="high",
                     motion="That members may vote by proxy.", votes={m: "for" for m in VOTERS}, amends=["4.3"])
    tui_store.write(Change("allow proxies", [allow, clause.replace(settings={"allowed": True, "count_for_quorum": True})],
                           kind="amend", decision="DEC-2026-010"))
    app = make_app(tui_store, today=meeting_day)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "3")
        await press(pilot, "t")
        await press(pilot, "p", "x")
        await pilot.press("enter")  # the only member present: Ada holds Ben's proxy
        await pilot.pause()
        assert "proxy held by Ada Hale" in str(app.screen.query_one("#attendance-table", DataTable).get_row_at(1)[1])
        assert "2 of 6 voting members present" in text_of(app, "#live-quorum")  # proxies count, says 4.3
        await press(pilot, "ctrl+s")
        no_error(app)
    meeting = tui_store.require("MTG-2026-02")
    assert isinstance(meeting, Meeting)
    assert meeting.attendance["ben"] == "proxy:ada" and meeting.proxies() == {"ben": "ada"}


async def test_agenda_items_are_added_to_the_meeting(app: CouncilApp, tui_store: Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "3")
        await press(pilot, "g")
        form = app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-title", Input).value = "Amend clause 4.2 (quorum)"
        form.query_one("#field-refs", Input).value = "4.2"
        await press(pilot, "ctrl+s")
        no_error(app)
        assert "2. Amend clause 4.2 (quorum) (4.2)" in text_of(app, "#meeting-agenda")
    meeting = tui_store.require("MTG-2026-02")
    assert isinstance(meeting, Meeting)
    assert [(a.title, a.refs) for a in meeting.agenda][-1] == ("Amend clause 4.2 (quorum)", ["4.2"])


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_attendance_of_a_meeting_with_decisions_is_read_only(tui_store: Store, size) -> None:
    # Issue 14: once a decision is taken at a meeting its attendance is fixed;
    # the store refuses a change, and the screen says so before anything is typed.
    head = tui_store.head
    app = make_app(tui_store, today=TODAY)
    async with app.run_test(size=size, notifications=True) as pilot:
        await press(pilot, "3")
        app.screen.focus_record("MTG-2026-01")
        await settle(pilot)
        await press(pilot, "t")
        assert "attendance is fixed: DEC-2026-001" in text_of(app, "#attendance-note")
        assert app.screen.query_one("#save-attendance", Button).disabled
        before = str(app.screen.query_one("#attendance-table", DataTable).get_row_at(0)[1])
        await press(pilot, "a")
        await press(pilot, "ctrl+s")
        assert str(app.screen.query_one("#attendance-table", DataTable).get_row_at(0)[1]) == before
        assert any("attendance is fixed" in n.message for n in app._notifications)
        no_error(app)
    assert tui_store.head == head
