"""`council export`: snapshot -> policy -> redaction -> renderers -> files + manifest.

Headless: progress is reported through a callback (the CLI draws it with
Rich), and every failure a user can cause is an :class:`ExportError`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from exports import render_csv, render_html, render_ics, render_json, render_md
from exports.cache import PageCache, RecordCache
from exports.commitments import load_key
from exports.gate import check_verified
from exports.options import ExportError, ExportOptions
from exports.outdir import MANIFEST, Folders, OutDir, about_to_write, previous_export, remember
from exports.pages import Page
from exports.policy import Policy
from exports.pseudonyms import Aliases
from exports.redact import build_view
from exports.redcache import RedactionCache, context_digest
from exports.render_json import Each
from exports.snapshot import Progress, Snapshot, read_snapshot, resolve
from exports.view import Report, View, WithheldItem

if TYPE_CHECKING:
    from store.service import Store

MANIFEST_SCHEMA = "council-export-manifest/1"
COMMITMENT_SCHEME = {
    "salt": "HMAC-SHA256(store export key, 'council-export-salt/1' || 0x00 || commit || 0x00 || item)",
    "commitment": "SHA-256(salt || item || 0x00 || value)",
    "value": "record: the record file's bytes at the commit; field: canonical JSON of the field's value",
}


@dataclass
class Result:
    """What an export wrote, for the summary line."""

    out: Path
    commit: str
    time: dt.datetime
    audience: str
    formats: tuple[str, ...]
    files: dict[str, str] = field(default_factory=dict)  # path -> sha256
    report: Report = field(default_factory=Report)
    notes: list[str] = field(default_factory=list)
    kept: int = 0  # per-record pages unchanged since the previous export, not rewritten

    def summary(self) -> str:
        return (f"Exported {len(self.files) + 1} files ({', '.join(self.formats)}) for the {self.audience} "
                f"as of {self.commit[:10]} ({self.time.isoformat()}) to {self.out}; {self.report.summary()}")


def pages_for(view: View, formats: tuple[str, ...]) -> list[Page]:
    makers: dict[str, Callable[[View], list[Page]]] = {
        "html": lambda v: render_html.pages(v, formats), "md": render_md.pages, "json": render_json.pages,
        "csv": render_csv.pages, "ics": render_ics.pages,
    }
    return [page for fmt in formats for page in makers[fmt](view)]


def open_for_reader(store: "Store", snapshot: Snapshot) -> frozenset[str]:
    """Sealed records the operator's key opens whole are judged by the policy on their text;
    the others keep their sealed fields withheld (exports.redact).  Returns the blobs of every
    record that held a seal, opened or not: their redactions are never cached."""
    sealed = frozenset(s.blob for kind in snapshot.sources for s in snapshot.of(kind)
                       if getattr(s.record, "sealed", None))
    if not sealed:
        return sealed
    from store.sealed import can_read, opened  # deferred: only a store with sealed records needs age

    for kind, sources in snapshot.sources.items():
        snapshot.sources[kind] = [dataclasses.replace(s, record=opened(store, s.record))
                                  if s.record.sealed and can_read(store, s.record) else s for s in sources]
    return sealed


def export(store: "Store", options: ExportOptions, progress: Progress | None = None) -> Result:
    """Export the store as of ``options.as_of`` for ``options.audience`` into ``options.out``."""
    out = Path(options.out).expanduser().resolve()
    outdir = OutDir(out)
    try:
        return _export(store, options, outdir, progress)
    finally:
        outdir.close()
        gc.unfreeze()


def _export(store: "Store", options: ExportOptions, outdir: OutDir, progress: Progress | None) -> Result:
    out = outdir.root
    previous = check_out_dir(outdir, store.root, store.meta_dir, options.force)
    commit = resolve(store.root, options.as_of)
    verified = check_verified(store, commit, options.unverified)
    # Reading and redacting build the view, which lives until the end, of records, dicts and
    # lists that hold no cycles: the collector would look through all of it at each full
    # collection its growth sets off, and again as the pages are rendered (30 of them, 7.5 of
    # 36 s CPU after one change at L, issue 18). Off while it is built, then it is frozen.
    gc.disable()
    try:
        view = read_view(store, commit, options.audience, progress)
    finally:
        gc.enable()
    gc.freeze()
    result = Result(out, view.commit, view.time, options.audience, options.formats, report=view.report,
                    notes=list(view.notes))
    if not verified:
        result.notes.append(f"published {commit[:10]} although it fails `council verify` (--unverified); "
                            "the manifest says so")
    pages = pages_for(view, options.formats)
    check_targets(outdir, [page.path for page in pages] + [MANIFEST], previous)
    about_to_write(store.meta_dir, out, [page.path for page in pages])
    out.mkdir(parents=True, exist_ok=True)
    # Pages kept from the previous export are only trusted if that export's manifest is.
    cache = PageCache(store.meta_dir, outdir, enabled=previous is not None)
    write_pages(outdir, pages, cache, result, progress)
    cache.save()
    result.notes += _remove_stale(outdir, previous or {}, set(result.files))
    data = render_json.chunks(manifest(view, options, result.files, verified), depth=2)
    remember(store.meta_dir, out, outdir.write(MANIFEST, data))
    return result


def read_view(store: "Store", commit: str, audience: str, progress: Progress | None) -> View:
    """The filtered view of the store at ``commit``.  The snapshot (every record parsed, and its
    file's bytes) is dropped on return: at 100,000 decisions it is gigabytes the pages never read."""
    snapshot = _read(store, commit, progress)
    sealed = open_for_reader(store, snapshot)
    policy = Policy.from_charter(snapshot.charter, audience)

    def redactions(aliases: Aliases) -> RedactionCache:
        return RedactionCache(store.meta_dir, context_digest(policy, aliases), policy.audience)

    return build_view(snapshot, policy, load_key(store.meta_dir), progress, redactions, sealed, consume=True)


def _read(store: "Store", commit: str, progress: Progress | None) -> Snapshot:
    """The snapshot, its parses taken from and saved to the record cache, which is let go here."""
    records = RecordCache(store.meta_dir)
    snapshot = read_snapshot(store.root, commit, progress, records)
    records.save({s.blob for kind in snapshot.sources for s in snapshot.of(kind)})
    return snapshot


def write_pages(outdir: OutDir, pages: list[Page], cache: PageCache, result: Result,
                progress: Progress | None) -> None:
    """Render and write every page, keeping per-record pages unchanged since the last export."""
    for i, page in enumerate(pages, 1):
        key = page.key() if page.key else None
        kept = cache.hit(page.path, key) if key else None
        if kept:
            result.files[page.path] = kept
            result.kept += 1
        else:
            result.files[page.path] = outdir.write(page.path, page.render())
            if key:
                cache.record(page.path, key, result.files[page.path])
        if progress and (i % 100 == 0 or i == len(pages)):
            progress("write", i, len(pages))


def check_out_dir(outdir: OutDir, store_root: Path, meta_dir: Path, force: bool) -> dict[str, str] | None:
    """Refuse an unusable output directory; return what a previous export (verified) wrote there."""
    out, root = outdir.root, store_root.resolve()
    if out == root or root in out.parents:
        raise ExportError(f"--out {out} is inside the store; choose a directory outside {root}")
    if out.exists() and not out.is_dir():
        raise ExportError(f"--out {out} exists and is not a directory")
    if not out.exists() or not any(out.iterdir()):
        return None
    if not force:
        raise ExportError(f"--out {out} is not empty; choose an empty directory, "
                          "or pass --force to replace the export there")
    return previous_export(meta_dir, outdir)


def check_targets(outdir: OutDir, targets: list[str], previous: dict[str, str] | None) -> None:
    """Before anything is written: no target behind a symlink, none that another hand wrote."""
    ours = set(previous or {}) | ({MANIFEST} if previous is not None else set())
    folders: Folders = {}
    for rel in targets:
        problem, there = outdir.look(rel, folders)
        if problem:
            raise ExportError(f"--out: {problem}; nothing was written")
        if there and rel not in ours:
            raise ExportError(f"--out {outdir.root} already holds {rel}, which no previous export there "
                              "wrote; an export never overwrites a file it did not write. Move it, or "
                              "choose another directory; nothing was written")


def _remove_stale(outdir: OutDir, previous: dict[str, str], current: set[str]) -> list[str]:
    """Delete what the previous export wrote and this one did not, if still as written; leave the rest."""
    removed, changed = 0, 0
    for rel in sorted(set(previous) - current - {MANIFEST}):
        if not outdir.exists(rel) or not previous[rel]:
            continue  # gone, or begun by an export cut short: never deleted unseen
        if outdir.sha256(rel) != previous[rel]:
            changed += 1  # edited since the export wrote it: no longer only ours to delete
        elif outdir.unlink(rel):
            removed += 1
    others = sum(1 for p in outdir.files() if p not in current and p != MANIFEST)
    notes = [f"removed {removed} files of the previous export that this one no longer has"] if removed else []
    if changed:
        notes.append(f"{changed} files of the previous export were changed since it was written and were kept")
    if others:
        notes.append(f"{others} files in {outdir.root} were not written by this export and were left in place")
    return notes


def manifest(view: View, options: ExportOptions, files: dict[str, str], verified: bool = True) -> dict:
    """The source commit, the export time (the commit's), every file's SHA-256, and the redactions."""
    stamp = view.time.isoformat()
    unparsed = [{"id": _stem(path), "path": path, "status": "unparsable"} for path, _blob in sorted(view.unparsed)]
    return {
        "schema": MANIFEST_SCHEMA,
        "source": {"commit": view.commit, "committed_at": stamp, "root_commit": view.root_commit},
        "export_time": stamp,
        "audience": options.audience,
        "policy": view.policy.describe(),
        "formats": list(options.formats),
        "files": Each(sorted(files), lambda p: {"path": p, "sha256": files[p]}),
        # Whether the source commit passed `council verify` (false only with --unverified).
        "verified": verified,
        "records": Each([*view.all(), *unparsed], lambda s: s if isinstance(s, dict) else _traced(s)),
        "redactions": {**view.report.as_dict(), "scheme": COMMITMENT_SCHEME,
                       "items": Each(view.report.items, WithheldItem.as_dict)},
    }


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".md")


def _traced(shown) -> dict:
    entry = {"id": shown.id, "path": shown.path, "status": shown.status}
    if shown.status == "published":
        entry["blob"] = shown.blob  # git's blob id: only for records published whole (nothing to guess)
    return entry
