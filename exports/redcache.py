"""Redactions kept between exports, holding nothing the audience may not see.

A withheld value's commitment is salted with the commit (exports.commitments),
so a redaction cannot be kept whole: it would have to keep the withheld value
on disk to commit to it again.  What is kept is a record's :class:`Shown`
(what the export publishes, with a :class:`Withheld` marker, which holds only
a reason, in place of what it does not) and the *names* of what was withheld:
the record itself, or whole top-level fields, exactly the items the
manifest lists.  At each export the commitments are made again, from the
record as read from git for that export, never from the cache.  Kept only if:

- nothing of it was sealed (no armour before the operator's key opened it;
  no readers named): an opened sealed value never reaches the disk;
- what it withholds is the whole record, or whole top-level fields by the
  policy (a nested field or a sealed entry is redacted afresh every time);
- if it is shown, its own level and every ``field_sensitivity`` entry is
  ``public`` or ``internal``, whoever exports (never a confidential or
  privileged value, even for the partners);
- not a dispute (its derived clock reads the export's day and the charter's
  ladder).

An entry is keyed by the record's git blob id and path, under a context
digest of everything else a redaction reads: the policy (audience, levels,
named votes), the member pseudonyms (the key's digest and who is named),
and the source of the exports and the parser.  A record made confidential,
sealed or moved is a new blob; a policy or charter change that hides a field
is a new context: either misses.  The cache lives in
``.council/export-cache/`` (never published, as local as the index);
deleting it gives the same bytes, only slower.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from exports import picklelog
from exports.cache import CACHE_DIR, code_fingerprint
from exports.view import Shown, Withheld

if TYPE_CHECKING:
    from exports.policy import Policy
    from exports.pseudonyms import Aliases
    from exports.snapshot import Source
    from exports.view import WithheldItem

OPEN_LEVELS = ("public", "internal")  # a cached record is at one of these, field by field


def context_digest(policy: "Policy", aliases: "Aliases") -> str:
    """Everything besides the record a whole-published record's redaction depends on."""
    parts = {"policy": policy.describe(), "key": hashlib.sha256(aliases.key).hexdigest(),
             "named": sorted(aliases.named), "parties": sorted(aliases.parties),
             "code": [code_fingerprint("renderer"), code_fingerprint("parser")]}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:24]


Withholds = list[tuple[str, str, str, str | None]]  # (item, scope, reason, top-level field or None)


def withholds(source: "Source", shown: Shown, items: "list[WithheldItem]",
              sealed_blobs: frozenset[str]) -> Withholds | None:
    """What this redaction withheld, by name, if it may be kept on disk (see above); else None."""
    record = source.record
    if shown.kind == "dispute" or source.blob in sealed_blobs:
        return None
    if getattr(record, "sealed", None) or getattr(record, "readers", None):
        return None
    if shown.withheld is not None:
        whole = len(items) == 1 and items[0].scope == "record" and items[0].item == shown.id
        return [(shown.id, "record", items[0].reason, None)] if whole else None
    levels = [getattr(record, "sensitivity", "internal"), *(getattr(record, "field_sensitivity", {}) or {}).values()]
    if not all(level in OPEN_LEVELS for level in levels):
        return None
    out: Withholds = []
    for item in items:
        owner, _, name = item.item.partition("#")
        marker = shown.fields.get(name) if name.isidentifier() else None
        if item.scope != "field" or owner != shown.id or not isinstance(marker, Withheld) \
                or marker.reason != item.reason:
            return None  # nested, or not where a whole field's marker stands: redacted afresh
        out.append((item.item, item.scope, item.reason, name))
    return out



class RedactionCache:
    """Whole-published redactions by (blob, path), for one context; fragments beside them."""

    def __init__(self, meta_dir: Path | None, context: str, audience: str) -> None:
        self.path = meta_dir / CACHE_DIR / f"redact-{audience}.pickle" if meta_dir else None
        self.context = context
        self.used: set[tuple[str, str]] = set()
        self.lines: dict[int, str] = {}  # id() of a Shown handed out -> its council.json line
        # id() of a Shown handed out -> what determines it (blob, path, context): a page key's stand-in
        # for its fields, which are a function of these.
        self.tokens: dict[int, str] = {}
        self.loaded = picklelog.load(self.path, context) if self.path else picklelog.Loaded()
        self.entries: dict[tuple[str, str], tuple[Shown, str | None, Withholds]] = self.loaded.entries
        self.added: dict[tuple[str, str], tuple[Shown, str | None, Withholds]] = {}
        self.refused: set[str] = set()  # paths whose record this export could not keep

    def get(self, source: "Source") -> tuple[Shown, Withholds] | None:
        """The kept redaction and what it withheld (to be committed to again), or None."""
        hit = self.entries.get((source.blob, source.path))
        if hit is None:
            return None
        self.used.add((source.blob, source.path))
        self.tokens[id(hit[0])] = f"{source.blob}:{source.path}:{self.context}"
        if hit[1] is not None:
            self.lines[id(hit[0])] = hit[1]
        return hit[0], hit[2]

    def fragment(self, shown: Shown) -> str | None:
        """The record's ``council.json`` line, if its redaction came from (or went into) the cache."""
        return self.lines.get(id(shown))

    def put(self, source: "Source", shown: Shown, withheld: Withholds) -> None:
        from exports.render_json import record_line  # deferred: render_json reads this module's fragments

        # A record withheld whole has no line of its own worth keeping: it is short.
        line = record_line(shown) if shown.withheld is None else None
        self.entries[(source.blob, source.path)] = self.added[(source.blob, source.path)] = (shown, line, withheld)
        self.used.add((source.blob, source.path))
        self.tokens[id(shown)] = f"{source.blob}:{source.path}:{self.context}"
        if line is not None:
            self.lines[id(shown)] = line

    def refuse(self, source: "Source") -> None:
        """Note a record redacted afresh that may not be kept (withheld, sealed, confidential now)."""
        self.refused.add(source.path)

    def save(self) -> None:
        """Write back what this export added.  The entries it did not use (a record gone or changed)
        are dropped once the file holds too many of them (exports.picklelog), and at once where the
        record now may not be kept: a public record made confidential leaves no trace here."""
        if self.path:
            picklelog.save(self.path, self.context, self.loaded, self.added, self.used, compact=self._narrowed())
            self.added = {}

    def _narrowed(self) -> bool:
        """Whether a record kept before now hides what its old entry shows: it may not be kept at
        all, or it withholds a field (or itself) that the old entry did not."""
        stale = self.entries.keys() - self.used
        if not stale:
            return False
        now = {key[1]: key for key in self.used}  # path -> its entry in this export
        for key in stale:
            path = key[1]
            if path in self.refused:
                return True
            if path in now and not _hidden(self.entries[now[path]][2]) <= _hidden(self.entries[key][2]):
                return True
        return False


def _hidden(named: Withholds) -> set[tuple[str, str | None]]:
    return {(scope, name) for _item, scope, _reason, name in named}
