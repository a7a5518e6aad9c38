"""Search within sealed text, for its readers only (issue 16).

The index holds no plaintext of sealed content (its full-text table is built
from records as committed, sealed fields empty), so the index alone never
finds sealed text, for anyone.  For an operator whose key opens sealed
values, :func:`find` adds what the index cannot see: it opens, in memory and
for this search only, the records that hold sealed values, and matches the
words against their opened text the way the full-text table matches clear
text (every word, as the start of a word; an ID-shaped word may match the
start of the ID instead).

- A non-reader (no key, or a key that opens none of them) gets exactly the
  index's hits: no extra row, no line, no count that moves.
- Nothing opened is kept: no cache, nothing written to the index or disk.
- :func:`matching_line` shows a reader the opened line that matched; for a
  non-reader it shows a clear line only, never the placeholder.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from council import sealed_fields
from council.search_text import search_text
from store.index import queries as indexed
from store.index.queries import Row
from store.sealed import opened, placeholder
from store.write.seal import operator_identities

if TYPE_CHECKING:
    from council.records import Record
    from store.service import Store

_ID_LIKE = indexed._ID_LIKE  # the same words the index takes as IDs


def find(store: "Store", text: str, limit: int = 20, kind: str = "") -> list[Row]:
    """The index's hits, and for a reader the records whose opened sealed text matches too."""
    rows = indexed.find(store.plain() or store.engine, text, limit, kind)
    words = text.split()
    if not words or not operator_identities(store):
        return rows
    seen = {r.id for r in rows}
    extra = [row for row in indexed.sealed_rows(store.plain() or store.engine, kind)
             if row.id not in seen and _opened_matches(store, row, words)]
    if not extra:
        return rows
    return sorted(rows + extra, key=lambda r: _order(r, text))[:limit]


def matching_line(store: "Store", record_id: str, text: str) -> str:
    """The first line of the record's prose with one of the words (opened for a reader)."""
    record = store.get(record_id)
    if record is None:
        return ""
    if getattr(record, "sealed", None):
        record = opened(store, record)
    words = [w.lower().strip('"*') for w in text.split() if len(w.strip('"*')) > 1]
    hidden = placeholder(record)
    for line in search_text(record).splitlines():
        if hidden in line:
            continue  # what a non-reader sees instead of the text: never where a search matched
        if any(w in line.lower() for w in words):
            line = line.strip()
            return line if len(line) <= 100 else line[:97] + "..."
    return ""


def _opened_matches(store: "Store", row: Row, words: list[str]) -> bool:
    """Do all ``words`` match the record as the operator's key opens it (False if it opens nothing)?"""
    record = store.get(row.id)
    if record is None or not getattr(record, "sealed", None):
        return False
    shown = opened(store, record)
    if all(sealed_fields.value_at(shown, p) == placeholder(record) for p in record.sealed):
        return False  # not a reader: the search sees only what the index holds
    return all(_word_matches(word, record, _tokens(shown)) for word in words)


def _tokens(record: "Record") -> list[str]:
    """The words of the record as the full-text table would hold them, were it clear."""
    clear = " ".join((record.id, record.KIND, getattr(record, "title", "") or "", search_text(record)))
    return [t for t in re.findall(r"\w+", clear.casefold()) if t]


def _word_matches(word: str, record: "Record", tokens: list[str]) -> bool:
    wanted = [t.casefold() for t in re.findall(r"\w+", word)]
    in_text = all(any(tok.startswith(w) for tok in tokens) for w in wanted)
    if _ID_LIKE.match(word):
        return in_text or record.id.upper().startswith(word.upper())
    return in_text


def _order(row: Row, text: str) -> tuple[int, int, str]:
    """The index's order: the ID typed in full, then by its start, then the newest first."""
    exact = text.strip().upper()
    rank = 0 if row.id.upper() == exact else 1 if row.id.upper().startswith(exact) else 2
    return rank, -(row.day.toordinal() if row.day else 0), row.id
