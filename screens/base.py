"""What every screen shares: access to the store, workers, and the one error handler."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events, work
from textual._context import NoActiveAppError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Header
from textual.worker import Worker, WorkerState

from screens.widgets import AREAS, AreaBar

if TYPE_CHECKING:
    from screens.app import CouncilApp
    from screens.dialogs import SavesInPlace
    from store.api import Store
    from store.workspace import Workspace

T = TypeVar("T")
WRITE = "write"
LOAD = "load"
PREPARE = "prepare"  # a worker reading what a form needs before it opens
NARROW = 100  # below this many columns an area takes its narrow layout (council.tcss: .-narrow)


def is_text_field(widget: Widget | None) -> bool:
    """Whether the widget takes typed letters (so Escape should leave it)."""
    # Imported here: TextArea's module (and the dialogs that use it) would cost the first
    # frame their import, for a dashboard that has no text field (issue 18).
    from textual.widgets import Input, TextArea

    return isinstance(widget, (Input, TextArea))


class UsesStore:
    """Mixed into screens and modals: the store, the date, workers and their errors."""

    @property
    def council(self) -> "CouncilApp":
        return cast("CouncilApp", cast(Any, self).app)

    @property
    def store(self) -> "Store":
        return self.council.store

    @property
    def workspace(self) -> "Workspace":
        return self.council.workspace

    @property
    def today(self) -> dt.date:
        return self.council.today

    def run_worker(self, work: Any, *args: Any, **kwargs: Any) -> Worker[Any]:
        worker = cast(Any, super()).run_worker(work, *args, **kwargs)
        if kwargs.get("group") == PREPARE:
            # Drop keys from now on, not from when the worker's first state change is
            # handled: keys typed on with the one that opens a form are already queued
            # before that message, and would fire this screen's bindings under the form.
            cast(Any, self).preparing = True
        return cast("Worker[Any]", worker)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker becomes a message to the user."""
        if event.worker.group == PREPARE:
            # While a form is being prepared, keys would reach this screen's bindings
            # instead of the form: hold them (see AreaScreen.on_key) until it is open.
            cast(Any, self).preparing = any(
                worker.group == PREPARE and worker.node is self and worker.state in (WorkerState.PENDING,
                                                                                     WorkerState.RUNNING)
                for worker in cast(Any, self).app.workers)
        if event.state != WorkerState.ERROR:
            return
        for widget in cast(Any, self).query("*"):
            if widget.loading:
                widget.loading = False
        error = event.worker.error
        assert error is not None
        self.council.report_error(error, writing=event.worker.group == WRITE)

    # Writes are not exclusive: cancelling a write in flight would not undo it,
    # and the store's lock already serialises writers.
    @work(thread=True, exit_on_error=False, group=WRITE)
    def write(self, operation: Callable[[], T], then: Callable[[T], None] | None = None,
              done: str = "") -> None:
        """Run a store operation in a thread; on success bump the revision and call ``then``."""
        result = operation()
        self.council.call_from_thread(self._written, result, then, done)

    def open_form(self, dialog: SavesInPlace, then: Callable[[Any], None] | None = None,
                  done: Callable[[Any], str] | str = "") -> None:
        """Open a form (or the vote or approve-minutes screen) that writes through its ``save``: it closes only
        once the store accepted it, and ``then`` gets what the store returned."""

        def closed(values: Any) -> None:
            if values is not None:
                self._written(dialog.result, then, done(values) if callable(done) else done)

        cast(Any, self).app.push_screen(dialog, closed)

    def _written(self, result: T, then: Callable[[T], None] | None, done: str) -> None:
        self.council.revision += 1
        if done:
            self.council.notify(done, title="Saved", markup=False)
        for warning in warnings_of(result):  # committed all the same: said beside "Saved", never lost
            self.council.notify(warning, title="Saved, but note", severity="warning", markup=False, timeout=30)
        if then is not None:
            then(result)


class AreaScreen(UsesStore, Screen[None]):
    """One area of the council's work (a mode of the app)."""

    AREA: ClassVar[str] = ""
    BINDINGS = [Binding("ctrl+r", "reload", "Refresh", id="reload"),
                Binding("escape", "back", "Back", id="back", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.loaded_revision = -1
        self.pending_record: str | None = None
        self.preparing = False
        styled_for_now(self)

    def on_key(self, event: events.Key) -> None:
        # Keys typed while a form is being prepared belong to the form, not to this
        # screen's bindings (an area key would switch areas under the form): drop them.
        if self.preparing:
            event.stop()
            event.prevent_default()

    def action_back(self) -> None:
        """Escape: leave a text field, else go back to the area's main list."""
        main = self.query(self.AUTO_FOCUS).first() if self.AUTO_FOCUS and self.query(self.AUTO_FOCUS) else None
        if main is not None and main.focusable:
            main.focus()
        elif is_text_field(self.focused):
            self.set_focus(None)

    def compose_top(self) -> ComposeResult:
        yield Header(icon="⚖")
        yield AreaBar(self.AREA)

    @property
    def area_label(self) -> str:
        return next(label for _, mode, label in AREAS if mode == self.AREA)

    def on_mount(self) -> None:
        # Textual calls every class's on_mount in the MRO, the area's own first: an area
        # never calls this one itself (that loaded every area twice when first shown).
        self.sub_title = self.area_label
        # Table cells carry colours resolved from the theme: redraw when it changes.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.action_reload())
        self.action_reload()

    def on_resize(self) -> None:
        # The stylesheet gives narrow terminals (80 columns) tighter layouts.
        self.set_class(self.size.width < NARROW, "-narrow")

    def on_screen_resume(self) -> None:
        if self.loaded_revision != -1 and self.loaded_revision != self.council.revision:
            self.action_reload()

    def action_reload(self) -> None:
        """Load (or reload) the area's data in a worker."""
        self.loaded_revision = self.council.revision
        self.reload()

    def reload(self) -> None:
        raise NotImplementedError

    def focus_record(self, record_id: str) -> None:
        """Bring one record of this area into view (from the palette or a link)."""
        self.pending_record = record_id


def styled_for_now(screen: Screen[Any]) -> None:
    """Take a new area's screen as styled against the stylesheet as it stands, for
    the terminal's width as it is.

    Textual (8.2) starts every screen at "never styled", so the first show of
    each mode re-parsed the whole stylesheet (every widget's CSS and
    council.tcss) and restyled the app: 17 ms of the first frame's 0.33 s at
    M (issue 18).  A new screen is styled as it mounts anyway, with the
    stylesheet of now; a later theme change moves the app's count past this
    one and restyles the screen as before.  The ``-narrow`` class is set now
    for the same reason: set at the first resize, it restyles every widget.
    """
    try:
        app = screen.app
    except NoActiveAppError:  # built outside a running app (a test): Textual decides, as before
        return
    screen._css_update_count = app._css_update_count
    screen.set_class(app.size.width < NARROW, "-narrow")


class CouncilModal(UsesStore, ModalScreen[T]):
    """A modal that may load or write through workers."""


def warnings_of(result: object) -> list[str]:
    """What a write warned of (Committed.warnings), from a use case's answer: the Committed
    itself, or a tuple holding it beside the record written."""
    parts = result if isinstance(result, tuple) else (result,)
    return [w for part in parts for w in getattr(part, "warnings", ()) or () if isinstance(w, str)]

