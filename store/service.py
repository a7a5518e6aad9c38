"""The store: a git repository of record files plus its SQLite index, read
through :class:`Store` and written through its one write, :meth:`Store.write`.

Store is the way to read the record: a record by ID (``get``, ``require``),
all of a kind (``list``), the charter and members, what the app must warn
about (``problems``) and the commit the reads reflect (``version``).  Writing
is the write path's (:mod:`store.write`: ``Store.write`` runs
:func:`store.write.steps.write`); recovery on open is :mod:`store.recovery`;
parsed records kept between reads are :mod:`store.kept`.  Screens and the CLI
reach it through the front door, :mod:`store.api`; docs/architecture.md draws
the rooms.
"""

from __future__ import annotations

import builtins
import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from council import records as kinds  # each kind's module loads on first use: `council list` reads rows
from council.errors import RecordError, StoreError
from council.records import KINDS, PLURALS, Record
from store import faults, index, operator, recovery
from store.git import objects as gitobjects
from store.git import process as gitprocess
from store.git import refs, trees
from store.index.heldrows import PAGE
from store.kept import Kept
from store.write import guards, handedits
from store.write import lock as writer_lock

if TYPE_CHECKING:  # imported where used: `council show` and `list` need neither the rules, the write
    # nor the screens' queries (issue 18)
    from council.charter import Charter
    from council.checks import Context
    from council.records import Clause, Member, Partnership
    from store.git.commits import Identity
    from store.history import AsOf
    from store.index.queries import DecisionFilter, Page, Row
    from store.logentry import Entry
    from store.write.change import Change, Committed

log = logging.getLogger("council.store")


class Store:
    """A council store: a git repository of record files plus its SQLite index."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.git_dir = self.root / ".git"
        self.meta_dir = self.root / ".council"
        self.objects = gitobjects.ObjectStore(self.git_dir, faults.point)
        self._engine: index.Engine | None = None
        self._plain: index.PlainIndex | Literal[False] | None = None  # the index through sqlite3 alone: plain()
        self.kept = Kept()  # parsed records and the validation's lists, kept between reads
        self.recovery_notes: list[str] = []
        self.read_only = False
        self._private_index: Path | None = None  # a read-only store's index, in a temp dir
        self._holder = writer_lock.Holder()  # which thread holds the writer lock through this object
        # The lock's clock, injectable so that tests assert how long a writer
        # waited without measuring the machine's wall time.
        self.clock: Callable[[], float] = time.monotonic
        self.sleep: Callable[[float], None] = time.sleep
        # True while `council sync` replays commits through write(): the
        # recovery every write runs first must not undo that replay.
        self.sync_in_progress = False
        # A dry run (`--dry-run`): write() runs every check, then raises DryRun
        # with the commit it would make instead of making it.
        self.dry_run = False
        # Asks for the operator's key's passphrase when COUNCIL_KEY_PASSPHRASE is unset: the CLI
        # sets it at a terminal; the TUI never (Textual owns the terminal; it says to set the variable).
        self.ask_passphrase: Callable[[Path], str] | None = None

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
        if not store._indexed_at(head) and trees.blob_at(store.objects, store.tree_of(head),
                                                          "partnership.md") is None:
            raise StoreError(f"{root} is a git repository but not a council store: its last commit has "
                             "no partnership.md")
        if recover:
            store.recover()
        return store

    def _indexed_at(self, head: str) -> bool:
        """A current index built at ``head`` holds partnership.md: HEAD has it, no gitdb needed to see it."""
        plain = self.plain()
        found = plain.stored("partnership") if plain and plain.indexed_commit() == head else None
        return found is not None and found.path == "partnership.md"

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
                    self._private_index = index.private_folder(self)
                path = index.private_copy(self.meta_dir / "index.sqlite", self._private_index)
            else:
                self.meta_dir.mkdir(exist_ok=True)
                path = self.meta_dir / "index.sqlite"
            self._engine, note = index.open_or_set_aside(path)  # an unreadable file: set aside, rebuilt
            if note:
                log.warning(note)
                self.recovery_notes.append(note)
        return self._engine

    def plain(self) -> index.PlainIndex | None:
        """The plain reader of a current index, while the engine is not open (then None)."""
        if self._engine is not None or self.read_only:
            return None
        if self._plain is None:  # False once tried: the index was not current (None while there is no file)
            self._plain = index.open_current(self.meta_dir / "index.sqlite") or (None if self.no_index_yet() else False)
        return self._plain or None

    def close(self) -> None:
        if self._plain:
            self._plain.close()
        self._plain = None
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
        if plain := self.plain():
            return plain.indexed_commit()
        return None if self.no_index_yet() else index.indexed_commit(self.engine)

    def no_index_yet(self) -> bool:
        """No index file and no engine: a rebuild makes the file with sqlite3 alone (store.ingest)."""
        return self._engine is None and not self.read_only and not (self.meta_dir / "index.sqlite").exists()

    def recover(self) -> list[str]:
        """Finish or discard an interrupted write, then bring the index to HEAD (:mod:`store.recovery`).

        Everything it does is logged (logger ``council.store``) and kept in
        :attr:`recovery_notes`.  A store that cannot be written (permissions,
        a read-only mount) is read as git holds it, through a private index.
        """
        self.recovery_notes = []
        self.recovery_notes.extend(recovery.recover(self))
        return self.recovery_notes

    def recover_locked(self) -> list[str]:
        """Recovery proper, for a caller that holds the writer lock (every write)."""
        return recovery.recover_locked(self)

    def reindex(self) -> int:
        """Rebuild the index from scratch; return how many records it holds."""
        if self.read_only:
            raise self.read_only_error("rebuild its index")
        from store import ingest  # parsing every file: not on a read of a current index

        with self.lock():
            ingest.full(self, self.head)
            index.clear_commit_problems(self.engine)
        self.kept.records.clear()
        return index.record_count(self.engine)  # a count, not every row read

    def record_count(self) -> int:
        """How many records the store holds (at the indexed commit)."""
        return sum(record_counts(self).values())  # through sqlite3 alone while the index is current

    def write_commit_graph(self) -> None:
        """Let git answer 'which commits touched this record' from Bloom filters (a failure,
        which only costs speed, is logged: store.git.process.write_commit_graph)."""
        if failed := gitprocess.write_commit_graph(self.root):
            log.warning("commit-graph not written: %s", failed)

    # --- locking ----------------------------------------------------------

    def lock(self, wait: float | None = None) -> AbstractContextManager[None]:
        """The store's writer lock (:mod:`store.write.lock`); released by the OS if the process dies.

        Re-entrant for the thread holding it through this object; other
        threads still wait for it.
        """
        return writer_lock.hold(self, self._holder, wait)

    def holds_lock(self) -> bool:
        """True while this thread holds the writer lock through this object."""
        return self._holder.held_here()

    @contextmanager
    def allocating(self) -> Iterator[None]:
        """Hold the writer lock with the index at HEAD, to take a next free ID and
        create the record in one step (see :mod:`store.write.allocate`)."""
        if self.read_only:
            raise self.read_only_error("record a new entry")
        with self.lock():
            guards.refuse_unsafe_checkout(self.root)
            for note in self.recover_locked():
                log.warning(note)
                self.recovery_notes.append(note)
            yield

    def read_only_error(self, doing: str, exc: OSError | None = None) -> StoreError:
        why = f" ({exc.strerror})" if exc is not None and exc.strerror else ""
        return StoreError(f"the store at {self.root} is read-only{why}: cannot {doing}; "
                          "nothing was written (ask for write access, or work on a copy)")

    # --- reading ----------------------------------------------------------

    def get(self, record_id: str) -> Record | None:
        """The record with this ID at :attr:`version`, or None."""
        row = self.stored(record_id)
        if row is None:
            return None
        return self.kept.parsed(record_id, row.path, row.blob, row.text)

    def stored(self, record_id: str) -> index.StoredFile | None:
        """A record's file as the store holds it at :attr:`version`: its path, git blob and text.

        For what needs the bytes rather than the record (a signature over a
        blob, a hand-edit check); None if the store holds no such record.
        """
        return plain.stored(record_id) if (plain := self.plain()) else index.stored(self.engine, record_id)

    def require(self, record_id: str) -> Record:
        record = self.get(record_id)
        if record is None:
            # A record whose file was committed by hand and does not parse is
            # left out of the index: say why, naming the file and the field.
            handedits.raise_if_unparsable(self, record_id)
            raise RecordError(record_id, "id", "the ID of a record in this store" + self.case_hint(record_id),
                              record_id)
        return record

    def case_hint(self, record_id: str) -> str:
        """IDs are case-sensitive (DEC-2026-014, ada): name the one the user meant, if any."""
        meant = next((c for c in (record_id.upper(), record_id.lower()) if c != record_id and self.stored(c)), None)
        return f" (IDs are case-sensitive: did you mean {meant}?)" if meant else ""

    def problems(self) -> list[handedits.Problem]:
        """What the app must warn about, never raising for what it reports.

        Record files edited by hand and not committed; record files at HEAD
        that do not parse (committed with plain git: left out of the index);
        commits not made through the write path that break its rules (not
        treated as approved); a charter whose settings cannot be read; a
        read-only store.
        """
        return handedits.problems(self)

    def hand_edit_diff(self, path: str) -> str:
        """What a hand edit changed: ``git diff`` of one file against HEAD."""
        return handedits.hand_edit_diff(self, path)

    def list(self, kind: str, offset: int = 0, limit: int | None = None) -> list[Record]:
        """A kind's records at :attr:`version` by ID (clauses in order); ``limit`` of them from ``offset``."""
        kind = PLURALS.get(kind, kind)
        if kind not in KINDS:
            raise RecordError("list", "kind", "one of " + ", ".join(sorted(set(PLURALS))), kind)
        return self.kept.of_kind(self.plain() or self.engine, kind, offset, limit)

    def count(self, kind: str) -> int:
        """How many records of a kind the store holds (at :attr:`version`)."""
        return record_counts(self).get(PLURALS.get(kind, kind), 0)

    def page(self, kind: str, text: str = "", offset: int = 0, limit: int = PAGE, newest_first: bool = False,
             *, where: DecisionFilter | None = None) -> Page:
        """One page of the index's rows of a kind, narrowed by words (or, for decisions, by the
        decision log's filter ``where``): :func:`store.queries.of_kind` / :func:`store.queries.decisions`."""
        from store import queries

        kind = PLURALS.get(kind, kind)
        if where is None:
            return queries.of_kind(self, kind, text, offset, limit, newest_first)
        if kind != "decision":
            raise RecordError("page", "kind", "decision (the only kind a decision filter narrows)", kind)
        return queries.decisions(self, where, offset, limit)

    def find(self, text: str, limit: int = 20, kind: str = "") -> builtins.list[Row]:
        """Records (of ``kind``, if given) whose ID starts with, or whose title or text matches, ``text``."""
        from store import queries

        return queries.find(self, text, limit, kind)

    def history(self, record_id: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
                kind: str | None = None, limit: int | None = None, rev: str = "HEAD") -> Iterator[Entry]:
        """The commits that changed the store (or one record), newest first, as git holds them
        (:func:`store.history.iter_history`: streamed, so ``limit`` stops git early)."""
        from store import history

        return history.iter_history(self.root, record_id, since, until, kind, limit, rev)

    def as_of(self, revision: str | dt.date) -> AsOf:
        """The record at a revision (a commit, ``HEAD~2``, a tag) or as of a day, read from git
        (``as_of("2025-06-30").get("4.2")``, ``.records("members")``, ``.terms()``)."""
        from store import history

        return history.as_of(self.root, revision)

    def clauses(self) -> builtins.list[Clause]:
        return [c for c in self.list("clause") if isinstance(c, kinds.Clause)]

    def members(self) -> builtins.list[Member]:
        return [m for m in self.list("member") if isinstance(m, kinds.Member)]

    def partnership(self) -> Partnership | None:
        record = self.get("partnership")
        return record if isinstance(record, kinds.Partnership) else None

    def charter(self) -> Charter:
        from council.charter import charter_from_clauses

        return charter_from_clauses(self.clauses())

    def context(self, today: dt.date | None = None) -> Context:
        """What the rules see of the store before a change recorded on ``today``."""
        from council.checks import Context

        return Context(self.get, self.clauses(), self.members(), self.partnership(), today, self._decided_at)

    def _decided_at(self, meeting_id: str, day: dt.date) -> builtins.list[str]:
        from council.checks import FINAL_OUTCOMES
        from store import queries

        return [r.id for r in queries.decisions_at_meeting(self, meeting_id, day) if r.status in FINAL_OUTCOMES]

    # --- identity -----------------------------------------------------------

    def operator(self) -> Identity:
        """Who is writing: GIT_AUTHOR_* if set (tests, scripts), else the configured member."""
        return operator.operator(self)

    def operator_id(self) -> str | None:
        return operator.operator_id(self)

    def set_operator(self, member_id: str) -> Member:
        return operator.set_operator(self, member_id)

    # --- writing ----------------------------------------------------------

    def write(self, change: Change, author: Identity | None = None) -> Committed:
        """The single write path (:func:`store.write.steps.write`).  Nothing is
        written unless every check passes.

        ``author`` defaults to the operator; when given (the sample replay) it
        is also the committer, so that replays give the same commits.
        """
        from store.write import steps

        return steps.write(self, change, author)

    def tree_of(self, commit: str) -> str:
        """The tree of ``commit`` (read in process: no git child)."""
        return self.objects.tree_of(commit)

    def forget_cached(self) -> None:
        """Drop the parsed records and lists kept between reads (the index moved under them)."""
        self.kept.clear()


def record_counts(store: Store) -> dict[str, int]:
    """kind -> how many records of it the store holds (at the indexed commit)."""
    return plain.counts_by_kind() if (plain := store.plain()) else index.counts_by_kind(store.engine)
