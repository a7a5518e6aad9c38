"""Written resolutions between meetings: circulated, voted as the votes come in, closed.

Each builds one :class:`~store.write.change.Change` and sends it down the write
path; the store's validation (``council.checks`` -> :mod:`council.resolutions`)
refuses a vote by anyone but a serving voting member, a second vote, a vote
outside the open period, and computes the outcome at the close.  A resolution
that amends terms is circulated with a draft amendment from the workspace: the
record carries its text and digest (and the digest of the text in force then),
its diff is in the body.  When it passes, the close and the new text are one
``amend:`` commit with Decision, Quorum, Vote and Approved-by trailers, exactly
as an amendment voted at a meeting, on any partner's replica: the text comes
from the record, not from the workspace it was drafted in.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from council import resolutions as written
from council.errors import RecordError, RuleError
from council.fileformat import serialise
from council.proceedings import consenting_parties
from council.records import Ballot, Record, Resolution
from store.usecases.common import require as _require
from store.usecases.common import text_diff
from store.usecases.proceedings import amendment_draft, check_draft, refuse_stale
from store.workspace import AMENDMENT, Draft, Workspace
from store.write.allocate import allocates, next_free_id
from store.write.change import Change

if TYPE_CHECKING:
    from store.service import Store
    from store.write.change import Committed


@dataclass(frozen=True)
class Circular:
    """A written resolution as the secretariat circulates it."""

    title: str
    motion: str
    tier: str
    opens: dt.date
    closes: dt.date
    text: str = ""  # why, and anything the members should read with it
    sensitivity: str = "internal"
    draft_id: int | None = None  # a draft amendment in the workspace, when it amends terms


@dataclass(frozen=True)
class Closed:
    committed: "Committed"
    resolution: Resolution
    amended: bool  # True: the amendment is now in force (an ``amend:`` commit)


def _when(day: dt.date | None) -> dt.datetime | None:
    """A commit dated ``day`` (at noon, local time) for a day in the past; None: now."""
    if day is None or day >= dt.date.today():
        return None
    return dt.datetime.combine(day, dt.time(12, 0)).astimezone()


@allocates
def circulate_resolution(store: "Store", circular: Circular, workspace: Workspace | None = None,
                         dated: bool = False) -> tuple["Committed", Resolution]:
    """Circulate a written resolution to every voting member; with a draft, it amends terms.

    ``dated``: commit it on its opening day (the sample replays history so).
    """
    c = circular
    wr_id = next_free_id(store, "resolution", f"WR-{c.opens.year}-", 3)
    resolution = Resolution(id=wr_id, title=c.title.strip(), tier=c.tier, motion=c.motion.strip(),
                            opens=c.opens, closes=c.closes, circulated_by=store.operator_id() or "",
                            sensitivity=c.sensitivity, body=c.text.strip())
    if c.draft_id is not None:
        if workspace is None:
            raise RecordError(wr_id, "amends", "a workspace holding the draft amendment")
        resolution = _with_amendment(store, resolution, amendment_draft(workspace, c.draft_id))
    written.refuse_confidential(resolution, store.charter())
    done = store.write(Change(f"circulate {wr_id}: {resolution.title} (written resolution, closes "
                              f"{c.closes.isoformat()})", [resolution], creates=[wr_id],
                              when=_when(c.opens) if dated else None))
    return done, _stored(store, wr_id)


def _with_amendment(store: "Store", r: Resolution, draft: Draft) -> Resolution:
    """The resolution carrying the draft's text, its digest, and the digest of the text in force now."""
    proposed = check_draft(store, draft.target, draft.text)
    refuse_stale(store, draft)
    written.refuse_sealed(r.id, proposed, store.charter())
    in_force = store.get(draft.target)
    if in_force is not None:
        written.refuse_sealed(r.id, in_force, store.charter())
    text = serialise(proposed)
    # The diff is read with the resolution; indented, it stays whole in the body's canonical form.
    diff = "\n".join("    " + line for line in text_diff(draft.base, text).splitlines())
    body = (r.body + "\n\n" if r.body else "") + f"The amendment of {draft.target}, as circulated:\n\n{diff}"
    return dataclasses.replace(r, amends=[draft.target], amendment_digest=written.amendment_digest([(draft.target, text)]),
                               circulated_text={draft.target: text},
                               base_digest=written.in_force_digest([(draft.target, in_force)]), body=body)


def record_resolution_votes(store: "Store", resolution_id: str, votes: Mapping[str, str],
                            on: dt.date, dated: bool = False) -> tuple["Committed", Resolution]:
    """Record the votes that came in on ``on``; each member votes once, and a vote stands."""
    r = _require(store, resolution_id, Resolution)
    if r.status != "open":
        raise RuleError(f"{resolution_id} is closed ({r.outcome}): no vote is recorded after its close")
    cast = {m: v for m, v in votes.items() if v}
    if not cast:
        raise RecordError(resolution_id, "ballots", "at least one member's vote")
    ballots = [*r.ballots, *(Ballot(member=m, vote=v, on=on) for m, v in cast.items())]
    names = ", ".join(f"{m} {v}" for m, v in cast.items())
    done = store.write(Change(f"record votes on {resolution_id}: {names}", [r.replace(ballots=ballots)],
                              when=_when(on) if dated else None))
    return done, _stored(store, resolution_id)


def close_resolution(store: "Store", resolution_id: str, on: dt.date, workspace: Workspace | None = None,
                     dated: bool = False) -> Closed:
    """Close it on ``on``: the store computes the outcome over the entire voting membership.

    Passed with an amendment: the close and the text circulated are one
    ``amend:`` commit (the draft leaves the workspace); otherwise a
    ``record:`` commit (a failed amendment's draft is kept).
    """
    r = _require(store, resolution_id, Resolution)
    if r.status != "open":
        raise RuleError(f"{resolution_id} is already closed ({r.outcome})")
    closed = dataclasses.replace(r, status="closed", closed_on=on)
    when = _when(on) if dated else None
    # The store's own rule tells us the outcome it will record (and refuses a bad close at the write).
    result = written.outcome(store.charter(), store.members(), consenting_parties(store.partnership()), closed)
    if result.result != "passed" or not r.amends:
        done = store.write(Change(f"close {resolution_id}: {r.title} ({result.result})", [closed], when=when))
        return Closed(done, _stored(store, resolution_id), amended=False)
    draft, proposed = _circulated_text(store, workspace, r)
    summary = f"{draft.summary if draft else r.title} (written resolution {resolution_id})"
    done = store.write(Change(summary, [closed, *proposed], kind="amend", decision=r.id, when=when))
    if workspace is not None:
        for left in _drafts_of(workspace, r):  # in force now: the replica that drafted it drops its draft
            workspace.delete(left.id)
    return Closed(done, _stored(store, resolution_id), amended=True)


def _circulated_text(store: "Store", workspace: Workspace | None, r: Resolution) -> tuple[Draft | None, list[Record]]:
    """The text circulated: carried in the resolution itself (any replica closes it), or, for
    one circulated before resolutions carried their text, the draft in this replica's workspace."""
    if r.circulated_text:
        written.check_base(r, [(i, store.get(i)) for i in r.amends])
        drafts = _drafts_of(workspace, r)
        return (drafts[0] if drafts else None), written.carried_terms(r)
    return _draft_text(store, workspace, r)


def _drafts_of(workspace: Workspace | None, r: Resolution) -> list[Draft]:
    """This replica's draft amendments whose text is the one circulated (by its digest)."""
    found = []
    for draft in (workspace.drafts(AMENDMENT) if workspace is not None else []):
        if draft.target in r.amends and written.amendment_digest([(draft.target, draft.text)]) == r.amendment_digest:
            found.append(draft)
    return found


def _draft_text(store: "Store", workspace: Workspace | None, r: Resolution) -> tuple[Draft, list[Record]]:
    """The draft in this replica's workspace whose text is the one circulated (by its digest)."""
    for draft in (workspace.drafts(AMENDMENT) if workspace is not None else []):
        if draft.target not in r.amends:
            continue
        proposed = check_draft(store, draft.target, draft.text)
        if written.amendment_digest([(draft.target, serialise(proposed))]) == r.amendment_digest:
            refuse_stale(store, draft)
            return draft, [proposed]
    raise RuleError(f"{r.id} passed, but the text of {', '.join(r.amends)} it circulated is not among this "
                    "replica's draft amendments (`council amend list`): close it where it was circulated")


def resolution_reminders(store: "Store", today: dt.date, resolution_id: str | None = None) -> list[written.Reminder]:
    """Who has not yet voted on each open resolution (or on one), and the days left, as of ``today``."""
    charter, members = store.charter(), store.members()
    if resolution_id:
        found = [_require(store, resolution_id, Resolution)]
    else:
        found = [r for r in store.list("resolution") if isinstance(r, Resolution)]
    return [written.reminder(charter, members, r, today) for r in found if r.status == "open"]


def _stored(store: "Store", resolution_id: str) -> Resolution:
    stored = store.require(resolution_id)
    assert isinstance(stored, Resolution)
    return stored
