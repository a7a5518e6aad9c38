"""Keeping the work tree in step with the branch, and noticing hand edits.

The branch moving is the commit point.  Just before it, a journal names the
commit and its paths; just after, the work tree files and git's own index are
updated and the journal removed.  If the process dies in between, the next
open finishes the job (the commit landed) or drops the journal (it did not).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from council.errors import StoreError
from store import ledger

if TYPE_CHECKING:
    from store.service import Store

JOURNAL = "journal.json"
STALE_LOCK_S = 30.0


def begin(store: "Store", commit: str, parent: str | None, paths: list[str]) -> None:
    _write_atomic(store.meta_dir / JOURNAL,
                  json.dumps({"commit": commit, "parent": parent, "paths": paths}).encode())


def end(store: "Store") -> None:
    try:
        (store.meta_dir / JOURNAL).unlink()
    except FileNotFoundError:
        pass


def update_worktree(store: "Store", files: dict[str, bytes | None]) -> None:
    """Write the changed files and stage them, so `git status` stays clean."""
    for path, content in files.items():
        target = store.root / path
        if content is None:
            target.unlink(missing_ok=True)
            _prune_empty_dirs(store.root, target.parent)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_atomic(target, content, sync=False)
    _clear_stale(store.git_dir / "index.lock", 0)
    listing = b"\0".join(p.encode("utf-8") for p in files) + b"\0"
    ledger.git(store.root, "update-index", "--add", "--remove", "-z", "--stdin", input=listing)


def finish_interrupted(store: "Store") -> list[str]:
    """Recovery on open, under the writer lock.  Returns what it did, for the log."""
    notes = []
    for lock in (store.git_dir / "index.lock", store.git_dir / "refs" / "heads" / "main.lock"):
        if _clear_stale(lock, 0):
            notes.append(f"removed a stale lock left by an interrupted write: {lock.name}")
    journal = store.meta_dir / JOURNAL
    if not journal.exists():
        return notes
    try:
        data = json.loads(journal.read_text())
    except (ValueError, OSError):
        data = {}
    if data.get("commit") and data.get("commit") == store.head:
        files = {p: _blob_text(store, data["commit"], p) for p in data.get("paths", [])}
        update_worktree(store, files)
        notes.append(f"finished an interrupted write: work tree brought to {data['commit'][:10]}")
    else:
        notes.append("dropped an interrupted change that never reached git (nothing was acknowledged)")
    journal.unlink(missing_ok=True)
    return notes


def _blob_text(store: "Store", commit: str, path: str) -> bytes | None:
    tree = store._tree_of(commit)
    sha = ledger.blob_at(store.objects, tree, path)
    return None if sha is None else store.objects.read(sha)[1]


def refuse_hand_edits(store: "Store", paths: list[str]) -> None:
    """Refuse to overwrite a record file someone edited by hand and did not commit."""
    from store import index

    for path in paths:
        target = store.root / path
        row = index.row(store.engine, _id_of(path))
        expected = row.text.encode("utf-8") if row is not None and row.path == path else None
        try:
            actual = target.read_bytes()
        except FileNotFoundError:
            actual = None
        if actual != expected and not (expected is None and actual is None):
            raise StoreError(f"{path} has been edited by hand and not committed; commit it with git "
                             f"(it will be flagged by `council verify`) or discard it with "
                             f"`git -C {store.root} checkout -- {path}`, then try again")


def hand_edits(store: "Store") -> list[str]:
    """Record files that differ from the last commit (edited by hand, not committed)."""
    out = ledger.git(store.root, "status", "--porcelain", "-z", "--untracked-files=all")
    paths = []
    for entry in out.split(b"\0"):
        if len(entry) > 3:
            path = entry[3:].decode("utf-8", "replace")
            if not path.startswith(".council/"):
                paths.append(path)
    return paths


def _id_of(path: str) -> str:
    return "partnership" if path == "partnership.md" else path.rsplit("/", 1)[-1][:-3]


def _clear_stale(lock: Path, age: float) -> bool:
    try:
        if time.time() - lock.stat().st_mtime >= age:
            lock.unlink()
            return True
    except FileNotFoundError:
        pass
    return False


def _prune_empty_dirs(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _write_atomic(path: Path, data: bytes, sync: bool = True) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
