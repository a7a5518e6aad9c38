"""A rendered file, produced lazily so that an incremental export can skip it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    """One output file: its path in the export, how to render it, and how to key it.

    ``key`` is given for pages that depend on one record and a little shared
    context (see :func:`exports.cache.record_page_key`): when a page's key is
    what it was at the previous export into the same directory, so are its
    bytes, and the writer keeps the file it wrote then.  Keys are computed
    only when there is a previous export to compare with.
    """

    path: str  # POSIX, relative to the output directory
    render: Callable[[], bytes | Iterable[bytes]]  # in pieces for a whole-store page: written as made
    key: Callable[[], str] | None = None

    def content(self) -> bytes:
        """The page's bytes, whole."""
        made = self.render()
        return made if isinstance(made, bytes) else b"".join(made)


def page_key(*parts: Any) -> str:
    """A stable key for a page: the SHA-256 of its inputs as canonical JSON."""
    data = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    reason = getattr(value, "reason", None)
    return {"$withheld": reason} if reason is not None else str(value)
