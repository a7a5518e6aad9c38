"""`council verify --full` streams: it keeps per-record state, never every record version it read
(issue 18: 1.4 GB at 100,000 decisions when the walk kept its parsed records and the index
check read the whole index at once).

Structural, not timed and not measured in MB: on a generated store of a few hundred commits,
with the caches' bounds turned down, count the parsed records still alive after the walk
and the index rows read at once.
"""

from __future__ import annotations

import sqlite3
import weakref
from pathlib import Path

import pytest

from council.records import Record
from store.audit import treestate
from store.audit.verify import verify
from store.index import plain
from store.service import Store
from tests.perf import generate

PARSED, FOLDERS, CHUNK = 8, 2, 16


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("memory") / "store"
    generate.generate(root, 320)  # (300 trips a generator bug: a mover seconding itself)
    return root


@pytest.fixture
def bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(treestate, "PARSED_LIMIT", PARSED)
    monkeypatch.setattr(treestate, "FOLDER_LIMIT", FOLDERS)
    monkeypatch.setattr(plain, "STREAM_CHUNK", CHUNK)


def _watch_parses(monkeypatch: pytest.MonkeyPatch) -> list[weakref.ref[Record]]:
    """Every record the walk parses, held weakly: what is still alive was kept by someone."""
    seen: list[weakref.ref[Record]] = []
    parse = treestate.parse_path

    def watched(path: str, data: bytes) -> Record:
        record = parse(path, data)
        seen.append(weakref.ref(record))
        return record

    monkeypatch.setattr(treestate, "parse_path", watched)
    return seen


def test_the_full_walk_keeps_a_bounded_number_of_parsed_records(
        generated: Path, bounded: None, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _watch_parses(monkeypatch)
    kept: list[int] = []
    leave = treestate.HistoryReader.leave

    def leaving(self: treestate.HistoryReader) -> None:
        leave(self)
        kept.append(sum(r() is not None for r in seen[-200:]))  # the recent ones: cheap enough per commit

    monkeypatch.setattr(treestate.HistoryReader, "leave", leaving)
    store = Store.open(generated)
    report = verify(store, fsck=False, full=True, save=False)
    assert report.ok, report.failures
    assert report.commits > 300 and len(seen) > 300  # a walk long enough for a leak to show
    # Alive at any step: the records cached (PARSED), the charter and membership versions kept
    # (FOLDERS, each a folder of records) and the commit's own: never a growing share.
    folder_records = len(list((generated / "charter").rglob("*.md"))) + len(list((generated / "members").rglob("*.md")))
    bound = PARSED + 2 * FOLDERS * folder_records + 20
    assert max(kept) <= bound, (max(kept), bound)
    assert sum(r() is not None for r in seen) <= bound + folder_records


def test_the_index_is_compared_a_chunk_at_a_time_and_tampering_is_still_named(
        generated: Path, bounded: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = generate.work_copy(generated, tmp_path / "store")
    store = Store.open(root)
    assert verify(store, fsck=False, full=True, save=False).ok
    store.close()
    # A row far into the path order edited by hand, and a full-text row no record owns.
    db = root / ".council" / "index.sqlite"
    with sqlite3.connect(db) as conn:
        victim = conn.execute("SELECT id FROM records ORDER BY path DESC LIMIT 1").fetchone()[0]
        conn.execute("UPDATE records SET title = 'edited' WHERE id = ?", (victim,))
        conn.execute("INSERT INTO records_fts (rowid, id, kind, title, body) VALUES (7, 'GHOST-1', 'decision', '', '')")
    sizes: list[int] = []
    stream = plain.stream_contents

    def watched(conn: sqlite3.Connection, paths):  # type: ignore[no-untyped-def]
        for part, held in stream(conn, paths):
            sizes.append(len(held.rows))
            yield part, held

    monkeypatch.setattr(plain, "stream_contents", watched)
    report = verify(Store.open(root), fsck=False, full=True, save=False)
    found = {(f.record, f.rule) for f in report.failures}
    assert (victim, "index-matches") in found and ("GHOST-1", "index-matches") in found, report.failures
    assert len(sizes) > 10 and max(sizes) <= CHUNK
