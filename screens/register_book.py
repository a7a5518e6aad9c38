"""What the Registers area shows, read in one go, and the cells of its tables.

Every deadline, clock and rating comes from :mod:`council.registers`; these
functions only put them into words and colours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual.widgets import DataTable

from council import registers
from council.charter import Charter
from council.exit_dryrun import trigger_names
from council.records import Dataset, Decision, Duty, ExitPlan, Incident, Party, Record, Risk
from screens.heatmap import BAND_STYLES

if TYPE_CHECKING:
    from store.api import Store

OVERDUE = "bold $text-error"


@dataclass(frozen=True)
class RegisterBook:
    """Everything the Registers area shows, read in one go."""

    now: dt.datetime
    charter: Charter
    parties: Sequence[Party]
    datasets: list[Dataset]
    risks: list[Risk]
    incidents: list[Incident]
    duties: list[Duty]
    actions: list[registers.ActionRow]
    triggers: list[str]
    # Sealed records as the operator may read them (opened, or "sealed for ..."): shown, never written.
    shown: dict[str, Record] = field(default_factory=dict)

    def record(self, record_id: str) -> Record | None:
        for record in (*self.datasets, *self.risks, *self.incidents, *self.duties):
            if record.id == record_id:
                return record
        return None


def now_for(today: dt.date) -> dt.datetime:
    """Incident clocks run in hours: now if the app's date is today, else noon of its date."""
    real = dt.datetime.now(dt.UTC)
    return real if real.date() == today else dt.datetime.combine(today, dt.time(12), dt.UTC)


def read_book(store: "Store", today: dt.date) -> RegisterBook:
    """Every register at once (blocking: call it from a worker)."""
    partnership = store.partnership()
    plans = [p for p in store.list("exit") if isinstance(p, ExitPlan)]
    from store.api import opened  # sealed text opened with the operator's key, or "sealed for ..."

    sealed = [r for kind in ("dataset", "risk", "incident", "duty") for r in store.list(kind) if r.sealed]
    return RegisterBook(
        shown={r.id: opened(store, r) for r in sealed},
        now=now_for(today), charter=store.charter(), parties=partnership.parties if partnership else [],
        datasets=[r for r in store.list("dataset") if isinstance(r, Dataset)],
        risks=[r for r in store.list("risk") if isinstance(r, Risk)],
        incidents=[r for r in store.list("incident") if isinstance(r, Incident)],
        duties=[r for r in store.list("duty") if isinstance(r, Duty)],
        actions=registers.action_rows([r for r in store.list("decision") if isinstance(r, Decision)], today), triggers=trigger_names(plans))


def table_rows(book: RegisterBook) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of each register's table, in the order of its columns (COLUMNS in screens.registers)."""
    today = book.now.date()
    return {
        "datasets": [(d.id, _retention(d, today), d.provider, d.status, _title(book, d)) for d in book.datasets],
        "risks": [(r.id, _score(r), _review(r, today), r.status, r.owner, _title(book, r)) for r in book.risks],
        "incidents": [(i.id, f"{i.detected_at:%Y-%m-%d}", i.kind.replace("_", " "), _clocks(i, book), _title(book, i))
                      for i in book.incidents],
        "duties": [(d.id, _next_due(d, today), f"{d.cadence_months} mo", d.accountable, _title(book, d))
                   for d in book.duties],
    }


def _title(book: RegisterBook, record: Record) -> str:
    """A record's title as the operator may read it (opened, or "[sealed for ...]")."""
    return str(getattr(book.shown.get(record.id, record), "title", ""))


def selected(table: DataTable) -> str | None:
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def _retention(ds: Dataset, today: dt.date) -> Any:
    end, _ = registers.retention_end(ds)
    if end is None:
        return "until exit"
    days = (end - today).days
    return (f"{end} ({days}d)", "$text-warning") if 0 <= days <= 60 else ((f"{end} PASSED", OVERDUE) if days < 0 else str(end))


def _score(risk: Risk) -> Any:
    rating = registers.rate(risk)
    return (f"{rating.score:>2} {rating.band}", BAND_STYLES[rating.band])


def _review(risk: Risk, today: dt.date) -> Any:
    found = registers.risk_deadline(risk, today)
    if found is None:
        return "—"
    return (f"{found.due} OVERDUE", OVERDUE) if found.overdue else str(found.due)


def _clocks(incident: Incident, book: RegisterBook) -> Any:
    clocks = registers.notification_clocks(incident, book.charter.incidents, book.parties, book.now)
    late = [c.who for c in clocks if c.state == "overdue"]
    if late:
        return (f"OVERDUE: {', '.join(late)}", OVERDUE)
    pending = [c.who for c in clocks if c.state == "pending"]
    if pending:
        return (f"due: {', '.join(pending)}", "$text-warning")
    missed = [c.who for c in clocks if c.state == "late"]
    return (f"late: {', '.join(missed)}", "$text-warning") if missed else ("all on time", "$text-success")


def _next_due(duty: Duty, today: dt.date) -> Any:
    state = registers.duty_state(duty, today)
    return (f"{state.next_due} OVERDUE", OVERDUE) if state.overdue else str(state.next_due)
