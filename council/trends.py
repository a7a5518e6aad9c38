"""The record over time, as numbers a picture can draw: pure, no screen, no SVG.

The terminal app draws these as Unicode bars and the published site as SVG;
both take their figures from here, so the two pictures of the same record
cannot disagree. Each function takes plain values (dates, outcomes, stage
clocks) and returns plain values; nothing reads the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from council.clocks import StageClock
from council.records import OUTCOMES, ExitPlan

ATTENDANCE = ("present", "proxy", "apologies", "absent")


def quarter(day: dt.date) -> str:
    """``2026 Q1`` for any day of January to March 2026."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def last_quarters(today: dt.date, count: int) -> list[str]:
    """The ``count`` quarters up to and including today's, oldest first."""
    # dateutil steps the calendar back three months at a time: no month arithmetic here.
    return [quarter(today - relativedelta(months=3 * back)) for back in range(count - 1, -1, -1)]


def by_quarter(decisions: Iterable[tuple[dt.date, str, int]],
               quarters: Sequence[str] | None = None) -> dict[str, dict[str, int]]:
    """Quarter -> outcome -> how many decisions of that quarter ended so.

    ``decisions`` are (a day, an outcome, how many): one per decision, or one
    per group an index already counted. With ``quarters`` given, exactly those
    quarters (empty ones included, in that order); otherwise every quarter
    that has a decision, oldest first.
    """
    counts: dict[str, dict[str, int]] = {q: {} for q in quarters or ()}
    for day, outcome, n in decisions:
        label = quarter(day)
        if quarters is not None and label not in counts:
            continue
        row = counts.setdefault(label, {})
        row[outcome] = row.get(outcome, 0) + n
    return counts if quarters is not None else dict(sorted(counts.items()))


def outcomes_present(counts: Mapping[str, Mapping[str, int]]) -> list[str]:
    """The outcomes that occur, in the record's order (passed first, pending last)."""
    seen = {o for row in counts.values() for o in row}
    return [o for o in OUTCOMES if o in seen] + sorted(seen - set(OUTCOMES))


def attendance_counts(attendance: Mapping[str, str], voters: Iterable[str]) -> dict[str, int]:
    """How many of ``voters`` were present, by proxy, with apologies, or absent.

    A voter the attendance does not name was absent: the register lists only
    who it lists, and a picture must not count a missing name as present.
    """
    counts = dict.fromkeys(ATTENDANCE, 0)
    for member in voters:
        mark = attendance.get(member, "absent")
        key = "proxy" if mark.startswith("proxy") else mark
        counts[key if key in counts else "absent"] += 1
    return counts


@dataclass(frozen=True)
class Segment:
    """A run of columns on a track: ``kind`` is a stage's name, ``overdue`` or ``deadline``."""

    start: int
    stop: int  # exclusive
    kind: str


def track(clocks: Sequence[StageClock], today: dt.date, start: dt.date, end: dt.date,
          width: int) -> list[Segment]:
    """A dispute's ladder laid on ``width`` columns spanning ``start`` to ``end``.

    Each stage runs from the day it was entered to the day it was left (or
    today); time past a stage's deadline is its own ``overdue`` run, and the
    deadline itself a one-column ``deadline`` mark, drawn last so it shows.
    """
    span = max((end - start).days, 1)

    def col(day: dt.date) -> int:
        return min(width - 1, max(0, round((day - start).days / span * (width - 1))))

    runs: list[Segment] = []
    marks: list[Segment] = []
    for clock in clocks:
        stop = clock.left or today
        first, last = col(clock.entered), max(col(stop), col(clock.entered))
        if clock.deadline is not None and stop > clock.deadline:
            due = col(clock.deadline)
            runs.append(Segment(first, max(due, first), clock.name))
            runs.append(Segment(max(due, first), last + 1, "overdue"))
        else:
            runs.append(Segment(first, last + 1, clock.name))
        if clock.deadline is not None and clock.deadline <= end:
            marks.append(Segment(col(clock.deadline), col(clock.deadline) + 1, "deadline"))
    return [r for r in runs if r.stop > r.start] + marks


def readiness_by_party(plan: ExitPlan) -> dict[str, tuple[int, int]]:
    """Party -> (obligations ready, obligations): ready means a migration path and evidence."""
    out: dict[str, tuple[int, int]] = {}
    for ob in plan.obligations:
        ready, total = out.get(ob.party, (0, 0))
        out[ob.party] = (ready + (1 if ob.migration and ob.evidence else 0), total + 1)
    return dict(sorted(out.items()))


def scaled(values: Sequence[int], largest: int, width: int) -> list[int]:
    """Columns for each value of a stacked bar, the largest bar filling ``width``.

    Every non-zero value gets at least one column, so a single failed motion
    never vanishes beside a hundred passed ones; the total never passes width.
    """
    if largest <= 0 or width <= 0:
        return [0 for _ in values]
    cols = [max(1, round(v / largest * width)) if v else 0 for v in values]
    while sum(cols) > width:
        i = max(range(len(cols)), key=lambda k: cols[k])
        cols[i] -= 1
    return cols
