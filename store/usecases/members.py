"""Membership as records: appointing a member, ending a term, rotating a signing key.

Each builds one Change and sends it down the write path, as the other use
cases do.  A member who leaves is never deleted: the record keeps their term
(``term_end``), so the votes they cast and the commits they signed still
verify against the member as they were on the day.

The charter (clause 2 of every template) says how members are appointed: by
their party's notice, or by a decision of the council.  An appointment names
which, and the commit's message says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from council.errors import RecordError, RuleError
from council.parse import parse_ed25519_key
from council.records import ID_PATTERNS, Decision, Member
from council.sealing import SealError, check_reader_key
from store.usecases.common import readable
from store.usecases.common import require as _require
from store.write.allocate import allocates
from store.write.change import Change

if TYPE_CHECKING:
    from store.service import Store
    from store.write.change import Committed


@dataclass(frozen=True)
class Appointment:
    """A member as their appointment names them."""

    member_id: str
    name: str
    party: str
    term_start: dt.date
    role: str = "observer"
    voting: bool = False
    term_end: dt.date | None = None
    email: str = ""
    signing_key: str = ""  # an OpenSSH ed25519 public key line, or '' for none yet
    # How the charter's appointment was made: a decision's ID, or '' for the party's notice.
    by_decision: str = ""
    notice: str = ""  # the notice (a letter, its date), in the party's words
    sensitivity: str = "internal"


@allocates  # the ID is checked and taken under one hold of the lock
def appoint_member(store: "Store", appointment: Appointment) -> tuple["Committed", Member]:
    """Appoint a member: one ``record:`` commit that creates their record."""
    a = appointment
    if not ID_PATTERNS["member"].match(a.member_id):
        raise RecordError(a.member_id, "id", "a member ID of 2 to 40 lower-case letters, digits or "
                          "hyphens, starting with a letter (e.g. ada-hale)", a.member_id)
    if store.get(a.member_id) is not None:
        raise RecordError(a.member_id, "id", "a new member ID (IDs are never reused: a past member keeps "
                          "theirs; use `council member show` to see them)", a.member_id)
    key = _key(store, a.member_id, a.signing_key)
    how = _appointed_by(store, a)
    member = Member(id=a.member_id, name=a.name.strip(), party=a.party, role=a.role, voting=a.voting,
                    term_start=a.term_start, term_end=a.term_end, email=a.email.strip(), signing_key=key,
                    sensitivity=a.sensitivity)
    readable(member)
    done = store.write(Change(f"appoint {a.member_id} ({a.party}, {a.role})", [member], body=how,
                              creates=[a.member_id]))
    return done, _stored(store, a.member_id)


def end_term(store: "Store", member_id: str, day: dt.date, reason: str = "") -> tuple["Committed", Member]:
    """End a member's term on ``day`` (their last day); the record stays, with its term."""
    member = _require(store, member_id, Member)
    if member.term_end is not None and member.term_end < day:
        raise RuleError(f"{member_id}'s term already ended on {member.term_end.isoformat()}")
    if day < member.term_start:
        raise RecordError(member_id, "term_end", f"a date on or after term_start ({member.term_start})", day)
    changed = member.replace(term_end=day)
    note = " ".join(reason.split())
    done = store.write(Change(f"end the term of {member_id} on {day.isoformat()}", [changed], body=note))
    return done, _stored(store, member_id)


def rotate_key(store: "Store", member_id: str, key_line: str) -> tuple["Committed", Member]:
    """Register a member's new signing key.

    Commits are checked against the keys registered as of their parent, so
    what the old key signed still verifies after the change.
    """
    member = _require(store, member_id, Member)
    key = _key(store, member_id, key_line)
    if not key:
        raise RecordError(member_id, "signing_key", "the new public key")
    if key.split()[:2] == member.signing_key.split()[:2]:
        raise RecordError(member_id, "signing_key", "a key other than the one registered")
    done = store.write(Change(f"register a new signing key for {member_id}", [member.replace(signing_key=key)]))
    return done, _stored(store, member_id)


def _key(store: "Store", member_id: str, key_line: str) -> str:
    """The key line, checked: an ed25519 public key that no other member holds."""
    if not key_line.strip():
        return ""
    if key_line.strip().startswith("sk-"):
        # The same key opens what the member may read (issue 16): say why a hardware key will not do.
        try:
            check_reader_key(key_line, member_id)
        except SealError as exc:
            raise RecordError(member_id, "signing_key", f"a plain ssh-ed25519 public key ({exc})",
                              key_line.split()[0]) from None
    key = parse_ed25519_key(key_line, member_id)
    check_reader_key(key, member_id)
    holder = next((m.id for m in store.members()
                   if m.id != member_id and m.signing_key.split()[:2] == key.split()[:2]), None)
    if holder:
        raise RecordError(member_id, "signing_key", f"a key of this member's own ({holder} holds this one)")
    return key


def _appointed_by(store: "Store", a: Appointment) -> str:
    """The commit body that says how the appointment was made, checked against the record."""
    if not a.by_decision:
        notice = " ".join(a.notice.split())
        return f"Appointed by notice of {a.party}" + (f": {notice}" if notice else ".")
    decision = _require(store, a.by_decision, Decision)
    if decision.outcome != "passed":
        raise RecordError(a.member_id, "appointed_by", "a decision that passed",
                          f"{a.by_decision} ({decision.outcome or 'no outcome'})")
    return f"Appointed by decision {a.by_decision}: {decision.title}"


def _stored(store: "Store", member_id: str) -> Member:
    member = store.require(member_id)
    assert isinstance(member, Member)
    return member
