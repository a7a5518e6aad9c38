"""What the full-text index holds of a record: every piece of prose in it, not only the body.

Issue 19's one search over "titles, bodies, minutes, motions": a decision's
motion and outcome note, a dispute's stage notes and resolution, a
dataset's purposes, an agenda's item titles are all prose a secretary
searches for. Identifiers, dates, numbers, enumerated values (a status, a
tier) and sensitivity labels are left out: they are filters, not text.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from council.records import Part, Record

_NOT_PROSE = {"id", "sensitivity", "field_sensitivity", "readers", "sealed", "signing_key", "signature", "manifest",
              "manifest_digest", "amendment_digest", "base_digest", "circulated_text"}


def search_text(record: Record) -> str:
    """The record's prose, one piece per line, the body first."""
    pieces = [record.body_text] if record.body_text else []
    for name in _prose_fields(type(record)):
        pieces += _prose(getattr(record, name))
    return "\n".join(p for p in pieces if p.strip())


def _prose_fields(cls: type) -> tuple[str, ...]:
    """The fields of a kind that may hold prose (once per kind: reindex asks for every record)."""
    names = _PROSE_FIELDS.get(cls)
    if names is None:
        names = _PROSE_FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.name not in _NOT_PROSE
                                           and f.name != "body" and "choices" not in f.metadata)
    return names


_PROSE_FIELDS: dict[type, tuple[str, ...]] = {}


def _prose(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if " " in value.strip() or len(value) > 24 else []  # a sentence, not a code or an ID
    if isinstance(value, list):
        return [text for item in value for text in _prose(item)]
    if isinstance(value, Part):
        return [text for f in dataclasses.fields(value) if "choices" not in f.metadata
                for text in _prose(getattr(value, f.name))]
    return []
