"""The checks on the living registers (data sharing, risks, incidents, duties).

Called by :func:`council.checks.check_change` like every other record check:
pure functions over the store's :class:`~council.checks.Context`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from council.charter import Charter
from council.errors import RecordError
from council.records import REGULATOR, Dataset, Decision, Dispute, Duty, Incident, IPAsset, Member, Record, Risk

if TYPE_CHECKING:
    from council.checks import Context


def _parties(ctx: "Context") -> list[str]:
    return [p.id for p in ctx.partnership.parties] if ctx.partnership else []


def _need_party(record_id: str, field: str, value: str, ctx: "Context", extra: tuple[str, ...] = ()) -> None:
    parties = _parties(ctx)
    if value not in parties and value not in extra:
        allowed = ", ".join([*parties, *extra])
        raise RecordError(record_id, field, "a party to the partnership: " + allowed, value)


def _need_member(record_id: str, field: str, value: str, ctx: "Context", parties_too: bool = False) -> None:
    if isinstance(ctx.get(value), Member) or (parties_too and value in _parties(ctx)):
        return
    raise RecordError(record_id, field, "a member" + (" or party" if parties_too else "") + " ID", value)


def _need_kind(record_id: str, field: str, value: str, ctx: "Context", kind: type[Record], label: str) -> None:
    if value and not isinstance(ctx.get(value), kind):
        raise RecordError(record_id, field, f"the ID of a recorded {label}", value)


def _need_text(record: Record, *fields: str) -> None:
    for name in fields:
        # A sealed value holds the text (opened only by its readers): present, as the rule asks.
        if not str(getattr(record, name)).strip() and name not in (record.sealed or {}):
            raise RecordError(record.id, name, "a value (the field is required for this kind)", "empty")


def check_dataset(ds: Dataset, ctx: "Context", charter: Charter) -> Record:
    _need_text(ds, "title", "lawful_basis", "jurisdiction", "anonymisation", "rights_contact")
    _need_party(ds.id, "provider", ds.provider, ctx)
    if not ds.permitted_purposes:
        raise RecordError(ds.id, "permitted_purposes", "at least one permitted purpose", [])
    if ds.outputs_commercialisable and not ds.model_training_allowed:
        raise RecordError(ds.id, "outputs_commercialisable", "false when model training is not allowed "
                          "(there are no model outputs to commercialise)", True)
    if ds.transfers_to and not ds.transfer_mechanism.strip():
        raise RecordError(ds.id, "transfer_mechanism", "the safeguard for the transfers to "
                          + ", ".join(ds.transfers_to) + " (e.g. adequacy regulations, IDTA)", "empty")
    if ds.retention_months < 0:
        raise RecordError(ds.id, "retention_months", "zero or more months", ds.retention_months)
    if ds.retention_months and ds.received_on is None:
        raise RecordError(ds.id, "received_on", "the date the data was first shared (the retention period runs from it)")
    if ds.delete_by and ds.received_on and ds.delete_by < ds.received_on:
        raise RecordError(ds.id, "delete_by", f"a date on or after received_on ({ds.received_on})", ds.delete_by)
    if ds.exit_days < 0:
        raise RecordError(ds.id, "exit_days", "zero or more days", ds.exit_days)
    _need_kind(ds.id, "ip_asset", ds.ip_asset, ctx, IPAsset, "IP register entry")
    for i, grant in enumerate(ds.access):
        if not grant.role.strip():
            raise RecordError(ds.id, f"access[{i}].role", "the role given access", grant.role)
        if grant.party:
            _need_party(ds.id, f"access[{i}].party", grant.party, ctx)
        if grant.expires and grant.granted and grant.expires < grant.granted:
            raise RecordError(ds.id, f"access[{i}].expires", f"a date on or after granted ({grant.granted})", grant.expires)
    return ds


def check_risk(r: Risk, ctx: "Context", charter: Charter) -> Record:
    _need_text(r, "title")
    for name in ("likelihood", "impact"):
        value = getattr(r, name)
        if not 1 <= value <= 5:
            raise RecordError(r.id, name, "a whole number from 1 to 5", value)
    _need_member(r.id, "owner", r.owner, ctx)
    _need_party(r.id, "bearing_party", r.bearing_party, ctx, ("shared",))
    if r.status != "closed" and r.review_date is None:
        raise RecordError(r.id, "review_date", "the date of the next review (every risk not closed has one)")
    if r.review_date and r.identified_on and r.review_date < r.identified_on:
        raise RecordError(r.id, "review_date", f"a date on or after the day the risk was identified ({r.identified_on})", r.review_date)
    return r


def check_incident(inc: Incident, ctx: "Context", charter: Charter) -> Record:
    _need_text(inc, "title")
    if inc.id.split("-")[1] != str(inc.detected_at.year):
        raise RecordError(inc.id, "id", f"an ID of the year of detection (INC-{inc.detected_at.year}-NNN)", inc.id)
    _need_party(inc.id, "party", inc.party, ctx)
    if inc.detected_at.utcoffset() is None:
        raise RecordError(inc.id, "detected_at", "a date and time with its UTC offset", inc.detected_at)
    if inc.reported_by:
        _need_member(inc.id, "reported_by", inc.reported_by, ctx)
    for i, note in enumerate(inc.notifications):
        _need_party(inc.id, f"notifications[{i}].who", note.who, ctx, (REGULATOR,))
        if note.at.utcoffset() is None:
            raise RecordError(inc.id, f"notifications[{i}].at", "a date and time with its UTC offset", note.at)
        if note.at < inc.detected_at:
            raise RecordError(inc.id, f"notifications[{i}].at", f"a time on or after detection ({inc.detected_at.isoformat()})",
                              note.at.isoformat())
        if note.by:
            _need_member(inc.id, f"notifications[{i}].by", note.by, ctx)
    for i, step in enumerate(inc.remediation):
        if step.owner:
            _need_member(inc.id, f"remediation[{i}].owner", step.owner, ctx, parties_too=True)
    for i, ds in enumerate(inc.datasets):
        _need_kind(inc.id, f"datasets[{i}]", ds, ctx, Dataset, "dataset")
    _need_kind(inc.id, "dispute", inc.dispute, ctx, Dispute, "dispute")
    _need_kind(inc.id, "decision", inc.decision, ctx, Decision, "decision")
    if inc.status == "closed" and inc.closed_on is None:
        raise RecordError(inc.id, "closed_on", "the date the incident was closed")
    if inc.closed_on and inc.closed_on < inc.detected_at.date():
        raise RecordError(inc.id, "closed_on", f"a date on or after detection ({inc.detected_at.date()})", inc.closed_on)
    return inc


def check_duty(duty: Duty, ctx: "Context", charter: Charter) -> Record:
    _need_text(duty, "title", "accountable")
    if duty.cadence_months < 1:
        raise RecordError(duty.id, "cadence_months", "a review cadence of 1 month or more", duty.cadence_months)
    if not duty.responsible:
        raise RecordError(duty.id, "responsible", "at least one member or party responsible", [])
    roles = [("responsible", duty.responsible), ("accountable", [duty.accountable]),
             ("consulted", duty.consulted), ("informed", duty.informed)]
    for name, ids in roles:
        for i, who in enumerate(ids):
            _need_member(duty.id, name if name == "accountable" else f"{name}[{i}]", who, ctx, parties_too=True)
    if duty.last_done and duty.last_done < duty.since:
        raise RecordError(duty.id, "last_done", f"a date on or after since ({duty.since})", duty.last_done)
    return duty
