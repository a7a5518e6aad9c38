"""Modal dialogs: confirmation before irreversible writes, errors, small forms."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from council.parse import is_date
from screens.widgets import DiffView


class ConfirmDialog(ModalScreen[bool]):
    """Ask before something that cannot be undone; dismissed with True or False."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("y", "confirm", "Confirm", show=False)]

    def __init__(self, title: str, message: str, confirm: str = "Confirm", diff: str = "") -> None:
        super().__init__(classes="dialog")
        self.title_text, self.message, self.confirm_label, self.diff = title, message, confirm, diff

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, markup=False, classes="dialog-message")
            if self.diff:
                with VerticalScroll(classes="dialog-diff"):
                    diff = DiffView()
                    diff.show(self.diff)
                    yield diff
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, variant="primary", id="confirm", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm", Button).focus()

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


class FormDialog(ModalScreen[dict[str, str] | None]):
    """A small form: labelled inputs, selects and text areas; dismissed with the values."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "submit", "Done")]

    def __init__(self, title: str, fields: Sequence[Field], submit: str = "OK", intro: str = "") -> None:
        super().__init__(classes="dialog")
        self.title_text, self.fields, self.submit_label, self.intro = title, list(fields), submit, intro

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
            yield Static("", id="form-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.submit_label, variant="primary", id="submit", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        if self.fields:
            self.query_one(f"#field-{self.fields[0].name}").focus()

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

    def problem(self, values: dict[str, str]) -> str:
        for f in self.fields:
            if f.required and not values[f.name].strip():
                return f"{f.label}: required"
            if f.kind == "date" and values[f.name] and not is_date(values[f.name]):
                return f"{f.label}: a date like 2026-04-10"
        return ""

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        values = self.values()
        problem = self.problem(values)
        if problem:
            self.query_one("#form-error", Static).update(problem)
            return
        self.dismiss(values)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


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
