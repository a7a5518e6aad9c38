"""Git objects written and read in process: blobs, trees, commits.

A commit is made from objects written directly: the changed blobs, the trees
along the changed paths only (:mod:`store.git.trees`), and the commit; the
branch then moves by compare-and-swap (:mod:`store.git.refs`).  Objects are
read with gitdb (GitPython's pure-Python object database: loose objects and
packs, no subprocess) and written as fsynced loose objects.

Crash points: the write path passes its fault-injection hook as ``point``
(a callable taking the point's name), so that this package needs nothing
else from the store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from council.errors import StoreError
from store.git.commits import Identity

if TYPE_CHECKING:
    from store.git.trees import Tree

Point = Callable[[str], None]
TREE_CACHE_SIZE = 64  # parsed trees kept between writes (the few along recent write paths)
TEMP_PREFIX = "tmp_obj_council_"  # half-written objects: <objects>/tmp_obj_council_<pid>_<sha>


def no_point(name: str) -> None:
    """The crash-point hook when none is given: nothing happens."""


def blob_sha(content: bytes) -> str:
    """The id git gives a blob with this content (``git hash-object``)."""
    return hashlib.sha1(f"blob {len(content)}\0".encode() + content).hexdigest()


class ObjectStore:
    """Reads and writes git objects of one repository, in process."""

    def __init__(self, git_dir: Path, point: Point = no_point) -> None:
        self.objects = git_dir / "objects"
        self.point = point
        self._db: Any = None
        # Parsed trees written or read by build_tree, by sha (content-addressed, so
        # an entry can never go stale); taken out while a write rebuilds one.
        self._trees: dict[str, Tree] = {}

    def take_tree(self, sha: str) -> "Tree":
        """The tree ``sha`` to modify: the cached parse, handed over, or a fresh parse."""
        from store.git.trees import Tree

        tree = self._trees.pop(sha, None)
        return tree if tree is not None else Tree.parse(self.read(sha)[1])

    def keep_tree(self, sha: str, tree: "Tree") -> None:
        if len(self._trees) >= TREE_CACHE_SIZE:
            self._trees.pop(next(iter(self._trees)))
        self._trees[sha] = tree

    @property
    def db(self) -> Any:
        if self._db is None:
            from gitdb import GitDB  # imported here: only the write path needs it

            self._db = GitDB(str(self.objects))
        return self._db

    def read(self, sha: str) -> tuple[str, bytes]:
        """(type, data) of an object; refreshes the pack list once if it is missing."""
        binsha = bytes.fromhex(sha)
        try:
            stream = self.db.stream(binsha)
        except Exception:
            self.db.update_cache(force=True)
            try:
                stream = self.db.stream(binsha)
            except Exception:
                raise StoreError(f"git object {sha} is missing or unreadable") from None
        kind = stream.type.decode() if isinstance(stream.type, bytes) else stream.type
        return kind, stream.read()

    def write(self, kind: str, data: bytes) -> str:
        """Store an object as a loose object (fsynced); return its sha.

        The object is written to a temporary file at the top of
        ``objects/`` and renamed into place, so a crash leaves either no
        object or a whole one; the temporary files a crash leaves behind are
        all in one folder, where :func:`clean_temporary` finds them cheaply.
        """
        header = f"{kind} {len(data)}\0".encode()
        sha = hashlib.sha1(header + data).hexdigest()
        folder = self.objects / sha[:2]
        target = folder / sha[2:]
        if target.exists():
            return sha
        packed = zlib.compress(header + data, 1)
        tmp = self.objects / f"{TEMP_PREFIX}{os.getpid()}_{sha[:10]}"
        try:
            with open(tmp, "wb") as fh:
                fh.write(packed[: len(packed) // 2])
                self.point("object.partial")
                fh.write(packed[len(packed) // 2:])
                fh.flush()
                os.fsync(fh.fileno())
            folder.mkdir(exist_ok=True)
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"cannot write to the store's git objects in {self.objects}: "
                             f"{exc.strerror or exc}; nothing was committed") from None
        self.point("object.written")
        return sha

    def tree_of(self, commit: str) -> str:
        """The tree of ``commit``."""
        _, data = self.read(commit)
        return data.split(b"\n", 1)[0].split(b" ", 1)[1].decode()


def clean_temporary(objects: Path) -> list[str]:
    """Remove the temporary object files an interrupted write left (call under the lock)."""
    removed: list[str] = []
    try:
        names = [n for n in os.listdir(objects) if n.startswith(TEMP_PREFIX)]
    except FileNotFoundError:
        return removed
    for name in names:
        try:
            os.unlink(objects / name)
            removed.append(name)
        except FileNotFoundError:
            pass
    return removed


def commit_object(tree: str, parent: str | None, author: Identity, committer: Identity,
                  when: dt.datetime, message: str) -> bytes:
    """A commit object's bytes, exactly as ``git commit`` writes them (unsigned)."""
    stamp = git_time(when)
    lines = [f"tree {tree}"]
    if parent:
        lines.append(f"parent {parent}")
    lines.append(f"author {author} {stamp}")
    lines.append(f"committer {committer} {stamp}")
    text = "\n".join(lines) + "\n\n" + message.rstrip("\n") + "\n"
    return text.encode("utf-8")


def git_time(when: dt.datetime) -> str:
    """``when`` as git stamps it: seconds since the epoch and the UTC offset."""
    if when.tzinfo is None:
        when = when.astimezone()
    offset = when.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{int(when.timestamp())} {sign}{minutes // 60:02d}{minutes % 60:02d}"


