"""The network or the process going away mid-sync leaves both replicas consistent.

A sync is killed (SIGKILL, in a child process) between fetch and integrate,
in the middle of replaying our commits, and between integrate and push; the
link to the hub is cut in the middle of a fetch and of a push (a stand-in
for ssh that drops the connection after some bytes).  Each time: the store
opens, `council verify` passes, nothing that was acknowledged is lost, and
the next sync completes.
"""

from __future__ import annotations

import os
import secrets
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from council.errors import StoreError
from store.service import Store
from store.sync import replay as sync_replay
from store.sync import replicas as sync
from tests.test_sync_support import (
    Trio,
    add_risk,
    assert_consistent,
    assert_same,
    edit_meeting,
    git,
    head,
    record_decision,  # noqa: F401 (fixtures)
    trio,
    trio_template,
)

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

REPO = Path(__file__).resolve().parents[1]

KILLED_SYNC = """
import os, signal, sys
from store.sync import replicas as sync
from store.service import Store

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

point = sys.argv[2]
if point == "after-fetch":
    sync.take = die
elif point == "before-push":
    sync.send = die
elif point == "mid-replay":
    write, calls = Store.write, []
    def second_write_dies(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            die()
        return write(self, *args, **kwargs)
    Store.write = second_write_dies
store = Store.open(sys.argv[1])
sync.sync(store)
"""


def killed_sync(root: Path, point: str) -> None:
    proc = subprocess.run([sys.executable, "-c", KILLED_SYNC, str(root), point], cwd=REPO, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == -signal.SIGKILL, proc.stderr


def offline_work(t: Trio) -> None:
    add_risk(t.a, "RSK-001", "Model drift")
    sync.sync(t.a)
    record_decision(t.b, "DEC-2026-001", "Fund the pilot")
    add_risk(t.b, "RSK-002", "Data breach")


def test_killed_between_fetch_and_integrate(trio: Trio) -> None:
    offline_work(trio)
    before = head(trio.b.root)
    trio.b.close()
    killed_sync(trio.b.root, "after-fetch")
    assert head(trio.b.root, "refs/council/incoming/hub") == head(trio.hub, "main")  # fetched, held aside
    trio.b = Store.open(trio.b.root)
    assert head(trio.b.root) == before and trio.b.require("RSK-002")
    assert_consistent(trio.b)
    assert sync.sync(trio.b).pushed
    sync.sync(trio.a)
    assert_same(trio)


def test_killed_in_the_middle_of_replaying_ours(trio: Trio) -> None:
    offline_work(trio)
    before = head(trio.b.root)
    trio.b.close()
    killed_sync(trio.b.root, "mid-replay")
    assert (trio.b.root / ".council" / sync_replay.JOURNAL).exists()
    assert head(trio.b.root) != before  # half replayed: the partner's commit and one of ours
    trio.b = Store.open(trio.b.root)  # recovery puts the branch back where the sync found it
    assert head(trio.b.root) == before
    assert any("interrupted sync was undone" in note for note in trio.b.recovery_notes)
    assert not (trio.b.root / ".council" / sync_replay.JOURNAL).exists()
    assert trio.b.require("DEC-2026-001").title == "Fund the pilot" and trio.b.require("RSK-002")
    assert trio.b.get("RSK-001") is None
    assert_consistent(trio.b)
    assert head(trio.hub, "main") == head(trio.a.root)  # nothing was pushed
    assert sync.sync(trio.b).pushed
    sync.sync(trio.a)
    assert_same(trio)


def test_killed_between_integrate_and_push(trio: Trio) -> None:
    offline_work(trio)
    hub_before = head(trio.hub, "main")
    trio.b.close()
    killed_sync(trio.b.root, "before-push")
    assert head(trio.hub, "main") == hub_before
    trio.b = Store.open(trio.b.root)
    assert {r.id for r in trio.b.list("risk")} == {"RSK-001", "RSK-002"}  # integrated, not yet published
    assert_consistent(trio.b)
    assert sync.status(trio.b).state == "ahead"
    assert sync.sync(trio.b).pushed
    sync.sync(trio.a)
    assert_same(trio)


# --- the link cut mid-transfer ---------------------------------------------------------------

FAKE_SSH = """
# A stand-in for ssh on loopback: runs the git command here, relaying both ways; CUT_FETCH / CUT_PUSH
# drop the link (kill the command, close the connection) after that many bytes of a fetch / a push.
import os, subprocess, sys, threading
command = sys.argv[-1]
cut = os.environ.get("CUT_FETCH" if command.startswith("git-upload-pack") else "CUT_PUSH")
limit = int(cut) if cut else None
child = subprocess.Popen(["sh", "-c", command], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
sent = {"up": 0, "down": 0}

def relay(source, sink, key, cut_here):
    while True:
        data = os.read(source, 65536)
        if not data:
            break
        if cut_here and limit is not None and sent[key] + len(data) > limit:
            os.write(sink, data[: limit - sent[key]])
            child.kill()
            os._exit(255)
        sent[key] += len(data)
        os.write(sink, data)
    if key == "up":
        child.stdin.close()

upload = command.startswith("git-upload-pack")
threading.Thread(target=relay, args=(0, child.stdin.fileno(), "up", not upload), daemon=True).start()
relay(child.stdout.fileno(), 1, "down", upload)
os._exit(child.wait())
"""


@pytest.fixture
def over_ssh(trio: Trio, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Trio:
    script = tmp_path / "fake-ssh"
    script.write_text(f"#!{sys.executable}\n{FAKE_SSH}")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("GIT_SSH_COMMAND", str(script))
    monkeypatch.setenv("GIT_SSH_VARIANT", "simple")
    for store in (trio.a, trio.b):
        git(store.root, "remote", "set-url", "hub", f"ssh://council-hub{trio.hub}")
    return trio


def big_minutes() -> str:
    # Random words do not compress: the pack (some 30 kB) is cut in the middle, past its header.
    return "\n".join(f"Item {i}: {secrets.token_hex(40)}." for i in range(600))


def test_link_cut_during_fetch(over_ssh: Trio, monkeypatch: pytest.MonkeyPatch) -> None:
    t = over_ssh
    edit_meeting(t.a, "record the minutes", body=big_minutes())
    assert sync.sync(t.a).pushed
    add_risk(t.b, "RSK-002", "Data breach")
    before = head(t.b.root)
    monkeypatch.setenv("CUT_FETCH", "15000")
    with pytest.raises(StoreError, match="cannot fetch from hub.*nothing was changed"):
        sync.sync(t.b)
    assert head(t.b.root) == before
    assert_consistent(t.b)
    monkeypatch.delenv("CUT_FETCH")
    assert sync.sync(t.b).pushed
    sync.sync(t.a)
    assert_same(t)


def test_link_cut_during_push(over_ssh: Trio, monkeypatch: pytest.MonkeyPatch) -> None:
    t = over_ssh
    add_risk(t.a, "RSK-001", "Model drift")
    sync.sync(t.a)
    edit_meeting(t.b, "record the minutes", body=big_minutes())
    hub_before = head(t.hub, "main")
    monkeypatch.setenv("CUT_PUSH", "15000")
    with pytest.raises(StoreError, match="cannot push to hub.*safe here"):
        sync.sync(t.b)
    assert head(t.hub, "main") == hub_before
    assert git(t.hub, "fsck", "--no-dangling") == ""
    assert t.b.require("RSK-001") and t.b.require("MTG-2026-01").body.startswith("Item 0:")
    assert_consistent(t.b)
    monkeypatch.delenv("CUT_PUSH")
    assert sync.sync(t.b).pushed
    sync.sync(t.a)
    assert_same(t)
