"""The records as they were at one commit, read from git (never the working tree).

An export is a function of a commit: this module resolves ``--as-of``, reads
every record file in that commit's tree through one ``git cat-file --batch``
(all through the git gateway, :mod:`store.git`),
and keeps each record's path and blob so the manifest can trace a published
finding to the file it came from.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from council.charter import Charter, charter_from_clauses
from council.errors import CouncilError
from council.fileformat import parse_path
from council.records import Clause, Record, kind_of_path, path_for
from exports.cache import RecordCache
from exports.options import ExportError
from store.git import batch, revs
from store.git.trees import ls_tree

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Source:
    """One record file at the commit: the parsed record, its path, blob and bytes."""

    record: Record
    path: str
    blob: str
    data: bytes


@dataclass
class Snapshot:
    """Every record at ``commit``, by kind, with the charter then in force."""

    commit: str
    time: dt.datetime  # the commit's committer time: the export's only clock
    root_commit: str  # the store's first commit: a stable seed for calendar UIDs
    sources: dict[str, list[Source]] = field(default_factory=dict)
    charter: Charter = Charter()
    notes: list[str] = field(default_factory=list)
    unparsed: list[tuple[str, str]] = field(default_factory=list)  # (path, blob): never published, still listed

    def of(self, kind: str) -> list[Source]:
        return self.sources.get(kind, [])


def resolve(root: Path, rev: str) -> str:
    """The full commit id ``rev`` names, or an ExportError saying what went wrong."""
    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n"):
        raise ExportError(f"--as-of {rev!r} is not a revision: give a commit, tag or branch (default HEAD)")
    commit = revs.commit_of(root, rev)
    if commit is None:
        raise ExportError(f"--as-of {rev!r} names no commit in the store at {root}; "
                          "see `git -C STORE log --oneline` for the commits there")
    return commit


def root_commit(root: Path, commit: str) -> str:
    """The store's first commit (the smallest id, if histories were joined): a stable seed."""
    roots = revs.root_commits(root, commit)
    return sorted(roots)[0] if roots else commit


def read_blobs(root: Path, shas: list[str]) -> dict[str, bytes]:
    """Contents of many blobs from one streamed ``git cat-file --batch`` run (missing ones left out)."""
    return {sha: found[2] for sha, found in zip(shas, batch.read_objects(root, shas)) if found is not None}


def read_snapshot(root: Path, rev: str, progress: Progress | None = None,
                  cache: RecordCache | None = None) -> Snapshot:
    """Resolve ``rev`` and read every record file in its tree (parses cached by blob id)."""
    commit = resolve(root, rev)
    snap = Snapshot(commit, revs.commit_time(root, commit), root_commit(root, commit))
    entries = [(p, s) for p, s in ls_tree(root, commit) if kind_of_path(p)]
    blobs = read_blobs(root, sorted({s for _, s in entries}))
    cache = cache or RecordCache(None)
    for i, (path, blob) in enumerate(entries, 1):
        data = blobs.get(blob, b"")
        record = cache.get(blob)
        try:
            if record is None or path_for(record) != path:
                record = parse_path(path, data)
                cache.put(blob, record)
        except CouncilError as exc:
            # An unreadable file cannot be judged, so it is never published.
            snap.notes.append(f"skipped {path}: it does not parse ({exc})")
            snap.unparsed.append((path, blob))
            continue
        snap.sources.setdefault(record.KIND, []).append(Source(record, path, blob, data))
        if progress and (i % 200 == 0 or i == len(entries)):
            progress("read", i, len(entries))
    for kind in snap.sources:
        snap.sources[kind].sort(key=lambda s: natural_key(s.record.id))
    clauses = [s.record for s in snap.of("clause") if isinstance(s.record, Clause)]
    snap.charter = charter_from_clauses(clauses)
    return snap


def natural_key(record_id: str) -> tuple:
    """Sort IDs as people do: 4.2 before 4.10, DEC-2026-999 before DEC-2026-1000."""
    return tuple((0, int(t)) if t.isdigit() else (1, t) for t in _TOKENS.findall(record_id))


_TOKENS = re.compile(r"\d+|[^\d.\-]+")
