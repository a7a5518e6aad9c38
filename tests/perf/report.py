"""The README's Performance table, from one JSON written by ``run.py --json``.

    python tests/perf/report.py out.json

Prints Markdown: per figure its anchor, then for each size the figure and the
anchor (CPU seconds, or MB), their ratio and whether the target is met, then
the target; under it the date, the load average and the stores measured.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.targets import EXTRA, TARGETS, Target, judge, judge_growth, keys, target_text  # noqa: E402


def amount(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "mb":
        return f"{value:.0f} MB"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def cell(t: Target, label: str, row: dict[str, Any]) -> str:
    """``figure / anchor = ratio (met)`` for one size."""
    fig, anchor, ratio = keys(t)
    if row.get(fig) is None:
        return "n/a"
    text = f"{amount(row.get(fig), t.unit)} / {amount(row.get(anchor), t.unit)}"
    if row.get(ratio) is not None:
        text += f" = {row[ratio]:.2f}"
    verdict = judge(t, label, row) if t.bound != float("inf") else "-"
    return text + ("" if verdict == "-" else f" ({verdict})")


def sizes_of(data: dict[str, Any]) -> list[str]:
    return [label for label in data if not label.startswith("_")]


def table(data: dict[str, Any]) -> str:
    """The Markdown table of every figure, with its anchor, ratio and target, per size."""
    labels = sizes_of(data)
    sized = {label: data[label] for label in labels}
    head = ["figure", "anchor", *[f"{label}: figure / anchor = ratio" for label in labels], "target", "growth"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for t in [*TARGETS, *EXTRA]:
        target = target_text(t) if t.bound != float("inf") else "(explains the rows above)"
        cells = [t.what, t.anchor, *[cell(t, label, data[label]) for label in labels], target,
                 judge_growth(t, sized)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def summary(data: dict[str, Any]) -> str:
    """Which targets are met and which missed, size by size, in one paragraph each."""
    out = []
    for label in sizes_of(data):
        met, missed = [], []
        for t in TARGETS:
            verdict = judge(t, label, data[label])
            (met if verdict == "met" else missed if verdict in ("missed", "n/a") else []).append(t.name)
        out.append(f"- {label}: met {len(met)} ({', '.join(met) or 'none'}); "
                   f"missed {len(missed)} ({', '.join(missed) or 'none'}).")
    return "\n".join(out)


def about(data: dict[str, Any]) -> str:
    meta = data.get("_about", {})
    machine = meta.get("machine", {})
    lines = [f"Measured {meta.get('date', '?')} with `{meta.get('command', 'tests/perf/run.py')}` on "
             f"{machine.get('cpus', '?')} cores (Python {machine.get('python', '?')}, "
             f"{machine.get('git', 'git')}), load average {meta.get('loadavg', '?')}."]
    for label, store in (meta.get("stores") or {}).items():
        if store:
            lines.append(f"{label}: {store.get('kind')}, {store.get('commits')} commits, "
                         f"{store.get('files')} files.")
    return "\n".join(lines)


def markdown(data: dict[str, Any]) -> str:
    return "\n\n".join([table(data), summary(data), about(data)])


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python tests/perf/report.py out.json", file=sys.stderr)
        return 2
    try:
        data = json.loads(Path(args[0]).read_text())
    except (OSError, ValueError) as exc:
        print(f"{args[0]}: not a JSON file written by tests/perf/run.py ({exc})", file=sys.stderr)
        return 2
    print(markdown(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
