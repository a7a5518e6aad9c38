"""Modal dialogs: confirmation before irreversible writes, errors, small forms."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option
from textual.worker import Worker

from council.parse import is_date
from screens.drafts import KeepsDraft
from screens.refusals import refusal
from screens.widgets import DiffView


class ConfirmDialog(ModalScreen[bool]):
    """Ask before something that cannot be undone; dismissed with True or False."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("y", "confirm", "Confirm", show=False),
                Binding("up", "scroll_diff(-1)", show=False), Binding("down", "scroll_diff(1)", show=False),
                Binding("pageup", "scroll_diff(-10)", show=False), Binding("pagedown", "scroll_diff(10)", show=False)]
    AUTO_FOCUS = "#confirm"

    def __init__(self, title: str, message: str, confirm: str = "Confirm", diff: str = "") -> None:
        super().__init__(classes="dialog")
        self.title_text, self.message, self.confirm_label, self.diff = title, message, confirm, diff

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, markup=False, classes="dialog-message")
            if self.diff:
                # Never focused (Enter and Escape stay with the buttons): the arrows scroll it,
                # and its lines wrap (council.tcss), so nothing needs scrolling sideways.
                with VerticalScroll(classes="dialog-diff", can_focus=False):
                    diff = DiffView()
                    diff.show(self.diff)
                    yield diff
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, variant="primary", id="confirm", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm", Button).focus()

    def action_scroll_diff(self, lines: int) -> None:
        for diff in self.query(".dialog-diff"):
            diff.scroll_relative(y=lines, animate=False)

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class ErrorDialog(ModalScreen[None]):
    """What went wrong and what to do about it; never a traceback."""

    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, title: str, message: str, hint: str = "") -> None:
        super().__init__(classes="dialog")
        self.title_text, self.message, self.hint = title, message, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -error"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, markup=False, classes="dialog-message", id="error-message")
            if self.hint:
                yield Static(self.hint, markup=False, classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", variant="error", id="ok", compact=True)

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    @on(Button.Pressed, "#ok")
    def action_close(self) -> None:
        self.dismiss(None)


class SavesInPlace:
    """Mixed into a form-like screen that writes through the store itself.

    It closes (dismissed with ``value``) only once the store accepted the
    write, keeping what the store returned in ``result``; a refusal goes to
    :meth:`show_refusal` and the screen stays open with everything typed.
    """

    saving = False
    result: object = None

    def save_in_place(self, operation: Callable[[], object], value: object) -> None:
        """Run ``operation`` (a store write) in a thread; close with ``value`` once it is done."""
        self.saving = True
        self._save_worker(operation, value)

    @work(thread=True, exit_on_error=False, group="write")
    def _save_worker(self, operation: Callable[[], object], value: object) -> None:
        app = cast(Any, self).app
        try:
            result = operation()
        except Exception as error:  # refused (or a bug): say so here, keep what was typed
            app.call_from_thread(self._save_refused, error)
            return
        app.call_from_thread(self._save_accepted, value, result)

    def _save_accepted(self, value: object, result: object) -> None:
        self.saving, self.result = False, result
        cast(Any, self).dismiss(value)

    def _save_refused(self, error: BaseException) -> None:
        self.saving = False
        self.show_refusal(error)

    def show_refusal(self, error: BaseException) -> None:
        """Say why the store refused, next to what it refused."""
        raise NotImplementedError


# A form's values to the store operation that writes them (run in a worker);
# building it may itself refuse a value (a date, a whole number) with a CouncilError.
Save = Callable[[dict[str, str]], Callable[[], object]]


@dataclass(frozen=True)
class Field:
    """One field of a :class:`FormDialog`."""

    name: str
    label: str
    value: str = ""
    options: Sequence[tuple[str, str]] = ()  # a Select when given: (label, value)
    placeholder: str = ""
    multiline: bool = False
    kind: str = "text"  # text | date
    required: bool = False
    record_field: str = ""  # the record's field this one writes, where its name differs


class FormDialog(KeepsDraft, SavesInPlace, ModalScreen[dict[str, str] | None]):
    """A small form: labelled inputs, selects and text areas; dismissed with the values.

    Given ``save`` (the values to a store operation, run in a thread), the form
    stays open until the store accepts it: a refusal is shown under the form,
    the field it names is marked and focused, and every typed value is kept.
    Escape on a changed form asks before discarding it; what is typed is kept
    (:mod:`screens.drafts`) until the form is saved or discarded, and a form
    left open by a crash of the app opens again with it.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "submit", "Done")]

    def __init__(self, title: str, fields: Sequence[Field], submit: str = "OK", intro: str = "",
                 focus: str = "", save: Save | None = None, cancel: str = "Cancel") -> None:
        super().__init__(classes="dialog")
        self.title_text, self.fields, self.submit_label, self.intro = title, list(fields), submit, intro
        self.cancel_label = cancel  # "Keep it" where the form's own action is to cancel something
        self.first = focus or (self.fields[0].name if self.fields else "")
        self.save = save
        self.opened_with: dict[str, str] = {}
        self.submitted: dict[str, str] = {}  # the values it accepted
        self.refused_values: dict[str, str] = {}
        self.draft_form = title  # a form's title names what it is for (and the record)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -form"):
            yield Label(self.title_text, classes="dialog-title")
            if self.intro:
                yield Static(self.intro, markup=False, classes="dialog-hint")
            with VerticalScroll(classes="form-fields"):
                with Grid(classes="form-grid"):
                    for f in self.fields:
                        yield Label(f.label, classes="form-label")
                        yield self._widget(f)
            yield Static("", id="form-error", classes="form-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.submit_label, variant="primary", id="submit", compact=True)
                yield Button(self.cancel_label, id="cancel", compact=True)

    def on_mount(self) -> None:
        self.opened_with = self.values()
        if self.restore_kept_draft():
            self.query_one("#form-error", Static).update("Restored what was typed here when the app last closed.")
        if self.first:
            # Focus only once mounted: a key typed before lands on the screen (and is
            # dropped), never in a field the user did not choose.
            self.query_one(f"#field-{self.first}").focus()

    def draft_values(self) -> dict[str, str] | None:
        values = self.values()
        return None if values == self.opened_with else values

    def restore_draft(self, values: dict[str, object]) -> None:
        for f in self.fields:
            value = values.get(f.name)
            if not isinstance(value, str):
                continue
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, Select):
                if any(option == value for _, option in f.options):
                    widget.value = value
            elif isinstance(widget, TextArea):
                widget.text = value
            elif isinstance(widget, Input):
                widget.value = value

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _typed(self) -> None:
        self.draft_changed()

    def dismiss(self, result: dict[str, str] | None = None) -> Any:
        self.drop_draft()  # saved or discarded: nothing to give back
        return super().dismiss(result)

    def _widget(self, f: Field) -> Input | Select[str] | TextArea:
        if f.options:
            return Select(list(f.options), value=f.value or f.options[0][1], allow_blank=False,
                          id=f"field-{f.name}", compact=True)
        if f.multiline:
            area = TextArea(f.value, id=f"field-{f.name}", classes="form-area")
            area.show_line_numbers = False
            return area
        placeholder = f.placeholder or ("YYYY-MM-DD" if f.kind == "date" else "")
        return Input(f.value, placeholder=placeholder, id=f"field-{f.name}", compact=True)

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, Select):
                out[f.name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, TextArea):
                out[f.name] = widget.text
            else:
                assert isinstance(widget, Input)
                out[f.name] = widget.value.strip()
        return out

    def problem(self, values: dict[str, str]) -> tuple[str, str]:
        """The first field the form itself can refuse, and why (``("", "")`` if none)."""
        for f in self.fields:
            if f.required and not values[f.name].strip():
                return f.name, f"{f.label}: required"
            if f.kind == "date" and values[f.name] and not is_date(values[f.name]):
                return f.name, f"{f.label}: a date like 2026-04-10, not {values[f.name]}"
        return "", ""

    def show_problem(self, field: str, message: str) -> None:
        """Say what is wrong under the form, mark the field it names and put the cursor there."""
        self.query_one("#form-error", Static).update(message)
        self.refused_values = self.values() if message else {}  # what the refusal was about
        for f in self.fields:
            self.query_one(f"#field-{f.name}").set_class(f.name == field, "-refused")
        if field:
            self.query_one(f"#field-{field}").focus()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _correcting(self, event: Input.Changed | Select.Changed | TextArea.Changed) -> None:
        # A refusal stays only while it is still true: once the value it was about
        # changes (the field it marked, or any field when it named none on the form),
        # it goes, unless the form itself still refuses that very field.
        if not self.refused_values:
            return
        name = (event.control.id or "").removeprefix("field-")
        values = self.values()
        marked = [f.name for f in self.fields if self.query_one(f"#field-{f.name}").has_class("-refused")]
        if values.get(name) == self.refused_values.get(name) or (marked and name not in marked):
            return  # not what the refusal was about, or a change posted before it
        field, problem = self.problem(values)
        if field == name and problem:
            self.query_one("#form-error", Static).update(problem)
            return
        self.refused_values = {}
        self.query_one("#form-error", Static).update("")
        for f in self.fields:
            self.query_one(f"#field-{f.name}").remove_class("-refused")

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        if self.saving:
            return
        values = self.values()
        field, problem = self.problem(values)
        self.show_problem(field, problem)
        if problem:
            return
        if self.save is None:
            self.dismiss(values)
            return
        self.query_one("#submit", Button).disabled = True
        try:
            operation = self.save(values)
        except Exception as error:  # building it refused a value (a date, a whole number)
            self.show_refusal(error)
            return
        self.submitted = values
        self.save_in_place(operation, values)

    def show_refusal(self, error: BaseException) -> None:
        self.query_one("#submit", Button).disabled = False
        labels = {f.name: f.label for f in self.fields} | {f.record_field: f.label for f in self.fields if f.record_field}
        field, message = refusal(error, labels)
        on_form = {f.record_field: f.name for f in self.fields if f.record_field}
        self.show_problem(on_form.get(field, field), message)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        event.stop()  # a failed save is shown in the form itself, never as a second dialog

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.saving:
            return  # the store is writing: it cannot be taken back now
        changed = bool(self.opened_with) and self.values() != self.opened_with
        dismiss_or_ask(self, changed, "Discard this form?", "What was typed here will be lost.")


def dismiss_or_ask(screen: "Screen[Any]", changed: bool, title: str, message: str) -> None:
    """Close ``screen`` at once if nothing would be lost, else only once the discard is confirmed."""
    if not changed:
        screen.dismiss(None)
        return

    def confirmed(yes: bool | None) -> None:
        if yes:
            screen.dismiss(None)

    screen.app.push_screen(ConfirmDialog(title, message, "Discard"), confirmed)


class ChooseDialog(ModalScreen[str | None]):
    """Pick one item from a list (a draft, a member...); dismissed with its value."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], empty: str = "Nothing to choose.") -> None:
        super().__init__(classes="dialog")
        self.title_text, self.choices, self.empty = title, list(choices), empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title")
            if self.choices:
                yield OptionList(*[Option(label, id=value) for label, value in self.choices], id="choices")
            else:
                yield Static(self.empty, markup=False, classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel", compact=True)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
