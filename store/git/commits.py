"""The one commit model and the one ``git log`` parser.

A :class:`Commit` is what every reader of the history needs: its id and
parents, author and dates, message, and the files it changed with their
blobs before and after (``git log --raw``).  History views, `council verify`
and the sync's replay all read commits through :func:`log`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from store.git.process import records

ZERO = "0" * 40
KINDS = ("amend", "record")  # the subjects the write path gives its commits
# One commit: ids, author, dates and message, then its --raw lines.
FORMAT = "%x1e%H %P%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%B%x1d"


@dataclass(frozen=True)
class Identity:
    """Who made a commit, as git writes it: ``Name <email>``."""

    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


@dataclass(frozen=True)
class Changed:
    """One file a commit changed: its status (A, M, D) and blobs before and after (None: absent)."""

    status: str
    path: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Commit:
    """One commit as ``git log --raw`` describes it."""

    sha: str
    parents: tuple[str, ...]
    author: Identity
    author_date: dt.datetime  # when it was first made (kept by a replay)
    date: dt.datetime  # the committer's date, in its own UTC offset: what history and verify go by
    message: str  # ends with exactly one newline
    changes: tuple[Changed, ...]

    @property
    def subject(self) -> str:
        return self.message.split("\n", 1)[0]

    @property
    def kind(self) -> str:
        """``amend`` or ``record`` (the write path's two kinds of commit), else ''."""
        return kind_of(self.message)

    @property
    def trailers(self) -> list[tuple[str, str]]:
        return trailers(self.message)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(ch.path for ch in self.changes)


def kind_of(message: str) -> str:
    """The kind a commit message's subject gives (``amend: ...`` -> ``amend``), else ''."""
    prefix, sep, _ = message.split("\n", 1)[0].partition(": ")
    return prefix if sep and prefix in KINDS else ""


def trailers(message: str) -> list[tuple[str, str]]:
    """The trailer block at the end of a commit message, in order."""
    block = message.rstrip("\n").split("\n\n")[-1]
    out = []
    for line in block.splitlines():
        key, sep, value = line.partition(": ")
        if not sep or " " in key:
            return []
        out.append((key, value))
    return out


def first_trailers(message: str) -> dict[str, str]:
    """Each trailer's first value, by key."""
    first: dict[str, str] = {}
    for key, value in trailers(message):
        first.setdefault(key, value)
    return first


def log(root: Path, *args: str) -> Generator[Commit, None, None]:
    """``git log`` with ``args`` (revisions, options, ``--`` paths), as commits, streamed.

    Stopping early stops git; a git failure raises
    :class:`~store.git.process.GitError` once the output is read.
    """
    command = ("log", "--no-renames", "--raw", "--no-abbrev", f"--format={FORMAT}", *args)
    for chunk in records(root, b"\x1e", *command):
        yield parse_commit(chunk)


def parse_commit(chunk: str) -> Commit:
    """One ``git log --raw`` record in :data:`FORMAT`."""
    head, _, rest = chunk.partition("\x1d")
    ids, name, email, authored, committed, message = head.split("\x1f", 5)
    shas = ids.split()
    changes = []
    for line in rest.strip("\n").splitlines():
        if line.startswith(":") and "\t" in line:
            meta, path = line.split("\t", 1)
            parts = meta.split()
            changes.append(Changed(parts[4][0], path, _blob(parts[2]), _blob(parts[3])))
    return Commit(shas[0], tuple(shas[1:]), Identity(name, email), dt.datetime.fromisoformat(authored),
                  dt.datetime.fromisoformat(committed), message.rstrip("\n") + "\n", tuple(changes))


def _blob(sha: str) -> str | None:
    return None if sha == ZERO else sha


def raw_changes(out: str) -> Iterator[Changed]:
    """``git diff-tree -r -z`` output (raw format) as changes."""
    parts = out.split("\0")
    for meta, path in zip(parts[0::2], parts[1::2]):
        if meta.startswith(":"):
            fields = meta.split()
            yield Changed(fields[4][0], path, _blob(fields[2]), _blob(fields[3]))
