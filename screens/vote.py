"""Recording a motion and each member's vote, with the outcome computed live.

The outcome shown is :func:`council.rules.outcome` applied to what has been
entered; the store computes the same outcome again when it records the
decision, so what is shown is what will be recorded.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Select, Static

from council.records import SENSITIVITIES
from screens.base import UsesStore, is_text_field
from screens.dialogs import ConfirmDialog
from screens.widgets import OutcomeIndicator, QuorumIndicator, Table, outcome_label
from store.usecases import MeetingContext, Motion
from store.workspace import Draft

VOTE_STYLES = {"for": "$text-success", "against": "$text-error", "abstain": "$text-warning",
               "recused": "$text-muted"}


class VoteScreen(UsesStore, Screen[Motion | None]):
    """A motion's wording, tier and movers, and each voting member's vote."""

    KEEPS_AREA_KEYS = True  # votes marked here are not lost to a stray digit
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "record", "Record the vote", priority=True),
        Binding("f", "vote('for')", "For", id="vote.for"),
        Binding("n", "vote('against')", "Against", id="vote.against"),
        Binding("b", "vote('abstain')", "Abstain", id="vote.abstain"),
        Binding("r", "vote('recused')", "Recused", id="vote.recused"),
        Binding("F", "all_for", "All for", id="vote.all"),
    ]

    def __init__(self, ctx: MeetingContext, draft: Draft | None = None, diff: str = "") -> None:
        super().__init__()
        self.ctx, self.draft, self.diff = ctx, draft, diff
        self.votes: dict[str, str] = {}
        self.opened_with: Motion | None = None  # what the form held when it opened

    def compose(self) -> ComposeResult:
        ctx = self.ctx
        tiers = [(t.name, t.name) for t in self._allowed_tiers()]
        people = [("—", "")] + [(m.name, m.id) for m in ctx.voters()
                                if ctx.meeting.attendance.get(m.id) == "present"]
        title = f"Amend {self.draft.target}: {self.draft.summary}" if self.draft else ""
        motion = f"That the amendment to {self.draft.target} be approved: {self.draft.summary}." if self.draft else ""
        yield Header(icon="⚖")
        with Horizontal(id="vote-body"):
            with VerticalScroll(id="motion-form"):
                yield Label("Title", classes="form-label")
                yield Input(title, id="motion-title", placeholder="Short title of the decision", compact=True)
                yield Label("Motion (its exact wording)", classes="form-label")
                yield Input(motion, id="motion-text", placeholder="That the council ...", compact=True)
                yield Label("Approval tier", classes="form-label")
                yield Select(tiers, value=self._default_tier(), allow_blank=False, id="motion-tier", compact=True)
                yield Static("", id="tier-description")
                yield Label("Moved by", classes="form-label")
                yield Select(people, value="", allow_blank=False, id="motion-moved", compact=True)
                yield Label("Seconded by", classes="form-label")
                yield Select(people, value="", allow_blank=False, id="motion-seconded", compact=True)
                yield Label("Sensitivity", classes="form-label")
                yield Select([(s, s) for s in SENSITIVITIES], value="public", allow_blank=False,
                             id="motion-sensitivity", compact=True)
                yield Label("Rationale (Markdown)", classes="form-label")
                yield Input("", id="motion-rationale", placeholder="Why the council decided so", compact=True)
            with Vertical(id="votes-pane"):
                yield OutcomeIndicator(id="live-outcome", classes="indicator")
                yield QuorumIndicator(id="vote-quorum", classes="indicator")
                yield Table(id="vote-table", cursor_type="row", zebra_stripes=True)
                with Horizontal(classes="button-row"):
                    for choice, label in (("for", "For"), ("against", "Against"), ("abstain", "Abstain"),
                                          ("recused", "Recused")):
                        yield Button(label, id=f"vote-{choice}", compact=True)
                    yield Button("Record…", id="record-vote", variant="primary", compact=True)
        yield Footer()

    def _required_tier(self) -> str:
        """The lowest tier the charter's decision rights allow for what the draft amends."""
        return self.ctx.required_tier([self.draft.target]) if self.draft else ""

    def _allowed_tiers(self) -> list:
        """The tiers a recorder may choose: the subject's minimum or higher, never lower."""
        tiers = list(self.ctx.charter.tiers)
        need = self._required_tier()
        return tiers[tiers.index(self.ctx.charter.tier(need)):] if need else tiers

    def _default_tier(self) -> str:
        tiers = self._allowed_tiers()
        if self._required_tier():
            return tiers[0].name
        if self.draft:  # term changes go at the most demanding tier unless chosen otherwise
            return max(tiers, key=lambda t: (t.notice_days, t.basis == "membership", t.ratio != "majority")).name
        return tiers[0].name

    def on_mount(self) -> None:
        what = f"the amendment to {self.draft.target}" if self.draft else "a motion"
        self.sub_title = f"Vote on {what} at {self.ctx.meeting.id}"
        table = self.query_one("#vote-table", DataTable)
        self.vote_column = table.add_columns("Member", "Vote", "Attendance", "Party")[1]
        for member in self.ctx.voters():
            state = self.ctx.meeting.attendance.get(member.id, "absent")
            table.add_row(member.name, self._vote_text(member.id), state.replace("proxy:", "proxy held by "),
                          member.party, key=member.id)
        self.query_one("#vote-quorum", QuorumIndicator).show(
            self.ctx.quorum(self.ctx.meeting.attendance) if self.ctx.meeting.attendance else None,
            prefix="Meeting: ")
        # Work starts with the votes: the title is often pre-filled (an amendment's).
        table.focus()
        self._update()
        self.opened_with = self.motion()

    def _vote_text(self, member_id: str) -> tuple[str, str]:
        vote = self.votes.get(member_id, "")
        return (vote or "—", VOTE_STYLES.get(vote, "$text-muted"))

    def tier(self) -> str:
        return str(self.query_one("#motion-tier", Select).value)

    @on(Select.Changed, "#motion-tier")
    def _update(self) -> None:
        tier = self.ctx.charter.tier(self.tier())
        need = self._required_tier()
        note = (f"\nThe charter's decision rights put {self.draft.target} at '{need}' or higher."
                if need and self.draft else "")
        self.query_one("#tier-description", Static).update((tier.description or "") + note)
        indicator = self.query_one("#live-outcome", OutcomeIndicator)
        if not self.votes:
            indicator.show(None, "Outcome: in the table, mark each vote: f for, n against, b abstain, "
                                 "r recused, F everyone present for")
            return
        indicator.show(self.ctx.outcome(self.tier(), self.votes, term_change=self.draft is not None))

    def action_vote(self, choice: str) -> None:
        table = self.query_one("#vote-table", DataTable)
        if not table.row_count:
            return
        member_id = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert member_id is not None
        self.votes[member_id] = choice
        table.update_cell(member_id, self.vote_column, self._vote_text(member_id), update_width=True)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)
        self._update()

    def action_all_for(self) -> None:
        table = self.query_one("#vote-table", DataTable)
        for member in self.ctx.voters():
            if self.ctx.meeting.attendance.get(member.id, "absent") == "present" or \
                    self.ctx.meeting.attendance.get(member.id, "").startswith("proxy:"):
                self.votes[member.id] = "for"
                table.update_cell(member.id, self.vote_column, self._vote_text(member.id), update_width=True)
        self._update()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Letter keys vote only while the votes table has focus; elsewhere they type.
        if action in ("vote", "all_for"):
            return isinstance(self.focused, DataTable)
        return True

    @on(Button.Pressed, "#vote-for")
    @on(Button.Pressed, "#vote-against")
    @on(Button.Pressed, "#vote-abstain")
    @on(Button.Pressed, "#vote-recused")
    def vote_button(self, event: Button.Pressed) -> None:
        self.action_vote((event.button.id or "").removeprefix("vote-"))
        self.query_one("#vote-table", DataTable).focus()

    def motion(self) -> Motion:
        def value(selector: str) -> str:
            widget = self.query_one(selector)
            if isinstance(widget, Select):
                return "" if widget.value is Select.NULL else str(widget.value)
            assert isinstance(widget, Input)
            return widget.value.strip()

        return Motion(title=value("#motion-title"), motion=value("#motion-text"), tier=self.tier(),
                      votes=dict(self.votes), moved_by=value("#motion-moved"),
                      seconded_by=value("#motion-seconded"), rationale=value("#motion-rationale"),
                      sensitivity=value("#motion-sensitivity"),
                      amends=(self.draft.target,) if self.draft else ())

    @on(Button.Pressed, "#record-vote")
    def action_record(self) -> None:
        motion = self.motion()
        if not motion.title:
            self.notify("Give the decision a title first.", severity="warning")
            self.query_one("#motion-title", Input).focus()
            return
        result = self.ctx.outcome(motion.tier, motion.votes, term_change=self.draft is not None)
        if self.draft and result.passed:
            consequence = (f"The motion passes, so the amendment to {self.draft.target} will be committed as an "
                           "approved version (an amend: commit with the decision, quorum and vote).")
        elif self.draft:
            consequence = "The motion does not pass: the decision is recorded and the draft is kept."
        else:
            consequence = f"The outcome to be recorded: {outcome_label(result.result)}."
        message = (f"{result.explanation}\n\n{consequence}\n\n"
                   "Votes are immutable once recorded; a correction is a new decision.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss(motion)

        self.app.push_screen(ConfirmDialog(f"Record the vote on '{motion.title}'?", message, "Record",
                                           diff=self.diff if self.draft else ""), confirmed)

    def changed(self) -> bool:
        """Whether anything was typed, chosen or marked since the screen opened."""
        return self.opened_with is not None and self.motion() != self.opened_with

    def action_cancel(self) -> None:
        """Escape: leave a text field first; then close, asking if anything would be lost."""
        if is_text_field(self.focused):
            self.query_one("#vote-table", DataTable).focus()
            return
        if not self.changed():
            self.dismiss(None)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        marked = f"{len(self.votes)} vote(s) marked and " if self.votes else ""
        self.app.push_screen(ConfirmDialog("Discard this motion?", f"The {marked}what was typed here will be "
                                           "lost: nothing has been recorded.", "Discard"), confirmed)
