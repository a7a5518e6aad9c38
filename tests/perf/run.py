"""Council's benchmarks: one table of figures for S, M and L.

    python tests/perf/run.py --sizes S,M,L [--json FILE] [--repeat K] [--cache DIR]

S is the sample partnership (``sample_partnership.build``; a tiny generated
store stands in while the sample cannot be built), M a generated store of
10,000 decisions, L of 100,000 decisions and about 100,000 commits.  ``T``
(200 decisions) or any number of decisions may also be named.  Generated
stores are cached (see ``tests/perf/generate.py``); every benchmark runs on a
private copy.  Each figure is the median of ``--repeat`` runs, except that a
measurement whose first run takes longer than ``--slow`` seconds is run once
(the JSON says how many runs each figure had).  A benchmark that cannot run
yet prints ``n/a`` and the reason; no figure is ever estimated.

Commands are timed from process start (``council --help``, the TUI probe,
``council reindex/verify/export/history``); the write path and the decision
log queries are timed in process, warm, as the running TUI would see them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("tui_probe.py")
SIZES = {"T": 200, "M": 10_000, "L": 100_000}
METRICS = [  # name, what, target (a sentence), target value and the size it applies to
    ("approve_commit_s", "approve an amendment (validate, commit, index)", "<=15 ms at M; L <= 1.5x S"),
    ("record_commit_s", "record a vote (a record: commit)", ""),
    ("help_s", "council --help", "<=0.3 s"),
    ("tui_first_frame_s", "council tui: first frame", "<=0.6 s at L"),
    ("tui_dashboard_s", "council tui: dashboard with data", "<=1.0 s at L"),
    ("decision_log_open_s", "decision log: open", "<=0.2 s at L"),
    ("decision_filter_s", "decision log: filter, per keystroke", "<=50 ms at L"),
    ("export_full_s", "council export, full", "<=10 s at M"),
    ("export_incremental_s", "council export after one change", "<=1 s"),
    ("reindex_s", "council reindex, fresh clone", "<=5 s at M"),
    ("verify_s", "council verify", "<=15 s at M"),
    ("history_s", "council history ID (many amendments)", "<=0.3 s at L"),
    ("tui_rss_mb", "peak RSS of the TUI (MB)", "<=250 MB at L"),
    ("export_rss_mb", "peak RSS of export (MB)", ""),
]
EXTRA = [  # figures that explain the ones above
    ("attendance_commit_s", "record an attendance change (record: commit)"),
    ("verify_incremental_s", "council verify, incremental, after one commit"),
    ("verify_nofsck_s", "council verify --full --no-fsck"),
    ("open_s", "Store.open of an indexed store, in process"),
]


@dataclass
class Figure:
    value: float | None
    runs: int = 0
    note: str = ""
    cpu: float | None = None  # CPU seconds (user + system, children included): steadier under load
    over: float | None = None  # did not finish within this many seconds


class TimedOut(RuntimeError):
    """A measurement was stopped at its time limit: reported as "> limit", never as a figure."""

    def __init__(self, limit: float, rss_mb: float = 0.0) -> None:
        super().__init__(f"did not finish within {limit:.0f} s (stopped; peak RSS so far {rss_mb:.0f} MB)")
        self.limit, self.rss_mb = limit, rss_mb


@dataclass
class Sized:
    """One size under test: its cached store, a private work copy and what it holds."""

    label: str
    source: Path
    work: Path
    meta: dict[str, Any]
    hot: str
    scratch: Path
    figures: dict[str, Figure] = field(default_factory=dict)


# --- running things ------------------------------------------------------------------


def child_env(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"COUNCIL_DATA_DIR": str(scratch / "data"), "PYTHONPATH": str(ROOT),
                "GIT_AUTHOR_NAME": generate.CLERK.name, "GIT_AUTHOR_EMAIL": generate.CLERK.email,
                "GIT_COMMITTER_NAME": generate.CLERK.name, "GIT_COMMITTER_EMAIL": generate.CLERK.email})
    env.pop("COUNCIL_STORE", None)
    return env


def council_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("council")
    return [str(exe)] if exe.exists() else [sys.executable, "-c", "from council.cli import main; main()"]


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
    def timing(self) -> tuple[float, float]:
        return self.seconds, self.cpu


TIMEOUT = {"limit": 600.0}  # per child process; --timeout sets it
MIN_RUNS = {"fast": 5}  # cheap figures get at least this many runs (1 with --smoke)
SMOKE = {"on": False}  # --smoke: the figures once each, none of the extra ones


def run_child(cmd: list[str], env: dict[str, str], timeout: float | None = None) -> Ran:
    """Run a process: wall time from its start, CPU time and peak RSS (wait4, its children included)."""
    timeout = TIMEOUT["limit"] if timeout is None else timeout
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT, start_new_session=True)
    deadline = started + timeout
    polls, hwm = 0, 0.0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        polls += 1
        if polls % 50 == 0:  # every ~0.1 s: the peak so far, in case the process must be stopped
            hwm = max(hwm, _vm_hwm_mb(proc.pid))
        if time.monotonic() > deadline:
            hwm = max(hwm, _vm_hwm_mb(proc.pid))
            os.killpg(proc.pid, 9)
            os.wait4(proc.pid, 0)
            raise TimedOut(timeout, hwm)
        time.sleep(0.002)
    seconds = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    err.seek(0)
    return Ran(proc.returncode, seconds, usage.ru_maxrss / 1024, out.read().decode("utf-8", "replace"),
               err.read().decode("utf-8", "replace"), started, usage.ru_utime + usage.ru_stime)


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


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall, cpu) seconds of one in-process call."""
    c0, t0 = cpu_now(), time.perf_counter()
    fn()
    return time.perf_counter() - t0, cpu_now() - c0


def repeated(fn: Callable[[], tuple[float, float]], repeat: int, slow: float) -> Figure:
    """Median of ``repeat`` runs of (wall, cpu); one run only if the first is slower than ``slow`` s."""
    first = fn()
    values = [first]
    if first[0] <= slow:
        values += [fn() for _ in range(repeat - 1)]
    return Figure(statistics.median(v[0] for v in values), len(values),
                  cpu=statistics.median(v[1] for v in values))


def cli_available(*words: str) -> bool:
    return bool(_help_text(*words))


# --- preparing a size ----------------------------------------------------------------


def prepare(label: str, cache: Path, scratch_root: Path, log: Callable[[str], None] = print,
            baseline: bool = True) -> Sized:
    scratch = Path(tempfile.mkdtemp(prefix=f"perf-{label}-", dir=scratch_root))
    if label == "S":
        source, meta = sample_store(cache)
    else:
        decisions = SIZES.get(label) or int(label)
        t0 = time.perf_counter()
        source, meta = generate.cached(decisions, cache, progress=lambda n: log(
            f"  [{label}] generating: {n:,} commits streamed"))
        meta = {**meta, "cache_lookup_s": round(time.perf_counter() - t0, 2)}
    if baseline:
        meta["baseline"] = verified_baseline(source, scratch, log)
    work = generate.work_copy(source, scratch / "store")
    hot = meta.get("hot_record") or most_amended(work)
    return Sized(label, source, work, meta, hot, scratch)


def sample_store(cache: Path) -> tuple[Path, dict[str, Any]]:
    """The sample partnership, built once into the cache; a tiny generated store if it cannot be."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((ROOT / "sample_partnership").glob("*.py")):
        digest.update(path.read_bytes())
    entry = cache / f"sample-{digest.hexdigest()[:10]}"
    reason = ""
    if not (entry / "store").exists():
        try:
            from sample_partnership.build import build

            entry.mkdir(parents=True, exist_ok=True)
            env = {"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"}
            saved = {k: os.environ.pop(k) for k in env if k in os.environ}
            try:
                build(entry / "store").close()
            finally:
                os.environ.update(saved)
        except Exception as exc:  # the sample is being written by another session
            shutil.rmtree(entry, ignore_errors=True)
            reason = f"{type(exc).__name__}: {str(exc)[:160]}"
    if (entry / "store").exists():
        return entry / "store", {"kind": "sample partnership"}
    source, meta = generate.cached(SIZES["T"], cache)
    return source, {**meta, "kind": f"tiny generated store ({SIZES['T']} decisions): "
                                    f"the sample could not be built ({reason})"}


def most_amended(root: Path) -> str:
    """The term record with the most amend: commits (for the history benchmark)."""
    out = subprocess.run(["git", "log", "--first-parent", "--grep=^amend:", "--format=", "--name-only"],
                         cwd=root, capture_output=True, text=True).stdout
    counts: dict[str, int] = {}
    for line in out.splitlines():
        if line.startswith(("charter/", "ip/", "exit/")) or line == "partnership.md":
            counts[line] = counts.get(line, 0) + 1
    if not counts:
        return "4.2"
    path = max(counts, key=lambda p: counts[p])
    return "partnership" if path == "partnership.md" else path.rsplit("/", 1)[-1][:-3]


def describe(s: Sized) -> dict[str, Any]:
    def git_count(*args: str) -> int:
        out = subprocess.run(["git", *args], cwd=s.work, capture_output=True, text=True).stdout
        return int(out.strip() or 0)

    pack = sum(p.stat().st_size for p in (s.work / ".git" / "objects").rglob("*") if p.is_file())
    index_file = s.work / ".council" / "index.sqlite"
    return {"kind": s.meta.get("kind", "generated"), "decisions": s.meta.get("stats", {}).get("decisions"),
            "commits": git_count("rev-list", "--count", "HEAD"),
            "files": git_count("ls-files") if False else len(subprocess.run(
                ["git", "ls-files"], cwd=s.work, capture_output=True, text=True).stdout.splitlines()),
            "git_mb": round(pack / 2**20, 1),
            "index_mb": round(index_file.stat().st_size / 2**20, 1) if index_file.exists() else None,
            "hot_record": s.hot, "generation": s.meta.get("timings_s")}


# --- the benchmarks ----------------------------------------------------------------------


def bench_help(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    env = child_env(s.scratch)

    def once() -> tuple[float, float]:
        ran = run_child([*council_cmd(), "--help"], env)
        if ran.code != 0:
            raise RuntimeError(ran.stderr.strip()[-300:])
        return ran.timing

    if MIN_RUNS["fast"] > 1:
        once()  # warm the page cache: every figure below is a warm start
    return {"help_s": repeated(once, max(repeat, MIN_RUNS["fast"]), slow)}


def _writable(s: Sized):
    from store.service import Store

    return Store.open(s.work)


def _meeting_for_votes(store: Any, need: str = "") -> tuple[Any, dict[str, str], list[str]]:
    """The latest held meeting where a vote of everyone present passes (at tier ``need`` at
    least: the charter's decision rights); its votes and passing tiers."""
    from council import rules
    from council.records import Meeting
    from store import index

    charter = store.charter()
    members = store.members()
    held = [r for r in index.rows(store.engine, "meeting") if r.status == "held"]
    held.sort(key=lambda r: (r.day, r.id), reverse=True)
    for row in held[:60]:
        meeting = store.get(row.id)
        assert isinstance(meeting, Meeting)
        voters = [m.id for m in rules.voting_members(members, meeting.date)
                  if meeting.attendance.get(m.id) == "present"]
        votes = {m: "for" for m in voters}
        passing = []
        for tier in charter.tiers:
            notice = rules.notice_given(tier, meeting.agenda_circulated, meeting.date)
            result = rules.outcome(charter, tier.name, members, meeting.attendance, votes, meeting.date, notice)
            if result.passed:
                passing.append(tier.name)
        if passing and (not need or need in passing):
            return meeting, votes, passing
    raise RuntimeError("no recent held meeting where a motion can pass")


def bench_writes(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    """Amendments and proceedings through Store.write on a long-lived store (as the TUI holds it)."""
    from council.records import Clause, Decision, Meeting
    from store.write.change import Change

    store = _writable(s)
    try:
        clause = store.require(s.hot if s.hot.replace(".", "").isdigit() else "4.2")
        assert isinstance(clause, Clause)
        meeting, votes, tiers = _meeting_for_votes(store, store.charter().minimum_tier(f"charter.{clause.id}"))
        base = clause.body
        year = meeting.date.year
        counter = iter(range(990_001, 999_999))
        author = generate.CLERK

        def decision(tier: str, amends: list[str]) -> Decision:
            did = f"DEC-{year}-{next(counter)}"
            return Decision(id=did, title=f"Benchmark motion {did}", meeting=meeting.id, date=meeting.date,
                            tier=tier, motion="That the council adopt the benchmark motion.",
                            votes=dict(votes), amends=amends, body="Benchmark.")

        def approve() -> tuple[float, float]:
            d = decision(tiers[-1], [clause.id])
            new = clause.replace(body=f"{base}\nReviewed by {d.id}.")
            return timed(lambda: store.write(Change(f"amend clause {clause.id} by {d.id}", [d, new],
                                                    kind="amend", decision=d.id), author=author))

        def record() -> tuple[float, float]:
            d = decision(tiers[0], [])
            return timed(lambda: store.write(Change(f"record {d.id}", [d]), author=author))

        scheduled = [m for m in (store.get(r.id) for r in _rows(store, "meeting", "scheduled"))
                     if isinstance(m, Meeting)]
        flip = {"n": 0}

        def attendance() -> tuple[float, float]:
            target = scheduled[0]
            members = [m.id for m in store.members() if m.serves_on(target.date)]
            who = members[flip["n"] % len(members)]
            flip["n"] += 1
            current = store.require(target.id)
            assert isinstance(current, Meeting)
            state = current.attendance.get(who, "present")
            changed = current.replace(attendance={**current.attendance,
                                                  who: "apologies" if state == "present" else "present"})
            return timed(lambda: store.write(Change(f"note apologies for {target.id}", [changed]),
                                             author=author))

        approve(), record()  # warm: the first write parses the members and charter
        out = {"approve_commit_s": repeated(approve, max(repeat, MIN_RUNS["fast"]), slow),
               "record_commit_s": repeated(record, max(repeat, MIN_RUNS["fast"]), slow)}
        if scheduled:
            attendance()
            out["attendance_commit_s"] = repeated(attendance, max(repeat, MIN_RUNS["fast"]), slow)
        else:
            out["attendance_commit_s"] = Figure(None, note="n/a: no scheduled meeting in this store")
        return out
    finally:
        store.close()


def _rows(store: Any, kind: str, status: str) -> list[Any]:
    from store import index

    return [r for r in index.rows(store.engine, kind) if r.status == status]


def bench_tui(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    env = child_env(s.scratch)
    runs: list[dict[str, Any]] = []
    rss: list[float] = []

    def once() -> tuple[float, float]:
        ran = run_child([sys.executable, str(PROBE), "--store", str(s.work), "--decision-log"], env)
        data = _last_json(ran.stdout)
        if ran.code != 0 or "error" in data:
            raise NotBuilt(data.get("error") or ran.stderr.strip()[-300:])
        data["t0"] = ran.started
        runs.append(data)
        rss.append(ran.rss_mb)
        return data["first_frame"] - ran.started, ran.cpu

    first = repeated(once, repeat, slow)
    first.cpu = statistics.median(r["cpu_first_frame"] for r in runs)
    dash = [r["dashboard"] - r["t0"] for r in runs]
    out = {"tui_first_frame_s": first,
           "tui_dashboard_s": Figure(statistics.median(dash), len(dash),
                                     cpu=statistics.median(r["cpu_dashboard"] for r in runs)),
           "tui_rss_mb": Figure(max(rss), len(rss), "max over runs")}
    missing = sorted({m for r in runs for m in r.get("missing", [])})
    opens = [r["log_open"] for r in runs if "log_open" in r]
    keys = [k for r in runs for k in r.get("keystrokes", [])]
    if opens:
        out["decision_log_open_s"] = Figure(statistics.median(opens), len(opens), "through the TUI",
                                            cpu=statistics.median(r["log_open_cpu"] for r in runs if "log_open" in r))
    if keys:
        key_cpu = [k for r in runs for k in r.get("keystrokes_cpu", [])]
        out["decision_filter_s"] = Figure(statistics.median(keys), len(keys),
                                          f"through the TUI, per character of 'tier:high radiology'; "
                                          f"worst {max(keys):.3f} s", cpu=statistics.median(key_cpu))
    if missing:
        out["_tui_missing"] = Figure(None, note="; ".join(missing))
    return out


class NotBuilt(RuntimeError):
    """A part of Council the benchmark needs does not exist yet."""


def _last_json(text: str) -> dict[str, Any]:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {}


def bench_decision_log_queries(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    """The decision log through store/queries.py (what its screen calls), when the TUI cannot be driven."""
    try:
        from store import queries
    except ImportError as exc:
        raise NotBuilt(f"store/queries.py is not built yet ({exc})") from None
    from store.service import Store

    store = Store.open(s.work)
    try:
        queries.count(store, "member")  # the engine and its connection pool, as the running TUI has them
        text = "tier:high radiology"

        def open_log() -> tuple[float, float]:
            return timed(lambda: queries.decisions(store, queries.DecisionFilter()))

        def filtering() -> tuple[float, float]:
            times = [timed(lambda n=n: queries.decisions(store, queries.parse_filter(text[:n])))
                     for n in range(1, len(text) + 1)]
            filtering.worst = max(t[0] for t in times)  # type: ignore[attr-defined]
            return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)

        opened = repeated(open_log, max(repeat, MIN_RUNS["fast"]), slow)
        opened.note = "store.queries.decisions, first page, warm engine (not through the TUI)"
        filtered = repeated(filtering, repeat, slow)
        filtered.note = (f"store.queries.decisions per prefix of {text!r} (not through the TUI); "
                         f"worst keystroke {filtering.worst:.3f} s")  # type: ignore[attr-defined]
        return {"decision_log_open_s": opened, "decision_filter_s": filtered}
    finally:
        store.close()


def bench_reindex(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    clone = s.scratch / "clone"
    if clone.exists():
        shutil.rmtree(clone)
    subprocess.run(["git", "clone", "-q", str(s.work), str(clone)], check=True, capture_output=True)
    env = child_env(s.scratch)

    def once() -> tuple[float, float]:
        shutil.rmtree(clone / ".council", ignore_errors=True)  # as fresh as the clone was
        ran = run_child([*council_cmd(), "reindex", "--store", str(clone)], env)
        if ran.code != 0:
            raise RuntimeError(ran.stderr.strip()[-300:])
        return ran.timing

    figure = repeated(once, repeat, slow)
    shutil.rmtree(clone, ignore_errors=True)
    return {"reindex_s": figure}


def bench_verify(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    """`council verify` over the whole history, then incrementally after one new commit."""
    env = child_env(s.scratch)
    full = ["--full"] if "--full" in _help_text("verify") else []

    def run(*extra: str) -> tuple[float, float]:
        ran = run_child([*council_cmd(), "verify", "--store", str(s.work), *extra], env)
        if ran.code != 0:
            raise RuntimeError((ran.stdout + ran.stderr).strip()[-300:])
        return ran.timing

    out: dict[str, Figure] = {}
    if not full:
        out["verify_s"] = repeated(run, repeat, slow)
        out["verify_incremental_s"] = Figure(None, note="n/a: this verify has no incremental mode")
        return out
    baseline = (s.work / ".council" / "verified.json").exists()
    if baseline:
        def incremental() -> tuple[float, float]:
            _change_one_record(s)
            return run()

        out["verify_incremental_s"] = repeated(incremental, repeat, slow)
        out["verify_incremental_s"].note = ("council verify after one new commit since the last clean run "
                                            "(the baseline was verified when the store was cached)")
    try:
        out["verify_s"] = repeated(lambda: run(*full), repeat, slow)
        out["verify_s"].note = "council verify --full (every commit, with git fsck)"
    except TimedOut as exc:
        out["verify_s"] = Figure(None, note=f"n/a: council verify --full {exc}", over=exc.limit)
        out["verify_nofsck_s"] = Figure(None, note="n/a: skipped, the full verify did not finish")
    if not baseline:
        out["verify_incremental_s"] = Figure(None, note="n/a: no verified baseline in the cached store")
    if "verify_nofsck_s" not in out and not SMOKE["on"]:
        out["verify_nofsck_s"] = repeated(lambda: run(*full, "--no-fsck"), repeat, slow)
    return out


def verified_baseline(source: Path, scratch: Path, log: Callable[[str], None]) -> str:
    """Verify a cached store once (untimed), so that incremental verify has its baseline.

    In use a store is verified as it grows; a generated one is verified here,
    like its index is built when it is generated.  Returns a note.
    """
    marker = source.parent / "verified-baseline.json"
    if marker.exists():
        return json.loads(marker.read_text()).get("note", "")
    log(f"  verifying the cached store once, for the incremental verify baseline: {source}")
    try:
        ran = run_child([*council_cmd(), "verify", "--no-fsck", "--store", str(source)], child_env(scratch),
                        timeout=max(TIMEOUT["limit"], 7200))
        note = (f"baseline verified in {ran.seconds:.0f} s ({ran.cpu:.0f} s cpu)" if ran.code == 0
                else f"baseline verify failed: {(ran.stdout + ran.stderr).strip()[-200:]}")
    except TimedOut as exc:
        note = f"baseline verify {exc}"
    marker.write_text(json.dumps({"note": note}))
    log(f"  {note}")
    return note


def _help_text(*words: str) -> str:
    proc = subprocess.run([*council_cmd(), *words, "--help"], capture_output=True, text=True, cwd=ROOT,
                          env=child_env(Path(tempfile.gettempdir())))
    return proc.stdout if proc.returncode == 0 else ""


def bench_history(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    env = child_env(s.scratch)
    if cli_available("history"):
        cmd = [*council_cmd(), "history", s.hot, "--store", str(s.work)]
        note = f"council history {s.hot}"
    else:
        code = ("import sys; from store.service import Store; from store.queries import history;"
                "s = Store.open(sys.argv[1]); print(len(history(s, sys.argv[2], limit=100000)))")
        cmd = [sys.executable, "-c", code, str(s.work), s.hot]
        note = (f"n/a as a command (`council history` is not built yet): measured instead "
                f"store.queries.history({s.hot!r}) in a fresh process")

    def once() -> tuple[float, float]:
        ran = run_child(cmd, env)
        if ran.code != 0:
            raise RuntimeError(ran.stderr.strip()[-300:])
        once.out = ran.stdout  # type: ignore[attr-defined]
        return ran.timing

    figure = repeated(once, max(repeat, min(3, MIN_RUNS["fast"])), slow)
    figure.note = note
    return {"history_s": figure}


def bench_export(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    if not cli_available("export"):
        raise NotBuilt("`council export` is not built yet")
    env = child_env(s.scratch)
    out_dir = s.scratch / "export"
    rss: list[float] = []

    def once(fresh: bool) -> tuple[float, float]:
        if fresh:
            shutil.rmtree(out_dir, ignore_errors=True)
        cmd = [*council_cmd(), "export", "--store", str(s.work), "--out", str(out_dir)]
        ran = run_child(cmd if fresh else [*cmd, "--force"], env)
        if ran.code != 0:
            raise RuntimeError((ran.stdout + ran.stderr).strip()[-300:])
        rss.append(ran.rss_mb)
        return ran.timing

    full = repeated(lambda: once(True), repeat, slow)
    full_rss = max(rss)

    def incremental() -> tuple[float, float]:
        _change_one_record(s)
        return once(False)

    inc = repeated(incremental, repeat, slow)
    inc.note = "one meeting's minutes changed (a record: commit), then export --force into the previous output"
    return {"export_full_s": full, "export_incremental_s": inc,
            "export_rss_mb": Figure(full_rss, len(rss), "peak of the full exports")}


def _change_one_record(s: Sized) -> None:
    from council.records import Meeting
    from store.service import Store
    from store.write.change import Change

    store = Store.open(s.work)
    try:
        row = _rows(store, "meeting", "held")[-1]
        meeting = store.require(row.id)
        assert isinstance(meeting, Meeting)
        store.write(Change(f"correct the minutes of {meeting.id}",
                           [meeting.replace(body=meeting.body + f"\nCorrected at {time.time():.0f}.")]),
                    author=generate.CLERK)
    finally:
        store.close()


def bench_open(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    from store.service import Store

    def once() -> tuple[float, float]:
        return timed(lambda: Store.open(s.work).close())

    return {"open_s": repeated(once, repeat, slow)}


# Read-only benchmarks first; those that commit to the work copy last.
BENCHMARKS: list[tuple[str, Callable[[Sized, int, float], dict[str, Figure]], tuple[str, ...]]] = [
    ("help", bench_help, ("help_s",)),
    ("open", bench_open, ("open_s",)),
    ("tui", bench_tui, ("tui_first_frame_s", "tui_dashboard_s", "tui_rss_mb")),
    ("history", bench_history, ("history_s",)),
    ("verify", bench_verify, ("verify_s", "verify_incremental_s", "verify_nofsck_s")),
    ("reindex", bench_reindex, ("reindex_s",)),
    ("writes", bench_writes, ("approve_commit_s", "record_commit_s", "attendance_commit_s")),
    ("export", bench_export, ("export_full_s", "export_incremental_s", "export_rss_mb")),
]


def run_size(s: Sized, repeat: int, slow: float, only: set[str] | None, log: Callable[[str], None]) -> None:
    for name, bench, names in BENCHMARKS:
        if (only and name not in only) or (SMOKE["on"] and name == "open"):
            continue
        t0 = time.perf_counter()
        try:
            got = bench(s, repeat, slow)
        except NotBuilt as exc:
            got = {n: Figure(None, note=f"n/a: {exc}") for n in names}
        except TimedOut as exc:
            got = {n: Figure(None, note=f"n/a: {exc}", over=exc.limit) for n in names}
            if name == "export" and exc.rss_mb:
                got["export_rss_mb"] = Figure(exc.rss_mb, 1, f"at least: peak when stopped after {exc.limit:.0f} s")
        except Exception as exc:  # reported as n/a with the reason, never a made-up figure
            got = {n: Figure(None, note=f"n/a: failed: {type(exc).__name__}: {str(exc)[:300]}") for n in names}
        s.figures.update(got)
        log(f"  [{s.label}] {name}: {time.perf_counter() - t0:.1f} s")
    if (only is None or "tui" in only) and "decision_log_open_s" not in s.figures:
        try:
            s.figures.update(bench_decision_log_queries(s, repeat, slow))
        except NotBuilt as exc:
            for n in ("decision_log_open_s", "decision_filter_s"):
                s.figures[n] = Figure(None, note=f"n/a: {exc}")


# --- reporting ------------------------------------------------------------------------------


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def fmt(name: str, figure: Figure | None, cpu: bool = True) -> str:
    if figure is None:
        return "-"
    if figure.value is None:
        return f"> {figure.over:.0f} s" if figure.over else "n/a"
    if name.endswith("_mb"):
        return f"{figure.value:.0f} MB"
    text = seconds(figure.value)
    if cpu and figure.cpu is not None:
        text += f" ({seconds(figure.cpu)} cpu)"
    return text


def table(sized: list[Sized]) -> str:
    head = ["figure", *[s.label for s in sized], "target"]
    rows = [head]
    for name, what, target in METRICS:
        rows.append([f"{name} ({what})", *[fmt(name, s.figures.get(name)) for s in sized], target])
    for name, what in EXTRA:
        rows.append([f"{name} ({what})", *[fmt(name, s.figures.get(name)) for s in sized], ""])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["| " + " | ".join(c.ljust(w) if i == 0 else c.rjust(w) if i <= len(sized) else c.ljust(w)
                               for i, (c, w) in enumerate(zip(r, widths))) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) if i == 0 or i > len(sized) else "-" * (w + 1) + ":"
                                   for i, w in enumerate(widths)) + "|")
    return "\n".join(lines)


def notes(sized: list[Sized]) -> list[str]:
    out = []
    for s in sized:
        for name, figure in s.figures.items():
            if figure.note:
                out.append(f"[{s.label}] {name}: {figure.note}")
    return out


def machine() -> dict[str, Any]:
    load = os.getloadavg()
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "git": subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip(),
            "loadavg_at_end": [round(x, 2) for x in load]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated: S, M, L, T or a number of decisions")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median); default 3")
    parser.add_argument("--slow", type=float, default=20.0,
                        help="a measurement whose first run takes longer than this many seconds runs once")
    parser.add_argument("--cache", type=Path, default=None, help="where generated stores are kept")
    parser.add_argument("--only", default="", help="comma-separated benchmark names: "
                        + ",".join(n for n, _, _ in BENCHMARKS))
    parser.add_argument("--timeout", type=float, default=240.0,
                        help="stop a command after this many seconds and report '> N s' (default 240)")
    parser.add_argument("--keep", action="store_true", help="keep the work copies (printed)")
    parser.add_argument("--smoke", action="store_true", help="every benchmark once (the test suite's smoke run)")
    args = parser.parse_args(argv)
    TIMEOUT["limit"] = args.timeout
    if args.smoke:
        args.repeat, MIN_RUNS["fast"], SMOKE["on"] = 1, 1, True
    cache = args.cache or generate.default_cache()
    only = set(filter(None, args.only.split(","))) or None
    started = time.perf_counter()

    def log(text: str) -> None:
        print(f"{time.perf_counter() - started:7.1f}s {text}", file=sys.stderr, flush=True)

    scratch_root = Path(tempfile.mkdtemp(prefix="council-perf-"))
    sized: list[Sized] = []
    try:
        for label in [x.strip() for x in args.sizes.split(",") if x.strip()]:
            log(f"preparing {label} (cache {cache})")
            s = prepare(label, cache, scratch_root, log, baseline=only is None or "verify" in only)
            log(f"  [{label}] store ready: {s.work}")
            run_size(s, args.repeat, args.slow, only, log)
            s.meta["described"] = describe(s)
            sized.append(s)
            if not args.keep:
                shutil.rmtree(s.scratch, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(scratch_root, ignore_errors=True)
    print(table(sized))
    print()
    for s in sized:
        print(f"{s.label}: {json.dumps(s.meta['described'])}")
    for line in notes(sized):
        print(line)
    print(f"\nmachine: {json.dumps(machine())}; total {time.perf_counter() - started:.0f} s")
    if args.json:
        data: dict[str, Any] = {s.label: {name: (s.figures[name].value if name in s.figures else None)
                                          for name, _, _ in METRICS} for s in sized}
        data["_about"] = {
            "command": " ".join(["python tests/perf/run.py", *(argv if argv is not None else sys.argv[1:])]),
            "machine": machine(),
            "extra": {s.label: {n: s.figures[n].value for n, _ in EXTRA if n in s.figures} for s in sized},
            "runs": {s.label: {n: f.runs for n, f in s.figures.items()} for s in sized},
            "cpu_s": {s.label: {n: f.cpu for n, f in s.figures.items() if f.cpu is not None} for s in sized},
            "over_s": {s.label: {n: f.over for n, f in s.figures.items() if f.over} for s in sized},
            "notes": {s.label: {n: f.note for n, f in s.figures.items() if f.note} for s in sized},
            "stores": {s.label: s.meta.get("described") for s in sized},
        }
        args.json.write_text(json.dumps(data, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
