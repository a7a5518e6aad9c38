"""Verifiable redaction: a salted SHA-256 commitment for everything withheld.

The store keeps one secret key, ``.council/export-salt`` (64 hex digits,
created on the first export; ``.council/`` is never committed to git).  From
it each withheld item gets its own salt, so revealing one item's salt to an
auditor reveals nothing about any other item::

    salt       = HMAC-SHA256(key, "council-export-salt/1" 0x00 commit 0x00 item)
    commitment = SHA-256(salt || item || 0x00 || value)

``item`` names what was withheld (``DEC-2026-014`` for a whole record,
``DEC-2026-014#body`` for one field) and ``value`` is its exact bytes: the
record file as stored in git for a whole record, or the canonical JSON of the
field's value (:func:`canonical_value`).  The salt is 256 random-looking bits,
so the public learns nothing from a commitment, not even whether two withheld
values are equal; an auditor shown the value and its salt recomputes the hash
(:func:`check`).  ``docs/export-schema.md`` walks through it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from exports.options import ExportError

KEY_FILE = "export-salt"
SALT_LABEL = b"council-export-salt/1"


def load_key(meta_dir: Path) -> bytes:
    """The store's export key, created (readable by its owner only) on first use."""
    path = meta_dir / KEY_FILE
    if not path.exists():
        meta_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another export created it first: use theirs
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
    text = path.read_text().strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise ExportError(f"{path} does not hold an export key (64 hex digits); restore it from a backup, "
                          "or delete it to start a new key (earlier commitments then cannot be opened)")
    return key


def item_salt(key: bytes, commit: str, item: str) -> bytes:
    message = SALT_LABEL + b"\0" + commit.encode() + b"\0" + item.encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).digest()


def commitment(salt: bytes, item: str, value: bytes) -> str:
    return hashlib.sha256(salt + item.encode("utf-8") + b"\0" + value).hexdigest()


def canonical_value(value: Any) -> bytes:
    """A field value as canonical JSON: sorted keys, no spaces, UTF-8, ISO dates."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=_iso).encode("utf-8")


def _iso(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot commit to a {type(value).__name__}")


def check(expected: str, salt_hex: str, item: str, value: bytes) -> bool:
    """Does ``value`` with ``salt_hex`` open the commitment ``expected`` for ``item``?"""
    try:
        salt = bytes.fromhex(salt_hex)
    except ValueError:
        return False
    return hmac.compare_digest(commitment(salt, item, value), expected.lower())
