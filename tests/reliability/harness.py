"""Fault injection: kill a writer at random points and prove nothing is lost or half-written.

Each round forks a writer (tests/reliability/writer.py) on one store and kills
it with SIGKILL, from this process or from inside at a named crash point
(store/faults.py), sometimes with its whole process group so that its git
children die too.  After a kill the store is opened and checked:

- it opens, and every leftover it had (journal, locks, half-written objects,
  an index behind HEAD) was recovered and logged;
- ``verify(fsck=True)`` passes;
- every acknowledged step is in git (the very commit acknowledged) and in
  the index;
- the unacknowledged step is wholly there or wholly absent: the history is
  exactly steps 1..n, and git's tree and the index both hold exactly what
  step n leaves, the work tree is clean and git's index matches HEAD.

Sometimes the check is put off to the next round, so that a writer starts on
an unrecovered store and can itself be killed while recovering.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from council import settings
from store import faults
from store.audit.verify import verify
from store.git import objects as gitobjects
from store.git import refs
from store.service import Store
from store.write import journal as write_journal
from tests.reliability import writer

WRITER = Path(writer.__file__)
IDENTITY = {"GIT_AUTHOR_NAME": "Crash Clerk", "GIT_AUTHOR_EMAIL": "crash@example.org",
            "GIT_COMMITTER_NAME": "Crash Clerk", "GIT_COMMITTER_EMAIL": "crash@example.org"}
STEPS_PER_ROUND = 6
CHECKS_PER_STORE = 6
# Object points are reached several times per write; the others once or twice.
_MAX_HITS = {"object.partial": 12, "object.written": 12, "recover.locked": 1}


class Failed(AssertionError):
    """A guarantee did not hold; the message says which, with the seed to replay it."""


@dataclass
class Stats:
    seed: int
    kills: int = 0
    rounds: int = 0
    checks: int = 0
    unacked_present: int = 0  # checks finding a change that landed but was never acknowledged
    unacked_absent: int = 0  # checks finding the store at the last acknowledged step
    acked: int = 0
    by_point: Counter = field(default_factory=Counter)
    recoveries: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    stopped: str = ""  # why the run ended before its kills, if it did

    def running_total(self, target: int) -> str:
        return (f"  {self.kills}/{target} kills survived, {self.rounds} rounds, {self.checks} checks, "
                f"{self.acked} acknowledged writes all present ({self.seconds:.0f} s)")

    def summary(self) -> str:
        points = ", ".join(f"{k} {v}" for k, v in sorted(self.by_point.items()))
        recovered = ", ".join(f"{k} {v}" for k, v in sorted(self.recoveries.items()))
        stopped = f" ({self.stopped})" if self.stopped else ""
        return (f"seed {self.seed}: {self.kills} kills survived{stopped} in {self.rounds} rounds, "
                f"{self.checks} checks, "
                f"{self.acked} acknowledged writes all present; store found one unacknowledged change ahead "
                f"{self.unacked_present} times, at the last acknowledged step {self.unacked_absent} times; "
                f"{self.seconds:.1f} s\n"
                f"  kills by point: {points}\n  recoveries: {recovered}")


class ForkServer:
    """A writer process that has imported everything and forks a child per round."""

    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([sys.executable, str(WRITER), "--serve"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, text=True, bufsize=1)

    def start(self, request: dict) -> int:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps(request) + "\n")
        return int(json.loads(self.proc.stdout.readline())["pid"])

    def wait(self) -> int:
        """The child's wait status (as os.waitpid gives it)."""
        assert self.proc.stdout
        line = self.proc.stdout.readline()
        if not line:
            raise Failed("the writer fork server died")
        return int(json.loads(line)["status"])

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=600)


def make_store(path: Path) -> Store:
    from tests.conftest import make_small_store

    # Council reads its settings once: the writes are made as the crash clerk,
    # and the environment and the settings read from it are restored after.
    try:
        with pytest.MonkeyPatch.context() as mp:
            for key, value in IDENTITY.items():
                mp.setenv(key, value)
            settings.reload()
            return make_small_store(path)
    finally:
        settings.reload()


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


class Campaign:
    """Kill writers on one store until ``kills`` kills have been survived."""

    def __init__(self, workdir: Path, kills: int, seed: int, say=print) -> None:
        self.workdir, self.target, self.rng = workdir, kills, random.Random(seed)
        self.stats = Stats(seed)
        self.say = say
        self.root = workdir / "store"
        self.template = workdir / "template"
        make_store(self.template).close()
        self.base = git(self.template, "rev-parse", "HEAD").strip()
        self._new_store()
        self.env = {**os.environ, **IDENTITY, "COUNCIL_LOCK_WAIT": "30"}
        self.env.pop("COUNCIL_FAULT", None)
        # Point kills visit every crash point in a shuffled cycle, so that any
        # run of len(POINTS) point kills covers them all.
        self._points: list[str] = []

    def _new_store(self) -> None:
        """Start again on a copy of the template: keeps each check's cost (verify walks
        the whole history) bounded in a long run."""
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.copytree(self.template, self.root)
        self.acked: dict[int, str] = {}
        self.possible: set[int] = {0}  # the steps the store may be at (see _collect)

    def run(self, progress_every: int = 0, minutes: float | None = None) -> Stats:
        """Run until ``kills`` kills are survived, or ``minutes`` have passed.

        Every ``progress_every`` kills a running total is said, so that a run
        cut short (Ctrl-C, a time limit) still leaves its figures behind.
        """
        start = time.monotonic()
        stop_at = None if minutes is None else start + 60 * minutes
        server = ForkServer(self.env)
        try:
            pending, said = False, 0
            while self.stats.kills < self.target:
                if self.stats.rounds > self.target * 4 + 20:
                    raise Failed(f"seed {self.stats.seed}: too few rounds ended in a kill")
                if stop_at is not None and time.monotonic() >= stop_at and not pending:
                    self.stats.stopped = f"stopped at the {minutes:g}-minute limit"
                    break
                killed = self._round(server)
                if killed and not pending and self.rng.random() < 0.3:
                    pending = True  # let the next writer recover (and maybe die doing it)
                    continue
                self.check()
                pending = False
                if self.stats.checks % CHECKS_PER_STORE == 0:
                    self._new_store()
                if progress_every and self.stats.kills - said >= progress_every:
                    said = self.stats.kills
                    self.stats.seconds = time.monotonic() - start
                    self.say(self.stats.running_total(self.target))
            self.check()
        except KeyboardInterrupt:
            self.stats.stopped = "interrupted (the last round was not checked)"
        finally:
            server.close()
            self.stats.seconds = time.monotonic() - start
        return self.stats

    def _next_point(self) -> str:
        if not self._points:
            self._points = list(faults.POINTS)
            self.rng.shuffle(self._points)
        return self._points.pop()

    def _round(self, server: ForkServer) -> bool:
        """One writer, one kill (unless the armed point was never reached)."""
        self.stats.rounds += 1
        log = self.workdir / f"round-{self.stats.rounds}.log"
        group = self.rng.random() < 0.3
        if self.rng.random() < 0.6:
            point = self._next_point()
            spec = f"{point}:{self.rng.randint(1, _MAX_HITS.get(point, 3))}" + (":group" if group else "")
            pid = server.start({"store": str(self.root), "steps": STEPS_PER_ROUND, "log": str(log), "fault": spec})
            label = f"point {point}"
        else:
            pid = server.start({"store": str(self.root), "steps": STEPS_PER_ROUND, "log": str(log)})
            self._kill_later(pid, log, group)
            label = "timer"
        status = server.wait()
        lines = log.read_text().splitlines() if log.exists() else []
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        self._collect([line for line in lines if not line.startswith(("DONE", "ERROR"))], killed)
        if killed:
            self.stats.kills += 1
            self.stats.by_point[label + (" (group)" if group else "")] += 1
            return True
        if os.WEXITSTATUS(status) != 0 or (lines and lines[-1].startswith("ERROR")):
            raise Failed(f"seed {self.stats.seed}: a writer failed after round {self.stats.rounds}: "
                         f"{lines[-1:]}")
        return False

    def _kill_later(self, pid: int, log: Path, group: bool) -> None:
        """SIGKILL the writer at a random moment: mostly after it opened the store."""
        if self.rng.random() < 0.8:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not (log.exists() and log.read_text().startswith("READY")):
                time.sleep(0.002)
            time.sleep(self.rng.uniform(0, 0.25))
        else:
            time.sleep(self.rng.uniform(0, 0.03))
        try:
            os.killpg(pid, signal.SIGKILL) if group else os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it had already finished

    def _collect(self, lines: list[str], killed: bool) -> None:
        """Take the writer's ACKs and narrow down which step the store can be at.

        The store is at one of ``self.possible``.  A writer that opened the
        store must have found it at one of them; its ACKs must follow on one by
        one; after a kill the store is at its last acknowledged step or, if
        the next commit landed unacknowledged, the one after.  Recovery never
        adds or removes a step, so a writer killed before it opened the store
        changes nothing.
        """
        step = None
        for line in lines:
            word, *rest = line.split()
            if word == "READY":
                step = int(rest[0])
                if step not in self.possible:
                    self._fail(f"a writer found the store at step {step}, expected one of {sorted(self.possible)}")
            elif word == "ACK":
                n, sha = int(rest[0]), rest[1]
                if step is None or n != step + 1:
                    self._fail(f"step {n} was acknowledged after step {step}")
                step = n
                self.acked[n] = sha
                self.stats.acked += 1
        if step is not None:
            self.possible = {step, step + 1} if killed else {step}

    # --- the checks ---------------------------------------------------------

    def check(self) -> None:
        """Open the store and prove every guarantee; raise Failed naming what broke."""
        self.stats.checks += 1
        leftovers = self._leftovers()
        store = Store.open(self.root)
        try:
            self._check_recovery_logged(leftovers, store.recovery_notes)
            step = self._check_history(store)
            self._check_contents(store, step)
            report = verify(store, fsck=True)
            if not report.ok:
                self._fail("verify failed: " + "; ".join(str(f) for f in report.failures[:5]))
            if store.problems():
                self._fail(f"problems after recovery: {[str(p) for p in store.problems()]}")
        finally:
            store.close()
        self._check_clean()
        if step > max(self.acked, default=0):
            self.stats.unacked_present += 1
        else:
            self.stats.unacked_absent += 1

    def _fail(self, what: str) -> None:
        raise Failed(f"seed {self.stats.seed}, after round {self.stats.rounds}: {what} "
                     f"(replay with COUNCIL_FAULT_SEED={self.stats.seed}; store kept at {self.root})")

    def _leftovers(self) -> dict[str, bool]:
        git_dir = self.root / ".git"
        indexed = None
        db = self.root / ".council" / "index.sqlite"
        if db.exists():
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                row = conn.execute("SELECT value FROM meta WHERE key='indexed_commit'").fetchone()
                indexed = row[0] if row else None
        return {
            "journal": (self.root / ".council" / write_journal.JOURNAL).exists(),
            "objects": any(n.startswith(gitobjects.TEMP_PREFIX) for n in os.listdir(git_dir / "objects")),
            "ref-lock": (git_dir / "refs" / "heads" / "main.lock").exists(),
            "index-behind": indexed != refs.read_head(git_dir),
            # git's own index.lock: a killed writer's git child may still be finishing, so
            # recovery waits for it and only logs a removal when it stays; counted, not required.
            "git-index-lock": (git_dir / "index.lock").exists(),
        }

    def _check_recovery_logged(self, leftovers: dict[str, bool], notes: list[str]) -> None:
        wanted = {"journal": "interrupted", "objects": "half-written git object",
                  "ref-lock": "main.lock", "index-behind": "index "}
        for what, present in leftovers.items():
            if not present:
                continue
            if what in wanted and not any(wanted[what] in note for note in notes):
                self._fail(f"recovery of {what} was not logged; notes: {notes}")
            self.stats.recoveries[what] += 1

    def _check_history(self, store: Store) -> int:
        subjects = git(self.root, "log", "--reverse", "--format=%H %s", f"{self.base}..HEAD").splitlines()
        shas = [line.split(" ", 1)[0] for line in subjects]
        got = [line.split(" ", 1)[1] for line in subjects]
        step = len(got)
        if got != [writer.subject(i) for i in range(1, step + 1)]:
            self._fail(f"history is not steps 1..{step} in order: {got[-5:]}")
        if step not in self.possible:
            self._fail(f"HEAD is at step {step}, but after the last kill it can only be at one of "
                       f"{sorted(self.possible)}")
        self.possible = {step}
        for n, sha in self.acked.items():
            if shas[n - 1] != sha:
                self._fail(f"acknowledged step {n} ({sha[:10]}) is not the commit in the history")
        if store.head != (shas[-1] if shas else self.base):
            self._fail("the store's HEAD is not the last step")
        return step

    def _check_contents(self, store: Store, step: int) -> None:
        want = writer.expected(step)
        in_git = git(self.root, "ls-tree", "-r", "--name-only", "HEAD").split()
        minutes = git(self.root, "show", f"HEAD:meetings/2026/{writer.MEETING}.md")
        views = {
            "git": ({Path(p).stem for p in in_git if p.startswith("disputes/")},
                    {Path(p).stem for p in in_git if p.startswith("decisions/")},
                    {Path(p).stem for p in in_git if p.startswith("ip/")}, writer.step_of(minutes)),
            "the index": ({r.id for r in store.list("disputes")}, {r.id for r in store.list("decisions")},
                          {r.id for r in store.list("ip")}, writer.step_of(store.require(writer.MEETING).body)),
        }
        for where, (disputes, decisions, assets, at) in views.items():
            if (disputes, decisions, assets, at) != (want.disputes, want.decisions, want.assets, step):
                self._fail(f"{where} does not hold exactly step {step}: minutes say step {at}, "
                           f"disputes differ by {sorted(disputes ^ want.disputes)[:4]}, "
                           f"decisions by {sorted(decisions ^ want.decisions)[:4]}, "
                           f"assets by {sorted(assets ^ want.assets)[:4]}")

    def _check_clean(self) -> None:
        status = git(self.root, "status", "--porcelain", "--untracked-files=all", "--ignored=no")
        if status:
            self._fail(f"the work tree is not clean after recovery: {status[:300]!r}")
        if subprocess.run(["git", "diff", "--cached", "--quiet", "HEAD"], cwd=self.root).returncode:
            self._fail("git's index does not match HEAD after recovery")
        left = self._leftovers()
        if left["journal"] or left["objects"] or left["ref-lock"] or left["index-behind"] \
                or (self.root / ".git" / "index.lock").exists():
            self._fail(f"recovery left something behind: {left}")
        strays = [p.name for p in (self.root / ".council").iterdir() if ".tmp" in p.name]
        if strays:
            self._fail(f"temporary files left in .council: {strays}")


def seed_from_env() -> int:
    """COUNCIL_FAULT_SEED replays a run; otherwise the seed rotates (from the clock)."""
    value = os.environ.get("COUNCIL_FAULT_SEED")
    return int(value) if value else int(time.time() * 1000) % 1_000_000


def run_campaign(workdir: Path, kills: int, seed: int, say=print, progress_every: int = 0,
                 minutes: float | None = None) -> Stats:
    workdir.mkdir(parents=True, exist_ok=True)
    say(f"crash campaign: {kills} kills, seed {seed} (COUNCIL_FAULT_SEED={seed} replays it)")
    stats = Campaign(workdir, kills, seed, say).run(progress_every, minutes)
    say(stats.summary())
    return stats


def fresh_dir(base: Path) -> Path:
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    return base
