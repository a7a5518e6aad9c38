"""Headless probe of `council tui`, run in its own process by the benchmarks.

    python tests/perf/tui_probe.py --store DIR [--decision-log] [--filter TEXT]
    python tests/perf/tui_probe.py --minimal

With ``--minimal`` it runs, the same way, the anchor of the TUI figures: a
minimal Textual app (one ``Static``), to its first frame.

It does what `council tui` does (the console script's short path:
``council.commands.entry.start_tui`` opens the store and builds the app
through ``screens.app.make_app``) but runs the app headless with
``App.run_test`` and prints, as one JSON line, ``time.monotonic()`` stamps
(CLOCK_MONOTONIC is system-wide on Linux, so the parent process subtracts its
own stamp taken just before it started this process):

- ``first_frame``: the app is ready and its first screen has been processed;
  ``cpu_*`` are ``time.process_time()`` at the same points (CPU since start);
- ``dashboard``: every worker started at start-up has finished and the screen
  has refreshed (the dashboard is showing its data);
- with ``--decision-log``: ``log_open`` (the decision log screen shown and its
  workers done) and ``keystrokes`` (seconds per typed character of ``--filter``
  until the log's workers finish and the screen refreshes).

What the app does not offer yet is reported as ``missing`` (never guessed).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# Screens that might hold the decision log, in the order they are tried.
LOG_NAMES = ("decisions", "decision_log", "decision-log", "log")


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--store")
    parser.add_argument("--minimal", action="store_true", help="a minimal Textual app instead of Council's")
    parser.add_argument("--decision-log", action="store_true")
    parser.add_argument("--filter", default="tier:high radiology")
    parser.add_argument("--size", default="120x40")
    args = parser.parse_args()
    out: dict[str, Any] = {"missing": []}
    if args.minimal:
        asyncio.run(_drive(_minimal_app(), out, args, _size(args.size)))
        print(json.dumps(out))
        return 0
    if not args.store:
        parser.error("--store is required (or --minimal)")
    try:
        from council.commands.entry import start_tui

        app = start_tui(args.store, quiet=True)  # the app `council tui [--store PATH]` runs, its store open
        out["store_open"] = time.monotonic()
        if app is None:
            out["error"] = "the sample partnership is not built yet: run `council tui` once"
            print(json.dumps(out))
            return 3
        asyncio.run(_drive(app, out, args, _size(args.size)))
    except Exception as exc:  # reported to the parent, which prints n/a with the reason
        out["error"] = f"{type(exc).__name__}: {exc}"
        print(json.dumps(out))
        return 4
    print(json.dumps(out))
    return 0


def _size(text: str) -> tuple[int, int]:
    width, height = (int(x) for x in text.split("x"))
    return width, height


def _minimal_app() -> Any:
    """The least a Textual app does to paint a frame: the floor of the TUI's start."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Council")

    return Minimal()


async def _settle(app: Any, pilot: Any) -> None:
    """Wait until no worker is running, twice (a worker's result may start another)."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            return


async def _drive(app: Any, out: dict[str, Any], args: Any, size: tuple[int, int]) -> None:
    async with app.run_test(headless=True, size=size) as pilot:
        out["first_frame"] = time.monotonic()
        out["cpu_first_frame"] = time.process_time()  # CPU of this process since it started
        out["first_screen"] = type(app.screen).__name__
        await _settle(app, pilot)
        out["dashboard"] = time.monotonic()
        out["cpu_dashboard"] = time.process_time()
        if args.decision_log and not args.minimal:
            await _decision_log(app, pilot, out, args.filter)


async def _decision_log(app: Any, pilot: Any, out: dict[str, Any], text: str) -> None:
    started, cpu0 = time.monotonic(), time.process_time()
    if not await _open_log(app, pilot):
        out["missing"].append("a decision log screen reachable by name (SCREENS/MODES) or binding")
        return
    await _settle(app, pilot)
    out["log_open"] = time.monotonic() - started
    out["log_open_cpu"] = time.process_time() - cpu0
    out["log_screen"] = type(app.screen).__name__
    from textual.widgets import Input

    inputs = list(app.screen.query(Input))
    if not inputs:
        out["missing"].append("a filter Input on the decision log screen")
        return
    inputs[0].focus()
    await pilot.pause()
    times = []
    cpu = []
    for char in text:
        t0, c0 = time.monotonic(), time.process_time()
        await pilot.press("space" if char == " " else char)
        await _settle(app, pilot)
        times.append(time.monotonic() - t0)
        cpu.append(time.process_time() - c0)
    out["keystrokes"] = times
    out["keystrokes_cpu"] = cpu


async def _open_log(app: Any, pilot: Any) -> bool:
    modes = getattr(app, "MODES", {}) or {}
    screens = getattr(app, "SCREENS", {}) or {}
    for name in LOG_NAMES:
        if name in modes:
            await app.switch_mode(name)
            return True
        if name in screens:
            await app.push_screen(name)
            return True
    for binding in getattr(app, "BINDINGS", []):
        action = getattr(binding, "action", None) or (binding[1] if isinstance(binding, tuple) else "")
        key = getattr(binding, "key", None) or (binding[0] if isinstance(binding, tuple) else "")
        if "decision" in str(action):
            await pilot.press(str(key).split(",")[0])
            return True
    return False


if __name__ == "__main__":
    sys.exit(main())
