"""The terms of the partnership kept as records: the IP register, the exit plan and
the data-sharing terms (each changes only by amendment).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from council.records.artifacts import RELEASE_MODES
from council.records.base import (
    DATASET_EXIT,
    DATASET_STATUS,
    EXIT_TREATMENTS,
    IP_KINDS,
    IP_ORIGINS,
    OBLIGATION_ACTIONS,
    OMIT_EMPTY,
    SENSITIVITIES,
    Part,
    Record,
    choice,
)

# --- IP register -----------------------------------------------------------


@dataclass(frozen=True)
class License(Part):
    licensee: str
    scope: str = ""
    field_of_use: str = ""
    exclusive: bool = False
    royalty: str = ""


@dataclass(frozen=True)
class IPAsset(Record):
    KIND: ClassVar[str] = "ip"
    TERM: ClassVar[bool] = True
    title: str = ""
    kind: str = field(default="software", metadata=choice(*IP_KINDS))
    origin: str = field(default="foreground", metadata=choice(*IP_ORIGINS))
    spdx: str = ""
    oss_obligations: list[str] = field(default_factory=list)
    royalty_terms: str = ""
    on_exit: str = field(default="retain", metadata=choice(*EXIT_TREATMENTS))
    decision: str = ""
    sensitivity: str = field(default="internal", metadata=choice(*SENSITIVITIES))
    licenses: list[License] = field(default_factory=list)
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    owners: dict[str, float] = field(default_factory=dict)  # party id -> percent
    body: str = ""


# --- exit plan -------------------------------------------------------------


@dataclass(frozen=True)
class Trigger(Part):
    name: str
    description: str = ""


@dataclass(frozen=True)
class Obligation(Part):
    id: str
    party: str
    action: str = field(metadata=choice(*OBLIGATION_ACTIONS))
    asset: str = ""
    days: int = 30
    migration: str = ""
    evidence: str = ""
    completed_on: dt.date | None = None


@dataclass(frozen=True)
class ExitPlan(Record):
    KIND: ClassVar[str] = "exit"
    TERM: ClassVar[bool] = True
    title: str = ""
    notice_days: int = 90
    # Whether obligation days count from the trigger date (the default) or
    # from the end of the notice period: the exit plan says which.
    days_from: str = field(default="trigger", metadata=choice("trigger", "notice_end"))
    sensitivity: str = field(default="internal", metadata=choice(*SENSITIVITIES))
    triggers: list[Trigger] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    body: str = ""


# --- data-sharing terms ----------------------------------------------------


@dataclass(frozen=True)
class AccessGrant(Part):
    """A role given access to a dataset, at one party, until a date."""

    role: str
    party: str = ""
    granted: dt.date | None = None
    expires: dt.date | None = None


@dataclass(frozen=True)
class Dataset(Record):
    """The terms on which one dataset is shared: a term of the partnership."""

    KIND: ClassVar[str] = "dataset"
    TERM: ClassVar[bool] = True
    title: str = ""
    provider: str = ""  # the party that shares it
    description: str = ""
    lawful_basis: str = ""
    jurisdiction: str = ""
    model_training_allowed: bool = False
    outputs_commercialisable: bool = False
    anonymisation: str = ""  # the anonymisation or pseudonymisation standard
    received_on: dt.date | None = None  # first shared; the retention period runs from here
    retention_months: int = 0  # 0: no fixed period (see delete_by)
    delete_by: dt.date | None = None
    transfer_mechanism: str = ""  # for transfers out of the jurisdiction
    rights_contact: str = ""  # where data subjects exercise their rights
    ip_asset: str = ""  # the IP register entry for the same data, if any
    status: str = field(default="active", metadata=choice(*DATASET_STATUS))
    on_exit: str = field(default="delete", metadata=choice(*DATASET_EXIT))
    exit_days: int = 30  # days after the exit trigger to delete or return it
    decision: str = ""  # the decision that set these terms
    sensitivity: str = field(default="internal", metadata=choice(*SENSITIVITIES))
    permitted_purposes: list[str] = field(default_factory=list)
    prohibited_transformations: list[str] = field(default_factory=list)
    transfers_to: list[str] = field(default_factory=list)  # countries outside the jurisdiction
    # The modes models derived from it may be released in (weights, hosted,
    # sandbox); empty: any.  Added later, so left out of the file while empty.
    release_modes: list[str] = field(default_factory=list,
                                     metadata={**OMIT_EMPTY, **choice(*RELEASE_MODES)})
    access: list[AccessGrant] = field(default_factory=list)
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    body: str = ""
