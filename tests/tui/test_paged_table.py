"""A table of many rows adds them a page at a time (issue 18), and every row still arrives:
as the cursor or the scroll nears the last row added, or all at once for ctrl+end.
The dashboard's deadline table is one, and its panel says how many rows there are."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from screens.app import make_app
from screens.paged import PagedTable
from store.service import Store
from tests.tui.conftest import TODAY
from tests.tui.helpers import press, settle

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

ROWS = 130


class Many(App[None]):
    """One paged table of ``ROWS`` rows, keyed by their number."""

    def compose(self) -> ComposeResult:
        yield PagedTable(id="t", flex="What", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        table.add_columns("Due", "What", "Record")
        table.set_rows([((f"2026-01-{i % 28 + 1:02d}", f"deadline {i}", f"DEC-{i:03d}"), str(i))
                        for i in range(ROWS)])


def keys_in(table: PagedTable) -> list[str]:
    return [str(row.key.value) for row in table.ordered_rows]


async def test_the_first_page_shows_at_once_and_the_rest_as_the_cursor_moves_down() -> None:
    app = Many()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot)
        assert table.row_count == PagedTable.PAGE and table.total == ROWS and table.pending == ROWS - PagedTable.PAGE
        table.focus()
        for _ in range(40):
            await press(pilot, "pagedown")
        assert keys_in(table) == [str(i) for i in range(ROWS)]  # every row, once, in order
        assert table.pending == 0


async def test_ctrl_end_goes_to_the_last_row_of_all() -> None:
    app = Many()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot)
        table.focus()
        await press(pilot, "ctrl+end")
        assert table.row_count == ROWS and table.cursor_row == ROWS - 1
        assert str(table.get_row_at(table.cursor_row)[2]) == f"DEC-{ROWS - 1:03d}"


async def test_scrolling_the_view_adds_the_rows_below_it() -> None:
    app = Many()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(PagedTable)
        await settle(pilot)
        table.scroll_end(animate=False)  # as the mouse wheel does, the cursor staying where it is
        await settle(pilot)
        assert table.cursor_row == 0 and table.row_count > PagedTable.PAGE


async def test_the_dashboard_pages_its_deadlines_and_says_how_many(tui_store: Store,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PagedTable, "PAGE", 1)  # the test store's two deadlines are more than a page
    app = make_app(tui_store, today=TODAY)
    messages: list[object] = []
    async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#deadline-table", PagedTable)
        paged = [(m.shown, m.total) for m in {id(m): m for m in messages if isinstance(m, PagedTable.Paged)}.values()]
        assert paged == [(1, 2), (2, 2)]  # the first page, then the rest: the panel has room for it
        assert table.row_count == 2 and table.pending == 0
        assert app.screen.query_one("#deadlines").border_subtitle == "2 deadlines"
        assert [str(table.get_row_at(i)[2]) for i in range(2)] == ["DSP-001", "DEC-2026-001"]  # earliest first
