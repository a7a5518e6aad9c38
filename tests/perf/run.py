"""Council's benchmarks: every figure beside its anchor, in the same run, on the same store.

    python tests/perf/run.py --sizes S,M [--json FILE] [--repeat K] [--cache DIR] [--only NAMES]

S is the sample partnership (``sample_partnership.build``; a tiny generated
store stands in while the sample cannot be built), M a generated store of
10,000 decisions, L of 100,000 decisions and about 100,000 commits (never
run it on a shared machine while others work); ``T`` (200 decisions) or any
number of decisions may also be named.  Generated stores are cached (see
``tests/perf/generate.py``); every benchmark runs on a private copy.

Each figure is measured alternately with its anchor (``tests/perf/anchors.py``)
and both are medians of ``--repeat`` runs (one run when the first is slower
than ``--slow`` seconds).  The JSON holds, per size, ``<figure>_s`` (CPU
seconds: steadier than wall time on a loaded machine), ``<figure>_anchor_s``,
``<figure>_ratio`` and the wall times (``_wall_s``); RSS figures use ``_mb``.
The targets are in ``tests/perf/targets.py``; the table printed at the end
is ``tests/perf/report.py``'s, the README's Performance section.  A benchmark
that cannot run gives no figure (``None`` and the reason): none is estimated.
Child processes load Council's modules compiled once at the start of the run
(``measure.PYCACHE``), as an installed Council would, even where
``PYTHONDONTWRITEBYTECODE`` is set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf import generate, report  # noqa: E402
from tests.perf.bench_cli import bench_cli, bench_history  # noqa: E402
from tests.perf.bench_store import bench_clone, bench_export, bench_reindex, bench_verify  # noqa: E402
from tests.perf.bench_tui import bench_tui  # noqa: E402
from tests.perf.bench_writes import bench_writes  # noqa: E402
from tests.perf.measure import MIN_RUNS, TIMEOUT, Figure, NotBuilt, TimedOut, precompile  # noqa: E402
from tests.perf.sizes import Sized, describe, prepare  # noqa: E402
from tests.perf.targets import EXTRA, TARGETS, unit_of  # noqa: E402

Bench = Callable[[Sized, int, float], dict[str, Figure]]
# Read-only benchmarks first; those that commit to the work copy last.
BENCHMARKS: list[tuple[str, Bench, tuple[str, ...]]] = [
    ("cli", bench_cli, ("help", "show", "list")),
    ("history", bench_history, ("history",)),
    ("tui", bench_tui, ("tui_first_frame", "tui_dashboard", "tui_rss", "decision_log_open", "decision_filter")),
    ("reindex", bench_reindex, ("reindex",)),
    ("clone", bench_clone, ("clone",)),
    ("verify", bench_verify, ("verify_incremental", "verify_full", "verify_rss")),
    ("writes", bench_writes, ("approve_commit", "record_commit", "attendance_commit")),
    ("export", bench_export, ("export_full", "export_incremental", "export_rss")),
]
FIGURES = [t.name for t in [*TARGETS, *EXTRA]]


def run_size(s: Sized, repeat: int, slow: float, only: set[str] | None, log: Callable[[str], None]) -> None:
    """Every benchmark on one size; one that fails gives its figures as None, with the reason."""
    for name, bench, names in BENCHMARKS:
        if only and name not in only:
            continue
        t0 = time.perf_counter()
        try:
            got = bench(s, repeat, slow)
        except NotBuilt as exc:
            got = {n: Figure(None, note=f"n/a: {exc}") for n in names}
        except TimedOut as exc:
            got = {n: Figure(None, note=f"n/a: {exc}", over=exc.limit) for n in names}
        except Exception as exc:  # reported as n/a with the reason, never a made-up figure
            got = {n: Figure(None, note=f"n/a: failed: {type(exc).__name__}: {str(exc)[:300]}") for n in names}
        s.figures.update(got)
        log(f"  [{s.label}] {name}: {time.perf_counter() - t0:.1f} s")


def flatten(s: Sized) -> dict[str, float | None]:
    """One size's figures as the JSON's keys: figure, anchor, ratio, and the wall times."""
    row: dict[str, float | None] = {}
    for name in FIGURES:
        f = s.figures.get(name) or Figure(None, note="n/a: not measured in this run")
        unit = unit_of(name)
        row[f"{name}_{unit}"] = f.value
        row[f"{name}_anchor_{unit}"] = f.anchor
        row[f"{name}_ratio"] = f.ratio
        if unit == "s":
            row[f"{name}_wall_s"] = f.wall
            row[f"{name}_anchor_wall_s"] = f.anchor_wall
    return row


def machine() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "git": subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()}


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def results(sized: list[Sized], command: str, loads: list[str]) -> dict[str, Any]:
    """The JSON: one object per size, and ``_about`` (how, when, at what load, on which stores)."""
    data: dict[str, Any] = {s.label: flatten(s) for s in sized}
    data["_about"] = {
        "command": command, "machine": machine(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "loadavg": " to ".join(dict.fromkeys([loads[0], loads[-1]])) if loads else loadavg(),
        "runs": {s.label: {n: f.runs for n, f in s.figures.items()} for s in sized},
        "over_s": {s.label: {n: f.over for n, f in s.figures.items() if f.over} for s in sized},
        "notes": {s.label: {n: f.note for n, f in s.figures.items() if f.note} for s in sized},
        "stores": {s.label: s.meta.get("described") for s in sized},
    }
    return data


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M", help="comma-separated: S, M, L, T or a number of decisions")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median); default 3")
    parser.add_argument("--slow", type=float, default=20.0,
                        help="a measurement whose first run takes longer than this many seconds runs once")
    parser.add_argument("--cache", type=Path, default=None, help="where generated stores are kept")
    parser.add_argument("--only", default="", help="comma-separated benchmark names: "
                        + ",".join(n for n, _, _ in BENCHMARKS))
    parser.add_argument("--timeout", type=float, default=240.0,
                        help="stop a command after this many seconds and report it as not measured")
    parser.add_argument("--keep", action="store_true", help="keep the work copies (printed)")
    parser.add_argument("--smoke", action="store_true", help="every benchmark once (the test suite's smoke run)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    TIMEOUT["limit"] = args.timeout
    if args.smoke:
        args.repeat, MIN_RUNS["fast"] = 1, 1
    cache = args.cache or generate.default_cache()
    only = set(filter(None, args.only.split(","))) or None
    started = time.perf_counter()

    def log(text: str) -> None:
        print(f"{time.perf_counter() - started:7.1f}s {text}", file=sys.stderr, flush=True)

    scratch_root = Path(tempfile.mkdtemp(prefix="council-perf-"))
    precompile(scratch_root / "pycache")  # as a user's Python would have them: see measure.PYCACHE
    sized: list[Sized] = []
    loads = [loadavg()]
    try:
        for label in [x.strip() for x in args.sizes.split(",") if x.strip()]:
            log(f"preparing {label} (cache {cache})")
            s = prepare(label, cache, scratch_root, log, baseline=only is None or "verify" in only)
            log(f"  [{label}] store ready: {s.work}")
            run_size(s, args.repeat, args.slow, only, log)
            s.meta["described"] = describe(s)
            sized.append(s)
            loads.append(loadavg())
    finally:  # not between sizes: see bench_store's docstring on deleting before creating files
        if not args.keep:
            shutil.rmtree(scratch_root, ignore_errors=True)
    command = " ".join(["python tests/perf/run.py", *(argv if argv is not None else sys.argv[1:])])
    data = results(sized, command, loads)
    print(report.markdown(data))
    for label, notes in data["_about"]["notes"].items():
        for name, note in notes.items():
            print(f"[{label}] {name}: {note}")
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(data, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
