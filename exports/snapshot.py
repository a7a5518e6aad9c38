"""The records as they were at one commit, read from git (never the working tree).

An export is a function of a commit: this module resolves ``--as-of``, reads
every record file in that commit's tree through one ``git cat-file --batch``,
and keeps each record's path and blob so the manifest can trace a published
finding to the file it came from.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from council.charter import Charter, charter_from_clauses
from council.errors import CouncilError
from council.fileformat import parse_path
from council.records import Clause, Record, kind_of_path, path_for
from exports.cache import RecordCache
from exports.options import ExportError
from store.gitread import ls_tree

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


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    return subprocess.run(["git", *args], cwd=root, capture_output=True, env=env)


def resolve(root: Path, rev: str) -> str:
    """The full commit id ``rev`` names, or an ExportError saying what went wrong."""
    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n"):
        raise ExportError(f"--as-of {rev!r} is not a revision: give a commit, tag or branch (default HEAD)")
    proc = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if proc.returncode != 0:
        raise ExportError(f"--as-of {rev!r} names no commit in the store at {root}; "
                          "see `git -C STORE log --oneline` for the commits there")
    return proc.stdout.decode().strip()


def commit_time(root: Path, commit: str) -> dt.datetime:
    proc = _git(root, "show", "-s", "--format=%cI", commit)
    return dt.datetime.fromisoformat(proc.stdout.decode().strip())


def root_commit(root: Path, commit: str) -> str:
    proc = _git(root, "rev-list", "--max-parents=0", commit)
    roots = proc.stdout.decode().split()
    return sorted(roots)[0] if roots else commit


def read_blobs(root: Path, shas: list[str]) -> dict[str, bytes]:
    """Contents of many blobs from one ``git cat-file --batch`` run.

    All requests go in at once and all answers come back at once: asking one
    blob at a time costs a pipe round trip each (about a millisecond), which
    at 10,000 records is most of an export.
    """
    if not shas:
        return {}
    proc = _git_input(root, ("\n".join(shas) + "\n").encode(), "cat-file", "--batch")
    out, data, pos = {}, proc.stdout, 0
    for sha in shas:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        out[sha] = data[pos:pos + size]
        pos += size + 1
    return out


def _git_input(root: Path, data: bytes, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    return subprocess.run(["git", *args], cwd=root, input=data, capture_output=True, env=env)


def read_snapshot(root: Path, rev: str, progress: Progress | None = None,
                  cache: RecordCache | None = None) -> Snapshot:
    """Resolve ``rev`` and read every record file in its tree (parses cached by blob id)."""
    commit = resolve(root, rev)
    snap = Snapshot(commit, commit_time(root, commit), root_commit(root, commit))
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
