"""Reading what a person typed: dates, moments, whole numbers, lists of IDs.

One parser for the CLI's options, the TUI's forms and the use cases, so that
the same input is read the same way everywhere and refused with the same
message: a :class:`RecordError` naming the record (or the option, or the
form), the field and what was expected, in the user's words.
"""

from __future__ import annotations

import datetime as dt

from council.errors import RecordError

DATE_EXPECTED = "a date YYYY-MM-DD"
MOMENT_EXPECTED = "a date and time, e.g. 2026-11-21 14:30 (UTC) or 2026-11-21T14:30+01:00"


def parse_date(text: str, where: str, field: str = "date") -> dt.date:
    """``2026-04-10`` -> a date; anything else is refused naming ``where`` and ``field``."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RecordError(where, field, DATE_EXPECTED, text) from None


def parse_day(text: str, default: dt.date, where: str = "form", field: str = "date") -> dt.date:
    """A date typed in a form, or ``default`` when the field was left empty."""
    return parse_date(text, where, field) if text.strip() else default


def is_date(text: str) -> bool:
    """Whether ``text`` reads as a date YYYY-MM-DD (a form checks before it is sent)."""
    try:
        parse_date(text, "form")
    except RecordError:
        return False
    return True


def parse_moment(text: str, where: str = "notification", field: str = "at") -> dt.datetime:
    """``2026-11-21 14:30`` (taken as UTC) or with an offset, ``2026-11-21T14:30+01:00``."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise RecordError(where, field, MOMENT_EXPECTED, text) from None
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=dt.UTC)


def parse_whole(text: str, record_id: str, name: str, low: int = 1, high: int | None = None) -> int:
    """A whole number typed in a form, refused with the record and field it was meant for."""
    expected = f"a whole number from {low} to {high}" if high else f"a whole number of {low} or more"
    try:
        value = int(str(text).strip())
    except ValueError:
        raise RecordError(record_id, name, expected, text) from None
    if value < low or (high is not None and value > high):
        raise RecordError(record_id, name, expected, value)
    return value


def split_ids(text: str) -> list[str]:
    """``ada, hosp`` -> ``["ada", "hosp"]`` (commas or spaces between IDs)."""
    return [part for part in text.replace(",", " ").split() if part]


def parse_ed25519_key(text: str, record: str, field: str = "signing_key") -> str:
    """An OpenSSH ed25519 public key line (``ssh-ed25519 AAAA... comment``), as it was typed.

    A plain parse of the key's wire format (RFC 8709: the key type, then the
    32-byte key), so that a truncated paste, a private key or an RSA key is
    refused here rather than when the first signature fails to verify.  No
    cryptography: whether the key signs is for ``ssh-keygen`` to say.
    """
    expected = "an ed25519 public key line: ssh-ed25519 AAAA... (the contents of a .pub file)"
    parts = text.strip().split()
    if len(parts) < 2 or parts[0] != "ssh-ed25519":
        raise RecordError(record, field, expected, text.strip()[:40])
    try:
        ed25519_blob(parts[1])
    except BadKey as exc:
        raise RecordError(record, field, f"{expected} ({exc})", parts[1][:20]) from None
    return " ".join(parts)


class BadKey(ValueError):
    """The base64 part of an SSH public key line is not a whole ed25519 key (the message says how)."""


def ed25519_blob(encoded: str) -> bytes:
    """The wire-format blob of an ssh-ed25519 public key (RFC 8709: the type, then 32 bytes)."""
    import base64
    import binascii

    try:
        blob = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise BadKey("its base64 does not decode") from None
    fields: list[bytes] = []
    at = 0
    while at + 4 <= len(blob) and len(fields) < 3:
        size = int.from_bytes(blob[at:at + 4], "big")
        fields.append(blob[at + 4:at + 4 + size])
        at += 4 + size
    if at != len(blob) or len(fields) != 2 or fields[0] != b"ssh-ed25519" or len(fields[1]) != 32:
        raise BadKey("the key inside is not a whole ed25519 key")
    return blob


def parse_actions(text: str, where: str, field: str = "actions") -> list[tuple[str, str, dt.date | None]]:
    """Action items typed one per line, ``what; owner; due``: ``Publish the form; gus; 2026-04-01``.

    The owner and the due date may be left out (``Publish the form``,
    ``Publish the form; gus``); a blank line is skipped.
    """
    items = []
    for n, line in enumerate(text.splitlines(), 1):
        parts = [p.strip() for p in line.split(";")]
        if not parts[0] and not any(parts):
            continue
        if not parts[0] or len(parts) > 3:
            raise RecordError(where, field, f"on line {n}, what is to be done; who; the day it is due "
                              "(YYYY-MM-DD), e.g. Publish the form; gus; 2026-04-01", line.strip())
        owner = parts[1] if len(parts) > 1 else ""
        due = parse_date(parts[2], where, field) if len(parts) > 2 and parts[2] else None
        items.append((parts[0], owner, due))
    return items
