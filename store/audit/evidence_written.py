"""The evidence of a decision taken by written resolution, as a meeting's decision is evidenced.

``council evidence WR-2026-001`` bundles the resolution as recorded at the
commit that closed it (``resolution.md``: its motion, the text circulated,
the dates it opened and closed, each ballot with the day it came in), the
charter and membership in force at the parent commit, and works the outcome
through with the same function the write path and ``verify`` apply
(:func:`council.resolutions.outcome`): the threshold of the charter's
written-resolution clause over the entire voting membership on the day it
opened, never over those who replied.  The offline check (``check.sh``)
binds ``resolution.md`` to its blob like every copied file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from council import resolutions as written
from council.checks import FINAL_OUTCOMES
from council.errors import CouncilError
from council.proceedings import consenting_parties
from council.records import Decision, Record, Resolution


def decided(record: Record | None) -> bool:
    """A decision with its final outcome, or a written resolution once closed."""
    if isinstance(record, Resolution):
        return record.status == "closed"
    return isinstance(record, Decision) and record.outcome in FINAL_OUTCOMES


def record_file(record: Record) -> str:
    """The file the decided record is copied to in the bundle."""
    return "resolution.md" if isinstance(record, Resolution) else "decision.md"


def computation(r: Resolution, state: Any) -> dict:
    """The replies and the outcome, worked through under the charter and membership at the parent."""
    lines = [f"Written resolution {r.id}: {r.title}", f"Tier: {r.tier}", f"Motion: {r.motion}",
             f"In writing: open {r.opens.isoformat()} to {r.closes.isoformat()}, closed on "
             f"{r.closed_on.isoformat() if r.closed_on else '(not closed)'}", ""]
    facts: dict[str, Any] = {"quorum": None, "outcome": None}
    if state is None:
        lines.append("The charter in force is not in the store; nothing can be computed.")
        return {**facts, "text": "\n".join(lines) + "\n"}
    try:
        voters = written.membership(state.members, r)
        result = written.outcome(state.charter, state.members, consenting_parties(state.partnership), r)
    except CouncilError as exc:
        return {**facts, "text": "\n".join([*lines, f"Cannot compute: {exc}"]) + "\n"}
    ids = {m.id for m in voters}
    replied = written.replied(r, ids)
    lines += [f"Threshold: {written.threshold_text(state.charter)}",
              f"Membership: the voting members serving on {r.opens.isoformat()}, the day it opened", ""]
    ballots = {b.member: b for b in r.ballots}
    for m in sorted(voters, key=lambda m: m.id):
        b = ballots.get(m.id)
        reply = f"{b.vote:<8} on {b.on.isoformat()}" if b else "not voted"
        lines.append(f"  {m.id:<16} {reply:<22} {m.name} ({m.party})")
    lines += ["", f"Replied: {replied}", f"Outcome: {result.explanation}",
              f"Recorded outcome: {r.outcome}" + ("" if r.outcome == result.result else "  << DIFFERS")]
    return {"text": "\n".join(lines) + "\n", "quorum": {"met": True, "explanation": replied},
            "outcome": {"result": result.result, "explanation": result.explanation, "recorded": r.outcome}}


def votes_csv(r: Resolution, state: Any, target: Path) -> None:
    """Each ballot with the day it came in; a member of its membership who never replied, too."""
    by_id = {m.id: m for m in state.members} if state else {}
    voters = sorted(m.id for m in written.membership(state.members, r)) if state else []
    ballots = {b.member: b for b in r.ballots}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["member", "name", "party", "vote", "on"])
    for member_id in sorted(set(voters) | set(ballots)):
        m, b = by_id.get(member_id), ballots.get(member_id)
        writer.writerow([member_id, m.name if m else "", m.party if m else "", b.vote if b else "not voted",
                         b.on.isoformat() if b else ""])
    target.write_text(buf.getvalue())


def summary(r: Resolution, state: Any) -> dict:
    """The written resolution's own facts for evidence.json: its dates, ballots and threshold."""
    return {"written_resolution": {
        "opens": r.opens.isoformat(), "closes": r.closes.isoformat(),
        "closed_on": r.closed_on.isoformat() if r.closed_on else None,
        "threshold": written.threshold_text(state.charter) if state else None,
        "ballots": [{"member": b.member, "vote": b.vote, "on": b.on.isoformat()} for b in r.ballots]}}


def recount(r: Resolution) -> list[str]:
    """The README's paragraph on recounting a written resolution by hand."""
    return [
        "## Recount the vote", "",
        "`computation.txt` works the threshold through; to recount by hand, read the written-resolution",
        "clause in `charter/` (the clause with `rule = \"written_resolutions\"`: its `ratio`; where there is",
        "none, Robert's Rules: unanimity), the voting members serving on the day it opened",
        f"({r.opens.isoformat()}) in `members/`, and the ballots in `resolution.md` (each dated, within",
        f"{r.opens.isoformat()} to {r.closes.isoformat()}). The threshold is of the entire voting membership:",
        "a member who did not reply counts as not in favour.",
        "A term change counts only if the resolution passed under the charter in force at the *parent*",
        "commit, so a charter amendment cannot approve itself.", "",
    ]
