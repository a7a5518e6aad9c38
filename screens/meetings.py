"""Meetings and minutes: schedule, attendance, agenda, minutes, motions and votes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from council.errors import worded
from council.records import Decision, Meeting
from screens.attendance import AttendancePanel, agenda_content, at_item
from screens.base import LOAD
from screens.decisions import DecisionScreen
from screens.dialogs import ChooseDialog, ConfirmDialog
from screens.footer import FittingFooter
from screens.meeting_detail import MeetingDetail
from screens.meeting_forms import MeetingForms
from screens.minutes import ApproveMinutesScreen, MinutesPanel, minutes_template
from screens.vote import VoteScreen
from screens.widgets import QuorumIndicator, Table, outcome_cell
from store import api, usecases
from store.api import expected_attendance
from store.usecases import MeetingContext, Motion
from store.workspace import AMENDMENT, Draft


class MeetingsScreen(MeetingForms):
    """All meetings, newest first; the selected one's attendance, agenda, minutes and votes."""

    AUTO_FOCUS = "#meeting-table"
    AREA = "meetings"
    BINDINGS = [
        Binding("question_mark", "keys", "Keys", id="keys", key_display="?"),
        Binding("ctrl+r", "reload", "Refresh", id="reload", show=False),
        Binding("t", "attendance", "Attend", id="attendance"),
        Binding("w", "minutes", "Minutes", id="minutes"),
        Binding("m", "motion", "Motion", id="motion"),
        Binding("v", "vote_amendment", "Amendment", id="vote"),
        Binding("p", "approve_minutes", "Approve", id="approve"),
        # The meeting's own forms (screens.meeting_forms), after the day's commonest keys.
        Binding("s", "schedule", "Schedule", id="schedule"),
        Binding("g", "agenda_item", "Add item", id="agenda"),
        Binding("e", "edit_agenda", "Agenda", id="edit_agenda"),
        Binding("c", "circulate_agenda", "Circulate", id="circulate"),
        Binding("k", "pack", "Pack", id="pack"),
        Binding("r", "reschedule", "Reschedule", id="reschedule"),
        Binding("x", "cancel_meeting", "Cancel", id="cancel_meeting"),
    ]

    class ListLoaded(Message):
        """A page of meetings."""

        def __init__(self, page: api.Page, select: str | None) -> None:
            super().__init__()
            self.page, self.select = page, select

    class DetailLoaded(Message):
        """The selected meeting's detail."""

        def __init__(self, detail: MeetingDetail) -> None:
            super().__init__()
            self.detail = detail

    def __init__(self) -> None:
        super().__init__()
        self.requested: str | None = None
        self.page: api.Page | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with Horizontal(id="meetings"):
            yield Table(id="meeting-table", cursor_type="row", zebra_stripes=True)
            with TabbedContent(id="meeting-tabs"):
                with TabPane("Overview", id="tab-overview"):
                    with VerticalScroll():
                        yield Static(id="meeting-head", classes="detail-head")
                        yield QuorumIndicator(id="meeting-quorum", classes="indicator")
                        yield Static(id="meeting-agenda")
                        yield Table(id="meeting-decisions", cursor_type="row")
                with TabPane("Attendance", id="tab-attendance"):
                    yield AttendancePanel(id="attendance-panel")
                with TabPane("Minutes", id="tab-minutes"):
                    yield MinutesPanel(id="minutes-panel")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#meeting-table", DataTable).add_columns("Meeting", "Status", "Date")
        # Status before Date: at 80 columns the list has room for two columns, and which
        # meetings are held or cancelled matters more there than the day (the detail heads with it).
        self.query_one("#meeting-decisions", DataTable).add_columns("Decision", "Title", "Outcome")

    def reload(self) -> None:
        self.load_list(self.selected_id() or self.pending_record)

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load_list(self, select: str | None = None, offset: int = 0) -> None:
        page = api.of_kind(self.store, "meeting", offset=offset, newest_first=True)
        self.post_message(self.ListLoaded(page, select))

    @on(ListLoaded)
    def show_list(self, event: ListLoaded) -> None:
        table = self.query_one("#meeting-table", DataTable)
        if event.page.offset == 0:
            table.clear()
        self.page = event.page
        for row in event.page.rows:
            table.add_row(row.id, row.status, str(row.day or ""), key=row.id)
        if not table.row_count:
            self.query_one("#meeting-head", Static).update("No meetings yet: press s to schedule one.")
            return
        if event.page.offset == 0:  # a further page leaves the selection alone
            self._select(event.select or (self.pending_record or ""))
            self.show_meeting(self.selected_id(), force=True)

    def _select(self, meeting_id: str) -> None:
        table = self.query_one("#meeting-table", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(meeting_id))
            self.pending_record = None
        except Exception:  # RowDoesNotExist: keep the cursor where it is
            pass

    def selected_id(self) -> str | None:
        table = self.query_one("#meeting-table", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def show_meeting(self, meeting_id: str | None, force: bool = False) -> None:
        """Load the detail of a meeting unless it is already shown or on its way."""
        if meeting_id and (force or meeting_id != self.requested):
            self.requested = meeting_id
            self.load_detail(meeting_id)

    @on(DataTable.RowHighlighted, "#meeting-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        # The cursor, not the event: a redrawn table sends stale highlights.
        self.show_meeting(self.selected_id())
        page = self.page
        if page and page.has_more and event.cursor_row >= event.data_table.row_count - 10:
            self.page = None  # one page at a time
            self.load_list(None, event.data_table.row_count)

    @work(thread=True, exclusive=True, exit_on_error=False, group="detail")
    def load_detail(self, meeting_id: str) -> None:
        if not meeting_id:
            return
        ctx = usecases.meeting_context(self.store, meeting_id)
        meeting = ctx.meeting
        decisions = api.decisions_at_meeting(self.store, meeting.id, meeting.date)
        draft = self.workspace.minutes(meeting.id)
        text = meeting.body or (draft.text if draft else "")
        if not text:
            names = {m.id: m.name for m in ctx.members}
            records = [self.store.get(row.id) for row in decisions]
            text = minutes_template(meeting, ctx.charter.minutes_standard,
                                    [d for d in records if isinstance(d, Decision)], names)
        row = api.previous_meeting(self.store, meeting.id, meeting.date)
        previous = self.store.get(row.id) if row else None
        if not get_current_worker().is_cancelled:
            self.post_message(self.DetailLoaded(MeetingDetail(
                ctx, decisions, text, draft is not None and not meeting.body,
                previous if isinstance(previous, Meeting) else None)))

    @on(DetailLoaded)
    def show_detail(self, event: DetailLoaded) -> None:
        self.detail = event.detail
        meeting = event.detail.ctx.meeting
        self._show_overview(event.detail)
        self.query_one(AttendancePanel).load(event.detail.ctx, self.today)
        self.query_one(MinutesPanel).load(meeting, event.detail.minutes_text, event.detail.draft_saved)

    def _show_overview(self, detail: MeetingDetail) -> None:
        meeting = detail.ctx.meeting
        circulated = f"agenda circulated {meeting.agenda_circulated}" if meeting.agenda_circulated else \
            "agenda not circulated (c to record it)"
        self.query_one("#meeting-head", Static).update(Content.assemble(
            (f"{meeting.id}  {meeting.title}", "bold"),
            f"\n{meeting.date:%A %d %B %Y} · {meeting.kind} · {meeting.status} · {circulated}\n",
            (_minutes_words(meeting), "$text-muted")))
        quorum = self.query_one("#meeting-quorum", QuorumIndicator)
        if meeting.status == "scheduled":
            voters = [m.id for m in detail.ctx.voters()]
            quorum.show(detail.ctx.quorum(expected_attendance(meeting, voters)), prefix="Expected: ")
        else:
            quorum.show(detail.ctx.quorum(meeting.attendance) if meeting.attendance else None)
        names = {m.id: m.name for m in detail.ctx.members}
        self.query_one("#meeting-agenda", Static).update(agenda_content(meeting, names))
        decisions = self.query_one("#meeting-decisions", DataTable)
        decisions.clear()
        for row in detail.decisions:
            decisions.add_row(row.id, row.title, outcome_cell(row.status), key=row.id)
        decisions.display = bool(detail.decisions)

    @on(DataTable.RowSelected, "#meeting-decisions")
    def open_decision(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.push_screen(DecisionScreen(event.row_key.value))

    def focus_record(self, record_id: str) -> None:
        super().focus_record(record_id)
        self._select(record_id)

    def action_keys(self) -> None:
        """Every key of the area (the footer shows the commonest), in a panel beside it; ? again hides it."""
        if self.query("HelpPanel"):
            self.app.action_hide_help_panel()
        else:
            self.app.action_show_help_panel()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the Attendance tab p marks Present (AttendancePanel), never approves minutes;
        # back on the meeting list (escape), p approves again.
        if action != "approve_minutes" or self.query_one(TabbedContent).active != "tab-attendance":
            return True
        return self.focused is self.query_one("#meeting-table")

    def on_resize(self) -> None:
        super().on_resize()
        self._fit_tabs()

    @on(TabbedContent.TabActivated, "#meeting-tabs")
    def _fit_tabs(self) -> None:
        # At 80 columns the attendance table (member, state, party, role, votes) and its
        # six buttons need the whole width: the meeting list steps aside while it is open.
        wide = self.has_class("-narrow") and self.query_one(TabbedContent).active == "tab-attendance"
        self.set_class(wide, "-tab-wide")

    def action_back(self) -> None:
        """Escape: at 80 columns, from the Attendance tab back to the meeting list beside the overview."""
        if self.has_class("-tab-wide"):
            self.query_one(TabbedContent).active = "tab-overview"
            self.set_class(False, "-tab-wide")
            self.query_one("#meeting-table").focus()
            return
        super().action_back()

    # --- actions -------------------------------------------------------------

    def action_attendance(self) -> None:
        if self._need_meeting():
            self.query_one(TabbedContent).active = "tab-attendance"
            self.query_one("#attendance-table", DataTable).focus()

    def action_minutes(self) -> None:
        if self._need_meeting():
            self.query_one(TabbedContent).active = "tab-minutes"
            self.query_one("#minutes-editor").focus()

    @on(AttendancePanel.SaveRequested)
    def save_attendance(self, event: AttendancePanel.SaveRequested) -> None:
        self.write(lambda: usecases.set_attendance(self.store, event.meeting_id, event.attendance, event.changes),
                   lambda result: self._after(event.meeting_id),
                   done=f"Attendance at {event.meeting_id} recorded.")

    def _after(self, meeting_id: str) -> None:
        self.loaded_revision = self.council.revision
        self.load_list(meeting_id)

    @on(MinutesPanel.SaveRequested)
    def save_minutes(self, event: MinutesPanel.SaveRequested) -> None:
        self.write(lambda: usecases.save_minutes_draft(self.workspace, event.meeting_id, event.text),
                   lambda _: self._after(event.meeting_id), done="Minutes saved as a draft (not yet in git).")

    @on(MinutesPanel.CirculateRequested)
    def circulate_minutes(self, event: MinutesPanel.CirculateRequested) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.write(lambda: usecases.circulate_minutes(self.store, self.workspace, event.meeting_id,
                                                                event.text),
                           lambda _: self._after(event.meeting_id), done=f"Minutes of {event.meeting_id} circulated.")

        self.app.push_screen(ConfirmDialog("Circulate the minutes?", f"The minutes of {event.meeting_id} will be "
                                           "committed to the record as circulated, to be approved at the next "
                                           "meeting.", "Circulate"), confirmed)

    def action_motion(self) -> None:
        detail = self._need_meeting()
        if detail is not None and self._quorum_warning(detail):
            at_item(self.app, detail.ctx, lambda ctx, item: self._vote(detail, ctx, item))

    def _quorum_warning(self, detail: MeetingDetail) -> bool:
        if not detail.ctx.meeting.attendance:
            self.notify("Take attendance first (t): votes are cast by members present.", severity="warning")
            return False
        return True

    def _vote(self, detail: MeetingDetail, ctx: MeetingContext, item: int | None, draft: Draft | None = None,
              diff: str = "") -> None:
        """The vote screen, recording through the store itself: a refusal keeps it open, votes and all."""
        meeting_id = detail.ctx.meeting.id

        def save(motion: Motion) -> Callable[[], Any]:
            motion = replace(motion, agenda_item=item)
            if draft is None:
                return lambda: usecases.record_decision(self.store, meeting_id, motion)
            return lambda: usecases.put_amendment_to_vote(self.store, self.workspace, draft.id, meeting_id, motion)

        def recorded(result: Any) -> None:
            if draft is None:
                self._recorded(meeting_id, result[1].id, result[1].outcome)
            else:
                self._recorded(meeting_id, result.decision.id, result.decision.outcome,
                               draft.target if result.amended else None)

        self.open_form(VoteScreen(ctx, draft, diff, save=save), recorded)

    def _recorded(self, meeting_id: str, decision_id: str, outcome: str, amended: str | None = None) -> None:
        text = f"{decision_id} recorded: {outcome.replace('_', ' ')}."
        if amended:
            text += f" The amendment to {amended} is in force (amend: commit)."
        self.notify(text, title="Vote recorded", markup=False,
                    severity="information" if outcome == "passed" else "warning")
        self._after(meeting_id)

    def action_vote_amendment(self) -> None:
        detail = self._need_meeting()
        if detail is not None and self._quorum_warning(detail):
            self.choose_draft(detail)

    @work(thread=True, exclusive=True, exit_on_error=False, group="prepare")
    def choose_draft(self, detail: MeetingDetail) -> None:
        drafts = self.workspace.drafts(AMENDMENT)
        diffs = {d.id: usecases.text_diff(usecases.in_force_text(self.store, d.target), d.text,
                                            f"{d.target} in force", f"{d.target} proposed") for d in drafts}
        self.council.call_from_thread(self._choose_draft, detail, drafts, diffs)

    def _choose_draft(self, detail: MeetingDetail, drafts: list[Draft], diffs: dict[int, str]) -> None:
        def chosen(value: str | None) -> None:
            draft = next((d for d in drafts if str(d.id) == value), None)
            if draft is not None:
                at_item(self.app, detail.ctx, lambda ctx, item: self._vote(detail, ctx, item, draft, diffs[draft.id]))

        self.app.push_screen(ChooseDialog("Which draft amendment is put to the vote?",
                                          [(f"{d.target}: {d.summary}", str(d.id)) for d in drafts],
                                          "No draft amendments. Draft one from the Charter (2, then e), "
                                          "the IP register or the exit plan."), chosen)

    def action_approve_minutes(self) -> None:
        detail = self._need_meeting()
        if detail is None:
            return
        previous, here = detail.previous, detail.ctx.meeting.id
        if previous is None:
            self.notify(f"No meeting before {here} whose minutes could be approved.", severity="warning")
            return
        if previous.minutes_status != "circulated":
            self.notify(f"The minutes of {previous.id} are {previous.minutes_status}: only circulated minutes "
                        "can be approved.", severity="warning", markup=False)
            return

        def save(corrected: str | None) -> Callable[[], Any]:
            return lambda: worded({"minutes_approved_at": "approved at"},
                                  lambda: usecases.approve_minutes(self.store, previous.id, here, corrected))

        self.open_form(ApproveMinutesScreen(previous, here, save), lambda _: self._after(here),
                       done=lambda corrected: f"Minutes of {previous.id} approved "
                                              f"{'as corrected' if corrected else 'as read'}.")


def _minutes_words(meeting: Meeting) -> str:
    if meeting.minutes_status == "none":
        return "no minutes yet"
    if meeting.minutes_status == "approved":
        return f"minutes approved as {meeting.minutes_approved_as} at {meeting.minutes_approved_at}"
    return f"minutes {meeting.minutes_status}"
