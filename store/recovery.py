"""Recovery when a store is opened and before every write: finish or drop an
interrupted write (:mod:`store.write.journal`), undo a sync that died
mid-replay (:mod:`store.sync.replay`), and bring the index to HEAD.

It composes the write path and sync, so that neither imports the other
backwards: the write path calls :meth:`Store.recover_locked`, which runs
:func:`recover_locked` here.  Everything it does is returned as notes for the
log (logger ``council.store``) and :attr:`Store.recovery_notes`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from council.errors import StoreBusy, StoreError
from store import faults
from store.git import revs
from store.write import journal

# What store.sync.replay keeps while a sync replays (its JOURNAL; a test keeps the two equal):
# sync's machinery is imported only when one died mid-replay, not on every open (issue 18).
SYNC_JOURNAL = "sync.json"

if TYPE_CHECKING:
    from store.service import Store

log = logging.getLogger("council.store")


def recover(store: "Store") -> list[str]:
    """Under the writer lock if it is free: recovery proper; read-only, the index only."""
    try:
        with store.lock():
            faults.point("recover.locked")
            notes = recover_locked(store)
    except StoreBusy:
        # A live writer holds the lock; it recovers before it writes, so
        # reading need not wait for it (the index may trail by a write).
        notes = ["the store is busy: opened without recovery (the writer holding it recovers first)"]
    except StoreError:
        if not store.read_only:
            raise
        notes = [f"the store at {store.root} is read-only: opened for reading only"]
        if (store.meta_dir / journal.JOURNAL).exists():
            notes.append("an interrupted write could not be finished (read-only); reading what git holds")
        notes += catch_up_index(store)
    for note in notes:
        log.warning(note)
    return notes


def recover_locked(store: "Store") -> list[str]:
    """Recovery proper; the caller holds the writer lock."""
    notes = journal.finish_interrupted(store)
    if (store.meta_dir / SYNC_JOURNAL).exists():  # a sync that died mid-replay is undone before anything else
        from store.sync import replay as sync_replay

        notes += sync_replay.recover(store)
    notes += catch_up_index(store)
    return notes


def catch_up_index(store: "Store") -> list[str]:
    """Bring the index from the commit it holds to HEAD (rebuilt if HEAD is not a descendant)."""
    head = store.head
    done = store.version  # the plain reader when the engine is not open: no SQLAlchemy to see it is current
    if head == done or head is None:
        return []
    from store import ingest

    store.kept.records.clear()
    if done is None or not revs.is_ancestor(store.root, done, head):
        ingest.full(store, head)
        return [f"index rebuilt from git at {head[:10]}"]
    ingest.incremental(store, done, head)
    return [f"index caught up from {done[:10]} to {head[:10]}"]
