"""The layering is checked: the headless packages never load Textual or the screens,
the screens never reach past the store's service into SQL or git, and only the index
(store/index/) holds SQL."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADLESS = ("council", "store", "exports")
# What the screens may not import: they go through store.queries and store.usecases.
FORBIDDEN_IN_SCREENS = ("sqlmodel", "sqlalchemy", "sqlite3", "git", "gitdb")


def _modules(package: str) -> list[str]:
    out = []
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


def _loaded(modules: list[str], condition: str) -> str:
    """Import ``modules`` in a fresh interpreter; the loaded modules ``m`` for which ``condition`` holds."""
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if {condition})\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@pytest.mark.parametrize("package", HEADLESS)
def test_headless_package_does_not_load_textual(package: str) -> None:
    modules = [m for m in _modules(package) if m != "council.cli"] or [package]
    loaded = _loaded(modules, "m == 'textual' or m.startswith(('textual.', 'screens'))")
    assert loaded == "", f"{package} loaded {loaded}"


def test_cli_help_does_not_load_textual() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from council.cli import app\n"
        "result = CliRunner().invoke(app, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('textual' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_screens_do_not_import_sql_or_git() -> None:
    offenders = []
    for path in sorted((ROOT / "screens").rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                if name.split(".")[0] in FORBIDDEN_IN_SCREENS:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert offenders == []


# The store's doors: the screens and the CLI import nothing else of it.
FRONT_DOORS = ("store", "store.api", "store.usecases", "store.workspace")


def _store_imports(folder: Path) -> list[str]:
    """Every ``store`` module imported by a file under ``folder``, as ``path:line imports name``."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
                if node.module == "store":  # from store import api, usecases
                    names = [f"store.{a.name}" for a in node.names]
            else:
                continue
            found += [f"{path.relative_to(ROOT)}:{node.lineno} imports {n}" for n in names
                      if n.split(".")[0] == "store"]
    return found


@pytest.mark.parametrize("folder", ["screens", "council/commands"])
def test_screens_and_the_cli_go_through_the_front_door(folder: str) -> None:
    imports = _store_imports(ROOT / folder)
    assert imports, "the check found no store import at all: it is not looking in the right place"
    offenders = [line for line in imports if line.rsplit(" ", 1)[1] not in FRONT_DOORS]
    assert offenders == []


def test_every_front_door_name_opens() -> None:
    """A room that moves must update its row in store.api: a stale row fails here."""
    code = (
        "import sys\n"
        "import store.api as api\n"
        "assert 'store.service' not in sys.modules and 'sqlmodel' not in sys.modules, 'store.api loaded its rooms'\n"
        "missing = [n for n in api.__all__ if getattr(api, n, None) is None]\n"
        "print(','.join(missing))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


SQL_MODULES = ("sqlmodel", "sqlalchemy", "sqlite3")
# An SQL statement in a string: what the index alone may hold.
SQL_WORDS = re.compile(r"\b(SELECT\b.*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|"
                       r"CREATE\s+(VIRTUAL\s+)?(TABLE|INDEX)|DROP\s+(TABLE|INDEX)|PRAGMA\s+\w+)", re.S)


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _sql_offences(source: str, name: str) -> list[str]:
    tree = ast.parse(source, name)
    docs = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            names = ["SQL"] if SQL_WORDS.search(node.value) else []
        else:
            continue
        found += [f"{name}:{node.lineno} {what}" for what in names
                  if what == "SQL" or what.split(".")[0] in SQL_MODULES]
    return found


def test_only_the_index_holds_sql() -> None:
    offenders = []
    for package in ("council", "store", "exports", "screens"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if (ROOT / "store" / "index") not in path.parents:
                offenders += _sql_offences(path.read_text(), str(path.relative_to(ROOT)))
    assert offenders == []


def test_the_sql_check_sees_sql_but_not_prose() -> None:
    source = ('"""Select a record from the index."""\nimport sqlalchemy.exc\nfrom sqlite3 import connect\n'
              'q = "SELECT id FROM records WHERE kind = :k"\nw = f"DELETE FROM {t}"\n'
              'def f():\n    """INSERT INTO is for the index only."""\n    return "select a page"\n')
    assert [o.split(" ", 1)[1] for o in _sql_offences(source, "probe.py")] == [
        "sqlalchemy.exc", "sqlite3", "SQL", "SQL"]


def test_the_write_path_loads_neither_sync_nor_audit() -> None:
    """Sync and audit use the write path, never the reverse (import-linter checks the
    imports; this checks what importing every module of the write path loads)."""
    modules = _modules("store/write")
    assert "store.write.steps" in modules, "the check found no write path: it is not looking in the right place"
    loaded = _loaded(modules, "m.startswith(('store.sync', 'store.audit'))")
    assert loaded == "", f"the write path loaded {loaded}"
