"""Revisions: what a name or a date points at, and how commits relate (ancestry, merge base)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from store.git.process import GitError, git, records, run, succeeds


def commit_of(root: Path, rev: str) -> str | None:
    """The full id of the commit ``rev`` names (a sha, HEAD~2, a tag, a ref), or None."""
    if not rev:
        return None
    proc = run(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", text=True)
    return proc.stdout.strip() or None if proc.returncode == 0 else None


def is_ancestor(root: Path, old: str, new: str) -> bool:
    """Whether ``old`` is ``new`` or one of its ancestors."""
    return succeeds(root, "merge-base", "--is-ancestor", old, new)


def merge_base(root: Path, a: str, b: str) -> str | None:
    """The best common ancestor of two commits, or None if they share none."""
    return run(root, "merge-base", a, b, text=True).stdout.strip() or None


def as_of_commit(root: Path, day: dt.date, rev: str = "HEAD") -> str | None:
    """The last commit on ``rev``'s main line dated (its own date) on or before ``day``, or None."""
    upper = day + dt.timedelta(days=1)
    lines = records(root, b"\n", "log", "--first-parent", "--format=%H %cI",
                    f"--until={upper.isoformat()} 23:59:59 +0000", rev)
    try:
        for line in lines:
            sha, _, stamp = line.strip().partition(" ")
            if dt.datetime.fromisoformat(stamp).date() <= day:
                return sha
    except GitError:  # a revision git does not know: no commit then
        return None
    finally:
        lines.close()
    return None


def commit_time(root: Path, commit: str) -> dt.datetime:
    """The committer date of ``commit``."""
    return dt.datetime.fromisoformat(git(root, "show", "-s", "--format=%cI", commit).decode().strip())


def root_commits(root: Path, commit: str) -> list[str]:
    """The commits with no parent that ``commit`` descends from."""
    return run(root, "rev-list", "--max-parents=0", commit, text=True).stdout.split()


def rev_list(root: Path, *args: str) -> list[str]:
    """``git rev-list`` of ``args``: commit ids, newest first."""
    return git(root, "rev-list", *args).decode().split()


def count(root: Path, *args: str) -> int:
    """How many commits ``git rev-list`` lists for ``args``."""
    return int(git(root, "rev-list", "--count", *args).strip() or 0)


def ahead_behind(root: Path, ours: str, theirs: str) -> tuple[int, int]:
    """(commits only ours has, commits only theirs has)."""
    out = git(root, "rev-list", "--left-right", "--count", f"{ours}...{theirs}").split()
    return int(out[0]), int(out[1])


def object_type(root: Path, sha: str) -> str:
    """``commit``, ``tree``, ``blob`` or ``tag``; '' if there is no such object."""
    return git(root, "cat-file", "-t", sha, check=False).decode().strip()


def commit_bytes(root: Path, sha: str) -> bytes:
    """The raw commit object (headers, signature and message)."""
    return git(root, "cat-file", "commit", sha)
