"""A scheduled meeting moved to another day, or cancelled (``council meeting reschedule|cancel``).

Only a meeting not yet held moves or is cancelled: a held meeting's date and
status are the record of what happened (and are fixed once a decision was
taken at it, which the store enforces).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from council.errors import RecordError, RuleError
from council.records import Meeting
from store.usecases.common import require as _require
from store.write.change import Change

if TYPE_CHECKING:
    from store.service import Store
    from store.write.change import Committed


def _scheduled(store: "Store", meeting_id: str, doing: str) -> Meeting:
    meeting = _require(store, meeting_id, Meeting)
    if meeting.status != "scheduled":
        raise RuleError(f"{meeting_id} is {meeting.status}: only a scheduled meeting can be {doing}")
    return meeting


def reschedule_meeting(store: "Store", meeting_id: str, day: dt.date, reason: str = "") -> "Committed":
    """Move a scheduled meeting to ``day`` (in the year its ID names)."""
    meeting = _scheduled(store, meeting_id, "rescheduled")
    if day.year != meeting.date.year:
        raise RecordError(meeting_id, "date", f"a day in {meeting.date.year}, the year of its ID (for another "
                          "year, schedule a new meeting and cancel this one)", day)
    if day == meeting.date:
        raise RecordError(meeting_id, "date", f"a day other than {day.isoformat()}, the one scheduled", day)
    return store.write(Change(f"reschedule {meeting_id} to {day.isoformat()}", [meeting.replace(date=day)],
                              body=" ".join(reason.split())))


def cancel_meeting(store: "Store", meeting_id: str, reason: str = "") -> "Committed":
    """Cancel a scheduled meeting; the record stays, marked cancelled."""
    meeting = _scheduled(store, meeting_id, "cancelled")
    return store.write(Change(f"cancel {meeting_id}", [meeting.replace(status="cancelled")],
                              body=" ".join(reason.split())))
