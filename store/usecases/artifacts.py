"""The artifact register and the release gate as the secretariat uses them (issue 17).

Registering an artifact, recording a gate check, granting (or refusing) a
release and revoking one: each is one ``record:`` commit down the write path,
so every access decision is in the verifiable history.  The gate itself is
pure (:mod:`council.release_gate`); here it is given the terms in force on the
day, read from git.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from council import exit_state, release_gate, settings
from council import recall as recalls
from council.artifacts import Artifact, Release
from council.errors import CouncilError, RecordError, RuleError, StoreError
from council.records import Dataset, IPAsset, Member
from store.artifacts import check as files_check
from store.artifacts.hashing import ArtifactPathError, Progress, Scan, hash_artifact
from store.usecases.common import require, with_readers
from store.write.allocate import allocates, next_free_id
from store.write.change import Change

if TYPE_CHECKING:
    from pathlib import Path

    from store.service import Store
    from store.write.change import Committed

__all__ = ["ArtifactPathError", "Scan", "artifacts", "as_grant", "check", "decide_release", "gate_terms", "hash_path",
           "recall_flags", "record_check", "stop", "suspend", "waive", "RegisterView", "register_view", "register", "releases", "revoke", "sign_digest", "verdict_text",
           "verify_files"]


def hash_path(path: "Path", shard_size: int, progress: Progress | None = None) -> Scan:
    """The manifest of a file or directory on disk (streaming, parallel; see :mod:`store.artifacts.hashing`)."""
    return hash_artifact(path, shard_size, progress=progress)


def sign_digest(store: "Store", digest: str) -> tuple[str, str]:
    """The operator's signature over a manifest digest (namespace council-artifact), and the operator's ID."""
    from store.write import signing

    key = signing.configured_key(store)
    member = store.operator_id() or ""
    if key is None or not member:
        raise StoreError("an artifact's manifest is signed by a member of its owning party: "
                         + ("run `council operator MEMBER-ID` first" if not member else signing.setup_hint())
                         + " (or pass --unsigned to register it without a signature)")
    return files_check.sign_manifest(digest, key), member


def verify_files(store: "Store", path: "Path", artifact: Artifact, party: str, when: dt.datetime,
                 progress: Progress | None = None, scan: Scan | None = None) -> list[files_check.Finding]:
    """Every check of `council artifact verify` (files, manifest, signature, release), each named."""
    members = [m for m in store.list("member") if isinstance(m, Member)]
    return files_check.verify(path, artifact, members, releases(store), party, when, progress, scan)


def artifacts(store: "Store") -> dict[str, Artifact]:
    """Every registered artifact, by ID."""
    return {a.id: a for a in store.list("artifact") if isinstance(a, Artifact)}


def releases(store: "Store") -> list[Release]:
    """Every release, by ID."""
    return [r for r in store.list("release") if isinstance(r, Release)]


def gate_terms(store: "Store", day: dt.date) -> release_gate.Terms:
    """What the gate reads on ``day``: the data-sharing terms and IP register in force then, from git."""
    terms = store.as_of(day).terms() if day < dt.date.today() else None
    if terms is not None and terms.commit is not None:
        datasets = [d for d in terms.records.get("dataset", []) if isinstance(d, Dataset)]
        assets = [a for a in terms.records.get("ip", []) if isinstance(a, IPAsset)]
        partnership = terms.partnership
    else:
        datasets = [d for d in store.list("dataset") if isinstance(d, Dataset)]
        assets = [a for a in store.list("ip") if isinstance(a, IPAsset)]
        partnership = store.partnership()
    charter = store.charter()
    return release_gate.Terms(
        artifacts=artifacts(store), datasets={d.id: d for d in datasets}, ip_assets={a.id: a for a in assets},
        parties=[p.id for p in partnership.parties] if partnership else [],
        amend_tier=charter.minimum_tier("data_sharing"),
        # The exit as the record names it now: it carries its own day, so a check of an earlier day is not refused.
        exit=exit_state.exit_of(store.partnership(), store.get))


def check(store: "Store", request: release_gate.Request) -> release_gate.Verdict:
    """The gate's answer on the request's day (reads only)."""
    require(store, request.artifact, Artifact)
    return release_gate.check(request, gate_terms(store, request.day))


def verdict_text(request: release_gate.Request, verdict: release_gate.Verdict) -> str:
    """The verdict in words, one finding a line: what a commit's body and the CLI both say."""
    head = "allowed" if verdict.allowed else "refused"
    lines = [f"{head}: {request.artifact} to {request.recipient} for {request.purpose!r} ({request.mode}) "
             f"on {request.day.isoformat()}"]
    lines += [f"- reason: {r}" for r in verdict.reasons]
    lines += [f"- condition: {c}" for c in verdict.conditions]
    lines += [f"- instead: {a}" for a in verdict.alternatives]
    return "\n".join(lines)


def record_check(store: "Store", request: release_gate.Request) -> tuple["Committed", release_gate.Verdict]:
    """Run the gate and record its answer as a commit of its own (no file changes: the message is the record)."""
    verdict = check(store, request)
    summary = (f"release check {request.artifact} to {request.recipient}: "
               f"{'allowed' if verdict.allowed else 'refused'}")
    return store.write(Change(summary, [], body=verdict_text(request, verdict), allow_empty=True)), verdict


@allocates
def decide_release(store: "Store", request: release_gate.Request, decision: str, ends: dt.date | None,
                   release_id: str = "", conditions: tuple[str, ...] = ()) -> tuple["Committed", Release,
                                                                                    release_gate.Verdict]:
    """Grant a release the gate allows (by ``decision``), or record it refused, with the gate's reasons."""
    request = as_grant(request)
    verdict = check(store, request)
    rid = release_id.strip() or next_free_id(store, "release", "REL-", 3)
    if store.get(rid) is not None:
        raise RecordError(rid, "id", "an ID not yet used by another release", rid)
    status = "granted" if verdict.allowed else "refused"
    release = Release(id=rid, artifact=request.artifact, recipient=request.recipient,
                      jurisdiction=request.jurisdiction, purpose=request.purpose, mode=request.mode,
                      starts=request.day, ends=ends, status=status,
                      conditions=list(dict.fromkeys([*verdict.conditions, *conditions])),
                      decision=decision if verdict.allowed else "", body=verdict_text(request, verdict))
    summary = f"release {rid}: {request.artifact} to {request.recipient} {status}"
    committed = store.write(Change(summary, [release], creates=[rid], when=None))
    return committed, release, verdict


def as_grant(request: release_gate.Request) -> release_gate.Request:
    """The request as a grant recorded now: dated as the write path dates its commit (COUNCIL_COMMIT_DATE, else
    today), since a grant recorded in exit is refused even if its first day is earlier."""
    fixed = settings.current().commit_date
    return replace(request, recorded=fixed.date() if fixed else dt.date.today())


_STOPS = {"revoked": "revocation", "suspended": "suspension"}


def stop(store: "Store", release_id: str, day: dt.date, why: str, status: str) -> "Committed":
    """Revoke (``status`` 'revoked') or suspend ('suspended') a granted release from ``day`` on, saying why."""
    if status not in _STOPS:
        raise RecordError(release_id, "status", "revoked or suspended", status)
    release = require(store, release_id, Release)
    if release.status != "granted":
        raise RuleError(f"{release_id} is {release.status}: only a granted release can be {status}")
    if not why.strip():
        raise RecordError(release_id, "body", f"the reason for the {_STOPS[status]}", "empty")
    body = (release.body + "\n\n" if release.body else "") + f"{status.capitalize()} on {day.isoformat()}: {why.strip()}"
    # A revocation records its day in the release; a suspension's day is in its body and commit.
    changed = release.replace(status=status, body=body, **({"revoked_on": day} if status == "revoked" else {}))
    return store.write(Change(f"release {release_id}: {status} from {day.isoformat()}", [changed]))


def revoke(store: "Store", release_id: str, day: dt.date, why: str) -> "Committed":
    """Revoke a granted release from ``day`` on, saying why."""
    return stop(store, release_id, day, why, "revoked")


def suspend(store: "Store", release_id: str, day: dt.date, why: str) -> "Committed":
    """Suspend a granted release (after a recall, say) from ``day`` on, saying why."""
    return stop(store, release_id, day, why, "suspended")


def waive(store: "Store", release_id: str, dataset: str, field_name: str, decision: str,
          day: dt.date) -> "Committed":
    """Record the council's decision that a recalled release stands despite the change to the terms."""
    from council.artifacts import Waiver

    release = require(store, release_id, Release)
    flagged = recalls.flagged_releases(recall_flags(store, day)).get(release_id, [])
    fields = sorted({(f.dataset, f.field) for f in flagged})
    if (dataset, field_name) not in fields:
        named = "; ".join(f"{d} {f}" for d, f in fields) or "none"
        raise RecordError(release_id, "waivers", f"a recall flag on this release to waive (flagged: {named})",
                          f"{dataset} {field_name}")
    changed = release.replace(waivers=[*release.waivers, Waiver(dataset, field_name, decision, day)])
    return store.write(Change(f"release {release_id}: recall for {dataset} {field_name} waived by {decision}",
                              [changed]))


@allocates
def register(store: "Store", artifact: Artifact,
             readers: Sequence[str] | None = None) -> tuple["Committed", Artifact]:
    """Enter a new artifact in the register (a blank ID takes the next free ``ART-NNN``);
    ``readers`` may read its sealed text (:func:`store.usecases.common.with_readers`)."""
    if not artifact.id:
        artifact = artifact.replace(id=next_free_id(store, "artifact", "ART-", 3))  # type: ignore[assignment]
    if store.get(artifact.id) is not None:
        raise RecordError(artifact.id, "id", "an ID not yet used by another artifact", artifact.id)
    artifact = with_readers(store, artifact, readers)
    committed = store.write(Change(f"artifact {artifact.id}: {artifact.title} registered", [artifact],
                                   creates=[artifact.id]))
    return committed, artifact


def recall_flags(store: "Store", day: dt.date) -> list[recalls.Flag]:
    """Every artifact and live release a change to a dataset's terms reaches (see :mod:`council.recall`)."""
    registered = artifacts(store)
    at_commit: dict[str, dict[str, Dataset]] = {}
    used_under: dict[str, dict[str, Dataset]] = {}
    for artifact in registered.values():
        if not artifact.datasets:
            continue
        # The terms it was used under: the commit it names, else the one that registered it.
        commit = artifact.datasets_commit or _registered_at(store, artifact.id)
        if not commit:
            continue
        if commit not in at_commit:
            try:
                at_commit[commit] = {d.id: d for d in store.as_of(commit).records("datasets")
                                     if isinstance(d, Dataset)}
            except CouncilError:  # a commit not in this replica: judge on the terms now only
                at_commit[commit] = {}
        used_under[artifact.id] = at_commit[commit]
    now = {d.id: d for d in gate_terms(store, day).datasets.values()}
    return recalls.flags(registered, releases(store), used_under, now, day)


def _registered_at(store: "Store", artifact_id: str) -> str:
    """The commit that first recorded ``artifact_id`` ('' if git holds none)."""
    oldest = ""
    for entry in store.history(artifact_id):
        oldest = entry.commit
    return oldest


@dataclass(frozen=True)
class RegisterView:
    """What the Artifacts area shows: every artifact, every release, and the recall flags on the day."""

    artifacts: dict[str, Artifact]
    releases: list[Release]
    flags: list[recalls.Flag]
    day: dt.date


def register_view(store: "Store", day: dt.date) -> RegisterView:
    """The artifact register as the Artifacts area shows it (read in a worker)."""
    registered = artifacts(store)
    return RegisterView(registered, releases(store), recall_flags(store, day) if registered else [], day)
