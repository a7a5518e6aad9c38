"""Several processes writing to one store at once: each write lands whole or gets
"store is busy"; nothing is lost, nothing interleaved, and git and the index agree
with what was acknowledged."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from council.errors import StoreBusy
from store.audit.verify import verify
from store.service import Store
from tests.conftest import make_small_store
from tests.reliability import hammer

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

HAMMER = Path(hammer.__file__)
WORKERS = 4
WRITES = 8
SHORT_WAIT = 0.02  # two of the workers give up quickly, so that some writes are refused as busy
LONG_WAIT = 600  # the others would rather wait than give up, however busy the machine is


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def run_workers(root: Path) -> list[str]:
    procs = []
    for worker in range(1, WORKERS + 1):
        env = dict(os.environ)
        env["COUNCIL_LOCK_WAIT"] = str(SHORT_WAIT if worker > WORKERS // 2 else LONG_WAIT)
        procs.append(subprocess.Popen([sys.executable, str(HAMMER), str(root), str(worker), str(WRITES)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env))
    lines = []
    for proc in procs:
        out, err = proc.communicate(timeout=1800)
        assert proc.returncode == 0, err[-2000:]
        lines += out.splitlines()
    return lines


def test_writers_hammering_one_store_lose_nothing(tmp_path: Path) -> None:
    store = make_small_store(tmp_path / "store")
    root, base = store.root, store.head
    store.close()

    lines = run_workers(root)
    acks = {(int(w), int(i)): sha for word, w, i, sha, _ in (l.split() for l in lines if l.startswith("ACK"))}
    busy = {(int(w), int(i)): float(s) for word, w, i, s in (l.split() for l in lines if l.startswith("BUSY"))}
    conflicts = sum(int(l.split()[4]) for l in lines if l.startswith("ACK"))
    print(f"{WORKERS} writers, {len(acks)} writes acknowledged, {len(busy)} refused as busy, "
          f"{conflicts} stale changes refused and rebuilt")
    assert len(acks) + len(busy) == WORKERS * WRITES and not set(acks) & set(busy)
    assert all(seconds >= SHORT_WAIT for seconds in busy.values()), busy  # waited its wait, then said so
    assert all(w > WORKERS // 2 for w, _ in busy), "a worker willing to wait was refused as busy"

    # git holds exactly the acknowledged commits, one change each, whole.
    log = git(root, "log", "--format=%H %s", f"{base}..HEAD").splitlines()
    assert sorted(l.split()[0] for l in log) == sorted(acks.values())
    for sha, (w, i) in {sha: key for key, sha in acks.items()}.items():
        subject = git(root, "log", "-1", "--format=%s", sha).strip()
        files = git(root, "diff-tree", "-r", "--no-commit-id", "--name-only", sha).split()
        assert subject == f"record: w{w} write {i}"
        assert sorted(files) == sorted([f"disputes/{hammer.dispute_id(w, i)}.md", "meetings/2026/MTG-2026-01.md"])

    # The index agrees, and every acknowledged line is in the minutes exactly once.
    reopened = Store.open(root)
    try:
        assert {d.id for d in reopened.list("disputes")} == {hammer.dispute_id(w, i) for w, i in acks}
        minutes = reopened.require("MTG-2026-01").body.splitlines()
        written = [l for l in minutes if l.startswith("- w")]
        assert sorted(written) == sorted(hammer.line(w, i) for w, i in acks)
        assert verify(reopened, fsck=True).ok
        assert reopened.problems() == []
    finally:
        reopened.close()
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""


def test_a_writer_that_cannot_get_the_lock_says_busy_and_writes_nothing(small_store: Store) -> None:
    root, head = small_store.root, small_store.head
    env = {**os.environ, "COUNCIL_LOCK_WAIT": "0.3"}
    with small_store.lock():
        proc = subprocess.run([sys.executable, str(HAMMER), str(root), "1", "1"], capture_output=True,
                              text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("BUSY 1 1 ")
    # It gave up once its configured wait was over, by the store's clock (how
    # long that took on the wall depends on the machine's load, not on us).
    assert float(proc.stdout.split()[3]) >= 0.3
    assert small_store.head == head
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""


def test_busy_message_is_clear(small_store: Store) -> None:
    other = Store.open(small_store.root)  # a second writer on the same store
    try:
        with small_store.lock():
            with pytest.raises(StoreBusy, match="store is busy.*nothing was written"):
                with other.lock(wait=0.05):
                    pass
    finally:
        other.close()


class FakeClock:
    """A clock that moves only when the waiter sleeps: no wall time involved."""

    def __init__(self) -> None:
        self.now, self.naps = 100.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.naps.append(seconds)
        self.now += seconds


def test_a_waiter_gives_up_after_exactly_its_wait_and_says_how_long_it_waited(small_store: Store) -> None:
    other = Store.open(small_store.root)
    clock = FakeClock()
    other.clock, other.sleep = clock, clock.sleep
    try:
        with small_store.lock():
            with pytest.raises(StoreBusy) as busy:
                with other.lock(wait=2.5):
                    pass
    finally:
        other.close()
    assert busy.value.waited == pytest.approx(2.5)
    assert "this writer waited 2.5 s" in str(busy.value)
    assert len(clock.naps) >= 2 and max(clock.naps) <= 0.02 + 1e-9  # it kept trying, briefly each time


def test_a_waiter_gets_the_lock_as_soon_as_the_holder_lets_go(small_store: Store) -> None:
    other = Store.open(small_store.root)
    clock = FakeClock()
    holder = small_store.lock()
    holder.__enter__()

    def nap(seconds: float) -> None:  # the holder finishes while the waiter sleeps
        clock.sleep(seconds)
        if len(clock.naps) == 3:
            holder.__exit__(None, None, None)

    other.clock, other.sleep = clock, nap
    try:
        with other.lock(wait=60):
            pass
    finally:
        other.close()
    assert len(clock.naps) == 3


def test_lock_of_a_killed_writer_is_released_at_once(small_store: Store) -> None:
    """The writer lock is an flock: the kernel drops it when its holder dies, so
    a crash can never leave the store locked."""
    code = ("import sys, os, signal; from store.service import Store\n"
            "s = Store.open(sys.argv[1])\n"
            "with s.lock():\n"
            "    print('LOCKED', flush=True); os.kill(os.getpid(), signal.SIGKILL)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(small_store.root)], capture_output=True, text=True,
                          timeout=60)
    assert proc.stdout.strip() == "LOCKED" and proc.returncode == -9
    with small_store.lock(wait=0):  # one attempt, no waiting: the kernel already let go
        pass


NEW_WORKERS = 4
NEW_WRITES = 6  # each worker cycles through every kind that takes a next free ID


def test_writers_creating_records_at_once_lose_no_acknowledged_record(tmp_path: Path) -> None:
    """Several processes take the next free ID and create a record at the same
    time: every acknowledged ID is in git holding the record it acknowledged
    (none overwritten by another writer that picked the same ID)."""
    from tests.reliability import hammer_new

    store = make_small_store(tmp_path / "store")
    root = store.root
    store.close()
    env = {**os.environ, "COUNCIL_LOCK_WAIT": str(LONG_WAIT)}
    procs = [subprocess.Popen([sys.executable, str(Path(hammer_new.__file__)), str(root), str(w), str(NEW_WRITES)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for w in range(1, NEW_WORKERS + 1)]
    lines = []
    for proc in procs:
        out, err = proc.communicate(timeout=1800)
        assert proc.returncode == 0, err[-2000:]
        lines += out.splitlines()
    acks = [line.split()[1:3] for line in lines if line.startswith("ACK")]
    assert len(acks) == NEW_WORKERS * NEW_WRITES
    ids = [record_id for record_id, _ in acks]
    assert len(set(ids)) == len(ids), f"one ID acknowledged twice: {sorted(ids)}"
    reopened = Store.open(root)
    try:
        for record_id, token in acks:
            record = reopened.get(record_id)
            assert record is not None, f"{record_id} was acknowledged but is not in the store"
            assert record.title == f"Entry {token}", f"{record_id} ({token}) was overwritten by {record.title}"
        committed = git(root, "ls-tree", "-r", "--name-only", "HEAD")
        for record_id, _ in acks:
            assert f"/{record_id}.md" in committed
        assert verify(reopened, fsck=True).ok
    finally:
        reopened.close()
