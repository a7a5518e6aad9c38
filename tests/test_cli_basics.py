"""The small promises of the command line (issue 15): --version, a closed pipe is
not an error, `keys export` with no keys, `terms` as of today, the TUI's name
for duties, a wrong-case ID, and usage lines in click's words."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from council import __version__
from council.cli import app
from store.service import Store
from tests.test_bad_input_cli import commands

runner = CliRunner()


def run(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def store_dir(small_store: Store) -> str:
    return str(small_store.root)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"council {__version__}"


@pytest.mark.parametrize("argv", [["history"], ["list", "members"], ["show", "4.2"]])
def test_a_reader_that_goes_away_is_not_an_error(store_dir: str, argv: list[str]) -> None:
    """`council history | head -1`: the pipe closes before we write; exit 0, nothing on stderr
    but the note of which store was used."""
    proc = subprocess.Popen([sys.executable, "-c", "from council.cli import main; main()", *argv,
                             "--store", store_dir], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert "error" not in err.lower() and "Exception ignored" not in err, err


def test_a_broken_pipe_inside_a_command_exits_quietly(store_dir: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import typer as typer_module

    echo = typer_module.echo

    def broken(*args: object, **kwargs: object) -> None:
        if not kwargs.get("err"):  # stdout's reader is gone; stderr still works
            raise BrokenPipeError(32, "Broken pipe")
        echo(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(typer_module, "echo", broken)
    result = runner.invoke(app, ["list", "members", "--store", store_dir])
    assert result.exit_code == 0
    assert "Broken pipe" not in result.output


def test_keys_export_says_when_there_is_nothing_to_export(store_dir: str, tmp_path: Path) -> None:
    out = tmp_path / "signers"
    result = runner.invoke(app, ["keys", "export", "--out", str(out), "--store", store_dir])
    assert result.exit_code == 0, result.output
    assert "Nothing to export: no member as of HEAD has a signing key registered" in result.output
    assert not out.exists()


def test_terms_defaults_to_today(store_dir: str) -> None:
    result = runner.invoke(app, ["terms", "--json", "--store", store_dir])
    assert result.exit_code == 0, result.output
    import json

    assert json.loads(result.output)["as_of"] == dt.date.today().isoformat()


def test_list_responsibilities_is_list_duties(store_dir: str) -> None:
    duties = runner.invoke(app, ["list", "duties", "--json", "--store", store_dir])
    responsibilities = runner.invoke(app, ["list", "responsibilities", "--json", "--store", store_dir])
    assert responsibilities.exit_code == 0, responsibilities.output
    assert responsibilities.output == duties.output


def test_the_kinds_named_in_an_error_include_actions(store_dir: str) -> None:
    result = runner.invoke(app, ["list", "widgets", "--store", store_dir])
    assert result.exit_code == 2
    assert "field 'kind': expected one of" in result.output
    assert "actions" in result.output and "responsibilities" in result.output


@pytest.mark.parametrize("typed, meant", [("dec-2026-001", "DEC-2026-001"), ("ADA", "ada"), ("mtg-2026-01", "MTG-2026-01")])
def test_an_id_in_the_wrong_case_suggests_the_right_one(small_store: Store, typed: str, meant: str) -> None:
    from tests.conftest import amend_clause

    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    result = runner.invoke(app, ["show", typed, "--store", str(small_store.root)])
    assert result.exit_code == 2
    assert f"did you mean {meant}?" in result.output


def test_operator_in_the_wrong_case_suggests_the_member(small_store: Store) -> None:
    result = runner.invoke(app, ["operator", "ADA", "--store", str(small_store.root)])
    assert result.exit_code == 2
    assert "expected the ID of a member of this council (IDs are case-sensitive: did you mean ada?)" in result.output


def test_an_unknown_id_suggests_nothing(store_dir: str) -> None:
    result = runner.invoke(app, ["show", "DEC-1999-999", "--store", store_dir])
    assert result.exit_code == 2
    assert "did you mean" not in result.output


def _leaves() -> dict[str, object]:
    return commands()


@pytest.mark.parametrize("path", sorted(_leaves()))
def test_usage_lines_name_arguments_in_capitals(path: str) -> None:
    result = run(*path.split(), "--help")
    usage = result.output.splitlines()[0]
    assert "{" not in usage and "}" not in usage, usage
    for param in _leaves()[path].params:  # type: ignore[attr-defined]
        if param.param_type_name == "argument":
            assert (param.metavar or "").split()[0].strip("[]") in usage, usage


def test_a_missing_argument_is_named_as_the_usage_line_names_it() -> None:
    result = runner.invoke(app, ["show"])
    assert result.exit_code == 2
    assert "Usage: council show [OPTIONS] RECORD_ID" in result.output
    assert "Missing argument 'RECORD_ID'" in result.output
