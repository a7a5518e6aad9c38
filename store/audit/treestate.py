"""Reading records as they were at each commit of a walk, with as few git round trips as possible.

:class:`HistoryReader` follows a walk through the history commit by commit.
It keeps the tree of the commit it stands on as a plain ``path -> blob``
dict (loaded once with ``git ls-tree``, then updated from each commit's
``--raw`` changes), so "the record at the parent commit" is a dict lookup.
A walk that starts after a verified commit fills the dict as it is asked
instead (one ``cat-file`` round trip a path): a few new commits then cost
what they touch, not a listing of the whole store.
The blobs a stretch of commits changed are read in one streamed
``git cat-file --batch``; parsed records are cached by blob, and the
charter and membership at a commit are rebuilt only when their folder
changed.  Every cache is bounded (:class:`Recent`): a walk of 100,000 commits
goes forward, so it keeps the records it is likely to ask for again (the
meetings decisions are taken at, the charter in force), never every version
of every record it read (issue 18: 1.4 GB at 100,000 decisions before).  Off the walk (another commit, a merge's other side) it falls back
to asking git, one object at a time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from council.charter import Charter, charter_from_clauses
from council.errors import CouncilError
from council.fileformat import parse_path
from council.records import Clause, Member, Partnership, Record, kind_of_path
from store.git import commits as gitcommits
from store.git.batch import BatchReader, read_objects
from store.git.commits import Changed, Commit
from store.git.process import GitError
from store.git.trees import TREE_MODE, ls_tree, parse_tree
from store.logentry import record_path

# Parsed records kept: a stretch's meetings and what a commit reads again.  1,024 parses
# 1.6% more than 4,096 at M; at L a decision with a hundred voters is tens of KB parsed.
PARSED_LIMIT = 1024
FOLDER_LIMIT = 16  # versions of the charter / members folders, and states built from them
_versions = itertools.count(1)

K = TypeVar("K")
V = TypeVar("V")


class Recent(dict[K, V]):
    """A dict that keeps only its ``limit`` most recently used entries (``get`` and ``[]=``
    count as use).  Bounded so a walk's memory does not grow with the history."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def get(self, key: K, default: V | None = None) -> V | None:  # type: ignore[override]
        if key not in self:
            return default
        value = self.pop(key)
        super().__setitem__(key, value)  # now the newest
        return value

    def __setitem__(self, key: K, value: V) -> None:
        self.pop(key, None)
        super().__setitem__(key, value)
        if len(self) > self.limit:
            del self[next(iter(self))]  # the least recently used


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
        self.tree: dict[str, str | None] = {}  # record path -> blob sha at ``at`` (None: no such file)
        self.complete = True  # ``tree`` holds every record at ``at`` (else only those asked for)
        self.current: Commit | None = None  # the commit being checked (its parent is ``at``)
        self.overlay: dict[str, str | None] = {}  # its changes
        self._versions: dict[str, int] = {}  # top folder -> version of its content at ``at``
        self._blobs: dict[str, bytes] = {}  # prefetched contents
        self._parsed: Recent[tuple[str, str], Record | None] = Recent(PARSED_LIMIT)
        self._states: Recent[tuple, State] = Recent(FOLDER_LIMIT)
        self._folders: Recent[tuple[str, str], list[Record]] = Recent(FOLDER_LIMIT)

    def data(self, sha: str) -> bytes | None:
        if sha in self._blobs:
            return self._blobs.pop(sha)
        found = self.get(sha)
        return found[2] if found else None

    def parse(self, sha: str, path: str) -> Record | None:
        """The record in blob ``sha`` (stored at ``path``), or None if it does not parse."""
        key = (sha, path)
        if key in self._parsed:
            return self._parsed.get(key)
        data = self.data(sha)
        try:
            record = parse_path(path, data) if data is not None else None
        except CouncilError:
            record = None
        self._parsed[key] = record
        if record is not None and data is not None:
            self.parsed(sha, path, data, record)
        return record

    def parsed(self, sha: str, path: str, data: bytes, record: Record) -> None:
        """Called once a blob is parsed (not on a cache hit), while its bytes are at hand."""

    # --- records at a commit -----------------------------------------------------------

    def blob_at(self, commit: str, path: str) -> str | None:
        if commit == self.at:
            return self._standing(path)
        if self.current is not None and commit == self.current.sha:
            return self.overlay[path] if path in self.overlay else self._standing(path)
        found = self.get(f"{commit}:{path}")
        return found[0] if found else None

    def _standing(self, path: str) -> str | None:
        """The blob at ``path`` in the tree of ``at``, asked of git once if the tree is not all loaded."""
        if self.complete or path in self.tree:
            return self.tree.get(path)
        found = self.get(f"{self.at}:{path}") if self.at else None
        blob = found[0] if found and found[1] == "blob" else None
        if found and blob:
            self._blobs[blob] = found[2]  # read anyway: parsed from here
        self.tree[path] = blob
        return blob

    def record_at(self, commit: str, record_id: str) -> Record | None:
        try:
            path = record_path(record_id)
        except CouncilError:
            return None
        blob = self.blob_at(commit, path)
        return self.parse(blob, path) if blob else None

    def folder(self, commit: str, folder: str) -> list[Record]:
        """Every record under ``folder`` at ``commit``, parsed once per version of the folder."""
        if commit == self.at and self.complete:
            key = (f"v{self._versions.get(folder, 0)}", folder)
            kept = self._folders.get(key)
            if kept is None:
                prefix = folder + "/"
                found = [self.parse(b, p) for p, b in self.tree.items() if b and p.startswith(prefix)]
                kept = self._folders[key] = [r for r in found if r is not None]
            return kept
        return self._folder_from_git(commit, folder)

    def _folder_from_git(self, commit: str, folder: str) -> list[Record]:
        found = self.get(f"{commit}:{folder}")
        if found is None or found[1] != "tree":
            return []
        key = (found[0], folder)
        kept = self._folders.get(key)
        if kept is None:
            out: list[Record] = []
            for name, (mode, sha) in parse_tree(found[2]).items():
                path = f"{folder}/{name}"
                if mode == TREE_MODE:
                    out += self._folder_from_git(commit, path)
                elif kind_of_path(path):
                    record = self.parse(sha, path)
                    if record is not None:
                        out.append(record)
            kept = self._folders[key] = out
        return kept

    def state(self, commit: str) -> State:
        """Charter, members and parties at ``commit`` (rebuilt only when they changed)."""
        key: tuple = ()
        if commit == self.at:
            key = tuple(self._versions.get(f, 0) for f in ("charter", "members", "partnership.md"))
            kept = self._states.get(key)
            if kept is not None:
                return kept
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
        commits = gitcommits.log(self.root, "--reverse", "--topo-order", f"{base}..{tip}" if base else tip, "--")
        try:
            yield from commits
        except GitError:
            return  # as git lists nothing: the walk checks nothing it cannot read (fsck reports the damage)
        finally:
            commits.close()

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

    def load(self, commit: str | None, lazy: bool = False) -> None:
        """Stand on ``commit`` (None: before the first commit), reading its whole tree, or
        (``lazy``) each path when it is first asked for."""
        self.tree = {}
        self.complete = not (lazy and commit)
        if commit and self.complete:
            self.tree = {path: blob for path, blob in ls_tree(self.root, commit) if kind_of_path(path)}
        tops = {_top(p) for p in self.tree} | {"charter", "members", "partnership.md"}
        self._versions = {top: next(_versions) for top in tops}
        self.at = commit

    def prefetch(self, commits: list[Commit]) -> None:
        """Read every record blob these commits write, in one streamed ``git cat-file --batch``."""
        self._blobs.clear()  # whatever the last stretch did not use
        shas = sorted({ch.new for c in commits for ch in c.changes
                       if ch.new and kind_of_path(ch.path) and (ch.new, ch.path) not in self._parsed})
        if not shas:
            return
        for sha, found in zip(shas, read_objects(self.root, shas)):
            if found is not None:
                self._blobs[sha] = found[2]
