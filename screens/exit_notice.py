"""The partnership in exit, said plainly: since when, by which trigger, and the days left.

The partnership record names the exit (:mod:`council.exit_state`); the
days are counted as the exit plan counts them (:func:`council.rules.exit_schedule`:
from the trigger, or from the end of the notice period where the plan says
so). Shown on the dashboard, the exit plan and the artifacts screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

if TYPE_CHECKING:  # read in a worker: the rules and the exit's reader are not loaded for the first frame
    from council import rules
    from council.exit_state import Exit
    from store.api import Store


@dataclass(frozen=True)
class InExit:
    """What the banner says: the exit, the plan's notice and the obligations still open."""

    exit: Exit
    notice_days: int
    from_notice_end: bool
    open: tuple[rules.ObligationDue, ...]

    @property
    def notice_end(self) -> dt.date:
        return self.exit.day + dt.timedelta(days=self.notice_days)


def in_exit(store: "Store", today: dt.date) -> InExit | None:
    """The partnership's exit as the record names it now (None while it is not in exit); read in a worker."""
    from council import rules
    from council.exit_state import exit_of
    from council.records import ExitPlan

    found = exit_of(store.partnership(), store.get)
    if found is None:
        return None
    plan = store.get(found.plan)
    if not isinstance(plan, ExitPlan):
        return InExit(found, 0, False, ())
    due = rules.exit_schedule(plan, found.day, today)
    return InExit(found, plan.notice_days, plan.days_from == "notice_end", tuple(o for o in due if not o.done))


def _days(day: dt.date, today: dt.date) -> str:
    left = (day - today).days
    if left < 0:
        return f"{-left} day{'s' if left != -1 else ''} ago"
    return "today" if left == 0 else f"{left} day{'s' if left != 1 else ''} left"


def exit_content(standing: InExit, today: dt.date) -> Content:
    """The banner: in exit since, by what; the notice's end and the obligations' deadlines, with the days left."""
    e = standing.exit
    said = f": {e.description.rstrip('.')}" if e.description else ""
    lines = [Content.assemble(("IN EXIT", "bold $text-error"),
                              f" since {e.day} by {e.trigger.replace('_', ' ')} ({e.plan}){said}. ",
                              ("No release is granted.", "bold"))]
    if standing.notice_days:
        lines.append(Content(f"Notice of {standing.notice_days} days ends {standing.notice_end} "
                             f"({_days(standing.notice_end, today)})."))
    counted = "the end of notice" if standing.from_notice_end else "the trigger"
    if standing.open:
        first, last = standing.open[0], standing.open[-1]
        what = f"{first.party} to {first.action.replace('_', ' ')} {first.asset}"
        text = (f"Obligations count from {counted}: next {first.id} ({what}) due {first.due} "
                f"({_days(first.due, today)})")
        if last is not first:
            text += f"; the last, {last.id}, due {last.due} ({_days(last.due, today)})"
        overdue = sum(1 for o in standing.open if o.overdue)
        lines.append(Content(text + "."))
        if overdue:
            lines.append(Content.styled(f"{overdue} obligation{'s' if overdue != 1 else ''} overdue.",
                                        "bold $text-error"))
    elif standing.notice_days:
        lines.append(Content.styled("Every obligation of the exit plan is done.", "$text-muted"))
    return Content("\n").join(lines)


def show_exit(banner: Static, standing: InExit | None, today: dt.date) -> None:
    """Fill a screen's exit banner, or hide it while the partnership is not in exit."""
    banner.display = standing is not None
    if standing is not None:
        banner.update(exit_content(standing, today))
