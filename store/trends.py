"""The record over time, read for the terminal app's pictures (off the UI thread).

Bounded like the dashboard: twelve quarters of decisions counted by the
index, the last twelve held meetings, the latest disputes, the exit plan.
The figures are shaped by :mod:`council.trends`, the same functions the
published site's SVG uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from council import rules, trends
from council.clocks import StageClock
from council.records import Dispute, ExitPlan, Meeting
from store import queries

if TYPE_CHECKING:
    from store.service import Store

QUARTERS = 12
MEETINGS = 12
DISPUTES = 12


@dataclass(frozen=True)
class HeldMeeting:
    id: str
    date: dt.date
    counts: dict[str, int]  # present, proxy, apologies, absent (council.trends.ATTENDANCE)
    quorate: bool | None


@dataclass(frozen=True)
class DisputeLine:
    id: str
    title: str
    status: str
    clocks: list[StageClock]


@dataclass
class Trends:
    """What the pictures screen draws."""

    today: dt.date
    quarters: dict[str, dict[str, int]] = field(default_factory=dict)
    meetings: list[HeldMeeting] = field(default_factory=list)
    disputes: list[DisputeLine] = field(default_factory=list)
    readiness: dict[str, tuple[int, int]] = field(default_factory=dict)


def read(store: "Store", today: dt.date) -> Trends:
    labels = trends.last_quarters(today, QUARTERS)
    first = dt.date(int(labels[0][:4]), (int(labels[0][-1]) - 1) * 3 + 1, 1)
    counted = queries.decision_outcomes_by_quarter(store, first)
    out = Trends(today, quarters=trends.by_quarter(counted, labels))
    out.meetings = _held_meetings(store, today)
    out.disputes = _disputes(store, today)
    plans = [p for p in store.list("exit") if isinstance(p, ExitPlan)]
    out.readiness = trends.readiness_by_party(plans[0]) if plans else {}
    return out


def _held_meetings(store: "Store", today: dt.date) -> list[HeldMeeting]:
    rows = queries.meetings_between(store, None, today, "held", newest_first=True, limit=MEETINGS)
    members = store.members()
    out = []
    for meeting in queries.records(store, rows):
        if isinstance(meeting, Meeting):
            voters = [m.id for m in rules.voting_members(members, meeting.date)]
            out.append(HeldMeeting(meeting.id, meeting.date, trends.attendance_counts(meeting.attendance, voters),
                                   meeting.quorate))
    return sorted(out, key=lambda m: (m.date, m.id))


def _disputes(store: "Store", today: dt.date) -> list[DisputeLine]:
    ladder = store.charter().ladder
    rows = queries.of_kind(store, "dispute", limit=DISPUTES, newest_first=True).rows
    out = []
    for dispute in queries.records(store, rows):
        if isinstance(dispute, Dispute) and dispute.stages:
            clocks = rules.stage_clocks(ladder, dispute.stages, today, dispute.resolved_on)
            out.append(DisputeLine(dispute.id, dispute.title, dispute.status, clocks))
    return sorted(out, key=lambda d: d.id)
