"""Minutes: a Markdown editor with a live preview, and approving minutes at a later meeting.

Minutes move draft (in the workspace) → circulated (committed) → approved at a
later meeting, as read or as corrected (the corrections kept as a diff).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Header, Label, Markdown, Static, TextArea
from textual.worker import Worker

from council import rules
from council.records import Decision, Meeting
from screens.base import UsesStore
from screens.dialogs import ConfirmDialog, SavesInPlace, dismiss_or_ask, refusal
from screens.footer import FittingFooter
from screens.records import markdown_view
from screens.widgets import DiffView
from store.usecases import save_minutes_draft, text_diff

AUTOSAVE_AFTER = 2.0  # seconds of quiet typing before the minutes are kept in the workspace


def minutes_template(meeting: Meeting, standard: str, decisions: list[Decision], names: dict[str, str]) -> str:
    """A starting point that follows the charter's minute-taking standard: who was there, the
    business, and each decision with its mover, seconder, vote counts and outcome."""
    present = [names.get(m, m) for m, s in meeting.attendance.items() if s == "present"]
    absent = [names.get(m, m) for m, s in meeting.attendance.items() if s != "present"]
    lines = [f"# Minutes of {meeting.id}, {meeting.date:%d %B %Y}", "", f"_{standard}_", "",
             f"Present: {', '.join(present) or '—'}.", f"Absent or apologies: {', '.join(absent) or 'none'}.", "",
             f"Quorum: {meeting.quorum_note or 'not recorded'}.", "", "## Business", ""]
    for item in meeting.agenda:
        lines.append(f"- {item.title}.")
    if decisions:
        lines += ["", "## Decisions", ""]
        lines += [_decision_line(d, names) for d in decisions]
    return "\n".join(lines) + "\n"


def _decision_line(d: Decision, names: dict[str, str]) -> str:
    t = rules.tally(d.votes)
    moved = f"moved by {names.get(d.moved_by, d.moved_by)}" if d.moved_by else "mover not recorded"
    seconded = f"seconded by {names.get(d.seconded_by, d.seconded_by)}" if d.seconded_by else "no seconder recorded"
    votes = f"{t.for_} for, {t.against} against, {t.abstain} abstaining" + (f", {t.recused} recused" if t.recused else "")
    casting = f"; the chair's casting vote {d.casting_vote}" if d.casting_vote else ""
    outcome = (d.outcome or "pending").replace("_", " ")
    return f"- {d.id} {d.title}: {moved}, {seconded}; {votes}{casting}: {outcome}."


class MinutesPanel(Vertical):
    """Write the minutes in Markdown with a preview; save drafts, then circulate them."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save draft", id="minutes.save"),
        Binding("ctrl+o", "circulate", "Circulate", id="minutes.circulate"),
        Binding("ctrl+t", "toggle_preview", "Preview", id="minutes.preview"),
    ]

    class SaveRequested(Message):
        """Keep the minutes as a draft in the workspace."""

        def __init__(self, meeting_id: str, text: str) -> None:
            super().__init__()
            self.meeting_id, self.text = meeting_id, text

    class CirculateRequested(Message):
        """Commit the minutes as circulated."""

        def __init__(self, meeting_id: str, text: str) -> None:
            super().__init__()
            self.meeting_id, self.text = meeting_id, text

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.meeting: Meeting | None = None
        self.saved = ""
        self.loaded = ""  # the text as loaded: a change from it is the user's
        self._debounce: Timer | None = None
        self._autosave: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="minutes-status", classes="status-line")
        with Horizontal(id="minutes-panes"):
            yield TextArea.code_editor("", language="markdown", id="minutes-editor", soft_wrap=True,
                                       show_line_numbers=False, tab_behavior="focus")
            with VerticalScroll(id="minutes-preview-pane"):
                yield markdown_view(id="minutes-preview")
        with Horizontal(classes="button-row"):
            yield Button("Save draft", id="save-minutes", compact=True)
            yield Button("Circulate…", id="circulate-minutes", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.watch(self.query_one("#minutes-editor", TextArea), "scroll_y", self._follow, init=False)

    @on(TextArea.SelectionChanged, "#minutes-editor")
    def _follow(self) -> None:
        """Scroll the preview with the editor: to the same share of the text as the editor
        shows (or, where it shows it all, as the cursor is at)."""
        editor = self.query_one("#minutes-editor", TextArea)
        pane = self.query_one("#minutes-preview-pane", VerticalScroll)
        if editor.max_scroll_y > 0:
            share = editor.scroll_y / editor.max_scroll_y
        else:
            share = editor.cursor_location[0] / max(1, editor.document.line_count - 1)
        pane.scroll_to(y=round(share * pane.max_scroll_y), animate=False)

    def load(self, meeting: Meeting, text: str, draft_saved: bool) -> None:
        editor = self.query_one("#minutes-editor", TextArea)
        self.autosave()  # another meeting chosen before the pause: keep what was typed for this one
        moved_on = (self.meeting is not None and self.meeting.id == meeting.id
                    and self.meeting.minutes_status != meeting.minutes_status)
        if moved_on and editor.has_focus:
            # Circulated: the writing is done, and the next keys are the user's way on
            # (an area key, a filter), not more minutes.
            self.screen.set_focus(None)
        self.meeting = meeting
        self.saved = text if (draft_saved or meeting.body) else ""
        self.loaded = text
        editor.load_text(text)
        editor.read_only = meeting.minutes_status == "approved"
        self.query_one("#save-minutes", Button).disabled = editor.read_only
        self.query_one("#circulate-minutes", Button).disabled = editor.read_only
        self.query_one("#minutes-status", Static).update(self._status(meeting, draft_saved))
        self._preview()

    @staticmethod
    def _status(meeting: Meeting, draft_saved: bool) -> str:
        if meeting.minutes_status == "approved":
            return (f"Approved as {meeting.minutes_approved_as or 'read'} at {meeting.minutes_approved_at}: "
                    "read only. Corrections are made when minutes are approved.")
        if meeting.minutes_status == "circulated":
            return "Circulated: approve them at the next meeting (p there). Circulating again replaces them."
        if draft_saved:
            return "Draft in the workspace (not in git). Circulate when ready (ctrl+o)."
        return "No minutes yet: a template from the charter's standard. ctrl+s keeps a draft, ctrl+o circulates."

    @on(TextArea.Changed, "#minutes-editor")
    def changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.3, self._preview)
        if self._autosave is not None:
            self._autosave.stop()
        self._autosave = self.set_timer(AUTOSAVE_AFTER, self.autosave)

    def autosave(self) -> None:
        """Keep minutes not yet circulated in the workspace as they are typed, so that a crash
        of the app (or a closed terminal) loses a few seconds of them at most."""
        editor = self.query_one("#minutes-editor", TextArea)
        meeting, text = self.meeting, editor.text
        if meeting is None or editor.read_only or meeting.minutes_status not in ("none", "draft"):
            return
        if text in (self.loaded, self.saved):
            return  # nothing typed since it was loaded or kept
        workspace = cast(Any, self.app).workspace
        self.saved = text

        def kept() -> None:
            if self.meeting is not None and self.meeting.id == meeting.id:
                self.query_one("#minutes-status", Static).update(
                    "Draft kept in the workspace as you type (not in git). Circulate when ready (ctrl+o).")

        def keep() -> None:
            save_minutes_draft(workspace, meeting.id, text)
            self.app.call_from_thread(kept)

        self.run_worker(keep, thread=True, group="minutes-autosave", exit_on_error=False)

    def _preview(self) -> None:
        self.query_one("#minutes-preview", Markdown).update(self.query_one("#minutes-editor", TextArea).text)

    def action_toggle_preview(self) -> None:
        pane = self.query_one("#minutes-preview-pane")
        pane.display = not pane.display

    def _stop_autosave(self) -> None:
        # Saved or circulated by hand: a pending autosave would keep a stale draft.
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None

    def action_save(self) -> None:
        self._stop_autosave()
        if self.meeting is not None and not self.query_one("#minutes-editor", TextArea).read_only:
            self.post_message(self.SaveRequested(self.meeting.id, self.query_one("#minutes-editor", TextArea).text))

    def action_circulate(self) -> None:
        self._stop_autosave()
        if self.meeting is not None and not self.query_one("#minutes-editor", TextArea).read_only:
            self.post_message(self.CirculateRequested(self.meeting.id,
                                                      self.query_one("#minutes-editor", TextArea).text))

    @on(Button.Pressed, "#save-minutes")
    def save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#circulate-minutes")
    def circulate_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_circulate()


class ApproveMinutesScreen(SavesInPlace, UsesStore, Screen[str | None]):
    """Approve a previous meeting's minutes: as read, or edited here as corrected.

    ``save`` turns the corrected text (``None``: as read) into the store write;
    it runs in a worker once confirmed, and the screen closes only once the
    store accepted it, dismissed with ``""`` (as read) or the corrected text.
    A refusal is shown under the editor, with every correction typed kept.
    """

    KEEPS_AREA_KEYS = True  # corrections typed here are not left behind by a stray digit

    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+r", "as_read", "Approve as read", priority=True),
                Binding("ctrl+s", "as_corrected", "Approve as corrected", priority=True)]

    def __init__(self, meeting: Meeting, at_meeting: str, save: Callable[[str | None], Callable[[], object]]) -> None:
        super().__init__()
        self.meeting, self.at_meeting, self.save = meeting, at_meeting, save

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        yield Static(f"The minutes of {self.meeting.id} ({self.meeting.date}), as circulated. Approve them as "
                     f"read at {self.at_meeting}, or correct them here and approve them as corrected.",
                     classes="status-line", markup=False)
        with Horizontal(id="approve-panes"):
            with Vertical():
                yield Label("Minutes (edit to correct)", classes="section-title")
                yield TextArea(self.meeting.body, id="approve-editor", soft_wrap=True, show_line_numbers=False)
                yield Static("", id="approve-error", classes="form-error", markup=False)
            with Vertical():
                yield Label("Corrections", classes="section-title")
                with VerticalScroll():
                    yield DiffView(id="approve-diff")
        with Horizontal(classes="button-row"):
            yield Button("Approve as read", id="as-read", variant="primary", compact=True)
            yield Button("Approve as corrected", id="as-corrected", compact=True)
            yield Button("Cancel", id="cancel", compact=True)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Approve the minutes of {self.meeting.id}"
        self._diff()

    @on(TextArea.Changed)
    def _diff(self) -> None:
        text = self.query_one("#approve-editor", TextArea).text
        diff = text_diff(self.meeting.body, text, "as circulated", "as corrected")
        self.query_one("#approve-diff", DiffView).show(diff, empty="No corrections: approve as read.")
        self.query_one("#as-corrected", Button).disabled = not diff

    @on(Button.Pressed, "#as-read")
    def action_as_read(self) -> None:
        self._confirm("")

    @on(Button.Pressed, "#as-corrected")
    def action_as_corrected(self) -> None:
        text = self.query_one("#approve-editor", TextArea).text
        if text.strip() == self.meeting.body.strip():
            self.notify("There are no corrections: approve as read (ctrl+r).", severity="warning")
            return
        self._confirm(text)

    def _confirm(self, corrected: str) -> None:
        """Ask, then write; ``corrected`` is ``""`` for as read."""
        if self.saving:
            return
        how = "as corrected" if corrected else "as read"
        previous, here = self.meeting.id, self.at_meeting

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.query_one("#approve-error", Static).update("Approving…")
                self.save_in_place(self.save(corrected or None), corrected)

        diff = text_diff(self.meeting.body, corrected, "as circulated", "as corrected") if corrected else ""
        self.app.push_screen(ConfirmDialog(f"Approve the minutes of {previous} {how}?",
                                           f"This commits the minutes of {previous} as approved at {here}. "
                                           "Approved minutes cannot be changed.", "Approve", diff=diff), confirmed)

    def show_refusal(self, error: BaseException) -> None:
        """The store refused the approval: say why under the editor; the corrections stay."""
        _, message = refusal(error, {"body": "Minutes"})  # the meeting it is approved at is not on this screen
        self.query_one("#approve-error", Static).update(message)
        self.query_one("#approve-editor", TextArea).focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        event.stop()  # a refused approval is shown on this screen, never as a second dialog

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Escape: close; corrections typed here are not thrown away without asking."""
        if self.saving:
            return  # the store is writing: it cannot be taken back now
        changed = self.query_one("#approve-editor", TextArea).text.strip() != self.meeting.body.strip()
        dismiss_or_ask(self, changed, "Discard the corrections?",
                       "The corrections typed here will be lost; nothing has been approved.")
