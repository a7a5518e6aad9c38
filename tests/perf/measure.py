"""The benchmarks' machinery: running a process or a call, timing it, and a figure beside its anchor.

Every figure is measured with its anchor (the floor git, SQLite or Textual
sets for the same work) in the same run, on the same store, so that the
ratio survives a loaded machine that makes absolute times vary 2-10x.  The
ratio is of CPU seconds (user + system, the children waited for included):
CPU time moves far less with load than wall time, which is kept beside it.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.perf import generate

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = {"limit": 600.0}  # per child process; --timeout sets it
MIN_RUNS = {"fast": 5}  # cheap figures get at least this many runs (1 with --smoke)
# Where the children keep Council's compiled modules.  A user's Python writes them
# on first run; with PYTHONDONTWRITEBYTECODE (set on the shared machines) every
# command would compile Council's modules again while its anchors (typer, Textual:
# compiled at install) do not.  ``precompile`` fills it once per run.
PYCACHE: dict[str, Path | None] = {"dir": None}
PACKAGES = ("council", "store", "screens", "exports", "sample_partnership", "tests/perf")


@dataclass
class Sample:
    """One measurement: wall and CPU seconds, and the peak RSS when it was a process."""

    wall: float
    cpu: float
    rss_mb: float = 0.0


@dataclass
class Figure:
    """A figure beside its anchor: medians of ``runs`` samples of each (CPU seconds, or MB)."""

    value: float | None
    anchor: float | None = None
    wall: float | None = None
    anchor_wall: float | None = None
    runs: int = 0
    note: str = ""
    over: float | None = None  # did not finish within this many seconds

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.anchor:
            return None
        return self.value / self.anchor


class TimedOut(RuntimeError):
    """A measurement was stopped at its time limit: reported as "> limit", never as a figure."""

    def __init__(self, limit: float, rss_mb: float = 0.0) -> None:
        super().__init__(f"did not finish within {limit:.0f} s (stopped; peak RSS so far {rss_mb:.0f} MB)")
        self.limit, self.rss_mb = limit, rss_mb


class NotBuilt(RuntimeError):
    """A part of Council the benchmark needs does not exist yet."""


@dataclass
class Ran:
    code: int
    seconds: float
    rss_mb: float
    stdout: str
    stderr: str
    started: float
    cpu: float = 0.0

    @property
    def sample(self) -> Sample:
        return Sample(self.seconds, self.cpu, self.rss_mb)


def child_env(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"COUNCIL_DATA_DIR": str(scratch / "data"), "PYTHONPATH": str(ROOT),
                "GIT_AUTHOR_NAME": generate.CLERK.name, "GIT_AUTHOR_EMAIL": generate.CLERK.email,
                "GIT_COMMITTER_NAME": generate.CLERK.name, "GIT_COMMITTER_EMAIL": generate.CLERK.email})
    env.pop("COUNCIL_STORE", None)
    if PYCACHE["dir"] is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE["dir"])
    return env


def precompile(where: Path) -> None:
    """Compile Council's modules once into ``where`` (the children's PYTHONPYCACHEPREFIX)."""
    PYCACHE["dir"] = where
    subprocess.run([sys.executable, "-m", "compileall", "-q", *[str(ROOT / p) for p in PACKAGES]],
                   env=child_env(where), capture_output=True, check=False)


def council_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("council")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from council.commands.entry import main; main()"]


# Every measured process is started by this small launcher, which forks, execs the command
# and reports the command's own rusage.  Linux counts a child's peak RSS from the memory of
# the process that forked it (ru_maxrss keeps the pre-exec high-water mark), so a command
# started straight from this runner (100+ MB at M, holding a store open) would report at
# least the runner's size.  The launcher is started with -I -S: a few MB, a few ms.
LAUNCHER = """
import json, os, sys, time
t0 = time.monotonic()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    except OSError as exc:
        sys.stderr.write(f"{sys.argv[2]}: {exc}\\n")
        os._exit(127)
_, status, u = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    json.dump([t0, u.ru_utime + u.ru_stime, u.ru_maxrss], f)
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def run_child(cmd: list[str], env: dict[str, str] | None = None, timeout: float | None = None,
              cwd: Path = ROOT, stdin: bytes | None = None) -> Ran:
    """Run a process: wall time from its start, its CPU time and peak RSS (its children included)."""
    timeout = TIMEOUT["limit"] if timeout is None else timeout
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    feed = None
    if stdin is not None:
        feed = tempfile.TemporaryFile()
        feed.write(stdin)
        feed.seek(0)
    fd, stats = tempfile.mkstemp(prefix="council-perf-rusage-")
    os.close(fd)
    try:
        proc = subprocess.Popen([sys.executable, "-I", "-S", "-c", LAUNCHER, stats, *cmd], stdin=feed,
                                stdout=out, stderr=err, env=env, cwd=cwd, start_new_session=True)
        status = _wait(proc, timeout)
        ended = time.monotonic()
        started, cpu, maxrss = json.loads(Path(stats).read_text())
    finally:
        os.unlink(stats)
    out.seek(0)
    err.seek(0)
    return Ran(os.waitstatus_to_exitcode(status), ended - started, maxrss / 1024,
               out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), started, cpu)


def _wait(proc: subprocess.Popen[bytes], timeout: float) -> int:
    """The launcher's wait status; stops the command (its whole session) at ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    polls, hwm = 0, 0.0
    while True:
        pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return status
        polls += 1
        if polls % 50 == 0:  # every ~0.1 s: the peak so far, in case the process must be stopped
            hwm = max(hwm, _command_hwm_mb(proc.pid))
        if time.monotonic() > deadline:
            hwm = max(hwm, _command_hwm_mb(proc.pid))
            os.killpg(proc.pid, 9)
            os.wait4(proc.pid, 0)
            raise TimedOut(timeout, hwm)
        time.sleep(0.002)


def _command_hwm_mb(launcher: int) -> float:
    """The peak RSS so far of the command the launcher started (its child)."""
    try:
        children = Path(f"/proc/{launcher}/task/{launcher}/children").read_text().split()
    except OSError:
        return 0.0
    return max((_vm_hwm_mb(int(c)) for c in children), default=0.0)


def checked(cmd: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT,
            stdin: bytes | None = None) -> Ran:
    """``run_child`` that raises with the tail of the output when the process fails."""
    ran = run_child(cmd, env, cwd=cwd, stdin=stdin)
    if ran.code != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])}: {(ran.stdout + ran.stderr).strip()[-300:]}")
    return ran


def _vm_hwm_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_now() -> float:
    """CPU seconds of this process and of the children it has waited for (git plumbing)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], Any]) -> Sample:
    """Wall and CPU seconds of one in-process call."""
    c0, t0 = cpu_now(), time.perf_counter()
    fn()
    return Sample(time.perf_counter() - t0, cpu_now() - c0)


def add(*samples: Sample) -> Sample:
    """Several processes that together make one anchor (``git add`` then ``git commit``)."""
    return Sample(sum(s.wall for s in samples), sum(s.cpu for s in samples),
                  max((s.rss_mb for s in samples), default=0.0))


def runs_for(repeat: int, fast: bool = False) -> int:
    return max(repeat, MIN_RUNS["fast"]) if fast else repeat


def pairs(figure: Callable[[], Sample], anchor: Callable[[], Sample], repeat: int,
          slow: float) -> list[tuple[Sample, Sample]]:
    """A figure and its anchor measured alternately (so that both see the same load).

    One pair only when the figure's first run is slower than ``slow`` seconds."""
    out = [(figure(), anchor())]
    if out[0][0].wall <= slow:
        out += [(figure(), anchor()) for _ in range(repeat - 1)]
    return out


def paired(figure: Callable[[], Sample], anchor: Callable[[], Sample], repeat: int, slow: float,
           note: str = "") -> Figure:
    """Medians of a figure and its anchor (see ``pairs``)."""
    return from_pairs(pairs(figure, anchor, repeat, slow), note)


def from_pairs(pairs: list[tuple[Sample, Sample]], note: str = "") -> Figure:
    def med(values: list[float]) -> float:
        return statistics.median(values)

    return Figure(med([f.cpu for f, _ in pairs]), med([a.cpu for _, a in pairs]),
                  med([f.wall for f, _ in pairs]), med([a.wall for _, a in pairs]), len(pairs), note)


def rss_figure(pairs: list[tuple[Sample, Sample]], note: str = "") -> Figure:
    """Peak RSS (MB) over the runs of a process, beside its anchor's."""
    return Figure(max(f.rss_mb for f, _ in pairs), max(a.rss_mb for _, a in pairs), runs=len(pairs), note=note)


def help_text(*words: str) -> str:
    proc = subprocess.run([*council_cmd(), *words, "--help"], capture_output=True, text=True, cwd=ROOT,
                          env=child_env(Path(tempfile.gettempdir())))
    return proc.stdout if proc.returncode == 0 else ""


def git(root: Path, *args: str) -> str:
    """A git command's output (setup only: never timed)."""
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout
