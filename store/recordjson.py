"""A record as JSON-ready data: what `council show --json`, `list --json` and the writing commands print.

Four kinds have a field of their own named ``kind`` (an artifact's
``model``, an IP asset's ``software``, a meeting's ``extraordinary``, an
incident's ``data_breach``); the record kind goes under ``record_kind``,
which no kind has as a field (a test holds every kind to that), so neither
overwrites the other.  A kind with no ``kind`` field also keeps the record
kind under ``kind``, as readers before ``record_kind`` found it.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from council.records import Record

RECORD_KIND_KEY = "record_kind"


def to_json(record: Record) -> dict[str, Any]:
    """A record as JSON-ready data (dates as ISO strings), body included, with its record kind."""
    data = record.to_dict()
    data[RECORD_KIND_KEY] = record.KIND
    if "kind" not in {f.name for f in dataclasses.fields(record)}:
        data["kind"] = record.KIND
    data["body"] = record.body_text
    loaded: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return loaded
