"""`council init`: the charter templates, and the prompts a person at a terminal gets
(every prompt is also an option, so a script is never asked)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.charter import charter_from_clauses
from council.cli import app
from council.commands import records as record_commands
from council.records import Clause
from council.templates import TEMPLATES
from store.service import Store

runner = CliRunner()
PARTIES = ["--party", "acme=Acme Ltd", "--party", "beta=Beta GmbH", "--party", "gamma=Gamma SA"]


def charter_of(root: Path) -> object:
    store = Store.open(root)
    try:
        return charter_from_clauses([c for c in store.list("clause") if isinstance(c, Clause)])
    finally:
        store.close()


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_each_template_founds_a_council_that_keeps_its_books(tmp_path: Path, template: str) -> None:
    target = tmp_path / template
    made = runner.invoke(app, ["init", str(target), "--name", "X", *PARTIES, "--template", template,
                               "--effective", "2026-01-01"])
    assert made.exit_code == 0, made.output
    assert f"(charter: {template})" in made.output
    store = ["--store", str(target)]
    for member, party in (("ann", "acme"), ("bob", "beta"), ("cy", "gamma")):
        appointed = runner.invoke(app, ["member", "appoint", member, "--name", member.title(), "--party", party,
                                        "--voting", "--from", "2026-01-01", *store])
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
    assert len(minimal) < len(two)


def test_the_default_template_follows_the_number_of_parties(tmp_path: Path) -> None:
    two = runner.invoke(app, ["init", str(tmp_path / "two"), "--name", "X", *PARTIES[:4]])
    three = runner.invoke(app, ["init", str(tmp_path / "three"), "--name", "X", *PARTIES])
    assert "(charter: two-party)" in two.output and "(charter: consortium)" in three.output


def test_an_unknown_template_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "new"), "--name", "X", *PARTIES, "--template", "big"])
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
    answers = "\n".join([str(tmp_path / "asked"), "Acme-Beta", "acme=Acme Ltd", "beta=Beta GmbH", "", "minimal"])
    result = runner.invoke(app, ["init"], input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert "Directory for the new store" in result.output and "Party 3" in result.output
    assert "Created a store for Acme-Beta" in result.output and "(charter: minimal)" in result.output
    assert not charter_of(tmp_path / "asked").signing_required  # type: ignore[attr-defined]


def test_at_a_terminal_the_options_given_are_not_asked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(record_commands, "_interactive", lambda: True)
    result = runner.invoke(app, ["init", str(tmp_path / "given"), "--name", "X", *PARTIES[:4]], input="\n")
    assert result.exit_code == 0, result.output
    assert "Charter template" in result.output and "[two-party]" in result.output
    assert "Directory" not in result.output and "partnership's name" not in result.output
