"""A list of texts at a sealed level (issue 16): each entry is sealed as its own value.

A risk's warranties are contract terms, as confidential as its cap: at a confidential level
each entry is sealed under its place (``warranties[0]``), only a changed entry is sealed
again, verify checks every entry with no key, and a non-reader cannot cut an entry (its
sealed entries are all empty: which one went cannot be told).  The lists the release gate
and recall read (purposes, prohibitions, transfers, licence obligations, lineage) are never
sealed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from council.charter import Charter
from council.errors import RecordError
from council.records import Artifact, Dataset
from council.sealed_fields import check_sealing, sealed_paths, unsealable
from exports.view import Withheld
from store.api import Change, Store, opened, verify
from tests.conftest import DAY, at
from tests.test_sealed_records import (  # noqa: F401 (fixtures)
    _redacted,
    as_reader,
    every_object,
    git,
    key_of,
    risk,
    store,
    template,
)

FIRST, SECOND = "CANARY-warranty-3c1 no re-identification", "CANARY-warranty-8d2 UKCA marked before use"


def warranted(**changes) -> object:
    levels = {"liability_cap": "confidential", "warranties": "confidential"}
    return risk(**{"id": "RSK-002", "warranties": [FIRST, SECOND], "field_sensitivity": levels, **changes})


def write(store: Store, record, hour: int = 12) -> None:
    store.write(Change(f"record {record.id}", [record], when=at(DAY, hour)))


# --- the rule, pure ----------------------------------------------------------------------


def test_each_entry_of_a_list_of_texts_is_sealed_at_its_place() -> None:
    assert sealed_paths(warranted()) == ["liability_cap", "warranties[0]", "warranties[1]"]
    assert sealed_paths(warranted(warranties=[FIRST, ""])) == ["liability_cap", "warranties[0]"]
    assert unsealable(type(warranted()), "warranties") is None


@pytest.mark.parametrize(("cls", "field"), [(Dataset, "permitted_purposes"), (Dataset, "prohibited_transformations"),
                                            (Dataset, "transfers_to"), (Artifact, "parents")])
def test_the_lists_the_release_gate_reads_are_never_sealed(cls: type, field: str) -> None:
    assert "verify read it on every replica" in (unsealable(cls, field) or "")


def test_a_sensitivity_that_would_seal_the_gates_lists_is_refused() -> None:
    terms = Dataset(id="DS-001", title="Extract", provider="hosp", permitted_purposes=["Research"],
                    field_sensitivity={"permitted_purposes": "confidential"})
    with pytest.raises(RecordError) as refused:
        check_sealing(terms, Charter(sealing=True))
    assert refused.value.field == "field_sensitivity.permitted_purposes" and "never be sealed" in str(refused.value)


# --- the write path --------------------------------------------------------------------


def test_no_object_holds_an_entry_and_a_reader_opens_each(store: Store, template: Path) -> None:
    write(store, warranted())
    stored = store.require("RSK-002")
    assert stored.warranties == ["", ""] and {"warranties[0]", "warranties[1]"} <= set(stored.sealed)
    assert FIRST.encode() not in every_object(store.root) and SECOND.encode() not in every_object(store.root)
    assert opened(store, stored).warranties == ["[sealed for hosp]"] * 2
    as_reader(store, key_of(template, "ada"))
    assert opened(store, stored).warranties == [FIRST, SECOND]
    assert verify(store, full=True).ok


def test_only_the_entry_that_changed_is_sealed_again(store: Store, template: Path) -> None:
    write(store, warranted())
    before = store.require("RSK-002").sealed
    # Written as the store holds it: the entry left empty keeps its armour, the one given a text is sealed anew.
    write(store, store.require("RSK-002").replace(warranties=["", "CANARY-warranty-new"]), 13)
    as_reader(store, key_of(template, "ada"))
    after = store.require("RSK-002").sealed
    assert after["warranties[0]"] == before["warranties[0]"] and after["liability_cap"] == before["liability_cap"]
    assert after["warranties[1]"] != before["warranties[1]"]
    assert opened(store, store.require("RSK-002")).warranties == [FIRST, "CANARY-warranty-new"]
    assert verify(store, full=True).ok


def test_a_non_reader_keeps_each_entry_and_may_add_one(store: Store, template: Path) -> None:
    write(store, warranted())
    before = store.require("RSK-002").sealed
    as_reader(store, key_of(template, "dee"))  # lab: not a reader
    held = store.require("RSK-002")
    write(store, held.replace(title="Lock-in", warranties=[*held.warranties, "CANARY-warranty-added"]), 13)
    after = store.require("RSK-002").sealed
    assert {p: after[p] for p in before} == before and "warranties[2]" in after
    as_reader(store, key_of(template, "ada"))
    assert opened(store, store.require("RSK-002")).warranties == [FIRST, SECOND, "CANARY-warranty-added"]
    assert verify(store, full=True).ok


def test_an_entry_cut_unopened_is_refused_and_nothing_written(store: Store, template: Path) -> None:
    write(store, warranted())
    held = store.require("RSK-002")
    head = store.head
    with pytest.raises(RecordError) as refused:
        write(store, held.replace(warranties=held.warranties[1:]), 13)
    assert refused.value.record == "RSK-002" and refused.value.field == "warranties"
    assert "remove an entry" in str(refused.value) and store.head == head
    # Opened, the entries carry their texts: the cut is the reader's, and each text keeps its own.
    as_reader(store, key_of(template, "ada"))
    mine = opened(store, held)
    write(store, mine.replace(warranties=mine.warranties[1:]), 13)
    assert opened(store, store.require("RSK-002")).warranties == [SECOND]
    assert set(store.require("RSK-002").sealed) == {"liability_cap", "warranties[0]"}
    assert verify(store, full=True).ok


# --- verify, with no key ------------------------------------------------------------------


def test_verify_catches_an_entry_written_in_the_clear(store: Store) -> None:
    write(store, warranted())
    path = store.root / "risks" / "RSK-002.md"
    text = path.read_text()
    assert 'warranties = [\n    "",\n    "",\n]' in text
    path.write_text(text.replace('warranties = [\n    "",\n', 'warranties = [\n    "in the clear",\n'))
    git(store.root, "commit", "-qam", "record: unseal a warranty by hand")
    report = verify(store, full=True)
    assert any(f.rule == "sealed-readers" and "warranties[0]" in f.message and "in the clear" in f.message
               for f in report.failures), [str(f) for f in report.failures]


def test_verify_catches_an_entry_sealed_to_other_readers(store: Store, template: Path) -> None:
    from council import sealing

    write(store, warranted())
    path = store.root / "risks" / "RSK-002.md"
    dee = sealing.check_reader_key(key_of(template, "dee").with_suffix(".pub").read_text())
    forged = sealing.seal("CANARY-forged", "RSK-002", "warranties[1]", [dee])
    old = store.require("RSK-002").sealed["warranties[1]"]
    path.write_text(path.read_text().replace(old.strip(), forged.strip()))
    git(store.root, "commit", "-qam", "record: a forged warranty")
    report = verify(store, full=True)
    assert {f.rule for f in report.failures if f.record == "RSK-002"} == {"sealed-readers"}
    assert any("warranties[1]" in f.message for f in report.failures)


# --- export --------------------------------------------------------------------------------


def test_an_export_withholds_each_sealed_entry_unless_opened(store: Store, template: Path) -> None:
    levels = ("public", "internal", "confidential")
    write(store, warranted())
    shown, report = _redacted(store.require("RSK-002"), levels)
    entries = shown.fields["warranties"]
    assert len(entries) == 2 and all(isinstance(e, Withheld) for e in entries)
    assert {w.item for w in report.items} >= {"RSK-002#warranties[0]", "RSK-002#warranties[1]"}
    as_reader(store, key_of(template, "ada"))
    assert _redacted(opened(store, store.require("RSK-002")), levels)[0].fields["warranties"] == [FIRST, SECOND]
    assert not _redacted(opened(store, store.require("RSK-002")), ("public", "internal"))[0].visible("warranties")
