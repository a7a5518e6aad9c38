"""Smoke test of the benchmarks: the generator and every benchmark, at a tiny size, once.

No timing is asserted here (the figures live in the README's Performance
section); what is asserted is that the generated store is a valid store, that
it is exactly what the write path would have written, and that every
benchmark gives a figure (one that cannot run fails the test).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from store.audit.verify import verify
from store.service import Store
from tests.perf import generate, report, run, targets

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out


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


def incomplete(row: dict[str, object], notes: dict[str, str]) -> list[tuple[str, object, str]]:
    """Every figure's, anchor's and ratio's key that is missing or not a positive number."""
    bad = []
    for t in [*targets.TARGETS, *targets.EXTRA]:
        for key in targets.keys(t):
            value = row.get(key)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                bad.append((key, value, notes.get(t.name, "")))
    return bad


def test_every_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    out = tmp_path / "perf.json"
    code = run.main(["--sizes", "60", "--smoke", "--cache", str(tmp_path / "cache"), "--json", str(out),
                     "--timeout", "1800"])  # only stops a hang: a busy machine is slow, not broken
    assert code == 0
    data = json.loads(out.read_text())
    row, notes = data["60"], data["_about"]["notes"]["60"]
    # Every figure has its anchor and their ratio: one that cannot run ("n/a", a
    # failure, a time-out) fails here, so the README's table can always be remade.
    assert incomplete(row, notes) == []
    assert not [n for n in notes.values() if n.startswith("n/a")]
    table = report.markdown(data)
    assert all(t.what in table for t in targets.TARGETS)


def test_a_benchmark_that_cannot_run_leaves_its_figures_empty(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing benchmark gives no figure (None and the reason), which the smoke check refuses."""
    def broken(s: object, repeat: int, slow: float) -> dict[str, run.Figure]:
        raise RuntimeError("git exploded")

    monkeypatch.setattr(run, "BENCHMARKS", [("writes", broken, ("approve_commit", "record_commit"))])
    sized = run.Sized("60", tmp_path, tmp_path, {}, "4.2", tmp_path)
    run.run_size(sized, 1, 1.0, None, lambda text: None)
    row = run.flatten(sized)
    assert row["approve_commit_s"] is None and row["approve_commit_ratio"] is None
    assert "git exploded" in sized.figures["approve_commit"].note
    bad = {key for key, _, _ in incomplete(row, {})}
    assert {"approve_commit_s", "approve_commit_anchor_s", "approve_commit_ratio"} <= bad
