"""The output directory, written without ever following a link out of it.

Rules (issue 12, "the output directory"):

- Nothing is read or written through a symlink inside ``--out``: every
  folder on the way to a file is opened relative to its parent with
  ``O_NOFOLLOW``, and a file is written to a fresh temporary name and
  renamed over its target, so a symlink (or a hard link to a file elsewhere)
  at the target is replaced, never written through.  Before anything is
  written, every target path is checked, so a refusal leaves the directory
  as it was.
- A previous export's ``manifest.json`` is trusted only if it is the very
  file this store wrote there: the store remembers the SHA-256 of each
  manifest it writes (``.council/export-outputs/``, never published).  Only
  the files a trusted manifest lists may be replaced or deleted; a file it
  lists is deleted only while it still has the listed SHA-256.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from exports.options import ExportError

MANIFEST = "manifest.json"
RECORD_DIR = "export-outputs"
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
Folders = dict[str, dict[str, os.DirEntry[str]] | None]  # real folders found, each with its listing once read


def safe_rel(rel: str) -> bool:
    """Is ``rel`` a plain relative POSIX path (no '..', '.', empty part, backslash or NUL)?"""
    parts = rel.split("/")
    return bool(rel) and "\\" not in rel and "\0" not in rel and all(p not in ("", ".", "..") for p in parts)


class OutDir:
    """One output directory: reads, writes and deletes that never follow a symlink."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._serial = 0
        # Folders opened once for the writes of one export (each link by link, never through a
        # symlink): 16,000 pages in a few folders opened each folder 16,000 times (issue 18).
        # A descriptor keeps naming the folder it opened, whatever is renamed over its path.
        self._folders: dict[tuple[str, ...], int] = {}

    def close(self) -> None:
        """Let go of the folders held open for writing."""
        for fd in self._folders.values():
            os.close(fd)
        self._folders.clear()

    # --- looking ------------------------------------------------------------

    def look(self, rel: str, folders: Folders) -> tuple[str | None, bool]:
        """Why ``rel`` cannot be written safely (a symlink on the way, a folder in the way) or None,
        and whether anything is there now.

        ``folders`` (one dict for the checks of one export) holds the folders already found
        to be real folders, each with its listing once read: 16,000 pages in a few folders
        look at each folder once, not at each page's file twice (issue 18)."""
        path = str(self.root)
        parts = rel.split("/")
        for part in parts[:-1]:
            path = os.path.join(path, part)
            if path in folders:
                continue
            try:
                mode = os.lstat(path).st_mode  # one look: a link is never followed to judge it
            except FileNotFoundError:
                return None, False  # the rest will be created
            if stat.S_ISLNK(mode):
                return f"{path} is a symbolic link; an export never writes through one", True
            if not stat.S_ISDIR(mode):
                return f"{path} is in the way: a folder is needed there", True
            folders[path] = None
        listing = folders.get(path)
        if listing is None:
            try:
                with os.scandir(path) as found:
                    listing = folders[path] = {entry.name: entry for entry in found}
            except FileNotFoundError:
                return None, False
        entry = listing.get(parts[-1])
        target = os.path.join(path, parts[-1])
        if entry is None:
            return None, False
        if entry.is_symlink():  # from the listing's file type: nothing is followed
            return f"{target} is a symbolic link; an export never writes through one", True
        if not entry.is_file(follow_symlinks=False):
            return f"{target} is in the way: it is not a regular file", True
        return None, True

    def exists(self, rel: str) -> bool:
        return os.path.lexists(self.root / rel)

    def sha256(self, rel: str) -> str | None:
        """The SHA-256 of a regular file at ``rel`` (None if absent, a link or unreadable)."""
        data = self.read(rel)
        return hashlib.sha256(data).hexdigest() if data is not None else None

    def stamp(self, rel: str) -> list[int] | None:
        """Size, mtime, ctime (ns) and inode of the regular file at ``rel`` (None if absent or a link):
        what git's index compares to tell a file changed since it was written, without reading it."""
        try:
            st = os.lstat(os.path.join(self.root, rel))  # no pathlib: once per kept page
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino] if _regular(st.st_mode) else None

    def read(self, rel: str) -> bytes | None:
        parts = rel.split("/")
        try:
            fd = self._open_dir(parts[:-1], create=False)
        except (OSError, ExportError):
            return None
        try:
            ffd = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW, dir_fd=fd)
        except OSError:
            return None
        finally:
            os.close(fd)
        with os.fdopen(ffd, "rb") as fh:
            if not _regular(os.fstat(fh.fileno()).st_mode):
                return None
            return fh.read()

    def files(self) -> list[str]:
        """Every file (and symlink) under the directory, relative, without following links."""
        found, top = [], len(str(self.root)) + 1
        for folder, _dirs, names in os.walk(self.root):  # os.walk does not descend into linked folders
            rel = folder[top:].replace(os.sep, "/")
            found += [f"{rel}/{name}" if rel else name for name in names]
        return found

    # --- changing -----------------------------------------------------------

    def write(self, rel: str, data: bytes | Iterable[bytes]) -> str:
        """Write ``data`` at ``rel`` (atomically, by rename); return its SHA-256.

        ``data`` may come in pieces: a whole-store page (council.json, the manifest) is
        written as it is encoded, never held whole in memory."""
        parts = rel.split("/")
        digest = hashlib.sha256()
        fd = self._folder(tuple(parts[:-1]))
        self._serial += 1
        tmp = f".{parts[-1]}.{os.getpid()}-{self._serial}.tmp"
        ffd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=fd)
        try:
            with os.fdopen(ffd, "wb") as fh:
                for piece in [data] if isinstance(data, bytes) else data:
                    fh.write(piece)
                    digest.update(piece)
        except BaseException:
            os.unlink(tmp, dir_fd=fd)  # a page that failed to render leaves no half-written file
            raise
        os.replace(tmp, parts[-1], src_dir_fd=fd, dst_dir_fd=fd)
        return digest.hexdigest()

    def _folder(self, parts: tuple[str, ...]) -> int:
        fd = self._folders.get(parts)
        if fd is None:
            fd = self._folders[parts] = self._open_dir(list(parts), create=True)
        return fd

    def unlink(self, rel: str) -> bool:
        parts = rel.split("/")
        try:
            fd = self._open_dir(parts[:-1], create=False)
        except (OSError, ExportError):
            return False
        try:
            os.unlink(parts[-1], dir_fd=fd)
            return True
        except OSError:
            return False
        finally:
            os.close(fd)

    def _open_dir(self, parts: list[str], create: bool) -> int:
        """A descriptor of the folder ``parts`` under the root, opened link by link with O_NOFOLLOW."""
        fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)
        for i, part in enumerate(parts):
            try:
                try:
                    nfd = os.open(part, _DIR_FLAGS, dir_fd=fd)
                except FileNotFoundError:
                    if not create:
                        raise
                    os.mkdir(part, 0o755, dir_fd=fd)
                    nfd = os.open(part, _DIR_FLAGS, dir_fd=fd)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                    where = self.root.joinpath(*parts[:i + 1])
                    raise ExportError(f"{where} is a symbolic link or not a folder; "
                                      "an export never writes through one") from None
                raise
            os.close(fd)
            fd = nfd
        return fd


def _regular(mode: int) -> bool:
    return stat.S_ISREG(mode)


# --- what a previous export wrote -------------------------------------------------


def _record_path(meta_dir: Path, out: Path) -> Path:
    return meta_dir / RECORD_DIR / (hashlib.sha256(str(out).encode()).hexdigest()[:16] + ".json")


def _load_record(meta_dir: Path, out: Path) -> dict:
    try:
        data = json.loads(_record_path(meta_dir, out).read_text("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _save_record(meta_dir: Path, out: Path, record: dict) -> None:
    path = _record_path(meta_dir, out)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps({"out": str(out), **record}, sort_keys=True))
    os.replace(tmp, path)


def about_to_write(meta_dir: Path, out: Path, targets: list[str]) -> None:
    """Note the files an export is about to write, so that one cut short is not a stranger's later."""
    record = _load_record(meta_dir, out)
    pending = sorted(set(record.get("pending") or []) | set(targets))
    _save_record(meta_dir, out, {"manifest_sha256": record.get("manifest_sha256"), "pending": pending})


def remember(meta_dir: Path, out: Path, manifest_sha: str) -> None:
    """Note that this store wrote the manifest with ``manifest_sha`` into ``out`` (and finished)."""
    _save_record(meta_dir, out, {"manifest_sha256": manifest_sha, "pending": []})


def previous_export(meta_dir: Path, outdir: OutDir) -> dict[str, str] | None:
    """The files (path -> SHA-256) the previous export into ``outdir`` wrote, from its manifest.

    None if the directory holds no manifest (and no export was cut short
    there).  An ExportError if it holds one that this store did not write
    there (forged, edited, or another store's): such a manifest cannot decide
    what is replaced or deleted.  Files an interrupted export had started to
    write are listed with an empty SHA-256: they may be replaced, never deleted.
    """
    record = _load_record(meta_dir, outdir.root)
    pending = {str(p): "" for p in record.get("pending") or [] if isinstance(p, str) and safe_rel(p)}
    if not outdir.exists(MANIFEST):
        return pending or None
    data = outdir.read(MANIFEST)
    recorded = record.get("manifest_sha256")
    if data is None or recorded is None or hashlib.sha256(data).hexdigest() != recorded:
        raise ExportError(f"{outdir.root / MANIFEST} was not written there by an export of this store, or was "
                          "changed since: it cannot decide what --force replaces or deletes. Empty the "
                          "directory (or choose another) and export again")
    try:
        listed = {str(e["path"]): str(e["sha256"]) for e in json.loads(data.decode("utf-8"))["files"]}
    except (ValueError, KeyError, TypeError) as exc:
        raise ExportError(f"{outdir.root / MANIFEST} does not list its files ({exc})") from None
    bad = sorted(p for p in listed if not safe_rel(p) or p == MANIFEST)
    if bad:
        raise ExportError(f"{outdir.root / MANIFEST} lists {bad[0]!r}, which is not a file inside the export")
    return {**pending, **listed}
