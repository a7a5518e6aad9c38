"""Sealed values: one field's text encrypted with age to the readers' SSH keys.

Issue 16's building block, pure and keyless where it can be (no store, no
git): the write path seals, the CLI and TUI open, `verify` checks who can
read without any key. age is the `pyrage` package; nothing here is
hand-written cryptography.

- **One value, one armoured block.** Each sealed field is its own age file in
  ASCII armour, so a merge or a `git diff` of a record still shows which
  field changed; there is no file-wide MAC to break.
- **Bound to its place.** age has no associated data, so the sealed
  plaintext begins with a header line naming the record, the field path and
  a digest of the reader set; :func:`unseal` refuses a value pasted into
  another record or field, or sealed to other readers than the record names.
- **Who can read, checkable without a key.** An age ``ssh-ed25519`` stanza
  carries a tag (the first four bytes of the SHA-256 of the recipient's
  public key), so :func:`stanza_tags` lists, from the armour alone, which
  keys a value was sealed to; :func:`recipient_tag` gives a key's tag.
- **Only keys that can open.** A reader's key must be a plain
  ``ssh-ed25519`` key: hardware ``sk-ssh-ed25519`` keys cannot decrypt age,
  and other types are refused when registered (:func:`check_reader_key`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from council.errors import StoreError
from council.parse import BadKey, ed25519_blob

ARMOUR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"
ARMOUR_END = "-----END AGE ENCRYPTED FILE-----"
_AGE_VERSION = b"age-encryption.org/v1"
_ENVELOPE = "council-sealed/v1"  # the header line's own version, so the binding can change later
_ARMOUR_LINE = re.compile(r"[A-Za-z0-9+/]{1,64}={0,2}")


class SealError(StoreError):
    """A sealed value, or a key to seal or open one, is not what it must be.

    A StoreError: the store cannot open (or seal) what was asked, and the
    TUI reports it as plainly as the CLI does."""


class NeedsPassphrase(SealError):
    """The operator's key is protected by a passphrase and none was given."""


PASSPHRASE_VARIABLE = "COUNCIL_KEY_PASSPHRASE"  # council.settings reads it


class CannotOpen(SealError):
    """None of the keys given opens the value: sealed to others, or altered (:func:`altered` tells which)."""


def altered(record: str, field: str) -> SealError:
    """The error for a value sealed to the operator's key that still does not open: it was changed."""
    return SealError(f"the sealed value of {record} field '{field}' is sealed to your key but does not "
                     "open: it was altered after it was sealed (see its history: `council history "
                     f"{record}`)")


@dataclass(frozen=True)
class ReaderKey:
    """A reader's SSH public key, as registered: its type, its blob and its age tag."""

    kind: str
    blob: bytes
    comment: str = ""

    @property
    def line(self) -> str:
        """The key as one canonical authorized_keys line, without the comment."""
        return f"{self.kind} {base64.b64encode(self.blob).decode()}"

    @property
    def tag(self) -> str:
        return recipient_tag(self.blob)


def check_reader_key(line: str, owner: str = "the key") -> ReaderKey:
    """Parse one SSH public key line and refuse any that age cannot decrypt to."""
    parts = line.strip().split()
    if len(parts) < 2:
        raise SealError(f"{owner}: expected an SSH public key line such as 'ssh-ed25519 AAAA... name'")
    kind, encoded, comment = parts[0], parts[1], " ".join(parts[2:])
    if kind.startswith("sk-"):
        raise SealError(f"{owner}: {kind} is a hardware security key: it can sign but cannot open "
                        "sealed records (age cannot decrypt to it); register a plain ssh-ed25519 key")
    if kind != "ssh-ed25519":
        raise SealError(f"{owner}: expected an ssh-ed25519 key, got a {kind} key")
    try:
        blob = ed25519_blob(encoded)
    except BadKey as exc:
        raise SealError(f"{owner}: the key's base64 part is damaged or not an ssh-ed25519 public key ({exc})") from None
    return ReaderKey(kind, blob, comment)


def recipient_tag(blob: bytes) -> str:
    """The tag age writes in an ssh-ed25519 stanza for this public key (SSH wire format)."""
    return base64.b64encode(hashlib.sha256(blob).digest()[:4]).decode().rstrip("=")


def readers_digest(keys: Iterable[ReaderKey]) -> str:
    """A digest of a reader set, the same whatever the order the keys come in."""
    lines = sorted({key.line for key in keys})
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def seal(text: str, record: str, field: str, readers: Sequence[ReaderKey]) -> str:
    """Encrypt ``text`` for ``readers``, bound to ``record`` and ``field``; give the armour."""
    import pyrage  # deferred: only a write of sealed content pays for loading it

    if not readers:
        raise SealError(f"{record}: field '{field}': no reader has a registered key to seal it to")
    recipients = [pyrage.ssh.Recipient.from_str(key.line) for key in readers]
    header = json.dumps({"v": _ENVELOPE, "record": record, "field": field,
                         "readers": readers_digest(readers)}, sort_keys=True)
    sealed = pyrage.encrypt(f"{header}\n{text}".encode(), recipients, armored=True)
    armour = sealed.decode().strip() + "\n"
    remember(armour, text)
    return armour


def unseal(armour: str, identities: Sequence[object], record: str, field: str,
           readers: Sequence[ReaderKey] | None) -> str:
    """Decrypt a sealed value with the operator's identities and check where it belongs.

    ``readers`` None skips the reader-set check: a reader opening an old value
    whose readers' keys are no longer all registered (`verify` checked them
    when it was written)."""
    import pyrage

    check_armour(armour, record, field)
    try:
        plain = pyrage.decrypt(armour.encode(), list(identities)).decode()
    except pyrage.DecryptError:
        raise CannotOpen(f"{record}: field '{field}': this key cannot open it (sealed for other readers, "
                        "or the block was tampered with)") from None
    header_line, _, text = plain.partition("\n")
    try:
        header = json.loads(header_line)
    except json.JSONDecodeError:
        header = {}
    expected = {"readers": readers_digest(readers) if readers is not None else header.get("readers")}
    if header.get("record") != record or header.get("field") != field or header.get("v") != _ENVELOPE:
        raise SealError(f"{record}: field '{field}': the sealed value was made for "
                        f"{header.get('record', '?')} field '{header.get('field', '?')}': refused "
                        "(a sealed value cannot be moved between records or fields)")
    if header.get("readers") != expected["readers"]:
        raise SealError(f"{record}: field '{field}': the sealed value was made for other readers than "
                        "the record names: refused (re-seal it to the current readers)")
    remember(armour, text)
    return text


# What this process has sealed or opened: armour digest -> digest of its text.
# It lets the write path keep a sealed value whose text did not change (no
# churn in git), without keeping any plaintext beyond the record being edited.
_known: dict[str, str] = {}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def remember(armour: str, text: str) -> None:
    """Note that ``armour`` holds ``text`` (by digests only)."""
    if len(_known) > 10_000:
        _known.clear()
    _known[_digest(armour)] = _digest(text)


def holds(armour: str, text: str) -> bool | None:
    """Does ``armour`` hold ``text``? None when this process never saw it opened or sealed."""
    found = _known.get(_digest(armour))
    return None if found is None else found == _digest(text)


def check_armour(armour: str, record: str, field: str) -> bytes:
    """Refuse anything but canonical age armour; give the binary age file it holds."""
    lines = armour.strip("\n").split("\n")
    body = lines[1:-1]
    canonical = (len(lines) >= 3 and lines[0] == ARMOUR_BEGIN and lines[-1] == ARMOUR_END
                 and all(_ARMOUR_LINE.fullmatch(line) for line in body)
                 and all(len(line) == 64 for line in body[:-1]))
    if canonical:
        try:
            data = base64.b64decode("".join(body), validate=True)
        except (binascii.Error, ValueError):
            canonical = False
    if not canonical or not data.startswith(_AGE_VERSION + b"\n"):
        raise SealError(f"{record}: field '{field}': expected a sealed value in age armour "
                        f"({ARMOUR_BEGIN} ... {ARMOUR_END}), got something else")
    return data


def stanza_tags(armour: str, record: str = "sealed value", field: str = "?") -> list[str]:
    """The tags of the ssh-ed25519 stanzas in a sealed value's header: who it was sealed to."""
    data = check_armour(armour, record, field)
    header = data.split(b"\n---", 1)[0].decode("ascii", errors="replace")
    tags = []
    for line in header.split("\n")[1:]:
        parts = line.split(" ")
        if parts[0] != "->":
            continue
        if len(parts) > 1 and parts[1].endswith("-grease"):
            continue  # age's own random stanzas (it adds them so parsers stay lenient): open for no one
        if len(parts) != 4 or parts[1] != "ssh-ed25519":
            raise SealError(f"{record}: field '{field}': sealed to a recipient that is not an "
                            f"ssh-ed25519 key ({' '.join(parts[1:2]) or 'none'})")
        tags.append(parts[2])
    return tags


def sealed_to_exactly(armour: str, readers: Sequence[ReaderKey], record: str, field: str) -> list[str]:
    """What is wrong with who a sealed value opens for, against ``readers`` (empty: nothing)."""
    found = sorted(stanza_tags(armour, record, field))
    wanted = sorted(key.tag for key in readers)
    problems = []
    missing = sorted(set(wanted) - set(found))
    extra = sorted(set(found) - set(wanted))
    if missing:
        problems.append(f"{record}: field '{field}': not sealed to {len(missing)} of its readers' keys")
    if extra:
        problems.append(f"{record}: field '{field}': sealed to {len(extra)} key(s) of no current reader")
    return problems


@dataclass(frozen=True)
class OpenedKey:
    """The operator's private key as an age identity, and the stanza tag of its public half."""

    identity: object
    tag: str


def load_identity(path: Path, passphrase: str | None = None) -> object:
    """Open an OpenSSH ed25519 private key file as an age identity (the key never leaves memory)."""
    return load_key(path, passphrase).identity


def load_key(path: Path, passphrase: str | None = None) -> OpenedKey:
    """Open an OpenSSH ed25519 private key file: its age identity and its recipient tag."""
    import pyrage
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SealError(f"the private key file {path} does not exist") from None
    except OSError as exc:
        raise SealError(f"the private key file {path} cannot be read: {exc.strerror}") from None
    try:
        key = serialization.load_ssh_private_key(data, None if passphrase is None else passphrase.encode())
    except TypeError:  # cryptography's way to say: encrypted and no passphrase given
        raise NeedsPassphrase(f"the private key {path} is protected by a passphrase: give it in the "
                              f"environment variable {PASSPHRASE_VARIABLE} to open sealed records (a command "
                              "run at a terminal asks for it)") from None
    except ValueError:
        raise SealError(f"{path} is not an OpenSSH private key, or the passphrase is wrong") from None
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise SealError(f"the private key {path} is not an ed25519 key: sealed records open only with one")
    # pyrage reads only unencrypted OpenSSH keys: hand it the key re-encoded, in memory only.
    plain = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                              serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    tag = check_reader_key(public.decode(), str(path)).tag
    return OpenedKey(pyrage.ssh.Identity.from_buffer(plain), tag)
