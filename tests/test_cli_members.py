"""Membership as records from the shell: `council member appoint|end|key|show`,
`council operator --key`, the store's dry run and the ed25519 key parse."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.cli import app
from council.errors import RecordError
from council.parse import parse_ed25519_key
from council.records import Member
from store import usecases
from store.service import Store
from store.write.change import Change, DryRun
from tests.conftest import DAY, at

runner = CliRunner()


def keypair(tmp_path: Path, name: str, kind: str = "ed25519") -> Path:
    key = tmp_path / f"{name}_{kind}"
    subprocess.run(["ssh-keygen", "-q", "-t", kind, "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


def cli(store: Store, *args: str) -> object:
    result = runner.invoke(app, [*args, "--store", str(store.root)])
    assert "Traceback" not in result.output
    return result


def head(store: Store) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=store.root, capture_output=True, text=True).stdout


# --- the key parse -------------------------------------------------------------------


def test_an_ed25519_public_key_is_read_as_typed(tmp_path: Path) -> None:
    line = Path(str(keypair(tmp_path, "ada")) + ".pub").read_text()
    assert parse_ed25519_key(line + "\n", "ada") == line.strip()


@pytest.mark.parametrize("bad", ["", "ssh-ed25519", "ssh-ed25519 not-base64!", "ssh-ed25519 AAAA",
                                 "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                 "-----BEGIN OPENSSH PRIVATE KEY-----"])
def test_what_is_not_a_whole_ed25519_key_is_refused(bad: str) -> None:
    with pytest.raises(RecordError, match="field 'signing_key': expected an ed25519 public key line"):
        parse_ed25519_key(bad, "ada")


def test_an_rsa_key_is_refused(tmp_path: Path) -> None:
    line = Path(str(keypair(tmp_path, "ada", "rsa")) + ".pub").read_text()
    with pytest.raises(RecordError, match="ed25519"):
        parse_ed25519_key(line, "ada")


# --- the store's dry run ------------------------------------------------------------


def test_a_dry_run_checks_everything_and_writes_nothing(small_store: Store) -> None:
    before = head(small_store)
    member = Member(id="hal", name="Hal Ng", party="lab", role="observer", term_start=DAY)
    small_store.dry_run = True
    with pytest.raises(DryRun) as would:
        small_store.write(Change("appoint hal", [member], creates=["hal"], when=at(DAY)))
    assert would.value.paths == ("members/hal.md",)
    assert would.value.message.startswith("record: appoint hal")
    with pytest.raises(RecordError, match="party"):  # a refused change is refused as ever
        small_store.write(Change("appoint ivy", [Member(id="ivy", name="Ivy", party="nobody")]))
    small_store.dry_run = False
    assert head(small_store) == before
    assert small_store.get("hal") is None
    assert not (small_store.root / "members" / "hal.md").exists()


# --- appoint ------------------------------------------------------------------------


def test_appoint_with_a_key_then_show(small_store: Store, tmp_path: Path) -> None:
    key = keypair(tmp_path, "hal")
    result = cli(small_store, "member", "appoint", "hal", "--name", "Hal Ng", "--party", "lab",
                 "--role", "technical_expert", "--voting", "--from", "2026-04-01", "--email", "hal@lab.example",
                 "--key", f"{key}.pub", "--notice", "letter of 2026-03-20")
    assert result.exit_code == 0, result.output
    assert "Appointed hal: commit " in result.output
    member = Store.open(small_store.root).require("hal")
    assert isinstance(member, Member)
    assert (member.party, member.role, member.voting, member.term_start) == ("lab", "technical_expert", True,
                                                                            dt.date(2026, 4, 1))
    assert member.signing_key == Path(f"{key}.pub").read_text().strip()
    log = subprocess.run(["git", "log", "-1", "--format=%B"], cwd=small_store.root, capture_output=True,
                         text=True).stdout
    assert "Appointed by notice of lab: letter of 2026-03-20" in log
    shown = cli(small_store, "member", "show", "hal")
    assert shown.exit_code == 0 and "Term: 2026-04-01 to open" in shown.output
    assert "Signing key: ssh-ed25519 " in shown.output
    assert cli(small_store, "verify", "--no-fsck").exit_code == 0


def test_appoint_dry_run_writes_nothing_and_says_what_it_would_commit(small_store: Store) -> None:
    before = head(small_store)
    result = cli(small_store, "member", "appoint", "hal", "--name", "Hal Ng", "--party", "lab",
                 "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["dry_run"] is True and data["commit"] is None
    assert data["paths"] == ["members/hal.md"] and data["record"]["id"] == "hal"
    assert head(small_store) == before and not (small_store.root / "members" / "hal.md").exists()


def test_appoint_json_names_the_commit(small_store: Store) -> None:
    result = cli(small_store, "member", "appoint", "hal", "--name", "Hal Ng", "--party", "lab", "--json")
    data = json.loads(result.output)
    assert data["commit"] == head(small_store).strip()
    assert data["record"]["party"] == "lab"


@pytest.mark.parametrize("args, needle", [
    (["hal", "--name", "Hal", "--party", "nobody"], "hal (members/hal.md): field 'party': expected a party to the partnership"),
    (["Hal!", "--name", "Hal", "--party", "lab"], "field 'id': expected a member ID"),
    (["ada", "--name", "Ada", "--party", "hosp"], "ada: field 'id': expected a new member ID"),
    (["hal", "--name", "Hal", "--party", "lab", "--from", "2026-02-30"], "hal: field 'term_start': expected a date"),
    (["hal", "--name", "Hal", "--party", "lab", "--from", "2026-05-01", "--until", "2026-04-01"],
     "hal (members/hal.md): field 'term_end': expected a date on or after term_start"),
    (["hal", "--name", " ", "--party", "lab"], "hal (members/hal.md): field 'name': expected the member's name"),
    (["hal", "--name", "Hal", "--party", "lab", "--role", "king"], "field 'role'"),
    (["hal", "--name", "Hal", "--party", "lab", "--by-decision", "DEC-1999-999"], "DEC-1999-999: field 'id'"),
    (["hal", "--name", "Hal", "--party", "lab", "--key", "/no/such.pub"], "field 'signing_key': expected a readable"),
])
def test_appoint_bad_input_exits_2_naming_record_and_field(small_store: Store, args: list[str], needle: str) -> None:
    before = head(small_store)
    result = cli(small_store, "member", "appoint", *args)
    assert result.exit_code == 2, result.output
    assert needle in result.output.replace("\n", " ")
    assert head(small_store) == before


def test_appoint_refuses_a_private_key_and_a_key_another_member_holds(small_store: Store, tmp_path: Path) -> None:
    key = keypair(tmp_path, "hal")
    private = cli(small_store, "member", "appoint", "hal", "--name", "Hal", "--party", "lab", "--key", str(key))
    assert private.exit_code == 2 and "never the private key" in private.output
    cli(small_store, "member", "key", "ada", "--key", f"{key}.pub")
    taken = cli(small_store, "member", "appoint", "hal", "--name", "Hal", "--party", "lab", "--key", f"{key}.pub")
    assert taken.exit_code == 2 and "ada holds this one" in taken.output


def test_no_operator_no_write(small_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(name)
    before = head(small_store)
    result = cli(small_store, "member", "appoint", "hal", "--name", "Hal", "--party", "lab", "--dry-run")
    assert result.exit_code == 2
    assert "no operator is configured for this store: run `council operator MEMBER-ID`" in result.output
    assert head(small_store) == before


def test_appointed_by_a_decision_that_passed_only(small_store: Store) -> None:
    from tests.conftest import amend_clause

    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")
    ok = cli(small_store, "member", "appoint", "hal", "--name", "Hal", "--party", "lab",
             "--by-decision", "DEC-2026-001")
    assert ok.exit_code == 0, ok.output
    log = subprocess.run(["git", "log", "-1", "--format=%B"], cwd=small_store.root, capture_output=True,
                         text=True).stdout
    assert "Appointed by decision DEC-2026-001" in log
    wrong_kind = cli(small_store, "member", "appoint", "ivy", "--name", "Ivy", "--party", "lab",
                     "--by-decision", "MTG-2026-01")
    assert wrong_kind.exit_code == 2 and "expected the ID of a decision" in wrong_kind.output


# --- end a term, rotate a key --------------------------------------------------------


def test_end_a_term_keeps_the_member_and_their_votes(small_store: Store) -> None:
    from tests.conftest import amend_clause

    amend_clause(small_store, "4.2", "A quorum is two thirds of the voting members.")  # fay votes on DAY
    result = cli(small_store, "member", "end", "fay", "--on", "2026-06-30", "--reason", "resigned")
    assert result.exit_code == 0, result.output
    fay = Store.open(small_store.root).require("fay")
    assert isinstance(fay, Member) and fay.term_end == dt.date(2026, 6, 30)
    assert cli(small_store, "verify", "--no-fsck").exit_code == 0
    shown = cli(small_store, "member", "show", "fay", "--json")
    assert json.loads(shown.output)["term_end"] == "2026-06-30"
    again = cli(small_store, "member", "end", "fay", "--on", "2026-07-30")
    assert again.exit_code == 2 and "already ended on 2026-06-30" in again.output


@pytest.mark.parametrize("args, needle", [
    (["zed"], "zed: field 'id'"),
    (["4.2"], "expected the ID of a member"),
    (["fay", "--on", "2024-12-31"], "fay: field 'term_end': expected a date on or after term_start"),
    (["fay", "--on", "soon"], "fay: field 'term_end': expected a date YYYY-MM-DD"),
])
def test_end_bad_input(small_store: Store, args: list[str], needle: str) -> None:
    result = cli(small_store, "member", "end", *args)
    assert result.exit_code == 2 and needle in result.output.replace("\n", " "), result.output


def test_end_dry_run(small_store: Store) -> None:
    before = head(small_store)
    result = cli(small_store, "member", "end", "fay", "--on", "2026-06-30", "--dry-run")
    assert result.exit_code == 0 and "Nothing was written." in result.output
    assert head(small_store) == before


def test_rotate_a_key(small_store: Store, tmp_path: Path) -> None:
    old, new = keypair(tmp_path, "old"), keypair(tmp_path, "new")
    assert cli(small_store, "member", "key", "ada", "--key", f"{old}.pub").exit_code == 0
    dry = cli(small_store, "member", "key", "ada", "--key", f"{new}.pub", "--dry-run")
    assert dry.exit_code == 0 and "Nothing was written." in dry.output
    result = cli(small_store, "member", "key", "ada", "--key", f"{new}.pub")
    assert result.exit_code == 0, result.output
    ada = Store.open(small_store.root).require("ada")
    assert isinstance(ada, Member) and ada.signing_key == Path(f"{new}.pub").read_text().strip()
    same = cli(small_store, "member", "key", "ada", "--key", f"{new}.pub")
    assert same.exit_code == 2 and "a key other than the one registered" in same.output


# --- operator --key --------------------------------------------------------------------


def test_operator_with_a_key_remembers_it_outside_the_store(small_store: Store, tmp_path: Path) -> None:
    key = keypair(tmp_path, "ada")
    cli(small_store, "member", "key", "ada", "--key", f"{key}.pub")
    result = cli(small_store, "operator", "ada", "--key", str(key))
    assert result.exit_code == 0, result.output
    assert "Signing with" in result.output
    assert (small_store.root / ".council" / "operator").read_text().strip() == "ada"
    tracked = subprocess.run(["git", "ls-files"], cwd=small_store.root, capture_output=True, text=True).stdout
    assert str(key) not in tracked and ".council" not in tracked


def test_operator_refuses_a_key_that_is_not_the_members(small_store: Store, tmp_path: Path) -> None:
    mine, other = keypair(tmp_path, "ada"), keypair(tmp_path, "other")
    cli(small_store, "member", "key", "ada", "--key", f"{mine}.pub")
    result = cli(small_store, "operator", "ada", "--key", str(other))
    assert result.exit_code == 2 and "ada: field 'signing_key'" in result.output
    assert not (small_store.root / ".council" / "operator").exists()


def test_the_use_case_and_the_cli_make_the_same_tree(small_store: Store, tmp_path: Path) -> None:
    """The TUI calls the use case; the CLI calls it too: the same appointment, the same tree."""
    import shutil

    twin_root = tmp_path / "twin"
    shutil.copytree(small_store.root, twin_root)
    twin = Store.open(twin_root)
    usecases.appoint_member(twin, usecases.Appointment(member_id="hal", name="Hal Ng", party="lab",
                                                       term_start=dt.date(2026, 4, 1)))
    cli(small_store, "member", "appoint", "hal", "--name", "Hal Ng", "--party", "lab", "--from", "2026-04-01")
    trees = [subprocess.run(["git", "rev-parse", "HEAD^{tree}"], cwd=root, capture_output=True, text=True).stdout
             for root in (small_store.root, twin_root)]
    assert trees[0] == trees[1]
    twin.close()


def test_the_write_path_refuses_a_record_its_file_would_not_read_back(small_store: Store) -> None:
    """A role outside the field's choices was committed, then left out of the index."""
    before = head(small_store)
    with pytest.raises(RecordError, match="field 'role': expected one of"):
        small_store.write(Change("appoint hal", [Member(id="hal", name="Hal", party="lab", role="king")]))
    assert head(small_store) == before


def test_clone_into_a_relative_path_beside_the_current_directory(small_store: Store, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """`council clone ../hub.git ../beta` from inside a store: git ran in ../ and looked for ../../."""
    here = tmp_path / "here"
    here.mkdir()
    subprocess.run(["git", "clone", "-q", "--bare", str(small_store.root), str(tmp_path / "hub.git")], check=True)
    monkeypatch.chdir(here)
    result = runner.invoke(app, ["clone", "../hub.git", "../beta"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "beta" / "partnership.md").exists()
    assert not list(tmp_path.glob(".beta.council-clone-*"))
