"""The workspace: drafts that git does not hold yet.

Minutes being written and amendments proposed but not yet voted on live in
``.council/workspace.sqlite`` (ignored by git, like the index).  A draft
becomes part of the record only when the write path commits it: minutes when
they are circulated, an amendment when the decision approving it passes.

Its table and SQL are in :mod:`store.index.drafts`, opened with the index's
engine factory; this class is what the screens use.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.index.draftvalues import MINUTES, Draft

if TYPE_CHECKING:
    from store.index import Engine


class _Rows:
    """:mod:`store.index.drafts`, imported when a draft is first read or written: the
    screens import this module before their first frame, and SQLModel is heavy."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("store.index.drafts"), name)


rows = _Rows()

AMENDMENT = "amendment"
DRAFT_KINDS = (AMENDMENT, MINUTES)

__all__ = ["AMENDMENT", "DRAFT_KINDS", "Draft", "MINUTES", "Workspace"]


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
            self._engine = rows.open_drafts(self.path)
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
        return rows.drafts(self.engine, kind, target)

    def get(self, draft_id: int) -> Draft | None:
        if not self.exists:
            return None
        return rows.get(self.engine, draft_id)

    def save(self, kind: str, target: str, text: str, summary: str = "", base: str = "",
             draft_id: int | None = None, proposed_by: str = "") -> Draft:
        """Create a draft, or update ``draft_id``; minutes keep one draft per meeting."""
        if kind not in DRAFT_KINDS:
            raise ValueError(f"draft kind must be one of {DRAFT_KINDS}, not {kind!r}")
        return rows.save(self.engine, kind, target, text, summary, base, draft_id, proposed_by)

    def delete(self, draft_id: int) -> None:
        if not self.exists:
            return
        rows.delete(self.engine, draft_id)

    def minutes(self, meeting_id: str) -> Draft | None:
        found = self.drafts(MINUTES, meeting_id)
        return found[0] if found else None
