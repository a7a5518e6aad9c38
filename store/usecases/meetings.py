"""The secretariat's meetings: scheduling, attendance, the agenda and the minutes.

Each builds a :class:`~store.write.change.Change` and sends it down the write
path (``Store.write``); the motions, votes, amendments and disputes taken at
a meeting are :mod:`store.usecases.proceedings`.  Nothing here computes a
quorum for the record: the store does that when it validates the change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from council import rules
from council.errors import RecordError, RuleError
from council.records import AgendaItem, AttendanceChange, Meeting
from store import queries
from store.usecases.common import require as _require
from store.usecases.common import text_diff, with_readers
from store.workspace import MINUTES, Draft, Workspace
from store.write.allocate import allocates, next_free_id
from store.write.change import Change

if TYPE_CHECKING:
    from store.service import Store
    from store.write.change import Committed


def default_meeting_date(store: "Store", today: dt.date) -> dt.date:
    """The next regular meeting date from the charter's cadence, on or after ``today``."""
    charter = store.charter()
    latest = queries.meetings_between(store, None, None, newest_first=True, limit=1)
    if not latest or latest[0].day is None:
        return today
    day = rules.next_meeting_date(charter, latest[0].day)
    while day < today:
        day = rules.next_meeting_date(charter, day)
    return day


@allocates
def schedule_meeting(store: "Store", day: dt.date, kind: str = "regular", title: str = "",
                     agenda: Sequence[AgendaItem] = (), sensitivity: str = "public",
                     readers: Sequence[str] | None = None) -> tuple["Committed", Meeting]:
    """Schedule a meeting on ``day`` under the next free ID of its year; ``readers`` may read its
    sealed text, its minutes at a confidential level (:func:`store.usecases.common.with_readers`)."""
    meeting_id = next_free_id(store, "meeting", f"MTG-{day.year}-", 2)
    title = title.strip() or f"{kind.capitalize()} meeting"
    meeting = Meeting(id=meeting_id, title=title, date=day, kind=kind, status="scheduled",
                      sensitivity=sensitivity, agenda=list(agenda))
    meeting = with_readers(store, meeting, readers)
    done = store.write(Change(f"schedule {meeting_id} on {day.isoformat()}", [meeting], creates=[meeting_id]))
    return done, meeting


def set_attendance(store: "Store", meeting_id: str, attendance: Mapping[str, str],
                   changes: Sequence[AttendanceChange] | None = None) -> tuple["Committed", Meeting]:
    """Record who attended (at the opening, and who arrived or left before which agenda item);
    the meeting is then held and the store computes its quorum."""
    meeting = _require(store, meeting_id, Meeting)
    changed = meeting.replace(attendance=dict(attendance), status="held")
    if changes is not None:
        changed = changed.replace(attendance_changes=list(changes))
    done = store.write(Change(f"record attendance at {meeting_id}", [changed]))
    stored = store.require(meeting_id)
    assert isinstance(stored, Meeting)
    return done, stored


def add_agenda_item(store: "Store", meeting_id: str, title: str, kind: str = "item",
                    refs: Sequence[str] = ()) -> "Committed":
    meeting = _require(store, meeting_id, Meeting)
    if not title.strip():
        raise RecordError(meeting_id, "agenda.title", "the agenda item's title")
    item = AgendaItem(title=title.strip(), kind=kind, refs=list(refs))
    changed = meeting.replace(agenda=[*meeting.agenda, item])
    return store.write(Change(f"add '{item.title}' to the agenda of {meeting_id}", [changed]))


def set_agenda(store: "Store", meeting_id: str, items: Sequence[AgendaItem]) -> "Committed":
    """Replace a scheduled meeting's agenda: items edited, reordered or deleted in one commit.

    Only before the meeting is held: from then on a vote and a member's arrival
    or departure name items by their number, so the agenda's order is the record.
    """
    meeting = _require(store, meeting_id, Meeting)
    if meeting.status != "scheduled":
        raise RuleError(f"{meeting_id} is {meeting.status}: only a scheduled meeting's agenda can be edited, "
                        "reordered or cut (items can still be added)")
    for n, item in enumerate(items):
        if not item.title.strip():
            raise RecordError(meeting_id, f"agenda[{n}].title", "the agenda item's title")
    if list(items) == meeting.agenda:
        raise RecordError(meeting_id, "agenda", "a change to the agenda")
    changed = meeting.replace(agenda=[dataclasses.replace(i, title=i.title.strip()) for i in items])
    return store.write(Change(f"edit the agenda of {meeting_id} ({len(items)} items)", [changed]))


def circulate_agenda(store: "Store", meeting_id: str, day: dt.date) -> "Committed":
    """Record the date the agenda went out (the previous-notice rule counts from it)."""
    meeting = _require(store, meeting_id, Meeting)
    return store.write(Change(f"circulate the agenda of {meeting_id}",
                              [meeting.replace(agenda_circulated=day)]))


def save_minutes_draft(workspace: Workspace, meeting_id: str, text: str) -> Draft:
    """Minutes in progress stay in the workspace, not in git."""
    return workspace.save(MINUTES, meeting_id, text, summary=f"minutes of {meeting_id}")


def circulate_minutes(store: "Store", workspace: Workspace, meeting_id: str, text: str) -> "Committed":
    """Commit the minutes as circulated; the workspace draft is then discarded."""
    meeting = _require(store, meeting_id, Meeting)
    if meeting.minutes_status == "approved":
        raise RuleError(f"{meeting_id}: its minutes are approved; a correction is made when "
                        "approving them, not by circulating them again")
    if not text.strip():
        raise RecordError(meeting_id, "minutes", "some minutes to circulate")
    changed = meeting.replace(body=text, minutes_status="circulated")
    done = store.write(Change(f"circulate the minutes of {meeting_id}", [changed]))
    draft = workspace.minutes(meeting_id)
    if draft is not None:
        workspace.delete(draft.id)
    return done


def approve_minutes(store: "Store", meeting_id: str, at_meeting: str,
                    corrected: str | None = None) -> "Committed":
    """Approve a meeting's minutes at a later meeting, as read or as corrected.

    Corrections are kept as a diff: in the commit itself, and in its message.
    """
    meeting = _require(store, meeting_id, Meeting)
    later = _require(store, at_meeting, Meeting)
    if later.date < meeting.date or later.id == meeting.id:
        raise RecordError(meeting_id, "minutes_approved_at", f"a later meeting than {meeting_id}", at_meeting)
    if meeting.minutes_status == "approved":
        raise RuleError(f"{meeting_id}: the minutes were already approved at {meeting.minutes_approved_at}")
    body = meeting.body
    how, note = "read", ""
    if corrected is not None and corrected.strip() != meeting.body.strip():
        how, body = "corrected", corrected
        note = "Corrections:\n\n" + text_diff(meeting.body, corrected, "as circulated", "as corrected")
    changed = meeting.replace(body=body, minutes_status="approved", minutes_approved_at=at_meeting,
                              minutes_approved_as=how)
    return store.write(Change(f"approve the minutes of {meeting_id} as {how} at {at_meeting}",
                              [changed], body=note))
