"""The SQLite index: a derived, disposable view of the records at one commit,
and the only package of the store that holds SQL.

The index lives at ``.council/index.sqlite``, is ignored by git and can be
deleted at any time: ``council reindex`` (or the next open) rebuilds it from
git.  The package's rooms:

- :mod:`.engine`  the one engine factory (index and workspace), the read-only copy
- :mod:`.schema`  the tables, the schema version, the named migrations
- :mod:`.records` writing a commit's rows in one transaction; whole-row reads
- :mod:`.queries` the bounded reads of the screens (pages, search, counts)
- :mod:`.drafts`  the workspace's table (``.council/workspace.sqlite``)

Everything else in the store reads records through :class:`store.service.Store`
and never sees SQL, a session or a connection.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError

from council.errors import StoreError
from store.index.engine import make_engine, private_copy
from store.index.records import (
    Contents,
    HeldRow,
    StoredFile,
    apply,
    blobs,
    clear_commit_problems,
    contents,
    counts_by_kind,
    fts_rowid,
    indexed_commit,
    problems,
    record_count,
    row,
    row_for,
    rows,
    stored,
)
from store.index.schema import SCHEMA_VERSION, Meta, ProblemRow, RecordRow, ensure_schema, migrate

# What a failing index operation may raise besides StoreError (a write past
# the commit point catches it and leaves the index to be caught up).
IndexFailure = SQLAlchemyError

__all__ = ["Contents", "Engine", "HeldRow", "IndexFailure", "IndexUnreadable", "Meta", "ProblemRow", "RecordRow",
           "SCHEMA_VERSION", "StoredFile", "apply", "blobs", "clear_commit_problems", "contents",
           "counts_by_kind", "ensure_schema", "fts_rowid", "indexed_commit", "make_engine", "migrate",
           "open_index", "private_copy", "problems", "record_count", "row", "row_for", "rows", "stored"]


class IndexUnreadable(StoreError):
    """The index file is not a database, or is malformed: set it aside and rebuild it."""

    def __init__(self, path: Path, reason: object) -> None:
        super().__init__(f"cannot read the store's index {path}: {reason}")
        self.reason = reason


def open_index(path: Path) -> Engine:
    """An engine on the index at ``path``, its schema current.

    A file that is locked, read-only or on a full disk is a StoreError (not
    the file's fault); one that is not a database is :class:`IndexUnreadable`.
    """
    engine = make_engine(path)
    try:
        ensure_schema(engine)
        return engine
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(f"cannot open the store's index {path}: {exc.orig}") from None
    except DatabaseError as exc:
        engine.dispose()
        raise IndexUnreadable(path, exc.orig) from None
