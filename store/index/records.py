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

from store.index import writes
from store.index.heldrows import Contents, HeldRow, Problem, row_for  # noqa: F401  (named here too)
from store.index.plain import StoredFile, read_contents, read_edit_mark, stream_contents
from store.index.schema import ProblemRow, RecordRow
from store.index.writes import Rebuild


def indexed_commit(engine: Engine) -> str | None:
    # A plain query: every write and every kept list asks (an ORM session costs 0.5 ms).
    with engine.connect() as conn:
        value = conn.execute(text("SELECT value FROM meta WHERE key = 'indexed_commit'")).scalar()
        return value or None


def apply(engine: Engine, upserts: Iterable[HeldRow], deleted_paths: Iterable[str],
          commit: str, bodies: dict[str, str] | None = None, full: bool = False,
          problems: Iterable[Problem] = ()) -> None:
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
    upserts, deleted_paths, problems = list(upserts), list(deleted_paths), list(problems)
    try:
        with engine.begin() as conn:
            raw = _driver(conn)
            writes.begin(raw, full=False)
            writes.delete_paths(raw, deleted_paths)
            touched = deleted_paths + [r.path for r in upserts]
            if touched:
                raw.execute("DELETE FROM problems WHERE key IN (%s)" % ",".join("?" * len(touched)), touched)
            if upserts:
                writes.upsert(raw, upserts, bodies or {}, full=False)
            writes.finish(raw, problems, commit, [])
    except (DBAPIError, sqlite3.Error) as exc:  # the rows go through the driver itself (store.index.writes)
        raise writes.failure(engine.url.database, getattr(exc, "orig", exc)) from None


@contextmanager
def rebuilding(engine: Engine, commit: str) -> Iterator[Rebuild]:
    """Rebuild the index at ``commit`` in one transaction: it holds exactly what the block
    adds (rows, and the problems of paths; commit problems are kept), or, if the block
    raises, what it held before.  A clone adds the rows as verify's walk parses them."""
    try:
        with engine.begin() as conn:
            raw = _driver(conn)
            triggers = writes.begin(raw, full=True)
            rebuild = Rebuild(raw)
            yield rebuild
            writes.finish(raw, rebuild.problems, commit, triggers)
    except (DBAPIError, sqlite3.Error) as exc:  # the rows go through the driver itself (store.index.writes)
        raise writes.failure(engine.url.database, getattr(exc, "orig", exc)) from None


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
