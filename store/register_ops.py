"""The secretariat's operations on the living registers; each sends one Change down the write path.

Plain functions taking a :class:`~store.service.Store`, shared by the TUI and
the tests (as :mod:`store.operations` is for meetings and disputes).  The
store validates every change (``council.checks``): a notification to an
unknown party, or before the incident was detected, is refused there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from council.errors import RecordError, RuleError
from council.records import Decision, Duty, Incident, Notification, Record
from store.change import Change

if TYPE_CHECKING:
    from store.service import Committed, Store


def _require(store: "Store", record_id: str, cls: type) -> Record:
    record = store.require(record_id)
    if not isinstance(record, cls):
        raise RecordError(record_id, "id", f"the ID of a {cls.KIND}", record_id)
    return record


def parse_moment(text: str, where: str = "notification") -> dt.datetime:
    """``2026-11-21 14:30`` (taken as UTC) or with an offset, ``2026-11-21T14:30+01:00``."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise RecordError(where, "at", "a date and time, e.g. 2026-11-21 14:30 (UTC) or 2026-11-21T14:30+01:00",
                          text) from None
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=dt.timezone.utc)


def record_notification(store: "Store", incident_id: str, who: str, at: dt.datetime, by: str = "",
                        reference: str = "") -> "Committed":
    """Record that ``who`` (a party, or "regulator") was told of an incident at ``at``."""
    incident = _require(store, incident_id, Incident)
    assert isinstance(incident, Incident)
    changed = incident.replace(notifications=[*incident.notifications, Notification(who, at, by, reference)])
    told = "the regulator" if who == "regulator" else who
    return store.write(Change(f"{incident_id}: {told} notified at {at.isoformat(timespec='minutes')}", [changed]))


def duty_done(store: "Store", duty_id: str, day: dt.date, evidence: str = "") -> "Committed":
    """Record that a compliance duty was carried out on ``day``; its next review follows from it."""
    duty = _require(store, duty_id, Duty)
    assert isinstance(duty, Duty)
    if duty.last_done and day < duty.last_done:
        raise RecordError(duty_id, "last_done", f"a date on or after the last time it was done ({duty.last_done})", day)
    changed = duty.replace(last_done=day, evidence=evidence.strip() or duty.evidence)
    return store.write(Change(f"{duty_id}: {duty.title} done on {day}", [changed]))


def action_done(store: "Store", ref: str) -> "Committed":
    """Mark one action item of a decision done; ``ref`` is ``DEC-2026-020/1`` (its place, 1-based)."""
    decision_id, _, number = ref.partition("/")
    decision = _require(store, decision_id, Decision)
    assert isinstance(decision, Decision)
    if not number.isdigit() or not 1 <= int(number) <= len(decision.actions):
        raise RecordError(decision_id, "actions", f"an action item 1..{len(decision.actions)}", ref)
    i = int(number) - 1
    item = decision.actions[i]
    if item.status != "open":
        raise RuleError(f"{ref} is already {item.status}")
    actions = list(decision.actions)
    actions[i] = dataclasses.replace(item, status="done")
    return store.write(Change(f"{decision_id}: action done: {item.text}", [decision.replace(actions=actions)]))
