"""The data-sharing register from the shell: its terms change only by amendment.

A dataset's terms (purposes, lawful basis, retention...) are terms of the
partnership: a change is drafted as an amendment in the workspace and takes
effect only when a vote passes it (`council amend vote`), as the TUI's Data
sharing register drafts it (``e``).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from council.errors import RecordError
from council.fileformat import parse, serialise
from council.records import Dataset
from store.usecases.common import require
from store.usecases.proceedings import check_draft, new_dataset_text, save_amendment

if TYPE_CHECKING:
    from store.service import Store
    from store.workspace import Draft, Workspace


def draft_dataset_terms(store: "Store", workspace: "Workspace", dataset_id: str | None,
                        changes: dict[str, object], summary: str = "", dry_run: bool = False) -> "Draft | Dataset":
    """Draft new data-sharing terms (``dataset_id`` None: under the next free DS-NNN) or a change
    to the terms in force, as an amendment; in a dry run, the terms checked and nothing kept."""
    if dataset_id is None:
        partnership = store.partnership()
        parties = [p.id for p in partnership.parties] if partnership else []
        new_id, text = new_dataset_text(store, workspace, parties)
        base = parse(text, "dataset", new_id)
    else:
        base = require(store, dataset_id, Dataset)
    fields = {f.name for f in dataclasses.fields(base)} - {"id"}
    unknown = sorted(set(changes) - fields)
    if unknown:
        raise RecordError(base.id, unknown[0], "a field of data-sharing terms")
    record = base.replace(**changes)
    assert isinstance(record, Dataset)
    if dry_run:
        checked = check_draft(store, record.id, serialise(record))
        assert isinstance(checked, Dataset)
        return checked
    what = summary or (f"share {record.title or record.id} ({record.id})" if dataset_id is None
                       else f"change the data-sharing terms of {record.id}")
    return save_amendment(store, workspace, record.id, serialise(record), what)
