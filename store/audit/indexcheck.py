"""`council verify`'s check of the SQLite index: it holds exactly the records at HEAD
(the rules ``index-current`` and ``index-matches`` of :mod:`store.audit.verify`).

The walk digests the rows each record at HEAD should have as it parses it
(store/audit/rowdigest.py); here the index is read back a chunk of paths at a time
and each row compared with its digest, or parsed again and compared column by
column when there is none or it differs, so that a failure names what differs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from council.records import Record, kind_of_path
from council.search_text import search_text
from store import index
from store.audit.rowdigest import row_digest
from store.git.trees import EMPTY_TREE, diff_tree, ls_tree
from store.logentry import record_id_of

if TYPE_CHECKING:
    from store.audit.verify import Report
    from store.service import Store


def wanted_at(root: Path, base: str | None, head: str | None) -> dict[str, str | None]:
    """Record path -> blob at ``head`` (None: deleted) of every record at ``head``, or (``base``)
    of those changed since ``base``."""
    if not head:
        return {}
    if base:
        return {ch.path: ch.new for ch in diff_tree(root, base, head) if kind_of_path(ch.path)}
    return dict(tree_paths(root, head))


def check_index(store: "Store", report: "Report", state: dict, base: str | None,
                parse: Callable[[str, str], Record | None], known: dict[str, str],
                wanted: dict[str, str | None] | None = None) -> str | None:
    """The index holds exactly the records at HEAD: blob, text, derived columns, search text.

    After a clean run at ``base`` (its ``state``), when nothing but the index's own writes
    edited a row since (the edit mark is the one kept then), only the rows of the records
    changed from ``base`` to HEAD are compared; otherwise every row is.  ``parse`` reads the
    record of a (blob, path) from git (the walk's cache); ``known`` the digests of the rows the
    walk expects (store/audit/rowdigest.py): a row that matches its digest is not parsed again.
    Returns the index's edit mark, to keep for the next run.
    """
    head = store.head
    indexed = store.version
    if indexed != head:
        report.fail(head or "", "index", "index-current", f"index is at {str(indexed)[:10]}, HEAD is {str(head)[:10]}")
        return None
    plain = store.plain()  # a current index is read without SQLAlchemy (issue 18)
    mark = plain.edit_mark() if plain else index.edit_mark(store.engine)
    chunks: Iterable[tuple[list[str], index.Contents]]
    if base and head and mark is not None and mark == state.get("index_mark"):
        in_git = wanted if wanted is not None and base else wanted_at(store.root, base, head)
        ids = {record_id_of(path) for path in in_git}
        held = plain.contents(in_git, ids) if plain else index.contents(store.engine, in_git, ids)
        chunks = [(sorted(set(in_git) | set(held.rows)), held)]
    else:
        # Every row, read a chunk of paths at a time: never the whole index's text at once.
        in_git = wanted if wanted is not None and not base else wanted_at(store.root, None, head)
        chunks = plain.streamed(in_git) if plain else index.streamed(store.engine, in_git)
    for paths, held in chunks:
        compare_rows(report, head or "", paths, in_git, held, known, parse)
    return mark


def compare_rows(report: "Report", head: str, paths: list[str], in_git: dict[str, str | None],
                 held: index.Contents, known: dict[str, str],
                 parse: Callable[[str, str], Record | None]) -> None:
    """The rows at ``paths`` (``in_git``: path -> blob at HEAD, None: no file) are what ingesting
    HEAD would write, and ``held`` has no full-text row that no row owns."""
    rows, fts = held.rows, held.search
    for path in paths:
        row, blob = rows.get(path), in_git.get(path)
        if row is None and (blob is None or parse(blob, path) is None):
            continue  # an unparsable file is left out of the index by design: record-parses says why
        if row is None or blob != row.blob:
            report.fail(head, record_id_of(path), "index-matches", f"the index does not hold {path} as it is at HEAD")
            continue
        if path in known and known[path] == row_digest(row, fts.get(row.id)):  # digested from the blob at HEAD
            continue
        problem = row_problem(row, fts.get(row.id), parse)
        if problem:
            report.fail(head, row.id, "index-matches", problem)
    for record_id in sorted(set(fts) - {r.id for r in rows.values()}):
        report.fail(head, record_id, "index-matches", "the search index holds a record the index does not")


def tree_paths(root: Path, head: str | None) -> dict[str, str]:
    return {path: blob for path, blob in ls_tree(root, head or EMPTY_TREE, check=True) if kind_of_path(path)}


def row_problem(row: index.HeldRow, fts: tuple[str, str, str] | None,
                 parse: Callable[[str, str], Record | None]) -> str:
    data = row.text.encode("utf-8")
    if hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest() != row.blob:
        return "the indexed text was edited: it does not hash to its blob"
    # The text hashes to the blob, so the record in git is the record in the row.
    record = parse(row.blob, row.path)
    if record is None:
        return "the indexed record does not parse"
    expected = index.row_for(record, row.path, row.blob, row.text)
    for name in ("id", "kind", "path", "title", "day", "sensitivity", "status", "tier"):
        if getattr(expected, name) != getattr(row, name):
            return f"column {name} was edited: the index says {getattr(row, name)!r}, the record says {getattr(expected, name)!r}"
    if fts != (record.KIND, expected.title, search_text(record)):
        return "the search index was edited: its text differs from the record"
    return ""
