"""A change to the store, what the single write path takes; and what it acknowledges."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from council.records import Record

if TYPE_CHECKING:
    from store.write.founding import Signatory


@dataclass
class Change:
    """One commit's worth of records.

    ``kind`` is ``"record"`` for proceedings and ``"amend"`` for a change to
    terms; an amendment names the decision that approved it (the decision
    record must already be in the store or be part of ``records``).
    ``when`` dates the commit (the sample replays history with it); it
    defaults to now.  Computed fields (a meeting's quorum, a decision's
    outcome) are filled in by the write path's validation, whatever the change says.
    """

    summary: str
    records: list[Record] = field(default_factory=list)
    kind: str = "record"
    decision: str | None = None
    when: dt.datetime | None = None
    deletes: list[str] = field(default_factory=list)  # record IDs to remove
    body: str = ""  # extra commit message text, above the trailers
    # The commit the records were read at (``Store.version``, read before
    # them).  When set, a write whose files another commit changed since is
    # refused with Conflict instead of silently overwriting that change.
    base: str | None = None
    # A commit that changes no file: it only says something in its message
    # (a sync conflict settled by keeping the version already in force).
    allow_empty: bool = False
    # IDs of records this change creates: refused under the writer lock if the
    # store already holds one (another writer took the same next free ID), so
    # that a new entry never overwrites a record it did not read.
    creates: list[str] = field(default_factory=list)
    # Seal every sealed value of the records anew, to their readers of today
    # (`council reseal`), even where the text and the readers are unchanged.
    reseal: bool = False
    # The founding commit only (the store's first): each party's signatory, named in its trailers
    # (store.write.founding.Signatory).
    signatories: list["Signatory"] = field(default_factory=list)


@dataclass(frozen=True)
class Committed:
    """What the write path acknowledges: the commit that now holds the change."""

    commit: str
    message: str
    paths: tuple[str, ...]
    # Set when the change is committed but the work tree or the index could
    # not be brought up to it (a full disk): the next open or write finishes;
    # or when it seals text its author cannot read back (seal.unreadable_notes).
    warnings: tuple[str, ...] = ()


class DryRun(Exception):  # noqa: N818 - not an error: the answer of a write that was asked not to commit
    """What :meth:`Store.write` raises in place of committing, when the store is in a dry run.

    Every check has run (the rules, the hand-edit and symlink guards, the IDs
    it creates): this is the commit that would have been made.  Raising
    rather than returning stops the use case there too, so nothing it would
    do after the write (a draft discarded) happens either.
    """

    def __init__(self, message: str, paths: tuple[str, ...], records: list[Record],
                 warnings: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.warnings = warnings  # what the commit would have warned of (Committed.warnings)
        self.message = message
        self.paths = paths
        self.records = records  # as validated: computed fields (outcome, quorum) filled in
