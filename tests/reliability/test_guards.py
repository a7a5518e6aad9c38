"""The write path refuses to write through a symbolic link or into a checkout
that is not plainly on main (detached, another branch, a git operation under
way), naming what is wrong and what to do; nothing is written."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from council.errors import StoreError
from store import usecases
from store.service import Store
from tests.reliability.test_hand_edits import git

REVIEW = dt.date(2026, 9, 1)


def new_risk(store: Store) -> None:
    usecases.new_risk(store, "", "Re-identification", "ada", 2, 3, "hosp", REVIEW)


def edit_minutes(store: Store) -> None:
    from store.write.change import Change

    meeting = store.require("MTG-2026-01")
    store.write(Change("edit the minutes", [meeting.replace(body=meeting.body + " Then it rose.")]))


def refused(store: Store, write: Callable[[Store], None], match: str) -> None:
    """``write`` is refused with a message matching ``match``, and nothing moved."""
    head, status = store.head, git(store.root, "status", "--porcelain")
    with pytest.raises(StoreError, match=match):
        write(store)
    assert store.head == head and git(store.root, "status", "--porcelain") == status


# --- symbolic links ---------------------------------------------------------------


def test_a_record_folder_linked_out_of_the_store_is_not_written_through(small_store: Store, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, small_store.root / "risks")
    refused(small_store, new_risk, r"risks is a symbolic link \(to .*outside\).*nothing was written")
    assert list(outside.iterdir()) == []


def test_a_parent_folder_linked_elsewhere_is_not_written_through(small_store: Store, tmp_path: Path) -> None:
    root = small_store.root
    shutil.copytree(root / "meetings", tmp_path / "meetings-copy")
    shutil.rmtree(root / "meetings")
    os.symlink(tmp_path / "meetings-copy", root / "meetings")
    before = (tmp_path / "meetings-copy" / "2026" / "MTG-2026-01.md").read_bytes()
    refused(small_store, edit_minutes, r"meetings is a symbolic link")
    assert (tmp_path / "meetings-copy" / "2026" / "MTG-2026-01.md").read_bytes() == before


def test_a_record_file_linked_elsewhere_is_not_written_through(small_store: Store, tmp_path: Path) -> None:
    path = small_store.root / "meetings" / "2026" / "MTG-2026-01.md"
    victim = tmp_path / "victim.md"
    victim.write_bytes(path.read_bytes())
    path.unlink()
    os.symlink(victim, path)
    git(small_store.root, "update-index", "--assume-unchanged", "meetings/2026/MTG-2026-01.md")
    before = victim.read_bytes()
    refused(small_store, edit_minutes, r"MTG-2026-01.md is a symbolic link")
    assert victim.read_bytes() == before


def test_a_council_folder_linked_elsewhere_is_refused(small_store: Store, tmp_path: Path) -> None:
    root = small_store.root
    small_store.close()
    shutil.move(root / ".council", tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", root / ".council")
    with pytest.raises(StoreError, match=r"\.council is a symbolic link.*nothing was written"):
        Store.open(root)


def test_a_lock_file_linked_elsewhere_is_refused(small_store: Store, tmp_path: Path) -> None:
    lock = small_store.root / ".council" / "write.lock"
    lock.unlink(missing_ok=True)
    os.symlink(tmp_path / "other.lock", lock)
    refused(small_store, new_risk, r"\.council/write.lock is a symbolic link")


# --- the checkout ------------------------------------------------------------------


def _detach(root: Path) -> None:
    git(root, "checkout", "-q", "--detach", "HEAD~1")


def _other_branch(root: Path) -> None:
    git(root, "switch", "-q", "-c", "other")


def _rebase(root: Path) -> None:  # stopped at an "edit" step of an interactive rebase
    env = {**os.environ, "GIT_SEQUENCE_EDITOR": "sed -i s/^pick/edit/"}
    import subprocess

    subprocess.run(["git", "rebase", "-q", "-i", "HEAD~1"], cwd=root, env=env, check=True, capture_output=True)


def _side_commit(root: Path, text: str) -> None:
    (root / "notes.txt").write_text(text)
    git(root, "add", "notes.txt")
    git(root, "commit", "-qm", f"record: notes {text}")


def _merge(root: Path) -> None:
    git(root, "switch", "-q", "-c", "side")
    _side_commit(root, "side")
    git(root, "switch", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "--no-commit", "side")


def _conflict(root: Path) -> str:
    git(root, "switch", "-q", "-c", "side")
    _side_commit(root, "side")
    side = git(root, "rev-parse", "HEAD").strip()
    git(root, "switch", "-q", "main")
    _side_commit(root, "main")
    return side


def _cherry_pick(root: Path) -> None:
    import subprocess

    side = _conflict(root)
    assert subprocess.run(["git", "cherry-pick", side], cwd=root, capture_output=True).returncode != 0


def _revert(root: Path) -> None:
    import subprocess

    _side_commit(root, "one")
    _side_commit(root, "two")
    assert subprocess.run(["git", "revert", "--no-edit", "HEAD~1"], cwd=root, capture_output=True).returncode != 0


def _bisect(root: Path) -> None:
    git(root, "bisect", "start")


CHECKOUTS = {
    "a detached HEAD": (_detach, r"detached HEAD.*nothing was written.*`git switch main`"),
    "another branch": (_other_branch, r"branch other checked out.*`git switch main`"),
    "a rebase": (_rebase, r"middle of a rebase.*`git rebase --continue` or `git rebase --abort`"),
    "a merge": (_merge, r"middle of a merge.*`git merge --abort`"),
    "a cherry-pick": (_cherry_pick, r"middle of a cherry-pick.*`git cherry-pick --continue`"),
    "a revert": (_revert, r"middle of a revert.*`git revert --abort`"),
    "a bisect": (_bisect, r"middle of a bisect.*`git bisect reset`"),
}


@pytest.mark.parametrize("state", list(CHECKOUTS))
def test_a_write_into_an_odd_checkout_is_refused_saying_what_to_do(small_store: Store, state: str) -> None:
    make, match = CHECKOUTS[state]
    make(small_store.root)
    refused(small_store, new_risk, match)
