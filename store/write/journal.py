"""The write journal: keeping the work tree in step with the branch, and
recovering from crashes.

The branch moving is the commit point.  Just before it, a journal names the
commit and its paths; just after, the work tree files and git's own index are
updated and the journal removed.  If the process dies in between, the next
open (or the next write) finishes the job if the commit landed, or drops the
journal if it did not.  Recovery also clears what a crash leaves behind:
half-written object files, temporary files, and git lock files that nobody
releases (see :func:`finish_interrupted`).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from council import settings
from council.errors import StoreError
from store import faults
from store.git import objects as gitobjects
from store.git import process as gitprocess
from store.git import revs, trees

if TYPE_CHECKING:
    from store.service import Store

JOURNAL = "journal.json"
GIT_LOCKS = ("index.lock", "refs/heads/main.lock")


def _settle() -> float:
    """How long a git lock file may stay while we hold the writer lock before it is
    taken as left by a crash (COUNCIL_GIT_LOCK_SETTLE).  Git holds index.lock and
    main.lock for milliseconds; a git child orphaned by a killed writer finishes
    well within this, and removing its lock under it would corrupt git's index."""
    return settings.current().git_lock_settle


def begin(store: "Store", commit: str, parent: str | None, paths: list[str]) -> None:
    try:
        write_atomic(store.meta_dir / JOURNAL,
                      json.dumps({"commit": commit, "parent": parent, "paths": paths}).encode())
    except StoreError as exc:
        raise StoreError(f"{exc}; nothing was committed") from None
    faults.point("journal.written")


def end(store: "Store") -> None:
    try:
        (store.meta_dir / JOURNAL).unlink()
    except FileNotFoundError:
        pass
    faults.point("journal.removed")


def update_worktree(store: "Store", files: dict[str, bytes | None]) -> None:
    """Write the changed files and stage them, so `git status` stays clean."""
    for n, (path, content) in enumerate(files.items()):
        target = store.root / path
        if content is None:
            target.unlink(missing_ok=True)
            _prune_empty_dirs(store.root, target.parent)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, content, sync=False)
        if n == 0:
            faults.point("worktree.partial")
    faults.point("worktree.written")
    if files:  # a commit that changes no file (a kept sync resolution) has nothing to stage
        _stage(store, list(files))
    faults.point("worktree.staged")


def _stage(store: "Store", paths: list[str]) -> None:
    """`git update-index` the paths, waiting out (then clearing) a stale index.lock."""
    listing = b"\0".join(p.encode("utf-8") for p in paths) + b"\0"
    for attempt in range(2):
        settle_lock(store.git_dir / "index.lock")
        proc = gitprocess.run(store.root, "update-index", "--add", "--remove", "-z", "--stdin", input=listing)
        if proc.returncode == 0:
            return
        msg = proc.stderr.decode("utf-8", "replace").strip()
        if "index.lock" not in msg or attempt:
            raise StoreError(f"git update-index failed in {store.root}: {msg}")


def settle_lock(lock: Path, wait: float | None = None) -> bool:
    """Wait briefly for a git lock file to go; remove it if it stays.  True if removed."""
    return bool(settle_locks([lock], wait))


def settle_locks(locks: list[Path], wait: float | None = None) -> list[Path]:
    """Wait (once, for all of them) for git lock files to go; remove those that stay."""
    deadline = time.monotonic() + (_settle() if wait is None else wait)
    present = [lock for lock in locks if lock.exists()]
    while present and time.monotonic() < deadline:
        time.sleep(0.01)
        present = [lock for lock in present if lock.exists()]
    removed = []
    for lock in present:
        try:
            lock.unlink()
            removed.append(lock)
        except FileNotFoundError:
            pass
    return removed


def finish_interrupted(store: "Store") -> list[str]:
    """Recovery, under the writer lock.  Returns what it did, for the log.

    Cheap when there is nothing to do (a few stats and one small listing),
    so every write runs it too: a writer that crashed while another process
    had the store open is cleaned up by that process's next write.
    """
    notes = []
    for lock in settle_locks([store.git_dir / name for name in GIT_LOCKS]):
        notes.append(f"removed a stale git lock left by an interrupted write: "
                     f".git/{lock.relative_to(store.git_dir).as_posix()}")
    removed = gitobjects.clean_temporary(store.objects.objects)
    if removed:
        notes.append(f"removed {len(removed)} half-written git object file(s) left by an interrupted write")
    for leftover in _temporary_files(store.meta_dir):
        leftover.unlink(missing_ok=True)
        notes.append(f"removed a temporary file left by an interrupted write: .council/{leftover.name}")
    journal = store.meta_dir / JOURNAL
    if journal.exists():
        notes += _finish_journal(store, journal)
    return notes


def _finish_journal(store: "Store", journal: Path) -> list[str]:
    try:
        data = json.loads(journal.read_text())
        commit, paths = str(data["commit"]), [str(p) for p in data["paths"]]
    except (ValueError, OSError, KeyError, TypeError):
        journal.unlink(missing_ok=True)
        return ["dropped an unreadable journal of an interrupted write (the branch decides what was committed)"]
    for path in paths:
        for leftover in _temporary_files((store.root / path).parent, Path(path).name):
            leftover.unlink(missing_ok=True)
    head = store.head
    if head is not None and _landed(store, commit, head):
        # Bring the paths to HEAD (not to the journal's commit: a partner's
        # commit may have landed on top of it since).
        files = {p: _blob_text(store, head, p) for p in paths}
        update_worktree(store, files)
        note = f"finished an interrupted write: work tree brought to {commit[:10]} ({len(paths)} file(s))"
    else:
        note = f"dropped an interrupted change that never reached git ({commit[:10]}; nothing was acknowledged)"
    journal.unlink(missing_ok=True)
    return [note]


def _landed(store: "Store", commit: str, head: str) -> bool:
    return commit == head or revs.is_ancestor(store.root, commit, head)


def _temporary_files(folder: Path, name: str = "") -> list[Path]:
    """Temporary files of :func:`write_atomic` in ``folder`` (of ``name`` only, if given)."""
    try:
        entries = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    prefix = f".{name}.tmp" if name else "."
    return [folder / e for e in entries if e.startswith(prefix) and ".tmp" in e[1:]]


def _blob_text(store: "Store", commit: str, path: str) -> bytes | None:
    sha = trees.blob_at(store.objects, store.tree_of(commit), path)
    return None if sha is None else store.objects.read(sha)[1]


def _prune_empty_dirs(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def write_atomic(path: Path, data: bytes, sync: bool = True) -> None:
    """Replace ``path`` with ``data`` all at once (a temporary file renamed over it), fsynced unless not ``sync``.

    A crash leaves the old file or the new one, never half of either; the
    temporary file it may leave is removed by :func:`finish_interrupted`.
    """
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
