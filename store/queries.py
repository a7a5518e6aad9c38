"""Read-side queries for the TUI and scripts: the index and the git history.

Every query here is bounded (``LIMIT``, paging, a commit count) so that the
screens stay interactive in a store of 100,000 decisions and commits.  The
screens call these functions from worker threads; they never write SQL or run
git themselves.  The SQL behind the index's reads is in
:mod:`store.index.queries`; this module adds what is not SQL: the decision
log's filter box, parsing a page of records, and the git history.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from council.records import Record, kind_of_id, path_for_id
from store.git import commits as gitcommits
from store.git import process as gitprocess
from store.index import queries as indexed
from store.index.queries import PAGE, DecisionFilter, Page, Row  # the screens know the index's rows from here
from store.logentry import Entry

if TYPE_CHECKING:
    from store.service import Store


def _source(store: "Store") -> "indexed.Engine | indexed.PlainIndex":
    """The plain reader while the index is current and the engine unopened, else the engine."""
    return store.plain() or store.engine


def records(store: "Store", rows: list[Row]) -> list[Record]:
    """Parse the records behind some rows (one page, never a whole kind)."""
    out = []
    for row in rows:
        record = store.get(row.id)
        if record is not None:
            out.append(record)
    return out


# --- the decision log's filter ----------------------------------------------


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


def decisions(store: "Store", flt: DecisionFilter, offset: int = 0, limit: int = PAGE) -> Page:
    """Decisions matching the filter, newest first, one page at a time."""
    return indexed.decisions(_source(store), flt, offset, limit)


def of_kind(store: "Store", kind: str, text: str = "", offset: int = 0, limit: int = PAGE,
            newest_first: bool = False) -> Page:
    """Records of one kind, optionally narrowed by words, one page at a time."""
    return indexed.of_kind(_source(store), kind, text, offset, limit, newest_first)


def find(store: "Store", text: str, limit: int = 20, kind: str = "") -> list[Row]:
    """Records (of ``kind``, if given) whose ID starts with, or whose title or text matches, ``text``;
    for a reader, sealed text its key opens matches too (:mod:`store.sealed_search`)."""
    from store import sealed_search  # deferred: it loads the sealing and the record kinds

    return sealed_search.find(store, text, limit, kind)


# --- what the dashboard and meetings need -------------------------------------


def next_id(store: "Store", kind: str, prefix: str, width: int) -> str:
    """The next unused ID ``prefix`` + number (IDs are never reused)."""
    last = indexed.last_id(_source(store), kind, prefix)
    number = int(last[len(prefix):]) if last else 0
    return f"{prefix}{number + 1:0{width}d}"


def meetings_between(store: "Store", start: dt.date | None, end: dt.date | None,
                     status: str | None = None, newest_first: bool = False, limit: int = 1) -> list[Row]:
    """Meetings dated from ``start`` to ``end`` (either open), optionally of one status."""
    return indexed.meetings_between(_source(store), start, end, status, newest_first, limit)


def previous_meeting(store: "Store", meeting_id: str, day: dt.date) -> Row | None:
    """The meeting held before this one (whose minutes this one approves)."""
    rows = meetings_between(store, None, day, "held", newest_first=True, limit=5)
    earlier = [r for r in rows if r.id != meeting_id and (r.day is None or r.day <= day)]
    return earlier[0] if earlier else None


def decisions_at_meeting(store: "Store", meeting_id: str, day: dt.date) -> list[Row]:
    """Decisions taken at a meeting (dated the meeting's day, naming it)."""
    return indexed.decisions_at_meeting(_source(store), meeting_id, day)


def recent_decisions(store: "Store", limit: int = 8) -> list[Row]:
    return decisions(store, DecisionFilter(), 0, limit).rows


def count(store: "Store", kind: str, status: str | None = None) -> int:
    return indexed.count(_source(store), kind, status)


def decisions_per_quarter(store: "Store", quarters: int = 12, today: dt.date | None = None) -> list[tuple[str, int]]:
    """(``2025 Q3``, count) for the last ``quarters`` quarters up to ``today``, oldest first."""
    today = today or dt.date.today()
    first = today.year - (quarters + 3) // 4 - 1
    counts = indexed.decisions_by_quarter(_source(store), dt.date(first, 1, 1))
    # The quarters are stepped by council.trends (dateutil), not counted here by hand;
    # imported here because the trends pull the clocks and the charter, which `show`
    # and `list` must not load (tests/test_fast_paths.py).
    from council.trends import last_quarters

    return [(label, counts.get((int(label[:4]), int(label[-1])), 0)) for label in last_quarters(today, quarters)]


def decision_outcomes_by_quarter(store: "Store", first: dt.date) -> list[tuple[dt.date, str, int]]:
    """(a day of the quarter, outcome, how many) for decisions from ``first`` on, counted by the index."""
    return indexed.decision_outcomes_by_quarter(_source(store), first)


def matching_line(store: "Store", record_id: str, text: str) -> str:
    """The first line of the record's prose with one of the words: where a search matched
    (opened for a reader, :func:`store.sealed_search.matching_line`).

    Shared by `council search` and the palette, so both point at the same line.
    """
    from store import sealed_search

    return sealed_search.matching_line(store, record_id, text)


def with_open_actions(store: "Store", limit: int = 500) -> list[Row]:
    """Decisions that still have an open action item (newest first, bounded)."""
    return indexed.with_open_actions(_source(store), limit)


def record_path(store: "Store", record_id: str) -> str | None:
    """Where a record lives in the store, from the index or its ID's shape."""
    path = indexed.path_of(_source(store), record_id)
    if path:
        return path
    kind = kind_of_id(record_id)
    if kind in ("clause", "member", "dispute", "ip", "exit", "partnership"):
        return path_for_id(kind, record_id)
    return None


# --- history (git) ----------------------------------------------------------


def history(store: "Store", record_id: str = "", amendments_only: bool = False,
            skip: int = 0, limit: int = PAGE) -> list[Entry]:
    """Commits on the main line, newest first, one page at a time (the History screen's log)."""
    args = ["--first-parent", f"--max-count={limit}", f"--skip={skip}"]
    if amendments_only:
        args.append("--grep=^amend:")
    args.append("HEAD")
    if record_id:
        path = record_path(store, record_id)
        if path is None:
            return []
        args += ["--", path]
    return [Entry.of(c) for c in gitcommits.log(store.root, *args)]


def commit_message(store: "Store", sha: str) -> str:
    return gitprocess.git(store.root, "log", "-1", "--format=%B", sha).decode("utf-8", "replace")


def commit_diff(store: "Store", sha: str, paths: list[str] | None = None) -> str:
    """The unified diff a commit made (against its first parent)."""
    args = ["show", "--first-parent", "--format=", "--no-color", "--no-ext-diff", "-p", sha]
    if paths:
        args += ["--", *paths]
    return gitprocess.git(store.root, *args).decode("utf-8", "replace")


def amendment_for(store: "Store", decision_id: str) -> Entry | None:
    """The ``amend:`` commit that a decision approved, if any."""
    found = gitcommits.log(store.root, "--first-parent", "--max-count=1", "--grep=^amend:",
                           f"--grep=^Decision: {re.escape(decision_id)}$", "--all-match", "HEAD")
    first = next(found, None)
    found.close()
    return Entry.of(first) if first else None


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
    counts: dict[str, int] = {}
    latest: dict[str, Entry] = {}
    for c in gitcommits.log(store.root, "--first-parent", "--grep=^amend:", "HEAD", "--", folder):
        info = Entry.of(c)
        for path in info.paths:
            counts[path] = counts.get(path, 0) + 1
            latest.setdefault(path, info)
    return {path: Version(counts[path], c.sha, c.date, c.trailer("Decision")) for path, c in latest.items()}
