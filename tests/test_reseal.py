"""`council reseal` re-seals only what needs it (issue 16): a value whose recipients (its
stanza tags, read with no key) differ from its readers' keys today.  A run with nothing to do
commits nothing and says so; `--dry-run` says what it would re-seal and writes nothing; what
is left for another party is only what needs a re-seal; an old key after a rotation is named.

The store is tests/test_sealed_records.py's: RSK-001 and INC-2026-001 sealed to hosp (ada, ben);
dee is of lab.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from council.cli import app
from store.api import Change, Store, opened, verify
from tests.conftest import DAY, at
from tests.test_sealed_records import CAP, as_reader, key_of, make_key, store, template  # noqa: F401 (fixtures)

runner = CliRunner()
SEALED = ("RSK-001", "INC-2026-001")


def run(store: Store, *extra: str, code: int = 0) -> str:
    result = runner.invoke(app, ["reseal", "--store", str(store.root), *extra])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return result.output


def as_operator(store: Store, member: str, key: Path) -> None:
    as_reader(store, key)
    (store.meta_dir / "operator").write_text(f"{member}\n")


def rotate_ben(store: Store, tmp_path: Path) -> None:
    ben = store.require("ben").replace(signing_key=make_key(tmp_path / "ben2"))
    store.write(Change("rotate ben's key", [ben], when=at(DAY, 12)))


def armour(store: Store) -> dict[str, dict[str, str]]:
    return {r: dict(store.require(r).sealed) for r in SEALED}


def test_with_no_reader_change_nothing_is_re_sealed_or_committed(store: Store, template: Path) -> None:
    as_operator(store, "ada", key_of(template, "ada"))
    head, before = store.head, armour(store)
    for _ in range(2):
        said = run(store)
        assert "Nothing to re-seal: every sealed value is sealed to its readers of today" in said
        assert "left for" not in said
    assert store.head == head and armour(store) == before


def test_a_rotated_key_is_re_sealed_once(store: Store, template: Path, tmp_path: Path) -> None:
    as_operator(store, "ada", key_of(template, "ada"))
    rotate_ben(store, tmp_path)
    head, before = store.head, armour(store)
    dry = run(store, "--dry-run")
    assert "Dry run: would re-seal 2 record(s)" in dry and all(r in dry for r in SEALED)
    assert "nothing was written" in dry and store.head == head and armour(store) == before
    said = run(store)
    assert "Re-sealed 2 record(s)" in said and store.head != head
    assert all(armour(store)[r] != before[r] for r in SEALED)
    as_reader(store, tmp_path / "ben2")
    assert opened(store, store.require("RSK-001")).liability_cap == CAP
    assert verify(store, full=True, save=False).ok
    as_reader(store, key_of(template, "ada"))
    again = store.head
    assert "Nothing to re-seal" in run(store) and store.head == again


def test_only_what_needs_a_re_seal_is_left_for_another_party(store: Store, template: Path, tmp_path: Path) -> None:
    as_operator(store, "dee", key_of(template, "dee"))
    assert "left for" not in run(store)  # hosp's readers never changed: nothing is waiting for them
    rotate_ben(store, tmp_path)
    head = store.head
    said = run(store)
    assert "your key opens none of the records whose readers changed" in said
    assert "Their readers changed, left for a reader of their parties: " in said
    assert all(r in said for r in SEALED) and store.head == head


def test_an_old_key_after_a_rotation_is_named(store: Store, template: Path, tmp_path: Path) -> None:
    as_operator(store, "ben", key_of(template, "ben"))
    rotate_ben(store, tmp_path)
    head = store.head
    said = run(store, code=2)
    assert f"the configured key {key_of(template, 'ben')} is no longer registered for ben" in said
    assert "council operator ben --key" in said and store.head == head
