"""The redaction step: apply the policy to a snapshot, giving the filtered view.

Every withheld record or field is replaced by a :class:`Withheld` marker and
listed in the report with its reason and salted commitment (see
:mod:`exports.commitments`).  Values derived for the renderers (vote counts,
dispute durations, stage deadlines, attendance counts) are computed here, from
visible fields only, so no renderer ever touches a withheld value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from council import rules
from council.charter import Charter
from council.records import Record, Stage
from exports.commitments import canonical_value, commitment, item_salt
from exports.figures import figures
from exports.policy import STAGE_NOTE, Policy
from exports.snapshot import Progress, Snapshot, Source
from exports.view import KIND_ORDER, Report, Shown, View, Withheld, WithheldItem

HIDDEN = ("field_sensitivity",)  # policy metadata, not content: never rendered


class _Committer:
    """Makes the commitments of one export (one key, one commit)."""

    def __init__(self, key: bytes, commit: str, report: Report) -> None:
        self.key, self.commit, self.report = key, commit, report

    def withhold(self, item: str, scope: str, reason: str, value: bytes) -> Withheld:
        salt = item_salt(self.key, self.commit, item)
        self.report.add(WithheldItem(item, scope, reason, commitment(salt, item, value)))
        return Withheld(reason)


def build_view(snapshot: Snapshot, policy: Policy, key: bytes, progress: Progress | None = None) -> View:
    """The filtered view of ``snapshot`` for ``policy``'s audience."""
    view = View(snapshot.commit, snapshot.time, snapshot.root_commit, policy, notes=list(snapshot.notes),
                tier_order=tuple(t.name for t in snapshot.charter.tiers))
    committer = _Committer(key, snapshot.commit, view.report)
    day = snapshot.time.date()
    # Kinds this module does not know yet are still judged by their sensitivities.
    kinds = [k for k in KIND_ORDER if k in snapshot.sources] + sorted(set(snapshot.sources) - set(KIND_ORDER))
    sources = [s for kind in kinds for s in snapshot.of(kind)]
    for i, source in enumerate(sources, 1):
        view.add(redact(source, policy, committer, snapshot.charter, day))
        view.notes += _unknown_levels(source.record)
        if progress and (i % 500 == 0 or i == len(sources)):
            progress("redact", i, len(sources))
    view.figures = figures(view)
    return view


def redact(source: Source, policy: Policy, committer: _Committer, charter: Charter, day: dt.date) -> Shown:
    """One record as the audience may see it."""
    record = source.record
    shown = Shown(record.KIND, record.id, source.path, source.blob)
    reason = policy.record_reason(record)
    if reason:
        shown.withheld = committer.withhold(record.id, "record", reason, source.data)
        return shown
    for f in dataclasses.fields(record):
        if f.name in HIDDEN:
            continue
        value = plain(getattr(record, f.name))
        why = policy.field_reason(record, f.name)
        if why:
            value = committer.withhold(f"{record.id}#{f.name}", "field", why, canonical_value(value))
        shown.fields[f.name] = value
    if record.KIND == "dispute" and shown.visible("stages") and shown.fields["stages"]:
        _redact_stage_notes(record, shown, policy, committer)
    shown.derived = _derived(record, shown, charter, day)
    return shown


def _unknown_levels(record: Record) -> list[str]:
    """A field_sensitivity entry naming no field protects nothing: say so to the operator."""
    names = {f.name for f in dataclasses.fields(record)} | {STAGE_NOTE}
    return [f"{record.id}: field_sensitivity names {key!r}, which is not a field of a {record.KIND}; "
            "whatever it was meant to protect is published at the record's level"
            for key in getattr(record, "field_sensitivity", {}) or {} if key not in names]


def _redact_stage_notes(record: Record, shown: Shown, policy: Policy, committer: _Committer) -> None:
    why = policy.field_reason(record, STAGE_NOTE)
    if not why:
        return
    stages = shown.fields["stages"]
    notes = [s.get("note", "") for s in stages]
    mark = committer.withhold(f"{record.id}#{STAGE_NOTE}", "field", why, canonical_value(notes))
    shown.fields["stages"] = [{**s, "note": mark} for s in stages]


def plain(value: Any) -> Any:
    """Dataclasses to dicts, keeping every key (None included) and dates as dates."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _derived(record: Record, shown: Shown, charter: Charter, day: dt.date) -> dict[str, Any]:
    if record.KIND == "decision":
        votes = shown.get("votes")
        if shown.visible("votes") or (isinstance(votes, Withheld) and votes.reason == "named-votes"):
            t = rules.tally(getattr(record, "votes"))
            return {"tally": {"for": t.for_, "against": t.against, "abstain": t.abstain, "recused": t.recused}}
        return {}
    if record.KIND == "meeting" and shown.visible("attendance"):
        counts = {"present": 0, "absent": 0, "apologies": 0, "proxy": 0}
        for state in shown.fields["attendance"].values():
            key = "proxy" if state.startswith("proxy:") else state
            counts[key] = counts.get(key, 0) + 1
        return {"attendance": counts}
    if record.KIND == "dispute":
        return _dispute_clock(shown, charter, day)
    return {}


def _dispute_clock(shown: Shown, charter: Charter, day: dt.date) -> dict[str, Any]:
    """Duration and stage deadlines, from the existence fields only."""
    out: dict[str, Any] = {}
    raised, resolved = shown.value("raised_on"), shown.value("resolved_on")
    if isinstance(raised, dt.date):
        end = resolved if isinstance(resolved, dt.date) else None
        still_open = end is None and shown.value("status") == "open"
        out["duration_days"] = (end - raised).days if end else None
        out["open_days"] = (day - raised).days if still_open else None
    if shown.visible("stages"):
        stages = [Stage(s["name"], s["entered"]) for s in shown.fields["stages"]]
        end = resolved if isinstance(resolved, dt.date) else None
        clocks = rules.stage_clocks(charter.ladder, stages, day, end)
        out["stages"] = [{"name": c.name, "entered": c.entered, "deadline": c.deadline,
                          "left": c.left, "overdue": c.overdue} for c in clocks]
        out["current_stage"] = stages[-1].name if stages and shown.value("status") == "open" else None
    return out
