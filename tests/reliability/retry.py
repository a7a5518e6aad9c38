"""The retry loop the hammer workers share (hammer.py, hammer_new.py).

A worker retries a write that another writer beat it to, as a user would
(a stale read gets Conflict; a suggested ID someone else took is refused),
and gives up loudly after ``limit`` retries instead of spinning forever.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def until_accepted(attempt: Callable[[], T], retry: Callable[[Exception], bool], limit: int) -> tuple[T, int]:
    """Call ``attempt`` until it returns; give what it returned and how many retries it took.

    ``retry(exc)`` says whether the failure may be retried (it may print what
    happened); any other failure, or one past ``limit`` retries, is raised.
    """
    for tries in range(limit + 1):
        try:
            return attempt(), tries
        except Exception as exc:
            if tries == limit or not retry(exc):
                raise
    raise AssertionError("unreachable: the last try returns or raises")
