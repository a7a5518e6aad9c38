"""Search within sealed text (issue 16): a reader finds it, with the line that matched; a
non-reader finds nothing, and no count moves; the index never holds its plaintext.

The store is test_sealed_records' (RSK-001's liability cap and INC-2026-001's body sealed
to hosp: ada and ben read, dee of lab does not).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from typer.testing import CliRunner

from council.cli import app
from screens.commands import _find
from store.api import Store
from tests.test_sealed_records import CAP, NOTE, as_reader, key_of, store, template  # noqa: F401 (fixtures)

runner = CliRunner()


def search(store: Store, *words: str) -> list[dict]:  # noqa: F811
    done = runner.invoke(app, ["search", *words, "--store", str(store.root), "--json"])
    assert done.exit_code == 0, done.output
    return json.loads(done.output)


def index_bytes(store: Store) -> bytes:  # noqa: F811
    return b"".join(p.read_bytes() for p in (store.root / ".council").glob("index.sqlite*"))


def test_a_reader_finds_sealed_text_with_the_line_that_matched(store: Store, template: Path) -> None:  # noqa: F811
    as_reader(store, key_of(template, "ben"))
    # (RSK-001's cap is a code, not prose: the index would not hold it in the clear either.)
    hits = search(store, "canary")
    assert [(h["id"], h["line"]) for h in hits] == [("INC-2026-001", NOTE)]
    # Every word must match, clear and sealed text together, as in the index.
    assert [h["id"] for h in search(store, "credential 91bd")] == ["INC-2026-001"]
    assert search(store, "canary nowhere") == []
    assert [h["id"] for h in search(store, "leak", "--limit", "1")] == ["INC-2026-001"]
    shown = runner.invoke(app, ["search", "91bd", "--store", str(store.root)])
    assert shown.exit_code == 0 and "INC-2026-001" in shown.output and NOTE in shown.output


def test_a_non_reader_finds_nothing_and_no_count_moves(store: Store, template: Path) -> None:  # noqa: F811
    for key in (key_of(template, "dee"), None):
        as_reader(store, key)
        assert search(store, "canary") == [] and search(store, "91bd") == []
        human = runner.invoke(app, ["search", "91bd", "--store", str(store.root)])
        assert human.exit_code == 0 and "Nothing matches" in human.output and NOTE not in human.output
        # A clear word finds the record, with its clear line only (never the placeholder).
        clear = search(store, "credential")
        assert [h["id"] for h in clear] == ["INC-2026-001"] and clear[0]["line"] == "Credential leak"


def test_the_palette_finds_sealed_text_for_readers_only(store: Store, template: Path) -> None:  # noqa: F811
    palette = SimpleNamespace(store=store)
    as_reader(store, key_of(template, "ada"))
    assert [(row.id, line) for row, line in _find(palette, "91bd", "91bd")] == [("INC-2026-001", NOTE)]
    as_reader(store, key_of(template, "dee"))
    assert _find(palette, "91bd", "91bd") == []


def test_the_index_never_holds_the_plaintext_a_reader_searched(store: Store, template: Path) -> None:  # noqa: F811
    as_reader(store, key_of(template, "ben"))
    assert search(store, "canary")
    store.close()
    reindexed = runner.invoke(app, ["reindex", "--store", str(store.root)])
    assert reindexed.exit_code == 0, reindexed.output
    assert search(store, "canary")
    held = index_bytes(store)
    assert held and CAP.encode() not in held and NOTE.encode() not in held
