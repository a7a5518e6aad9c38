"""Issue 16's "done when" on the sample partnership: a replica holds no plaintext of what is
sealed, and each party's key opens exactly what is sealed to it.

The sample's charter seals (publication policy, `sealing = true`), so every record holding
confidential or privileged text names its readers.  Most name both partners (not the patients'
observer): the risks' caps and cover, the confidential decisions, disputes DSP-001 and DSP-003,
incidents the other partner was told of, the royalty terms, DS-004's notes.  Meridian alone reads
its privileged notes on DSP-002, its incident INC-2026-002 and where its own artifacts ART-004
and ART-006 are kept.

The canaries are the sample's own sealed text: one phrase per sealed record and field, held
only there, and every whole sealed value of the sample's script that no clear field also holds.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyrage
import pytest
from typer.testing import CliRunner

from council import sealed_fields, sealing
from council.cli import app
from council.errors import RecordError
from sample_partnership.history import MERIDIAN, NORTHGATE, events
from store.api import Change, Store, opened, verify

KEYS = Path(__file__).resolve().parent.parent / "sample_partnership" / "keys"
PARTY = {"okafor": NORTHGATE, "fairbairn": MERIDIAN}
# (record, field) -> a phrase of its sealed text that no other field, sealed or clear, holds.
CANARIES = {
    ("DSP-002", "body"): "80% of the engineering hours",
    ("INC-2026-002", "body"): "tokenisation error",
    ("IP-003", "royalty_terms"): "£18,000 a year",
    ("ART-004", "location"): "s3://meridian-partnership-models/art-004/",
    ("DSP-001", "body"): "cannot be inverted to recover records",
    ("DSP-001", "resolution"): "the external audit covers the demonstration environments",
    ("DSP-003", "body"): "lost to a cooling failure at its data centre",
    ("INC-2025-001", "body"): "Meridian confirmed the copy in writing the next morning",
    ("INC-2025-001", "regulator_note"): "assessment of both data protection officers",
    ("INC-2025-002", "body"): "a configuration file in the staging area held",
    ("INC-2025-002", "regulator_note"): "on counsel's advice the two data protection officers",
    ("INC-2026-001", "body"): "names written in lower case",
    ("DEC-2025-015", "body"): "extending the audit tests whether any other copy exists",
    ("DEC-2025-018", "body"): "benchmarked by the Trust's commercial team",
    ("DEC-2025-022", "body"): "Access logs show no use",
    ("DEC-2025-023", "body"): "risk of re-identification from the combination of fields",
    ("DEC-2026-014", "body"): "shows a 65/35 split",
    ("DEC-2026-019", "body"): "2% on the first two European customers",
    ("MTG-2025-10", "body"): "circulated to members under confidential cover",
    ("DS-004", "body"): "monitoring copy is kept for 24 months",
    ("RSK-001", "liability_cap"): "uncapped for a deliberate breach of clause 9",
    ("RSK-001", "insurance"): "liability cover of at least £10,000,000",
    ("RSK-003", "liability_cap"): "Service credits of up to 10%",
    ("RSK-004", "liability_cap"): "Uncapped for breach of confidentiality",
    ("RSK-006", "liability_cap"): "losses caused by a regulator's direction",
    ("ART-001", "location"): "s3://meridian-partnership-models/art-001/",
}
MERIDIAN_ONLY = {"DSP-002", "INC-2026-002", "ART-004", "ART-006"}
_ARMOUR = re.compile(rb"-----BEGIN AGE ENCRYPTED FILE-----\n.*?-----END AGE ENCRYPTED FILE-----", re.S)

Sealed = tuple[str, str, str]  # record ID, concrete field path, text


def reads(member: str, record: str) -> bool:
    return PARTY[member] == MERIDIAN or record not in MERIDIAN_ONLY


@pytest.fixture(scope="module")
def replica(sample_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A plain git clone of the sample, as the counterparty would make it."""
    root = tmp_path_factory.mktemp("replica") / "clone"
    subprocess.run(["git", "clone", "-q", str(sample_template), str(root)], check=True)
    yield root


@pytest.fixture(scope="module")
def script() -> tuple[set[tuple[str, str, str, tuple[str, ...]]], str]:
    """What the sample's script seals, each (record, path, text, readers), and all its clear text."""
    sealed, clear = set(), []
    for change in events():
        for record in change.records:
            paths = sealed_fields.sealed_paths(record)
            for path in paths:
                sealed.add((record.id, path, sealed_fields.value_at(record, path), tuple(record.readers)))
            clear += _strings(sealed_fields.with_values(record, dict.fromkeys(paths, "")))
    return sealed, "\n".join(clear)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def all_objects(root: Path) -> bytes:
    return subprocess.run(["git", "cat-file", "--batch-all-objects", "--batch"], cwd=root,
                          capture_output=True, check=True).stdout


def opened_by(blobs: bytes, member: str) -> set[Sealed]:
    """Every sealed value in ``blobs`` that the member's key opens, where its armour says it is."""
    identity = sealing.load_identity(KEYS / member)
    found: set[Sealed] = set()
    for armour in set(_ARMOUR.findall(blobs)):
        try:
            plain = pyrage.decrypt(armour + b"\n", [identity]).decode()
        except pyrage.DecryptError:
            continue
        header, _, text = plain.partition("\n")
        place = json.loads(header)
        found.add((place["record"], place["field"], text))
    return found


def test_the_canaries_are_sealed_text_held_only_where_named(script: tuple[set, str]) -> None:
    sealed, clear = script
    for (record, field), canary in CANARIES.items():
        holders = {(r, sealed_fields.template(p)) for r, p, text, _ in sealed if canary in text}
        assert holders == {(record, field)}, canary
        assert canary not in clear, canary


def test_no_object_and_no_index_of_a_replica_holds_sealed_text(replica: Path, sample_template: Path,
                                                              script: tuple[set, str]) -> None:
    blobs = all_objects(replica)
    store = Store.open(replica)  # the replica's own index, built from what it holds
    assert store.get("DSP-002") is not None
    store.close()
    # Both indexes: the clone's, rebuilt from git, and the sample's own, fed by the write path.
    index = b"".join(p.read_bytes() for root in (replica, sample_template)
                     for p in (root / ".council").glob("index.sqlite*"))
    found = secrets(script)
    assert set(found) >= {r for r, _ in CANARIES}  # every sealed record's values, not a few
    for (record, _), canary in CANARIES.items():
        found[record].add(canary)
    for record, texts in found.items():
        for canary in texts:
            assert blobs.count(canary.encode()) == 0, (record, canary)
            assert index.count(canary.encode()) == 0, (record, canary)
    assert len(_ARMOUR.findall(blobs)) >= len({t for _, _, t, _ in script[0]})


def secrets(script: tuple[set, str]) -> dict[str, set[str]]:
    """record -> each whole sealed value (8 characters or more) and each line of one (20 or more) of
    the sample's script that no clear text holds: boilerplate such as a minutes' "Chair:" line is
    sealed in one record and clear in many."""
    sealed, clear = script
    out: dict[str, set[str]] = {}
    for record, _, text, _ in sealed:
        parts = {text} if len(text) >= 8 else set()
        parts |= {line for line in text.splitlines() if len(line) >= 20}
        out.setdefault(record, set()).update(p for p in parts if p not in clear)
    return out


@pytest.mark.parametrize("member", sorted(PARTY))
def test_each_party_opens_exactly_what_is_sealed_to_it(replica: Path, member: str) -> None:
    found = opened_by(all_objects(replica), member)
    for (record, field), canary in CANARIES.items():
        hits = {(r, sealed_fields.template(p)) for r, p, text in found if canary in text}
        assert hits == ({(record, field)} if reads(member, record) else set()), (member, record, field)


@pytest.mark.parametrize("member", sorted(PARTY))
def test_each_sealed_value_of_the_script_opens_for_its_readers_at_its_place(
        replica: Path, script: tuple[set, str], member: str) -> None:
    sealed, _ = script
    mine = {(r, p, text) for r, p, text, readers in sealed if PARTY[member] in readers}
    assert {r for r, _, _ in mine} >= {r for r, _ in CANARIES if reads(member, r)}
    assert opened_by(all_objects(replica), member) == mine


def test_readers_are_the_partners_or_meridian_alone(script: tuple[set, str]) -> None:
    sealed, _ = script
    readers = {r: rs for r, _, _, rs in sealed}
    assert {r for r, rs in readers.items() if rs == (MERIDIAN,)} == MERIDIAN_ONLY
    assert {rs for r, rs in readers.items() if r not in MERIDIAN_ONLY} == {(NORTHGATE, MERIDIAN)}


def test_the_charter_seals_so_confidential_text_must_name_readers(sample_store: Store) -> None:
    assert sample_store.charter().sealing
    risk = sample_store.require("RSK-001")
    with pytest.raises(RecordError) as refused:
        sample_store.write(Change("update RSK-001: readers", [risk.replace(readers=[])]))
    assert "RSK-001" in str(refused.value) and "readers" in str(refused.value)
    assert sample_store.require("RSK-001").readers == [NORTHGATE, MERIDIAN]


def test_both_replicas_verify_with_no_key(replica: Path, sample_template: Path, tmp_path: Path) -> None:
    for root in (replica, sample_template):
        store = Store.open(root)
        report = verify(store, full=True, save=False)
        store.close()
        assert report.ok, [str(f) for f in report.failures]


def test_the_sample_opens_as_either_party(sample_store: Store) -> None:
    runner = CliRunner()
    for member in ("fairbairn", "okafor"):
        result = runner.invoke(app, ["operator", member, "--key", str(KEYS / member), "--store", str(sample_store.root)])
        assert result.exit_code == 0, result.output
        sees = PARTY[member] == MERIDIAN
        dispute = opened(sample_store, sample_store.require("DSP-002"))
        assert (CANARIES["DSP-002", "body"] in dispute.body_text) == sees
        assert sees or dispute.body_text == "[sealed for meridian]"
        risk = opened(sample_store, sample_store.require("RSK-001"))
        assert CANARIES["RSK-001", "liability_cap"] in risk.liability_cap  # both partners read the caps
        artifact = opened(sample_store, sample_store.require("ART-004"))
        assert artifact.location == ("s3://meridian-partnership-models/art-004/" if sees else "[sealed for meridian]")


@pytest.mark.parametrize("member", ["", "fairbairn"])
def test_the_export_publishes_nothing_sealed(sample_store: Store, script: tuple[set, str], tmp_path: Path,
                                             member: str) -> None:
    # As a non-reader, and as a reader (Meridian reads every sealed value): the audiences may see
    # no confidential or privileged level, so no opened text is published either.
    runner, root = CliRunner(), str(sample_store.root)
    if member:
        chosen = runner.invoke(app, ["operator", member, "--key", str(KEYS / member), "--store", root])
        assert chosen.exit_code == 0, chosen.output
    texts = {t for ts in secrets(script).values() for t in ts} | set(CANARIES.values())
    for audience in ("public", "partners"):
        out = tmp_path / audience
        result = runner.invoke(app, ["export", "--store", root, "--out", str(out), "--audience", audience])
        assert result.exit_code == 0, result.output
        site = "\n".join(p.read_text("utf-8") for p in out.rglob("*") if p.is_file())
        assert ("sealed for northgate and meridian" in site) == (not member)
        for text in texts:
            forms = {text, html.escape(text), html.escape(text, quote=False), json.dumps(text)[1:-1]}
            assert not [f for f in forms if f in site], (audience, text)


def words_in_the_clear(root: Path) -> str:
    """What every replica reads with no key: each commit message and each ref's name."""
    git = ["git", "-C", str(root)]
    messages = subprocess.run([*git, "log", "--all", "--format=%B"], capture_output=True, text=True, check=True)
    names = subprocess.run([*git, "for-each-ref", "--format=%(refname) %(subject) %(contents)"],
                           capture_output=True, text=True, check=True)
    return " ".join((messages.stdout + names.stdout).split())


def test_no_commit_message_and_no_ref_quotes_sealed_text(replica: Path, sample_template: Path) -> None:
    # Every sealed value either sample key opens is a canary, not only the phrases
    # above: a message composed from a sealed field would quote one of them whole.
    sealed = [text for member in PARTY for _, _, text in opened_by(all_objects(replica), member)]
    lines = {" ".join(line.split()) for text in sealed for line in text.splitlines()}
    canaries = {c for c in lines | set(CANARIES.values()) if len(c) >= 8}
    assert len(canaries) > len(CANARIES)
    for root in (replica, sample_template):
        clear = words_in_the_clear(root)
        assert "DSP-002" in clear and "DEC-2025-022" in clear  # the scan reads the sealed records' messages
        quoted = sorted(c for c in canaries if c in clear)
        assert not quoted, quoted


def test_the_clear_text_scan_reads_messages_and_refs(replica: Path, tmp_path: Path) -> None:
    root = tmp_path / "leaky"
    subprocess.run(["git", "clone", "-q", str(replica), str(root)], check=True)
    git = ["git", "-C", str(root)]
    leak = CANARIES["DSP-002", "body"]
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", f"raise DSP-002: {leak}"], check=True)
    subprocess.run([*git, "tag", "-a", "-m", CANARIES["IP-003", "royalty_terms"], "terms"], check=True)
    clear = words_in_the_clear(root)
    assert leak in clear and CANARIES["IP-003", "royalty_terms"] in clear
