"""Drafting an amendment: edit a term record, see the diff against the text in force.

The draft is the whole record file: its wording (the Markdown body) and its
fields and settings (the TOML front matter) are edited in two tabs and put
back together, so a clause's settings and its wording are amended the same
way, the fences cannot be broken by editing the text, and the diff is exactly
the diff git will show once the amendment passes.
"""

from __future__ import annotations

import re

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Label, Static, TabbedContent, TabPane, TextArea
from textual.worker import get_current_worker

from council.errors import CouncilError
from council.fileformat import split_front_matter
from screens.base import LOAD, UsesStore
from screens.dialogs import ConfirmDialog
from screens.footer import FittingFooter
from screens.widgets import DiffView
from store import usecases
from store.workspace import Draft


class AmendmentEditor(UsesStore, Screen[None]):
    """Propose an amendment to one term record and keep it as a draft for the vote."""

    KEEPS_AREA_KEYS = True  # an unsaved draft is not left behind by a stray digit
    BINDINGS = [
        Binding("ctrl+s", "save", "Save draft", id="save", priority=True),
        Binding("ctrl+d", "discard", "Discard draft", id="discard"),
        Binding("escape", "close", "Back", id="close"),
    ]

    class Loaded(Message):
        """The text in force and the draft (if any) were read."""

        def __init__(self, in_force: str, text: str, summary: str, draft_id: int | None) -> None:
            super().__init__()
            self.in_force, self.text, self.summary, self.draft_id = in_force, text, summary, draft_id

    class Checked(Message):
        """The proposed text was validated: ``problem`` is '' when it is a valid record."""

        def __init__(self, text: str, problem: str) -> None:
            super().__init__()
            self.text, self.problem = text, problem

    def __init__(self, target: str, draft_id: int | None = None, template: str = "") -> None:
        super().__init__()
        self.target, self.draft_id, self.template = target, draft_id, template
        self.in_force = ""
        self.saved_text: str | None = None
        self.saved_summary = ""
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        yield Static(id="amend-help", classes="status-line")
        with Horizontal(id="amend-body"):
            with Vertical(id="amend-edit"):
                yield Input(placeholder="Summary: what it does, in one line",
                            id="amend-summary", compact=True)
                with TabbedContent(id="amend-tabs"):
                    with TabPane("Text", id="tab-text"):
                        yield TextArea.code_editor("", language="markdown", id="amend-text", soft_wrap=True,
                                                    show_line_numbers=False, tab_behavior="focus")
                    with TabPane("Fields and settings", id="tab-fields"):
                        yield TextArea.code_editor("", language="toml", id="amend-fields", soft_wrap=True,
                                                    tab_behavior="focus")
            with Vertical(id="amend-diff-pane"):
                yield Label("Diff against the text in force", classes="section-title")
                with VerticalScroll(id="amend-diff-scroll"):
                    yield DiffView(id="amend-diff")
        yield Static("", id="amend-status", classes="status-line")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Amend {self.target}"
        self.query_one("#amend-help", Static).update(
            f"Proposing an amendment to {self.target}: edit its text, or its fields and settings in the "
            "second tab. Save the draft (ctrl+s), then put it to the vote at a meeting (3, then v).")
        self.query_one("#amend-body").loading = True
        self.load()

    def proposed(self) -> str:
        """The record file the two editors make together."""
        fields = self.query_one("#amend-fields", TextArea).text.strip("\n")
        body = self.query_one("#amend-text", TextArea).text.strip("\n")
        return f"+++\n{fields}\n+++\n" + (f"\n{body}\n" if body else "")

    def _show(self, text: str) -> None:
        try:
            fields, body = split_front_matter(text, self.target)
        except CouncilError:  # not a record file at all: show it whole, to be mended
            fields, body = text, ""
        self.query_one("#amend-fields", TextArea).load_text(fields.strip("\n") + "\n")
        self.query_one("#amend-text", TextArea).load_text(body + "\n" if body else "")

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self) -> None:
        in_force = usecases.in_force_text(self.store, self.target)
        draft: Draft | None = self.workspace.get(self.draft_id) if self.draft_id is not None else None
        text = draft.text if draft else (in_force or self.template)
        summary = draft.summary if draft else ""
        self.post_message(self.Loaded(in_force, text, summary, draft.id if draft else None))

    @on(Loaded)
    def loaded(self, event: Loaded) -> None:
        self.query_one("#amend-body").loading = False
        self.in_force, self.draft_id = event.in_force, event.draft_id
        if event.draft_id is not None:
            self.saved_text, self.saved_summary = event.text, event.summary
        self.query_one("#amend-summary", Input).value = event.summary
        self._show(event.text)
        self.query_one("#amend-text", TextArea).focus()
        self._refresh_diff()

    @on(TextArea.Changed)
    def text_changed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.25, self._refresh_diff)

    def _refresh_diff(self) -> None:
        text = self.proposed()
        diff = usecases.text_diff(self.in_force, text, f"{self.target} in force", f"{self.target} proposed")
        self.query_one("#amend-diff", DiffView).show(diff, empty="No change yet: edit the text on the left.")
        self.check(text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="check")
    def check(self, text: str) -> None:
        try:
            usecases.check_draft(self.store, self.target, text)
            problem = ""
        except CouncilError as exc:
            problem = str(exc)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Checked(text, problem))

    @on(Checked)
    def checked(self, event: Checked) -> None:
        status = self.query_one("#amend-status", Static)
        status.set_class(bool(event.problem), "-error")
        status.set_class(not event.problem, "-ok")
        if event.problem:
            status.update("✘ " + self._in_editor_lines(event.problem))
        elif event.text == self.in_force:
            status.update("Unchanged: this is the text in force.")
        else:
            status.update("✔ A valid record. " + ("Saved as a draft." if event.text == self.saved_text
                                                    else "Not saved yet (ctrl+s)."))

    def _in_editor_lines(self, problem: str) -> str:
        """Say 'line N of the fields' as the Fields editor numbers it, not as the file does.

        The file has a '+++' line before the fields, and the editor may hold blank lines
        that the file drops: the line the store names is shifted by both.
        """
        fields = self.query_one("#amend-fields", TextArea).text
        lead = len(fields) - len(fields.lstrip("\n"))

        def shift(found: re.Match[str]) -> str:
            return f"at line {int(found.group(1)) - 1 + lead} of the fields"

        return re.sub(r"at line (\d+) of the file", shift, problem)

    def action_save(self) -> None:
        text = self.proposed()
        summary = self.query_one("#amend-summary", Input).value
        if not summary.strip():
            # It becomes the amendment's commit summary and its name on the agenda.
            self.notify("Say in one line what the amendment does, then save again.", severity="warning")
            self.query_one("#amend-summary", Input).focus()
            return
        self.write(lambda: usecases.save_amendment(self.store, self.workspace, self.target, text, summary,
                                                     self.draft_id),
                   self._saved, done=f"Draft amendment to {self.target} saved; put it to the vote at a meeting.")

    def _saved(self, draft: Draft) -> None:
        self.draft_id, self.saved_text, self.saved_summary = draft.id, draft.text, draft.summary
        if self.proposed() != draft.text:
            self._show(draft.text)  # saved in canonical form (one sentence per line)
        self.query_one("#amend-summary", Input).value = draft.summary
        self._refresh_diff()

    def action_discard(self) -> None:
        if self.draft_id is None:
            self.app.pop_screen()
            return
        draft_id = self.draft_id

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.write(lambda: self.workspace.delete(draft_id), lambda _: self.app.pop_screen(),
                           done=f"Draft amendment to {self.target} discarded.")

        self.app.push_screen(ConfirmDialog("Discard this draft?", f"The draft amendment to {self.target} will "
                                           "be deleted from the workspace. The text in force is not affected.",
                                           "Discard"), confirmed)

    def action_close(self) -> None:
        text = self.proposed()
        summary = self.query_one("#amend-summary", Input).value
        unsaved = text not in (self.saved_text, self.in_force) or (
            self.saved_text is not None and summary != self.saved_summary)
        if not unsaved:
            self.app.pop_screen()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog("Leave without saving?", "Your changes to this draft are not saved.",
                                           "Leave"), confirmed)
