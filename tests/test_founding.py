"""The founding commit: the partnership, charter and each party's signatory adopted in one
commit, signed (and co-signed under two-key approval) when the charter says so, and the
only first commit `council verify` accepts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from council.errors import RuleError, StoreError
from council.records import Clause
from store import usecases
from store.audit.verify import verify
from store.service import Store
from store.write import founding, signing
from store.write.change import Change
from tests.conftest import at

PARTIES = [("acme", "Acme Ltd"), ("beta", "Beta GmbH")]
DAY = dt.date(2026, 1, 1)


def git(root: Path, *args: str, input: bytes | None = None) -> str:
    return subprocess.run(["git", *args], cwd=root, input=input, capture_output=True, check=True,
                          env=dict(os.environ)).stdout.decode()


def keypair(folder: Path, name: str) -> Path:
    folder.mkdir(exist_ok=True)
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


def founding_of(template: str, keys: dict[str, Path] | None = None) -> usecases.Founding:
    keys = keys or {}
    founders = [usecases.Founder(party, member, member.title(), f"{member}@{party}.example",
                                 Path(f"{keys[member]}.pub").read_text() if member in keys else "")
                for party, member in (("acme", "ann"), ("beta", "bob"))]
    return usecases.Founding("Acme-Beta", PARTIES, template, DAY, founders=founders)


def failures(store: Store) -> list[tuple[str, str, str]]:
    report = verify(store, fsck=False, full=True, save=False)
    return [(f.rule, f.record, f.message) for f in report.failures]


def test_a_founding_names_each_partys_signatory_and_verifies(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "s")
    done, signer = usecases.found(store, founding_of("minimal"), when=at(DAY))
    assert signer is None  # the minimal charter needs no signature
    assert "Signatory: acme: ann, Ann <ann@acme.example>" in done.message
    assert "Signatory: beta: bob, Bob <bob@beta.example>" in done.message
    assert {"members/ann.md", "members/bob.md", "partnership.md", "charter/1.md"} <= set(done.paths)
    assert failures(store) == []
    store.close()


def test_a_signed_charter_founds_with_a_signature_that_verify_checks(tmp_path: Path) -> None:
    keys = {name: keypair(tmp_path / "keys", name) for name in ("ann", "bob")}
    store = Store.create(tmp_path / "s")
    done, signer = usecases.found(store, founding_of("two-party", keys), keys["ann"], when=at(DAY))
    assert signer is not None and signer.id == "ann"
    assert "gpgsig -----BEGIN SSH SIGNATURE-----" in git(store.root, "cat-file", "-p", done.commit)
    report = verify(store, fsck=False, full=True, save=False)
    assert report.ok and report.signatures == 1, report.failures
    # The same founding, unsigned (made with plain git): refused, naming why.
    tree = git(store.root, "rev-parse", "HEAD^{tree}").strip()
    bare = git(store.root, "commit-tree", tree, input=done.message.encode()).strip()
    git(store.root, "update-ref", "refs/heads/main", bare)
    found = failures(Store.open(store.root))
    assert ("founding", "-", "the founding is not signed; its charter (clause 10) requires signed amendments, "
            "so a signatory signs it") in found
    store.close()


def test_a_key_that_is_no_signatorys_cannot_sign_the_founding(tmp_path: Path) -> None:
    keys = {name: keypair(tmp_path / "keys", name) for name in ("ann", "bob", "eve")}
    store = Store.create(tmp_path / "s")
    with pytest.raises(Exception, match="the private key of a signatory"):
        usecases.found(store, founding_of("two-party", {"ann": keys["ann"], "bob": keys["bob"]}), keys["eve"])
    assert store.head is None
    store.close()


def test_the_write_path_refuses_a_first_commit_that_is_no_founding(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "s")
    records = usecases.founding_records(founding_of("minimal"))
    with pytest.raises(RuleError, match="first commit is its founding"):
        store.write(Change("set up", records))
    with pytest.raises(RuleError, match="beta: the founding names no signatory for beta"):
        store.write(Change("adopt", records, kind="amend",
                           signatories=[founding.Signatory("acme", "Ann <ann@acme.example>", "ann")]))
    with pytest.raises(RuleError, match="ann: the signatory of beta is not a founding member of beta"):
        store.write(Change("adopt", records, kind="amend",
                           signatories=[founding.Signatory("acme", "Ann <ann@acme.example>", "ann"),
                                        founding.Signatory("beta", "Ann <ann@acme.example>", "ann")]))
    assert store.head is None
    store.close()


def test_verify_refuses_a_root_made_outside_council_naming_why(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "s")
    done, _ = usecases.found(store, founding_of("minimal"), when=at(DAY))
    tree = git(store.root, "rev-parse", "HEAD^{tree}").strip()
    for message, why in (
        ("record: set up the store\n", "the first commit is not a founding: it must be an 'amend:' commit"),
        ("amend: adopt the founding charter\n\nSignatory: acme: ann, Ann <ann@acme.example>\n",
         "the founding names no signatory for beta"),
        ("amend: adopt\n\nSignatory: acme: ann, Ann <ann@acme.example>\nSignatory: beta: zed, Zed <z@b>\n",
         "the signatory of beta is not a founding member of beta"),
    ):
        root = git(store.root, "commit-tree", tree, input=message.encode()).strip()
        git(store.root, "update-ref", "refs/heads/main", root)
        found = failures(Store.open(store.root))
        assert any(rule == "founding" and why in text for rule, _, text in found), (message, found)
    store.close()


def test_two_key_founding_needs_every_partys_cosignature(tmp_path: Path) -> None:
    keys = {name: keypair(tmp_path / "keys", name) for name in ("ann", "bob")}
    plan = founding_of("minimal", keys)
    records = [dataclasses.replace(r, settings={"required": True, "two_key": True})
               if isinstance(r, Clause) and r.id == "10" else r for r in usecases.founding_records(plan)]
    store = Store.create(tmp_path / "s")
    signing.use_key(store, keys["ann"])
    change = Change("adopt the founding charter", records, kind="amend", when=at(DAY),
                    signatories=usecases.founding.signatories(records))
    with pytest.raises(RuleError, match="the signatory of beta has not co-signed the founding"):
        store.write(change)
    request = founding.payload_of_records(records)
    founding.accept_cosignature(store, records, signing.cosign(request, keys["bob"], "bob"))
    with pytest.raises(RuleError, match="not accepted"):  # ann's key is not bob's
        founding.accept_cosignature(store, records, signing.cosign(request, keys["ann"], "bob"))
    done = store.write(change)
    assert "Co-signed-by: bob " in done.message
    report = verify(store, fsck=False, full=True, save=False)
    assert report.ok and report.signatures == 2, report.failures
    store.close()


def test_init_refuses_a_signed_charter_without_the_signatorys_key(tmp_path: Path) -> None:
    keys = {name: keypair(tmp_path / "keys", name) for name in ("ann", "bob")}
    store = Store.create(tmp_path / "s")
    with pytest.raises(StoreError, match="give the key of a party's signatory"):
        usecases.found(store, founding_of("two-party", keys))
    store.close()
