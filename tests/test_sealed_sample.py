"""Issue 16's "done when" on the sample partnership: a replica holds no plaintext of what is
sealed, and each party's key opens exactly what is sealed to it.

The canaries are phrases of the sample's own sealed text: Meridian's privileged
notes on DSP-002, the security incident INC-2026-002 (sealed to Meridian), and
IP-003's royalty terms (sealed to both partners, not to the patients' observer).
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pyrage
import pytest
from typer.testing import CliRunner

from council import sealing
from council.cli import app
from store.api import Store, opened, verify

KEYS = Path(__file__).resolve().parent.parent / "sample_partnership" / "keys"
CANARIES = {"DSP-002": "80% of the engineering hours", "INC-2026-002": "tokenisation error",
            "IP-003": "£18,000 a year"}
SEALED_TO = {"okafor": {"IP-003"}, "fairbairn": {"DSP-002", "INC-2026-002", "IP-003"}}
_ARMOUR = re.compile(rb"-----BEGIN AGE ENCRYPTED FILE-----\n.*?-----END AGE ENCRYPTED FILE-----", re.S)


@pytest.fixture(scope="module")
def replica(sample_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A plain git clone of the sample, as the counterparty would make it."""
    root = tmp_path_factory.mktemp("replica") / "clone"
    subprocess.run(["git", "clone", "-q", str(sample_template), str(root)], check=True)
    yield root


def all_objects(root: Path) -> bytes:
    return subprocess.run(["git", "cat-file", "--batch-all-objects", "--batch"], cwd=root,
                          capture_output=True, check=True).stdout


def opened_by(blobs: bytes, member: str) -> dict[str, list[str]]:
    """Every sealed value in ``blobs`` that the member's key opens: record ID -> its texts."""
    identity = sealing.load_identity(KEYS / member)
    found: dict[str, list[str]] = {}
    for armour in set(_ARMOUR.findall(blobs)):
        try:
            plain = pyrage.decrypt(armour + b"\n", [identity]).decode()
        except pyrage.DecryptError:
            continue
        header, _, text = plain.partition("\n")
        found.setdefault(json.loads(header)["record"], []).append(text)
    return found


def test_no_object_and_no_index_of_a_replica_holds_sealed_text(replica: Path, sample_template: Path) -> None:
    blobs = all_objects(replica)
    store = Store.open(replica)  # the replica's own index, built from what it holds
    assert store.get("DSP-002") is not None
    store.close()
    index = b"".join(p.read_bytes() for p in (replica / ".council").glob("index.sqlite*"))
    for canary in CANARIES.values():
        assert blobs.count(canary.encode()) == 0
        assert index.count(canary.encode()) == 0
    assert len(_ARMOUR.findall(blobs)) >= 3


@pytest.mark.parametrize("member", sorted(SEALED_TO))
def test_each_party_opens_exactly_what_is_sealed_to_it(replica: Path, member: str) -> None:
    found = opened_by(all_objects(replica), member)
    for record, canary in CANARIES.items():
        hits = [t for t in found.get(record, []) if canary in t]
        assert bool(hits) == (record in SEALED_TO[member]), (member, record)
        elsewhere = [r for r, texts in found.items() if r != record and any(canary in t for t in texts)]
        assert not elsewhere


def test_both_replicas_verify_with_no_key(replica: Path, sample_template: Path, tmp_path: Path) -> None:
    for root in (replica, sample_template):
        store = Store.open(root)
        report = verify(store, full=True, save=False)
        store.close()
        assert report.ok, [str(f) for f in report.failures]


def test_the_sample_opens_as_either_party(sample_store: Store) -> None:
    runner = CliRunner()
    for member, sees in (("fairbairn", True), ("okafor", False)):
        result = runner.invoke(app, ["operator", member, "--key", str(KEYS / member), "--store", str(sample_store.root)])
        assert result.exit_code == 0, result.output
        dispute = opened(sample_store, sample_store.require("DSP-002"))
        assert (CANARIES["DSP-002"] in dispute.body_text) == sees
        assert sees or dispute.body_text == "[sealed for meridian]"


def words_in_the_clear(root: Path) -> str:
    """What every replica reads with no key: each commit message and each ref's name."""
    git = ["git", "-C", str(root)]
    messages = subprocess.run([*git, "log", "--all", "--format=%B"], capture_output=True, text=True, check=True)
    names = subprocess.run([*git, "for-each-ref", "--format=%(refname) %(subject) %(contents)"],
                           capture_output=True, text=True, check=True)
    return " ".join((messages.stdout + names.stdout).split())


def test_no_commit_message_and_no_ref_quotes_sealed_text(replica: Path, sample_template: Path) -> None:
    # Every sealed value either sample key opens is a canary, not only the three phrases
    # above: a message composed from a sealed field would quote one of them whole.
    sealed = [text for member in SEALED_TO for texts in opened_by(all_objects(replica), member).values()
              for text in texts]
    lines = {" ".join(line.split()) for text in sealed for line in text.splitlines()}
    canaries = {c for c in lines | set(CANARIES.values()) if len(c) >= 8}
    assert len(canaries) > len(CANARIES)
    for root in (replica, sample_template):
        clear = words_in_the_clear(root)
        assert "DSP-002" in clear  # the scan reads the messages: the sealed dispute's ID is in them
        quoted = sorted(c for c in canaries if c in clear)
        assert not quoted, quoted


def test_the_clear_text_scan_reads_messages_and_refs(replica: Path, tmp_path: Path) -> None:
    root = tmp_path / "leaky"
    subprocess.run(["git", "clone", "-q", str(replica), str(root)], check=True)
    git = ["git", "-C", str(root)]
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", f"raise DSP-002: {CANARIES['DSP-002']}"], check=True)
    subprocess.run([*git, "tag", "-a", "-m", CANARIES["IP-003"], "terms"], check=True)
    clear = words_in_the_clear(root)
    assert CANARIES["DSP-002"] in clear and CANARIES["IP-003"] in clear
