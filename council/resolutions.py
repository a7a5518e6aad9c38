"""The rules of a written resolution: a decision taken in writing between meetings.

Pure functions, used three ways like every rule of a proceeding: the write
path refuses a change that breaks one (:func:`check_resolution`, called by
``council.checks``), ``council verify`` re-proves them at every commit against
the charter in force then (``store/audit/resolutioncheck.py``), and sync
refuses an incoming commit that breaks one (sync verifies before it moves).

- **Who votes**: the voting members serving on the day it opens (its
  *membership*), each at most once, on a day within the open period and while
  still serving; a vote once recorded never changes.
- **The outcome** is computed when it closes, against the charter's written
  threshold (``written_resolutions``: ``ratio`` of the entire voting
  membership, default unanimity, as Robert's Rules allow action outside a
  meeting only by unanimous written consent), never of those who replied: a
  member who did not reply counts as not for.  The tier's own conditions
  (per-party consent, double majority) also apply, judged as if every member
  were present, so writing never passes what a full meeting could not.
- **A resolution that amends terms** carries the text circulated and its
  digest; it passes only by that threshold, and its amendment is committed
  at its close, on any replica, as exactly that text, onto the text in force
  when it was circulated (``base_digest``).  Written resolutions are read in
  the clear by every voting member, so the terms they carry hold no sealed
  content: such an amendment is voted at a meeting.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from council import rules
from council.charter import Charter
from council.errors import RecordError, RuleError
from council.fileformat import parse, serialise
from council.records import BALLOT_CHOICES, KINDS, Decision, Member, Record, Resolution, kind_of_id
from council.sealed_fields import SEALED_LEVELS, reader_names, sealed_paths

# Fixed from circulation: what the members are asked to vote on, and when.
CIRCULATED_FIELDS = ("title", "tier", "motion", "opens", "closes", "circulated_by", "amends",
                     "amendment_digest", "circulated_text", "base_digest", "body")
# Fixed once closed: everything that decides it.
CLOSED_FIELDS = (*CIRCULATED_FIELDS, "status", "closed_on", "outcome", "ballots")
_RATIO_TEXT = {"majority": "more than half", "two_thirds": "at least two thirds", "unanimous": "all"}


def _ref(clause: str) -> str:
    return f" (charter {clause})" if clause else ""


def membership(members: Iterable[Member], resolution: Resolution) -> list[Member]:
    """The voting members serving on the day it opened: its voters, and the base of its threshold."""
    return rules.voting_members(members, resolution.opens)


def amendment_digest(texts: Iterable[tuple[str, str]]) -> str:
    """The digest of term records as circulated: (record ID, its whole file) pairs, in any order."""
    joined = "\0".join(f"{record_id}\n{text}" for record_id, text in sorted(texts))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


# --- circulation ---------------------------------------------------------------------


def check_circulation(charter: Charter, resolution: Resolution) -> None:
    """A tier the charter lets be decided in writing, an open period it allows, terms to amend."""
    r, rule = resolution, charter.written
    if not r.title.strip():
        raise RecordError(r.id, "title", "a short title for the resolution")
    if not r.motion.strip():
        raise RecordError(r.id, "motion", "the resolution as circulated (\"That ...\")")
    names = [t.name for t in charter.tiers]
    if r.tier not in names:
        raise RecordError(r.id, "tier", "one of " + ", ".join(names), r.tier)
    if not rule.allows(r.tier):
        raise RecordError(r.id, "tier", "a tier the charter lets be decided by written resolution: "
                          + ", ".join(rule.tiers) + _ref(rule.clause), r.tier)
    if r.closes < r.opens:
        raise RecordError(r.id, "closes", f"a date on or after it opens ({r.opens.isoformat()})", r.closes)
    if (r.closes - r.opens).days < rule.min_days:
        raise RecordError(r.id, "closes", f"at least {rule.min_days} days after it opens "
                          f"({r.opens.isoformat()}){_ref(rule.clause)}", r.closes)
    _check_amends(charter, r)


def _check_amends(charter: Charter, r: Resolution) -> None:
    from council import proceedings  # decision rights: the same reading as a meeting's

    for record_id in r.amends:
        kind = kind_of_id(record_id)
        if kind is None or not KINDS[kind].TERM:
            raise RecordError(r.id, "amends", "term records: a charter clause, an IP entry, the exit plan",
                              record_id)
    if bool(r.amends) != bool(r.amendment_digest):
        raise RecordError(r.id, "amendment_digest", "the digest of the text circulated, exactly where it "
                          "amends terms", r.amendment_digest or "none")
    check_carried(charter, r)
    shim = Decision(id=r.id, tier=r.tier, amends=list(r.amends))
    need, subject = proceedings.required_tier(charter, shim)
    if need and charter.rank(r.tier) < charter.rank(need):
        raise RecordError(r.id, "tier", f"tier '{need}' or higher: the charter's decision rights put "
                          f"{subject.replace('.', ' ', 1)} at '{need}'{_ref(charter.tiers_clause)}", r.tier)


def carried_terms(resolution: Resolution) -> list[Record]:
    """The term records it carries, parsed, as circulated (empty for one circulated before
    resolutions carried their text)."""
    r = resolution
    out = []
    for record_id, text in sorted(r.circulated_text.items()):
        kind = kind_of_id(record_id)
        if kind is None or not KINDS[kind].TERM:
            raise RecordError(r.id, "circulated_text", "the text of term records only", record_id)
        record = parse(text, kind, f"{r.id}, the text it circulates of {record_id}")
        if record.id != record_id:
            raise RecordError(r.id, f"circulated_text.{record_id}", f"the text of {record_id}", record.id)
        out.append(record)
    return out


def check_carried(charter: Charter, resolution: Resolution) -> None:
    """The text it carries is the text of what it amends, its digest the one circulated, and
    nothing in it is sealed: a written resolution is read in the clear in every replica."""
    r = resolution
    if not r.circulated_text:
        return  # circulated before resolutions carried their text: it closes where its draft is
    if sorted(r.circulated_text) != sorted(r.amends):
        raise RecordError(r.id, "circulated_text", "the text of each record it amends (" + ", ".join(r.amends)
                          + ")", ", ".join(sorted(r.circulated_text)))
    if amendment_digest(r.circulated_text.items()) != r.amendment_digest:
        raise RecordError(r.id, "amendment_digest", "the digest of the text it circulates", r.amendment_digest)
    if not r.base_digest:
        raise RecordError(r.id, "base_digest", "the digest of the text in force when it was circulated")
    for record in carried_terms(r):
        refuse_sealed(r.id, record, charter)


def refuse_confidential(resolution: Resolution, charter: Charter) -> None:
    """Under a charter that seals, a written resolution is not circulated at a confidential or
    privileged level: it names no readers (every voting member reads it, in every replica),
    so its text could be neither sealed nor left in the clear.  Checked as it is circulated."""
    if charter.sealing and resolution.sensitivity in SEALED_LEVELS:
        raise RecordError(resolution.id, "sensitivity", "public or internal (a written resolution is read in the "
                          "clear by every voting member, and this charter seals confidential text: decide a "
                          "confidential matter at a meeting, its rationale sealed with `council motion ... "
                          "--readers`)", resolution.sensitivity)


def refuse_sealed(resolution_id: str, record: Record, charter: Charter) -> None:
    """Terms with sealed content are not amended in writing: their text would be circulated
    in the clear (the resolution and its diff are read by every voting member, in every replica)."""
    sealed = sealed_paths(record, charter) or sorted(record.sealed)
    if sealed:
        raise RecordError(resolution_id, "amends", f"terms with no sealed content: {record.id}'s '{sealed[0]}' is "
                          f"sealed for {reader_names(record)}, and a written resolution circulates its text in the "
                          "clear to every voting member; amend it at a meeting", record.id)


def in_force_digest(in_force: Iterable[tuple[str, Record | None]]) -> str:
    """The digest of the records it amends as they stand (a record not yet made counts as '')."""
    return amendment_digest((i, serialise(t) if t is not None else "") for i, t in in_force)


# --- votes ---------------------------------------------------------------------------


def check_ballots(members: Sequence[Member], resolution: Resolution, today: dt.date | None) -> None:
    """Only its voting members vote, once each, within the open period, while serving."""
    r = resolution
    voters = {m.id: m for m in membership(members, r)}
    seen: set[str] = set()
    last = r.closed_on if r.closed_on is not None and r.closed_on < r.closes else r.closes
    for i, ballot in enumerate(r.ballots):
        field = f"ballots[{i}]"
        if ballot.vote not in BALLOT_CHOICES:
            raise RecordError(r.id, f"{field}.vote", "one of " + ", ".join(BALLOT_CHOICES), ballot.vote)
        if ballot.member in seen:
            raise RecordError(r.id, f"{field}.member", "each member's vote once: a vote, once recorded, "
                              "stands", ballot.member)
        seen.add(ballot.member)
        member = voters.get(ballot.member)
        if member is None:
            raise RecordError(r.id, f"{field}.member", "a voting member serving on "
                              f"{r.opens.isoformat()}, the day it opened", ballot.member)
        if not ballot.on >= r.opens or ballot.on > last:
            raise RecordError(r.id, f"{field}.on", f"a day in its open period, {r.opens.isoformat()} to "
                              f"{last.isoformat()}", ballot.on)
        if today is not None and ballot.on > today:
            raise RecordError(r.id, f"{field}.on", f"a day on or before today ({today.isoformat()}): a vote "
                              "is recorded once it has come in", ballot.on)
        if not member.serves_on(ballot.on):
            raise RecordError(r.id, f"{field}.member", f"a member serving on {ballot.on.isoformat()}, the day "
                              "of the vote", ballot.member)


def check_close(members: Sequence[Member], resolution: Resolution, today: dt.date | None) -> None:
    """It closes on or after its closing day, or early once every member has voted; never in the future."""
    r = resolution
    if r.status != "closed":
        if r.closed_on is not None:
            raise RecordError(r.id, "closed_on", "no date while it is open", r.closed_on)
        return
    if r.closed_on is None:
        raise RecordError(r.id, "closed_on", "the day it closed")
    if today is not None and r.closed_on > today:
        raise RecordError(r.id, "closed_on", f"a day on or before today ({today.isoformat()})", r.closed_on)
    everyone = {m.id for m in membership(members, r)} <= set(r.votes)
    if r.closed_on < r.closes and not everyone:
        raise RecordError(r.id, "closed_on", f"its closing day ({r.closes.isoformat()}) or later: it closes "
                          "early only once every voting member has voted", r.closed_on)
    if r.closed_on < r.opens:
        raise RecordError(r.id, "closed_on", f"a day on or after it opened ({r.opens.isoformat()})", r.closed_on)


def check_fixed(prior: Resolution | None, resolution: Resolution) -> None:
    """What was circulated never changes; a recorded vote stands; a closed resolution is fixed."""
    if prior is None:
        return
    r = resolution
    fields = CLOSED_FIELDS if prior.status == "closed" else CIRCULATED_FIELDS
    changed = [f for f in fields if getattr(prior, f) != getattr(r, f)]
    if changed:
        what = "it was closed" if prior.status == "closed" else "it was circulated"
        raise RuleError(f"{r.id}: its {', '.join(changed)} cannot change once {what}; a correction is a "
                        "new resolution")
    now = r.votes
    for ballot in prior.ballots:
        if ballot not in r.ballots:
            raise RuleError(f"{r.id}: {ballot.member}'s vote ({ballot.vote}, {ballot.on.isoformat()}) stands "
                            f"once recorded; it is now {now.get(ballot.member, 'gone')}")


# --- the outcome ---------------------------------------------------------------------


def outcome(charter: Charter, members: Sequence[Member], parties: Sequence[str],
            resolution: Resolution) -> rules.Outcome:
    """The outcome at its close: the written threshold over the entire voting membership,
    then the tier's own per-party conditions as if every member were present."""
    r, rule = resolution, charter.written
    voters = membership(members, r)
    ids = [m.id for m in voters]
    t = rules.tally(r.votes, ids)
    silent = len(ids) - len(set(r.votes) & set(ids))
    counts = f"{t}, {silent} not voted"
    need = threshold_text(charter, with_clause=False)
    if not written_threshold_met(rule.ratio, t.for_, len(ids)):
        return rules.Outcome("failed", t, f"failed: {counts}; a written resolution needs {need} "
                             f"({t.for_} of {len(ids)}){_ref(rule.clause)}")
    everyone = {m: "present" for m in ids}
    tier = rules.outcome(charter, r.tier, members, everyone, r.votes, r.opens, True, parties)
    if not tier.passed:
        return rules.Outcome("failed", t, f"failed: {counts}; tier '{r.tier}' with every member counted: "
                             f"{tier.explanation}")
    return rules.Outcome("passed", t, f"passed in writing: {counts}; a written resolution needs {need} "
                         f"({t.for_} of {len(ids)}){_ref(rule.clause)}")


def threshold_text(charter: Charter, with_clause: bool = True) -> str:
    """What a written resolution needs under ``charter``: "all of the entire voting membership (charter 4.5)"."""
    rule = charter.written
    return f"{_RATIO_TEXT[rule.ratio]} of the entire voting membership" + (_ref(rule.clause) if with_clause else "")


def written_threshold_met(ratio: str, for_: int, base: int) -> bool:
    """Does ``for_`` reach ``ratio`` of the entire membership ``base``?"""
    if base <= 0 or for_ == 0:
        return False
    if ratio == "unanimous":
        return for_ == base
    if ratio == "two_thirds":
        return 3 * for_ >= 2 * base
    return 2 * for_ > base


def open_note(members: Sequence[Member], resolution: Resolution) -> str:
    """What an open resolution's outcome note says: how far the replies have come."""
    r = resolution
    ids = {m.id for m in membership(members, r)}
    return (f"open until {r.closes.isoformat()}: {len(ids & set(r.votes))} of {len(ids)} voting members "
            "have voted")


def check_resolution(charter: Charter, members: Sequence[Member], parties: Sequence[str],
                     resolution: Resolution, prior: Resolution | None, today: dt.date | None) -> Resolution:
    """Every rule at once, as the write path applies them; the resolution with its outcome computed."""
    check_fixed(prior, resolution)
    if prior is not None and prior.status == "closed":
        # Decided under the charter in force when it closed: a later charter never re-decides it.
        return dataclasses.replace(resolution, outcome=prior.outcome, outcome_note=prior.outcome_note)
    if prior is None:
        # Judged once, as circulated: a later charter change does not strand it mid-period.
        check_circulation(charter, resolution)
    check_ballots(members, resolution, today)
    check_close(members, resolution, today)
    if resolution.status == "open":
        return dataclasses.replace(resolution, outcome="pending", outcome_note=open_note(members, resolution))
    result = outcome(charter, members, parties, resolution)
    return dataclasses.replace(resolution, outcome=result.result, outcome_note=result.explanation)


def approval(members: Sequence[Member], resolution: Resolution, terms: Iterable[tuple[str, str]],
             in_force: Iterable[tuple[str, Record | None]] = ()) -> tuple[str, str]:
    """An amendment by written resolution: it passed, the terms are the text circulated, and
    they amend the text in force when it was circulated (``in_force``: each record it amends, now).

    Returns the Quorum and Vote trailers' text ("6 of 6 voting members replied", the tally).
    """
    r = resolution
    if r.status != "closed" or r.outcome != "passed":
        raise RuleError(f"{r.id} has not passed ({r.status}, {r.outcome}: {r.outcome_note}); terms change "
                        "only by a resolution that passed")
    if amendment_digest(terms) != r.amendment_digest:
        raise RecordError(r.id, "amendment_digest", "the amendment committed as the text circulated "
                          "(what the members voted on)", "a different text")
    check_base(r, in_force)
    ids = {m.id for m in membership(members, r)}
    return replied(r, ids), str(rules.tally(r.votes, ids))


def check_base(resolution: Resolution, in_force: Iterable[tuple[str, Record | None]]) -> None:
    """The terms were not amended since it was circulated: its text would silently undo that."""
    r = resolution
    if r.base_digest and in_force_digest(in_force) != r.base_digest:
        raise RuleError(f"{', '.join(r.amends)} has been amended since {r.id} was circulated: the text it "
                        "circulated amends an older text; circulate a new resolution")


def replied(resolution: Resolution, ids: set[str]) -> str:
    """The Quorum trailer of a written resolution: who of its membership replied."""
    return f"{len(ids & set(resolution.votes))} of {len(ids)} voting members replied in writing"


def check_closing_change(prior: Resolution | None, resolution: Resolution, kind: str,
                         decision_id: str | None) -> None:
    """A resolution that passes and amends terms closes in the ``amend:`` change that puts
    the text circulated in force (named as its decision), never in a plain record."""
    r = resolution
    newly = r.status == "closed" and (prior is None or prior.status != "closed")
    if newly and r.outcome == "passed" and r.amends and (kind != "amend" or decision_id != r.id):
        raise RuleError(f"{r.id} passed and amends {', '.join(r.amends)}: it closes in the amend: commit "
                        "that puts the text circulated in force, with its Decision trailer")


# --- reminders -----------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    """Who has not yet voted on an open resolution, and how long is left (as of ``today``)."""

    resolution: str
    title: str
    closes: dt.date
    days_left: int  # negative: its closing day has passed and it waits to be closed
    not_voted: tuple[str, ...]
    closing_soon: bool

    @property
    def text(self) -> str:
        if self.days_left < 0:
            when = f"closed for votes on {self.closes.isoformat()}: record its close"
        else:
            when = f"{self.days_left} day{'s' if self.days_left != 1 else ''} left (closes {self.closes.isoformat()})"
        waiting = ", ".join(self.not_voted) or "nobody: every member has voted"
        return f"{self.resolution} {self.title}: {when}; not yet voted: {waiting}"


def reminder(charter: Charter, members: Sequence[Member], resolution: Resolution, today: dt.date) -> Reminder:
    """The reminder for an open resolution as of ``today`` (a date passed in: no clock here)."""
    r = resolution
    voted = set(r.votes)
    waiting = tuple(m.id for m in membership(members, r) if m.id not in voted and m.serves_on(today))
    left = (r.closes - today).days
    return Reminder(r.id, r.title, r.closes, left, waiting, left <= charter.written.reminder_days)
