"""`--readers` on the commands that create confidential records (issue 16): under a charter
that seals, the text is sealed to the readers named; with none named, or a reader who
cannot read, the command is refused (exit 2), naming the record, the field and the option,
and nothing is written.

One store is built per module (the small store's two parties, keys for ada and ben of hosp
and dee of lab, and a publication clause that seals); each test works on its own copy.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.cli import app
from council.records import Clause, Decision
from council.records.paths import path_for
from store.api import Change, Store, verify
from tests.conftest import DAY, MEMBERS, at, isolated, make_small_store
from tests.test_sealed_records import make_key

runner = CliRunner()
SECRET = "CANARY-readers-5c1e: the cap is four million"


def seal_the_charter(store: Store) -> None:
    """Amend the publication clause so that the charter seals (a decision at MTG-2026-01)."""
    clause = store.require("5")
    assert isinstance(clause, Clause)
    decision = Decision(id="DEC-2026-001", title="Seal confidential text", meeting="MTG-2026-01", date=DAY,
                        tier="high", motion="That confidential text be sealed.", moved_by="ada",
                        votes={m.id: "for" for m in MEMBERS if m.voting}, amends=["5"], body="Because.")
    sealing = clause.replace(settings={**clause.settings, "sealing": True})
    store.write(Change("amend clause 5", [decision, sealing], kind="amend", decision="DEC-2026-001",
                       when=at(DAY, 12)))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("readers")
    with isolated(root / "home"):
        store = make_small_store(root / "store")
        keys = root / "keys"
        keys.mkdir()
        members = [m.replace(signing_key=make_key(keys / m.id)) for m in store.members() if m.id in ("ada", "ben", "dee")]
        store.write(Change("register keys", members, when=at(DAY)))
        seal_the_charter(store)
        (store.meta_dir / "operator").write_text("gus\n")
        store.close()
    yield root


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    shutil.copytree(template / "store", tmp_path / "store")
    opened_store = Store.open(tmp_path / "store")
    yield opened_store
    opened_store.close()


def council(store: Store, *args: str):
    return runner.invoke(app, [*args, "--store", str(store.root)])


def in_git(store: Store, text: str) -> bool:
    """Whether ``text`` is in any object of the store's git history."""
    objects = subprocess.run(["git", "cat-file", "--batch-all-objects", "--batch"], cwd=store.root,
                             capture_output=True, check=True).stdout
    return text.encode() in objects


def head(store: Store) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=store.root, capture_output=True, text=True,
                          check=True).stdout.strip()


RISK = ["risk", "add", "--title", "Vendor lock-in", "--owner", "ada", "--likelihood", "3", "--impact", "4",
        "--party", "hosp", "--sensitivity", "confidential", "--mitigation", SECRET]
INCIDENT = ["incident", "add", "--title", "Credential leak", "--kind", "security", "--party", "hosp",
            "--detected", "2026-03-09 08:00"]
DISPUTE = ["dispute", "raise", "--title", "Hosting costs", "--by", "lab", "--against", "hosp", "--on", "2026-03-10",
           "--substance", SECRET]
MOTION = ["motion", "MTG-2026-01", "--title", "Settle the costs", "--motion", "That the costs be shared.",
          "--tier", "low", "--sensitivity", "confidential", "--rationale", SECRET, "--for", "ada,ben,dee"]


@pytest.mark.parametrize(("args", "record"), [(RISK, "RSK-001"), (DISPUTE, "DSP-001"), (MOTION, "DEC-2026-002")])
def test_readers_named_seal_the_text(store: Store, args: list[str], record: str) -> None:
    result = council(store, *args, "--readers", "hosp,dee")
    assert result.exit_code == 0, result.output
    written = store.require(record)
    assert written.readers == ["hosp", "dee"]
    assert written.sealed and "BEGIN AGE ENCRYPTED FILE" in (store.root / path_for(written)).read_text()
    assert not in_git(store, SECRET)
    assert verify(store, full=True).ok


@pytest.mark.parametrize(("args", "record", "example"), [
    (RISK, "RSK-001", "hosp"), (DISPUTE, "DSP-001", "lab,hosp"), (INCIDENT, "INC-2026-001", "hosp"),
    (MOTION, "DEC-2026-002", "hosp")])
def test_no_readers_under_a_sealing_charter_is_refused_naming_the_option(store: Store, args: list[str], record: str,
                                                                        example: str) -> None:
    before = head(store)
    result = council(store, *args)
    assert result.exit_code == 2, result.output
    assert re.search(rf"{record}( \([^)]*\))?: field 'readers'", result.output)
    assert f"name them with --readers (e.g. --readers {example})" in result.output
    assert "Traceback" not in result.output and "RecordError" not in result.output
    assert head(store) == before and store.get(record) is None
    assert not in_git(store, SECRET)


def test_a_confidential_record_with_no_text_yet_still_names_its_readers(store: Store) -> None:
    """Not guessed, and not left for the first note to be refused: an incident (confidential by
    default) with no text names its readers now."""
    refused = council(store, *INCIDENT)
    assert refused.exit_code == 2 and "--readers" in refused.output
    done = council(store, *INCIDENT, "--readers", "hosp")
    assert done.exit_code == 0, done.output
    assert store.require("INC-2026-001").readers == ["hosp"]
    internal = council(store, *INCIDENT, "--sensitivity", "internal")
    assert internal.exit_code == 0, internal.output
    assert store.require("INC-2026-002").readers == []


@pytest.mark.parametrize(("readers", "why"), [
    ("nobody", "the ID of a party or a member of this council"),
    ("cy", "a member with a registered key (cy has none"),
])
def test_a_reader_who_cannot_read_is_refused_with_nothing_written(store: Store, readers: str, why: str) -> None:
    before = head(store)
    result = council(store, *RISK, "--readers", readers)
    assert result.exit_code == 2, result.output
    assert "RSK-001 (risks/RSK-001.md): field 'readers'" in result.output and why in result.output
    assert head(store) == before and store.get("RSK-001") is None
    assert not in_git(store, SECRET)


def test_a_dispute_note_is_sealed_to_the_readers_named_on_the_way(store: Store) -> None:
    raised = council(store, "dispute", "raise", "--title", "Hosting costs", "--by", "lab", "--against", "hosp",
                     "--on", "2026-03-10", "--sensitivity", "internal")
    assert raised.exit_code == 0, raised.output
    store.write(Change("DSP-001 becomes confidential",
                       [store.require("DSP-001").replace(sensitivity="confidential")], when=at(DAY, 13)))
    refused = council(store, "dispute", "advance", "DSP-001", "--on", "2026-04-20", "--note", SECRET)
    assert refused.exit_code == 2 and "name them with --readers (e.g. --readers lab,hosp)" in refused.output
    moved = council(store, "dispute", "advance", "DSP-001", "--on", "2026-04-20", "--note", SECRET,
                    "--readers", "lab,hosp")
    assert moved.exit_code == 0, moved.output
    assert store.require("DSP-001").readers == ["lab", "hosp"]
    assert not in_git(store, SECRET)


def test_the_dry_run_refuses_the_same_and_writes_nothing(store: Store) -> None:
    before = head(store)
    refused = council(store, *RISK, "--dry-run")
    assert refused.exit_code == 2 and "--readers" in refused.output
    checked = council(store, *RISK, "--readers", "hosp", "--dry-run")
    assert checked.exit_code == 0, checked.output
    assert head(store) == before and not in_git(store, SECRET)


def test_an_entry_written_without_readers_names_them_when_its_text_comes(store: Store) -> None:
    """A confidential risk entered before the charter sealed, with no text yet: its first
    confidential text is refused until --readers names who may read it."""
    from council.records import Risk

    entry = Risk(id="RSK-001", title="Vendor lock-in", owner="ada", bearing_party="hosp", review_date=DAY,
                 identified_on=DAY, sensitivity="confidential")
    store.write(Change("record RSK-001", [entry], when=at(DAY, 13)))
    before = head(store)
    refused = council(store, "risk", "update", "RSK-001", "--mitigation", SECRET)
    assert refused.exit_code == 2, refused.output
    assert "RSK-001 (risks/RSK-001.md): field 'readers'" in refused.output
    assert "name them with --readers (e.g. --readers hosp)" in refused.output
    assert head(store) == before and not in_git(store, SECRET)
    done = council(store, "risk", "update", "RSK-001", "--mitigation", SECRET, "--readers", "hosp")
    assert done.exit_code == 0, done.output
    assert store.require("RSK-001").readers == ["hosp"] and not in_git(store, SECRET)


def test_a_council_founded_from_the_two_party_template_seals_what_it_marks_confidential(tmp_path: Path) -> None:
    from tests.test_cli_init import PARTIES, signatories

    target = tmp_path / "new"
    made = runner.invoke(app, ["init", str(target), "--name", "X", *PARTIES[:4], "--template", "two-party",
                               "--effective", "2026-01-01", *signatories(tmp_path / "keys", 2)])
    assert made.exit_code == 0, made.output
    raise_ = ["dispute", "raise", "--title", "Hosting costs", "--by", "beta", "--against", "acme",
              "--on", "2026-03-03", "--substance", SECRET, "--store", str(target)]
    refused = runner.invoke(app, raise_)
    assert refused.exit_code == 2 and "name them with --readers (e.g. --readers beta,acme)" in refused.output
    raised = runner.invoke(app, [*raise_, "--readers", "beta,acme"])
    assert raised.exit_code == 0, raised.output
    founded = Store.open(target)
    try:
        assert founded.require("DSP-001").sealed and not in_git(founded, SECRET)
        assert verify(founded, full=True).ok
    finally:
        founded.close()


def test_a_confidential_written_resolution_is_refused_under_a_sealing_charter(store: Store) -> None:
    """It names no readers (every voting member reads it, in every replica): the refusal says
    to decide the matter at a meeting, where the rationale is sealed to its readers."""
    before = head(store)
    circulate = ["resolution", "circulate", "--title", "Costs", "--motion", "That the costs be shared.", "--tier",
                 "low", "--opens", "2026-12-01", "--closes", "2026-12-20", "--text", SECRET]
    refused = council(store, *circulate, "--sensitivity", "confidential")
    assert refused.exit_code == 2, refused.output
    assert "WR-2026-001: field 'sensitivity': expected public or internal" in refused.output
    assert "council motion ... --readers" in refused.output and "Traceback" not in refused.output
    assert head(store) == before and not in_git(store, SECRET)
    internal = council(store, *circulate)
    assert internal.exit_code == 0, internal.output


def test_an_exit_confidential_under_a_sealing_charter_names_its_readers(store: Store) -> None:
    from council.records import ExitPlan, Trigger

    plan = store.require("EXIT-01")
    assert isinstance(plan, ExitPlan)
    decision = Decision(id="DEC-2026-003", title="Exit triggers", meeting="MTG-2026-01", date=DAY, tier="high",
                        motion="That the exit plan name its triggers.", moved_by="ada",
                        votes={m.id: "for" for m in MEMBERS if m.voting}, amends=["EXIT-01"], body="Because.")
    triggered = plan.replace(triggers=[Trigger("material_breach", "A material breach not remedied.")])
    store.write(Change("exit triggers", [decision, triggered], kind="amend", decision="DEC-2026-003",
                       when=at(DAY, 14)))
    trigger = ["exit", "trigger", "material_breach", "--on", "2026-05-01", "--sensitivity", "confidential"]
    refused = council(store, *trigger)
    assert refused.exit_code == 2, refused.output
    assert "field 'readers'" in refused.output and "name them with --readers (e.g. --readers hosp)" in refused.output
    drafted = council(store, *trigger, "--readers", "hosp,lab")
    assert drafted.exit_code == 0, drafted.output
    shown = council(store, "amend", "show", "1").output
    assert '+readers = [\n+    "hosp",\n+    "lab",\n+]' in shown, shown
    assert '+exit_on = "internal"' in shown  # a date every replica's release gate reads: never sealed


def test_a_confidential_meeting_and_artifact_name_their_readers(store: Store, tmp_path: Path) -> None:
    approval = Decision(id="DEC-2026-004", title="Register the model", meeting="MTG-2026-01", date=DAY,
                        tier="medium", motion="That the model be registered.", moved_by="ada",
                        votes={m.id: "for" for m in MEMBERS if m.voting})
    store.write(Change("record DEC-2026-004", [approval], when=at(DAY, 15)))
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"\x00" * 64)
    schedule = ["meeting", "schedule", "--date", "2026-04-06", "--sensitivity", "confidential"]
    register = ["artifact", "register", str(model), "--title", "Model", "--kind", "model", "--owners", "lab",
                "--location", SECRET, "--sensitivity", "confidential", "--unsigned", "--decision", "DEC-2026-004"]
    for argv, example in ((schedule, "hosp"), (register, "lab")):
        refused = council(store, *argv)
        assert refused.exit_code == 2, refused.output
        assert f"name them with --readers (e.g. --readers {example})" in refused.output
    assert council(store, *schedule, "--readers", "hosp,lab").exit_code == 0
    assert store.require("MTG-2026-02").readers == ["hosp", "lab"]
    registered = council(store, *register, "--readers", "lab")
    assert registered.exit_code == 0, registered.output
    assert store.require("ART-001").readers == ["lab"] and not in_git(store, SECRET)
