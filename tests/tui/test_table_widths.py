"""Tables use the width they have, at 80x24 and 160x45 (issue 19's leftovers): a
free-text column takes what the other columns leave and ends in "…" only where
that is too little, recomputed on resize; a shortened cell reads back whole;
the Meetings list shows its Status at 80 columns.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable

from council.errors import RecordError
from council.records import Dispute, Stage
from screens.app import CouncilApp, make_app
from screens.dialogs import ErrorDialog
from screens.widgets import Table
from store.service import Store
from store.write.change import Change
from tests.conftest import at
from tests.tui.conftest import TODAY
from tests.tui.helpers import press, settle, shown, until

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]
LONG = ("Access to the pseudonymised discharge records withheld from the laboratory's evaluation team "
        "for the whole of the second quarter, against clause 9")


def flex_fills(table: DataTable, label: str) -> None:
    """Fail unless every column shows (no sideways scrolling) and ``label`` takes the rest."""
    room = table.scrollable_content_region.width
    assert table.virtual_size.width <= room, f"{table.id} needs {table.virtual_size.width} columns, has {room}"
    widths = {c.label.plain: c.get_render_width(table) for c in table.ordered_columns}
    assert sum(widths.values()) == room, widths



@pytest.fixture
def app(tui_store: Store) -> CouncilApp:
    day = dt.date(2026, 3, 12)
    dispute = Dispute(id="DSP-009", title=LONG, raised_on=day, raised_by="hosp", against=["lab"],
                      stages=[Stage("negotiation", day)])
    tui_store.write(Change(f"raise DSP-009: {LONG}", [dispute], when=at(day, 9)))
    return make_app(tui_store, today=TODAY)


@pytest.mark.parametrize("size", SIZES)
async def test_free_text_columns_take_the_width_left_and_read_back_whole(
        app: CouncilApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        for area, selector, label in (("1", "#deadline-table", "What"), ("5", "#dispute-table", "Subject"),
                                      ("8", "#commit-table", "Change")):
            await press(pilot, area)
            table = app.screen.query_one(selector, DataTable)
            await until(pilot, lambda t=table: t.row_count > 0, f"{selector} to load")  # type: ignore[misc]
            await settle(pilot)
            flex_fills(table, label)
        await press(pilot, "5")
        table = app.screen.query_one("#dispute-table", DataTable)
        row = table.get_row_index("DSP-009")
        assert str(table.get_row("DSP-009")[3]) == LONG  # the whole subject, not what fits
        assert str(table.get_row_at(row)[3]) == LONG
        assert isinstance(table, Table)
        painted = str(table.shown_row_at(row)[3])
        assert painted.endswith("…") and LONG.startswith(painted[:-1])
        assert LONG in [str(cell) for cell in table.get_column_at(3)]  # columns read back whole too


class OneRow(App[None]):
    """An app of one table: ``columns`` (``flex`` the free-text one) and one row, keyed ``key``
    (and ``copies`` more of it, keyed ``key-1``, ``key-2``..., their long cells of varying length)."""

    def __init__(self, flex: str, columns: tuple[str, ...], row: tuple[str, ...], key: str,
                 copies: int = 0) -> None:
        super().__init__()
        self.flex, self.labels, self.row, self.key, self.copies = flex, columns, row, key, copies

    def compose(self) -> ComposeResult:
        yield Table(id="t", flex=self.flex)

    def on_mount(self) -> None:
        table = self.query_one(Table)
        table.add_columns(*self.labels)
        table.add_row(*self.row, key=self.key)
        for n in range(1, self.copies + 1):
            table.add_row(*(c[:len(c) - n % 37] if len(c) > 40 else c for c in self.row), key=f"{self.key}-{n}")


async def test_a_free_text_column_is_refitted_when_the_terminal_is_resized() -> None:
    app = OneRow("Title", ("ID", "Title", "Outcome"), ("DEC-1", LONG, "passed"), "DEC-1")
    async with app.run_test(size=(160, 45)) as pilot:
        table = app.query_one(Table)
        await settle(pilot)
        flex_fills(table, "Title")
        wide = next(c for c in table.ordered_columns if c.label.plain == "Title").width
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        flex_fills(table, "Title")
        assert next(c for c in table.ordered_columns if c.label.plain == "Title").width < wide
        assert isinstance(table.get_row("DEC-1")[1], Text) and str(table.get_row("DEC-1")[1]) == LONG
        await pilot.resize_terminal(300, 45)  # wide enough for the whole title: nothing shortened
        await settle(pilot)
        assert str(table.shown_row_at(0)[1]) == LONG


async def test_a_free_text_column_at_its_floor_leaves_the_edge_marked() -> None:
    # Too narrow for even the free text's floor: the column the edge then cuts ends in
    # "…" (a record ID cut to "DEC-2017-000" would read as another record's).
    app = OneRow("What", ("Due", "What", "Record"), ("2026-03-03 OVERDUE 117d", LONG, "DEC-2017-000123"), "r")
    async with app.run_test(size=(52, 10)) as pilot:
        table = app.query_one(Table)
        await settle(pilot)
        record = str(table.shown_row_at(0)[2])
        assert record.endswith("…") and "DEC-2017-000123".startswith(record[:-1]), record
        assert str(table.get_row("r")[2]) == "DEC-2017-000123"
        assert edge_slivers(table) == []


async def test_fitting_a_long_table_measures_each_column_once_per_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    # DataTable measured the whole column again for each cell fit() shortened or gave back:
    # rows x rows measurements (3 s of the dashboard's CPU at 100,000 decisions, issue 18).
    measured: list[object] = []
    get_column = Table.get_column

    def counted(self: Table, column_key: object) -> object:
        measured.append(column_key)
        return get_column(self, column_key)  # type: ignore[arg-type]

    monkeypatch.setattr(Table, "get_column", counted)
    app = OneRow("What", ("Due", "What", "Record"), ("2026-03-03 OVERDUE 117d", LONG, "DEC-2017-000123"), "r",
                 copies=300)
    async with app.run_test(size=(100, 10)) as pilot:
        table = app.query_one(Table)
        await settle(pilot)
        assert str(table.shown_row_at(300)[1]).endswith("…")  # the free text shortened in every row
        first = len(measured)
        await pilot.resize_terminal(120, 10)  # every shortened cell given back, then shortened again
        await settle(pilot)
        assert str(table.shown_row_at(300)[1]).endswith("…")
    assert len(measured) - first < 10, (first, len(measured))


async def meetings_table(app: CouncilApp, pilot: Pilot) -> DataTable:
    await press(pilot, "3")
    table = app.screen.query_one("#meeting-table", DataTable)
    await until(pilot, lambda: table.row_count > 0, "the meetings")
    await settle(pilot)
    return table


@pytest.mark.parametrize("size", SIZES)
async def test_the_meetings_list_shows_each_meetings_status(app: CouncilApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        table = await meetings_table(app, pilot)
        status = next(c for c in table.ordered_columns if c.label.plain == "Status")
        assert shown(table)["Status"] == status.get_render_width(table), "the Status column is off the list's edge"
        assert {str(table.get_row_at(i)[1]) for i in range(table.row_count)} <= {"held", "scheduled", "cancelled"}


def edge_slivers(table: DataTable) -> list[str]:
    """The columns the table's right edge cuts to fewer than six cells (a "D" of "Date")."""
    widths = {c.label.plain: c.get_render_width(table) for c in table.ordered_columns}
    return [label for label, seen in shown(table).items()
            if 0 < seen < widths[label] and seen - 2 * table.cell_padding < 6]


@pytest.mark.parametrize("size", SIZES)
async def test_no_column_peeks_in_at_the_right_edge(app: CouncilApp, size: tuple[int, int]) -> None:
    # At 80 columns the Meetings list has room for Meeting and Status and two cells
    # more: the Date column begins past the edge (reached by scrolling) instead.
    async with app.run_test(size=size) as pilot:
        table = await meetings_table(app, pilot)
        assert edge_slivers(table) == []
        assert "Date" in [c.label.plain for c in table.ordered_columns]
        await pilot.resize_terminal(300, 45)  # wide again: the widened column gives its room back
        await settle(pilot)
        assert sum(c.get_render_width(table) for c in table.ordered_columns) == table.virtual_size.width
        assert table.virtual_size.width <= table.scrollable_content_region.width


@pytest.mark.parametrize("size", SIZES)
async def test_the_error_hint_points_at_a_field_only_when_one_is_named(
        app: CouncilApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        for field, hint in (("title", "Correct the field named above"), ("", "Change what you asked for")):
            app.report_error(RecordError("WR-2026-001", field, "a closing day already passed"), writing=True)
            await settle(pilot)
            assert isinstance(app.screen, ErrorDialog)
            assert hint in app.screen.hint
            await press(pilot, "enter")


class ManyRows(OneRow):
    """An app of one table of ``n`` rows whose free text is each shortened at 80 columns."""

    def __init__(self, n: int) -> None:
        super().__init__("What", ("Due", "What", "Record"), ("", "", ""), "")
        self.n = n

    def on_mount(self) -> None:
        table = self.query_one(Table)
        table.add_columns(*self.labels)
        for i in range(self.n):
            table.add_row(f"2026-03-{i % 28 + 1:02d}", f"{LONG} {'x' * (i % 7)}", f"DEC-2026-{i:03d}", key=str(i))


async def test_a_refit_measures_each_column_once_not_once_per_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    # Giving back the cells a fit shortened made DataTable measure the whole column
    # again for each cell (65,000 cells for the dashboard's 256 deadlines, issue 18).
    import textual.widgets._data_table as datatable

    rows = 120
    app = ManyRows(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(Table)
        await settle(pilot)
        assert str(table.shown_row_at(0)[1]).endswith("…")
        measured = [0]

        def counting(*args: object, **kwargs: object) -> int:
            measured[0] += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        real = datatable.measure
        monkeypatch.setattr(datatable, "measure", counting)
        await pilot.resize_terminal(400, 24)  # wide enough for every cell whole
        await settle(pilot)
        assert all(str(table.shown_row_at(i)[1]) == str(table.get_row(str(i))[1]) for i in range(rows))
        what = next(c for c in table.ordered_columns if c.label.plain == "What")
        assert what.content_width == len(LONG) + 7  # the widest cell, measured whole
        assert measured[0] <= 8 * rows, measured[0]
