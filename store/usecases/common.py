"""What the use cases share: fetching a record of the kind a use case needs, and a
unified diff of two texts (minutes as corrected, an amendment against the text in force)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from council import sealed_fields
from council.errors import RecordError
from council.records import Record

if TYPE_CHECKING:
    from store.service import Store

R = TypeVar("R", bound=Record)


def require(store: Store, record_id: str, cls: type[R]) -> R:
    """The record ``record_id``, which must be a ``cls`` (a meeting, a dispute...)."""
    record = store.require(record_id)
    if not isinstance(record, cls):
        raise RecordError(record_id, "id", f"the ID of a {cls.KIND}", record_id)
    return record


def text_diff(old: str, new: str, old_name: str = "in force", new_name: str = "proposed") -> str:
    """A unified diff of two texts, as git would show it."""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 old_name, new_name)
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def with_readers(store: Store, record: R, readers: Sequence[str] | None) -> R:
    """``record`` naming ``readers``, the parties or members that may read its sealed text.

    ``None``: the caller does not ask who may read (the record keeps its readers, and
    only the write path's rule applies: text it must seal with no readers is refused).
    A list, even empty: the caller asked, so under a charter that seals, a record at a
    confidential or privileged level that names none is refused now, before it holds
    any text, rather than its readers being guessed.
    """
    if readers is None:
        return record
    named = [r.strip() for r in readers if r.strip()]
    changed: R = record.replace(readers=named) if named else record  # type: ignore[assignment]
    sealed_fields.check_readers_named(changed, store.charter())
    return changed


def readable(record: R) -> R:
    """``record`` as its file will read back: a value the file format refuses (a role or
    sensitivity not among its choices) is named now, before it is committed."""
    from council.fileformat import parse, serialise

    parse(serialise(record), record.KIND, record.id)
    return record
