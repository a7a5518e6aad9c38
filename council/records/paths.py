"""Which kinds there are, and where each record lives in a store."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from council.record_ids import kind_of_id, kind_of_path, path_for_id  # noqa: F401  (named here too)

if TYPE_CHECKING:
    from council.records.base import Record

# kind -> (its module in council.records, its class), in the order the kinds have
# always been listed.  A kind's module is imported when the kind is first looked up:
# the record kinds are some sixty frozen dataclasses, and building them all cost
# `council list decisions` and `council show ID` a fifth of their CPU (issue 18)
# when they read one kind.  tests/test_fileformat.py holds each class's KIND to its key.
HOMES: dict[str, tuple[str, str]] = {
    "partnership": ("proceedings", "Partnership"), "clause": ("proceedings", "Clause"),
    "member": ("proceedings", "Member"), "meeting": ("proceedings", "Meeting"),
    "decision": ("proceedings", "Decision"), "dispute": ("proceedings", "Dispute"),
    "ip": ("terms", "IPAsset"), "exit": ("terms", "ExitPlan"), "dataset": ("terms", "Dataset"),
    "risk": ("registers", "Risk"), "incident": ("registers", "Incident"), "duty": ("registers", "Duty"),
    "resolution": ("resolutions", "Resolution"),
    "artifact": ("artifacts", "Artifact"), "release": ("artifacts", "Release"),
}


class Kinds(Mapping[str, "type[Record]"]):
    """kind -> its record class, the class's module imported on first look-up (names and
    membership need no import; ``values()``/``items()`` import every kind)."""

    def __getitem__(self, kind: str) -> type[Record]:
        module, name = HOMES[kind]
        cls: type[Record] = getattr(importlib.import_module(f"council.records.{module}"), name)
        return cls

    def __contains__(self, kind: object) -> bool:
        return kind in HOMES

    def __iter__(self) -> Iterator[str]:
        return iter(HOMES)

    def __len__(self) -> int:
        return len(HOMES)


KINDS: Mapping[str, type[Record]] = Kinds()
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
