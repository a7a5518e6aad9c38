"""A new index file made with Python's ``sqlite3`` alone, for a store that has none yet.

`council clone`, and the first open (or `council reindex`) of a fresh git clone, build
the whole index at once into a file that does not exist.  Made through SQLModel's
tables, that imported SQLAlchemy and SQLModel for this alone (0.3 s of CPU at every
clone; issue 18).  :data:`TABLES` are the statements SQLModel's ``create_all`` and the
full-text table give (:mod:`store.index.schema`), and every named migration runs
after them as on any file: tests/test_clone_index.py checks that both ways make the
same file.  Everything happens in one transaction, so a build that fails leaves a file
with no tables, which the next open takes for a new one.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from store.index import writes
from store.index.migrations import MIGRATIONS
from store.index.plain import SCHEMA_VERSION

TABLES = (
    "CREATE TABLE records (\n\tid VARCHAR NOT NULL, \n\tkind VARCHAR NOT NULL, \n\tpath VARCHAR NOT NULL, "
    "\n\ttitle VARCHAR NOT NULL, \n\tday DATE, \n\tsensitivity VARCHAR NOT NULL, \n\tstatus VARCHAR NOT NULL, "
    "\n\ttier VARCHAR NOT NULL, \n\tblob VARCHAR NOT NULL, \n\ttext VARCHAR NOT NULL, \n\tPRIMARY KEY (id)\n)",
    "CREATE INDEX ix_records_kind ON records (kind)",
    "CREATE INDEX ix_records_path ON records (path)",
    "CREATE INDEX ix_records_day ON records (day)",
    'CREATE TABLE problems (\n\t"key" VARCHAR NOT NULL, \n\tpath VARCHAR NOT NULL, \n\tat_commit VARCHAR NOT NULL, '
    '\n\tmessage VARCHAR NOT NULL, \n\tPRIMARY KEY ("key")\n)',
    'CREATE TABLE meta (\n\t"key" VARCHAR NOT NULL, \n\tvalue VARCHAR NOT NULL, \n\tPRIMARY KEY ("key")\n)',
    "CREATE VIRTUAL TABLE records_fts USING fts5(id UNINDEXED, kind UNINDEXED, title, body, "
    "tokenize='unicode61 remove_diacritics 2')",
)


def create(conn: sqlite3.Connection) -> None:
    """The current schema and every migration, on an empty database, in the caller's transaction."""
    for statement in TABLES:
        conn.execute(statement)
    conn.execute("INSERT INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for name, statements in MIGRATIONS.items():
        for statement in statements:
            conn.execute(statement)
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (f"migration:{name}", now))


@contextmanager
def rebuilding_new(path: Path, commit: str) -> Iterator[writes.Rebuild]:
    """A new index file at ``path``, built at ``commit`` in one transaction: the tables, then
    what the block adds (as :func:`store.index.records.rebuilding`)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    try:
        conn.execute("PRAGMA journal_mode=WAL")  # as the engine's connections (store/index/engine.py)
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            create(conn)
            triggers = writes.begin(conn, full=True)
            rebuild = writes.Rebuild(conn)
            yield rebuild
            writes.finish(conn, rebuild.problems, commit, triggers)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise writes.failure(path, exc) from None
    finally:
        conn.close()
