"""Names a package hands out but imports only when first used (PEP 562).

The front doors (:mod:`store.api`, :mod:`store.index`) keep the CLI's and the
TUI's first paths cheap: importing the door costs nothing, and a name's room
(SQLAlchemy, the sync machinery, ...) is imported when a caller first touches it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(package: str, names: Mapping[str, tuple[str, str]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` giving ``name -> (module, name there)`` on use."""

    def __getattr__(name: str) -> Any:
        try:
            module, attr = names[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        # Looked up in its room at every use, not kept here: a name replaced in its
        # room (a test's monkeypatch, a module reloaded) is what the door gives.
        return getattr(importlib.import_module(module), attr)

    return __getattr__
