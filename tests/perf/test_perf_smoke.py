"""Smoke test of the benchmarks: the generator and every benchmark, at a tiny size, once.

No timing is asserted here (the figures live in the README's Performance
section); what is asserted is that the generated store is a valid store, that
it is exactly what the write path would have written, and that every
benchmark either gives a figure or says why it cannot run yet.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from store.service import Store
from store.verify import verify
from tests.perf import generate, run


def _head(path: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=path, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_generated_store_is_valid_and_proportional(tmp_path: Path) -> None:
    meta = generate.generate(tmp_path / "store", 120)
    stats = meta["stats"]
    assert stats["decisions"] == 120
    assert stats["hot_amendments"] == 3 and stats["ip_assets"] > 0 and stats["disputes"] == 1
    assert stats["commits"] > 120 and set(stats["outcomes"]) >= {"passed", "failed"}
    store = Store.open(tmp_path / "store")
    try:
        report = verify(store, fsck=False)
        assert report.ok, [str(f) for f in report.failures]
        assert report.commits == stats["commits"]
    finally:
        store.close()
    status = subprocess.run(["git", "status", "--porcelain"], cwd=tmp_path / "store",
                            capture_output=True, text=True).stdout
    assert status == ""


def test_stream_writes_what_the_write_path_writes(tmp_path: Path) -> None:
    """The fast-import stream and Store.write, fed the same history, end at the same commit."""
    generate.generate(tmp_path / "fast", 12, index=False)
    assert generate.replay(tmp_path / "slow", 12) == _head(tmp_path / "fast")


def test_every_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    out = tmp_path / "perf.json"
    code = run.main(["--sizes", "60", "--smoke", "--cache", str(tmp_path / "cache"), "--json", str(out),
                     "--timeout", "60"])
    assert code == 0
    data = json.loads(out.read_text())
    figures, notes = data["60"], data["_about"]["notes"]["60"]
    assert set(figures) == {name for name, _, _ in run.METRICS}
    for name, value in figures.items():
        # A figure, or n/a with the reason (a part not built yet); never a failure.
        assert value is not None or notes.get(name, "").startswith("n/a"), name
        assert "failed" not in notes.get(name, ""), (name, notes[name])
