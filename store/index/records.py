"""The records table: writing a commit's changes, and the reads of whole rows.

Every update is one transaction that also records ``indexed_commit``, so
the index is always exactly the records of one commit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from council.errors import StoreError
from store import faults
from store.index.heldrows import Contents, HeldRow, row_for  # noqa: F401  (named here too)
from store.index.plain import StoredFile, fts_rowid, read_contents, read_edit_mark, stream_contents
from store.index.schema import ProblemRow, RecordRow


def indexed_commit(engine: Engine) -> str | None:
    # A plain query: every write and every kept list asks (an ORM session costs 0.5 ms).
    with engine.connect() as conn:
        value = conn.execute(text("SELECT value FROM meta WHERE key = 'indexed_commit'")).scalar()
        return value or None


def apply(engine: Engine, upserts: Iterable[HeldRow], deleted_paths: Iterable[str],
          commit: str, bodies: dict[str, str] | None = None, full: bool = False,
          problems: Iterable[ProblemRow] = ()) -> None:
    """Apply a commit's changes to the index in one transaction (``full``: rebuild it with these rows).

    ``problems`` replaces what the index says about the paths it names (and,
    with ``full``, about every path); commit problems are only added here.
    A failure (a full disk) rolls the transaction back and is a StoreError.
    """
    if full:
        with rebuilding(engine, commit) as rebuild:
            rebuild.add(list(upserts), bodies or {})
            rebuild.problems = list(problems)
        return
    try:
        _apply(engine, list(upserts), list(deleted_paths), commit, bodies or {}, list(problems))
    except DBAPIError as exc:
        raise _failure(engine, exc) from None


def _failure(engine: Engine, exc: DBAPIError) -> StoreError:
    return StoreError(f"cannot update the store's index {engine.url.database}: {exc.orig}; git is not "
                      "affected: free space if the disk is full, then run `council reindex`")


class Rebuild:
    """The rows of an index being rebuilt, added a chunk at a time inside its one transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.problems: list[ProblemRow] = []  # written when the rebuild ends

    def add(self, rows: list[HeldRow], bodies: dict[str, str]) -> None:
        """Add records new to the rebuilt index; ``bodies`` maps a record's ID to its search text."""
        if rows:
            _upsert(self.conn, rows, bodies, full=True)


@contextmanager
def rebuilding(engine: Engine, commit: str) -> Iterator[Rebuild]:
    """Rebuild the index at ``commit`` in one transaction: it holds exactly what the block
    adds (rows, and the problems of paths; commit problems are kept), or, if the block
    raises, what it held before.  A clone adds the rows as verify's walk parses them."""
    try:
        with engine.begin() as conn:
            triggers = _open(conn, full=True)
            rebuild = Rebuild(conn)
            yield rebuild
            _close(conn, rebuild.problems, commit, triggers)
    except DBAPIError as exc:
        raise _failure(engine, exc) from None


def _apply(engine: Engine, upserts: list[HeldRow], deleted_paths: list[str], commit: str,
           bodies: dict[str, str], problems: list[ProblemRow]) -> None:
    with engine.begin() as conn:
        triggers = _open(conn, full=False)
        for path in deleted_paths:
            ids = [r[0] for r in conn.execute(text("SELECT id FROM records WHERE path=:p"), {"p": path})]
            conn.execute(text("DELETE FROM records WHERE path=:p"), {"p": path})
            for rid in ids:
                conn.execute(text("DELETE FROM records_fts WHERE rowid=:r"), {"r": fts_rowid(rid)})
        touched = deleted_paths + [r.path for r in upserts]
        if touched:
            conn.execute(text("DELETE FROM problems WHERE key IN (%s)" % ",".join(
                f":k{n}" for n in range(len(touched)))), {f"k{n}": k for n, k in enumerate(touched)})
        if upserts:
            _upsert(conn, upserts, bodies, False)
        _close(conn, problems, commit, triggers)


def _open(conn: Connection, full: bool) -> list[str]:
    """Start an update: the tally's first end, and (``full``) an empty index, its tally set aside."""
    # The first statement writes, so the transaction (and the write lock) starts here:
    # no edit by another connection can fall between the tally's two ends.
    conn.execute(text(_TALLY_OPEN))
    if not full:
        return []
    triggers = _set_tally_aside(conn)
    conn.execute(text("DELETE FROM records"))
    conn.execute(text("DELETE FROM records_fts"))
    conn.execute(text("DELETE FROM problems WHERE key NOT LIKE 'commit:%'"))
    return triggers


def _close(conn: Connection, problems: list[ProblemRow], commit: str, triggers: list[str]) -> None:
    """End an update: its problems, the commit it is at, the tally's triggers back and its other end."""
    if problems:
        conn.execute(text("INSERT OR REPLACE INTO problems (key, path, at_commit, message)"
                          " VALUES (:key, :path, :at_commit, :message)"),
                     [p.model_dump() for p in problems])
    faults.point("index.txn")
    conn.execute(text("INSERT OR REPLACE INTO meta (key, value) VALUES ('indexed_commit', :c)"), {"c": commit})
    for statement in triggers:
        conn.execute(text(statement))
    conn.execute(text(_TALLY_CLOSE))


def _set_tally_aside(conn: Connection) -> list[str]:
    """Drop the edit tally's triggers for a rebuild, returning what recreates them.

    A rebuild writes every row, and counting each cost a reindex a seventh of its time;
    the tally's difference (the edits made elsewhere) is what the transaction leaves
    unchanged either way.  The triggers come back in the same transaction."""
    found = list(conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                   "AND name LIKE 'tally\\_%' ESCAPE '\\'")))
    for name, _ in found:
        conn.execute(text(f'DROP TRIGGER "{name}"'))
    return [sql for _, sql in found]


# The edits this transaction makes count as the index's own (store.index.plain.TALLY_KEYS):
# row_edits_by_council becomes row_edits minus the edits made elsewhere before it, which
# it leaves as they were.  No-ops on an index without the tally.
_TALLY_OPEN = ("UPDATE meta SET value = CAST(value AS INTEGER) - (SELECT CAST(value AS INTEGER) FROM meta "
               "WHERE key = 'row_edits') WHERE key = 'row_edits_by_council'")
_TALLY_CLOSE = ("UPDATE meta SET value = CAST(value AS INTEGER) + (SELECT CAST(value AS INTEGER) FROM meta "
                "WHERE key = 'row_edits') WHERE key = 'row_edits_by_council'")


def _upsert(conn: Connection, upserts: list[HeldRow], bodies: dict[str, str], full: bool) -> None:
    # Through the driver's own connection, inside the same transaction: SQLAlchemy's handling of
    # each row's parameters was two thirds of a rebuild's inserts (0.4 of 0.6 s CPU at 10,000
    # decisions, in `council clone` and `council reindex`; issue 18).
    raw = _driver(conn)
    if not full:
        raw.execute("DELETE FROM records_fts WHERE rowid IN (%s)" % ",".join("?" * len(upserts)),
                    [fts_rowid(r.id) for r in upserts])
    raw.executemany("INSERT OR REPLACE INTO records (id, kind, path, title, day, sensitivity, status, tier, blob, "
                    "text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(r.id, r.kind, r.path, r.title, r.day.isoformat() if r.day else None, r.sensitivity,
                      r.status, r.tier, r.blob, r.text) for r in upserts])
    # In rowid order: FTS5 writes out what it holds each time a rowid comes lower than the one
    # before, so rows in path (or history) order, their rowids hashed, left it a segment per
    # row or two to merge: 0.4 s of a rebuild's 0.55 s in SQLite at 10,000 decisions, 0.13 s sorted.
    raw.executemany("INSERT INTO records_fts (rowid, id, kind, title, body) VALUES (?, ?, ?, ?, ?)",
                    sorted((fts_rowid(r.id), r.id, r.kind, r.title, bodies.get(r.id, "")) for r in upserts))


def problems(engine: Engine) -> list[ProblemRow]:
    """What the index could not take in, by key."""
    with Session(engine) as session:
        return list(session.exec(select(ProblemRow).order_by(ProblemRow.key)))


def clear_commit_problems(engine: Engine) -> None:
    """Forget the commits flagged as made outside the write path (a reindex checks afresh)."""
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM problems WHERE key LIKE 'commit:%'"))


def rows(engine: Engine, kind: str | None = None, offset: int = 0, limit: int | None = None) -> list[RecordRow]:
    """Every row (of one kind), by ID; or ``limit`` of them from ``offset`` (one page)."""
    with Session(engine) as session:
        query = select(RecordRow)
        if kind:
            query = query.where(RecordRow.kind == kind)
        query = query.order_by(RecordRow.id)
        if limit is not None:  # one page: its IDs first, then their rows (as store.index.plain does)
            page = select(RecordRow.id).order_by(RecordRow.id).offset(offset).limit(limit)
            if kind:
                page = page.where(RecordRow.kind == kind)
            query = select(RecordRow).where(col(RecordRow.id).in_(page.scalar_subquery())).order_by(RecordRow.id)
        return list(session.exec(query))


def row(engine: Engine, record_id: str) -> RecordRow | None:
    """The row of one record, or None."""
    with Session(engine) as session:
        return session.get(RecordRow, record_id)


def blobs(engine: Engine) -> dict[str, str]:
    """path -> blob sha of every indexed record (for verify)."""
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT path, blob FROM records")).all())




def record_count(engine: Engine) -> int:
    """How many records the index holds."""
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM records")).scalar_one())


def counts_by_kind(engine: Engine) -> dict[str, int]:
    """kind -> how many records of it the index holds."""
    with engine.connect() as conn:
        return {str(k): int(n) for k, n in conn.execute(text("SELECT kind, count(*) FROM records GROUP BY kind"))}


def contents(engine: Engine, paths: Collection[str] | None = None, ids: Collection[str] = ()) -> Contents:
    """The whole index as it is, or the rows at ``paths`` (verify compares them, row by row, with HEAD);
    the same reads as :class:`store.index.plain.PlainIndex`'s."""
    with engine.begin() as conn:
        return read_contents(_driver(conn), paths, ids)


def streamed(engine: Engine, paths: Collection[str]) -> Iterator[tuple[list[str], Contents]]:
    """The whole index a chunk of paths at a time, as :meth:`store.index.plain.PlainIndex.streamed`."""
    with engine.begin() as conn:
        yield from stream_contents(_driver(conn), paths)


def edit_mark(engine: Engine) -> str | None:
    """The index file and the row edits its own writes did not make (store.index.plain.read_edit_mark)."""
    with engine.connect() as conn:
        return read_edit_mark(_driver(conn))


def _driver(conn: Connection) -> sqlite3.Connection:
    found = conn.connection.driver_connection
    assert isinstance(found, sqlite3.Connection)
    return found


def stored(engine: Engine, record_id: str) -> StoredFile | None:
    """The file of one record at the indexed commit, or None if the index does not hold it."""
    with engine.connect() as conn:
        found = conn.execute(text("SELECT path, blob, text FROM records WHERE id = :i"), {"i": record_id}).first()
    return StoredFile(found[0], found[1], found[2]) if found is not None else None
