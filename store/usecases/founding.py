"""Founding a council: the partnership, its charter and each party's signatory in one commit.

:func:`founding_records` builds what the founding adopts (the template's
charter, the partnership, the exit plan and one founding member per party,
its signatory); :func:`found` writes it as the store's first commit, signed by
the founder's key when the charter requires it, with the other parties'
co-signatures filed first under two-key approval (:mod:`store.write.founding`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from council.errors import RecordError
from council.parse import parse_ed25519_key
from council.records import ID_PATTERNS, Member, Record
from council.templates import founding_from_template
from store.git.commits import Identity
from store.write import founding as founding_step
from store.write import signing
from store.write.change import Change

if TYPE_CHECKING:
    from store.service import Store
    from store.write.change import Committed

SIGNATORY_ROLE = "senior_sponsor"


@dataclass(frozen=True)
class Founder:
    """A party's signatory, as `council init --signatory` names them: a founding voting member."""

    party: str
    member_id: str
    name: str
    email: str
    signing_key: str = ""  # an OpenSSH ed25519 public key line, or '' (a charter that needs no signatures)


@dataclass(frozen=True)
class Founding:
    """What a council is founded with."""

    name: str
    parties: list[tuple[str, str]]  # (ID, legal name)
    template: str
    effective: dt.date
    law: str = ""
    founders: list[Founder] = field(default_factory=list)


def founding_records(f: Founding) -> list[Record]:
    """Every record the founding commit adopts, checked (a bad signatory is named)."""
    records = founding_from_template(f.template, f.name, f.parties, f.effective, f.law)
    parties = {pid for pid, _ in f.parties}
    members: list[Member] = []
    for founder in f.founders:
        if founder.party not in parties:
            raise RecordError("--signatory", "party", "one of the parties: " + ", ".join(sorted(parties)),
                              founder.party)
        if not ID_PATTERNS["member"].match(founder.member_id):
            raise RecordError(founder.member_id, "id", "a member ID of 2 to 40 lower-case letters, digits or "
                              "hyphens, starting with a letter (e.g. ada-hale)", founder.member_id)
        if any(m.id == founder.member_id for m in members):
            raise RecordError(founder.member_id, "id", "a member ID not given to another signatory")
        key = parse_ed25519_key(founder.signing_key, founder.member_id) if founder.signing_key.strip() else ""
        members.append(Member(id=founder.member_id, name=founder.name.strip(), party=founder.party,
                              role=SIGNATORY_ROLE, voting=True, term_start=f.effective, email=founder.email.strip(),
                              signing_key=key, body=f"Signatory of the charter for {founder.party}."))
    return [*records, *members]


def signatories(records: list[Record]) -> list[founding_step.Signatory]:
    """The founding members among ``records``, as their parties' signatories."""
    return [founding_step.of_member(r) for r in records if isinstance(r, Member)]


def request(f: Founding) -> bytes:
    """The founding payload every other party's signatory co-signs under two-key approval."""
    return founding_step.payload_of_records(founding_records(f))


def found(store: "Store", f: Founding, key: Path | None = None,
          cosignatures: list[signing.Cosignature] | None = None,
          when: dt.datetime | None = None) -> tuple["Committed", Member | None]:
    """Write the founding commit into the new, empty ``store``; return it and the signing founder.

    ``key`` is the private key of the signatory who signs it (needed when the
    charter requires signatures); that signatory is the commit's author, else
    the founders (the secretariat) are.
    """
    records = founding_records(f)
    for cosig in cosignatures or []:
        founding_step.accept_cosignature(store, records, cosig)
    signer = None
    if key is not None:
        public = signing.key_id(signing.use_key(store, key))
        signer = next((r for r in records if isinstance(r, Member) and signing.key_id(r.signing_key) == public), None)
        if signer is None:
            raise RecordError("init", "--key", "the private key of a signatory whose public key "
                              "--signatory registers", str(key))
    author = Identity(signer.name, signer.email) if signer else Identity(*FOUNDERS)
    body = f"Charter template: {f.template}."
    done = store.write(Change("adopt the founding charter", records, kind="amend", body=body, when=when,
                              signatories=signatories(records)), author=author)
    return done, signer


# Who writes the founding when no signatory signs it (a charter that needs no signatures).
FOUNDERS = ("Council secretariat", "secretariat@council.invalid")
