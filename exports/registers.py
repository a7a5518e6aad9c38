"""The living registers' deadlines for the calendar export, from what the audience may see.

Each register record is rebuilt from its *visible* fields only and handed to
the rules in :mod:`council.registers`; a deadline is published only when every
field it is computed from is visible (a retention end needs the retention
fields, an access expiry the access grants, an incident clock the detection
time, the notifications, the incident's kind and party, and the charter's
incident clause).  So the calendar never reveals a date the audience could not
work out from the published records.  "Now" is the source commit's time, so
the same commit gives the same events.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from council import registers
from council.charter import Charter, IncidentRule, charter_from_clauses
from council.errors import CouncilError
from council.records import Clause, Party, Record, from_dict
from exports.fmt import anchor
from exports.view import Shown, View, Withheld

NEEDS = {  # deadline kind -> fields of its record that must be visible
    "retention_end": ("status", "received_on", "retention_months", "delete_by"),
    "access_expiry": ("status", "access"),
    "notification": ("kind", "party", "detected_at", "notifications", "regulator_required"),
    "remediation": ("remediation",),
    "risk_review": ("status", "review_date"),
    "duty_review": ("since", "last_done", "cadence_months"),
}


def visible_record(shown: Shown) -> Record | None:
    """The record as far as the audience can see it (withheld fields take their defaults)."""
    data: dict[str, Any] = {k: _no_none(v) for k, v in shown.fields.items()
                            if v is not None and k != "body" and not isinstance(v, Withheld)}
    data["id"] = shown.id
    data.setdefault("title", shown.id)
    try:
        return from_dict(shown.kind, data, "", shown.id)
    except CouncilError:
        return None  # a record the renderers show as it is, but no rule can read


def _no_none(value: Any) -> Any:
    """The view keeps None for absent values; a record file (and from_dict) leaves them out."""
    if isinstance(value, dict):
        return {k: _no_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_no_none(v) for v in value]
    return value


def _can(shown: Shown, kind: str) -> bool:
    return all(not isinstance(shown.get(name), Withheld) for name in NEEDS.get(kind, ()))


def incident_rule(view: View) -> IncidentRule | None:
    """The charter's incident clocks if the audience can see them (or the charter is silent)."""
    clauses = []
    for c in view.of("clause"):
        rule = c.get("rule")
        if c.withheld or isinstance(rule, Withheld) or isinstance(c.get("settings"), Withheld):
            if rule == "incidents" or c.withheld:
                return None  # it may set the clocks: do not guess them
            continue
        if rule == "incidents":
            clauses.append(Clause(id=c.id, rule="incidents", settings=dict(c.get("settings") or {})))
    try:
        return charter_from_clauses(clauses).incidents
    except CouncilError:
        return None


def _parties(view: View) -> list[Party] | None:
    p = view.partnership
    raw = p.value("parties") if p is not None else None
    if not isinstance(raw, list):
        return None
    return [Party(x.get("id", ""), x.get("legal_name", ""), x.get("role", "partner")) for x in raw]


def register_deadlines(view: View) -> list[registers.Deadline]:
    """Every register deadline the audience may see, soonest first."""
    now = view.time.astimezone(dt.UTC)
    today = now.date()
    found: list[tuple[Shown, registers.Deadline]] = []
    for shown in view.visible("dataset"):
        record = visible_record(shown)
        if record is not None:
            found += [(shown, d) for d in registers.dataset_deadlines(record, today)]  # type: ignore[arg-type]
    for shown in view.visible("risk"):
        record = visible_record(shown)
        deadline = registers.risk_deadline(record, today) if record is not None else None  # type: ignore[arg-type]
        if deadline is not None:
            found.append((shown, deadline))
    for shown in view.visible("duty"):
        record = visible_record(shown)
        if record is not None:
            found.append((shown, registers.duty_deadline(record, today)))  # type: ignore[arg-type]
    found += _incident_deadlines(view, now)
    out = [d for shown, d in found if _can(shown, d.kind)]
    return sorted(out, key=lambda d: (d.due, d.record, d.kind, d.title))


def _incident_deadlines(view: View, now: dt.datetime) -> list[tuple[Shown, registers.Deadline]]:
    rule, parties = incident_rule(view), _parties(view)
    out = []
    for shown in view.visible("incident"):
        record = visible_record(shown)
        if record is None:
            continue
        charter = Charter(incidents=rule or IncidentRule())
        for deadline in registers.incident_deadlines(record, charter, parties or [], now):  # type: ignore[arg-type]
            if deadline.kind == "notification" and (rule is None or parties is None):
                continue
            out.append((shown, deadline))
    return out


def calendar_events(view: View, seed: str) -> list[Any]:
    """The register deadlines as calendar events (:class:`exports.render_ics.Event`)."""
    from exports.render_ics import Event

    events = []
    for d in register_deadlines(view):
        overdue = " (overdue at the time of publication)" if d.overdue else ""
        uid = f"{d.kind.replace('_', '-')}-{anchor(d.record)}-{anchor(d.title)[:40]}-{seed}@council"
        events.append(Event(uid, d.due, d.title, f"{d.record}: {d.kind.replace('_', ' ')}{overdue}.",
                            "CONFIRMED", "DEADLINE"))
    return events
