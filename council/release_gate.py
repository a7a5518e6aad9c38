"""The release gate: may this artifact go to this recipient, for this purpose, in this mode, today?

A pure function of the terms in force on the day (issue 17): for every
dataset in the artifact's lineage (through any chain of parent artifacts),
whether it is still shared, whether model training and the purpose are
permitted, whether the recipient's jurisdiction is an allowed transfer,
whether its retention or the recipient's access has ended; the IP licences'
fields of use and exclusivity and their open-source obligations; and
whether the partnership is in exit (:mod:`council.exit_state`). It answers
allowed or refused, each reason naming the record and field (in the words
of the terms, not of the code), the conditions that travel with a release,
and what would be allowed instead.

Prohibited transformations are prose in the terms ("Copying outside
Meridian's secure research environment"): the gate cannot judge prose, so
each one travels as a condition the release must carry, and a dataset's
``release_modes``, where its terms set them, say which modes its models may
be released in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from council import exit_state
from council.artifacts import MODE_NAMES, RELEASE_MODES, Artifact
from council.records import Dataset, IPAsset
from council.registers import add_months


@dataclass(frozen=True)
class Request:
    """What is asked: the artifact, to whom, where they are, what for, how, and on which day."""

    artifact: str
    recipient: str
    purpose: str
    mode: str
    day: dt.date
    jurisdiction: str = ""
    # The day a grant is recorded, when it is one: a grant recorded in exit is refused even if dated before it.
    recorded: dt.date | None = None


@dataclass(frozen=True)
class Reason:
    """One reason a release is refused: the record, the field (as the terms call it) and why."""

    record: str
    field: str
    why: str

    def __str__(self) -> str:
        return f"{self.record} ({self.field}): {self.why}"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reasons: tuple[Reason, ...] = ()
    conditions: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    lineage: tuple[str, ...] = ()  # every dataset the artifact derives from
    unknown: tuple[str, ...] = field(default=())  # lineage IDs that are not in the record


@dataclass(frozen=True)
class Terms:
    """Everything in force on the request's day that the gate reads."""

    artifacts: Mapping[str, Artifact]
    datasets: Mapping[str, Dataset]
    ip_assets: Mapping[str, IPAsset]
    parties: Sequence[str]  # the partnership's parties (a recipient not among them is a third party)
    amend_tier: str = ""  # the lowest tier that may amend data-sharing terms (for the alternatives)
    exit: exit_state.Exit | None = None  # the exit the partnership record names, if it is in one


def lineage(artifact_id: str, artifacts: Mapping[str, Artifact]) -> tuple[list[str], list[str]]:
    """Every dataset ``artifact_id`` derives from through its parents, and the IDs not in the record."""
    datasets: list[str] = []
    unknown: list[str] = []
    seen: set[str] = set()
    pending = [artifact_id]
    while pending:
        current = pending.pop()
        if current in seen:
            continue  # a cycle in the lineage cannot loop the gate
        seen.add(current)
        artifact = artifacts.get(current)
        if artifact is None:
            unknown.append(current)
            continue
        datasets += [d for d in artifact.datasets if d not in datasets]
        pending += artifact.parents
    return datasets, unknown


def check(request: Request, terms: Terms) -> Verdict:
    """Allowed or refused, with every reason, the conditions and the alternatives."""
    artifact = terms.artifacts.get(request.artifact)
    if artifact is None:
        return Verdict(False, (Reason(request.artifact, "artifact", "not in the artifact register"),))
    if request.mode not in RELEASE_MODES:
        why = "expected one of " + ", ".join(f"{m} ({MODE_NAMES[m]})" for m in RELEASE_MODES)
        return Verdict(False, (Reason(request.artifact, "mode", f"{why}, got {request.mode!r}"),))
    datasets, unknown = lineage(artifact.id, terms.artifacts)
    reasons = _reasons(request, terms, artifact, datasets, unknown)
    conditions = [f"{d}: must not: {t}" for d in datasets if d in terms.datasets
                  for t in terms.datasets[d].prohibited_transformations]
    conditions += [f"{asset.id}: open-source obligation: {o}" for asset in _asset(artifact, terms)
                   for o in asset.oss_obligations]
    alternatives = _alternatives(request, terms, artifact, datasets, unknown, reasons) if reasons else []
    return Verdict(not reasons, tuple(reasons), tuple(dict.fromkeys(conditions)), tuple(alternatives),
                   tuple(datasets), tuple(unknown))


def _reasons(request: Request, terms: Terms, artifact: Artifact, datasets: Sequence[str],
             unknown: Sequence[str]) -> list[Reason]:
    reasons = [Reason(u, "lineage", "named in the lineage but not in the record") for u in unknown]
    for dataset_id in datasets:
        dataset = terms.datasets.get(dataset_id)
        if dataset is None:
            reasons.append(Reason(dataset_id, "lineage", "not in the data-sharing register"))
        else:
            reasons += _dataset_reasons(dataset, request, terms)
    return reasons + _ip_reasons(artifact, request, terms) + _exit_reasons(request, terms)


def _exit_reasons(request: Request, terms: Terms) -> list[Reason]:
    why = exit_state.refusal(terms.exit, exit_state.grant_day(request.day, request.recorded))
    return [Reason(terms.exit.plan, "triggers", why)] if why and terms.exit else []


def _alternatives(request: Request, terms: Terms, artifact: Artifact, datasets: Sequence[str],
                  unknown: Sequence[str], reasons: Sequence[Reason]) -> list[str]:
    """What would be allowed instead: each one re-checked, never guessed."""
    if terms.exit is not None and _exit_reasons(request, terms):
        # In exit no release is allowed, whatever the request: only what the exit plan provides.
        return exit_state.instead(terms.exit, artifact.ip_asset)
    def allowed(asked: Request, lineage_ids: Sequence[str]) -> bool:
        return not _reasons(asked, terms, artifact, lineage_ids, unknown)

    out = []
    if request.mode != "hosted" and allowed(replace(request, mode="hosted"), datasets):
        out.append("hosted inference only")
    purposes = dict.fromkeys(p for d in datasets if d in terms.datasets for p in terms.datasets[d].permitted_purposes)
    out += [f"for the purpose {p}" for p in purposes if allowed(replace(request, purpose=p), datasets)]
    out += [f"without {d} in the lineage" for d in datasets if len(datasets) > 1
            and allowed(request, [x for x in datasets if x != d])]
    amendable = {"permitted purposes", "release modes", "transfers to", "model training allowed", "access"}
    tier = f" at tier {terms.amend_tier}" if terms.amend_tier else ""
    for d in datasets:
        fields = {r.field for r in reasons if r.record == d}
        if fields and fields <= amendable:
            out.append(f"after a decision{tier} amending the terms of {d} ({', '.join(sorted(fields))})")
    return out


def _asset(artifact: Artifact, terms: Terms) -> list[IPAsset]:
    asset = terms.ip_assets.get(artifact.ip_asset) if artifact.ip_asset else None
    return [asset] if asset is not None else []


def _dataset_reasons(dataset: Dataset, request: Request, terms: Terms) -> list[Reason]:
    out = []
    day = request.day
    if dataset.status != "active":
        out.append(Reason(dataset.id, "status", f"the terms are {dataset.status}, not active"))
    if not dataset.model_training_allowed:
        out.append(Reason(dataset.id, "model training allowed", "the terms do not permit model training"))
    if dataset.permitted_purposes and not _purpose_permitted(request.purpose, dataset.permitted_purposes):
        out.append(Reason(dataset.id, "permitted purposes", f"{request.purpose!r} is not a permitted purpose"))
    modes = getattr(dataset, "release_modes", []) or list(RELEASE_MODES)
    if request.mode not in modes:
        out.append(Reason(dataset.id, "release modes", "models derived from it may be released only as "
                          + ", ".join(MODE_NAMES[m] for m in modes)))
    ends = retention_end(dataset)
    if ends is not None and day > ends:
        out.append(Reason(dataset.id, "retention", f"the data had to be deleted by {ends.isoformat()}"))
    out += _transfer_reasons(dataset, request)
    out += _access_reasons(dataset, request, terms)
    return out


def _purpose_permitted(purpose: str, permitted: Sequence[str]) -> bool:
    """A purpose given in full, or by its label: '(a)' or 'a' for '(a) Developing ...'."""
    wanted = purpose.strip().lower()
    for text in permitted:
        label = text.split(")", 1)[0].lstrip("(").strip().lower() if text.startswith("(") else ""
        if wanted in (text.strip().lower(), label, f"({label})") and wanted:
            return True
    return False


def purpose_permitted(purpose: str, permitted: Sequence[str]) -> bool:
    """Whether ``purpose`` is among ``permitted`` (in full, or by its label): what recall asks of a release."""
    return _purpose_permitted(purpose, permitted)


def retention_end(dataset: Dataset) -> dt.date | None:
    """The last day the data may be held: the earlier of delete_by and received_on plus retention."""
    ends = [dataset.delete_by] if dataset.delete_by else []
    if dataset.retention_months and dataset.received_on:
        ends.append(add_months(dataset.received_on, dataset.retention_months))
    return min(ends) if ends else None


def _transfer_reasons(dataset: Dataset, request: Request) -> list[Reason]:
    if request.mode == "hosted":
        return []  # the model stays where it is hosted: nothing is transferred
    if not request.jurisdiction:
        return [Reason(dataset.id, "transfers to", "the recipient's jurisdiction is not given: the terms "
                       f"allow {dataset.jurisdiction or 'its own jurisdiction'}"
                       + (" and " + ", ".join(dataset.transfers_to) if dataset.transfers_to else ""))]
    allowed = [dataset.jurisdiction, *dataset.transfers_to]
    if any(_same_place(request.jurisdiction, place) for place in allowed if place):
        return []
    return [Reason(dataset.id, "transfers to", f"{request.jurisdiction} is not an allowed transfer (allowed: "
                   + "; ".join(p for p in allowed if p) + ")")]


def _same_place(asked: str, allowed: str) -> bool:
    """'England and Wales' matches the terms' 'England and Wales (UK GDPR and ...)'."""
    a, b = asked.strip().lower(), allowed.strip().lower()
    return bool(a) and (a == b or b.startswith(a + " (") or b.split(" (", 1)[0] == a)


def _access_reasons(dataset: Dataset, request: Request, terms: Terms) -> list[Reason]:
    if request.recipient not in terms.parties:
        return []
    grants = [g for g in dataset.access if g.party == request.recipient]
    if grants and all(g.expires is not None and g.expires < request.day for g in grants):
        last = max(g.expires for g in grants if g.expires is not None)
        return [Reason(dataset.id, "access", f"{request.recipient}'s access ended on {last.isoformat()}")]
    return []


def _ip_reasons(artifact: Artifact, request: Request, terms: Terms) -> list[Reason]:
    reasons = []
    purpose = request.purpose.strip().lower()
    for asset in _asset(artifact, terms):
        for licence in asset.licenses:
            covers = licence.field_of_use and licence.field_of_use.strip().lower() in purpose
            if licence.exclusive and licence.licensee != request.recipient and (covers or not licence.field_of_use):
                reasons.append(Reason(asset.id, "licences", f"{licence.licensee} holds an exclusive licence"
                                      + (f" for {licence.field_of_use}" if licence.field_of_use else "")))
        third_party = request.recipient not in terms.parties
        if third_party and request.mode == "weights" and not any(
                lic.licensee == request.recipient for lic in asset.licenses):
            reasons.append(Reason(asset.id, "licences", f"{request.recipient} holds no licence to the weights"))
    return reasons
