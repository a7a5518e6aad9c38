"""A draft as the rest of the program sees it: a plain value, importable without SQLModel.

:mod:`store.index.drafts` holds the table and its SQL; the screens import
:mod:`store.workspace` before the first frame, which must not load SQLModel
and SQLAlchemy (0.38 s of CPU) until a draft is first read (issue 18).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MINUTES = "minutes"


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
    proposed_by: str = ""  # who proposed it, "Name <email>" (the operator at the time)

    @property
    def is_new_record(self) -> bool:
        return not self.base
