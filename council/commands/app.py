"""The one Typer app, its shared options, and how every command starts.

Each command (in :mod:`council.commands.records`, :mod:`council.commands.history` and
:mod:`council.commands.sync`) is wrapped by :func:`handled`: it reads the settings
once as it starts (:mod:`council.settings`) and turns every error a user can
cause, a :class:`CouncilError`, into one clear line and exit code 2.

Heavy imports (Textual, SQLModel, GitPython, the store) are deferred into the
commands that need them, so that ``council --help`` stays fast: the store is
reached through its front door, :mod:`store.api`, whose names load on first use.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
import typer.core

from council import settings
from council.commands import plainparams
from council.errors import CouncilError

if TYPE_CHECKING:
    from council.settings import Resolved
    from store.api import Store

class CouncilCommand(typer.core.TyperCommand):
    """A command whose arguments read as click writes them: ``RECORD_ID`` in usage
    lines and errors, where Typer would print ``{record_id}`` and ``'record_id'``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.param_type_name == "argument" and param.metavar is None and param.name:
                param.metavar = param.name.upper()
        plainparams.install(self.params)  # no pydantic to parse plain values (issue 18)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """``[OPTIONS] RECORD_ID [REV]``: required arguments bare, optional ones in brackets."""
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                continue
            name = param.metavar or (param.name or "").upper()
            if not param.required:
                name = f"[{name}]"
            # A metavar of several words ("REV [REV2] [ID]") already says how many.
            many = param.nargs != 1 and " " not in name and not name.endswith("...")
            pieces.append(name + ("..." if many else ""))
        return pieces


    def get_help_option(self, ctx: Any) -> Any:
        """``--help``, coerced without pydantic like the other parameters."""
        option = super().get_help_option(ctx)
        plainparams.install([option] if option is not None else [])
        return option


class CouncilGroup(typer.core.TyperGroup):
    """A group of commands whose ``--help`` is coerced without pydantic."""

    def list_commands(self, ctx: Any) -> list[str]:
        """The names in the order they were added, without building each command to list it."""
        return list(self.commands)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        plainparams.install([option] if option is not None else [])
        return option


class CouncilTyper(typer.Typer):
    """The Typer app and its groups: every command is a :class:`CouncilCommand`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cls", CouncilGroup)
        super().__init__(*args, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", CouncilCommand)
        return super().command(*args, **kwargs)


app = CouncilTyper(
    name="council",
    help="Keep the books of a joint oversight council: charter, meetings, decisions, disputes, IP and exit, in git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain Click help: Rich's help renderer would double the CPU time of `council --help`
    # (0.25 s -> 0.12 s measured; issue 6 asks for <= 0.3 s wall).
    rich_markup_mode=None,
)

StoreOpt = typer.Option(None, "--store", "-s", help="Store directory (default: COUNCIL_STORE, the current directory, or the sample).")
JsonOpt = typer.Option(False, "--json", help="Print JSON for scripting.")


def _version(value: bool) -> None:
    if value:
        from council import __version__

        typer.echo(f"council {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Keep the books of a joint oversight council: charter, meetings, decisions, disputes, IP and exit, in git."""


def _quiet_stdout() -> None:
    """The reader of our output went away (``council history | head -1``): that is not an
    error.  Point stdout at /dev/null so the interpreter's last flush does not complain."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (a test's runner)
        pass


def handled(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Read the settings as the command starts; turn the project's errors into a clear
    message and exit code 2; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            settings.reload()  # once per command: what the environment says now
            return fn(*args, **kwargs)
        except BrokenPipeError:
            _quiet_stdout()
            raise typer.Exit(0) from None
        except CouncilError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None
        except OSError as exc:
            typer.echo(f"error: {exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}", err=True)
            raise typer.Exit(2) from None

    return wrapper


def say(text: str) -> None:
    """A note for the person at the terminal (on stderr, so JSON on stdout stays clean)."""
    typer.echo(text, err=True)


def echo_json(data: Any) -> None:
    """Print data as indented JSON (dates and paths as strings)."""
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def resolve(option: str | None) -> "Resolved":
    """Which store to open; the sample partnership is built here on first use.

    The sample is built by the command line, never by the store: the sample's
    history is written through the store, so the store cannot depend on it.
    """
    resolved = settings.resolve_store(option)
    if resolved.missing_sample:
        from sample_partnership.build import build  # deferred: replays the whole sample history

        say(f"First run: building the sample partnership at {resolved.path} (a minute or so)...")
        build(resolved.path, _show_progress).close()
        say("")
    return resolved


def _show_progress(done: int, total: int) -> None:
    """The sample's build, counted on one line of stderr (a new line each tenth when not a terminal)."""
    if sys.stderr.isatty():
        sys.stderr.write(f"\r  {done} of {total} changes written ({done * 100 // total}%)")
        sys.stderr.flush()
    elif done == total or done % max(1, total // 10) == 0:
        say(f"  {done} of {total} changes written")


def open_store(option: str | None, quiet: bool = False) -> "Store":
    """Resolve and open the store; say which one (on stderr, so JSON stays clean)."""
    from store.api import Store

    resolved = resolve(option)
    store = Store.open(resolved.path)
    if sys.stdin.isatty():
        store.ask_passphrase = ask_passphrase
    if not quiet:
        say(f"Using {resolved.how}")
    for note in getattr(store, "recovery_notes", []):
        say(f"recovered: {note}")
    return store


def ask_passphrase(key: Path) -> str:
    """The passphrase of the operator's key, asked once at the terminal (never echoed)."""
    import getpass

    try:
        return getpass.getpass(f"Passphrase for {key} (or set COUNCIL_KEY_PASSPHRASE): ")
    except EOFError:
        return ""


def git_root(option: str | None, quiet: bool = False) -> Path:
    """The store's directory, for commands that read git alone.

    They never open the SQLite index, so SQLModel is not imported: that
    import costs more than reading one record's history from git.
    """
    from council.errors import StoreError

    resolved = resolve(option)
    if not (resolved.path / ".git").is_dir():
        raise StoreError(f"{resolved.path} is not a council store (no git repository there)")
    if not quiet:
        say(f"Using {resolved.how}")
    return resolved.path


def main() -> None:
    """Console entry point: the app, with a last guard so no traceback reaches a user.

    It runs the app's group with each command built when first named
    (:mod:`council.commands.lazygroup`): the same commands, without building
    80 of them to run one."""
    from council.commands.lazygroup import lazy_group

    try:
        lazy_group(app)()
    except BrokenPipeError:  # pragma: no cover - the commands handle their own
        _quiet_stdout()
        sys.exit(0)
    except CouncilError as exc:  # pragma: no cover - commands handle their own
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
