"""The artifact register and releases from the shell (issue 17): `council artifact register|verify`,
`council release check|grant|revoke`, through the write path, with --json, --dry-run and bad input."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.cli import app
from council.errors import RecordError, RuleError
from council.records import Dataset, Decision, ExitPlan, Member, Trigger
from store.service import Store
from store.write import signing
from store.write.change import Change
from tests.conftest import DAY, MEMBERS, at

runner = CliRunner()
VOTES = {m.id: "for" for m in MEMBERS if m.voting}


def cli(store: Store, *args: str) -> object:
    result = runner.invoke(app, [*args, "--store", str(store.root)])
    assert "Traceback" not in result.output
    assert not result.exception or isinstance(result.exception, SystemExit), result.exception
    return result


def head(root: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()


def decision(dec_id: str, tier: str, amends: list[str] | None = None) -> Decision:
    return Decision(id=dec_id, title=f"Decision {dec_id}", meeting="MTG-2026-01", date=DAY, tier=tier,
                    motion="That it be done.", moved_by="ada", votes=dict(VOTES), amends=amends or [],
                    body="Because.")


DS = Dataset(id="DS-001", title="Scans", provider="hosp", lawful_basis="Consent", jurisdiction="England and Wales",
             anonymisation="k-anonymity", rights_contact="dpo@hosp.example", model_training_allowed=True,
             permitted_purposes=["(a) Research into sepsis", "(b) Service evaluation"], sensitivity="internal")


@pytest.fixture
def council(small_store: Store, tmp_path: Path) -> Store:
    """The small store with a dataset, a medium-tier decision to register, and dee (of lab) signing."""
    store = small_store
    store.write(Change("terms of DS-001", [decision("DEC-2026-001", "high", ["DS-001"]), DS], kind="amend",
                       decision="DEC-2026-001", when=at(DAY, 11)))
    store.write(Change("decisions on the model", [decision("DEC-2026-002", "medium"), decision("DEC-2026-003", "low")],
                       when=at(DAY, 12)))
    key = tmp_path / "dee"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "dee", "-f", str(key)], check=True)
    dee = store.require("dee")
    assert isinstance(dee, Member)
    store.write(Change("dee's key", [dee.replace(signing_key=key.with_suffix(".pub").read_text().strip())],
                       when=at(DAY, 13)))
    signing.use_key(store, key)
    store.set_operator("dee")
    return store


@pytest.fixture
def model(tmp_path: Path) -> Path:
    root = tmp_path / "model"
    (root / "shards").mkdir(parents=True)
    for i in range(5):
        (root / "shards" / f"w{i}.bin").write_bytes(bytes([i]) * (100 + i))
    (root / "config.json").write_text('{"layers": 2}\n')
    return root


def register(store: Store, path: Path, *extra: str) -> object:
    return cli(store, "artifact", "register", str(path), "--title", "Sepsis model", "--owners", "lab",
               "--datasets", "DS-001", "--decision", "DEC-2026-002", "--json", *extra)


def test_register_hashes_signs_and_commits(council: Store, model: Path) -> None:
    done = register(council, model, "--shard-size", "101")
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    record = data["record"]
    assert record["id"] == "ART-001" and record["files"] == 6 and data["commit"] == head(council.root)
    assert record["signed_by"] == "dee" and "BEGIN SSH SIGNATURE" in record["signature"]
    assert '"shards/w4.bin",104,[' in record["manifest"]  # over the shard size: hashed in shards
    listed = cli(council, "list", "artifacts")
    assert "ART-001" in listed.output
    verified = cli(council, "artifact", "verify", str(model), "--json")
    assert verified.exit_code == 0, verified.output
    assert json.loads(verified.output)["ok"] is True


def test_register_refuses_a_decision_below_the_charters_tier(council: Store, model: Path) -> None:
    before = head(council.root)
    done = cli(council, "artifact", "register", str(model), "--title", "M", "--owners", "lab",
               "--decision", "DEC-2026-003")
    assert done.exit_code == 2
    assert "field 'decision'" in done.output and "tier 'medium' or higher" in done.output
    assert head(council.root) == before


@pytest.mark.parametrize(("args", "named"), [
    (("--owners", "nobody"), "field 'owners[0]'"),
    (("--owners", "lab", "--datasets", "DS-404"), "field 'datasets[0]'"),
    (("--owners", "lab", "--hyper", "lr"), "field 'hyperparameters'"),
    (("--owners", "lab", "--shard-size", "0"), "field 'shard_size'"),
])
def test_register_bad_input_names_the_field(council: Store, model: Path, args: tuple[str, ...], named: str) -> None:
    done = cli(council, "artifact", "register", str(model), "--title", "M", "--decision", "DEC-2026-002", *args)
    assert done.exit_code == 2 and named in done.output, done.output


def test_register_dry_run_writes_nothing(council: Store, model: Path) -> None:
    before = head(council.root)
    done = register(council, model, "--dry-run")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["dry_run"] is True and head(council.root) == before


def test_verify_names_a_changed_file_and_exits_1(council: Store, model: Path) -> None:
    assert register(council, model).exit_code == 0
    (model / "config.json").write_text('{"layers": 3}\n')
    (model / "extra.txt").write_text("x")
    done = cli(council, "artifact", "verify", str(model), "ART-001")
    assert done.exit_code == 1
    assert "FAIL files: changed: config.json" in done.output and "FAIL files: extra: extra.txt" in done.output
    assert "ok signature" in done.output


def test_release_check_grant_revoke(council: Store, model: Path) -> None:
    assert register(council, model).exit_code == 0
    before = head(council.root)
    refused = cli(council, "release", "check", "ART-001", "--to", "hosp", "--purpose", "marketing",
                  "--mode", "hosted", "--on", "2026-03-11", "--json")
    assert refused.exit_code == 1
    verdict = json.loads(refused.output)
    assert verdict["allowed"] is False and head(council.root) != before  # the check is a commit of its own
    assert {"record": "DS-001", "field": "permitted purposes", "why": "'marketing' is not a permitted purpose"} \
        in verdict["reasons"]
    assert "for the purpose (a) Research into sepsis" in verdict["alternatives"]
    log = subprocess.run(["git", "log", "-1", "--format=%B"], cwd=council.root, capture_output=True, text=True)
    assert log.stdout.startswith("record: release check ART-001 to hosp: refused")
    granted = cli(council, "release", "grant", "ART-001", "--to", "hosp", "--purpose", "(a)", "--mode", "hosted",
                  "--decision", "DEC-2026-002", "--on", "2026-03-11", "--until", "2026-12-31", "--json")
    assert granted.exit_code == 0, granted.output
    assert json.loads(granted.output)["record"]["status"] == "granted"
    revoked = cli(council, "release", "revoke", "REL-001", "--reason", "The study ended.", "--on", "2026-06-01")
    assert revoked.exit_code == 0, revoked.output
    release = council.require("REL-001")
    assert release.status == "revoked" and release.revoked_on == dt.date(2026, 6, 1)
    checked = cli(council, "verify")
    assert checked.exit_code == 0, checked.output  # every commit, the check's empty one too, keeps the rules


def test_release_grant_refused_by_the_gate_is_recorded(council: Store, model: Path) -> None:
    assert register(council, model).exit_code == 0
    done = cli(council, "release", "grant", "ART-001", "--to", "hosp", "--purpose", "marketing", "--mode",
               "hosted", "--decision", "DEC-2026-002", "--on", "2026-03-11")
    assert done.exit_code == 1
    assert "reason: DS-001 (permitted purposes)" in done.output
    assert council.require("REL-001").status == "refused"


@pytest.mark.parametrize(("args", "named"), [
    (("ART-001", "--to", "hosp", "--purpose", "(a)", "--mode", "ftp"), "ART-001: field 'mode'"),
    (("ART-001", "--to", "hosp", "--purpose", "(a)", "--mode", "hosted", "--on", "2026-13-01"), "field 'on'"),
    (("ART-404", "--to", "hosp", "--purpose", "(a)", "--mode", "hosted"), "ART-404"),
])
def test_release_check_bad_input(council: Store, args: tuple[str, ...], named: str) -> None:
    done = cli(council, "release", "check", *args)
    assert done.exit_code == 2 and named in done.output, done.output


def test_release_suspend_and_revoke_stop_only_a_granted_release(council: Store, model: Path) -> None:
    assert register(council, model).exit_code == 0
    granted = cli(council, "release", "grant", "ART-001", "--to", "hosp", "--purpose", "(a)", "--mode", "hosted",
                  "--decision", "DEC-2026-002", "--on", "2026-03-11")
    assert granted.exit_code == 0, granted.output
    done = cli(council, "release", "suspend", "REL-001", "--reason", "Recall of DS-001.", "--on", "2026-04-01")
    assert done.exit_code == 0 and "Suspended REL-001" in done.output, done.output
    release = council.require("REL-001")
    assert release.status == "suspended" and release.revoked_on is None
    assert release.body.endswith("Suspended on 2026-04-01: Recall of DS-001.")
    for verb, said in (("suspend", "suspended"), ("revoke", "revoked")):
        again = cli(council, "release", verb, "REL-001", "--reason", "Again.")
        assert again.exit_code == 2, again.output
        assert f"REL-001 is suspended: only a granted release can be {said}" in again.output
    blank = cli(council, "release", "grant", "ART-001", "--to", "hosp", "--purpose", "(a)", "--mode", "hosted",
                "--decision", "DEC-2026-002", "--on", "2026-03-11")
    assert blank.exit_code == 0
    empty = cli(council, "release", "revoke", "REL-002", "--reason", " ")
    assert empty.exit_code == 2 and "REL-002: field 'body'" in empty.output and "revocation" in empty.output


# --- the partnership in exit -------------------------------------------------------------------

SIX = "ada,ben,cy,dee,eli,fay"  # the voting members of the small store


def _exit_plan_with_a_trigger(store: Store) -> None:
    plan = store.require("EXIT-01")
    assert isinstance(plan, ExitPlan)
    triggered = plan.replace(triggers=[Trigger("material_breach", "A material breach not remedied (clause 9).")])
    store.write(Change("exit triggers", [decision("DEC-2026-004", "high", ["EXIT-01"]), triggered], kind="amend",
                       decision="DEC-2026-004", when=at(DAY, 14)))


def _on(monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    monkeypatch.setenv("COUNCIL_COMMIT_DATE", f"{day}T10:00:00+00:00")  # the day each commit is recorded


def test_exit_trigger_is_an_amendment_and_from_its_day_the_gate_grants_nothing(
        council: Store, model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert register(council, model).exit_code == 0
    _exit_plan_with_a_trigger(council)
    _on(monkeypatch, "2026-04-01")
    grant = ("release", "grant", "ART-001", "--to", "hosp", "--purpose", "(a)", "--mode", "hosted", "--decision",
             "DEC-2026-002")
    assert cli(council, *grant, "--on", "2026-04-01").exit_code == 0  # REL-001, before the exit
    before = head(council.root)
    dry = cli(council, "exit", "trigger", "material_breach", "--on", "2026-05-01", "--dry-run")
    assert dry.exit_code == 0 and "Nothing was saved." in dry.output, dry.output
    as_json = json.loads(cli(council, "exit", "trigger", "material_breach", "--on", "2026-05-01", "--dry-run",
                             "--json").output)
    assert as_json["dry_run"] is True and as_json["record"]["exit_on"] == "2026-05-01"
    assert as_json["record"]["record_kind"] == "partnership"
    assert cli(council, "amend", "list", "--json").output.strip().endswith("[]")
    made = cli(council, "exit", "trigger", "material_breach", "--on", "2026-05-01")
    assert made.exit_code == 0 and "Proposed draft 1: the partnership is in exit from 2026-05-01" in made.output
    assert head(council.root) == before  # a draft, not yet a term
    _on(monkeypatch, "2026-05-02")
    voted = cli(council, "amend", "vote", "1", "--meeting", "MTG-2026-01", "--tier", "high", "--for", SIX)
    assert voted.exit_code == 0, voted.output
    partnership = council.partnership()
    assert partnership is not None and partnership.exit_on == dt.date(2026, 5, 1)
    assert (partnership.exit_plan, partnership.exit_trigger) == ("EXIT-01", "material_breach")
    assert partnership.field_sensitivity["exit_trigger"] == "internal"  # as sensitive as the exit plan
    checked = cli(council, "release", "check", "ART-001", "--to", "hosp", "--purpose", "(a)", "--mode", "hosted",
                  "--on", "2026-05-01", "--json")
    assert checked.exit_code == 1, checked.output
    why = ("the partnership is in exit since 2026-05-01 by material_breach: A material breach not remedied "
           "(clause 9); no release is granted from that day")
    assert json.loads(checked.output)["reasons"] == [{"record": "EXIT-01", "field": "triggers", "why": why}]
    earlier = cli(council, "release", "check", "ART-001", "--to", "hosp", "--purpose", "(a)", "--mode", "hosted",
                  "--on", "2026-04-30", "--dry-run")
    assert earlier.exit_code == 0, earlier.output  # what the terms allowed on a day before the exit
    backdated = cli(council, *grant, "--on", "2026-04-15")  # recorded on 2026-05-02, in exit
    assert backdated.exit_code == 1 and f"reason: EXIT-01 (triggers): {why}" in backdated.output
    assert council.require("REL-002").status == "refused"
    again = cli(council, "exit", "trigger", "material_breach", "--on", "2026-06-01")
    assert again.exit_code == 2 and "partnership: field 'exit_on': expected a partnership not yet in exit" \
        in again.output.replace("\n", " ")
    assert cli(council, "verify").exit_code == 0


def test_verify_names_a_release_granted_in_exit_by_hand(council: Store, model: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert register(council, model).exit_code == 0
    _exit_plan_with_a_trigger(council)
    _on(monkeypatch, "2026-04-01")
    assert cli(council, "release", "grant", "ART-001", "--to", "hosp", "--purpose", "(a)", "--mode", "hosted",
               "--decision", "DEC-2026-002", "--on", "2026-04-01").exit_code == 0
    assert cli(council, "exit", "trigger", "material_breach", "--on", "2026-05-01").exit_code == 0
    _on(monkeypatch, "2026-05-02")
    assert cli(council, "amend", "vote", "1", "--meeting", "MTG-2026-01", "--tier", "high", "--for", SIX).exit_code == 0
    granted = council.require("REL-001")
    with pytest.raises(RuleError, match="REL-003 cannot be granted: the partnership is in exit since 2026-05-01"):
        council.write(Change("grant in exit", [granted.replace(id="REL-003", starts=dt.date(2026, 5, 3))],
                             creates=["REL-003"], when=at(dt.date(2026, 5, 3), 10)))
    # The write path refuses it, so the grant is committed by hand, past it.
    text = (council.root / "releases" / "REL-001.md").read_text()
    (council.root / "releases" / "REL-003.md").write_text(
        text.replace('id = "REL-001"', 'id = "REL-003"').replace("starts = 2026-04-01", "starts = 2026-05-03"))
    env = {"GIT_AUTHOR_DATE": "2026-05-03T10:00:00+00:00", "GIT_COMMITTER_DATE": "2026-05-03T10:00:00+00:00"}
    subprocess.run(["git", "add", "releases/REL-003.md"], cwd=council.root, check=True)
    subprocess.run(["git", "commit", "-qm", "record: release REL-003 granted by hand"], cwd=council.root,
                   check=True, env={**__import__("os").environ, **env})
    checked = cli(council, "verify")
    assert checked.exit_code == 1, checked.output
    flat = checked.output.replace("\n", " ")
    assert "release-in-exit" in flat and "REL-003 was granted in exit" in flat, checked.output


def test_in_exit_the_plan_cannot_be_deleted_or_lose_its_trigger(council: Store, model: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleting the exit plan (or the trigger the exit names) would lift the gate's refusal quietly."""
    assert register(council, model).exit_code == 0
    _exit_plan_with_a_trigger(council)
    assert cli(council, "exit", "trigger", "material_breach", "--on", "2026-05-01").exit_code == 0
    _on(monkeypatch, "2026-05-02")
    assert cli(council, "amend", "vote", "1", "--meeting", "MTG-2026-01", "--tier", "high", "--for", SIX).exit_code == 0
    before = head(council.root)
    when = at(dt.date(2026, 5, 3), 10)
    with pytest.raises(RuleError, match="EXIT-01 is the plan of the partnership's exit .since 2026-05-01, by "
                                        "material_breach.: it cannot be deleted"):
        council.write(Change("drop the exit plan", [decision("DEC-2026-009", "high", ["EXIT-01"])],
                             deletes=["EXIT-01"], kind="amend", decision="DEC-2026-009", when=when))
    plan = council.require("EXIT-01")
    assert isinstance(plan, ExitPlan)
    with pytest.raises(RecordError, match="field 'exit_trigger': expected one of the triggers of EXIT-01"):
        council.write(Change("rename the trigger", [decision("DEC-2026-009", "high", ["EXIT-01"]),
                                                    plan.replace(triggers=[Trigger("breach", "Renamed.")])],
                             kind="amend", decision="DEC-2026-009", when=when))
    assert head(council.root) == before  # nothing half-written
    # Deleted by hand past the write path: verify names it, whatever else the commit gets wrong.
    subprocess.run(["git", "rm", "-q", "exit/EXIT-01.md"], cwd=council.root, check=True)
    subprocess.run(["git", "commit", "-qm", "amend: drop the exit plan"], cwd=council.root, check=True)
    checked = cli(council, "verify")
    flat = checked.output.replace("\n", " ")
    assert checked.exit_code == 1 and "EXIT-01: [exit-plan-kept] EXIT-01 is the plan of the partnership's exit" \
        in flat, checked.output


def test_an_exit_withdrawn_by_amendment_lets_the_gate_grant_again(council: Store, model: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert register(council, model).exit_code == 0
    _exit_plan_with_a_trigger(council)
    not_yet = cli(council, "exit", "withdraw")
    assert not_yet.exit_code == 2 and "field 'exit_on': expected a partnership in exit" in not_yet.output
    assert cli(council, "exit", "trigger", "material_breach", "--on", "2026-05-01").exit_code == 0
    _on(monkeypatch, "2026-05-02")
    assert cli(council, "amend", "vote", "1", "--meeting", "MTG-2026-01", "--tier", "high", "--for", SIX).exit_code == 0
    check = ("release", "check", "ART-001", "--to", "hosp", "--purpose", "(a)", "--mode", "hosted", "--on",
             "2026-06-02", "--dry-run")
    assert cli(council, *check).exit_code == 1
    dry = cli(council, "exit", "withdraw", "--dry-run")
    assert dry.exit_code == 0 and "Nothing was saved." in dry.output, dry.output
    made = cli(council, "exit", "withdraw")
    assert made.exit_code == 0 and "exit (material_breach, since 2026-05-01) is withdrawn" in made.output, made.output
    _on(monkeypatch, "2026-06-01")
    voted = cli(council, "amend", "vote", "1", "--meeting", "MTG-2026-01", "--tier", "high", "--for", SIX)
    assert voted.exit_code == 0, voted.output
    partnership = council.partnership()
    assert partnership is not None and (partnership.exit_plan, partnership.exit_trigger, partnership.exit_on) == \
        ("", "", None) and "exit_trigger" not in partnership.field_sensitivity
    assert cli(council, *check).exit_code == 0  # the gate grants again
    assert cli(council, "verify").exit_code == 0
