"""The living registers' rules as pure functions: deadlines and overdue states.

Data-sharing terms (retention ends, access expiry), incidents (notification
clocks set by the charter's ``incidents`` clause), the risk register (score,
band, heat map, review dates), the responsibility matrix (next review due)
and the action tracker (action items of decisions, one list across the
council).  Nothing here does I/O: callers pass ``today`` or ``now``.  Every
result carries an explanation a person can read.

    >>> risk_score(3, 4), risk_band(12)
    (12, 'high')
    >>> add_months(dt.date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from council.charter import Charter, IncidentRule
from council.records import REGULATOR, SENSITIVITIES, Dataset, Decision, Duty, Incident, Party, Record, Risk

DEADLINE_KINDS = ("retention_end", "access_expiry", "notification", "remediation", "action",
                  "duty_review", "risk_review")
OUTCOMES_THAT_BIND = ("passed",)  # a motion that did not carry binds no one to act


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months, clamped to the month's last day."""
    # dateutil keeps the calendar (month lengths, leap years): none is written here.
    result: dt.date = day + relativedelta(months=months)
    return result


def strictest(record: Record, *fields: str) -> str:
    """The most restrictive sensitivity among ``fields`` of ``record``."""
    levels = [record.field_level(f) for f in fields] or [getattr(record, "sensitivity", "internal")]
    return max(levels, key=SENSITIVITIES.index)


def when(moment: dt.datetime) -> str:
    """A moment as a person reads it: ``2026-11-21 09:10 UTC`` (or its own offset)."""
    offset = moment.utcoffset()
    zone = "UTC" if offset == dt.timedelta(0) else moment.strftime("%z")[:3] + ":" + moment.strftime("%z")[3:]
    return f"{moment:%Y-%m-%d %H:%M} {zone}"


def _in_days(days: int) -> str:
    if days == 0:
        return "today"
    if days > 0:
        return f"in {days} day{'s' if days != 1 else ''}"
    return f"{-days} day{'s' if days != -1 else ''} ago"


@dataclass(frozen=True)
class Deadline:
    """One dated thing to do from a register, for the dashboard and the calendar.

    ``title`` reveals only what ``sensitivity`` allows to be shown: callers
    that publish (the calendar export) filter on it.
    """

    record: str
    kind: str  # one of DEADLINE_KINDS
    title: str
    due: dt.date
    owner: str = ""
    at: dt.datetime | None = None  # for clocks kept in hours
    overdue: bool = False
    sensitivity: str = "internal"
    explanation: str = ""

    def days_left(self, today: dt.date) -> int:
        return (self.due - today).days


# --- data-sharing terms -------------------------------------------------------


def retention_end(ds: Dataset) -> tuple[dt.date | None, str]:
    """When the recipient's retention of a dataset ends, and why (the earlier limit binds)."""
    limits: list[tuple[dt.date, str]] = []
    if ds.retention_months and ds.received_on:
        limits.append((add_months(ds.received_on, ds.retention_months),
                       f"{ds.retention_months} months from first receipt on {ds.received_on}"))
    if ds.delete_by:
        limits.append((ds.delete_by, f"the deletion deadline of {ds.delete_by}"))
    if not limits:
        return None, "no fixed retention period: kept until exit, then handled as the exit terms say"
    day, why = min(limits)
    return day, f"retention ends on {day}: {why}"


def dataset_deadlines(ds: Dataset, today: dt.date) -> list[Deadline]:
    """Retention end and access expiries of a dataset whose sharing has not ended."""
    if ds.status == "ended":
        return []
    out = []
    end, why = retention_end(ds)
    if end is not None:
        overdue = today > end
        text = f"{ds.id}: {why} ({_in_days((end - today).days)})"
        if overdue:
            text += f"; the data must be {'returned' if ds.on_exit == 'return' else 'deleted'} and the deletion attested"
        out.append(Deadline(ds.id, "retention_end", f"Retention of {ds.id} ({ds.title}) ends", end,
                            ds.provider, None, overdue, strictest(ds, "title", "delete_by", "retention_months"), text))
    for grant in ds.access:
        if grant.expires is None:
            continue
        overdue = today > grant.expires
        text = (f"{ds.id}: access for {grant.role} ({grant.party or 'any party'}) expires on {grant.expires} "
                f"({_in_days((grant.expires - today).days)})")
        if overdue:
            text += "; revoke the access, or renew the grant by amendment"
        out.append(Deadline(ds.id, "access_expiry", f"Access to {ds.id} for {grant.role} expires", grant.expires,
                            grant.party, None, overdue, strictest(ds, "title", "access"), text))
    return out


# --- incidents ----------------------------------------------------------------


@dataclass(frozen=True)
class NotificationClock:
    """One notification an incident requires, against the charter's clock."""

    who: str  # a party ID or "regulator"
    hours: int
    deadline: dt.datetime
    notified_at: dt.datetime | None
    state: str  # on_time | late | pending | overdue
    explanation: str

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"


def regulator_required(incident: Incident, rule: IncidentRule) -> bool:
    """Whether the regulator must be told: the incident's own finding, else the charter by kind."""
    if incident.regulator_required is not None:
        return incident.regulator_required
    return incident.kind in rule.regulator_kinds


def recipients(incident: Incident, rule: IncidentRule, parties: Sequence[Party]) -> list[tuple[str, int]]:
    """Who must be notified and within how many hours: the other parties, then the regulator."""
    out = [(p.id, rule.party_hours) for p in parties
           if p.id != incident.party and (rule.notify_observers or p.role != "observer")]
    if regulator_required(incident, rule):
        out.append((REGULATOR, rule.regulator_hours))
    return out


def notification_clocks(incident: Incident, rule: IncidentRule, parties: Sequence[Party],
                        now: dt.datetime) -> list[NotificationClock]:
    """Each required notification: its deadline from detection, and whether it was met."""
    ref = f" (charter {rule.clause})" if rule.clause else " (the charter's default)"
    clocks = []
    for who, hours in recipients(incident, rule, parties):
        deadline = incident.detected_at + dt.timedelta(hours=hours)
        sent = sorted(n.at for n in incident.notifications if n.who == who)
        first = sent[0] if sent else None
        head = f"{who}: notify within {hours} hours of detection{ref}, by {when(deadline)}"
        if first is not None:
            state = "on_time" if first <= deadline else "late"
            taken = _hours(first - incident.detected_at)
            tail = f"notified {when(first)}, {'on time' if state == 'on_time' else 'LATE'} ({taken} after detection)"
        elif now > deadline:
            state = "overdue"
            tail = f"OVERDUE by {_hours(now - deadline)}: not yet notified"
        else:
            state = "pending"
            tail = f"not yet notified; {_hours(deadline - now)} left"
        clocks.append(NotificationClock(who, hours, deadline, first, state, f"{head}; {tail}"))
    return clocks


def _hours(span: dt.timedelta) -> str:
    hours = span.total_seconds() / 3600
    if hours >= 48:
        return f"{hours / 24:.1f} days"
    return f"{hours:.1f} hours" if hours != int(hours) else f"{int(hours)} hours"


def incident_deadlines(incident: Incident, charter: Charter, parties: Sequence[Party],
                       now: dt.datetime) -> list[Deadline]:
    """Notifications not yet made, and remediation steps not yet done."""
    out = []
    level = strictest(incident, "title", "notifications")
    for clock in notification_clocks(incident, charter.incidents, parties, now):
        if clock.state in ("pending", "overdue"):
            who = "the regulator" if clock.who == REGULATOR else clock.who
            out.append(Deadline(incident.id, "notification", f"Notify {who} of {incident.id}",
                                clock.deadline.date(), incident.party, clock.deadline, clock.overdue,
                                level, f"{incident.id}: {clock.explanation}"))
    today = now.date()
    for step in incident.remediation:
        if step.due is None or step.done_on is not None:
            continue
        overdue = today > step.due
        out.append(Deadline(incident.id, "remediation", f"{incident.id} remediation: {step.step}", step.due,
                            step.owner, None, overdue, strictest(incident, "title", "remediation"),
                            f"{incident.id}: remediation due {step.due} ({_in_days((step.due - today).days)})"))
    return out


# --- risk register -----------------------------------------------------------------

# The 5 x 5 matrix used across the NHS (NPSA): score = likelihood x impact.
BANDS = (("low", 1, 3), ("moderate", 4, 6), ("high", 8, 12), ("extreme", 15, 25))


def risk_score(likelihood: int, impact: int) -> int:
    """Likelihood times impact, each on a scale of 1 to 5."""
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not 1 <= value <= 5:
            raise ValueError(f"{name} must be 1..5, not {value}")
    return likelihood * impact


def risk_band(score: int) -> str:
    """The band of a score: low 1-3, moderate 4-6, high 8-12, extreme 15-25."""
    for name, low, high in BANDS:
        if low <= score <= high:
            return name
    raise ValueError(f"{score} is not a product of two scores 1..5")


@dataclass(frozen=True)
class Rating:
    score: int
    band: str
    explanation: str


def rate(risk: Risk) -> Rating:
    score = risk_score(risk.likelihood, risk.impact)
    band = risk_band(score)
    return Rating(score, band, f"{risk.id}: score {score} (likelihood {risk.likelihood} x impact "
                               f"{risk.impact}): {band}")


@dataclass(frozen=True)
class HeatMap:
    """Risks not closed, by (likelihood, impact)."""

    cells: dict[tuple[int, int], tuple[str, ...]]

    def count(self, likelihood: int, impact: int) -> int:
        return len(self.cells.get((likelihood, impact), ()))

    def by_band(self) -> dict[str, int]:
        out = {name: 0 for name, _, _ in BANDS}
        for (likelihood, impact), ids in self.cells.items():
            out[risk_band(likelihood * impact)] += len(ids)
        return out

    def rows(self) -> list[list[int]]:
        """Counts, likelihood 5 (top) down to 1, impact 1 to 5 (left to right)."""
        return [[self.count(li, im) for im in range(1, 6)] for li in range(5, 0, -1)]


def heat_map(risks: Iterable[Risk]) -> HeatMap:
    cells: dict[tuple[int, int], list[str]] = {}
    for risk in risks:
        if risk.status != "closed":
            cells.setdefault((risk.likelihood, risk.impact), []).append(risk.id)
    return HeatMap({k: tuple(sorted(v)) for k, v in cells.items()})


def risk_deadline(risk: Risk, today: dt.date) -> Deadline | None:
    """The next review of a risk not closed."""
    if risk.status == "closed" or risk.review_date is None:
        return None
    overdue = today > risk.review_date
    rating = rate(risk)
    text = (f"{risk.id}: review due {risk.review_date} ({_in_days((risk.review_date - today).days)}); "
            f"score {rating.score}, {rating.band}")
    return Deadline(risk.id, "risk_review", f"Review risk {risk.id} ({risk.title})", risk.review_date,
                    risk.owner, None, overdue, strictest(risk, "title", "review_date"), text)


# --- responsibility matrix ----------------------------------------------------------


@dataclass(frozen=True)
class DutyState:
    next_due: dt.date
    overdue: bool
    explanation: str


def duty_next_due(duty: Duty) -> dt.date:
    """One cadence after it was last done, or after the duty began if it never was."""
    return add_months(duty.last_done or duty.since, duty.cadence_months)


def duty_state(duty: Duty, today: dt.date) -> DutyState:
    due = duty_next_due(duty)
    base = f"last done {duty.last_done}" if duty.last_done else f"never done since {duty.since}"
    overdue = today > due
    text = (f"{duty.id}: every {duty.cadence_months} month{'s' if duty.cadence_months != 1 else ''}, {base}; "
            f"next due {due} ({_in_days((due - today).days)})" + ("; OVERDUE" if overdue else ""))
    return DutyState(due, overdue, text)


def duty_deadline(duty: Duty, today: dt.date) -> Deadline:
    state = duty_state(duty, today)
    return Deadline(duty.id, "duty_review", f"{duty.title} ({duty.id})", state.next_due, duty.accountable,
                    None, state.overdue, strictest(duty, "title"), state.explanation)


# --- action tracker ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    """One action item of a decision, as a row of the council's action tracker."""

    ref: str  # DEC-2025-004/1: the decision and the item's place in it (1-based)
    decision: str
    meeting: str
    text: str
    owner: str
    due: dt.date | None
    status: str
    overdue: bool
    sensitivity: str

    def days_overdue(self, today: dt.date) -> int:
        return max(0, (today - self.due).days) if self.due and self.overdue else 0


def action_rows(decisions: Iterable[Decision], today: dt.date) -> list[ActionRow]:
    """Every action item of a decision that passed: open ones first, soonest due first."""
    rows = []
    for d in decisions:
        if d.outcome not in OUTCOMES_THAT_BIND:
            continue
        level = strictest(d, "actions")
        for i, item in enumerate(d.actions, 1):
            overdue = item.status == "open" and item.due is not None and today > item.due
            rows.append(ActionRow(f"{d.id}/{i}", d.id, d.meeting, item.text, item.owner, item.due,
                                  item.status, overdue, level))
    return sorted(rows, key=lambda r: (r.status != "open", r.due or dt.date.max, r.ref))


def action_deadline(row: ActionRow, today: dt.date) -> Deadline | None:
    if row.status != "open" or row.due is None:
        return None
    text = f"{row.ref}: {row.text}; owner {row.owner or 'unassigned'}, due {row.due} ({_in_days((row.due - today).days)})"
    return Deadline(row.decision, "action", f"Action {row.ref}: {row.text}", row.due, row.owner, None,
                    row.overdue, row.sensitivity, text)


# --- everything at once ---------------------------------------------------------------


def register_deadlines(*, now: dt.datetime, charter: Charter, parties: Sequence[Party],
                       datasets: Iterable[Dataset] = (), risks: Iterable[Risk] = (),
                       incidents: Iterable[Incident] = (), duties: Iterable[Duty] = (),
                       decisions: Iterable[Decision] = ()) -> list[Deadline]:
    """Every dated obligation of the registers, soonest first (overdue ones are the soonest)."""
    today = now.date()
    out: list[Deadline] = []
    for ds in datasets:
        out += dataset_deadlines(ds, today)
    for incident in incidents:
        out += incident_deadlines(incident, charter, parties, now)
    for risk in risks:
        found = risk_deadline(risk, today)
        if found:
            out.append(found)
    out += [duty_deadline(duty, today) for duty in duties]
    for row in action_rows(decisions, today):
        found = action_deadline(row, today)
        if found:
            out.append(found)
    return sorted(out, key=lambda d: (d.due, d.at or dt.datetime.min.replace(tzinfo=dt.UTC), d.record, d.kind))
