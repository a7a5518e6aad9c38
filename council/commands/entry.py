"""The `council` console script: `council history ID` and `council tui` on short paths, the rest through Typer.

`council history ID` reads git's log and prints it.  With git's commit-graph
(which `council reindex` and `verify` write), `git log -- PATH` takes about
20 ms of CPU, while importing Typer and building the app takes 100 ms or
more: the command would cost five times the work it does (issue 18).  So
the plain form, ``history ID`` with at most ``--store PATH`` (or ``-s``),
runs here without Typer, printing the same lines, notes and errors with the
same exit codes as the Typer command (:func:`council.commands.history.history`
with :func:`council.commands.app.handled`); ``tests/test_lean_history.py``
runs both and compares.  ``council tui`` with at most ``--store PATH``
starts the same way, without Typer (its import and command group are 12 ms
of CPU before the first frame): :func:`lean_tui` opens the store as
``open_store`` does and says the same lines and errors
(``tests/test_tui_first_frame.py`` compares).  Anything else (another option, ``--help``, a
sample partnership still to be built) goes to :func:`council.commands.app.main`,
with only the modules of the command named imported (:mod:`council.commands.registry`).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from council.cli import CouncilApp  # the app's type, from the one module that starts it
    from store.api import Store

STORE_FLAGS = ("--store", "-s")


def main() -> None:
    """The console entry point."""
    plain = history_args(sys.argv[1:])
    if plain is not None and lean_history(*plain):
        return
    tui = tui_args(sys.argv[1:])
    if tui is not None and lean_tui(*tui):
        return
    from council.commands.registry import load_for

    load_for(sys.argv[1:])  # only the modules of the command named (see the registry)
    from council.commands.app import main as typer_main

    typer_main()


def history_args(args: list[str]) -> tuple[str, str | None] | None:
    """``(record_id, store)`` when ``args`` is ``history ID`` with at most one ``--store PATH``; else None."""
    if not args or args[0] != "history":
        return None
    record_id: str | None = None
    store: str | None = None
    rest = args[1:]
    while rest:
        token = rest.pop(0)
        if token in STORE_FLAGS and store is None and rest and not rest[0].startswith("-"):
            store = rest.pop(0)
        elif token.startswith("--store=") and store is None and len(token) > len("--store="):
            store = token[len("--store="):]
        elif record_id is None and token and not token.startswith("-"):
            record_id = token
        else:
            return None  # anything the short path does not know: Typer parses it
    return (record_id, store) if record_id is not None else None


def lean_history(record_id: str, store: str | None) -> bool:
    """Print ``council history ID`` as the Typer command does; False (nothing printed) to leave it to Typer."""
    from council import settings
    from council.errors import StoreError

    with _as_handled():
        settings.reload()  # as `handled` does: what the environment says now
        resolved = settings.resolve_store(store)
        if resolved.missing_sample:
            return False  # the sample is built by the full command line
        if not (resolved.path / ".git").is_dir():
            raise StoreError(f"{resolved.path} is not a council store (no git repository there)")
        _echo(f"Using {resolved.how}", sys.stderr)
        from store.api import entry_lines, iter_history

        count = 0
        for entry in iter_history(resolved.path, record_id, None, None, None, None):
            for line in entry_lines(entry):
                _echo(line, sys.stdout)
            count += 1
        if not count:
            _echo(f"No commits changed {record_id}.", sys.stderr)
    return True


def tui_args(args: list[str]) -> tuple[str | None] | None:
    """``(store,)`` when ``args`` is ``tui`` with at most one ``--store PATH``; else None (Typer's)."""
    if not args or args[0] != "tui":
        return None
    rest = args[1:]
    if not rest:
        return (None,)
    if len(rest) == 2 and rest[0] in STORE_FLAGS and rest[1] and not rest[1].startswith("-"):
        return (rest[1],)
    if len(rest) == 1 and rest[0].startswith("--store=") and len(rest[0]) > len("--store="):
        return (rest[0][len("--store="):],)
    return None


def lean_tui(store: str | None) -> bool:
    """Run `council tui` as the Typer command does, without Typer (its import and its
    command group cost the first frame 12 ms of CPU, issue 18); False to leave it to Typer."""
    with _as_handled():
        app = start_tui(store)
        if app is None:
            return False  # the sample is built by the full command line
        app.run()
    return True


def start_tui(store: str | None, quiet: bool = False) -> "CouncilApp | None":
    """The app `council tui` runs, its store open; None while the sample is unbuilt.

    Start-up makes about 90,000 objects that live as long as the app (modules,
    classes, the stylesheet, the first screen); the cyclic garbage collector
    scanned them again and again while they were made: 51 ms of CPU by the
    first frame at 10,000 decisions, against 19 ms for a minimal Textual app
    (issue 18).  So the collector is off while the app starts, and once the
    first frame is painted what start-up made is frozen (``gc.freeze``: never
    scanned again) and the collector turned back on.  The start-up garbage
    frozen with it is about 5,000 objects (1 MB or so), kept until exit.
    """
    gc.disable()
    opened = None
    try:
        opened = open_for_tui(store, quiet)
    finally:
        if opened is None:  # not starting after all (an error, or the sample to build)
            gc.enable()
    if opened is None:
        return None
    from council.cli import tui_app  # the one module that starts the app; it imports no command

    return tui_app(opened, started=_collect_again)


def _collect_again() -> None:
    """The first frame is painted: keep start-up's objects out of every later scan, and collect again."""
    gc.freeze()
    gc.enable()


def open_for_tui(store: str | None, quiet: bool = False) -> "Store | None":
    """The store `council tui` opens, said as ``open_store`` says it; None while the sample is unbuilt."""
    from council import settings
    from store.api import Store

    settings.reload()
    resolved = settings.resolve_store(store)
    if resolved.missing_sample:
        return None
    opened = Store.open(resolved.path)
    if not quiet:
        _echo(f"Using {resolved.how}", sys.stderr)
    for note in getattr(opened, "recovery_notes", []):
        _echo(f"recovered: {note}", sys.stderr)
    opened.ask_passphrase = None  # Textual owns the terminal: a key's passphrase comes from the environment
    return opened


@contextmanager
def _as_handled() -> Iterator[None]:
    """A short path's errors, said and exited as ``council.commands.app.handled`` says them."""
    from council.errors import CouncilError

    try:
        yield
    except BrokenPipeError:
        from council.commands.app import _quiet_stdout

        _quiet_stdout()
        sys.exit(0)
    except CouncilError as exc:
        _echo(f"error: {exc}", sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _echo("interrupted", sys.stderr)
        sys.exit(130)
    except OSError as exc:
        _echo(f"error: {exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}", sys.stderr)
        sys.exit(2)


def _echo(text: str, stream: TextIO) -> None:
    """One line, flushed, as ``typer.echo`` writes it (so a closed pipe is seen where Typer sees it)."""
    stream.write(text + "\n")
    stream.flush()
