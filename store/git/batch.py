"""Reading git objects through ``git cat-file --batch``: one process, many objects.

:class:`BatchReader` answers one object at a time (``sha`` or ``rev:path``),
for readers that decide what to ask next from what they read (history,
verify, as-of views).  Always use it as a context manager so that no
``git cat-file`` process outlives its use (the TUI runs for hours).

:func:`read_objects` reads a list known in advance in one streamed run:
all requests are fed from a thread while the answers are read, so neither
side waits for a pipe round trip per object (at 10,000 records that is most
of an export or a reindex).
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Self

from store.git.process import GitError, environment

Object = tuple[str, str, bytes]  # (sha, type, data)


class BatchReader:
    """One ``git cat-file --batch`` process, asked one object at a time."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Self:
        self.proc = _start(self.root)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc:
            assert self.proc.stdin and self.proc.stdout
            self.proc.stdin.close()
            self.proc.stdout.close()
            self.proc.wait()
            self.proc = None

    def get(self, spec: str) -> Object | None:
        """(sha, type, data) of ``spec`` (a sha or ``rev:path``), or None."""
        assert self.proc and self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(spec.encode("utf-8") + b"\n")
        self.proc.stdin.flush()
        return _answer(self.proc.stdout)

    def read(self, spec: str) -> bytes | None:
        """Contents of ``spec`` (a sha or ``rev:path``), or None if it does not exist."""
        found = self.get(spec)
        return found[2] if found else None


def read_objects(root: Path, specs: list[str]) -> Iterator[Object | None]:
    """Each of ``specs`` (shas or ``rev:path``) in order: (sha, type, data), or None if missing."""
    if not specs:
        return
    proc = _start(root)
    assert proc.stdin is not None and proc.stdout is not None

    def feed() -> None:
        assert proc.stdin is not None
        try:
            proc.stdin.write(("\n".join(specs) + "\n").encode("utf-8"))
            proc.stdin.close()
        except OSError:  # git went away; the reader sees the end of its output
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        for _ in specs:
            yield _answer(proc.stdout)
    finally:
        proc.kill()
        writer.join()
        proc.stdout.close()
        proc.wait()


def read_blobs(root: Path, shas: list[str]) -> Iterator[bytes]:
    """The contents of ``shas`` in order; a missing one is an error (the store is damaged)."""
    for sha, found in zip(shas, read_objects(root, shas)):
        if found is None:
            raise GitError(f"git object {sha} is missing from the store at {root}")
        yield found[2]


def _start(root: Path) -> subprocess.Popen:
    return subprocess.Popen(["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, env=environment())


def _answer(out: IO[bytes]) -> Object | None:
    """One answer of ``git cat-file --batch``: header line, content, newline."""
    header = out.readline().split()
    if len(header) < 3 or header[1] == b"missing":
        return None
    data = out.read(int(header[2]))
    out.read(1)
    return header[0].decode(), header[1].decode(), data
