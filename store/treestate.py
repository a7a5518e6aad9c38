"""Reading records as they were at each commit of a walk, with as few git round trips as possible.

:class:`HistoryReader` follows a walk through the history commit by commit.
It keeps the tree of the commit it stands on as a plain ``path -> blob``
dict (loaded once with ``git ls-tree``, then updated from each commit's
``--raw`` changes), so "the record at the parent commit" is a dict lookup.
The blobs a stretch of commits changed are read in one streamed
``git cat-file --batch``; parsed records are cached by blob, and the
charter and membership at a commit are rebuilt only when their folder
changed.  Off the walk (another commit, a merge's other side) it falls back
to asking git, one object at a time.
"""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from council.charter import Charter, charter_from_clauses
from council.errors import CouncilError
from council.fileformat import parse_path
from council.records import Clause, Member, Partnership, Record, kind_of_path
from store.gitread import BatchReader
from store.history import record_path
from store.ledger import parse_tree

ZERO = "0" * 40
_FORMAT = "%x1e%H %P%x1f%cI%x1f%B%x1d"
_CACHE_LIMIT = 50_000
_versions = itertools.count(1)


@dataclass(frozen=True)
class Changed:
    status: str  # A, M, D
    path: str
    old: str | None  # blob shas
    new: str | None


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    date: dt.datetime
    message: str
    changes: tuple[Changed, ...]

    @property
    def kind(self) -> str:
        prefix, sep, _ = self.message.split("\n", 1)[0].partition(": ")
        return prefix if sep and prefix in ("amend", "record") else ""


@dataclass(frozen=True)
class State:
    """What the rules need from one commit: charter, members, parties."""

    charter: Charter
    members: list[Member]
    parties: list[str]
    clauses: list[Clause]
    partnership: Partnership | None


def _top(path: str) -> str:
    return path.split("/", 1)[0]


class HistoryReader(BatchReader):
    """Records at the commits of one walk; use as a context manager (one cat-file process)."""

    def __init__(self, root: Path) -> None:
        super().__init__(Path(root))
        self.at: str | None = None  # the commit whose tree ``tree`` holds
        self.tree: dict[str, str] = {}  # record path -> blob sha at ``at``
        self.current: Commit | None = None  # the commit being checked (its parent is ``at``)
        self.overlay: dict[str, str | None] = {}  # its changes
        self._versions: dict[str, int] = {}  # top folder -> version of its content at ``at``
        self._blobs: dict[str, bytes] = {}  # prefetched contents
        self._parsed: dict[tuple[str, str], Record | None] = {}
        self._states: dict[tuple, State] = {}
        self._folders: dict[tuple[str, str], list[Record]] = {}

    def data(self, sha: str) -> bytes | None:
        if sha in self._blobs:
            return self._blobs.pop(sha)
        found = self.get(sha)
        return found[2] if found else None

    def parse(self, sha: str, path: str) -> Record | None:
        """The record in blob ``sha`` (stored at ``path``), or None if it does not parse."""
        key = (sha, path)
        if key not in self._parsed:
            data = self.data(sha)
            try:
                record = parse_path(path, data) if data is not None else None
            except CouncilError:
                record = None
            if len(self._parsed) > _CACHE_LIMIT:
                self._parsed.clear()
            self._parsed[key] = record
        return self._parsed[key]

    # --- records at a commit -----------------------------------------------------------

    def blob_at(self, commit: str, path: str) -> str | None:
        if commit == self.at:
            return self.tree.get(path)
        if self.current is not None and commit == self.current.sha:
            return self.overlay[path] if path in self.overlay else self.tree.get(path)
        found = self.get(f"{commit}:{path}")
        return found[0] if found else None

    def record_at(self, commit: str, record_id: str) -> Record | None:
        try:
            path = record_path(record_id)
        except CouncilError:
            return None
        blob = self.blob_at(commit, path)
        return self.parse(blob, path) if blob else None

    def folder(self, commit: str, folder: str) -> list[Record]:
        """Every record under ``folder`` at ``commit``, parsed once per version of the folder."""
        if commit == self.at:
            key = (f"v{self._versions.get(folder, 0)}", folder)
            if key not in self._folders:
                prefix = folder + "/"
                found = [self.parse(b, p) for p, b in self.tree.items() if p.startswith(prefix)]
                self._folders[key] = [r for r in found if r is not None]
            return self._folders[key]
        return self._folder_from_git(commit, folder)

    def _folder_from_git(self, commit: str, folder: str) -> list[Record]:
        found = self.get(f"{commit}:{folder}")
        if found is None or found[1] != "tree":
            return []
        key = (found[0], folder)
        if key not in self._folders:
            out = []
            for name, (mode, sha) in parse_tree(found[2]).items():
                path = f"{folder}/{name}"
                if mode == b"40000":
                    out += self._folder_from_git(commit, path)
                elif kind_of_path(path):
                    record = self.parse(sha, path)
                    if record is not None:
                        out.append(record)
            self._folders[key] = out
        return self._folders[key]

    def state(self, commit: str) -> State:
        """Charter, members and parties at ``commit`` (rebuilt only when they changed)."""
        key: tuple = ()
        if commit == self.at:
            key = tuple(self._versions.get(f, 0) for f in ("charter", "members", "partnership.md"))
            if key in self._states:
                return self._states[key]
        clauses = [c for c in self.folder(commit, "charter") if isinstance(c, Clause)]
        members = [m for m in self.folder(commit, "members") if isinstance(m, Member)]
        partnership = self.record_at(commit, "partnership")
        partnership = partnership if isinstance(partnership, Partnership) else None
        parties = [p.id for p in partnership.parties] if partnership else []
        state = State(charter_from_clauses(clauses), members, parties, clauses, partnership)
        if key:
            self._states[key] = state
        return state

    # --- following a walk ------------------------------------------------------------------

    def commits(self, base: str | None, tip: str) -> Iterator[Commit]:
        """Commits from ``base`` (exclusive) to ``tip``, oldest first, parents before children."""
        args = ["git", "log", "--reverse", "--topo-order", "--no-renames", "--raw", "--no-abbrev",
                f"--format={_FORMAT}", f"{base}..{tip}" if base else tip, "--"]
        proc = subprocess.Popen(args, cwd=self.root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert proc.stdout is not None
        pending = b""
        try:
            while chunk := proc.stdout.read1(1 << 16):
                pending += chunk
                *done, pending = pending.split(b"\x1e")
                yield from (parse_commit(raw.decode("utf-8", "replace")) for raw in done if raw)
            if pending:
                yield parse_commit(pending.decode("utf-8", "replace"))
        finally:
            proc.kill()
            proc.stdout.close()
            proc.wait()

    def enter(self, c: Commit, changes: Iterable[Changed]) -> None:
        """Stand on ``c``'s parent, with ``c``'s changes as the overlay."""
        parent = c.parents[0] if c.parents else None
        if parent != self.at:
            self.load(parent)
        self.current = c
        self.overlay = {ch.path: ch.new for ch in changes if kind_of_path(ch.path)}

    def leave(self) -> None:
        """Step onto the current commit: its changes become the tree."""
        assert self.current is not None
        for path, blob in self.overlay.items():
            if blob is None:
                self.tree.pop(path, None)
            else:
                self.tree[path] = blob
        for top in {_top(p) for p in self.overlay}:
            self._versions[top] = next(_versions)
        self.at, self.current, self.overlay = self.current.sha, None, {}

    def load(self, commit: str | None) -> None:
        """Stand on ``commit`` (None: before the first commit), reading its whole tree."""
        self.tree = {}
        if commit:
            out = subprocess.run(["git", "ls-tree", "-r", "-z", commit], cwd=self.root, capture_output=True).stdout
            for item in out.split(b"\0"):
                if item:
                    meta, path = item.split(b"\t", 1)
                    name = path.decode("utf-8")
                    if kind_of_path(name):
                        self.tree[name] = meta.split()[2].decode()
        self._versions = {top: next(_versions) for top in {_top(p) for p in self.tree} | {"partnership.md"}}
        self.at = commit

    def prefetch(self, commits: list[Commit]) -> None:
        """Read every record blob these commits write, in one streamed ``git cat-file --batch``."""
        self._blobs.clear()  # whatever the last stretch did not use
        shas = sorted({ch.new for c in commits for ch in c.changes
                       if ch.new and kind_of_path(ch.path) and (ch.new, ch.path) not in self._parsed})
        if not shas:
            return
        proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.root,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert proc.stdin is not None and proc.stdout is not None

        def feed() -> None:
            assert proc.stdin is not None
            proc.stdin.write(("\n".join(shas) + "\n").encode())
            proc.stdin.close()

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        try:
            for sha in shas:
                header = proc.stdout.readline().split()
                if len(header) < 3 or header[1] == b"missing":
                    continue
                self._blobs[sha] = proc.stdout.read(int(header[2]))
                proc.stdout.read(1)
        finally:
            writer.join()
            proc.stdout.close()
            proc.wait()


def parse_commit(chunk: str) -> Commit:
    """One ``git log --raw`` record in :data:`_FORMAT`."""
    head, _, rest = chunk.partition("\x1d")
    ids, stamp, message = head.split("\x1f", 2)
    shas = ids.split()
    changes = []
    for line in rest.strip("\n").splitlines():
        if line.startswith(":") and "\t" in line:
            meta, path = line.split("\t", 1)
            parts = meta.split()
            old, new = parts[2], parts[3]
            changes.append(Changed(parts[4][0], path, None if old == ZERO else old, None if new == ZERO else new))
    return Commit(shas[0], tuple(shas[1:]), dt.datetime.fromisoformat(stamp), message.rstrip("\n") + "\n",
                  tuple(changes))


def raw_changes(out: str) -> Iterator[Changed]:
    """``git diff-tree -r -z`` output as changes."""
    parts = out.split("\0")
    for meta, path in zip(parts[0::2], parts[1::2]):
        if not meta.startswith(":"):
            continue
        fields = meta.split()
        old, new = fields[2], fields[3]
        yield Changed(fields[4][0], path, None if old == ZERO else old, None if new == ZERO else new)
