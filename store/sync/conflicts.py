"""Records both replicas changed while apart: kept pending, shown field by field, resolved by a commit.

A sync never merges two versions of one record.  The version on the side
that was not replayed stays in force; both versions are kept (the commits
that hold them stay reachable under ``refs/council/kept/``), and
``.council/conflicts.json`` lists what is pending.  While anything is
pending, `council sync` does nothing (it would publish a record nobody has
settled).  `council resolve ID --ours|--theirs|--file F` settles one record
with a ``record:`` commit that says which version was kept and where the
other one is.  A term (charter, IP register, exit plan, data-sharing terms)
changes only by amendment: resolving it to the version not in force is
refused, with the steps to pass that version as a new amendment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from council.errors import RecordError, RuleError
from council.fileformat import parse_path
from council.records import is_term_path, kind_of_path
from store.git import commits as gitcommits
from store.git import refs, trees
from store.git.batch import BatchReader
from store.git.objects import blob_sha
from store.recorddiff import Segment, json_ready, record_diff
from store.sync.plan import Plan
from store.sync.standing import STATE
from store.sync.standing import load_conflicts as load
from store.write import journal
from store.write.change import Change, Committed

if TYPE_CHECKING:
    from store.service import Store

KEPT = "refs/council/kept/"


@dataclass
class Entry:
    """One record in conflict: blob shas of its three versions (None: absent or deleted)."""

    id: str
    path: str
    base: str | None
    ours: str | None
    theirs: str | None
    in_main: str  # "ours" or "theirs": the version the main branch holds now
    reason: str
    commits: list[str] = field(default_factory=list)  # the commits that made the version set aside

    @property
    def term(self) -> bool:
        return is_term_path(self.path)

    @property
    def kind(self) -> str:
        return kind_of_path(self.path) or ""


@dataclass(frozen=True)
class FieldConflict:
    field: str
    base: Any
    ours: Any
    theirs: Any


@dataclass
class View:
    """What `council conflicts` shows for one record."""

    entry: Entry
    fields: list[FieldConflict]
    body_ours: list[Segment]  # base -> ours, word by word
    body_theirs: list[Segment]  # base -> theirs

    def to_json(self) -> dict[str, Any]:
        return json_ready({**dataclasses.asdict(self.entry), "term": self.entry.term,
                           "fields": [dataclasses.asdict(f) for f in self.fields],
                           "body_ours": [dataclasses.asdict(s) for s in self.body_ours],
                           "body_theirs": [dataclasses.asdict(s) for s in self.body_theirs]})


# --- the pending state ---------------------------------------------------------------------


def pending(store: "Store") -> list[Entry]:
    return [Entry(**e) for e in load(store).get("records", [])]


def _save(store: "Store", data: dict) -> None:
    if not data.get("records"):
        (store.meta_dir / STATE).unlink(missing_ok=True)
        return
    journal.write_atomic(store.meta_dir / STATE, json.dumps(data, indent=2, sort_keys=True).encode())


def record(store: "Store", plan: Plan, side: str) -> None:
    """Keep the conflicts of a replay: ``side`` is the side that was replayed ("ours" or "theirs")."""
    ours, theirs = (plan.tip, plan.onto) if side == "ours" else (plan.onto, plan.tip)
    for commit in (ours, theirs):
        refs.update_ref(store.root, KEPT + commit, commit)
    entries = []
    for c in plan.conflicts:
        mine, other = (c.side, c.onto) if side == "ours" else (c.onto, c.side)
        for blob in (mine, other):  # a renumbered or refused version exists only as a blob: keep it too
            if blob:
                refs.update_ref(store.root, KEPT + "blob-" + blob, blob)
        entries.append(Entry(c.record, c.path, c.base, mine, other, "theirs" if side == "ours" else "ours",
                             c.reason, list(c.commits)))
    data = load(store) or {"version": 1, "records": []}
    data.update(ours=ours, theirs=theirs, base=plan.base,
                at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    known = {e["id"] for e in data["records"]}
    data["records"] += [dataclasses.asdict(e) for e in entries if e.id not in known]
    _save(store, data)


def forget_if_from(store: "Store", ours: str) -> None:
    """Drop the pending state if it was recorded by the (undone) sync that started at ``ours``."""
    if load(store).get("ours") == ours:
        (store.meta_dir / STATE).unlink(missing_ok=True)


# --- showing ---------------------------------------------------------------------------------


def views(store: "Store", record_id: str | None = None) -> list[View]:
    entries = [e for e in pending(store) if record_id in (None, e.id)]
    if record_id and not entries:
        raise _not_pending(record_id)
    out = []
    with BatchReader(store.root) as reader:
        for e in entries:
            base, ours, theirs = (reader.read(b) if b else None for b in (e.base, e.ours, e.theirs))
            mine, other = record_diff(e.path, base, ours), record_diff(e.path, base, theirs)
            a, b = {f.field: f for f in mine.fields}, {f.field: f for f in other.fields}
            fields = []
            for key in list(a) + [k for k in b if k not in a]:
                old = (a.get(key) or b[key]).old
                left, right = (a[key].new if key in a else old), (b[key].new if key in b else old)
                if left != right:
                    fields.append(FieldConflict(key, old, left, right))
            out.append(View(e, fields, mine.body, other.body))
    return out


def _not_pending(record_id: str) -> RecordError:
    return RecordError(record_id, "id", "a record with a pending sync conflict (see `council conflicts`)", record_id)


# --- resolving --------------------------------------------------------------------------------


def resolve(store: "Store", record_id: str, side: str | None = None, file: Path | None = None) -> Committed:
    """Settle one conflict with a ``record:`` commit; see the module docstring."""
    if (side is None) == (file is None) or side not in (None, "ours", "theirs"):
        raise RecordError(record_id, "resolution", "exactly one of --ours, --theirs or --file F")
    data = load(store)
    entry = next((e for e in pending(store) if e.id == record_id), None)
    if entry is None:
        raise _not_pending(record_id)
    content: bytes | None
    blob: str | None
    if file is not None:
        content = Path(file).read_bytes()
        label, blob = f"a new version (from {Path(file).name})", blob_sha(content)
    else:
        blob = entry.ours if side == "ours" else entry.theirs
        label = f"{side} ({'this replica' if side == 'ours' else 'the partner'})"
        content = store.objects.read(blob)[1] if blob else None
    in_force = trees.blob_at(store.objects, store.tree_of(store.head), entry.path) if store.head else None
    if blob == in_force:
        done = store.write(_kept(entry, label))
    elif entry.term:
        raise RuleError(_amendment_steps(store, entry))
    else:
        done = store.write(_change(entry, label, content))
    data["records"] = [r for r in data.get("records", []) if r["id"] != record_id]
    _save(store, data)
    return done


def _change(entry: Entry, label: str, content: bytes | None) -> Change:
    set_aside = entry.theirs if entry.in_main == "theirs" else entry.ours
    body = (f"Both replicas changed {entry.id} while apart ({entry.reason}). Kept {label}. "
            f"The other version (blob {str(set_aside)[:12]}) stays in this replica under {KEPT}.")
    summary = f"resolve the sync conflict on {entry.id}: keep {label.split(' (')[0]}"
    if content is None:
        return Change(summary, deletes=[entry.id], body=body)
    return Change(summary, [parse_path(entry.path, content)], body=body)


def _kept(entry: Entry, label: str) -> Change:
    """The version in force stays: a ``record:`` commit with no change says so (and names the other).

    It goes through the one write path like any change (journal, crash
    recovery, the signing step, the index), as a commit that changes no file.
    """
    other = entry.ours if entry.in_main == "theirs" else entry.theirs
    body = (f"Both replicas changed {entry.id} while apart ({entry.reason}). The version in force, {label}, "
            f"is kept; the other version (blob {str(other)[:12]}, from commit(s) "
            f"{', '.join(c[:10] for c in entry.commits) or '-'}) stays in this replica under {KEPT}.")
    return Change(f"resolve the sync conflict on {entry.id}: keep {label.split(' (')[0]}", body=body,
                  allow_empty=True)


def _amendment_steps(store: "Store", entry: Entry) -> str:
    last = next(gitcommits.log(store.root, "-1", "HEAD", "--", entry.path), None)
    decision = dict(last.trailers).get("Decision") if last else None
    approved = f", approved by {decision}" if decision else ""
    other = "ours" if entry.in_main == "theirs" else "theirs"
    return (f"{entry.id} is a term of the partnership: a sync conflict cannot change it. The version in force is "
            f"{entry.in_main}{approved}. To adopt {other}, draft it as an amendment (`council tui`, the amendment "
            f"editor for {entry.id}; `council show {entry.id}` shows the text in force) and put it to a vote at a "
            f"meeting; once it is settled, record that with `council resolve {entry.id} --{entry.in_main}`")
