"""Guards on what the fast paths load (issue 18), checked by what is imported, never by time.

One fresh interpreter runs `council history`, `show` and `list` and builds the
TUI app: the commands import neither pydantic (Typer's adapters, SQLModel) nor
SQLAlchemy (a current index is read through sqlite3), and the TUI's first
frame (the dashboard) does not import the other areas' screens.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from store.service import Store

ROOT = Path(__file__).resolve().parent.parent
AREA_MODULES = ("screens.charter", "screens.meetings", "screens.decisions", "screens.disputes", "screens.ip",
                "screens.exit", "screens.history", "screens.registers", "screens.records")

PROBE = """
import json, sys
from typer.testing import CliRunner
from council.cli import app
root = sys.argv[1]
out = {}
# history first: it reads git alone, so nothing before it may have loaded pydantic (SQLModel does)
for args in (["history", "4.2", "--limit", "2", "--store", root], ["show", "DEC-2026-001", "--store", root],
             ["list", "decisions", "--page", "1", "--store", root]):
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    out[args[0]] = sorted(m for m in sys.modules if m.startswith(("typer._adapters", "pydantic", "sqlalchemy")))
import screens.app
out["tui"] = sorted(m for m in sys.modules if m.startswith("screens."))
out["tui_sql"] = sorted(m for m in sys.modules if m.startswith(("sqlalchemy", "sqlmodel")))
print(json.dumps(out))
"""


def test_cli_parses_without_pydantic_and_tui_imports_only_the_first_area(small_store: Store) -> None:
    from tests.conftest import amend_clause

    amend_clause(small_store, "4.2", "New quorum text.")
    proc = subprocess.run([sys.executable, "-c", PROBE, str(small_store.root)], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    for command in ("history", "show", "list"):
        assert loaded[command] == [], f"council {command} imported {loaded[command][:3]}"
    assert "screens.dashboard" in loaded["tui"]
    assert [m for m in AREA_MODULES if m in loaded["tui"]] == []
    assert loaded["tui_sql"] == [], "the screens' modules imported SQLAlchemy before the first frame"


def test_the_plain_reader_knows_the_schema_and_its_migrations() -> None:
    from store.index import plain, schema

    assert plain.SCHEMA_VERSION == schema.SCHEMA_VERSION
    assert set(plain.MIGRATIONS) == set(schema.MIGRATIONS)


def test_a_current_index_is_read_without_the_engine_and_the_same_rows(small_store: Store) -> None:
    from tests.conftest import amend_clause

    amend_clause(small_store, "4.2", "New quorum text.")
    through_engine = ([m.id for m in small_store.list("members")], small_store.version,
                      small_store.stored("4.2"), small_store.count("members"),
                      [[m.id for m in small_store.list("members", offset, 2)] for offset in (0, 2, 5, 99)])
    small_store.close()
    reopened = Store.open(small_store.root)
    try:
        assert reopened.plain() is not None and reopened._engine is None
        assert ([m.id for m in reopened.list("members")], reopened.version, reopened.stored("4.2"),
                reopened.count("members"),
                [[m.id for m in reopened.list("members", offset, 2)] for offset in (0, 2, 5, 99)]) == through_engine
        pages = through_engine[-1]
        assert pages[0] + pages[1] == through_engine[0][:4] and pages[-1] == []  # pages in order, past the end empty
        assert reopened.require("4.2").body_text == "New quorum text."
        assert reopened._engine is None  # nothing above needed SQLAlchemy
    finally:
        reopened.close()


def test_recovery_names_the_sync_journal_that_replay_keeps() -> None:
    # recovery checks for this file before it imports sync's replay (issue 18)
    from store import recovery
    from store.sync import replay

    assert recovery.SYNC_JOURNAL == replay.JOURNAL


SHOW_PROBE = """
import json, sys
from council.commands.registry import load_for
load_for(sys.argv[2:])  # as the console script does: the named command's modules only
from council.commands.app import app
from council.commands.lazygroup import lazy_group
group = lazy_group(app)
try:
    group.main(sys.argv[2:], prog_name="council", standalone_mode=False)
except SystemExit:
    pass
print(json.dumps({"built": sorted(group.commands.built), "modules": sorted(sys.modules)}))
"""
# What `council show` and `list` need not load on a clean store with a current index: the rules
# and the holidays calendar, the write path, recovery's sync machinery, gitdb, the sealing of values
# (even its armour check, for records that seal nothing), the TOML writer and tomllib (the fast
# parser reads; tomllib only words a refusal).
NOT_ON_READS = ("holidays", "council.checks", "council.charter", "store.sync", "store.write.steps",
                "gitdb", "council.sealed_fields", "council.sealing", "tomllib", "tomli_w",
                "council.commands.amendments", "council.commands.meetings")


@pytest.mark.parametrize("args", [["show", "DEC-2026-001"], ["list", "decisions"]])
def test_show_and_list_build_one_command_and_load_no_rules_or_write_path(small_store: Store,
                                                                         args: list[str]) -> None:
    from tests.conftest import amend_clause

    amend_clause(small_store, "4.2", "New quorum text.")
    small_store.close()
    proc = subprocess.run([sys.executable, "-c", SHOW_PROBE, "x", *args, "--store", str(small_store.root)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert loaded["built"] == [args[0]]
    heavy = [m for m in loaded["modules"] if m.startswith(NOT_ON_READS)]
    assert heavy == [], f"council {args[0]} imported {heavy[:5]}"


COMMAND_PROBE = """
import importlib, json, sys
main = importlib.import_module(sys.argv[1]).main
sys.argv = ["council", *sys.argv[2:]]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def run_council(root: Path, *args: str, entry: str = "council.cli") -> tuple[str, list[str]]:
    """``council ARGS --store ROOT`` in a fresh process, through ``entry``'s ``main``:
    what it printed, and every module it had loaded by the end."""
    proc = subprocess.run([sys.executable, "-c", COMMAND_PROBE, entry, *args, "--store", str(root)], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, json.loads(proc.stdout.strip().splitlines()[-1])


def test_history_reads_git_log_without_the_record_kinds_or_the_file_format(small_store: Store) -> None:
    from tests.conftest import amend_clause

    amend_clause(small_store, "4.2", "New quorum text.")
    printed, loaded = run_council(small_store.root, "history", "4.2")
    assert "amend clause 4.2" in printed
    heavy = [m for m in loaded if m.startswith(("council.records", "council.fileformat", "tomllib", "tomli",
                                                 "store.history", "store.service", "gitdb"))]
    assert heavy == [], f"council history imported {heavy[:5]}"


def test_verify_reads_a_current_index_as_the_engine_does_and_without_it(small_store: Store) -> None:
    from store import index
    from tests.conftest import amend_clause

    amend_clause(small_store, "4.2", "New quorum text.")
    through_engine = index.contents(small_store.engine)
    small_store.close()
    _, loaded = run_council(small_store.root, "verify")
    assert [m for m in loaded if m.startswith("sqlalchemy")] == []
    reopened = Store.open(small_store.root)
    try:
        plain = reopened.plain()
        assert plain is not None and plain.contents() == through_engine
    finally:
        reopened.close()


def _screen_reads(store: Store) -> tuple[object, ...]:
    import datetime as dt

    from store import queries
    from store.overview import overview
    from store.workspace import Workspace

    today = dt.date(2026, 12, 2)
    flt = queries.parse_filter("tier:high from:2025")
    return (overview(store, Workspace.of_store(store.root), today), queries.decisions(store, flt),
            queries.decisions(store, queries.parse_filter("quorum"), 0, 1), queries.of_kind(store, "member", "", 1, 2),
            queries.find(store, "DEC-2026"), queries.meetings_between(store, None, today, "held", True, 3),
            queries.next_id(store, "decision", "DEC-2026-", 3), queries.record_path(store, "4.2"),
            queries.decision_outcomes_by_quarter(store, dt.date(2020, 1, 1)), queries.with_open_actions(store),
            queries.count(store, "decision", "passed"))


def test_the_dashboard_and_the_screens_queries_read_a_current_index_without_the_engine(small_store: Store) -> None:
    from tests.conftest import amend_clause

    amend_clause(small_store, "4.2", "New quorum text.")
    through_engine = _screen_reads(small_store)
    assert small_store._engine is not None
    small_store.close()
    reopened = Store.open(small_store.root)
    try:
        assert reopened.plain() is not None
        assert _screen_reads(reopened) == through_engine
        assert reopened._engine is None  # the dashboard's first load never imports SQLAlchemy (issue 18)
    finally:
        reopened.close()
