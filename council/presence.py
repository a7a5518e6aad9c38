"""Who is present at each agenda item: arrivals, departures and the quorum at each vote.

A meeting's ``attendance`` is who was there at the opening; its
``attendance_changes`` say who arrived or left before which agenda item.  A
decision names the item it was taken at (``agenda_item``), and its quorum,
its voters, its mover and its seconder are judged by who was present then.
A meeting with no changes is as it always was: everyone stays for the whole
meeting, and a decision with no item is judged by the opening attendance.

Pure functions, used by the write path (council.checks), by ``council
verify`` (store/audit/) and so by sync.  Robert's Rules: business stops when
the quorum is lost, so a vote at an item after the quorum was lost is
refused, never recorded (a meeting that never had a quorum records what it
did as ``no_quorum``, for ratification, as before).
"""

from __future__ import annotations

from collections.abc import Sequence

from council import rules
from council.charter import Charter
from council.errors import RecordError, RuleError
from council.records import Decision, Meeting, Member


def attendance_at(meeting: Meeting, item: int | None) -> dict[str, str]:
    """Each member's state at agenda item ``item`` (None or 1: the opening attendance).

    A member who left is absent from their item on (a proxy they held stops
    counting); a member who arrived is present in person (a proxy they had
    given is superseded).
    """
    state = dict(meeting.attendance)
    if item is None:
        return state
    for change in meeting.attendance_changes:
        if change.before_item <= item:
            state[change.member] = "present" if change.change == "arrived" else "absent"
    return state


def check_attendance_changes(meeting: Meeting, known: set[str]) -> None:
    """Each change names a member of the council and an agenda item after the first,
    in agenda order, and arrives only someone not present, or takes away only someone present."""
    if not meeting.attendance_changes:
        return
    items = len(meeting.agenda)
    state = dict(meeting.attendance)
    last = 0
    for i, change in enumerate(meeting.attendance_changes):
        where = f"attendance_changes[{i}]"
        if change.member not in known:
            raise RecordError(meeting.id, f"{where}.member", "a member of the council", change.member)
        if items < 2:
            raise RecordError(meeting.id, f"{where}.before_item", "an agenda of two items or more: a change "
                              "of attendance is placed before an agenda item after the first", change.before_item)
        if not 2 <= change.before_item <= items:
            raise RecordError(meeting.id, f"{where}.before_item", f"an agenda item from 2 to {items} (who was "
                              "there at the opening is the meeting's attendance)", change.before_item)
        if change.before_item < last:
            raise RecordError(meeting.id, f"{where}.before_item", f"changes in agenda order: item {last} "
                              "or later", change.before_item)
        now = state.get(change.member, "absent")
        if change.change == "arrived" and now == "present":
            raise RecordError(meeting.id, f"{where}.change", f"'left': {change.member} is present before "
                              f"item {change.before_item}", change.change)
        if change.change == "left" and now != "present":
            raise RecordError(meeting.id, f"{where}.change", f"'arrived': {change.member} is not present before "
                              f"item {change.before_item} ({now})", change.change)
        state[change.member] = "present" if change.change == "arrived" else "absent"
        last = change.before_item


def quorum_at(charter: Charter, members: Sequence[Member], meeting: Meeting, item: int | None,
              parties: Sequence[str] = ()) -> rules.QuorumResult:
    """The quorum at agenda item ``item`` (None: at the opening)."""
    return rules.quorum(charter, members, attendance_at(meeting, item), meeting.date, parties)


def quorum_changes(charter: Charter, members: Sequence[Member], meeting: Meeting,
                   parties: Sequence[str] = ()) -> str:
    """Where the quorum was lost or regained during the meeting, as the minutes say it ('' if never)."""
    if not meeting.attendance_changes:
        return ""
    notes = []
    was = quorum_at(charter, members, meeting, None, parties).met
    for item in sorted({c.before_item for c in meeting.attendance_changes}):
        q = quorum_at(charter, members, meeting, item, parties)
        if q.met != was:
            what = "regained" if q.met else "lost"
            notes.append(f"quorum {what} before item {item} ({q.present} of {q.membership} present, "
                         f"{q.required} required)")
            was = q.met
    return "; ".join(notes)


def item_of(decision: Decision, meeting: Meeting) -> int | None:
    """The agenda item whose attendance judges ``decision`` (None: the opening attendance).

    A decision at a meeting whose attendance changed must say which item it
    was taken at: who could vote depends on it.
    """
    item = decision.agenda_item
    if item is not None and not 1 <= item <= len(meeting.agenda):
        expected = f"an agenda item of {meeting.id}, from 1 to {len(meeting.agenda)}" if meeting.agenda \
            else f"no agenda item: {meeting.id} has no agenda"
        raise RecordError(decision.id, "agenda_item", expected, item)
    if item is None and meeting.attendance_changes and decision.votes:
        raise RecordError(decision.id, "agenda_item", f"the number of the agenda item the vote was taken "
                          f"at: the attendance of {meeting.id} changed during the meeting", "none")
    return item


def check_quorum_at_vote(charter: Charter, members: Sequence[Member], decision: Decision, meeting: Meeting,
                         parties: Sequence[str] = ()) -> None:
    """Quorum at each vote: no vote at an item after the quorum was lost (RONR: business stops)."""
    item = item_of(decision, meeting)
    if not decision.votes or item is None or not meeting.attendance_changes:
        return
    here = quorum_at(charter, members, meeting, item, parties)
    if here.met:
        return
    met = {i: quorum_at(charter, members, meeting, i, parties).met for i in range(1, item + 1)}
    if not any(met.values()):
        return  # never quorate so far: recorded as no_quorum, for ratification
    lost = max(i for i in range(2, item + 1) if met[i - 1] and not met[i])
    clause = charter.quorum.clause
    raise RuleError(f"{decision.id}: no vote at {meeting.id} item {item}: the quorum was lost before item "
                    f"{lost} ({here.present} of {here.membership} voting members present, {here.required} "
                    f"required{f', charter {clause}' if clause else ''}); business stops when the quorum is "
                    "lost, so the vote cannot be recorded (rule: quorum at each vote)")
