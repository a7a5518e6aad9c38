"""Pictures for the published site: SVG drawn from the filtered view, no JavaScript.

Decisions per quarter by outcome, attendance at each held meeting against
its quorum, each dispute's escalation ladder as a timeline against its
deadlines, and exit readiness by party (the terminal app draws the same
figures from :mod:`council.trends`). Like every renderer, a chart reads only the :class:`View`: a
value the audience may not see is never counted or drawn (a decision whose
outcome is withheld is left out, not guessed). Each chart is an accessible
image (``role="img"``, a title and a description) beside the tables that
carry the same numbers, and each mark has a ``<title>`` so a pointer shows
its figure without script.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from council import trends
from exports.html_base import esc
from exports.view import View, Withheld

WIDTH, BAR_AREA, LEFT, TOP = 720, 180, 48, 28

# Colour-blind-safe (Okabe-Ito), each paired with a label in the legend.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#999999", "#D55E00")
DEADLINE = "#000000"  # time past a deadline is red and hatched: it does not rest on colour alone
HATCH = ('<defs><pattern id="overdue" width="6" height="6" patternUnits="userSpaceOnUse" '
         'patternTransform="rotate(45)"><rect width="6" height="6" fill="#B2182B"/>'
         '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>')


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]
    colour: str


def _svg(title: str, desc: str, height: int, body: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())
    return (f'<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
            f'aria-labelledby="{slug}-t {slug}-d" viewBox="0 0 {WIDTH} {height}" width="100%" '
            f'style="max-width:{WIDTH}px" font-family="sans-serif" font-size="11">'
            f'<title id="{slug}-t">{esc(title)}</title><desc id="{slug}-d">{esc(desc)}</desc>\n'
            f"{body}</svg><figcaption>{esc(title)}</figcaption></figure>\n")


def stacked_bars(title: str, desc: str, labels: Sequence[str], series: Sequence[Series],
                 marks: dict[int, str] | None = None) -> str:
    """Vertical stacked bars, one per label, with a y axis and a legend; ``marks`` label a bar's top."""
    marks = marks or {}
    if not labels:
        return ""
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    top = max(max(totals), 1)
    step = (WIDTH - LEFT - 10) / len(labels)
    bar = max(2.0, step * 0.7)
    every = -(-(7 * max(len(label) for label in labels) + 8) // max(int(step), 1))  # labels never overlap
    parts = [_axis(top)]
    for i, label in enumerate(labels):
        x, y = LEFT + i * step + (step - bar) / 2, float(TOP + BAR_AREA)
        for s in series:
            value = s.values[i]
            if value:
                h = value / top * BAR_AREA
                y -= h
                parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                             f'fill="{s.colour}"><title>{esc(label)}: {value} {esc(s.name)}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{TOP + BAR_AREA + 14}" text-anchor="middle">'
                         f"{esc(label)}</text>")
        if marks.get(i):
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                         f'font-weight="bold">{esc(marks[i])}</text>')
    parts.append(_legend([(s.name, s.colour) for s in series if any(s.values)], TOP + BAR_AREA + 34))
    return _svg(title, desc, TOP + BAR_AREA + 56, "\n".join(parts) + "\n")


def _axis(top: int) -> str:
    lines = [f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + BAR_AREA}" stroke="#666"/>',
             f'<line x1="{LEFT}" y1="{TOP + BAR_AREA}" x2="{WIDTH - 10}" y2="{TOP + BAR_AREA}" stroke="#666"/>']
    for tick in sorted({0, top // 2, top}):
        y = TOP + BAR_AREA - tick / top * BAR_AREA
        lines.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    return "\n".join(lines)


def _legend(entries: Sequence[tuple[str, str]], y: int) -> str:
    out, x = [], LEFT
    for name, colour in entries:
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{colour}"/>'
                   f'<text x="{x + 14}" y="{y}">{esc(name)}</text>')
        x += 24 + 7 * len(name)
    return "\n".join(out)


def decisions_by_quarter(view: View) -> str:
    """Stacked bars: the visible decisions of each quarter, by outcome (tallied by council.trends)."""
    seen = [(d.value("date"), d.value("outcome"), 1) for d in view.visible("decision")]
    counts = trends.by_quarter((day, outcome, n) for day, outcome, n in seen
                               if isinstance(day, dt.date) and isinstance(outcome, str))
    labels = list(counts)
    outcomes = trends.outcomes_present(counts)
    series = [Series(o.replace("_", " "), tuple(counts[q].get(o, 0) for q in labels), PALETTE[i % len(PALETTE)])
              for i, o in enumerate(outcomes)]
    return stacked_bars("Decisions per quarter by outcome",
                        "Stacked bars, one per quarter: how many published decisions ended in each outcome.",
                        labels, series)


def exit_readiness(view: View, names: Mapping[str, str]) -> str:
    """Stacked bars per party: exit obligations ready (a migration path and evidence) and not yet.

    An obligation whose party, migration or evidence the audience may not see
    is left out, not guessed: the picture counts only what the page shows.
    """
    tally: dict[str, list[int]] = {}
    for plan in view.visible("exit"):
        obligations = plan.get("obligations", [])
        for ob in obligations if isinstance(obligations, list) else []:
            if not isinstance(ob, dict):
                continue
            fields = (ob.get("party"), ob.get("migration", ""), ob.get("evidence", ""))
            if any(isinstance(f, Withheld) for f in fields) or not isinstance(fields[0], str):
                continue
            row = tally.setdefault(fields[0], [0, 0])
            row[0 if fields[1] and fields[2] else 1] += 1
    if not tally:
        return ""
    parties = sorted(tally)
    series = [Series("ready", tuple(tally[p][0] for p in parties), PALETTE[2]),
              Series("not yet ready", tuple(tally[p][1] for p in parties), PALETTE[6])]
    return stacked_bars("Exit readiness by party",
                        "Stacked bars, one per party: its exit obligations that have both a migration path and "
                        "evidence (ready), and those that do not yet.", [names.get(p, p) for p in parties], series)


def attendance_by_meeting(view: View) -> str:
    """Stacked bars: who attended each held meeting whose attendance is published."""
    held = [m for m in view.visible("meeting") if m.value("status") == "held"
            and isinstance(m.value("date"), dt.date) and m.derived.get("attendance")]
    held.sort(key=lambda m: (m.value("date"), m.id))
    names = (("present", "present"), ("proxy", "by proxy"), ("apologies", "apologies"), ("absent", "absent"))
    series = [Series(label, tuple(m.derived["attendance"].get(key, 0) for m in held), PALETTE[i])
              for i, (key, label) in enumerate(names)]
    labels = [m.value("date").strftime("%Y-%m") for m in held]
    marks = {i: "\u2715" for i, m in enumerate(held) if m.value("quorate") is False}
    return stacked_bars("Attendance at each held meeting",
                        "Stacked bars, one per held meeting in date order: members present, by proxy, "
                        "with apologies and absent; a cross marks a meeting that was not quorate.",
                        labels, series, marks)


def dispute_timelines(view: View) -> str:
    """One row per dispute: each stage from its start, its deadline marked, overdue time in red."""
    rows = [(d.id, d.derived["stages"], d.value("resolved_on")) for d in view.of("dispute") if d.derived.get("stages")]
    if not rows:
        return ""
    today = view.time.date()
    days = [s["entered"] for _, stages, _ in rows for s in stages]
    days += [s["deadline"] for _, stages, _ in rows for s in stages if isinstance(s["deadline"], dt.date)]
    start, end = min(days), max([*days, today])
    span = max((end - start).days, 1)
    left, width, row_h = 90, WIDTH - 100, 22

    def x(day: dt.date) -> float:
        return left + (day - start).days / span * width

    names = list(dict.fromkeys(s["name"] for _, stages, _ in rows for s in stages))
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}
    parts = [HATCH]
    for n, (dispute_id, stages, resolved) in enumerate(rows):
        y = TOP + n * row_h
        parts.append(f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{esc(dispute_id)}</text>')
        for i, stage in enumerate(stages):
            stop = stages[i + 1]["entered"] if i + 1 < len(stages) else (
                resolved if isinstance(resolved, dt.date) else today)
            parts.append(_stage_bar(dispute_id, stage, stop, x, y, colour[stage["name"]]))
    bottom = TOP + len(rows) * row_h
    anchor = "end" if x(today) > WIDTH - 80 else "middle"
    parts.append(f'<line x1="{x(today):.1f}" y1="{TOP - 6}" x2="{x(today):.1f}" y2="{bottom}" stroke="#666" '
                 f'stroke-dasharray="3,3"/><text x="{x(today):.1f}" y="{TOP - 10}" text-anchor="{anchor}">'
                 f"as of {today.isoformat()}</text>")
    parts.append(f'<text x="{left}" y="{bottom + 14}">{start.isoformat()}</text>'
                 f'<text x="{left + width}" y="{bottom + 14}" text-anchor="end">{end.isoformat()}</text>')
    parts.append(_legend([*((name, colour[name]) for name in names), ("past its deadline", "url(#overdue)")],
                         bottom + 38))
    height = bottom + 48
    return _svg("Disputes on the escalation ladder",
                "One row per dispute: a bar per stage from the day it was entered, a black tick at the "
                "stage's deadline, time past the deadline hatched in red, and a dashed line at the day of the record published.", height, "\n".join(parts) + "\n")


def _stage_bar(dispute_id: str, stage: dict, stop: dt.date, x, y: int, colour: str) -> str:
    entered, deadline = stage["entered"], stage["deadline"]
    out = [f'<rect x="{x(entered):.1f}" y="{y + 3}" width="{max(x(stop) - x(entered), 1.5):.1f}" height="14" '
           f'fill="{colour}"><title>{esc(dispute_id)} {esc(stage["name"])}: from {entered.isoformat()}'
           + (f", deadline {deadline.isoformat()}" if isinstance(deadline, dt.date) else "")
           + "</title></rect>"]
    if isinstance(deadline, dt.date):
        if stop > deadline:
            out.append(f'<rect x="{x(deadline):.1f}" y="{y + 3}" width="{x(stop) - x(deadline):.1f}" '
                       f'height="14" fill="url(#overdue)"><title>{esc(dispute_id)} {esc(stage["name"])}: '
                       f"past its deadline of {deadline.isoformat()}</title></rect>")
        out.append(f'<line x1="{x(deadline):.1f}" y1="{y}" x2="{x(deadline):.1f}" y2="{y + 20}" '
                   f'stroke="{DEADLINE}" stroke-width="2"/>')
    return "".join(out)
