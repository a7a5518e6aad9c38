"""Which parts of a record are sealed, and to whom: issue 16's rules, pure functions.

One rule, three uses (docs/rules.md): the write path seals what these
functions name, `verify` checks every sealed value against them at every
commit, and sync refuses a partner's commit that breaks them.

- **Readers.** A record's ``readers`` names the parties (every serving member
  of the party) or members that may read its confidential and privileged
  content.  Under a charter whose publication policy sets ``sealing = true``,
  a record with such content must name them.
- **What is sealed.** Every piece of text at a confidential or privileged
  level (the record's own sensitivity, or a ``field_sensitivity`` entry):
  string fields, the body, string fields of nested tables, and each entry
  of a list of strings (``warranties[0]``, sealed as its own value).  A
  sealed value is stored under its concrete path (``body``,
  ``liability_cap``, ``licenses[0].royalty``) in the record's ``[sealed]``
  table.
- **What may never be sealed.** What the rules and `verify` read on every
  replica with no key: IDs and references, votes, attendance, tiers,
  outcomes, amends, shares, dates, numbers and enumerated values
  (:data:`NEVER_SEALED`, plus the publication policy's ``never_sealed``).  A
  field sensitivity that would seal one is refused, naming it; a record-level
  sensitivity leaves them in the clear.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import typing
from collections.abc import Iterable, Iterator
from typing import Any

from council.charter import Charter
from council.errors import RecordError
from council.records import Member, Part, Record
from council.records.convert import _element, _schema
from council.sealing import ReaderKey, SealError, check_reader_key

SEALED_LEVELS = ("confidential", "privileged")

# Text the rules, verify and sync read: references to records, parties and
# members, and the facts of a proceeding.  Numbers, dates, booleans and
# enumerated values are never text, so they are never sealed either.
NEVER_SEALED = frozenset({
    "id", "readers", "sealed", "sensitivity", "field_sensitivity", "signing_key", "signature",
    "party", "parties", "owner", "owners", "provider", "bearing_party", "reported_by", "raised_by", "against",
    "member", "members", "by", "who", "mover", "seconder", "chair", "secretary", "licensee", "accountable",
    "responsible", "consulted", "informed", "decision", "dispute", "meeting", "amends", "votes", "vote",
    "attendance", "tier", "outcome", "quorum", "rule", "settings", "role", "asset", "ip_asset", "refs",
    "datasets", "manifest", "manifest_digest", "email", "name", "moved_by", "seconded_by", "casting_by",
    "motion", "quorum_note", "outcome_note", "minutes_approved_at", "change",
    # A title names the record wherever it is listed (the dashboard, the palette, the
    # registers, commit messages); a notification's reference is the evidence both
    # parties check the notification clocks against.  Both stay clear.
    "title", "reference",
    # Lists the release gate and recall read on every replica: an artifact's lineage, and the
    # terms a release is checked against (purposes, prohibitions, transfers, licence obligations).
    "parents", "permitted_purposes", "prohibited_transformations", "transfers_to", "oss_obligations",
})
_INDEX = re.compile(r"\[\d+\]")


def template(path: str) -> str:
    """A concrete path without its list positions: ``licenses[0].royalty`` -> ``licenses.royalty``."""
    return _INDEX.sub("", path)


def level_of(record: Record, path: str) -> str:
    """The sensitivity of the value at a concrete path: the most specific entry that names it."""
    own = getattr(record, "field_sensitivity", {}) or {}
    parts = template(path).split(".")
    for end in range(len(parts), 0, -1):
        found = own.get(".".join(parts[:end]))
        if found:
            return str(found)
    return str(getattr(record, "sensitivity", "internal"))


def unsealable(cls: type, path: str, charter: Charter | None = None) -> str | None:
    """Why the field at ``path`` (dotted, no positions) may never be sealed, or None if it may."""
    extra = charter.never_sealed if charter is not None else ()
    parts = template(path).split(".")
    if parts == ["body"]:
        return None
    if any(p in NEVER_SEALED or p in extra for p in parts):
        return "the rules and verify read it on every replica, with no key"
    hint: Any = cls
    for part in parts:
        owner = _element(hint)
        if not (isinstance(owner, type) and dataclasses.is_dataclass(owner)):
            return "it is not a field of this record"
        hints, known = _schema(owner)
        if part not in known:
            return "it is not a field of this record"
        if "choices" in known[part].metadata:
            return "it holds one of a fixed set of values, which the rules read"
        hint = hints[part]
    if hint is not str and not is_text_list(hint):
        return "only text is sealed: numbers, dates, yes/no values and tables stay in the clear"
    return None


def is_text_list(hint: Any) -> bool:
    """A field typed ``list[str]``: each entry is text, sealed as its own value (``warranties[0]``)."""
    return typing.get_origin(hint) is list and typing.get_args(hint) == (str,)


def check_sealing(record: Record, charter: Charter) -> None:
    """Refuse readers or sensitivities that sealing could not honour, naming the field."""
    readers = list(getattr(record, "readers", []) or [])
    if not readers and not charter.sealing:
        return  # nothing below can refuse: no readers named and a charter that seals nothing (issue 18)
    own = getattr(record, "field_sensitivity", {}) or {}
    for key, level in own.items():
        if level in SEALED_LEVELS and (readers or charter.sealing):
            why = unsealable(type(record), key, charter)
            if why:
                raise RecordError(record.id, f"field_sensitivity.{key}",
                                  f"a field that may be sealed ('{key}' may never be sealed: {why}; "
                                  "the charter's publication policy keeps it in the clear)", level)
    secret = [p for p, _ in _text_paths(record) if level_of(record, p) in SEALED_LEVELS
              and unsealable(type(record), p, charter) is None]
    if readers and not secret:
        raise RecordError(record.id, "readers", "readers only on a record with confidential or privileged "
                          "text (nothing here would be sealed)", readers)
    held = [p for p in secret if value_at(record, p) or p in (getattr(record, "sealed", {}) or {})]
    if charter.sealing and not readers and held:
        raise RecordError(record.id, "readers", f"the parties or members that may read its {level_of(record, held[0])} "
                          f"content ('{held[0]}'; the charter's publication policy seals it)", "none named")


def check_readers_named(record: Record, charter: Charter) -> None:
    """Refuse a record at a sealed level that names no readers, under a charter that seals,
    even before it holds any text: its text would be refused later, and guessing its readers
    would let the wrong party read it.  Called where a person is asked for the readers (the
    use cases' ``readers`` parameter); the write path's rule is :func:`check_sealing`."""
    if not charter.sealing or getattr(record, "readers", None):
        return
    secret = [p for p in text_paths(record) if level_of(record, p) in SEALED_LEVELS
              and unsealable(type(record), p, charter) is None]
    if secret:
        raise RecordError(record.id, "readers", f"the parties or members that may read its "
                          f"{level_of(record, secret[0])} content (the charter's publication policy seals it)",
                          "none named")


def sealed_paths(record: Record, charter: Charter | None = None) -> list[str]:
    """The concrete paths of the text the write path seals in ``record`` (non-empty values only)."""
    if not getattr(record, "readers", None):
        return []
    return [path for path, value in _text_paths(record)
            if value and level_of(record, path) in SEALED_LEVELS
            and unsealable(type(record), path, charter) is None]


def _text_paths(record: Record) -> Iterator[tuple[str, str]]:
    """Every string in the record that sealing could hold, with its concrete path."""
    yield "body", record.body_text
    for f in dataclasses.fields(record):
        if f.name not in NEVER_SEALED and f.name != "body":
            yield from _strings(getattr(record, f.name), f.name)


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list) and value and isinstance(value[0], Part):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")
    elif isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        for i, item in enumerate(value):
            yield f"{path}[{i}]", item
    elif isinstance(value, Part):
        for f in dataclasses.fields(value):
            if f.name not in NEVER_SEALED:
                yield from _strings(getattr(value, f.name), f"{path}.{f.name}")


def text_paths(record: Record) -> list[str]:
    """The concrete path of every piece of text sealing could hold in ``record``."""
    return [path for path, _ in _text_paths(record)]


def value_at(record: Record, path: str) -> str:
    """The text at a concrete path ('' if the path holds none)."""
    return dict(_text_paths(record)).get(path, "")


def with_values(record: Record, values: dict[str, str]) -> Record:
    """``record`` with the text at each concrete path replaced (the rest as it was)."""
    changes: dict[str, Any] = {}
    for path, text in values.items():
        head, _, rest = path.partition(".")
        name, _, pos = head.partition("[")
        if not rest and not pos:
            changes[name] = text
            continue
        items = list(changes.get(name, getattr(record, name)))
        i = int(pos.rstrip("]"))
        items[i] = _set(items[i], rest, text) if rest else text  # an entry of a list of strings
        changes[name] = items
    return dataclasses.replace(record, **changes)


def _set(part: Any, path: str, text: str) -> Any:
    head, _, rest = path.partition(".")
    name, _, pos = head.partition("[")
    if not rest and not pos:
        return dataclasses.replace(part, **{name: text})
    items = list(getattr(part, name))
    i = int(pos.rstrip("]"))
    items[i] = _set(items[i], rest, text) if rest else text
    return dataclasses.replace(part, **{name: items})


def reader_keys(record: Record, members: Iterable[Member], parties: Iterable[str],
                day: dt.date) -> list[ReaderKey]:
    """The keys a record's sealed values are sealed to on ``day``: every serving member of
    each named party, and each named member; refused, naming the reader, if one cannot read."""
    members = list(members)
    by_id = {m.id: m for m in members}
    party_ids = set(parties)
    keys: dict[str, ReaderKey] = {}
    for reader in getattr(record, "readers", []) or []:
        if reader in party_ids:
            serving = [m for m in members if m.party == reader and m.serves_on(day)]
            keyed = [m for m in serving if m.signing_key]
            if not keyed:
                raise RecordError(record.id, "readers", f"a party with a serving member who has a registered "
                                  f"key ({reader} has none: register one with `council member key`)", reader)
            chosen = keyed
        elif reader in by_id:
            member = by_id[reader]
            if not member.serves_on(day):
                raise RecordError(record.id, "readers", f"a serving member ({reader}'s term is not running "
                                  f"on {day.isoformat()})", reader)
            if not member.signing_key:
                raise RecordError(record.id, "readers", f"a member with a registered key ({reader} has none: "
                                  "register one with `council member key`)", reader)
            chosen = [member]
        else:
            raise RecordError(record.id, "readers", "the ID of a party or a member of this council", reader)
        for member in chosen:
            try:
                key = check_reader_key(member.signing_key, member.id)
            except SealError as exc:
                raise RecordError(record.id, "readers", f"readers whose keys can open sealed records ({exc})",
                                  member.id) from None
            keys[key.line] = key
    return [keys[line] for line in sorted(keys)]


def reader_names(record: Record) -> str:
    """Who a sealed value is for, in the words a placeholder shows ("northgate and meridian")."""
    readers = list(getattr(record, "readers", []) or [])
    return " and ".join(readers) if readers else "its readers"


def unreadable_to(record: Record, member: Member, charter: Charter | None = None) -> list[str]:
    """The places of ``record`` holding text ``member`` gives that will be sealed where
    neither they nor their party can read it back (neither is among its readers).

    A non-reader holds every kept sealed value empty, so text in a sealed place of
    what they write is text they typed: a note on a dispute sealed to the other party.
    """
    readers = set(getattr(record, "readers", []) or [])
    if not readers or member.id in readers or member.party in readers:
        return []
    return [path for path in sealed_paths(record, charter)
            if not value_at(record, path).startswith("[sealed for ")]


def place_words(path: str) -> str:
    """A sealed place as a user reads it: ``stages[2].note`` is "the note of stage 3"."""
    parts = []
    for part in reversed(path.split(".")):
        name, _, pos = part.partition("[")
        words = name.replace("_", " ")
        if pos:
            words = _singular(words) + f" {int(pos.rstrip(']')) + 1}"
        parts.append(words)
    return "the " + " of ".join(parts)


def _singular(words: str) -> str:
    if words.endswith("ies"):
        return words[:-3] + "y"
    return words[:-1] if words.endswith("s") else words
