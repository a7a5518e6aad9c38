"""One JSON document with every record the audience may see (schema: docs/export-schema.md)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from exports.pages import Page
from exports.view import Shown, View, Withheld

SCHEMA = "council-export/1"
GROUPS = (("partnership", "partnership"), ("clause", "charter"), ("member", "members"), ("meeting", "meetings"),
          ("decision", "decisions"), ("dispute", "disputes"), ("ip", "ip_register"), ("exit", "exit_plans"))


def jsonable(value: Any) -> Any:
    """Dates as ISO strings and withheld values as ``{"$withheld": reason}``."""
    if isinstance(value, Withheld):
        return {"$withheld": value.reason}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


class Raw(str):
    """A value already encoded (a cached record's line): written as it is."""


def record_line(shown: Shown) -> str:
    """A record's line in ``council.json``, as :func:`dumps` writes it at its depth."""
    return json.dumps(record(shown), ensure_ascii=False)


def _record_or_line(view: View, shown: Shown) -> Any:
    line = view.fragments.get(id(shown))
    return Raw(line) if line is not None else record(shown)


def record(shown: Shown) -> dict[str, Any]:
    return {
        "id": shown.id,
        "kind": shown.kind,
        "path": shown.path,
        "status": shown.status,
        "withheld": shown.withheld.reason if shown.withheld else None,
        "fields": jsonable(shown.fields),
        "derived": jsonable(shown.derived),
    }


def document(view: View) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "source": {"commit": view.commit, "committed_at": view.time.isoformat(), "root_commit": view.root_commit},
        "policy": view.policy.describe(),
        "figures": jsonable(view.figures),
        "redactions": view.report.as_dict(),
        # Records whose redaction was cached come with their line (exports.redcache).
        "records": {**{group: [_record_or_line(view, s) for s in view.of(kind)] for kind, group in GROUPS},
                    **{kind: [_record_or_line(view, s) for s in view.of(kind)] for kind in sorted(view.records)
                       if kind not in dict(GROUPS)}},
    }


def dumps(data: Any, depth: int = 3) -> bytes:
    """JSON indented down to ``depth`` levels, each deeper value on one line.

    One record (or file entry) per line reads and diffs well, and the compact
    parts go through the C encoder: indenting everything is ten times slower.
    """

    def enc(value: Any, level: int) -> str:
        if isinstance(value, Raw):
            return value
        if level >= depth or not isinstance(value, (dict, list)) or not value:
            return json.dumps(value, ensure_ascii=False)
        pad = "  " * (level + 1)
        if isinstance(value, dict):
            items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {enc(v, level + 1)}" for k, v in value.items()]
            return "{\n" + ",\n".join(items) + "\n" + "  " * level + "}"
        return "[\n" + ",\n".join(pad + enc(v, level + 1) for v in value) + "\n" + "  " * level + "]"

    return (enc(data, 0) + "\n").encode("utf-8")


def pages(view: View) -> list[Page]:
    return [Page("council.json", lambda: dumps(document(view)))]
