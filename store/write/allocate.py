"""Next free IDs, taken and used in one step under the writer lock.

Two writers that each read "the next free risk is RSK-004" and then write
RSK-004 would both be acknowledged, the second overwriting the first.  So a
use case that creates a record under the next free ID runs under the writer
lock (:func:`allocates`), with the index brought to HEAD first, and takes the
ID there (:func:`next_free_id`); and the write path refuses a change whose
``creates`` names an ID the store already holds (:func:`refuse_taken`), which
also covers an ID suggested by a form before the lock was taken.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from council.errors import RecordError
from council.records import kind_of_id, path_for
from store import queries
from store.git import trees

if TYPE_CHECKING:
    from store.service import Store
    from store.write.change import Change

T = TypeVar("T")


def allocates(use_case: Callable[..., T]) -> Callable[..., T]:
    """Run ``use_case(store, ...)`` under the store's writer lock, the index at HEAD.

    The lock is re-entrant for this thread, so the use case's own
    ``store.write`` runs inside the same hold: nobody can take the ID between
    reading it and committing the record.
    """

    @functools.wraps(use_case)
    def run(store: "Store", *args, **kwargs) -> T:
        with store.allocating():
            return use_case(store, *args, **kwargs)

    return run


def next_free_id(store: "Store", kind: str, prefix: str, width: int) -> str:
    """The next unused ID ``prefix`` + number, for a record about to be created.

    Only under the writer lock (see :func:`allocates`): outside it the answer
    is a suggestion another writer may take first.
    """
    if not store.holds_lock():
        raise AssertionError("a next free ID is taken under the writer lock (store.allocating())")
    return queries.next_id(store, kind, prefix, width)


def refuse_taken(store: "Store", change: "Change", parent: str | None) -> None:
    """Raise RecordError if a record ``change`` creates already exists at ``parent``.

    Called by the write path under the lock, after recovery: the index and
    ``parent`` are the store's HEAD, so this sees every committed record.
    """
    if not change.creates or parent is None:
        return
    tree = store.tree_of(parent)
    by_id = {r.id: r for r in change.records}
    for record_id in change.creates:
        record = by_id.get(record_id)
        in_tree = record is not None and trees.blob_at(store.objects, tree, path_for(record)) is not None
        if in_tree or store.get(record_id) is not None:
            what = kind_of_id(record_id) or "record"
            raise RecordError(record_id, "id", f"an ID not yet used by another {what} (another writer has "
                              "just recorded one under it; nothing was written: take the next free ID "
                              "and try again)", record_id)
