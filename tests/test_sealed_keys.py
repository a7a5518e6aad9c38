"""The operator's key, as `council show`, the TUI and `council operator` meet it (issue 16):
a passphrase-protected key says how to give its passphrase, and is asked for once at a terminal;
a key of the wrong kind, or a file that is no private key, is named plainly, never with the raw
output of ssh-keygen or libcrypto.

The store is tests/test_sealed_records.py's: RSK-001's liability cap sealed to hosp (ada, ben).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.cli import app
from council.sealing import SealError
from store.api import Store, opened
from tests.test_sealed_records import CAP, as_reader, key_of, make_key, store, template  # noqa: F401 (fixtures)

runner = CliRunner()
PHRASE = "secret words"


def locked_reader(store: Store, template: Path, tmp_path: Path) -> Path:
    """ada's key pair, protected by a passphrase, as the operator's key."""
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_ssh_private_key(key_of(template, "ada").read_bytes(), None)
    locked = tmp_path / "ada_locked"
    locked.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                         serialization.BestAvailableEncryption(PHRASE.encode())))
    as_reader(store, locked)
    return locked


# --- a passphrase ---------------------------------------------------------------------------


def test_show_names_how_to_give_the_passphrase(store: Store, template: Path, tmp_path: Path) -> None:
    locked_reader(store, template, tmp_path)
    shown = runner.invoke(app, ["show", "RSK-001", "--store", str(store.root)])
    assert shown.exit_code == 2 and "Traceback" not in shown.output
    assert "protected by a passphrase" in shown.output and "COUNCIL_KEY_PASSPHRASE" in shown.output
    given = runner.invoke(app, ["show", "RSK-001", "--store", str(store.root)],
                          env={"COUNCIL_KEY_PASSPHRASE": PHRASE})
    assert given.exit_code == 0 and CAP in given.output


def test_at_a_terminal_the_passphrase_is_asked_once(store: Store, template: Path, tmp_path: Path) -> None:
    locked_reader(store, template, tmp_path)
    asked: list[Path] = []
    store.ask_passphrase = lambda path: asked.append(path) or PHRASE
    assert opened(store, store.require("RSK-001")).liability_cap == CAP
    assert opened(store, store.require("RSK-001")).liability_cap == CAP
    assert len(asked) == 1


def test_a_wrong_passphrase_is_refused_and_not_asked_again(store: Store, template: Path, tmp_path: Path) -> None:
    locked_reader(store, template, tmp_path)
    asked: list[Path] = []
    store.ask_passphrase = lambda path: asked.append(path) or "wrong words"
    for _ in range(2):
        with pytest.raises(SealError, match="the passphrase is wrong"):
            opened(store, store.require("RSK-001"))
    assert len(asked) == 1


def test_the_cli_asks_only_at_a_terminal(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from council.commands import app as cli

    class Terminal:
        def isatty(self) -> bool:
            return True

    assert cli.open_store(str(store.root), quiet=True).ask_passphrase is None  # pytest's stdin is no terminal
    monkeypatch.setattr(cli.sys, "stdin", Terminal())
    assert cli.open_store(str(store.root), quiet=True).ask_passphrase is cli.ask_passphrase


def test_the_tui_reports_a_missing_passphrase_plainly() -> None:
    from screens.refusals import explain_error

    title, hint = explain_error(SealError("the private key k is protected by a passphrase"), writing=False)
    assert title != "Unexpected error" and "bug" not in hint


# --- a key file of the wrong kind -----------------------------------------------------------


def _private(path: Path, key, fmt) -> Path:
    from cryptography.hazmat.primitives import serialization

    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption()))
    path.chmod(0o600)
    return path


def wrong_keys(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each file that is not an ed25519 private key -> what the refusal must say of it."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    openssh, pem = serialization.PrivateFormat.OpenSSH, serialization.PrivateFormat.TraditionalOpenSSL
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    junk = tmp_path / "junk.key"
    junk.write_text("not a key at all\n")
    junk.chmod(0o644)  # as ssh-keygen would complain of, were it asked
    make_key(tmp_path / "ann.key")
    return {
        "rsa": (_private(tmp_path / "rsa.key", rsa_key, openssh), "holds a key of type ssh-rsa"),
        "ecdsa": (_private(tmp_path / "ec.key", ec.generate_private_key(ec.SECP256R1()), openssh),
                  "holds a key of type ecdsa-sha2-nistp256"),
        "pem": (_private(tmp_path / "rsa.pem", rsa_key, pem), "is an RSA private key in PEM form"),
        "junk": (junk, "is not an SSH private key"),
        "public": (tmp_path / "ann.pub", "is a public key (ssh-ed25519), given where the private key is needed"),
        "missing": (tmp_path / "nothing", "no key at"),
    }


@pytest.mark.parametrize("case", ["rsa", "ecdsa", "pem", "junk", "public", "missing"])
def test_operator_names_what_a_wrong_key_file_is(store: Store, tmp_path: Path, case: str) -> None:
    path, said = wrong_keys(tmp_path)[case]
    (store.meta_dir / "operator").write_text("ben\n")
    (store.meta_dir / "signing_key").unlink(missing_ok=True)
    result = runner.invoke(app, ["operator", "ada", "--key", str(path), "--store", str(store.root)])
    assert result.exit_code == 2, result.output
    assert said in result.output and "Traceback" not in result.output
    for raw in ("@@@", "libcrypto", "registered key differs", "UNPROTECTED"):
        assert raw not in result.output
    if case in ("rsa", "ecdsa", "pem", "junk"):
        assert "an ed25519 OpenSSH private key is needed" in result.output
    # Nothing half-written: the operator and the key are as they were.
    assert (store.meta_dir / "operator").read_text() == "ben\n"
    assert not (store.meta_dir / "signing_key").exists()


def test_a_key_readable_by_others_is_taken_with_the_chmod_to_sign(store: Store, template: Path,
                                                                  tmp_path: Path) -> None:
    import shutil

    key = tmp_path / "ada"
    shutil.copy(key_of(template, "ada"), key)  # no .pub twin: the public half is read from the key itself
    key.chmod(0o644)
    result = runner.invoke(app, ["operator", "ada", "--key", str(key), "--store", str(store.root)])
    assert result.exit_code == 0, result.output
    assert f"chmod 600 {key}" in result.output and "@@@" not in result.output
    assert opened(store, store.require("RSK-001")).liability_cap == CAP


def test_a_passphrase_protected_key_is_taken_without_its_passphrase(store: Store, template: Path,
                                                                     tmp_path: Path) -> None:
    """OpenSSH keeps the public half in the clear: checking whose key it is asks for nothing."""
    locked = locked_reader(store, template, tmp_path)
    result = runner.invoke(app, ["operator", "ada", "--key", str(locked), "--store", str(store.root)])
    assert result.exit_code == 0, result.output
    assert (store.meta_dir / "signing_key").read_text().strip() == str(locked)
