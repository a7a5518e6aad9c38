"""The `council` command line's entry point: the one module of the domain
package that may start the terminal app (lazily: Textual is heavy, and
``council --help`` must stay fast).  The commands live in :mod:`council.commands`.

Importing this module imports no command: ``app``, ``main`` and ``open_store``
register every command when first asked for (tests and ``python -c`` use
them), while ``council tui`` on the console script's short path asks only for
:func:`tui_app` and so starts with no command's module and no Typer (issue 18).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from council.commands.app import app, main, open_store  # given by __getattr__, every command registered
    from screens.app import CouncilApp
    from store.api import Store

# Each registers its commands on the Typer app; `terminal` (`council tui`) last, where it always registered.
COMMANDS = ("amendments", "artifacts", "documents", "editing", "exits", "founding", "history", "meetings",
            "members", "records", "register_updates", "registers", "releases", "resolutions", "sealing",
            "sync", "terminal")

__all__ = ["app", "main", "open_store", "register_all", "tui_app"]


def tui_app(store: "Store", started: Callable[[], None] | None = None) -> "CouncilApp":
    """The terminal app on ``store`` (``started``: called once its first frame is painted)."""
    from screens.app import make_app  # deferred: Textual is heavy, and only `council tui` needs it

    return make_app(store, started=started)


def register_all() -> None:
    """Register every command on the Typer app (``--help`` and a mistyped name need them all)."""
    for name in COMMANDS:
        importlib.import_module(f"council.commands.{name}")


def __getattr__(name: str) -> Any:
    if name in ("app", "main", "open_store"):
        register_all()
        return getattr(importlib.import_module("council.commands.app"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
