"""`council meeting pack` and `council search` (council/commands/documents.py), through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from council.cli import app
from council.records import Decision
from council.search_text import search_text
from store.service import Store
from store.write.change import Change
from tests.conftest import DAY, MEMBERS, at

runner = CliRunner()


def cli(store: Store, *args: str):
    result = runner.invoke(app, [*args, "--store", str(store.root)])
    assert "Traceback" not in result.output
    return result


def decide(store: Store) -> None:
    decision = Decision(id="DEC-2026-001", title="Adopt the form", meeting="MTG-2026-01", date=DAY, tier="low",
                        motion="That the council adopt the zebra-striped request form.", moved_by="ada",
                        seconded_by="dee", votes={m.id: "for" for m in MEMBERS if m.voting}, body="Because.")
    store.write(Change("record DEC-2026-001", [decision], when=at(DAY, 12)))


def test_search_finds_words_in_a_motion_not_only_in_bodies(small_store: Store) -> None:
    decide(small_store)
    result = cli(small_store, "search", "zebra", "--json")
    assert result.exit_code == 0
    hits = json.loads(result.output)
    assert [h["id"] for h in hits] == ["DEC-2026-001"]
    assert hits[0]["line"] == "That the council adopt the zebra-striped request form."


def test_search_by_kind_and_nothing_found(small_store: Store) -> None:
    decide(small_store)
    assert "DEC-2026-001" not in cli(small_store, "search", "zebra", "--kind", "meeting").output
    nothing = cli(small_store, "search", "okapi")
    assert nothing.exit_code == 0 and "Nothing matches 'okapi'" in nothing.output
    empty = cli(small_store, "search", "  ")
    assert empty.exit_code == 2 and "one or more words" in empty.output


def test_the_search_text_leaves_out_ids_labels_and_enumerations(small_store: Store) -> None:
    decide(small_store)
    text = search_text(small_store.require("DEC-2026-001"))
    assert "zebra-striped" in text and "Because." in text
    lines = text.splitlines()
    for not_prose in ("DEC-2026-001", "MTG-2026-01", "ada", "dee", "low", "passed", "public", "2026-03-10"):
        assert not_prose not in lines


def test_meeting_pack_writes_markdown_html_and_pdf(small_store: Store, tmp_path: Path) -> None:
    decide(small_store)
    out = tmp_path / "packs"
    result = cli(small_store, "meeting", "pack", "MTG-2026-01", "--minutes", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["MTG-2026-01-minutes.html", "MTG-2026-01-minutes.md",
                                                     "MTG-2026-01-minutes.pdf"]
    assert "zebra-striped" in (out / "MTG-2026-01-minutes.md").read_text()
    assert (out / "MTG-2026-01-minutes.pdf").read_bytes().startswith(b"%PDF-")


def test_meeting_pack_bad_input_is_named_and_writes_nothing(small_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "packs"
    wrong_case = cli(small_store, "meeting", "pack", "mtg-2026-01", "-o", str(out))
    assert wrong_case.exit_code == 2 and "did you mean MTG-2026-01?" in wrong_case.output
    bad_format = cli(small_store, "meeting", "pack", "MTG-2026-01", "--format", "docx", "-o", str(out))
    assert bad_format.exit_code == 2 and "expected some of md, html, pdf" in bad_format.output
    assert not out.exists()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    linked = cli(small_store, "meeting", "pack", "MTG-2026-01", "-o", str(tmp_path / "link"))
    assert linked.exit_code == 2 and "symbolic link" in linked.output
    assert list((tmp_path / "elsewhere").iterdir()) == []
