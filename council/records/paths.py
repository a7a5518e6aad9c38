"""Which kinds there are, and where each record lives in a store."""

from __future__ import annotations

import datetime as dt

from council.records.artifacts import Artifact, Release
from council.records.base import ID_PATTERNS, Record
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
    if kind in ("meeting", "decision", "resolution"):
        year = record_id.split("-")[1]
        folder = {"meeting": "meetings", "decision": "decisions", "resolution": "resolutions"}[kind]
        return f"{folder}/{year}/{record_id}.md"
    folder = {"clause": "charter", "member": "members", "dispute": "disputes",
              "ip": "ip", "exit": "exit", "dataset": "datasets", "risk": "risks",
              "incident": "incidents", "duty": "duties",
              "artifact": "artifacts", "release": "releases"}[kind]
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
            "incidents": "incident", "duties": "duty", "resolutions": "resolution",
            "artifacts": "artifact", "releases": "release"}.get(top)


def is_term_path(path: str) -> bool:
    """Whether ``path`` holds a term of the partnership (a record that changes only by amendment)."""
    kind = kind_of_path(path)
    return kind is not None and KINDS[kind].TERM
