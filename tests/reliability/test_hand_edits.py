"""Hand edits: files changed without Council, committed or not.  The app notices, says
what changed, does not treat it as approved, and never crashes reading the store."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from council.errors import CouncilError, RecordError
from store.audit.verify import verify
from store.service import Store
from store.write.change import Change


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def commit_by_hand(root: Path, path: str, text: str | bytes, subject: str) -> str:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode() if isinstance(text, str) else text)
    git(root, "add", "--", path)
    git(root, "commit", "-qm", subject)
    return git(root, "rev-parse", "HEAD").strip()


def reopen(store: Store) -> Store:
    store.close()
    return Store.open(store.root)


def kinds(store: Store) -> set[tuple[str, str]]:
    return {(p.kind, p.path) for p in store.problems()}


def test_a_term_changed_with_plain_git_is_flagged_not_approved(small_store: Store) -> None:
    root = small_store.root
    text = (root / "charter" / "4.2.md").read_text().replace("majority", "third")
    sha = commit_by_hand(root, "charter/4.2.md", text, "record: tweak the quorum")
    store = reopen(small_store)
    problems = [p for p in store.problems() if p.kind == "outside-commit"]
    assert [(p.path, p.commit) for p in problems] == [("charter/4.2.md", sha)]
    assert "not treated as approved" in problems[0].message and "not an approved amendment" in problems[0].message
    assert any(f.commit == sha for f in verify(store).failures)
    store.close()


def test_a_commit_that_is_neither_amend_nor_record_is_flagged(small_store: Store) -> None:
    root = small_store.root
    text = (root / "members" / "ben.md").read_text().replace("Ben Ito", "Benjamin Ito")
    commit_by_hand(root, "members/ben.md", text, "fix typo")
    store = reopen(small_store)
    assert ("outside-commit", "") in kinds(store)
    assert store.require("ben").name == "Benjamin Ito"  # the content is read; the warning stays
    store.close()


def test_an_unparsable_commit_is_skipped_then_cleared_when_fixed(small_store: Store) -> None:
    root = small_store.root
    good = (root / "members" / "ben.md").read_text()
    commit_by_hand(root, "members/ben.md", good.replace("voting = true", "voting = maybe"), "record: oops")
    store = reopen(small_store)
    assert ("unparsable", "members/ben.md") in kinds(store)
    assert "ben" not in {m.id for m in store.members()}  # left out, not half-read
    with pytest.raises(RecordError, match="members/ben.md: field 'voting'"):
        store.require("ben")
    assert store.require("ada").name == "Ada Hale"  # everything else reads as before
    commit_by_hand(root, "members/ben.md", good, "record: fix ben")
    store = reopen(store)
    assert ("unparsable", "members/ben.md") not in kinds(store)
    assert store.require("ben").name == "Ben Ito"
    store.close()


def test_a_broken_charter_is_reported_and_refuses_changes_clearly(small_store: Store) -> None:
    root = small_store.root
    text = (root / "charter" / "6.md").read_text().replace('days = 30', 'days = -5', 1)
    commit_by_hand(root, "charter/6.md", text, "amend: make negotiation shorter")
    store = reopen(small_store)
    found = {p.kind: p for p in store.problems()}
    assert "charter" in found and "settings.stages[0].days" in found["charter"].message
    assert len(store.clauses()) > 5  # reading still works
    member = store.require("ben")
    with pytest.raises(CouncilError, match="charter 6.*stages"):
        store.write(Change("update ben", [member.replace(email="b@x.example")]))
    store.close()


def test_strange_files_committed_by_hand_never_crash_reading(small_store: Store) -> None:
    root = small_store.root
    commit_by_hand(root, "members/not-utf8.md", b"+++\nid = \"x\xff\"\n+++\n", "record: bytes")
    commit_by_hand(root, "decisions/2026/DEC-2026-001.md", "no front matter at all\n", "record: prose")
    commit_by_hand(root, "members/ada-copy.md", (root / "members" / "ada.md").read_text(), "record: copy ada")
    commit_by_hand(root, "notes/readme.txt", "not a record\n", "record: notes")
    store = reopen(small_store)
    found = kinds(store)
    assert {("unparsable", "members/not-utf8.md"), ("unparsable", "decisions/2026/DEC-2026-001.md"),
            ("unparsable", "members/ada-copy.md")} <= found
    assert store.require("ada").name == "Ada Hale" and len(store.members()) == 7
    assert store.reindex() > 0  # a rebuild from scratch agrees
    assert kinds(store) >= {("unparsable", "members/ada-copy.md")}
    failures = " ".join(str(f) for f in verify(store).failures)
    assert "members/not-utf8.md" in failures and "members/ada-copy.md" in failures
    store.close()


def test_uncommitted_edits_are_listed_with_what_changed(small_store: Store) -> None:
    root = small_store.root
    (root / "members" / "ben.md").write_text((root / "members" / "ben.md").read_text() + "\nA note.\n")
    (root / "members" / "new.md").write_text("+++\nid = \"new\"\n+++\n")
    (root / "charter" / "10.md").unlink()
    store = reopen(small_store)
    problems = {p.path: p.message for p in store.problems() if p.kind == "hand-edit"}
    assert problems.keys() == {"members/ben.md", "members/new.md", "charter/10.md"}
    assert problems["charter/10.md"].startswith("deleted by hand")
    assert problems["members/new.md"].startswith("added by hand")
    assert "+A note." in store.hand_edit_diff("members/ben.md")
    assert 'id = "new"' in store.hand_edit_diff("members/new.md")
    member = store.require("ben")
    with pytest.raises(CouncilError, match="edited by hand"):  # never overwritten
        store.write(Change("update ben", [member.replace(email="b@x.example")]))
    store.close()
