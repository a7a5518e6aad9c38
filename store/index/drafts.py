"""The workspace's table and its SQL: drafts that git does not hold yet.

The file is ``.council/workspace.sqlite``, opened with the same engine
factory as the index.  :class:`store.workspace.Workspace` is the API the
screens use; this module is only its storage.

The table uses its own SQLModel registry, so that the index's
``SQLModel.metadata.create_all`` never creates it in ``index.sqlite`` and
opening a workspace never creates the index's tables.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm import registry
from sqlmodel import Field, Session, SQLModel, col, select

from store.index.draftvalues import MINUTES, Draft
from store.index.engine import make_engine

__all__ = ["MINUTES", "Draft", "DraftRow", "open_drafts"]

class _WorkspaceModel(SQLModel, registry=registry()):
    """Base of the workspace tables: a metadata of their own."""


class DraftRow(_WorkspaceModel, table=True):
    """One draft: the proposed text of a record (or of minutes), not yet committed."""

    __tablename__ = "drafts"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)  # amendment | minutes
    target: str = Field(index=True)  # the record the draft changes (clause, IP, exit plan, meeting)
    summary: str = ""  # one line: what the amendment does, for the commit and the agenda
    text: str = ""  # amendment: the proposed record file; minutes: the Markdown body
    base: str = ""  # the record file in force when the draft was started ("" for a new record)
    proposed_by: str = ""  # who proposed it, "Name <email>" (the operator at the time)
    created: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    updated: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


def open_drafts(path: Path) -> Engine:
    """An engine on a workspace file, its table created; usable from worker threads.

    Drafts exist nowhere else (git does not hold them), so every save is
    synced to disk, unlike the index, which git can rebuild.
    """
    engine = make_engine(path, synchronous="FULL")
    _WorkspaceModel.metadata.create_all(engine)
    _add_proposed_by(engine)
    return engine


def _add_proposed_by(engine: Engine) -> None:
    """A workspace written before drafts named their proposer gains the column, empty."""
    from sqlalchemy import text

    with engine.begin() as connection:
        columns = {row[1] for row in connection.execute(text("PRAGMA table_info(drafts)"))}
        if "proposed_by" not in columns:
            connection.execute(text("ALTER TABLE drafts ADD COLUMN proposed_by VARCHAR NOT NULL DEFAULT ''"))


def _detach(row: DraftRow) -> Draft:
    assert row.id is not None
    return Draft(row.id, row.kind, row.target, row.summary, row.text, row.base, row.updated, row.proposed_by)


def drafts(engine: Engine, kind: str | None = None, target: str | None = None) -> list[Draft]:
    """Drafts (of a kind, for a target), most recently updated first."""
    with Session(engine) as session:
        query = select(DraftRow)
        if kind:
            query = query.where(DraftRow.kind == kind)
        if target:
            query = query.where(DraftRow.target == target)
        rows = session.exec(query.order_by(col(DraftRow.updated).desc(), col(DraftRow.id).desc()))
        return [_detach(r) for r in rows]


def get(engine: Engine, draft_id: int) -> Draft | None:
    """One draft by its number, or None."""
    with Session(engine) as session:
        row = session.get(DraftRow, draft_id)
        return _detach(row) if row else None


def save(engine: Engine, kind: str, target: str, text: str, summary: str, base: str,
         draft_id: int | None, proposed_by: str = "") -> Draft:
    """Create a draft, or update ``draft_id``; minutes keep one draft per meeting."""
    now = dt.datetime.now(dt.UTC)
    with Session(engine) as session:
        row = session.get(DraftRow, draft_id) if draft_id is not None else None
        if row is None and kind == MINUTES:
            row = session.exec(select(DraftRow).where(DraftRow.kind == MINUTES,
                                                      DraftRow.target == target)).first()
        if row is None:
            row = DraftRow(kind=kind, target=target, base=base, created=now)
        row.text, row.summary, row.updated = text, summary, now
        row.proposed_by = proposed_by or row.proposed_by
        if base and not row.base:
            row.base = base
        session.add(row)
        session.commit()
        session.refresh(row)
        return _detach(row)


def delete(engine: Engine, draft_id: int) -> None:
    """Remove a draft (nothing happens if it is gone already)."""
    with Session(engine) as session:
        row = session.get(DraftRow, draft_id)
        if row is not None:
            session.delete(row)
            session.commit()
