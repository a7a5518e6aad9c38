"""Whether the partnership is in exit, and what that forbids: no release is granted from the exit date on.

An exit trigger happening (a partner's notice, a material breach, a
regulator's direction: the triggers the exit plan names) changes the
standing of the partnership, so it is recorded on the partnership record
(``exit_plan``, ``exit_trigger``, ``exit_on``) by an amendment, at the tier
the charter's decision rights set for the partnership (`council exit
trigger` drafts it). From ``exit_on`` the release gate refuses every grant,
naming the plan and the trigger, and offers what the exit plan itself
provides for the artifact's IP asset instead (a transfer, a licence back, a
migration). The same rule (:func:`refusal`) runs on the write path, in
`council verify` at every commit and so in `council sync`.

Pure: the callers pass the partnership and a way to read records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from council.clocks import exit_schedule
from council.errors import RecordError, RuleError
from council.records import ExitPlan, Partnership, Record

# The obligations that hand an asset on rather than destroy it: what may happen to a model in exit.
_HANDING_ON = ("transfer", "license_back", "migrate", "return", "retain")


@dataclass(frozen=True)
class Exit:
    """The partnership in exit: under which plan, by which trigger, from which day."""

    plan: str
    trigger: str
    description: str
    day: dt.date
    # (obligation ID, party, action, asset, due): what the plan provides for each asset.
    obligations: tuple[tuple[str, str, str, str, dt.date], ...] = ()


def exit_of(partnership: Partnership | None, get: Callable[[str], Record | None]) -> Exit | None:
    """The exit the partnership record names (None while it names none).

    A plan missing from the record (refused on the write path, named by
    verify) still leaves the partnership in exit: the refusal never depends
    on the plan being there, only what the plan offers instead does.
    """
    if partnership is None or not partnership.exit_on:
        return None
    plan = get(partnership.exit_plan)
    if not isinstance(plan, ExitPlan):
        return Exit(partnership.exit_plan, partnership.exit_trigger, "", partnership.exit_on)
    description = next((t.description for t in plan.triggers if t.name == partnership.exit_trigger), "")
    due = tuple((o.id, o.party, o.action, o.asset, o.due)
                for o in exit_schedule(plan, partnership.exit_on, partnership.exit_on))
    return Exit(plan.id, partnership.exit_trigger, description, partnership.exit_on, due)


def check_partnership_exit(p: Partnership, get: Callable[[str], Record | None]) -> None:
    """An exit is recorded whole: a plan in the record, one of its triggers, and a day in the partnership."""
    named = {"exit_plan": p.exit_plan, "exit_trigger": p.exit_trigger, "exit_on": p.exit_on}
    if not any(named.values()):
        return
    for name, value in named.items():
        if not value:
            raise RecordError(p.id, name, "a value: an exit is recorded with its plan, its trigger and its day "
                              "(exit_plan, exit_trigger, exit_on)", "empty")
    plan = get(p.exit_plan)
    if not isinstance(plan, ExitPlan):
        raise RecordError(p.id, "exit_plan", "the ID of an exit plan in the record", p.exit_plan)
    names = [t.name for t in plan.triggers]
    if p.exit_trigger not in names:
        raise RecordError(p.id, "exit_trigger", f"one of the triggers of {plan.id}: " + (", ".join(names) or "none"),
                          p.exit_trigger)
    if p.exit_on and p.exit_on < p.effective_date:
        raise RecordError(p.id, "exit_on", f"a day on or after the partnership's effective date ({p.effective_date})",
                          p.exit_on)


def check_plan_kept(p: Partnership | None, changed: set[str], deleted: set[str],
                    get: Callable[[str], Record | None]) -> None:
    """While the partnership is in exit, its plan stays and keeps the trigger it was exited by:
    otherwise deleting or rewriting the plan would quietly lift what the exit forbids (the gate)."""
    if p is None or not p.exit_on or not (p.exit_plan in changed or p.exit_plan in deleted):
        return
    if p.exit_plan in deleted:
        raise RuleError(f"{p.exit_plan} is the plan of the partnership's exit (since {p.exit_on}, by "
                        f"{p.exit_trigger}): it cannot be deleted while the partnership record names it")
    check_partnership_exit(p, get)  # a changed plan still holds the trigger the exit names


def grant_day(starts: dt.date | None, recorded: dt.date | None) -> dt.date | None:
    """The day a grant is judged on: the later of its first day and the day it is recorded.

    A grant recorded in exit but dated before the exit is still a grant made in exit.
    """
    days = [d for d in (starts, recorded) if d is not None]
    return max(days) if days else None


def refusal(exit: Exit | None, day: dt.date | None) -> str | None:
    """Why a release granted on ``day`` is refused by the exit (None if it is not)."""
    if exit is None or day is None or day < exit.day:
        return None
    said = f": {exit.description.rstrip('.')}" if exit.description else ""
    return (f"the partnership is in exit since {exit.day.isoformat()} by {exit.trigger}{said}; "
            "no release is granted from that day")


def instead(exit: Exit, asset: str) -> list[str]:
    """What the exit plan provides for ``asset`` instead of a release: each obligation that hands it on."""
    return [f"under the exit plan, {exit.plan} {ob}: {party} to {action.replace('_', ' ')} {asset} by "
            f"{due.isoformat()}" for ob, party, action, named, due in exit.obligations
            if asset and named == asset and action in _HANDING_ON]
