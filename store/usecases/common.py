"""What the use cases share: fetching a record of the kind a use case needs."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

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
