"""Bounded reads of the index for the screens, the dashboard and the CLI.

Every query here is bounded (``LIMIT``, paging) so that the screens stay
interactive in a store of 100,000 records; they are served by the indexes of
:mod:`store.index.schema` (``kind``, ``day``, the ``(kind, day, id)``
listing index) and by the full-text table.  They return plain rows, never
parsed records: :func:`store.queries.records` parses one page through the
store.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from store.index.heldrows import PAGE
from store.index.plain import PlainIndex

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

# Where the queries read: the plain ``sqlite3`` reader of a current index while the store
# has not opened its engine (the dashboard's first load then never imports SQLAlchemy,
# about 0.35 s of CPU: issue 18), else the engine.  The SQL is the same for both.
Run = Callable[[str, dict[str, Any]], list[Any]]


@contextmanager
def reading(source: "Engine | PlainIndex") -> Iterator[Run]:
    """A function that runs one query with named parameters; several share one connection."""
    if isinstance(source, PlainIndex):
        with source.reading() as run:
            yield run
        return
    from sqlalchemy import text

    with source.connect() as conn:
        yield lambda query, params: list(conn.execute(text(query), params).all())


def _all(source: "Engine | PlainIndex", query: str, params: dict[str, Any]) -> list[Any]:
    with reading(source) as run:
        return run(query, params)



@dataclass(frozen=True)
class Row:
    """One indexed record, without parsing its file: enough for a table row."""

    id: str
    kind: str
    title: str
    day: dt.date | None
    status: str
    tier: str
    sensitivity: str


@dataclass(frozen=True)
class Page:
    """A slice of a longer result: ``rows`` starting at ``offset`` of ``total``."""

    rows: list[Row]
    total: int
    offset: int = 0

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.rows) < self.total


_COLUMNS = "id, kind, title, day, status, tier, sensitivity"


def _row(values: Any) -> Row:
    day = values[3]
    if isinstance(day, str) and day:
        day = dt.date.fromisoformat(day)
    return Row(values[0], values[1], values[2] or "", day or None, values[4] or "",
               values[5] or "", values[6] or "")


def _select(source: "Engine | PlainIndex", where: str, params: dict[str, Any], order: str, offset: int,
            limit: int) -> Page:
    with reading(source) as run:
        rows = run(f"SELECT {_COLUMNS} FROM records WHERE {where} ORDER BY {order} LIMIT :limit OFFSET :offset",
                   {**params, "limit": limit, "offset": offset})
        # A page that is not full ends the result, so its total is exact without
        # counting: as a filter narrows, the count (as dear as the page) is skipped.
        if limit > 0 and (0 < len(rows) < limit or (not rows and offset == 0)):
            total = offset + len(rows)
        else:
            total = run(f"SELECT count(*) FROM records WHERE {where}", params)[0][0]
    return Page([_row(r) for r in rows], int(total), offset)


_ID_LIKE = re.compile(r"^[A-Za-z]{2,4}-\d|^\d+(\.\d*)*$")


def _text_clause(words: tuple[str, ...], params: dict[str, Any]) -> str:
    """Bare words: all must match the title or text (as word prefixes); a word shaped
    like an ID (``DEC-2026``, ``4.2``) may instead match the start of the ID."""
    clauses = []
    plain = [t for w in words if not _ID_LIKE.match(w) for t in re.findall(r"\w+", w)]
    if plain:
        params["fts"] = " ".join(f'"{t}"*' for t in plain)
        clauses.append("id IN (SELECT id FROM records_fts WHERE records_fts MATCH :fts)")
    for n, word in enumerate(w for w in words if _ID_LIKE.match(w)):
        params[f"idp{n}"] = word.upper().replace("%", "").replace("_", "") + "%"
        tokens = re.findall(r"\w+", word)
        params[f"ftsid{n}"] = " ".join(f'"{t}"*' for t in tokens)
        clauses.append(f"(id LIKE :idp{n} OR id IN (SELECT id FROM records_fts "
                       f"WHERE records_fts MATCH :ftsid{n}))")
    return " AND ".join(clauses) or "1"


@dataclass(frozen=True)
class DecisionFilter:
    """What the decision log's filter box asks for (read by :func:`store.queries.parse_filter`).

    Typed as ``tier:high outcome:passed sens:public from:2025-01 to:2025-06 data``:
    keys narrow the columns by prefix, ``from``/``to`` the day range, and bare
    words search IDs, titles and text.
    """

    words: tuple[str, ...] = ()
    tier: str = ""
    outcome: str = ""
    sensitivity: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    problems: tuple[str, ...] = ()  # tokens that could not be understood


def decisions(source: "Engine | PlainIndex", by: DecisionFilter, offset: int = 0, limit: int = PAGE) -> Page:
    """Decisions matching ``by``, newest first, one page at a time."""
    params: dict[str, Any] = {}
    where = ["kind = 'decision'"]
    for column, value in (("tier", by.tier), ("status", by.outcome), ("sensitivity", by.sensitivity)):
        if value:
            params[column] = value + "%"
            where.append(f"{column} LIKE :{column}")
    if by.since:
        params["since"] = by.since.isoformat()
        where.append("day >= :since")
    if by.until:
        params["until"] = by.until.isoformat()
        where.append("day <= :until")
    if by.words:
        where.append(_text_clause(by.words, params))
    return _select(source, " AND ".join(where), params, "day DESC, id DESC", offset, limit)


def of_kind(source: "Engine | PlainIndex", kind: str, text: str = "", offset: int = 0, limit: int = PAGE,
            newest_first: bool = False) -> Page:
    """Records of one kind, optionally narrowed by words, one page at a time."""
    params: dict[str, Any] = {"kind": kind}
    where = "kind = :kind"
    words = tuple(text.split())
    if words:
        where += " AND " + _text_clause(words, params)
    order = "day DESC, id DESC" if newest_first else "id"
    return _select(source, where, params, order, offset, limit)


def find(source: "Engine | PlainIndex", text: str, limit: int = 20, kind: str = "") -> list[Row]:
    """Records (of ``kind``, if given) whose ID starts with, or whose title or text matches, ``text``."""
    words = tuple(text.split())
    if not words:
        return []
    params: dict[str, Any] = {"limit": limit, "exact": text.strip().upper(),
                              "prefix": text.strip().upper().replace("%", "").replace("_", "") + "%"}
    matches = _text_clause(words, params)
    # An ID typed in full or in part comes first, then the newest text matches.
    if kind:
        params["kind"] = kind
    only = "kind = :kind AND " if kind else ""
    query = (f"SELECT {_COLUMNS} FROM records WHERE {only}kind != 'partnership' AND "
             f"(upper(id) LIKE :prefix OR ({matches})) "
             "ORDER BY CASE WHEN upper(id) = :exact THEN 0 WHEN upper(id) LIKE :prefix THEN 1 ELSE 2 END, "
             "day DESC, id LIMIT :limit")
    return [_row(r) for r in _all(source, query, params)]


def sealed_rows(source: "Engine | PlainIndex", kind: str = "") -> list[Row]:
    """Records whose file holds a sealed value (age armour): the only ones a reader's search
    opens (:mod:`store.sealed_search`); the index itself holds no text of them."""
    only = "kind = :kind AND " if kind else ""
    query = (f"SELECT {_COLUMNS} FROM records WHERE {only}kind != 'partnership' AND "
             "instr(text, :marker) > 0 ORDER BY day DESC, id")
    return [_row(r) for r in _all(source, query, {"kind": kind, "marker": "-----BEGIN AGE ENCRYPTED FILE-----"})]


def last_id(source: "Engine | PlainIndex", kind: str, prefix: str) -> str | None:
    """The highest ID of ``kind`` that starts with ``prefix`` (longest, then greatest), or None."""
    ids = _all(source, "SELECT id FROM records WHERE kind = :k AND id LIKE :p "
               "ORDER BY length(id) DESC, id DESC LIMIT 1", {"k": kind, "p": prefix + "%"})
    return str(ids[0][0]) if ids else None


def meetings_between(source: "Engine | PlainIndex", start: dt.date | None, end: dt.date | None,
                     status: str | None = None, newest_first: bool = False, limit: int = 1) -> list[Row]:
    """Meetings dated from ``start`` to ``end`` (either open), optionally of one status."""
    params: dict[str, Any] = {"limit": limit}
    where = ["kind = 'meeting'"]
    if start:
        where.append("day >= :start")
        params["start"] = start.isoformat()
    if end:
        where.append("day <= :end")
        params["end"] = end.isoformat()
    if status:
        where.append("status = :status")
        params["status"] = status
    order = "DESC" if newest_first else "ASC"
    query = f"SELECT {_COLUMNS} FROM records WHERE {' AND '.join(where)} ORDER BY day {order}, id {order} LIMIT :limit"
    return [_row(r) for r in _all(source, query, params)]


def decisions_at_meeting(source: "Engine | PlainIndex", meeting_id: str, day: dt.date) -> list[Row]:
    """Decisions taken at a meeting (dated the meeting's day, naming it)."""
    rows = _all(source, f"SELECT {_COLUMNS} FROM records WHERE kind = 'decision' AND day = :day "
                "AND text LIKE :pat ORDER BY id", {"day": day.isoformat(), "pat": f'%meeting = "{meeting_id}"%'})
    return [_row(r) for r in rows]


def count(source: "Engine | PlainIndex", kind: str, status: str | None = None) -> int:
    """How many records of ``kind`` (with ``status``) the index holds."""
    where = "kind = :kind" + (" AND status = :status" if status else "")
    return int(_all(source, f"SELECT count(*) FROM records WHERE {where}", {"kind": kind, "status": status})[0][0])


def decisions_by_quarter(source: "Engine | PlainIndex", first: dt.date) -> dict[tuple[int, int], int]:
    """(year, quarter) -> how many decisions are dated then, from ``first`` on."""
    rows = _all(source,
                "SELECT substr(day, 1, 4) AS y, (CAST(substr(day, 6, 2) AS INTEGER) + 2) / 3 AS q, count(*) "
                "FROM records WHERE kind = 'decision' AND day >= :first GROUP BY y, q", {"first": first.isoformat()})
    return {(int(y), int(q)): int(n) for y, q, n in rows}


# Only action items carry a status in a decision file.  The same words are the WHERE of the
# partial index the migration "open-actions-index" makes (store.index.schema): SQLite uses a
# partial index only for a query whose WHERE holds its terms as written.
OPEN_ACTIONS = "text LIKE '%status = \"open\"%'"


def with_open_actions(source: "Engine | PlainIndex", limit: int = 500) -> list[Row]:
    """Decisions that still have an open action item (newest first, bounded).

    Served by the partial index of the decisions with an open item: reading every
    decision's text for the pattern took 9 ms of the dashboard's load at 10,000
    decisions, and grows with the store (issue 18)."""
    rows = _all(source, f"SELECT {_COLUMNS} FROM records WHERE kind = 'decision' AND {OPEN_ACTIONS} "
                "ORDER BY day DESC LIMIT :limit", {"limit": limit})
    return [_row(r) for r in rows]


def path_of(source: "Engine | PlainIndex", record_id: str) -> str | None:
    """Where the index says a record lives, or None if it does not hold it."""
    found = _all(source, "SELECT path FROM records WHERE id = :i", {"i": record_id})
    return str(found[0][0]) if found and found[0][0] else None


def decision_outcomes_by_quarter(source: "Engine | PlainIndex", first: dt.date) -> list[tuple[dt.date, str, int]]:
    """(a day of the quarter, outcome, how many) for the decisions dated from ``first`` on."""
    rows = _all(source,
                "SELECT min(day), status, count(*) FROM records WHERE kind = 'decision' AND day >= :first "
                "GROUP BY substr(day, 1, 4), (CAST(substr(day, 6, 2) AS INTEGER) + 2) / 3, status",
                {"first": first.isoformat()})
    return [(dt.date.fromisoformat(str(day)[:10]), str(status), int(n)) for day, status, n in rows]
