"""The workspace: drafts that git does not hold yet.

Minutes being written and amendments proposed but not yet voted on live in
``.council/workspace.sqlite`` (ignored by git, like the index).  A draft
becomes part of the record only when the write path commits it: minutes when
they are circulated, an amendment when the decision approving it passes.

The tables use their own SQLModel registry, so that the index's
``SQLModel.metadata.create_all`` never creates them in ``index.sqlite`` and
this module never creates the index's tables here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import registry
from sqlmodel import Field, Session, SQLModel, create_engine, select

AMENDMENT = "amendment"
MINUTES = "minutes"
DRAFT_KINDS = (AMENDMENT, MINUTES)


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
    created: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))
    updated: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))


@dataclass(frozen=True)
class Draft:
    """A draft as the rest of the program sees it (detached from any session)."""

    id: int
    kind: str
    target: str
    summary: str
    text: str
    base: str
    updated: dt.datetime

    @property
    def is_new_record(self) -> bool:
        return not self.base


def make_engine(path: Path) -> Engine:
    """An engine on a workspace file; usable from worker threads."""
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(conn: Any, _record: Any) -> None:
        cur = conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    _WorkspaceModel.metadata.create_all(engine)
    return engine


def _detach(row: DraftRow) -> Draft:
    assert row.id is not None
    return Draft(row.id, row.kind, row.target, row.summary, row.text, row.base, row.updated)


class Workspace:
    """Drafts of one store.  The file is created on first use, never on import."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._engine: Engine | None = None

    @classmethod
    def of_store(cls, store_root: Path) -> "Workspace":
        return cls(Path(store_root) / ".council" / "workspace.sqlite")

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._engine = make_engine(self.path)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @property
    def exists(self) -> bool:
        """Whether any draft was ever saved (reading never creates the file)."""
        return self._engine is not None or self.path.exists()

    def drafts(self, kind: str | None = None, target: str | None = None) -> list[Draft]:
        """Drafts, most recently updated first."""
        if not self.exists:
            return []
        with Session(self.engine) as session:
            query = select(DraftRow)
            if kind:
                query = query.where(DraftRow.kind == kind)
            if target:
                query = query.where(DraftRow.target == target)
            rows = session.exec(query.order_by(DraftRow.updated.desc(), DraftRow.id.desc()))
            return [_detach(r) for r in rows]

    def get(self, draft_id: int) -> Draft | None:
        if not self.exists:
            return None
        with Session(self.engine) as session:
            row = session.get(DraftRow, draft_id)
            return _detach(row) if row else None

    def save(self, kind: str, target: str, text: str, summary: str = "", base: str = "",
             draft_id: int | None = None) -> Draft:
        """Create a draft, or update ``draft_id``; minutes keep one draft per meeting."""
        if kind not in DRAFT_KINDS:
            raise ValueError(f"draft kind must be one of {DRAFT_KINDS}, not {kind!r}")
        now = dt.datetime.now(dt.timezone.utc)
        with Session(self.engine) as session:
            row = session.get(DraftRow, draft_id) if draft_id is not None else None
            if row is None and kind == MINUTES:
                row = session.exec(select(DraftRow).where(DraftRow.kind == MINUTES,
                                                          DraftRow.target == target)).first()
            if row is None:
                row = DraftRow(kind=kind, target=target, base=base, created=now)
            row.text, row.summary, row.updated = text, summary, now
            if base and not row.base:
                row.base = base
            session.add(row)
            session.commit()
            session.refresh(row)
            return _detach(row)

    def delete(self, draft_id: int) -> None:
        if not self.exists:
            return
        with Session(self.engine) as session:
            row = session.get(DraftRow, draft_id)
            if row is not None:
                session.delete(row)
                session.commit()

    def minutes(self, meeting_id: str) -> Draft | None:
        found = self.drafts(MINUTES, meeting_id)
        return found[0] if found else None
