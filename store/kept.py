"""What a :class:`~store.service.Store` keeps between reads: parsed records by
git blob, and the lists every write's validation reads (the clauses and the
members) while the index stays at the commit they were read at.

A kept record is used only while the index still holds the same blob for
its ID, so a record changed by anyone else is parsed again; the kept lists
are patched by the store's own writes (:meth:`Kept.after_write`) and
dropped when the index moves any other way.
"""

from __future__ import annotations

from typing import Any

from council.records import Record, kind_of_path, path_for
from store import index

LISTS_KEPT = ("clause", "member")


# The index is read through its engine, or through a plain sqlite3 reader while
# the engine is not open (store.index.plain): the same rows either way.
def _rows(source: Any, kind: str, offset: int = 0, limit: int | None = None) -> list[Any]:
    if isinstance(source, index.PlainIndex):
        return source.rows(kind, offset, limit)
    return index.rows(source, kind, offset, limit)


def _commit(source: Any) -> str | None:
    return source.indexed_commit() if isinstance(source, index.PlainIndex) else index.indexed_commit(source)


def _clause_order(records: list[Record]) -> None:
    records.sort(key=lambda c: tuple(int(p) for p in c.id.split(".")))


class Kept:
    """Parsed records (id -> (blob, record)) and lists (kind -> (indexed commit, records))."""

    def __init__(self) -> None:
        self.records: dict[str, tuple[str, Record]] = {}
        self.lists: dict[str, tuple[str, list[Record]]] = {}

    def clear(self) -> None:
        """Forget everything kept (the index moved under it)."""
        self.records.clear()
        self.lists.clear()

    def parsed(self, record_id: str, path: str, blob: str, text: str) -> Record:
        """The record a stored file holds, parsed once per blob."""
        cached = self.records.get(record_id)
        if cached and cached[0] == blob:
            return cached[1]
        from council.fileformat import parse_path  # here: a page read from the rows parses nothing (issue 18)

        record = parse_path(path, text.encode("utf-8"))
        self.records[record_id] = (blob, record)
        return record

    def remember(self, record: Record, blob: str) -> None:
        """Keep a record the store has just written as ``blob``."""
        self.records[record.id] = (blob, record)

    def of_kind(self, engine: "index.Engine | index.PlainIndex", kind: str, offset: int = 0,
                limit: int | None = None) -> list[Record]:
        """Every record of ``kind`` at the indexed commit (clauses in clause order);
        with ``limit``, that many from ``offset``: only those rows are read and parsed."""
        if limit is not None:
            if kind in LISTS_KEPT:  # few, and in clause order, which SQL's order by ID is not
                return self.of_kind(engine, kind)[offset:offset + limit]
            return [self.parsed(r.id, r.path, r.blob, r.text) for r in _rows(engine, kind, offset, limit)]
        if kind not in LISTS_KEPT:
            return self._read(engine, kind)
        version = _commit(engine)  # read before the rows: they are at least this new
        kept = self.lists.get(kind)
        if kept is not None and version is not None and kept[0] == version:
            return list(kept[1])
        out = self._read(engine, kind)
        if version is not None:
            self.lists[kind] = (version, out)
        return list(out)

    def _read(self, engine: "index.Engine | index.PlainIndex", kind: str) -> list[Record]:
        out = [self.parsed(row.id, row.path, row.blob, row.text) for row in _rows(engine, kind)]
        if kind == "clause":
            _clause_order(out)
        return out

    def after_write(self, records: list[Record], files: dict[str, bytes | None], parent: str | None,
                    commit: str) -> None:
        """After the store's own write moved the index from ``parent`` to ``commit``:
        patch the kept lists instead of reading them again."""
        for kind, (version, kept) in list(self.lists.items()):
            if version != parent:
                del self.lists[kind]
                continue
            changed = [p for p in files if kind_of_path(p) == kind]
            if not changed:
                self.lists[kind] = (commit, kept)
                continue
            gone = set(changed)
            out = [r for r in kept if path_for(r) not in gone]
            out += [r for r in records if r.KIND == kind and files.get(path_for(r)) is not None]
            out.sort(key=lambda r: r.id)
            if kind == "clause":
                _clause_order(out)
            self.lists[kind] = (commit, out)
