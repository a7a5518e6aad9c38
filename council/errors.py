"""The project's own errors: every failure a user can cause is one of these."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


class CouncilError(Exception):
    """Base of every error meant for a user; the CLI prints it and exits 2."""

    exit_code = 2


class RecordError(CouncilError):
    """A record (or the input for one) is malformed or breaks a rule."""

    def __init__(self, record: str, field: str, expected: str, got: Any = None) -> None:
        self.record, self.field, self.expected, self.got = record, field, expected, got
        self.path = ""  # the record's file, where the write path knows it
        shown = "" if got is None else f", got {_short(got)}"
        super().__init__(f"{record}: field '{field}': expected {expected}{shown}")

    def worded(self, field: str) -> "RecordError":
        """The same error naming the field as the user gave it (an option, a form's label)."""
        shown = f"{self.record} ({self.path})" if self.path else self.record
        named = RecordError(shown, field, self.expected, self.got)
        named.record, named.path = self.record, self.path
        return named


@contextmanager
def in_words(names: Mapping[str, str]) -> Iterator[None]:
    """Name a record's field as the user gave it: the rules say ``done_on``, the person
    typed ``--on`` (the CLI) or filled in "Completed on" (a form).  ``[*]`` in a name
    stands for any place in a list (``agenda[*].refs``)."""
    try:
        yield
    except RecordError as exc:
        said = next((said for name, said in names.items() if _matches(name, exc.field)), None)
        if said is None:
            raise
        raise exc.worded(said) from None


def _matches(name: str, field: str) -> bool:
    return re.fullmatch(re.escape(name).replace(r"\[\*\]", r"\[\d+\]"), field) is not None


def worded(names: Mapping[str, str], fn: Callable[[], T]) -> T:
    """``fn()``, its errors naming fields as in :func:`in_words` (for a write run later, in a worker)."""
    with in_words(names):
        return fn()


class RuleError(CouncilError):
    """A change is well-formed but the charter's rules refuse it."""


class StoreError(CouncilError):
    """The store cannot be opened or written (not a store, read-only, ...)."""


class StoreBusy(StoreError):
    """Another writer holds the store's lock for longer than we wait.

    ``waited`` is how long this writer waited, by the store's own clock: what
    a user (and a test) can rely on, whatever the machine's load.
    """

    def __init__(self, waited: float) -> None:
        self.waited = waited
        super().__init__(f"the store is busy: this writer waited {waited:.1f} s for another writer to "
                         "finish; try again in a moment (nothing was written)")


class Conflict(StoreError):
    """The store moved while a change was being prepared."""


def _short(value: Any) -> str:
    """The value as the user wrote or would write it: dates as 2026-10-01, not datetime.date(...)."""
    text = _plain(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _plain(value: Any) -> str:
    """Dates as written, also inside lists and tables (a list of dates, a vote per member)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_plain(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_plain(k)}: {_plain(v)}" for k, v in value.items()) + "}"
    return repr(value)
