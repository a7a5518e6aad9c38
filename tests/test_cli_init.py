"""`council init`: the charter templates, and the prompts a person at a terminal gets
(every prompt is also an option, so a script is never asked)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.charter import charter_from_clauses
from council.cli import app
from council.commands import founding as record_commands
from council.records import Clause
from council.templates import TEMPLATES
from store.service import Store

runner = CliRunner()
PARTIES = ["--party", "acme=Acme Ltd", "--party", "beta=Beta GmbH", "--party", "gamma=Gamma SA"]
FOUNDERS = (("acme", "ann"), ("beta", "bob"), ("gamma", "cy"))


def keypair(folder: Path, name: str) -> Path:
    folder.mkdir(exist_ok=True)
    key = folder / f"{name}.key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


def signatories(folder: Path | None = None, parties: int = 3) -> list[str]:
    """--signatory options for the first ``parties`` parties; with keys (in ``folder``) when given,
    then --key: the first signs."""
    argv = []
    for party, member in FOUNDERS[:parties]:
        key = f":{keypair(folder, member)}.pub" if folder else ""
        argv += ["--signatory", f"{party}={member}:{member.title()} <{member}@{party}.example>{key}"]
    return [*argv, "--key", str(folder / "ann.key")] if folder else argv


def charter_of(root: Path) -> object:
    store = Store.open(root)
    try:
        return charter_from_clauses([c for c in store.list("clause") if isinstance(c, Clause)])
    finally:
        store.close()


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_each_template_founds_a_council_that_keeps_its_books(tmp_path: Path, template: str) -> None:
    target = tmp_path / template
    keyed = None if template == "minimal" else tmp_path
    made = runner.invoke(app, ["init", str(target), "--name", "X", *PARTIES, "--template", template,
                               "--effective", "2026-01-01", *signatories(keyed)])
    assert made.exit_code == 0, made.output
    assert f"(charter: {template})" in made.output
    store = ["--store", str(target)]
    appointed = runner.invoke(app, ["member", "appoint", "dan", "--name", "Dan", "--party", "acme",
                                    "--from", "2026-01-01", *store])
    assert appointed.exit_code == 0, appointed.output
    tier = charter_of(target).tiers[0].name  # type: ignore[attr-defined]
    for argv in (["meeting", "schedule", "--date", "2026-03-02"],
                 ["meeting", "attend", "MTG-2026-01", "--present", "ann,bob,cy"],
                 ["motion", "MTG-2026-01", "--title", "T", "--motion", "That.", "--tier", tier, "--for", "ann,bob,cy"],
                 ["verify", "--full"]):
        result = runner.invoke(app, [*argv, *store])
        assert result.exit_code == 0, (argv, result.output)


def test_what_sets_the_templates_apart(tmp_path: Path) -> None:
    two = TEMPLATES["two-party"]()
    consortium = TEMPLATES["consortium"]()
    minimal = TEMPLATES["minimal"]()
    two_charter, consortium_charter, minimal_charter = (charter_from_clauses(c) for c in (two, consortium, minimal))
    assert two_charter.signing_required and consortium_charter.signing_required
    assert not minimal_charter.signing_required
    assert dict(two_charter.rights)["charter"] == "high"
    assert consortium_charter.tier("high").party_consent and consortium_charter.quorum.basis == "fraction"
    assert [t.name for t in minimal_charter.tiers] == ["majority"]
    # Partners who each hold a replica: what they mark confidential is sealed (docs/sealing.md).
    assert two_charter.sealing and consortium_charter.sealing and not minimal_charter.sealing
    assert len(minimal) < len(two)


def test_the_default_template_follows_the_number_of_parties(tmp_path: Path) -> None:
    two = runner.invoke(app, ["init", str(tmp_path / "two"), "--name", "X", *PARTIES[:4],
                              *signatories(tmp_path, 2)])
    three = runner.invoke(app, ["init", str(tmp_path / "three"), "--name", "X", *PARTIES,
                                *signatories(tmp_path / "three-keys")])
    assert "(charter: two-party)" in two.output and "(charter: consortium)" in three.output


def test_an_unknown_template_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "new"), "--name", "X", *PARTIES, "--template", "big",
                                 *signatories()])
    assert result.exit_code == 2
    assert "init: field 'template': expected one of two-party, consortium, minimal, got 'big'" in result.output
    assert not (tmp_path / "new").exists()


def test_a_script_missing_an_option_is_told_not_asked(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "new"), *PARTIES])
    assert result.exit_code == 2
    assert "init: field 'name': expected the partnership's name (--name)" in result.output
    nodir = runner.invoke(app, ["init", "--name", "X", *PARTIES])
    assert nodir.exit_code == 2 and "field 'directory'" in nodir.output


def test_at_a_terminal_init_asks_for_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(record_commands, "_interactive", lambda: True)
    answers = "\n".join([str(tmp_path / "asked"), "Acme-Beta", "acme=Acme Ltd", "beta=Beta GmbH", "", "minimal",
                         "ann:Ann Archer <ann@acme.example>", "bob:Bob Brandt <bob@beta.example>"])
    result = runner.invoke(app, ["init"], input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert "Directory for the new store" in result.output and "Party 3" in result.output
    assert "Signatory of Acme Ltd" in result.output and "Signatory of Beta GmbH" in result.output
    assert "Founded Acme-Beta" in result.output and "(charter: minimal)" in result.output
    assert not charter_of(tmp_path / "asked").signing_required  # type: ignore[attr-defined]


def test_at_a_terminal_the_options_given_are_not_asked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(record_commands, "_interactive", lambda: True)
    result = runner.invoke(app, ["init", str(tmp_path / "given"), "--name", "X", *PARTIES[:4], "--template", "minimal",
                                 *signatories(parties=2)], input="\n")
    assert result.exit_code == 0, result.output
    assert "Directory" not in result.output and "partnership's name" not in result.output
    assert "Charter template" not in result.output and "Signatory of" not in result.output
    asked = runner.invoke(app, ["init", str(tmp_path / "asked"), "--name", "X", *PARTIES[:4],
                                *signatories(parties=2)], input="minimal\n")
    assert "Charter template" in asked.output and "[two-party]" in asked.output, asked.output


def test_a_founding_request_is_written_for_the_cosigners_and_nothing_created(tmp_path: Path) -> None:
    argv = ["init", str(tmp_path / "new"), "--name", "X", *PARTIES[:4], "--effective", "2026-01-01",
            *signatories(tmp_path / "keys", 2)]
    request = tmp_path / "founding.req"
    asked = runner.invoke(app, [*argv, "--request", str(request)])
    assert asked.exit_code == 0, asked.output
    assert request.read_bytes().startswith(b"council approval v1\ndecision founding\nchange charter/1.md ")
    assert not (tmp_path / "new").exists()
    signed = runner.invoke(app, ["keys", "cosign", str(request), "--key", str(tmp_path / "keys" / "bob.key"),
                                 "--member", "bob"])
    assert signed.exit_code == 0, signed.output
    forged = runner.invoke(app, ["keys", "cosign", str(request), "--key", str(tmp_path / "keys" / "ann.key"),
                                 "--member", "bob", "-o", str(tmp_path / "founding.req.bob.sig")])
    assert forged.exit_code == 0
    refused = runner.invoke(app, [*argv, "--cosignature", str(tmp_path / "founding.req.bob.sig")])
    assert refused.exit_code == 2 and "co-signature of the founding not accepted" in refused.output
    assert not (tmp_path / "new").exists()
    badname = runner.invoke(app, [*argv, "--cosignature", str(request)])
    assert badname.exit_code == 2 and "REQUEST.MEMBER-ID.sig" in badname.output
