"""An SSH private key file, read for its public half without ssh-keygen (issue 16).

Every key Council uses, to sign and to open sealed records, is an ed25519
key in OpenSSH's own format (what `ssh-keygen -t ed25519` writes).  That
format keeps the public key in the clear ahead of the private part, even
when a passphrase protects the key, so the public half is read here with
no passphrase and no tool; and a file that is not such a key is named for
what it is (a public key, an RSA key, a PEM file, something else) instead
of the raw output of ssh-keygen or libcrypto reaching the user.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

from council.errors import StoreError

OPENSSH_BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----"
OPENSSH_END = "-----END OPENSSH PRIVATE KEY-----"
_MAGIC = b"openssh-key-v1\x00"
_PUBLIC_KINDS = ("ssh-", "ecdsa-", "sk-")
_PEM_KINDS = {"RSA": "an RSA", "EC": "an ECDSA", "DSA": "a DSA", "ENCRYPTED": "an encrypted PKCS#8", "": "a PKCS#8"}
NEEDED = "an ed25519 OpenSSH private key is needed (create one with `ssh-keygen -t ed25519 -f PATH`)"


class KeyFileError(StoreError):
    """A file given as a private key is not one Council can use."""


def public_line(path: Path) -> str:
    """The public key line (``ssh-ed25519 AAAA...``) of the ed25519 OpenSSH private key at ``path``."""
    text = _read(path).strip()
    first = text.split(None, 1)[0] if text else ""
    if first.startswith(_PUBLIC_KINDS):
        raise KeyFileError(f"{path} is a public key ({first}), given where the private key is needed: "
                           "give the private key file (the one without .pub)")
    if text.startswith("-----BEGIN ") and text.split("\n", 1)[0].endswith(" PRIVATE KEY-----"):
        if not text.startswith(OPENSSH_BEGIN):
            label = text.split("\n", 1)[0].removeprefix("-----BEGIN ").removesuffix("PRIVATE KEY-----").strip()
            raise KeyFileError(f"{path} is {_PEM_KINDS.get(label, 'a PEM')} private key in PEM form: {NEEDED}")
    if not text.startswith(OPENSSH_BEGIN) or not text.endswith(OPENSSH_END):
        raise KeyFileError(f"{path} is not an SSH private key (expected the '{OPENSSH_BEGIN}' file that "
                           f"`ssh-keygen -t ed25519` writes): {NEEDED}")
    blob = _public_blob(text, path)
    kind = _strings(blob, 1)[0].decode("ascii", errors="replace") if _strings(blob, 1) else "?"
    if kind != "ssh-ed25519":
        raise KeyFileError(f"{path} holds a key of type {kind}: {NEEDED}")
    return f"ssh-ed25519 {base64.b64encode(blob).decode()}"


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KeyFileError(f"no key at {path}: create one with `ssh-keygen -t ed25519 -f {path}`") from None
    except IsADirectoryError:
        raise KeyFileError(f"{path} is a directory, not a private key file") from None
    except OSError as exc:
        raise KeyFileError(f"the key file {path} cannot be read: {exc.strerror}") from None
    return data[:64_000].decode("ascii", errors="replace")


def _public_blob(text: str, path: Path) -> bytes:
    """The first public key of an ``openssh-key-v1`` file (magic, cipher, kdf, kdf options, count, keys)."""
    body = "".join(text.split("\n")[1:-1]).strip()
    try:
        data = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        data = b""
    fields = _strings(data[len(_MAGIC):], 3) if data.startswith(_MAGIC) else []
    at = len(_MAGIC) + sum(4 + len(f) for f in fields)
    count = int.from_bytes(data[at:at + 4], "big") if len(fields) == 3 else 0
    keys = _strings(data[at + 4:], 1) if count >= 1 else []
    if not keys:
        raise KeyFileError(f"{path} is damaged: its OpenSSH private key holds no readable public key")
    return keys[0]


def _strings(data: bytes, count: int) -> list[bytes]:
    """The first ``count`` SSH wire strings of ``data`` (fewer if it is too short)."""
    out: list[bytes] = []
    at = 0
    while len(out) < count and at + 4 <= len(data):
        size = int.from_bytes(data[at:at + 4], "big")
        if at + 4 + size > len(data):
            break
        out.append(data[at + 4:at + 4 + size])
        at += 4 + size
    return out
