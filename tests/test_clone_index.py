"""A clone's index is built from the records verify's walk parses (store.ingest.from_walk):
each record at HEAD is parsed once, and the index is the one a reindex builds."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

import council.fileformat
from council.records import kind_of_path
from store import index, ingest
from store.audit.verify import verify
from store.git.trees import ls_tree
from store.service import Store
from store.sync import replicas

INDEX_CONTENTS = ("SELECT id, kind, path, title, day, sensitivity, status, tier, blob, text FROM records ORDER BY id",
                  "SELECT rowid, id, kind, title, body FROM records_fts ORDER BY rowid",
                  "SELECT key, path, at_commit, message FROM problems ORDER BY key",
                  "SELECT value FROM meta WHERE key = 'indexed_commit'")


def contents(root: Path) -> list[list[tuple]]:
    with sqlite3.connect(root / ".council" / "index.sqlite") as conn:
        return [conn.execute(query).fetchall() for query in INDEX_CONTENTS]


def at_head(root: Path) -> dict[str, str | None]:
    return {p: b for p, b in ls_tree(root, "HEAD") if kind_of_path(p)}


def test_a_clone_parses_each_record_at_head_once(small_store: Store, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: Counter[tuple[str, bytes]] = Counter()
    real = council.fileformat.parse_path

    def counting(path: str, data: bytes):
        parsed[(path, data)] += 1
        return real(path, data)

    # Every parse of a record file goes through parse_path, looked up at each call.
    for module in ("council.fileformat", "store.ingest", "store.audit.treestate", "store.audit.walk"):
        monkeypatch.setattr(f"{module}.parse_path", counting)
    report = replicas.clone(str(small_store.root), tmp_path / "c")
    assert report.ok, report.failures
    files = {p: (tmp_path / "c" / p).read_bytes() for p in at_head(tmp_path / "c")}
    assert len(files) > 10
    assert {p: parsed[(p, data)] for p, data in files.items()} == dict.fromkeys(files, 1)


def test_a_clone_holds_the_index_a_reindex_builds(small_store: Store, tmp_path: Path) -> None:
    replicas.clone(str(small_store.root), tmp_path / "c")
    built = contents(tmp_path / "c")
    store = Store.open(tmp_path / "c")
    store.reindex()
    store.close()
    assert built == contents(tmp_path / "c") and len(built[0]) > 10
    assert built[3] == [(at_head_commit(tmp_path / "c"),)]


def at_head_commit(root: Path) -> str:
    store = Store.open(root)
    try:
        return str(store.head)
    finally:
        store.close()


def test_what_the_walk_never_hands_in_is_parsed_by_the_rebuild(small_store: Store, tmp_path: Path) -> None:
    """A record only a merge wrote, or one that does not parse, is never handed in by the walk:
    the rebuild reads it itself.  Here the walk hands in one row, and one at a blob not at HEAD."""
    head = str(small_store.head)
    entries = at_head(small_store.root)
    small_store.reindex()
    expected = contents(small_store.root)
    path = min(entries)
    held = index.contents(small_store.engine, [path], set()).rows[path]
    body = index.contents(small_store.engine, [path], {held.id}).search[held.id][2]
    stale = dataclasses.replace(held, blob="0" * 40, title="stale")
    with small_store.lock(), ingest.from_walk(small_store, head, entries) as take:
        take(stale, "stale")  # not the blob at HEAD: left for the rebuild to read
        take(held, body)
        take(held, "twice")  # a path handed in twice is taken once
    assert contents(small_store.root) == expected
    assert verify(small_store, full=True).ok


def test_a_failing_walk_leaves_the_index_as_it_was(small_store: Store) -> None:
    small_store.reindex()
    before = contents(small_store.root)
    with pytest.raises(RuntimeError), small_store.lock(), \
            ingest.from_walk(small_store, str(small_store.head), at_head(small_store.root)):
        raise RuntimeError("the walk failed")
    assert contents(small_store.root) == before
