"""Plain-text views of the living registers for the CLI (`council list`, `council show`).

The TUI has its own widgets; both call the rules in :mod:`council.registers`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from council import registers
from council.charter import Charter
from council.records import Dataset, Duty, Incident, Party, Record, Risk


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def one_line(record: Record, today: dt.date | None = None) -> str:
    """ID, the register's key facts and its state on one line, for `council list`."""
    today = today or now().date()
    if isinstance(record, Dataset):
        end, _ = registers.retention_end(record)
        parts = [record.id, record.provider, record.title, f"[{record.status}]",
                 f"retention ends {end}" if end else "kept until exit"]
    elif isinstance(record, Risk):
        rating = registers.rate(record)
        parts = [record.id, f"{rating.score:>2} {rating.band}", record.title, f"[{record.status}]",
                 f"owner {record.owner}", f"review {record.review_date}" if record.review_date else ""]
    elif isinstance(record, Incident):
        parts = [record.id, f"{record.detected_at:%Y-%m-%d}", record.kind, record.title, f"[{record.status}]"]
    elif isinstance(record, Duty):
        state = registers.duty_state(record, today)
        parts = [record.id, record.title, f"every {record.cadence_months} mo",
                 f"next due {state.next_due}", "OVERDUE" if state.overdue else ""]
    else:
        parts = [record.id, record.title_text]
    return "  ".join(p for p in parts if p)


def explain(record: Record, charter: Charter, parties: Sequence[Party], at: dt.datetime | None = None) -> list[str]:
    """What the register's rules say about one record: clocks, deadlines, ratings."""
    at = at or now()
    today = at.date()
    lines: list[str] = []
    if isinstance(record, Dataset):
        _, why = registers.retention_end(record)
        lines.append(f"Retention: {why}")
        lines += [f"  {d.explanation}" + (" OVERDUE" if d.overdue else "")
                  for d in registers.dataset_deadlines(record, today) if d.kind == "access_expiry"]
    elif isinstance(record, Risk):
        lines.append(f"Rating: {registers.rate(record).explanation}")
        found = registers.risk_deadline(record, today)
        if found:
            lines.append(f"Review: {found.explanation}" + (" OVERDUE" if found.overdue else ""))
    elif isinstance(record, Incident):
        lines.append("Notification clocks:")
        clocks = registers.notification_clocks(record, charter.incidents, parties, at)
        lines += [f"  {c.explanation}" for c in clocks] or ["  none required"]
        for step in record.remediation:
            state = f"done {step.done_on}" if step.done_on else (f"due {step.due}" if step.due else "open")
            lines.append(f"Remediation: {step.step} ({step.owner or 'unassigned'}, {state})")
    elif isinstance(record, Duty):
        lines.append(f"Review: {registers.duty_state(record, today).explanation}")
    return lines


def action_lines(rows: Sequence[registers.ActionRow], today: dt.date) -> list[str]:
    """The action tracker as text, one action a line."""
    out = []
    for row in rows:
        flag = f"OVERDUE {row.days_overdue(today)}d" if row.overdue else ""
        due = f"due {row.due}" if row.due else "no due date"
        out.append("  ".join(p for p in (row.ref, f"[{row.status}]", row.owner or "-", due, row.text, flag) if p))
    return out


def heat_map_lines(heat: registers.HeatMap) -> list[str]:
    """The 5 x 5 heat map as text: likelihood down the side, impact along the bottom."""
    out = ["likelihood"]
    for likelihood, row in zip(range(5, 0, -1), heat.rows()):
        out.append(f"  {likelihood} | " + " ".join(f"{n or '.':>2}" for n in row))
    out.append("      " + "-" * 15)
    out.append("        " + "  ".join(str(i) for i in range(1, 6)) + "  impact")
    counts = heat.by_band()
    out.append("  " + ", ".join(f"{band}: {n}" for band, n in counts.items()))
    return out


def to_json(row: Any) -> dict[str, Any]:
    """A register row (dataclass) as JSON-ready data."""
    import dataclasses
    import json

    return json.loads(json.dumps(dataclasses.asdict(row), default=str))


def exit_lines(timeline: Any) -> list[str]:
    """An exit dry run (:class:`council.exit_dryrun.ExitTimeline`) as a dated timeline."""
    commit = timeline.as_of.get("commit", "")
    out = [f"Exit dry run: {timeline.trigger} on {timeline.day}",
           f"Terms in force on {timeline.day}" + (f" (commit {commit[:10]})" if commit else "")
           + f": {', '.join(timeline.plans)}; notice {timeline.notice_days} days, ending {timeline.notice_end}",
           ""]
    for step in timeline.steps:
        owner = f"[{step.owner}]" if step.owner else ""
        days = (step.day - timeline.day).days
        out.append(f"{step.day}  +{days:<4} {owner:<14} {step.title}  ({step.source})")
        if step.detail:
            out.append(f"{'':<20}{step.detail}")
    if timeline.gaps:
        out += ["", "Gaps in the exit terms:"] + [f"  - {gap}" for gap in timeline.gaps]
    return out
