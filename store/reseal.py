"""`council reseal`: every sealed record the operator can read, sealed again to its readers of today.

After a term ends or a key rotates, the next write to a sealed record seals
it to the new readers anyway; this does it now, in one commit, for every
record whose sealed values the operator's key opens.  Records the operator
cannot open are left for a reader of their party.

Terms (the IP register, the exit plan, data terms) are never re-sealed here.
`verify` checks a re-seal with no key: it sees whom the new armour opens for,
never whether the text inside is the old one.  A reseal commit that touched a
term could so change the term's text without the vote an amendment needs,
and nobody but a reader could tell.  So each sealed term is named instead,
with whether its readers changed (checked with no key, from the armour's
stanza tags): those the secretariat re-seals with the term's next amendment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from council import sealed_fields, sealing, settings
from council.errors import CouncilError, StoreError
from council.records import KINDS, Record
from store.sealed import can_read
from store.write.change import Change, Committed
from store.write.seal import operator_identities

if TYPE_CHECKING:
    from store.service import Store


@dataclass
class Resealed:
    """What `council reseal` did: its commit, the IDs re-sealed, those left for another
    party's reader, and each sealed term skipped (ID -> whether its readers changed)."""

    commit: Committed | None = None
    done: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    terms: dict[str, bool] = field(default_factory=dict)


def reseal(store: "Store") -> Resealed:
    """Seal again what the operator can read (terms excepted: they are only named)."""
    if not operator_identities(store):
        raise StoreError("re-sealing needs a reader's key: run `council operator MEMBER-ID --key PATH` first")
    sealed = [r for kind in KINDS for r in store.list(kind) if r.sealed]
    day = (settings.current().commit_date or dt.datetime.now().astimezone()).date()
    terms = {r.id: readers_changed(store, r, day) for r in sealed if r.TERM}
    others = [r for r in sealed if not r.TERM]
    mine = [r for r in others if can_read(store, r)]
    left = [r.id for r in others if r not in mine]
    if not mine:
        return Resealed(None, [], left, terms)
    done = store.write(Change("re-seal sealed records to their readers of today", mine, reseal=True,
                              body="Each sealed value is sealed again to the keys of the serving members "
                                   "of its readers; no clear text changes."))
    return Resealed(done, [r.id for r in mine], left, terms)


def readers_changed(store: "Store", record: Record, day: dt.date) -> bool:
    """Is any sealed value of ``record`` sealed to other keys than its readers' on ``day``? (No key needed.)"""
    partnership = store.partnership()
    parties = [p.id for p in partnership.parties] if partnership else []
    try:
        keys = sealed_fields.reader_keys(record, store.members(), parties, day)
    except CouncilError:
        return True  # a reader has no key (or no longer serves): the readers are not those it was sealed to
    try:
        return any(sealing.sealed_to_exactly(armour, keys, record.id, path)
                   for path, armour in record.sealed.items())
    except CouncilError:
        return True
