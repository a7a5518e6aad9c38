"""`council reseal`: every sealed value whose readers changed, sealed again to its readers of today.

After a term ends or a key rotates, the next write to a sealed record seals
it to the new readers anyway; this does it now, in one commit, for every
record whose readers changed (seen from the armour's stanza tags, with no
key) and whose sealed values the operator's key opens.  A value already
sealed to exactly its readers is left byte for byte, so a run with nothing
to do commits nothing.  Records whose readers changed and the operator
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
from council.records import KINDS, Member, Record
from store.sealed import can_read
from store.write.change import Change, Committed, DryRun
from store.write.seal import operator_key

if TYPE_CHECKING:
    from store.service import Store


@dataclass
class Resealed:
    """What `council reseal` did (or, in a dry run, would do): its commit, the IDs re-sealed,
    those whose readers changed left for another party's reader, and each sealed term skipped
    (ID -> whether its readers changed)."""

    commit: Committed | None = None
    done: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    terms: dict[str, bool] = field(default_factory=dict)
    dry_run: bool = False


def reseal(store: "Store") -> Resealed:
    """Seal again, to its readers of today, each value whose readers changed and that the
    operator can read (terms excepted: they are only named).  A value sealed to exactly its
    readers' keys is left as it is: re-sealing it would change its armour and nothing else."""
    key = operator_key(store)
    if key is None:
        raise StoreError("re-sealing needs a reader's key: run `council operator MEMBER-ID --key PATH` first")
    _refuse_an_old_key(store, key.tag)
    sealed = [r for kind in KINDS for r in store.list(kind) if r.sealed]
    day = (settings.current().commit_date or dt.datetime.now().astimezone()).date()
    changed = {r.id for r in sealed if readers_changed(store, r, day)}  # no key needed: the stanza tags
    terms = {r.id: r.id in changed for r in sealed if r.TERM}
    due = [r for r in sealed if not r.TERM and r.id in changed]
    mine = [r for r in due if can_read(store, r)]
    left = [r.id for r in due if r not in mine]
    if not mine:
        return Resealed(None, [], left, terms)
    # Not forced: the write path opens and seals again only the values whose readers changed.
    change = Change("re-seal sealed records to their readers of today", mine,
                    body="Each sealed value whose readers changed is sealed again to the keys of the "
                         "serving members of its readers; no clear text changes.")
    try:
        done = store.write(change)
    except DryRun:
        return Resealed(None, [r.id for r in mine], left, terms, dry_run=True)
    return Resealed(done, [r.id for r in mine], left, terms)


def _refuse_an_old_key(store: "Store", tag: str) -> None:
    """The configured key must be the operator's registered one: after a rotation, the old key
    still opens what was sealed to it, but what it re-seals would be refused its text later."""
    from store.write.signing import configured_key

    member_id = store.operator_id()
    member = store.get(member_id) if member_id else None
    if not isinstance(member, Member):
        return  # the write names a missing operator
    try:
        registered = sealing.check_reader_key(member.signing_key, member.id).tag if member.signing_key else None
    except CouncilError:
        registered = None
    if registered != tag:
        raise StoreError(f"the configured key {configured_key(store)} is no longer registered for {member.id}"
                         + (" (their key was rotated)" if registered else " (no key is registered for them)")
                         + f": run `council operator {member.id} --key PATH`, PATH the private half of the "
                         "key registered for them now, then `council reseal` again")


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
