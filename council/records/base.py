"""The base of every record kind: the vocabularies, the ID shapes, ``Record`` and ``Part``.

Every record is a frozen dataclass.  The order of the dataclass fields is the
canonical order of the keys in the record's TOML front matter, so the file
format is fixed by the code of the kinds (:mod:`council.records.proceedings`,
:mod:`council.records.terms`, :mod:`council.records.registers`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar

from council.record_ids import ID_PATTERNS  # noqa: F401  (a name of this module since the kinds began)

SENSITIVITIES = ("public", "internal", "confidential", "privileged")
VOTE_CHOICES = ("for", "against", "abstain", "recused")
ATTENDANCE = ("present", "absent", "apologies")
# How attendance changes during a meeting, before an agenda item.
ATTENDANCE_CHANGES = ("arrived", "left")
MEMBER_ROLES = (
    "senior_sponsor",
    "compliance_lead",
    "technical_expert",
    "data_steward",
    "secretariat",
    "observer",
    "chair",
    "legal_counsel",
)
CONTRIBUTIONS = ("data", "models", "compute", "expertise", "funding", "oversight")
MEETING_KINDS = ("regular", "extraordinary")
MEETING_STATUS = ("scheduled", "held", "cancelled")
MINUTES_STATUS = ("none", "draft", "circulated", "approved")
OUTCOMES = ("passed", "failed", "tied", "no_quorum", "pending")
IP_KINDS = ("model", "dataset", "algorithm", "software", "documentation")
IP_ORIGINS = ("foreground", "background")
EXIT_TREATMENTS = ("transfer", "license_back", "delete", "retain", "return")
OBLIGATION_ACTIONS = ("return", "delete", "transfer", "retain", "license_back", "migrate")
ACTION_STATUS = ("open", "done", "cancelled")
DISPUTE_STATUS = ("open", "resolved", "withdrawn")
DATASET_STATUS = ("active", "suspended", "ended")
DATASET_EXIT = ("delete", "return", "retain")
RISK_STATUS = ("open", "mitigating", "accepted", "closed")
INCIDENT_KINDS = ("security", "breach", "policy_violation")
INCIDENT_STATUS = ("open", "contained", "closed")
REGULATOR = "regulator"  # the recipient of a regulator notification, beside party IDs

def choice(*options: str) -> dict[str, Any]:
    """Field metadata: the value must be one of ``options``."""
    return {"choices": options}


# Field metadata: a field added after stores existed is left out of the file
# while it holds its empty value, so every existing record keeps its bytes
# (and its commit's ID) until the field is used.
OMIT_EMPTY = {"omit_empty": True}


@dataclass(frozen=True)
class Part:
    """Base of nested tables inside a record (parties, votes, stages...)."""

    def to_dict(self) -> dict[str, Any]:
        return _to_plain(self)


@dataclass(frozen=True)
class Record:
    """Base of every record kind: an ID, a sensitivity and a Markdown body."""

    KIND: ClassVar[str] = ""
    TERM: ClassVar[bool] = False  # term records change only by amendment

    id: str
    # Issue 16: who may read the record's confidential or privileged content
    # (party or member IDs), and that content as sealed for them (field path ->
    # age armour).  kw_only puts them after every kind's own fields in code;
    # serialise writes ``readers`` after the clear fields and ``[sealed]`` last.
    readers: list[str] = field(default_factory=list, kw_only=True, metadata=OMIT_EMPTY)
    sealed: dict[str, str] = field(default_factory=dict, kw_only=True, metadata=OMIT_EMPTY)

    @property
    def body_text(self) -> str:
        """The Markdown body ('' for a kind that has none): every kind but a few has one."""
        return str(getattr(self, "body", ""))

    @property
    def title_text(self) -> str:
        return str(getattr(self, "title", "") or getattr(self, "name", "") or self.id)

    def __post_init__(self) -> None:
        # Records always hold their body in canonical form, so that
        # parse(serialise(r)) == r for every record that can be built.
        from council.fileformat import canonical_text

        body = getattr(self, "body", "")
        if isinstance(body, str):
            object.__setattr__(self, "body", canonical_text(body))

    def to_dict(self) -> dict[str, Any]:
        """Front matter as an ordered plain dict (no body, no empty tables)."""
        data = _to_plain(self)
        data.pop("body", None)
        # The readers and the sealed values come after the kind's own fields.
        tail = {k: data.pop(k) for k in ("readers", "sealed") if k in data}
        return {k: v for k, v in {**data, **tail}.items() if v != {}}

    def replace(self, **changes: Any) -> "Record":
        return dataclasses.replace(self, **changes)

    def field_level(self, name: str) -> str:
        """The sensitivity of one field: its own if set, else the record's."""
        own = getattr(self, "field_sensitivity", {}) or {}
        return own.get(name, getattr(self, "sensitivity", "internal"))


def _to_plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            value = _to_plain(getattr(obj, f.name))
            if value is None:
                continue  # TOML has no null: absence means None
            if f.metadata.get("omit_empty") and value in ("", [], {}):
                continue
            out[f.name] = value
        return out
    if isinstance(obj, list):
        return [_to_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _to_plain(v) for k, v in obj.items()}
    return obj
