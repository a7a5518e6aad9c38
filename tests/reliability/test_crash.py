"""CI's share of the crash campaign: a bounded number of SIGKILLs, the seed rotating per run.

The seed is printed (pytest shows it with -s or on failure); set
COUNCIL_FAULT_SEED to replay a run and COUNCIL_CRASH_KILLS to change the
count.  The long run is `python tests/reliability/crash_soak.py --kills 200`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.reliability.harness import run_campaign, seed_from_env

pytestmark = pytest.mark.slow  # see README: the fast inner loop leaves these out

CI_KILLS = int(os.environ.get("COUNCIL_CRASH_KILLS", "40"))


def test_writer_killed_at_random_points_loses_nothing_and_half_writes_nothing(tmp_path: Path) -> None:
    lines: list[str] = []

    def say(line: str) -> None:
        lines.append(line)
        print(line)

    stats = run_campaign(tmp_path / "crash", CI_KILLS, seed_from_env(), say)
    assert stats.kills >= CI_KILLS
    assert stats.acked > 0 and stats.checks > CI_KILLS // 2
