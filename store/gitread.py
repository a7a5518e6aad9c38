"""Reading files as they were at any commit, through one `git cat-file --batch`.

Used by verify, history and as-of views.  Always use it as a context manager
so that no `git cat-file` process outlives its use (the TUI runs for hours).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Iterator


class BatchReader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "BatchReader":
        self.proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=self.root,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc:
            assert self.proc.stdin and self.proc.stdout
            self.proc.stdin.close()
            self.proc.stdout.close()
            self.proc.wait()
            self.proc = None

    def get(self, spec: str) -> tuple[str, str, bytes] | None:
        """(sha, type, data) of ``spec`` (a sha or ``rev:path``), or None."""
        assert self.proc and self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(spec.encode("utf-8") + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            return None
        data = self.proc.stdout.read(int(header[2]))
        self.proc.stdout.read(1)
        return header[0].decode(), header[1].decode(), data

    def read(self, spec: str) -> bytes | None:
        """Contents of ``spec`` (a sha or ``rev:path``), or None if it does not exist."""
        found = self.get(spec)
        return found[2] if found else None


def ls_tree(root: Path, rev: str, folder: str = "") -> Iterator[tuple[str, str]]:
    """(path, blob sha) of every file under ``folder`` at ``rev``."""
    args = ["git", "ls-tree", "-r", "-z", rev]
    if folder:
        args += ["--", folder]
    out = subprocess.run(args, cwd=root, capture_output=True).stdout
    for item in out.split(b"\0"):
        if item:
            meta, path = item.split(b"\t", 1)
            yield path.decode("utf-8"), meta.split()[2].decode()


def commit_log(root: Path, rev: str = "HEAD", paths: list[str] | None = None,
               first_parent: bool = True, reverse: bool = False) -> list[dict]:
    """Commits with their message and changed paths, newest first unless ``reverse``."""
    args = ["git", "log", "--no-renames", "--name-status", "--format=%x1e%H %P%x1f%aI%x1f%an <%ae>%x1f%B%x1d"]
    if first_parent:
        args.append("--first-parent")
    if reverse:
        args.append("--reverse")
    args.append(rev)
    if paths:
        args += ["--", *paths]
    proc = subprocess.run(args, cwd=root, capture_output=True)
    out = proc.stdout.decode("utf-8", "replace")
    commits = []
    for chunk in out.split("\x1e")[1:]:
        head, _, rest = chunk.partition("\x1d")
        ids, date, author, message = head.split("\x1f", 3)
        shas = ids.split()
        changes = []
        for line in rest.strip("\n").splitlines():
            if "\t" in line:
                status, path = line.split("\t", 1)
                changes.append((status[0], path))
        commits.append({"commit": shas[0], "parents": shas[1:], "date": date, "author": author,
                        "message": message.rstrip("\n") + "\n", "changes": changes})
    return commits


def trailers(message: str) -> list[tuple[str, str]]:
    """The trailer block at the end of a commit message, in order."""
    block = message.rstrip("\n").split("\n\n")[-1]
    out = []
    for line in block.splitlines():
        key, sep, value = line.partition(": ")
        if not sep or " " in key:
            return []
        out.append((key, value))
    return out
