"""Taking attendance, with a quorum indicator that updates as you mark members."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, DataTable, Static

from council.presence import attendance_at
from council.records import AttendanceChange, Meeting, Member
from screens.dialogs import ChooseDialog
from screens.meeting_detail import agenda_kind_label
from screens.widgets import QuorumIndicator, Table
from store.usecases import MeetingContext

STATES = {"present": "present", "absent": "absent", "apologies": "apologies"}


class AttendancePanel(Vertical):
    """Mark each member present, absent, sending apologies or represented by proxy."""

    BINDINGS = [
        Binding("p", "mark('present')", "Present", id="attendance.present"),
        Binding("a", "mark('absent')", "Absent", id="attendance.absent"),
        Binding("y", "mark('apologies')", "Apologies", id="attendance.apologies"),
        Binding("x", "proxy", "Proxy…", id="attendance.proxy"),
        Binding("A", "all_present", "All present", id="attendance.all"),
        Binding("l", "change('left')", "Left before…", id="attendance.left"),
        Binding("i", "change('arrived')", "Arrived before…", id="attendance.arrived"),
        Binding("ctrl+s", "save", "Save attendance", id="attendance.save"),
    ]

    class SaveRequested(Message):
        """The secretariat asked to record this attendance."""

        def __init__(self, meeting_id: str, attendance: dict[str, str],
                     changes: list[AttendanceChange] | None = None) -> None:
            super().__init__()
            self.meeting_id, self.attendance = meeting_id, attendance
            self.changes = changes or []

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.ctx: MeetingContext | None = None
        self.attendance: dict[str, str] = {}
        self.saved: dict[str, str] = {}
        # Who arrived or left during the meeting, before which agenda item (and as saved).
        self.changes: list[AttendanceChange] = []
        self.saved_changes: list[AttendanceChange] = []
        self.fixed = False  # a decision was taken at the meeting: its attendance is fixed
        # Why attendance cannot be saved now ('' when it can): fixed by a decision,
        # or the meeting is still to come (saving attendance records it held).
        self.locked = ""

    def compose(self) -> ComposeResult:
        yield QuorumIndicator(id="live-quorum", classes="indicator")
        yield Table(id="attendance-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(classes="button-row"):
            yield Button("Present", id="mark-present", compact=True)
            yield Button("Absent", id="mark-absent", compact=True)
            yield Button("Apologies", id="mark-apologies", compact=True)
            yield Button("Proxy…", id="mark-proxy", compact=True)
            yield Button("All present", id="mark-all", compact=True)
            yield Button("Save attendance", id="save-attendance", variant="primary", compact=True)
        yield Static("", id="attendance-note", classes="status-line")

    def on_mount(self) -> None:
        keys = self.query_one(DataTable).add_columns("Member", "Attendance", "Party", "Role", "Votes")
        self.state_column = keys[1]

    def members(self) -> list[Member]:
        if self.ctx is None:
            return []
        day = self.ctx.meeting.date
        return [m for m in self.ctx.members if m.serves_on(day)]

    def load(self, ctx: MeetingContext, today: dt.date | None = None) -> None:
        """Show a meeting's attendance (as recorded) for editing.

        ``today`` is the app's day: a meeting dated after it has not been held,
        and saving attendance records a meeting held, so the form does not
        offer it (the store refuses it too).
        """
        self.ctx = ctx
        self.attendance = dict(ctx.meeting.attendance)
        self.saved = dict(ctx.meeting.attendance)
        self.changes = list(ctx.meeting.attendance_changes)
        self.saved_changes = list(ctx.meeting.attendance_changes)
        table = self.query_one(DataTable)
        table.clear()
        for member in self.members():
            table.add_row(member.name, self._state_text(member.id), member.party, member.role.replace("_", " "),
                          "yes" if member.voting else "no", key=member.id)
        self.fixed = bool(ctx.decided)
        self.locked = _lock_reason(ctx, today)
        proxies = "proxies allowed" if ctx.charter.proxies.allowed else "no proxies (the charter does not allow them)"
        note = self.locked or (f"{proxies} · p present, a absent, y apologies, A all present, l left or i arrived "
                               "before an item, ctrl+s save")
        self.query_one("#attendance-note", Static).update(f"{ctx.meeting.id} on {ctx.meeting.date} · {note}")
        for button in self.query(Button):
            button.disabled = bool(self.locked)
        self._changed()

    def _state_text(self, member_id: str) -> tuple[str, str]:
        text, style = self._opening_text(member_id)
        moves = [f"{c.change} before {c.before_item}" for c in self.changes if c.member == member_id]
        return (", ".join([text, *moves]), style)

    def _opening_text(self, member_id: str) -> tuple[str, str]:
        state = self.attendance.get(member_id, "")
        if not state:
            return ("not recorded", "$text-muted")
        if state.startswith("proxy:"):
            holder = state.split(":", 1)[1]
            name = next((m.name for m in self.members() if m.id == holder), holder)
            return (f"proxy held by {name}", "$text-warning")
        style = {"present": "$text-success", "absent": "$text-error"}.get(state, "$text-warning")
        return (state, style)

    def _changed(self) -> None:
        if self.ctx is None:
            return
        indicator = self.query_one("#live-quorum", QuorumIndicator)
        recorded = {m: s for m, s in self.attendance.items() if s}
        indicator.show(self.ctx.quorum(recorded) if recorded else None,
                       prefix="" if recorded == self.saved else "(unsaved) ")
        self.query_one("#save-attendance", Button).disabled = bool(self.locked) or (
            recorded == self.saved and self.changes == self.saved_changes)

    def _refuse_if_fixed(self) -> bool:
        """Say why attendance cannot change now (the store refuses it too): a decision was
        taken at the meeting, or the meeting has not yet been held."""
        if self.locked and self.ctx is not None:
            if self.fixed:
                were = "was" if len(self.ctx.decided) == 1 else "were"
                text = f"attendance is fixed, {', '.join(self.ctx.decided)} {were} decided at this meeting."
            else:
                text = f"it is dated {self.ctx.meeting.date}, after today: it cannot be marked held yet."
            self.notify(f"{self.ctx.meeting.id}: {text}", severity="warning", markup=False)
        return bool(self.locked)

    def _set(self, member_id: str, state: str) -> None:
        if self._refuse_if_fixed():
            return
        self.attendance[member_id] = state
        table = self.query_one(DataTable)
        table.update_cell(member_id, self.state_column, self._state_text(member_id))
        self._changed()

    def _current(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_mark(self, state: str) -> None:
        member_id = self._current()
        if member_id is None:
            return
        self._set(member_id, state)
        table = self.query_one(DataTable)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)

    def action_all_present(self) -> None:
        if self._refuse_if_fixed():
            return
        for member in self.members():
            self.attendance[member.id] = "present"
        if self.ctx is not None:
            self.load_keep(self.attendance)

    def load_keep(self, attendance: dict[str, str]) -> None:
        """Redraw every row, keeping unsaved marks and the cursor."""
        table = self.query_one(DataTable)
        row = table.cursor_row
        for member in self.members():
            table.update_cell(member.id, self.state_column, self._state_text(member.id))
        table.move_cursor(row=row)
        self._changed()

    def action_proxy(self) -> None:
        member_id = self._current()
        if member_id is None or self.ctx is None:
            return
        if self._refuse_if_fixed():
            return
        rule = self.ctx.charter.proxies
        if not rule.allowed:
            where = f" (charter {rule.clause})" if rule.clause else ""
            self.notify(f"The charter does not authorise proxies{where}.", severity="warning", markup=False)
            return
        # A proxy is held by a voting member present in person (council.proceedings).
        holders = [(m.name, m.id) for m in self.members()
                   if m.id != member_id and m.voting and self.attendance.get(m.id) == "present"]

        def chosen(holder: str | None) -> None:
            if holder:
                self._set(member_id, f"proxy:{holder}")

        self.app.push_screen(ChooseDialog("Who holds the proxy?", holders,
                                          "Mark the proxy holder present first."), chosen)

    def action_save(self) -> None:
        if self._refuse_if_fixed():
            return
        if self.ctx is not None:
            recorded = {m: s for m, s in self.attendance.items() if s}
            self.post_message(self.SaveRequested(self.ctx.meeting.id, recorded, list(self.changes)))

    def action_change(self, change: str) -> None:
        """Record that the member under the cursor left (or arrived) before an agenda item,
        as ``council meeting attend --left ada@6`` does; the vote at a later item follows it."""
        member_id = self._current()
        if member_id is None or self.ctx is None or self._refuse_if_fixed():
            return
        agenda = self.ctx.meeting.agenda
        if len(agenda) < 2:  # before item 1 is the opening: the attendance itself
            self.notify("Coming or going is recorded between agenda items: this meeting has fewer than two "
                        "(g adds one).", severity="warning")
            return
        name = next((m.name for m in self.members() if m.id == member_id), member_id)
        options = [(f"before {n}. {item.title}", str(n)) for n, item in enumerate(agenda, 1) if n > 1]
        options.append((f"none: {name} did not {'leave' if change == 'left' else 'arrive late'}", "0"))

        def chosen(value: str | None) -> None:
            if value is None:
                return
            self.changes = [c for c in self.changes if not (c.member == member_id and c.change == change)]
            if value != "0":
                self.changes.append(AttendanceChange(member=member_id, before_item=int(value), change=change))
                self.changes.sort(key=lambda c: (c.before_item, c.member))
            self.query_one(Table).update_cell(member_id, self.state_column, self._state_text(member_id),
                                              update_width=True)
            self._changed()

        self.app.push_screen(ChooseDialog(f"{name} {change} before which agenda item?", options), chosen)

    @on(Button.Pressed)
    def button(self, event: Button.Pressed) -> None:
        actions = {"mark-present": lambda: self.action_mark("present"),
                   "mark-absent": lambda: self.action_mark("absent"),
                   "mark-apologies": lambda: self.action_mark("apologies"),
                   "mark-proxy": self.action_proxy, "mark-all": self.action_all_present,
                   "save-attendance": self.action_save}
        action = actions.get(event.button.id or "")
        if action is not None:
            event.stop()
            action()


def _lock_reason(ctx: MeetingContext, today: dt.date | None) -> str:
    """Why this meeting's attendance cannot be saved, as the note says it, or ''."""
    if ctx.decided:
        were = "was" if len(ctx.decided) == 1 else "were"
        return (f"attendance is fixed: {', '.join(ctx.decided)} {were} decided at this meeting "
                "(a correction is a recorded erratum or a new decision)")
    if today is not None and ctx.meeting.date > today and ctx.meeting.status != "held":
        return (f"not yet held: it is after today ({today}), and saving attendance records "
                "a meeting held; take attendance on the day")
    return ""


def agenda_content(meeting: Meeting, names: dict[str, str] | None = None) -> Content:
    """The agenda, numbered, each item's kind in words, with who arrived or left before each item."""
    names = names or {}
    lines = [Content.styled("Agenda", "bold")]
    for n, item in enumerate(meeting.agenda, 1):
        for change in (c for c in meeting.attendance_changes if c.before_item == n):
            who = names.get(change.member, change.member)
            lines.append(Content.styled(f"   {who} {change.change}", "$text-warning"))
        refs = f" ({', '.join(item.refs)})" if item.refs else ""
        lines.append(Content(f"{n}. {item.title}{refs}")
                     + Content.styled(f"  {agenda_kind_label(item.kind)}", "$text-muted"))
    if not meeting.agenda:
        lines.append(Content.styled("No agenda items yet (g to add one).", "$text-muted"))
    return Content("\n").join(lines)


def at_item(app: App, ctx: MeetingContext, then: Callable[[MeetingContext, int | None], object]) -> None:
    """Ask at which agenda item a vote is taken, where attendance changed during the meeting.

    ``then`` gets the context as it was at that item (who was present then:
    the vote table and the live outcome follow it) and the item's number; a
    meeting whose attendance never changed goes straight on, with no item.
    """
    meeting = ctx.meeting
    if not meeting.attendance_changes:
        then(ctx, None)
        return

    def chosen(value: str | None) -> None:
        if value:
            item = int(value)
            sitting = meeting.replace(attendance=attendance_at(meeting, item), attendance_changes=[])
            assert isinstance(sitting, Meeting)
            then(dataclasses.replace(ctx, meeting=sitting), item)

    options = [(f"{n}. {item.title}", str(n)) for n, item in enumerate(meeting.agenda, 1)]
    app.push_screen(ChooseDialog("Attendance changed during this meeting: at which agenda item is the vote taken?",
                                 options, "The meeting has no agenda items."), chosen)
