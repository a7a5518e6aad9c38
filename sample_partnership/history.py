"""The sample partnership's history, as data.

:func:`events` returns every change in the life of the fictional
Northgate-Meridian Clinical AI Partnership, oldest first: the founding charter
(December 2024), the members' appointments, twenty-two meetings from January
2025 to November 2026 with their agendas, attendance (one member leaving
during the May 2026 meeting, before its last vote) and minutes, fifty-one
decisions (passed, failed, tied and one taken without a quorum and later
ratified), the charter, IP register, exit plan and data-sharing terms amended
by decisions, four disputes at different stages of the escalation ladder, and
the living registers (risks and liabilities, incidents with their
notification clocks, the responsibility matrix) kept as record changes; the
register data is in :mod:`sample_partnership.registers`.  The builder
replays each :class:`~store.write.change.Change` through the store's write path
(``Store.write``) as one git commit dated ``change.when``.

Everything here is deterministic: no randomness and no clock.  Computed fields
(a meeting's quorum, a decision's outcome) are left for the write path to fill
in; :func:`expected_outcomes` says what each decision is meant to come to under
the charter in force when it was taken, so tests can check the rules against
the story.  The story is told "as of" :data:`AS_OF`.

Everyone and everything in this partnership is fictional.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from council import sealed_fields
from council.records import (
    REGISTER_KINDS,
    ActionItem,
    AgendaItem,
    AttendanceChange,
    Clause,
    Dataset,
    Decision,
    Dispute,
    ExitPlan,
    IPAsset,
    License,
    Meeting,
    Member,
    Obligation,
    Partnership,
    Party,
    Record,
    Stage,
    Trigger,
)
from store.write.change import Change
from store.write.founding import Signatory

NORTHGATE, MERIDIAN, PATIENTS = "northgate", "meridian", "patientvoice"
# The readers of what is confidential between the two partners: sealed to both (issue 16),
# not to the patients' observer, who receives no privileged paper and holds no key.
PARTNERS = [NORTHGATE, MERIDIAN]
SECRETARY = "kowalczyk"
CHAIR = "okafor"
AS_OF = dt.date(2026, 11, 21)  # the day the sample's story is told
PLACE = "at Northgate's Education Centre, Northgate General Hospital, and by video"

_GMT = dt.UTC
_BST = dt.timezone(dt.timedelta(hours=1))


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 31)  # March and October both have 31 days
    return day - dt.timedelta(days=(day.weekday() - 6) % 7)


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    """A wall-clock time in London on ``day`` (GMT or BST), as an aware datetime."""
    hours, minutes = (int(x) for x in hhmm.split(":"))
    summer = _last_sunday(day.year, 3) <= day < _last_sunday(day.year, 10)
    return dt.datetime(day.year, day.month, day.day, hours, minutes, tzinfo=_BST if summer else _GMT)


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _lines(*sentences: str) -> str:
    """Markdown written one sentence per line (semantic line breaks)."""
    return "\n".join(sentences)


# --- motions ----------------------------------------------------------------


@dataclass
class Motion:
    """A motion put to a meeting; it becomes a Decision record when taken.

    Everyone voting and present (in person or by proxy) votes for, except the
    members named in ``against``, ``abstain``, ``recused`` and ``silent``
    (present but not voting).  ``expect`` is the outcome the story intends;
    ``terms`` are the complete new versions of the term records a passing
    motion amends.
    """

    title: str
    tier: str
    motion: str
    moved: str
    seconded: str
    rationale: str
    expect: str = "passed"
    against: tuple[str, ...] = ()
    abstain: tuple[str, ...] = ()
    recused: tuple[str, ...] = ()
    silent: tuple[str, ...] = ()
    terms: list[Record] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    sensitivity: str = "public"
    field_sensitivity: dict[str, str] = field(default_factory=dict)
    readers: list[str] = field(default_factory=list)  # who may open its confidential text (sealed)
    summary: str = ""  # the commit summary; defaults to the title
    # Members who left the meeting before this motion's agenda item (and did
    # not come back): they do not vote on it, and the quorum is counted without them.
    left_before: tuple[str, ...] = ()
    disposition: str = ""  # the minutes' disposition line, if not the usual one
    id: str = ""  # assigned when the meeting takes it


@dataclass
class _Plan:
    """What a meeting's minutes need once it has been held."""

    meeting: Meeting
    correction: tuple[str, str] | None = None


class _Book:
    """Builds the history, keeping the latest version of every record."""

    def __init__(self) -> None:
        self._changes: list[Change] = []
        self.members: dict[str, Member] = {}
        self.meetings: dict[str, _Plan] = {}
        self.decisions: dict[str, Decision] = {}
        self.terms: dict[str, Record] = {}
        self.disputes: dict[str, Dispute] = {}
        self.registers: dict[str, Record] = {}  # latest datasets, risks, incidents, duties
        self.expected: dict[str, str] = {}
        self._numbers: dict[int, int] = {}
        self._created: dict[str, dt.datetime] = {}  # when each record first appears

    # -- changes --

    def add(self, when: dt.datetime, summary: str, records: list[Record], kind: str = "record",
            decision: str | None = None, body: str = "", signatories: list[Signatory] | None = None) -> None:
        for record in records:
            self._created.setdefault(record.id, when)
            if isinstance(record, Member):
                self.members[record.id] = record
            elif isinstance(record, Decision):
                self.decisions[record.id] = record
            elif isinstance(record, Dispute):
                self.disputes[record.id] = record
            elif record.TERM:
                self.terms[record.id] = record
            if record.KIND in REGISTER_KINDS:
                self.registers[record.id] = record
        self._changes.append(Change(summary=summary, records=list(records), kind=kind,
                                    decision=decision, when=when, body=body,
                                    signatories=list(signatories or [])))

    def changes(self) -> list[Change]:
        return sorted(self._changes, key=lambda c: c.when)  # stable: same-time order kept

    # -- helpers --

    def name(self, member: str) -> str:
        return self.members[member].name

    def names(self, members: list[str]) -> str:
        return ", ".join(self.name(m) for m in members) or "none"

    def serving(self, day: dt.date) -> list[Member]:
        return [m for m in self.members.values() if m.serves_on(day)]

    def next_decision_id(self, year: int) -> str:
        self._numbers[year] = self._numbers.get(year, 0) + 1
        return f"DEC-{year}-{self._numbers[year]:03d}"

    def votes(self, day: dt.date, attendance: dict[str, str], motion: Motion) -> dict[str, str]:
        voters = [m for m in self.serving(day) if m.voting]
        named = set(motion.against) | set(motion.abstain) | set(motion.recused) | set(motion.silent)
        known = {m.id for m in voters}
        assert named <= known, (motion.title, named - known)
        out: dict[str, str] = {}
        for m in voters:
            state = attendance.get(m.id, "absent")
            if state != "present" and not state.startswith("proxy:"):
                assert m.id not in named, (motion.title, m.id, state)
                continue
            if m.id in motion.silent:
                continue
            if m.id in motion.against:
                out[m.id] = "against"
            elif m.id in motion.abstain:
                out[m.id] = "abstain"
            elif m.id in motion.recused:
                out[m.id] = "recused"
            else:
                out[m.id] = "for"
        return out

    # -- meetings --

    def meeting(self, mid: str, day: dt.date, circulated: dt.date, title: str, *,
                kind: str = "regular", attendance: dict[str, str] | None = None,
                approve: tuple[tuple[str, str], ...] = (), minutes_note: str = "",
                reports: tuple[tuple[str, str, tuple[str, ...]], ...] = (),
                motions: tuple[Motion, ...] = (), closed: str = "15:55",
                chair: str = CHAIR, quorum_text: str = "",
                sensitivity: str = "public", field_sensitivity: dict[str, str] | None = None,
                readers: list[str] | None = None, correction: tuple[str, str] | None = None,
                circulate_after: int = 6) -> None:
        """Schedule, hold and minute a meeting, taking its motions as decisions."""
        for motion in motions:
            motion.id = self.next_decision_id(day.year)
            if motion.terms:
                assert motion.expect == "passed", motion.id
                motion.terms = [
                    t.replace(decision=motion.id) if isinstance(t, (IPAsset, Dataset)) else t
                    for t in motion.terms
                ]
        agenda = [AgendaItem("Apologies, attendance and quorum")]
        if approve or minutes_note:
            agenda.append(AgendaItem("Minutes of the previous meeting", "minutes",
                                     [pid for pid, _ in approve]))
        for rtitle, _text, refs in reports:
            agenda.append(AgendaItem(rtitle, "report", list(refs)))
        for motion in motions:
            shown = motion.title if motion.sensitivity == "public" else "Confidential item"
            if motion.terms:
                agenda.append(AgendaItem(shown, "term_change", [t.id for t in motion.terms]))
            else:
                agenda.append(AgendaItem(shown, "motion"))
        agenda.append(AgendaItem("Any other business"))

        scheduled = Meeting(
            id=mid, title=title, date=day, kind=kind, status="scheduled",
            sensitivity=sensitivity, agenda_circulated=circulated, agenda=agenda,
            field_sensitivity=dict(field_sensitivity or {}), readers=list(readers or []),
        )
        self._schedule(scheduled, _at(circulated, "09:30"))

        present = {m.id: "present" for m in self.serving(day)}
        for member, state in (attendance or {}).items():
            assert member in present, (mid, member)
            present[member] = state
        first_motion = len(agenda) - len(motions)  # the 1-based item of the first motion is this
        changes, sittings = self._departures(present, motions, first_motion)
        takes = [(m, self.votes(day, here, m)) for m, here in zip(motions, sittings)]
        body = self._minutes(scheduled, present, approve, minutes_note, reports, takes,
                             closed, chair, quorum_text)
        held = scheduled.replace(status="held", attendance=present, attendance_changes=changes,
                                 minutes_status="draft", body=body)
        self.add(_at(day, "16:15"), f"{mid} held: attendance and draft minutes", [held])
        self.meetings[mid] = _Plan(held, correction)
        self._approve(mid, day, approve)
        items = [first_motion + i if changes else None for i in range(len(motions))]
        self._decide(mid, day, takes, items)

        plan = self.meetings[mid]
        circulated_minutes = plan.meeting.replace(minutes_status="circulated")
        plan.meeting = circulated_minutes
        self.add(_at(day + dt.timedelta(days=circulate_after), "10:00"),
                 f"circulate the minutes of {mid}", [circulated_minutes])

    def _schedule(self, scheduled: Meeting, when: dt.datetime) -> None:
        """Circulate the agenda; a reference to a record raised since (a dispute raised after
        the agenda went out) is put on the agenda the day it is raised, as the secretary would:
        an agenda names only records the store holds."""
        def held(ref: str) -> bool:
            return ref in self._created and self._created[ref] <= when

        late = [self._created[r] for item in scheduled.agenda for r in item.refs
                if item.kind != "term_change" and not held(r)]
        first = [dataclasses.replace(i, refs=[r for r in i.refs if i.kind == "term_change" or held(r)])
                 for i in scheduled.agenda]
        self.add(when, f"schedule {scheduled.id} for {scheduled.date.isoformat()} and circulate its agenda",
                 [scheduled.replace(agenda=first)])
        if late:
            self.add(max(late) + dt.timedelta(hours=1), f"edit the agenda of {scheduled.id} "
                     f"({len(scheduled.agenda)} items)", [scheduled])

    def _departures(self, opening: dict[str, str], motions: tuple[Motion, ...],
                    first_motion: int) -> tuple[list[AttendanceChange], list[dict[str, str]]]:
        """The meeting's departures, and who is present at each motion's agenda item."""
        changes: list[AttendanceChange] = []
        here, sittings = dict(opening), []
        for i, motion in enumerate(motions):
            for member in motion.left_before:
                assert here.get(member) == "present", (motion.title, member)
                changes.append(AttendanceChange(member, first_motion + i, "left"))
                here[member] = "absent"
            sittings.append(dict(here))
        return changes, sittings

    def _approve(self, mid: str, day: dt.date, approve: tuple[tuple[str, str], ...]) -> None:
        """Approve earlier meetings' minutes at ``mid``, as read or as corrected."""
        for k, (pid, how) in enumerate(approve):
            plan = self.meetings[pid]
            earlier = plan.meeting
            text = earlier.body
            if how == "corrected":
                assert plan.correction is not None, pid
                old, new = plan.correction
                assert old in text, (pid, old)
                text = text.replace(old, new)
            approved = earlier.replace(minutes_status="approved", minutes_approved_at=mid,
                                       minutes_approved_as=how, body=text)
            plan.meeting = approved
            self.add(_at(day, f"16:{20 + k:02d}"), f"approve the minutes of {pid} as {how} at {mid}", [approved])

    def _decide(self, mid: str, day: dt.date, takes: list[tuple[Motion, dict[str, str]]],
                items: list[int | None]) -> None:
        """Record each motion taken at ``mid`` as a decision (an amendment where it changes terms)."""
        for i, ((motion, votes), item) in enumerate(zip(takes, items)):
            record = Decision(
                id=motion.id, title=motion.title, meeting=mid, agenda_item=item, date=day, tier=motion.tier,
                motion=motion.motion, moved_by=motion.moved, seconded_by=motion.seconded,
                sensitivity=motion.sensitivity, amends=[t.id for t in motion.terms],
                actions=list(motion.actions), field_sensitivity=dict(motion.field_sensitivity),
                readers=list(motion.readers), votes=votes, body=motion.rationale,
            )
            self.expected[motion.id] = motion.expect
            when = _at(day, f"16:{25 + i:02d}")
            summary = motion.summary or motion.title[0].lower() + motion.title[1:]
            if motion.terms:
                self.add(when, summary, [record, *motion.terms], kind="amend", decision=motion.id)
            else:
                self.add(when, f"{summary} ({motion.id}, {motion.expect.replace('_', ' ')})", [record])

    def _minutes(self, mtg: Meeting, attendance: dict[str, str], approve: tuple[tuple[str, str], ...],
                 minutes_note: str, reports: tuple[tuple[str, str, tuple[str, ...]], ...],
                 takes: list[tuple[Motion, dict[str, str]]], closed: str, chair: str,
                 quorum_text: str) -> str:
        kind = "Extraordinary" if mtg.kind == "extraordinary" else "Regular"
        voting = {m.id for m in self.members.values() if m.voting}
        here = [m for m, s in attendance.items() if s == "present"]
        out = [
            f"# {mtg.title}",
            "",
            f"{kind} meeting {mtg.id}, held on {_long(mtg.date)} from 14:00 {PLACE}.",
            f"Chair: {self.name(chair)}.",
            f"Secretary: {self.name(SECRETARY)}.",
            "",
            "## Attendance",
            "",
            f"- Voting members present: {self.names([m for m in here if m in voting])}.",
            f"- In attendance, not voting: {self.names([m for m in here if m not in voting])}.",
        ]
        apologies = [m for m, s in attendance.items() if s == "apologies"]
        absent = [m for m, s in attendance.items() if s == "absent"]
        proxies = [(m, s.split(":", 1)[1]) for m, s in attendance.items() if s.startswith("proxy:")]
        if apologies:
            out.append(f"- Apologies: {self.names(apologies)}.")
        if absent:
            out.append(f"- Absent: {self.names(absent)}.")
        for giver, holder in proxies:
            out.append(f"- Proxy: {self.name(giver)}, represented by {self.name(holder)}.")
        out += ["", "## Business", ""]
        n = 1
        out += [f"### Item {n}: Quorum", "",
                quorum_text or "The chair declared the meeting quorate under clause 4.2.", ""]
        if approve or minutes_note:
            n += 1
            out += [f"### Item {n}: Minutes of the previous meeting", ""]
            for pid, how in approve:
                earlier = self.meetings[pid].meeting
                out.append(f"The minutes of {pid} ({_long(earlier.date)}) were approved as {how}.")
            if minutes_note:
                out.append(minutes_note)
            out.append("")
        for rtitle, text, _refs in reports:
            n += 1
            out += [f"### Item {n}: {rtitle}", "", text, ""]
        for motion, votes in takes:
            n += 1
            counts = {c: sum(1 for v in votes.values() if v == c) for c in ("for", "against", "abstain", "recused")}
            by_proxy = sum(1 for m in votes if attendance.get(m, "").startswith("proxy:"))
            tally = f"Votes: {counts['for']} for, {counts['against']} against, {counts['abstain']} abstaining"
            if counts["recused"]:
                tally += f", {counts['recused']} recused"
            if by_proxy:
                tally += f" ({by_proxy} cast by proxy)"
            if motion.sensitivity == "public":
                heading = motion.title
                wording = f"Motion {motion.id} ({motion.tier} tier): \"{motion.motion}\""
            else:
                heading = "Confidential item"
                wording = (f"Motion {motion.id} ({motion.tier} tier) is recorded in the "
                           f"{motion.sensitivity} decision record; its wording is not minuted here.")
            left = [f"{self.names(list(motion.left_before))} left the meeting before this item."] \
                if motion.left_before else []
            out += [f"### Item {n}: {heading}", "", *left, wording,
                    f"Moved by {self.name(motion.moved)}; seconded by {self.name(motion.seconded)}.",
                    tally + ".", motion.disposition or _DISPOSITIONS[motion.expect]]
            if motion.terms:
                out.append("The amended terms are recorded in the register: "
                           + ", ".join(_label(t) for t in motion.terms) + ".")
            out.append("")
        n += 1
        out += [f"### Item {n}: Any other business", "", "None.", "", f"The meeting closed at {closed}."]
        return "\n".join(out)

    # -- disputes and actions --

    def dispute(self, record: Dispute, when: dt.datetime, summary: str) -> None:
        self.add(when, summary, [record])

    def move(self, did: str, day: dt.date, stage: str, note: str = "", body: str | None = None) -> None:
        current = self.disputes[did]
        changed = current.replace(stages=[*current.stages, Stage(stage, day, note)],
                                  body=current.body if body is None else body)
        self.add(_at(day, "11:00"), f"move {did} to the {stage} stage", [changed])

    def action_done(self, did: str, index: int, day: dt.date, hhmm: str = "12:00") -> None:
        current = self.decisions[did]
        actions = list(current.actions)
        action = actions[index]
        actions[index] = dataclasses.replace(action, status="done")
        # A sealed action is named by its place: commit messages are clear in every replica.
        if f"actions[{index}].text" in sealed_fields.sealed_paths(current):
            summary = f"{did}: action {index + 1} done on {day.isoformat()}"
        else:
            summary = f"{did}: action done: {action.text[0].lower() + action.text[1:]}"
        self.add(_at(day, hhmm), summary, [current.replace(actions=actions)])


_DISPOSITIONS = {
    "passed": "Carried.",
    "failed": "Lost: the motion did not reach its tier's threshold.",
    "tied": "Lost on a tie; a tied vote does not carry.",
    "no_quorum": "Recorded without a quorum; it has no effect until ratified at a quorate meeting.",
}


def _label(record: Record) -> str:
    if isinstance(record, Clause):
        return f"clause {record.id} ({record.title})"
    if isinstance(record, IPAsset):
        return f"{record.id} ({record.title})"
    if isinstance(record, ExitPlan):
        return f"the exit plan {record.id}"
    if isinstance(record, Dataset):
        return f"the data-sharing terms {record.id} ({record.title})"
    return record.id


# --- the partnership ----------------------------------------------------------

PARTNERSHIP = Partnership(
    id="partnership",
    name="Northgate-Meridian Clinical AI Partnership",
    effective_date=_d("2025-01-06"),
    governing_law="England and Wales",
    sensitivity="public",
    parties=[
        Party(NORTHGATE, "Northgate Health NHS Foundation Trust", "partner", ["data", "expertise"]),
        Party(MERIDIAN, "Meridian Applied Intelligence Ltd", "partner", ["models", "compute", "expertise"]),
        Party(PATIENTS, "Patient Voice Northgate CIC", "observer", ["oversight"]),
    ],
    body=_lines(
        "The Northgate-Meridian Clinical AI Partnership is a collaboration between Northgate Health NHS Foundation Trust and Meridian Applied Intelligence Ltd.",
        "The Trust provides de-identified clinical data and clinical expertise; Meridian provides models, compute and machine-learning engineering.",
        "Patient Voice Northgate CIC, a patient-advocacy community interest company, takes part as a non-voting observer.",
        "A joint oversight council governs the partnership under the charter recorded in this store.",
        "",
        "The partnership, its parties and its members are fictional: this store is a worked example for the Council tool.",
    ),
)

# --- the charter --------------------------------------------------------------

TIERS = {"tiers": [
    {"name": "low", "basis": "cast", "ratio": "majority",
     "description": "Operational and procedural matters that change no terms: more than half of the votes cast."},
    {"name": "medium", "basis": "present", "ratio": "two_thirds", "notice_days": 7,
     "description": "IP register entries, licences, data releases and security remediation: two thirds of the voting members present, seven days' notice."},
    {"name": "high", "basis": "membership", "ratio": "two_thirds", "double_majority": True, "notice_days": 14,
     "description": "Amendments to the charter, data-sharing terms, exit plan or partnership: two thirds of the entire voting membership and of each partner's delegation, fourteen days' notice."},
], "rights": {"charter": "high", "data_sharing": "high", "exit": "high", "partnership": "high", "ip": "medium",
             "artifacts": "medium", "releases": "medium"}}

LADDER = {
    "stages": [
        {"name": "negotiation", "days": 30},
        {"name": "council", "days": 45},
        {"name": "mediation", "days": 60},
        {"name": "arbitration", "days": 120},
    ],
    "business_days": False,
    "arbitration_during_mediation": False,
}

MINUTES_STANDARD = ("Minutes record what was done, not what was said: attendance, each motion's wording, "
                    "its mover and seconder, the votes and its disposition, and the reports received.")


def _clause(section: str, title: str, body: str, rule: str = "", settings: dict[str, Any] | None = None,
            sensitivity: str = "public", review: str | None = None) -> Clause:
    return Clause(id=section, title=title, sensitivity=sensitivity, rule=rule,
                  review_date=_d(review) if review else None, settings=dict(settings or {}), body=body)


def _quorum_clause(version: int) -> Clause:
    if version == 1:
        return _clause("4.2", "Quorum", _lines(
            "A quorum is a majority of the entire voting membership of the council.",
            "At least one voting member of each partner must be present for a meeting to be quorate.",
            "Observers and the secretary do not count toward the quorum.",
            "A meeting without a quorum may hear reports, but any motion it records has no effect until it is ratified at a later quorate meeting.",
        ), "quorum", {"basis": "majority", "min_per_party": 1})
    per_party = "one voting member" if version == 2 else "two voting members"
    return _clause("4.2", "Quorum", _lines(
        "A quorum is a majority of the entire voting membership of the council, present in person, by video or by proxy under clause 4.3.",
        f"At least {per_party} of each partner must be present, in person, by video or by proxy, for a meeting to be quorate.",
        "A member who joins by video counts as present for as long as they can hear and be heard by the meeting.",
        "Observers and the secretary do not count toward the quorum.",
        "A meeting without a quorum may hear reports, but any motion it records has no effect until it is ratified at a later quorate meeting.",
    ), "quorum", {"basis": "majority", "min_per_party": 1 if version == 2 else 2})


def _proxy_clause(version: int) -> Clause:
    last = ("Members represented by proxy may vote but do not count toward the quorum." if version == 1 else
            "Members represented by proxy count toward the quorum and toward each partner's minimum under clause 4.2.")
    return _clause("4.3", "Proxies", _lines(
        "A voting member who cannot attend may appoint another voting member who will be present as their proxy, by written notice to the secretary before the meeting opens.",
        "A member may hold at most one proxy at a meeting.",
        "A proxy votes as the appointing member directs on each item, or at the holder's discretion where no direction is given.",
        last,
    ), "proxies", {"allowed": True, "count_for_quorum": version > 1, "max_per_holder": 1})


def _publication_clause(version: int) -> Clause:
    votes = ("Named votes are not published: published decisions show the tally only." if version == 1 else
             "Named votes are published with each public decision, unless the council withholds them for a confidential item by a low-tier decision.")
    return _clause("5", "Publication", _lines(
        "The council publishes its charter, its approved minutes, its public decisions and the public parts of its IP register on the partnership's website.",
        "Records marked internal are shared with the parties only; records marked confidential are shared with the named parties only; privileged records are shared only with the members and advisers entitled to the privilege.",
        "Confidential and privileged text is sealed, in every copy of the ledger, to the keys of the members of the parties it names as its readers.",
        "A record may be public while a field of it is not, such as a decision whose rationale contains commercial terms.",
        votes,
        "Nothing is published that could identify a patient.",
    ), "publication", {"public": ["public"], "partners": ["public", "internal"], "named_votes": version > 1,
                       "sealing": True})


def _foreground_clause(version: int) -> Clause:
    if version == 1:
        shares = ("Foreground IP is owned jointly by the two partners in equal shares, unless the council records a different split when it registers the asset.",)
    else:
        shares = (
            "Foreground IP is owned by the partners in proportion to their contributions, as assessed in a contribution schedule presented to the council when the asset is registered.",
            "Where no contribution schedule is recorded, the partners own the asset in equal shares.",
            "A partner that disputes a contribution schedule raises it under clause 6, and the register shows the shares last approved until the dispute is resolved.",
        )
    return _clause("7.2", "Foreground IP ownership", _lines(
        "Intellectual property created under the partnership is foreground IP and is registered by the council when it is identified.",
        *shares,
        "Neither joint owner may assign its share without the written consent of the other.",
        "Patents on foreground IP are filed only with the approval of both partners.",
    ))


_PURPOSES_1 = ("Data may be used only for these purposes: (a) developing and evaluating models that give early warning of sepsis in adult inpatients; "
               "(b) research into the quality and completeness of clinical data.")
_PURPOSES_2 = ("Data may be used only for these purposes: (a) developing and evaluating models that give early warning of sepsis in adult inpatients; "
               "(b) research into the quality and completeness of clinical data; "
               "(c) developing and evaluating models that draft discharge summaries for review by the responsible clinician.")


def _data_clause(version: int) -> Clause:
    if version < 3:
        deid = ("De-identification follows the ICO's anonymisation guidance: direct identifiers are removed, dates are shifted by a random offset per patient, "
                "postcodes are truncated to the district, and every extract meets k-anonymity with k of at least 10 on its quasi-identifiers.")
        extra: tuple[str, ...] = ()
    else:
        deid = ("De-identification follows the ICO's anonymisation guidance: direct identifiers are removed, dates are shifted by a random offset per patient, "
                "postcodes are truncated to the district, and every extract meets k-anonymity with k of at least 10 on its quasi-identifiers, "
                "and of at least 20 for records carrying a diagnosis rarer than 1 in 10,000.")
        extra = (
            "Automated redaction of free text is audited each quarter on a random sample of 500 notes and must find at least 99.5% of direct identifiers; an audit that falls short suspends free-text releases until the council is satisfied.",
            "Counts below 10 are suppressed in any output that leaves the secure research environment.",
        )
    free_text = (("Free-text clinical notes are released only for purpose (c), after automated redaction of names, addresses, dates of birth and record numbers.",)
                 if version > 1 else ())
    return _clause("9", "Data-sharing terms", _lines(
        "The Trust makes de-identified extracts of its clinical records available to the lab only inside the lab's secure research environment, certified to ISO/IEC 27001 and meeting the NHS Data Security and Protection Toolkit standard.",
        deid,
        *extra,
        _PURPOSES_1 if version == 1 else _PURPOSES_2,
        *free_text,
        "No attempt may be made to re-identify any individual, and no data may be linked to another source without a medium-tier decision.",
        "The national data opt-out is applied before every extract.",
        "Extracts are kept no longer than the partnership lasts and are deleted on exit under clause 8.",
    ), review={1: "2026-01-06", 2: "2026-11-11", 3: "2027-05-12"}[version])


def _founding_clauses() -> list[Clause]:
    return [
        _clause("1", "Purpose", _lines(
            "The Northgate-Meridian Clinical AI Partnership exists to develop, evaluate and safely deploy clinical prediction and documentation models for the benefit of NHS patients.",
            "Northgate Health NHS Foundation Trust contributes de-identified clinical data and clinical expertise; Meridian Applied Intelligence Ltd contributes models, compute and machine-learning expertise.",
            "Patient Voice Northgate CIC takes part as an observer, so that the patients whose records make the work possible have a voice in its governance.",
            "This charter establishes the joint oversight council, which governs the partnership's use of data, its intellectual property, its publications and its exit.",
            "Where this charter is silent, the council follows Robert's Rules of Order.",
        )),
        _clause("2", "Membership", _lines(
            "Each partner appoints up to four voting members of the council and may replace its own members at any time by written notice to the secretary.",
            "Patient Voice Northgate appoints one observer, who may speak on any item and receives every paper except privileged ones, but does not vote.",
            "The secretary is appointed by the council, is hosted by the Trust and does not vote.",
            "Members serve terms of up to three years and may be reappointed; a partner fills a vacancy in its own delegation.",
            "A member with a conflict of interest in an item declares it and is recorded as recused for that item.",
            "The council elects its chair from among its voting members for a term of up to three years.",
        )),
        _clause("3", "Decision rights and approval tiers", _lines(
            "Every motion is assigned to one of three approval tiers according to its risk, and carries only if it meets its tier's threshold at a quorate meeting.",
            "The low tier covers operational and procedural matters that change no terms, such as calendars, budgets within the agreed envelope, reports and commissioning work; it needs more than half of the votes cast.",
            "The medium tier covers registering or changing entries in the IP register, granting licences, releasing data within the agreed purposes, registering model artifacts and granting releases of them, and approving security remediation; it needs at least two thirds of the voting members present, and the item must be on an agenda circulated seven days before the meeting.",
            "The high tier covers amendments to this charter, the data-sharing terms, the exit plan and the partnership's constitution; it needs at least two thirds of the entire voting membership and of each partner's delegation, and the item must be on an agenda circulated fourteen days before the meeting.",
            "In the medium and high tiers an abstention counts as a vote against; a recused member leaves the base.",
            "The secretary assigns a tier when the agenda is circulated, and any member may ask the chair to assign a higher one.",
            "A tied vote does not carry.",
        ), "tiers", TIERS),
        _clause("4.1", "Meetings and cadence", _lines(
            "The council meets on the second Tuesday of each month except August, from 14:00 to 16:00.",
            "Meetings are held at Northgate's Education Centre, and members may attend by video.",
            "The chair, or any two voting members from different partners, may call an extraordinary meeting on seven days' notice to deal with a named item of business only.",
            "The secretary circulates the agenda and papers at least three weeks before a regular meeting.",
            "The council reviews this charter at least once every twelve months.",
        ), "cadence", {"months": 1, "weekday": 1, "review_months": 12}),
        _quorum_clause(1),
        _proxy_clause(1),
        _clause("4.4", "Minutes", _lines(
            MINUTES_STANDARD,
            "The secretary circulates draft minutes within ten days of the meeting.",
            "Minutes are approved at the next quorate meeting, as read or as corrected, and the approval is recorded.",
            "Confidential items are minuted in a confidential annex that is not published.",
        ), "minutes", {"standard": MINUTES_STANDARD, "circulate_within_days": 10}),
        _publication_clause(1),
        _clause("6", "Escalation and disputes", _lines(
            "A dispute between the parties about this charter or the partnership is raised in writing to the secretary and then climbs the following ladder, one stage at a time.",
            "Negotiation: the senior sponsors of the parties concerned meet and try to settle the dispute within 30 days.",
            "Council: if negotiation fails, the council considers the dispute and may determine it by resolution within 45 days.",
            "Mediation: if the council does not settle it, the parties refer it to a mediator agreed between them or, failing agreement, nominated by CEDR, and the mediation concludes within 60 days.",
            "Arbitration: if mediation fails, the dispute is finally resolved by arbitration under the LCIA Rules, seated in London, within 120 days of the referral.",
            "Arbitration may not begin while a mediation is running.",
            "Days are calendar days from the day a stage is entered.",
            "The observer may raise a matter of concern, which follows the same ladder as far as the council stage.",
        ), "escalation", LADDER),
        _clause("7.1", "Background IP", _lines(
            "Each party keeps ownership of the intellectual property it brings to the partnership, listed as background IP in the IP register.",
            "Each party grants the other a non-exclusive, royalty-free licence to use its background IP for the purposes in clause 9 during the partnership.",
            "Background IP may be added to the register by a medium-tier decision.",
            "Open-source background IP is used under its own licence, and the obligations of that licence are recorded in the register.",
        )),
        _foreground_clause(1),
        _clause("7.3", "Licensing and commercialisation", _lines(
            "Each joint owner may use foreground IP for its own non-commercial research without accounting to the other.",
            "Commercial exploitation of foreground IP requires a licence recorded in the IP register and approved by a medium-tier decision.",
            "Use of foreground IP within the NHS in England is royalty-free to the Trust and to the NHS bodies it nominates.",
            "Net receipts from commercial licences are shared between the owners in proportion to their shares, and royalty rates are recorded as confidential fields of the register.",
            "Foreground software and documentation may be released under an open-source licence approved by the council and recorded by its SPDX identifier.",
        ), sensitivity="internal"),
        _clause("8", "Exit", _lines(
            "Either partner may end the partnership by giving the notice set in the exit plan EXIT-01.",
            "The partnership also ends on a material breach not remedied within 60 days of notice, on a change of control of a partner, on a direction from a regulator, or on expiry on 5 January 2030.",
            "On exit each party performs its obligations in the exit plan within the stated number of days after the notice period ends, and gives the secretary evidence of completion.",
            "The lab keeps no patient data after exit: every copy is deleted and the deletion attested.",
            "The exit plan is reviewed each year and changed only by a high-tier decision.",
        ), review="2026-01-06"),
        _data_clause(1),
        _clause("10", "Signing", _lines(
            "Amendments to the terms are recorded as commits in the council's ledger, each citing the decision that approved it.",
            "During the first term the council does not require members to sign ledger commits cryptographically; the approval recorded with each amendment stands as the members' assent.",
            "The council may require signed commits by amending this clause, once every voting member has registered a public signing key with the secretary.",
        ), "signing", {"required": False, "two_key": False}),
        _registers().incidents_clause(1),
    ]


def _artifacts():
    """The artifact register's data module (imported late, as the registers' is)."""
    from sample_partnership import artifacts

    return artifacts


def _registers():
    """The register data module (imported late: it builds on this module's helpers)."""
    from sample_partnership import registers

    return registers


# --- the IP register: background ----------------------------------------------

_PARTNERSHIP_USE = "Research and development for the purposes in charter clause 9, during the partnership"

APACHE_OBLIGATIONS = [
    "Keep the copyright, patent, trademark and attribution notices",
    "Ship the NOTICE file with any redistribution",
    "Mark modified files as changed",
    "Include a copy of the Apache-2.0 licence",
]
CC_BY_OBLIGATIONS = [
    "Credit Northgate Health NHS Foundation Trust and Meridian Applied Intelligence Ltd",
    "Link to the CC-BY-4.0 licence",
    "Indicate whether changes were made",
]
MIT_OBLIGATIONS = ["Include the copyright notice and the permission notice in all copies or substantial portions"]


def _halcyon(version: int) -> IPAsset:
    licenses = [License(NORTHGATE, "Inference and evaluation inside the partnership", _PARTNERSHIP_USE, False, "royalty-free")]
    royalty = ""
    if version > 1:
        licenses.append(License(NORTHGATE, "Fine-tuning of the base weights for the Trust's own clinical decision support",
                                "Internal clinical decision support at Northgate Health NHS Foundation Trust", False,
                                "see royalty terms"))
        royalty = ("Fine-tuning licence free of charge until 30 April 2027, then £18,000 a year, "
                   "indexed to CPI, payable annually in advance.")
    return IPAsset(
        id="IP-003", title="Halcyon-7B clinical language model (base weights)", kind="model", origin="background",
        royalty_terms=royalty, on_exit="retain", sensitivity="internal", licenses=licenses,
        field_sensitivity={"royalty_terms": "confidential"} if royalty else {},
        readers=PARTNERS if royalty else [],
        owners={MERIDIAN: 100.0},
        body=_lines(
            "Meridian's 7-billion-parameter language model, pre-trained on licensed biomedical literature and synthetic clinical text.",
            "It is the base for the partnership's documentation models.",
            "The weights stay in Meridian's environment; the Trust's licence covers inference and evaluation through the partnership's endpoints.",
        ) + ("\n" + _lines(
            "From May 2026 the Trust may also fine-tune the base weights for its own clinical decision support, under the licence approved by the council.",
        ) if version > 1 else ""),
    )


def _background_ip() -> list[IPAsset]:
    return [
        IPAsset(
            id="IP-001", title="Northgate de-identified inpatient EHR extract, 2019-2024", kind="dataset",
            origin="background", on_exit="delete", sensitivity="internal",
            licenses=[License(MERIDIAN, "Access inside Meridian's secure research environment only", _PARTNERSHIP_USE, False, "royalty-free")],
            owners={NORTHGATE: 100.0},
            body=_lines(
                "Structured records of 412,000 adult inpatient admissions at Northgate General and St Cuthbert's hospitals from 2019 to 2024: observations, laboratory results, prescriptions, diagnoses and outcomes.",
                "De-identified under charter clause 9 before release; the national data opt-out is applied to every extract.",
                "Meridian holds the extract under licence and deletes it on exit.",
            ),
        ),
        IPAsset(
            id="IP-002", title="Northgate chest radiograph archive (de-identified DICOM), 2017-2024", kind="dataset",
            origin="background", on_exit="delete", sensitivity="internal",
            licenses=[License(MERIDIAN, "Access inside Meridian's secure research environment only", _PARTNERSHIP_USE, False, "royalty-free")],
            owners={NORTHGATE: 100.0},
            body=_lines(
                "Around 96,000 chest radiographs with their radiology reports, with identifying DICOM tags stripped and burnt-in text masked.",
                "Held for future work on imaging-assisted sepsis risk; no release has been made yet.",
            ),
        ),
        _halcyon(1),
        IPAsset(
            id="IP-004", title="Forge training and evaluation pipeline", kind="software", origin="background",
            on_exit="retain", sensitivity="internal",
            licenses=[License(NORTHGATE, "Use of outputs produced by the pipeline", _PARTNERSHIP_USE, False, "royalty-free")],
            owners={MERIDIAN: 100.0},
            body=_lines(
                "Meridian's proprietary pipeline for training, evaluating and packaging models, run on Meridian's GPU cluster.",
                "The Trust does not receive the software; its licence covers the models and reports the pipeline produces.",
            ),
        ),
        IPAsset(
            id="IP-005", title="medtok clinical tokenizer", kind="software", origin="background",
            spdx="Apache-2.0", oss_obligations=list(APACHE_OBLIGATIONS), on_exit="retain", sensitivity="public",
            owners={MERIDIAN: 100.0},
            body=_lines(
                "A tokenizer for clinical English that keeps drug names, units and NEWS2 scores intact, published by Meridian under the Apache License 2.0.",
                "The partnership uses it under its open-source licence; the obligations below apply to any redistribution.",
            ),
        ),
        IPAsset(
            id="IP-006", title="Northgate clinical data dictionary and coding maps", kind="documentation",
            origin="background", on_exit="return", sensitivity="internal",
            licenses=[License(MERIDIAN, "Reference use when preparing and interpreting extracts", _PARTNERSHIP_USE, False, "royalty-free")],
            owners={NORTHGATE: 100.0},
            body=_lines(
                "The Trust's data dictionary for its electronic patient record, with its local maps from SNOMED CT to ICD-10 and OPCS-4.",
                "Meridian returns or destroys every copy on exit.",
            ),
        ),
    ]


# --- the IP register: foreground --------------------------------------------------

_NHS_USE = License(NORTHGATE, "Clinical deployment and evaluation", "Use within the NHS in England under charter 7.3", False, "royalty-free")


def _sews1(version: int) -> IPAsset:
    licenses = [_NHS_USE]
    royalty = ""
    if version >= 2:
        licenses.append(License(MERIDIAN, "Commercial deployment to healthcare providers",
                                "Healthcare providers outside the United Kingdom", True, "see royalty terms"))
        royalty = ("Meridian pays the Trust 8% of net receipts from the licence each quarter, "
                   "with a minimum of £25,000 a year from 2026.")
    if version >= 3:
        royalty = ("Meridian pays the Trust 10% of net receipts from the licence each quarter, "
                   "with a minimum of £40,000 a year from 2027; receipts from the first two European customers "
                   "carry a further 2% to the Trust until 31 December 2028.")
    return IPAsset(
        id="IP-007", title="SEWS-1 sepsis early-warning model", kind="model", origin="foreground",
        royalty_terms=royalty, on_exit="license_back", sensitivity="internal", licenses=licenses,
        field_sensitivity={"royalty_terms": "confidential"} if royalty else {},
        readers=PARTNERS if royalty else [],
        owners={NORTHGATE: 50.0, MERIDIAN: 50.0},
        body=_lines(
            "A gradient-boosted model that estimates an adult inpatient's risk of sepsis in the next 12 hours from routine observations and laboratory results.",
            "Trained on IP-001 by Meridian with clinical labelling and validation by the Trust; owned in equal shares under clause 7.2.",
            "On exit each owner keeps a licence to use the model, and Meridian delivers the weights and inference container to the Trust.",
        ),
    )


def _cohort() -> IPAsset:
    return IPAsset(
        id="IP-008", title="NG-Sepsis curated cohort, 2025 release", kind="dataset", origin="foreground",
        on_exit="transfer", sensitivity="internal", owners={NORTHGATE: 60.0, MERIDIAN: 40.0},
        body=_lines(
            "The curated, labelled sepsis cohort derived from IP-001: 38,400 admissions with clinician-adjudicated sepsis onset times.",
            "Shares follow the contribution schedule presented at registration: the Trust's adjudication effort and data, Meridian's curation tooling and engineering.",
            "On exit Meridian transfers its copy and all derived tables to the Trust and then deletes them.",
        ),
    )


def _smi() -> IPAsset:
    return IPAsset(
        id="IP-009", title="Structured missingness imputation method (SMI)", kind="algorithm", origin="foreground",
        on_exit="license_back", sensitivity="internal", owners={MERIDIAN: 60.0, NORTHGATE: 40.0},
        licenses=[_NHS_USE],
        body=_lines(
            "A method for imputing missing observations that models why a value is missing (for example, a test not ordered because the patient was well).",
            "Developed mainly by Meridian's researchers, with the Trust's clinicians defining the missingness categories.",
        ),
    )


def _protocol() -> IPAsset:
    return IPAsset(
        id="IP-010", title="Clinical model evaluation protocol", kind="documentation", origin="foreground",
        spdx="CC-BY-4.0", oss_obligations=list(CC_BY_OBLIGATIONS), on_exit="retain", sensitivity="public",
        owners={NORTHGATE: 50.0, MERIDIAN: 50.0},
        body=_lines(
            "The protocol the partnership uses to evaluate clinical models before deployment: silent-mode trial, subgroup performance, calibration and alert burden.",
            "Published under the Creative Commons Attribution 4.0 licence so that other NHS trusts can reuse it.",
        ),
    )


def _evalkit(version: int) -> IPAsset:
    owners = {NORTHGATE: 50.0, MERIDIAN: 50.0} if version == 1 else {NORTHGATE: 30.0, MERIDIAN: 70.0}
    body = [
        "Open-source software that runs the evaluation protocol IP-010 against a model and produces the standard report.",
        "Published under the MIT licence.",
    ]
    if version > 1:
        body.append("Shares re-recorded in September 2026 from the contribution schedule presented under the amended clause 7.2: Meridian wrote most of the code, the Trust the clinical test suites.")
    return IPAsset(
        id="IP-011", title="clinical-evalkit evaluation harness", kind="software", origin="foreground",
        spdx="MIT", oss_obligations=list(MIT_OBLIGATIONS), on_exit="retain", sensitivity="public",
        owners=owners, body=_lines(*body),
    )


def _sews2() -> IPAsset:
    return IPAsset(
        id="IP-012", title="SEWS-2 sepsis early-warning model", kind="model", origin="foreground",
        royalty_terms="As for IP-007: Meridian pays the Trust 8% of net receipts each quarter, with a minimum of £25,000 a year.",
        on_exit="license_back", sensitivity="internal",
        licenses=[_NHS_USE, License(MERIDIAN, "Commercial deployment to healthcare providers",
                                    "Healthcare providers outside the United Kingdom", True, "see royalty terms")],
        field_sensitivity={"royalty_terms": "confidential"}, readers=PARTNERS,
        owners={NORTHGATE: 50.0, MERIDIAN: 50.0},
        body=_lines(
            "The second-generation sepsis model: a sequence model over the whole admission, with the SMI method (IP-009) for missing values.",
            "Registered in equal shares under clause 7.2 as it stood in January 2026.",
        ),
    )


def _dischargelens() -> IPAsset:
    return IPAsset(
        id="IP-013", title="DischargeLens discharge summary model", kind="model", origin="foreground",
        on_exit="license_back", sensitivity="internal", owners={NORTHGATE: 40.0, MERIDIAN: 60.0},
        licenses=[_NHS_USE],
        body=_lines(
            "A model fine-tuned from Halcyon-7B (IP-003) that drafts a discharge summary from the admission's notes, for the responsible clinician to review and sign.",
            "Shares follow the contribution schedule presented at registration: Meridian's base model and training, the Trust's notes, reference summaries and clinical review.",
        ),
    )


def _synth() -> list[IPAsset]:
    return [
        IPAsset(
            id="IP-014", title="SynthNG synthetic EHR generator", kind="algorithm", origin="foreground",
            on_exit="license_back", sensitivity="internal", owners={MERIDIAN: 70.0, NORTHGATE: 30.0},
            licenses=[_NHS_USE],
            body=_lines(
                "A generator of synthetic inpatient records that preserves the joint distributions of the Trust's data without reproducing any patient.",
                "Each release passes a membership-inference test before it leaves the secure research environment.",
            ),
        ),
        IPAsset(
            id="IP-015", title="NG-Synth-10k synthetic benchmark dataset", kind="dataset", origin="foreground",
            spdx="CC-BY-4.0", oss_obligations=list(CC_BY_OBLIGATIONS), on_exit="retain", sensitivity="public",
            owners={NORTHGATE: 50.0, MERIDIAN: 50.0},
            body=_lines(
                "Ten thousand synthetic admissions generated by SynthNG (IP-014), published as an open benchmark for sepsis prediction.",
                "It contains no real patient's record.",
            ),
        ),
    ]


def _model_card() -> IPAsset:
    return IPAsset(
        id="IP-016", title="DischargeLens model card and evaluation report", kind="documentation", origin="foreground",
        spdx="CC-BY-4.0", oss_obligations=list(CC_BY_OBLIGATIONS), on_exit="retain", sensitivity="public",
        owners={NORTHGATE: 40.0, MERIDIAN: 60.0},
        body=_lines(
            "The model card and silent-mode evaluation report for DischargeLens (IP-013), written for clinicians and for the public.",
            "Shares follow those of the model it describes.",
        ),
    )


# --- the exit plan ----------------------------------------------------------------

_TRIGGERS = [
    Trigger("termination_for_convenience", "A partner gives written notice to end the partnership (charter clause 8)."),
    Trigger("material_breach", "A material breach not remedied within 60 days of notice."),
    Trigger("change_of_control", "A change of control of either partner."),
    Trigger("regulatory_direction", "A direction from a regulator, such as the ICO or the MHRA, to stop the processing."),
    Trigger("expiry", "The partnership reaches its end date of 5 January 2030 without renewal."),
]
_DELETION_EVIDENCE = "Deletion certificate signed by Meridian's data protection officer, listing every storage location and the expiry date of each backup"


def _exit_plan(version: int) -> ExitPlan:
    if version == 1:
        obligations = [
            Obligation("OB-01", MERIDIAN, "delete", "IP-001", 30, "", _DELETION_EVIDENCE),
            Obligation("OB-02", MERIDIAN, "delete", "IP-002", 30, "", _DELETION_EVIDENCE),
            Obligation("OB-03", MERIDIAN, "return", "IP-006", 30, "", ""),
            Obligation("OB-04", NORTHGATE, "delete", "IP-003", 30, "", "Attestation by the Trust's chief information officer"),
            Obligation("OB-05", MERIDIAN, "retain", "IP-004", 0, "", ""),
            Obligation("OB-06", MERIDIAN, "license_back", "IP-005", 0, "", ""),
        ]
        notice, body = 90, _lines(
            "This plan sets out what each party does when the partnership ends, whatever the trigger.",
            "Deadlines run from the end of the notice period.",
            "Obligations for foreground assets are added as the assets are registered.",
        )
    else:
        obligations = [
            Obligation("OB-01", MERIDIAN, "delete", "IP-001", 30, "",
                       _DELETION_EVIDENCE + ", and an independent auditor's confirmation"),
            Obligation("OB-02", MERIDIAN, "delete", "IP-002", 30, "", _DELETION_EVIDENCE),
            Obligation("OB-03", MERIDIAN, "return", "IP-006", 30,
                       "Returned on encrypted media to the Trust's information governance office",
                       "Receipt signed by the Trust's data steward"),
            Obligation("OB-04", NORTHGATE, "delete", "IP-003", 30,
                       "Copies of the base weights are deleted, except those embedded in DischargeLens until OB-10 is complete",
                       "Attestation by the Trust's chief information officer"),
            Obligation("OB-05", MERIDIAN, "retain", "IP-004", 0, "", ""),
            Obligation("OB-06", MERIDIAN, "license_back", "IP-005", 0,
                       "None needed: the tokenizer stays available under Apache-2.0", "Public release tag recorded in the register"),
            Obligation("OB-07", MERIDIAN, "transfer", "IP-007", 60,
                       "Model weights, feature definitions and the inference container delivered to the Trust's Azure tenancy and run in shadow mode for 30 days before cut-over",
                       "Shadow-mode comparison report signed by both technical leads"),
            Obligation("OB-08", MERIDIAN, "transfer", "IP-008", 45,
                       "Cohort tables exported as OMOP CDM 5.4 Parquet files over the Trust's SFTP service, then deleted from Meridian's environment",
                       "Checksum manifest acknowledged by the Trust, and a deletion certificate"),
            Obligation("OB-09", MERIDIAN, "transfer", "IP-012", 60,
                       "As for OB-07, with the SMI imputation code (IP-009) licensed back to the Trust",
                       "Shadow-mode comparison report signed by both technical leads"),
            Obligation("OB-10", MERIDIAN, "migrate", "IP-013", 90,
                       "DischargeLens moved to an NHS-hosted inference service under the IP-003 licence, with the clinician review workflow unchanged",
                       "Go-live sign-off by the Trust's chief clinical information officer"),
            Obligation("OB-11", NORTHGATE, "license_back", "IP-009", 0,
                       "The Trust keeps a royalty-free licence to use SMI inside the NHS", ""),
        ]
        notice, body = 120, _lines(
            "This plan sets out what each party does when the partnership ends, whatever the trigger.",
            "Deadlines run from the end of the notice period.",
            "The notice period was lengthened from 90 to 120 days after the exit exercise of 24 June 2026 showed that moving a deployed clinical model needs a shadow-mode period before cut-over.",
            "Every obligation for a deployed model now names its migration path and the evidence that closes it.",
        )
    return ExitPlan(id="EXIT-01", title="Exit plan", notice_days=notice, days_from="notice_end", sensitivity="internal",
                    triggers=list(_TRIGGERS), obligations=obligations, body=body)


# --- members ------------------------------------------------------------------------


# The public halves of the sample keys in sample_partnership/keys/ (SAMPLE KEYS, published on
# purpose: whoever opens the sample may read as either party; see the README there).
SAMPLE_KEYS = {
    "okafor": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJzpJXjqDZtNeRgx7rmC4HsD88F+2Jkm//Z4+whzPOse SAMPLE-KEY-okafor",
    "fairbairn": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILH9VqLajog39BR6b8vm91shJUkKt6h61njlEBexWsQf "
                 "SAMPLE-KEY-fairbairn",
}


def _member(mid: str, name: str, party: str, role: str, voting: bool, start: str, email: str,
            body: str, end: str | None = None) -> Member:
    return Member(id=mid, name=name, party=party, role=role, voting=voting, term_start=_d(start),
                  term_end=_d(end) if end else None, email=email, sensitivity="public", body=body,
                  signing_key=SAMPLE_KEYS.get(mid, ""))


def _founding_members() -> list[Member]:
    start = "2025-01-06"
    return [
        _member("okafor", "Dr Adaeze Okafor", NORTHGATE, "chair", True, start, "adaeze.okafor@northgate-health.example",
                "Chief Clinical Information Officer, Northgate Health NHS Foundation Trust.\nElected chair of the council for its first three-year term."),
        _member("whitcombe", "Helen Whitcombe", NORTHGATE, "senior_sponsor", True, start, "helen.whitcombe@northgate-health.example",
                "Director of Research and Innovation, Northgate Health NHS Foundation Trust.\nThe Trust's senior sponsor of the partnership."),
        _member("brennan", "Siobhan Brennan", NORTHGATE, "data_steward", True, start, "siobhan.brennan@northgate-health.example",
                "Head of Information Governance, Northgate Health NHS Foundation Trust.\nData steward for the Trust's extracts."),
        _member("kowalczyk", "Marta Kowalczyk", NORTHGATE, "secretariat", False, start, "council.secretary@northgate-health.example",
                "Corporate Governance Manager, Northgate Health NHS Foundation Trust.\nSecretary to the council; keeps its books and does not vote."),
        _member("lindqvist", "Erik Lindqvist", MERIDIAN, "senior_sponsor", True, start, "erik.lindqvist@meridian-ai.example",
                "Chief Operating Officer, Meridian Applied Intelligence Ltd.\nMeridian's senior sponsor of the partnership."),
        _member("chen", "Dr Mei Chen", MERIDIAN, "technical_expert", True, start, "mei.chen@meridian-ai.example",
                "Head of Clinical Machine Learning, Meridian Applied Intelligence Ltd."),
        _member("ramasamy", "Priya Ramasamy", MERIDIAN, "compliance_lead", True, start, "priya.ramasamy@meridian-ai.example",
                "Head of Regulatory Affairs and Data Protection Officer, Meridian Applied Intelligence Ltd."),
        _member("fairbairn", "Callum Fairbairn", MERIDIAN, "legal_counsel", True, start, "callum.fairbairn@meridian-ai.example",
                "General Counsel, Meridian Applied Intelligence Ltd."),
        _member("mensah", "Grace Mensah", PATIENTS, "observer", False, start, "grace.mensah@patientvoice.example",
                "Chair, Patient Voice Northgate CIC.\nObserver on behalf of the patients whose records the partnership uses."),
    ]


ADEYEMI = _member("adeyemi", "Tunde Adeyemi", NORTHGATE, "data_steward", True, "2026-01-01",
                  "tunde.adeyemi@northgate-health.example",
                  "Head of Information Governance, Northgate Health NHS Foundation Trust, from January 2026.\nData steward for the Trust's extracts, succeeding Siobhan Brennan.")

# --- the timeline ----------------------------------------------------------------------


def _signatories() -> list[Signatory]:
    """Who signed the charter for each party: the Trust's chair, Meridian's sponsor, Patient Voice's chair.
    They are named by identity: the charter does not require signatures, and the members are
    appointed an hour after it (the sample's first term began before founding members were records)."""
    members = {m.id: m for m in _founding_members()}
    return [Signatory(NORTHGATE, members["okafor"].identity), Signatory(MERIDIAN, members["lindqvist"].identity),
            Signatory(PATIENTS, members["mensah"].identity)]


def _found(b: _Book) -> None:
    day = _d("2024-12-16")
    b.add(_at(day, "10:00"), "adopt the founding charter",
          [PARTNERSHIP, *_founding_clauses(), _exit_plan(1), *_background_ip(),
           _registers().inpatient_terms(1), _registers().radiograph_terms()],
          kind="amend", decision=None, signatories=_signatories(),
          body=_lines(
              "The partners signed the charter of the joint oversight council on 16 December 2024, with effect from 6 January 2025.",
              "This commit records the partnership, every charter clause, the exit plan, the background IP each partner brings and the data-sharing terms of the two datasets signed with the charter.",
          ))
    b.add(_at(day, "11:00"), "appoint the founding members of the council", _founding_members(),
          body="Appointed by the partners under charter clause 2, with terms starting on 6 January 2025.")


def _year_2025(b: _Book) -> dict[str, Motion]:
    m: dict[str, Motion] = {}

    # January: the inaugural meeting.
    m["calendar25"] = Motion(
        "Adopt the 2025 meeting calendar", "low",
        "That the council adopt the 2025 calendar of regular meetings on the second Tuesday of each month except August, as circulated.",
        "okafor", "lindqvist",
        _lines("Clause 4.1 sets a monthly cadence.",
               "A published calendar lets members plan their attendance and lets the secretary circulate each agenda three weeks ahead."))
    m["secretariat"] = Motion(
        "Approve the secretariat budget for 2025", "low",
        "That the council approve a secretariat budget of £48,000 for 2025, shared equally between the partners and administered by the Trust.",
        "whitcombe", "ramasamy",
        _lines("The Trust hosts the secretariat under clause 2.",
               "The budget covers a part-time secretary, meeting costs and the hosting of the council's ledger."),
        actions=[ActionItem("Invoice both partners for their share of the 2025 secretariat budget", "kowalczyk", _d("2025-02-28"))])
    m["dap"] = Motion(
        "Approve the Data Access Procedure", "medium",
        "That the council approve the Data Access Procedure version 1.0, which governs every release of data from the Trust to the lab's secure research environment.",
        "brennan", "chen",
        _lines("Clause 9 allows extracts only inside the lab's secure research environment and only for the listed purposes.",
               "The procedure sets out the request form, the data steward's checks, the de-identification run and the release log that the council reviews."),
        abstain=("fairbairn",),
        actions=[ActionItem("Publish the Data Access Procedure to both partners' project staff", "brennan", _d("2025-01-31"))])
    b.meeting("MTG-2025-01", _d("2025-01-14"), _d("2024-12-20"), "Council meeting, January 2025 (inaugural)",
              reports=(("Charter and membership",
                        "The secretary reported that the charter adopted on 16 December 2024 took effect on 6 January 2025 and that the partners had appointed their members under clause 2.\nThe council noted the report.",
                        ("1", "2")),),
              motions=(m["calendar25"], m["secretariat"], m["dap"]))
    b.action_done(m["dap"].id, 0, _d("2025-01-28"))
    b.action_done(m["secretariat"].id, 0, _d("2025-02-25"))

    # February.
    m["sews1"] = Motion(
        "Register the SEWS-1 sepsis model as joint foreground IP", "medium",
        "That the council register the SEWS-1 sepsis early-warning model in the IP register as foreground IP owned by the partners in equal shares, as IP-007.",
        "chen", "whitcombe",
        _lines("Work on the model began in January 2025, and clause 7.2 requires foreground IP to be registered when it is identified.",
               "No contribution schedule was presented, so the default of equal shares applies.",
               "Use within the NHS is royalty-free under clause 7.3; any commercial licence needs its own decision."),
        terms=[_sews1(1)], summary="register SEWS-1 (IP-007) as joint foreground IP")
    m["sews1plan"] = Motion(
        "Approve the SEWS-1 project plan", "low",
        "That the council approve the SEWS-1 project plan, with a silent-mode trial from September 2025 and a go/no-go recommendation by January 2026.",
        "lindqvist", "okafor",
        _lines("The plan sets the milestones against which the technical lead reports at each meeting.",
               "A silent-mode trial shows the model's alerts to no one, so its performance can be measured before any patient is affected."),
        actions=[ActionItem("Report progress against the SEWS-1 plan at each regular meeting", "chen", None)])
    b.meeting("MTG-2025-02", _d("2025-02-11"), _d("2025-01-21"), "Council meeting, February 2025",
              attendance={"ramasamy": "apologies"}, approve=(("MTG-2025-01", "read"),),
              reports=(("Data steward's report",
                        "The data steward reported the first release under the Data Access Procedure: the 2019-2021 tranche of IP-001, released to the lab's secure research environment on 3 February 2025.\nThe council noted the report.",
                        ("IP-001",)),),
              motions=(m["sews1"], m["sews1plan"]), closed="15:40",
              correction=("The meeting closed at 15:40.", "The meeting closed at 15:50."))

    # March.
    m["cohort"] = Motion(
        "Register the NG-Sepsis curated cohort", "medium",
        "That the council register the NG-Sepsis curated cohort as foreground IP owned 60% by the Trust and 40% by Meridian, as IP-008, in line with the contribution schedule circulated with the agenda.",
        "brennan", "chen",
        _lines("The cohort is the labelled training and validation set for the sepsis models, derived from IP-001.",
               "The contribution schedule credits the Trust's clinicians with 1,900 hours of sepsis adjudication and Meridian with the curation tooling and engineering.",
               "Because the cohort is derived from patient records, it is transferred to the Trust and deleted by Meridian on exit."),
        terms=[_cohort()], summary="register the NG-Sepsis curated cohort (IP-008), owned 60/40")
    m["summary"] = Motion(
        "Publish a plain-English summary of the partnership", "low",
        "That the council publish a plain-English summary of the partnership's purpose, data use and safeguards on the Trust's website by 30 April 2025.",
        "okafor", "whitcombe",
        _lines("Patient Voice Northgate asked for the public to be told how their records are used.",
               "A summary written with the patient panel meets the spirit of clause 5 ahead of the first annual report."),
        against=("fairbairn",), abstain=("chen",),
        actions=[ActionItem("Draft the summary with the patient panel", "kowalczyk", _d("2025-04-18"))])
    m["observer"] = Motion(
        "Invite the observer to report quarterly", "low",
        "That the observer be invited to report the patient panel's views to the council each quarter.",
        "whitcombe", "lindqvist",
        _lines("The observer may speak on any item under clause 2; a standing quarterly report makes sure the patient panel's views reach the council in writing."))
    b.meeting("MTG-2025-03", _d("2025-03-11"), _d("2025-02-18"), "Council meeting, March 2025",
              approve=(("MTG-2025-02", "corrected"),),
              motions=(m["cohort"], m["summary"], m["observer"]))

    # April.
    m["smi"] = Motion(
        "Register the SMI method and the evaluation protocol", "medium",
        "That the council register the structured missingness imputation method as IP-009, owned 60% by Meridian and 40% by the Trust, and the clinical model evaluation protocol as IP-010, owned in equal shares and published under CC-BY-4.0.",
        "chen", "okafor",
        _lines("Both assets came out of the SEWS-1 work.",
               "The SMI shares follow the contribution schedule circulated with the agenda.",
               "The protocol is published openly so that other NHS trusts can evaluate clinical models the same way."),
        terms=[_smi(), _protocol()], summary="register the SMI method (IP-009) and the evaluation protocol (IP-010)")
    m["remote"] = Motion(
        "Hold meetings by video from May to July 2025", "low",
        "That the council's regular meetings from May to July 2025 be held by video only.",
        "lindqvist", "fairbairn",
        _lines("Proposed to save travel during Meridian's office move.",
               "The motion was lost on a tie, so meetings continue at the Education Centre with video attendance available."),
        against=("whitcombe", "brennan", "ramasamy"), abstain=("okafor",), expect="tied")
    b.meeting("MTG-2025-04", _d("2025-04-08"), _d("2025-03-18"), "Council meeting, April 2025",
              approve=(("MTG-2025-03", "read"),),
              reports=(("Observer's report",
                        "Grace Mensah presented the patient panel's first quarterly report, on the plain-English summary.\nThe council noted the report.",
                        ()),),
              motions=(m["smi"], m["remote"]))
    b.action_done(m["summary"].id, 0, _d("2025-04-15"))

    # May: DSP-001 is raised.
    b.dispute(Dispute(
        id="DSP-001", title="Use of derived embeddings outside the sepsis purpose", raised_on=_d("2025-05-06"),
        raised_by=NORTHGATE, against=[MERIDIAN], sensitivity="internal",
        stages=[Stage("negotiation", _d("2025-05-06"), "The senior sponsors are to meet by 20 May 2025.")],
        field_sensitivity={"body": "confidential", "resolution": "confidential"}, readers=PARTNERS,
        body=_lines(
            "The Trust's data steward found that an embedding index derived from the 2019-2021 tranche of IP-001 had been copied to a Meridian environment used for product demonstrations.",
            "The Trust holds that the copy breaches the purposes in clause 9 and the Data Access Procedure.",
            "Meridian accepts that the copy was made and says the index cannot be inverted to recover records, and that no customer saw it.",
        )), _at(_d("2025-05-06"), "11:00"), "raise DSP-001 (Trust v Meridian): use of derived embeddings")
    m["tranche2"] = Motion(
        "Release the 2022-2024 data tranche", "medium",
        "That the council approve the release of the 2022-2024 tranche of the inpatient extract (IP-001) to the lab's secure research environment under the Data Access Procedure.",
        "brennan", "ramasamy",
        _lines("The SEWS-1 plan needs the recent admissions to validate the model on current practice.",
               "The release follows the same de-identification run as the first tranche."),
        actions=[ActionItem("Run the de-identification and release the tranche", "brennan", _d("2025-05-30"))])
    m["audit"] = Motion(
        "Commission an external audit of de-identification", "low",
        "That the council commission an independent audit of the de-identification pipeline at a cost not exceeding £35,000, shared equally.",
        "whitcombe", "brennan",
        _lines("An independent audit gives the partners and the observer assurance that the clause 9 standard is met before the second tranche is analysed."),
        against=("lindqvist", "chen"),
        actions=[ActionItem("Appoint the auditor", "kowalczyk", _d("2025-06-30")),
                 ActionItem("Present the audit report to the council", "brennan", _d("2025-09-09"))])
    b.meeting("MTG-2025-05", _d("2025-05-13"), _d("2025-04-22"), "Council meeting, May 2025",
              attendance={"mensah": "apologies"}, approve=(("MTG-2025-04", "read"),),
              reports=(("Dispute register",
                        "The secretary reported that the Trust had raised dispute DSP-001 on 6 May 2025, at the negotiation stage until 5 June 2025.\nThe council noted the report.",
                        ("DSP-001",)),),
              motions=(m["tranche2"], m["audit"]))
    b.action_done(m["tranche2"].id, 0, _d("2025-05-28"))
    b.action_done(m["audit"].id, 0, _d("2025-06-20"))
    b.move("DSP-001", _d("2025-06-04"), "council", "Negotiation ended without settlement; referred to the council by the Trust.")

    # June: Meridian's delegation is absent; the meeting is not quorate.
    m["q3compute"] = Motion(
        "Approve the Q3 2025 compute allocation", "low",
        "That the council approve a compute allocation of 40,000 GPU-hours on Meridian's cluster for July to September 2025.",
        "whitcombe", "brennan",
        _lines("The allocation had to be fixed before 1 July 2025 for Meridian to reserve the capacity.",
               "It was recorded at an inquorate meeting so that work could be planned, and has no effect until ratified."),
        expect="no_quorum")
    b.meeting("MTG-2025-06", _d("2025-06-10"), _d("2025-05-20"), "Council meeting, June 2025",
              attendance={"lindqvist": "apologies", "chen": "apologies", "ramasamy": "apologies", "fairbairn": "absent"},
              minutes_note="The minutes of MTG-2025-05 were not taken, the meeting not being quorate; they stand over to the next quorate meeting.",
              quorum_text=_lines(
                  "The chair declared the meeting not quorate: three of the seven voting members were present, and no voting member of Meridian was present, as clause 4.2 requires.",
                  "The meeting heard reports and recorded one motion, which has no effect until ratified at a quorate meeting."),
              reports=(("Dispute register",
                        "The secretary reported that DSP-001 had entered the council stage on 4 June 2025, with a deadline of 19 July 2025.\nThe council noted the report.",
                        ("DSP-001",)),
                       ("Technical progress report: SEWS-1",
                        "The members present received the written progress report circulated with the agenda.",
                        ("IP-007",))),
              motions=(m["q3compute"],), closed="15:10")

    # July: ratification, and DSP-001 settled at the council stage.
    m["ratify"] = Motion(
        "Ratify the Q3 2025 compute allocation", "low",
        f"That the council ratify decision {m['q3compute'].id}, the compute allocation of 40,000 GPU-hours for July to September 2025, recorded without a quorum at MTG-2025-06.",
        "okafor", "lindqvist",
        _lines(f"{m['q3compute'].id} was recorded at a meeting that was not quorate and so had no effect.",
               "Ratification at this quorate meeting gives it effect from the date of this decision."))
    m["dsp1"] = Motion(
        "Settle dispute DSP-001", "medium",
        "That the council settle dispute DSP-001 on the terms of the confidential annex: Meridian deletes the embedding index derived from IP-001 and every copy of it by 31 July 2025 and certifies the deletion, and the external de-identification audit also covers the lab's demonstration environments.",
        "whitcombe", "lindqvist",
        _lines("The senior sponsors agreed these terms after the negotiation stage ended.",
               "Deletion with a certificate removes the breach of clause 9; extending the audit tests whether any other copy exists.",
               "Both delegations voted for the settlement."),
        sensitivity="confidential", readers=PARTNERS,
        actions=[ActionItem("Delete the embedding index and every copy, and certify the deletion", "ramasamy", _d("2025-07-31"))])
    m["mrm"] = Motion(
        "Adopt the model risk management standard", "medium",
        "That the council adopt the Model Risk Management Standard version 1.0 for every model the partnership deploys in clinical use.",
        "chen", "okafor",
        _lines("The standard sets the clinical safety case, monitoring and rollback duties for deployed models, in line with DCB0129 and DCB0160.",
               "It applies first to SEWS-1."),
        abstain=("fairbairn",))
    b.meeting("MTG-2025-07", _d("2025-07-08"), _d("2025-06-17"), "Council meeting, July 2025",
              approve=(("MTG-2025-05", "read"), ("MTG-2025-06", "read")),
              reports=(("Observer's report",
                        "Grace Mensah presented the patient panel's second report, on the dispute process and what patients are told.\nThe council noted the report.",
                        ()),),
              motions=(m["ratify"], m["dsp1"], m["mrm"]),
              correction=("the patient panel's second report", "the patient panel's second quarterly report"))
    current = b.disputes["DSP-001"]
    b.dispute(current.replace(
        status="resolved", resolved_on=_d("2025-07-08"),
        resolution=f"Settled at the council stage by {m['dsp1'].id}: Meridian deletes the embedding index and every copy by 31 July 2025 and certifies it; the external audit covers the demonstration environments."),
        _at(_d("2025-07-08"), "17:00"), "resolve DSP-001 at the council stage")
    b.action_done(m["dsp1"].id, 0, _d("2025-07-24"))

    # September: after the June meeting, video attendance and proxies count toward the quorum.
    m["quorum1"] = Motion(
        "Amend clauses 4.2 and 4.3: video attendance and proxies count toward the quorum", "high",
        "That clauses 4.2 and 4.3 be amended as circulated, so that members attending by video count as present and members represented by proxy count toward the quorum and each partner's minimum.",
        "okafor", "lindqvist",
        _lines("The June meeting (MTG-2025-06) was not quorate although Meridian's members could have joined by video or given proxies.",
               "The amendment makes explicit that attendance by video is presence, and lets proxies count toward the quorum, while keeping the minimum of one member of each partner."),
        terms=[_quorum_clause(2), _proxy_clause(2)],
        summary="amend clauses 4.2 and 4.3 so that video attendance and proxies count toward the quorum")
    m["sews1licence"] = Motion(
        "Grant Meridian a commercial licence for SEWS-1 outside the UK", "medium",
        "That the council grant Meridian an exclusive licence to deploy SEWS-1 (IP-007) commercially to healthcare providers outside the United Kingdom, on the royalty terms recorded in the register.",
        "lindqvist", "chen",
        _lines("Meridian has two prospective customers, a hospital group in the Netherlands and one in Ireland, each wanting a 12-month pilot from January 2026.",
               "The royalty of 8% of net receipts with a minimum of £25,000 a year was benchmarked by the Trust's commercial team against three comparable NHS licences.",
               "The Trust's senior sponsor voted against, preferring a non-exclusive licence that would leave the Trust free to license other developers abroad."),
        against=("whitcombe",), field_sensitivity={"body": "confidential"}, readers=PARTNERS, terms=[_sews1(2)],
        summary="license SEWS-1 (IP-007) to Meridian for commercial use outside the UK")
    m["mondays"] = Motion(
        "Move regular meetings to the first Monday of the month", "low",
        "That regular meetings from October 2025 be held on the first Monday of each month.",
        "chen", "fairbairn",
        _lines("Proposed to avoid a clash with Meridian's Tuesday release cycle.",
               "The motion was lost, and meetings stay on the second Tuesday under clause 4.1."),
        against=("okafor", "whitcombe", "brennan", "ramasamy", "lindqvist"), expect="failed")
    b.meeting("MTG-2025-08", _d("2025-09-09"), _d("2025-08-19"), "Council meeting, September 2025",
              attendance={"brennan": "proxy:whitcombe"}, approve=(("MTG-2025-07", "corrected"),),
              reports=(("De-identification audit",
                        f"Helen Whitcombe presented, for the data steward, the independent auditor's report on the de-identification pipeline commissioned by {m['audit'].id}.\nThe council noted the report and asked the data steward to bring the follow-up actions to the October meeting.",
                        ("9",)),),
              motions=(m["quorum1"], m["sews1licence"], m["mondays"]))
    b.action_done(m["audit"].id, 1, _d("2025-09-09"), "17:00")

    # October.
    m["evalkit"] = Motion(
        "Register and publish the clinical-evalkit harness", "medium",
        "That the council register the clinical-evalkit evaluation harness as foreground IP owned in equal shares, as IP-011, and publish it under the MIT licence.",
        "chen", "brennan",
        _lines("The harness runs the evaluation protocol (IP-010) and is most useful to other trusts if it is open source.",
               "The MIT licence asks only that the copyright and permission notices travel with the code."),
        terms=[_evalkit(1)], summary="register clinical-evalkit (IP-011) and publish it under MIT")
    m["q4compute"] = Motion(
        "Approve the Q4 2025 compute allocation", "low",
        "That the council approve a compute allocation of 55,000 GPU-hours on Meridian's cluster for October to December 2025.",
        "lindqvist", "whitcombe",
        _lines("The allocation covers the SEWS-1 silent-mode trial and the first discharge summary experiments."))
    b.meeting("MTG-2025-09", _d("2025-10-14"), _d("2025-09-23"), "Council meeting, October 2025",
              approve=(("MTG-2025-08", "read"),),
              reports=(("Technical progress report: SEWS-1",
                        "Dr Chen reported that the SEWS-1 silent-mode trial began on 15 September 2025 on four wards.\nThe council noted the report.",
                        ("IP-007",)),
                       ("De-identification audit: follow-up",
                        "The data steward reported that four of the auditor's six recommendations had been completed and the other two were due by December 2025.\nThe council noted the report.",
                        ("9",))),
              motions=(m["evalkit"], m["q4compute"]))

    # An extraordinary meeting on a security finding.
    m["sf"] = Motion(
        "Approve the remediation plan for security finding SF-2025-03", "medium",
        "That the council approve the remediation plan for security finding SF-2025-03, service credentials exposed in the lab's staging environment: rotation of every credential with access to partnership data, a forensic review by an external firm, and suspension of data releases until the review reports.",
        "ramasamy", "okafor",
        _lines("On 17 October 2025 Meridian's security team found that a configuration file in the staging area of the secure research environment held a service credential with read access to the IP-001 storage bucket.",
               "The file was readable by 14 engineers without partnership clearance for 23 days.",
               "Access logs show no use of the credential outside the normal pipeline, but only a forensic review can confirm that.",
               "Releases stay suspended until the review reports."),
        sensitivity="confidential", readers=PARTNERS,
        actions=[ActionItem("Rotate every credential with access to partnership data", "ramasamy", _d("2025-10-31")),
                 ActionItem("Deliver the external forensic review", "ramasamy", _d("2025-11-25")),
                 ActionItem("Resume data releases once the review has reported", "brennan", _d("2025-12-09"))])
    m["notify"] = Motion(
        "Note legal advice on notification duties", "low",
        "That the council note the legal advice on notification duties and ask the two data protection officers to decide on notification to the ICO within 72 hours of the forensic review confirming or ruling out access to personal data.",
        "lindqvist", "whitcombe",
        _lines("Counsel advised that the exposure is a personal data breach only if the credential gave access to data from which a patient could be identified.",
               "The extract is de-identified, but counsel advised that the risk of re-identification from the combination of fields is not negligible, so the 72-hour clock should be treated as running from the forensic review's finding.",
               "The advice is privileged and is not to be circulated beyond the members."),
        # Privileged to the council's members: both partners, not the observer (clause 2).
        sensitivity="privileged", readers=PARTNERS)
    b.meeting("MTG-2025-10", _d("2025-10-28"), _d("2025-10-20"), "Extraordinary meeting: security finding SF-2025-03",
              kind="extraordinary", attendance={"fairbairn": "proxy:lindqvist"},
              field_sensitivity={"body": "confidential"}, readers=PARTNERS,
              reports=(("Security finding SF-2025-03",
                        "The compliance lead presented the incident report circulated to members under confidential cover.\nThe council noted the report.",
                        ()),),
              motions=(m["sf"], m["notify"]), closed="15:20")
    b.action_done(m["sf"].id, 0, _d("2025-10-30"))

    # November: purpose (c) added; the data steward's term ends.
    brennan = b.members["brennan"]
    b.add(_at(_d("2025-11-04"), "10:00"), "end Siobhan Brennan's term as data steward on 30 November 2025",
          [brennan.replace(term_end=_d("2025-11-30"),
                           body=brennan.body + "\nLeft the Trust on 30 November 2025; succeeded by Tunde Adeyemi from 1 January 2026.")])
    m["purpose_c"] = Motion(
        "Amend clause 9: add discharge summarisation as a purpose", "high",
        "That clause 9 be amended as circulated to add purpose (c), developing and evaluating models that draft discharge summaries, and to allow the release of redacted free-text notes for that purpose only.",
        "whitcombe", "chen",
        _lines("Discharge summaries take junior doctors an estimated 40 minutes per patient and are often late to reach GPs.",
               "A model that drafts the summary for the clinician to check could save time without taking the decision out of clinical hands.",
               "Free text carries more risk than structured data, so it is released for purpose (c) only and only after automated redaction.",
               "A data protection impact assessment was circulated with the agenda; Meridian's compliance lead will review it before the first free-text release."),
        against=("ramasamy",), terms=[_data_clause(2), _registers().inpatient_terms(2), _registers().notes_terms(1)],
        actions=[ActionItem("Review the DPIA for purpose (c) before the first free-text release", "ramasamy", _d("2026-01-13"))],
        summary="amend clause 9 to add purpose (c), discharge summarisation")
    m["lens"] = Motion(
        "Register the DischargeLens model", "medium",
        "That the council register the DischargeLens discharge summary model as foreground IP owned 40% by the Trust and 60% by Meridian, as IP-013, in line with the contribution schedule circulated with the agenda, and let the Trust's clinical reviewers hold a copy of its adapter's weights.",
        "chen", "okafor",
        _lines("DischargeLens is fine-tuned from Meridian's background model Halcyon-7B (IP-003), which weighs in Meridian's contribution.",
               "The Trust contributes the notes, 3,000 reference summaries and the clinical review of outputs."),
        terms=[_dischargelens()], summary="register DischargeLens (IP-013), owned 40/60")
    m["thanks"] = Motion(
        "Thank the outgoing data steward", "low",
        "That the council record its thanks to Siobhan Brennan for her service as data steward, and ask the chair to act as the Trust's contact for data releases until 31 December 2025.",
        "lindqvist", "whitcombe",
        _lines("Siobhan Brennan leaves the Trust on 30 November 2025; her successor takes up the role on 1 January 2026.",
               "She declared an interest and was recorded as recused."),
        recused=("brennan",))
    b.meeting("MTG-2025-11", _d("2025-11-11"), _d("2025-10-21"), "Council meeting, November 2025",
              approve=(("MTG-2025-09", "read"), ("MTG-2025-10", "read")),
              reports=(("Membership",
                        "The secretary reported that Siobhan Brennan's term as data steward ends on 30 November 2025 and that the Trust intends to appoint Tunde Adeyemi from 1 January 2026.\nThe council noted the report.",
                        ("brennan",)),
                       ("Security finding SF-2025-03",
                        "The compliance lead reported that the credentials were rotated on 30 October 2025 and that the forensic review is due by 25 November 2025.\nThe council noted the report.",
                        ())),
              motions=(m["purpose_c"], m["lens"], m["thanks"]))
    b.action_done(m["sf"].id, 1, _d("2025-11-24"))

    # December: six voting members while the data steward's seat is vacant.
    m["budget26"] = Motion(
        "Approve the 2026 budget", "low",
        "That the council approve a 2026 programme budget of £1.2 million: £620,000 from Meridian in kind as compute and engineering, and £580,000 from the Trust in kind as data, clinical time and the secretariat.",
        "lindqvist", "whitcombe",
        _lines("The budget funds SEWS-1 deployment, SEWS-2 development and the first DischargeLens evaluation.",
               "Contributions in kind are valued at the rates agreed in the partnership's funding schedule."))
    m["commercial"] = Motion(
        "Give Meridian's commercial team the SEWS-1 trial results", "medium",
        "That the council allow Meridian's commercial team to see the SEWS-1 silent-mode trial results before they are published.",
        "lindqvist", "chen",
        _lines("Meridian's prospective customers asked for performance figures before their pilots begin.",
               "The motion was lost: the results stay with the project team until the council approves their publication."),
        against=("okafor", "whitcombe"), abstain=("ramasamy",), expect="failed")
    m.update(_registers().december_2025_motions(Motion))
    b.meeting("MTG-2025-12", _d("2025-12-09"), _d("2025-11-18"), "Council meeting, December 2025",
              approve=(("MTG-2025-11", "read"),),
              reports=(("Security finding SF-2025-03",
                        "The compliance lead reported that the forensic review found no use of the exposed credential outside the normal pipeline, and that the two data protection officers had decided that no notification to the ICO was required.\nThe council noted the report.",
                        ()),),
              motions=(m["budget26"], m["commercial"], m["incidents24"], m["telemetry"]))
    b.action_done(m["incidents24"].id, 0, _d("2026-01-09"))
    b.action_done(m["sf"].id, 2, _d("2025-12-09"), "17:00")
    b.add(_at(_d("2025-12-15"), "11:00"), "appoint Tunde Adeyemi as the Trust's data steward from 1 January 2026",
          [ADEYEMI], body="Appointed by the Trust under charter clause 2 to fill the vacancy left by Siobhan Brennan.")
    return m


def _year_2026(b: _Book, m: dict[str, Motion]) -> None:
    # January.
    m["calendar26"] = Motion(
        "Adopt the 2026 meeting calendar", "low",
        "That the council adopt the 2026 calendar of regular meetings on the second Tuesday of each month except August, as circulated.",
        "okafor", "ramasamy",
        _lines("The calendar follows clause 4.1."))
    m["sews2"] = Motion(
        "Register the SEWS-2 sepsis model", "medium",
        "That the council register the SEWS-2 sepsis early-warning model as foreground IP owned in equal shares, as IP-012, with the same licences and royalty terms as SEWS-1.",
        "chen", "adeyemi",
        _lines("SEWS-2 succeeds SEWS-1 and combines the sequence model with the SMI method (IP-009).",
               "No contribution schedule was presented, so clause 7.2 gives equal shares."),
        terms=[_sews2()], summary="register SEWS-2 (IP-012) as joint foreground IP")
    b.meeting("MTG-2026-01", _d("2026-01-13"), _d("2025-12-16"), "Council meeting, January 2026",
              approve=(("MTG-2025-12", "read"),),
              reports=(("SEWS-1 go/no-go",
                        "Dr Chen presented the results of the SEWS-1 silent-mode trial, and the Trust's clinical safety officer recommended deployment on four wards from February 2026.\nThe council noted the report.",
                        ("IP-007",)),
                       ("Membership",
                        "The chair welcomed Tunde Adeyemi, the Trust's data steward from 1 January 2026.",
                        ("adeyemi",))),
              motions=(m["calendar26"], m["sews2"]))
    b.action_done(m["purpose_c"].id, 0, _d("2026-01-12"))

    # February: clause 7.2 amended.
    m["fg"] = Motion(
        "Amend clause 7.2: foreground IP shares follow contributions", "high",
        "That clause 7.2 be amended as circulated, so that foreground IP is owned in proportion to the contributions recorded when an asset is registered, with equal shares where no schedule is recorded.",
        "fairbairn", "whitcombe",
        _lines("Equal shares no longer reflect the work: some assets are mostly the Trust's clinical effort and others mostly Meridian's engineering.",
               "The council has already used contribution schedules for IP-008, IP-009 and IP-013; the amendment makes them the rule."),
        terms=[_foreground_clause(2)], summary="amend clause 7.2 so that foreground IP shares follow contributions")
    m["annual25"] = Motion(
        "Publish the 2025 annual report", "low",
        "That the council approve the 2025 annual report for publication on 1 March 2026.",
        "okafor", "lindqvist",
        _lines("Clause 5 commits the council to publish its work; the report covers the first year and has been reviewed by the patient panel."),
        abstain=("chen",))
    b.meeting("MTG-2026-02", _d("2026-02-10"), _d("2026-01-20"), "Council meeting, February 2026",
              approve=(("MTG-2026-01", "read"),), motions=(m["fg"], m["annual25"]))

    # March: the quorum tightened to two members of each partner.
    m["quorum2"] = Motion(
        "Amend clause 4.2: two members of each partner for a quorum", "high",
        "That clause 4.2 be amended as circulated, so that at least two voting members of each partner must be present, in person, by video or by proxy, for a meeting to be quorate.",
        "whitcombe", "ramasamy",
        _lines("With video attendance and proxies counting toward the quorum, a single member could carry a partner's presence.",
               "Decisions now reach deployed clinical models, and both partners want at least two of their members to take part in every quorate meeting."),
        terms=[_quorum_clause(3)], summary="amend clause 4.2 to require two voting members of each partner")
    m["burst"] = Motion(
        "Engage a second GPU cloud provider", "low",
        "That the council engage a second cloud GPU provider for burst capacity in 2026, within the approved budget.",
        "chen", "lindqvist",
        _lines("Proposed to protect the SEWS-2 timetable against capacity shortfalls on Meridian's cluster.",
               "The motion was lost on a tie; the data would have had to be released to a further processor."),
        against=("okafor", "whitcombe", "adeyemi"), expect="tied")
    b.meeting("MTG-2026-03", _d("2026-03-10"), _d("2026-02-17"), "Council meeting, March 2026",
              attendance={"fairbairn": "apologies"}, approve=(("MTG-2026-02", "read"),),
              reports=(("Technical progress report: SEWS-1",
                        "Dr Chen reported that SEWS-1 went live on four wards on 16 February 2026 and raised 212 alerts in its first two weeks.\nThe council noted the report.",
                        ("IP-007",)),),
              motions=(m["quorum2"], m["burst"]),
              correction=("raised 212 alerts", "raised 221 alerts"))

    # April.
    m["votes1"] = Motion(
        "Amend clause 5: publish named votes", "high",
        "That clause 5 be amended as circulated, so that named votes are published with every public decision.",
        "okafor", "whitcombe",
        _lines("Patient Voice Northgate asked for named votes to be published so that the public can see how each partner's members vote on the use of their records."),
        against=("chen", "fairbairn"), expect="failed",
        disposition="Lost: the motion reached two thirds of the entire voting membership but not two thirds of Meridian's delegation, as the high tier requires.")
    m["halcyon"] = Motion(
        "Licence the Trust to fine-tune Halcyon-7B", "medium",
        "That the council record Meridian's licence to the Trust to fine-tune Halcyon-7B (IP-003) for its own clinical decision support, on the royalty terms recorded in the register.",
        "lindqvist", "okafor",
        _lines("The Trust wants to adapt the base model to its own clinical decision support tools outside the partnership's current purposes.",
               "The licence is free for its first year, then charged at the rate recorded as a confidential field of the register."),
        terms=[_halcyon(2)], summary="license the Trust to fine-tune Halcyon-7B (IP-003)")
    b.meeting("MTG-2026-04", _d("2026-04-14"), _d("2026-03-24"), "Council meeting, April 2026",
              approve=(("MTG-2026-03", "corrected"),),
              reports=(("Observer's report",
                        "Grace Mensah presented the patient panel's report on the publication of council votes.\nThe council noted the report.",
                        ("5",)),),
              motions=(m["votes1"], m["halcyon"]))

    # May: the de-identification standard strengthened.
    m["deid"] = Motion(
        "Amend clause 9: strengthen the de-identification standard", "high",
        "That clause 9 be amended as circulated to raise k-anonymity to 20 for records with rare diagnoses, to require quarterly audits of free-text redaction, to suppress counts below 10 in any output, and to release a model trained on the notes only as hosted inference or in an evaluation sandbox.",
        "adeyemi", "ramasamy",
        _lines("The external audit of 2025 recommended a stronger threshold for rare diagnoses, where a k of 10 can still single out a patient in a small district.",
               "Free-text releases for purpose (c) began in February 2026 and need regular assurance that redaction works."),
        terms=[_data_clause(3), _registers().inpatient_terms(3), _registers().notes_terms(2)],
        summary="amend clause 9 to strengthen the de-identification standard")
    m["manchester"] = Motion(
        "Hold the June meeting in Manchester", "low",
        "That the June 2026 meeting be held at Meridian's Manchester office.",
        "lindqvist", "chen",
        _lines("Proposed so that members could see the secure research environment.",
               "The motion was lost; a visit will be arranged separately."),
        against=("okafor", "whitcombe", "adeyemi"), abstain=("ramasamy",), expect="failed",
        # Quorum at each vote: Fairbairn left before this item, and the quorum still held.
        left_before=("fairbairn",))
    b.meeting("MTG-2026-05", _d("2026-05-12"), _d("2026-04-21"), "Council meeting, May 2026",
              approve=(("MTG-2026-04", "read"),), motions=(m["deid"], m["manchester"]))

    # DSP-002: Meridian disputes the SEWS-2 shares under the amended clause 7.2.
    b.dispute(Dispute(
        id="DSP-002", title="Ownership shares in the SEWS-2 sepsis model", raised_on=_d("2026-05-18"),
        raised_by=MERIDIAN, against=[NORTHGATE], sensitivity="privileged", readers=[MERIDIAN],
        stages=[Stage("negotiation", _d("2026-05-18"), "Senior sponsors to meet by 1 June 2026.")],
        body=_lines(
            "Meridian holds that, under clause 7.2 as amended in February 2026, SEWS-2 (IP-012) should be re-recorded as 65% Meridian and 35% the Trust, citing its architecture, compute and about 80% of the engineering hours.",
            "The Trust holds that SEWS-2 was registered under the clause as it stood in January 2026, that the amendment does not apply retrospectively, and that its clinical labelling and validation are undervalued by an hours count.",
            "Both parties have taken legal advice; this record and its stages are privileged.",
        )), _at(_d("2026-05-18"), "11:00"), "raise DSP-002 (Meridian v Trust): ownership shares in SEWS-2")

    # June.
    m["synth"] = Motion(
        "Register SynthNG and publish the NG-Synth-10k benchmark", "medium",
        "That the council register the SynthNG synthetic data generator as IP-014, owned 70% by Meridian and 30% by the Trust, and the NG-Synth-10k benchmark dataset as IP-015, owned in equal shares and published under CC-BY-4.0.",
        "chen", "adeyemi",
        _lines("SynthNG's shares follow the contribution schedule circulated with the agenda.",
               "NG-Synth-10k passed the membership-inference test on 28 May 2026 and contains no real patient's record, so it can be published openly."),
        terms=_synth(), summary="register SynthNG (IP-014) and the NG-Synth-10k benchmark (IP-015)")
    m["exercise"] = Motion(
        "Hold an exit exercise", "low",
        "That the council hold a tabletop exercise of the exit plan on 24 June 2026 and report its findings to the July meeting.",
        "fairbairn", "okafor",
        _lines("Clause 8 requires the exit plan to be reviewed each year; an exercise tests whether it would work for deployed models."),
        actions=[ActionItem("Run the exit exercise and report to the July meeting", "fairbairn", _d("2026-07-14"))])
    b.meeting("MTG-2026-06", _d("2026-06-09"), _d("2026-05-19"), "Council meeting, June 2026",
              attendance={"whitcombe": "proxy:okafor"}, approve=(("MTG-2026-05", "read"),),
              reports=(("Dispute register",
                        "The secretary reported that Meridian had raised dispute DSP-002 on 18 May 2026, at the negotiation stage until 17 June 2026.\nThe council noted the report.",
                        ("DSP-002",)),),
              motions=(m["synth"], m["exercise"]))
    b.move("DSP-002", _d("2026-06-16"), "council", "Negotiation ended without settlement; referred to the council by Meridian.")

    # July: the exit plan amended; DSP-002 fails at the council and goes to mediation.
    m["exit"] = Motion(
        "Amend the exit plan after the exit exercise", "high",
        "That the exit plan EXIT-01 be amended as circulated: the notice period lengthened to 120 days, migration paths and evidence named for every deployed model, and obligations added for the foreground assets.",
        "fairbairn", "adeyemi",
        _lines("The exercise of 24 June 2026 found that 90 days' notice could not cover moving SEWS-1 to the Trust with a shadow-mode period before cut-over.",
               "It also found that the plan named no migration path or evidence for the foreground models now in clinical use."),
        terms=[_exit_plan(2)], summary="amend the exit plan EXIT-01 after the exit exercise")
    m["dsp2"] = Motion(
        "Determine dispute DSP-002", "medium",
        "That the council determine dispute DSP-002 by confirming the equal ownership shares of SEWS-2 (IP-012) as registered.",
        "whitcombe", "adeyemi",
        _lines("The Trust's members held that the amended clause 7.2 does not apply to assets registered before it.",
               "Meridian's members held that the contribution schedule it presented in June 2026 shows a 65/35 split.",
               "The motion was lost, and the parties agreed to go to mediation."),
        against=("lindqvist", "chen", "ramasamy", "fairbairn"), expect="failed",
        field_sensitivity={"body": "confidential"}, readers=PARTNERS)
    m["mediate"] = Motion(
        "Refer dispute DSP-002 to mediation", "low",
        "That the parties refer dispute DSP-002 to mediation under clause 6, through a mediator nominated by CEDR, with the costs shared equally.",
        "fairbairn", "okafor",
        _lines("The council stage did not settle the dispute; clause 6 provides for mediation next."))
    b.meeting("MTG-2026-07", _d("2026-07-14"), _d("2026-06-23"), "Council meeting, July 2026",
              approve=(("MTG-2026-06", "read"),),
              reports=(("Exit exercise",
                        "Callum Fairbairn presented the findings of the exit exercise held on 24 June 2026.\nThe council noted the report.",
                        ("EXIT-01",)),),
              motions=(m["exit"], m["dsp2"], m["mediate"]))
    b.action_done(m["exercise"].id, 0, _d("2026-07-14"), "17:00")
    b.move("DSP-002", _d("2026-07-30"), "mediation", f"Referred by {m['mediate'].id}; CEDR asked to nominate a mediator.")
    current = b.disputes["DSP-002"]
    b.add(_at(_d("2026-09-25"), "11:00"), "DSP-002: first mediation session held and adjourned",
          [current.replace(body=current.body + "\n" + _lines(
              "CEDR nominated the mediator on 12 August 2026.",
              "The first mediation session, on 22 September 2026, was adjourned for the parties to exchange revised contribution schedules; no date is set for a second session."))])

    # September: clause 5 amended after all.
    m["votes2"] = Motion(
        "Amend clause 5: publish named votes, with a confidential exception", "high",
        "That clause 5 be amended as circulated, so that named votes are published with each public decision unless the council withholds them for a confidential item.",
        "okafor", "lindqvist",
        _lines("The April motion was lost within Meridian's delegation over commercially sensitive items.",
               "This version lets the council withhold named votes on a confidential item by a low-tier decision, which met Meridian's concern."),
        against=("chen",), terms=[_publication_clause(2)], summary="amend clause 5 to publish named votes")
    m["evalkit2"] = Motion(
        "Re-record the clinical-evalkit ownership shares", "medium",
        "That the council re-record the ownership of clinical-evalkit (IP-011) as 70% Meridian and 30% the Trust, following the contribution schedule presented under the amended clause 7.2.",
        "chen", "adeyemi",
        _lines("Both partners agreed the contribution schedule for clinical-evalkit, which records Meridian writing most of the code and the Trust the clinical test suites.",
               "The change does not affect the MIT licence under which the harness is published."),
        abstain=("whitcombe",), terms=[_evalkit(2)], summary="re-record clinical-evalkit (IP-011) as 70/30")
    m["q4compute26"] = Motion(
        "Approve the Q4 2026 compute allocation", "low",
        "That the council approve a compute allocation of 60,000 GPU-hours on Meridian's cluster for October to December 2026.",
        "lindqvist", "okafor",
        _lines("The allocation covers SEWS-2 validation and the DischargeLens silent-mode trial."))
    b.meeting("MTG-2026-08", _d("2026-09-08"), _d("2026-08-18"), "Council meeting, September 2026",
              approve=(("MTG-2026-07", "read"),),
              reports=(("Dispute register",
                        "The secretary reported that DSP-002 had entered the mediation stage on 30 July 2026, with a deadline of 28 September 2026.\nThe council noted the report.",
                        ("DSP-002",)),),
              motions=(m["votes2"], m["evalkit2"], m["q4compute26"]))

    # DSP-003: the Trust disputes a shortfall in contracted GPU-hours.
    b.dispute(Dispute(
        id="DSP-003", title="Shortfall in contracted GPU-hours, third quarter of 2026", raised_on=_d("2026-09-14"),
        raised_by=NORTHGATE, against=[MERIDIAN], sensitivity="confidential", readers=PARTNERS,
        stages=[Stage("negotiation", _d("2026-09-14"))],
        body=_lines(
            "The Trust holds that Meridian delivered 31,000 of the 50,000 GPU-hours allocated for July to September 2026, delaying SEWS-2 validation by about six weeks.",
            "Meridian says that 12,000 hours were lost to a cooling failure at its data centre, which it treats as force majeure, and that it offered hours in the fourth quarter instead.",
        )), _at(_d("2026-09-14"), "11:00"), "raise DSP-003 (Trust v Meridian): GPU-hours shortfall")
    b.move("DSP-003", _d("2026-10-13"), "council", "Negotiation ended without settlement; referred to the council by the Trust.")

    # October.
    m["royalty"] = Motion(
        "Revise the SEWS-1 royalty terms", "medium",
        "That the council revise the royalty terms of the SEWS-1 commercial licence (IP-007) as recorded in the register.",
        "lindqvist", "whitcombe",
        _lines("Both pilots abroad converted to full contracts in September 2026.",
               "The revised terms raise the Trust's share to 10% of net receipts with a £40,000 minimum from 2027, and add 2% on the first two European customers until the end of 2028."),
        field_sensitivity={"body": "confidential"}, readers=PARTNERS, terms=[_sews1(3)],
        summary="revise the royalty terms of the SEWS-1 licence (IP-007)")
    m["transparency"] = Motion(
        "Set the date of the 2026 transparency report", "low",
        "That the council publish its 2026 transparency report, with named votes under the amended clause 5, on 15 January 2027.",
        "okafor", "chen",
        _lines("The first report under the amended clause 5 will show named votes on every public decision from September 2026."),
        actions=[ActionItem("Circulate the draft 2026 transparency report to members for comment", SECRETARY, _d("2026-11-17"))])
    b.meeting("MTG-2026-09", _d("2026-10-13"), _d("2026-09-22"), "Council meeting, October 2026",
              attendance={"ramasamy": "apologies"}, approve=(("MTG-2026-08", "read"),),
              reports=(("Dispute register",
                        "The secretary reported that DSP-002 remained in mediation after its 60-day limit ended on 28 September 2026, and that DSP-003, raised by the Trust on 14 September 2026, entered the council stage on 13 October 2026.\nThe council noted the report.",
                        ("DSP-002", "DSP-003")),),
              motions=(m["royalty"], m["transparency"]))

    # November: the council ties on DSP-003.
    m["dsp3"] = Motion(
        "Determine dispute DSP-003: remedy for the GPU-hours shortfall", "low",
        "That the council determine dispute DSP-003 by asking Meridian to provide 15,000 GPU-hours in the first quarter of 2027, at no charge, to make good the shortfall of the third quarter of 2026.",
        "whitcombe", "adeyemi",
        _lines("The Trust's members held that the shortfall was within Meridian's control and should be made good in full.",
               "Meridian's members held that the cooling failure was force majeure and offered 8,000 hours.",
               "The motion was lost on a tie; the dispute stays at the council stage until 27 November 2026, after which either party may refer it to mediation."),
        against=("lindqvist", "chen", "fairbairn"), abstain=("ramasamy",), expect="tied", sensitivity="internal")
    m["card"] = Motion(
        "Register and publish the DischargeLens model card", "medium",
        "That the council register the DischargeLens model card and evaluation report as IP-016, owned 40% by the Trust and 60% by Meridian, and publish it under CC-BY-4.0.",
        "adeyemi", "chen",
        _lines("The model card explains what DischargeLens does, how it was evaluated and where it fails, for clinicians and the public.",
               "The patient panel reviewed the plain-English sections."),
        terms=[_model_card()], summary="register and publish the DischargeLens model card (IP-016)",
        actions=[ActionItem("Publish the model card on the partnership's website", "chen", _d("2026-11-30")),
                 ActionItem("Send the plain-English sections to the patient panel for a last read", "adeyemi", _d("2026-11-13"))])
    m["releases"] = _artifacts().releases_motion(Motion)
    m["calendar27"] = Motion(
        "Adopt the 2027 meeting calendar", "low",
        "That the council adopt the 2027 calendar of regular meetings on the second Tuesday of each month except August, as circulated.",
        "okafor", "lindqvist",
        _lines("The calendar follows clause 4.1."))
    b.meeting("MTG-2026-10", _d("2026-11-10"), _d("2026-10-20"), "Council meeting, November 2026",
              approve=(("MTG-2026-09", "read"),),
              reports=(("Dispute register",
                        "The secretary reported that DSP-002 remained in mediation, overdue since 28 September 2026, and that DSP-003 was at the council stage until 27 November 2026.\nThe council noted the report.",
                        ("DSP-002", "DSP-003")),),
              motions=(m["dsp3"], m["card"], m["calendar27"], m["releases"]))
    b.action_done(m["card"].id, 1, _d("2026-11-13"), "11:00")

    # DSP-004: the observer raises a concern with both partners.
    b.dispute(Dispute(
        id="DSP-004", title="Delay in publishing the DischargeLens evaluation summary", raised_on=_d("2026-11-12"),
        # Internal, not confidential: its parties are all three, so sealing would hide nothing
        # from any party's replica (and the observer holds no key to open it with).
        raised_by=PATIENTS, against=[NORTHGATE, MERIDIAN], sensitivity="internal",
        stages=[Stage("negotiation", _d("2026-11-12"))],
        body=_lines(
            "Patient Voice Northgate holds that the plain-English summary of the DischargeLens silent-mode evaluation, promised for September 2026, has been held back because it reports a higher error rate for patients whose notes were written in languages other than English.",
            "The partners say the summary is waiting for a re-analysis of those cases, due in December 2026.",
        )), _at(_d("2026-11-12"), "11:00"), "raise DSP-004 (Patient Voice v both partners): DischargeLens evaluation summary")

    # The next meeting, scheduled: its agenda carries a pending amendment.
    b.add(_at(_d("2026-11-17"), "09:30"), "schedule MTG-2026-11 for 2026-12-08 and circulate its agenda", [Meeting(
        id="MTG-2026-11", title="Council meeting, December 2026", date=_d("2026-12-08"), kind="regular",
        status="scheduled", sensitivity="public", agenda_circulated=_d("2026-11-17"),
        agenda=[
            AgendaItem("Apologies, attendance and quorum"),
            AgendaItem("Minutes of the previous meeting", "minutes", ["MTG-2026-10"]),
            AgendaItem("Dispute register", "report", ["DSP-002", "DSP-003", "DSP-004"]),
            AgendaItem("Annual review of the exit plan", "report", ["EXIT-01"]),
            AgendaItem("Amend clause 10: require signed ledger commits from April 2027", "term_change", ["10"]),
            AgendaItem("Approve the 2027 budget", "motion"),
            AgendaItem("Any other business"),
        ],
    )])


def _build() -> _Book:
    book = _Book()
    _found(book)
    motions = _year_2025(book)
    _year_2026(book, motions)
    _registers().add_registers(book, motions)
    from sample_partnership.resolutions import add_resolutions  # it reads this module's helpers

    add_resolutions(book)
    _artifacts().add_artifacts(book, motions)
    return book


def events() -> list[Change]:
    """The partnership's history, oldest first: one Change per commit."""
    return _build().changes()


def expected_outcomes() -> dict[str, str]:
    """Decision ID -> the outcome the story intends (passed, failed, tied, no_quorum)."""
    return dict(_build().expected)
