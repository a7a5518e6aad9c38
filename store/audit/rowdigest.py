"""The digest of an index row with its full-text row: how verify compares the index with HEAD
without keeping every record it parsed.

The walk digests the row each record version it checks *should* have in the index
(:func:`expected_row`, from the blob it just read), and keeps only the newest one a path
(a path, its blob and 32 hex digits: per-record state, not the record).  The index check
digests the row the index holds (:func:`row_digest`); equal digests prove the row is what
ingesting the record writes.  A row without a kept digest, or whose digest differs, is
parsed again and compared column by column, so a failure still names what differs.
"""

from __future__ import annotations

import hashlib

from council.records import Record
from council.search_text import search_text
from store.index.heldrows import HeldRow, row_for


def row_digest(row: HeldRow, fts: tuple[str, str, str] | None) -> str:
    """A digest of every column of ``row`` and of its full-text row (None: it has none)."""
    fields = [row.id, row.kind, row.path, row.title, str(row.day), row.sensitivity, row.status, row.tier,
              row.blob, row.text, *(fts or ("-",))]
    # Each field with its length, so that no shift of text from one field to the next gives
    # the same digest; joined rather than through json.dumps, which cost verify --full 8% of its CPU.
    text = ",".join(map(str, map(len, fields))) + "\x1e" + "\x1f".join(fields)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def expected_row(record: Record, path: str, blob: str, data: bytes) -> tuple[HeldRow, str] | None:
    """The row ingesting ``record`` (blob ``blob`` at ``path``) writes, with its search text,
    or None if its text is not UTF-8 (then the index check reads it the long way)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return row_for(record, path, blob, text), search_text(record)


def digest_of(row: HeldRow, search: str) -> str:
    """The digest of ``row`` with the full-text row ingesting its record writes."""
    return row_digest(row, (row.kind, row.title, search))
