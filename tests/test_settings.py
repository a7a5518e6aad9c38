"""Council's settings: one object, read once from the environment, never at import time."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from council import settings
from council.cli import app
from council.errors import StoreError
from store.service import Store

ROOT = Path(__file__).resolve().parent.parent


def test_importing_every_module_reads_no_setting() -> None:
    # A value that cannot be read: any module reading it at import time fails to import.
    code = (
        "import importlib, pathlib, sys\n"
        "from council import settings\n"
        "for package in ('council', 'store', 'exports'):\n"
        "    for path in sorted(pathlib.Path(package).rglob('*.py')):\n"
        "        parts = path.with_suffix('').parts\n"
        "        importlib.import_module('.'.join(parts[:-1] if parts[-1] == '__init__' else parts))\n"
        "print(settings._current is None)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "COUNCIL_LOCK_WAIT": "soon",
           "COUNCIL_NET_TIMEOUT": "soon", "COUNCIL_GIT_LOCK_SETTLE": "soon", "COUNCIL_FAULT": "no.such:point",
           "COUNCIL_COMMIT_DATE": "tomorrow"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "True"


def test_settings_come_from_the_environment_with_defaults(tmp_path: Path) -> None:
    read = settings.Settings.from_env({"COUNCIL_DATA_DIR": str(tmp_path), "COUNCIL_LOCK_WAIT": "0.5",
                                       "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.org",
                                       "GIT_COMMITTER_NAME": "Ada"})
    assert read.data_dir == tmp_path and read.sample_store == tmp_path / "sample-partnership"
    assert read.lock_wait == 0.5 and read.net_timeout == 600.0 and read.git_lock_settle == 1.0
    assert read.author == ("Ada", "ada@example.org")
    assert read.committer is None  # a name without an email is no identity
    assert read.store is None and read.fault is None and read.signing_key is None


def test_a_setting_that_is_not_a_number_is_refused_by_name() -> None:
    with pytest.raises(StoreError, match=r"COUNCIL_LOCK_WAIT must be a number of seconds, e\.g\. 5 \(got 'soon'\)"):
        settings.Settings.from_env({"COUNCIL_DATA_DIR": "/tmp", "COUNCIL_LOCK_WAIT": "soon"})
    with pytest.raises(StoreError, match="COUNCIL_NET_TIMEOUT must be a number of seconds of 0 or more"):
        settings.Settings.from_env({"COUNCIL_DATA_DIR": "/tmp", "COUNCIL_NET_TIMEOUT": "-1"})


def test_a_commit_date_must_be_a_moment_with_its_offset() -> None:
    for value in ("tomorrow", "2026-04-28T10:00:00"):
        with pytest.raises(StoreError, match="COUNCIL_COMMIT_DATE must be a moment with its UTC offset"):
            settings.Settings.from_env({"COUNCIL_DATA_DIR": "/tmp", "COUNCIL_COMMIT_DATE": value})
    read = settings.Settings.from_env({"COUNCIL_DATA_DIR": "/tmp", "COUNCIL_COMMIT_DATE": "2026-04-28T10:00:00+02:00"})
    assert read.commit_date is not None and read.commit_date.isoformat() == "2026-04-28T10:00:00+02:00"


def test_each_command_reads_the_settings_as_it_starts(small_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNCIL_LOCK_WAIT", "soon")
    result = CliRunner().invoke(app, ["show", "4.2", "--store", str(small_store.root)])
    assert result.exit_code == 2
    assert "error: COUNCIL_LOCK_WAIT must be a number of seconds" in result.output
    assert "Traceback" not in result.output
    monkeypatch.setenv("COUNCIL_LOCK_WAIT", "2")
    assert CliRunner().invoke(app, ["show", "4.2", "--store", str(small_store.root)]).exit_code == 0
    assert settings.current().lock_wait == 2.0


def test_overridden_settings_are_restored() -> None:
    before = settings.current()
    with settings.overridden(lock_wait=0.1) as inside:
        assert settings.current() is inside and inside.lock_wait == 0.1
    assert settings.current() is before


def test_resolving_the_sample_never_builds_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    resolved = settings.resolve_store(None)
    assert resolved.sample and resolved.missing_sample
    assert not resolved.path.exists()  # building it is the CLI's job (council.commands.app.resolve)


def test_the_store_never_imports_the_sample() -> None:
    # Not even inside a function: the sample is written through the store, so the store cannot need it.
    offenders = []
    for path in sorted((ROOT / "store").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.relative_to(ROOT)}:{node.lineno}" for n in names if n.startswith("sample_partnership")]
    assert offenders == []


def test_the_commit_date_dates_every_commit(small_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from store.write.change import Change

    monkeypatch.setenv("COUNCIL_COMMIT_DATE", "2026-04-28T10:00:00+02:00")
    settings.reload()
    small_store.write(Change("rename ada", [small_store.require("ada").replace(name="Ada Hale-Moss")]))
    dated = subprocess.run(["git", "log", "-1", "--format=%aI %cI"], cwd=small_store.root, capture_output=True,
                           text=True).stdout.split()
    assert dated == ["2026-04-28T10:00:00+02:00", "2026-04-28T10:00:00+02:00"]
