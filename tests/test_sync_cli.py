"""The replica commands through the CLI: clone, remote, sync, conflicts, resolve, bundle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.cli import app
from store.service import Store
from tests.test_sync_support import Trio, add_risk, edit_meeting, git, head, make_hub, trio, trio_template  # noqa: F401

runner = CliRunner()

COMMANDS = [["clone"], ["remote"], ["remote", "add"], ["remote", "list"], ["remote", "remove"], ["sync"],
            ["conflicts"], ["resolve"], ["bundle"], ["bundle", "create"], ["bundle", "apply"]]


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_replica_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_clone_makes_a_verified_replica(trio: Trio, tmp_path: Path) -> None:
    result = run("clone", str(trio.hub), str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    assert "verified" in result.stdout
    store = Store.open(tmp_path / "c")
    assert head(store.root) == head(trio.hub, "main") and store.require("MTG-2026-01")
    store.close()
    again = run("clone", str(trio.hub), str(tmp_path / "c"))
    assert again.exit_code == 2 and "not empty" in again.output


def test_clone_from_a_relative_path_keeps_its_meaning(trio: Trio, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(trio.hub.parent)
    result = run("clone", "hub.git", str(tmp_path / "elsewhere" / "c"))
    assert result.exit_code == 0, result.output
    assert git(tmp_path / "elsewhere" / "c", "remote", "get-url", "origin").strip() == str(trio.hub)


def test_clone_of_a_tampered_hub_is_refused_and_leaves_nothing(trio: Trio, tmp_path: Path) -> None:
    path = trio.b.root / "charter" / "4.2.md"
    path.write_text(path.read_text().replace("a majority", "one third"))
    git(trio.b.root, "commit", "-q", "-am", "record: lower the quorum")
    git(trio.b.root, "push", "-q", "hub", "main")
    bad = head(trio.b.root)
    result = run("clone", str(trio.hub), str(tmp_path / "c"))
    assert result.exit_code == 1
    assert f"REFUSED commit {bad[:10]}: 4.2: [term-needs-amendment]" in result.output
    assert not (tmp_path / "c").exists() and list(tmp_path.iterdir()) == [tmp_path / "trio"]
    empty = make_hub(tmp_path / "empty.git")
    result = run("clone", str(empty), str(tmp_path / "d"))
    assert result.exit_code == 2 and "holds no council record yet" in result.output
    assert not (tmp_path / "d").exists()


def test_remote_add_list_remove_are_validated(trio: Trio, tmp_path: Path) -> None:
    store = str(trio.a.root)
    assert run("remote", "add", "bad name", str(trio.hub), "--store", store).exit_code == 2
    missing = run("remote", "add", "other", str(tmp_path / "nowhere"), "--store", store)
    assert missing.exit_code == 2 and "git init --bare" in missing.output
    taken = run("remote", "add", "hub", str(trio.hub), "--store", store)
    assert taken.exit_code == 2 and "not in use" in taken.output
    assert run("remote", "add", "partner", "ssh://partner.example/council.git", "--store", store).exit_code == 0
    listed = run("remote", "list", "--store", store, "--json")
    assert [(r["name"], r["state"]) for r in json.loads(listed.stdout)] == [("hub", "up to date"),
                                                                            ("partner", "never synced")]
    assert run("remote", "remove", "nobody", "--store", store).exit_code == 2
    assert run("remote", "remove", "partner", "--store", store).exit_code == 0
    ambiguous = run("sync", "--store", store)
    assert ambiguous.exit_code == 0, ambiguous.output  # one remote again: it is the default


def test_sync_status_push_and_refusal(trio: Trio) -> None:
    a, b = str(trio.a.root), str(trio.b.root)
    add_risk(trio.a, "RSK-001", "Model drift")
    status = run("sync", "--status", "--store", a, "--json")
    assert json.loads(status.stdout)["state"] == "ahead"
    done = run("sync", "--store", a)
    assert done.exit_code == 0 and f"Pushed {head(trio.a.root)[:10]} to hub" in done.stdout
    assert "up to date" in run("sync", "--status", "--store", a).stdout
    # b pushes a term change made with plain git; a refuses it, naming commit, record and rule.
    path = trio.b.root / "charter" / "4.2.md"
    path.write_text(path.read_text().replace("a majority", "one third"))
    git(trio.b.root, "commit", "-q", "-am", "record: lower the quorum")
    git(trio.b.root, "pull", "-q", "--rebase", "hub", "main")
    git(trio.b.root, "push", "-q", "hub", "main")
    refused = run("sync", "--store", a)
    assert refused.exit_code == 1
    assert f"REFUSED commit {head(trio.b.root)[:10]}: 4.2: [term-needs-amendment]" in refused.output
    assert "nothing was changed here" in refused.output
    # b itself fails verify now: it is not synced either.
    trio.b.close()
    own = run("sync", "--store", b)
    assert own.exit_code == 1 and "this replica fails `council verify`" in own.output


def test_conflicts_shown_field_by_field_then_resolved(trio: Trio) -> None:
    b = str(trio.b.root)
    edit_meeting(trio.b, "retitle", title="Spring meeting", body="The council met.\nIt approved the budget.")
    edit_meeting(trio.a, "minutes", body="The council met.\nIt heard the report.")
    run("sync", "--store", str(trio.a.root))
    held = run("sync", "--store", b)
    assert held.exit_code == 1
    assert "CONFLICT MTG-2026-01 (meetings/2026/MTG-2026-01.md): changed on both replicas" in held.stdout
    assert 'title  "Regular meeting" -> ours "Spring meeting" | theirs "Regular meeting"' in held.stdout
    assert "{+It approved the budget.+}" in held.stdout and "{+It heard the report.+}" in held.stdout
    shown = run("conflicts", "MTG-2026-01", "--store", b, "--json")
    assert json.loads(shown.stdout)[0]["in_main"] == "theirs"
    assert run("conflicts", "DEC-2026-999", "--store", b).exit_code == 2
    refused = run("sync", "--store", b)
    assert refused.exit_code == 2 and "conflict(s) to resolve first (MTG-2026-01)" in refused.output
    assert run("resolve", "MTG-2026-01", "--ours", "--theirs", "--store", b).exit_code == 2
    done = run("resolve", "MTG-2026-01", "--ours", "--store", b)
    assert done.exit_code == 0 and "No conflicts left" in done.stdout
    assert "No sync conflicts." in run("conflicts", "--store", b).stdout
    assert run("sync", "--store", b).exit_code == 0


def test_bundle_create_and_apply(trio: Trio, tmp_path: Path) -> None:
    shared = head(trio.b.root)
    add_risk(trio.a, "RSK-001", "Model drift")
    file = tmp_path / "to-b.bundle"
    made = run("bundle", "create", str(file), "--since", shared, "--store", str(trio.a.root))
    assert made.exit_code == 0 and "Wrote 1 commit(s)" in made.stdout
    applied = run("bundle", "apply", str(file), "--store", str(trio.b.root))
    assert applied.exit_code == 0 and "to-b.bundle: verified; fast-forward" in applied.stdout
    assert head(trio.b.root) == head(trio.a.root)
    missing = run("bundle", "apply", str(tmp_path / "none.bundle"), "--store", str(trio.b.root))
    assert missing.exit_code == 2 and "no bundle file" in missing.output
