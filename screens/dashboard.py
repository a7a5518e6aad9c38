"""Dashboard: the partnership at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.lazy import Lazy
from textual.message import Message
from textual.widgets import DataTable, Label, Sparkline, Static

from screens.base import LOAD, AreaScreen
from screens.exit_notice import InExit, in_exit, show_exit
from screens.footer import FittingFooter
from screens.heatmap import HeatMap
from screens.paged import PagedTable
from screens.widgets import QuorumIndicator, Table, outcome_cell, overdue_cell
from store import api  # lazy: the overview's room (the rules, the registers) loads in the worker (issue 18)

if TYPE_CHECKING:
    from store.api import Overview


class Panels(Grid):
    """The dashboard's panels: mounted after the first frame (textual.lazy.Lazy), they say when they are in."""

    class Ready(Message):
        """The panels are mounted: they can be titled and filled."""

    def on_mount(self) -> None:
        self.post_message(self.Ready())


class DashboardScreen(AreaScreen):
    """Next meeting and its expected quorum, deadlines, drafts, disputes, recent decisions."""

    AREA = "dashboard"
    BINDINGS = [Binding("g", "app.pictures", "Pictures", id="dashboard.pictures")]

    class Loaded(Message):
        """The overview was computed."""

        def __init__(self, data: Overview, exit: InExit | None = None) -> None:
            super().__init__()
            self.data, self.exit = data, exit

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static(id="exit-banner", classes="exit-banner")
        # The first frame is the header, the areas and the keys; the panels mount just after it
        # (30 ms of its 0.27 s CPU at M, issue 18) and load their data once in.  Laid out
        # for the terminal's size from the start: classes set at the first resize restyle
        # the whole grid (13 ms at M).
        grid = Panels(id="dashboard", classes=" ".join(_grid_classes(self.app.size.width, self.app.size.height)))
        with Lazy(grid):
            with Vertical(id="next-meeting", classes="panel"):
                yield Static(id="next-meeting-text")
                yield QuorumIndicator(id="expected-quorum", classes="indicator")
                yield Static(id="awaiting-text")
            with Vertical(id="deadlines", classes="panel"):
                yield PagedTable(id="deadline-table", flex="What", cursor_type="row", zebra_stripes=True)
            with Vertical(id="disputes-panel", classes="panel"):
                yield Static(id="disputes-text")
            with Vertical(id="recent", classes="panel"):
                yield Table(id="recent-table", flex="Title", cursor_type="row", zebra_stripes=True)
            with Vertical(id="charts", classes="panel"):
                yield Label("", id="quarters-label")
                yield Sparkline([], id="quarters")
                yield Label("", id="durations-label")
                yield Sparkline([], id="durations")
            with Vertical(id="heat-panel", classes="panel"):
                yield HeatMap(id="dashboard-heat")
        yield FittingFooter()

    @on(Panels.Ready)
    def _panels_in(self) -> None:
        titles = {"#next-meeting": "Next meeting", "#deadlines": "Deadlines: overdue and upcoming",
                  "#disputes-panel": "Open disputes", "#recent": "Recent decisions",
                  "#charts": "Activity", "#heat-panel": "Risk heat map (open risks)"}
        for selector, title in titles.items():
            self.query_one(selector).border_title = title
        self.query_one("#deadline-table", DataTable).add_columns("Due", "What", "Record")
        self.query_one("#recent-table", DataTable).add_columns("ID", "Date", "Title", "Outcome")
        self._fit_panels()  # the terminal may have been resized while they mounted
        if self.focused is None:  # Textual's auto focus ran before they were in
            self.focus_next()
        self.action_reload()  # the first load: AreaScreen.on_mount's found no panels to fill

    def on_resize(self) -> None:
        # AreaScreen.on_resize runs after this one (Textual calls each class's in turn).
        self._fit_panels()

    def _fit_panels(self) -> None:
        """One column on a narrow terminal; panels share the height on a tall one."""
        classes = _grid_classes(self.size.width, self.size.height)
        for grid in self.query(Panels):  # none until they are mounted
            for name in ("-narrow", "-tall"):
                grid.set_class(name in classes, name)

    def reload(self) -> None:
        if not self.query(Panels):
            return  # not mounted yet: they load once they are (_panels_in)
        self.query_one("#dashboard").loading = True
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self) -> None:
        self.post_message(self.Loaded(api.overview(self.store, self.workspace, self.today),
                                      in_exit(self.store, self.today)))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        data = event.data
        self.query_one("#dashboard").loading = False
        self._show_meeting(data)
        self._show_deadlines(data)
        self._show_disputes(data)
        self._show_recent(data)
        self._show_charts(data)
        self.query_one("#dashboard-heat", HeatMap).show(data.heat)
        self._show_sync(data)
        show_exit(self.query_one("#exit-banner", Static), event.exit, data.today)

    def _show_meeting(self, data: Overview) -> None:
        text = self.query_one("#next-meeting-text", Static)
        indicator = self.query_one("#expected-quorum", QuorumIndicator)
        meeting = data.next_meeting
        if meeting is None:
            text.update("No meeting scheduled. Press 3 then s to schedule one.")
            indicator.display = False
        else:
            days = (meeting.date - data.today).days
            away = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
            agenda = f"{len(meeting.agenda)} agenda item{'s' if len(meeting.agenda) != 1 else ''}"
            circulated = (f"agenda circulated {meeting.agenda_circulated}" if meeting.agenda_circulated
                          else "agenda not yet circulated")
            text.update(Content.assemble((f"{meeting.id}", "bold"), f"  {meeting.date:%a %d %b %Y} ({away})\n",
                                         f"{meeting.title} · {agenda} · {circulated}"))
            indicator.display = True
            indicator.show(data.expected, prefix="Expected: ")
        drafts = data.drafts
        lines = [Content.styled(f"Amendments awaiting a vote: {len(drafts)}", "bold")]
        for draft in drafts[:4]:
            lines.append(Content(f"  {draft.target}: {draft.summary}"))
        if len(drafts) > 4:
            lines.append(Content.styled(f"  and {len(drafts) - 4} more", "$text-muted"))
        lines += _resolution_lines(data)
        self.query_one("#awaiting-text", Static).update(Content("\n").join(lines))

    def _show_deadlines(self, data: Overview) -> None:
        horizon = data.today.toordinal() + api.HORIZON_DAYS
        shown = [d for d in data.deadlines if d.overdue or d.day.toordinal() <= horizon]
        rows: list[tuple[tuple[object, ...], str | None]] = []
        for item in shown:
            if item.overdue:
                due = overdue_cell(item.day, (data.today - item.day).days)
            else:
                due = (f"{item.day} in {(item.day - data.today).days}d", "")
            rows.append(((due, item.what, item.record), f"{item.record}:{item.what}"))
        if not shown:
            rows.append((("—", f"Nothing due in the next {api.HORIZON_DAYS} days", ""), None))
        self.query_one("#deadline-table", PagedTable).set_rows(rows)

    @on(PagedTable.Paged)
    def _count_deadlines(self, event: PagedTable.Paged) -> None:
        # Rows past the first page are added as they are reached: the panel says how many there are.
        panel = self.query_one("#deadlines")
        if event.total <= PagedTable.PAGE:
            panel.border_subtitle = ""
        elif event.shown < event.total:
            panel.border_subtitle = f"{event.shown} of {event.total} shown · more as you scroll"
        else:
            panel.border_subtitle = f"{event.total} deadlines"

    def _show_disputes(self, data: Overview) -> None:
        if not data.disputes:
            self.query_one("#disputes-text", Static).update("No open disputes.")
            return
        stages: dict[str, int] = {}
        for item in data.disputes:
            stages[item.stage] = stages.get(item.stage, 0) + 1
        lines = [Content("By stage: " + " · ".join(f"{name} {n}" for name, n in stages.items()))]
        for item in data.disputes[:6]:
            if item.overdue and item.days_left is not None:
                text, style = overdue_cell("", -item.days_left)
                state = Content.styled(text.strip(), style)
            elif item.days_left is not None:
                state = Content(f"{item.days_left}d left")
            else:
                state = Content("")
            lines.append(Content.assemble((item.dispute.id, "bold"), f" {item.stage} · ", state,
                                          f"\n  {item.dispute.title}"))
        self.query_one("#disputes-text", Static).update(Content("\n").join(lines))

    def _show_recent(self, data: Overview) -> None:
        table = self.query_one("#recent-table", DataTable)
        table.clear()
        for row in data.recent:
            table.add_row(row.id, str(row.day or ""), row.title,
                          outcome_cell(row.status), key=row.id)

    def _show_charts(self, data: Overview) -> None:
        quarters = data.per_quarter
        while len(quarters) > 4 and quarters[0][1] == 0:
            quarters = quarters[1:]  # start where the council's activity starts
        counts = [n for _, n in quarters]
        span = f"{quarters[0][0]} to {quarters[-1][0]}" if quarters else ""
        self.query_one("#quarters-label", Label).update(
            f"Decisions per quarter, {span} (most: {max(counts, default=0)})")
        self.query_one("#quarters", Sparkline).data = counts or [0]
        days = data.dispute_days
        self.query_one("#durations-label", Label).update(
            f"Dispute durations in days, oldest first (longest: {max(days, default=0)})"
            if days else "Dispute durations: no disputes yet")
        self.query_one("#durations", Sparkline).data = days or [0]
        readiness = "" if data.readiness is None else f" · exit readiness {data.readiness:.0%}"
        self.query_one("#charts").border_subtitle = (
            f"{data.counts.get('meeting', 0)} meetings · {data.counts.get('decision', 0)} decisions · "
            f"{data.counts.get('ip', 0)} IP assets{readiness}")

    def _show_sync(self, data: Overview) -> None:
        # Only a replica that syncs says where it stands (a lone store shows nothing).
        status = data.sync
        if status is not None and (status.remote is not None or status.conflicts):
            resolve = " · ctrl+k to resolve them here" if status.conflicts else ""
            self.query_one("#next-meeting").border_subtitle = f"Sync: {status.line()}{resolve}"

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value or ""
        record_id = key.split(":", 1)[0]
        if record_id:
            self.run_worker(self.council.open_record(record_id), exclusive=True, group="open")


def _grid_classes(width: int, height: int) -> list[str]:
    """One column on a narrow terminal; panels share the height on a tall one."""
    return ["-narrow"] * (width < 110) + ["-tall"] * (height >= 36 and width >= 110)


def _resolution_lines(data: Overview) -> list[Content]:
    """Written resolutions open between meetings; those closing soon stand out."""
    open_ = data.resolutions
    if not open_:
        return []
    soon = sum(1 for r in open_ if r.closing_soon)
    head = f"Written resolutions open: {len(open_)}" + (f", {soon} closing soon" if soon else "")
    lines = [Content.styled(head, "bold")]
    for r in open_[:3]:
        left = "closed for votes" if r.days_left < 0 else f"{r.days_left}d left"
        line = f"  {r.resolution} closes {r.closes} ({left}, {len(r.not_voted)} not voted)"
        lines.append(Content.styled(line, "bold $text-warning") if r.closing_soon else Content(line))
    if len(open_) > 3:
        lines.append(Content.styled(f"  and {len(open_) - 3} more (4, then w)", "$text-muted"))
    return lines
