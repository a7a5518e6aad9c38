"""Recall through lineage: which artifacts and live releases a change to a dataset's terms reaches.

An artifact records the commit of the data-sharing terms its datasets were
used under (``datasets_commit``).  When a dataset's terms are later withdrawn
(no longer active), amended to forbid model training or a purpose, narrowed
in the release modes they allow, or their retention ends, every artifact
derived from it, through any chain of parents, is flagged with the field of
the terms that changed, and so is every release of those artifacts live on
the day.  Pure: the store gives it the terms then and now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from council.artifacts import Artifact, Release
from council.records import Dataset
from council.release_gate import purpose_permitted, retention_end


@dataclass(frozen=True)
class Flag:
    """One artifact reached by one change to one dataset's terms."""

    artifact: str
    dataset: str
    field: str  # the field of the terms that changed, as the terms call it
    change: str  # what changed, in words
    via: tuple[str, ...] = ()  # the chain of artifacts from this one to the one trained on the dataset
    releases: tuple[str, ...] = ()  # its releases live on the day: to suspend, or to waive

    def __str__(self) -> str:
        chain = f" (through {' -> '.join(self.via)})" if len(self.via) > 1 else ""
        live = f"; live releases: {', '.join(self.releases)}" if self.releases else ""
        return f"{self.artifact}: {self.dataset} ({self.field}): {self.change}{chain}{live}"


def changes(before: Dataset | None, now: Dataset | None, day: dt.date) -> list[tuple[str, str]]:
    """(field, what changed) for each way the terms ``now`` no longer cover what ``before`` allowed."""
    if now is None:
        return [("register", "no longer in the data-sharing register")]
    found = []
    if now.status != "active" and (before is None or before.status == "active"):
        found.append(("status", f"the terms are {now.status}: withdrawn"))
    if not now.model_training_allowed and (before is None or before.model_training_allowed):
        found.append(("model training allowed", "the terms no longer permit model training"))
    if before is not None:
        gone = [p for p in before.permitted_purposes if p not in now.permitted_purposes]
        if gone:
            found.append(("permitted purposes", "no longer permitted: " + "; ".join(gone)))
        if now.release_modes and set(before.release_modes or ("weights", "hosted", "sandbox")) - set(
                now.release_modes):
            found.append(("release modes", "models may now be released only as " + ", ".join(now.release_modes)))
    ends = retention_end(now)
    if ends is not None and day > ends:
        found.append(("retention", f"the data had to be deleted by {ends.isoformat()}"))
    return found


def _chains(artifact_id: str, artifacts: Mapping[str, Artifact]) -> list[tuple[str, ...]]:
    """Every chain from ``artifact_id`` up its parents (each ends at an ancestor; cycles cut)."""
    out: list[tuple[str, ...]] = []
    pending: list[tuple[str, ...]] = [(artifact_id,)]
    while pending:
        chain = pending.pop()
        out.append(chain)
        current = artifacts.get(chain[-1])
        if current is not None:
            pending += [(*chain, p) for p in current.parents if p not in chain]
    return out


def flags(artifacts: Mapping[str, Artifact], releases: Sequence[Release],
          used_under: Mapping[str, Mapping[str, Dataset]], now: Mapping[str, Dataset], day: dt.date) -> list[Flag]:
    """Every artifact (and its live releases) that a change to its lineage's terms reaches.

    ``used_under``: artifact ID -> the datasets as they were in the terms it
    was registered under (empty where not known: only withdrawal, a ban on
    training and retention are judged then).  ``now``: the terms on ``day``.
    A live release is named on a flag when the change reaches it: a narrowed
    purpose or mode only reaches the releases for that purpose or in that mode.
    """
    out: list[Flag] = []
    for artifact_id in sorted(artifacts):
        live = [r for r in releases if r.artifact == artifact_id and r.live_on(day)]
        seen: set[tuple[str, str]] = set()
        for chain in _chains(artifact_id, artifacts):
            source = artifacts.get(chain[-1])
            if source is None:
                continue
            for dataset_id in source.datasets:
                before, current = used_under.get(source.id, {}).get(dataset_id), now.get(dataset_id)
                for field_name, change in changes(before, current, day):
                    if (dataset_id, field_name) not in seen:
                        seen.add((dataset_id, field_name))
                        reached = tuple(r.id for r in live if _reaches(field_name, current, r)
                                        and not r.waived(dataset_id, field_name))
                        out.append(Flag(artifact_id, dataset_id, field_name, change, chain, reached))
    return out


def _reaches(field_name: str, now: Dataset | None, release: Release) -> bool:
    """Whether a change to ``field_name`` of the terms takes away what ``release`` was granted."""
    if now is None or field_name not in ("permitted purposes", "release modes"):
        return True
    if field_name == "release modes":
        return bool(now.release_modes) and release.mode not in now.release_modes
    return not purpose_permitted(release.purpose, now.permitted_purposes)


def flagged_releases(found: Sequence[Flag]) -> dict[str, list[Flag]]:
    """Release ID -> the flags that reach it: what the council suspends or waives."""
    out: dict[str, list[Flag]] = {}
    for flag in found:
        for release_id in flag.releases:
            out.setdefault(release_id, []).append(flag)
    return out


def for_release(release: Release, found: Sequence[Flag]) -> list[Flag]:
    """The flags that reach one release's artifact."""
    return [f for f in found if f.artifact == release.artifact]
