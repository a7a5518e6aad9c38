"""The one write path, step by step: :func:`write` is what :meth:`Store.write` runs.

    lock -> recover -> validate -> serialise the changed records -> commit
    objects -> journal -> compare-and-swap the branch (the commit point) ->
    work tree, journal ended, index updated with indexed_commit

Every record commit is made here: the use cases, the sample builder, sync's
replay and a kept sync conflict all call ``Store.write``.  The steps are the
ones docs/architecture.md lists; the crash points (:mod:`store.faults`)
sit between them.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import TYPE_CHECKING

from council import settings
from council.charter import Charter, charter_from_clauses
from council.checks import Approval, check_change
from council.errors import Conflict, RecordError, RuleError, StoreError
from council.fileformat import parse_path, serialise
from council.records import Clause, Decision, Record, path_for
from council.search_text import search_text
from store import faults, index
from store.git import objects as gitobjects
from store.git import refs, trees
from store.git.commits import Identity
from store.logentry import record_id_of
from store.write import allocate, founding, guards, handedits, journal, seal, signing
from store.write.change import Change, Committed, DryRun

if TYPE_CHECKING:
    from store.service import Store

log = logging.getLogger("council.store")
# A write whose branch was moved by someone else (a plain git commit, a pull)
# between validation and the commit point is validated again on the new HEAD
# and retried, as long as the other commits touched none of its files.
CONFLICT_RETRIES = 3


def write(store: "Store", change: Change, author: Identity | None = None) -> Committed:
    """The single write path.  Nothing is written unless every check passes.

    ``author`` defaults to the operator; when given (the sample replay) it
    is also the committer, so that replays give the same commits.  Under
    the lock it first recovers from any interrupted write (another
    process may have crashed while this one had the store open).  If the
    branch moves under it (a plain git commit, a pull), the change is
    validated again on the new HEAD and retried, unless the other commits
    touched the same files: then :class:`Conflict` says so.
    """
    committer = author or _committer(store.operator())
    author = author or store.operator()
    if store.read_only:
        raise store.read_only_error("record this change")
    with store.lock():
        faults.point("write.locked")
        guards.refuse_unsafe_checkout(store.root)
        for note in store.recover_locked():
            log.warning(note)
            store.recovery_notes.append(note)
        for attempt in range(CONFLICT_RETRIES + 1):
            parent = store.head
            files, records, message, notes = _prepare(store, change, author)
            if change.base and change.base != parent:
                _refuse_overlap(store, change.base, parent, files)
            allocate.refuse_taken(store, change, parent)
            guards.refuse_symlinks(store.root, files)
            if store.dry_run:  # every check has run: say what would be committed, commit nothing
                raise DryRun(message, tuple(sorted(files)), records, notes)
            try:
                return _commit(store, files, records, message, (author, committer), change.when, notes)
            except Conflict:
                if attempt == CONFLICT_RETRIES:
                    raise
                _before_retry(store, parent, files, attempt)
    raise AssertionError("unreachable")


def _prepare(store: "Store", change: Change,
             author: Identity) -> tuple[dict[str, bytes | None], list[Record], str, tuple[str, ...]]:
    """Validate against HEAD and serialise: the files to commit, the records, the message and
    the warnings the write gives even when it commits."""
    try:
        today = (change.when or _now()).date()
        records, approval = check_change(store.context(today), change.records, change.deletes,
                                         change.kind, change.decision)
        # Sealed here, before anything is serialised: no plaintext of a sealed
        # field reaches a file, a blob, the journal or the index.
        charter = _charter_for(store, records)
        plaintexts = seal.sealed_texts(records, charter)
        notes = seal.unreadable_notes(store, records, charter)
        records = seal.seal_records(store, records, today, charter, change.reseal)
    except RecordError as exc:
        raise _naming_the_file(exc, change) from None
    files: dict[str, bytes | None] = {path_for(r): serialise(r).encode("utf-8") for r in records}
    try:
        for path, data in files.items():
            # What is committed must read back: a value outside a field's choices
            # would otherwise be a file the index leaves out and verify fails.
            parse_path(path, data or b"")
    except RecordError as exc:
        raise _naming_the_file(exc, change) from None
    for record_id in change.deletes:
        store.require(record_id)
        files[_path_of(store, record_id)] = None
    handedits.refuse_hand_edits(store, list(files))
    files = _only_changed(store, files)
    if store.head is None:  # the first commit is the founding, or nothing
        if change.kind != "amend":
            raise RuleError("a store's first commit is its founding: an amend: commit adopting the partnership, "
                            "its charter and each party's signatory (`council init`)")
        founding.refuse_invalid(change.signatories, files)
    if not files and not change.allow_empty:
        raise RecordError(change.summary, "records", "a change to at least one record (nothing differs)")
    message = commit_message(change, approval, author)
    seal.refuse_quoted(message, plaintexts)
    return files, records, message, notes


def _charter_for(store: "Store", records: list[Record]) -> Charter:
    """The charter that says what is sealed: the store's, or the founding change's own."""
    clauses = [r for r in records if isinstance(r, Clause)]
    return charter_from_clauses(clauses) if clauses and not store.clauses() else store.charter()


def _before_retry(store: "Store", parent: str | None, files: dict[str, bytes | None], attempt: int) -> None:
    """After a Conflict: retry only if the commits that got in first touched none of our files."""
    time.sleep(0.02 * (attempt + 1))  # a git process may still hold the branch's lock
    for note in store.recover_locked():  # the index follows the new HEAD, whatever happens next
        log.warning(note)
    head = store.head
    _refuse_overlap(store, parent, head, files)
    log.warning("the branch moved during a write (now %s); validating again on the new HEAD",
                str(head)[:10])


def _refuse_overlap(store: "Store", base: str | None, head: str | None, files: dict[str, bytes | None]) -> None:
    """Raise Conflict if commits from ``base`` to ``head`` changed any of ``files``."""
    if base is None or head is None or base == head:
        return
    try:
        changed = {ch.path for ch in trees.diff_tree(store.root, base, head)}
    except StoreError:
        raise Conflict(f"this change was prepared at {base[:10]}, which is not in the store's "
                       "history; nothing was written: reload and try again") from None
    both = sorted(changed & set(files))
    if both:
        raise Conflict(f"{both[0]} was changed by someone else (now at commit {head[:10]}) since this "
                       "change was prepared; nothing was written: reload it and try again")


def _path_of(store: "Store", record_id: str) -> str:
    row = store.stored(record_id)
    assert row is not None
    return row.path


def _only_changed(store: "Store", files: dict[str, bytes | None]) -> dict[str, bytes | None]:
    """Drop files whose content is what HEAD already holds (no empty diffs)."""
    current = {r.path: r.text.encode("utf-8") for r in
               (store.stored(record_id_of(p)) for p in files) if r is not None}
    return {p: c for p, c in files.items() if current.get(p) != c}


def _commit(store: "Store", files: dict[str, bytes | None], records: list[Record], message: str,
            who: tuple[Identity, Identity], when: dt.datetime | None, notes: tuple[str, ...] = ()) -> Committed:
    parent = store.head
    base_tree = store.tree_of(parent) if parent else None
    if parent is None:
        files = {".gitignore": b".council/\n", **files}
    tree = trees.build_tree(store.objects, base_tree, files)
    when = when or _now()
    if parent is None:  # the founding: signed under its own charter, by the keys it registers
        raw, message = founding.commit_bytes(store, tree, who, when, message, files)
    else:
        raw, message = signing.commit_bytes(store, tree, parent, who, when, message, files)
    commit = store.objects.write("commit", raw)
    faults.point("commit.objects")
    journal.begin(store, commit, parent, list(files))
    try:
        refs.move_branch(store.root, commit, parent, message, point=faults.point)  # the commit point
    except StoreError:
        journal.end(store)  # the branch did not move: nothing was committed
        raise
    warnings = _finish(store, files, records, commit, parent)
    return Committed(commit, message, tuple(files), notes + warnings)


def _finish(store: "Store", files: dict[str, bytes | None], records: list[Record], commit: str,
            parent: str | None = None) -> tuple[str, ...]:
    """Past the commit point: bring the work tree and the index to the new commit.

    The change is committed whatever happens here.  If a step fails (a
    full disk), the journal stays, the next open or write finishes the
    work tree and catches the index up, and the caller gets a warning.
    """
    warnings = []
    try:
        journal.update_worktree(store, files)
        journal.end(store)
    except (StoreError, OSError) as exc:
        warnings.append(f"the change is committed ({commit[:10]}) but the store's files could not be "
                        f"updated: {exc}; Council finishes this when the store is next opened")
    try:
        _index_change(store, records, files, commit)
        faults.point("index.committed")
        store.kept.after_write(records, files, parent, commit)
    except (StoreError, index.IndexFailure, OSError) as exc:
        store.forget_cached()
        warnings.append(f"the change is committed ({commit[:10]}) but the index could not be updated: "
                        f"{exc}; Council catches it up when the store is next opened")
    for warning in warnings:
        log.warning(warning)
    return tuple(warnings)


def _index_change(store: "Store", records: list[Record], files: dict[str, bytes | None], commit: str) -> None:
    """The index moves to ``commit`` in one transaction; the records written are kept, parsed."""
    by_path = {path_for(r): r for r in records}
    upserts, bodies = [], {}
    for path, content in files.items():
        if content is None or path not in by_path:
            continue
        record = by_path[path]
        blob = gitobjects.blob_sha(content)
        upserts.append(index.row_for(record, path, blob, content.decode("utf-8")))
        bodies[record.id] = search_text(record)
        store.kept.remember(record, blob)
    deleted = [p for p, c in files.items() if c is None]
    index.apply(store.engine, upserts, deleted, commit, bodies)


def _naming_the_file(exc: RecordError, change: Change) -> RecordError:
    """The same error, naming the file of the record it is about (``exc.path``)."""
    record = next((r for r in change.records if r.id == exc.record), None)
    if record is None:
        return exc
    path = path_for(record)
    named = RecordError(f"{exc.record} ({path})", exc.field, exc.expected, exc.got)
    named.record, named.path = exc.record, path
    return named


def _now() -> dt.datetime:
    """When a change is committed: now, or the fixed moment COUNCIL_COMMIT_DATE gives (reproducible commits)."""
    return settings.current().commit_date or dt.datetime.now().astimezone()


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
        # A written resolution was decided between meetings: its trailer says so instead of a Meeting.
        held = (f"Meeting: {d.meeting}" if isinstance(d, Decision) else
                f"Resolution: in writing, open {d.opens.isoformat()} to {d.closes.isoformat()}")
        lines += [f"Decision: {d.id}", held, f"Quorum: {approval.quorum}", f"Vote: {approval.vote}"]
        lines += [f"Approved-by: {m.identity}" for m in approval.approvers]
    elif change.kind == "amend":
        lines += ["Founding: adopted by the parties on signature of the partnership agreement"]
        lines += [s.trailer for s in change.signatories]
    lines.append(f"Recorded-by: {author}")
    return "\n".join(lines) + "\n"
