"""The secretariat's app: one mode per area of the council's work.

Build it with :func:`make_app`, the one factory the CLI and the tests use.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.binding import Binding

from council.errors import CouncilError, StoreError
from council.records import kind_of_id
from screens import preferences
from screens.commands import ActionsProvider, RecordsProvider
from screens.dashboard import DashboardScreen
from screens.refusals import explain_error
from screens.widgets import AREAS
from store.workspace import Workspace

if TYPE_CHECKING:
    from textual.screen import Screen

    from store.api import Store

AREA_OF_KIND = {"clause": "charter", "meeting": "meetings", "decision": "decisions",
                "dispute": "disputes", "ip": "ip", "exit": "exit", "partnership": "dashboard",
                "dataset": "registers", "risk": "registers", "incident": "registers", "duty": "registers",
                "artifact": "artifacts", "release": "artifacts"}



def area(module: str, name: str) -> Callable[[], "Screen[None]"]:
    """An area's screen, imported when the area is first shown: the first frame
    (the dashboard) does not wait for the other areas' modules (issue 18)."""

    def make() -> "Screen[None]":
        screen: Screen[None] = getattr(importlib.import_module(module), name)()
        return screen

    make.__qualname__ = make.__name__ = name  # what Textual and a reader see
    return make


class CouncilApp(App[None]):
    """Keeps the books of a joint oversight council, from the keyboard."""

    CSS_PATH = "council.tcss"
    TITLE = "Council"
    MODES = {
        "dashboard": DashboardScreen,
        "charter": area("screens.charter", "CharterScreen"),
        "meetings": area("screens.meetings", "MeetingsScreen"),
        "decisions": area("screens.decisions", "DecisionLogScreen"),
        "disputes": area("screens.disputes", "DisputesScreen"),
        "ip": area("screens.ip", "IPRegisterScreen"),
        "exit": area("screens.exit", "ExitPlanScreen"),
        "history": area("screens.history", "HistoryScreen"),
        "registers": area("screens.registers", "RegistersScreen"),
        "artifacts": area("screens.artifacts", "ArtifactsScreen"),
    }
    DEFAULT_MODE = "dashboard"
    COMMANDS = App.COMMANDS | {RecordsProvider, ActionsProvider}
    BINDINGS = [
        *[Binding(key, f"switch_area('{mode}')", label, show=False, id=f"area.{mode}")
          for key, mode, label in AREAS],
        Binding("ctrl+k", "sync_conflicts", "Sync conflicts", show=False, id="sync.conflicts"),
    ]

    def __init__(self, store: "Store", today: dt.date, workspace: Workspace,
                 started: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.store = store
        self.today = today
        self.workspace = workspace
        self.started = started  # called once the first frame is painted
        self.revision = 0  # bumped after every write; screens reload when it moved
        self.operator_problem = ""

    def on_mount(self) -> None:
        kept = preferences.load().get("theme")
        if isinstance(kept, str) and kept in self.available_themes:
            self.theme = kept
        self.theme_changed_signal.subscribe(self, lambda theme: preferences.save(theme=theme.name))
        self.check_operator()
        if self.started is not None:
            self.call_after_refresh(self.started)

    def on_unmount(self) -> None:
        self.workspace.close()  # the store belongs to whoever opened it (the CLI, a test)

    @work(thread=True, exclusive=True, exit_on_error=False, group="operator")
    def check_operator(self) -> None:
        """Say who writes, or why nothing can be written yet."""
        partnership = self.store.partnership()
        name = partnership.name if partnership else "Council"
        try:
            who = f"operator: {self.store.operator().name}"
            problem = ""
        except StoreError as exc:
            who, problem = "no operator", str(exc)
        self.call_from_thread(self._show_operator, name, who, problem)

    def _show_operator(self, name: str, who: str, problem: str) -> None:
        self.title = name
        self.sub_title = who
        self.operator_problem = problem
        if problem:
            self.notify(problem, title="Read-only until an operator is set", severity="warning",
                        timeout=30, markup=False)

    async def run_action(self, action: Any, default_namespace: Any = None, namespaces: Any = None) -> bool:
        # Keys typed on with the one that opens a form reach the bindings only once
        # that key's action ran (each key bubbles up from the focused widget in turn):
        # while the screen prepares the form they are dropped, never fired beneath it.
        if getattr(self.screen, "preparing", False) and action not in ("quit", "app.quit"):
            return True
        return await super().run_action(action, default_namespace, namespaces)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A screen with work in hand (the vote screen, an editor) keeps the area keys:
        # a digit there is typed or ignored, never a jump away from unsaved work.
        if action == "switch_area" and getattr(self.screen, "KEEPS_AREA_KEYS", False):
            return False
        return True

    def action_switch_area(self, mode: str) -> None:
        self.switch_area(mode)

    def switch_area(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_sync_conflicts(self) -> None:
        """The records both replicas changed while apart, to read and settle."""
        from screens.conflicts import ConflictsScreen

        if not isinstance(self.screen, ConflictsScreen):
            self.push_screen(ConflictsScreen())

    def action_pictures(self) -> None:
        """The record over time: decisions by outcome, attendance, disputes, exit readiness."""
        from screens.trends import TrendsScreen

        if not isinstance(self.screen, TrendsScreen):
            self.push_screen(TrendsScreen())

    async def run_in_area(self, mode: str, action: str) -> None:
        """Go to an area and run one of its actions (the palette's main actions)."""
        if self.current_mode != mode:
            await self.switch_mode(mode)
        await self.screen.run_action(action)

    async def open_record(self, record_id: str) -> None:
        """Show any record where it belongs: its area, or a detail screen."""
        kind = kind_of_id(record_id)
        if kind == "decision":
            from screens.decisions import DecisionScreen

            await self.switch_mode("decisions")
            await self.push_screen(DecisionScreen(record_id))
            return
        if kind == "resolution":
            from screens.resolutions import ResolutionsScreen

            await self.switch_mode("decisions")
            await self.push_screen(ResolutionsScreen(focus=record_id))
            return
        mode = AREA_OF_KIND.get(kind or "")
        if mode is None:
            from screens.records import RecordScreen

            await self.push_screen(RecordScreen(record_id))
            return
        if self.current_mode != mode:
            await self.switch_mode(mode)
        focus = getattr(self.screen, "focus_record", None)
        if focus is not None:
            focus(record_id)

    async def open_history(self, record_id: str) -> None:
        """Every commit that changed one record, in the History area."""
        if self.current_mode != "history":
            await self.switch_mode("history")
        focus = getattr(self.screen, "focus_record", None)
        if focus is not None:
            focus(record_id)

    def report_error(self, error: BaseException, writing: bool = False) -> None:
        """Turn any error from a worker into a dialog that says what to do."""
        from screens.dialogs import ErrorDialog  # the dialogs' widgets load when first needed (issue 18)

        title, hint = explain_error(error, writing)
        message = str(error) if isinstance(error, (CouncilError, OSError)) else f"{type(error).__name__}: {error}"
        self.push_screen(ErrorDialog(title, message, hint))


def make_app(store: "Store", today: dt.date | None = None, started: Callable[[], None] | None = None) -> CouncilApp:
    """The one factory for the app, used by `council tui` and by the tests.

    ``today`` fixes the date the app reasons about (deadlines, default dates),
    so that tests and snapshots do not depend on the clock; ``started`` is
    called once the first frame is painted (`council tui` turns the garbage
    collector back on there: council.commands.entry.start_tui).
    """
    return CouncilApp(store, today or dt.date.today(), Workspace.of_store(store.root), started)
