"""Sync conflicts: the records both replicas changed while apart, field by field, settled here.

The screen shows what :func:`store.sync_conflicts.views` computes (base ->
ours | theirs per field, the text word by word) and settles a record with
:func:`store.sync_conflicts.resolve`, the function behind `council resolve`.
A term resolved to the version not in force is refused by the store; the
refusal, with the steps to pass it as an amendment, comes back through the
app's one error handler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from screens.base import LOAD, UsesStore
from screens.dialogs import ConfirmDialog
from screens.footer import FittingFooter
from screens.widgets import Table

if TYPE_CHECKING:
    from store.api import ConflictView as View

SIDES = {"ours": "this replica's version", "theirs": "the partner's version"}


class ConflictsScreen(UsesStore, Screen[None]):
    """Pending sync conflicts: pick one, read it field by field, keep ours or theirs."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="conflicts.close"),
        Binding("o", "resolve('ours')", "Keep ours", id="conflicts.ours"),
        Binding("t", "resolve('theirs')", "Keep theirs", id="conflicts.theirs"),
        Binding("ctrl+r", "reload", "Refresh", id="conflicts.reload"),
    ]
    AUTO_FOCUS = "#conflicts-table"
    CSS_PATH = "conflicts.tcss"

    class Loaded(Message):
        """The pending conflicts were read."""

        def __init__(self, views: "list[View]") -> None:
            super().__init__()
            self.views = views

    def __init__(self) -> None:
        super().__init__()
        self.views: "list[View]" = []

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        yield Static("", id="conflicts-status", classes="status-line")
        with Horizontal(id="conflicts-body"):
            yield Table(id="conflicts-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="conflict-scroll", classes="detail"):
                yield Static(id="conflict-detail")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = "Sync conflicts"
        self.query_one("#conflicts-table", DataTable).add_columns("Record", "Kind", "In force", "Why")
        self.action_reload()

    def action_reload(self) -> None:
        self.query_one("#conflicts-body").loading = True
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self) -> None:
        from store.api import conflict_views as views  # reads git objects: only when shown

        self.post_message(self.Loaded(views(self.store)))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.query_one("#conflicts-body").loading = False
        self.views = event.views
        table = self.query_one("#conflicts-table", DataTable)
        table.clear()
        for view in self.views:
            e = view.entry
            table.add_row(e.id, e.kind + (" (term)" if e.term else ""), e.in_main, e.reason, key=e.id)
        count = len(self.views)
        self.query_one("#conflicts-status", Static).update(
            f"{count} record(s) changed on both replicas while apart: o keeps ours, t keeps theirs "
            "(a term only by amendment)" if count else
            "No sync conflicts. `council sync` publishes what this replica holds.")
        self._show(self.selected())
        self.refresh_bindings()

    def selected(self) -> "View | None":
        table = self.query_one("#conflicts-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((v for v in self.views if v.entry.id == key), None)

    @on(DataTable.RowHighlighted)
    def highlighted(self) -> None:
        self._show(self.selected())

    def _show(self, view: "View | None") -> None:
        detail = self.query_one("#conflict-detail", Static)
        if view is None:
            detail.update(Content.styled("Nothing to resolve.", "$text-muted"))
            return
        detail.update(Content("\n").join(conflict_lines(view)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resolve":
            return bool(self.views) or None
        return True

    def action_resolve(self, side: str) -> None:
        view = self.selected()
        if view is None:
            return
        record_id = view.entry.id
        note = " It is in force already: the commit records that it was chosen." if side == view.entry.in_main else ""
        message = (f"Keep {SIDES[side]} of {record_id} with a record: commit; the other version stays in this "
                   f"replica under refs/council/kept/.{note}")

        def confirmed(ok: bool | None) -> None:
            if ok:
                self.resolve(record_id, side)

        self.app.push_screen(ConfirmDialog(f"Resolve {record_id}: keep {side}", message, f"Keep {side}"), confirmed)

    def resolve(self, record_id: str, side: str) -> None:
        from store.api import resolve_conflict as resolve  # the write path: only needed when writing

        self.write(lambda: resolve(self.store, record_id, side), lambda _: self.action_reload(),
                   done=f"{record_id}: resolved, {side} kept.")

    def action_close(self) -> None:
        self.dismiss(None)


def conflict_lines(view: "View") -> list[Content]:
    """One conflict as a person reads it: base -> ours | theirs per field, then the text's changes."""
    from store.api import body_lines, show_value

    e = view.entry
    lines = [Content.styled(f"{e.id}  ({e.path})", "bold"), Content(f"Why: {e.reason}"),
             Content(f"In force now: {e.in_main}" + (" · a term: it changes only by amendment" if e.term else "")),
             Content("")]
    for f in view.fields:
        lines += [Content.styled(f.field, "bold"), Content(f"  base    {show_value(f.base)}"),
                  Content.styled(f"  ours    {show_value(f.ours)}", "$text-success"),
                  Content.styled(f"  theirs  {show_value(f.theirs)}", "$text-warning")]
    if not view.fields:
        lines.append(Content.styled("No field differs; only the text.", "$text-muted"))
    for label, segments in (("ours", view.body_ours), ("theirs", view.body_theirs)):
        if any(s.op != "equal" for s in segments):
            lines += [Content(""), Content.styled(f"Text, base -> {label}:", "bold")]
            lines += [Content(f"  {line}") for line in body_lines(segments)]
    return lines
