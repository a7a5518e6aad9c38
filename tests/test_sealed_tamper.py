"""A sealed value altered after it was sealed (issue 16): its readers are told, never shown the
placeholder as if it were sealed for someone else, and `verify --full` with a reader's key finds it.

The store is tests/test_sealed_records.py's: RSK-001's liability cap sealed to hosp (ada, ben).
One base64 character of the armour's last line is changed and committed with plain git, as a
partner editing by hand would.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from council.cli import app
from store.api import Store, verify
from tests.test_sealed_records import as_reader, git, key_of, store, template  # noqa: F401 (fixtures)

runner = CliRunner()
ALTERED = "the sealed value of RSK-001 field 'liability_cap' is sealed to your key but does not open"


def tamper_last_line(store: Store) -> None:
    """Flip one character of the last base64 line of RSK-001's sealed liability cap; commit it."""
    path = store.root / "risks" / "RSK-001.md"
    lines = path.read_text().split("\n")
    last = next(i for i, line in enumerate(lines) if line.startswith("-----END AGE")) - 1
    lines[last] = ("B" if lines[last][0] == "A" else "A") + lines[last][1:]
    path.write_text("\n".join(lines))
    git(store.root, "commit", "-qam", "record: RSK-001 by hand")
    store.reindex()  # as opening the store again would: the index follows the hand commit


def show(store: Store) -> object:
    return runner.invoke(app, ["show", "RSK-001", "--store", str(store.root)])


def test_a_reader_is_told_the_value_was_altered(store: Store, template: Path) -> None:
    tamper_last_line(store)
    as_reader(store, key_of(template, "ada"))
    shown = show(store)
    assert shown.exit_code == 2, shown.output
    assert ALTERED in shown.output and "altered after it was sealed" in shown.output
    assert "[sealed for" not in shown.output and "Traceback" not in shown.output


def test_a_non_reader_still_sees_for_whom(store: Store, template: Path) -> None:
    tamper_last_line(store)
    as_reader(store, key_of(template, "dee"))
    shown = show(store)
    assert shown.exit_code == 0 and "[sealed for hosp]" in shown.output


def test_verify_full_with_a_readers_key_opens_what_is_sealed_to_it(store: Store, template: Path) -> None:
    as_reader(store, key_of(template, "ben"))
    assert verify(store, full=True, save=False).ok  # every value sealed to ben opens
    tamper_last_line(store)
    report = verify(store, full=True, save=False)
    assert [(f.record, f.rule) for f in report.failures] == [("RSK-001", "sealed-opens")]
    assert ALTERED in report.failures[0].message
    said = runner.invoke(app, ["verify", "--full", "--store", str(store.root)])
    assert said.exit_code == 1 and "[sealed-opens]" in said.output and "Traceback" not in said.output


def test_verify_without_a_readers_key_cannot_tell(store: Store, template: Path) -> None:
    """What a keyless verify cannot prove (docs/sealing.md): a key of another party opens nothing."""
    tamper_last_line(store)
    as_reader(store, None)
    assert verify(store, full=True, save=False).ok
    as_reader(store, key_of(template, "dee"))
    assert verify(store, full=True, save=False).ok


def test_verify_with_a_key_that_does_not_open_says_so_and_checks_the_rest(store: Store, tmp_path: Path) -> None:
    as_reader(store, tmp_path / "missing")
    said = runner.invoke(app, ["verify", "--full", "--json", "--store", str(store.root)])
    assert said.exit_code == 0, said.output
    notes = json.loads(said.stdout)["notes"]
    assert len(notes) == 1 and "sealed values were not opened" in notes[0] and "does not exist" in notes[0]
