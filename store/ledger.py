"""The git ledger: writing one commit whose cost depends on the change, not the store.

A commit is made from objects written directly: the changed blobs, the trees
along the changed paths only, and the commit.  The branch then moves by
compare-and-swap under git's own ref lock (what ``git update-ref NEW OLD``
does, done in process so that no child outlives a crash), so a commit lands
only if nobody moved the branch while the change was prepared.  Objects are
read with gitdb (GitPython's pure-Python object database: loose objects and
packs, no subprocess) and written as fsynced loose objects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from bisect import bisect_left, insort
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

from council import settings
from council.errors import Conflict, StoreError
from store import faults

BRANCH = "refs/heads/main"
FILE_MODE = b"100644"
TREE_MODE = b"40000"
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
TREE_CACHE_SIZE = 64  # parsed trees kept between writes (the few along recent write paths)
TEMP_PREFIX = "tmp_obj_council_"  # half-written objects: <objects>/tmp_obj_council_<pid>_<sha>


@dataclass(frozen=True)
class Identity:
    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


def git(cwd: Path, *args: str, input: bytes | None = None, check: bool = True) -> bytes:
    """Run git in ``cwd`` with a fixed environment; raise StoreError on failure."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    proc = subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, env=env)
    if check and proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip()
        raise StoreError(f"git {args[0]} failed in {cwd}: {msg}")
    return proc.stdout


def init_repo(path: Path) -> None:
    """Make ``path`` a git repository set up for a store."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    for key, value in (("core.fsync", "all"), ("core.splitIndex", "true"),
                       ("index.version", "4"), ("gc.auto", "0"),
                       ("core.quotePath", "false"), ("receive.denyCurrentBranch", "updateInstead")):
        git(path, "config", key, value)


class ObjectStore:
    """Reads and writes git objects of one repository, in process."""

    def __init__(self, git_dir: Path) -> None:
        self.objects = git_dir / "objects"
        self._db = None
        # Parsed trees written or read by build_tree, by sha (content-addressed, so
        # an entry can never go stale); taken out while a write rebuilds one.
        self._trees: dict[str, _Tree] = {}

    def take_tree(self, sha: str) -> "_Tree":
        """The tree ``sha`` to modify: the cached parse, handed over, or a fresh parse."""
        tree = self._trees.pop(sha, None)
        return tree if tree is not None else _Tree.parse(self.read(sha)[1])

    def keep_tree(self, sha: str, tree: "_Tree") -> None:
        if len(self._trees) >= TREE_CACHE_SIZE:
            self._trees.pop(next(iter(self._trees)))
        self._trees[sha] = tree

    @property
    def db(self):
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
                faults.point("object.partial")
                fh.write(packed[len(packed) // 2:])
                fh.flush()
                os.fsync(fh.fileno())
            folder.mkdir(exist_ok=True)
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"cannot write to the store's git objects in {self.objects}: "
                             f"{exc.strerror or exc}; nothing was committed") from None
        faults.point("object.written")
        return sha


def clean_temporary(objects: Path) -> list[str]:
    """Remove the temporary object files an interrupted write left (call under the lock)."""
    removed = []
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


def parse_tree(data: bytes) -> dict[str, tuple[bytes, str]]:
    """A tree object's entries: name -> (mode, sha)."""
    entries: dict[str, tuple[bytes, str]] = {}
    i = 0
    while i < len(data):
        space = data.index(b" ", i)
        nul = data.index(b"\0", space)
        mode, name = data[i:space], data[space + 1:nul].decode("utf-8", "surrogateescape")
        entries[name] = (mode, data[nul + 1:nul + 21].hex())
        i = nul + 21
    return entries


def serialise_tree(entries: dict[str, tuple[bytes, str]]) -> bytes:
    # git sorts entries by name, comparing a tree's name as if it ended in "/".
    def key(item: tuple[str, tuple[bytes, str]]) -> bytes:
        name, (mode, _) = item
        raw = name.encode("utf-8", "surrogateescape")
        return raw + b"/" if mode == TREE_MODE else raw

    out = bytearray()
    for name, (mode, sha) in sorted(entries.items(), key=key):
        out += mode + b" " + name.encode("utf-8", "surrogateescape") + b"\0" + bytes.fromhex(sha)
    return bytes(out)


class _Tree:
    """A tree being rebuilt: entries by name, and the encoded entries in git's order.

    Changing one entry of a large tree (``decisions/<year>/`` holds thousands)
    costs a bisect and one join, not a re-parse and a sort.
    """

    __slots__ = ("entries", "keys", "encoded")

    def __init__(self) -> None:
        self.entries: dict[str, tuple[bytes, str]] = {}
        self.keys: list[bytes] = []  # git's sort keys, sorted
        self.encoded: dict[bytes, bytes] = {}  # sort key -> the entry's bytes

    @classmethod
    def parse(cls, data: bytes) -> "_Tree":
        tree = cls()
        entries, keys, encoded = tree.entries, tree.keys, tree.encoded
        i, n = 0, len(data)
        while i < n:
            space = data.index(b" ", i)
            nul = data.index(b"\0", space)
            mode, raw = data[i:space], data[space + 1:nul]
            entries[raw.decode("utf-8", "surrogateescape")] = (mode, data[nul + 1:nul + 21].hex())
            key = raw + b"/" if mode == TREE_MODE else raw
            keys.append(key)
            encoded[key] = data[i:nul + 21]
            i = nul + 21
        keys.sort()  # git's order already; sorting a sorted list is linear
        return tree

    @staticmethod
    def _key(name: str, mode: bytes) -> bytes:
        raw = name.encode("utf-8", "surrogateescape")
        return raw + b"/" if mode == TREE_MODE else raw

    def get(self, name: str) -> tuple[bytes, str] | None:
        return self.entries.get(name)

    def remove(self, name: str) -> None:
        old = self.entries.pop(name, None)
        if old is None:
            return
        key = self._key(name, old[0])
        del self.keys[bisect_left(self.keys, key)]
        del self.encoded[key]

    def set(self, name: str, mode: bytes, sha: str) -> None:
        old = self.entries.get(name)
        if old is not None and old[0] != mode:
            self.remove(name)
            old = None
        key = self._key(name, mode)
        if old is None:
            insort(self.keys, key)
        self.entries[name] = (mode, sha)
        self.encoded[key] = mode + b" " + name.encode("utf-8", "surrogateescape") + b"\0" + bytes.fromhex(sha)

    def serialise(self) -> bytes:
        return b"".join(map(self.encoded.__getitem__, self.keys))


def build_tree(objects: ObjectStore, base_tree: str | None, changes: dict[str, bytes | None]) -> str:
    """The tree after applying ``changes`` (path -> content, None to delete).

    Only the trees along changed paths are read and rewritten; the parsed
    trees are kept in ``objects`` for the next write.
    """
    grouped: dict[str, dict[str, bytes | None]] = {}
    files: dict[str, bytes | None] = {}
    for path, content in changes.items():
        head, _, rest = path.partition("/")
        if rest:
            grouped.setdefault(head, {})[rest] = content
        else:
            files[head] = content
    tree = objects.take_tree(base_tree) if base_tree else _Tree()
    for name, content in files.items():
        if content is None:
            tree.remove(name)
        else:
            tree.set(name, FILE_MODE, objects.write("blob", content))
    for name, sub in grouped.items():
        old = tree.get(name)
        sub_base = old[1] if old and old[0] == TREE_MODE else None
        sha = build_tree(objects, sub_base, sub)
        if sha == EMPTY_TREE:
            tree.remove(name)
        else:
            tree.set(name, TREE_MODE, sha)
    sha = objects.write("tree", tree.serialise())
    objects.keep_tree(sha, tree)
    return sha


def blob_at(objects: ObjectStore, tree: str | None, path: str) -> str | None:
    """The blob sha at ``path`` in ``tree``, or None."""
    sha = tree
    for part in path.split("/"):
        if sha is None:
            return None
        entry = parse_tree(objects.read(sha)[1]).get(part)
        sha = entry[1] if entry else None
    return sha


def commit_object(tree: str, parent: str | None, author: Identity, committer: Identity,
                  when: dt.datetime, message: str) -> bytes:
    stamp = _git_time(when)
    lines = [f"tree {tree}"]
    if parent:
        lines.append(f"parent {parent}")
    lines.append(f"author {author} {stamp}")
    lines.append(f"committer {committer} {stamp}")
    text = "\n".join(lines) + "\n\n" + message.rstrip("\n") + "\n"
    return text.encode("utf-8")


def _git_time(when: dt.datetime) -> str:
    if when.tzinfo is None:
        when = when.astimezone()
    offset = when.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{int(when.timestamp())} {sign}{minutes // 60:02d}{minutes % 60:02d}"


def read_head(git_dir: Path) -> str | None:
    """The main branch's commit, read from the ref files (no subprocess)."""
    loose = git_dir / "refs" / "heads" / "main"
    try:
        value = loose.read_text().strip()
        if value:
            return value
    except FileNotFoundError:
        pass
    packed = git_dir / "packed-refs"
    if packed.exists():
        for line in packed.read_text().splitlines():
            if line.endswith(" " + BRANCH):
                return line.split(" ", 1)[0]
    return None


def move_branch(work: Path, new: str, old: str | None, reason: str, who: str | None = None) -> None:
    """Compare-and-swap the main branch from ``old`` to ``new``: the commit point.

    Done in process with git's own lock-file protocol (create
    ``refs/heads/main.lock`` exclusively, check the branch still points at
    ``old``, write, fsync, rename), so that no git child can outlive a crash
    of this process and move the branch after recovery has looked at it.
    The rename is the commit point.  Stores using git's reftable format go
    through ``git update-ref`` instead.
    """
    git_dir = work / ".git"
    if (git_dir / "reftable").is_dir():
        return _move_branch_with_git(work, new, old, reason)
    ref = git_dir / "refs" / "heads" / "main"
    lock = ref.with_name("main.lock")
    ref.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise Conflict("another git process is moving the branch (refs/heads/main.lock exists); "
                       "nothing was written: try again in a moment") from None
    except OSError as exc:
        raise StoreError(f"cannot lock the branch in {git_dir}: {exc.strerror or exc}; nothing was committed") from None
    try:
        current = read_head(git_dir)
        if current != old:
            raise Conflict(f"the store moved while this change was prepared (the branch is at "
                           f"{str(current)[:10]}, not {str(old)[:10]}); nothing was written")
        os.write(fd, (new + "\n").encode())
        os.fsync(fd)
        faults.point("ref.locked")
    except BaseException as exc:
        os.close(fd)
        lock.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise StoreError(f"cannot write the branch in {git_dir}: {exc.strerror or exc}; "
                             "nothing was committed") from None
        raise
    os.close(fd)
    os.replace(lock, ref)  # the commit point
    _fsync_dir(ref.parent)
    faults.point("ref.moved")
    _append_reflog(git_dir, old, new, reason, who)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename durable: an acknowledged commit survives a power cut.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _append_reflog(git_dir: Path, old: str | None, new: str, reason: str, who: str | None) -> None:
    """Log the move as ``git update-ref`` would; best effort (the branch has moved)."""
    if who is None:
        committer = settings.current().committer
        who = f"{committer[0]} <{committer[1]}>" if committer else "Council <council@localhost>"
    subject = reason.splitlines()[0][:200] if reason else "council"
    line = f"{old or '0' * 40} {new} {who} {_git_time(dt.datetime.now().astimezone())}\t{subject}\n"
    for log in (git_dir / "logs" / "refs" / "heads" / "main", git_dir / "logs" / "HEAD"):
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(line)
        except OSError:
            pass


def _move_branch_with_git(work: Path, new: str, old: str | None, reason: str) -> None:
    expected = old or "0" * 40
    env_reason = reason.splitlines()[0][:200]
    proc = subprocess.run(["git", "update-ref", "-m", env_reason, BRANCH, new, expected],
                          cwd=work, capture_output=True)
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip()
        if "lock" in msg or "but expected" in msg or "reference already exists" in msg:
            raise Conflict(f"the store moved while this change was prepared; nothing was written ({msg})")
        raise StoreError(f"could not move the branch: {msg}")
