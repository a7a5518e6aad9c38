"""Redactions kept between exports, for records the audience sees whole: nothing else.

A redaction cannot be cached in general: a withheld value's commitment is
salted with the commit (exports.commitments), so a cached redaction of a
record with anything withheld would have to keep the withheld value on disk
to commit to it again.  So only a record that is published *whole* is kept:

- nothing of it withheld, by the policy or by a seal, for this audience;
- it was never sealed (no armour before the operator's key opened it) and
  names no readers;
- its own level and every ``field_sensitivity`` entry is ``public`` or
  ``internal`` (never a confidential or privileged record, whoever exports);
- not a dispute (its derived clock reads the export's day and the charter's
  ladder).

Such a record's :class:`Shown` holds only what the export publishes anyway,
and its ``council.json`` line.  An entry is keyed by the record's git blob id
and path, under a context digest of everything else a redaction reads: the
policy (audience, levels, named votes), the member pseudonyms (the key's
digest and who is named), and the source of the exports and the parser.  A
record made confidential, sealed or moved is a new blob; a policy or charter
change that hides a field is a new context: either misses.  The cache lives
in ``.council/export-cache/`` (never published, as local as the index);
deleting it gives the same bytes, only slower.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from exports.cache import CACHE_DIR, code_fingerprint
from exports.view import Shown

if TYPE_CHECKING:
    from exports.policy import Policy
    from exports.pseudonyms import Aliases
    from exports.snapshot import Source

OPEN_LEVELS = ("public", "internal")  # a cached record is at one of these, field by field


def context_digest(policy: "Policy", aliases: "Aliases") -> str:
    """Everything besides the record a whole-published record's redaction depends on."""
    parts = {"policy": policy.describe(), "key": hashlib.sha256(aliases.key).hexdigest(),
             "named": sorted(aliases.named), "parties": sorted(aliases.parties),
             "code": [code_fingerprint("renderer"), code_fingerprint("parser")]}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:24]


def cacheable(source: "Source", shown: Shown, sealed_blobs: frozenset[str]) -> bool:
    """May this redaction be kept on disk?  Only if it publishes the whole record (see above)."""
    record = source.record
    if shown.kind == "dispute" or source.blob in sealed_blobs or shown.status != "published":
        return False
    if getattr(record, "sealed", None) or getattr(record, "readers", None):
        return False
    levels = [getattr(record, "sensitivity", "internal"), *(getattr(record, "field_sensitivity", {}) or {}).values()]
    return all(level in OPEN_LEVELS for level in levels)


class RedactionCache:
    """Whole-published redactions by (blob, path), for one context; fragments beside them."""

    def __init__(self, meta_dir: Path | None, context: str, audience: str) -> None:
        self.path = meta_dir / CACHE_DIR / f"redact-{audience}.pickle" if meta_dir else None
        self.context = context
        self.entries: dict[tuple[str, str], tuple[Shown, str]] = {}
        self.used: set[tuple[str, str]] = set()
        self.lines: dict[int, str] = {}  # id() of a Shown handed out -> its council.json line
        self.dirty = False
        if self.path and self.path.exists():
            try:
                with open(self.path, "rb") as fh:  # our own file in .council/: trusted as the index is
                    context_was, entries = pickle.load(fh)
                if context_was == context:
                    self.entries = entries
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
                    ValueError):
                self.entries = {}

    def get(self, source: "Source") -> Shown | None:
        hit = self.entries.get((source.blob, source.path))
        if hit is None:
            return None
        self.used.add((source.blob, source.path))
        self.lines[id(hit[0])] = hit[1]
        return hit[0]

    def fragment(self, shown: Shown) -> str | None:
        """The record's ``council.json`` line, if its redaction came from (or went into) the cache."""
        return self.lines.get(id(shown))

    def put(self, source: "Source", shown: Shown) -> None:
        from exports.render_json import record_line  # deferred: render_json reads this module's fragments

        line = record_line(shown)
        self.entries[(source.blob, source.path)] = (shown, line)
        self.used.add((source.blob, source.path))
        self.lines[id(shown)] = line
        self.dirty = True

    def save(self) -> None:
        """Write back the entries this export used (a record gone or changed is dropped)."""
        if not self.path or not (self.dirty or set(self.entries) - self.used):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        kept = {k: v for k, v in self.entries.items() if k in self.used}
        tmp = self.path.with_suffix(f".tmp{os.getpid()}")
        with open(tmp, "wb") as fh:
            pickle.dump((self.context, kept), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self.path)
