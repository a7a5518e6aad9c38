"""Where a replica stands against its remote, from the last sync: no network, and light.

The dashboard shows this on every load, so it lives apart from
:mod:`store.sync.replicas` (which imports verify, the replay and the write
path: about 25 ms of CPU a first load never needs, issue 18).  The pending
conflicts are counted from ``.council/conflicts.json`` as
:mod:`store.sync.conflicts` keeps it; that module reads the file here too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from council.errors import StoreError
from store.git import process as gitprocess
from store.git import revs
from store.git.revs import commit_of

if TYPE_CHECKING:
    from store.service import Store

STATE = "conflicts.json"  # the pending conflicts, in the store's .council/


@dataclass(frozen=True)
class SyncStatus:
    """Where this replica stands against a remote, as of the last fetch (no network)."""

    remote: str | None
    url: str = ""
    head: str | None = None
    remote_head: str | None = None
    ahead: int = 0
    behind: int = 0
    conflicts: int = 0

    @property
    def state(self) -> str:
        if self.conflicts:
            return "conflicts"
        if self.remote is None:
            return "no remote"
        if self.remote_head is None:
            return "never synced"
        if self.ahead and self.behind:
            return "diverged"
        return "ahead" if self.ahead else "behind" if self.behind else "up to date"

    def line(self) -> str:
        if self.remote is None:
            text = "no remote: add one with `council remote add NAME URL`"
        elif self.remote_head is None:
            text = f"{self.remote}: not synced yet"
        else:
            text = f"{self.remote}: {self.state} ({self.ahead} ahead, {self.behind} behind, as of the last sync)"
        if self.conflicts:
            text += f"; {self.conflicts} conflict(s) to resolve (`council conflicts`)"
        return text


def remotes(root: Path) -> list[tuple[str, str]]:
    """(name, url) of every remote."""
    out = gitprocess.git(root, "remote", "-v").decode("utf-8", "replace")
    seen: dict[str, str] = {}
    for line in out.splitlines():
        name, _, rest = line.partition("\t")
        seen.setdefault(name, rest.rsplit(" (", 1)[0])
    return sorted(seen.items())


def load_conflicts(store: "Store") -> dict[str, Any]:
    """The pending conflicts' state file, as :mod:`store.sync.conflicts` wrote it ({} when none)."""
    try:
        data = json.loads((store.meta_dir / STATE).read_text())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot read {store.meta_dir / STATE}: {exc}; it lists the sync conflicts "
                         "still to resolve: restore it or delete it (the versions stay under refs/council/kept/)") from None
    return data if isinstance(data, dict) else {}


def status(store: "Store", remote: str | None = None) -> SyncStatus:
    """Ahead, behind, diverged or conflicts, from the last sync: cheap, no network."""

    conflicts = len(load_conflicts(store).get("records", []))
    known = dict(remotes(store.root))
    if remote in known:
        name: str | None = remote
    elif len(known) == 1 or (known and "origin" not in known):
        name = sorted(known)[0]
    else:
        name = "origin" if known else None
    if name is None:
        return SyncStatus(None, conflicts=conflicts, head=store.head)
    tracking = commit_of(store.root, f"refs/remotes/{name}/main")
    head = store.head
    ahead = behind = 0
    if tracking and head:
        ahead, behind = revs.ahead_behind(store.root, head, tracking)
    return SyncStatus(name, known[name], head, tracking, ahead, behind, conflicts)
