"""Integrating a partner's verified history into the main branch.

- Nothing new on our side: the branch fast-forwards.
- Both sides have new commits: the side nobody else holds yet (ours, unless
  it is already on the hub) is *replayed* on top of the other, commit by
  commit, through the store's one write path.  Each replayed commit is
  validated again against its new parent (the charter and membership in force
  there), renumbered where both sides used the same ID (see
  :mod:`store.sync.plan`), and marked ``Replayed-from: <sha>``.  The history
  stays a line, so the hub only ever fast-forwards and `council verify` needs
  no special case; docs/sync.md explains the choice.
- Records both sides changed are not merged: the other side's version stands
  and the conflict is kept (:mod:`store.sync.conflicts`) until resolved.

Replaying ours first moves the branch back to the partner's commit.  A
journal (``.council/sync.json``) and a ref keep our commits; if the process
dies before the replay is done, the next open of the store (under its lock,
before any write) puts the branch back where it was: nothing half-replayed
survives and nothing was pushed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from council.errors import CouncilError, RecordError, StoreError
from council.fileformat import parse_path, serialise
from council.records import Record, is_term_path, kind_of_path, path_for
from store import faults, index, ingest
from store.git import commits as gitcommits
from store.git import refs, revs, trees
from store.git.batch import read_blobs
from store.git.commits import Commit, trailers
from store.logentry import record_id_of, record_path
from store.sync import conflicts as sync_conflicts
from store.sync.plan import RENUMBERED, REPLAYED_FROM, Conflict, Plan, make_plan, origin, origins, rewrite_ids
from store.write import journal
from store.write.change import Change

if TYPE_CHECKING:
    from store.service import Store

log = logging.getLogger("council.sync")
JOURNAL = "sync.json"
OURS_REF = "refs/council/sync/ours"  # our commits while they are being replayed


@dataclass
class Integration:
    """What integrating a partner's commit did to the main branch."""

    how: str  # "up to date", "ahead", "fast-forward", "replayed ours", "replayed theirs", "kept ours"
    before: str | None
    after: str | None
    replayed: list[tuple[str, str]] = field(default_factory=list)  # (old commit, new commit)
    skipped: list[str] = field(default_factory=list)  # commits the other side already holds
    renumbered: dict[str, str] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    side: str = ""  # which side was replayed: "ours" or "theirs"
    notes: list[str] = field(default_factory=list)  # what the rules computed differently on the new parent

    def summary(self) -> str:
        parts = [self.how]
        if self.replayed:
            parts.append(f"{len(self.replayed)} commit(s) replayed")
        if self.renumbered:
            parts.append("renumbered " + ", ".join(f"{a} -> {b}" for a, b in sorted(self.renumbered.items())))
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} conflict(s) held")
        return "; ".join(parts)


def has_published(root: Path, base: str, tip: str) -> bool:
    """Whether any commit from ``base`` to ``tip`` is on a remote (pushed or fetched from it)."""
    return revs.count(root, f"{base}..{tip}") != revs.count(root, tip, "--not", base, "--remotes")


# --- integrating ---------------------------------------------------------------------


def integrate(store: "Store", theirs: str, theirs_published: bool) -> Integration:
    """Bring the partner's verified commit ``theirs`` into the main branch (see the module doc)."""
    with store.lock():
        ours = store.head
        if ours == theirs or (ours and revs.is_ancestor(store.root, theirs, ours)):
            return Integration("up to date" if ours == theirs else "ahead", ours, ours)
        if ours is None or revs.is_ancestor(store.root, ours, theirs):
            move_main(store, theirs, "sync: fast-forward to a partner's verified commits")
            return Integration("fast-forward", ours, theirs)
        base = revs.merge_base(store.root, ours, theirs)
        if base is None:
            raise StoreError(f"the partner's history ({theirs[:10]}) shares no commit with this store's; "
                             "it is another council's record: nothing was changed")
        if not has_published(store.root, base, ours):
            return _replay(store, base, ours, theirs, "ours")
        if theirs_published:
            raise StoreError(f"both this store and the partner hold commits the other lacks that are already "
                             f"published (since {base[:10]}): the history was rewritten; nothing was changed")
        return _replay(store, base, theirs, ours, "theirs")


def _replay(store: "Store", base: str, tip: str, onto: str, side: str) -> Integration:
    """Replay ``base..tip`` (our side or theirs) on ``onto``."""
    root, before = store.root, store.head
    known_there, known_here = origins(root, base, onto), origins(root, base, tip)
    if known_there == known_here:
        # Each side holds the other's commits in replayed form (crossed exchanges): both
        # replicas keep the same one of the two equivalent histories, the smaller commit id.
        keep = min(tip, onto)
        if keep != before:
            move_main(store, keep, "sync: adopt the partner's equivalent history")
        return Integration("kept ours" if keep == before else "adopted theirs", before, keep, side=side)
    plan = make_plan(root, base, tip, onto)
    result = Integration(f"replayed {side}", before, None, renumbered=dict(plan.mapping), side=side)
    if side == "ours":
        assert before is not None  # replaying ours: this replica has commits of its own
        _begin(store, before, onto)
        move_main(store, onto, "sync: partner's verified commits, ours to be replayed on top")
    store.sync_in_progress = True  # the write path's recovery must not undo this replay
    try:
        _run(store, plan, result)
    except BaseException:
        store.sync_in_progress = False
        if side == "ours":  # put the branch back now rather than at the next open
            recover(store)
        raise
    finally:
        store.sync_in_progress = False
    result.conflicts = plan.conflicts
    result.after = store.head
    _finish(store, plan, side)
    return result


def _run(store: "Store", plan: Plan, result: Integration) -> None:
    for c in plan.commits:
        if len(c.parents) > 1 or origin(c) in plan.known:
            result.skipped.append(c.sha)  # a merge's changes are its sides' commits; or held already
            continue
        wanted = [ch.new for ch in c.changes if ch.new]
        contents = dict(zip(wanted, read_blobs(store.root, wanted)))
        change = change_from(c, plan, contents)
        if change is None:
            result.skipped.append(c.sha)
            continue
        if result.side == "theirs" and c.kind == "amend" and _is_signed(store, c.sha):
            _hold(store, plan, c, change, StoreError(
                "it is a signed amendment: replayed here it would carry this replica's signature, not the signer's "
                "(ask the partner to apply our bundle first, then send theirs)"))
            continue
        try:
            done = store.write(change, author=c.author)
        except RecordError as exc:
            if "nothing differs" in exc.expected:
                result.skipped.append(c.sha)
                continue
            _hold(store, plan, c, change, exc)
            continue
        except CouncilError as exc:
            _hold(store, plan, c, change, exc)
            continue
        result.replayed.append((c.sha, done.commit))
        result.notes += _recomputed(store, change)


def _recomputed(store: "Store", change: Change) -> list[str]:
    """Outcomes and quorums the write path computed differently on the new parent: said, never silent."""
    notes = []
    for before in change.records:
        after = store.get(before.id)
        for name in ("outcome", "quorate"):
            old, new = getattr(before, name, None), getattr(after, name, None)
            if old != new and old is not None:
                why = getattr(after, "outcome_note", "") or getattr(after, "quorum_note", "")
                notes.append(f"{before.id}: {name} is now {new!r} (it was {old!r} before the sync), under the "
                             f"charter and membership now in force{': ' + why if why else ''}")
    return notes


def _is_signed(store: "Store", sha: str) -> bool:
    raw = revs.commit_bytes(store.root, sha)
    return b"\ngpgsig " in raw.split(b"\n\n", 1)[0]


def change_from(c: Commit, plan: Plan, contents: dict[str, bytes]) -> Change | None:
    """The change ``c`` made, with new IDs, minus the records held; None if nothing is left."""
    mapping = plan.mapping
    records: list[Record] = []
    deletes: list[str] = []
    for ch in c.changes:
        if not kind_of_path(ch.path):
            continue  # not a record file (Council writes only records)
        new_id = mapping.get(record_id_of(ch.path), record_id_of(ch.path))
        path = record_path(new_id)
        if path in plan.hold:
            continue
        if ch.new is None:
            deletes.append(new_id)
        else:
            text = rewrite_ids(contents[ch.new].decode("utf-8"), mapping)
            records.append(parse_path(path, text.encode("utf-8")))
    if not records and not deletes:
        return None
    kind, _, summary = c.message.split("\n", 1)[0].partition(": ")
    decision = dict(trailers(c.message)).get("Decision")
    notes = []
    if kind == "amend" and not any(r.TERM for r in records) and not any(is_term_path(record_path(d)) for d in deletes):
        kind, decision = "record", None
        notes.append("The term change this amendment made is held as a sync conflict.")
    notes.append(f"{REPLAYED_FROM}: {origin(c)}")
    renamed = sorted({(record_id_of(ch.path), mapping[record_id_of(ch.path)]) for ch in c.changes
                      if record_id_of(ch.path) in mapping})
    if renamed:
        notes.append(f"{RENUMBERED}: " + ", ".join(f"{a} -> {b}" for a, b in renamed))
    body = "\n\n".join(p for p in [rewrite_ids(body_of(c.message), mapping)] + ["\n".join(notes)] if p)
    return Change(rewrite_ids(summary, mapping), records, kind=kind if kind in ("amend", "record") else "record",
                  decision=mapping.get(decision, decision) if decision else None, when=c.author_date,
                  deletes=deletes, body=body)


def body_of(message: str) -> str:
    """The text between a commit's subject and its trailers, without earlier replay notes."""
    paragraphs = message.rstrip("\n").split("\n\n")[1:]
    if paragraphs and trailers(message):
        paragraphs = paragraphs[:-1]
    keep = []
    for paragraph in paragraphs:
        lines = [l for l in paragraph.splitlines()
                 if not l.startswith((f"{REPLAYED_FROM}: ", f"{RENUMBERED}: "))
                 and l != "The term change this amendment made is held as a sync conflict."]
        if lines:
            keep.append("\n".join(lines))
    return "\n\n".join(keep)


def _hold(store: "Store", plan: Plan, c: Commit, change: Change, exc: CouncilError) -> None:
    """A commit the write path refuses on its new parent: its records become conflicts."""
    head = store.head
    tree = store.tree_of(head) if head else None
    base_tree = store.tree_of(plan.base)
    for record in change.records:
        path = path_for(record)
        blob = store.objects.write("blob", serialise(record).encode("utf-8"))
        plan.conflicts.append(Conflict(path, trees.blob_at(store.objects, base_tree, path), blob,
                                       trees.blob_at(store.objects, tree, path), [c.sha],
                                       f"cannot be replayed on the partner's history: {exc}"))
        plan.hold.add(path)
    for record_id in change.deletes:
        path = record_path(record_id)
        plan.conflicts.append(Conflict(path, trees.blob_at(store.objects, base_tree, path), None,
                                       trees.blob_at(store.objects, tree, path), [c.sha],
                                       f"its deletion cannot be replayed on the partner's history: {exc}"))
        plan.hold.add(path)
    log.warning("sync: commit %s held as conflict(s): %s", c.sha[:10], exc)


# --- moving the branch -----------------------------------------------------------------


def move_main(store: "Store", new: str, reason: str) -> None:
    """Move main to ``new`` (any commit), with the work tree and the index; caller holds the lock."""
    old = store.head
    files = _files_between(store, old, new)
    journal.begin(store, new, old, list(files))
    refs.move_branch(store.root, new, old, reason, point=faults.point)
    journal.update_worktree(store, files)
    journal.end(store)
    indexed = index.indexed_commit(store.engine)
    store.kept.records.clear()
    if indexed and revs.object_type(store.root, indexed) == "commit":
        ingest.incremental(store, indexed, new)
    else:
        ingest.full(store, new)


def _files_between(store: "Store", old: str | None, new: str) -> dict[str, bytes | None]:
    changed = {ch.path: ch.new for ch in trees.diff_tree(store.root, old, new)}
    wanted = [b for b in changed.values() if b]
    contents = dict(zip(wanted, read_blobs(store.root, wanted)))
    return {p: (contents[b] if b else None) for p, b in changed.items()}


def _only_replays(store: "Store", theirs: str, head: str | None) -> bool:
    """Whether ``head`` is ``theirs`` plus commits the interrupted replay made (nothing else)."""
    if head is None or not revs.is_ancestor(store.root, theirs, head):
        return False
    return all(f"{REPLAYED_FROM}: " in c.message for c in gitcommits.log(store.root, f"{theirs}..{head}"))


# --- the journal of a replay of ours -----------------------------------------------------


def _begin(store: "Store", ours: str, theirs: str) -> None:
    refs.update_ref(store.root, OURS_REF, ours)
    journal.write_atomic(store.meta_dir / JOURNAL, json.dumps(
        {"ours": ours, "theirs": theirs, "pid": os.getpid(),
         "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}).encode())


def _finish(store: "Store", plan: Plan, side: str) -> None:
    """The replay is done: record its conflicts (if any), then drop the journal."""
    if plan.conflicts:
        sync_conflicts.record(store, plan, side)
    if side == "ours":
        (store.meta_dir / JOURNAL).unlink(missing_ok=True)
        refs.delete_ref(store.root, OURS_REF)


def recover(store: "Store") -> list[str]:
    """Undo a replay of ours that a dead process left half done (called under the writer lock)."""
    journal = store.meta_dir / JOURNAL
    if store.sync_in_progress or not journal.exists():
        return []
    try:
        data = json.loads(journal.read_text())
        ours, theirs = str(data["ours"]), str(data["theirs"])
    except (OSError, ValueError, KeyError, TypeError):
        journal.unlink(missing_ok=True)
        return ["dropped an unreadable sync journal (the branch was left as it is)"]
    head = store.head
    if head != ours and not _only_replays(store, theirs, head):
        return [f"an interrupted sync left the branch at {str(head)[:10]}, which holds commits that are not "
                f"part of it; it was left alone. Our commits before the sync are at {OURS_REF} ({ours[:10]})"]
    if head != ours:
        move_main(store, ours, "sync: undo an interrupted replay")
    sync_conflicts.forget_if_from(store, ours)  # recorded just before the crash: they describe the undone replay
    journal.unlink(missing_ok=True)
    refs.delete_ref(store.root, OURS_REF)
    return [f"an interrupted sync was undone: the branch is back at {ours[:10]}, as before the sync "
            "(nothing had been pushed); run `council sync` again"]
