"""A write that seals text its own author cannot read back warns, and still commits (issue 16's note).

A non-reader who advances a dispute sealed to the other party, or records an
incident sealed to another party, writes text this replica will never show
them again: the write path says so on every surface (CLI, JSON, the TUI's
notification through Committed.warnings).
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from council.cli import app
from council.records import Incident, Member
from council.sealed_fields import place_words, unreadable_to
from store.api import Change, Store
from tests.conftest import DAY, at
from tests.test_sealed_records import NOTE, as_reader, key_of, risk, store, template  # noqa: F401 (fixtures)

runner = CliRunner()
DEE = Member(id="dee", name="Dee", party="lab")
ADA = Member(id="ada", name="Ada", party="hosp")


def test_the_places_a_member_cannot_read_back_are_named() -> None:
    assert unreadable_to(risk(), DEE) == ["liability_cap"]
    assert unreadable_to(risk(), ADA) == []
    assert unreadable_to(risk(readers=["hosp", "dee"]), DEE) == []
    # A kept value's placeholder is not text the member wrote.
    assert unreadable_to(risk(liability_cap="[sealed for hosp]"), DEE) == []
    assert place_words("stages[2].note") == "the note of stage 3"
    assert place_words("liability_cap") == "the liability cap"
    assert place_words("warranties[0]") == "the warranty 1"


def _as(store: Store, template, member: str) -> None:
    store.set_operator(member)
    as_reader(store, key_of(template, member))


def _incident(body: str) -> Incident:
    return Incident(id="INC-2026-002", title="Badge cloned", party="hosp", reported_by="ada",
                    detected_at=at(DAY, 9), readers=["hosp"], body=body)


def test_a_non_reader_is_warned_and_the_change_is_committed(store: Store, template) -> None:
    _as(store, template, "dee")
    done = store.write(Change("record incident", [_incident("Seen at gate 4 by the night guard.")],
                              when=at(DAY, 12)))
    assert store.head == done.commit and store.require("INC-2026-002").sealed
    [warning] = done.warnings
    assert warning.startswith("INC-2026-002: the body you wrote is sealed for hosp alone")
    assert "dee" in warning and "Name lab among its readers" in warning


def test_a_reader_and_a_write_that_keeps_the_armour_are_not_warned(store: Store, template) -> None:
    _as(store, template, "ada")
    assert store.write(Change("record incident", [_incident("Seen at gate 4.")], when=at(DAY, 12))).warnings == ()
    _as(store, template, "dee")
    kept = store.require("INC-2026-001")  # held sealed: its body is empty in what dee writes back
    assert store.write(Change("retitle", [kept.replace(title="Leak")], when=at(DAY, 13))).warnings == ()


def test_the_cli_prints_the_warning_and_gives_it_in_json(store: Store, template) -> None:
    _as(store, template, "dee")
    args = ["dispute", "raise", "--title", "Cost sharing", "--by", "lab", "--against", "hosp", "--on",
            "2026-03-10", "--substance", "Hosp billed the cluster twice.", "--sensitivity", "confidential",
            "--readers", "hosp", "--store", str(store.root)]
    shown = runner.invoke(app, args)
    assert shown.exit_code == 0, shown.output
    assert "warning: DSP-001: the body you wrote is sealed for hosp alone" in shown.output
    dry = runner.invoke(app, [*args, "--dry-run", "--json"])
    assert dry.exit_code == 0, dry.output
    assert any("sealed for hosp alone" in w for w in json.loads(dry.stdout)["warnings"])
