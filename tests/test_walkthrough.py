"""The scripted walk-through of a secretariat's day (docs/walkthrough/secretariat_day.sh) passes.

It drives the terminal app through tmux at 160x45 and 80x24, from scheduling
to approved minutes and a printed pack, visits every area, and checks every
screen it captures with docs/walkthrough/check_captures.py (cut words, footer
keys cut or missing; issue 19). Slow: two whole days.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).resolve().parents[1] / "docs" / "walkthrough" / "secretariat_day.sh"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="the walk-through drives the app through tmux")
def test_the_secretariats_day_walks_through_without_a_cut_screen(tmp_path: Path) -> None:
    council = Path(sys.executable).with_name("council")
    env = {**os.environ, "COUNCIL": str(council), "TMPDIR": str(tmp_path)}
    done = subprocess.run(["bash", str(SCRIPT), str(tmp_path / "captures")], env=env, capture_output=True,
                          text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-4000:]
    captures = sorted(p.name for p in (tmp_path / "captures").iterdir())
    assert "80x24-minutes-printed.txt" in captures and "160x45-meetings-approved.txt" in captures
    areas = ("dashboard", "charter", "meetings", "decisions", "disputes", "ip", "exit", "history", "registers",
             "artifacts")
    for size in ("160x45", "80x24"):
        assert {f"{size}-area-{area}.txt" for area in areas} <= set(captures)
        assert f"{size}-conflicts.txt" in captures and f"{size}-agenda-circulated.txt" in captures
    decided = (tmp_path / "captures" / "160x45-meetings-decided.txt").read_text()
    assert "recorded: passed" in decided  # the vote, as the screen said it
