"""A table that adds its rows a page at a time, as the reader reaches them.

The dashboard's deadline table holds every overdue and upcoming deadline:
256 rows at 10,000 decisions, of which a panel shows ten or twenty.  Adding,
measuring and fitting them all was a fifth of the time before the dashboard
showed its data (issue 18).  Here the first page is added at once and the
next as the cursor or the scroll nears the last row added; ctrl+end, which
goes to the last row, adds them all first.  No row is left out: the table
says how many it holds (``total``) and the panel shows how many are still to
come.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.message import Message
from textual.widgets import DataTable

from screens.widgets import Table

Row = tuple[Sequence[object], str | None]  # the cells, and the row's key


class PagedTable(Table):
    """A :class:`Table` whose rows are given all at once (:meth:`set_rows`) and added a page at a time."""

    PAGE = 50  # more than any panel shows at once; the next page is added well before it is reached
    AHEAD = 10  # rows below the cursor or the scrolled view that are already added

    class Paged(Message):
        """A page of rows was added: ``shown`` of ``total`` are in the table now."""

        def __init__(self, table: PagedTable, shown: int, total: int) -> None:
            super().__init__()
            self.table, self.shown, self.total = table, shown, total

        @property
        def control(self) -> PagedTable:
            return self.table

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._pending: list[Row] = []
        self.total = 0

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._scrolled, init=False)

    def _scrolled(self) -> None:
        self.call_after_refresh(self.reach)  # the mouse wheel moves the view, not the cursor

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show these rows instead of those shown: the first page now, the rest as they are reached."""
        self.clear()
        self._pending = list(rows)
        self.total = len(rows)
        self.add_page()
        self.call_after_refresh(self.reach)  # a panel taller than a page fills itself

    @property
    def pending(self) -> int:
        """How many rows are still to be added."""
        return len(self._pending)

    def add_page(self, size: int | None = None) -> None:
        """Add the next ``size`` rows (a page) of those still to come."""
        size = self.PAGE if size is None else size
        page, self._pending = self._pending[:size], self._pending[size:]
        for cells, key in page:
            self.add_row(*cells, key=key)
        self.post_message(self.Paged(self, self.row_count, self.total))

    def reach(self) -> None:
        """Add pages until the cursor and the scrolled view are ``AHEAD`` rows clear of the last row added."""
        while self._pending and max(self.cursor_row, int(self.scroll_y) + self.size.height) + self.AHEAD >= self.row_count:
            self.add_page()

    @on(DataTable.RowHighlighted)
    def _cursor_moved(self) -> None:
        self.reach()  # the message goes on to the screen, as from any table

    def action_scroll_bottom(self) -> None:
        """ctrl+end: the last row of all, not of those added so far."""
        if self._pending:
            self.add_page(len(self._pending))
        super().action_scroll_bottom()
