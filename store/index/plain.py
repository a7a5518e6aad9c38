"""The index read through Python's ``sqlite3`` alone: the reads a command needs
when the index is already at HEAD, without importing SQLAlchemy and SQLModel.

Importing them costs about 0.38 s of CPU (SQLModel brings pydantic), more
than `council show` needs for everything else (issue 18).  A store opened
with an index whose schema is current reads its records, its commit and its
counts here; the first thing that needs more (catching the index up, a
write, the screens' queries) opens the SQLAlchemy engine as before, and from
then on the store reads through the engine.  SQLModel stays the schema: the
SQL below reads its tables (:mod:`store.index.schema`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.index.heldrows import Contents, HeldRow

# Kept equal to schema.SCHEMA_VERSION and the names of schema.MIGRATIONS
# (tests/test_fast_paths.py checks): read here without importing the SQLModel
# tables.  An index that lacks either is opened by the engine, which migrates it.
SCHEMA_VERSION = "6"
MIGRATIONS = ("listing-index", "edit-tally", "open-actions-index", "kind-id-index")

# The edit tally (the migration "edit-tally" in store.index.schema): triggers count every
# change to a row of the records and of the full-text table, whoever makes it, in
# ``row_edits``; the index's own writes add what they changed to ``row_edits_by_council``
# in the same transaction.  The difference only grows when something else (sqlite3 by
# hand) edits a row: ``council verify`` then compares every row again, and otherwise only
# the rows of the records its new commits changed.  ``row_edits_file`` tells one index
# file's tally from another's (a file replaced by another starts afresh).
TALLY_KEYS = ("row_edits", "row_edits_by_council", "row_edits_file")
_SQL_CHUNK = 500  # values bound in one IN (...)
STREAM_CHUNK = 2000  # paths whose rows verify --full holds at once (stream_contents)


@dataclass(frozen=True)
class StoredFile:
    """A record's file as the index holds it: where it is, its git blob, its text."""

    path: str
    blob: str
    text: str


@dataclass(frozen=True)
class FileRow:
    """One record's row, as much of it as parsing the record needs."""

    id: str
    path: str
    blob: str
    text: str


class PlainIndex:
    """A read-only ``sqlite3`` connection on a current index (one query at a time)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()  # the TUI reads from worker threads

    def _all(self, query: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            return self._conn.execute(query, args).fetchall()

    @contextmanager
    def reading(self) -> Iterator[Callable[[str, dict[str, Any]], list[Any]]]:
        """Run queries with named parameters (``:name``, as the engine's text SQL), one at a time."""
        with self._lock:
            yield lambda query, params: self._conn.execute(query, params).fetchall()

    def indexed_commit(self) -> str | None:
        found = self._all("SELECT value FROM meta WHERE key = 'indexed_commit'")
        return str(found[0][0]) if found and found[0][0] else None

    def contents(self, paths: Collection[str] | None = None, ids: Collection[str] = ()) -> Contents:
        """The whole index, or only the rows at ``paths`` (see :func:`read_contents`), in one read transaction."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                return read_contents(self._conn, paths, ids)
            finally:
                self._conn.execute("COMMIT")

    def streamed(self, paths: Collection[str]) -> Iterator[tuple[list[str], Contents]]:
        """The whole index a chunk of paths at a time (see :func:`stream_contents`), in one read transaction."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield from stream_contents(self._conn, paths)
            finally:
                self._conn.execute("COMMIT")

    def edit_mark(self) -> str | None:
        with self._lock:
            return read_edit_mark(self._conn)

    def stored(self, record_id: str) -> StoredFile | None:
        found = self._all("SELECT path, blob, text FROM records WHERE id = ?", (record_id,))
        return StoredFile(*(str(v) for v in found[0])) if found else None

    def rows(self, kind: str, offset: int = 0, limit: int | None = None) -> list[FileRow]:
        """A kind's rows by ID (as :func:`store.index.records.rows`), or one page of them."""
        query = "SELECT id, path, blob, text FROM records WHERE kind = ? ORDER BY id"
        args: tuple[object, ...] = (kind,)
        if limit is not None:
            # The page's IDs first, from the covering (kind, day, id) index, then only their rows:
            # ordering whole rows would read every record's text of the kind (15x slower at L).
            query = ("SELECT id, path, blob, text FROM records WHERE id IN "
                     "(SELECT id FROM records WHERE kind = ? ORDER BY id LIMIT ? OFFSET ?) ORDER BY id")
            args = (kind, limit, offset)
        return [FileRow(*(str(v) for v in r)) for r in self._all(query, args)]

    def counts_by_kind(self) -> dict[str, int]:
        return {str(k): int(str(n)) for k, n in self._all("SELECT kind, count(*) FROM records GROUP BY kind")}

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def read_contents(conn: sqlite3.Connection, paths: Collection[str] | None = None,
                  ids: Collection[str] = ()) -> Contents:
    """The whole index (``paths`` None), or the rows at ``paths`` with the full-text rows of
    those records and of ``ids`` (records whose file is gone may have left one behind)."""
    columns = "SELECT id, kind, path, title, day, sensitivity, status, tier, blob, text FROM records"
    if paths is None:
        found = _held(conn.execute(columns + " ORDER BY id"))
        search = {r[0]: (r[1], r[2], r[3]) for r in conn.execute("SELECT id, kind, title, body FROM records_fts")}
        return Contents(found, search)
    found = {}
    for chunk in _chunks(sorted(paths)):
        found.update(_held(conn.execute(f"{columns} WHERE path IN ({','.join('?' * len(chunk))})", chunk)))
    # By rowid, a b-tree lookup (the id column of the full-text table is not indexed).
    rowids = sorted({fts_rowid(i) for i in {*ids, *(r.id for r in found.values())}})
    search = {}
    for chunk in _chunks(rowids):
        query = f"SELECT id, kind, title, body FROM records_fts WHERE rowid IN ({','.join('?' * len(chunk))})"
        search.update({r[0]: (r[1], r[2], r[3]) for r in conn.execute(query, chunk)})
    return Contents(found, search)


def stream_contents(conn: sqlite3.Connection, paths: Collection[str]) -> Iterator[tuple[list[str], Contents]]:
    """Every row of the index, and the rows at ``paths`` (those in git), by path, ``chunk``
    paths at a time (:data:`STREAM_CHUNK`): each with the paths it covers and their rows and full-text rows.  Then
    the full-text rows no row owns, or kept at another row number than their record's.

    For ``council verify --full``: the whole index at once (every record's text, twice) was a
    fifth of its peak memory at 100,000 decisions (issue 18).
    """
    held = dict(conn.execute("SELECT path, id FROM records"))
    every = sorted(set(paths) | set(held))
    for start in range(0, len(every), STREAM_CHUNK):
        part = every[start:start + STREAM_CHUNK]
        yield part, read_contents(conn, part, ())
    ids = set(held.values())
    stray = [rowid for rowid, rid in conn.execute("SELECT rowid, id FROM records_fts")
             if rid not in ids or rowid != fts_rowid(rid)]
    search = {}
    for rows in _chunks(stray):
        query = f"SELECT id, kind, title, body FROM records_fts WHERE rowid IN ({','.join('?' * len(rows))})"
        search.update({r[0]: (r[1], r[2], r[3]) for r in conn.execute(query, rows)})
    yield [], Contents({}, search)


def _held(cursor: sqlite3.Cursor) -> dict[str, HeldRow]:
    found = {}
    for r in cursor:
        day = dt.date.fromisoformat(r[4]) if r[4] is not None else None
        found[r[2]] = HeldRow(r[0], r[1], r[2], r[3], day, r[5], r[6], r[7], r[8], r[9])
    return found


def _chunks(values: list) -> list[tuple]:
    return [tuple(values[n:n + _SQL_CHUNK]) for n in range(0, len(values), _SQL_CHUNK)]


def read_edit_mark(conn: sqlite3.Connection) -> str | None:
    """This index file and how many row edits its own writes did not make (``file:count``),
    or None while it has no edit tally (an index from before the migration)."""
    keys = ",".join("?" * len(TALLY_KEYS))
    found = dict(conn.execute(f"SELECT key, value FROM meta WHERE key IN ({keys})", TALLY_KEYS).fetchall())
    if len(found) != len(TALLY_KEYS):
        return None
    edits, ours, file = (found[k] for k in TALLY_KEYS)
    return f"{file}:{int(edits) - int(ours)}"


def fts_rowid(record_id: str) -> int:
    """The full-text row of a record: a stable 56-bit number derived from its ID.

    Deleting by the FTS table's rowid is a b-tree lookup; deleting by its
    UNINDEXED id column scanned every row (36 ms a write at 100,000 records).
    """
    return int.from_bytes(hashlib.blake2b(record_id.encode("utf-8"), digest_size=7).digest(), "big")


def open_current(path: Path) -> PlainIndex | None:
    """A plain reader of the index at ``path`` if it exists and its schema is current, else None
    (then the engine opens it: creating, migrating or rebuilding it is the engine's work)."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=30)
    except sqlite3.Error:
        return None
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta WHERE key = 'schema' OR key LIKE 'migration:%'"))
        if meta.get("schema") == SCHEMA_VERSION and all(f"migration:{m}" in meta for m in MIGRATIONS):
            return PlainIndex(conn)
    except sqlite3.Error:  # not a database, malformed, busy: the engine's open says what to do
        pass
    conn.close()
    return None
