"""Editing a scheduled meeting's agenda: items changed, moved up or down, or cut, saved as one commit.

The screen works on a copy of the agenda; nothing is written until ``ctrl+s``,
and then the whole agenda goes to :func:`store.usecases.set_agenda` in one
commit.  A refusal keeps the screen open with every change; Escape with
changes asks first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from council.parse import split_ids
from council.records import AgendaItem, Meeting
from screens.base import UsesStore
from screens.dialogs import Field, FormDialog, SavesInPlace, dismiss_or_ask, refusal
from screens.footer import FittingFooter
from screens.meeting_detail import AGENDA_KINDS, agenda_kind_label
from screens.widgets import Table

# The items to the store operation that writes them (run in a thread).
SaveAgenda = Callable[[list[AgendaItem]], Callable[[], object]]


def item_fields(item: AgendaItem | None = None) -> list[Field]:
    """The fields of one agenda item's form (empty for a new one)."""
    return [Field("title", "Item", item.title if item else "", required=True),
            Field("kind", "Kind", item.kind if item else "item", options=AGENDA_KINDS),
            Field("refs", "Records", ", ".join(item.refs) if item else "",
                  placeholder="the IDs it concerns, comma separated: 4.2, IP-001")]


def item_from(values: dict[str, str]) -> AgendaItem:
    """An agenda item from its form's values."""
    return AgendaItem(title=values["title"].strip(), kind=values["kind"], refs=split_ids(values["refs"]))


class AgendaScreen(SavesInPlace, UsesStore, Screen[bool | None]):
    """A meeting's agenda as a list to edit: dismissed with True once saved."""

    KEEPS_AREA_KEYS = True  # changes in hand are not left behind by a stray digit
    BINDINGS = [
        Binding("escape", "cancel", "Back"),
        Binding("ctrl+s", "save", "Save agenda", priority=True),
        Binding("n", "add", "New item"),
        Binding("e", "edit", "Edit"),
        Binding("K,shift+up", "move(-1)", "Up", key_display="K"),
        Binding("J,shift+down", "move(1)", "Down", key_display="J"),
        Binding("d,delete", "delete", "Delete"),
    ]

    def __init__(self, meeting: Meeting, save: SaveAgenda) -> None:
        super().__init__()
        self.meeting, self.save = meeting, save
        self.items = list(meeting.agenda)

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        yield Static(f"The agenda of {self.meeting.id} ({self.meeting.date}): n new, e edit, K/J move up/down, "
                     "d delete, ctrl+s save as one commit, escape back.", classes="status-line", markup=False)
        yield Table(id="agenda-items", cursor_type="row", zebra_stripes=True)
        yield Static("", id="agenda-error", classes="form-error", markup=False)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Agenda of {self.meeting.id}"
        self.query_one(DataTable).add_columns("No.", "Item", "Kind", "Records")
        self._draw(0)
        self.query_one(DataTable).focus()

    def _draw(self, row: int) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for n, item in enumerate(self.items, 1):
            table.add_row(str(n), item.title, (agenda_kind_label(item.kind), "$text-muted"), ", ".join(item.refs))
        if self.items:
            table.move_cursor(row=max(0, min(row, len(self.items) - 1)))
        changed = "" if self.items == self.meeting.agenda else " (unsaved changes: ctrl+s to save)"
        self.query_one("#agenda-error", Static).update(
            (f"{len(self.items)} items{changed}" if self.items else "No items: n to add one.")
            if not self.saving else "Saving…")

    def _row(self) -> int | None:
        table = self.query_one(DataTable)
        return table.cursor_row if self.items else None

    def changed(self) -> bool:
        return self.items != self.meeting.agenda

    def action_add(self) -> None:
        def done(values: dict[str, str] | None) -> None:
            if values:
                self.items.append(item_from(values))
                self._draw(len(self.items) - 1)

        self.app.push_screen(FormDialog(f"New agenda item of {self.meeting.id}", item_fields(), "Add"), done)

    def action_edit(self) -> None:
        row = self._row()
        if row is None:
            return

        def done(values: dict[str, str] | None) -> None:
            if values:
                self.items[row] = dataclasses.replace(self.items[row], **dataclasses.asdict(item_from(values)))
                self._draw(row)

        self.app.push_screen(FormDialog(f"Item {row + 1} of the agenda", item_fields(self.items[row]), "Done"),
                             done)

    def action_move(self, step: int) -> None:
        row = self._row()
        if row is None or not 0 <= row + step < len(self.items):
            return
        self.items[row], self.items[row + step] = self.items[row + step], self.items[row]
        self._draw(row + step)

    def action_delete(self) -> None:
        row = self._row()
        if row is None:
            return
        del self.items[row]
        self._draw(row)

    def action_save(self) -> None:
        if self.saving:
            return
        if not self.changed():
            self.notify("No changes to save.", severity="warning")
            return
        self.save_in_place(self.save(list(self.items)), True)
        self._draw(self._row() or 0)

    def show_refusal(self, error: BaseException) -> None:
        _, message = refusal(error, {})
        self.query_one("#agenda-error", Static).update(message)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_edit()

    def action_cancel(self) -> None:
        """Escape: back to the meeting, asking first if changes would be lost."""
        if self.saving:
            return
        dismiss_or_ask(self, self.changed(), "Discard the changes to the agenda?",
                       "Nothing has been saved: the agenda stays as it was.")
