"""`council history ID` on the console script's short path (issue 18) prints what the Typer command prints.

Both run in fresh interpreters, on the same store, with the same arguments:
the same stdout, stderr and exit code, and the short path imports no Typer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from council.commands.entry import history_args
from store.service import Store

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "import sys; from council.commands.entry import main; sys.argv[0] = 'council'; main()"
TYPER = "import sys; from council.cli import main; sys.argv[0] = 'council'; main()"


def _run(code: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, env=env)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("args", [
    ["history", "4.2", "--store", "{root}"], ["history", "-s", "{root}", "4.2"], ["history", "--store={root}", "4.2"],
    ["history", "BAD ID", "--store", "{root}"], ["history", "9.9.9", "--store", "{root}"],
    ["history", "4.2", "--store", "{root}/nowhere"], ["history", "4.2", "--store", "{tmp}"],
    ["history", "4.2", "--store", "{root}", "--limit", "1"],  # not the short form: Typer's
])
def test_the_short_path_prints_what_typer_prints(small_store: Store, tmp_path: Path, args: list[str]) -> None:
    from tests.conftest import amend_clause

    amend_clause(small_store, "4.2", "New quorum text.")
    filled = [a.format(root=small_store.root, tmp=tmp_path) for a in args]
    got = _run(SCRIPT, *filled)
    assert got == _run(TYPER, *filled)
    assert got[0] in (0, 2)


def test_the_short_path_imports_no_typer(small_store: Store, tmp_path: Path) -> None:
    code = SCRIPT.replace("main()", "main(); import json; print(json.dumps(sorted(sys.modules)))")
    # No COUNCIL_DATA_DIR: a store given by --store needs no per-user data folder, so the
    # platform's conventions (platformdirs, 5 ms of the start) are not looked up.
    env = {k: v for k, v in os.environ.items() if k != "COUNCIL_DATA_DIR"} | {"HOME": str(tmp_path)}
    code, out, err = _run(code, "history", "partnership", "--store", str(small_store.root), env=env)
    assert code == 0, err
    loaded = json.loads(out.strip().splitlines()[-1])
    assert [m for m in loaded if m.startswith(("typer", "click", "council.cli", "store.history", "platformdirs"))] == []


@pytest.mark.parametrize("args, parsed", [
    (["history", "4.2"], ("4.2", None)),
    (["history", "4.2", "--store", "s"], ("4.2", "s")),
    (["history", "--store=s", "4.2"], ("4.2", "s")),
    (["history"], None), (["history", "4.2", "5.1"], None), (["history", "4.2", "--json"], None),
    (["history", "4.2", "--store"], None), (["history", "4.2", "--store", "a", "--store", "b"], None),
    (["history", "--help"], None), (["show", "4.2"], None), ([], None), (["history", "4.2", "--store", "-x"], None),
])
def test_only_the_plain_form_takes_the_short_path(args: list[str], parsed: tuple[str, str | None] | None) -> None:
    assert history_args(args) == parsed
