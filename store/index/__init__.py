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

import os
from pathlib import Path
from typing import TYPE_CHECKING

from council.errors import StoreError
from store.lazy import lazy_getattr

if TYPE_CHECKING:  # the same names, for type checkers and readers
    from sqlalchemy.engine import Engine
    from sqlalchemy.exc import SQLAlchemyError as IndexFailure

    from store.index.engine import make_engine, private_copy, private_folder
    from store.index.fresh import rebuilding_new
    from store.index.heldrows import Contents, HeldRow, Problem, row_for
    from store.index.plain import PlainIndex, StoredFile, fts_rowid, open_current
    from store.index.records import (
        apply,
        blobs,
        clear_commit_problems,
        contents,
        counts_by_kind,
        edit_mark,
        indexed_commit,
        problems,
        rebuilding,
        record_count,
        row,
        rows,
        stored,
        streamed,
    )
    from store.index.schema import SCHEMA_VERSION, Meta, ProblemRow, RecordRow, ensure_schema, migrate
    from store.index.writes import Rebuild

# name -> (module, name there).  Loaded on first use (PEP 562): a store whose index
# is current reads it through store.index.plain, and SQLAlchemy is not imported.
_NAMES: dict[str, tuple[str, str]] = {
    "Engine": ("sqlalchemy.engine", "Engine"),
    # What a failing index operation may raise besides StoreError (a write past
    # the commit point catches it and leaves the index to be caught up).
    "IndexFailure": ("sqlalchemy.exc", "SQLAlchemyError"),
    "make_engine": ("store.index.engine", "make_engine"),
    "private_copy": ("store.index.engine", "private_copy"),
    "private_folder": ("store.index.engine", "private_folder"),
    **{name: ("store.index.plain", name) for name in ("PlainIndex", "StoredFile", "fts_rowid", "open_current")},
    **{name: ("store.index.heldrows", name) for name in ("Contents", "HeldRow", "Problem", "row_for")},
    "Rebuild": ("store.index.writes", "Rebuild"),
    "rebuilding_new": ("store.index.fresh", "rebuilding_new"),
    **{name: ("store.index.records", name) for name in (
        "apply", "blobs", "clear_commit_problems", "contents", "counts_by_kind", "edit_mark",
        "indexed_commit", "problems", "rebuilding", "record_count", "row", "rows", "stored",
        "streamed")},
    **{name: ("store.index.schema", name) for name in (
        "SCHEMA_VERSION", "Meta", "ProblemRow", "RecordRow", "ensure_schema", "migrate")},
}

__all__ = sorted([*_NAMES, "IndexUnreadable", "open_index", "open_or_set_aside"])


__getattr__ = lazy_getattr(__name__, _NAMES)


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
    from sqlalchemy.exc import DatabaseError, OperationalError

    from store.index.engine import make_engine
    from store.index.schema import ensure_schema

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


def open_or_set_aside(path: Path) -> tuple[Engine, str | None]:
    """An engine on the index at ``path``; an unreadable file (not a database, or malformed:
    it is only derived data) is set aside as ``*.unreadable`` and a new one started, with a
    note saying so (the caller logs it and rebuilds the index from git)."""
    try:
        return open_index(path), None
    except IndexUnreadable as exc:
        reason = exc.reason
    aside = path.with_name(path.name + ".unreadable")
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    note = f"the index was unreadable ({reason}): set aside as {aside.name} and rebuilt from git"
    return open_index(path), note
