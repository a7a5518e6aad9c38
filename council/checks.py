"""Validate a change against the records in force, and fill in computed fields.

Pure functions over a :class:`Context` (what the store holds before the
change).  The store's write path calls :func:`check_change` before anything is
written; a failure raises :class:`RecordError` or :class:`RuleError` naming
the record and field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from council import presence, proceedings, rules
from council import resolutions as written
from council.artifact_checks import check_artifact, check_release
from council.charter import Charter, charter_from_clauses
from council.errors import RecordError, RuleError
from council.exit_state import check_partnership_exit, check_plan_kept
from council.records import (
    Artifact,
    Clause,
    Dataset,
    Decision,
    Dispute,
    Duty,
    ExitPlan,
    Incident,
    IPAsset,
    Meeting,
    Member,
    Partnership,
    Record,
    Release,
    Resolution,
    Risk,
    check_field_sensitivity,
)
from council.register_checks import check_dataset, check_duty, check_incident, check_risk
from council.sealed_fields import check_sealing

FINAL_OUTCOMES = ("passed", "failed", "tied", "no_quorum")


@dataclass
class Context:
    """The store as it is before the change (the parent commit)."""

    get: Callable[[str], Record | None]
    clauses: list[Clause]
    members: list[Member]
    partnership: Partnership | None
    # The day the change is recorded (its commit date): a meeting is held
    # only on or before it.  None where no day applies (a draft check).
    today: dt.date | None = None
    # The decided decisions taken at a meeting (ID, day): the meeting's
    # attendance is fixed once there is one.
    decided_at: Callable[[str, dt.date], list[str]] = dataclasses.field(default=lambda _id, _day: [])
    # The records as they were before the change (``get`` sees the change's own
    # records once they are in place): what immutability is judged against.
    before: Callable[[str], Record | None] | None = None

    def prior(self, record_id: str) -> Record | None:
        return (self.before or self.get)(record_id)


@dataclass(frozen=True)
class Approval:
    """What an amendment's trailers say: its decision, quorum and vote.

    ``meeting`` is None for a written resolution (decided between meetings).
    """

    decision: Decision | Resolution
    meeting: Meeting | None
    quorum: str
    vote: str
    approvers: list[Member]


def check_change(ctx: Context, records: list[Record], deletes: Iterable[str],
                 kind: str, decision_id: str | None) -> tuple[list[Record], Approval | None]:
    """Validate a change; return its records with computed fields, and its approval."""
    deletes = list(deletes)
    ids = [r.id for r in records]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise RecordError(sorted(dup)[0], "id", "each record once per change", "duplicate")
    genesis = ctx.partnership is None and not ctx.clauses
    new_ctx = _after(ctx, records)
    charter_now = _charter(ctx.clauses) if ctx.clauses else _charter(new_ctx.clauses)
    for record in records:
        check_field_sensitivity(type(record), getattr(record, "field_sensitivity", {}) or {}, record.id)
        check_sealing(record, charter_now)
    filled = [_check_record(r, new_ctx, charter_now) for r in records]
    by_id = {r.id: r for r in filled}
    for r in filled:
        if isinstance(r, Resolution):
            prior = ctx.prior(r.id)
            written.check_closing_change(prior if isinstance(prior, Resolution) else None, r, kind, decision_id)
    _check_new_charter(new_ctx, {r.id for r in records})
    removed = [_existing(ctx, i) for i in deletes]
    check_plan_kept(new_ctx.partnership, {r.id for r in records}, set(deletes), new_ctx.get)
    # Only terms need an amendment; removing a risk or a member is proceedings.
    terms = [r for r in filled if r.TERM] + [r for r in removed if r.TERM]
    if kind not in ("record", "amend"):
        raise RecordError("change", "kind", "'record' or 'amend'", kind)
    if genesis:
        return filled, None
    if terms and kind != "amend":
        raise RuleError(f"{terms[0].id} is a term of the partnership: it changes only by an "
                        "amendment approved by a decision that passed")
    if kind != "amend":
        return filled, None
    if not terms:
        raise RuleError("an amendment must change at least one term record")
    approval = _approval(ctx, by_id, decision_id, charter_now)
    missing = [t.id for t in terms if t.id not in approval.decision.amends]
    if missing:
        raise RecordError(approval.decision.id, "amends", f"the records this amendment changes ({', '.join(missing)})")
    return filled, approval


def _existing(ctx: Context, record_id: str) -> Record:
    record = ctx.get(record_id)
    if record is None:
        raise RecordError(record_id, "id", "an existing record to delete", record_id)
    if isinstance(record, Resolution) and (record.ballots or record.status == "closed"):
        raise RuleError(f"{record_id} has votes recorded: a written resolution stays in the record")
    return record


def _after(ctx: Context, records: list[Record]) -> Context:
    """The context as it would be with the change's records in place."""
    changed = {r.id: r for r in records}
    # A record that replaces a clause or a member is of the same kind (its ID says so).
    clauses = [c for c in (changed.pop(c.id, c) for c in ctx.clauses) if isinstance(c, Clause)]
    members = [m for m in (changed.pop(m.id, m) for m in ctx.members) if isinstance(m, Member)]
    clauses += [r for r in changed.values() if isinstance(r, Clause)]
    members += [r for r in changed.values() if isinstance(r, Member)]
    partnership = next((r for r in records if isinstance(r, Partnership)), ctx.partnership)
    new = {r.id: r for r in records}

    def get(record_id: str) -> Record | None:
        return new.get(record_id) or ctx.get(record_id)

    return Context(get, clauses, members, partnership, ctx.today, ctx.decided_at, ctx.before or ctx.get)


def _charter(clauses: list[Clause]) -> Charter:
    return charter_from_clauses(clauses)


def _check_new_charter(ctx: Context, changed: set[str]) -> None:
    charter = charter_from_clauses(ctx.clauses)
    if charter.quorum.basis == "count" and charter.quorum.count < 1:
        raise RecordError("charter", "quorum", "a quorum that can be met")
    if charter.quorum.clause in changed:
        _check_quorum_can_be_met(charter, ctx)


def _check_quorum_can_be_met(charter: Charter, ctx: Context) -> None:
    """A new quorum rule must be one the voting membership can meet (once there is one)."""
    voters = [m for m in ctx.members if m.voting]
    if not voters:
        return  # founding: members are appointed after the charter
    where = f"charter {charter.quorum.clause}"
    required = rules.quorum_required(charter, len(voters))
    if required > len(voters):
        raise RecordError(where, "settings.count", f"a quorum the {len(voters)} voting members can meet", required)
    per_party = charter.quorum.min_per_party
    # As in rules.quorum, the minimum binds parties with voting members only: an
    # observer party with no vote cannot make the quorum impossible.
    for party in [p for p in _parties(ctx) if any(m.party == p for m in voters)]:
        have = sum(1 for m in voters if m.party == party)
        if per_party > have:
            raise RecordError(where, "settings.min_per_party", f"at most {have}, the voting members of "
                              f"party {party}: a quorum that can be met", per_party)


def _parties(ctx: Context) -> list[str]:
    return [p.id for p in ctx.partnership.parties] if ctx.partnership else []


def _check_record(record: Record, ctx: Context, charter: Charter) -> Record:
    checker = _CHECKS.get(type(record))
    return checker(record, ctx, charter) if checker else record


def _check_partnership(p: Partnership, ctx: Context, charter: Charter) -> Record:
    ids = [party.id for party in p.parties]
    if len(ids) < 2:
        raise RecordError(p.id, "parties", "at least two parties", ids)
    if len(set(ids)) != len(ids):
        raise RecordError(p.id, "parties", "distinct party IDs", ids)
    check_partnership_exit(p, ctx.get)
    return p


def _check_member(m: Member, ctx: Context, charter: Charter) -> Record:
    parties = _parties(ctx)
    if parties and m.party not in parties:
        raise RecordError(m.id, "party", "a party to the partnership: " + ", ".join(parties), m.party)
    if m.term_end and m.term_end < m.term_start:
        raise RecordError(m.id, "term_end", f"a date on or after term_start ({m.term_start})", m.term_end)
    if not m.name.strip():
        raise RecordError(m.id, "name", "the member's name", m.name)
    return m


def _check_meeting(m: Meeting, ctx: Context, charter: Charter) -> Record:
    known = {mem.id for mem in ctx.members}
    for member, state in m.attendance.items():
        field = f"attendance.{member}"
        if member not in known:
            raise RecordError(m.id, field, "a member of the council", member)
        if state.startswith("proxy:"):
            holder = state.split(":", 1)[1]
            if not charter.proxies.allowed:
                raise RecordError(m.id, field, "present, absent or apologies: the charter does not "
                                  "authorise proxies" + _ref(charter.proxies.clause), state)
            if m.attendance.get(holder) != "present":
                raise RecordError(m.id, field, f"a proxy held by a member present ({holder} is not)", state)
        elif state not in ("present", "absent", "apologies"):
            raise RecordError(m.id, field, "present, absent, apologies or proxy:<member>", state)
    presence.check_attendance_changes(m, known)
    proceedings.check_proxies(charter, ctx.members, m)
    before = prior if isinstance(prior := ctx.prior(m.id), Meeting) else None
    proceedings.check_dates(before, m, ctx.today)
    proceedings.check_agenda(m, lambda ref: ctx.get(ref) is not None, before)
    if m.minutes_status == "approved":
        approving = ctx.get(m.minutes_approved_at) if m.minutes_approved_at else None
        proceedings.check_minutes_approval(m, approving if isinstance(approving, Meeting) else None)
    _check_held_meeting_fixed(m, ctx)
    if m.status != "held" or not m.attendance:
        return dataclasses.replace(m, quorate=None, quorum_note="")
    # ``quorate`` is the quorum at the opening; where it was lost or regained
    # during the meeting the note says before which item.
    q = rules.quorum(charter, ctx.members, m.attendance, m.date, _parties(ctx))
    changes = presence.quorum_changes(charter, ctx.members, m, _parties(ctx))
    note = f"{q.explanation}; {changes}" if changes else q.explanation
    return dataclasses.replace(m, quorate=q.met, quorum_note=note)


def _ref(clause: str) -> str:
    return f" (charter {clause})" if clause else ""


def _check_held_meeting_fixed(m: Meeting, ctx: Context) -> None:
    """Attendance, date and status of a held meeting are fixed once a decision was taken at it."""
    prior = ctx.prior(m.id)
    if not isinstance(prior, Meeting) or prior.status != "held":
        return
    changed = proceedings.changed_fields(prior, m, proceedings.HELD_FIELDS)
    if not changed:
        return
    decided = ctx.decided_at(m.id, prior.date)
    if decided:
        raise RuleError(f"{m.id}: its {', '.join(changed)} cannot change: {', '.join(decided)} "
                        "was decided at it; a correction is a recorded erratum or a new decision")


def _check_decision(d: Decision, ctx: Context, charter: Charter) -> Record:
    meeting = ctx.get(d.meeting)
    if not isinstance(meeting, Meeting):
        raise RecordError(d.id, "meeting", "the ID of a recorded meeting", d.meeting)
    charter.tier(d.tier) if d.tier else _no_tier(d, charter)
    prior = ctx.prior(d.id)
    if isinstance(prior, Decision) and prior.outcome in FINAL_OUTCOMES:
        fixed = [f for f in proceedings.changed_fields(prior, d, proceedings.DECIDED_FIELDS) if f != "outcome"]
        if fixed:
            what = "votes are" if fixed == ["votes"] else f"{', '.join(fixed)} cannot change:"
            raise RuleError(f"{d.id}: {what} immutable once recorded; a correction is a new decision")
    proceedings.check_rights(charter, d)
    proceedings.check_decision_date(d, meeting)
    for owner in (a.owner for a in d.actions if a.owner):
        if ctx.get(owner) is None and owner not in _parties(ctx):
            raise RecordError(d.id, "actions.owner", "a member or party ID", owner)
    item = presence.item_of(d, meeting)
    if not d.votes:
        return dataclasses.replace(d, outcome="pending", outcome_note="no votes recorded yet")
    presence.check_quorum_at_vote(charter, ctx.members, d, meeting, _parties(ctx))
    rules.check_votes(charter, ctx.members, presence.attendance_at(meeting, item), d.votes, meeting.date, d.id,
                      f" at {meeting.id} item {item}" if item else "")
    parties = proceedings.consenting_parties(ctx.partnership)
    proceedings.check_motion(charter, ctx.members, d, meeting)
    proceedings.check_casting_vote(charter, ctx.members, parties, d, meeting)
    result = proceedings.decision_outcome(charter, ctx.members, parties, d, meeting)
    return dataclasses.replace(d, outcome=result.result, outcome_note=result.explanation)


def _check_resolution(r: Resolution, ctx: Context, charter: Charter) -> Record:
    prior = ctx.prior(r.id)
    return written.check_resolution(charter, ctx.members, proceedings.consenting_parties(ctx.partnership), r,
                                    prior if isinstance(prior, Resolution) else None, ctx.today)


def _no_tier(d: Decision, charter: Charter) -> None:
    raise RecordError(d.id, "tier", "one of " + ", ".join(t.name for t in charter.tiers), d.tier)


def _check_dispute(d: Dispute, ctx: Context, charter: Charter) -> Record:
    parties = _parties(ctx)
    for field, values in (("raised_by", [d.raised_by]), ("against", d.against)):
        for value in values:
            if parties and value not in parties:
                raise RecordError(d.id, field, "a party to the partnership: " + ", ".join(parties), value)
    names = [s.name for s in charter.ladder.stages]
    for i, stage in enumerate(d.stages):
        if names and stage.name not in names:
            raise RecordError(d.id, f"stages[{i}].name", "a stage of the ladder: " + ", ".join(names), stage.name)
        if i and stage.entered < d.stages[i - 1].entered:
            raise RecordError(d.id, f"stages[{i}].entered", f"a date on or after {d.stages[i - 1].entered}", stage.entered)
        if names and i and names.index(stage.name) <= names.index(d.stages[i - 1].name):
            raise RecordError(d.id, f"stages[{i}].name", "the next stage of the ladder, in order", stage.name)
    if d.status == "resolved" and d.resolved_on is None:
        raise RecordError(d.id, "resolved_on", "the date the dispute was resolved")
    return d


def _check_ip(a: IPAsset, ctx: Context, charter: Charter) -> Record:
    rules.check_shares(a.owners, _parties(ctx), a.id)
    for i, grant in enumerate(a.licenses):
        if grant.licensee not in _parties(ctx) and grant.licensee != "public":
            raise RecordError(a.id, f"licenses[{i}].licensee", "a party ID or 'public'", grant.licensee)
    return a


def _check_exit(p: ExitPlan, ctx: Context, charter: Charter) -> Record:
    ids = [o.id for o in p.obligations]
    if len(set(ids)) != len(ids):
        raise RecordError(p.id, "obligations", "distinct obligation IDs", ids)
    for i, ob in enumerate(p.obligations):
        if ob.party not in _parties(ctx):
            raise RecordError(p.id, f"obligations[{i}].party", "a party to the partnership", ob.party)
        if ob.days < 0:
            raise RecordError(p.id, f"obligations[{i}].days", "zero or more days", ob.days)
    if p.notice_days < 0:
        raise RecordError(p.id, "notice_days", "zero or more days", p.notice_days)
    return p


def _approval(ctx: Context, by_id: dict[str, Record], decision_id: str | None,
              charter: Charter) -> Approval:
    """The decision behind an amendment must have passed under the charter in force."""
    if not decision_id:
        raise RuleError("an amendment needs the decision that approved it")
    decision = by_id.get(decision_id) or ctx.get(decision_id)
    if isinstance(decision, Resolution):
        return _written_approval(ctx, by_id, decision, charter)
    if not isinstance(decision, Decision):
        raise RecordError(decision_id, "decision", "a recorded decision", decision_id)
    if decision.outcome != "passed":
        raise RuleError(f"{decision.id} did not pass ({decision.outcome}: {decision.outcome_note}); "
                        "terms change only by a decision that passed")
    meeting = ctx.get(decision.meeting)
    assert isinstance(meeting, Meeting)
    q = presence.quorum_at(charter, ctx.members, meeting, presence.item_of(decision, meeting), _parties(ctx))
    t = rules.tally(decision.votes)
    quorum = f"{q.present} of {q.membership} present ({_ref(charter.quorum.clause).strip(' ()') or 'default rule'})"
    members = {m.id: m for m in ctx.members}
    approvers = [members[m] for m, v in decision.votes.items() if v == "for" and m in members]
    return Approval(decision, meeting, quorum, str(t), approvers)


def _written_approval(ctx: Context, by_id: dict[str, Record], r: Resolution, charter: Charter) -> Approval:
    """An amendment by written resolution: passed, and the terms exactly as circulated."""
    from council.fileformat import serialise

    terms = [(t.id, serialise(t)) for t in by_id.values() if t.TERM]
    quorum, vote = written.approval(ctx.members, r, terms, [(i, ctx.get(i)) for i in r.amends])
    quorum += f" ({_ref(charter.written.clause).strip(' ()') or 'default rule'})"
    members = {m.id: m for m in ctx.members}
    approvers = [members[m] for m, v in r.votes.items() if v == "for" and m in members]
    return Approval(r, None, quorum, vote, approvers)


_CHECKS: dict[type, Callable[[Any, Context, Charter], Record]] = {
    Partnership: _check_partnership,
    Member: _check_member,
    Meeting: _check_meeting,
    Decision: _check_decision,
    Dispute: _check_dispute,
    IPAsset: _check_ip,
    ExitPlan: _check_exit,
    Dataset: check_dataset,
    Risk: check_risk,
    Incident: check_incident,
    Duty: check_duty,
    Resolution: _check_resolution,
    Artifact: check_artifact,
    Release: check_release,
}


def today() -> dt.date:
    return dt.date.today()
