"""An artifact's manifest: every file with its size and SHA-256, and one digest over them.

Issue 17's model of "is the file I hold the one the council approved", pure
(the hashing of real files is :mod:`store.artifacts.hashing`). The bytes of a
model never enter the store; its manifest does, and the manifest's digest is
what the owning party signs.

A file larger than the shard size (1 GiB by default, as OpenSSF Model
Signing does) is hashed in shards, so a 100 GB checkpoint's manifest stays
small and its shards hash in parallel; its entry lists the shard digests
instead of one digest of the whole file.

The canonical text is one JSON line per file, sorted by path, after a header
line naming the format and the shard size. JSON because a path may hold any
character but NUL, spaces and newlines included, and a line-oriented
``sha256sum`` layout could be made ambiguous by them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

FORMAT = "council-manifest/v1"
SHARD_SIZE = 1 << 30
_HEX = re.compile(r"[0-9a-f]{64}")


class ManifestError(ValueError):
    """A manifest's text is not a canonical manifest (the message names the line)."""


@dataclass(frozen=True)
class FileEntry:
    """One file of an artifact: its path (POSIX, relative), size and digest or shard digests."""

    path: str
    size: int
    sha256: str = ""
    shards: tuple[str, ...] = ()

    def line(self) -> str:
        value: object = self.sha256 if not self.shards else list(self.shards)
        return json.dumps([self.path, self.size, value], ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Manifest:
    """Every file of an artifact, sorted by path, hashed with one shard size."""

    files: tuple[FileEntry, ...]
    shard_size: int = SHARD_SIZE

    def __post_init__(self) -> None:
        object.__setattr__(self, "files", tuple(sorted(self.files, key=lambda f: f.path)))

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)

    def text(self) -> str:
        """The canonical text: what is stored, what the digest covers, what is signed."""
        header = json.dumps({"format": FORMAT, "shard_size": self.shard_size}, sort_keys=True,
                            separators=(",", ":"))
        return "".join(line + "\n" for line in [header, *(f.line() for f in self.files)])

    def digest(self) -> str:
        """``sha256:`` and the SHA-256 of the canonical text."""
        return "sha256:" + hashlib.sha256(self.text().encode()).hexdigest()

    def by_path(self) -> dict[str, FileEntry]:
        return {f.path: f for f in self.files}


def shard_count(size: int, shard_size: int) -> int:
    """How many shards a file of ``size`` bytes is hashed in (0: hashed whole)."""
    return 0 if size <= shard_size else -(-size // shard_size)


def parse(text: str) -> Manifest:
    """Read a manifest's canonical text back; refuse anything that is not canonical."""
    lines = text.split("\n")
    if not lines or lines[-1] != "":
        raise ManifestError("a manifest ends with a newline")
    try:
        header = json.loads(lines[0])
        shard_size = int(header["shard_size"])
        if header != {"format": FORMAT, "shard_size": shard_size} or shard_size <= 0:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        raise ManifestError(f"line 1: expected the header {{\"format\":\"{FORMAT}\",\"shard_size\":N}}") from None
    files = [_entry(number, line, shard_size) for number, line in enumerate(lines[1:-1], start=2)]
    manifest = Manifest(tuple(files), shard_size)
    if manifest.text() != text:
        raise ManifestError("the files are not in canonical form (one per line, sorted by path, no duplicates)")
    if len(manifest.by_path()) != len(files):
        raise ManifestError("a path is listed twice")
    return manifest


def _entry(number: int, line: str, shard_size: int) -> FileEntry:
    try:
        path, size, value = json.loads(line)
    except (ValueError, TypeError):
        raise ManifestError(f"line {number}: expected [path, size, sha256 or [shard sha256s]]") from None
    if not isinstance(path, str) or not safe_path(path):
        raise ManifestError(f"line {number}: expected a relative path inside the artifact, got {path!r}")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ManifestError(f"line {number}: expected a size in bytes, got {size!r}")
    shards = shard_count(size, shard_size)
    if shards == 0 and isinstance(value, str) and _HEX.fullmatch(value):
        return FileEntry(path, size, sha256=value)
    if shards and isinstance(value, list) and len(value) == shards and all(
            isinstance(v, str) and _HEX.fullmatch(v) for v in value):
        return FileEntry(path, size, shards=tuple(value))
    want = "one lowercase SHA-256" if shards == 0 else f"{shards} shard SHA-256s"
    raise ManifestError(f"line {number}: {path}: expected {want} for {size} bytes")


def safe_path(path: str) -> bool:
    """A relative POSIX path with no empty, '.' or '..' part, no NUL or backslash."""
    parts = path.split("/")
    return bool(path) and "\0" not in path and "\\" not in path and all(p not in ("", ".", "..") for p in parts)


@dataclass(frozen=True)
class Finding:
    """One way the files at hand differ from the manifest: missing, extra or changed."""

    kind: str  # "missing", "extra", "changed", "irregular"
    path: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.kind}: {self.path}" + (f" ({self.detail})" if self.detail else "")


def compare(expected: Manifest, actual: Manifest, irregular: Iterable[str] = ()) -> list[Finding]:
    """Every difference between the approved manifest and the files hashed now, sorted by path."""
    want, have = expected.by_path(), actual.by_path()
    found = [Finding("irregular", p, "not a regular file: only regular files are hashed") for p in irregular]
    for path in sorted(want.keys() | have.keys()):
        if path not in have:
            found.append(Finding("missing", path, f"{want[path].size} bytes expected"))
        elif path not in want:
            found.append(Finding("extra", path, f"{have[path].size} bytes, not in the manifest"))
        elif want[path] != have[path]:
            found.append(Finding("changed", path, _how_changed(want[path], have[path])))
    return sorted(found, key=lambda f: (f.path, f.kind))


def _how_changed(want: FileEntry, have: FileEntry) -> str:
    if want.size != have.size:
        return f"{have.size} bytes, expected {want.size}"
    if want.shards:
        bad = [str(i + 1) for i, (a, b) in enumerate(zip(want.shards, have.shards)) if a != b]
        return f"content differs in shard {', '.join(bad)} of {len(want.shards)}"
    return "same size, different content"
