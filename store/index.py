"""The SQLite index: a derived, disposable view of the records at one commit.

It lives at ``.council/index.sqlite``, is ignored by git and can be deleted at
any time: ``council reindex`` (or the next open) rebuilds it from git.  Every
update is one transaction that also records ``indexed_commit``, so the index
is always exactly the records of one commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, create_engine, select

from council.errors import StoreError
from council.records import Record
from store import faults

SCHEMA_VERSION = "5"


class RecordRow(SQLModel, table=True):
    """One record at the indexed commit; ``text`` is its file, for parsing on demand."""

    __tablename__ = "records"
    id: str = Field(primary_key=True)
    kind: str = Field(index=True)
    path: str = Field(index=True)
    title: str = ""
    day: dt.date | None = Field(default=None, index=True)
    sensitivity: str = ""
    status: str = ""
    tier: str = ""
    blob: str = ""
    text: str = ""


class ProblemRow(SQLModel, table=True):
    """Something at HEAD the index could not take in: a record file that does not
    parse (key = its path), or a commit that did not come through the write
    path and breaks its rules (key = ``commit:<sha>``)."""

    __tablename__ = "problems"
    key: str = Field(primary_key=True)
    path: str = ""
    at_commit: str = ""
    message: str = ""


class Meta(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str = ""


def make_engine(path: Path) -> Engine:
    """An engine on the index file; safe to use from worker threads."""
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(conn: Any, _record: Any) -> None:
        cur = conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    return engine


def ensure_schema(engine: Engine) -> bool:
    """Create the tables; return False if an older schema had to be dropped."""
    SQLModel.metadata.create_all(engine)
    _create_fts(engine)
    with Session(engine) as session:
        row = session.get(Meta, "schema")
        if row is not None and row.value == SCHEMA_VERSION:
            return True
        fresh = row is None
    if not fresh:
        SQLModel.metadata.drop_all(engine)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS records_fts"))
        SQLModel.metadata.create_all(engine)
        _create_fts(engine)
    with Session(engine) as session:
        session.merge(Meta(key="schema", value=SCHEMA_VERSION))
        session.commit()
    return fresh


def _create_fts(engine: Engine) -> None:
    # Full-text search over titles and bodies, for filter-as-you-type.
    with engine.begin() as conn:
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5("
            "id UNINDEXED, kind UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')"
        ))


def row_for(record: Record, path: str, blob: str, file_text: str) -> RecordRow:
    status = getattr(record, "outcome", None) or getattr(record, "status", "") or ""
    day = getattr(record, "date", None) or getattr(record, "raised_on", None)
    return RecordRow(
        id=record.id, kind=record.KIND, path=path, title=record.title_text, day=day,
        sensitivity=getattr(record, "sensitivity", ""), status=status,
        tier=getattr(record, "tier", "") or "", blob=blob, text=file_text,
    )


def indexed_commit(engine: Engine) -> str | None:
    # A plain query: every write and every kept list asks (an ORM session costs 0.5 ms).
    with engine.connect() as conn:
        value = conn.execute(text("SELECT value FROM meta WHERE key = 'indexed_commit'")).scalar()
        return value or None


def apply(engine: Engine, upserts: Iterable[RecordRow], deleted_paths: Iterable[str],
          commit: str, bodies: dict[str, str] | None = None, full: bool = False,
          problems: Iterable[ProblemRow] = ()) -> None:
    """Apply a commit's changes to the index in one transaction.

    ``problems`` replaces what the index says about the paths it names (and,
    with ``full``, about every path); commit problems are only added here.
    A failure (a full disk) rolls the transaction back and is a StoreError.
    """
    try:
        _apply(engine, upserts, deleted_paths, commit, bodies, full, problems)
    except DBAPIError as exc:
        raise StoreError(f"cannot update the store's index {engine.url.database}: {exc.orig}; git is not "
                         "affected: free space if the disk is full, then run `council reindex`") from None


def _apply(engine: Engine, upserts: Iterable[RecordRow], deleted_paths: Iterable[str], commit: str,
           bodies: dict[str, str] | None, full: bool, problems: Iterable[ProblemRow]) -> None:
    upserts, problems = list(upserts), list(problems)
    deleted_paths = list(deleted_paths)
    with engine.begin() as conn:
        if full:
            conn.execute(text("DELETE FROM records"))
            conn.execute(text("DELETE FROM records_fts"))
            conn.execute(text("DELETE FROM problems WHERE key NOT LIKE 'commit:%'"))
        for path in deleted_paths:
            ids = [r[0] for r in conn.execute(text("SELECT id FROM records WHERE path=:p"), {"p": path})]
            conn.execute(text("DELETE FROM records WHERE path=:p"), {"p": path})
            for rid in ids:
                conn.execute(text("DELETE FROM records_fts WHERE rowid=:r"), {"r": fts_rowid(rid)})
        touched = deleted_paths + [r.path for r in upserts]
        if touched and not full:
            conn.execute(text("DELETE FROM problems WHERE key IN (%s)" % ",".join(
                f":k{n}" for n in range(len(touched)))), {f"k{n}": k for n, k in enumerate(touched)})
        if upserts:
            _upsert(conn, upserts, bodies or {}, full)
        if problems:
            conn.execute(text("INSERT OR REPLACE INTO problems (key, path, at_commit, message)"
                              " VALUES (:key, :path, :at_commit, :message)"),
                         [p.model_dump() for p in problems])
        faults.point("index.txn")
        conn.execute(text("INSERT OR REPLACE INTO meta (key, value) VALUES ('indexed_commit', :c)"), {"c": commit})


def _upsert(conn: Any, upserts: list[RecordRow], bodies: dict[str, str], full: bool) -> None:
    rows = [r.model_dump() for r in upserts]
    for row in rows:
        row["day"] = row["day"].isoformat() if row["day"] else None
    if not full:
        conn.execute(text("DELETE FROM records_fts WHERE rowid IN (%s)" % ",".join(
            f":i{n}" for n in range(len(rows)))), {f"i{n}": fts_rowid(r["id"]) for n, r in enumerate(rows)})
    conn.execute(text(
        "INSERT OR REPLACE INTO records (id, kind, path, title, day, sensitivity, status, tier, blob, text)"
        " VALUES (:id, :kind, :path, :title, :day, :sensitivity, :status, :tier, :blob, :text)"), rows)
    conn.execute(text("INSERT INTO records_fts (rowid, id, kind, title, body)"
                      " VALUES (:rowid, :id, :kind, :title, :body)"),
                 [{"rowid": fts_rowid(r["id"]), "id": r["id"], "kind": r["kind"], "title": r["title"],
                   "body": bodies.get(r["id"], "")} for r in rows])


def fts_rowid(record_id: str) -> int:
    """The full-text row of a record: a stable 56-bit number derived from its ID.

    Deleting by the FTS table's rowid is a b-tree lookup; deleting by its
    UNINDEXED id column scanned every row (36 ms a write at 100,000 records).
    """
    return int.from_bytes(hashlib.blake2b(record_id.encode("utf-8"), digest_size=7).digest(), "big")


def problems(engine: Engine) -> list[ProblemRow]:
    """What the index could not take in, by key."""
    with Session(engine) as session:
        return list(session.exec(select(ProblemRow).order_by(ProblemRow.key)))


def clear_commit_problems(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM problems WHERE key LIKE 'commit:%'"))


def rows(engine: Engine, kind: str | None = None) -> list[RecordRow]:
    with Session(engine) as session:
        query = select(RecordRow)
        if kind:
            query = query.where(RecordRow.kind == kind)
        return list(session.exec(query.order_by(RecordRow.id)))


def row(engine: Engine, record_id: str) -> RecordRow | None:
    with Session(engine) as session:
        return session.get(RecordRow, record_id)


def blobs(engine: Engine) -> dict[str, str]:
    """path -> blob sha of every indexed record (for verify)."""
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT path, blob FROM records")).all())


def dumps(data: Any) -> str:
    return json.dumps(data, default=str, sort_keys=True)


def private_copy(source: Path, folder: Path) -> Path:
    """A writable copy of a read-only store's index in ``folder`` (empty if it cannot be read).

    SQLite's backup API copies a consistent snapshot, WAL included; the
    caller then catches the copy up from git like any index.
    """
    import sqlite3

    target = folder / "index.sqlite"
    if source.exists() and not target.exists():
        try:
            with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
                src.backup(dst)
        except sqlite3.Error:
            target.unlink(missing_ok=True)
    return target
