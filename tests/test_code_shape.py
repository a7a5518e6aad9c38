"""The size of the house: no module over 400 lines, no function over 60.

Issue 13's measure of code a newcomer can read: a module is one room's one
job, a function is one step. The sample partnership (a script of history)
and the tests are outside the rule.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("council", "store", "exports", "screens")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (REPO / package).rglob("*.py"))


def long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_the_packages_are_there() -> None:
    assert len(modules()) > 50  # a wrong REPO would make the other tests pass on nothing


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_module_over_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(REPO)} has {lines} lines: split it by job"


def test_no_function_over_60_lines() -> None:
    found = [name for path in modules() for name in long_functions(path)]
    assert not found, "functions over 60 lines: " + "; ".join(found)
