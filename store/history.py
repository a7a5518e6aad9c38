"""Amendment history read from git: log, a record at a revision, blame, terms as of a date.

Plain functions returning frozen dataclasses, for the CLI and the TUI's
History screen alike.  Every function takes the store's root directory (a
:class:`~store.service.Store` has it as ``store.root``) and reads git only:
the current files and the SQLite index play no part, so a view of the past
is what git holds, not what the working tree says.

Cost: one ``git log`` (path-limited for one record, so git's own tree walk
does the filtering) plus one ``git cat-file --batch`` process for contents;
never one git process per commit.  Filters on dates and commit kinds are
given to git as coarse bounds and applied exactly here, and output is read
as a stream, so a ``limit`` stops git early.

    >>> entries = history(store.root, "4.2")          # newest first
    >>> old = record_at(store.root, "4.2", "2025-06-30")
    >>> terms = terms_as_of(store.root, dt.date(2025, 6, 30))

Field-by-field and word-level diffs are in :mod:`store.recorddiff`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from council.errors import CouncilError, RecordError
from council.fileformat import parse_path, split_front_matter
from council.records import KINDS, Clause, ExitPlan, IPAsset, Partnership, Record, kind_of_path, path_for_id
from store.git import revs
from store.git.batch import BatchReader
from store.git.trees import ls_tree
from store.log import commit_entries, iter_history  # noqa: F401  (the log: streamed, and named here too)
from store.logentry import Entry, record_path

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")


# --- revisions ----------------------------------------------------------------


def resolve(root: Path, rev: str) -> str:
    """The commit a revision names: anything git accepts, or a date YYYY-MM-DD (as of that day)."""
    rev = rev.strip()
    if _DATE.match(rev):
        commit = revs.as_of_commit(root, dt.date.fromisoformat(rev))
        if commit is None:
            raise RecordError("revision", "date", "a date on or after the store's first commit", rev)
        return commit
    commit = revs.commit_of(root, rev)
    if commit is None:
        raise RecordError("revision", "rev", "a commit (sha, HEAD~2, a tag) or a date YYYY-MM-DD", rev)
    return commit


def is_commit(root: Path, rev: str) -> bool:
    try:
        resolve(root, rev)
        return True
    except RecordError:
        return False


# --- the log --------------------------------------------------------------------


def history(root: Path, record_id: str | None = None, since: dt.date | None = None,
            until: dt.date | None = None, kind: str | None = None, limit: int | None = None,
            rev: str = "HEAD") -> list[Entry]:
    """Commits that changed the store (or one record), newest first.

    ``since``/``until`` are inclusive days, compared with each commit's own
    date; ``kind`` is ``"amend"`` or ``"record"``.  Commits merged in from a
    partner's replica are listed as themselves (with their own decision); a
    merge is listed only if it changed something neither side had.
    """
    if kind not in (None, "amend", "record"):
        raise RecordError("history", "kind", "amend or record", kind)
    return list(iter_history(root, record_id, since, until, kind, limit, rev))


def commit_entry(root: Path, rev: str) -> Entry:
    """One commit as an :class:`Entry`."""
    commit = resolve(root, rev)
    for entry in commit_entries(root, ["-1", commit, "--"], commit):
        return entry
    raise RecordError("revision", "rev", "a commit", rev)


# --- records at a revision --------------------------------------------------------


def split_ref(ref: str) -> tuple[str, str | None]:
    """``"4.2@HEAD~3"`` -> ``("4.2", "HEAD~3")``; no ``@`` -> ``(ref, None)``."""
    record_id, sep, rev = ref.partition("@")
    if sep and not rev:
        raise RecordError(ref, "revision", "a revision after '@', e.g. 4.2@HEAD~1 or 4.2@2025-06-30", ref)
    return record_id, (rev if sep else None)


def record_at(root: Path, record_id: str, rev: str, reader: BatchReader | None = None) -> Record | None:
    """The record as it was at ``rev`` (a commit or a date), or None if it did not exist then."""
    commit = resolve(root, rev)
    path = record_path(record_id)
    if reader is None:
        with BatchReader(root) as own:
            data = own.read(f"{commit}:{path}")
    else:
        data = reader.read(f"{commit}:{path}")
    return None if data is None else parse_path(path, data)


def records_at(root: Path, reader: BatchReader, commit: str, folder: str) -> list[Record]:
    """Every record under ``folder`` (or the one file ``folder``) at ``commit``; unparsable files skipped."""
    out = []
    for path, sha in ls_tree(root, commit, folder):
        if kind_of_path(path):
            try:
                out.append(parse_path(path, reader.read(sha) or b""))
            except CouncilError:
                continue
    return out


@dataclass(frozen=True)
class AsOf:
    """The record as git holds it at one commit (:meth:`store.service.Store.as_of`)."""

    root: Path
    commit: str

    def get(self, record_id: str) -> Record | None:
        """The record as it was at this commit, or None if it did not exist then."""
        return record_at(self.root, record_id, self.commit)

    def records(self, folder: str) -> list[Record]:
        """Every record under ``folder`` (``members``, ``charter``...) at this commit."""
        with BatchReader(self.root) as reader:
            return records_at(self.root, reader, self.commit, folder)

    def terms(self) -> Terms:
        """The terms in force at this commit."""
        return terms_as_of(self.root, revs.commit_time(self.root, self.commit).date(), self.commit)


def as_of(root: Path, revision: str | dt.date) -> AsOf:
    """The record at a revision git accepts (a commit, ``HEAD~2``, a tag) or as of a day."""
    rev = revision.isoformat() if isinstance(revision, dt.date) else revision
    return AsOf(root, resolve(root, rev))


# --- terms as of a date -------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """The terms in force on a day: the term records at the last commit on or before it."""

    as_of: dt.date
    commit: str | None
    date: dt.datetime | None
    records: dict[str, list[Record]] = field(default_factory=dict)  # kind -> records
    last_amendment: Entry | None = None

    @property
    def partnership(self) -> Partnership | None:
        found = self.records.get("partnership", [])
        return found[0] if found and isinstance(found[0], Partnership) else None

    @property
    def clauses(self) -> list[Clause]:
        return [c for c in self.records.get("clause", []) if isinstance(c, Clause)]

    @property
    def ip(self) -> list[IPAsset]:
        return [a for a in self.records.get("ip", []) if isinstance(a, IPAsset)]

    @property
    def exit(self) -> list[ExitPlan]:
        return [p for p in self.records.get("exit", []) if isinstance(p, ExitPlan)]


def terms_as_of(root: Path, day: dt.date, rev: str = "HEAD") -> Terms:
    """The charter, IP register, exit plan and partnership in force on ``day``, read from history."""
    commit = revs.as_of_commit(root, day, rev)
    if commit is None:
        return Terms(day, None, None)
    records: dict[str, list[Record]] = {k: [] for k, cls in KINDS.items() if cls.TERM}
    with BatchReader(root) as reader:
        for folder in term_folders():
            for record in records_at(root, reader, commit, folder):
                records.setdefault(record.KIND, []).append(record)
    records["clause"].sort(key=lambda c: tuple(int(p) for p in c.id.split(".")))
    last = next(iter_history(root, kind="amend", limit=1, rev=commit), None)
    return Terms(day, commit, commit_entry(root, commit).date, records, last)


def term_folders() -> list[str]:
    """The paths that hold term records (every kind whose records change only by amendment)."""
    out = set()
    for kind, cls in KINDS.items():
        if cls.TERM:
            out.add(path_for_id(kind, "0000-0000-0000").split("/", 1)[0])
    return sorted(out)


# --- blame --------------------------------------------------------------------------


@dataclass(frozen=True)
class BlameLine:
    """One field or body line of a record, and the commit that last changed it."""

    part: str  # "field" or "body"
    key: str  # the dotted field name, or the body line's number (1-based)
    text: str  # "name = value" for a field, the line itself for the body
    commit: str
    date: dt.datetime
    kind: str
    summary: str
    decision: str

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["date"] = self.date.isoformat()
        return data


def blame(root: Path, record_id: str, rev: str = "HEAD") -> list[BlameLine]:
    """For each field and body line of a record, the amendment (or record commit) that last changed it.

    Fields are compared by value (nested tables by dotted key, e.g.
    ``settings.basis`` or ``votes.ada``); body lines by a line diff between
    consecutive versions (bodies are one sentence per line).
    """
    path = record_path(record_id)
    entries = list(reversed(history(root, record_id, rev=rev)))
    if not entries:
        raise RecordError(record_id, "id", "a record with history in this store", record_id)
    fields: dict[str, tuple[Any, Entry]] = {}
    lines: list[tuple[str, Entry]] = []
    with BatchReader(root) as reader:
        for entry in entries:
            data = reader.read(f"{entry.commit}:{path}")
            if data is None:  # deleted here: a later version starts afresh
                fields, lines = {}, []
                continue
            version = _version(path, data)
            if version is None:
                continue
            flat, body = version
            fields = {k: (v, fields[k][1] if k in fields and fields[k][0] == v else entry) for k, v in flat.items()}
            lines = _carry_lines(lines, body, entry)
    out = [_blame_line("field", k, f"{k} = {show_value(v)}", e) for k, (v, e) in fields.items()]
    out += [_blame_line("body", str(i), text, e) for i, (text, e) in enumerate(lines, 1)]
    return out


def _blame_line(part: str, key: str, text: str, entry: Entry) -> BlameLine:
    return BlameLine(part, key, text, entry.commit, entry.date, entry.kind, entry.summary, entry.decision)


def _version(path: str, data: bytes) -> tuple[dict[str, Any], list[str]] | None:
    """(flattened front matter, body lines) of one version of a record file, or None if unreadable."""
    try:
        front, body = split_front_matter(data.decode("utf-8"), path)
        return flatten(tomllib.loads(front)), body.split("\n") if body else []
    except (CouncilError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None


def _carry_lines(previous: list[tuple[str, Entry]], body: list[str], entry: Entry) -> list[tuple[str, Entry]]:
    from difflib import SequenceMatcher

    old = [text for text, _ in previous]
    out: list[tuple[str, Entry]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, body, autojunk=False).get_opcodes():
        if op == "equal":
            out += previous[i1:i2]
        else:
            out += [(text, entry) for text in body[j1:j2]]
    return out


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Front matter as dotted keys: tables open up, lists of tables by index, other lists stay whole."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        if not data and prefix:
            out[prefix] = {}
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        for i, value in enumerate(data):
            out.update(flatten(value, f"{prefix}[{i}]"))
    else:
        out[prefix] = data
    return out


def show_value(value: Any) -> str:
    """A front-matter value as a person reads it (TOML-like: strings quoted, dates bare)."""
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {show_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)
