"""Writes through ``Store.write`` on a long-lived store (as the TUI holds it), each beside
``git add`` + ``git commit`` of the same files with the same bytes, in a plain clone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.perf import anchors, generate
from tests.perf.measure import Figure, Sample, child_env, from_pairs, runs_for, timed
from tests.perf.sizes import Sized, rows


def meeting_for_votes(store: Any, need: str = "") -> tuple[Any, dict[str, str], list[str]]:
    """The latest held meeting where a vote of everyone present passes (at tier ``need`` at
    least: the charter's decision rights); its votes and passing tiers."""
    from council import rules
    from council.records import Meeting

    charter = store.charter()
    members = store.members()
    held = sorted(rows(store, "meeting", "held"), key=lambda r: (r.day, r.id), reverse=True)
    for row in held[:60]:
        meeting = store.get(row.id)
        assert isinstance(meeting, Meeting)
        voters = [m.id for m in rules.voting_members(members, meeting.date)
                  if meeting.attendance.get(m.id) == "present"]
        votes = {m: "for" for m in voters}
        passing = []
        for tier in charter.tiers:
            notice = rules.notice_given(tier, meeting.agenda_circulated, meeting.date)
            result = rules.outcome(charter, tier.name, members, meeting.attendance, votes, meeting.date, notice)
            if result.passed:
                passing.append(tier.name)
        if passing and (not need or need in passing):
            return meeting, votes, passing
    raise RuntimeError("no recent held meeting where a motion can pass")


def bench_writes(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    """Approve an amendment, record a vote, note an apology: each beside git add + commit."""
    from store.service import Store

    store = Store.open(s.work)
    repo = anchors.anchor_repo(s.work, s.scratch / "anchor-git")
    env = child_env(s.scratch)
    try:
        approve, record, attendance = _writers(store, s)

        def pair(write: Callable[[], tuple[Sample, Any]]) -> tuple[Sample, Sample]:
            sample, committed = write()
            files = anchors.changed_files(s.work, committed.commit)
            return sample, anchors.git_commit(repo, files, committed.message, env)

        pair(approve), pair(record)  # warm: the first write parses the members and charter
        n = runs_for(repeat, fast=True)
        note = "Store.write in process (CPU incl. git children) beside git add + git commit in a plain clone"
        out = {"approve_commit": from_pairs([pair(approve) for _ in range(n)], note),
               "record_commit": from_pairs([pair(record) for _ in range(n)], note)}
        if attendance is not None:
            pair(attendance)
            out["attendance_commit"] = from_pairs([pair(attendance) for _ in range(n)], note)
        return out
    finally:
        store.close()


def _writers(store: Any, s: Sized) -> tuple[Callable[[], tuple[Sample, Any]], Callable[[], tuple[Sample, Any]],
                                            Callable[[], tuple[Sample, Any]] | None]:
    """The three writes, each returning its timing and the Committed it made."""
    from council.records import Clause, Decision, Meeting
    from store.write.change import Change

    clause = store.require(s.hot if s.hot.replace(".", "").isdigit() else "4.2")
    assert isinstance(clause, Clause)
    meeting, votes, tiers = meeting_for_votes(store, store.charter().minimum_tier(f"charter.{clause.id}"))
    counter = iter(range(990_001, 999_999))

    def decision(tier: str, amends: list[str]) -> Decision:
        did = f"DEC-{meeting.date.year}-{next(counter)}"
        return Decision(id=did, title=f"Benchmark motion {did}", meeting=meeting.id, date=meeting.date,
                        tier=tier, motion="That the council adopt the benchmark motion.",
                        votes=dict(votes), amends=amends, body="Benchmark.")

    def write(change: Change) -> tuple[Sample, Any]:
        done: list[Any] = []
        sample = timed(lambda: done.append(store.write(change, author=generate.CLERK)))
        return sample, done[0]

    def approve() -> tuple[Sample, Any]:
        d = decision(tiers[-1], [clause.id])
        new = clause.replace(body=f"{clause.body}\nReviewed by {d.id}.")
        return write(Change(f"amend clause {clause.id} by {d.id}", [d, new], kind="amend", decision=d.id))

    def record() -> tuple[Sample, Any]:
        d = decision(tiers[0], [])
        return write(Change(f"record {d.id}", [d]))

    scheduled = [m for m in (store.get(r.id) for r in rows(store, "meeting", "scheduled"))
                 if isinstance(m, Meeting)]
    if not scheduled:
        return approve, record, None
    target = scheduled[0]
    members = [m.id for m in store.members() if m.serves_on(target.date)]
    flip = {"n": 0}

    def attendance() -> tuple[Sample, Any]:
        who = members[flip["n"] % len(members)]
        flip["n"] += 1
        current = store.require(target.id)
        assert isinstance(current, Meeting)
        state = current.attendance.get(who, "present")
        changed = current.replace(attendance={**current.attendance,
                                              who: "apologies" if state == "present" else "present"})
        return write(Change(f"note apologies for {target.id}", [changed]))

    return approve, record, attendance
