"""Recovery, one leftover at a time: each is cleared on open, logged, and leaves the
store clean and writable.  Plus the Conflict retry and the crash points themselves."""

from __future__ import annotations

import json
import logging
import re
import subprocess
from pathlib import Path

import pytest

from council.errors import Conflict
from council.records import Member
from store import faults, index
from store.audit.verify import verify
from store.git import objects as gitobjects
from store.git import refs
from store.service import Store
from store.write import journal as write_journal
from store.write.change import Change


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def reopen(store: Store) -> Store:
    store.close()
    return Store.open(store.root)


def assert_clean(store: Store) -> None:
    assert git(store.root, "status", "--porcelain", "--untracked-files=all") == ""
    assert index.indexed_commit(store.engine) == store.head
    assert not (store.meta_dir / write_journal.JOURNAL).exists()
    assert verify(store, fsck=True).ok
    member = store.require("ben")
    assert isinstance(member, Member)
    store.write(Change("still writable", [member.replace(email=f"ben{len(store.head or '')}@x.example")]))


def test_stale_git_locks_are_removed_and_logged(small_store: Store, caplog: pytest.LogCaptureFixture) -> None:
    git_dir = small_store.git_dir
    (git_dir / "index.lock").write_bytes((git_dir / "index").read_bytes()[:100])  # as a killed git leaves it
    (git_dir / "refs" / "heads" / "main.lock").write_text(small_store.head + "\n")
    with caplog.at_level(logging.WARNING, logger="council.store"):
        store = reopen(small_store)
    assert any("index.lock" in n for n in store.recovery_notes)
    assert any("main.lock" in n for n in store.recovery_notes)
    assert "stale git lock" in caplog.text
    assert_clean(store)
    store.close()


def test_a_git_lock_that_goes_away_is_waited_for_not_removed(small_store: Store) -> None:
    lock = small_store.git_dir / "index.lock"
    lock.write_text("busy")
    proc = subprocess.Popen(["sh", "-c", f"sleep 0.2; rm -f '{lock}'"])
    assert write_journal.settle_lock(lock, wait=5) is False  # it went: nobody's lock was broken
    proc.wait()


def test_half_written_objects_are_removed(small_store: Store) -> None:
    objects = small_store.git_dir / "objects"
    (objects / f"{gitobjects.TEMP_PREFIX}999_abcdef").write_bytes(b"x\x9c half")
    store = reopen(small_store)
    assert any("half-written git object" in n for n in store.recovery_notes)
    assert not [p for p in objects.iterdir() if p.name.startswith(gitobjects.TEMP_PREFIX)]
    assert_clean(store)
    store.close()


def test_journal_of_a_change_that_never_landed_is_dropped(small_store: Store) -> None:
    journal = small_store.meta_dir / write_journal.JOURNAL
    journal.write_text(json.dumps({"commit": "f" * 40, "parent": small_store.head, "paths": ["members/ben.md"]}))
    (small_store.meta_dir / ".journal.json.tmp4242").write_text("{")
    (small_store.root / "members" / ".ben.md.tmp4242").write_text("half")
    store = reopen(small_store)
    assert any("never reached git" in n for n in store.recovery_notes)
    assert not list(store.meta_dir.glob(".*tmp*")) and not (store.root / "members" / ".ben.md.tmp4242").exists()
    assert_clean(store)
    store.close()


def test_index_behind_head_is_caught_up(small_store: Store) -> None:
    path = small_store.root / "members" / "ben.md"
    path.write_text(path.read_text().replace("ben@hosp.example", "benito@hosp.example"))
    git(small_store.root, "commit", "-qam", "record: update ben's email")
    store = reopen(small_store)
    assert any("index caught up" in n for n in store.recovery_notes)
    assert store.require("ben").email == "benito@hosp.example"
    assert store.problems() == []  # a well-formed record: commit is fine for the app
    assert_clean(store)
    store.close()


def test_a_change_committed_but_not_finished_is_finished_on_open(small_store: Store,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the commit point a failing step (here git's index update) does not undo
    the change: it is acknowledged with a warning and the next open finishes it."""
    def no_staging(store: Store, paths: list[str]) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(write_journal, "_stage", no_staging)
        member = small_store.require("ben")
        done = small_store.write(Change("update ben", [member.replace(email="late@hosp.example")]))
    assert done.warnings and "committed" in done.warnings[0]
    assert small_store.head == done.commit and (small_store.meta_dir / write_journal.JOURNAL).exists()
    store = reopen(small_store)
    assert any("finished an interrupted write" in n for n in store.recovery_notes)
    assert store.require("ben").email == "late@hosp.example"
    assert_clean(store)
    store.close()


def _outside_commit(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    file.write_text(file.read_text().replace(old, new))
    git(root, "commit", "-qam", f"record: edit {path} outside Council")


def test_conflict_is_retried_when_the_other_commit_touched_other_files(small_store: Store,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    real, calls = refs.move_branch, []

    def racing(work: Path, new: str, old: str | None, reason: str, **kw) -> None:
        if not calls:
            _outside_commit(work, "members/cy.md", "cy@hosp.example", "cyrus@hosp.example")
        calls.append(new)
        return real(work, new, old, reason, **kw)

    monkeypatch.setattr(refs, "move_branch", racing)
    member = small_store.require("ben")
    outside = None
    done = small_store.write(Change("update ben", [member.replace(email="b2@hosp.example")]))
    outside = git(small_store.root, "rev-parse", "HEAD~1").strip()
    assert len(calls) == 2 and git(small_store.root, "log", "-1", "--format=%s", outside).startswith("record: edit")
    assert small_store.require("ben").email == "b2@hosp.example"
    assert small_store.require("cy").email == "cyrus@hosp.example"  # the other change is kept
    assert done.paths == ("members/ben.md",)
    assert_clean(small_store)


def test_conflict_on_the_same_file_is_surfaced_and_nothing_written(small_store: Store,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    real = refs.move_branch

    def racing(work: Path, new: str, old: str | None, reason: str, **kw) -> None:
        _outside_commit(work, "members/ben.md", "ben@hosp.example", "someone@hosp.example")
        monkeypatch.setattr(refs, "move_branch", real)
        return real(work, new, old, reason, **kw)

    monkeypatch.setattr(refs, "move_branch", racing)
    member = small_store.require("ben")
    with pytest.raises(Conflict, match="members/ben.md was changed by someone else"):
        small_store.write(Change("update ben", [member.replace(email="mine@hosp.example")]))
    assert small_store.require("ben").email == "someone@hosp.example"
    assert not (small_store.meta_dir / write_journal.JOURNAL).exists()
    assert_clean(small_store)


def test_stale_base_is_a_conflict_not_a_lost_update(small_store: Store) -> None:
    base = small_store.version
    ben = small_store.require("ben")
    small_store.write(Change("first writer", [ben.replace(email="first@hosp.example")]))
    head = small_store.head
    with pytest.raises(Conflict, match="members/ben.md"):
        small_store.write(Change("second writer", [ben.replace(name="Ben Ito-Stale")], base=base))
    assert small_store.head == head and small_store.require("ben").email == "first@hosp.example"
    cy = small_store.require("cy")  # a stale base is fine for a file nobody else changed
    small_store.write(Change("third writer", [cy.replace(email="c3@hosp.example")], base=base))


def test_every_crash_point_is_in_the_write_path() -> None:
    """A point listed but never called would make a crash test that never crashes.

    The git gateway (store/git/) takes the hook as a parameter (``point``), so
    its calls read ``point("...")`` or ``self.point("...")``.
    """
    source = "".join(p.read_text() for p in Path(faults.__file__).parent.rglob("*.py"))  # all of store/
    called = set(re.findall(r'\bpoint\("([a-z.]+)"\)', source))
    assert called == set(faults.POINTS)


def test_fault_spec_is_checked() -> None:
    with pytest.raises(ValueError, match="unknown crash point"):
        faults.configure("ref.mvoed:1")
    faults.configure("")
    faults.point("ref.moved")  # disarmed: a no-op
