"""Small widgets shared by the screens: the area bar, indicators, diffs, bars."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.content import Content
from textual.render import measure
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey, RowKey

if TYPE_CHECKING:  # the indicators show the rules' results; the first frame need not load the rules
    from council import rules

AREAS: tuple[tuple[str, str, str], ...] = (
    # (key, mode name, label)
    ("1", "dashboard", "Dashboard"),
    ("2", "charter", "Charter"),
    ("3", "meetings", "Meetings"),
    ("4", "decisions", "Decisions"),
    ("5", "disputes", "Disputes"),
    ("6", "ip", "IP register"),
    ("7", "exit", "Exit plan"),
    ("8", "history", "History"),
    ("9", "registers", "Registers"),
    ("0", "artifacts", "Artifacts"),
)
# On a narrow terminal (80 columns) all ten must still fit on one line.
SHORT_LABELS = {"dashboard": "Home", "ip": "IP", "exit": "Exit", "registers": "Regs", "artifacts": "Arts"}


class AreaBar(Static):
    """The row of areas under the header: the current one highlighted, each clickable."""

    def __init__(self, current: str) -> None:
        super().__init__(id="area-bar")
        self.current = current

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        # The roomiest layout that fits: padded, plain, short labels, then each key
        # against its label (80 columns: "1Home 2Charter ... 0Arts", the keys in bold).
        room = self.size.width - 2  # the bar's padding
        for short, padded, spaced in ((False, True, True), (False, False, True), (True, False, True),
                                      (True, False, False)):
            bar = self._bar(short, padded, spaced)
            if bar.cell_length <= room:
                break
        self.set_class(short, "-narrow")
        self.update(bar)

    def _bar(self, short: bool, padded: bool, spaced: bool = True) -> Content:
        parts: list[Content | str] = []
        for key, mode, label in AREAS:
            label = SHORT_LABELS.get(mode, label) if short else label
            style = "bold reverse $accent" if mode == self.current else ""
            item = Content.assemble((key, "$text-muted" if spaced else "bold $accent"), " " if spaced else "",
                                    (f" {label} " if padded else label, style))
            parts.append(item.stylize(f"@click=app.switch_area('{mode}')"))
            parts.append("  " if padded else " ")
        return Content.assemble(*parts[:-1])


class QuorumIndicator(Static):
    """Says whether an attendance is quorate, and why, in the charter's words."""

    def show(self, result: rules.QuorumResult | None, prefix: str = "") -> None:
        self.set_class(result is not None and result.met, "-met")
        self.set_class(result is not None and not result.met, "-unmet")
        if result is None:
            self.update("Quorum: no attendance recorded yet")
            return
        mark = "● QUORATE" if result.met else "○ NOT QUORATE"
        detail = result.explanation.split(": ", 1)[-1]
        self.update(Content.assemble((f"{prefix}{mark}", "bold"), "  ", detail))


class OutcomeIndicator(Static):
    """The outcome a motion would have with the votes entered so far."""

    LABELS = {"passed": "✔ PASSES", "failed": "✘ FAILS", "tied": "= TIED: FAILS",
              "no_quorum": "○ NO QUORUM"}

    def show(self, result: rules.Outcome | None, note: str = "") -> None:
        self.set_class(result is not None and result.passed, "-met")
        self.set_class(result is not None and not result.passed, "-unmet")
        if result is None:
            self.update(note or "Outcome: enter the votes")
            return
        detail = result.explanation.split(": ", 1)[-1]
        self.update(Content.assemble((self.LABELS.get(result.result, result.result), "bold"), "  ", detail))


class DiffView(Static):
    """A unified diff, coloured with the theme's success and error colours."""

    def show(self, diff: str, empty: str = "No changes.") -> None:
        self.set_class(not diff.strip(), "-empty")  # a sentence, not a diff: it wraps (council.tcss)
        if not diff.strip():
            self.update(Content.styled(empty, "$text-muted"))
            return
        lines = []
        for line in diff.rstrip("\n").split("\n"):
            if line.startswith(("+++", "---", "diff ", "index ", "new file", "deleted file")):
                style = "bold $text-muted"
            elif line.startswith("+"):
                style = "$text-success"
            elif line.startswith("-"):
                style = "$text-error"
            elif line.startswith("@@"):
                style = "$text-accent"
            else:
                style = ""
            lines.append(Content.styled(line, style))
        self.update(Content("\n").join(lines))


def bar(fraction: float, width: int = 20) -> str:
    """A text bar for a fraction 0..1 (used where a widget per row would be heavy)."""
    fraction = max(0.0, min(1.0, fraction))
    full = round(fraction * width)
    return "█" * full + "░" * (width - full)


def overdue_cell(day: object, days_late: int) -> tuple[str, str]:
    """A late deadline's cell: 'OVERDUE 3d', but 'due today' on its own day (never 'OVERDUE 0d').

    Late on its own day is an hour passed (an incident notification) or a recall:
    still in the colour of what is late.
    """
    if days_late <= 0:
        return (f"{day} due today", "bold $text-error")
    return (f"{day} OVERDUE {days_late}d", "bold $text-error")


def outcome_label(outcome: str) -> str:
    """An outcome in words: 'no quorum', never the record's 'no_quorum'."""
    return outcome.replace("_", " ")


def outcome_cell(outcome: str) -> tuple[str, str]:
    """A table cell for an outcome: its words, in its colour."""
    return (outcome_label(outcome), outcome_style(outcome))


def outcome_style(outcome: str) -> str:
    return {"passed": "$text-success", "failed": "$text-error", "tied": "$text-warning",
            "no_quorum": "$text-warning", "pending": "$text-muted"}.get(outcome, "")


FLEX_FLOOR = 12  # the narrowest a free-text column is made before the table scrolls


class Table(DataTable):
    """A DataTable whose cells are plain text (never parsed as markup) or (text, style).

    Record titles come from users: a title containing "[...]" must show as
    typed.  Styles name theme variables (``"bold $text-error"``), resolved
    against the current theme.
    """

    def cell(self, value: object) -> Text:
        if isinstance(value, Text):
            return value
        if isinstance(value, tuple):
            text, style = value
            return Text(str(text), style=self._rich_style(style), end="")
        return Text("" if value is None else str(value), end="")

    def _rich_style(self, style: str) -> str:
        out = []
        for part in style.split():
            if part == "$text-muted":
                out.append("dim")
            elif part.startswith("$"):
                colour = self.app.theme_variables.get(part[1:], "")
                if colour.startswith("#"):
                    out.append(colour[:7])
            else:
                out.append(part)
        return " ".join(out)

    def __init__(self, *args: Any, flex: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.flex = flex  # the label of the free-text column that takes the width left over
        self._cut: dict[tuple[RowKey, ColumnKey], Text] = {}  # the cells fit() shortened, whole
        self._widened: tuple[ColumnKey, bool, int] | None = None  # a column fit() widened: key, auto, width
        self._fitted_to = 0  # the width fit() last shared out
        self._fitting = False
        self._painting = False

    def add_row(self, *cells: object, **kwargs: Any) -> RowKey:
        self._fit_soon()
        return super().add_row(*[self.cell(c) for c in cells], **kwargs)

    def update_cell(self, row_key: RowKey | str, column_key: ColumnKey | str, value: object,
                    *, update_width: bool = False) -> None:
        self._cut.pop(_cell_key(row_key, column_key), None)
        self._fit_soon()
        super().update_cell(row_key, column_key, self.cell(value), update_width=update_width)

    def get_cell(self, row_key: RowKey | str, column_key: ColumnKey | str) -> Any:
        """The cell's whole value, even where fit() shows it shortened (get_row and
        get_cell_at read through here)."""
        whole = None if self._painting else self._cut.get(_cell_key(row_key, column_key))
        return whole if whole is not None else super().get_cell(row_key, column_key)

    def get_row(self, row_key: RowKey | str) -> list[Any]:
        row = super().get_row(row_key)
        if self._painting or not self._cut:
            return row
        return [self.get_cell(row_key, column.key) for column in self.ordered_columns]

    def get_column(self, column_key: ColumnKey | str) -> Any:
        if self._painting or not self._cut:
            return super().get_column(column_key)
        return (self.get_cell(row.key, column_key) for row in self.ordered_rows)

    def _update_column_widths(self, updated_cells: Any) -> None:
        # DataTable measures the whole column again for each updated cell narrower than
        # the column: giving back the 256 cells fit() shortened in the dashboard's deadline
        # table measured 65,000 cells (0.6 s of CPU at M, whenever a refit came; issue 18).
        # Each column with an updated cell is measured once instead, as painted.
        console = self.app.console
        for key in {cell.column_key for cell in updated_cells if cell.row_key in self.rows}:
            column = self.columns.get(key)
            if column is not None:
                cells = DataTable.get_column(self, key)  # what is painted (fit()'s shortened cells)
                column.content_width = max([measure(console, column.label, 1),
                                            *(measure(console, self.cell(c), 1) for c in cells)])
        self._require_update_dimensions = True

    def shown_row_at(self, row_index: int) -> list[Any]:
        """The row as painted: a cell fit() shortened reads as shortened ("…")."""
        return super().get_row(self.ordered_rows[row_index].key)

    def _compute_row_renderables(self, row_index: int) -> Any:
        # DataTable paints a row through get_row_at: there it must get the shortened cells.
        # (get_column, which DataTable measures column widths with, gives them too.)
        self._painting = True
        try:
            return super()._compute_row_renderables(row_index)
        finally:
            self._painting = False

    def clear(self, columns: bool = False) -> Any:
        self._cut.clear()
        return super().clear(columns)

    def on_resize(self) -> None:
        self._fit_soon()

    def watch_virtual_size(self) -> None:
        # Textual re-decides a scroll view's scrollbars only when its own size changes.
        # Once fit() narrows the columns the sideways scrollbar must go, and a table
        # of auto height give its row back, whatever the timing of the layout passes.
        if self.is_mounted:
            self._scroll_update(self.virtual_size)
            if self._fitted_to and self.scrollable_content_region.width != self._fitted_to:
                self._fit_soon()  # a scrollbar came or went: the room fit() shared out changed

    @property
    def fitting(self) -> bool:
        """Whether a fit, or the re-measuring DataTable does when idle, is still to come
        (tests wait for it before they read the screen)."""
        return self._fitting or self._require_update_dimensions or bool(self._updated_cells)

    def _fit_soon(self) -> None:
        if not self._fitting:
            self._fitting = True
            self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Fit the table to its width: its free-text column (``flex``) takes the width
        the others leave, else the column the right edge cuts ends in "…".

        Either way no cell is cut mid-word unmarked; the shortened cells are kept
        whole (get_cell, get_row) and given back when the table widens.
        """
        self._fitting = False
        for (row, column), whole in list(self._cut.items()):
            if row in self.rows and column in self.columns:
                super().update_cell(row, column, whole, update_width=True)
        self._cut.clear()
        if self._updated_cells:
            # Measure the cells given back now, not when idle: the fit below needs their widths.
            cells = self._updated_cells.copy()
            self._updated_cells.clear()
            self._update_column_widths(cells)
        if self._widened is not None:
            key, auto, width = self._widened
            self._widened = None
            if key in self.columns:
                self.columns[key].auto_width, self.columns[key].width = auto, width
            self._remeasure()
        room = self._fitted_to = self.scrollable_content_region.width
        if room <= 0:
            return
        flex = next((c for c in self.ordered_columns if c.label.plain == self.flex), None) if self.flex else None
        if flex is not None:
            self._fit_flex(flex, room)
        else:
            self._fit_edge(room)

    def _fit_flex(self, flex: Any, room: int) -> None:
        # The other columns keep their widths; the free text fills the rest, down to a
        # floor below which it is better to scroll sideways than read three letters.
        others = sum(c.get_render_width(self) for c in self.ordered_columns if c.key != flex.key)
        width = max(room - others - 2 * self.cell_padding, FLEX_FLOOR)
        flex.auto_width, flex.width = False, width
        # A column of fixed width is painted at that width: its cut cells need no measuring
        # (measuring them re-measured the whole column, every row, issue 18).
        self._shorten(flex.key, width, measure=False)
        if others + width + 2 * self.cell_padding > room:
            self._fit_edge(room)  # the free text is at its floor: the edge cuts a column after it
        self._remeasure()

    def _remeasure(self) -> None:
        self._clear_caches()
        self._require_update_dimensions = True
        self.refresh()

    def _fit_edge(self, room: int) -> None:
        start = 0
        columns = self.ordered_columns
        cut = 0
        while cut < len(columns) and start + columns[cut].get_render_width(self) <= room:
            start += columns[cut].get_render_width(self)
            cut += 1
        avail = room - start - 2 * self.cell_padding
        if cut in (0, len(columns)):
            return  # all fit; or the first column is cut: leave the edge to scrolling
        if avail < 6:
            # So little would show (a "D" of "Date") that the column is better begun past
            # the edge: the last whole column takes the sliver, and the rest scrolls.
            self._widen(columns[cut - 1], room - start)
            return
        self._shorten(columns[cut].key, avail)

    def _widen(self, column: Any, extra: int) -> None:
        if extra <= 0:
            return
        self._widened = (column.key, column.auto_width, column.width)
        column.auto_width, column.width = False, column.get_render_width(self) - 2 * self.cell_padding + extra
        self._remeasure()

    def _shorten(self, key: ColumnKey, avail: int, measure: bool = True) -> None:
        for row in list(self.rows):
            value = super().get_cell(row, key)
            if isinstance(value, Text) and value.cell_len > avail:
                self._cut[(row, key)] = value
                short = value.copy()
                short.truncate(avail, overflow="ellipsis")
                super().update_cell(row, key, short, update_width=measure)


def _cell_key(row_key: RowKey | str, column_key: ColumnKey | str) -> tuple[RowKey, ColumnKey]:
    # Keys given as keys stay as they are: a column added without a key has one whose value is None.
    return (row_key if isinstance(row_key, RowKey) else RowKey(row_key),
            column_key if isinstance(column_key, ColumnKey) else ColumnKey(column_key))
