"""What `council tui` loads before its first frame and before the dashboard shows its data (issue 18).

Checked by what is imported, never by time.  One fresh interpreter does what
the console script does for ``council tui`` (its short path, ``start_tui``,
opens the store without Typer and builds the app), runs the app headless, and lists
the modules loaded at the first frame and once the dashboard's workers are
done.  Each module named here cost the first frame or the dashboard its
import on a 10,000-decision store, for nothing it shows.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from store.service import Store

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import asyncio, gc, json, sys
from council.commands.entry import start_tui
app = start_tui(sys.argv[1], quiet=True)
out = {}
async def drive():
    async with app.run_test(headless=True, size=(120, 40)) as pilot:
        out["first_frame"] = sorted(sys.modules)
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        out["dashboard"] = sorted(sys.modules)
        out["screen"] = type(app.screen).__name__
        out["collecting"] = [gc.isenabled(), gc.get_freeze_count() > 0]
asyncio.run(drive())
print(json.dumps(out))
"""

# Typer and the commands' modules: `council tui [--store PATH]` starts on the console script's short path
# (council.cli, which starts the app, registers no command until asked for the Typer app).
# The forms and dialogs (TextArea's module above all) load when a screen first opens one.
NOT_AT_FIRST_FRAME = ("typer", "click", "council.commands.app", "council.commands.amendments",
                      "council.commands.meetings", "council.commands.records", "council.commands.sync",
                      "screens.dialogs", "screens.drafts", "textual.widgets._text_area")
# Sync's machinery (verify, the replay, the write path's signing): the dashboard's sync line reads
# one file and asks git two questions (store.sync.standing).
NOT_ON_THE_DASHBOARD = ("store.sync.replicas", "store.sync.replay", "store.sync.conflicts", "store.audit",
                        "store.write.signing", "store.write.steps")


@pytest.fixture
def loaded(small_store: Store) -> dict[str, list[str]]:
    small_store.close()
    proc = subprocess.run([sys.executable, "-c", PROBE, str(small_store.root)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    found: dict[str, list[str]] = json.loads(proc.stdout.strip().splitlines()[-1])
    assert found["screen"] == "DashboardScreen"
    return found


def test_the_collector_is_back_on_once_the_first_frame_is_painted(loaded: dict[str, list[str]]) -> None:
    # start_tui starts the app with the garbage collector off: it must not stay off.
    assert loaded["collecting"] == [True, True]


def test_the_first_frame_loads_no_other_commands_module(loaded: dict[str, list[str]]) -> None:
    heavy = [m for m in loaded["first_frame"] if m.startswith(NOT_AT_FIRST_FRAME)]
    assert heavy == [], f"the first frame imported {heavy[:5]}"


def test_the_dashboard_loads_no_sync_or_audit_machinery(loaded: dict[str, list[str]]) -> None:
    assert "store.sync.standing" in loaded["dashboard"]  # the probe did reach the sync line
    heavy = [m for m in loaded["dashboard"] if m.startswith(NOT_ON_THE_DASHBOARD)]
    assert heavy == [], f"the dashboard imported {heavy[:5]}"


SCRIPT = "import sys; from council.commands.entry import main; sys.argv[0] = 'council'; main()"
TYPER = "import sys; from council.cli import main; sys.argv[0] = 'council'; main()"


@pytest.mark.parametrize("args", [["tui", "--store", "{tmp}/nowhere"], ["tui", "-s", "{tmp}"],
                                  ["tui", "--store={tmp}"]])
def test_the_short_path_says_what_typer_says_when_the_store_cannot_open(tmp_path: Path, args: list[str]) -> None:
    filled = [a.format(tmp=tmp_path) for a in args]
    runs = [subprocess.run([sys.executable, "-c", code, *filled], cwd=ROOT, capture_output=True, text=True,
                           timeout=120) for code in (SCRIPT, TYPER)]
    short, typer = [(p.returncode, p.stdout, p.stderr) for p in runs]
    assert short == typer
    assert short[0] == 2 and short[2].startswith("error: ")


def test_only_tui_and_one_store_option_take_the_short_path() -> None:
    from council.commands.entry import tui_args

    assert tui_args(["tui"]) == (None,)
    assert tui_args(["tui", "--store", "s"]) == ("s",) == tui_args(["tui", "-s", "s"]) == tui_args(["tui", "--store=s"])
    for args in (["tui", "--help"], ["tui", "--store"], ["tui", "--store="], ["tui", "s"], ["show", "x"], [],
                 ["tui", "--store", "s", "--store", "t"], ["tui", "--store", "--help"]):
        assert tui_args(args) is None, args
