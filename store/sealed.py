"""Reading sealed records: opened with the operator's key, or shown as "sealed for <party>".

The CLI's `show` and the TUI's record screen call :func:`opened` on a record
as the store holds it (sealed fields empty beside their armour).  What it
gives is for reading only: its sealed texts opened where the operator's key
is one of the readers', the others replaced by a placeholder, and its
``[sealed]`` table left out.  It is never written back (the write path
takes the record as the store holds it, or one its caller changed).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from council import sealed_fields, sealing
from council.errors import CouncilError
from council.records import Record
from council.sealing import CannotOpen, OpenedKey
from store.write.seal import operator_key

if TYPE_CHECKING:
    from store.service import Store


def placeholder(record: Record) -> str:
    """What is shown where sealed content would be, for one who cannot open it."""
    return f"[sealed for {sealed_fields.reader_names(record)}]"


def opened(store: "Store", record: Record) -> Record:
    """``record`` for reading: sealed texts opened with the operator's key, or a placeholder."""
    held = dict(getattr(record, "sealed", {}) or {})
    if not held:
        return record
    key = operator_key(store)  # a configured key that cannot be opened is an error
    texts = {path: open_value(store, record, path, armour, key) for path, armour in held.items()}
    return dataclasses.replace(sealed_fields.with_values(record, texts), sealed={})


def open_value(store: "Store", record: Record, path: str, armour: str, key: OpenedKey | None) -> str:
    """One sealed value's text, or the placeholder if ``key`` is not one of its readers'.

    A value whose stanzas name ``key`` and that still does not open was altered
    after it was sealed: an error, never the placeholder, or a reader would
    not learn that the text they are owed was destroyed."""
    if key is None:
        return placeholder(record)
    try:
        return sealing.unseal(armour, [key.identity], record.id, path, _readers_of(store, armour, record, path))
    except CannotOpen:
        if key.tag in sealing.stanza_tags(armour, record.id, path):
            raise sealing.altered(record.id, path) from None
        return placeholder(record)


def can_read(store: "Store", record: Record) -> bool:
    """Can the operator open every sealed value of ``record`` (True if it has none)?"""
    shown = opened(store, record)
    return not any(placeholder(record) == sealed_fields.value_at(shown, p) for p in record.sealed)


def _readers_of(store: "Store", armour: str, record: Record, path: str) -> list[sealing.ReaderKey] | None:
    """The registered keys the value was sealed to, if all are still registered (else None)."""
    keys = {}
    for member in store.members():
        if member.signing_key:
            try:
                key = sealing.check_reader_key(member.signing_key, member.id)
            except CouncilError:
                continue
            keys[key.tag] = key
    tags = sealing.stanza_tags(armour, record.id, path)
    if all(tag in keys for tag in tags):
        return [keys[tag] for tag in tags]
    return None
