"""The registers: risks and liabilities, incidents, and the responsibility matrix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from council.records.base import (
    INCIDENT_KINDS,
    INCIDENT_STATUS,
    RISK_STATUS,
    SENSITIVITIES,
    Part,
    Record,
    choice,
)

# --- risk and liability register -------------------------------------------


@dataclass(frozen=True)
class Risk(Record):
    KIND: ClassVar[str] = "risk"
    title: str = ""
    category: str = ""
    owner: str = ""  # a member
    likelihood: int = 1  # 1 (rare) .. 5 (almost certain)
    impact: int = 1  # 1 (negligible) .. 5 (catastrophic)
    bearing_party: str = ""  # the party that bears it, or "shared"
    liability_cap: str = ""
    insurance: str = ""
    mitigation: str = ""
    identified_on: dt.date | None = None
    review_date: dt.date | None = None
    status: str = field(default="open", metadata=choice(*RISK_STATUS))
    sensitivity: str = field(default="internal", metadata=choice(*SENSITIVITIES))
    warranties: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)  # related records (datasets, IP, incidents)
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    body: str = ""


# --- incidents -------------------------------------------------------------


@dataclass(frozen=True)
class Notification(Part):
    """Who was told about an incident (a party ID or "regulator"), and when."""

    who: str
    at: dt.datetime
    by: str = ""  # the member who gave notice
    reference: str = ""  # e.g. the regulator's case number


@dataclass(frozen=True)
class Remediation(Part):
    step: str
    owner: str = ""
    due: dt.date | None = None
    done_on: dt.date | None = None


@dataclass(frozen=True)
class Incident(Record):
    KIND: ClassVar[str] = "incident"
    title: str = ""
    kind: str = field(default="security", metadata=choice(*INCIDENT_KINDS))
    party: str = ""  # the party in whose systems or hands it happened
    detected_at: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    reported_by: str = ""  # a member
    regulator_required: bool | None = None  # None: as the charter says for this kind
    regulator_note: str = ""  # why the regulator is or is not notified
    status: str = field(default="open", metadata=choice(*INCIDENT_STATUS))
    closed_on: dt.date | None = None
    dispute: str = ""  # the dispute that followed, if any
    decision: str = ""  # the decision that followed, if any
    sensitivity: str = field(default="confidential", metadata=choice(*SENSITIVITIES))
    datasets: list[str] = field(default_factory=list)  # datasets affected
    notifications: list[Notification] = field(default_factory=list)
    remediation: list[Remediation] = field(default_factory=list)
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    body: str = ""


# --- responsibility matrix -------------------------------------------------


@dataclass(frozen=True)
class Duty(Record):
    """A compliance duty with its RACI: member or party IDs in each role."""

    KIND: ClassVar[str] = "duty"
    title: str = ""
    cadence_months: int = 12
    since: dt.date = dt.date(2000, 1, 1)  # when the duty began (first due one cadence later)
    last_done: dt.date | None = None
    evidence: str = ""
    basis: str = ""  # the charter clause or law that imposes it
    sensitivity: str = field(default="internal", metadata=choice(*SENSITIVITIES))
    responsible: list[str] = field(default_factory=list)
    accountable: str = ""
    consulted: list[str] = field(default_factory=list)
    informed: list[str] = field(default_factory=list)
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    body: str = ""
