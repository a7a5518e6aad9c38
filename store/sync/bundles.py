"""Air-gapped partners: changes exchanged as git bundle files, verified on apply exactly like a fetch.

A bundle holds the main branch (or the commits after ``--since``).  Applying
one fetches it into ``refs/council/incoming/bundle``, checks the incoming
commits with the same rules as `council sync` (:func:`store.sync.replicas.take`), and
integrates them the same way.  Nothing is pushed: the bundle's commits are
the partner's; if this replica has already published commits the bundle
lacks (it also syncs with a hub), the bundle's commits are the ones replayed,
on top of ours.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from council.errors import StoreError
from store.git import bundles as gitbundles
from store.git import process as gitprocess
from store.git import revs
from store.git.process import CHECK_OBJECTS, last_message
from store.git.revs import commit_of
from store.sync.replay import Integration
from store.sync.replicas import INCOMING, ready, take

if TYPE_CHECKING:
    from store.service import Store

BUNDLE_REF = INCOMING + "bundle"


@dataclass(frozen=True)
class Bundle:
    path: Path
    tip: str
    commits: int
    since: str | None


def create(store: "Store", path: Path, since: str | None = None) -> Bundle:
    """Write the main branch (after ``since``, if given) to a bundle file, atomically."""
    head = store.head
    if head is None:
        raise StoreError("the store has no commits to bundle")
    base = None
    if since:
        base = commit_of(store.root, since)
        if base is None:
            raise StoreError(f"--since {since}: not a commit of this store")
    span = f"{base}..{head}" if base else head
    count = revs.count(store.root, span)
    if count == 0:
        raise StoreError(f"nothing to bundle: main has no commits after {since} ({str(base)[:10]})")
    path = Path(path).expanduser().resolve()
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    # Name the branch, not the commit: the bundle then carries refs/heads/main for apply to fetch.
    try:
        gitbundles.create(store.root, tmp, "main", *([f"^{base}"] if base else []))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return Bundle(path, head, count, base)


def apply(store: "Store", path: Path) -> Integration:
    """Verify and integrate the commits of a bundle file (nothing is pushed)."""
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise StoreError(f"no bundle file at {path}")
    ready(store)
    proc = gitbundles.check(store.root, path)
    if proc.returncode != 0:
        missing = re.findall(r"\b[0-9a-f]{40}\b", proc.stderr) if "lacks" in proc.stderr else []
        if missing:
            raise StoreError(f"{path.name} builds on commit(s) this replica does not have ({', '.join(m[:10] for m in missing)}): "
                             f"ask the partner for a bundle made with `--since` a commit we hold, e.g. "
                             f"`council bundle create FILE --since {str(store.head)[:12]}`; nothing was changed")
        raise StoreError(f"{path.name} is not a usable git bundle: {last_message(proc.stderr)}; nothing was changed")
    fetched = gitprocess.run(store.root, *CHECK_OBJECTS, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head",
                             "--refmap=", str(path), f"+refs/heads/main:{BUNDLE_REF}", text=True)
    if fetched.returncode != 0:
        raise StoreError(f"cannot read {path.name}: {last_message(fetched.stderr)} (it must carry the main branch); "
                         "nothing was changed")
    theirs = commit_of(store.root, BUNDLE_REF)
    assert theirs is not None
    return take(store, theirs, None, published=False)
