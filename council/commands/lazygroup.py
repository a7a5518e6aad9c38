"""The command line's click group, with each command built when it is first looked up.

Typer turns every registered command into a click command before it parses
the first argument: it reads each function's signature and type hints and
builds its options, about 80 commands and 40 ms of CPU on every run, where
`council show ID` needs one of them (issue 18).  :func:`lazy_group` builds
the root group alone (its callback and ``--version``) and looks each
command or sub-group up by name when click asks for it, through Typer's own
``get_command_from_info`` / ``get_group_from_info``, so that every command
parses and prints exactly as the eager group's does.  ``--help`` and the
"No such command" suggestion still see every name.

The console entry point (:func:`council.commands.app.main`) runs this group;
``typer.main.get_command(app)`` (what Typer's ``CliRunner`` uses) still
builds the eager one, and ``tests/test_lazy_group.py`` checks they agree.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, MutableMapping
from typing import Any

import typer
import typer.main
from typer.models import CommandInfo, TyperInfo


class LazyCommands(MutableMapping[str, Any]):
    """name -> click command, in Typer's order (commands, then groups), each built on first access."""

    def __init__(self, app: typer.Typer) -> None:
        self._app = app
        self._pending: dict[str, CommandInfo | TyperInfo] = {}
        for info in app.registered_commands:
            assert info.callback is not None, "a command must have a callback"
            self._pending[info.name or typer.main.get_command_name(info.callback.__name__)] = info
        for group in app.registered_groups:
            name = typer.main.solve_typer_info_defaults(group).name
            if name:  # a group added without a name merges its commands (never done here)
                self._pending[name] = group
        self.built: dict[str, Any] = {}

    def _build(self, info: CommandInfo | TyperInfo) -> Any:
        short, markup = self._app.pretty_exceptions_short, self._app.rich_markup_mode
        if isinstance(info, CommandInfo):
            return typer.main.get_command_from_info(info, pretty_exceptions_short=short, rich_markup_mode=markup)
        return typer.main.get_group_from_info(info, pretty_exceptions_short=short, rich_markup_mode=markup,
                                              suggest_commands=self._app.suggest_commands)

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            if name not in self._pending:
                raise KeyError(name)
            self.built[name] = self._build(self._pending[name])
        return self.built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._pending.pop(name, None)
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._pending and name not in self.built:
            raise KeyError(name)
        self._pending.pop(name, None)
        self.built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from dict.fromkeys([*self._pending, *self.built])

    def __len__(self) -> int:
        return len(set(self._pending) | set(self.built))

    def __contains__(self, name: object) -> bool:
        return name in self._pending or name in self.built


def lazy_group(app: typer.Typer) -> Any:
    """The click group of ``app`` whose commands are built on first use (see the module's doc)."""
    bare = copy.copy(app)  # the root alone: its callback, options and help, no commands yet
    bare.registered_commands, bare.registered_groups = [], []
    group = typer.main.get_group(bare)
    group.commands = LazyCommands(app)
    return group
