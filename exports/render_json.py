"""One JSON document with every record the audience may see (schema: docs/export-schema.md)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
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


class Each:
    """A list encoded one entry at a time, each made only when written: the records of
    ``council.json`` and the manifest's lists are never all in memory as dicts (issue 18)."""

    def __init__(self, items: Sequence[Any], make: Callable[[Any], Any]) -> None:
        self.items, self.make = items, make

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[Any]:
        return map(self.make, self.items)


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


def _records(view: View, kind: str) -> Each:
    return Each(view.of(kind), lambda shown: _record_or_line(view, shown))


def document(view: View) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "source": {"commit": view.commit, "committed_at": view.time.isoformat(), "root_commit": view.root_commit},
        "policy": view.policy.describe(),
        "figures": jsonable(view.figures),
        "redactions": view.report.as_dict(),
        # Records whose redaction was cached come with their line (exports.redcache).
        "records": {**{group: _records(view, kind) for kind, group in GROUPS},
                    **{kind: _records(view, kind) for kind in sorted(view.records) if kind not in dict(GROUPS)}},
    }


CHUNK = 1 << 16  # bytes handed to the writer at once


def dumps(data: Any, depth: int = 3) -> bytes:
    """JSON indented down to ``depth`` levels, each deeper value on one line.

    One record (or file entry) per line reads and diffs well, and the compact
    parts go through the C encoder: indenting everything is ten times slower.
    """
    return b"".join(chunks(data, depth))


def chunks(data: Any, depth: int = 3) -> Iterator[bytes]:
    """:func:`dumps`' bytes in pieces of about :data:`CHUNK`, as they are encoded."""
    buffer: list[str] = []
    size = 0
    for part in _parts(data, 0, depth):
        buffer.append(part)
        size += len(part)
        if size >= CHUNK:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    buffer.append("\n")
    yield "".join(buffer).encode("utf-8")


def _listed(value: Any) -> Any:
    if isinstance(value, Each):  # below the indented levels: encoded whole, as a list
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _parts(value: Any, level: int, depth: int) -> Iterator[str]:
    if isinstance(value, Raw):
        yield value
        return
    if level >= depth or not isinstance(value, (dict, list, Each)) or not value:
        yield json.dumps(value, ensure_ascii=False, default=_listed)
        return
    pad = "  " * (level + 1)
    entries: Iterable[tuple[str, Any]] = (
        ((f"{pad}{json.dumps(k, ensure_ascii=False)}: ", v) for k, v in value.items()) if isinstance(value, dict)
        else ((pad, v) for v in value))
    yield "{\n" if isinstance(value, dict) else "[\n"
    for i, (head, item) in enumerate(entries):
        yield head if i == 0 else ",\n" + head
        yield from _parts(item, level + 1, depth)
    yield "\n" + "  " * level + ("}" if isinstance(value, dict) else "]")


def pages(view: View) -> list[Page]:
    return [Page("council.json", lambda: chunks(document(view)))]
