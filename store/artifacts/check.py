"""`council artifact verify`: are the files at hand the artifact the council registered, and may we hold it?

Every finding is named: a file changed, missing or extra (down to the shard
of a large file), a link or special file inside the tree, a manifest that
does not match its recorded digest, a signature that does not verify with
the owning party's registered keys, and whether the operator's party holds
a live release of it on the day (granted, in its period, not revoked).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from council import manifest as manifests
from council.artifacts import Artifact, Release
from council.records import Member
from store.artifacts.hashing import Progress, Scan, hash_artifact
from store.write import signing


@dataclass(frozen=True)
class Finding:
    """One thing found: ``ok`` findings are reported too, so the report says what was checked."""

    check: str  # "files", "manifest", "signature", "release"
    ok: bool
    detail: str

    def __str__(self) -> str:
        return f"{'ok' if self.ok else 'FAIL'} {self.check}: {self.detail}"


def sign_manifest(digest: str, key: Path) -> str:
    """The owning member's SSH signature over a manifest digest (namespace council-artifact)."""
    return signing.sign_bytes(digest.encode(), key, signing.ARTIFACT_NAMESPACE)


def check_signature(artifact: Artifact, members: Sequence[Member], when: dt.datetime) -> Finding:
    """Whether the artifact's signature verifies with a serving member of an owning party."""
    if not artifact.signature:
        return Finding("signature", False, f"{artifact.id} is not signed")
    owners = [m for m in members if m.party in artifact.owners]
    result = signing.verify_signature(artifact.manifest_digest.encode(), artifact.signature, owners,
                                      signing.ARTIFACT_NAMESPACE, when)
    if result.ok and artifact.signed_by and result.member and result.member.id != artifact.signed_by:
        return Finding("signature", False, f"signed by {result.member.id}, but the record says {artifact.signed_by}")
    reason = result.reason if result.ok or owners else f"no member of {', '.join(artifact.owners)} has a key"
    return Finding("signature", result.ok, reason)


def check_release(artifact: Artifact, releases: Sequence[Release], party: str, day: dt.date) -> Finding:
    """Whether ``party`` holds a live release of the artifact on ``day`` (owners always may)."""
    if party in artifact.owners:
        return Finding("release", True, f"{party} owns {artifact.id}")
    mine = [r for r in releases if r.artifact == artifact.id and r.recipient == party]
    live = [r for r in mine if r.live_on(day)]
    if live:
        until = live[0].ends.isoformat() if live[0].ends else "no end date"
        return Finding("release", True, f"{live[0].id} lets {party} hold it ({live[0].mode}, until {until})")
    if not mine:
        return Finding("release", False, f"{party} holds no release of {artifact.id}")
    last = max(mine, key=lambda r: (r.ends or dt.date.max, r.id))
    why = (f"revoked on {last.revoked_on.isoformat()}" if last.revoked_on else
           f"ended on {last.ends.isoformat()}" if last.ends and last.ends < day else
           f"not yet started ({last.starts.isoformat()})" if last.starts and last.starts > day else last.status)
    return Finding("release", False, f"{last.id} for {party}: {why}")


def verify(path: Path, artifact: Artifact, members: Sequence[Member], releases: Sequence[Release],
           party: str, when: dt.datetime, progress: Progress | None = None, scan: Scan | None = None) -> list[Finding]:
    """Every check of ``artifact verify``, in the order a reader wants them (``scan``: the files, if hashed)."""
    try:
        approved = manifests.parse(artifact.manifest)
    except manifests.ManifestError as exc:
        return [Finding("manifest", False, f"{artifact.id}'s recorded manifest is not canonical: {exc}")]
    found = []
    if approved.digest() != artifact.manifest_digest:
        found.append(Finding("manifest", False, f"the recorded manifest's digest is {approved.digest()}, "
                                                f"not {artifact.manifest_digest}"))
    else:
        found.append(Finding("manifest", True, f"{len(approved.files)} files, digest {approved.digest()}"))
    if scan is None or scan.manifest.shard_size != approved.shard_size:
        scan = hash_artifact(path, approved.shard_size, progress=progress)
    differences = manifests.compare(approved, scan.manifest, scan.irregular)
    found += [Finding("files", False, str(d)) for d in differences]
    if not differences:
        found.append(Finding("files", True, f"every file matches ({scan.manifest.total_size} bytes)"))
    found.append(check_signature(artifact, members, when))
    found.append(check_release(artifact, releases, party, when.date()))
    return found
