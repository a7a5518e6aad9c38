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
)
from council.commands.app import StoreOpt, app, handled, main, open_store

__all__ = ["app", "main", "open_store"]


@app.command()
@handled
def tui(store: str | None = StoreOpt) -> None:
    """Open the secretariat's terminal app."""
    opened = open_store(store)
    opened.ask_passphrase = None  # Textual owns the terminal: a key's passphrase comes from the environment
    from screens.app import make_app  # deferred: Textual is heavy, and only this command needs it

    make_app(opened).run()
