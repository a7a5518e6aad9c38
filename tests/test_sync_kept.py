"""A sync conflict settled by keeping the version in force is a write like any other.

`council resolve ID --theirs` (or `--ours`, when ours is the version in
force) changes no file: it records, in a ``record:`` commit, which version
was kept and where the other one is.  That commit takes the store's one
write path: a journal names it before the branch moves, so a crash at any
point is finished or undone by the next open; it passes the signing step;
and the index follows it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from store.service import Store
from store.sync import conflicts as sync_conflicts
from store.sync import replicas as sync
from store.write import journal as write_journal
from store.write import signing
from tests.test_sync_support import Trio, add_risk, assert_consistent, edit_meeting, git, head, trio, trio_template  # noqa: F401

REPO = Path(__file__).resolve().parents[1]

KEEP_THEIRS = """
import sys
from store.sync import conflicts as sync_conflicts
from store.service import Store

store = Store.open(sys.argv[1])
sync_conflicts.resolve(store, "MTG-2026-01", "theirs")
"""


def _conflict_on_b(t: Trio) -> None:
    """MTG-2026-01 changed on both replicas; b synced, so the partner's version is in force there."""
    edit_meeting(t.b, "correct the meeting's title", title="Regular meeting (spring)")
    edit_meeting(t.a, "record the minutes of MTG-2026-01", body="The council met.\nIt heard the report.")
    add_risk(t.b, "RSK-002", "Data breach")
    sync.sync(t.a)
    result = sync.sync(t.b)
    assert [c.record for c in result.integration.conflicts] == ["MTG-2026-01"]


def _keep_theirs_killed_at(root: Path, point: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COUNCIL_FAULT": f"{point}:1"}
    return subprocess.run([sys.executable, "-c", KEEP_THEIRS, str(root)], cwd=REPO, capture_output=True,
                          text=True, env=env)


@pytest.mark.slow
def test_a_crash_before_the_commit_point_drops_the_kept_resolution(trio: Trio) -> None:
    _conflict_on_b(trio)
    before = head(trio.b.root)
    trio.b.close()
    proc = _keep_theirs_killed_at(trio.b.root, "journal.written")
    assert proc.returncode == -signal.SIGKILL, proc.stderr  # the journal is written: the write path's step
    store = Store.open(trio.b.root)
    try:
        assert any("dropped an interrupted change" in n for n in store.recovery_notes), store.recovery_notes
        assert head(store.root) == before
        assert [e.id for e in sync_conflicts.pending(store)] == ["MTG-2026-01"]  # still to settle
        done = sync_conflicts.resolve(store, "MTG-2026-01", "theirs")
        assert head(store.root) == done.commit and not sync_conflicts.pending(store)
        assert_consistent(store)
    finally:
        store.close()


@pytest.mark.slow
def test_a_crash_after_the_commit_point_is_finished_on_the_next_open(trio: Trio) -> None:
    _conflict_on_b(trio)
    before = head(trio.b.root)
    trio.b.close()
    proc = _keep_theirs_killed_at(trio.b.root, "ref.moved")
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert (trio.b.meta_dir / write_journal.JOURNAL).exists()  # the journal outlives the crash
    store = Store.open(trio.b.root)
    try:
        assert any("finished an interrupted write" in n for n in store.recovery_notes), store.recovery_notes
        assert not (store.meta_dir / write_journal.JOURNAL).exists()
        kept = git(store.root, "log", "-1", "--format=%P %s").split(" ", 1)
        assert kept == [before, "record: resolve the sync conflict on MTG-2026-01: keep theirs\n"]
        assert store.version == head(store.root)  # the index followed the commit
        assert_consistent(store)
    finally:
        store.close()


def test_the_kept_resolution_passes_the_signing_step(trio: Trio, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only ``amend:`` commits are signed (docs/signing.md); a kept resolution is a ``record:``
    commit, so it is made unsigned, but by the same step that signs an amendment."""
    _conflict_on_b(trio)
    real, seen = signing.commit_bytes, []

    def spy(store, tree, parent, who, when, message, files):
        seen.append((message.split("\n", 1)[0], dict(files)))
        return real(store, tree, parent, who, when, message, files)

    monkeypatch.setattr(signing, "commit_bytes", spy)
    before = head(trio.b.root)
    done = sync_conflicts.resolve(trio.b, "MTG-2026-01", "theirs")
    assert seen == [("record: resolve the sync conflict on MTG-2026-01: keep theirs", {})]
    assert done.paths == () and git(trio.b.root, "diff", "--stat", before, done.commit) == ""
    assert b"\ngpgsig " not in git(trio.b.root, "cat-file", "commit", done.commit).encode()
    assert "Recorded-by: " in done.message
    assert_consistent(trio.b)
