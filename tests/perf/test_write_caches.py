"""The write path's caches (parsed trees, kept members and clauses) never go stale."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

from store.git import objects as gitobjects
from store.git import trees
from store.service import Store
from store.write.change import Change


def _plain_build(objects: gitobjects.ObjectStore, base: str | None, changes: dict[str, bytes | None]) -> str:
    grouped: dict[str, dict[str, bytes | None]] = {}
    files: dict[str, bytes | None] = {}
    for path, content in changes.items():
        head, _, rest = path.partition("/")
        if rest:
            grouped.setdefault(head, {})[rest] = content
        else:
            files[head] = content
    entries = trees.parse_tree(objects.read(base)[1]) if base else {}
    for name, content in files.items():
        if content is None:
            entries.pop(name, None)
        else:
            entries[name] = (trees.FILE_MODE, objects.write("blob", content))
    for name, sub in grouped.items():
        old = entries.get(name)
        sha = _plain_build(objects, old[1] if old and old[0] == trees.TREE_MODE else None, sub)
        if sha == trees.EMPTY_TREE:
            entries.pop(name, None)
        else:
            entries[name] = (trees.TREE_MODE, sha)
    return objects.write("tree", trees.serialise_tree(entries))


def test_cached_trees_match_a_plain_rebuild(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    objects = gitobjects.ObjectStore(tmp_path / ".git")
    rng = random.Random(1)
    names = ["a", "a.b", "a-b", "b", "a/x", "a.b/y", "c/d/e", "c/d.e", "c-d", "x y", "é", "c/d/f"]
    tree = None
    for step in range(300):
        changes = {rng.choice(names): None if rng.random() < 0.3 else str(rng.random()).encode()
                   for _ in range(rng.randint(1, 4))}
        expected = _plain_build(objects, tree, changes)
        assert trees.build_tree(objects, tree, changes) == expected, (step, changes)
        tree = expected
        if step % 50 == 0:
            objects._trees.clear()
    assert subprocess.run(["git", "-C", str(tmp_path), "fsck", "--no-dangling"]).returncode == 0


def test_kept_members_and_clauses_follow_every_write(small_store: Store) -> None:
    from tests.conftest import amend_clause

    store = small_store
    store.context()  # keep them
    member = store.members()[0]
    store.write(Change("rename", [member.replace(name=member.name + " Jr")]))
    fresh = Store.open(store.root)
    assert store.members() == fresh.members()
    assert any(m.name == member.name + " Jr" for m in store.members())
    clause_id = fresh.clauses()[0].id
    amend_clause(fresh, clause_id, "Amended by another writer.")  # through another Store object
    fresh.close()
    again = Store.open(store.root)
    assert [c.body for c in store.clauses()] == [c.body for c in again.clauses()]
    assert store.require(clause_id).body == "Amended by another writer."
    again.close()
