"""An incremental `council verify` checks every object written since the last clean run.

The objects are listed from each commit's changes against its first parent
(store.git.revs.new_objects), not by `git rev-list --objects`, which reads the
base's whole tree: the list must never miss one that rev-list would give, on
histories with merges, renames, deletions, reverts and a second root.
"""

from __future__ import annotations

import os
import subprocess
import zlib
from pathlib import Path

from store.audit.verify import verify
from store.git.revs import new_objects
from store.service import Store
from tests.test_verify import commit_file, failures, reopen


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True,
                          env={**os.environ, "GIT_MERGE_AUTOEDIT": "no"}).stdout


def write(root: Path, files: dict[str, str | None], message: str) -> str:
    for path, text in files.items():
        target = root / path
        if text is None:
            git(root, "rm", "-q", path)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        git(root, "add", path)
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def tangled_history(root: Path) -> list[str]:
    """Commits of a history with every shape a partner's replica can bring."""
    git(root, "init", "-q", "-b", "main")
    shas = [write(root, {"a/x.md": "one", "a/b/y.md": "two", "top.md": "t"}, "root")]
    shas.append(write(root, {"a/x.md": "one, changed", "a/b/z.md": "new"}, "change"))
    (root / "c").mkdir()
    git(root, "mv", "a/b/y.md", "c/y.md")
    shas.append(write(root, {}, "rename"))
    shas.append(write(root, {"a/x.md": "one"}, "revert to an old blob"))
    git(root, "checkout", "-q", "-b", "side", shas[1])
    shas.append(write(root, {"side/s.md": "side", "a/x.md": "side's x"}, "side work"))
    shas.append(write(root, {"side/t/u.md": "deep"}, "more side work"))
    git(root, "checkout", "-q", "main")
    subprocess.run(["git", "merge", "-q", "--no-ff", "side", "-m", "merge"], cwd=root, capture_output=True)
    (root / "a" / "x.md").write_text("resolved")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "merge side, conflict resolved")
    shas.append(git(root, "rev-parse", "HEAD").strip())
    git(root, "checkout", "-q", "--orphan", "other")
    git(root, "rm", "-rq", "--cached", ".")
    for path in ("a", "c", "side", "top.md"):
        subprocess.run(["rm", "-rf", str(root / path)], check=True)
    shas.append(write(root, {"o/only.md": "unrelated root"}, "second root"))
    git(root, "checkout", "-q", "-f", "main")
    git(root, "merge", "-q", "--allow-unrelated-histories", "--no-ff", "other", "-m", "join the roots")
    shas.append(git(root, "rev-parse", "HEAD").strip())
    shas.append(write(root, {"top.md": None, "a/b/z.md": None}, "delete"))
    return shas


def rev_list_objects(root: Path, *revs: str) -> set[str]:
    return {line.split(" ", 1)[0] for line in git(root, "rev-list", "--objects", *revs).splitlines() if line}


def test_the_listing_holds_every_object_rev_list_gives_and_only_reachable_ones(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    shas = tangled_history(root)
    tip = shas[-1]
    pairs = [(base, tip) for base in shas[:-1]] + [(shas[0], shas[-2]), (shas[1], shas[5])]
    for base, head in pairs:
        if subprocess.run(["git", "merge-base", "--is-ancestor", base, head], cwd=root).returncode:
            continue
        listed, error = new_objects(root, base, head)
        assert not error
        exact = rev_list_objects(root, f"{base}..{head}")
        assert exact <= set(listed), (base, head, exact - set(listed))
        assert set(listed) <= rev_list_objects(root, head)


def _loose(root: Path, sha: str) -> Path:
    return root / ".git" / "objects" / sha[:2] / sha[2:]


def test_an_object_corrupted_since_the_last_clean_run_fails_incremental_verify(small_store: Store) -> None:
    assert verify(small_store).ok
    root = small_store.root
    sha = commit_file(root, "notes/kept.md", "a file committed after the clean run\n", "record: a note")
    blob = git(root, "rev-parse", "HEAD:notes/kept.md").strip()
    loose = _loose(root, blob)
    os.chmod(loose, 0o644)
    loose.write_bytes(zlib.compress(b"blob 9\0different"))  # reads back, but is not what its name says
    report = verify(reopen(small_store))
    assert report.incremental
    assert (sha, "repository", "git-fsck") in failures(report)
    assert any(blob in f.message for f in report.failures if f.rule == "git-fsck")


def test_an_object_missing_since_the_last_clean_run_fails_incremental_verify(small_store: Store) -> None:
    assert verify(small_store).ok
    root = small_store.root
    sha = commit_file(root, "notes/deep/kept.md", "a file in a new folder\n", "record: a note")
    blob = git(root, "rev-parse", "HEAD:notes/deep/kept.md").strip()
    _loose(root, blob).unlink()
    report = verify(reopen(small_store))
    assert report.incremental
    assert (sha, "repository", "git-fsck") in failures(report)
    assert any(blob in f.message for f in report.failures if f.rule == "git-fsck")
