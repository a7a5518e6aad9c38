"""The exit dry run: every exit obligation as a dated timeline, from the terms in force.

Given the exit plan(s), the data-sharing terms and the IP register as they
stood on a date, and the name of an exit trigger, :func:`simulate_exit` lays
out what each party must do and by when: the notice, data returns and
deletions (with any retention period that ends sooner), the end of access,
IP transfers, license-backs and migrations.  Obligation deadlines are counted
as :func:`council.rules.exit_schedule` counts them: from the trigger date, or
from the end of the notice period where the plan says so.  Gaps (an IP asset whose exit treatment no obligation performs, a
retention period that already ended) are reported, not guessed away.

Pure: the caller reads the terms as of the date (see ``council exit simulate``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from council import rules
from council.errors import RecordError
from council.records import Dataset, ExitPlan, IPAsset, Party
from council.registers import retention_end, strictest

STEP_KINDS = ("trigger", "notice_end", "obligation", "dataset", "retention_end", "access_end")


@dataclass(frozen=True)
class ExitStep:
    """One dated step of the exit."""

    day: dt.date
    kind: str  # one of STEP_KINDS
    action: str  # notice, return, delete, transfer, license_back, migrate, retain, access_ends, ...
    owner: str  # the party that must act ("" for the trigger itself)
    subject: str  # the record the step is about (EXIT-01, IP-007, DS-003)
    title: str
    detail: str = ""  # migration path, evidence, notice, licences
    source: str = ""  # where the step comes from: "EXIT-01 OB-07", "DS-003"
    sensitivity: str = "internal"


@dataclass(frozen=True)
class ExitTimeline:
    trigger: str
    trigger_description: str
    day: dt.date
    plans: tuple[str, ...]
    notice_days: int
    notice_end: dt.date
    steps: tuple[ExitStep, ...]
    gaps: tuple[str, ...] = ()
    as_of: dict[str, str] = field(default_factory=dict)  # commit, date: filled in by the caller

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        data["notice_end"] = self.notice_end.isoformat()
        data["steps"] = [{**asdict(s), "day": s.day.isoformat()} for s in self.steps]
        data["plans"] = list(self.plans)
        data["gaps"] = list(self.gaps)
        return data


def trigger_names(plans: Iterable[ExitPlan]) -> list[str]:
    seen: list[str] = []
    for plan in plans:
        seen += [t.name for t in plan.triggers if t.name not in seen]
    return seen


def simulate_exit(plans: Sequence[ExitPlan], datasets: Sequence[Dataset], assets: Sequence[IPAsset],
                  parties: Sequence[Party], trigger: str, day: dt.date) -> ExitTimeline:
    """The dated timeline of every exit obligation if ``trigger`` happened on ``day``."""
    applying = [p for p in plans if any(t.name == trigger for t in p.triggers)]
    if not applying:
        names = trigger_names(plans)
        expected = ("one of the exit triggers in force: " + ", ".join(names)) if names else \
            "an exit trigger, but no exit plan with triggers was in force on that date"
        raise RecordError("exit simulate", "trigger", expected, trigger)
    description = next(t.description for p in applying for t in p.triggers if t.name == trigger)
    notice_days = max(p.notice_days for p in applying)
    notice_end = day + dt.timedelta(days=notice_days)
    by_id = {a.id: a for a in assets}
    steps = [ExitStep(day, "trigger", "notice", "", ", ".join(p.id for p in applying), f"Exit trigger: {trigger}",
                      f"{description} Notice period: {notice_days} days, ending {notice_end}.",
                      ", ".join(p.id for p in applying), max((p.sensitivity for p in applying), key=_rank)),
             ExitStep(notice_end, "notice_end", "notice", "", applying[0].id, "Notice period ends",
                      f"{notice_days} days after the trigger; partnership purposes end and every access for them ends.",
                      applying[0].id, applying[0].sensitivity)]
    gaps: list[str] = []
    planned: set[str] = set()
    for plan in applying:
        for due in rules.exit_schedule(plan, day, day):
            ob = next(o for o in plan.obligations if o.id == due.id)
            planned.add(ob.asset)
            steps.append(_obligation_step(plan, ob, due.due, by_id.get(ob.asset)))
            if ob.asset and ob.asset not in by_id and not ob.asset.startswith("DS-"):
                gaps.append(f"{plan.id} {ob.id} names {ob.asset}, which is not in the IP register in force")
    for ds in datasets:
        if ds.status == "ended":
            continue
        found, notes = _dataset_steps(ds, day, notice_end, parties, applying)
        steps += found
        gaps += notes
    for asset in assets:
        if asset.on_exit != "retain" and asset.id not in planned:
            gaps.append(f"{asset.id} ({asset.title}) is to be handled by '{asset.on_exit}' on exit, "
                        "but no obligation in the exit plan performs it")
    order = {k: i for i, k in enumerate(STEP_KINDS)}
    steps.sort(key=lambda s: (s.day, order[s.kind], s.subject, s.owner))
    return ExitTimeline(trigger, description, day, tuple(p.id for p in applying), notice_days, notice_end,
                        tuple(steps), tuple(gaps))


def _rank(level: str) -> int:
    return ("public", "internal", "confidential", "privileged").index(level)


def _obligation_step(plan: ExitPlan, ob: Any, due: dt.date, asset: IPAsset | None) -> ExitStep:
    title = f"{ob.action.replace('_', ' ')} {ob.asset}" + (f" ({asset.title})" if asset else "")
    detail = []
    if ob.migration:
        detail.append(f"Migration: {ob.migration}.")
    if ob.evidence:
        detail.append(f"Evidence: {ob.evidence}.")
    if asset is not None and ob.action == "license_back" and asset.licenses:
        detail.append("Licences: " + "; ".join(f"{g.licensee}: {g.scope}" for g in asset.licenses) + ".")
    if asset is not None and ob.action == "transfer":
        detail.append("Owners: " + ", ".join(f"{p} {s:g}%" for p, s in asset.owners.items()) + ".")
    if ob.completed_on:
        detail.append(f"Already completed on {ob.completed_on}.")
    level = plan.field_level("obligations")
    if asset is not None:
        level = max(level, asset.sensitivity, key=_rank)
    return ExitStep(due, "obligation", ob.action, ob.party, ob.asset or plan.id, title[0].upper() + title[1:],
                    " ".join(detail), f"{plan.id} {ob.id}", level)


def _dataset_steps(ds: Dataset, day: dt.date, notice_end: dt.date, parties: Sequence[Party],
                   plans: Sequence[ExitPlan]) -> tuple[list[ExitStep], list[str]]:
    holders = sorted({g.party for g in ds.access if g.party and g.party != ds.provider}) or \
        [p.id for p in parties if p.id != ds.provider and p.role != "observer"]
    level = strictest(ds, "title", "on_exit", "access")
    steps, gaps = [], []
    due = day + dt.timedelta(days=ds.exit_days)
    related = [f"{p.id} {o.id}" for p in plans for o in p.obligations if ds.ip_asset and o.asset == ds.ip_asset]
    detail = f"Received from {ds.provider}; terms {ds.id}."
    if related:
        detail += " Also performed under " + ", ".join(related) + "."
    if ds.on_exit != "retain":
        for holder in holders:
            steps.append(ExitStep(due, "dataset", ds.on_exit, holder, ds.id,
                                  f"{ds.on_exit.capitalize()} {ds.id} ({ds.title})", detail, ds.id, level))
    end, why = retention_end(ds)
    if end is not None and end < day:
        gaps.append(f"{ds.id}: {why}, before the trigger date; the data should already be gone")
    elif end is not None and end <= due:
        for holder in holders:
            steps.append(ExitStep(end, "retention_end", "delete", holder, ds.id,
                                  f"Retention of {ds.id} ({ds.title}) ends", why[0].upper() + why[1:] + ".",
                                  ds.id, level))
    if ds.on_exit == "retain":
        return steps, gaps  # the recipient keeps the data, and its access with it
    for grant in ds.access:
        if grant.party == ds.provider or (grant.expires is not None and grant.expires < day):
            continue  # the provider's own staff keep access to their own data
        limits = [(due, f"the data is to be {'returned' if ds.on_exit == 'return' else 'deleted'} by then"),
                  (notice_end, "the notice period ends")]
        if grant.expires:
            limits.append((grant.expires, "the grant expires"))
        ends, reason = min(limits)
        steps.append(ExitStep(ends, "access_end", "access_ends", grant.party or ds.provider, ds.id,
                              f"Access to {ds.id} for {grant.role} ends", f"Because {reason}.", ds.id, level))
    return steps, gaps
