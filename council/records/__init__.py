"""Record kinds kept in a council store.

Every record is a frozen dataclass.  The order of the dataclass fields is the
canonical order of the keys in the record's TOML front matter, so the file
format is fixed by the code of the kinds.  Conversion to and from plain dicts
is generic (driven by type hints), and every failure raises
:class:`council.errors.RecordError` naming the record, the field and what was
expected.

The package is split by subject (``base``: vocabularies and the base classes;
``proceedings``, ``terms``, ``registers``: the kinds; ``paths``: where each
lives; ``convert``: reading them); every name is found here, as
``from council.records import X``.
"""

import importlib
from typing import TYPE_CHECKING, Any

from council.records.base import (
    ACTION_STATUS,
    ATTENDANCE,
    ATTENDANCE_CHANGES,
    CONTRIBUTIONS,
    DATASET_EXIT,
    DATASET_STATUS,
    DISPUTE_STATUS,
    EXIT_TREATMENTS,
    ID_PATTERNS,
    INCIDENT_KINDS,
    INCIDENT_STATUS,
    IP_KINDS,
    IP_ORIGINS,
    MEETING_KINDS,
    MEETING_STATUS,
    MEMBER_ROLES,
    MINUTES_STATUS,
    OBLIGATION_ACTIONS,
    OMIT_EMPTY,
    OUTCOMES,
    REGULATOR,
    RISK_STATUS,
    SENSITIVITIES,
    VOTE_CHOICES,
    Part,
    Record,
    choice,
)
from council.records.convert import (
    UNCLASSED,
    _example_id,
    check_field_sensitivity,
    from_dict,
    names_field,
)
from council.records.paths import (
    KINDS,
    PLURALS,
    REGISTER_KINDS,
    is_term_path,
    kind_of_id,
    kind_of_path,
    path_for,
    path_for_id,
)

if TYPE_CHECKING:  # the kinds, for the type checker; at run time each module loads on first use
    from council.records.artifacts import (
        ARTIFACT_KINDS,
        MODE_NAMES,
        RELEASE_MODES,
        RELEASE_STATUS,
        Artifact,
        Evaluation,
        Release,
        Waiver,
    )
    from council.records.proceedings import (
        ActionItem,
        AgendaItem,
        AttendanceChange,
        Clause,
        Decision,
        Dispute,
        Meeting,
        Member,
        Partnership,
        Party,
        Stage,
    )
    from council.records.registers import Duty, Incident, Notification, Remediation, Risk
    from council.records.resolutions import BALLOT_CHOICES, RESOLUTION_OUTCOMES, RESOLUTION_STATUS, Ballot, Resolution
    from council.records.terms import AccessGrant, Dataset, ExitPlan, IPAsset, License, Obligation, Trigger


# Each kind's names, by their module: a module is imported when one of its names is first
# used (PEP 562), so `from council.records import Decision` loads proceedings alone and
# `council list decisions` builds none of the other kinds (see council.records.paths.HOMES).
# tests/test_lazy_records.py keeps this table, the imports above and __all__ in step.
KIND_NAMES: dict[str, tuple[str, ...]] = {
    "artifacts": ("ARTIFACT_KINDS", "MODE_NAMES", "RELEASE_MODES", "RELEASE_STATUS", "Artifact", "Evaluation",
                  "Release", "Waiver"),
    "proceedings": ("ActionItem", "AgendaItem", "AttendanceChange", "Clause", "Decision", "Dispute", "Meeting",
                    "Member", "Partnership", "Party", "Stage"),
    "registers": ("Duty", "Incident", "Notification", "Remediation", "Risk"),
    "resolutions": ("BALLOT_CHOICES", "RESOLUTION_OUTCOMES", "RESOLUTION_STATUS", "Ballot", "Resolution"),
    "terms": ("AccessGrant", "Dataset", "ExitPlan", "IPAsset", "License", "Obligation", "Trigger"),
}
_HOME = {name: module for module, names in KIND_NAMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found here from now on, without this function
    return value


__all__ = [
    "ACTION_STATUS", "ATTENDANCE", "ATTENDANCE_CHANGES", "CONTRIBUTIONS", "DATASET_EXIT", "DATASET_STATUS",
    "DISPUTE_STATUS", "EXIT_TREATMENTS", "ID_PATTERNS", "INCIDENT_KINDS", "INCIDENT_STATUS", "IP_KINDS",
    "IP_ORIGINS", "KINDS", "MEETING_KINDS", "MEETING_STATUS", "MEMBER_ROLES", "MINUTES_STATUS",
    "OBLIGATION_ACTIONS", "OMIT_EMPTY", "OUTCOMES", "PLURALS", "REGISTER_KINDS", "REGULATOR", "RISK_STATUS",
    "SENSITIVITIES", "UNCLASSED", "VOTE_CHOICES", "AccessGrant", "ActionItem", "AgendaItem", "AttendanceChange",
    "Clause", "Dataset", "Decision", "Dispute", "Duty", "ExitPlan", "IPAsset", "Incident", "License", "Meeting",
    "Member", "Notification", "Obligation", "Part", "Partnership", "Party", "Record", "Remediation", "Risk",
    "Stage", "Trigger", "_example_id", "check_field_sensitivity", "choice", "from_dict", "is_term_path",
    "kind_of_id", "kind_of_path", "names_field", "path_for", "path_for_id",
    "BALLOT_CHOICES", "RESOLUTION_OUTCOMES", "RESOLUTION_STATUS", "Ballot", "Resolution",
]
__all__ += ["ARTIFACT_KINDS", "MODE_NAMES", "RELEASE_MODES", "RELEASE_STATUS", "Artifact", "Evaluation",
            "Release", "Waiver"]  # council.records.artifacts.__all__ (tests/test_lazy_records.py keeps them equal)
