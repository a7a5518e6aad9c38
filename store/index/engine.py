"""The one way to open a SQLite file of a store: the index and the workspace alike.

Both files live in ``.council/``, are opened from the TUI's worker threads
(hence ``check_same_thread=False``) and use write-ahead logging, so that a
reader never waits for a writer.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import create_engine

# How long a connection waits for another process's write before failing.
BUSY_TIMEOUT_S = 30


def make_engine(path: Path, synchronous: str = "NORMAL") -> Engine:
    """An engine on the SQLite file at ``path``; safe to use from worker threads.

    ``synchronous`` is SQLite's setting: ``NORMAL`` for the index (a commit
    lost to a power cut is rebuilt from git), ``FULL`` for files that exist
    nowhere else (the workspace's drafts).
    """
    if synchronous not in ("NORMAL", "FULL"):
        raise ValueError(f"synchronous must be NORMAL or FULL, not {synchronous!r}")
    engine = create_engine(f"sqlite:///{path}",
                           connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _pragmas(conn: Any, _record: Any) -> None:
        cur = conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA synchronous={synchronous}")
        cur.close()

    return engine


def private_folder(owner: object) -> Path:
    """A temp dir for a read-only store's index copy, removed when ``owner`` is
    collected or the process exits (its close() may remove it sooner):
    callers that never close a store (a one-shot command, a test) must not
    leave copies behind in /tmp."""
    import shutil
    import tempfile
    import weakref

    path = Path(tempfile.mkdtemp(prefix="council-ro-"))
    weakref.finalize(owner, shutil.rmtree, path, True)
    return path


def private_copy(source: Path, folder: Path) -> Path:
    """A writable copy of a read-only store's index in ``folder`` (empty if it cannot be read).

    SQLite's backup API copies a consistent snapshot, WAL included; the
    caller then catches the copy up from git like any index.
    """
    target = folder / "index.sqlite"
    if source.exists() and not target.exists():
        try:
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
                src.backup(dst)
        except sqlite3.Error:
            target.unlink(missing_ok=True)
    return target
