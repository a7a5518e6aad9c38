"""The store: a git repository of record files plus its SQLite index, and the
one write path every change takes (:meth:`Store.write`).

    validate -> serialise changed records -> (lock) commit objects + CAS the
    branch -> update the work tree -> update the index with indexed_commit

Reads of single records and lists go through :class:`Store` (``get``,
``list``); the screens' paged and filtered reads are the index's queries
(:mod:`store.queries`), and reads as of a past revision are git's
(:mod:`store.history`).  Screens and the CLI reach all of them through the
front door, :mod:`store.api`; docs/architecture.md draws the rooms.
"""

from __future__ import annotations

import builtins
import datetime as dt
import errno
import fcntl
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from council import settings
from council.charter import Charter, charter_from_clauses
from council.checks import Approval, Context, check_change
from council.errors import Conflict, RecordError, StoreBusy, StoreError
from council.fileformat import parse_path, serialise
from council.records import KINDS, PLURALS, Clause, Member, Partnership, Record, kind_of_path, path_for
from store import allocate, faults, guards, index, ingest, sync_replay, sync_state
from store.change import Change, Committed
from store.git import objects as gitobjects
from store.git import process as gitprocess
from store.git import refs, revs, trees
from store.git.commits import Identity

log = logging.getLogger("council.store")
# A write whose branch was moved by someone else (a plain git commit, a pull)
# between validation and the commit point is validated again on the new HEAD
# and retried, as long as the other commits touched none of its files.
CONFLICT_RETRIES = 3
_READ_ONLY_ERRNOS = (errno.EACCES, errno.EPERM, errno.EROFS)


@dataclass(frozen=True)
class Problem:
    """Something in the store the app must warn about (see :meth:`Store.problems`)."""

    kind: str  # "hand-edit", "unparsable", "outside-commit", "charter", "read-only"
    path: str  # the file concerned, or "" for the store as a whole
    message: str
    commit: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class Store:
    """A council store: a git repository of record files plus its SQLite index."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.git_dir = self.root / ".git"
        self.meta_dir = self.root / ".council"
        self.objects = gitobjects.ObjectStore(self.git_dir, faults.point)
        self._engine: index.Engine | None = None
        self._cache: dict[str, tuple[str, Record]] = {}  # id -> (blob, record)
        # kind -> (indexed commit, records): the members and clauses every write's
        # validation reads, kept while the index stays at that commit.
        self._lists: dict[str, tuple[str, list[Record]]] = {}
        self.recovery_notes: list[str] = []
        self.read_only = False
        self._private_index: Path | None = None  # a read-only store's index, in a temp dir
        self._lock_depth = 0  # > 0 while this object holds the writer lock (see lock())
        self._lock_owner: int | None = None  # the thread holding it
        # The lock's clock, injectable so that tests assert how long a writer
        # waited without measuring the machine's wall time.
        self.clock: Callable[[], float] = time.monotonic
        self.sleep: Callable[[float], None] = time.sleep
        # True while `council sync` replays commits through write(): the
        # recovery every write runs first must not undo that replay.
        self.sync_in_progress = False

    # --- opening --------------------------------------------------------

    @classmethod
    def open(cls, root: Path | str, recover: bool = True) -> "Store":
        """Open a store, recovering from an interrupted write and catching the index up."""
        root = Path(root)
        if not (root / ".git").is_dir():
            raise StoreError(f"{root} is not a council store (no git repository there); "
                             "create one with `council init DIR --name NAME --party ID=Legal Name ...`")
        store = cls(root)
        head = refs.read_head(store.git_dir)
        if head is None:
            raise StoreError(f"{root} is a git repository with no commits: not a council store yet")
        if trees.blob_at(store.objects, store.tree_of(head), "partnership.md") is None:
            raise StoreError(f"{root} is a git repository but not a council store: its last commit has "
                             "no partnership.md")
        if recover:
            store.recover()
        return store

    @classmethod
    def create(cls, root: Path | str) -> "Store":
        root = Path(root)
        if root.exists() and any(root.iterdir()):
            raise StoreError(f"{root} exists and is not empty; choose a new directory")
        gitprocess.init_repo(root)
        (root / ".gitignore").write_text(".council/\n")
        store = cls(root)
        store.meta_dir.mkdir(exist_ok=True)
        return store

    @property
    def engine(self) -> index.Engine:
        if self._engine is None:
            if self.read_only:
                if self._private_index is None:
                    import tempfile

                    self._private_index = Path(tempfile.mkdtemp(prefix="council-ro-"))
                path = index.private_copy(self.meta_dir / "index.sqlite", self._private_index)
            else:
                self.meta_dir.mkdir(exist_ok=True)
                path = self.meta_dir / "index.sqlite"
            self._engine = self._open_index(path)
        return self._engine

    def _open_index(self, path: Path) -> index.Engine:
        """The index's engine; an unreadable index file is set aside and rebuilt from git."""
        try:
            return index.open_index(path)
        except index.IndexUnreadable as exc:  # not a database, or malformed: it is only derived data
            reason = exc.reason
        aside = path.with_name(path.name + ".unreadable")
        os.replace(path, aside)
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        note = f"the index was unreadable ({reason}): set aside as {aside.name} and rebuilt from git"
        log.warning(note)
        self.recovery_notes.append(note)
        return index.open_index(path)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        if self._private_index is not None:
            import shutil

            shutil.rmtree(self._private_index, ignore_errors=True)
            self._private_index = None

    @property
    def head(self) -> str | None:
        return refs.read_head(self.git_dir)

    @property
    def version(self) -> str | None:
        """The commit the records read from this store reflect (the index's commit).

        Read it *before* reading the records a change is built from, and pass
        it as ``Change.base``: a write then refuses (Conflict) to overwrite a
        record someone else changed in between, instead of losing their change.
        """
        return index.indexed_commit(self.engine)

    def recover(self) -> list[str]:
        """Finish or discard an interrupted write, then bring the index to HEAD.

        Everything it does is logged (logger ``council.store``) and kept in
        :attr:`recovery_notes`.  A store that cannot be written (permissions,
        a read-only mount) is read as git holds it, through a private index.
        """
        self.recovery_notes = []
        try:
            with self.lock():
                faults.point("recover.locked")
                notes = self._recover_locked()
        except StoreBusy:
            # A live writer holds the lock; it recovers before it writes, so
            # reading need not wait for it (the index may trail by a write).
            notes = ["the store is busy: opened without recovery (the writer holding it recovers first)"]
        except StoreError:
            if not self.read_only:
                raise
            notes = [f"the store at {self.root} is read-only: opened for reading only"]
            if (self.meta_dir / sync_state.JOURNAL).exists():
                notes.append("an interrupted write could not be finished (read-only); reading what git holds")
            notes += self._catch_up_index()
        for note in notes:
            log.warning(note)
        self.recovery_notes.extend(notes)
        return self.recovery_notes

    def _recover_locked(self) -> list[str]:
        """Recovery proper; the caller holds the writer lock."""
        notes = sync_state.finish_interrupted(self)
        notes += sync_replay.recover(self)  # a sync that died mid-replay is undone before anything else
        notes += self._catch_up_index()
        return notes

    def _catch_up_index(self) -> list[str]:
        head = self.head
        done = index.indexed_commit(self.engine)
        if head == done or head is None:
            return []
        self._cache.clear()
        if done is None or not revs.is_ancestor(self.root, done, head):
            ingest.full(self, head)
            return [f"index rebuilt from git at {head[:10]}"]
        ingest.incremental(self, done, head)
        return [f"index caught up from {done[:10]} to {head[:10]}"]

    def reindex(self) -> int:
        """Rebuild the index from scratch; return how many records it holds."""
        if self.read_only:
            raise self._read_only_error("rebuild its index")
        with self.lock():
            ingest.full(self, self.head)
            index.clear_commit_problems(self.engine)
        self._cache.clear()
        return index.record_count(self.engine)  # a count, not every row read

    def record_count(self) -> int:
        """How many records the store holds (at the indexed commit)."""
        return index.record_count(self.engine)

    def write_commit_graph(self) -> None:
        """Let git answer 'which commits touched this record' from Bloom filters.

        Without git's commit-graph, a record's history walks every commit
        (seconds in a 100,000-commit store); with it, a fraction of a second.
        A failure only costs speed, so it is logged, not raised.
        """
        try:
            gitprocess.git(self.root, "commit-graph", "write", "--reachable", "--changed-paths", "--split")
        except StoreError as exc:
            log.warning("commit-graph not written: %s", exc)

    # --- locking ----------------------------------------------------------

    @contextmanager
    def lock(self, wait: float | None = None) -> Iterator[None]:
        """The store's writer lock; released by the OS if the process dies.

        Re-entrant for the thread holding it through this object: `council
        sync` holds it while it replays commits through :meth:`write` (flock
        locks belong to an open file, so taking it again would wait on
        ourselves).  Other threads still wait for it.
        """
        if self._lock_depth and self._lock_owner == threading.get_ident():
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        wait = settings.current().lock_wait if wait is None else wait  # COUNCIL_LOCK_WAIT
        guards.refuse_symlinked_meta(self.root)  # the lock, index and journal live there
        try:
            self.meta_dir.mkdir(exist_ok=True)
            fh = open(self.meta_dir / "write.lock", "a+")
        except OSError as exc:
            if exc.errno in _READ_ONLY_ERRNOS:
                self.read_only = True
                raise self._read_only_error("take its writer lock", exc) from None
            raise StoreError(f"cannot open the writer lock of {self.root}: {exc.strerror or exc}; "
                             "nothing was written") from None
        with fh:
            started = self.clock()
            while True:
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    waited = self.clock() - started
                    if waited >= wait:
                        raise StoreBusy(waited) from None
                    self.sleep(min(0.02, wait - waited))
            self._lock_depth, self._lock_owner = 1, threading.get_ident()
            try:
                yield
            finally:
                self._lock_depth, self._lock_owner = 0, None
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def holds_lock(self) -> bool:
        """True while this thread holds the writer lock through this object."""
        return bool(self._lock_depth) and self._lock_owner == threading.get_ident()

    @contextmanager
    def allocating(self) -> Iterator[None]:
        """Hold the writer lock with the index at HEAD, to take a next free ID and
        create the record in one step (see :mod:`store.allocate`)."""
        if self.read_only:
            raise self._read_only_error("record a new entry")
        with self.lock():
            guards.refuse_unsafe_checkout(self.root)
            for note in self._recover_locked():
                log.warning(note)
                self.recovery_notes.append(note)
            yield

    def _read_only_error(self, doing: str, exc: OSError | None = None) -> StoreError:
        why = f" ({exc.strerror})" if exc is not None and exc.strerror else ""
        return StoreError(f"the store at {self.root} is read-only{why}: cannot {doing}; "
                          "nothing was written (ask for write access, or work on a copy)")

    # --- reading ----------------------------------------------------------

    def get(self, record_id: str) -> Record | None:
        """The record with this ID at :attr:`version`, or None."""
        row = self.stored(record_id)
        if row is None:
            return None
        cached = self._cache.get(record_id)
        if cached and cached[0] == row.blob:
            return cached[1]
        record = parse_path(row.path, row.text.encode("utf-8"))
        self._cache[record_id] = (row.blob, record)
        return record

    def stored(self, record_id: str) -> index.StoredFile | None:
        """A record's file as the store holds it at :attr:`version`: its path, git blob and text.

        For what needs the bytes rather than the record (a signature over a
        blob, a hand-edit check); None if the store holds no such record.
        """
        return index.stored(self.engine, record_id)

    def require(self, record_id: str) -> Record:
        record = self.get(record_id)
        if record is None:
            # A record whose file was committed by hand and does not parse is
            # left out of the index: say why, naming the file and the field.
            sync_state.raise_if_unparsable(self, record_id)
            raise RecordError(record_id, "id", "the ID of a record in this store", record_id)
        return record

    def problems(self) -> list[Problem]:
        """What the app must warn about, never raising for what it reports.

        Record files edited by hand and not committed; record files at HEAD
        that do not parse (committed with plain git: left out of the index);
        commits not made through the write path that break its rules (not
        treated as approved); a charter whose settings cannot be read; a
        read-only store.
        """
        return [Problem(*p) for p in sync_state.problems(self)]

    def hand_edit_diff(self, path: str) -> str:
        """What a hand edit changed: ``git diff`` of one file against HEAD."""
        return sync_state.hand_edit_diff(self, path)

    def list(self, kind: str) -> list[Record]:
        kind = PLURALS.get(kind, kind)
        if kind not in KINDS:
            raise RecordError("list", "kind", "one of " + ", ".join(sorted(set(PLURALS))), kind)
        if kind not in LISTS_KEPT:
            return self._list(kind)
        version = index.indexed_commit(self.engine)  # read before the rows: they are at least this new
        kept = self._lists.get(kind)
        if kept is not None and version is not None and kept[0] == version:
            return list(kept[1])
        out = self._list(kind)
        if version is not None:
            self._lists[kind] = (version, out)
        return list(out)

    def _keep_lists(self, records: builtins.list[Record], files: dict[str, bytes | None], parent: str | None,
                    commit: str) -> None:
        """After this object's own write moved the index from ``parent`` to ``commit``:
        patch the kept lists instead of reading them again."""
        for kind, (version, kept) in list(self._lists.items()):
            if version != parent:
                del self._lists[kind]
                continue
            changed = [p for p in files if kind_for(p) == kind]
            if not changed:
                self._lists[kind] = (commit, kept)
                continue
            gone = set(changed)
            out = [r for r in kept if path_for(r) not in gone]
            out += [r for r in records if r.KIND == kind and files.get(path_for(r)) is not None]
            out.sort(key=lambda r: r.id)
            if kind == "clause":
                out.sort(key=lambda c: tuple(int(p) for p in c.id.split(".")))
            self._lists[kind] = (commit, out)

    def _list(self, kind: str) -> builtins.list[Record]:
        out = []
        for row in index.rows(self.engine, kind):
            cached = self._cache.get(row.id)
            if cached and cached[0] == row.blob:
                out.append(cached[1])
                continue
            record = parse_path(row.path, row.text.encode("utf-8"))
            self._cache[row.id] = (row.blob, record)
            out.append(record)
        if kind == "clause":
            out.sort(key=lambda c: tuple(int(p) for p in c.id.split(".")))
        return out

    def clauses(self) -> builtins.list[Clause]:
        return [c for c in self.list("clause") if isinstance(c, Clause)]

    def members(self) -> builtins.list[Member]:
        return [m for m in self.list("member") if isinstance(m, Member)]

    def partnership(self) -> Partnership | None:
        record = self.get("partnership")
        return record if isinstance(record, Partnership) else None

    def charter(self) -> Charter:
        return charter_from_clauses(self.clauses())

    def context(self, today: dt.date | None = None) -> Context:
        """What the rules see of the store before a change recorded on ``today``."""
        return Context(self.get, self.clauses(), self.members(), self.partnership(), today, self._decided_at)

    def _decided_at(self, meeting_id: str, day: dt.date) -> builtins.list[str]:
        from council.checks import FINAL_OUTCOMES
        from store import queries  # the index's read side; imported when a held meeting changes

        return [r.id for r in queries.decisions_at_meeting(self, meeting_id, day) if r.status in FINAL_OUTCOMES]

    # --- identity -----------------------------------------------------------

    def operator(self) -> Identity:
        """Who is writing: GIT_AUTHOR_* if set (tests, scripts), else the configured member."""
        author = settings.current().author
        if author is not None:
            return Identity(*author)
        member_id = self.operator_id()
        if member_id:
            member = self.get(member_id)
            if isinstance(member, Member):
                return Identity(member.name, member.email or f"{member.id}@council.invalid")
        raise StoreError("no operator is configured for this store: run `council operator MEMBER-ID` "
                         "to say which member you are (see `council list members`)")

    def operator_id(self) -> str | None:
        path = self.meta_dir / "operator"
        return path.read_text().strip() or None if path.exists() else None

    def set_operator(self, member_id: str) -> Member:
        member = self.get(member_id)
        if not isinstance(member, Member):
            raise RecordError(member_id, "id", "the ID of a member of this council", member_id)
        if self.read_only:
            raise self._read_only_error("remember its operator")
        try:
            self.meta_dir.mkdir(exist_ok=True)
            sync_state.write_atomic(self.meta_dir / "operator", (member_id + "\n").encode())
        except OSError as exc:  # write_atomic raises StoreError; mkdir may not
            raise StoreError(f"cannot write {self.meta_dir / 'operator'}: {exc.strerror or exc}") from None
        return member

    # --- writing ----------------------------------------------------------

    def write(self, change: Change, author: Identity | None = None) -> Committed:
        """The single write path.  Nothing is written unless every check passes.

        ``author`` defaults to the operator; when given (the sample replay) it
        is also the committer, so that replays give the same commits.  Under
        the lock it first recovers from any interrupted write (another
        process may have crashed while this one had the store open).  If the
        branch moves under it (a plain git commit, a pull), the change is
        validated again on the new HEAD and retried, unless the other commits
        touched the same files: then :class:`Conflict` says so.
        """
        committer = author or _committer(self.operator())
        author = author or self.operator()
        if self.read_only:
            raise self._read_only_error("record this change")
        with self.lock():
            faults.point("write.locked")
            guards.refuse_unsafe_checkout(self.root)
            for note in self._recover_locked():
                log.warning(note)
                self.recovery_notes.append(note)
            for attempt in range(CONFLICT_RETRIES + 1):
                parent = self.head
                files, records, message = self._prepare(change, author)
                if change.base and change.base != parent:
                    self._refuse_overlap(change.base, parent, files)
                allocate.refuse_taken(self, change, parent)
                guards.refuse_symlinks(self.root, files)
                try:
                    return self._commit(files, records, message, (author, committer), change.when)
                except Conflict:
                    if attempt == CONFLICT_RETRIES:
                        raise
                    self._before_retry(parent, files, attempt)
        raise AssertionError("unreachable")

    def _prepare(self, change: Change, author: Identity) -> tuple[dict[str, bytes | None], builtins.list[Record], str]:
        """Validate against HEAD and serialise: the files to commit, the records, the message."""
        try:
            today = (change.when or dt.datetime.now().astimezone()).date()
            records, approval = check_change(self.context(today), change.records, change.deletes,
                                             change.kind, change.decision)
        except RecordError as exc:
            raise _naming_the_file(exc, change) from None
        files: dict[str, bytes | None] = {path_for(r): serialise(r).encode("utf-8") for r in records}
        for record_id in change.deletes:
            self.require(record_id)
            files[self._path_of(record_id)] = None
        sync_state.refuse_hand_edits(self, list(files))
        files = self._only_changed(files)
        if not files and not change.allow_empty:
            raise RecordError(change.summary, "records", "a change to at least one record (nothing differs)")
        return files, records, commit_message(change, approval, author)

    def _before_retry(self, parent: str | None, files: dict[str, bytes | None], attempt: int) -> None:
        """After a Conflict: retry only if the commits that got in first touched none of our files."""
        time.sleep(0.02 * (attempt + 1))  # a git process may still hold the branch's lock
        for note in self._recover_locked():  # the index follows the new HEAD, whatever happens next
            log.warning(note)
        head = self.head
        self._refuse_overlap(parent, head, files)
        log.warning("the branch moved during a write (now %s); validating again on the new HEAD",
                    str(head)[:10])

    def _refuse_overlap(self, base: str | None, head: str | None, files: dict[str, bytes | None]) -> None:
        """Raise Conflict if commits from ``base`` to ``head`` changed any of ``files``."""
        if base is None or head is None or base == head:
            return
        try:
            changed = {ch.path for ch in trees.diff_tree(self.root, base, head)}
        except StoreError:
            raise Conflict(f"this change was prepared at {base[:10]}, which is not in the store's "
                           "history; nothing was written: reload and try again") from None
        both = sorted(changed & set(files))
        if both:
            raise Conflict(f"{both[0]} was changed by someone else (now at commit {head[:10]}) since this "
                           "change was prepared; nothing was written: reload it and try again")

    def _path_of(self, record_id: str) -> str:
        row = self.stored(record_id)
        assert row is not None
        return row.path

    def _only_changed(self, files: dict[str, bytes | None]) -> dict[str, bytes | None]:
        """Drop files whose content is what HEAD already holds (no empty diffs)."""
        current = {r.path: r.text.encode("utf-8") for r in
                   (self.stored(_id_of(p)) for p in files) if r is not None}
        return {p: c for p, c in files.items() if current.get(p) != c}

    def _commit(self, files: dict[str, bytes | None], records: builtins.list[Record], message: str,
                who: tuple[Identity, Identity], when: dt.datetime | None) -> Committed:
        parent = self.head
        base_tree = self.tree_of(parent) if parent else None
        if parent is None:
            files = {".gitignore": b".council/\n", **files}
        tree = trees.build_tree(self.objects, base_tree, files)
        when = when or dt.datetime.now().astimezone()
        from store.signing import commit_bytes  # signs amend commits when the charter requires it

        raw, message = commit_bytes(self, tree, parent, who, when, message, files)
        commit = self.objects.write("commit", raw)
        faults.point("commit.objects")
        sync_state.begin(self, commit, parent, list(files))
        try:
            refs.move_branch(self.root, commit, parent, message, point=faults.point)  # the commit point
        except StoreError:
            sync_state.end(self)  # the branch did not move: nothing was committed
            raise
        warnings = self._finish(files, records, commit, parent)
        return Committed(commit, message, tuple(files), warnings)

    def _finish(self, files: dict[str, bytes | None], records: builtins.list[Record], commit: str,
                parent: str | None = None) -> tuple[str, ...]:
        """Past the commit point: bring the work tree and the index to the new commit.

        The change is committed whatever happens here.  If a step fails (a
        full disk), the journal stays, the next open or write finishes the
        work tree and catches the index up, and the caller gets a warning.
        """
        warnings = []
        try:
            sync_state.update_worktree(self, files)
            sync_state.end(self)
        except (StoreError, OSError) as exc:
            warnings.append(f"the change is committed ({commit[:10]}) but the store's files could not be "
                            f"updated: {exc}; Council finishes this when the store is next opened")
        try:
            self._index_change(records, files, commit)
            faults.point("index.committed")
            self._keep_lists(records, files, parent, commit)
        except (StoreError, index.IndexFailure, OSError) as exc:
            self._cache.clear()
            self._lists.clear()
            warnings.append(f"the change is committed ({commit[:10]}) but the index could not be updated: "
                            f"{exc}; Council catches it up when the store is next opened")
        for warning in warnings:
            log.warning(warning)
        return tuple(warnings)

    def tree_of(self, commit: str) -> str:
        """The tree of ``commit`` (read in process: no git child)."""
        return self.objects.tree_of(commit)

    def _index_change(self, records: builtins.list[Record], files: dict[str, bytes | None], commit: str) -> None:
        by_path = {path_for(r): r for r in records}
        upserts, bodies = [], {}
        for path, content in files.items():
            if content is None or path not in by_path:
                continue
            record = by_path[path]
            blob = gitobjects.blob_sha(content)
            upserts.append(index.row_for(record, path, blob, content.decode("utf-8")))
            bodies[record.id] = record.body_text
            self._cache[record.id] = (blob, record)
        deleted = [p for p, c in files.items() if c is None]
        index.apply(self.engine, upserts, deleted, commit, bodies)


def _naming_the_file(exc: RecordError, change: Change) -> RecordError:
    """The same error, naming the file of the record it is about (``exc.path``)."""
    record = next((r for r in change.records if r.id == exc.record), None)
    if record is None:
        return exc
    path = path_for(record)
    named = RecordError(f"{exc.record} ({path})", exc.field, exc.expected, exc.got)
    named.record, named.path = exc.record, path
    return named


def _id_of(path: str) -> str:
    return "partnership" if path == "partnership.md" else path.rsplit("/", 1)[-1][:-3]


def _committer(author: Identity) -> Identity:
    committer = settings.current().committer
    return Identity(*committer) if committer is not None else author


def commit_message(change: Change, approval: Approval | None, author: Identity) -> str:
    """``amend:`` or ``record:`` subject, optional body, then git trailers."""
    summary = " ".join(change.summary.split())
    if not summary:
        raise RecordError("change", "summary", "a one-line summary of the change")
    lines = [f"{change.kind}: {summary}", ""]
    if change.body.strip():
        lines += [change.body.strip(), ""]
    if approval is not None:
        d = approval.decision
        lines += [f"Decision: {d.id}", f"Meeting: {d.meeting}", f"Quorum: {approval.quorum}",
                  f"Vote: {approval.vote}"]
        lines += [f"Approved-by: {m.identity}" for m in approval.approvers]
    elif change.kind == "amend":
        lines += ["Founding: adopted by the parties on signature of the partnership agreement"]
    lines.append(f"Recorded-by: {author}")
    return "\n".join(lines) + "\n"


def record_counts(store: Store) -> dict[str, int]:
    """kind -> how many records of it the store holds (at the indexed commit)."""
    return index.counts_by_kind(store.engine)


def to_json(record: Record) -> dict:
    """A record as JSON-ready data (dates as ISO strings), body included."""
    data = record.to_dict()
    data["kind"] = record.KIND
    data["body"] = record.body_text
    return json.loads(json.dumps(data, default=str))


LISTS_KEPT = ("clause", "member")


def kind_for(path: str) -> str | None:
    return kind_of_path(path)
