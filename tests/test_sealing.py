"""Sealed values (council/sealing.py): age to the readers' SSH keys, bound to their place.

Keys are made with `cryptography` in memory and written under tmp_path, so
the tests need no ssh-keygen and no key of the machine's.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pyrage
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from council import sealing
from council.sealing import SealError, check_reader_key

FIELD = "licences[0].royalty"


def make_key(path: Path, passphrase: bytes | None = None) -> sealing.ReaderKey:
    """Write an OpenSSH ed25519 private key to ``path``; give its public key as registered."""
    key = ed25519.Ed25519PrivateKey.generate()
    crypt = serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, crypt))
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return check_reader_key(public.decode() + " " + path.name)


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, sealing.ReaderKey]]:
    folder = tmp_path_factory.mktemp("keys")
    out = {}
    for name, passphrase in (("ada", None), ("ben", b"horse battery"), ("eve", None)):
        out[name] = (folder / name, make_key(folder / name, passphrase))
    return out


def identity(keys, name: str):
    path, _ = keys[name]
    return sealing.load_identity(path, "horse battery" if name == "ben" else None)


def readers(keys, *names: str) -> list[sealing.ReaderKey]:
    return [keys[name][1] for name in names]


# --- sealing and opening ------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(text=st.text(max_size=300))
def test_every_reader_opens_what_was_sealed_to_them(keys, text: str) -> None:
    armour = sealing.seal(text, "IP-001", FIELD, readers(keys, "ada", "ben"))
    for name in ("ada", "ben"):
        got = sealing.unseal(armour, [identity(keys, name)], "IP-001", FIELD, readers(keys, "ben", "ada"))
        assert got == text


def test_an_outsider_cannot_open_it(keys) -> None:
    armour = sealing.seal("4% of net revenue", "IP-001", FIELD, readers(keys, "ada"))
    with pytest.raises(SealError, match="this key cannot open it"):
        sealing.unseal(armour, [identity(keys, "eve")], "IP-001", FIELD, readers(keys, "ada"))
    assert "4%" not in armour


def test_a_value_pasted_into_another_record_or_field_is_refused(keys) -> None:
    armour = sealing.seal("4%", "IP-001", FIELD, readers(keys, "ada"))
    ada = [identity(keys, "ada")]
    with pytest.raises(SealError, match="made for IP-001 field 'licences\\[0\\].royalty'"):
        sealing.unseal(armour, ada, "IP-002", FIELD, readers(keys, "ada"))
    with pytest.raises(SealError, match="cannot be moved between records or fields"):
        sealing.unseal(armour, ada, "IP-001", "body", readers(keys, "ada"))


def test_a_value_sealed_to_other_readers_than_the_record_names_is_refused(keys) -> None:
    armour = sealing.seal("4%", "IP-001", FIELD, readers(keys, "ada", "eve"))
    with pytest.raises(SealError, match="other readers than the record names"):
        sealing.unseal(armour, [identity(keys, "ada")], "IP-001", FIELD, readers(keys, "ada"))


def test_tampered_ciphertext_is_refused(keys) -> None:
    armour = sealing.seal("4% of net revenue", "IP-001", FIELD, readers(keys, "ada"))
    lines = armour.splitlines()
    last = lines[-2]
    flipped = ("B" if last[0] == "A" else "A") + last[1:]
    forged = "\n".join([*lines[:-2], flipped, lines[-1]]) + "\n"
    with pytest.raises(SealError):
        sealing.unseal(forged, [identity(keys, "ada")], "IP-001", FIELD, readers(keys, "ada"))


def test_nothing_to_seal_to_is_refused_naming_the_field() -> None:
    with pytest.raises(SealError, match="IP-001: field 'licences\\[0\\].royalty': no reader"):
        sealing.seal("4%", "IP-001", FIELD, [])


# --- the armour, and who can read, without a key ------------------------------------------------


def test_who_can_read_is_read_from_the_armour_without_a_key(keys) -> None:
    armour = sealing.seal("x", "IP-001", FIELD, readers(keys, "ada", "ben"))
    assert sorted(sealing.stanza_tags(armour)) == sorted(k.tag for k in readers(keys, "ada", "ben"))
    assert sealing.sealed_to_exactly(armour, readers(keys, "ben", "ada"), "IP-001", FIELD) == []
    problems = sealing.sealed_to_exactly(armour, readers(keys, "ada", "eve"), "IP-001", FIELD)
    assert problems == ["IP-001: field 'licences[0].royalty': not sealed to 1 of its readers' keys",
                        "IP-001: field 'licences[0].royalty': sealed to 1 key(s) of no current reader"]


def test_a_hidden_recipient_of_another_type_is_named(keys) -> None:
    """A forger adds an X25519 recipient of their own: the keyless check sees it."""
    outsider = pyrage.x25519.Identity.generate().to_public()
    ada = pyrage.ssh.Recipient.from_str(keys["ada"][1].line)
    armour = pyrage.encrypt(b"x", [ada, outsider], armored=True).decode()
    with pytest.raises(SealError, match="not an ssh-ed25519 key \\(X25519\\)"):
        sealing.stanza_tags(armour, "IP-001", FIELD)


@pytest.mark.parametrize("damage", [
    lambda a: a.replace("-----BEGIN AGE ENCRYPTED FILE-----", "-----BEGIN PGP MESSAGE-----"),
    lambda a: a.replace("\n", "\n ", 1),            # a space at the start of a line
    lambda a: a.replace("\n", "\r\n"),               # CRLF
    lambda a: "not sealed at all",
    lambda a: a.splitlines()[0] + "\n" + "".join(a.splitlines()[1:-1]) + "\n" + a.splitlines()[-1],  # one long line
])
def test_anything_but_canonical_age_armour_is_refused(keys, damage) -> None:
    armour = sealing.seal("x" * 200, "IP-001", FIELD, readers(keys, "ada"))
    with pytest.raises(SealError, match="expected a sealed value in age armour"):
        sealing.check_armour(damage(armour), "IP-001", FIELD)


# --- keys: registering and opening -------------------------------------------------------------


def test_a_hardware_key_is_refused_with_why() -> None:
    blob = base64.b64encode(b"\x00\x00\x00\x1ask-ssh-ed25519@openssh.com").decode()
    with pytest.raises(SealError, match="hardware security key: it can sign but cannot open"):
        check_reader_key(f"sk-ssh-ed25519@openssh.com {blob} ada@yubikey", "member ada")


def test_other_key_types_and_damaged_keys_are_refused() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    line = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    with pytest.raises(SealError, match="member ada: expected an ssh-ed25519 key, got a ssh-rsa key"):
        check_reader_key(line.decode(), "member ada")
    with pytest.raises(SealError, match="damaged"):
        check_reader_key("ssh-ed25519 AAAA!!!", "member ada")
    wrong_blob = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x03abc").decode()
    with pytest.raises(SealError, match="not an ssh-ed25519 public key"):
        check_reader_key(f"ssh-ed25519 {wrong_blob}", "member ada")
    with pytest.raises(SealError, match="expected an SSH public key line"):
        check_reader_key("", "member ada")


def test_a_key_is_registered_in_one_canonical_form(keys) -> None:
    key = keys["ada"][1]
    again = check_reader_key(f"  {key.line}   a different comment  ")
    assert again.line == key.line and again.tag == key.tag
    assert sealing.readers_digest([key, keys["ben"][1]]) == sealing.readers_digest([keys["ben"][1], key, key])


def test_opening_keys_says_what_is_wrong(keys, tmp_path: Path) -> None:
    ben_path = keys["ben"][0]
    with pytest.raises(SealError, match="protected by a passphrase: give it"):
        sealing.load_identity(ben_path)
    with pytest.raises(SealError, match="or the passphrase is wrong"):
        sealing.load_identity(ben_path, "wrong")
    with pytest.raises(SealError, match="does not exist"):
        sealing.load_identity(tmp_path / "missing")
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(SealError, match="is not an OpenSSH private key"):
        sealing.load_identity(tmp_path / "notes.txt")
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (tmp_path / "id_rsa").write_bytes(rsa_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()))
    with pytest.raises(SealError, match="is not an ed25519 key"):
        sealing.load_identity(tmp_path / "id_rsa")
