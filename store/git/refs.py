"""The main branch and other refs: reading them, and moving main by compare-and-swap.

The branch moves only if nobody moved it while a change was prepared: what
``git update-ref NEW OLD`` does, done in process with git's own lock-file
protocol so that no git child can outlive a crash of this process.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from council import settings
from council.errors import Conflict, StoreError
from store.git.objects import Point, git_time, no_point
from store.git.process import git, run

BRANCH = "refs/heads/main"


def head_target(root: Path) -> str:
    """What HEAD says: ``ref: refs/heads/NAME``, or a commit ID when detached.

    Read from the file, as git does; a reftable store keeps HEAD in the
    table, so there git is asked.
    """
    git_dir = root / ".git"
    if not (git_dir / "reftable").is_dir():
        return (git_dir / "HEAD").read_text().strip()
    named = run(root, "symbolic-ref", "-q", "HEAD", text=True)
    if named.returncode == 0:
        return "ref: " + named.stdout.strip()
    return run(root, "rev-parse", "HEAD", text=True).stdout.strip()


def update_ref(root: Path, ref: str, target: str) -> None:
    """Point ``ref`` at ``target`` (any object), whatever it pointed at."""
    git(root, "update-ref", ref, target)


def delete_ref(root: Path, ref: str) -> None:
    """Remove ``ref`` if it exists."""
    git(root, "update-ref", "-d", ref, check=False)


def read_head(git_dir: Path) -> str | None:
    """The main branch's commit, read from the ref files (no subprocess)."""
    loose = git_dir / "refs" / "heads" / "main"
    try:
        value = loose.read_text().strip()
        if value:
            return value
    except FileNotFoundError:
        pass
    packed = git_dir / "packed-refs"
    if packed.exists():
        for line in packed.read_text().splitlines():
            if line.endswith(" " + BRANCH):
                return line.split(" ", 1)[0]
    return None


def move_branch(work: Path, new: str, old: str | None, reason: str, who: str | None = None,
                point: Point = no_point) -> None:
    """Compare-and-swap the main branch from ``old`` to ``new``: the commit point.

    Done in process with git's own lock-file protocol (create
    ``refs/heads/main.lock`` exclusively, check the branch still points at
    ``old``, write, fsync, rename), so that no git child can outlive a crash
    of this process and move the branch after recovery has looked at it.
    The rename is the commit point.  Stores using git's reftable format go
    through ``git update-ref`` instead.
    """
    git_dir = work / ".git"
    if (git_dir / "reftable").is_dir():
        return _move_branch_with_git(work, new, old, reason)
    ref = git_dir / "refs" / "heads" / "main"
    lock = ref.with_name("main.lock")
    ref.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise Conflict("another git process is moving the branch (refs/heads/main.lock exists); "
                       "nothing was written: try again in a moment") from None
    except OSError as exc:
        raise StoreError(f"cannot lock the branch in {git_dir}: {exc.strerror or exc}; nothing was committed") from None
    try:
        current = read_head(git_dir)
        if current != old:
            raise Conflict(f"the store moved while this change was prepared (the branch is at "
                           f"{str(current)[:10]}, not {str(old)[:10]}); nothing was written")
        os.write(fd, (new + "\n").encode())
        os.fsync(fd)
        point("ref.locked")
    except BaseException as exc:
        os.close(fd)
        lock.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StoreError(f"cannot write the branch in {git_dir}: {exc.strerror or exc}; "
                             "nothing was committed") from None
        raise
    os.close(fd)
    os.replace(lock, ref)  # the commit point
    _fsync_dir(ref.parent)
    point("ref.moved")
    _append_reflog(git_dir, old, new, reason, who)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename durable: an acknowledged commit survives a power cut.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _append_reflog(git_dir: Path, old: str | None, new: str, reason: str, who: str | None) -> None:
    """Log the move as ``git update-ref`` would; best effort (the branch has moved)."""
    if who is None:
        committer = settings.current().committer
        who = f"{committer[0]} <{committer[1]}>" if committer else "Council <council@localhost>"
    subject = reason.splitlines()[0][:200] if reason else "council"
    line = f"{old or '0' * 40} {new} {who} {git_time(dt.datetime.now().astimezone())}\t{subject}\n"
    for log in (git_dir / "logs" / "refs" / "heads" / "main", git_dir / "logs" / "HEAD"):
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(line)
        except OSError:
            pass


def _move_branch_with_git(work: Path, new: str, old: str | None, reason: str) -> None:
    expected = old or "0" * 40
    env_reason = reason.splitlines()[0][:200]
    proc = run(work, "update-ref", "-m", env_reason, BRANCH, new, expected)
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip()
        if "lock" in msg or "but expected" in msg or "reference already exists" in msg:
            raise Conflict(f"the store moved while this change was prepared; nothing was written ({msg})")
        raise StoreError(f"could not move the branch: {msg}")
