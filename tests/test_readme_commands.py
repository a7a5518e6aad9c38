"""The README opens with the two commands a new user runs; CI runs the second.

If the README's test command and `.ci/run` drift apart, a new user runs a
different suite from the one CI passed: this keeps them one command.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines[:40] if line.startswith("    python3 -m venv")]


def test_the_readme_opens_with_an_install_and_run_and_a_test_command() -> None:
    commands = _readme_commands()
    assert len(commands) == 2
    assert commands[0].endswith("council tui")
    assert "pytest" in commands[1] and ".[test]" in commands[1]


def test_ci_runs_exactly_the_readmes_test_command() -> None:
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert _readme_commands()[1] in ci_lines
