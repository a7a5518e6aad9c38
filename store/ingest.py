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
            name = path.decode("utf-8")
            if kind_of_path(name):
                entries.append((name, meta.split()[2].decode()))
    rows, bodies = _rows(store, entries)
    index.apply(store.engine, rows, [], head or "", bodies, full=True)


def incremental(store: "Store", old: str, new: str) -> None:
    """Apply the records changed between two commits."""
    out = ledger.git(store.root, "diff-tree", "-r", "-z", "--no-renames", old, new)
    parts = out.split(b"\0")
    changed, deleted = [], []
    for meta, path in zip(parts[0::2], parts[1::2]):
        if not meta:
            continue
        fields = meta.decode().split()
        name = path.decode("utf-8")
        if not kind_of_path(name):
            continue
        if fields[4] == "D":
            deleted.append(name)
        else:
            changed.append((name, fields[3]))
    rows, bodies = _rows(store, changed)
    index.apply(store.engine, rows, deleted, new, bodies)


def _rows(store: "Store", entries: list[tuple[str, str]]):
    rows, bodies = [], {}
    for (path, blob), data in zip(entries, read_blobs(store, [b for _, b in entries])):
        try:
            record = parse_path(path, data)
        except CouncilError as exc:
            # A file committed by hand that does not parse: verify reports it;
            # the index leaves it out rather than refusing to open the store.
            log.warning("not indexed: %s", exc)
            continue
        rows.append(index.row_for(record, path, blob, data.decode("utf-8")))
        bodies[record.id] = record.body
    return rows, bodies


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
