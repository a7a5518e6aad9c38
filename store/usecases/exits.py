"""Recording that an exit trigger happened: a draft amendment of the partnership record.

That the partnership is in exit is a change of its standing, so it is a
term: `council exit trigger` drafts the amendment (the plan, the trigger,
the day, on the partnership record) and it takes effect only when a vote
passes it at the tier the charter's decision rights set for the
partnership (`council amend vote`), as every term change does.  From the
day it names, the release gate grants nothing (:mod:`council.exit_state`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from council.errors import RecordError
from council.fileformat import serialise
from council.records import SENSITIVITIES, ExitPlan, Partnership
from council.sealed_fields import SEALED_LEVELS
from store.usecases.common import with_readers
from store.usecases.proceedings import check_draft, save_amendment

if TYPE_CHECKING:
    from store.service import Store
    from store.workspace import Draft, Workspace

EXIT_FIELDS = ("exit_plan", "exit_trigger", "exit_on")


def _plan(store: "Store", trigger: str, plan_id: str) -> ExitPlan:
    """The exit plan in force that names ``trigger`` (``plan_id`` where more than one could)."""
    plans = [p for p in store.list("exit") if isinstance(p, ExitPlan)]
    if plan_id:
        plans = [p for p in plans if p.id == plan_id]
        if not plans:
            raise RecordError("exit trigger", "plan", "the ID of an exit plan in force", plan_id)
    names = list(dict.fromkeys(t.name for p in plans for t in p.triggers))
    naming = [p for p in plans if any(t.name == trigger for t in p.triggers)]
    if not naming:
        expected = ("one of the exit triggers in force: " + ", ".join(names)) if names else \
            "an exit trigger, but no exit plan in force names one"
        raise RecordError("exit trigger", "trigger", expected, trigger)
    if len(naming) > 1:
        raise RecordError("exit trigger", "plan", "the exit plan it is under (--plan): "
                          + ", ".join(p.id for p in naming), "none")
    return naming[0]


def draft_exit(store: "Store", workspace: "Workspace", trigger: str, day: dt.date, plan_id: str = "",
               sensitivity: str = "", summary: str = "", dry_run: bool = False,
               readers: Sequence[str] | None = None) -> "Draft | Partnership":
    """Draft the amendment that puts the partnership in exit from ``day``; in a dry run, the record checked.

    The exit fields are as sensitive as the exit plan, unless ``sensitivity`` says otherwise;
    ``readers`` may read them where that is sealed (:func:`store.usecases.common.with_readers`).
    """
    partnership = store.partnership()
    if partnership is None:
        raise RecordError("exit trigger", "partnership", "a founded partnership (council init)")
    if partnership.exit_on:
        raise RecordError(partnership.id, "exit_on", "a partnership not yet in exit (it is in exit since "
                          f"{partnership.exit_on}, by {partnership.exit_trigger})", day)
    plan = _plan(store, trigger.strip(), plan_id.strip())
    level = sensitivity.strip() or plan.sensitivity
    if level not in SENSITIVITIES:
        raise RecordError("exit trigger", "sensitivity", "one of " + ", ".join(SENSITIVITIES), level)
    levels = {**partnership.field_sensitivity, **dict.fromkeys(EXIT_FIELDS, level)}
    if level in SEALED_LEVELS and (readers or store.charter().sealing):
        # The exit's day is a date the release gate reads on every replica: it is never sealed,
        # so it is what it is in every replica, shared with the parties.
        levels["exit_on"] = "internal"
    # The record's own level: nothing to say.
    levels = {k: v for k, v in levels.items() if k not in EXIT_FIELDS or v != partnership.sensitivity}
    record = partnership.replace(exit_plan=plan.id, exit_trigger=trigger.strip(), exit_on=day,
                                 field_sensitivity=levels)
    record = with_readers(store, record, readers)
    assert isinstance(record, Partnership)
    if dry_run:
        checked = check_draft(store, record.id, serialise(record))
        assert isinstance(checked, Partnership)
        return checked
    what = summary or f"the partnership is in exit from {day.isoformat()}: {trigger.strip()} ({plan.id})"
    return save_amendment(store, workspace, record.id, serialise(record), what)


def withdraw_exit(store: "Store", workspace: "Workspace", summary: str = "",
                  dry_run: bool = False) -> "Draft | Partnership":
    """Draft the amendment that ends the exit (a notice withdrawn, a breach cured by agreement).

    It clears the three exit fields, so the release gate grants again from the
    day the vote passes; what was refused in exit stays refused in the record.
    """
    partnership = store.partnership()
    if partnership is None or not partnership.exit_on:
        raise RecordError(partnership.id if partnership else "exit withdraw", "exit_on",
                          "a partnership in exit (`council exit trigger` records one)", "not in exit")
    levels = {k: v for k, v in partnership.field_sensitivity.items() if k not in EXIT_FIELDS}
    record = partnership.replace(exit_plan="", exit_trigger="", exit_on=None, field_sensitivity=levels)
    assert isinstance(record, Partnership)
    if dry_run:
        checked = check_draft(store, record.id, serialise(record))
        assert isinstance(checked, Partnership)
        return checked
    what = summary or (f"the partnership's exit ({partnership.exit_trigger}, since "
                       f"{partnership.exit_on.isoformat()}) is withdrawn")
    return save_amendment(store, workspace, record.id, serialise(record), what)
