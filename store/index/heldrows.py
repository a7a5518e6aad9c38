"""The index's rows as plain values, and the row a record has: no SQL, no SQLAlchemy.

Shared by the writes (:mod:`store.index.records`, through SQLAlchemy Core)
and the plain reader (:mod:`store.index.plain`), so that ``council verify``
on a current index compares every row with HEAD without importing
SQLAlchemy and SQLModel (0.4 s of CPU, a third of a verify after one commit
at 10,000 decisions; issue 18).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from council.records import Record

# Rows per page of the screens' bounded reads (store.index.queries): here, beside the rows,
# so that the store names its default page without importing the queries (issue 18).
PAGE = 100


@dataclass(frozen=True, slots=True)
class HeldRow:
    """One row of the records table as a plain value: what a write puts there
    (``row_for``) and what ``council verify`` reads back (``contents``).

    Not an ORM object: building 11,000 of them through the ORM cost verify
    about 0.2 s of CPU at 10,000 decisions, on every run, incremental too."""

    id: str
    kind: str
    path: str
    title: str
    day: dt.date | None
    sensitivity: str
    status: str
    tier: str
    blob: str
    text: str


@dataclass(frozen=True, slots=True)
class Problem:
    """Something at HEAD the index could not take in, as written to its ``problems`` table
    (:class:`store.index.schema.ProblemRow` is the same row as the ORM reads it): a record
    file that does not parse (key = its path), or a commit that did not come through the
    write path and breaks its rules (key = ``commit:<sha>``)."""

    key: str
    path: str
    at_commit: str
    message: str


@dataclass(frozen=True)
class Contents:
    """Everything the index holds, read in one transaction, for ``council verify``.

    ``rows`` by path; ``search`` is the full-text table, id -> (kind, title, body).
    """

    rows: dict[str, HeldRow]
    search: dict[str, tuple[str, str, str]]


def row_for(record: Record, path: str, blob: str, file_text: str) -> HeldRow:
    """The row a record file at ``path`` (git blob ``blob``) has in the index.

    A plain value, not a SQLModel object: validating one per record cost a
    reindex about a sixth of its time, and the rows are written with Core."""
    status = getattr(record, "outcome", None) or getattr(record, "status", "") or ""
    day = getattr(record, "date", None) or getattr(record, "raised_on", None)
    return HeldRow(
        id=record.id, kind=record.KIND, path=path, title=record.title_text, day=day,
        sensitivity=getattr(record, "sensitivity", ""), status=status,
        tier=getattr(record, "tier", "") or "", blob=blob, text=file_text,
    )
