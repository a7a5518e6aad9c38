"""The founding commit: the partnership, its charter and its founding members, adopted in one commit.

The first commit of a store is a governance act, not a setup step.  It is an
``amend:`` commit with no decision (there is no council yet to decide), and
in place of a decision's trailers it names, for every party, the signatory
who adopted the charter for it::

    Founding: adopted by the parties on signature of the partnership agreement
    Signatory: acme: ann, Ann Archer <ann@acme.example>
    Signatory: beta: bob, Bob Brandt <bob@beta.example>

A signatory is a founding member (``member-id, Name <email>``, the member's
record in the same commit) or, where the charter does not require
signatures, a person named by identity only.  When the founding charter
requires signed amendments the commit is signed, as an amendment is, by a
signatory's registered key; under two-key approval every other party's
signatory co-signs the founding payload (:func:`payload`), and the
co-signatures travel as ``Co-signed-by`` trailers.  ``council verify``
(:mod:`store.audit.founding`) accepts exactly such a root.

Keys are those the founding commit itself registers: before it there is no
membership to register them in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from council.charter import Charter, charter_from_clauses
from council.errors import RecordError, RuleError, StoreError
from council.fileformat import parse_path
from council.records import Clause, Member, Partnership, Record, kind_of_path
from store.git import objects as gitobjects
from store.git.commits import Identity, trailers
from store.git.objects import blob_sha
from store.write import signing

if TYPE_CHECKING:
    from store.service import Store

SIGNATORY_TRAILER = "Signatory"
FOUNDING_DECISION = "founding"  # what the founding payload names in place of a decision
_SIGNATORY = re.compile(r"^(?P<party>[a-z0-9][a-z0-9_-]*): (?:(?P<member>[a-z][a-z0-9-]{1,39}), )?(?P<who>.+)$")


@dataclass(frozen=True)
class Signatory:
    """Who adopted the founding charter for one party."""

    party: str
    identity: str  # "Name <email>"
    member: str = ""  # the founding member's ID, when the signatory is one

    @property
    def trailer(self) -> str:
        named = f"{self.member}, " if self.member else ""
        return f"{SIGNATORY_TRAILER}: {self.party}: {named}{self.identity}"


def of_member(member: Member) -> Signatory:
    """A founding member as their party's signatory."""
    return Signatory(member.party, member.identity, member.id)


def signatories_in(message: str) -> tuple[list[Signatory], list[str]]:
    """The Signatory trailers of a commit message, and those that do not read as one."""
    found, bad = [], []
    for key, value in trailers(message):
        if key != SIGNATORY_TRAILER:
            continue
        match = _SIGNATORY.match(value.strip())
        if match is None:
            bad.append(value)
        else:
            found.append(Signatory(match["party"], match["who"].strip(), match["member"] or ""))
    return found, bad


def payload(changes: Iterable[tuple[str, str]]) -> bytes:
    """What each party's signatory co-signs: every record file of the founding tree (path, blob)."""
    return signing.approval_payload(FOUNDING_DECISION, [(path, None, blob) for path, blob in changes])


def payload_of_records(records: Iterable[Record]) -> bytes:
    """The founding payload for records not yet committed (the request a co-signer signs)."""
    from council.fileformat import serialise
    from council.records import path_for

    return payload((path_for(r), blob_sha(serialise(r).encode("utf-8"))) for r in records)


@dataclass(frozen=True)
class Founded:
    """The founding tree as the rules read it."""

    charter: Charter
    members: list[Member]
    partnership: Partnership | None


def read_tree(files: dict[str, bytes | None]) -> Founded:
    """The charter, members and partnership a founding commit's files hold."""
    return founded_of([parse_path(p, c) for p, c in files.items() if c is not None and kind_of_path(p)])


def founded_of(records: list[Record]) -> Founded:
    """The charter, members and partnership among a founding's records."""
    partnership = next((r for r in records if isinstance(r, Partnership)), None)
    return Founded(charter_from_clauses(r for r in records if isinstance(r, Clause)),
                   [r for r in records if isinstance(r, Member)], partnership)


def commit_bytes(store: "Store", tree: str, who: tuple[Identity, Identity], when: dt.datetime,
                 message: str, files: dict[str, bytes | None]) -> tuple[bytes, str]:
    """The founding commit object: signed (and co-signed) when its own charter requires it."""
    plain = gitobjects.commit_object(tree, None, who[0], who[1], when, message)
    founded = read_tree(files)
    charter = founded.charter
    if not message.startswith("amend:") or not (charter.signing_required or charter.two_key):
        return plain, message
    clause = charter.clauses.get("signing", "")
    key = signing.configured_key(store)
    if key is None:
        raise StoreError(f"the founding charter requires signed amendments (clause {clause}): give the key of a "
                         "party's signatory (`council init ... --key PATH`)")
    public = signing.key_id(signing.public_key(key))
    named = {s.member for s in signatories_in(message)[0] if s.member}
    own = next((m for m in founded.members if signing.key_id(m.signing_key) == public and m.id in named), None)
    if own is None:
        raise RecordError("founding", "signing_key", "the private key of a signatory whose public key the founding "
                          "registers (--signatory PARTY=ID:Name <email>:KEY.pub)", str(key))
    if charter.two_key:
        message = _with_cosignatures(store, own, message, files, founded, clause)
    raw = gitobjects.commit_object(tree, None, who[0], who[1], when, message)
    return signing.sign_commit(raw, key), message


def _with_cosignatures(store: "Store", own: Member, message: str, files: dict[str, bytes | None],
                       founded: Founded, clause: str) -> str:
    signed_payload = payload((p, blob_sha(c)) for p, c in files.items() if c is not None and kind_of_path(p))
    by_id = {m.id: m for m in founded.members}
    cosigs = [c for c in signing.filed_cosignatures(store, signed_payload) if c.member != own.id]
    signed = {own.party} | {by_id[c.member].party for c in cosigs if c.member in by_id}
    parties = [p.id for p in founded.partnership.parties] if founded.partnership else []
    missing = [p for p in parties if p not in signed]
    if missing:
        raise RuleError(f"two-key approval (charter {clause}): the signatory of {', '.join(missing)} has not "
                        "co-signed the founding; write the request with `council init ... --request FILE`, have "
                        "them run `council keys cosign FILE --key KEY --member ID`, and give the signature to "
                        "`council init ... --cosignature FILE.ID.sig`")
    return "\n".join(message.rstrip("\n").split("\n") + [c.trailer for c in cosigs]) + "\n"


def accept_cosignature(store: "Store", records: list[Record], cosig: signing.Cosignature) -> None:
    """Check a founding co-signature against the founding members' keys, and file it for the commit."""
    members = [r for r in records if isinstance(r, Member)]
    signed_payload = payload_of_records(records)
    check = signing.verify_signature(signed_payload, cosig.signature, members, signing.APPROVAL_NAMESPACE,
                                     signing_time(members, dt.datetime.now(dt.UTC)))
    if not check.ok or check.member is None or check.member.id != cosig.member:
        why = check.reason if not check.ok else f"it is signed with {check.member.id if check.member else '?'}'s key"
        raise RuleError(f"co-signature of the founding not accepted: {why}")
    folder = store.meta_dir / signing.COSIGN_DIR / signing.payload_digest(signed_payload)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{cosig.member}.sig").write_text(cosig.signature)


def signing_time(members: list[Member], when: dt.datetime) -> dt.datetime:
    """The moment a founding signature is checked at: the commit's, or the terms' start if later
    (a charter is often signed before the day it takes effect, and keys are valid from then)."""
    starts = [dt.datetime.combine(m.term_start, dt.time(12), dt.UTC) for m in members]
    return max([when.astimezone(dt.UTC), *starts])


def problems(signatories: list[Signatory], unreadable: list[str], founded: Founded) -> list[tuple[str, str]]:
    """What makes a founding's signatories wrong, as (record, why); empty when each party has one.

    Shared by the write path (a founding is refused) and ``council verify`` (a root is refused).
    """
    out = [("founding", f"the Signatory trailer {v!r} does not read as 'PARTY: [MEMBER-ID, ]Name <email>'")
           for v in unreadable]
    if founded.partnership is None:
        return [*out, ("partnership", "the founding adopts no partnership (partnership.md)")]
    parties = [p.id for p in founded.partnership.parties]
    by_id = {m.id: m for m in founded.members}
    named: dict[str, int] = {}
    for s in signatories:
        named[s.party] = named.get(s.party, 0) + 1
        if s.party not in parties:
            out.append((s.party, f"a Signatory names {s.party!r}, which is not a party ({', '.join(parties)})"))
        elif s.member and (s.member not in by_id or by_id[s.member].party != s.party):
            out.append((s.member, f"the signatory of {s.party} is not a founding member of {s.party} "
                                  "(the founding commit holds no such member record)"))
        elif s.member and by_id[s.member].identity != s.identity:
            out.append((s.member, f"the Signatory trailer says {s.identity!r}, the member record "
                                  f"{by_id[s.member].identity!r}"))
    for party in parties:
        if named.get(party, 0) != 1:
            how = "no signatory" if party not in named else f"{named[party]} signatories"
            out.append((party, f"the founding names {how} for {party}; each party adopts the charter "
                               "through exactly one (a Signatory trailer)"))
    if founded.charter.signing_required or founded.charter.two_key:
        for s in signatories:
            member = by_id.get(s.member)
            if member is None or not member.signing_key:
                out.append((s.member or s.party, f"the founding charter requires signatures, so the signatory of "
                                                 f"{s.party} must be a founding member with a signing key"))
    return out


def refuse_invalid(change_signatories: list[Signatory], files: dict[str, bytes | None]) -> None:
    """The write path's check of a founding change: refused, naming the party and what is missing."""
    found = problems(change_signatories, [], read_tree(files))
    if found:
        record, why = found[0]
        raise RuleError(f"{record}: {why}")
