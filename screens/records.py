"""A detail screen for any record, and helpers to show a record's fields."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Markdown, Static

from council.markdown import parser
from council.records import Record
from screens.base import LOAD, UsesStore
from screens.footer import FittingFooter


def field_lines(record: Record, skip: tuple[str, ...] = ("id", "title", "body")) -> Content:
    """Every front-matter field as ``name: value`` lines, in the file's order."""
    lines = []
    for key, value in record.to_dict().items():
        if key in skip:
            continue
        lines.append(Content.assemble((f"{key.replace('_', ' ')}: ", "$text-muted"), _fmt(value)))
    return Content("\n").join(lines)


def _fmt(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {_fmt(v)}" for k, v in value.items()) or "—"
    if isinstance(value, list):
        return "; ".join(_fmt(v) for v in value) or "—"
    return str(value) if value != "" else "—"


def markdown_view(body: str = "", **kwargs: Any) -> Markdown:
    """A Markdown widget with the project's one parser (raw HTML off)."""
    return Markdown(body, parser_factory=parser, open_links=False, **kwargs)


class RecordScreen(UsesStore, Screen[None]):
    """Any record: its fields, then its body as Markdown."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    class Loaded(Message):
        """The record was read."""

        def __init__(self, record: Record) -> None:
            super().__init__()
            self.record = record

    def __init__(self, record_id: str) -> None:
        super().__init__()
        self.record_id = record_id

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        with VerticalScroll(id="record-detail", classes="detail"):
            yield Static(id="record-head", classes="detail-head")
            yield Static(id="record-fields")
            yield markdown_view(id="record-body")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.sub_title = self.record_id
        self.query_one("#record-detail").loading = True
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group=LOAD)
    def load(self) -> None:
        from store.api import opened  # sealed text opened with the operator's key, or "sealed for ..."

        self.post_message(self.Loaded(opened(self.store, self.store.require(self.record_id))))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        record = event.record
        self.query_one("#record-detail").loading = False
        self.query_one("#record-head", Static).update(
            Content.assemble((record.id, "bold"), "  ", record.title_text, ("  " + record.KIND, "$text-muted")))
        self.query_one("#record-fields", Static).update(field_lines(record))
        self.query_one("#record-body", Markdown).update(record.body_text)
