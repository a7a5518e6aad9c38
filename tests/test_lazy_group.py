"""The console entry point's lazily built click group (issue 18) against Typer's eager one.

`council` runs :func:`council.commands.lazygroup.lazy_group`, which builds a
command only when it is named; Typer's ``CliRunner`` (every other CLI test)
runs the eager group.  Here both run in fresh interpreters, through the same
arguments, and must print the same bytes and exit with the same code.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EAGER = "import sys; from council.cli import app; sys.argv[0] = 'council'; app()"
LAZY = "import sys; from council.cli import main; sys.argv[0] = 'council'; main()"
# the console script: only the named command's modules (council.commands.registry)
ENTRY = "import sys; from council.commands.entry import main; sys.argv[0] = 'council'; main()"


def _run(code: str, *args: str) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.mark.parametrize("args", [
    ["--help"], [], ["--version"], ["show", "--help"], ["keys", "--help"], ["keys", "use", "--help"],
    ["shw", "DEC-2026-001"], ["list", "decisions", "--page", "0"], ["history", "--kind", "x", "--store", "/nowhere"],
])
def test_the_lazy_group_prints_what_the_eager_one_prints(args: list[str]) -> None:
    assert _run(LAZY, *args) == _run(EAGER, *args)


@pytest.mark.parametrize("args", [
    ["--help"], ["show", "--help"], ["risk", "--help"], ["meeting", "--help"], ["exit", "--help"],
    ["shw", "DEC-2026-001"], ["list", "decisions", "--page", "0"], ["amend", "vote", "--help"],
])
def test_the_console_script_loading_one_commands_modules_prints_the_same(args: list[str]) -> None:
    assert _run(ENTRY, *args) == _run(EAGER, *args)


def _modules_of(typer_app: object) -> set[str]:
    """Every module holding a command (or a group's callback) under ``typer_app``, sub-groups included."""
    found = {c.callback.__module__ for c in typer_app.registered_commands  # type: ignore[attr-defined]
             if c.callback}
    for group in typer_app.registered_groups:  # type: ignore[attr-defined]
        callback = group.typer_instance.registered_callback
        if callback and callback.callback:
            found.add(callback.callback.__module__)
        found |= _modules_of(group.typer_instance)
    return found


def test_the_registry_names_every_command_and_the_modules_it_needs() -> None:
    import typer.main

    from council.cli import app
    from council.commands.registry import MODULES

    needed = {(c.name or typer.main.get_command_name(c.callback.__name__)): {c.callback.__module__}
              for c in app.registered_commands if c.callback}
    needed.update({typer.main.solve_typer_info_defaults(g).name: _modules_of(g.typer_instance)
                   for g in app.registered_groups})
    assert {name: set(mods) for name, mods in MODULES.items()} == needed


def test_naming_a_command_builds_that_command_alone() -> None:
    from council.cli import app
    from council.commands.lazygroup import lazy_group

    group = lazy_group(app)
    assert group.commands.built == {}
    assert "show" in group.commands and "keys" in group.commands
    assert group.get_command(None, "show").name == "show"
    assert list(group.commands.built) == ["show"]
    assert group.list_commands(None) == list(group.commands) and len(group.commands) > 40
    assert list(group.commands.built) == ["show"]  # listing the names built nothing more


def test_the_lazy_mapping_lists_the_eager_groups_names_in_order() -> None:
    import typer.main

    from council.cli import app
    from council.commands.lazygroup import lazy_group

    eager = typer.main.get_command(app)
    lazy = lazy_group(app)
    assert list(lazy.commands) == list(eager.commands)
    assert [lazy.commands[n].get_short_help_str() for n in lazy.commands] == \
        [c.get_short_help_str() for c in eager.commands.values()]
