"""Recording a motion and each member's vote, with the outcome computed live.

The outcome shown is :func:`council.rules.outcome` applied to what has been
entered; the store computes the same outcome again when it records the
decision, so what is shown is what will be recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, Input, Label, Select, Static, TextArea

from council.errors import CouncilError
from council.parse import parse_actions
from council.records import SENSITIVITIES, ActionItem
from screens.base import UsesStore, is_text_field
from screens.dialogs import ConfirmDialog, SavesInPlace, dismiss_or_ask, refusal
from screens.drafts import KeepsDraft
from screens.footer import FittingFooter
from screens.widgets import OutcomeIndicator, QuorumIndicator, Table, outcome_label
from store.usecases import MeetingContext, Motion, amendment_wording
from store.workspace import Draft

VOTE_STYLES = {"for": "$text-success", "against": "$text-error", "abstain": "$text-warning",
               "recused": "$text-muted"}
# The decision's fields as this screen labels them, and the widget that holds each.
LABELS = {"title": "Title", "motion": "Motion", "tier": "Approval tier", "moved_by": "Moved by",
          "seconded_by": "Seconded by", "sensitivity": "Sensitivity", "body": "Rationale",
          "actions": "Action items", "casting_vote": "Casting vote", "casting_by": "Casting vote by",
          "votes": "Votes"}
WIDGETS = {"title": "#motion-title", "motion": "#motion-text", "tier": "#motion-tier", "moved_by": "#motion-moved",
           "seconded_by": "#motion-seconded", "sensitivity": "#motion-sensitivity", "body": "#motion-rationale",
           "actions": "#motion-actions", "casting_vote": "#motion-casting", "casting_by": "#motion-casting-by",
           "votes": "#vote-table"}
# A motion to the store operation that records it (run in a thread).
SaveMotion = Callable[[Motion], Callable[[], object]]


class VoteScreen(KeepsDraft, SavesInPlace, UsesStore, Screen[Motion | None]):
    """A motion's wording, tier and movers, its action items, and each voting member's vote.

    Given ``save``, the screen records the vote itself and stays open if the
    store refuses it: the refused field marked, everything typed and marked kept.
    What is typed and marked is kept as a draft (:mod:`screens.drafts`) until
    the vote is recorded or discarded: a crash of the app loses none of it.
    """

    KEEPS_AREA_KEYS = True  # votes marked here are not lost to a stray digit
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "record", "Record", priority=True),
        Binding("f", "vote('for')", "For", id="vote.for"),
        Binding("n", "vote('against')", "Against", id="vote.against"),
        Binding("b", "vote('abstain')", "Abstain", id="vote.abstain"),
        Binding("r", "vote('recused')", "Recused", id="vote.recused"),
        Binding("F", "all_for", "All for", id="vote.all"),
    ]

    def __init__(self, ctx: MeetingContext, draft: Draft | None = None, diff: str = "",
                 save: SaveMotion | None = None) -> None:
        super().__init__()
        self.ctx, self.draft, self.diff, self.save = ctx, draft, diff, save
        self.votes: dict[str, str] = {}
        self.opened_with: Motion | None = None  # what the form held when it opened
        self.refused: dict[str, str] = {}  # the widgets a refusal was about, and their values then
        self.draft_form = f"vote at {ctx.meeting.id}" + (f" on the amendment to {draft.target}" if draft else "")

    def compose(self) -> ComposeResult:
        ctx = self.ctx
        tiers = [(t.name, t.name) for t in self._allowed_tiers()]
        people = [("—", "")] + [(m.name, m.id) for m in ctx.voters()
                                if ctx.meeting.attendance.get(m.id) == "present"]
        title, motion = amendment_wording(self.draft) if self.draft else ("", "")
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
                yield Label("Action items, one a line: what; owner; due YYYY-MM-DD", classes="form-label")
                actions = TextArea("", id="motion-actions", classes="form-area", soft_wrap=True)
                actions.show_line_numbers = False
                yield actions
                yield from self._compose_casting(people)
                yield Static("", id="vote-error", classes="form-error", markup=False)
            with Vertical(id="votes-pane"):
                yield OutcomeIndicator(id="live-outcome", classes="indicator")
                yield QuorumIndicator(id="vote-quorum", classes="indicator")
                yield Table(id="vote-table", cursor_type="row", zebra_stripes=True)
                with Horizontal(classes="button-row"):
                    for choice, label in (("for", "For"), ("against", "Against"), ("abstain", "Abstain"),
                                          ("recused", "Recused")):
                        yield Button(label, id=f"vote-{choice}", compact=True)
                    yield Button("Record…", id="record-vote", variant="primary", compact=True)
        yield FittingFooter(show_command_palette=False)

    def _compose_casting(self, people: list[tuple[str, str]]) -> ComposeResult:
        """The chair's casting vote, offered only where the charter grants one under some tier."""
        if not any(t.casting_vote for t in self.ctx.charter.tiers):
            return
        chairs = [(name, mid) for name, mid in people
                  if not mid or any(m.id == mid and m.role == "chair" for m in self.ctx.members)]
        yield Label("Casting vote of the chair (on a tie only)", classes="form-label")
        yield Select([("none", ""), ("for", "for"), ("against", "against")], value="", allow_blank=False,
                     id="motion-casting", compact=True)
        yield Label("Casting vote by", classes="form-label")
        yield Select(chairs, value=chairs[-1][1] if len(chairs) == 2 else "", allow_blank=False,
                     id="motion-casting-by", compact=True)

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
        if self.restore_kept_draft():
            self.query_one("#vote-error", Static).update("Restored what was typed and marked here when the app "
                                                         "last closed.")

    def draft_values(self) -> dict[str, object] | None:
        if not self.changed():
            return None
        fields = {name: self._value(selector) for name, selector in WIDGETS.items() if name != "votes"}
        return {**fields, "votes": dict(self.votes)}

    def restore_draft(self, values: dict[str, object]) -> None:
        for name, selector in WIDGETS.items():
            value, found = values.get(name), self.query(selector)
            if not isinstance(value, str) or not found:
                continue
            widget = found.first()
            if isinstance(widget, Select):
                try:
                    widget.value = value
                except Exception:  # InvalidSelectValueError: a member no longer present, say
                    pass
            elif isinstance(widget, TextArea):
                widget.text = value
            elif isinstance(widget, Input):
                widget.value = value
        votes = values.get("votes")
        if isinstance(votes, dict):
            voters = {m.id for m in self.ctx.voters()}
            table = self.query_one("#vote-table", DataTable)
            for member, choice in votes.items():
                if member in voters and choice in VOTE_STYLES:
                    self.votes[member] = choice
                    table.update_cell(member, self.vote_column, self._vote_text(member), update_width=True)
        self._update()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _typed(self, event: Input.Changed | Select.Changed | TextArea.Changed) -> None:
        self.draft_changed()
        # A refusal stays only while what it was about is unchanged (a date corrected clears it).
        selector = f"#{event.control.id}"
        if selector in self.refused and self._value(selector) != self.refused[selector]:
            self._clear_refusal()

    def _clear_refusal(self) -> None:
        self.refused = {}
        self.query_one("#vote-error", Static).update("")
        for widget in self.query(".-refused"):
            widget.remove_class("-refused")

    def dismiss(self, result: Motion | None = None) -> Any:
        self.drop_draft()  # recorded or discarded: nothing to give back
        return super().dismiss(result)

    def _vote_text(self, member_id: str) -> tuple[str, str]:
        vote = self.votes.get(member_id, "")
        return (vote or "—", VOTE_STYLES.get(vote, "$text-muted"))

    def tier(self) -> str:
        return str(self.query_one("#motion-tier", Select).value)

    @on(Select.Changed, "#motion-tier")
    @on(Select.Changed, "#motion-casting")
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
        indicator.show(self.ctx.outcome(self.tier(), self.votes, term_change=self.draft is not None,
                                        casting=self._value("#motion-casting")))

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
        self.draft_changed()

    def action_all_for(self) -> None:
        table = self.query_one("#vote-table", DataTable)
        for member in self.ctx.voters():
            if self.ctx.meeting.attendance.get(member.id, "absent") == "present" or \
                    self.ctx.meeting.attendance.get(member.id, "").startswith("proxy:"):
                self.votes[member.id] = "for"
                table.update_cell(member.id, self.vote_column, self._vote_text(member.id), update_width=True)
        self._update()
        self.draft_changed()

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

    def _value(self, selector: str) -> str:
        found = self.query(selector)
        if not found:
            return ""  # the casting vote, where the charter grants none
        widget = found.first()
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        if isinstance(widget, TextArea):
            return widget.text.strip()
        assert isinstance(widget, Input)
        return widget.value.strip()

    def motion(self, actions: tuple[ActionItem, ...] = ()) -> Motion:
        """The motion as entered (its action items read by :meth:`actions`)."""
        casting = self._value("#motion-casting")
        return Motion(title=self._value("#motion-title"), motion=self._value("#motion-text"), tier=self.tier(),
                      votes=dict(self.votes), moved_by=self._value("#motion-moved"),
                      seconded_by=self._value("#motion-seconded"), rationale=self._value("#motion-rationale"),
                      sensitivity=self._value("#motion-sensitivity"),
                      amends=(self.draft.target,) if self.draft else (), actions=actions,
                      casting_vote=casting, casting_by=self._value("#motion-casting-by") if casting else "")

    def actions(self) -> tuple[ActionItem, ...]:
        """The action items typed, one a line (refused with the line that cannot be read)."""
        return tuple(ActionItem(text=what, owner=owner, due=due)
                     for what, owner, due in parse_actions(self._value("#motion-actions"), "the motion"))

    @on(Button.Pressed, "#record-vote")
    def action_record(self) -> None:
        if self.saving:
            return
        try:
            motion = self.motion(self.actions())
        except CouncilError as error:
            self.show_refusal(error)
            return
        if not motion.title:
            self.notify("Give the decision a title first.", severity="warning")
            self.query_one("#motion-title", Input).focus()
            return
        result = self.ctx.outcome(motion.tier, motion.votes, term_change=self.draft is not None,
                                  casting=motion.casting_vote)
        if self.draft and result.passed:
            consequence = (f"The motion passes, so the amendment to {self.draft.target} will be committed as an "
                           "approved version (an amend: commit with the decision, quorum and vote).")
        elif self.draft:
            consequence = "The motion does not pass: the decision is recorded and the draft is kept."
        else:
            consequence = f"The outcome to be recorded: {outcome_label(result.result)}."
        self._clear_refusal()  # what it refused reads now: no stale error beside the confirmation
        message = (f"{result.explanation}\n\n{consequence}\n\n"
                   "Votes are immutable once recorded; a correction is a new decision.")

        def confirmed(yes: bool | None) -> None:
            if yes and self.save is None:
                self.dismiss(motion)
            elif yes and self.save is not None:
                self.query_one("#vote-error", Static).update("Recording…")
                self.save_in_place(self.save(motion), motion)

        self.app.push_screen(ConfirmDialog(f"Record the vote on '{motion.title}'?", message, "Record",
                                           diff=self.diff if self.draft else ""), confirmed)

    def show_refusal(self, error: BaseException) -> None:
        """The store refused the vote: say why under the form, mark and focus what it names."""
        field, message = refusal(error, LABELS)
        self.query_one("#vote-error", Static).update(message)
        for name, selector in WIDGETS.items():
            for widget in self.query(selector):
                widget.set_class(name == field, "-refused")
        if field and self.query(WIDGETS[field]):
            self.query_one(WIDGETS[field]).focus()
        about = [WIDGETS[field]] if field and self.query(WIDGETS[field]) else [
            s for s in WIDGETS.values() if s != "#vote-table" and self.query(s)]
        self.refused = {selector: self._value(selector) for selector in about}

    def changed(self) -> bool:
        """Whether anything was typed, chosen or marked since the screen opened."""
        return self.opened_with is not None and (self.motion() != self.opened_with
                                                 or bool(self._value("#motion-actions")))

    def action_cancel(self) -> None:
        """Escape: leave a text field first; then close, asking if anything would be lost."""
        if self.saving:
            return  # the store is writing: it cannot be taken back now
        if is_text_field(self.focused):
            self.query_one("#vote-table", DataTable).focus()
            return
        marked = f"{len(self.votes)} vote(s) marked and " if self.votes else ""
        dismiss_or_ask(self, self.changed(), "Discard this motion?",
                       f"The {marked}what was typed here will be lost: nothing has been recorded.")
