"""Hash an artifact on disk into its manifest: streaming, in parallel, never following links.

A file or a directory tree is read in 1 MiB blocks (a 10 GB directory is
never in memory), files and shards are hashed in a thread pool (hashlib
releases the GIL on large blocks, so threads use every core), and a
callback hears how many bytes are done, for a progress bar.

Only regular files are hashed. A symbolic link, a device or a socket inside
the tree is reported, never followed: a link could point the manifest at
files outside the artifact, and a FIFO would block the read forever.
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from council.manifest import SHARD_SIZE, FileEntry, Manifest, shard_count

BLOCK = 1 << 20
Progress = Callable[[int, int], None]  # (bytes done, bytes in all)


class ArtifactPathError(OSError):
    """The path to hash does not exist or is not a regular file or directory."""


@dataclass(frozen=True)
class Scan:
    """What hashing found: the manifest of the regular files, and what was not hashed."""

    manifest: Manifest
    irregular: tuple[str, ...] = ()


def hash_artifact(root: Path, shard_size: int = SHARD_SIZE, workers: int | None = None,
                  progress: Progress | None = None) -> Scan:
    """The manifest of ``root`` (a file, or a directory and everything under it)."""
    files, irregular = _walk(root)
    total = sum(size for _, _, size in files)
    done = _Counter(total, progress)
    jobs = [(path, index) for _, path, size in files for index in range(max(1, shard_count(size, shard_size)))]
    with ThreadPoolExecutor(max_workers=workers or min(32, (os.cpu_count() or 1) + 2)) as pool:
        digests = list(pool.map(lambda job: _hash_part(job[0], job[1], shard_size, done), jobs))
    by_file: dict[Path, list[str]] = {}
    for (path, _), digest in zip(jobs, digests):
        by_file.setdefault(path, []).append(digest)
    entries = []
    for name, path, size in files:
        parts = by_file[path]
        entries.append(FileEntry(name, size, shards=tuple(parts)) if shard_count(size, shard_size)
                       else FileEntry(name, size, sha256=parts[0]))
    return Scan(Manifest(tuple(entries), shard_size), tuple(sorted(irregular)))


def _walk(root: Path) -> tuple[list[tuple[str, Path, int]], list[str]]:
    """Regular files under ``root`` as (manifest path, file, size), and the names of all else."""
    try:
        info = root.lstat()
    except FileNotFoundError:
        raise ArtifactPathError(f"{root} does not exist") from None
    if stat.S_ISREG(info.st_mode):
        return [(root.name, root, info.st_size)], []
    if not stat.S_ISDIR(info.st_mode):
        raise ArtifactPathError(f"{root} is not a file or a directory (a link is never followed)")
    files: list[tuple[str, Path, int]] = []
    irregular: list[str] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = Path(entry.path).relative_to(root).as_posix()
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    files.append((name, Path(entry.path), entry.stat(follow_symlinks=False).st_size))
                else:
                    irregular.append(name)
    return sorted(files), irregular


def _hash_part(path: Path, index: int, shard_size: int, done: _Counter) -> str:
    """SHA-256 of shard ``index`` of ``path`` (the whole file when it is not sharded)."""
    digest = hashlib.sha256()
    with open(path, "rb", buffering=0) as stream:
        stream.seek(index * shard_size)
        left = shard_size
        while left > 0:
            block = stream.read(min(BLOCK, left))
            if not block:
                break
            digest.update(block)
            left -= len(block)
            done.add(len(block))
    return digest.hexdigest()


class _Counter:
    """Bytes hashed so far, shared by the pool's threads, told to ``progress``."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.progress, self.done = total, progress, 0
        self.lock = threading.Lock()

    def add(self, count: int) -> None:
        if self.progress is None:
            return
        with self.lock:
            self.done += count
            self.progress(self.done, self.total)
