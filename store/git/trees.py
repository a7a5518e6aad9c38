"""Git trees: parsed, rebuilt along the changed paths only, listed and compared.

A write changes a few files of a store that may hold hundreds of thousands:
:func:`build_tree` reads and rewrites only the trees along the changed
paths, and keeps their parses for the next write.  :func:`ls_tree` and
:func:`diff_tree` ask git for a whole tree or the difference of two.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterator
from pathlib import Path

from store.git.commits import Changed, raw_changes
from store.git.objects import ObjectStore
from store.git.process import git

FILE_MODE = b"100644"
TREE_MODE = b"40000"
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


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


class Tree:
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
    def parse(cls, data: bytes) -> "Tree":
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
    tree = objects.take_tree(base_tree) if base_tree else Tree()
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


def ls_tree(root: Path, rev: str, folder: str = "", check: bool = False) -> Iterator[tuple[str, str]]:
    """(path, blob sha) of every file under ``folder`` (or the one file ``folder``) at ``rev``.

    An unknown ``rev`` lists nothing, unless ``check``: then it raises GitError.
    """
    args = ["ls-tree", "-r", "-z", rev]
    if folder:
        args += ["--", folder]
    for item in git(root, *args, check=check).split(b"\0"):
        if item:
            meta, path = item.split(b"\t", 1)
            yield path.decode("utf-8", "surrogateescape"), meta.split()[2].decode()


def names_in(root: Path, rev: str, folder: str) -> list[str]:
    """The names of the entries of ``folder`` at ``rev`` (none if it is not there)."""
    out = git(root, "ls-tree", "--name-only", "-z", f"{rev}:{folder}", check=False)
    return [n for n in out.decode("utf-8", "surrogateescape").split("\0") if n]


def diff_tree(root: Path, old: str | None, new: str, only: str | None = None) -> list[Changed]:
    """The files that differ from ``old`` (None: the empty tree) to ``new``, with their blobs."""
    args = ["diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", old or EMPTY_TREE, new, "--"]
    if only:
        args.append(only)
    return list(raw_changes(git(root, *args).decode("utf-8", "surrogateescape")))
