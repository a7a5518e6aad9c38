"""The index's tables, its schema version and its named migrations.

A change of ``SCHEMA_VERSION`` drops and rebuilds the index from git (it is
derived data).  A migration is for what an existing index can gain in place
without a rebuild, such as an SQL index: each has a name, runs once per file,
and is remembered in ``meta`` as ``migration:<name>``, in the manner of
sqlite-utils' migrations.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Field, Session, SQLModel

from store.index.migrations import MIGRATIONS

log = logging.getLogger("council.store")
SCHEMA_VERSION = "6"  # 6: the full-text table holds every piece of prose, not only bodies


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
    """Key/value facts about the index file: its schema, its commit, its migrations."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str = ""


def ensure_schema(engine: Engine) -> bool:
    """Create the tables and run pending migrations; return False if an older schema had to be dropped."""
    SQLModel.metadata.create_all(engine)
    _create_fts(engine)
    with Session(engine) as session:
        row = session.get(Meta, "schema")
        current = row is not None and row.value == SCHEMA_VERSION
        fresh = row is None
    if not current:
        if not fresh:
            SQLModel.metadata.drop_all(engine)
            with engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS records_fts"))
            SQLModel.metadata.create_all(engine)
            _create_fts(engine)
        with Session(engine) as session:
            session.merge(Meta(key="schema", value=SCHEMA_VERSION))
            session.commit()
    migrate(engine)
    return current or fresh


def migrate(engine: Engine) -> list[str]:
    """Run the migrations this file has not had yet; return their names.

    A migration that cannot run now (the file is busy or read-only) is
    logged and tried again at the next open: queries work without it, only
    slower.
    """
    with engine.connect() as conn:
        done = {r[0] for r in conn.execute(text("SELECT key FROM meta WHERE key LIKE 'migration:%'"))}
    ran = []
    for name, statements in MIGRATIONS.items():
        if f"migration:{name}" in done:
            continue
        try:
            with engine.begin() as conn:
                _run(conn, name, statements)
        except OperationalError as exc:
            log.warning("index migration %s not applied yet: %s", name, exc.orig)
            continue
        ran.append(name)
    return ran


def _run(conn: Connection, name: str, statements: tuple[str, ...]) -> None:
    for statement in statements:
        conn.execute(text(statement))
    conn.execute(text("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, :v)"),
                 {"k": f"migration:{name}", "v": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})


def _create_fts(engine: Engine) -> None:
    # Full-text search over titles and bodies, for filter-as-you-type.
    with engine.begin() as conn:
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5("
            "id UNINDEXED, kind UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')"
        ))
