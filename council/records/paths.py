"""Which kinds there are, and where each record lives in a store."""

from __future__ import annotations

from council.record_ids import kind_of_id, kind_of_path, path_for_id  # noqa: F401  (named here too)
from council.records.artifacts import Artifact, Release
from council.records.base import Record
from council.records.proceedings import Clause, Decision, Dispute, Meeting, Member, Partnership
from council.records.registers import Duty, Incident, Risk
from council.records.resolutions import Resolution
from council.records.terms import Dataset, ExitPlan, IPAsset

KINDS: dict[str, type[Record]] = {
    cls.KIND: cls
    for cls in (Partnership, Clause, Member, Meeting, Decision, Dispute, IPAsset, ExitPlan,
                Dataset, Risk, Incident, Duty, Resolution,
                Artifact, Release)
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
    "resolutions": "resolution",
    "artifacts": "artifact",
    "releases": "release",
}
REGISTER_KINDS = ("dataset", "risk", "incident", "duty")


def path_for(record: Record) -> str:
    """Where a record lives inside the store (POSIX path)."""
    return path_for_id(record.KIND, record.id, getattr(record, "date", None))


def is_term_path(path: str) -> bool:
    """Whether ``path`` holds a term of the partnership (a record that changes only by amendment)."""
    kind = kind_of_path(path)
    return kind is not None and KINDS[kind].TERM
