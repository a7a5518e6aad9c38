"""Registers: data-sharing terms, risks (with the heat map), incidents (with their
notification clocks), the action tracker, the responsibility matrix, and the exit dry run.

One tab per register.  The data is read in one worker and every deadline,
clock and rating comes from :mod:`council.registers`; the screen only shows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from council import registers
from council.errors import RecordError
from council.exit_dryrun import ExitTimeline, simulate_exit
from council.parse import parse_date, parse_day, parse_moment
from council.records import REGULATOR, Dataset, Duty, Incident
from council.register_views import explain
from screens import register_forms
from screens.base import LOAD, AreaScreen
from screens.dialogs import Field, FormDialog
from screens.exit_dryrun import ExitDryRunPane
from screens.footer import FittingFooter
from screens.heatmap import HeatMap
from screens.records import field_lines
from screens.register_book import OVERDUE, RegisterBook, now_for, read_book, selected, table_rows
from screens.widgets import Table, overdue_cell

TABS = (("datasets", "Data sharing", "d"), ("risks", "Risks", "r"), ("incidents", "Incidents", "i"),
        ("actions", "Actions", "a"), ("duties", "Responsibilities", "u"), ("exit", "Exit dry run", "x"))
TAB_OF_KIND = {"dataset": "datasets", "risk": "risks", "incident": "incidents", "duty": "duties"}
COLUMNS = {
    "datasets": ("ID", "Retention ends", "Provider", "Status", "Dataset"),
    "risks": ("ID", "Score", "Review", "Status", "Owner", "Risk"),
    "incidents": ("ID", "Detected", "Kind", "Notifications", "Incident"),
    "actions": ("Ref", "Status", "Owner", "Due", "Action"),
    "duties": ("ID", "Next due", "Every", "Accountable", "Duty"),
}
class RegistersScreen(AreaScreen):
    """The partnership's living registers, one tab each."""

    AREA = "registers"
    AUTO_FOCUS = "#datasets-table"
    CSS_PATH = "registers.tcss"
    # The footer shows what fits, in this order: the work first, then the tabs
    # (which the tab bar also shows, and the palette lists).
    BINDINGS = [
        Binding("e", "new_entry", "New entry", id="registers.new"),
        Binding("c", "mark_done", "Mark done", id="registers.done"),
        Binding("n", "record_notification", "Record notification", id="registers.notify"),
        *(Binding(key, f"show_tab('{tab}')", label, id=f"registers.{tab}") for tab, label, key in TABS),
    ]

    class Loaded(Message):
        """The registers were read."""

        def __init__(self, book: RegisterBook) -> None:
            super().__init__()
            self.book = book

    class Simulated(Message):
        """An exit dry run finished."""

        def __init__(self, timeline: ExitTimeline) -> None:
            super().__init__()
            self.timeline = timeline

    def __init__(self) -> None:
        super().__init__()
        self.book: RegisterBook | None = None

    @property
    def area_label(self) -> str:
        return "Registers"

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with TabbedContent(id="register-tabs"):
            for tab, label, _ in TABS:
                with TabPane(label, id=f"tab-{tab}"):
                    yield from self._pane(tab)
        yield FittingFooter()

    def _pane(self, tab: str) -> ComposeResult:
        if tab == "exit":
            yield ExitDryRunPane(id="exit-dryrun")
            return
        if tab == "actions":
            yield Static(id="actions-status", classes="status-line")
            yield Table(id="actions-table", cursor_type="row", zebra_stripes=True)
            return
        with Horizontal(classes="register"):
            with Vertical(classes="register-list"):
                if tab == "risks":
                    yield HeatMap(id="risk-heat")
                yield Table(id=f"{tab}-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(classes="register-detail detail"):
                yield Static(id=f"{tab}-detail")

    def on_mount(self) -> None:
        for tab, columns in COLUMNS.items():
            self.query_one(f"#{tab}-table", DataTable).add_columns(*columns)

    def reload(self) -> None:
        self.query_one("#register-tabs").loading = True
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self) -> None:
        self.post_message(self.Loaded(read_book(self.store, self.today)))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.query_one("#register-tabs").loading = False
        self.book = book = event.book
        for tab, rows in table_rows(book).items():
            self._fill(tab, rows)
        self.query_one("#risk-heat", HeatMap).show(registers.heat_map(book.risks))
        self._show_actions(book)
        self.query_one("#exit-dryrun", ExitDryRunPane).offer(book.triggers, self.today)
        if self.pending_record:
            self.focus_record(self.pending_record)

    def _fill(self, tab: str, rows: list[tuple[Any, ...]]) -> None:
        table = self.query_one(f"#{tab}-table", DataTable)
        keep = selected(table)
        table.clear()
        for row in rows:
            table.add_row(*row, key=row[0])
        if keep and keep in {r[0] for r in rows}:
            table.move_cursor(row=table.get_row_index(keep))
        self._show_detail(tab, selected(table))

    def _show_actions(self, book: RegisterBook) -> None:
        table = self.query_one("#actions-table", DataTable)
        table.clear()
        today = book.now.date()
        for row in book.actions:
            due = "—" if row.due is None else (
                overdue_cell(row.due, row.days_overdue(today)) if row.overdue else str(row.due))
            table.add_row(row.ref, row.status, row.owner or "—", due, row.text, key=row.ref)
        late = sum(1 for r in book.actions if r.overdue)
        still = sum(1 for r in book.actions if r.status == "open")
        self.query_one("#actions-status", Static).update(
            f"{len(book.actions)} action items of decisions that passed · {still} open · {late} overdue")

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        table_id = event.data_table.id or ""
        if table_id.endswith("-table") and table_id[:-6] in TAB_OF_KIND.values():
            self._show_detail(table_id[:-6], event.row_key.value)

    def _show_detail(self, tab: str, record_id: str | None) -> None:
        detail = self.query_one(f"#{tab}-detail", Static)
        record = self.book.record(record_id) if self.book and record_id else None
        if record is None or self.book is None:
            detail.update(Content.styled("Nothing recorded in this register yet.", "$text-muted"))
            return
        record = self.book.shown.get(record.id, record)
        rules_text = explain(record, self.book.charter, self.book.parties, self.book.now)
        lines = [Content.styled(f"{record.id}  {record.title_text}", "bold"), Content("")]
        lines += [Content.styled(line, OVERDUE if "OVERDUE" in line or "LATE" in line else "") for line in rules_text]
        lines += [Content(""), field_lines(record)]
        if record.body_text:
            lines += [Content(""), Content(record.body_text)]
        detail.update(Content("\n").join(lines))

    # --- writing -------------------------------------------------------------------------

    def _tab(self) -> str:
        tabs = self.query(TabbedContent)
        return tabs.first().active.removeprefix("tab-") if tabs else ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer each write only on the tab it applies to."""
        if action == "record_notification":
            return self._tab() == "incidents"
        if action == "mark_done":
            return self._tab() in ("duties", "actions")
        if action == "new_entry":
            return self._tab() in ("datasets", "risks", "incidents", "duties")
        return True

    @on(TabbedContent.TabActivated)
    def tab_changed(self) -> None:
        self.refresh_bindings()

    def action_record_notification(self) -> None:
        incident = self.book.record(selected(self.query_one("#incidents-table", DataTable)) or "") if self.book else None
        if not isinstance(incident, Incident) or self.book is None:
            return
        clocks = registers.notification_clocks(incident, self.book.charter.incidents, self.book.parties, self.book.now)
        due = [c.who for c in clocks if c.state in ("pending", "overdue")]
        everyone = due + [w for w in [*(p.id for p in self.book.parties), REGULATOR] if w not in due]
        now = dt.datetime.now(dt.UTC)
        fields = [Field("who", "Who was notified", options=[(w, w) for w in everyone]),
                  Field("at", "When (UTC, or with an offset)", f"{now:%Y-%m-%d %H:%M}", required=True),
                  Field("by", "Notified by (member ID)"), Field("reference", "Reference", placeholder="e.g. ICO case number")]

        def save(values: dict[str, str]) -> Callable[[], Any]:
            from store import usecases  # the write path: only needed when writing

            at = parse_moment(values["at"])
            return lambda: usecases.record_notification(self.store, incident.id, values["who"], at,
                                                        values["by"], values["reference"])

        self.open_form(FormDialog(f"Record a notification of {incident.id}", fields, "Record", save=save,
                                  intro="Record it from the notice itself: the clock is judged by this time."),
                       lambda _: self._after(incident.id), done=f"{incident.id}: notification recorded.")

    def action_mark_done(self) -> None:
        from store import usecases  # the write path: only needed when writing

        if self._tab() == "actions":
            ref = selected(self.query_one("#actions-table", DataTable))
            if not ref:
                return
            def save_action(values: dict[str, str]) -> Callable[[], Any]:
                day = parse_day(values["date"], self.today, ref, "Completed on")
                # The form names its field by the record's (record_field below): the refusal is worded there.
                return lambda: usecases.action_done(self.store, ref, day)

            done_on = Field("date", "Completed on", str(self.today), kind="date", required=True,
                            record_field="done_on")
            self.open_form(FormDialog(f"Mark {ref} done", [done_on], "Done", save=save_action), lambda _: self._after(ref),
                           done=lambda v: f"{ref} done on {v['date']}.")
            return
        duty = self.book.record(selected(self.query_one("#duties-table", DataTable)) or "") if self.book else None
        if not isinstance(duty, Duty):
            return
        fields = [Field("date", "Done on", str(self.today), kind="date", required=True),
                  Field("evidence", "Evidence", placeholder="The report or record that shows it was done")]

        def save(values: dict[str, str]) -> Callable[[], Any]:
            day = parse_day(values["date"], self.today)
            return lambda: usecases.duty_done(self.store, duty.id, day, values["evidence"])

        self.open_form(FormDialog(f"{duty.title} ({duty.id}) done", fields, "Record", save=save),
                       lambda _: self._after(duty.id), done=lambda v: f"{duty.id} recorded as done on {v['date']}.")

    def action_new_entry(self) -> None:
        """A new risk, incident or duty by a form; new data-sharing terms as a draft amendment."""
        if self._tab() == "datasets":
            self.new_dataset()
        elif self._tab() in ("risks", "incidents", "duties"):
            self.new_entry(self._tab())

    def action_new_entry_in(self, tab: str) -> None:
        """Open a register's tab and its new-entry form (from the command palette)."""
        self.action_show_tab(tab)
        self.action_new_entry()

    @work(thread=True, exclusive=True, exit_on_error=False, group="prepare")
    def new_entry(self, tab: str) -> None:
        choices = register_forms.read_choices(self.store, self.today)
        self.council.call_from_thread(self._new_entry_form, tab, choices)

    def _new_entry_form(self, tab: str, choices: register_forms.Choices) -> None:
        title, fields = register_forms.form_for(tab, choices, self.today, now_for(self.today))

        def save(values: dict[str, str]) -> Callable[[], Any]:
            return register_forms.writer_for(tab, self.store, values, self.today)

        # The ID is proposed: work starts with the title.
        form = FormDialog(title, fields, "Record", focus="title", save=save,
                          intro="The store checks every field; an invalid one is named and marked.")
        self.open_form(form, lambda _: self._after(form.submitted["id"]), done=lambda v: f"{v['id']} recorded.")

    @work(thread=True, exclusive=True, exit_on_error=False, group="prepare")
    def new_dataset(self) -> None:
        from screens.amend import AmendmentEditor
        from store import usecases

        partnership = self.store.partnership()
        parties = [p.id for p in partnership.parties] if partnership else []
        dataset_id, template = usecases.new_dataset_text(self.store, self.workspace, parties)
        self.council.call_from_thread(self.app.push_screen, AmendmentEditor(dataset_id, None, template))

    def _after(self, record_id: str) -> None:
        if "/" not in record_id:
            self.pending_record = record_id
        self.action_reload()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{tab}"
        target = "#exit-trigger" if tab == "exit" else f"#{tab}-table"
        self.query_one(target).focus()

    def action_back(self) -> None:
        """Escape: back to the open tab's table (not the first tab's)."""
        if self._tab():
            self.action_show_tab(self._tab())

    def focus_record(self, record_id: str) -> None:
        """Open the record's tab and put the cursor on it."""
        super().focus_record(record_id)
        kind = record_id.split("-", 1)[0]
        tab = {"DS": "datasets", "RSK": "risks", "INC": "incidents", "DUTY": "duties"}.get(kind)
        if tab is None or self.book is None:
            return
        self.pending_record = None
        self.action_show_tab(tab)
        table = self.query_one(f"#{tab}-table", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(record_id))
        except Exception:  # the row key is not in the table: the record does not exist
            self.notify(f"{record_id} is not in the register.", severity="warning", markup=False)

    # --- the exit dry run ------------------------------------------------------------

    @on(ExitDryRunPane.Run)
    def simulate(self, event: ExitDryRunPane.Run) -> None:
        self.query_one("#exit-steps").loading = True
        self.run_dry_run(event.trigger, event.date)

    @work(thread=True, exclusive=True, exit_on_error=False, group="dry-run")
    def run_dry_run(self, trigger: str, date: str) -> None:
        from store.api import terms_as_of

        day = parse_date(date, "exit dry run")
        terms = terms_as_of(self.store.root, day)
        if terms.commit is None:
            raise RecordError("exit dry run", "date", "a date on or after the store's first commit", date)
        parties = terms.partnership.parties if terms.partnership else []
        datasets = [r for r in terms.records.get("dataset", []) if isinstance(r, Dataset)]
        timeline = simulate_exit(terms.exit, datasets, terms.ip, parties, trigger, day)
        timeline.as_of.update(commit=terms.commit, date=day.isoformat())
        self.post_message(self.Simulated(timeline))

    @on(Simulated)
    def simulated(self, event: Simulated) -> None:
        self.query_one("#exit-steps").loading = False
        self.query_one("#exit-dryrun", ExitDryRunPane).show(event.timeline)
