"""The per-commit checks of `council verify`, in one walk of the history.

One ``git log --raw`` lists every commit with the blobs it changed, oldest
first; :class:`~store.audit.treestate.HistoryReader` keeps the tree at each parent
in memory and reads the changed blobs in bulk, so the cost grows with the
number of commits, not with commits times the size of the store.  The rule
names are listed in :mod:`store.audit.verify`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, MutableMapping
from functools import partial
from pathlib import Path

from council import presence, proceedings
from council.checks import FINAL_OUTCOMES, Context, check_change
from council.errors import CouncilError, RuleError
from council.fileformat import parse_path
from council.records import Decision, Meeting, Record, is_term_path, kind_of_path
from store.audit.amendcheck import check_amendment
from store.audit.founding import check_founding
from store.audit.releasecheck import check_exit_plan, check_releases
from store.audit.resolutioncheck import check_resolutions
from store.audit.rowdigest import digest_of, expected_row
from store.audit.sealcheck import SealedOpener, check_sealed
from store.audit.treestate import HistoryReader, State
from store.git.commits import Changed, Commit
from store.git.trees import diff_tree
from store.index.heldrows import HeldRow
from store.logentry import record_id_of, record_path

__all__ = ["Walker", "State", "digest", "FINAL_OUTCOMES"]

_STRETCH = 2000  # commits whose blobs are read in one go


def digest(decision: Decision) -> str:
    """What must never change once a decision is decided: votes, outcome, tier, motion, mover,
    seconder, meeting and date (council.proceedings.DECIDED_FIELDS)."""
    return proceedings.fixed_digest(decision, proceedings.DECIDED_FIELDS)


def held_key(meeting_id: str) -> str:
    """The ledger key of a held meeting whose attendance is fixed by a decision taken at it."""
    return f"held:{meeting_id}"


class Walker(HistoryReader):
    """Checks commits in order; ``decided`` maps decision ID -> [digest, commit first decided]."""

    def __init__(self, root: Path, decided: MutableMapping[str, list[str]]) -> None:
        super().__init__(root)
        self.decided = decided
        self.taken: dict[str, list[str]] = {}  # meeting -> the decisions decided at it, seen in this walk
        self.opener: SealedOpener | None = None  # verify --full with a reader's key: open what is sealed to it
        # The records the index check compares (path -> blob at HEAD; None: keep no digest), and
        # the digests of the index rows they should have, taken as the walk parses each of them
        # (store/audit/rowdigest.py): per-record state, not the records.
        self.wanted: dict[str, str | None] | None = None
        self.rows: dict[str, str] = {}
        # A clone's index is built from the rows the walk computes for those digests
        # (store/ingest.py ``Rebuild``): each record at HEAD is then parsed once, not twice.
        self.building: Callable[[HeldRow, str], None] | None = None

    def parsed(self, sha: str, path: str, data: bytes, record: Record) -> None:
        if self.wanted is not None and sha == self.wanted.get(path) and path not in self.rows:
            expected = expected_row(record, path, sha, data)
            if expected is not None:
                self.rows[path] = digest_of(*expected)
                if self.building is not None:
                    self.building(*expected)

    def walk(self, base: str | None, tip: str, report) -> None:
        # Streamed a stretch at a time: the whole history as Commit objects was 10% of the peak at L.
        commits = self.commits(base, tip)
        self.load(base, lazy=True)
        while stretch := list(itertools.islice(commits, _STRETCH)):
            self.prefetch(stretch)
            for commit in stretch:
                report.commits += 1
                if len(commit.parents) > 1:
                    self.check_merge(commit, report)
                else:
                    self.enter(commit, commit.changes)
                    self.check_commit(commit, report)
                self.leave()

    def check_commit(self, c: Commit, report) -> None:
        kind, root = c.kind, not c.parents
        if not kind:
            report.fail(c.sha, "-", "commit-kind",
                        f"subject is neither 'amend:' nor 'record:': {c.message.splitlines()[0]!r}")
        for ch in c.changes:
            if not (ch.new and kind_of_path(ch.path)):
                continue
            record = self.parse(ch.new, ch.path)
            if record is None:
                report.fail(c.sha, record_id_of(ch.path), "record-parses", self._parse_error(ch))
            elif record.readers or record.sealed:
                check_sealed(c, record, self.state(c.sha), report)
                if self.opener is not None and record.sealed:
                    self.opener.check(c, record, report)
        if root:
            check_founding(self, c, report)
        self.check_decisions(c, c.changes, report, recompute=not root)
        self.check_meetings(c, c.changes, report)
        if not root:
            check_resolutions(self, c, report)
            check_releases(self, c, report)
            check_exit_plan(self, c, report)
        terms = [ch for ch in c.changes if is_term_path(ch.path)]
        if kind == "amend" and not terms and not root:
            report.fail(c.sha, "-", "amend-scope", "an amend commit that changes no term record")
        if not terms:
            return
        if kind != "amend":
            report.fail(c.sha, record_id_of(terms[0].path), "term-needs-amendment",
                        f"{terms[0].path} changed in a '{kind or 'plain'}' commit, not by an approved amendment")
            return
        if not root:
            report.amendments += 1
            check_amendment(self, c, terms, report)

    def _parse_error(self, ch: Changed) -> str:
        found = self.get(ch.new or "")
        try:
            parse_path(ch.path, found[2] if found else b"")
        except CouncilError as exc:
            return str(exc)
        return "unreadable"

    def check_merge(self, c: Commit, report) -> None:
        """A merge may bring term changes only as the merged side made them (verified there)."""
        changes = tuple(diff_tree(self.root, c.parents[0], c.sha))
        self.enter(c, changes)
        for ch in changes:
            if not is_term_path(ch.path):
                continue
            sides = [self.get(f"{p}:{ch.path}") for p in c.parents[1:]]
            if not any((s[0] if s else None) == ch.new for s in sides):
                report.fail(c.sha, record_id_of(ch.path), "term-needs-amendment",
                            f"the merge changes {ch.path} to a version no merged side has: an unapproved term change")
        self.check_decisions(c, changes, report, recompute=False)

    # --- decisions ----------------------------------------------------------------------

    def check_decisions(self, c: Commit, changes: tuple[Changed, ...], report, recompute: bool) -> None:
        for ch in changes:
            if kind_of_path(ch.path) != "decision":
                continue
            dec_id = record_id_of(ch.path)
            if ch.new is None:
                if dec_id in self.decided:
                    report.fail(c.sha, dec_id, "votes-immutable",
                                f"{dec_id}, decided at {self.decided[dec_id][1][:10]}, was deleted; decisions and "
                                "their votes stay in the record (a correction is a new decision)")
                continue
            decision = self.parse(ch.new, ch.path)
            if not isinstance(decision, Decision):
                continue
            prior = self.decided.get(dec_id)
            if decision.outcome in FINAL_OUTCOMES:
                if prior and prior[0] != digest(decision):
                    report.fail(c.sha, dec_id, "votes-immutable",
                                f"{self._what_changed(c, decision)} of {dec_id} changed after it was decided at "
                                f"{prior[1][:10]}; a decided decision is immutable (a correction is a new decision)")
                    continue
                if not prior:
                    self.decided[dec_id] = [digest(decision), c.sha]
                    self._fix_meeting(c, decision)
                self.taken.setdefault(decision.meeting, []).append(dec_id)
            elif prior:
                report.fail(c.sha, dec_id, "votes-immutable",
                            f"{dec_id} was decided at {prior[1][:10]} and is now '{decision.outcome}' again")
                continue
            if recompute and not prior and (decision.votes or decision.outcome != "pending"):
                self.check_outcome(c, decision, report)

    def _what_changed(self, c: Commit, decision: Decision) -> str:
        before = self.record_at(c.parents[0], decision.id) if c.parents else None
        if isinstance(before, Decision):
            changed = proceedings.changed_fields(before, decision, proceedings.DECIDED_FIELDS)
            if changed:
                return "the " + ", ".join(changed)
        return "the votes or outcome"

    def _fix_meeting(self, c: Commit, decision: Decision) -> None:
        """Once a decision is decided, its meeting's attendance, date and status are fixed."""
        key = held_key(decision.meeting)
        if key in self.decided:
            return
        meeting = self.record_at(c.sha, decision.meeting)
        if isinstance(meeting, Meeting):
            self.decided[key] = [proceedings.fixed_digest(meeting, proceedings.HELD_FIELDS), c.sha]

    def check_meetings(self, c: Commit, changes: tuple[Changed, ...], report) -> None:
        """A meeting is held only on or before its commit's day; minutes are approved at a
        later held, quorate meeting; a meeting's attendance is fixed once a decision was taken at it."""
        for ch in changes:
            if kind_of_path(ch.path) != "meeting" or ch.new is None:
                continue
            meeting = self.parse(ch.new, ch.path)
            if not isinstance(meeting, Meeting):
                continue
            prior = self.record_at(c.parents[0], meeting.id) if c.parents else None
            before = prior if isinstance(prior, Meeting) else None
            day = c.date.date()
            for rule, check, args in (
                    ("meeting-held", proceedings.check_held, (meeting, day)),
                    ("meeting-date", proceedings.check_circulated, (meeting,)),
                    ("meeting-date", proceedings.check_rescheduled, (before, meeting, day)),
                    ("agenda-refs", proceedings.check_agenda, (meeting, partial(self._holds, c.sha), before))):
                try:
                    check(*args)
                except CouncilError as exc:
                    report.fail(c.sha, meeting.id, rule, str(exc))
            if meeting.attendance_changes:
                try:
                    presence.check_attendance_changes(meeting, {m.id for m in self.state(c.sha).members})
                except CouncilError as exc:
                    report.fail(c.sha, meeting.id, "attendance-changes", str(exc))
            approving = self.record_at(c.sha, meeting.minutes_approved_at) if meeting.minutes_approved_at else None
            try:
                proceedings.check_minutes_approval(meeting, approving if isinstance(approving, Meeting) else None)
            except CouncilError as exc:
                report.fail(c.sha, meeting.id, "minutes-approval", str(exc))
            fixed = self.decided.get(held_key(meeting.id))
            if fixed and fixed[0] != proceedings.fixed_digest(meeting, proceedings.HELD_FIELDS):
                # The decisions seen decided at it in this walk, and the one that fixed it
                # (an incremental walk starts after it: the ledger names it by its commit).
                taken = sorted(set(self.taken.get(meeting.id, [])) |
                               {k for k, v in self.decided.items() if v[1] == fixed[1] and ":" not in k})
                report.fail(c.sha, meeting.id, "attendance-immutable",
                            f"the attendance, date or status of {meeting.id} changed after "
                            f"{', '.join(taken) or 'a decision'} was decided at it ({fixed[1][:10]}); "
                            "a correction is a recorded erratum or a new decision")

    def _holds(self, commit: str, record_id: str) -> bool:
        """Whether the tree at ``commit`` holds ``record_id`` (its blob, unparsed)."""
        try:
            return self.blob_at(commit, record_path(record_id)) is not None
        except CouncilError:
            return False

    def check_outcome(self, c: Commit, decision: Decision, report) -> None:
        """The recorded outcome is what the write path's rules give for these votes
        (and a vote taken after the quorum was lost is named as such)."""
        parent = c.parents[0]
        try:
            before = self.state(parent)
            meeting = self.record_at(c.sha, decision.meeting)
            if isinstance(meeting, Meeting):
                try:
                    presence.check_quorum_at_vote(before.charter, before.members, decision, meeting,
                                                  before.parties)
                except RuleError as exc:
                    report.fail(c.sha, decision.id, "quorum-at-vote", str(exc))
                    return
            ctx = Context(lambda rid: self.record_at(parent, rid), before.clauses, before.members, before.partnership,
                          c.date.date())
            changed = [self.parse(ch.new, ch.path) for ch in c.changes
                       if ch.new and kind_of_path(ch.path) in ("decision", "meeting", "member")]
            filled, _ = check_change(ctx, [r for r in changed if r is not None], [], "record", None)
        except CouncilError as exc:
            report.fail(c.sha, decision.id, "outcome-computed", f"the decision cannot be evaluated: {exc}")
            return
        computed = next((r for r in filled if r.id == decision.id), None)
        if isinstance(computed, Decision) and computed.outcome != decision.outcome:
            report.fail(c.sha, decision.id, "outcome-computed",
                        f"{decision.id} records '{decision.outcome}', the rules give '{computed.outcome}' "
                        f"({computed.outcome_note})")
