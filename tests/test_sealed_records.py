"""Sealed records through the store (issue 16): the write path seals, verify checks with no
key, the operator's key opens, and bad input is refused with nothing written.

One store is built per module (two parties, keys for ada and ben of hosp and dee of
lab, a risk whose liability cap and an incident whose text are sealed to hosp); each
test that writes works on its own copy.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa
from typer.testing import CliRunner

from council import settings
from council.charter import Charter
from council.cli import app
from council.errors import RecordError
from council.records import Incident, Risk
from council.sealed_fields import check_sealing, sealed_paths
from store.api import Change, Store, opened, verify
from tests.conftest import DAY, at, isolated, make_small_store
from tests.test_sync_support import trio, trio_template  # noqa: F401 (fixtures)

CAP, NOTE = "CANARY-cap-7f3a", "CANARY-incident-91bd"
runner = CliRunner()


def make_key(path: Path, passphrase: bytes | None = None) -> str:
    """An OpenSSH ed25519 key pair at ``path`` and ``path.pub``; gives the public line."""
    key = ed25519.Ed25519PrivateKey.generate()
    crypt = serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, crypt))
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    path.with_suffix(".pub").write_text(public.decode() + f" {path.name}\n")
    return public.decode() + f" {path.name}"


def risk(**changes) -> Risk:
    base = Risk(id="RSK-001", title="Vendor lock-in", owner="ada", bearing_party="hosp", review_date=DAY,
                liability_cap=CAP, identified_on=DAY, field_sensitivity={"liability_cap": "confidential"},
                readers=["hosp"])
    return base.replace(**changes)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("sealed")
    with isolated(root / "home"):
        store = make_small_store(root / "store")
        keys = root / "keys"
        keys.mkdir()
        members = [m.replace(signing_key=make_key(keys / m.id)) for m in store.members() if m.id in ("ada", "ben", "dee")]
        store.write(Change("register keys", members, when=at(DAY)))
        incident = Incident(id="INC-2026-001", title="Credential leak", party="hosp", reported_by="ada",
                            detected_at=dt.datetime(2026, 3, 9, 8, tzinfo=dt.UTC), readers=["hosp"], body=NOTE)
        store.write(Change("record risk and incident", [risk(), incident], when=at(DAY, 11)))
        store.close()
    yield root


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    shutil.copytree(template / "store", tmp_path / "store")
    opened_store = Store.open(tmp_path / "store")
    yield opened_store
    opened_store.close()


def key_of(template: Path, member: str) -> Path:
    return template / "keys" / member


def as_reader(store: Store, key: Path | None) -> None:
    (store.meta_dir / "signing_key").unlink(missing_ok=True)
    if key is not None:
        (store.meta_dir / "signing_key").write_text(f"{key}\n")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def every_object(root: Path) -> bytes:
    return subprocess.run(["git", "cat-file", "--batch-all-objects", "--batch"], cwd=root,
                          capture_output=True, check=True).stdout


# --- the rule, pure ----------------------------------------------------------------------


def test_the_rule_seals_text_and_never_what_verify_reads() -> None:
    assert sealed_paths(risk()) == ["liability_cap"]
    assert "owner" not in sealed_paths(risk(sensitivity="confidential"))
    with pytest.raises(RecordError) as bad:
        check_sealing(risk(field_sensitivity={"owner": "confidential"}), Charter())
    assert bad.value.field == "field_sensitivity.owner" and "never be sealed" in str(bad.value)
    with pytest.raises(RecordError) as none:
        check_sealing(risk(readers=[]), Charter(sealing=True))
    assert none.value.field == "readers"


# --- no plaintext anywhere, opened for readers --------------------------------------------


def test_no_object_nor_the_index_holds_sealed_text(template: Path) -> None:
    root = template / "store"
    blobs = every_object(root)
    index = b"".join(p.read_bytes() for p in (root / ".council").glob("index.sqlite*"))
    for canary in (CAP, NOTE):
        assert canary.encode() not in blobs and canary.encode() not in index
    assert b"BEGIN AGE ENCRYPTED FILE" in blobs


def test_a_reader_opens_it_and_the_other_party_sees_for_whom(store: Store, template: Path) -> None:
    as_reader(store, key_of(template, "ben"))
    assert opened(store, store.require("RSK-001")).liability_cap == CAP
    assert opened(store, store.require("INC-2026-001")).body_text == NOTE
    as_reader(store, key_of(template, "dee"))
    assert opened(store, store.require("RSK-001")).liability_cap == "[sealed for hosp]"
    as_reader(store, None)
    assert opened(store, store.require("INC-2026-001")).body_text == "[sealed for hosp]"


def test_the_cli_shows_it_to_readers_only(store: Store, template: Path) -> None:
    as_reader(store, key_of(template, "ada"))
    shown = runner.invoke(app, ["show", "RSK-001", "--store", str(store.root)])
    assert shown.exit_code == 0 and CAP in shown.output
    as_reader(store, key_of(template, "dee"))
    hidden = runner.invoke(app, ["show", "RSK-001", "--store", str(store.root)])
    assert hidden.exit_code == 0 and CAP not in hidden.output and "sealed for hosp" in hidden.output


# --- writes: kept, re-sealed ---------------------------------------------------------------


def test_a_write_by_a_non_reader_keeps_the_armour(store: Store) -> None:
    before = store.require("RSK-001").sealed
    store.write(Change("retitle", [store.require("RSK-001").replace(title="Lock-in")], when=at(DAY, 12)))
    assert store.require("RSK-001").sealed == before
    assert verify(store, full=True).ok


def test_a_rotated_key_is_sealed_to_at_the_next_write(store: Store, template: Path, tmp_path: Path) -> None:
    ben = store.require("ben").replace(signing_key=make_key(tmp_path / "ben2"))
    store.write(Change("rotate ben's key", [ben], when=at(DAY, 12)))
    # No key: the record cannot be sealed again to the new readers, and nothing is written.
    head = store.head
    with pytest.raises(RecordError) as refused:
        store.write(Change("retitle", [store.require("RSK-001").replace(title="Lock-in")], when=at(DAY, 13)))
    assert refused.value.field == "liability_cap" and "key" in refused.value.expected and store.head == head
    as_reader(store, key_of(template, "ada"))
    store.write(Change("retitle", [store.require("RSK-001").replace(title="Lock-in")], when=at(DAY, 13)))
    as_reader(store, tmp_path / "ben2")
    assert opened(store, store.require("RSK-001")).liability_cap == CAP
    assert verify(store, full=True).ok


def test_reseal_seals_what_the_operator_reads(store: Store, template: Path, tmp_path: Path) -> None:
    as_reader(store, key_of(template, "ada"))
    (store.meta_dir / "operator").write_text("ada\n")
    ben = store.require("ben").replace(signing_key=make_key(tmp_path / "ben2"))
    store.write(Change("rotate ben's key", [ben], when=at(DAY, 12)))  # their readers changed
    before = store.require("INC-2026-001").sealed
    result = runner.invoke(app, ["reseal", "--store", str(store.root)])
    assert result.exit_code == 0, result.output
    assert "RSK-001" in result.output and "INC-2026-001" in result.output
    assert store.require("INC-2026-001").sealed["body"] != before["body"]
    assert verify(store, full=True).ok


# --- verify, with no key ------------------------------------------------------------------


def test_verify_catches_a_value_sealed_to_other_readers(store: Store, template: Path) -> None:
    from council import sealing

    path = store.root / "risks" / "RSK-001.md"
    dee = sealing.check_reader_key((key_of(template, "dee").with_suffix(".pub")).read_text())
    forged = sealing.seal("CANARY-forged", "RSK-001", "liability_cap", [dee])
    text = path.read_text()
    old = store.require("RSK-001").sealed["liability_cap"]
    path.write_text(text.replace(old.strip(), forged.strip()))
    git(store.root, "commit", "-qam", "record: a forged sealed value")
    report = verify(store, full=True)
    assert {f.rule for f in report.failures if f.record == "RSK-001"} == {"sealed-readers"}
    assert any("RSK-001" in f.record and "liability_cap" in f.message for f in report.failures)


def test_verify_catches_a_corrupted_armoured_block(store: Store) -> None:
    path = store.root / "risks" / "RSK-001.md"
    lines = path.read_text().split("\n")
    at_line = next(i for i, line in enumerate(lines) if line.startswith("-----BEGIN AGE")) + 1
    lines[at_line] = lines[at_line][:40] + "!" + lines[at_line][41:]
    path.write_text("\n".join(lines))
    git(store.root, "commit", "-qam", "record: a corrupted sealed value")
    report = verify(store, full=True)
    assert [f.rule for f in report.failures if f.record == "RSK-001"] == ["record-parses"]
    assert any("sealed.liability_cap" in f.message and "age armour" in f.message for f in report.failures)


def test_verify_catches_sealed_text_written_in_the_clear(store: Store) -> None:
    path = store.root / "risks" / "RSK-001.md"
    text = path.read_text()
    clear = text.split("\n[sealed]")[0].replace('liability_cap = ""', 'liability_cap = "in the clear"') + "\n+++\n"
    path.write_text(clear)
    git(store.root, "commit", "-qam", "record: unseal by hand")
    report = verify(store, full=True)
    assert any(f.rule == "sealed-readers" and "in the clear" in f.message for f in report.failures)


# --- bad input ----------------------------------------------------------------------------


def test_a_reader_with_no_registered_key_is_refused(store: Store) -> None:
    head = store.head
    with pytest.raises(RecordError) as refused:
        store.write(Change("risk for cy", [risk(id="RSK-002", readers=["cy"])], when=at(DAY, 12)))
    assert refused.value.field == "readers" and "cy" in str(refused.value) and store.head == head


def test_an_unreadable_operator_key_is_a_clear_error(store: Store, template: Path, tmp_path: Path) -> None:
    as_reader(store, tmp_path / "missing")
    missing = runner.invoke(app, ["show", "RSK-001", "--store", str(store.root)])
    assert missing.exit_code == 2 and "does not exist" in missing.output and "Traceback" not in missing.output
    make_key(tmp_path / "locked", b"secret words")
    as_reader(store, tmp_path / "locked")
    locked = runner.invoke(app, ["show", "RSK-001", "--store", str(store.root)])
    assert locked.exit_code == 2 and "passphrase" in locked.output
    with settings.overridden(key_passphrase="secret words"):
        assert opened(store, store.require("RSK-001")).liability_cap == "[sealed for hosp]"
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    (tmp_path / "rsa").write_bytes(rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                                         serialization.NoEncryption()))
    as_reader(store, tmp_path / "rsa")
    wrong = runner.invoke(app, ["show", "RSK-001", "--store", str(store.root)])
    assert wrong.exit_code == 2 and "not an ed25519 key" in wrong.output


def test_a_hardware_key_is_refused_as_a_reader_key(store: Store, tmp_path: Path) -> None:
    line = make_key(tmp_path / "hw").replace("ssh-ed25519", "sk-ssh-ed25519@openssh.com")
    (tmp_path / "hw.pub").write_text(line + "\n")
    (store.meta_dir / "operator").write_text("gus\n")
    result = runner.invoke(app, ["member", "key", "cy", "--key", str(tmp_path / "hw.pub"), "--store", str(store.root)])
    assert result.exit_code == 2 and "hardware" in result.output and "Traceback" not in result.output


# --- export ------------------------------------------------------------------------------


def _redacted(record, levels: tuple[str, ...]):
    from exports.policy import Policy
    from exports.redact import _Committer, redact
    from exports.snapshot import Source
    from exports.view import Report

    report = Report()
    committer = _Committer(b"k" * 32, "0" * 40, report)
    shown = redact(Source(record, "risks/RSK-001.md", "0" * 40, b""), Policy("partners", frozenset(levels), True),
                   committer, Charter(), DAY)
    return shown, report


def test_an_export_publishes_sealed_text_only_opened_and_allowed(store: Store, template: Path) -> None:
    levels = ("public", "internal", "confidential")
    sealed, report = _redacted(store.require("RSK-001"), levels)
    assert not sealed.visible("liability_cap") and "sealed" not in sealed.fields and "readers" not in sealed.fields
    assert [w.item for w in report.items] == ["RSK-001#liability_cap"]
    as_reader(store, key_of(template, "ada"))
    shown, _ = _redacted(opened(store, store.require("RSK-001")), levels)
    assert shown.fields["liability_cap"] == CAP
    withheld, _ = _redacted(opened(store, store.require("RSK-001")), ("public", "internal"))
    assert not withheld.visible("liability_cap")


def test_an_export_by_a_reader_holds_no_plaintext_the_audience_may_not_see(store: Store, template: Path,
                                                                          tmp_path: Path) -> None:
    from exports.options import ExportOptions
    from exports.run import export

    as_reader(store, key_of(template, "ada"))
    out = export(store, ExportOptions(out=tmp_path / "out", audience="partners", unverified=True)).out
    published = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert CAP.encode() not in published and NOTE.encode() not in published
    assert b"AGE ENCRYPTED" not in published


# --- sync ---------------------------------------------------------------------------------


def test_sync_refuses_a_value_sealed_to_other_readers(trio, tmp_path: Path) -> None:
    from council import sealing
    from store.sync import replicas as sync
    from tests.test_sync_support import head

    keys = {m: make_key(tmp_path / m) for m in ("ada", "dee")}
    trio.b.write(Change("register keys", [trio.b.require(m).replace(signing_key=k) for m, k in keys.items()],
                        when=at(DAY)))
    trio.b.write(Change("record a sealed risk", [risk()], when=at(DAY, 11)))
    path = trio.b.root / "risks" / "RSK-001.md"
    forged = sealing.seal("CANARY-forged", "RSK-001", "liability_cap", [sealing.check_reader_key(keys["dee"])])
    old = trio.b.require("RSK-001").sealed["liability_cap"]
    path.write_text(path.read_text().replace(old.strip(), forged.strip()))
    git(trio.b.root, "commit", "-qam", "record: reseal RSK-001")
    bad = head(trio.b.root)
    git(trio.b.root, "push", "-q", "hub", "main")
    before = head(trio.a.root)
    with pytest.raises(sync.SyncRefused) as refused:
        sync.sync(trio.a)
    assert f"commit {bad[:10]}: RSK-001: [sealed-readers]" in str(refused.value)
    assert head(trio.a.root) == before


# --- commit messages: in the clear in every replica ---------------------------------------


def test_a_commit_message_quoting_sealed_text_is_refused_and_nothing_written(store: Store, template: Path) -> None:
    as_reader(store, key_of(template, "ada"))
    head = store.head
    retitled = opened(store, store.require("RSK-001")).replace(title="Lock-in")
    for change in (Change(f"cap now {CAP}", [retitled], when=at(DAY, 12)),
                   Change("retitle", [retitled], body=f"The cap stays at {CAP}.", when=at(DAY, 12))):
        with pytest.raises(RecordError) as refused:
            store.write(change)
        assert (refused.value.record, refused.value.field) == ("RSK-001", "liability_cap")
        assert "commit message that does not quote this sealed text" in str(refused.value)
        assert store.head == head
    store.write(Change("retitle RSK-001", [retitled], when=at(DAY, 12)))  # the same change, said plainly
    assert CAP.encode() not in every_object(store.root)


def test_a_commit_message_quoting_one_line_of_sealed_text_is_refused(store: Store, template: Path) -> None:
    as_reader(store, key_of(template, "ada"))
    head = store.head
    line = "CANARY-line-2e9b uncapped for breach of clause 9"
    capped = opened(store, store.require("RSK-001")).replace(liability_cap=f"{CAP}\n{line}")
    with pytest.raises(RecordError) as refused:
        store.write(Change(f"RSK-001: cap {line}", [capped], when=at(DAY, 12)))
    assert (refused.value.record, refused.value.field) == ("RSK-001", "liability_cap")
    assert store.head == head
    store.write(Change("update RSK-001: liability_cap", [capped], when=at(DAY, 12)))
    assert line.encode() not in every_object(store.root)


def test_a_sealed_action_is_marked_done_by_its_place_not_its_words(store: Store, template: Path) -> None:
    from store import usecases

    secret = "CANARY-action-5c1e call the vendor's counsel"
    _sealed_actions(store, template, [secret])
    usecases.action_done(store, "DEC-2026-001/1", DAY + dt.timedelta(days=2))
    subject = git(store.root, "log", "-1", "--format=%s")
    assert subject.strip() == f"record: DEC-2026-001: action 1 done on {DAY + dt.timedelta(days=2)}"
    assert b"CANARY-action-5c1e" not in every_object(store.root)
    assert opened(store, store.require("DEC-2026-001")).actions[0].text == secret


def _sealed_actions(store: Store, template: Path, texts: list[str], first_due: int = 30) -> list:
    """DEC-2026-001 recorded with one action per text (due a day apart), the texts sealed to hosp."""
    from council.records import ActionItem, Decision

    actions = [ActionItem(text=t, owner="ada", due=DAY + dt.timedelta(days=first_due + i)) for i, t in enumerate(texts)]
    decision = Decision(id="DEC-2026-001", title="Vendor terms", meeting="MTG-2026-01", date=DAY, tier="low",
                        motion="That the secretariat act.", moved_by="ada",
                        votes={m: "for" for m in ("ada", "ben", "cy", "dee", "eli", "fay")}, actions=actions,
                        readers=["hosp"], field_sensitivity={"actions.text": "confidential"})
    as_reader(store, key_of(template, "ada"))
    store.write(Change("record DEC-2026-001", [decision], creates=["DEC-2026-001"], when=at(DAY, 12)))
    return actions


def _two_sealed_actions(store: Store, template: Path) -> None:
    _sealed_actions(store, template, [f"CANARY-first-{i}a7 brief counsel on option {i}" for i in (1, 2)], 31)


def test_a_non_reader_cannot_move_a_list_entry_away_from_its_sealed_text(store: Store, template: Path) -> None:
    """Each armour names its place in the list inside its sealed text: kept unopened under an entry
    that moved, it would pair one action's words with another's owner and date."""
    _two_sealed_actions(store, template)
    as_reader(store, key_of(template, "dee"))  # lab: not a reader
    stored = store.require("DEC-2026-001")
    head = store.head
    with pytest.raises(RecordError) as refused:
        store.write(Change("reorder", [stored.replace(actions=list(reversed(stored.actions)))], when=at(DAY, 13)))
    assert refused.value.record == "DEC-2026-001" and refused.value.field == "actions[0].text"
    assert "move the list entry that holds it" in str(refused.value) and store.head == head
    # Adding an entry after them moves none: the non-reader's write keeps both armours as they were.
    from council.records import ActionItem
    added = stored.replace(actions=[*stored.actions, ActionItem(text="", owner="dee", due=DAY)])
    store.write(Change("add an action", [added], when=at(DAY, 13)))
    assert store.require("DEC-2026-001").sealed == stored.sealed


def test_a_reader_moves_entries_and_each_keeps_its_own_sealed_text(store: Store, template: Path) -> None:
    _two_sealed_actions(store, template)
    mine = opened(store, store.require("DEC-2026-001"))
    by_due = {a.due: a.text for a in mine.actions}
    store.write(Change("reorder", [store.require("DEC-2026-001").replace(
        actions=list(reversed(store.require("DEC-2026-001").actions)))], when=at(DAY, 13)))
    after = opened(store, store.require("DEC-2026-001"))
    assert [a.due for a in after.actions] == sorted(by_due, reverse=True)
    assert all(a.text == by_due[a.due] for a in after.actions)
    assert verify(store, full=True).ok


@pytest.mark.parametrize("order", [[2, 1, 0], [1, 2], [0, 2], [2, 0, 1], [1, 0, 2, 3]])
def test_reordering_removing_or_adding_entries_keeps_each_sealed_text_with_its_entry(store: Store, template: Path,
                                                                                     order: list[int]) -> None:
    """A reader writes the record as the store holds it (texts unopened): entries with no sealed
    text among them, moved, cut and added; each sealed text stays with its own entry."""
    from council.records import ActionItem

    actions = _sealed_actions(store, template, ["CANARY-a-91 first thing to do", "", "CANARY-c-27 third thing to do"],
                              10)
    held = store.require("DEC-2026-001")
    extra = ActionItem(text="", owner="ben", due=DAY + dt.timedelta(days=99))
    moved = [held.actions[i] if i < len(held.actions) else extra for i in order]
    store.write(Change("rearrange", [held.replace(actions=moved)], when=at(DAY, 13)))
    after = opened(store, store.require("DEC-2026-001"))
    want = {a.due: a.text for a in actions}
    assert [a.due for a in after.actions] == [a.due for a in moved]
    assert all(a.text == want.get(a.due, "") for a in after.actions), [(a.due, a.text) for a in after.actions]
    assert b"CANARY-" not in every_object(store.root) and verify(store, full=True).ok


def test_a_commit_message_quoting_part_of_sealed_text_is_refused(store: Store, template: Path) -> None:
    # A title or body cut to fit a subject line ("…"), or quoted in other case, still says it.
    as_reader(store, key_of(template, "ada"))
    head = store.head
    secret = "CANARY-part-7d41 the vendor withheld the pseudonymised discharge records"
    capped = opened(store, store.require("RSK-001")).replace(liability_cap=secret)
    for message in ("RSK-001: the vendor withheld the pseudonymised…",
                    "RSK-001: The Vendor Withheld The Pseudonymised records of the second quarter"):
        with pytest.raises(RecordError) as refused:
            store.write(Change(message, [capped], when=at(DAY, 12)))
        assert (refused.value.record, refused.value.field) == ("RSK-001", "liability_cap")
        assert store.head == head
    # Four words in common ("at the council stage" is everyone's) are not a quote.
    store.write(Change("RSK-001: the vendor withheld the reply", [capped], when=at(DAY, 12)))
    assert b"pseudonymised discharge" not in every_object(store.root)
