"""`council export` holds one copy of what it needs (issue 18: 3.3 GB at 100,000 decisions),
and the garbage collector does not look through it again and again.

Structural, not timed and not measured in MB:

- a parsed table's keys (the member IDs of every decision's votes) and a choice's value
  ("for", "held") are one shared string, not a copy per record;
- the records parsed for an export are let go once redacted: none is alive while the
  pages are written;
- ``council.json`` and the manifest are written in pieces as they are encoded, with the
  same bytes as the whole-document encoding, and a page that fails half-way leaves no file.
"""

from __future__ import annotations

import json
import weakref
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from council.fileformat import parse_path, serialise
from council.records import Decision, Record
from exports import redact as redaction
from exports import render_json, run, snapshot
from exports.options import ExportOptions
from exports.outdir import OutDir
from exports.render_json import Each
from store.service import Store
from store.write.change import Change
from tests.conftest import DAY, MEMBERS, at

VOTERS = {m.id: "for" for m in MEMBERS if m.voting}


def _decision(n: int) -> Decision:
    return Decision(id=f"DEC-2026-{n:03d}", title=f"Decision {n}", meeting="MTG-2026-01", date=DAY, tier="low",
                    moved_by="ada", votes=dict(VOTERS), motion="That it be done.")


def test_parsed_votes_share_their_member_ids_and_choices() -> None:
    first, second = (parse_path(f"decisions/2026/DEC-2026-{n:03d}.md", serialise(_decision(n)).encode())
                     for n in (1, 2))
    assert isinstance(first, Decision) and isinstance(second, Decision)
    for (key_a, vote_a), (key_b, vote_b) in zip(first.votes.items(), second.votes.items()):
        assert key_a is key_b and vote_a is vote_b


def test_no_parsed_record_is_alive_while_the_pages_are_written(small_store: Store, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    small_store.write(Change("record decisions", [_decision(n) for n in (2, 3, 4)], when=at(DAY, 11)))
    parsed: list[weakref.ref[Record]] = []
    parse, redact, write_pages = snapshot.parse_path, redaction.redact, run.write_pages

    def watched(path: str, data: bytes) -> Record:
        record = parse(path, data)
        parsed.append(weakref.ref(record))
        return record

    def alive() -> int:  # the clauses excepted: the charter in force, which the pages read, is built of them
        return sum(ref() is not None and ref().KIND != "clause" for ref in parsed)

    redacting: list[int] = []
    writing: list[int] = []

    def redacted(*args: Any, **kwargs: Any) -> Any:
        redacting.append(alive())
        return redact(*args, **kwargs)

    def counted(*args: Any, **kwargs: Any) -> None:
        writing.append(alive())
        write_pages(*args, **kwargs)

    monkeypatch.setattr(snapshot, "parse_path", watched)
    monkeypatch.setattr(redaction, "redact", redacted)
    monkeypatch.setattr(run, "write_pages", counted)
    run.export(small_store, ExportOptions(out=tmp_path / "site"))
    assert len(parsed) >= 4 and writing == [0]
    # Each record is let go once redacted: at the last, only it (and no record before it) is left.
    assert redacting[0] > 4 and redacting[-1] == 1


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
                    max_leaves=20)


def _lazy(value: Any) -> Any:
    """The same document with every list made an :class:`Each`."""
    if isinstance(value, dict):
        return {k: _lazy(v) for k, v in value.items()}
    if isinstance(value, list):
        return Each(value, _lazy)
    return value


@settings(max_examples=200, deadline=None)
@given(JSON, st.integers(min_value=0, max_value=4))
def test_json_in_pieces_is_the_whole_encoding(data: Any, depth: int) -> None:
    whole = render_json.dumps(data, depth)
    assert b"".join(render_json.chunks(_lazy(data), depth)) == whole
    assert json.loads(whole) == data
    if depth >= 5:  # deeper than the data: plain indentation
        assert whole == (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def test_a_long_document_is_written_in_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_json, "CHUNK", 64)
    document = {"records": Each(list(range(200)), lambda n: {"id": f"R-{n}"})}
    pieces = list(render_json.chunks(document, 3))
    assert len(pieces) > 10 and max(map(len, pieces)) < 64 + 40
    out = OutDir(tmp_path)
    out.write("council.json", iter(pieces))
    out.close()
    assert json.loads((tmp_path / "council.json").read_bytes())["records"][199] == {"id": "R-199"}


def test_a_page_that_fails_half_way_leaves_no_file(tmp_path: Path) -> None:
    def failing() -> Any:
        yield b"{\n"
        raise RuntimeError("renderer failed")

    out = OutDir(tmp_path)
    with pytest.raises(RuntimeError):
        out.write("council.json", failing())
    out.close()
    assert list(tmp_path.iterdir()) == []


def test_the_collector_skips_the_view_while_pages_are_written_and_is_restored_after(
        small_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    during: list[tuple[bool, int]] = []
    read_view, write_pages = run.read_view, run.write_pages

    def reading(*args: Any, **kwargs: Any) -> Any:
        during.append((gc.isenabled(), gc.get_freeze_count()))
        return read_view(*args, **kwargs)

    def writing(*args: Any, **kwargs: Any) -> None:
        during.append((gc.isenabled(), gc.get_freeze_count()))
        write_pages(*args, **kwargs)

    monkeypatch.setattr(run, "read_view", reading)
    monkeypatch.setattr(run, "write_pages", writing)
    run.export(small_store, ExportOptions(out=tmp_path / "site"))
    (enabled_reading, _), (enabled_writing, frozen_writing) = during
    assert not enabled_reading and enabled_writing and frozen_writing > 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
