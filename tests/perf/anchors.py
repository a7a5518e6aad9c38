"""The anchors: the floor each figure competes with, measured on the same store in the same run.

- a write: ``git add`` + ``git commit`` of the same files with the same bytes;
- the TUI: a minimal Textual app (one ``Static``) to its first frame;
- the decision log: the page query the filter makes, run alone through the
  ``sqlite3`` module on the index file;
- ``council history ID``: ``git log -- PATH`` of that record's file;
- ``council show`` / ``list``: ``python -c 'import typer'``;
- ``verify --full`` and ``clone``: ``git fsck`` plus ``git log --raw --no-abbrev``;
- reindex and a full export: ``git ls-tree -r HEAD`` plus every record blob
  read through ``git cat-file --batch``.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from tests.perf.measure import Ran, Sample, add, checked, cpu_now, git

PROBE = Path(__file__).with_name("tui_probe.py")
RECORD_SUFFIXES = (".md", ".toml")  # what a record file is; the rest (.gitignore, keys) is not read


def git_commit(repo: Path, files: dict[str, bytes], message: str, env: dict[str, str]) -> Sample:
    """``git add`` of these files then ``git commit``, as two processes: CPU and wall of both."""
    for path, data in files.items():
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    added = checked(["git", "add", "--", *files], env, cwd=repo)
    committed = checked(["git", "commit", "-q", "-m", message], env, cwd=repo)
    return add(added.sample, committed.sample)


def anchor_repo(work: Path, target: Path) -> Path:
    """A plain git clone of the work copy where the write anchors commit (the store never sees them)."""
    git(work.parent, "clone", "-q", "--no-hardlinks", str(work), str(target))
    return target


def changed_files(work: Path, sha: str) -> dict[str, bytes]:
    """The files a commit added or changed, with their bytes in the work tree."""
    paths = git(work, "diff-tree", "--no-commit-id", "--name-only", "-r", "--diff-filter=AM", sha).split()
    return {p: (work / p).read_bytes() for p in paths}


def minimal_textual(env: dict[str, str]) -> tuple[Sample, Ran]:
    """A minimal Textual app to its first frame (``tui_probe.py --minimal``): CPU at the first frame."""
    ran = checked([sys.executable, str(PROBE), "--minimal"], env)
    data = last_json(ran.stdout)
    return Sample(data["first_frame"] - ran.started, data["cpu_first_frame"], ran.rss_mb), ran


def last_json(text: str) -> dict[str, Any]:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            loaded: dict[str, Any] = json.loads(line)
            return loaded
    return {}


class RawPage:
    """The page query a decision-log filter makes, captured from the index's engine, then run raw.

    ``capture`` records the statements one call of ``store.queries.decisions``
    sends to SQLite; ``run`` executes the one that fetches the page (the one
    with ``LIMIT``) through the ``sqlite3`` module on the same index file,
    with a connection held open as the running TUI holds its engine."""

    def __init__(self, index_file: Path) -> None:
        self.conn = sqlite3.connect(f"file:{index_file}?mode=ro", uri=True)

    def close(self) -> None:
        self.conn.close()

    @staticmethod
    def capture(engine: Any, call: Any) -> tuple[str, Any]:
        from sqlalchemy import event

        seen: list[tuple[str, Any]] = []

        def hook(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
            seen.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", hook)
        try:
            call()
        finally:
            event.remove(engine, "before_cursor_execute", hook)
        pages = [s for s in seen if "LIMIT" in s[0].upper()]
        if not pages:
            raise RuntimeError("the decision log made no page query (no LIMIT) to anchor on")
        return pages[-1]

    def run(self, statement: str, parameters: Any) -> Sample:
        c0, t0 = cpu_now(), time.perf_counter()
        self.conn.execute(statement, parameters).fetchall()
        return Sample(time.perf_counter() - t0, cpu_now() - c0)


def git_log_path(repo: Path, path: str, env: dict[str, str]) -> Sample:
    return checked(["git", "log", "--", path], env, cwd=repo).sample


def import_typer(env: dict[str, str]) -> Sample:
    return checked([sys.executable, "-c", "import typer"], env).sample


def fsck_and_log(repo: Path, env: dict[str, str]) -> Sample:
    """What git itself does to check and to read every commit of the store."""
    fsck = checked(["git", "fsck", "--no-progress"], env, cwd=repo)
    log = checked(["git", "log", "--raw", "--no-abbrev"], env, cwd=repo)
    return add(fsck.sample, log.sample)


def one_commit_log(repo: Path, env: dict[str, str]) -> Sample:
    """Reading what the newest commit changed (the least an incremental verify must do)."""
    return checked(["git", "log", "-1", "--raw", "--no-abbrev"], env, cwd=repo).sample


def tree_and_blobs(repo: Path, env: dict[str, str]) -> Sample:
    """``git ls-tree -r HEAD`` then every record blob through one ``git cat-file --batch``."""
    tree = checked(["git", "ls-tree", "-r", "HEAD"], env, cwd=repo)
    shas = [line.split()[2] for line in tree.stdout.splitlines()
            if line.split("\t", 1)[-1].endswith(RECORD_SUFFIXES) and " blob " in line]
    blobs = checked(["git", "cat-file", "--batch"], env, cwd=repo, stdin="\n".join(shas).encode() + b"\n")
    if len(blobs.stdout) < len(shas):
        raise RuntimeError("git cat-file --batch read less than one byte a blob")
    return add(tree.sample, blobs.sample)
