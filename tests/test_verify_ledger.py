"""verified.json's ledger: JSON to any reader, read and written by verify a line an entry."""

from __future__ import annotations

import json

import pytest

from council.errors import StoreError
from store.audit import ledger
from store.audit.ledger import Ledger
from store.audit.verify import STATE_FILE, load_state, verify
from store.service import Store

HEADER = {"version": 2, "commit": "c" * 40, "at": "2026-01-01T00:00:00+00:00", "index_mark": "ab:0"}
ENTRIES = {"DEC-2026-011": ["d11", "c11"], "DEC-2026-001": ["d1", "c1"], "held:MTG-2026-01": ["h1", "c1"]}


def test_the_file_is_json_and_each_entry_is_found_by_its_line() -> None:
    data = ledger.dumps(HEADER, ENTRIES)
    assert json.loads(data) == {**HEADER, "decisions": ENTRIES}
    state = ledger.loads(data)
    found = state["decisions"]
    assert isinstance(found, Ledger) and state["commit"] == HEADER["commit"]
    # DEC-2026-001 is a prefix of DEC-2026-011: each is found whole, and nothing else.
    assert found["DEC-2026-001"] == ["d1", "c1"] and found.get("DEC-2026-011") == ["d11", "c11"]
    assert found.get("held:MTG-2026-01") == ["h1", "c1"] and found.get("DEC-2026-01") is None
    assert "DEC-2026-002" not in found and found._whole is None  # nothing was decoded whole
    assert found.data is data  # nor copied: the lines are read in the file's bytes
    assert dict(found) == ENTRIES


def test_a_save_appends_the_new_entries_to_the_lines_as_read() -> None:
    first = ledger.dumps(HEADER, ENTRIES)
    found = ledger.loads(first)["decisions"]
    found["DEC-2026-012"] = ["d12", "c12"]
    second = ledger.dumps({**HEADER, "commit": "e" * 40}, found)
    body = first.split(b"\n", 1)[1].rsplit(b"}}", 1)[0]
    assert body in second  # the old lines, byte for byte
    assert json.loads(second)["decisions"] == {**ENTRIES, "DEC-2026-012": ["d12", "c12"]}
    assert ledger.loads(second)["decisions"]["DEC-2026-012"] == ["d12", "c12"]


def test_a_changed_entry_and_an_empty_ledger_are_written_whole() -> None:
    found = ledger.loads(ledger.dumps(HEADER, ENTRIES))["decisions"]
    found["DEC-2026-001"] = ["other", "c9"]
    assert json.loads(ledger.dumps(HEADER, found))["decisions"]["DEC-2026-001"] == ["other", "c9"]
    empty = ledger.dumps(HEADER, Ledger())
    assert json.loads(empty)["decisions"] == {} and len(ledger.loads(empty)["decisions"]) == 0


def test_a_state_in_the_one_line_layout_is_read_whole_and_written_by_lines() -> None:
    old = json.dumps({**HEADER, "decisions": ENTRIES}, sort_keys=True, separators=(",", ":")).encode()
    found = ledger.loads(old)["decisions"]
    assert found["DEC-2026-011"] == ["d11", "c11"]
    again = ledger.dumps(HEADER, found)
    assert again.count(b"\n") == len(ENTRIES) + 1 and json.loads(again)["decisions"] == ENTRIES


def test_a_damaged_entry_is_named_not_a_traceback() -> None:
    data = ledger.dumps(HEADER, ENTRIES).replace(b'["d1","c1"]', b'["d1",')
    found = ledger.loads(data)["decisions"]
    with pytest.raises(StoreError, match="verified.json is damaged; delete it"):
        found.get("DEC-2026-001")
    with pytest.raises(StoreError, match="damaged"):
        dict(found)


def test_verify_keeps_the_ledger_by_lines(small_store: Store) -> None:
    from store.write.change import Change

    assert verify(small_store).ok
    path = small_store.meta_dir / STATE_FILE
    lines = path.read_bytes().count(b"\n")
    small_store.write(Change("update ben", [small_store.require("ben").replace(email="b2@hosp.example")]))
    assert verify(small_store).ok
    assert path.read_bytes().count(b"\n") == lines  # no decision decided: no new line
    state = load_state(small_store.meta_dir)
    assert state["commit"] == small_store.head and state["decisions"] == json.loads(path.read_text())["decisions"]
