"""The checks on the artifact register and on releases (issue 17).

Called by :func:`council.checks.check_change` like every other record check.
Registering an artifact and granting a release are decisions: where the
charter's decision rights set a tier for ``artifacts`` or ``releases``, the
record must name a decision that passed at that tier or higher.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from council import exit_state
from council import manifest as manifests
from council.charter import Charter
from council.errors import RecordError, RuleError
from council.records import Artifact, Dataset, Decision, IPAsset, Record, Release

if TYPE_CHECKING:
    from council.checks import Context


def _parties(ctx: "Context") -> list[str]:
    return [p.id for p in ctx.partnership.parties] if ctx.partnership else []


def check_decided(record: Record, decision_id: str, subject: str, ctx: "Context", charter: Charter) -> None:
    """``decision_id`` passed at the tier the charter's decision rights set for ``subject``, or higher."""
    need = charter.minimum_tier(subject)
    if not need and not decision_id:
        return
    what = subject.rstrip("s")
    if not decision_id:
        raise RecordError(record.id, "decision", f"the decision that approved this {what}: the charter's "
                          f"decision rights put {subject} at tier '{need}'", "empty")
    decision = ctx.get(decision_id)
    if not isinstance(decision, Decision):
        raise RecordError(record.id, "decision", "the ID of a recorded decision", decision_id)
    if decision.outcome != "passed":
        raise RecordError(record.id, "decision", f"a decision that passed ({decision_id} is {decision.outcome})",
                          decision_id)
    names = [t.name for t in charter.tiers]
    if need and decision.tier in names and charter.rank(decision.tier) < charter.rank(need):
        raise RecordError(record.id, "decision", f"a decision at tier '{need}' or higher: the charter's decision "
                          f"rights put {subject} at '{need}' ({decision_id} was at '{decision.tier}')", decision_id)


def check_artifact(a: Artifact, ctx: "Context", charter: Charter) -> Record:
    """Owners are parties, the lineage is in the record, the manifest is canonical and matches its digest."""
    if not a.title.strip():
        raise RecordError(a.id, "title", "a value (the field is required for this kind)", "empty")
    parties = _parties(ctx)
    if not a.owners:
        raise RecordError(a.id, "owners", "at least one owning party: " + ", ".join(parties), [])
    for i, owner in enumerate(a.owners):
        if owner not in parties:
            raise RecordError(a.id, f"owners[{i}]", "a party to the partnership: " + ", ".join(parties), owner)
    for i, dataset in enumerate(a.datasets):
        if not isinstance(ctx.get(dataset), Dataset):
            raise RecordError(a.id, f"datasets[{i}]", "the ID of a dataset in the data-sharing register", dataset)
    for i, parent in enumerate(a.parents):
        if parent == a.id or not isinstance(ctx.get(parent), Artifact):
            raise RecordError(a.id, f"parents[{i}]", "the ID of another registered artifact", parent)
    if a.ip_asset and not isinstance(ctx.get(a.ip_asset), IPAsset):
        raise RecordError(a.id, "ip_asset", "the ID of a recorded IP register entry", a.ip_asset)
    _check_manifest(a)
    if a.signature and not a.signed_by:
        raise RecordError(a.id, "signed_by", "the member whose key made the signature", "empty")
    check_decided(a, a.decision, "artifacts", ctx, charter)
    return a


def _check_manifest(a: Artifact) -> None:
    if not a.manifest:
        raise RecordError(a.id, "manifest", "the manifest of the artifact's files (council artifact register)",
                          "empty")
    try:
        parsed = manifests.parse(a.manifest)
    except manifests.ManifestError as exc:
        raise RecordError(a.id, "manifest", f"a canonical manifest ({exc})", None) from None
    if parsed.digest() != a.manifest_digest:
        raise RecordError(a.id, "manifest_digest", f"the digest of the manifest, {parsed.digest()}",
                          a.manifest_digest)
    if (a.files, a.size) != (len(parsed.files), parsed.total_size):
        raise RecordError(a.id, "files", f"{len(parsed.files)} files of {parsed.total_size} bytes, as the manifest "
                          "lists", f"{a.files} files of {a.size} bytes")


def check_release(r: Release, ctx: "Context", charter: Charter) -> Record:
    """The artifact is registered, the period is a period, a grant is a decision at the charter's tier."""
    if not isinstance(ctx.get(r.artifact), Artifact):
        raise RecordError(r.id, "artifact", "the ID of a registered artifact", r.artifact or "empty")
    if not r.recipient.strip():
        raise RecordError(r.id, "recipient", "a party ID or the name of a third party", "empty")
    if not r.purpose.strip():
        raise RecordError(r.id, "purpose", "the purpose of the release", "empty")
    if r.starts and r.ends and r.ends < r.starts:
        raise RecordError(r.id, "ends", f"a date on or after starts ({r.starts})", r.ends)
    if (r.revoked_on is None) != (r.status != "revoked"):
        raise RecordError(r.id, "revoked_on", "a date exactly when the status is revoked", r.revoked_on)
    if r.status in ("granted", "revoked", "suspended"):
        check_decided(r, r.decision, "releases", ctx, charter)
    why = exit_refusal(r, ctx.prior(r.id), ctx)
    if why:
        raise RuleError(f"{r.id} cannot be granted: {why}")
    for i, waiver in enumerate(r.waivers):
        if not isinstance(ctx.get(waiver.dataset), Dataset):
            raise RecordError(r.id, f"waivers[{i}].dataset", "a dataset of the data-sharing register", waiver.dataset)
        # Waiving a recall is deciding that the release stands: the tier of granting it.
        check_decided(r, waiver.decision, "releases", ctx, charter)
    return r


def exit_refusal(r: Release, prior: Record | None, ctx: "Context") -> str | None:
    """Why granting ``r`` in this change is refused by the partnership's exit (None if it is not a grant or is allowed).

    A grant is a release that becomes granted in the change; one already granted
    before (a waiver recorded on it, say) was judged when it was granted.
    """
    if r.status != "granted" or (isinstance(prior, Release) and prior.status == "granted"):
        return None
    exit = exit_state.exit_of(ctx.partnership, ctx.get)
    return exit_state.refusal(exit, exit_state.grant_day(r.starts, ctx.today))
