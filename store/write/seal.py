"""The write path's sealing step: confidential text leaves memory only as age armour.

Run by :mod:`store.write.steps` after validation and before serialising, so
no plaintext of a sealed field is ever in a file, a blob, the journal or the
index (the index is fed the sealed records this step returns).  What is
sealed, and to whom, is :mod:`council.sealed_fields`; the cryptography is
:mod:`council.sealing`.

- A value whose text did not change keeps its armour (no churn in git),
  unless its readers changed (a term ended, a key rotated): then it is
  sealed again to the readers of today, which takes a reader's key.
- A record read without the key holds its sealed fields empty beside their
  armour: written back, the armour is kept as it is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from council import sealed_fields, sealing, settings
from council.charter import Charter
from council.errors import RecordError
from council.records import Member, Partnership, Record
from council.sealing import ReaderKey, SealError

if TYPE_CHECKING:
    from store.service import Store

_keys: dict[tuple[str, float], sealing.OpenedKey | SealError] = {}


def operator_key(store: "Store") -> sealing.OpenedKey | None:
    """The operator's key, opened (None when no key is configured)."""
    from store.write.signing import configured_key  # the one place that knows where the key is

    path = configured_key(store)
    return None if path is None else key_from(path, store.ask_passphrase)


def operator_identities(store: "Store") -> list[object]:
    """The operator's key as an age identity ([] when no key is configured)."""
    key = operator_key(store)
    return [] if key is None else [key.identity]


def key_from(path: Path, ask: Callable[[Path], str] | None = None) -> sealing.OpenedKey:
    """Open the private key at ``path``, once a process: with COUNCIL_KEY_PASSPHRASE if it has
    one, else with what ``ask`` gives (asked once: a wrong answer is kept as the error)."""
    try:
        stamp = path.stat().st_mtime
    except OSError:
        stamp = -1.0
    key = (str(path), stamp)
    if key not in _keys:
        try:
            _keys[key] = sealing.load_key(path, settings.current().key_passphrase)
        except sealing.NeedsPassphrase:
            if ask is None:
                raise
            try:
                _keys[key] = sealing.load_key(path, ask(path) or None)
            except SealError as exc:
                _keys[key] = exc
    found = _keys[key]
    if isinstance(found, SealError):
        raise found
    return found


def seal_records(store: "Store", records: list[Record], day: dt.date, charter: Charter,
                 force: bool = False) -> list[Record]:
    """The records as they will be committed: every sealed text in armour, its field emptied."""
    if not any(getattr(r, "readers", None) or getattr(r, "sealed", None) for r in records):
        return records
    members = {m.id: m for m in store.members()}
    members.update({r.id: r for r in records if isinstance(r, Member)})
    partnership = next((r for r in records if isinstance(r, Partnership)), store.partnership())
    parties = [p.id for p in partnership.parties] if partnership else []
    opener = _Opener(store)
    return [seal_record(r, list(members.values()), parties, day, charter, opener, force, store.get(r.id))
            for r in records]


# A sealed value shorter than this is not looked for in the commit message: "Yes" or
# "N/A" would refuse harmless messages, and so short a text says little on its own.
QUOTE_MIN = 8
# One line of a longer sealed value: long enough that a clear message would not hold it by chance.
QUOTE_LINE_MIN = 20
# A part of one: this many words running together, of at least QUOTE_RUN_MIN characters
# (a title cut to fit a subject line still says what it was).  Four words were too few:
# "resolve DSP-001 at the council stage" quoted "Settled at the council stage by ...".
QUOTE_RUN_WORDS = 5
QUOTE_RUN_MIN = 24
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def sealed_texts(records: list[Record], charter: Charter) -> dict[str, tuple[str, str]]:
    """Each text the write is about to seal -> (record ID, field path), for the message check."""
    out: dict[str, tuple[str, str]] = {}
    for record in records:
        for path in sealed_fields.sealed_paths(record, charter):
            value = sealed_fields.value_at(record, path)
            text = " ".join(value.split())
            if len(text) >= QUOTE_MIN and not text.startswith("[sealed for "):
                out.setdefault(text, (record.id, path))
            # A message built from the first line of a sealed body quotes it in part:
            # each long enough line is looked for on its own as well.
            for line in value.splitlines():
                part = " ".join(line.split())
                if len(part) >= QUOTE_LINE_MIN and not part.startswith("[sealed for "):
                    out.setdefault(part, (record.id, path))
    return out


def refuse_quoted(message: str, texts: dict[str, tuple[str, str]]) -> None:
    """A commit message is in the clear in every replica: it may not quote what is sealed,
    whole, a line of it, or a run of its words (whatever the case and punctuation)."""
    flat = " ".join(message.split())
    said = set(word_runs(message))
    for text, (record_id, path) in texts.items():
        if text in flat or any(run in said for run in word_runs(text)):
            raise RecordError(record_id, path, "a commit message that does not quote this sealed text (the "
                              "message is readable in every replica; say what changed without its words)",
                              "quoted in the message")


def word_runs(text: str) -> list[str]:
    """Every QUOTE_RUN_WORDS words running together in ``text`` that make at least
    QUOTE_RUN_MIN characters, case folded: the parts of it worth looking for."""
    words = _WORD.findall(text.casefold())
    runs = (" ".join(words[i:i + QUOTE_RUN_WORDS]) for i in range(len(words) - QUOTE_RUN_WORDS + 1))
    return [run for run in runs if len(run) >= QUOTE_RUN_MIN]


class _Opener:
    """Opens a kept sealed value when the write needs its text; asks for the key only then."""

    def __init__(self, store: "Store") -> None:
        self.store = store

    def open(self, record: Record, path: str, armour: str, why: str, sealed_at: str = "") -> str:
        """The text of ``armour`` (sealed at ``sealed_at``, by default ``path``), or a refusal naming ``path``."""
        try:
            found = operator_identities(self.store)
        except SealError as exc:
            raise RecordError(record.id, path, f"the operator's key to {why} ({exc})") from None
        if not found:
            raise RecordError(record.id, path, f"a reader's key to {why}: set one with "
                              "`council operator MEMBER --key PATH`, or ask a reader to run `council reseal`")
        try:
            return sealing.unseal(armour, found, record.id, sealed_at or path, None)
        except SealError as exc:
            raise RecordError(record.id, path, f"a reader's key to {why} ({exc})") from None


def seal_record(record: Record, members: list[Member], parties: list[str], day: dt.date,
                charter: Charter, opener: _Opener, force: bool = False, before: Record | None = None) -> Record:
    """One record sealed to its readers on ``day`` (``force``: seal every value anew);
    ``before`` is the record as the store holds it, if it does."""
    paths = set(sealed_fields.text_paths(record))
    # A sealed value whose place is gone (a list entry removed) goes with it.
    held = {p: a for p, a in (getattr(record, "sealed", {}) or {}).items() if p in paths}
    readers = list(getattr(record, "readers", []) or [])
    keys = sealed_fields.reader_keys(record, members, parties, day) if readers else []
    filled = _texts_to_fill(record, held, before, keys, charter, opener, force)
    opened = sealed_fields.with_values(record, filled) if filled else record
    out: dict[str, str] = {}
    wanted = sealed_fields.sealed_paths(opened, charter)
    for path in wanted:
        text, old = sealed_fields.value_at(opened, path), held.get(path)
        if text.startswith("[sealed for ") and text.endswith("]"):  # store.sealed.placeholder
            raise RecordError(record.id, path, "the field's text, not the placeholder shown where it is "
                              "sealed (edit the record as the store holds it)", text)
        if text == _KEPT and old is not None:
            out[path] = old  # not opened, readers unchanged: kept byte for byte
        elif old is not None and not force and sealing.holds(old, text) \
                and not sealing.sealed_to_exactly(old, keys, record.id, path):
            out[path] = old
        else:
            out[path] = sealing.seal(text, record.id, path, keys)
    cleared = sealed_fields.with_values(opened, {p: "" for p in wanted})
    return dataclasses.replace(cleared, sealed=dict(sorted(out.items())))


def _texts_to_fill(record: Record, held: dict[str, str], before: Record | None, keys: list[ReaderKey],
                   charter: Charter, opener: _Opener, force: bool) -> dict[str, str]:
    """path -> the text to seal there, for each sealed place whose text is not in ``record``:
    opened (moved, or to be sealed to new readers), or _KEPT (kept byte for byte)."""
    stored = getattr(record, "sealed", {}) or {}
    places = set(held)
    if before is not None:  # a place an entry with sealed text moved to, which held nothing before
        places |= {p for p in sealed_fields.text_paths(record) if _moved_from(before, record, p) in stored}
    filled: dict[str, str] = {}
    for path in sorted(places):
        armour = held.get(path)
        if armour is not None:
            sealing.check_armour(armour, record.id, path)
        if sealed_fields.value_at(record, path):
            continue  # its text is here: sealed again below if it changed
        if armour is not None and before is not None and _text_list_cut(before, record, path):
            raise RecordError(record.id, path.partition("[")[0], "the list with its texts to remove an entry "
                              "(held sealed, its entries are all empty, so which one was cut cannot be told: write "
                              "it opened with a reader's key, or whole with new texts)", "an entry fewer, unopened")
        moved = _moved_from(before, record, path) if before is not None else None
        if moved:
            # Each armour names its place inside its sealed text (record, field, list position): the
            # text of an entry that moved is its old place's, opened and sealed again at the new one.
            filled[path] = "" if moved not in stored else opener.open(
                record, path, stored[moved], "move the list entry that holds it (its sealed text is tied to "
                "its place in the list)", sealed_at=moved)
        elif armour is None:
            continue
        elif _needs_text(record, path, armour, keys, charter, force):
            filled[path] = opener.open(record, path, armour, "seal it again to its readers of today")
        else:
            filled[path] = _KEPT
    return filled


def _moved_from(before: Record, record: Record, path: str) -> str | None:
    """The path the text at ``path`` had in ``before``, if its list entry moved there from another place."""
    here = _entry(record, path)
    if here is None or isinstance(here, str) or _entry(before, path) == here:
        # Not in a list, or where it was; an entry of a list of strings is its place (its text
        # held sealed is empty, like every other's, so it cannot be told to have moved).
        return None
    head, dot, rest = path.partition(".")
    name = head.partition("[")[0]
    for j, entry in enumerate(getattr(before, name, None) or []):
        if entry == here:
            return f"{name}[{j}]{dot}{rest}"
    return None  # changed in place, or new: the armour at this place is its own


def _text_list_cut(before: Record, record: Record, path: str) -> bool:
    """Is ``path`` an entry of a list of strings that is shorter than it was? Its entries held
    sealed are all empty: which one was cut cannot be told, so no armour may be kept for it."""
    if not isinstance(_entry(record, path), str):
        return False
    name = path.partition("[")[0]
    return len(getattr(record, name)) < len(getattr(before, name, None) or [])


def _entry(record: Record | None, path: str) -> object:
    """The list entry holding the text at ``path`` (``stages[1]`` for ``stages[1].note``);
    None for text outside a list, or where the record has no such entry."""
    name, _, pos = path.split(".")[0].partition("[")
    items = getattr(record, name, None) if record is not None and pos else None
    i = int(pos.rstrip("]")) if pos else 0
    return items[i] if isinstance(items, list) and i < len(items) else None


# Stands for a kept value's text while the record is being sealed; never written.
_KEPT = "\x00sealed value kept as it is\x00"


def _needs_text(record: Record, path: str, armour: str, keys: list[ReaderKey], charter: Charter,
                force: bool) -> bool:
    """Must a kept value (its text not in memory) be opened to write the record?"""
    if force:
        return True
    if path not in sealed_fields.sealed_paths(sealed_fields.with_values(record, {path: "x"}), charter):
        return True  # no longer sealed (the sensitivity went down, the readers went): back in the clear
    return bool(sealing.sealed_to_exactly(armour, keys, record.id, path))  # readers changed


def unreadable_notes(store: "Store", records: list[Record], charter: Charter) -> tuple[str, ...]:
    """A warning for each record the operator writes text into that they cannot read back:
    sealed to readers that name neither them nor their party (committed all the same)."""
    member_id = store.operator_id()
    member = store.get(member_id) if member_id else None
    if not isinstance(member, Member):
        return ()
    notes = []
    for record in records:
        places = sealed_fields.unreadable_to(record, member, charter)
        if places:
            words = " and ".join(sealed_fields.place_words(p) for p in places[:3])
            more = f" (and {len(places) - 3} more)" if len(places) > 3 else ""
            notes.append(f"{record.id}: {words}{more} you wrote is sealed for "
                         f"{sealed_fields.reader_names(record)} alone; neither you ({member.id}) nor "
                         f"{member.party} can read it back. Name {member.party} among its readers to keep it readable.")
    return tuple(notes)
