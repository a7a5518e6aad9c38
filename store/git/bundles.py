"""Git bundle files: the history in one file, for air-gapped partners and evidence."""

from __future__ import annotations

import tempfile
from pathlib import Path

from council.errors import StoreError
from store.git.process import Finished, git, run


def create(root: Path, target: Path, *revs: str) -> None:
    """Write a bundle of ``revs`` (e.g. ``main``, ``^BASE``) from the store at ``root`` to ``target``."""
    git(root, "bundle", "create", "--quiet", str(target), *revs)


def check(root: Path, path: Path) -> Finished:
    """``git bundle verify``: whether this store holds every commit the bundle builds on (text output)."""
    return run(root, "bundle", "verify", str(path), text=True)


def of_history(root: Path, commit: str, target: Path) -> None:
    """A git bundle of the history up to ``commit``, whose one ref is refs/heads/main.

    git bundles refs only, so the ref lives in a scratch bare repository that
    borrows the store's objects (git alternates): the store's own refs are
    never touched and no object is copied twice.
    """
    with tempfile.TemporaryDirectory(prefix="council-bundle-") as tmp:
        scratch = Path(tmp) / "repo.git"
        git(Path(tmp), "init", "-q", "--bare", str(scratch))
        objects = (Path(root) / ".git" / "objects").resolve()
        (scratch / "objects" / "info" / "alternates").write_text(f"{objects}\n")
        git(scratch, "update-ref", "refs/heads/main", commit)
        proc = run(scratch, "bundle", "create", "-q", str(target), "refs/heads/main", text=True)
        if proc.returncode != 0:
            raise StoreError(f"git bundle failed: {proc.stderr.strip()}")
