"""The secretariat's operations on the living registers; each sends one Change down the write path.

Plain functions taking a :class:`~store.service.Store`, shared by the TUI and
the tests (as :mod:`store.usecases.meetings` and :mod:`store.usecases.proceedings`
are for meetings, votes and disputes).  The store validates every change
(``council.checks``): a notification to an unknown party, or before the
incident was detected, is refused there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from council import sealed_fields
from council.errors import RecordError, RuleError
from council.records import Decision, Duty, Incident, Notification, Record, Risk
from store import queries
from store.usecases.common import require as _require
from store.usecases.common import with_readers
from store.write.allocate import allocates, next_free_id
from store.write.change import Change

if TYPE_CHECKING:
    from store.service import Store
    from store.write.change import Committed




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


def action_done(store: "Store", ref: str, day: dt.date | None = None,
                today: dt.date | None = None) -> "Committed":
    """Mark one action item of a decision done on ``day`` (default: ``today``, the clock's day);
    ``ref`` is ``DEC-2026-020/1`` (its place, 1-based)."""
    decision_id, _, number = ref.partition("/")
    decision = _require(store, decision_id, Decision)
    assert isinstance(decision, Decision)
    if not number.isdigit() or not 1 <= int(number) <= len(decision.actions):
        places = f"1 to {len(decision.actions)}" if len(decision.actions) > 1 else "1"
        expected = (f"an action item as {decision_id}/N, N its place ({places})" if decision.actions
                    else "a decision with action items (this one has none)")
        raise RecordError(decision_id, "actions", expected, ref)
    i = int(number) - 1
    item = decision.actions[i]
    if item.status != "open":
        raise RuleError(f"{ref} is already {item.status}")
    today = today or dt.date.today()
    day = day or today
    if day < decision.date:
        raise RecordError(ref, "done_on", f"a date on or after the decision ({decision.date})", day)
    if day > today:
        raise RecordError(ref, "done_on", f"the day it was done, not a day to come (today is {today})", day)
    actions = list(decision.actions)
    actions[i] = dataclasses.replace(item, status="done", done_on=day)
    path = f"actions[{i}].text"
    sealed = path in (decision.sealed or {}) or path in sealed_fields.sealed_paths(decision)
    # A sealed action is named by its place: the message is in the clear in every replica.
    summary = f"action {i + 1} done on {day}" if sealed else f"action done on {day}: {item.text}"
    return store.write(Change(f"{decision_id}: {summary}", [decision.replace(actions=actions)]))



# --- new entries ---------------------------------------------------------------------------
# The next_*_id functions suggest an ID for a form, read outside the writer
# lock: another writer may take it before this one writes, and the write path
# then refuses it (Change.creates).  A blank ID is allocated under the lock.


def next_risk_id(store: "Store") -> str:
    """The next free risk ID, ``RSK-NNN``: a form's suggestion (see :mod:`store.write.allocate`)."""
    return queries.next_id(store, "risk", "RSK-", 3)


def next_incident_id(store: "Store", year: int) -> str:
    """The next free incident ID of the year of detection, ``INC-YYYY-NNN`` (a suggestion)."""
    return queries.next_id(store, "incident", f"INC-{year}-", 3)


def next_duty_id(store: "Store") -> str:
    """The next free compliance duty ID, ``DUTY-NNN`` (a suggestion, as for risks)."""
    return queries.next_id(store, "duty", "DUTY-", 3)


@allocates
def _create(store: "Store", record: Record, prefix: str, readers: Sequence[str] | None = None) -> "Committed":
    """Write a new record; an ID already in use is refused (a new entry never overwrites one).

    A blank ID takes the next free one, under the writer lock; a given one
    (a form's suggestion) is refused by the write path if another writer has
    taken it meanwhile.
    """
    if not record.id:
        record = record.replace(id=next_free_id(store, record.KIND, prefix, 3))
    if store.get(record.id) is not None:
        raise RecordError(record.id, "id", f"an ID not yet used by another {record.KIND}", record.id)
    record = with_readers(store, record, readers)
    title = getattr(record, "title", "")
    return store.write(Change(f"record {record.id}: {title}", [record], creates=[record.id]))


def new_risk(store: "Store", risk_id: str, title: str, owner: str, likelihood: int, impact: int,
             bearing_party: str, review_date: dt.date | None, identified_on: dt.date | None = None,
             mitigation: str = "", liability_cap: str = "", insurance: str = "",
             sensitivity: str = "internal", body: str = "",
             readers: Sequence[str] | None = None) -> "Committed":
    """Enter a new risk in the register; the store checks owner, party, scores and review date.

    A blank ``risk_id`` takes the next free one at the moment of writing; with no
    ``review_date`` the first review falls the charter's ``review_months`` after
    the day the risk was identified.  ``readers``: who may read its sealed text
    (:func:`store.usecases.common.with_readers`).
    """
    if review_date is None:
        review_date = first_review(store, identified_on or dt.date.today())
    risk = Risk(id=risk_id.strip(), title=title.strip(), owner=owner.strip(), likelihood=likelihood, impact=impact,
                bearing_party=bearing_party.strip(), review_date=review_date, identified_on=identified_on,
                mitigation=mitigation.strip(), liability_cap=liability_cap.strip(), insurance=insurance.strip(),
                sensitivity=sensitivity, body=body.strip())
    return _create(store, risk, "RSK-", readers)


def first_review(store: "Store", identified_on: dt.date) -> dt.date:
    """When a new risk is first reviewed: the charter's review cadence after it was identified."""
    from council.registers import add_months  # the charter is only read when a risk is entered

    return add_months(identified_on, store.charter().review_months)


def new_incident(store: "Store", incident_id: str, title: str, kind: str, party: str, detected_at: dt.datetime,
                 reported_by: str = "", sensitivity: str = "confidential", body: str = "",
                 readers: Sequence[str] | None = None) -> "Committed":
    """Record a new incident; its notification clocks start at ``detected_at`` (blank ID: the next free);
    ``readers`` as for :func:`new_risk`."""
    incident = Incident(id=incident_id.strip(), title=title.strip(), kind=kind, party=party.strip(),
                        detected_at=detected_at, reported_by=reported_by.strip(), sensitivity=sensitivity,
                        body=body.strip())
    return _create(store, incident, f"INC-{detected_at.year}-", readers)


def new_duty(store: "Store", duty_id: str, title: str, cadence_months: int, since: dt.date,
             responsible: Sequence[str], accountable: str, consulted: Sequence[str] = (),
             informed: Sequence[str] = (), basis: str = "", body: str = "") -> "Committed":
    """Add a compliance duty to the responsibility matrix, with who does what (blank ID: the next free)."""
    duty = Duty(id=duty_id.strip(), title=title.strip(), cadence_months=cadence_months, since=since,
                responsible=list(responsible), accountable=accountable.strip(), consulted=list(consulted),
                informed=list(informed), basis=basis.strip(), body=body.strip())
    return _create(store, duty, "DUTY-")


# --- changing an entry ----------------------------------------------------------------------

UPDATABLE = (Risk, Incident, Duty)


def update_entry(store: "Store", record_id: str, changes: dict[str, object]) -> "Committed":
    """Change some fields of a risk, incident or duty: the fields given, the rest as recorded.

    The store validates the entry as changed (an owner who is no member, a
    review before the risk was identified, an incident closed before it was
    detected are refused, naming the field).
    """
    record = store.require(record_id)
    if not isinstance(record, UPDATABLE):
        raise RecordError(record_id, "id", "the ID of a risk, an incident or a duty", record_id)
    fields = {f.name for f in dataclasses.fields(record)} - {"id"}
    unknown = sorted(set(changes) - fields)
    if unknown:
        raise RecordError(record_id, unknown[0], f"a field of a {record.KIND}: {', '.join(sorted(fields))}")
    changed = record.replace(**changes)
    if changed == record:
        raise RecordError(record_id, ", ".join(sorted(changes)) or "fields",
                          "a value other than the one recorded (nothing would change)")
    what = ", ".join(name for name in changes if getattr(changed, name) != getattr(record, name))
    return store.write(Change(f"update {record_id}: {what}", [changed]))
