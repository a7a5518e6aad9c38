"""Transparency figures, computed from the filtered view only.

Figures count what the audience may see: a withheld decision is counted in
the redaction report, not in "decisions by tier and outcome", so no figure
reveals a withheld value.
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING, Any

from council.records import OUTCOMES

if TYPE_CHECKING:
    from exports.view import View


def figures(view: "View") -> dict[str, Any]:
    return {**_meetings(view), **_decisions(view), **_disputes(view)}


def _meetings(view: "View") -> dict[str, Any]:
    meetings = view.visible("meeting")
    held = [m for m in meetings if m.value("status") == "held"]
    judged = [m for m in held if isinstance(m.value("quorate"), bool)]
    quorate = sum(1 for m in judged if m.value("quorate"))
    return {
        "meetings_held": len(held),
        "meetings_scheduled": sum(1 for m in meetings if m.value("status") == "scheduled"),
        "meetings_quorate": quorate,
        "quorum_rate": round(quorate / len(judged), 4) if judged else None,
    }


def _decisions(view: "View") -> dict[str, Any]:
    table: dict[str, dict[str, int]] = {}
    for d in view.visible("decision"):
        tier, outcome = d.value("tier"), d.value("outcome")
        if isinstance(tier, str) and isinstance(outcome, str):
            row = table.setdefault(tier or "(none)", {})
            row[outcome] = row.get(outcome, 0) + 1
    tier_rank = {name: i for i, name in enumerate(view.tier_order)}
    ordered = {
        tier: {o: table[tier][o] for o in OUTCOMES if o in table[tier]}
        for tier in sorted(table, key=lambda t: (tier_rank.get(t, len(tier_rank)), t))
    }
    return {"decisions_counted": sum(sum(r.values()) for r in table.values()),
            "decisions_by_tier_and_outcome": ordered}


def _disputes(view: "View") -> dict[str, Any]:
    disputes = view.of("dispute")
    durations = [d.derived["duration_days"] for d in disputes if d.derived.get("duration_days") is not None]
    median = statistics.median(durations) if durations else None
    if isinstance(median, float) and median.is_integer():
        median = int(median)
    return {
        "disputes_raised": len(disputes),
        "disputes_open": sum(1 for d in disputes if d.value("status") == "open"),
        "disputes_closed": len(durations),
        "median_dispute_days": median,
    }
