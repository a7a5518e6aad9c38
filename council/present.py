"""Plain-text views of records for the CLI (the TUI has its own widgets)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from council import records as kinds  # each kind's module loads on first use (issue 18)
from council.records import REGISTER_KINDS, Record

# The kinds whose `council list` line the index's row holds (id, day, title, status: the
# same getattr chains as store.index.heldrows.row_for), so a page of them is printed from
# the rows without parsing a file.  Not the registers (their own line), meetings (quorate
# is not in the row), clauses and members (listed in clause order / few).
# tests/test_list_rows.py prints every such record both ways.
ROW_KINDS = ("decision", "dispute", "ip", "exit", "resolution", "artifact", "release")


def one_line(record: Record) -> str:
    """ID, date, title and status on one line, for `council list`."""
    if record.KIND in REGISTER_KINDS:
        from council.register_views import one_line as register_line

        return register_line(record)
    day = getattr(record, "date", None) or getattr(record, "raised_on", None) or ""
    status = getattr(record, "outcome", None) or getattr(record, "status", "") or ""
    if isinstance(record, kinds.Meeting) and record.quorate is not None:
        status = f"{status}, {'quorate' if record.quorate else 'NOT quorate'}"
    return list_line(record.id, day, record.title_text, status)


def list_line(record_id: str, day: dt.date | str | None, title: str, status: str) -> str:
    """The line of `council list`, from a record (:func:`one_line`) or its index row (``ROW_KINDS``)."""
    parts = [record_id, str(day or ""), title, f"[{status}]" if status else ""]
    return "  ".join(p for p in parts if p)


def describe(record: Record, store: Any = None) -> str:
    """Every field, then the explanation a person needs, then the body."""
    lines = [f"{record.KIND} {record.id}: {record.title_text}", ""]
    for key, value in record.to_dict().items():
        if key in ("id", "title"):
            continue
        lines.append(f"  {key}: {_fmt(value)}")
    if isinstance(record, (kinds.Decision, kinds.Resolution)):
        lines += ["", f"Outcome: {record.outcome}", f"  {record.outcome_note}"]
    if isinstance(record, kinds.Meeting) and record.quorum_note:
        lines += ["", f"Quorum: {record.quorum_note}"]
    if isinstance(record, kinds.Dispute) and store is not None:
        import datetime as dt

        from council import rules

        for clock in rules.stage_clocks(store.charter().ladder, record.stages, dt.date.today(), record.resolved_on):
            flag = "OVERDUE" if clock.overdue else ""
            lines.append(f"  stage {clock.name}: entered {clock.entered}, deadline {clock.deadline} {flag}".rstrip())
    if record.KIND in REGISTER_KINDS and store is not None:
        from council.register_views import explain

        partnership = store.partnership()
        lines += ["", *explain(record, store.charter(), partnership.parties if partnership else [])]
    if record.body_text:
        lines += ["", record.body_text]
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={_fmt(v)}" for k, v in value.items()) or "-"
    if isinstance(value, list):
        return "; ".join(_fmt(v) for v in value) or "-"
    return str(value)
