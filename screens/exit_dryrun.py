"""The exit dry run pane: pick a trigger and a date, see every exit obligation dated.

The pane only gathers input and shows the result: it posts :class:`ExitDryRunPane.Run`
and the screen runs :func:`council.exit_dryrun.simulate_exit` over the terms in
force on the date (read from git history) in a worker.
"""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, DataTable, Input, Select, Static

from council.exit_dryrun import ExitTimeline
from screens.widgets import Table

ACTION_STYLES = {"delete": "$text-error", "return": "$text-warning", "transfer": "$text-accent",
                 "license_back": "$text-accent", "migrate": "$text-accent", "notice": "bold"}


class ExitDryRunPane(Vertical):
    """A trigger, a date, and the dated timeline they give."""

    class Run(Message):
        """The user asked for a dry run."""

        def __init__(self, trigger: str, date: str) -> None:
            super().__init__()
            self.trigger, self.date = trigger, date

    def compose(self) -> ComposeResult:
        with Horizontal(id="exit-form"):
            yield Select([], prompt="Exit trigger", id="exit-trigger", compact=True)
            yield Input(placeholder="YYYY-MM-DD", id="exit-date", compact=True)
            yield Button("Simulate", id="exit-run", compact=True)
        yield Static(id="exit-summary", classes="status-line")
        yield Table(id="exit-steps", cursor_type="row", zebra_stripes=True)
        yield Static(id="exit-gaps")

    def on_mount(self) -> None:
        self.query_one("#exit-steps", DataTable).add_columns("Date", "Day", "Owner", "Step", "From")
        self.query_one("#exit-summary", Static).update(
            "Choose a trigger and a date: the timeline uses the exit plan, data-sharing terms and "
            "IP register in force on that date.")

    def offer(self, triggers: list[str], today: dt.date) -> None:
        """Fill the trigger list (keeping the choice) and default the date to today."""
        select = self.query_one("#exit-trigger", Select)
        keep = select.value
        select.set_options([(name.replace("_", " "), name) for name in triggers])
        if keep in triggers:
            select.value = keep
        elif triggers:
            select.value = triggers[0]
        date = self.query_one("#exit-date", Input)
        if not date.value:
            date.value = today.isoformat()

    @on(Button.Pressed, "#exit-run")
    @on(Input.Submitted, "#exit-date")
    def run(self) -> None:
        trigger = self.query_one("#exit-trigger", Select).value
        if trigger is Select.NULL:
            self.notify("Choose an exit trigger first.", severity="warning")
            return
        self.post_message(self.Run(str(trigger), self.query_one("#exit-date", Input).value.strip()))

    def show(self, timeline: ExitTimeline) -> None:
        commit = timeline.as_of.get("commit", "")[:10]
        self.query_one("#exit-summary", Static).update(Content.assemble(
            (f"{timeline.trigger.replace('_', ' ')} on {timeline.day}", "bold"),
            f" · terms of {', '.join(timeline.plans)} as of commit {commit} · notice {timeline.notice_days} days,"
            f" ending {timeline.notice_end} · {len(timeline.steps)} steps"))
        table = self.query_one("#exit-steps", DataTable)
        table.clear()
        for i, step in enumerate(timeline.steps):
            title = (step.title, ACTION_STYLES.get(step.action, ""))
            table.add_row(str(step.day), f"+{(step.day - timeline.day).days}", step.owner or "—", title,
                          step.source, key=f"{i}")
        gaps = self.query_one("#exit-gaps", Static)
        if timeline.gaps:
            gaps.update(Content("\n").join([Content.styled("Gaps in the exit terms", "bold $text-warning"),
                                            *[Content(f"  · {gap}") for gap in timeline.gaps]]))
        else:
            gaps.update(Content.styled("No gaps: every IP asset's exit treatment has an obligation.", "$text-success"))
