"""`council reseal`: every sealed record the operator can read, sealed again to its readers of today.

After a term ends or a key rotates, the next write to a sealed record seals
it to the new readers anyway; this does it now, in one commit, for every
record whose sealed values the operator's key opens.  Terms (the IP
register, the exit plan, data terms) change only by amendment, so their
sealed values are sealed again by their next amendment, not here.  Records
the operator cannot open are left for a reader of their party.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from council.errors import StoreError
from council.records import KINDS
from store.sealed import can_read
from store.write.change import Change, Committed
from store.write.seal import operator_identities

if TYPE_CHECKING:
    from store.service import Store


def reseal(store: "Store") -> tuple[Committed | None, list[str], list[str]]:
    """Seal again what the operator can read; give the commit, the IDs done and the IDs left."""
    if not operator_identities(store):
        raise StoreError("re-sealing needs a reader's key: run `council operator MEMBER-ID --key PATH` first")
    sealed = [r for kind, cls in KINDS.items() if not cls.TERM for r in store.list(kind) if r.sealed]
    mine = [r for r in sealed if can_read(store, r)]
    left = [r.id for r in sealed if r not in mine]
    if not mine:
        return None, [], left
    done = store.write(Change("re-seal sealed records to their readers of today", mine, reseal=True,
                              body="Each sealed value is sealed again to the keys of the serving members "
                                   "of its readers; no clear text changes."))
    return done, [r.id for r in mine], left
