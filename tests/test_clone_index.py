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


def test_a_new_index_file_is_the_one_the_engine_makes(tmp_path: Path) -> None:
    """store/index/fresh.py makes the file with sqlite3 alone: the same tables, indexes,
    triggers and meta as SQLModel's tables and the named migrations."""
    from store.index import fresh, open_index

    open_index(tmp_path / "engine.sqlite").dispose()
    with sqlite3.connect(tmp_path / "plain.sqlite", isolation_level=None) as conn:
        conn.execute("BEGIN")
        fresh.create(conn)
        conn.execute("COMMIT")
    made = []
    for name in ("engine.sqlite", "plain.sqlite"):
        with sqlite3.connect(tmp_path / name) as conn:
            made.append((set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")),
                         {k: v for k, v in conn.execute("SELECT key, value FROM meta")
                          if not k.startswith("migration:") and k != "row_edits_file"},
                         sorted(k for (k,) in conn.execute("SELECT key FROM meta"))))
    assert made[0] == made[1]
    assert any(t == "trigger" for t, *_ in made[0][0]) and "migration:edit-tally" in made[0][2]


PROBE = """
import json, sys
from pathlib import Path
from store.sync import replicas
replicas.clone(sys.argv[1], Path(sys.argv[2]))
print(json.dumps(sorted(sys.modules)))
"""


def test_a_clone_imports_neither_sqlalchemy_nor_sqlmodel(small_store: Store, tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", PROBE, str(small_store.root), str(tmp_path / "c")],
                          capture_output=True, text=True, cwd=Path(__file__).parents[1])
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert [m for m in loaded if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "pydantic")] == []
    store = Store.open(tmp_path / "c")
    assert store.version == store.head and verify(store, full=True).ok
    store.close()


def test_the_reindex_of_a_fresh_clone_makes_its_index_with_sqlite3_alone(small_store: Store, tmp_path: Path) -> None:
    import subprocess

    from tests.test_fast_paths import run_council

    subprocess.run(["git", "clone", "-q", str(small_store.root), str(tmp_path / "c")], check=True)
    printed, loaded = run_council(tmp_path / "c", "reindex")
    assert f"Indexed {len(at_head(tmp_path / 'c'))} records" in printed
    assert [m for m in loaded if m.split(".")[0] in ("sqlalchemy", "sqlmodel")] == []
    small_store.reindex()
    assert contents(tmp_path / "c")[:3] == contents(small_store.root)[:3]
