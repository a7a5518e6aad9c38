"""Record kinds kept in a council store.

Every record is a frozen dataclass.  The order of the dataclass fields is the
canonical order of the keys in the record's TOML front matter, so the file
format is fixed by the code below.  Conversion to and from plain dicts is
generic (driven by type hints), and every failure raises
:class:`council.errors.RecordError` naming the record, the field and what was
expected.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar

from council.errors import RecordError

SENSITIVITIES = ("public", "internal", "confidential", "privileged")
VOTE_CHOICES = ("for", "against", "abstain", "recused")
ATTENDANCE = ("present", "absent", "apologies")
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

# \Z, not $: "$" also matches before a trailing newline; re.ASCII keeps \d to 0-9.
ID_PATTERNS = {
    "partnership": re.compile(r"^partnership\Z"),
    "clause": re.compile(r"^\d+(\.\d+)*\Z", re.ASCII),
    "member": re.compile(r"^[a-z][a-z0-9-]{1,39}\Z"),
    "meeting": re.compile(r"^MTG-\d{4}-\d{2,4}\Z", re.ASCII),
    "decision": re.compile(r"^DEC-\d{4}-\d{3,6}\Z", re.ASCII),
    "dispute": re.compile(r"^DSP-\d{3,6}\Z", re.ASCII),
    "ip": re.compile(r"^IP-\d{3,6}\Z", re.ASCII),
    "exit": re.compile(r"^EXIT-\d{2,4}\Z", re.ASCII),
    "dataset": re.compile(r"^DS-\d{3,6}\Z", re.ASCII),
    "risk": re.compile(r"^RSK-\d{3,6}\Z", re.ASCII),
    "incident": re.compile(r"^INC-\d{4}-\d{3,6}\Z", re.ASCII),
    "duty": re.compile(r"^DUTY-\d{3,6}\Z", re.ASCII),
}


def choice(*options: str) -> dict[str, Any]:
    """Field metadata: the value must be one of ``options``."""
    return {"choices": options}


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
        return {k: v for k, v in data.items() if v != {}}

    def replace(self, **changes: Any) -> "Record":
        return dataclasses.replace(self, **changes)

    def field_level(self, name: str) -> str:
        """The sensitivity of one field: its own if set, else the record's."""
        own = getattr(self, "field_sensitivity", {}) or {}
        return own.get(name, getattr(self, "sensitivity", "internal"))


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


@dataclass(frozen=True)
class Decision(Record):
    KIND: ClassVar[str] = "decision"
    title: str = ""
    meeting: str = ""
    date: dt.date = dt.date(2000, 1, 1)
    tier: str = ""
    motion: str = ""
    moved_by: str = ""
    seconded_by: str = ""
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
    access: list[AccessGrant] = field(default_factory=list)
    field_sensitivity: dict[str, str] = field(default_factory=dict, metadata=choice(*SENSITIVITIES))
    body: str = ""


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


KINDS: dict[str, type[Record]] = {
    cls.KIND: cls
    for cls in (Partnership, Clause, Member, Meeting, Decision, Dispute, IPAsset, ExitPlan,
                Dataset, Risk, Incident, Duty)
}
PLURALS = {
    "partnership": "partnership",
    "clauses": "clause",
    "charter": "clause",
    "members": "member",
    "meetings": "meeting",
    "decisions": "decision",
    "disputes": "dispute",
    "ip": "ip",
    "exit": "exit",
    "datasets": "dataset",
    "risks": "risk",
    "incidents": "incident",
    "duties": "duty",
}
REGISTER_KINDS = ("dataset", "risk", "incident", "duty")


def kind_of_id(record_id: str) -> str | None:
    """The kind an ID belongs to, judged by its shape alone."""
    for kind, pattern in ID_PATTERNS.items():
        if pattern.match(record_id):
            return kind
    return None


def path_for(record: Record) -> str:
    """Where a record lives inside the store (POSIX path)."""
    return path_for_id(record.KIND, record.id, getattr(record, "date", None))


def path_for_id(kind: str, record_id: str, day: dt.date | None = None) -> str:
    if kind == "partnership":
        return "partnership.md"
    if kind in ("meeting", "decision"):
        year = record_id.split("-")[1]
        folder = "meetings" if kind == "meeting" else "decisions"
        return f"{folder}/{year}/{record_id}.md"
    folder = {"clause": "charter", "member": "members", "dispute": "disputes",
              "ip": "ip", "exit": "exit", "dataset": "datasets", "risk": "risks",
              "incident": "incidents", "duty": "duties"}[kind]
    return f"{folder}/{record_id}.md"


def kind_of_path(path: str) -> str | None:
    """The kind a store path holds, or None for files that are not records."""
    if path == "partnership.md":
        return "partnership"
    if not path.endswith(".md"):
        return None
    top = path.split("/", 1)[0]
    return {"charter": "clause", "members": "member", "meetings": "meeting",
            "decisions": "decision", "disputes": "dispute", "ip": "ip",
            "exit": "exit", "datasets": "dataset", "risks": "risk",
            "incidents": "incident", "duties": "duty"}.get(top)


def is_term_path(path: str) -> bool:
    """Whether ``path`` holds a term of the partnership (a record that changes only by amendment)."""
    kind = kind_of_path(path)
    return kind is not None and KINDS[kind].TERM


# --- generic conversion ----------------------------------------------------


def _to_plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            value = _to_plain(getattr(obj, f.name))
            if value is None:
                continue  # TOML has no null: absence means None
            out[f.name] = value
        return out
    if isinstance(obj, list):
        return [_to_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _to_plain(v) for k, v in obj.items()}
    return obj


def from_dict(kind: str, data: dict[str, Any], body: str = "", where: str = "") -> Record:
    """Build a record of ``kind`` from its front matter, validating every field."""
    cls = KINDS.get(kind)
    if cls is None:
        raise RecordError(where or "?", "kind", f"one of {', '.join(KINDS)}", kind)
    record_id = data.get("id")
    where = where or str(record_id or "?")
    if not isinstance(record_id, str) or not ID_PATTERNS[kind].match(record_id):
        raise RecordError(where, "id", f"a {kind} ID like {_example_id(kind)}", record_id)
    if "body" in data:
        raise RecordError(where, "body", "the body as Markdown after the closing '+++', not in the front matter",
                          "a front-matter key")
    values = _convert_fields(cls, {**data, "body": body}, where, "")
    check_field_sensitivity(cls, values.get("field_sensitivity") or {}, where)
    return cls(**values)


def check_field_sensitivity(cls: type, levels: dict[str, str], where: str) -> None:
    """A sensitivity for a field that does not exist would protect nothing: refuse it.

    A key names a field of the record (``body``) or, with dots, a field of a
    nested table or of each entry of a list of tables (``licenses.royalty``,
    ``stages.note``).
    """
    for key in levels:
        if not names_field(cls, key):
            raise RecordError(where, f"field_sensitivity.{key}",
                              "the name of a field of this record (or 'body'), or a dotted path to a field "
                              "of its nested tables such as 'licenses.royalty'", key)


UNCLASSED = ("id", "sensitivity", "field_sensitivity")  # fields no field_sensitivity entry may name


def names_field(cls: type, path: str) -> bool:
    """Does the dotted ``path`` name a field of ``cls`` (through its lists and nested tables)?"""
    parts = path.split(".")
    if not parts[0] or parts[0] in UNCLASSED:
        return False
    hint: Any = cls
    for part in parts:
        hint = _element(hint)
        if not (isinstance(hint, type) and dataclasses.is_dataclass(hint)):
            return False  # a plain value or a free-form table has no fields to name
        hints, known = _schema(hint)
        if part not in known:
            return False
        hint = hints[part]
    return True


def _element(hint: Any) -> Any:
    """``list[X]`` and ``X | None`` to ``X``: field paths reach through lists and optionals."""
    while True:
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        elif origin is list:
            (hint,) = typing.get_args(hint)
        else:
            return hint


def _example_id(kind: str) -> str:
    return {"partnership": "partnership", "clause": "4.2", "member": "okafor",
            "meeting": "MTG-2026-05", "decision": "DEC-2026-014", "dispute": "DSP-003",
            "ip": "IP-042", "exit": "EXIT-01", "dataset": "DS-004", "risk": "RSK-012",
            "incident": "INC-2026-003", "duty": "DUTY-006"}[kind]


@functools.cache
def _schema(cls: type) -> tuple[dict[str, Any], dict[str, dataclasses.Field]]:
    # get_type_hints re-evaluates every annotation string: far too slow to do
    # per record when an export or reindex parses 100,000 of them.
    return typing.get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls)}


def _convert_fields(cls: type, data: dict[str, Any], where: str, prefix: str) -> dict[str, Any]:
    hints, known = _schema(cls)
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise RecordError(where, prefix + unknown[0], f"one of the fields of a {cls.__name__}", "unknown field")
    values: dict[str, Any] = {}
    for name, f in known.items():
        if name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise RecordError(where, prefix + name, "a value (the field is required)", "missing")
            continue
        values[name] = _convert(hints[name], data[name], where, prefix + name, f.metadata.get("choices"))
    return values


def _convert(hint: Any, value: Any, where: str, name: str, choices: tuple | None) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(args[0], value, where, name, choices)
    if origin is list:
        if not isinstance(value, list):
            raise RecordError(where, name, "a list", value)
        (item,) = typing.get_args(hint)
        return [_convert(item, v, where, f"{name}[{i}]", choices) for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise RecordError(where, name, "a table", value)
        _, item = typing.get_args(hint)
        return {str(k): _convert(item, v, where, f"{name}.{k}", choices) for k, v in value.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise RecordError(where, name, f"a table ({hint.__name__})", value)
        return hint(**_convert_fields(hint, value, where, name + "."))
    return _scalar(hint, value, where, name, choices)


def _scalar(hint: Any, value: Any, where: str, name: str, choices: tuple | None) -> Any:
    if hint is Any:
        return value
    if hint is bool:
        ok = isinstance(value, bool)
    elif hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint is dt.date:
        ok = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    else:
        ok = isinstance(value, hint)
    if not ok:
        label = {dt.date: "a date (YYYY-MM-DD)", bool: "true or false", int: "a whole number",
                 float: "a number", str: "a string",
                 dt.datetime: "a date and time with its UTC offset (YYYY-MM-DDTHH:MM:SS+00:00)",
                 }.get(hint, hint.__name__)
        raise RecordError(where, name, label, value)
    if choices and value not in choices:
        raise RecordError(where, name, "one of " + ", ".join(repr(c) for c in choices if c), value)
    return value
