"""The records of the council's proceedings: the partnership, its charter, members,
meetings, decisions and disputes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, ClassVar

from council.records.base import (
    ACTION_STATUS,
    ATTENDANCE_CHANGES,
    CONTRIBUTIONS,
    DISPUTE_STATUS,
    MEETING_KINDS,
    MEETING_STATUS,
    MEMBER_ROLES,
    MINUTES_STATUS,
    OMIT_EMPTY,
    OUTCOMES,
    SENSITIVITIES,
    VOTE_CHOICES,
    Part,
    Record,
    choice,
)

# --- partnership -----------------------------------------------------------


@dataclass(frozen=True)
class Party(Part):
    id: str
    legal_name: str
    role: str = "partner"
    contributes: list[str] = field(default_factory=list, metadata=choice(*CONTRIBUTIONS))


@dataclass(frozen=True)
class Partnership(Record):
    KIND: ClassVar[str] = "partnership"
    TERM: ClassVar[bool] = True
    name: str = ""
    effective_date: dt.date = dt.date(2000, 1, 1)
    governing_law: str = ""
    # An exit trigger that happened (council.exit_state): the plan, the trigger, the day. Left out
    # of the file while empty, so a partnership not in exit keeps its bytes.
    exit_plan: str = field(default="", metadata=OMIT_EMPTY)
    exit_trigger: str = field(default="", metadata=OMIT_EMPTY)
    exit_on: dt.date | None = None
    sensitivity: str = field(default="public", metadata=choice(*SENSITIVITIES))
    parties: list[Party] = field(default_factory=list)
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    body: str = ""


# --- charter ---------------------------------------------------------------


@dataclass(frozen=True)
class Clause(Record):
    KIND: ClassVar[str] = "clause"
    TERM: ClassVar[bool] = True
    title: str = ""
    sensitivity: str = field(default="public", metadata=choice(*SENSITIVITIES))
    rule: str = ""  # which machine-readable setting this clause carries, if any
    review_date: dt.date | None = None
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    settings: dict[str, Any] = field(default_factory=dict)
    body: str = ""


# --- members ---------------------------------------------------------------


@dataclass(frozen=True)
class Member(Record):
    KIND: ClassVar[str] = "member"
    name: str = ""
    party: str = ""
    role: str = field(default="observer", metadata=choice(*MEMBER_ROLES))
    voting: bool = False
    term_start: dt.date = dt.date(2000, 1, 1)
    term_end: dt.date | None = None
    email: str = ""
    signing_key: str = ""
    sensitivity: str = field(default="internal", metadata=choice(*SENSITIVITIES))
    # e.g. {"email": "confidential"}: a member's own fields may be kept closer than the record.
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    body: str = ""

    @property
    def identity(self) -> str:
        return f"{self.name} <{self.email}>"

    def serves_on(self, day: dt.date) -> bool:
        return self.term_start <= day and (self.term_end is None or day <= self.term_end)


# --- meetings --------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceChange(Part):
    """A member who arrived or left during a meeting, before agenda item ``before_item``.

    Items are numbered from 1 in the agenda's order; ``attendance`` is who
    was there at the opening, and a change holds from its item to the end
    of the meeting (or to the member's next change).
    """

    member: str
    before_item: int
    change: str = field(metadata=choice(*ATTENDANCE_CHANGES))


@dataclass(frozen=True)
class AgendaItem(Part):
    title: str
    kind: str = field(default="item", metadata=choice("item", "motion", "term_change", "minutes", "report"))
    refs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Meeting(Record):
    KIND: ClassVar[str] = "meeting"
    title: str = ""
    date: dt.date = dt.date(2000, 1, 1)
    kind: str = field(default="regular", metadata=choice(*MEETING_KINDS))
    status: str = field(default="scheduled", metadata=choice(*MEETING_STATUS))
    sensitivity: str = field(default="public", metadata=choice(*SENSITIVITIES))
    agenda_circulated: dt.date | None = None
    quorate: bool | None = None
    quorum_note: str = ""
    minutes_status: str = field(default="none", metadata=choice(*MINUTES_STATUS))
    minutes_approved_at: str = ""
    minutes_approved_as: str = field(default="", metadata=choice("", "read", "corrected"))
    agenda: list[AgendaItem] = field(default_factory=list)
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    # member id -> "present" | "absent" | "apologies" | "proxy:<holder id>"
    attendance: dict[str, str] = field(default_factory=dict)
    # Arrivals and departures during the meeting, in agenda order (none: everyone
    # stayed as at the opening, as in every store written before they existed).
    attendance_changes: list[AttendanceChange] = field(default_factory=list, metadata=OMIT_EMPTY)
    body: str = ""  # the minutes

    def proxies(self) -> dict[str, str]:
        """Absent member -> member holding their proxy."""
        return {
            m: v.split(":", 1)[1] for m, v in self.attendance.items() if v.startswith("proxy:")
        }


# --- decisions -------------------------------------------------------------


@dataclass(frozen=True)
class ActionItem(Part):
    text: str
    owner: str = ""
    due: dt.date | None = None
    status: str = field(default="open", metadata=choice(*ACTION_STATUS))
    done_on: dt.date | None = None  # the day it was completed (absent in files written before it)


@dataclass(frozen=True)
class Decision(Record):
    KIND: ClassVar[str] = "decision"
    title: str = ""
    meeting: str = ""
    # The agenda item it was taken at (1 = the first): who was present then
    # makes the quorum and may vote.  None: the meeting's opening attendance.
    agenda_item: int | None = None
    date: dt.date = dt.date(2000, 1, 1)
    tier: str = ""
    motion: str = ""
    moved_by: str = ""
    seconded_by: str = ""
    # The chair's casting vote on a tie ("for" or "against"), where the
    # charter grants one under the decision's tier, and who cast it.
    casting_vote: str = field(default="", metadata={**choice("", "for", "against"), **OMIT_EMPTY})
    casting_by: str = field(default="", metadata=OMIT_EMPTY)
    outcome: str = field(default="pending", metadata=choice(*OUTCOMES))
    outcome_note: str = ""
    sensitivity: str = field(default="public", metadata=choice(*SENSITIVITIES))
    amends: list[str] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    votes: dict[str, str] = field(default_factory=dict, metadata=choice(*VOTE_CHOICES))
    body: str = ""  # the rationale


# --- disputes --------------------------------------------------------------


@dataclass(frozen=True)
class Stage(Part):
    name: str
    entered: dt.date
    note: str = ""


@dataclass(frozen=True)
class Dispute(Record):
    KIND: ClassVar[str] = "dispute"
    title: str = ""
    raised_on: dt.date = dt.date(2000, 1, 1)
    raised_by: str = ""
    against: list[str] = field(default_factory=list)
    status: str = field(default="open", metadata=choice(*DISPUTE_STATUS))
    resolved_on: dt.date | None = None
    resolution: str = ""
    sensitivity: str = field(default="confidential", metadata=choice(*SENSITIVITIES))
    stages: list[Stage] = field(default_factory=list)
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    body: str = ""  # the substance
