"""The council's clocks as pure functions: escalation deadlines, the exit
schedule and the meeting cadence.

Business days skip weekends and the public holidays of the jurisdictions the
charter names (the ``holidays`` package, not a hand-written calendar); a
calendar-day deadline that lands on a weekend or holiday stays there, or
moves to the next business day, as the charter's ``weekend`` setting says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from dateutil.relativedelta import relativedelta, weekday

from council.charter import Charter, Ladder
from council.errors import RecordError, RuleError
from council.records import ExitPlan, Stage


def _clause(ref: str) -> str:
    return f" (charter {ref})" if ref else ""


@lru_cache(maxsize=256)
def _holidays_of(jurisdiction: str, year: int) -> frozenset[dt.date]:
    import holidays  # deferred: 80 ms to import, needed only where a ladder names places (issue 18)

    country, _, subdivision = jurisdiction.partition("-")
    table = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    return frozenset(table)


def is_business_day(day: dt.date, jurisdictions: Sequence[str] = ()) -> bool:
    """Monday to Friday, and a public holiday in none of ``jurisdictions`` ("GB-ENG", "DE")."""
    return day.weekday() < 5 and not any(day in _holidays_of(j, day.year) for j in jurisdictions)


def known_jurisdiction(jurisdiction: str) -> bool:
    """Whether the holidays package knows this country (and subdivision)."""
    try:
        _holidays_of(jurisdiction, 2000)
    except (NotImplementedError, KeyError):
        return False
    return True


# --- escalation clocks -----------------------------------------------------


@dataclass(frozen=True)
class StageClock:
    name: str
    entered: dt.date
    deadline: dt.date | None
    left: dt.date | None  # when the dispute moved on, if it did
    overdue: bool
    days_left: int | None


def add_days(start: dt.date, days: int, business: bool, jurisdictions: Sequence[str] = (),
             weekend: str = "as_is") -> dt.date:
    """``start`` plus ``days`` calendar days, or business days (skipping weekends and the
    holidays of ``jurisdictions``); with ``weekend = "next_business_day"`` a calendar
    deadline on a weekend or holiday moves to the next business day."""
    if not business:
        day = start + dt.timedelta(days=days)
        while weekend == "next_business_day" and not is_business_day(day, jurisdictions):
            day += dt.timedelta(days=1)
        return day
    day, added = start, 0
    while added < days:
        day += dt.timedelta(days=1)
        if is_business_day(day, jurisdictions):
            added += 1
    return day


def stage_clocks(ladder: Ladder, stages: Sequence[Stage], today: dt.date,
                 resolved_on: dt.date | None = None) -> list[StageClock]:
    """Each stage the dispute entered, with its deadline from the ladder."""
    limits = {s.name: s.days for s in ladder.stages}
    clocks = []
    for i, stage in enumerate(stages):
        left = stages[i + 1].entered if i + 1 < len(stages) else resolved_on
        days = limits.get(stage.name)
        deadline = (add_days(stage.entered, days, ladder.business_days, ladder.jurisdictions, ladder.weekend)
                    if days else None)
        end = left or today
        overdue = deadline is not None and end > deadline
        days_left = None if deadline is None or left else (deadline - today).days
        clocks.append(StageClock(stage.name, stage.entered, deadline, left, overdue, days_left))
    return clocks


def next_stage(ladder: Ladder, current: str | None) -> str | None:
    names = [s.name for s in ladder.stages]
    if current is None:
        return names[0] if names else None
    if current not in names:
        return None
    i = names.index(current)
    return names[i + 1] if i + 1 < len(names) else None


def check_stage_move(ladder: Ladder, stages: Sequence[Stage], new: str, day: dt.date, where: str) -> None:
    """A dispute climbs the ladder in order and never goes back in time."""
    names = [s.name for s in ladder.stages]
    if new not in names:
        raise RecordError(where, "stages", "a stage of the escalation ladder: " + ", ".join(names), new)
    current = stages[-1].name if stages else None
    expected = next_stage(ladder, current)
    if new != expected:
        raise RuleError(f"{where}: the next stage after {current or 'raising'} is {expected}, not {new}"
                        + _clause(ladder.clause))
    if stages and day < stages[-1].entered:
        raise RecordError(where, "stages", f"a date on or after {stages[-1].entered}", day)


# --- exit plan -------------------------------------------------------------


@dataclass(frozen=True)
class ObligationDue:
    id: str
    party: str
    action: str
    asset: str
    due: dt.date
    done: bool
    overdue: bool
    has_migration: bool
    has_evidence: bool


def exit_schedule(plan: ExitPlan, trigger_day: dt.date, today: dt.date) -> list[ObligationDue]:
    """Every obligation's deadline, soonest first.

    Each obligation's ``days`` run from the trigger date itself (issue 2: "a
    deadline in days from the trigger") unless the plan says they run from
    the end of its notice period (``days_from = "notice_end"``).
    """
    start = trigger_day
    if plan.days_from == "notice_end":
        start += dt.timedelta(days=plan.notice_days)
    out = []
    for ob in plan.obligations:
        due = start + dt.timedelta(days=ob.days)
        done = ob.completed_on is not None
        out.append(ObligationDue(ob.id, ob.party, ob.action, ob.asset, due, done,
                                 not done and today > due, bool(ob.migration), bool(ob.evidence)))
    return sorted(out, key=lambda o: (o.due, o.id))


def exit_readiness(plan: ExitPlan) -> float:
    """Share of obligations that have a migration path and evidence defined (0..1)."""
    if not plan.obligations:
        return 1.0
    ready = sum(1 for ob in plan.obligations if ob.migration and ob.evidence)
    return ready / len(plan.obligations)


# --- cadence ---------------------------------------------------------------


def next_meeting_date(charter: Charter, last: dt.date) -> dt.date:
    """The next regular meeting after ``last``, from the charter's cadence."""
    # dateutil keeps the calendar (month lengths, weekdays): none is written here.
    if charter.cadence_weekday < 0:
        same_day: dt.date = last + relativedelta(months=charter.cadence_months)  # clamped to the month's end
        return same_day
    # Same weekday and week-of-month as the last meeting ("second Tuesday"); a
    # fifth such weekday the month does not have falls back to its fourth.
    first: dt.date = last + relativedelta(months=charter.cadence_months, day=1)
    week = (last.day - 1) // 7
    day: dt.date = first + relativedelta(weekday=weekday(charter.cadence_weekday)(week + 1))
    return day if day.month == first.month else day - dt.timedelta(days=7)

