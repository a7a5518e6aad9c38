"""Incremental exports: skip work whose inputs have not changed since the last one.

Two caches live in the store's ``.council/export-cache/`` (ignored by git,
never published, as local as the SQLite index):

- ``records-<code>.frames.pickle``: parsed records by git blob id.  A blob id names
  a file's exact bytes, so a cached parse stays valid while the parser is the
  same; ``<code>`` fingerprints the parser's source, so a new parser starts
  a new cache.
- ``pages-<out>.json``: for one output directory, each per-record page's key,
  the SHA-256 of the file written for it and the file's stamp (size, mtime,
  ctime, inode).  A page whose key is unchanged and whose file still has that
  stamp is not rendered, written or read again.  As git does for its index,
  a stamp is trusted only if the file's mtime is older than the cache file
  (by a second, for coarse clocks): a file edited in the same tick as it was
  written is read and hashed again ("racily clean").  An edit by hand changes
  the ctime (and a rename over it the inode) whatever it does to the mtime,
  so it is noticed and the page is written again.

The output never depends on the caches: deleting the folder gives the same
bytes, only slower.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from council.records import Record
from exports import fmt, picklelog
from exports.pages import page_key
from exports.view import Shown, View

if TYPE_CHECKING:
    from exports.outdir import OutDir

CACHE_DIR = "export-cache"
# council/records.py became the council/records/ package: a missing path fingerprinted as empty, so
# the parser's cache outlived changes to the kinds.  Each module of the package is named now.
PARSER_SOURCES = ("council/records/*.py", "council/fileformat.py", "council/record_ids.py")
# What a redaction or page reads besides exports/: the markdown, the tally and the rule of what is sealed.
RENDERER_SOURCES = ("council/markdown.py", "council/rules.py", "council/sealed_fields.py", "council/trends.py")
RACY_NS = 1_000_000_000  # a file whose mtime is this close to the cache's is hashed, not trusted by stamp


@functools.cache
def code_fingerprint(kind: str) -> str:
    """SHA-256 of the source a cache depends on: the parser, or the renderers."""
    root = Path(__file__).resolve().parents[1]
    patterns = PARSER_SOURCES if kind == "parser" else (*RENDERER_SOURCES, "exports/*.py")
    files = [p.relative_to(root).as_posix() for pattern in patterns for p in sorted(root.glob(pattern))]
    digest = hashlib.sha256()
    for rel in files:
        path = root / rel
        digest.update(rel.encode() + b"\0" + (path.read_bytes() if path.exists() else b"") + b"\0")
    return digest.hexdigest()[:16]


class RecordCache:
    """Parsed records by blob id, for one version of the parser (a file of frames: exports.picklelog)."""

    def __init__(self, meta_dir: Path | None) -> None:
        # ".frames": a file an earlier Council wrote whole (one pickled dict) is never read as frames,
        # nor this one by it; each version deletes the other's as a stale parser's.
        self.path = meta_dir / CACHE_DIR / f"records-{code_fingerprint('parser')}.frames.pickle" if meta_dir else None
        self.loaded = picklelog.load(self.path, "records") if self.path else picklelog.Loaded()
        self.records: dict[str, Record] = self.loaded.entries
        self.added: dict[str, Record] = {}

    def get(self, blob: str) -> Record | None:
        return self.records.get(blob)

    def put(self, blob: str, record: Record) -> None:
        self.records[blob] = record
        self.added[blob] = record

    def save(self, keep: set[str]) -> None:
        """Write the cache back: what this export parsed afresh, and only the blobs of this
        export once the file holds too many others (exports.picklelog)."""
        if not self.path:
            return
        if not self.loaded.frames:  # a new cache: the parser changed, so the old one's parses are no use
            for stale in self.path.parent.glob("records-*.pickle"):
                if stale != self.path:
                    stale.unlink()
        picklelog.save(self.path, "records", self.loaded, self.added, keep)
        self.added = {}


class PageCache:
    """Keys and file stamps of the per-record pages written into one output directory."""

    def __init__(self, meta_dir: Path, out: "OutDir", enabled: bool) -> None:
        name = hashlib.sha256(str(out.root).encode()).hexdigest()[:16]
        self.path = meta_dir / CACHE_DIR / f"pages-{name}.json"
        self.out = out
        self.enabled = enabled
        self.entries: dict[str, list[Any]] = {}
        self.fresh: dict[str, list[Any]] = {}
        self.saved_ns = 0  # when the cache file was written: stamps from that tick on are racy
        if enabled and self.path.exists():
            try:
                data = json.loads(self.path.read_text())
                if data.get("code") == code_fingerprint("renderer"):
                    self.entries = data.get("pages", {})
                    self.saved_ns = os.stat(self.path).st_mtime_ns
            except (OSError, ValueError, AttributeError):
                self.entries = {}

    def hit(self, path: str, key: str) -> str | None:
        """The SHA-256 of the file kept from the last export, if the page is unchanged."""
        entry = self.entries.get(path)
        if not entry or entry[0] != key:
            return None
        stamp = self.out.stamp(path)
        if stamp is None:
            return None
        if stamp != entry[2:] or stamp[1] >= self.saved_ns - RACY_NS:
            # Changed, or too recent to judge by its stamp: read it (and take the new stamp if it is as written).
            if self.out.sha256(path) != entry[1]:
                return None
        self.fresh[path] = [key, entry[1], *stamp]
        return str(entry[1])

    def record(self, path: str, key: str, sha: str) -> None:
        self.fresh[path] = [key, sha, *(self.out.stamp(path) or [])]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"code": code_fingerprint("renderer"), "out": str(self.out.root), "pages": self.fresh}
        tmp = self.path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(data, sort_keys=True))
        os.replace(tmp, self.path)


def record_page_key(view: View, shown: Shown, fmt_name: str, layout: Any) -> str:
    """Everything a per-record page shows: the record, the shared layout, and the
    names and link targets of the records it refers to."""
    memo = f"page-key:{shown.id}"
    if memo not in view.memo:  # the same for every format: computed once
        refs = sorted(set(_deps(view, shown)))
        context = [(r, view.member_label(r), view.member_party(r), fmt.record_target(view, r, "")) for r in refs]
        taken = [(d.id, d.title) for d in view.decisions_at(shown.id)] if shown.kind == "meeting" else []
        # A kept redaction is named by what it is a function of, not encoded whole again.
        content = view.tokens.get(id(shown)) or [shown.fields, shown.derived]
        view.memo[memo] = page_key(shown.kind, shown.id, content, context, taken, fmt.party_names(view))
    # The layout is one object for every page of a format: its repr is taken once, and the
    # three strings are hashed as they are (two keys a record, 16,400 at M: issue 18).
    # The memo holds the layout itself, so no other object can take its id while it lives.
    shared = f"page-layout:{fmt_name}:{id(layout)}"
    if shared not in view.memo:
        view.memo[shared] = (layout, repr(layout))
    return hashlib.sha256(f"{fmt_name}\0{view.memo[shared][1]}\0{view.memo[memo]}".encode()).hexdigest()


def _deps(view: View, shown: Shown) -> list[str]:
    """IDs of the records a page links to or names."""
    out: list[str] = []
    for name, ref in fmt.REFS.items():
        if ref.kind != "party" and shown.visible(name):
            out += [str(v) for v in fmt.each(shown.fields[name]) if v]
    for name in ("attendance", "votes"):
        if shown.visible(name):
            out += list(shown.fields[name])
            out += [s.split(":", 1)[1] for s in shown.fields[name].values() if str(s).startswith("proxy:")]
    for name, key in (("agenda", "refs"), ("actions", "owner")):
        if shown.visible(name):
            for item in shown.fields[name]:
                out += [str(v) for v in fmt.each(item.get(key) or [])]
    return out
