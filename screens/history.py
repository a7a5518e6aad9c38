"""History: every commit of the store, amendments first, with trailers and diffs."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from screens.base import LOAD, AreaScreen
from screens.footer import FittingFooter
from screens.widgets import DiffView, Table
from store import api


class HistoryScreen(AreaScreen):
    """Amendments (or every commit), filterable by record; the selected commit's trailers and diff."""

    AUTO_FOCUS = "#commit-table"
    AREA = "history"
    BINDINGS = [
        Binding("a", "toggle_all", "All commits / amendments", id="toggle"),
        Binding("slash", "focus_filter", "Filter by record", id="filter"),
    ]

    class PageLoaded(Message):
        """A page of commits."""

        def __init__(self, key: tuple[str, bool], commits: list[api.CommitInfo], skip: int) -> None:
            super().__init__()
            self.key, self.commits, self.skip = key, commits, skip

    class DiffLoaded(Message):
        """The diff of one commit."""

        def __init__(self, sha: str, diff: str) -> None:
            super().__init__()
            self.sha, self.diff = sha, diff

    def __init__(self) -> None:
        super().__init__()
        self.amendments_only = True
        self.record = ""
        self.commits: dict[str, api.CommitInfo] = {}
        self.more = False

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        with Horizontal(id="history"):
            with Vertical(id="history-list"):
                yield Input(placeholder="Filter by record ID: 4.2, DEC-2026-003, IP-001…", id="history-filter", compact=True)
                yield Static("", id="history-status", classes="status-line")
                yield Table(id="commit-table", flex="Change", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="commit-detail", classes="detail"):
                yield Static(id="commit-head", classes="detail-head")
                yield Static(id="commit-trailers")
                yield DiffView(id="commit-diff")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.query_one("#commit-table", DataTable).add_columns("Date", "Decision", "Change")

    @property
    def key(self) -> tuple[str, bool]:
        return (self.record, self.amendments_only)

    def reload(self) -> None:
        self.query_one("#commit-table").loading = True
        self.load(self.key, 0)

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self, key: tuple[str, bool], skip: int) -> None:
        record, amendments = key
        commits = api.commit_log(self.store, record, amendments, skip)
        if not get_current_worker().is_cancelled:
            self.post_message(self.PageLoaded(key, commits, skip))

    @on(PageLoaded)
    def show_page(self, event: PageLoaded) -> None:
        if event.key != self.key:
            return
        table = self.query_one("#commit-table", DataTable)
        table.loading = False
        if event.skip == 0:
            table.clear()
            self.commits.clear()
        for c in event.commits:
            self.commits[c.sha] = c
            style = "bold $text-success" if c.kind == "amend" else ""
            table.add_row(f"{c.date:%Y-%m-%d}", c.trailer("Decision") or "—", (c.subject, style), key=c.sha)
        self.more = len(event.commits) == api.PAGE
        what = "amendments" if self.amendments_only else "commits"
        scope = f" to {self.record}" if self.record else ""
        self.query_one("#history-status", Static).update(
            f"{len(self.commits)}{'+' if self.more else ''} {what}{scope}, newest first · a: "
            + ("show every commit" if self.amendments_only else "amendments only"))
        if event.skip == 0:
            self._show_commit()

    def selected(self) -> api.CommitInfo | None:
        table = self.query_one("#commit-table", DataTable)
        if not table.row_count:
            return None
        return self.commits.get(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or "")

    @on(DataTable.RowHighlighted, "#commit-table")
    def _show_commit(self) -> None:
        commit = self.selected()
        table = self.query_one("#commit-table", DataTable)
        if self.more and table.cursor_row >= table.row_count - 10:
            self.more = False
            self.load(self.key, table.row_count)
        if commit is None:
            self.query_one("#commit-head", Static).update("No commits match.")
            self.query_one("#commit-trailers", Static).update("")
            self.query_one("#commit-diff", DiffView).show("", empty="")
            return
        records = ", ".join(commit.records) or "—"
        self.query_one("#commit-head", Static).update(Content.assemble(
            (commit.subject, "bold"), (f"\ncommit {commit.sha[:12]} · {commit.date:%Y-%m-%d %H:%M %z} · "
                                       f"{commit.author}\nrecords: {records}", "$text-muted")))
        trailers = [Content.assemble((f"{k}: ", "bold $text-accent"), v) for k, v in commit.trailers]
        self.query_one("#commit-trailers", Static).update(Content("\n").join(trailers))
        self.query_one("#commit-detail").loading = True
        self.load_diff(commit.sha, self.record)

    @work(thread=True, exclusive=True, exit_on_error=False, group="diff")
    def load_diff(self, sha: str, record: str) -> None:
        path = api.record_path(self.store, record) if record else None
        diff = api.commit_diff(self.store, sha, [path] if path else None)
        if not get_current_worker().is_cancelled:
            self.post_message(self.DiffLoaded(sha, diff))

    @on(DiffLoaded)
    def show_diff(self, event: DiffLoaded) -> None:
        commit = self.selected()
        if commit is None or commit.sha != event.sha:
            return
        self.query_one("#commit-detail").loading = False
        self.query_one("#commit-diff", DiffView).show(event.diff)

    @on(Input.Submitted, "#history-filter")
    @on(Input.Changed, "#history-filter")
    def filter_changed(self, event: Input.Changed | Input.Submitted) -> None:
        record = event.value.strip()
        if record != self.record:
            self.record = record
            self.reload()

    def action_toggle_all(self) -> None:
        self.amendments_only = not self.amendments_only
        self.reload()

    def action_amendments(self) -> None:
        self.amendments_only = True
        self.query_one("#history-filter", Input).value = ""
        self.record = ""
        self.reload()

    def action_focus_filter(self) -> None:
        self.query_one("#history-filter", Input).focus()

    def focus_record(self, record_id: str) -> None:
        """Show every commit that changed one record."""
        super().focus_record(record_id)
        self.amendments_only = False
        self.record = record_id
        self.query_one("#history-filter", Input).value = record_id
        self.reload()
