"""The store's writer lock: ``.council/write.lock``, an flock the kernel drops
if the process dies.

A second writer waits up to the configured wait (``COUNCIL_LOCK_WAIT``) and
gets :class:`~council.errors.StoreBusy`, saying how long it waited.  The lock
is re-entrant for the thread holding it through one :class:`Store` object:
`council sync` holds it while it replays commits through ``Store.write``
(flock locks belong to an open file, so taking it again would wait on
ourselves).
"""

from __future__ import annotations

import errno
import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from council import settings
from council.errors import StoreBusy, StoreError
from store.write import guards

if TYPE_CHECKING:
    from store.service import Store

READ_ONLY_ERRNOS = (errno.EACCES, errno.EPERM, errno.EROFS)


@dataclass
class Holder:
    """Which thread holds the writer lock through one store object, and how deeply."""

    depth: int = 0
    owner: int | None = None

    def held_here(self) -> bool:
        """True while the calling thread holds the lock through this object."""
        return bool(self.depth) and self.owner == threading.get_ident()


@contextmanager
def hold(store: "Store", holder: Holder, wait: float | None = None) -> Iterator[None]:
    """Hold ``store``'s writer lock (re-entrant through ``holder``), waiting up to ``wait`` seconds."""
    if holder.held_here():
        holder.depth += 1
        try:
            yield
        finally:
            holder.depth -= 1
        return
    wait = settings.current().lock_wait if wait is None else wait  # COUNCIL_LOCK_WAIT
    guards.refuse_symlinked_meta(store.root)  # the lock, index and journal live there
    try:
        store.meta_dir.mkdir(exist_ok=True)
        fh = open(store.meta_dir / "write.lock", "a+")
    except OSError as exc:
        if exc.errno in READ_ONLY_ERRNOS:
            store.read_only = True
            raise store.read_only_error("take its writer lock", exc) from None
        raise StoreError(f"cannot open the writer lock of {store.root}: {exc.strerror or exc}; "
                         "nothing was written") from None
    with fh:
        started = store.clock()
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = store.clock() - started
                if waited >= wait:
                    raise StoreBusy(waited) from None
                store.sleep(min(0.02, wait - waited))
        holder.depth, holder.owner = 1, threading.get_ident()
        try:
            yield
        finally:
            holder.depth, holder.owner = 0, None
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
