"""Pictures of the record over time: decisions by outcome, attendance, the dispute ladder, exit readiness.

Unicode bars drawn to the width the terminal has. Each mark has its own
glyph as well as its colour (a monochrome terminal or a colour-blind reader
still tells passed from failed), and every bar ends in its figures in words,
so the picture never holds a fact the text does not.
"""

from __future__ import annotations

import datetime as dt

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from council import trends
from screens.base import LOAD, UsesStore
from screens.footer import FittingFooter
from store.api import DisputeLine, HeldMeeting, Trends
from store.api import trends as read_trends

OUTCOME_MARKS = {"passed": ("█", "$text-success"), "failed": ("▓", "$text-error"), "tied": ("▒", "$text-warning"),
                 "no_quorum": ("░", "$text-warning"), "pending": ("·", "$text-muted")}
ATTENDANCE_MARKS = {"present": ("█", "$text-success"), "proxy": ("▓", "$text-accent"),
                    "apologies": ("░", "$text-warning"), "absent": ("·", "$text-muted")}
STAGE_STYLES = ("$primary", "$accent", "$secondary", "$success", "$warning")
OVERDUE = ("▒", "bold $text-error")
DEADLINE = ("│", "bold")
LABEL = 11  # "2026 Q1" / "2026-03-10" / "DSP-001", padded


def _label(text: str) -> str:
    return text[:LABEL].ljust(LABEL)


def _legend(marks: dict[str, tuple[str, str]]) -> Content:
    parts: list[Content | str | tuple[str, str]] = []
    for name, (glyph, style) in marks.items():
        parts += [(glyph, style), f" {name.replace('_', ' ')}   "]
    return Content.assemble(*parts)


def _bar(values: list[int], marks: list[tuple[str, str]], largest: int, width: int) -> Content:
    cols = trends.scaled(values, largest, width)
    pieces: list[Content | str | tuple[str, str]] = [(glyph * n, style) for n, (glyph, style) in zip(cols, marks)]
    pieces.append(" " * (width - sum(cols)))
    return Content.assemble(*pieces)


def quarters_picture(counts: dict[str, dict[str, int]], width: int) -> Content:
    """One bar per quarter, stacked by outcome, then its figures."""
    if not any(counts.values()):
        return Content("No decisions in the last twelve quarters.")
    outcomes = trends.outcomes_present(counts)
    marks = {o: OUTCOME_MARKS.get(o, ("?", "")) for o in outcomes}
    largest = max(sum(row.values()) for row in counts.values())
    words = {label: ", ".join(f"{row[o]} {o.replace('_', ' ')}" for o in outcomes if row.get(o)) or "none"
             for label, row in counts.items()}
    # The figures in words are the picture's text: the bar takes what they leave.
    bar_width = max(6, min(40, width - LABEL - 6 - max(len(w) for w in words.values())))
    lines = [_legend(marks)]
    for label, row in counts.items():
        values = [row.get(o, 0) for o in outcomes]
        lines.append(Content.assemble(_label(label), _bar(values, list(marks.values()), largest, bar_width),
                                      f" {sum(values):>3}  ", (words[label], "$text-muted")))
    return Content("\n").join(lines)


def attendance_picture(meetings: list[HeldMeeting], width: int) -> Content:
    """One bar per held meeting: present, by proxy, apologies, absent; a cross where it was not quorate."""
    if not meetings:
        return Content("No meeting has been held yet.")
    largest = max(sum(m.counts.values()) for m in meetings)
    bar_width = max(6, min(3 * largest, width - LABEL - 34))
    lines = [_legend(ATTENDANCE_MARKS)]
    for m in meetings:
        values = [m.counts[k] for k in trends.ATTENDANCE]
        there = m.counts["present"] + m.counts["proxy"]
        verdict: tuple[str, str] = (("✕ not quorate", "bold $text-error") if m.quorate is False
                                    else ("quorate", "$text-success") if m.quorate else ("", ""))
        lines.append(Content.assemble(_label(m.date.isoformat()),
                                      _bar(values, list(ATTENDANCE_MARKS.values()), largest, bar_width),
                                      f" {there}/{sum(values)} {m.id}  ", verdict))
    return Content("\n").join(lines)


def disputes_picture(lines_in: list[DisputeLine], today: dt.date, width: int) -> Content:
    """Each dispute on one time axis: a run per stage, its deadline ticked, time past it hatched red."""
    if not lines_in:
        return Content("No disputes.")
    days = [c.entered for d in lines_in for c in d.clocks] + [today]
    days += [c.deadline for d in lines_in for c in d.clocks if c.deadline is not None]
    start, end = min(days), max(days)
    names = list(dict.fromkeys(c.name for d in lines_in for c in d.clocks))
    styles = {name: ("█", STAGE_STYLES[i % len(STAGE_STYLES)]) for i, name in enumerate(names)}
    track_width = max(10, width - LABEL - 30)
    out = [_legend({**styles, "past its deadline": OVERDUE, "deadline": DEADLINE})]
    for line in lines_in:
        cells: list[tuple[str, str]] = [("─", "$text-muted")] * track_width
        for seg in trends.track(line.clocks, today, start, end, track_width):
            mark = OVERDUE if seg.kind == "overdue" else DEADLINE if seg.kind == "deadline" else styles[seg.kind]
            cells[seg.start:seg.stop] = [mark] * (seg.stop - seg.start)
        out.append(Content.assemble(_label(line.id), *cells, "  ", _dispute_words(line, today)))
    out.append(Content.styled(f"{'':{LABEL}}{start.isoformat()}{end.isoformat():>{track_width - 10}}",
                              "$text-muted"))
    return Content("\n").join(out)


def _dispute_words(line: DisputeLine, today: dt.date) -> Content:
    current = line.clocks[-1]
    if line.status != "open":
        return Content.styled(f"{line.status} at {current.name}", "$text-muted")
    if current.deadline is None:
        return Content(current.name)
    late = (today - current.deadline).days
    if late > 0:
        return Content.assemble(f"{current.name}, ", (f"{late}d overdue", "bold $text-error"))
    return Content(f"{current.name}, {-late}d left")


def readiness_picture(readiness: dict[str, tuple[int, int]], width: int) -> Content:
    """Per party: how many exit obligations have both a migration path and evidence."""
    if not readiness:
        return Content("No exit plan.")
    bar_width = max(6, min(40, width - LABEL - 30))
    lines = []
    for party, (ready, total) in readiness.items():
        done = round(ready / total * bar_width) if total else 0
        bar = Content.assemble(("█" * done, "$text-success"), ("░" * (bar_width - done), "$text-muted"))
        share = f"{ready / total:.0%}" if total else "-"
        lines.append(Content.assemble(_label(party), bar, f" {ready} of {total} ready ({share})"))
    return Content("\n").join(lines)


class TrendsScreen(UsesStore, Screen[None]):
    """The pictures: opened from the dashboard (g) or the palette; Escape goes back."""

    BINDINGS = [Binding("escape", "close", "Back", id="trends.close"),
                Binding("ctrl+r", "reload", "Refresh", id="trends.reload")]

    class Loaded(Message):
        """The figures were read."""

        def __init__(self, data: Trends) -> None:
            super().__init__()
            self.data = data

    def __init__(self) -> None:
        super().__init__()
        self.data: Trends | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        with VerticalScroll(id="trends", can_focus=True):
            for name in ("quarters", "attendance", "disputes", "readiness"):
                with Vertical(id=f"trend-{name}", classes="panel"):
                    yield Static(id=f"trend-{name}-picture")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = "Pictures"
        titles = {"quarters": "Decisions per quarter, by outcome", "attendance": "Attendance at held meetings",
                  "disputes": "Disputes on the escalation ladder", "readiness": "Exit readiness, by party"}
        for name, title in titles.items():
            self.query_one(f"#trend-{name}").border_title = title
        self.query_one("#trends").focus()
        self.action_reload()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_reload(self) -> None:
        self.query_one("#trends").loading = True
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self) -> None:
        self.post_message(self.Loaded(read_trends(self.store, self.today)))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.data = event.data
        self.query_one("#trends").loading = False
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def draw(self) -> None:
        """Draw each picture to the width there is (again after a resize)."""
        if self.data is None:
            return
        # Inside a panel's border and padding, beside the scroll bar.
        data, width = self.data, max(40, self.size.width - 8)
        self.query_one("#trend-quarters-picture", Static).update(quarters_picture(data.quarters, width))
        self.query_one("#trend-attendance-picture", Static).update(attendance_picture(data.meetings, width))
        self.query_one("#trend-disputes-picture", Static).update(disputes_picture(data.disputes, data.today, width))
        self.query_one("#trend-readiness-picture", Static).update(readiness_picture(data.readiness, width))
