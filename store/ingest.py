"""Bring the SQLite index to a commit: from scratch, or by the diff since the last one.

The same ingest handles a crash between commit and index update, a `git pull`
from a partner's replica, a `git revert` and a fresh clone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from council.errors import CouncilError
from council.fileformat import parse_path
from council.records import is_term_path, kind_of_path
from council.search_text import search_text
from store import index
from store.git import batch
from store.git import commits as gitcommits
from store.git.trees import diff_tree, ls_tree

if TYPE_CHECKING:
    from store.index.heldrows import HeldRow
    from store.service import Store

log = logging.getLogger("council.store")
CHUNK = 2000  # rows a rebuild fed by a walk writes at a time


def full(store: "Store", head: str | None) -> None:
    """Rebuild the whole index from the tree at ``head``."""
    entries = [(p, b) for p, b in ls_tree(store.root, head, check=True) if kind_of_path(p)] if head else []
    rows, bodies, problems = _rows(store, entries, head or "")
    with _rebuilding(store, head or "") as rebuild:
        rebuild.add(rows, bodies)
        rebuild.problems = problems


@contextmanager
def from_walk(store: "Store", head: str, entries: dict[str, str | None]) -> Iterator[Callable[[HeldRow, str], None]]:
    """Rebuild the index at ``head`` from the rows a walk of the history computes as it parses
    the records at ``head`` (``entries``: record path -> blob there, as ``ls-tree`` lists them).

    The walk hands each row in, with its search text, through the function yielded; they are
    written a chunk at a time inside the rebuild's one transaction, so that none is kept for
    long (issue 18: `council clone` parsed every record at HEAD twice, once here and once in
    verify's walk).  The paths it never handed in (a file that does not parse, one written
    only by a merge) are read and parsed here, as :func:`full` does.  The caller holds the
    writer lock; if the block raises, the index is left as it was.
    """
    store.kept.records.clear()
    with _rebuilding(store, head) as rebuild:
        rows: list[HeldRow] = []
        bodies: dict[str, str] = {}
        done: set[str] = set()

        def take(row: HeldRow, search: str) -> None:
            if row.path in done or entries.get(row.path) != row.blob:
                return  # only the record at HEAD, once: anything else is read below
            done.add(row.path)
            rows.append(row)
            bodies[row.id] = search
            if len(rows) >= CHUNK:
                rebuild.add(rows, bodies)
                rows.clear()
                bodies.clear()

        yield take
        rebuild.add(rows, bodies)
        rest = [(path, blob) for path, blob in entries.items() if blob and path not in done]
        more, more_bodies, problems = _rows(store, rest, head)
        rebuild.add(more, more_bodies)
        rebuild.problems = problems


@contextmanager
def _rebuilding(store: "Store", head: str) -> Iterator["index.Rebuild"]:
    """The index rebuilt at ``head`` in one transaction (store.index.records.rebuilding); a store
    with no index file yet (a fresh clone) gets a new one made with sqlite3 alone, without
    importing SQLAlchemy and SQLModel for it (0.3 s of CPU; store/index/fresh.py)."""
    if store.no_index_yet():
        store.meta_dir.mkdir(exist_ok=True)
        with index.rebuilding_new(store.meta_dir / "index.sqlite", head) as rebuild:
            yield rebuild
    else:
        with index.rebuilding(store.engine, head) as rebuild:
            yield rebuild


def incremental(store: "Store", old: str, new: str) -> None:
    """Apply the records changed between two commits."""
    changed, deleted = [], []
    for ch in diff_tree(store.root, old, new):
        if not kind_of_path(ch.path):
            continue
        if ch.status == "D":
            deleted.append(ch.path)
        else:
            changed.append((ch.path, str(ch.new)))
    rows, bodies, problems = _rows(store, changed, new)
    # A record whose file no longer parses leaves the index (it is a problem now).
    deleted += [p.path for p in problems]
    problems += outside_commits(store, old, new)
    index.apply(store.engine, rows, deleted, new, bodies, problems=problems)


def _rows(store: "Store", entries: list[tuple[str, str]], commit: str):
    rows, bodies, problems = [], {}, []
    row_for = index.row_for  # looked up once: each lookup of the lazy package's name is a call
    for (path, blob), data in zip(entries, batch.read_blobs(store.root, [b for _, b in entries])):
        try:
            record = parse_path(path, data)
        except CouncilError as exc:
            # A file committed by hand that does not parse: verify reports it;
            # the index leaves it out, and says so, rather than refusing to
            # open the store.
            log.warning("not indexed: %s", exc)
            path = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            problems.append(index.Problem(key=path, path=path, at_commit=commit,
                                             message=f"does not parse, so it is left out: {exc}"))
            continue
        rows.append(row_for(record, path, blob, data.decode("utf-8")))
        bodies[record.id] = search_text(record)
    return rows, bodies, problems


def outside_commits(store: "Store", old: str, new: str) -> list["index.Problem"]:
    """Commits between ``old`` and ``new`` that break the write path's own rules.

    Every commit the write path makes is ``amend:`` or ``record:``, and a term
    file changes only in an ``amend:`` commit naming its decision.  A commit
    made with plain git (or pulled from a replica) that does not is flagged,
    so the app can warn that it is not an approved change; `council verify`
    checks the rest (quorum, thresholds, trailers).
    """
    problems = []
    for c in gitcommits.log(store.root, "--first-parent", f"{old}..{new}"):
        subject = c.subject
        kind = subject.split(":", 1)[0] if ":" in subject else ""
        terms = [p for p in c.paths if is_term_path(p)]
        if kind not in ("amend", "record"):
            why = f"its subject is neither 'amend:' nor 'record:' ({subject[:60]!r})"
        elif terms and kind != "amend":
            why = f"it changes {terms[0]} but is not an approved amendment"
        elif terms and not dict(c.trailers).get("Decision"):
            why = f"it changes {terms[0]} but names no decision"
        else:
            continue
        log.warning("commit %s not made through the write path: %s", c.sha[:10], why)
        problems.append(index.Problem(
            key=f"commit:{c.sha}", path=terms[0] if terms else "", at_commit=c.sha,
            message=f"commit {c.sha[:10]} was not made by Council and is not treated as approved: {why}; "
                    "run `council verify`"))
    return problems
