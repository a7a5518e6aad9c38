"""Record IDs and where each record lives, judged by the ID's or the path's shape alone.

Apart from the record kinds (:mod:`council.records`, which defines some ninety
dataclasses and costs 30 ms to import) so that what reads only IDs and paths,
such as ``council history`` reading git's log, needs none of them (issue 18).
Every name is also found in :mod:`council.records`.
"""

from __future__ import annotations

import datetime as dt
import re

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
    "resolution": re.compile(r"^WR-\d{4}-\d{3,6}\Z", re.ASCII),
    "artifact": re.compile(r"^ART-\d{3,6}\Z", re.ASCII),
    "release": re.compile(r"^REL-\d{3,6}\Z", re.ASCII),
}


def kind_of_id(record_id: str) -> str | None:
    """The kind an ID belongs to, judged by its shape alone."""
    for kind, pattern in ID_PATTERNS.items():
        if pattern.match(record_id):
            return kind
    return None


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


# Top folder -> the kind its records are.  Built once: kind_of_path is asked some 150,000
# times in a verify --full at 10,000 decisions, and building the table each time cost 0.1 s.
_FOLDER_KINDS = {"charter": "clause", "members": "member", "meetings": "meeting",
                 "decisions": "decision", "disputes": "dispute", "ip": "ip",
                 "exit": "exit", "datasets": "dataset", "risks": "risk",
                 "incidents": "incident", "duties": "duty", "resolutions": "resolution",
                 "artifacts": "artifact", "releases": "release"}


def kind_of_path(path: str) -> str | None:
    """The kind a store path holds, or None for files that are not records."""
    if path == "partnership.md":
        return "partnership"
    if not path.endswith(".md"):
        return None
    return _FOLDER_KINDS.get(path.split("/", 1)[0])
