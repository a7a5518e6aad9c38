"""The rules of a valid proceeding that join several records: a decision with
its meeting, a meeting's proxies, a motion's mover and seconder.

Pure functions, used three ways: the write path refuses a change that breaks
one (council.checks), ``council verify`` re-proves them at every commit
against the charter in force then (store/audit/amendcheck.py), and sync refuses an
incoming commit that breaks one (sync verifies before it integrates).  Each
returns what a person can read, naming the record, the field and the clause.

Where the charter is silent these follow Robert's Rules of Order: notice
applies to every motion of a tier that requires it, not only to
amendments; a motion needs no second in a small board unless the charter
says so (``seconder_required`` in the tiers clause); a proxy is held by a
voting member present in person, within the charter's limit per holder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence

from council import presence, rules
from council.charter import SUBJECTS, Charter
from council.errors import RecordError
from council.records import KINDS, Decision, Meeting, Member, Partnership, kind_of_id


def consenting_parties(partnership: Partnership | None) -> list[str]:
    """The parties whose consent per-party tiers need: the partners, not observers."""
    if partnership is None:
        return []
    return [p.id for p in partnership.parties if p.role != "observer"]


def decision_outcome(charter: Charter, members: Sequence[Member], parties: Sequence[str],
                     decision: Decision, meeting: Meeting) -> rules.Outcome:
    """The outcome of ``decision`` at ``meeting`` under ``charter``: quorum and
    presence at its agenda item, notice (for every decision of a tier that
    requires it), the threshold and the chair's casting vote."""
    tier = charter.tier(decision.tier)
    notice = rules.notice_given(tier, meeting.agenda_circulated, meeting.date)
    present = presence.attendance_at(meeting, presence.item_of(decision, meeting))
    return rules.outcome(charter, decision.tier, members, present, decision.votes,
                         meeting.date, notice, parties, decision.casting_vote)


def check_casting_vote(charter: Charter, members: Sequence[Member], parties: Sequence[str],
                       decision: Decision, meeting: Meeting) -> None:
    """A casting vote is given only where the charter grants one under the decision's
    tier, only on a tie, and by the chair, present in person at the item."""
    if not decision.casting_vote:
        if decision.casting_by:
            raise RecordError(decision.id, "casting_by", "no one: no casting vote was given", decision.casting_by)
        return
    tier = charter.tier(decision.tier)
    if not tier.casting_vote:
        raise RecordError(decision.id, "casting_vote", f"no casting vote: the charter grants the chair none "
                          f"under tier '{tier.name}', and a tie does not carry{_ref(charter.tiers_clause)}",
                          decision.casting_vote)
    item = presence.item_of(decision, meeting)
    present = presence.attendance_at(meeting, item)
    chairs = {m.id for m in members if m.role == "chair" and m.serves_on(meeting.date)}
    at = f" at item {item}" if item else ""
    if decision.casting_by not in chairs or present.get(decision.casting_by) != "present":
        raise RecordError(decision.id, "casting_by", f"the chair, serving on {meeting.date.isoformat()} and "
                          f"present in person{at}", decision.casting_by or "none")
    plain = rules.outcome(charter, decision.tier, members, present, decision.votes, meeting.date,
                          True, parties)
    if plain.result != "tied":
        raise RecordError(decision.id, "casting_vote", f"no casting vote: it breaks a tie, and the vote "
                          f"was {plain.tally}", decision.casting_vote)


def check_proxies(charter: Charter, members: Sequence[Member], meeting: Meeting) -> None:
    """Each proxy is held by a voting member serving that day and present in
    person, and no holder holds more than the charter allows."""
    voters = {m.id for m in rules.voting_members(members, meeting.date)}
    held: dict[str, int] = {}
    limit = charter.proxies.max_per_holder
    for member, state in meeting.attendance.items():
        holder = rules.proxy_holder(state)
        if not holder:
            continue
        field = f"attendance.{member}"
        if holder not in voters:
            raise RecordError(meeting.id, field, f"a proxy held by a voting member serving on "
                              f"{meeting.date.isoformat()} ({holder} is not one)", state)
        held[holder] = held.get(holder, 0) + 1
        if held[holder] > limit:
            raise RecordError(meeting.id, field, f"at most {limit} prox{'y' if limit == 1 else 'ies'} "
                              f"held by {holder}{_ref(charter.proxies.clause)}", state)


def check_motion(charter: Charter, members: Sequence[Member], decision: Decision, meeting: Meeting) -> None:
    """The mover and the seconder are distinct voting members present in person.

    A seconder is required only where the charter says so; whoever is named
    must be entitled to move or second.
    """
    voters = {m.id for m in rules.voting_members(members, meeting.date)}
    item = presence.item_of(decision, meeting)
    present = presence.attendance_at(meeting, item)
    at = f" item {item}" if item else ""
    for field, who in (("moved_by", decision.moved_by), ("seconded_by", decision.seconded_by)):
        if not who:
            continue
        if who not in voters:
            raise RecordError(decision.id, field, f"a voting member serving on {meeting.date.isoformat()}", who)
        if present.get(who) != "present":
            raise RecordError(decision.id, field, f"a member present in person at {meeting.id}{at}",
                              f"{who} ({present.get(who, 'absent')})")
    if decision.moved_by and decision.moved_by == decision.seconded_by:
        raise RecordError(decision.id, "seconded_by", "a member other than the mover", decision.seconded_by)
    if decision.votes and charter.seconder_required and not decision.seconded_by:
        raise RecordError(decision.id, "seconded_by", "the member who seconded the motion: the charter "
                          "requires a seconder" + _ref(charter.tiers_clause))


def check_agenda(meeting: Meeting, exists: Callable[[str], bool], before: Meeting | None = None) -> None:
    """Agenda references name records the store holds (or that the same change creates),
    judged when each is put on the agenda: a reference already on ``before`` (the
    meeting as stored) was judged then.  An item proposing a term change may name a
    term still to be created (the amendment creates it)."""
    known = {ref for item in before.agenda for ref in item.refs} if before else set()
    for i, item in enumerate(meeting.agenda):
        for ref in item.refs:
            field = f"agenda[{i}].refs"
            kind = kind_of_id(ref)
            if kind is None:
                raise RecordError(meeting.id, field, "the ID of a record (a clause number, DEC-..., IP-..., ...)", ref)
            if ref in known or (item.kind == "term_change" and KINDS[kind].TERM):
                continue
            if not exists(ref):
                raise RecordError(meeting.id, field, f"a record this store holds (there is no {ref})", ref)


def check_circulated(meeting: Meeting) -> None:
    """A meeting's agenda goes out on or before the meeting's day."""
    sent = meeting.agenda_circulated
    if sent is not None and sent > meeting.date:
        raise RecordError(meeting.id, "date", f"a day on or after {sent.isoformat()}, the day its agenda was "
                          "circulated: a meeting cannot take place before its agenda goes out; choose a later "
                          "day, or record the agenda circulated on an earlier day first "
                          f"(council meeting agenda {meeting.id} --circulate DATE)", meeting.date)


def check_rescheduled(before: Meeting | None, meeting: Meeting, today: dt.date | None) -> None:
    """A scheduled meeting moves only to a day still to come: a scheduled meeting in
    the past is one that did not take place as planned, and moving it there would
    record a plan no one could have kept."""
    if (before is None or today is None or before.status != "scheduled" or meeting.status != "scheduled"
            or before.date == meeting.date or meeting.date >= today):
        return
    raise RecordError(meeting.id, "date", f"a day from today ({today.isoformat()}) on: a scheduled meeting moves "
                      "only to a day still to come (if it met as planned, record its attendance; if it met on "
                      "another day, cancel it and schedule a meeting on the day it met)", meeting.date)


def check_dates(before: Meeting | None, meeting: Meeting, today: dt.date | None) -> None:
    """A meeting's day against the day it is recorded, its agenda's circulation and
    (when it moves) the day it was scheduled for."""
    check_held(meeting, today)
    check_rescheduled(before, meeting, today)
    check_circulated(meeting)


def check_held(meeting: Meeting, recorded_on: dt.date | None) -> None:
    """A meeting is held only on or before the day it is recorded held."""
    if meeting.status == "held" and recorded_on is not None and meeting.date > recorded_on:
        raise RecordError(meeting.id, "status", f"a meeting that has taken place: it is dated "
                          f"{meeting.date.isoformat()}, after today ({recorded_on.isoformat()}), so it "
                          "can only be scheduled", "held")


def check_decision_date(decision: Decision, meeting: Meeting) -> None:
    """A decision is taken at its meeting, on its meeting's day, once the meeting is held."""
    if decision.votes and meeting.status != "held":
        raise RecordError(decision.id, "meeting", f"a meeting that was held ({meeting.id} is {meeting.status})",
                          decision.meeting)
    if decision.date != meeting.date:
        raise RecordError(decision.id, "date", f"the day of its meeting {meeting.id} "
                          f"({meeting.date.isoformat()})", decision.date.isoformat())


def check_minutes_approval(meeting: Meeting, approving: Meeting | None) -> None:
    """Minutes are approved only at a later meeting that was held and quorate."""
    if meeting.minutes_status != "approved":
        return
    where = "minutes_approved_at"
    if approving is None:
        raise RecordError(meeting.id, where, "the ID of the meeting that approved the minutes",
                          meeting.minutes_approved_at)
    if approving.status != "held" or approving.date <= meeting.date:
        raise RecordError(meeting.id, where, f"a later meeting that was held ({approving.id} is "
                          f"{approving.status}, dated {approving.date.isoformat()})", approving.id)
    if approving.quorate is False:
        raise RecordError(meeting.id, where, f"a quorate meeting ({approving.id} was not quorate)", approving.id)


# What may never change once a decision is decided (a correction is a new
# decision or a recorded erratum, itself checked).
DECIDED_FIELDS = ("votes", "outcome", "tier", "motion", "moved_by", "seconded_by", "meeting", "date",
                  "agenda_item", "casting_vote", "casting_by")
# What may never change in a held meeting once a decision was taken at it.
HELD_FIELDS = ("date", "status", "attendance", "attendance_changes")
# Fields added after stores (and their verify ledgers) existed: left out of the
# digest while empty, so every digest recorded before them still matches.
_ADDED_LATER = ("agenda_item", "casting_vote", "casting_by", "attendance_changes")


def fixed_digest(record: Decision | Meeting, fields: Sequence[str]) -> str:
    """A digest of the fields that are fixed once decided (compared across commits by verify)."""
    data = {name: getattr(record, name) for name in fields
            if not (name in _ADDED_LATER and getattr(record, name) in (None, "", []))}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]


def changed_fields(before: Decision | Meeting, after: Decision | Meeting, fields: Sequence[str]) -> list[str]:
    return [name for name in fields if getattr(before, name) != getattr(after, name)]


def subject_of(record_id: str) -> str:
    """The subject of the decision rights a record belongs to ("charter.4.2", "ip", ...)."""
    kind = kind_of_id(record_id) or ""
    subject = SUBJECTS.get(kind, kind)
    return f"charter.{record_id}" if kind == "clause" else subject


def required_tier(charter: Charter, decision: Decision) -> tuple[str, str]:
    """The lowest tier ``decision`` may be taken at, and the subject that sets it.

    An amendment's tier follows from what it amends: the highest of the
    minimum tiers of its subjects.  ('', '') where the charter sets none.
    """
    best = ("", "")
    for record_id in decision.amends:
        subject = subject_of(record_id)
        tier = charter.minimum_tier(subject)
        if tier and (not best[0] or charter.rank(tier) > charter.rank(best[0])):
            best = (tier, subject)
    return best


def check_rights(charter: Charter, decision: Decision) -> None:
    """A recorder may choose a higher tier than the subject's minimum, never a lower one."""
    need, subject = required_tier(charter, decision)
    if need and decision.tier in {t.name for t in charter.tiers} and charter.rank(decision.tier) < charter.rank(need):
        raise RecordError(decision.id, "tier", f"tier '{need}' or higher: the charter's decision rights "
                          f"put {subject.replace('.', ' ', 1)} at '{need}'{_ref(charter.tiers_clause)}",
                          decision.tier)


def _ref(clause: str) -> str:
    return f" (charter {clause})" if clause else ""
