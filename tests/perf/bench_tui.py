"""The TUI, driven headless by ``tui_probe.py``: first frame and dashboard beside a minimal
Textual app; the decision log (open, each keystroke of a filter) beside the same page query
run raw through ``sqlite3`` on the index."""

from __future__ import annotations

import statistics
import sys
from typing import Any

from tests.perf import anchors
from tests.perf.measure import Figure, NotBuilt, Sample, child_env, from_pairs, rss_figure, run_child
from tests.perf.sizes import Sized

FILTER = "tier:high radiology"


def bench_tui(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    """The TUI figures: every one is CPU of the probe process at its stamp (process_time)."""
    env = child_env(s.scratch)
    runs: list[tuple[dict[str, Any], Sample, Sample]] = []  # probe data, its run, the minimal app's run
    raw = RawLog(s)
    anchor_open: list[Sample] = []
    anchor_keys: list[Sample] = []
    try:
        for n in range(repeat):
            ran = run_child([sys.executable, str(anchors.PROBE), "--store", str(s.work), "--decision-log",
                             "--filter", FILTER], env)
            data = anchors.last_json(ran.stdout)
            if ran.code != 0 or "error" in data:
                raise NotBuilt(data.get("error") or ran.stderr.strip()[-300:])
            data["t0"] = ran.started
            minimal, _ = anchors.minimal_textual(env)
            runs.append((data, ran.sample, minimal))
            anchor_open.append(raw.page(""))
            anchor_keys += [raw.page(FILTER[:k]) for k in range(1, len(FILTER) + 1)]
            if n == 0 and ran.seconds > slow:
                break
    finally:
        raw.close()
    return _figures(runs, anchor_open, anchor_keys)


def _figures(runs: list[tuple[dict[str, Any], Sample, Sample]], anchor_open: list[Sample],
             anchor_keys: list[Sample]) -> dict[str, Figure]:
    first = [(Sample(d["first_frame"] - d["t0"], d["cpu_first_frame"]), m) for d, _, m in runs]
    dash = [(Sample(d["dashboard"] - d["t0"], d["cpu_dashboard"]), m) for d, _, m in runs]
    out = {"tui_first_frame": from_pairs(first, "council tui (probe) CPU at its first frame"),
           "tui_dashboard": from_pairs(dash, "council tui (probe) CPU when the start-up workers are done"),
           "tui_rss": rss_figure([(r, m) for _, r, m in runs], "peak over the probe runs (decision log included)")}
    missing = sorted({m for d, _, _ in runs for m in d.get("missing", [])})
    opened = [Sample(d["log_open"], d["log_open_cpu"]) for d, _, _ in runs if "log_open" in d]
    keys = [Sample(w, c) for d, _, _ in runs for w, c in zip(d.get("keystrokes", []), d.get("keystrokes_cpu", []))]
    if opened:
        out["decision_log_open"] = _median_pair(opened, anchor_open, "through the TUI, to rows painted")
    if keys:
        worst = max(k.wall for k in keys)
        out["decision_filter"] = _median_pair(keys, anchor_keys, f"through the TUI, per character of "
                                              f"{FILTER!r}, to rows painted; worst {worst:.3f} s wall")
    if missing:
        raise NotBuilt("; ".join(missing))
    return out


def _median_pair(figure: list[Sample], anchor: list[Sample], note: str) -> Figure:
    med = statistics.median
    return Figure(med(x.cpu for x in figure), med(x.cpu for x in anchor), med(x.wall for x in figure),
                  med(x.wall for x in anchor), len(figure), note)


class RawLog:
    """The decision log's page queries, captured from the store's engine and run raw."""

    def __init__(self, s: Sized) -> None:
        from store import queries
        from store.service import Store

        self.queries = queries
        self.store = Store.open(s.work)
        self.raw = anchors.RawPage(s.work / ".council" / "index.sqlite")
        self.captured: dict[str, tuple[str, Any]] = {}

    def page(self, text: str) -> Sample:
        """The page query of this filter text, run once raw (its first page, as the log paints)."""
        if text not in self.captured:
            flt = self.queries.parse_filter(text) if text else self.queries.DecisionFilter()
            self.captured[text] = self.raw.capture(self.store.engine,
                                                   lambda: self.queries.decisions(self.store, flt))
        return self.raw.run(*self.captured[text])

    def close(self) -> None:
        self.raw.close()
        self.store.close()
