"""A rendered file, produced lazily so that an incremental export can skip it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Page:
    """One output file: its path in the export, how to render it, and its cache key.

    ``key`` is set for pages that depend on one record and a little shared
    context: when the key is unchanged since the previous export, so are the
    bytes, and the writer may keep the file it wrote then (see
    :mod:`exports.cache`).  Pages without a key are always rendered.
    """

    path: str  # POSIX, relative to the output directory
    render: Callable[[], bytes]
    key: str | None = None


def page_key(*parts: Any) -> str:
    """A stable key for a page: the SHA-256 of its inputs as canonical JSON."""
    data = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
