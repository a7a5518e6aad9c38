"""Refusals name what the user typed: the option (``--on``, ``--at``) in the shell, the
form's label in the terminal app; never the record's internal field name."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.cli import app
from council.errors import RecordError, in_words, worded
from store.service import Store
from tests.test_verify import head

runner = CliRunner()


def cli(store: Store, *args: str):
    result = runner.invoke(app, [*args, "--store", str(store.root)])
    assert "Traceback" not in result.output
    return result


def test_a_field_is_named_as_the_user_gave_it() -> None:
    with pytest.raises(RecordError, match=r"^DEC-1: field '--on': expected a day, got 'x'$") as caught:
        with in_words({"done_on": "--on"}):
            raise RecordError("DEC-1", "done_on", "a day", "x")
    assert caught.value.field == "--on"
    in_file = RecordError("DEC-1 (decisions/DEC-1.md)", "done_on", "a day")
    in_file.record, in_file.path = "DEC-1", "decisions/DEC-1.md"
    assert str(in_file.worded("--on")) == "DEC-1 (decisions/DEC-1.md): field '--on': expected a day"
    with pytest.raises(RecordError, match="field 'tier'"):  # a field not named otherwise stays
        worded({"done_on": "--on"}, lambda: (_ for _ in ()).throw(RecordError("DEC-1", "tier", "a tier")))
    assert worded({}, lambda: 3) == 3


def test_approving_minutes_at_a_meeting_not_yet_held_names_at(small_store: Store, tmp_path: Path,
                                                               monkeypatch) -> None:
    monkeypatch.setenv("COUNCIL_COMMIT_DATE", "2026-04-01T10:00:00+00:00")
    minutes = tmp_path / "minutes.md"
    minutes.write_text("The council met.\n")
    assert cli(small_store, "minutes", "circulate", "MTG-2026-01", "-f", str(minutes)).exit_code == 0
    assert cli(small_store, "meeting", "schedule", "--date", "2026-04-28").exit_code == 0
    before = head(small_store.root)
    refused = cli(small_store, "minutes", "approve", "MTG-2026-01", "--at", "MTG-2026-02")
    assert refused.exit_code == 2, refused.output
    assert "MTG-2026-01" in refused.output and "field '--at': expected a later meeting that was held" in refused.output
    assert "minutes_approved_at" not in refused.output
    assert head(small_store.root) == before


def test_a_pack_for_no_meeting_says_there_is_none(small_store: Store, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["meeting", "pack", "MTG-2099-01", "-o", str(tmp_path / "pack"),
                                  "--store", str(small_store.root)])
    assert missing.exit_code == 2
    assert "no meeting MTG-2099-01 in this store" in missing.output and "field 'id'" not in missing.output
    assert not (tmp_path / "pack").exists()
    lower = runner.invoke(app, ["meeting", "pack", "mtg-2026-01", "-o", str(tmp_path / "pack"),
                                "--store", str(small_store.root)])
    assert lower.exit_code == 2 and "did you mean MTG-2026-01?" in lower.output
