"""The index package: one engine factory, named migrations, the one read of a record's file."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from store import index
from store.index import schema
from store.service import Store
from store.workspace import AMENDMENT, Workspace

LISTING = "ix_records_kind_day_id"


def _sql_indexes(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def _meta(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT key, value FROM meta"))


def test_a_new_index_has_the_listing_index_before_any_query(small_store: Store) -> None:
    small_store.close()
    db = small_store.meta_dir / "index.sqlite"
    assert LISTING in _sql_indexes(db)
    assert "migration:listing-index" in _meta(db)


def test_an_index_from_before_the_migration_gains_it_at_open(small_store: Store) -> None:
    db = small_store.meta_dir / "index.sqlite"
    small_store.close()
    with sqlite3.connect(db) as conn:  # as a store made before the migration existed
        conn.execute(f"DROP INDEX {LISTING}")
        conn.execute("DELETE FROM meta WHERE key LIKE 'migration:%'")
    commit = _meta(db)["indexed_commit"]
    reopened = Store.open(small_store.root)
    reopened.close()
    assert LISTING in _sql_indexes(db)
    # Migrated in place: not rebuilt, the same commit, the same rows.
    assert _meta(db)["indexed_commit"] == commit and "migration:listing-index" in _meta(db)


def _plan(store: Store, ask: Callable[[Store, Any], object], marker: str) -> str:
    """SQLite's plan for the query holding ``marker`` that ``ask(store, plain reader)`` sends."""
    store.close()
    reopened = Store.open(store.root)
    try:
        plain = reopened.plain()
        assert plain is not None
        sent: list[str] = []
        plain._conn.set_trace_callback(sent.append)  # the SQL as SQLite runs it, parameters bound
        ask(reopened, plain)
        plain._conn.set_trace_callback(None)
        query = next(q for q in sent if marker in q)
        return " ".join(str(step[-1]) for step in plain._conn.execute("EXPLAIN QUERY PLAN " + query))
    finally:
        reopened.close()


def test_the_dashboards_open_actions_are_read_through_their_partial_index(small_store: Store) -> None:
    # SQLite uses a partial index only while the query's WHERE holds the index's terms as
    # written: a query edited apart from the migration would read every decision's text again.
    from store import queries

    plan = _plan(small_store, lambda store, _plain: queries.with_open_actions(store), "FROM records")
    assert "ix_records_open_actions" in plan, plan


def test_a_page_of_a_kind_in_id_order_sorts_nothing(small_store: Store) -> None:
    # `council list decisions` pages in ID order: SQLite sorted every decision for each page
    # before the migration "kind-id-index" (90 ms a page at 100,000 decisions).
    from store.index import queries

    plan = _plan(small_store, lambda _store, plain: queries.of_kind(plain, "decision", limit=2), "ORDER BY id")
    assert "ix_records_kind_id" in plan and "TEMP B-TREE" not in plan, plan


def test_a_migration_runs_once_per_file(small_store: Store) -> None:
    assert index.migrate(small_store.engine) == []


def test_a_migration_that_cannot_run_is_tried_at_the_next_open(small_store: Store, monkeypatch: pytest.MonkeyPatch,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setitem(schema.MIGRATIONS, "needs-a-table", ("CREATE INDEX ix_later ON later_table (x)",))
    with caplog.at_level(logging.WARNING, "council.store"):
        assert index.migrate(small_store.engine) == []
    assert "needs-a-table not applied yet" in caplog.text
    assert small_store.get("ben") is not None  # the store still reads
    with small_store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE later_table (x)")
    assert index.migrate(small_store.engine) == ["needs-a-table"]


def test_the_edit_mark_moves_only_for_row_edits_the_index_did_not_make(small_store: Store) -> None:
    from store.index.plain import read_edit_mark
    from store.write.change import Change

    db = small_store.meta_dir / "index.sqlite"

    def mark() -> str | None:
        with sqlite3.connect(db) as conn:
            return read_edit_mark(conn)

    before = mark()
    assert before is not None and before.endswith(":0")
    small_store.write(Change("update ben", [small_store.require("ben").replace(email="b2@hosp.example")]))
    assert mark() == before  # the index's own write
    small_store.close()
    for sql in ("UPDATE records SET title = 'x' WHERE id = 'ben'",
                "UPDATE records_fts SET body = 'x' WHERE id = 'ben'",
                "DELETE FROM records WHERE id = '4.2'"):
        with sqlite3.connect(db) as conn:
            conn.execute(sql)
        assert mark() != before, sql
        before = mark()
    store = Store.open(small_store.root)
    store.reindex()  # a rebuild sets the tally's triggers aside, and puts them back
    assert mark() == before
    store.close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE records SET title = 'y' WHERE id = 'ben'")
    assert mark() != before


def _pragma(engine: index.Engine, name: str) -> object:
    with engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_index_and_workspace_open_through_the_one_factory(small_store: Store) -> None:
    workspace = Workspace.of_store(small_store.root)
    workspace.save(AMENDMENT, "4.2", "text", "summary")
    for engine, synchronous in ((small_store.engine, 1), (workspace.engine, 2)):  # NORMAL, FULL
        assert _pragma(engine, "journal_mode") == "wal"
        assert _pragma(engine, "synchronous") == synchronous
    # Both are used from the TUI's worker threads.
    seen: list[object] = []
    worker = threading.Thread(target=lambda: seen.extend([workspace.drafts(), small_store.get("ben")]))
    worker.start()
    worker.join()
    assert [d.target for d in seen[0]] == ["4.2"] and seen[1] is not None
    workspace.close()


def test_the_engine_factory_refuses_an_unknown_setting(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="NORMAL or FULL"):
        index.make_engine(tmp_path / "x.sqlite", synchronous="OFF")


def test_stored_is_the_file_the_store_holds(small_store: Store) -> None:
    stored = small_store.stored("ben")
    assert stored is not None and stored.path == "members/ben.md"
    assert stored.text.encode("utf-8") == (small_store.root / stored.path).read_bytes()
    assert stored.blob == index.blobs(small_store.engine)[stored.path]
    assert small_store.stored("nobody") is None


@pytest.mark.parametrize("text", ["", "tier:ord", "quorum", "DEC-2026", "no-such-word-anywhere"])
def test_a_page_total_is_exact_at_every_offset_and_limit(sample_store: Store, text: str) -> None:
    """The total is counted only when a page cannot tell it (a full page, or one past the end)."""
    from store import queries

    flt = queries.parse_filter(text) if text else queries.DecisionFilter()
    everything = queries.decisions(sample_store, flt, 0, 10**6).rows
    n = len(everything)
    for limit in (0, 1, 2, 5, 100):
        for offset in sorted({0, 1, max(n - 1, 0), n, n + 5}):
            page = queries.decisions(sample_store, flt, offset, limit)
            assert page.total == n, (text, offset, limit)
            assert page.rows == everything[offset:offset + limit]
    kinds = queries.of_kind(sample_store, "meeting", limit=1)
    assert kinds.total == len(queries.of_kind(sample_store, "meeting", limit=10**6).rows)
