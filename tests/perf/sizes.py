"""The stores the benchmarks run on: S (the sample partnership), M, L or any number of decisions."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.perf import generate
from tests.perf.measure import ROOT, TIMEOUT, Figure, TimedOut, child_env, council_cmd, run_child

SIZES = {"T": 200, "M": 10_000, "L": 100_000}


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


def prepare(label: str, cache: Path, scratch_root: Path, log: Callable[[str], None] = print,
            baseline: bool = True) -> Sized:
    """A private work copy of the cached store of this size (generated on first use)."""
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
    """What the store under test holds: commits, files, sizes on disk."""
    def git_out(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=s.work, capture_output=True, text=True).stdout

    pack = sum(p.stat().st_size for p in (s.work / ".git" / "objects").rglob("*") if p.is_file())
    index_file = s.work / ".council" / "index.sqlite"
    return {"kind": s.meta.get("kind", "generated"), "decisions": s.meta.get("stats", {}).get("decisions"),
            "commits": int(git_out("rev-list", "--count", "HEAD").strip() or 0),
            "files": len(git_out("ls-files").splitlines()),
            "git_mb": round(pack / 2**20, 1),
            "index_mb": round(index_file.stat().st_size / 2**20, 1) if index_file.exists() else None,
            "hot_record": s.hot, "generation": s.meta.get("timings_s")}


def verified_baseline(source: Path, scratch: Path, log: Callable[[str], None]) -> str:
    """Verify a cached store once (untimed), so that incremental verify has its baseline.

    In use a store is verified as it grows; a generated one is verified here,
    like its index is built when it is generated.  Returns a note.
    """
    marker = source.parent / "verified-baseline.json"
    if marker.exists():
        return str(json.loads(marker.read_text()).get("note", ""))
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


def rows(store: Any, kind: str, status: str) -> list[Any]:
    """Indexed rows of one kind and status (setup for the benchmarks, never timed)."""
    from store import index

    return [r for r in index.rows(store.engine, kind) if r.status == status]


def change_one_record(s: Sized) -> None:
    """Correct one held meeting's minutes through Store.write: one small record: commit."""
    from council.records import Meeting
    from store.service import Store
    from store.write.change import Change

    store = Store.open(s.work)
    try:
        row = rows(store, "meeting", "held")[-1]
        meeting = store.require(row.id)
        assert isinstance(meeting, Meeting)
        store.write(Change(f"correct the minutes of {meeting.id}",
                           [meeting.replace(body=meeting.body + f"\nCorrected at {time.time():.6f}.")]),
                    author=generate.CLERK)
    finally:
        store.close()
