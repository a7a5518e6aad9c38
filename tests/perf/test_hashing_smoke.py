"""The hashing benchmark runs, at a tiny size (no timing is asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.perf import hashing


def test_the_hashing_benchmark_runs_and_reports_each_figure(tmp_path: Path, capsys) -> None:
    out = tmp_path / "hash.json"
    assert hashing.main(["--size-mb", "3", "--shard-mb", "1", "--dir", str(tmp_path), "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    for key in ("hash_s", "hash_anchor_s", "hash_ratio", "hash_mb_s", "hash_anchor_mb_s"):
        assert isinstance(figures[key], float) and figures[key] > 0, key
    assert "beside sha256sum" in capsys.readouterr().out
