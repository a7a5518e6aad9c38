"""Read-side queries for the TUI and scripts: the index and the git history.

Every query here is bounded (``LIMIT``, paging, a commit count) so that the
screens stay interactive in a store of 100,000 decisions and commits.  The
screens call these functions from worker threads; they never write SQL or run
git themselves.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import text as sql

from council.records import Record, kind_of_id, kind_of_path, path_for_id
from store import ledger
from store.gitread import trailers

if TYPE_CHECKING:
    from store.service import Store

PAGE = 100
_INDEXED: set[int] = set()  # engines whose listing index has been checked


def _ensure_listing_index(store: "Store") -> None:
    """A (kind, day, id) index, so "newest first, one page" never sorts a whole kind.

    The index database is derived and disposable; adding an index to it changes
    no record.  A read-only store simply goes without.
    """
    key = id(store.engine)
    if key in _INDEXED:
        return
    try:
        with store.engine.begin() as conn:
            conn.execute(sql("CREATE INDEX IF NOT EXISTS ix_records_kind_day_id ON records (kind, day, id)"))
    except Exception:  # noqa: BLE001 - read-only or busy: queries still work, only slower
        pass
    _INDEXED.add(key)


# --- rows and pages ---------------------------------------------------------


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


def _select(store: "Store", where: str, params: dict[str, Any], order: str,
            offset: int, limit: int) -> Page:
    _ensure_listing_index(store)
    with store.engine.connect() as conn:
        total = conn.execute(sql(f"SELECT count(*) FROM records WHERE {where}"), params).scalar_one()
        rows = conn.execute(sql(f"SELECT {_COLUMNS} FROM records WHERE {where} ORDER BY {order} "
                                "LIMIT :limit OFFSET :offset"),
                            {**params, "limit": limit, "offset": offset}).all()
    return Page([_row(r) for r in rows], int(total), offset)


def records(store: "Store", rows: list[Row]) -> list[Record]:
    """Parse the records behind some rows (one page, never a whole kind)."""
    out = []
    for row in rows:
        record = store.get(row.id)
        if record is not None:
            out.append(record)
    return out


# --- the decision log's filter ----------------------------------------------


@dataclass(frozen=True)
class DecisionFilter:
    """What the decision log's filter box asks for.

    Typed as ``tier:high outcome:passed sens:public from:2025-01 to:2025-06 data``:
    keys narrow the columns, bare words search IDs, titles and text.
    """

    words: tuple[str, ...] = ()
    tier: str = ""
    outcome: str = ""
    sensitivity: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    problems: tuple[str, ...] = field(default=())  # tokens that could not be understood


_KEYS = {"tier": "tier", "t": "tier", "outcome": "outcome", "o": "outcome", "status": "outcome",
         "sens": "sensitivity", "sensitivity": "sensitivity", "s": "sensitivity",
         "from": "since", "since": "since", "after": "since", "to": "until", "until": "until",
         "before": "until"}


def parse_filter(text: str) -> DecisionFilter:
    """Read the filter box; an unknown key or a bad date is reported, not fatal."""
    values: dict[str, Any] = {"words": [], "problems": []}
    for token in text.split():
        key, sep, value = token.partition(":")
        name = _KEYS.get(key.lower()) if sep else None
        if name is None:
            values["words"].append(token)
        elif name in ("since", "until"):
            day = _partial_date(value, end=name == "until")
            if day is None:
                values["problems"].append(token)
            else:
                values[name] = day
        else:
            values[name] = value.lower()
    return DecisionFilter(words=tuple(values.pop("words")), problems=tuple(values.pop("problems")),
                          **values)


def _partial_date(value: str, end: bool) -> dt.date | None:
    """``2025``, ``2025-03`` or ``2025-03-14``; a partial date covers its whole span."""
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 12, 31) if end else dt.date(parts[0], 1, 1)
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            if not end:
                return first
            nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        if len(parts) == 3:
            return dt.date(*parts)
    except ValueError:
        return None
    return None


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


def decisions(store: "Store", flt: DecisionFilter, offset: int = 0, limit: int = PAGE) -> Page:
    """Decisions matching the filter, newest first, one page at a time."""
    params: dict[str, Any] = {}
    where = ["kind = 'decision'"]
    for column, value in (("tier", flt.tier), ("status", flt.outcome), ("sensitivity", flt.sensitivity)):
        if value:
            params[column] = value + "%"
            where.append(f"{column} LIKE :{column}")
    if flt.since:
        params["since"] = flt.since.isoformat()
        where.append("day >= :since")
    if flt.until:
        params["until"] = flt.until.isoformat()
        where.append("day <= :until")
    if flt.words:
        where.append(_text_clause(flt.words, params))
    return _select(store, " AND ".join(where), params, "day DESC, id DESC", offset, limit)


def of_kind(store: "Store", kind: str, text: str = "", offset: int = 0, limit: int = PAGE,
            newest_first: bool = False) -> Page:
    """Records of one kind, optionally narrowed by words, one page at a time."""
    params: dict[str, Any] = {"kind": kind}
    where = "kind = :kind"
    words = tuple(text.split())
    if words:
        where += " AND " + _text_clause(words, params)
    order = "day DESC, id DESC" if newest_first else "id"
    return _select(store, where, params, order, offset, limit)


def find(store: "Store", text: str, limit: int = 20) -> list[Row]:
    """Records whose ID starts with, or whose title or text matches, ``text`` (the palette)."""
    words = tuple(text.split())
    if not words:
        return []
    params: dict[str, Any] = {"limit": limit, "exact": text.strip().upper(),
                              "prefix": text.strip().upper().replace("%", "").replace("_", "") + "%"}
    matches = _text_clause(words, params)
    # An ID typed in full or in part comes first, then the newest text matches.
    query = (f"SELECT {_COLUMNS} FROM records WHERE kind != 'partnership' AND "
             f"(upper(id) LIKE :prefix OR ({matches})) "
             "ORDER BY CASE WHEN upper(id) = :exact THEN 0 WHEN upper(id) LIKE :prefix THEN 1 ELSE 2 END, "
             "day DESC, id LIMIT :limit")
    with store.engine.connect() as conn:
        return [_row(r) for r in conn.execute(sql(query), params).all()]


# --- what the dashboard and meetings need -------------------------------------


def next_id(store: "Store", kind: str, prefix: str, width: int) -> str:
    """The next unused ID ``prefix`` + number (IDs are never reused)."""
    with store.engine.connect() as conn:
        ids = conn.execute(sql("SELECT id FROM records WHERE kind = :k AND id LIKE :p "
                               "ORDER BY length(id) DESC, id DESC LIMIT 1"),
                           {"k": kind, "p": prefix + "%"}).scalars().all()
    last = int(ids[0][len(prefix):]) if ids else 0
    return f"{prefix}{last + 1:0{width}d}"


def meetings_between(store: "Store", start: dt.date | None, end: dt.date | None,
                     status: str | None = None, newest_first: bool = False, limit: int = 1) -> list[Row]:
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
    with store.engine.connect() as conn:
        rows = conn.execute(sql(f"SELECT {_COLUMNS} FROM records WHERE {' AND '.join(where)} "
                                f"ORDER BY day {order}, id {order} LIMIT :limit"), params).all()
    return [_row(r) for r in rows]


def previous_meeting(store: "Store", meeting_id: str, day: dt.date) -> Row | None:
    """The meeting held before this one (whose minutes this one approves)."""
    rows = meetings_between(store, None, day, "held", newest_first=True, limit=5)
    earlier = [r for r in rows if r.id != meeting_id and (r.day is None or r.day <= day)]
    return earlier[0] if earlier else None


def decisions_at_meeting(store: "Store", meeting_id: str, day: dt.date) -> list[Row]:
    """Decisions taken at a meeting (dated the meeting's day, naming it)."""
    with store.engine.connect() as conn:
        rows = conn.execute(sql(f"SELECT {_COLUMNS} FROM records WHERE kind = 'decision' AND day = :day "
                                "AND text LIKE :pat ORDER BY id"),
                            {"day": day.isoformat(), "pat": f'%meeting = "{meeting_id}"%'}).all()
    return [_row(r) for r in rows]


def recent_decisions(store: "Store", limit: int = 8) -> list[Row]:
    return decisions(store, DecisionFilter(), 0, limit).rows


def count(store: "Store", kind: str, status: str | None = None) -> int:
    params = {"kind": kind, "status": status}
    where = "kind = :kind" + (" AND status = :status" if status else "")
    with store.engine.connect() as conn:
        return int(conn.execute(sql(f"SELECT count(*) FROM records WHERE {where}"), params).scalar_one())


def decisions_per_quarter(store: "Store", quarters: int = 12, today: dt.date | None = None) -> list[tuple[str, int]]:
    """(``2025 Q3``, count) for the last ``quarters`` quarters up to ``today``, oldest first."""
    today = today or dt.date.today()
    _ensure_listing_index(store)
    first = today.year - (quarters + 3) // 4 - 1
    with store.engine.connect() as conn:
        rows = conn.execute(sql(
            "SELECT substr(day, 1, 4) AS y, (CAST(substr(day, 6, 2) AS INTEGER) + 2) / 3 AS q, count(*) "
            "FROM records WHERE kind = 'decision' AND day >= :first GROUP BY y, q"),
            {"first": f"{first:04d}-01-01"}).all()
    counts = {(int(y), int(q)): n for y, q, n in rows}
    year, quarter = today.year, (today.month + 2) // 3
    out = []
    for _ in range(quarters):
        out.append((f"{year} Q{quarter}", counts.get((year, quarter), 0)))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return out[::-1]


def with_open_actions(store: "Store", limit: int = 500) -> list[Row]:
    """Decisions that still have an open action item (newest first, bounded)."""
    with store.engine.connect() as conn:
        rows = conn.execute(sql(f"SELECT {_COLUMNS} FROM records WHERE kind = 'decision' "
                                # Only action items carry a status in a decision file.
                                "AND text LIKE '%status = \"open\"%' "
                                "ORDER BY day DESC LIMIT :limit"), {"limit": limit}).all()
    return [_row(r) for r in rows]


def record_path(store: "Store", record_id: str) -> str | None:
    """Where a record lives in the store, from the index or its ID's shape."""
    with store.engine.connect() as conn:
        path = conn.execute(sql("SELECT path FROM records WHERE id = :i"), {"i": record_id}).scalar()
    if path:
        return str(path)
    kind = kind_of_id(record_id)
    if kind in ("clause", "member", "dispute", "ip", "exit", "partnership"):
        return path_for_id(kind, record_id)
    return None


# --- history (git) ----------------------------------------------------------


@dataclass(frozen=True)
class CommitInfo:
    """One commit of the store, as the History screen shows it."""

    sha: str
    date: dt.datetime
    author: str
    subject: str
    trailers: tuple[tuple[str, str], ...]
    paths: tuple[str, ...]

    @property
    def kind(self) -> str:
        head = self.subject.split(":", 1)[0]
        return head if head in ("amend", "record") else "other"

    def trailer(self, key: str) -> str:
        return next((v for k, v in self.trailers if k == key), "")

    @property
    def records(self) -> list[str]:
        """The IDs of the records this commit changed."""
        out = []
        for path in self.paths:
            if kind_of_path(path):
                out.append("partnership" if path == "partnership.md" else path.rsplit("/", 1)[-1][:-3])
        return out


_LOG_FORMAT = "--format=%x1e%H%x1f%aI%x1f%an <%ae>%x1f%B%x1d"


def history(store: "Store", record_id: str = "", amendments_only: bool = False,
            skip: int = 0, limit: int = PAGE) -> list[CommitInfo]:
    """Commits on the main line, newest first, one page at a time."""
    args = ["log", "--first-parent", "--no-renames", "--name-only", _LOG_FORMAT,
            f"--max-count={limit}", f"--skip={skip}"]
    if amendments_only:
        args.append("--grep=^amend:")
    args.append("HEAD")
    if record_id:
        path = record_path(store, record_id)
        if path is None:
            return []
        args += ["--", path]
    out = ledger.git(store.root, *args).decode("utf-8", "replace")
    return [_commit_info(chunk) for chunk in out.split("\x1e")[1:]]


def _commit_info(chunk: str) -> CommitInfo:
    head, _, rest = chunk.partition("\x1d")
    sha, date, author, message = head.split("\x1f", 3)
    paths = tuple(line for line in rest.strip("\n").splitlines() if line)
    subject = message.split("\n", 1)[0]
    return CommitInfo(sha, dt.datetime.fromisoformat(date), author, subject,
                      tuple(trailers(message)), paths)


def commit_message(store: "Store", sha: str) -> str:
    return ledger.git(store.root, "log", "-1", "--format=%B", sha).decode("utf-8", "replace")


def commit_diff(store: "Store", sha: str, paths: list[str] | None = None) -> str:
    """The unified diff a commit made (against its first parent)."""
    args = ["show", "--first-parent", "--format=", "--no-color", "--no-ext-diff", "-p", sha]
    if paths:
        args += ["--", *paths]
    return ledger.git(store.root, *args).decode("utf-8", "replace")


def amendment_for(store: "Store", decision_id: str) -> CommitInfo | None:
    """The ``amend:`` commit that a decision approved, if any."""
    out = ledger.git(store.root, "log", "--first-parent", "--name-only", _LOG_FORMAT, "--max-count=1",
                     "--grep=^amend:", f"--grep=^Decision: {re.escape(decision_id)}$",
                     "--all-match", "HEAD").decode("utf-8", "replace")
    chunks = out.split("\x1e")[1:]
    return _commit_info(chunks[0]) if chunks else None


@dataclass(frozen=True)
class Version:
    """How many approved versions a term record has had, and what made the last one."""

    number: int
    commit: str
    date: dt.datetime
    decision: str  # "" for the founding text


def versions(store: "Store", folder: str) -> dict[str, Version]:
    """For each term file under ``folder``: its version and last amendment.

    Term files change only in ``amend:`` commits, so only those are read.
    """
    out = ledger.git(store.root, "log", "--first-parent", "--no-renames", "--name-only", _LOG_FORMAT,
                     "--grep=^amend:", "HEAD", "--", folder).decode("utf-8", "replace")
    counts: dict[str, int] = {}
    latest: dict[str, CommitInfo] = {}
    for chunk in out.split("\x1e")[1:]:
        info = _commit_info(chunk)
        for path in info.paths:
            counts[path] = counts.get(path, 0) + 1
            latest.setdefault(path, info)
    return {path: Version(counts[path], c.sha, c.date, c.trailer("Decision")) for path, c in latest.items()}
