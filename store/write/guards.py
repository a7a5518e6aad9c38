"""What the write path refuses before it touches anything: symlinks and odd checkouts.

A store is a plain folder anyone with access can change.  Two states of it
would make a write land somewhere it must not:

- a symbolic link on the way to a file (``risks/`` pointing at a folder
  outside the store, ``.council`` pointing at another store's index and
  lock): the write would follow it out of the store, or share a lock and an
  index with something else;
- a checkout that is not on the main branch, or is in the middle of a git
  operation (rebase, merge, cherry-pick, revert, bisect, ``git am``): the
  write would commit on ``main`` behind the user's back, or break the
  operation's ``--continue``.

Each is refused with a StoreError that names the path or the operation and
says what to do; nothing is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from council.errors import StoreError
from store.git import refs

BRANCH_REF = "ref: refs/heads/main"

# (marker in .git, what is going on, how to finish it)
_IN_PROGRESS = (
    ("rebase-merge", "a rebase", "finish or abort the rebase with `git rebase --continue` or `git rebase --abort`"),
    ("rebase-apply/applying", "a `git am`", "finish or abort it with `git am --continue` or `git am --abort`"),
    ("rebase-apply", "a rebase", "finish or abort the rebase with `git rebase --continue` or `git rebase --abort`"),
    ("MERGE_HEAD", "a merge", "finish the merge with `git commit`, or abort it with `git merge --abort`"),
    ("CHERRY_PICK_HEAD", "a cherry-pick",
     "finish or abort it with `git cherry-pick --continue` or `git cherry-pick --abort`"),
    ("REVERT_HEAD", "a revert", "finish or abort it with `git revert --continue` or `git revert --abort`"),
    ("BISECT_LOG", "a bisect", "end it with `git bisect reset`"),
    # a multi-commit cherry-pick or revert between two of its commits
    ("sequencer", "a cherry-pick or revert of several commits",
     "finish or abort it with `git cherry-pick --continue` / `--abort` (or `git revert ...`)"),
)


def refuse_symlinks(root: Path, paths: Iterable[str]) -> None:
    """Raise StoreError if any of ``paths`` (relative to ``root``), or a folder on
    the way to it, is a symbolic link."""
    checked: set[str] = set()
    for path in paths:
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            rel = "/".join(parts[:depth])
            if rel in checked:
                continue
            checked.add(rel)
            if os.path.islink(root / rel):
                raise _symlink_error(root, rel)


def refuse_symlinked_meta(root: Path) -> None:
    """Raise StoreError if ``.council`` or anything in it is a symbolic link."""
    meta = root / ".council"
    if os.path.islink(meta):
        raise _symlink_error(root, ".council")
    try:
        entries = list(os.scandir(meta))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_symlink():
            raise _symlink_error(root, f".council/{entry.name}")


def _symlink_error(root: Path, rel: str) -> StoreError:
    try:
        target = f" (to {os.readlink(root / rel)})"
    except OSError:
        target = ""
    return StoreError(f"{root / rel} is a symbolic link{target}: Council does not write through symbolic "
                      "links, which could lead out of the store; nothing was written. Replace it with the "
                      "real folder or file (or remove it and run `git checkout -- .`), then try again")


def refuse_unsafe_checkout(root: Path) -> None:
    """Raise StoreError unless the checkout is on ``main`` with no git operation under way."""
    git_dir = root / ".git"
    for marker, what, how in _IN_PROGRESS:
        if (git_dir / marker).exists():
            raise StoreError(f"{root} is in the middle of {what} ({git_dir / marker} exists): Council does not "
                             f"write during one; nothing was written. {how[0].upper() + how[1:]}, "
                             "then try again")
    try:
        head = refs.head_target(root)
    except OSError as exc:
        raise StoreError(f"cannot read {git_dir / 'HEAD'}: {exc.strerror or exc}; nothing was written") from None
    if head == BRANCH_REF:
        return
    if head.startswith("ref: "):
        branch = head[len("ref: "):].removeprefix("refs/heads/")
        raise StoreError(f"{root} has branch {branch} checked out, but Council records on main; nothing was "
                         "written. Switch back with `git switch main`, then try again")
    raise StoreError(f"{root} has a detached HEAD (commit {head[:10]} checked out, not the main branch): a "
                     "write would land on main behind the checkout; nothing was written. Go back with "
                     "`git switch main`, then try again")
