"""The `council` console script: `council history ID` on a short path, every other command through Typer.

`council history ID` reads git's log and prints it.  With git's commit-graph
(which `council reindex` and `verify` write), `git log -- PATH` takes about
20 ms of CPU, while importing Typer and building the app takes 100 ms or
more: the command would cost five times the work it does (issue 18).  So
the plain form, ``history ID`` with at most ``--store PATH`` (or ``-s``),
runs here without Typer, printing the same lines, notes and errors with the
same exit codes as the Typer command (:func:`council.commands.history.history`
with :func:`council.commands.app.handled`); ``tests/test_lean_history.py``
runs both and compares.  Anything else (another option, ``--help``, a
sample partnership still to be built) goes to :func:`council.commands.app.main`,
with only the modules of the command named imported (:mod:`council.commands.registry`).
"""

from __future__ import annotations

import sys
from typing import TextIO

STORE_FLAGS = ("--store", "-s")


def main() -> None:
    """The console entry point."""
    plain = history_args(sys.argv[1:])
    if plain is not None and lean_history(*plain):
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
    from council.errors import CouncilError, StoreError

    try:
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
    return True


def _echo(text: str, stream: TextIO) -> None:
    """One line, flushed, as ``typer.echo`` writes it (so a closed pipe is seen where Typer sees it)."""
    stream.write(text + "\n")
    stream.flush()
