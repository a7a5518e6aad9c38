"""The statements of an index update, on the driver's own ``sqlite3`` connection.

Shared by the engine's updates (:mod:`store.index.records`, inside a SQLAlchemy
transaction, through its driver connection) and by a new index file built with
``sqlite3`` alone (:mod:`store.index.fresh`), so that both write the same rows the
same way.  SQLAlchemy's handling of each row's parameters was two thirds of a
rebuild's inserts (0.4 of 0.6 s of CPU at 10,000 decisions; issue 18).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from council.errors import StoreError
from store import faults
from store.index.heldrows import HeldRow, Problem
from store.index.plain import fts_rowid

# The edits this transaction makes count as the index's own (store.index.plain.TALLY_KEYS):
# row_edits_by_council becomes row_edits minus the edits made elsewhere before it, which
# it leaves as they were.  No-ops on an index without the tally.
TALLY_OPEN = ("UPDATE meta SET value = CAST(value AS INTEGER) - (SELECT CAST(value AS INTEGER) FROM meta "
              "WHERE key = 'row_edits') WHERE key = 'row_edits_by_council'")
TALLY_CLOSE = ("UPDATE meta SET value = CAST(value AS INTEGER) + (SELECT CAST(value AS INTEGER) FROM meta "
               "WHERE key = 'row_edits') WHERE key = 'row_edits_by_council'")


def failure(database: object, reason: object) -> StoreError:
    """What a failed update (a full disk) says: the transaction was rolled back."""
    return StoreError(f"cannot update the store's index {database}: {reason}; git is not "
                      "affected: free space if the disk is full, then run `council reindex`")


class Rebuild:
    """The rows of an index being rebuilt, added a chunk at a time inside its one transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.problems: list[Problem] = []  # written when the rebuild ends

    def add(self, rows: list[HeldRow], bodies: dict[str, str]) -> None:
        """Add records new to the rebuilt index; ``bodies`` maps a record's ID to its search text."""
        if rows:
            upsert(self.conn, rows, bodies, full=True)


def begin(conn: sqlite3.Connection, full: bool) -> list[str]:
    """Start an update: the tally's first end, and (``full``) an empty index, its tally set aside."""
    # The first statement writes, so the transaction (and the write lock) starts here:
    # no edit by another connection can fall between the tally's two ends.
    conn.execute(TALLY_OPEN)
    if not full:
        return []
    triggers = _set_tally_aside(conn)
    conn.execute("DELETE FROM records")
    conn.execute("DELETE FROM records_fts")
    conn.execute("DELETE FROM problems WHERE key NOT LIKE 'commit:%'")
    return triggers


def finish(conn: sqlite3.Connection, problems: Iterable[Problem], commit: str, triggers: list[str]) -> None:
    """End an update: its problems, the commit it is at, the tally's triggers back and its other end."""
    conn.executemany("INSERT OR REPLACE INTO problems (key, path, at_commit, message) VALUES (?, ?, ?, ?)",
                     [(p.key, p.path, p.at_commit, p.message) for p in problems])
    faults.point("index.txn")
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('indexed_commit', ?)", (commit,))
    for statement in triggers:
        conn.execute(statement)
    conn.execute(TALLY_CLOSE)


def delete_paths(conn: sqlite3.Connection, paths: list[str]) -> None:
    """Remove the records at ``paths`` and their full-text rows."""
    for path in paths:
        ids = [r[0] for r in conn.execute("SELECT id FROM records WHERE path = ?", (path,))]
        conn.execute("DELETE FROM records WHERE path = ?", (path,))
        for rid in ids:
            conn.execute("DELETE FROM records_fts WHERE rowid = ?", (fts_rowid(rid),))


def _set_tally_aside(conn: sqlite3.Connection) -> list[str]:
    """Drop the edit tally's triggers for a rebuild, returning what recreates them.

    A rebuild writes every row, and counting each cost a reindex a seventh of its time;
    the tally's difference (the edits made elsewhere) is what the transaction leaves
    unchanged either way.  The triggers come back in the same transaction."""
    found = list(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                              "AND name LIKE 'tally\\_%' ESCAPE '\\'"))
    for name, _ in found:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [sql for _, sql in found]


def upsert(conn: sqlite3.Connection, upserts: list[HeldRow], bodies: dict[str, str], full: bool) -> None:
    """Write these rows and their full-text rows (``full``: into an index emptied by :func:`begin`)."""
    if not full:
        conn.execute("DELETE FROM records_fts WHERE rowid IN (%s)" % ",".join("?" * len(upserts)),
                     [fts_rowid(r.id) for r in upserts])
    conn.executemany("INSERT OR REPLACE INTO records (id, kind, path, title, day, sensitivity, status, tier, blob, "
                     "text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(r.id, r.kind, r.path, r.title, r.day.isoformat() if r.day else None, r.sensitivity,
                       r.status, r.tier, r.blob, r.text) for r in upserts])
    # In rowid order: FTS5 writes out what it holds each time a rowid comes lower than the one
    # before, so rows in path (or history) order, their rowids hashed, left it a segment per
    # row or two to merge: 0.4 s of a rebuild's 0.55 s in SQLite at 10,000 decisions, 0.13 s sorted.
    conn.executemany("INSERT INTO records_fts (rowid, id, kind, title, body) VALUES (?, ?, ?, ?, ?)",
                     sorted((fts_rowid(r.id), r.id, r.kind, r.title, bodies.get(r.id, "")) for r in upserts))
