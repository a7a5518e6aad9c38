"""`council new|edit|apply`: records edited whole, with $EDITOR set to a small script that
plays the person at the editor (it saves the replies prepared for it, one per opening)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from council.cli import app
from store.service import Store
from store.workspace import Workspace

runner = CliRunner()

EDITOR = """#!/bin/sh
n=$(cat "{d}/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "{d}/count"
cp "$1" "{d}/seen.$n"
if [ -f "{d}/reply.$n" ]; then cp "{d}/reply.$n" "$1"; fi
"""


class Editor:
    """The person at the editor: ``replies[i]`` is what they save at the i-th opening (None: quit unsaved)."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.dir = folder
        folder.mkdir()
        script = folder / "ed.sh"
        script.write_text(EDITOR.format(d=folder))
        monkeypatch.delenv("VISUAL", raising=False)
        monkeypatch.setenv("EDITOR", f"sh {script}")

    def will_save(self, *replies: str | None) -> None:
        for n, reply in enumerate(replies, 1):
            if reply is not None:
                (self.dir / f"reply.{n}").write_text(reply)

    def seen(self, n: int) -> str:
        return (self.dir / f"seen.{n}").read_text()

    @property
    def openings(self) -> int:
        return int((self.dir / "count").read_text()) if (self.dir / "count").exists() else 0


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Editor:
    return Editor(tmp_path / "editor", monkeypatch)


def invoke(store: Store, *argv: str):
    return runner.invoke(app, [*argv, "--store", str(store.root)])


def head(store: Store) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=store.root, capture_output=True, text=True).stdout


def test_edit_commits_a_valid_change_through_the_write_path(small_store: Store, editor: Editor) -> None:
    text = small_store.stored("ada").text
    editor.will_save(text.replace('name = "Ada Hale"', 'name = "Ada Hale-Moss"'))
    result = invoke(small_store, "edit", "ada")
    assert result.exit_code == 0, result.output
    assert "Recorded ada: commit" in result.output and "(record: edit ada)" in result.output
    assert editor.seen(1) == text  # the canonical file, as the store holds it
    assert Store.open(small_store.root).require("ada").name == "Ada Hale-Moss"  # type: ignore[attr-defined]


def test_a_refused_edit_reopens_with_the_errors_on_top_and_nothing_lost(small_store: Store,
                                                                         editor: Editor) -> None:
    text = small_store.stored("ada").text
    bad = text.replace('role = "senior_sponsor"', 'role = "emperor"')
    editor.will_save(bad, None)  # then quits without saving
    before = head(small_store)
    result = invoke(small_store, "edit", "ada")
    assert result.exit_code == 1 and "nothing was written" in result.output
    reopened = editor.seen(2)
    assert reopened.startswith("# council: refused: ada (members/ada.md): field 'role': expected one of")
    assert reopened.endswith(bad)  # what was typed, kept below the errors
    assert head(small_store) == before


def test_a_fixed_file_after_a_refusal_is_committed_without_the_comment_lines(small_store: Store,
                                                                             editor: Editor) -> None:
    text = small_store.stored("ada").text
    bad = text.replace('role = "senior_sponsor"', 'role = "emperor"')
    editor.will_save(bad, "# council: refused: whatever\n" + text.replace("Ada Hale", "Ada Hale-Moss"))
    result = invoke(small_store, "edit", "ada")
    assert result.exit_code == 0, result.output
    assert editor.openings == 2
    assert "# council" not in (small_store.root / "members" / "ada.md").read_text()


def test_an_unchanged_or_empty_file_aborts_and_writes_nothing(small_store: Store, editor: Editor) -> None:
    before = head(small_store)
    assert invoke(small_store, "edit", "ada").exit_code == 1  # quit without saving
    editor.will_save(None, "")
    (editor.dir / "count").unlink()
    assert invoke(small_store, "edit", "ada").exit_code == 1  # then saved empty
    assert head(small_store) == before


def test_an_edit_may_not_change_the_records_id(small_store: Store, editor: Editor) -> None:
    text = small_store.stored("ada").text
    editor.will_save(text.replace('id = "ada"', 'id = "adb"'), None)
    assert invoke(small_store, "edit", "ada").exit_code == 1
    assert "field 'id': expected the ID ada kept" in editor.seen(2)


def test_editing_a_term_keeps_a_draft_amendment_not_a_commit(small_store: Store, editor: Editor) -> None:
    text = small_store.stored("4.2").text
    editor.will_save(text.replace("A quorum is", "The quorum is"))
    before = head(small_store)
    result = invoke(small_store, "edit", "4.2")
    assert result.exit_code == 0, result.output
    assert "Proposed draft 1" in result.output and head(small_store) == before
    workspace = Workspace.of_store(small_store.root)
    try:
        assert [d.target for d in workspace.drafts("amendment")] == ["4.2"]
    finally:
        workspace.close()


def test_new_opens_a_blank_record_under_the_next_free_id(small_store: Store, editor: Editor) -> None:
    editor.will_save(None)
    invoke(small_store, "new", "risk")
    blank = editor.seen(1)
    assert 'id = "RSK-001"' in blank
    editor.will_save(blank.replace('title = ""', 'title = "Model drift"').replace('owner = ""', 'owner = "ada"'))
    (editor.dir / "count").unlink()
    result = invoke(small_store, "new", "risk", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["message"].startswith("record: enter RSK-001")


def test_new_refuses_a_kind_made_by_a_proceeding_naming_its_command(small_store: Store, editor: Editor) -> None:
    result = invoke(small_store, "new", "meeting")
    assert result.exit_code == 2 and "council meeting schedule" in result.output
    assert editor.openings == 0


def test_apply_is_all_or_nothing_across_files(small_store: Store, tmp_path: Path) -> None:
    good = tmp_path / "ada.md"
    good.write_text(small_store.stored("ada").text.replace("Ada Hale", "Ada Hale-Moss"))
    bad = tmp_path / "ben.md"
    bad.write_text(small_store.stored("ben").text.replace('party = "hosp"', 'party = "nowhere"'))
    before = head(small_store)
    refused = invoke(small_store, "apply", str(good), str(bad))
    assert refused.exit_code == 2 and "ben" in refused.output and "party" in refused.output, refused.output
    assert head(small_store) == before
    dry = invoke(small_store, "apply", str(good), "--dry-run")
    assert dry.exit_code == 0 and "Nothing was written." in dry.output and head(small_store) == before
    done = invoke(small_store, "apply", str(good))
    assert done.exit_code == 0 and "Recorded ada" in done.output and head(small_store) != before


def test_apply_names_an_unreadable_file(small_store: Store, tmp_path: Path) -> None:
    junk = tmp_path / "junk.md"
    junk.write_text("no front matter\n")
    result = invoke(small_store, "apply", str(junk))
    assert result.exit_code == 2 and "junk.md: field 'front matter'" in result.output
