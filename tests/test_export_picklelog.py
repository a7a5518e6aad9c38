"""The export caches' file of frames (exports.picklelog): appended while an export only adds,
rewritten whole when it holds too much that is stale, too many frames, or what cannot be read."""

from __future__ import annotations

import pickle
from pathlib import Path

from exports import picklelog
from exports.cache import RecordCache


def frames(path: Path) -> list[tuple[object, dict]]:
    out = []
    with open(path, "rb") as fh:
        while fh.peek(1):
            out.append(pickle.load(fh))
    return out


def saved(path: Path, entries: dict, context: str = "c") -> picklelog.Loaded:
    loaded = picklelog.load(path, context)
    loaded.entries.update(entries)
    picklelog.save(path, context, loaded, entries, set(loaded.entries))
    return picklelog.load(path, context)


def test_a_new_file_holds_one_frame_and_what_it_was_given(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    loaded = saved(path, {"a": 1, "b": 2})
    assert (loaded.entries, loaded.frames, loaded.sound) == ({"a": 1, "b": 2}, 1, True)


def test_an_export_that_only_adds_appends_a_frame(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    saved(path, {f"k{i}": i for i in range(10)})
    first = path.read_bytes()
    loaded = saved(path, {"new": 99})
    assert path.read_bytes().startswith(first)
    assert loaded.frames == 2 and loaded.entries["new"] == 99 and len(loaded.entries) == 11


def test_nothing_added_and_nothing_stale_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    saved(path, {"a": 1})
    before = path.stat().st_mtime_ns, path.read_bytes()
    loaded = picklelog.load(path, "c")
    picklelog.save(path, "c", loaded, {}, {"a"})
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_too_many_stale_entries_rewrite_the_file_with_the_used_ones(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    saved(path, {f"k{i}": i for i in range(8)})
    loaded = picklelog.load(path, "c")
    picklelog.save(path, "c", loaded, {}, {"k0", "k1", "k2", "k3", "k4", "k5"})  # 2 of 8 stale: over 1 in 4
    assert frames(path) == [("c", {f"k{i}": i for i in range(6)})]


def test_a_few_stale_entries_wait_for_a_later_rewrite(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    saved(path, {f"k{i}": i for i in range(8)})
    loaded = picklelog.load(path, "c")
    loaded.entries["new"] = 8
    picklelog.save(path, "c", loaded, {"new": 8}, {f"k{i}" for i in range(1, 8)} | {"new"})  # k0 stale
    assert [f[1] for f in frames(path)] == [{f"k{i}": i for i in range(8)}, {"new": 8}]


def test_compact_drops_the_stale_entries_at_once(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    saved(path, {f"k{i}": i for i in range(8)})
    loaded = picklelog.load(path, "c")
    picklelog.save(path, "c", loaded, {}, {f"k{i}" for i in range(1, 8)}, compact=True)
    assert frames(path) == [("c", {f"k{i}": i for i in range(1, 8)})]


def test_the_frames_are_merged_into_one_when_there_are_too_many(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    for i in range(picklelog.MAX_FRAMES + 1):
        saved(path, {f"k{i}": i})
    assert frames(path) == [("c", {f"k{i}": i for i in range(picklelog.MAX_FRAMES + 1)})]


def test_a_frame_cut_short_keeps_the_frames_before_it_and_the_next_save_rewrites(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    saved(path, {"a": 1})
    saved(path, {"b": 2})
    path.write_bytes(path.read_bytes()[:-3])  # a crash in the middle of the second append
    loaded = picklelog.load(path, "c")
    assert (loaded.entries, loaded.sound) == ({"a": 1}, False)
    loaded.entries["c"] = 3
    picklelog.save(path, "c", loaded, {"c": 3}, {"a", "c"})
    assert frames(path) == [("c", {"a": 1, "c": 3})]


def test_another_contexts_file_gives_nothing_and_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    saved(path, {"secret": "other audience"}, context="partners")
    loaded = picklelog.load(path, "public")
    assert (loaded.entries, loaded.sound) == ({}, False)
    picklelog.save(path, "public", loaded, {}, set())
    assert frames(path) == [("public", {})]


def test_a_frame_of_another_context_after_the_first_ends_the_reading(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    saved(path, {"a": 1})
    with open(path, "ab") as fh:
        pickle.dump(("partners", {"secret": "x"}), fh)
    loaded = picklelog.load(path, "c")
    assert (loaded.entries, loaded.sound) == ({"a": 1}, False)


def test_the_record_cache_keeps_what_one_export_parsed_afresh(tmp_path: Path) -> None:
    from council.records import Clause

    cache = RecordCache(tmp_path)
    cache.put("blob1", Clause(id="1", title="Purpose", body="To do good."))
    cache.save({"blob1"})
    again = RecordCache(tmp_path)
    assert again.get("blob1") == Clause(id="1", title="Purpose", body="To do good.")
    again.put("blob2", Clause(id="2", title="Scope", body="Here."))
    again.save({"blob1", "blob2"})
    assert RecordCache(tmp_path).loaded.frames == 2
