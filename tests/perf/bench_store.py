"""The whole-store commands, each a process: verify, clone, reindex and export, beside what
git itself takes to check, read or list the same store.

Nothing big is deleted while a size is measured: each clone and each full export goes into a
folder of its own, and run.py removes the scratch folder when every size is done.  On ext4,
creating files a moment after many were deleted costs the kernel several seconds of CPU at M
(inode allocation skips the recently deleted ones): a benchmark that removed its last replica
just before the next clone measured the file system's bookkeeping of its own deletions.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

from tests.perf import anchors
from tests.perf.measure import (
    Figure,
    Sample,
    checked,
    child_env,
    council_cmd,
    from_pairs,
    git,
    help_text,
    pairs,
    rss_figure,
)
from tests.perf.sizes import Sized, change_one_record


def bench_verify(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    """`council verify` after one new commit, then `--full` (every commit, git fsck)."""
    env = child_env(s.scratch)
    verify = [*council_cmd(), "verify", "--store", str(s.work)]
    if not (s.work / ".council" / "verified.json").exists():
        raise RuntimeError("no verified baseline in the cached store: incremental verify cannot be measured")

    def incremental() -> Sample:
        change_one_record(s)
        return checked(verify, env).sample

    inc = pairs(incremental, lambda: anchors.one_commit_log(s.work, env), repeat, slow)
    full = pairs(lambda: checked([*verify, "--full"], env).sample,
                  lambda: anchors.fsck_and_log(s.work, env), repeat, slow)
    return {"verify_incremental": from_pairs(inc, "council verify after one record: commit since the last "
                                                  "clean run (baseline verified when the store was cached)"),
            "verify_full": from_pairs(full, "council verify --full (every commit, with git fsck)"),
            "verify_rss": rss_figure(full, "peak of council verify --full beside git fsck's")}


def bench_clone(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    """`council clone` of the work copy (cloned, indexed, verified in full before use)."""
    if not help_text("clone"):
        raise RuntimeError("`council clone` is not available")
    env = child_env(s.scratch)
    fresh = fresh_folders(s.scratch, "replica")

    def once() -> Sample:
        return checked([*council_cmd(), "clone", str(s.work), str(next(fresh))], env).sample

    ran = pairs(once, lambda: anchors.fsck_and_log(s.work, env), repeat, slow)
    return {"clone": from_pairs(ran, "council clone PATH DIR (clone, index, verify in full)")}


def bench_reindex(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    """`council reindex` on a fresh clone (no index yet)."""
    clone = next(fresh_folders(s.scratch, "clone"))
    git(s.work.parent, "clone", "-q", str(s.work), str(clone))
    env = child_env(s.scratch)

    def once() -> Sample:
        shutil.rmtree(clone / ".council", ignore_errors=True)  # as fresh as the clone was
        return checked([*council_cmd(), "reindex", "--store", str(clone)], env).sample

    ran = pairs(once, lambda: anchors.tree_and_blobs(clone, env), repeat, slow)
    return {"reindex": from_pairs(ran, "council reindex of a fresh clone")}


def bench_export(s: Sized, repeat: int, slow: float) -> dict[str, Figure]:
    """A full export into an empty directory, then export --force after one changed record."""
    env = child_env(s.scratch)
    fresh = fresh_folders(s.scratch, "export")
    outs: list[Path] = []

    def cmd(out: Path) -> list[str]:
        return [*council_cmd(), "export", "--store", str(s.work), "--out", str(out)]

    def full_once() -> Sample:
        outs.append(next(fresh))
        return checked(cmd(outs[-1]), env).sample

    full = pairs(full_once, lambda: anchors.tree_and_blobs(s.work, env), repeat, slow)
    full_fig = from_pairs(full, "council export into an empty directory")

    def incremental() -> Sample:
        change_one_record(s)
        return checked([*cmd(outs[-1]), "--force"], env).sample  # into the last full export's output

    inc = [incremental() for _ in range(1 if full[0][0].wall > slow else repeat)]
    inc_fig = from_pairs([(x, Sample(full_fig.wall or 0.0, full_fig.value or 0.0)) for x in inc],
                         "one meeting's minutes changed, then export --force into the previous output; "
                         "the anchor is the full export above")
    return {"export_full": full_fig, "export_incremental": inc_fig,
            "export_rss": rss_figure(full, "peak of the full exports beside git cat-file --batch's")}


def fresh_folders(scratch: Path, stem: str) -> Iterator[Path]:
    """Paths that do not exist yet, ``stem-1``, ``stem-2``, ...: never one emptied a moment ago."""
    return (scratch / f"{stem}-{n}" for n in itertools.count(1) if not (scratch / f"{stem}-{n}").exists())
