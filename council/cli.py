"""The `council` command line's entry point: the one module of the domain
package that may start the terminal app (lazily: Textual is heavy, and
``council --help`` must stay fast).  The other commands live in
:mod:`council.commands`.
"""

from council.commands import (  # noqa: F401  (each registers its commands on app)
    amendments,
    artifacts,
    documents,
    editing,
    exits,
    founding,
    history,
    meetings,
    members,
    records,
    register_updates,
    registers,
    releases,
    resolutions,
    sealing,
    sync,
    terminal,  # `council tui`: last, where it always registered
)
from council.commands.app import app, main, open_store

__all__ = ["app", "main", "open_store"]

