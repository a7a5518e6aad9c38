"""The secretariat's proceedings at a meeting: motions and votes, amendments
drafted in the workspace and put to a vote, and disputes.

Plain functions taking a :class:`~store.service.Store` (and, for drafts, a
:class:`~store.workspace.Workspace`), so that the TUI, the CLI and the tests
share them; the meetings themselves are :mod:`store.usecases.meetings`.
Nothing here computes an outcome or a quorum for the record: the store does
that (``council.checks``) when it validates the change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from council import proceedings as council_proceedings
from council import rules
from council.charter import Charter
from council.checks import FINAL_OUTCOMES, check_change
from council.errors import RecordError, RuleError, StoreError
from council.fileformat import parse, serialise
from council.records import (
    KINDS,
    ActionItem,
    Decision,
    Dispute,
    IPAsset,
    Meeting,
    Member,
    Record,
    Stage,
    kind_of_id,
)
from store import queries
from store.usecases.common import require as _require
from store.usecases.common import with_readers
from store.workspace import AMENDMENT, Draft, Workspace
from store.write.allocate import allocates, next_free_id
from store.write.change import Change

if TYPE_CHECKING:
    from store.service import Store
    from store.write.change import Committed


# --- motions and votes --------------------------------------------------------


@dataclass(frozen=True)
class Motion:
    """A motion as the secretariat records it: the store computes its outcome."""

    title: str
    motion: str
    tier: str
    votes: Mapping[str, str]
    moved_by: str = ""
    seconded_by: str = ""
    rationale: str = ""
    sensitivity: str = "public"
    amends: tuple[str, ...] = ()
    actions: tuple[ActionItem, ...] = field(default=())
    agenda_item: int | None = None  # the item it was taken at (needed once attendance changed)
    casting_vote: str = ""  # the chair's casting vote on a tie, where the charter grants one
    casting_by: str = ""
    # Who may read its sealed text (its rationale, at a confidential level): see common.with_readers.
    readers: tuple[str, ...] | None = None


@dataclass(frozen=True)
class MeetingContext:
    """What a live quorum or outcome preview needs, loaded once off the UI thread."""

    meeting: Meeting
    charter: Charter
    members: list[Member]
    parties: list[str]
    consenting: list[str] = field(default_factory=list)  # the partners, whose consent per-party tiers need
    # The decisions decided at this meeting: its attendance is then fixed (issue 14).
    decided: list[str] = field(default_factory=list)

    def quorum(self, attendance: Mapping[str, str]) -> rules.QuorumResult:
        return rules.quorum(self.charter, self.members, attendance, self.meeting.date, self.parties)

    def outcome(self, tier: str, votes: Mapping[str, str], term_change: bool = False,
                casting: str = "") -> rules.Outcome:
        """The outcome the store will compute: the same function, on the draft's votes.

        (Notice applies to every decision of a tier that requires it, so
        ``term_change`` no longer matters; it is kept for the screens' calls.)
        """
        # Where attendance changed during the meeting, the preview judges the
        # draft by who was there at the last item (recording it names its item).
        item = len(self.meeting.agenda) if self.meeting.attendance_changes else None
        draft = Decision(id="DEC-0000-000", meeting=self.meeting.id, date=self.meeting.date, tier=tier,
                         votes=dict(votes), agenda_item=item, casting_vote=casting)
        return council_proceedings.decision_outcome(self.charter, self.members, self.consenting, draft,
                                                    self.meeting)

    def required_tier(self, amends: Sequence[str]) -> str:
        """The lowest tier the charter's decision rights allow for what a motion amends ('' if any)."""
        draft = Decision(id="DEC-0000-000", meeting=self.meeting.id, amends=list(amends))
        return council_proceedings.required_tier(self.charter, draft)[0]

    def voters(self) -> list[Member]:
        return rules.voting_members(self.members, self.meeting.date)


def meeting_context(store: "Store", meeting_id: str) -> MeetingContext:
    meeting = _require(store, meeting_id, Meeting)
    assert isinstance(meeting, Meeting)
    partnership = store.partnership()
    parties = [p.id for p in partnership.parties] if partnership else []
    decided = ([r.id for r in queries.decisions_at_meeting(store, meeting.id, meeting.date)
                if r.status in FINAL_OUTCOMES] if meeting.status == "held" else [])
    return MeetingContext(meeting, store.charter(), store.members(), parties,
                          council_proceedings.consenting_parties(partnership), decided)


def _decision(store: "Store", meeting: Meeting, motion: Motion) -> Decision:
    decision_id = next_free_id(store, "decision", f"DEC-{meeting.date.year}-", 3)
    if not motion.title.strip():
        raise RecordError(decision_id, "title", "a short title for the motion")
    votes = {m: v for m, v in motion.votes.items() if v}
    decision = Decision(id=decision_id, title=motion.title.strip(), meeting=meeting.id, date=meeting.date,
                        tier=motion.tier, motion=motion.motion.strip(), moved_by=motion.moved_by,
                        seconded_by=motion.seconded_by, sensitivity=motion.sensitivity,
                        amends=list(motion.amends), actions=list(motion.actions), votes=votes,
                        body=motion.rationale, agenda_item=motion.agenda_item, casting_vote=motion.casting_vote,
                        casting_by=motion.casting_by)
    return with_readers(store, decision, motion.readers)


@allocates
def record_decision(store: "Store", meeting_id: str, motion: Motion) -> tuple["Committed", Decision]:
    """Record a motion and its votes; the store computes and stores the outcome."""
    meeting = _require(store, meeting_id, Meeting)
    assert isinstance(meeting, Meeting)
    decision = _decision(store, meeting, motion)
    done = store.write(Change(f"record {decision.id}: {decision.title}", [decision], creates=[decision.id]))
    stored = store.require(decision.id)
    assert isinstance(stored, Decision)
    return done, stored


@dataclass(frozen=True)
class VoteResult:
    committed: "Committed"
    decision: Decision
    amended: bool  # True: the amendment is now in force (an ``amend:`` commit)


@allocates
def put_amendment_to_vote(store: "Store", workspace: Workspace, draft_id: int, meeting_id: str,
                          motion: Motion) -> VoteResult:
    """Vote on a draft amendment: if the decision passes, the amendment is committed with it.

    A passing vote gives one ``amend:`` commit holding the decision and the new
    text (with Decision, Meeting, Quorum, Vote and Approved-by trailers); a
    failing vote is recorded as a ``record:`` commit and the draft is kept.
    """
    draft = amendment_draft(workspace, draft_id)
    proposed = check_draft(store, draft.target, draft.text)
    refuse_stale(store, draft)
    meeting = _require(store, meeting_id, Meeting)
    assert isinstance(meeting, Meeting)
    decision = _decision(store, meeting, dataclasses.replace(motion, amends=(draft.target,)))
    # The store's own check tells us the outcome it will record.
    filled, _ = check_change(store.context(), [decision], [], "record", None)
    outcome = filled[0]
    assert isinstance(outcome, Decision)
    summary = draft.summary.strip() or f"amend {draft.target}"
    if outcome.outcome != "passed":
        done = store.write(Change(f"record {decision.id}: {decision.title} ({outcome.outcome})", [decision],
                                  creates=[decision.id]))
        return VoteResult(done, _stored_decision(store, decision.id), amended=False)
    new = [decision.id] + ([] if draft.base else [draft.target])  # a new IP entry, say: never over another
    done = store.write(Change(summary, [decision, proposed], kind="amend", decision=decision.id, creates=new))
    workspace.delete(draft.id)
    return VoteResult(done, _stored_decision(store, decision.id), amended=True)


def _stored_decision(store: "Store", decision_id: str) -> Decision:
    stored = store.require(decision_id)
    assert isinstance(stored, Decision)
    return stored


# --- amendments drafted in the workspace -------------------------------------


def amendment_wording(draft: Draft) -> tuple[str, str]:
    """A draft amendment's decision title and motion, as the TUI's vote form and the CLI propose them."""
    summary = draft.summary or f"amend {draft.target}"
    return (f"Amend {draft.target}: {summary}",
            f"That the amendment to {draft.target} be approved: {summary}.")


def in_force_text(store: "Store", record_id: str) -> str:
    """The record file as it stands at HEAD ('' if the record does not exist yet)."""
    record = store.get(record_id)
    return serialise(record) if record is not None else ""


def check_draft(store: "Store", target: str, text: str) -> Record:
    """Parse and validate a proposed term record; raise a RecordError naming the field."""
    kind = kind_of_id(target)
    if kind is None or not KINDS[kind].TERM:
        raise RecordError(target, "id", "a term record: a charter clause, an IP entry or the exit plan", target)
    record = parse(text, kind, target)
    if record.id != target:
        raise RecordError(target, "id", f"the draft to keep the ID {target}", record.id)
    try:
        check_change(store.context(), [record], [], "record", None)
    except RuleError:
        # check_change validates each record first, then refuses a term change
        # outside an amendment: reaching that refusal means the record is valid.
        pass
    return record


def save_amendment(store: "Store", workspace: Workspace, target: str, text: str, summary: str,
                   draft_id: int | None = None) -> Draft:
    """Keep a proposed amendment as a draft, after checking it; it is voted on later."""
    record = check_draft(store, target, text)
    normalised = serialise(record)
    current = in_force_text(store, target)
    if normalised == current:
        raise RecordError(target, "text", "a change to the text in force (the draft is identical)")
    summary = " ".join(summary.split()) or f"amend {target}"
    return workspace.save(AMENDMENT, target, normalised, summary, base=current or "", draft_id=draft_id,
                          proposed_by=_proposer(store))


def _proposer(store: "Store") -> str:
    """Who proposes a draft: the operator, as the commit would name them ('' when none is set)."""
    try:
        return str(store.operator())
    except StoreError:
        return ""


def amendment_draft(workspace: Workspace, draft_id: int) -> Draft:
    """The draft amendment ``draft_id`` of the workspace (a meeting's vote or a written resolution adopts it)."""
    draft = workspace.get(draft_id)
    if draft is None or draft.kind != AMENDMENT:
        raise RecordError(f"draft {draft_id}", "id", "a draft amendment in the workspace", draft_id)
    return draft


def refuse_stale(store: "Store", draft: Draft) -> None:
    """Refuse a draft whose record was amended (or created) since the draft was started."""
    current = in_force_text(store, draft.target)
    if draft.base and current != draft.base:
        raise RuleError(f"{draft.target} has been amended since this draft was started; open the draft "
                        "in the editor, check it against the text now in force and save it again")
    if not draft.base and current:
        raise RuleError(f"{draft.target} already exists; this draft was started as a new record")


def new_ip_text(store: "Store", workspace: Workspace, parties: Sequence[str]) -> tuple[str, str]:
    """A new IP entry's ID and its template text, the ID free in the store and the drafts."""
    taken = {d.target for d in workspace.drafts(AMENDMENT)}
    asset_id = queries.next_id(store, "ip", "IP-", 3)
    while asset_id in taken:
        asset_id = f"IP-{int(asset_id[3:]) + 1:03d}"
    owners = {parties[0]: 100.0} if parties else {}
    asset = IPAsset(id=asset_id, title="New asset", owners=owners,
                    body="What the asset is, who made it and how it may be used.")
    return asset_id, serialise(asset)


def new_dataset_text(store: "Store", workspace: Workspace, parties: Sequence[str]) -> tuple[str, str]:
    """New data-sharing terms' ID and template text, for a draft amendment (terms change only by amendment)."""
    from council.records import Dataset

    taken = {d.target for d in workspace.drafts(AMENDMENT)}
    dataset_id = queries.next_id(store, "dataset", "DS-", 3)
    while dataset_id in taken:
        dataset_id = f"DS-{int(dataset_id[3:]) + 1:03d}"
    dataset = Dataset(id=dataset_id, title="New dataset", provider=parties[0] if parties else "",
                      lawful_basis="", jurisdiction="", anonymisation="", rights_contact="",
                      permitted_purposes=["the purpose agreed"],
                      body="What the data is, who provides it and on what terms it is shared.")
    return dataset_id, serialise(dataset)


# --- disputes -----------------------------------------------------------------


@allocates
def raise_dispute(store: "Store", title: str, raised_by: str, against: Sequence[str], day: dt.date,
                  sensitivity: str = "confidential", substance: str = "",
                  readers: Sequence[str] | None = None) -> tuple["Committed", Dispute]:
    """Raise a dispute: it enters the first stage of the charter's ladder on ``day``; ``readers``
    may read its sealed text (:func:`store.usecases.common.with_readers`)."""
    dispute_id = next_free_id(store, "dispute", "DSP-", 3)
    if not title.strip():
        raise RecordError(dispute_id, "title", "the dispute's subject")
    first = rules.next_stage(store.charter().ladder, None)
    stages = [Stage(name=first, entered=day)] if first else []
    dispute = Dispute(id=dispute_id, title=title.strip(), raised_on=day, raised_by=raised_by,
                      against=list(against), sensitivity=sensitivity, stages=stages, body=substance)
    dispute = with_readers(store, dispute, readers)
    done = store.write(Change(f"raise {dispute_id}: {dispute.title}", [dispute], creates=[dispute_id]))
    return done, dispute


def move_dispute(store: "Store", dispute_id: str, day: dt.date, note: str = "",
                 readers: Sequence[str] = ()) -> "Committed":
    """Move a dispute to the next stage of the ladder on ``day``; ``readers``, if any, replace
    who may read its sealed text (its note at a confidential level is sealed to them)."""
    dispute = _require(store, dispute_id, Dispute)
    assert isinstance(dispute, Dispute)
    if dispute.status != "open":
        raise RuleError(f"{dispute_id} is {dispute.status}; only an open dispute moves on")
    ladder = store.charter().ladder
    current = dispute.stages[-1].name if dispute.stages else None
    new = rules.next_stage(ladder, current)
    if new is None:
        raise RuleError(f"{dispute_id} is at the last stage of the ladder ({current}); record a resolution")
    rules.check_stage_move(ladder, dispute.stages, new, day, dispute_id)
    changed = dispute.replace(stages=[*dispute.stages, Stage(name=new, entered=day, note=note)])
    changed = with_readers(store, changed, readers or None)
    return store.write(Change(f"move {dispute_id} to {new}", [changed]))


def resolve_dispute(store: "Store", dispute_id: str, day: dt.date, resolution: str,
                    readers: Sequence[str] = ()) -> "Committed":
    """Record how a dispute was resolved; ``readers`` as for :func:`move_dispute`."""
    dispute = _require(store, dispute_id, Dispute)
    assert isinstance(dispute, Dispute)
    if dispute.status != "open":
        raise RuleError(f"{dispute_id} is already {dispute.status}")
    if not resolution.strip():
        raise RecordError(dispute_id, "resolution", "how the dispute was resolved")
    if dispute.stages and day < dispute.stages[-1].entered:
        raise RecordError(dispute_id, "resolved_on", f"a date on or after {dispute.stages[-1].entered}", day)
    changed = dispute.replace(status="resolved", resolved_on=day, resolution=resolution.strip())
    changed = with_readers(store, changed, readers or None)
    return store.write(Change(f"resolve {dispute_id}", [changed]))
