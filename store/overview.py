"""The partnership at a glance: what the dashboard shows, computed off the UI thread.

Everything is bounded so that it stays quick in a store of 100,000 decisions:
open disputes and open action items are found through the index, and only
those records are parsed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from council import registers, rules
from council import resolutions as written
from council.charter import Charter
from council.records import Clause, Dataset, Decision, Dispute, Duty, ExitPlan, Incident, Meeting, Resolution, Risk
from store import queries
from store.workspace import AMENDMENT, Draft, Workspace

if TYPE_CHECKING:
    from store.service import Store
    from store.sync.standing import SyncStatus

HORIZON_DAYS = 60  # how far ahead "upcoming" looks


@dataclass(frozen=True)
class Deadline:
    """Something due on ``day``: a dispute stage, an action item, a review, minutes."""

    day: dt.date
    what: str
    record: str
    source: str  # dispute | action | review | minutes, or a register's (council.registers.DEADLINE_KINDS)
    overdue: bool


@dataclass(frozen=True)
class OpenDispute:
    dispute: Dispute
    stage: str
    deadline: dt.date | None
    overdue: bool
    days_left: int | None


@dataclass
class Overview:
    """What the dashboard shows."""

    name: str
    today: dt.date
    next_meeting: Meeting | None = None
    expected: rules.QuorumResult | None = None
    deadlines: list[Deadline] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    disputes: list[OpenDispute] = field(default_factory=list)
    recent: list[queries.Row] = field(default_factory=list)
    per_quarter: list[tuple[str, int]] = field(default_factory=list)
    dispute_days: list[int] = field(default_factory=list)
    readiness: float | None = None
    counts: dict[str, int] = field(default_factory=dict)
    heat: registers.HeatMap | None = None  # the risk register's heat map, when it has risks
    sync: "SyncStatus | None" = None  # ahead, behind, diverged, conflicts (store.sync.standing.status)
    resolutions: list[written.Reminder] = field(default_factory=list)  # written resolutions open, closing first


def expected_attendance(meeting: Meeting, voters: list[str]) -> dict[str, str]:
    """Who is expected at a scheduled meeting: everyone who has not sent apologies."""
    return {m: meeting.attendance.get(m, "present") for m in voters}


def overview(store: "Store", workspace: Workspace, today: dt.date) -> Overview:
    partnership = store.partnership()
    charter = store.charter()
    result = Overview(name=partnership.name if partnership else "Council", today=today)
    _next_meeting(store, charter, today, result)
    result.disputes, result.dispute_days = _disputes(store, charter, today)
    result.deadlines = sorted(
        _dispute_deadlines(result.disputes) + _action_deadlines(store, today)
        + _review_deadlines(store.clauses(), today) + _minutes_deadlines(store, charter, today)
        + _register_deadlines(store, charter, today, result) + _resolution_deadlines(store, charter, today, result)
        + _release_deadlines(store, today),
        key=lambda d: (d.day, d.record))
    result.drafts = workspace.drafts(AMENDMENT)
    result.recent = queries.recent_decisions(store, 8)
    result.per_quarter = queries.decisions_per_quarter(store, 12, today)
    plans = [p for p in store.list("exit") if isinstance(p, ExitPlan)]
    result.readiness = rules.exit_readiness(plans[0]) if plans else None
    result.counts = {kind: queries.count(store, kind) for kind in ("decision", "meeting", "ip", "member")}
    result.sync = _sync_status(store)
    return result


def _sync_status(store: "Store") -> "SyncStatus | None":
    """Where this replica stands against its remote, from the last sync (no network); None if unknown."""
    from council.errors import CouncilError
    from store.sync import standing as sync

    try:
        return sync.status(store)
    except CouncilError:
        return None


def _next_meeting(store: "Store", charter: Charter, today: dt.date, out: Overview) -> None:
    rows = queries.meetings_between(store, today, None, "scheduled", limit=1)
    if not rows:
        return
    meeting = store.get(rows[0].id)
    if not isinstance(meeting, Meeting):
        return
    members = store.members()
    voters = [m.id for m in rules.voting_members(members, meeting.date)]
    partnership = store.partnership()
    parties = [p.id for p in partnership.parties] if partnership else []
    out.next_meeting = meeting
    out.expected = rules.quorum(charter, members, expected_attendance(meeting, voters), meeting.date, parties)


def _disputes(store: "Store", charter: Charter, today: dt.date) -> tuple[list[OpenDispute], list[int]]:
    """Open disputes with their current stage's clock, and every dispute's duration in days."""
    opened: list[OpenDispute] = []
    durations: list[int] = []
    rows = queries.of_kind(store, "dispute", limit=500).rows
    for dispute in queries.records(store, rows):
        if not isinstance(dispute, Dispute):
            continue
        durations.append(max(0, ((dispute.resolved_on or today) - dispute.raised_on).days))
        if dispute.status != "open":
            continue
        clocks = rules.stage_clocks(charter.ladder, dispute.stages, today, dispute.resolved_on)
        current = clocks[-1] if clocks else None
        opened.append(OpenDispute(dispute, current.name if current else "raised",
                                  current.deadline if current else None,
                                  bool(current and current.overdue), current.days_left if current else None))
    return opened, durations


def _dispute_deadlines(disputes: list[OpenDispute]) -> list[Deadline]:
    return [Deadline(d.deadline, f"{d.dispute.id} {d.stage} stage ends", d.dispute.id, "dispute", d.overdue)
            for d in disputes if d.deadline is not None]


def _action_deadlines(store: "Store", today: dt.date) -> list[Deadline]:
    out = []
    for decision in queries.records(store, queries.with_open_actions(store)):
        if not isinstance(decision, Decision):
            continue
        for item in decision.actions:
            if item.status == "open" and item.due is not None:
                owner = f" ({item.owner})" if item.owner else ""
                out.append(Deadline(item.due, f"{item.text}{owner}", decision.id, "action", item.due < today))
    return out


def _resolution_deadlines(store: "Store", charter: Charter, today: dt.date, out: Overview) -> list[Deadline]:
    """Open written resolutions, closing first: each closes on its day (few at a time, read whole)."""
    members = store.members()
    found = [r for r in store.list("resolution") if isinstance(r, Resolution) and r.status == "open"]
    out.resolutions = sorted((written.reminder(charter, members, r, today) for r in found),
                             key=lambda x: (x.closes, x.resolution))
    return [Deadline(x.closes, f"written resolution closes ({len(x.not_voted)} not voted)", x.resolution,
                     "resolution", x.days_left < 0) for x in out.resolutions]


def _review_deadlines(clauses: list[Clause], today: dt.date) -> list[Deadline]:
    return [Deadline(c.review_date, f"review clause {c.id} {c.title}", c.id, "review", c.review_date < today)
            for c in clauses if c.review_date is not None]


def _minutes_deadlines(store: "Store", charter: Charter, today: dt.date) -> list[Deadline]:
    """Minutes of held meetings not yet circulated: due ``minutes_days`` after the meeting."""
    out = []
    rows = queries.meetings_between(store, None, today, "held", newest_first=True, limit=24)
    for meeting in queries.records(store, rows):
        if isinstance(meeting, Meeting) and meeting.minutes_status in ("none", "draft"):
            due = meeting.date + dt.timedelta(days=charter.minutes_days)
            out.append(Deadline(due, f"circulate the minutes of {meeting.id}", meeting.id, "minutes", due < today))
    return out


def _register_deadlines(store: "Store", charter: Charter, today: dt.date, out: Overview) -> list[Deadline]:
    """Retention ends, access expiry, incident notifications, duty and risk reviews; and the heat map.

    Action items are already counted above.  The registers are small (tens to
    hundreds of records), so each is read whole.
    """
    partnership = store.partnership()
    risks = [r for r in store.list("risk") if isinstance(r, Risk)]
    out.heat = registers.heat_map(risks) if risks else None
    found = registers.register_deadlines(
        now=_now(today), charter=charter, parties=partnership.parties if partnership else [],
        datasets=[d for d in store.list("dataset") if isinstance(d, Dataset)], risks=risks,
        incidents=[i for i in store.list("incident") if isinstance(i, Incident)],
        duties=[d for d in store.list("duty") if isinstance(d, Duty)])
    return [Deadline(d.due, d.title + (f" by {registers.when(d.at)}" if d.at else ""), d.record, d.kind, d.overdue)
            for d in found]


def _release_deadlines(store: "Store", today: dt.date) -> list[Deadline]:
    """Live releases of artifacts that end within the horizon, and those a change of terms recalls (issue 17).

    Recall reads the terms each artifact was registered under from git: only
    done when the store holds releases at all.
    """
    from council.artifacts import Release

    releases = [r for r in store.list("release") if isinstance(r, Release)]
    if not releases:
        return []
    # Recall and the use cases (0.05 s of imports) only for a store that has releases.
    from council.recall import flagged_releases
    from store.usecases import artifacts as uses

    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    out = [Deadline(r.ends, f"release of {r.artifact} to {r.recipient} ends", r.id, "release", False)
           for r in releases if r.live_on(today) and r.ends is not None and r.ends <= horizon]
    for release_id, flags in sorted(flagged_releases(uses.recall_flags(store, today)).items()):
        what = "; ".join(f"{f.dataset} {f.field}" for f in flags)
        out.append(Deadline(today, f"recall: the terms changed ({what}): suspend or waive", release_id, "recall",
                            True))
    return out


def _now(today: dt.date) -> dt.datetime:
    """The moment incident clocks (kept in hours) are judged at: now, or noon of a fixed ``today``."""
    real = dt.datetime.now(dt.UTC)
    return real if real.date() == today else dt.datetime.combine(today, dt.time(12), dt.UTC)
