"""Bring the SQLite index to a commit: from scratch, or by the diff since the last one.

The same ingest handles a crash between commit and index update, a `git pull`
from a partner's replica, a `git revert` and a fresh clone.
"""

from __future__ import annotations

import logging
import subprocess
from typing import TYPE_CHECKING, Iterator

from council.errors import CouncilError
from council.fileformat import parse_path
from council.records import kind_of_path
from store import index, ledger

if TYPE_CHECKING:
    from store.service import Store

log = logging.getLogger("council.store")


def is_ancestor(store: "Store", old: str, new: str) -> bool:
    proc = subprocess.run(["git", "merge-base", "--is-ancestor", old, new], cwd=store.root,
                          capture_output=True)
    return proc.returncode == 0


def full(store: "Store", head: str | None) -> None:
    """Rebuild the whole index from the tree at ``head``."""
    entries: list[tuple[str, str]] = []
    if head:
        out = ledger.git(store.root, "ls-tree", "-r", "-z", head)
        for item in out.split(b"\0"):
            if not item:
                continue
            meta, path = item.split(b"\t", 1)
            name = path.decode("utf-8", "surrogateescape")
            if kind_of_path(name):
                entries.append((name, meta.split()[2].decode()))
    rows, bodies, problems = _rows(store, entries, head or "")
    index.apply(store.engine, rows, [], head or "", bodies, full=True, problems=problems)


def incremental(store: "Store", old: str, new: str) -> None:
    """Apply the records changed between two commits."""
    out = ledger.git(store.root, "diff-tree", "-r", "-z", "--no-renames", old, new)
    parts = out.split(b"\0")
    changed, deleted = [], []
    for meta, path in zip(parts[0::2], parts[1::2]):
        if not meta:
            continue
        fields = meta.decode().split()
        name = path.decode("utf-8", "surrogateescape")
        if not kind_of_path(name):
            continue
        if fields[4] == "D":
            deleted.append(name)
        else:
            changed.append((name, fields[3]))
    rows, bodies, problems = _rows(store, changed, new)
    # A record whose file no longer parses leaves the index (it is a problem now).
    deleted += [p.path for p in problems]
    problems += outside_commits(store, old, new)
    index.apply(store.engine, rows, deleted, new, bodies, problems=problems)


def _rows(store: "Store", entries: list[tuple[str, str]], commit: str):
    rows, bodies, problems = [], {}, []
    for (path, blob), data in zip(entries, read_blobs(store, [b for _, b in entries])):
        try:
            record = parse_path(path, data)
        except CouncilError as exc:
            # A file committed by hand that does not parse: verify reports it;
            # the index leaves it out, and says so, rather than refusing to
            # open the store.
            log.warning("not indexed: %s", exc)
            path = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            problems.append(index.ProblemRow(key=path, path=path, at_commit=commit,
                                             message=f"does not parse, so it is left out: {exc}"))
            continue
        rows.append(index.row_for(record, path, blob, data.decode("utf-8")))
        bodies[record.id] = record.body
    return rows, bodies, problems


def outside_commits(store: "Store", old: str, new: str) -> list["index.ProblemRow"]:
    """Commits between ``old`` and ``new`` that break the write path's own rules.

    Every commit the write path makes is ``amend:`` or ``record:``, and a term
    file changes only in an ``amend:`` commit naming its decision.  A commit
    made with plain git (or pulled from a replica) that does not is flagged,
    so the app can warn that it is not an approved change; `council verify`
    checks the rest (quorum, thresholds, trailers).
    """
    from store.gitread import commit_log, trailers

    problems = []
    for entry in commit_log(store.root, f"{old}..{new}"):
        subject = entry["message"].split("\n", 1)[0]
        kind = subject.split(":", 1)[0] if ":" in subject else ""
        terms = [p for s, p in entry["changes"] if _is_term(p)]
        if kind not in ("amend", "record"):
            why = f"its subject is neither 'amend:' nor 'record:' ({subject[:60]!r})"
        elif terms and kind != "amend":
            why = f"it changes {terms[0]} but is not an approved amendment"
        elif terms and not dict(trailers(entry["message"])).get("Decision"):
            why = f"it changes {terms[0]} but names no decision"
        else:
            continue
        sha = entry["commit"]
        log.warning("commit %s not made through the write path: %s", sha[:10], why)
        problems.append(index.ProblemRow(
            key=f"commit:{sha}", path=terms[0] if terms else "", at_commit=sha,
            message=f"commit {sha[:10]} was not made by Council and is not treated as approved: {why}; "
                    "run `council verify`"))
    return problems


def _is_term(path: str) -> bool:
    from council.records import KINDS

    kind = kind_of_path(path)
    return kind is not None and KINDS[kind].TERM


def read_blobs(store: "Store", shas: list[str]) -> Iterator[bytes]:
    """Blob contents in order, streamed through one `git cat-file --batch`."""
    if not shas:
        return
    proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=store.root,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        import threading

        def feed() -> None:
            assert proc.stdin is not None
            proc.stdin.write(("\n".join(shas) + "\n").encode())
            proc.stdin.close()

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        assert proc.stdout is not None
        for _ in shas:
            header = proc.stdout.readline().split()
            size = int(header[2])
            data = proc.stdout.read(size)
            proc.stdout.read(1)
            yield data
        writer.join()
    finally:
        proc.stdout.close() if proc.stdout else None
        proc.wait()
