"""The change to records between two revisions: field by field, and word by word.

Front matter is compared by dotted field (``settings.basis``, ``votes.ada``,
``obligations[2].days``): each change is old -> new.  Markdown bodies are
compared line by line first (bodies are one sentence per line), then word by
word inside the lines that changed, so a one-word amendment reads as one word.

    >>> d = diff(store.root, "HEAD")                 # what the last commit changed
    >>> d = diff(store.root, "2025-06-30", "HEAD", "4.2")
    >>> [(c.field, c.old, c.new) for c in d.records[0].fields]
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from council.errors import CouncilError
from council.fileformat import split_front_matter
from council.records import kind_of_path
from store.git.batch import BatchReader
from store.git.trees import diff_tree
from store.history import commit_entry, flatten, resolve
from store.logentry import Entry, record_id_of, record_path

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class FieldChange:
    """One front-matter field: ``old`` is None when it was added, ``new`` None when removed."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Segment:
    """A run of body text that is unchanged (``equal``), removed (``delete``) or added (``insert``)."""

    op: str
    text: str


@dataclass(frozen=True)
class RecordDiff:
    record: str
    path: str
    kind: str
    status: str  # "added", "deleted" or "modified"
    fields: list[FieldChange] = field(default_factory=list)
    body: list[Segment] = field(default_factory=list)

    @property
    def body_changed(self) -> bool:
        return any(s.op != "equal" for s in self.body)

    def to_json(self) -> dict[str, Any]:
        return json_ready(dataclasses.asdict(self))


@dataclass(frozen=True)
class Diff:
    """The records that differ between ``old`` (None: nothing) and ``new``."""

    old: str | None
    new: str
    records: list[RecordDiff]
    commit: Entry | None = None  # the commit itself, when the diff is one commit's change

    def to_json(self) -> dict[str, Any]:
        return {"old": self.old, "new": self.new,
                "commit": self.commit.to_json() if self.commit else None,
                "records": [r.to_json() for r in self.records]}


def diff(root: Path, rev: str, rev2: str | None = None, record_id: str | None = None) -> Diff:
    """What changed from ``rev`` to ``rev2``; with one revision, what that commit changed."""
    entry = None
    if rev2 is None:
        entry = commit_entry(root, rev)
        new, old = entry.commit, (entry.parents[0] if entry.parents else None)
    else:
        old, new = resolve(root, rev), resolve(root, rev2)
    paths = changed_paths(root, old, new, record_path(record_id) if record_id else None)
    out = []
    with BatchReader(root) as reader:
        for path in paths:
            before = reader.read(f"{old}:{path}") if old else None
            after = reader.read(f"{new}:{path}")
            out.append(record_diff(path, before, after))
    return Diff(old, new, out, entry)


def changed_paths(root: Path, old: str | None, new: str, only: str | None = None) -> list[str]:
    """Record files that differ between two commits (``git diff-tree``)."""
    return [ch.path for ch in diff_tree(root, old, new, only) if kind_of_path(ch.path)]


def record_diff(path: str, before: bytes | None, after: bytes | None) -> RecordDiff:
    """The change to one record file; either side may be missing (added or deleted)."""
    old_fields, old_body = _split(path, before)
    new_fields, new_body = _split(path, after)
    status = "added" if before is None else "deleted" if after is None else "modified"
    changes = []
    for key in list(old_fields) + [k for k in new_fields if k not in old_fields]:
        a, b = old_fields.get(key), new_fields.get(key)
        if a != b:
            changes.append(FieldChange(key, a, b))
    return RecordDiff(record_id_of(path), path, kind_of_path(path) or "", status, changes,
                      word_diff(old_body, new_body))


def _split(path: str, data: bytes | None) -> tuple[dict[str, Any], str]:
    if data is None:
        return {}, ""
    text = data.decode("utf-8", "replace")
    try:
        front, body = split_front_matter(text, path)
        return flatten(tomllib.loads(front)), body
    except (CouncilError, tomllib.TOMLDecodeError, RecursionError):
        return {"(unparsable file)": text}, ""


def word_diff(old: str, new: str) -> list[Segment]:
    """Segments turning ``old`` into ``new``: lines first, then words inside changed lines."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    out: list[Segment] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            _add(out, "equal", "".join(a[i1:i2]))
        elif op == "delete":
            _add(out, "delete", "".join(a[i1:i2]))
        elif op == "insert":
            _add(out, "insert", "".join(b[j1:j2]))
        else:
            _words(out, "".join(a[i1:i2]), "".join(b[j1:j2]))
    return out


def _words(out: list[Segment], old: str, new: str) -> None:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    runs: list[list] = []  # [changed?, old text, new text]
    for i, (op, i1, i2, j1, j2) in enumerate(ops):
        left, right = "".join(a[i1:i2]), "".join(b[j1:j2])
        # A lone space kept between two changes reads better as part of one change.
        glue = op == "equal" and not left.strip() and 0 < i < len(ops) - 1
        changed = op != "equal" or glue
        if runs and runs[-1][0] and changed:
            runs[-1][1] += left
            runs[-1][2] += right
        else:
            runs.append([changed, left, right])
    for changed, left, right in runs:
        if not changed:
            _add(out, "equal", left)
            continue
        _add(out, "delete", left)
        _add(out, "insert", right)


def _add(out: list[Segment], op: str, text: str) -> None:
    if not text:
        return
    if out and out[-1].op == op:
        out[-1] = Segment(op, out[-1].text + text)
    else:
        out.append(Segment(op, text))


def json_ready(value: Any) -> Any:
    """Dates as ISO strings, tuples as lists: what ``json.dumps`` accepts."""
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
