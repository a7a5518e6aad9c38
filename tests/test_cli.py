"""CLI tests through Typer's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.cli import app
from store.service import Store
from tests.conftest import amend_clause, signatory_options

runner = CliRunner()


def run(*args: str) -> "object":
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_every_command_has_help() -> None:
    import typer.main

    result = run("--help")
    assert result.exit_code == 0
    group = typer.main.get_command(app)
    assert len(group.commands) >= 6
    for name, command in group.commands.items():
        sub = run(name, "--help")
        assert sub.exit_code == 0, name
        assert "Usage" in sub.output
        # The top-level help lists each command with a one-line summary.
        assert command.get_short_help_str(), f"{name} has no help"
        assert name in result.output


def test_init_creates_store_and_verify_passes(tmp_path: Path) -> None:
    target = tmp_path / "new"
    result = run("init", str(target), "--name", "Acme–Beta", "--party", "acme=Acme Ltd",
                 "--party", "beta=Beta GmbH", "--effective", "2026-01-01", *signatory_options(tmp_path / "keys"))
    assert result.exit_code == 0, result.output
    assert (target / "charter" / "4.2.md").exists()
    assert run("verify", "--store", str(target)).exit_code == 0


@pytest.mark.parametrize("args, needle", [
    (["--party", "acme"], "ID=Legal Name"),
    (["--party", "acme=A", "--party", "beta=B", "--effective", "2026-02-30"], "YYYY-MM-DD"),
    (["--party", "acme=A"], "at least two parties"),
])
def test_init_bad_input_exit_2(tmp_path: Path, args: list[str], needle: str) -> None:
    target = tmp_path / "bad"
    result = runner.invoke(app, ["init", str(target), "--name", "X", *args])
    assert result.exit_code == 2
    assert needle in result.output
    assert not (target / ".git").exists()


def test_list_and_show_json(small_store: Store) -> None:
    amend_clause(small_store, "4.2", "New quorum text.")
    root = str(small_store.root)
    result = run("list", "decisions", "--store", root, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data[0]["id"] == "DEC-2026-001" and data[0]["outcome"] == "passed"
    shown = run("show", "DEC-2026-001", "--store", root)
    assert "passed: 6 for, 0 against" in shown.stdout
    one = json.loads(run("show", "4.2", "--store", root, "--json").stdout)
    assert one["body"] == "New quorum text."


def test_show_unknown_id_exit_2(small_store: Store) -> None:
    result = runner.invoke(app, ["show", "DEC-1999-999", "--store", str(small_store.root)])
    assert result.exit_code == 2
    assert "DEC-1999-999" in result.output


def test_list_unknown_kind_exit_2(small_store: Store) -> None:
    result = runner.invoke(app, ["list", "widgets", "--store", str(small_store.root)])
    assert result.exit_code == 2
    assert "kind" in result.output


def test_not_a_store_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["list", "decisions", "--store", str(tmp_path)])
    assert result.exit_code == 2
    assert "not a council store" in result.output


def test_verify_fails_on_plain_git_term_change(small_store: Store) -> None:
    root = small_store.root
    path = root / "charter" / "4.2.md"
    path.write_text(path.read_text().replace("majority", "third"))
    subprocess.run(["git", "commit", "-qam", "record: tweak"], cwd=root, check=True)
    sha = subprocess.run(["git", "rev-parse", "--short=10", "HEAD"], cwd=root, capture_output=True,
                         text=True).stdout.strip()
    result = runner.invoke(app, ["verify", "--store", str(root)])
    assert result.exit_code == 1
    assert sha in result.output and "4.2" in result.output


def test_reindex(small_store: Store) -> None:
    result = run("reindex", "--store", str(small_store.root))
    assert result.exit_code == 0
    assert "Indexed" in result.output
    # git's commit-graph keeps a record's history fast in a large store.
    assert (small_store.root / ".git" / "objects" / "info" / "commit-graphs").is_dir()


def test_reindex_of_a_fresh_clone_builds_the_index_once(small_store: Store, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(small_store.root), str(clone)], check=True)
    result = run("reindex", "--store", str(clone))
    assert result.exit_code == 0
    assert f"Indexed {len(list(clone.rglob('*.md')))} records" in result.output
    assert run("verify", "--store", str(clone)).exit_code == 0


def test_help_does_not_import_heavy_modules() -> None:
    code = ("import sys; from council.cli import app; "
            "heavy = [m for m in ('textual', 'sqlmodel', 'git', 'sqlalchemy') if m in sys.modules]; "
            "print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_first_run_says_the_sample_is_being_built_and_counts_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The first launch was a blank screen for 40 s (issue 19): it now says what it does."""
    from council import settings
    from council.commands import app as commands
    from sample_partnership import build as sample

    built: list[Path] = []

    class Closed:
        def close(self) -> None:
            pass

    def fake_build(target: Path, progress=None) -> Closed:  # the real one replays a year of history
        built.append(target)
        for done in range(1, 21):
            progress(done, 20)
        return Closed()

    monkeypatch.setattr(sample, "build", fake_build)
    monkeypatch.delenv("COUNCIL_STORE", raising=False)
    monkeypatch.setenv("COUNCIL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    settings.reload()
    try:
        resolved = commands.resolve(None)
    finally:
        monkeypatch.undo()
        settings.reload()
    assert built == [resolved.path]
    err = capsys.readouterr().err
    assert "First run: building the sample partnership" in err
    assert "20 of 20 changes written" in err
