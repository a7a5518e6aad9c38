"""Disputes and escalations: each dispute as a timeline of stages against the charter's deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Markdown, Static

from council import rules
from council.charter import Charter
from council.parse import parse_day
from council.records import SENSITIVITIES, Dispute
from screens.base import LOAD, AreaScreen
from screens.dialogs import ConfirmDialog, Field, FormDialog
from screens.footer import FittingFooter
from screens.records import markdown_view
from screens.register_forms import default_readers, readers_field, readers_of
from screens.widgets import Table, bar
from store import api, usecases


@dataclass(frozen=True)
class DisputeData:
    disputes: list[Dispute]
    charter: Charter
    parties: list[str]


def current_clock(charter: Charter, dispute: Dispute, today: dt.date) -> rules.StageClock | None:
    clocks = rules.stage_clocks(charter.ladder, dispute.stages, today, dispute.resolved_on)
    return clocks[-1] if clocks else None


def timeline(charter: Charter, dispute: Dispute, today: dt.date) -> Content:
    """One line per stage of the ladder: entered, deadline, time used, and what is overdue."""
    clocks = {c.name: c for c in rules.stage_clocks(charter.ladder, dispute.stages, today, dispute.resolved_on)}
    lines = []
    width = max((len(s.name) for s in charter.ladder.stages), default=10)
    for stage in charter.ladder.stages:
        clock = clocks.get(stage.name)
        name = stage.name.ljust(width)
        if clock is None:
            lines.append(Content.styled(f"○ {name}  {stage.days} days, not reached", "$text-muted"))
            continue
        end = clock.left or dispute.resolved_on or today
        used = (end - clock.entered).days
        fraction = used / stage.days if stage.days else 0
        head = "●" if clock.left is None and dispute.status == "open" else "✔"
        if clock.overdue:
            late = (end - clock.deadline).days if clock.deadline else 0
            state = Content.styled(f"OVERDUE by {late} day{'s' if late != 1 else ''}", "bold $text-error")
            style = "$text-error"
        elif clock.left is None and dispute.status == "open":
            state = Content.styled(f"{clock.days_left} days left", "$text-warning")
            style = "$text-warning"
        else:
            state = Content.styled(f"done {clock.left or dispute.resolved_on}", "$text-success")
            style = "$text-success"
        lines.append(Content.assemble((f"{head} {name}", "bold"), "  ", state))
        lines.append(Content(f"  {clock.entered} → {clock.deadline}"))
        lines.append(Content.assemble("  ", (bar(fraction, 16), style), f" {used}/{stage.days} days"))
    if dispute.status != "open":
        lines.append(Content.styled(f"{dispute.status.upper()} on {dispute.resolved_on}: {dispute.resolution}",
                                    "bold $text-success"))
    return Content("\n").join(lines)


class DisputesScreen(AreaScreen):
    """Open and closed disputes; raise one, move it up the ladder, record its resolution."""

    AUTO_FOCUS = "#dispute-table"
    AREA = "disputes"
    BINDINGS = [
        Binding("n", "raise_dispute", "Raise", id="raise"),
        Binding("m", "move", "Next stage", id="move"),
        Binding("o", "resolve", "Resolve", id="resolve"),
    ]

    class Loaded(Message):
        """Disputes and the ladder were read."""

        def __init__(self, data: DisputeData) -> None:
            super().__init__()
            self.data = data

    def __init__(self) -> None:
        super().__init__()
        self.data: DisputeData | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with Horizontal(id="disputes"):
            yield Table(id="dispute-table", flex="Subject", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="dispute-detail", classes="detail"):
                yield Static(id="dispute-head", classes="detail-head")
                yield Static(id="dispute-timeline", classes="timeline")
                yield markdown_view(id="dispute-body")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#dispute-table", DataTable).add_columns("ID", "Stage", "Deadline", "Subject")

    def reload(self) -> None:
        self.query_one("#disputes").loading = True
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self) -> None:
        rows = api.of_kind(self.store, "dispute", limit=1000, newest_first=True).rows
        # Shown only: sealed notes opened with the operator's key, or "sealed for ..." (docs/sealing.md).
        disputes = [api.opened(self.store, d) for d in api.records(self.store, rows) if isinstance(d, Dispute)]
        partnership = self.store.partnership()
        parties = [p.id for p in partnership.parties] if partnership else []
        self.post_message(self.Loaded(DisputeData(disputes, self.store.charter(), parties)))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.query_one("#disputes").loading = False
        self.data = event.data
        table = self.query_one("#dispute-table", DataTable)
        keep = self.pending_record or self.selected_id()
        table.clear()
        for d in event.data.disputes:
            clock = current_clock(event.data.charter, d, self.today)
            if d.status != "open":
                deadline = ("—", "$text-muted")
            elif clock and clock.overdue:
                deadline = (f"{clock.deadline} OVERDUE", "bold $text-error")
            else:
                deadline = (str(clock.deadline) if clock and clock.deadline else "—", "")
            # A settled dispute is at no stage any more (its last one is in the timeline): the
            # column says how it ended instead, so no Status column is needed (and none is cut at 80).
            stage = (clock.name if clock else "—") if d.status == "open" else (d.status, "$text-muted")
            table.add_row(d.id, stage, deadline, d.title, key=d.id)
        if keep:
            self._select(keep)
        self._show_dispute()

    def selected_id(self) -> str | None:
        table = self.query_one("#dispute-table", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def selected(self) -> Dispute | None:
        selected = self.selected_id()
        return next((d for d in self.data.disputes if d.id == selected), None) if self.data else None

    def _select(self, dispute_id: str) -> None:
        table = self.query_one("#dispute-table", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(dispute_id))
            self.pending_record = None
        except Exception:  # RowDoesNotExist
            pass

    def focus_record(self, record_id: str) -> None:
        super().focus_record(record_id)
        if self.data is not None:
            self._select(record_id)

    @on(DataTable.RowHighlighted, "#dispute-table")
    def _show_dispute(self) -> None:
        dispute = self.selected()
        if dispute is None or self.data is None:
            self.query_one("#dispute-head", Static).update("No disputes. Press n to raise one.")
            return
        against = ", ".join(dispute.against) or "—"
        self.query_one("#dispute-head", Static).update(Content.assemble(
            (f"{dispute.id}  {dispute.title}", "bold"),
            (f"\nraised {dispute.raised_on} by {dispute.raised_by} against {against} · {dispute.sensitivity}",
             "$text-muted")))
        self.query_one("#dispute-timeline", Static).update(timeline(self.data.charter, dispute, self.today))
        self.query_one("#dispute-body", Markdown).update(dispute.body)

    def action_raise_dispute(self) -> None:
        if self.data is None:
            return
        parties = [(p, p) for p in self.data.parties]
        fields = [Field("title", "Subject", required=True),
                  Field("raised_by", "Raised by", options=parties),
                  Field("against", "Against", parties[-1][1] if parties else "", options=parties),
                  Field("date", "Raised on", str(self.today), kind="date", required=True),
                  Field("sensitivity", "Sensitivity", "confidential", options=[(s, s) for s in SENSITIVITIES]),
                  readers_field(default_readers(self.store)),
                  Field("substance", "Substance (Markdown)", multiline=True)]

        def save(values: dict[str, str]) -> Callable[[], Any]:
            day = parse_day(values["date"], self.today)
            return lambda: usecases.raise_dispute(self.store, values["title"], values["raised_by"],
                                                  [values["against"]], day, values["sensitivity"],
                                                  values["substance"], readers=readers_of(values))

        self.open_form(FormDialog("Raise a dispute", fields, "Raise", save=save,
                                  intro="It enters the first stage of the charter's escalation ladder."),
                       lambda result: self._after(result[1].id), done="Dispute raised.")

    def _after(self, dispute_id: str) -> None:
        self.pending_record = dispute_id
        self.action_reload()

    def action_move(self) -> None:
        dispute = self.selected()
        if dispute is None or self.data is None:
            return
        current = dispute.stages[-1].name if dispute.stages else None
        new = rules.next_stage(self.data.charter.ladder, current)
        if dispute.status != "open" or new is None:
            self.notify(f"{dispute.id} cannot move on: it is {dispute.status}"
                        + (f" and at the last stage ({current})" if new is None else ""), severity="warning")
            return
        fields = [Field("date", f"Entered {new} on", str(self.today), kind="date", required=True),
                  Field("note", "Note", placeholder="Why it escalates")]

        def save(values: dict[str, str]) -> Callable[[], Any]:
            day = parse_day(values["date"], self.today)
            return lambda: usecases.move_dispute(self.store, dispute.id, day, values["note"])

        # The day is filled in (today): the user starts at the note.
        self.open_form(FormDialog(f"Move {dispute.id} from {current} to {new}", fields, "Move", save=save,
                                  focus="note"),
                       lambda _: self._after(dispute.id), done=f"{dispute.id} moved to {new}.")

    def action_resolve(self) -> None:
        dispute = self.selected()
        if dispute is None:
            return
        if dispute.status != "open":
            self.notify(f"{dispute.id} is already {dispute.status}.", severity="warning")
            return
        fields = [Field("date", "Resolved on", str(self.today), kind="date", required=True),
                  Field("resolution", "Resolution", required=True, multiline=True)]

        def done(values: dict[str, str] | None) -> None:
            if not values:
                return
            day = parse_day(values["date"], self.today)

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.write(lambda: usecases.resolve_dispute(self.store, dispute.id, day, values["resolution"]),
                               lambda _: self._after(dispute.id), done=f"{dispute.id} resolved.")

            self.app.push_screen(ConfirmDialog(f"Resolve {dispute.id}?", f"Record {dispute.id} as resolved on "
                                               f"{day}: {values['resolution']}\n\nA resolved dispute cannot be "
                                               "reopened; a new dispute would be raised.", "Resolve"), confirmed)

        self.app.push_screen(FormDialog(f"Resolve {dispute.id}", fields, "Continue", focus="resolution"), done)
