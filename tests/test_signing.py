"""Signed amendments and two-key approval, with keys made by ssh-keygen in tmp_path."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.cli import app
from council.errors import RuleError, StoreError
from council.fileformat import serialise
from council.records import Decision
from store.audit.verify import verify
from store.service import Store
from store.write import signing
from store.write.change import Change
from tests.conftest import DAY, MEMBERS, amend_clause, at

VOTERS = [m.id for m in MEMBERS if m.voting]


def git(root: Path, *args: str, input: bytes | None = None, env: dict | None = None) -> str:
    return subprocess.run(["git", *args], cwd=root, input=input, capture_output=True, check=True,
                          env={**os.environ, **(env or {})}).stdout.decode()


def keypair(tmp_path: Path, name: str) -> Path:
    key = tmp_path / "keys" / name
    key.parent.mkdir(exist_ok=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


def public(key: Path) -> str:
    return Path(f"{key}.pub").read_text().strip()


def require_signing(store: Store, keys: dict[str, Path], two_key: bool = False) -> None:
    """Register the members' keys, then amend clause 10 so that amendments must be signed."""
    members = [store.require(m).replace(signing_key=public(k)) for m, k in keys.items()]
    store.write(Change("register signing keys", members, when=at(DAY, 11)))
    clause = store.require("10")
    decision = Decision(id="DEC-2026-001", title="Signed amendments", meeting="MTG-2026-01", date=DAY,
                        tier="high", votes={v: "for" for v in VOTERS}, amends=["10"])
    settings = {"required": True, "two_key": two_key}
    store.write(Change("require signed amendments", [decision, clause.replace(settings=settings)],
                       kind="amend", decision="DEC-2026-001", when=at(DAY, 11)))
    assert store.charter().signing_required and store.charter().two_key == two_key


@pytest.fixture
def keys(tmp_path: Path) -> dict[str, Path]:
    return {name: keypair(tmp_path, name) for name in ("ada", "dee", "stranger")}


@pytest.fixture
def signed_store(small_store: Store, keys: dict[str, Path]) -> Store:
    require_signing(small_store, {"ada": keys["ada"], "dee": keys["dee"]})
    return small_store


def recommit(store: Store, message: str | None = None, files: dict[str, str] | None = None,
             key: Path | None = None) -> str:
    """Replace HEAD by a commit made outside Council: new message or files, signed with ``key`` or not."""
    root = store.root
    raw = git(root, "cat-file", "commit", "HEAD").encode()
    payload, _ = signing.split_signature(raw)
    head_text, _, old_message = payload.decode().partition("\n\n")
    if files:
        index = {"GIT_INDEX_FILE": str(root / ".git" / "scratch-index")}
        git(root, "read-tree", "HEAD", env=index)
        for path, text in files.items():
            blob = git(root, "hash-object", "-w", "--stdin", input=text.encode()).strip()
            git(root, "update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=index)
        tree = git(root, "write-tree", env=index).strip()
        head_text = "\n".join([f"tree {tree}", *head_text.split("\n")[1:]])
    body = (head_text + "\n\n" + (message or old_message)).encode()
    if key is not None:
        body = signing.sign_commit(body, key)
    new = git(root, "hash-object", "-t", "commit", "-w", "--stdin", input=body).strip()
    git(root, "update-ref", "refs/heads/main", new)
    git(root, "reset", "-q", "--hard")
    store.close()
    return new


def rules_for(report, commit: str) -> set[tuple[str, str]]:
    return {(f.record, f.rule) for f in report.failures if f.commit == commit}


# --- the write path ------------------------------------------------------------------


def test_no_key_gets_setup_instructions_and_nothing_is_written(signed_store: Store) -> None:
    head = signed_store.head
    with pytest.raises(StoreError, match=r"ssh-keygen -t ed25519") as err:
        amend_clause(signed_store, "4.2", "Signed text.", dec_id="DEC-2026-002")
    assert "council keys use" in str(err.value) and "charter 10" in str(err.value)
    assert signed_store.head == head


def test_a_key_others_can_read_is_refused_with_the_chmod_to_run(signed_store: Store, keys: dict[str, Path],
                                                                tmp_path: Path) -> None:
    import shutil

    loose = tmp_path / "loose" / "ada"
    loose.parent.mkdir()
    shutil.copy(keys["ada"], loose)
    shutil.copy(str(keys["ada"]) + ".pub", str(loose) + ".pub")
    loose.chmod(0o644)  # as a key checked out of git (the sample's demo keys) is
    signing.use_key(signed_store, loose)
    head = signed_store.head
    with pytest.raises(StoreError, match=r"can be read by other users.*chmod 600") as err:
        amend_clause(signed_store, "4.2", "Signed text.", dec_id="DEC-2026-002")
    assert str(loose) in str(err.value)
    assert signed_store.head == head


def test_unregistered_key_is_refused(signed_store: Store, keys: dict[str, Path]) -> None:
    signing.use_key(signed_store, keys["stranger"])
    with pytest.raises(StoreError, match="registered to no member"):
        amend_clause(signed_store, "4.2", "Signed text.", dec_id="DEC-2026-002")


def test_amend_commit_is_signed_as_git_signs_it(signed_store: Store, keys: dict[str, Path], tmp_path: Path) -> None:
    runner = CliRunner()
    root = signed_store.root
    used = runner.invoke(app, ["keys", "use", str(keys["ada"]), "--store", str(root)])
    assert used.exit_code == 0 and "Registered to Ada Hale (ada, hosp)" in used.stdout
    done = amend_clause(signed_store, "4.2", "Signed text.", dec_id="DEC-2026-002")
    assert "gpgsig -----BEGIN SSH SIGNATURE-----" in git(root, "cat-file", "commit", done.commit)
    allowed = tmp_path / "allowed_signers"
    exported = runner.invoke(app, ["keys", "export", "--out", str(allowed), "--store", str(root)])
    assert exported.exit_code == 0
    assert f"ada@hosp.example namespaces=\"git,council-approval,council-artifact\",valid-after=\"20250101\" {public(keys['ada'])}" \
        in allowed.read_text()
    checked = subprocess.run(["git", "-c", f"gpg.ssh.allowedSignersFile={allowed}", "verify-commit", done.commit],
                             cwd=root, capture_output=True, text=True)
    assert checked.returncode == 0 and 'Good "git" signature for ada@hosp.example' in checked.stderr
    report = verify(signed_store)
    assert report.ok, report.failures
    assert report.signatures == 1
    # record: commits are not signed: the charter asks it of amendments only.
    member = signed_store.require("ben")
    plain = signed_store.write(Change("update ben", [member.replace(email="b2@hosp.example")]))
    assert "gpgsig" not in git(root, "cat-file", "commit", plain.commit)


def test_keys_use_names_an_unregistered_key(signed_store: Store, keys: dict[str, Path]) -> None:
    out = CliRunner().invoke(app, ["keys", "use", str(keys["stranger"]), "--store", str(signed_store.root)])
    assert out.exit_code == 0 and "not registered yet" in out.stdout and public(keys["stranger"]) in out.stdout
    missing = CliRunner().invoke(app, ["keys", "use", "/nonexistent/key", "--store", str(signed_store.root)])
    assert missing.exit_code == 2 and "ssh-keygen -t ed25519" in missing.output


# --- verify: unsigned and wrongly signed commits ----------------------------------------


def test_unsigned_amend_commit_fails_verify(signed_store: Store, keys: dict[str, Path]) -> None:
    signing.use_key(signed_store, keys["ada"])
    amend_clause(signed_store, "4.2", "Signed text.", dec_id="DEC-2026-002")
    stripped = recommit(signed_store)
    report = verify(Store.open(signed_store.root))
    assert ("DEC-2026-002", "signature-required") in rules_for(report, stripped)
    assert any("clause 10" in f.message for f in report.failures)


def test_commit_signed_with_an_unregistered_key_fails(signed_store: Store, keys: dict[str, Path]) -> None:
    signing.use_key(signed_store, keys["ada"])
    amend_clause(signed_store, "4.2", "Signed text.", dec_id="DEC-2026-002")
    forged = recommit(signed_store, key=keys["stranger"])
    report = verify(Store.open(signed_store.root))
    assert ("DEC-2026-002", "signature-valid") in rules_for(report, forged)
    assert any("registered to no member" in f.message for f in report.failures)


def test_commit_altered_after_signing_fails(signed_store: Store, keys: dict[str, Path]) -> None:
    signing.use_key(signed_store, keys["ada"])
    amend_clause(signed_store, "4.2", "Signed text.", dec_id="DEC-2026-002")
    message = git(signed_store.root, "log", "-1", "--format=%B").replace("amend: amend clause 4.2",
                                                                         "amend: amend clause 4.2 as agreed")
    raw = git(signed_store.root, "cat-file", "commit", "HEAD")
    altered_raw = raw.replace("amend: amend clause 4.2\n", "amend: amend clause 4.2 as agreed\n").encode()
    new = git(signed_store.root, "hash-object", "-t", "commit", "-w", "--stdin", input=altered_raw).strip()
    git(signed_store.root, "update-ref", "refs/heads/main", new)
    signed_store.close()
    assert "as agreed" in message
    report = verify(Store.open(signed_store.root))
    assert ("DEC-2026-002", "signature-valid") in rules_for(report, new)
    assert any("does not verify" in f.message for f in report.failures)


def test_a_commit_cannot_register_the_key_that_signs_it(signed_store: Store, keys: dict[str, Path]) -> None:
    signing.use_key(signed_store, keys["ada"])
    amend_clause(signed_store, "4.2", "Signed text.", dec_id="DEC-2026-002")
    eli = signed_store.require("eli").replace(signing_key=public(keys["stranger"]))
    forged = recommit(signed_store, files={"members/eli.md": serialise(eli)}, key=keys["stranger"])
    report = verify(Store.open(signed_store.root))
    assert ("DEC-2026-002", "signature-valid") in rules_for(report, forged)


# --- two-key approval ---------------------------------------------------------------------


def _proposal(store: Store, dec_id: str, body: str) -> list:
    clause = store.require("4.2").replace(body=body)
    decision = Decision(id=dec_id, title="Amend clause 4.2", meeting="MTG-2026-01", date=DAY, tier="high",
                        votes={v: "for" for v in VOTERS}, amends=["4.2"])
    return [decision, clause]


def test_two_key_needs_every_party(small_store: Store, keys: dict[str, Path], tmp_path: Path) -> None:
    require_signing(small_store, {"ada": keys["ada"], "dee": keys["dee"]}, two_key=True)
    signing.use_key(small_store, keys["ada"])
    records = _proposal(small_store, "DEC-2026-002", "Two keys.")
    change = Change("amend clause 4.2", records, kind="amend", decision="DEC-2026-002", when=at(DAY, 12))
    with pytest.raises(RuleError, match="lab has not signed"):
        small_store.write(change)

    # The lab's representative signs the request, through the CLI, and the secretariat files it.
    runner = CliRunner()
    proposed = tmp_path / "proposed"
    proposed.mkdir()
    (proposed / "4.2.md").write_text(serialise(records[1]))
    request = tmp_path / "request.txt"
    asked = runner.invoke(app, ["keys", "request", "DEC-2026-002", str(proposed / "4.2.md"), "--out", str(request),
                                "--store", str(small_store.root)])
    assert asked.exit_code == 0, asked.output
    assert request.read_text().startswith("council approval v1\ndecision DEC-2026-002\nchange charter/4.2.md ")
    signed = runner.invoke(app, ["keys", "cosign", str(request), "--key", str(keys["dee"]), "--member", "dee"])
    assert signed.exit_code == 0, signed.output
    sig = tmp_path / "request.txt.dee.sig"
    accepted = runner.invoke(app, ["keys", "accept", str(sig), "--request", str(request),
                                   "--store", str(small_store.root)])
    assert accepted.exit_code == 0 and "good signature by dee" in accepted.stdout

    done = small_store.write(change)
    assert "Co-signed-by: dee " in git(small_store.root, "log", "-1", "--format=%B")
    report = verify(small_store)
    assert report.ok, report.failures
    assert report.signatures == 2

    # Dropping the lab's co-signature (and re-signing with the hospital's key) breaks it.
    message = git(small_store.root, "log", "-1", "--format=%B")
    without = "\n".join(l for l in message.splitlines() if not l.startswith("Co-signed-by:")) + "\n"
    forged = recommit(small_store, message=without, key=keys["ada"])
    report = verify(Store.open(small_store.root))
    assert ("DEC-2026-002", "two-key") in rules_for(report, forged)
    assert any("none valid from lab" in f.message for f in report.failures)
    assert done.commit != forged


def test_cosignature_by_the_wrong_member_is_refused(small_store: Store, keys: dict[str, Path]) -> None:
    require_signing(small_store, {"ada": keys["ada"], "dee": keys["dee"]}, two_key=True)
    payload = signing.request_for(small_store, "DEC-2026-002", _proposal(small_store, "DEC-2026-002", "Two keys."))
    with pytest.raises(RuleError, match="not accepted"):
        signing.accept_cosignature(small_store, payload, signing.cosign(payload, keys["stranger"], "dee"))
    with pytest.raises(RuleError, match="dee's key, not eli's"):
        signing.accept_cosignature(small_store, payload, signing.cosign(payload, keys["dee"], "eli"))


def test_evidence_carries_the_signatures_and_the_commands_work(small_store: Store, keys: dict[str, Path],
                                                                tmp_path: Path) -> None:
    require_signing(small_store, {"ada": keys["ada"], "dee": keys["dee"]}, two_key=True)
    signing.use_key(small_store, keys["ada"])
    records = _proposal(small_store, "DEC-2026-002", "Two keys.")
    payload = signing.request_for(small_store, "DEC-2026-002", records)
    signing.accept_cosignature(small_store, payload, signing.cosign(payload, keys["dee"], "dee"))
    small_store.write(Change("amend clause 4.2", records, kind="amend", decision="DEC-2026-002", when=at(DAY, 12)))
    out = tmp_path / "ev"
    result = CliRunner().invoke(app, ["evidence", "DEC-2026-002", "--out", str(out), "--store", str(small_store.root)])
    assert result.exit_code == 0, result.output
    readme = (out / "README.md").read_text()
    commands = [line for line in readme.splitlines()
                if line.startswith(("git clone", "git -C store -c", "ssh-keygen -Y verify", "git -C store cat-file"))]
    assert len(commands) == 5, commands  # clone, verify-commit, commit sig, payload check, co-signature
    for command in commands:
        proc = subprocess.run(command, shell=True, cwd=out, capture_output=True, text=True)
        assert proc.returncode == 0, (command, proc.stderr)
    assert (out / "signatures" / "approval.payload").read_bytes() == payload
