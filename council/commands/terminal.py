"""`council tui`: the secretariat's terminal app.

A module of its own so that `council tui` imports no other command's module
(:mod:`council.commands.registry`): the app's first frame waits for nothing
it does not show (issue 18).  The app itself comes from :func:`council.cli.tui_app`,
the one place the domain package starts it.
"""

from __future__ import annotations

from council.commands.app import StoreOpt, app, handled, open_store


@app.command()
@handled
def tui(store: str | None = StoreOpt) -> None:
    """Open the secretariat's terminal app."""
    opened = open_store(store)
    opened.ask_passphrase = None  # Textual owns the terminal: a key's passphrase comes from the environment
    from council.cli import tui_app

    tui_app(opened).run()
