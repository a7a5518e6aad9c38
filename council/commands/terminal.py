"""`council tui`: the secretariat's terminal app.

A module of its own so that `council tui` imports no other command's module
(:mod:`council.commands.registry`): the app's first frame waits for nothing
it does not show (issue 18).  Textual is imported only here, inside the
command: ``council --help`` must stay fast.
"""

from __future__ import annotations

from council.commands.app import StoreOpt, app, handled, open_store


@app.command()
@handled
def tui(store: str | None = StoreOpt) -> None:
    """Open the secretariat's terminal app."""
    opened = open_store(store)
    opened.ask_passphrase = None  # Textual owns the terminal: a key's passphrase comes from the environment
    from screens.app import make_app  # deferred: Textual is heavy, and only this command needs it

    make_app(opened).run()
